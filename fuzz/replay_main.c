/*
 * The replay driver: the default engine.  Feeds every file named on the
 * command line, and every file in every folder named (in name order, so
 * runs repeat), to the target once.  ctest and crash reproduction use it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional, as in libFuzzer: called once before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static void
replay(const char *file, void *ctx)
{
	size_t len;
	uint8_t *buf = file_read(file, &len);
	int *errors = ctx;

	if (buf == NULL) {
		fprintf(stderr, "replay: cannot read %s\n", file);
		(*errors)++;
		return;
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
}

int
main(int argc, char **argv)
{
	long replayed = 0;
	int errors = 0;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		long n = for_each_input(argv[i], replay, &errors);
		if (n < 0) {
			fprintf(stderr, "replay: no such file or folder: %s\n", argv[i]);
			errors++;
		} else {
			replayed += n;
		}
	}
	if (errors)
		fprintf(stderr, "replay: %d files or folders could not be read\n", errors);
	else
		printf("replayed %ld inputs, every check held\n", replayed);
	return errors ? 2 : 0;
}
