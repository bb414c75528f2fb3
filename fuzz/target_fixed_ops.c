/*
 * Fuzz target (a), fixed_ops: page-list and single-page operations under
 * the `fixed` strategy.  After every operation: the pglist result fits
 * its request; ENOMEM only when no fitting run exists (or the reserves
 * refuse); EINVAL exactly for invalid arguments; the shadow model agrees
 * with the core on every page touched and on the free count.  At the end:
 * the whole shadow and the core's validator.
 */
#include "harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	harness_fuzz_init("fixed_ops");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	harness_fuzz_one(data, size);
	return 0;
}
