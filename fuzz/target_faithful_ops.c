/*
 * Fuzz target (b), faithful_ops: the same checks as fixed_ops under the
 * `faithful` strategy (rev 1.89).  An ENOMEM while a fitting run exists
 * is allowed only when every fitting run straddles its segment's hint,
 * the known flaw; such misses are counted, not reported, so a campaign
 * keeps going.  Any other false ENOMEM is a finding.
 */
#include "harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	harness_fuzz_init("faithful_ops");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	harness_fuzz_one(data, size);
	return 0;
}
