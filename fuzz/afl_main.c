/*
 * The AFL++ driver: persistent mode with shared-memory test cases and
 * deferred initialisation.  Each iteration builds a fresh machine from
 * the input (the harness keeps no state between inputs), so stability
 * stays at 100%.  Compiled only by afl-clang-fast, which defines the
 * __AFL_* macros.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional, as in libFuzzer: called once before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

__AFL_FUZZ_INIT();

int
main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	__AFL_INIT();
	unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;

	while (__AFL_LOOP(100000)) {
		int len = __AFL_FUZZ_TESTCASE_LEN;
		LLVMFuzzerTestOneInput(buf, (size_t)len);
	}
	return 0;
}
