/*
 * uvmlab: the command-line tool.
 *
 *   uvmlab run [--stats] [--no-validate] FILE...   ("-" reads stdin)
 */
#include <stdio.h>
#include <string.h>

#include "run.h"

static int
usage(void)
{
	fputs("usage: uvmlab run [--stats] [--no-validate] FILE...   (- reads stdin)\n", stderr);
	return EXIT_USAGE;
}

static int
cmd_run(int argc, char **argv)
{
	struct run_options opt = {0};
	int i, status = EXIT_OK;

	for (i = 0; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (strcmp(argv[i], "--stats") == 0)
			opt.stats = true;
		else if (strcmp(argv[i], "--no-validate") == 0)
			opt.no_validate = true;
		else
			return usage();
	}
	if (i == argc)
		return usage();
	for (; i < argc; i++) {
		int st = run_file(argv[i], &opt);
		if (st > status)
			status = st;
	}
	return status;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 2, argv + 2);
	return usage();
}
