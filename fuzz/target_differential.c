/*
 * Fuzz target (c), differential: one operation stream on the faithful
 * machine; every pglist is also run on a clone of it taken just before,
 * under each other strategy.  Results must be identical page for page;
 * between faithful and fixed the only allowed difference is the one the
 * core's contract states: fixed finds a run that straddles the hint of
 * a segment searched earlier.  Plus every check of faithful_ops.
 */
#include "harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	harness_fuzz_init("differential");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	harness_fuzz_one(data, size);
	return 0;
}
