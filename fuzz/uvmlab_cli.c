/*
 * uvmlab: the command-line tool.
 *
 *   uvmlab run [--stats] [--no-validate] [--strategy S] FILE...
 *                                              S overrides the files' strategy
 *   uvmlab run --kernel FILE...                on the built-in uvm_pglist.c (a build
 *                                              with UVMLAB_KERNEL_PGLIST)
 *   uvmlab run --trace [--target T] INPUT...   every fuzz check, each op traced
 *   uvmlab decode [--target T] INPUT           a binary input as a scenario (bad_input:
 *                                              its calls, each with its verdict)
 *   uvmlab encode SCENARIO                     a scenario's binary form, to stdout
 *   uvmlab strategies                          the strategies and their properties
 *   uvmlab targets                             the fuzz targets: "NAME ops|calls|kernel"
 *                                              a line (kernel: a kernel source's build)
 *   uvmlab limits                              the core's limits, "NAME VALUE" a line
 *
 * FILE "-" reads stdin.  An INPUT ending in .scn is a text scenario;
 * anything else is a binary fuzz input.
 */
#define _DEFAULT_SOURCE /* open_memstream */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "bad_input.h"
#include "codec.h"
#include "files.h"
#include "harness.h"
#include "run.h"
#include "uvmlab/stats.h"

static int
usage(void)
{
	fputs("usage: uvmlab run [--stats] [--no-validate] [--strategy S] FILE...   (- reads stdin)\n"
	      "       uvmlab run --kernel FILE...\n"
	      "       uvmlab run --trace [--target T] INPUT...\n"
	      "       uvmlab decode [--target T] INPUT\n"
	      "       uvmlab encode SCENARIO > INPUT\n"
	      "       uvmlab strategies   (name, wrap rule, index: one line each)\n"
	      "       uvmlab targets      (the fuzz targets)\n"
	      "       uvmlab limits       (the limits the core checks)\n"
	      "targets:",
	      stderr);
	for (size_t i = 0; harness_target_name(i) != NULL; i++)
		fprintf(stderr, " %s", harness_target_name(i));
	fputs("\nstrategies:", stderr);
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++)
		fprintf(stderr, " %s", uvmlab_strategy_name((enum uvmlab_strategy)s));
	fputc('\n', stderr);
	return EXIT_USAGE;
}

static bool
is_text(const char *path)
{
	size_t n = strlen(path);
	return strcmp(path, "-") == 0 || (n > 4 && strcmp(path + n - 4, ".scn") == 0);
}

static int
trace_one(const char *path, const struct harness_config *cfg)
{
	struct harness_counts counts = {0};
	int status;

	if (is_text(path)) {
		FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
		if (fp == NULL) {
			fprintf(stderr, "%s: cannot open\n", path);
			return EXIT_USAGE;
		}
		status = harness_run_text(fp, path, cfg, &counts);
		if (fp != stdin)
			fclose(fp);
	} else {
		size_t len;
		uint8_t *buf = file_read(path, &len);
		if (buf == NULL) {
			fprintf(stderr, "%s: cannot read\n", path);
			return EXIT_USAGE;
		}
		status = harness_run_binary(buf, len, cfg, &counts);
		free(buf);
	}
	if (status == 0 && cfg->entry_points)
		printf("# %s: every call met its specification\n", path);
	else if (status == 0)
		printf("# %s: every check held (%llu ops, %llu straddle ENOMEMs allowed%s)\n", path,
		       (unsigned long long)counts.ops, (unsigned long long)counts.straddles,
		       counts.seed_flaws > 0 ? ", seed flaws allowed" : "");
	return status;
}

/* Parse `--target T` at argv[*i]; false on a bad target. */
static bool
target_arg(int argc, char **argv, int *i, struct harness_config *cfg)
{
	if (*i + 1 >= argc || !harness_config_for(argv[*i + 1], cfg))
		return false;
	(*i)++;
	return true;
}

static int
cmd_run(int argc, char **argv)
{
	struct run_options opt = {0};
	struct harness_config cfg = {.target = "run"};
	bool trace = false;
	int i, status = EXIT_OK;

	for (i = 0; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--stats") == 0)
			opt.stats = true;
		else if (strcmp(argv[i], "--no-validate") == 0)
			opt.no_validate = true;
		else if (strcmp(argv[i], "--trace") == 0)
			trace = true;
		else if (strcmp(argv[i], "--kernel") == 0)
			opt.kernel = true;
		else if (strcmp(argv[i], "--strategy") == 0) {
			if (i + 1 == argc || uvmlab_strategy_parse(argv[++i], &opt.strategy) != 0)
				return usage();
			opt.override_strategy = true;
		}
		else if (strcmp(argv[i], "--target") != 0 || !target_arg(argc, argv, &i, &cfg))
			return usage();
	}
	if (i == argc || (cfg.target != NULL && strcmp(cfg.target, "run") != 0 && !trace))
		return usage(); /* --target applies to --trace only */
	if (opt.kernel && (trace || opt.override_strategy))
		return usage(); /* --kernel runs the kernel alone */
	cfg.trace = stdout;
	cfg.validate_each = true;
	for (; i < argc; i++) {
		int st = trace ? trace_one(argv[i], &cfg) : run_file(argv[i], &opt);
		if (st > status)
			status = st;
	}
	return status;
}

static int
cmd_decode(int argc, char **argv)
{
	struct harness_config cfg = {0};
	int i = 0;

	if (argc > 0 && strcmp(argv[0], "--target") == 0) {
		if (!target_arg(argc, argv, &i, &cfg))
			return usage();
		i++;
	}
	if (i + 1 != argc)
		return usage();
	size_t len;
	uint8_t *buf = file_read(argv[i], &len);
	if (buf == NULL) {
		fprintf(stderr, "%s: cannot read\n", argv[i]);
		return EXIT_USAGE;
	}
	if (cfg.entry_points) {
		/* calls, not operations: their arguments follow the machine's
		 * state, so they are printed as they run */
		int status = bad_input_run(buf, len, stdout, false);
		free(buf);
		return status;
	}
	struct scenario sc;
	scenario_init(&sc);
	/* under a target, decode as the target runs it: results steer decoding */
	enum uvmlab_strategy st = UVMLAB_STRAT_FIXED;
	if (cfg.target != NULL) {
		struct producer p;
		producer_init(&p, buf, len);
		if (codec_decode_header(&p, &sc))
			st = harness_run_strategy(&cfg, sc.params.strategy);
		scenario_fini(&sc);
		scenario_init(&sc);
	}
	int error = codec_decode_scenario(buf, len, cfg.target != NULL ? &st : NULL, &sc);
	if (error == 0)
		codec_print_scenario(&sc, stdout);
	else if (error == EPROTO)
		fprintf(stderr,
			"%s: binary format version %u, but this uvmlab reads version %d only "
			"(re-encode the input's scenario with the uvmlab that wrote it)\n",
			argv[i], len > 0 ? buf[0] : 0, CODEC_VERSION);
	else
		fprintf(stderr, "%s: cannot decode: %s\n", argv[i], uvmlab_errno_name(error));
	free(buf);
	scenario_fini(&sc);
	return error == 0 ? EXIT_OK : EXIT_USAGE;
}

static int
cmd_encode(int argc, char **argv)
{
	struct scenario sc;
	char err[512];

	if (argc != 1)
		return usage();
	FILE *fp = strcmp(argv[0], "-") == 0 ? stdin : fopen(argv[0], "r");
	if (fp == NULL) {
		fprintf(stderr, "%s: cannot open\n", argv[0]);
		return EXIT_USAGE;
	}
	scenario_init(&sc);
	int st = scenario_parse(fp, argv[0], &sc, err, sizeof(err));
	if (fp != stdin)
		fclose(fp);
	/* encode into memory first: a later line may have no binary form */
	char *bin = NULL;
	size_t binlen = 0;
	FILE *mem = st == 0 ? open_memstream(&bin, &binlen) : NULL;
	if (st == 0 && (mem == NULL || codec_encode_scenario(&sc, mem, err, sizeof(err)) != 0))
		st = -1;
	if (mem != NULL)
		fclose(mem);
	if (st == 0)
		fwrite(bin, 1, binlen, stdout);
	free(bin);
	if (st != 0)
		fprintf(stderr, "%s: %s\n", argv[0], err);
	scenario_fini(&sc);
	return st == 0 ? EXIT_OK : EXIT_USAGE;
}

/* One line per strategy: name, wrap rule, index.  Scripts read it. */
static int
cmd_strategies(void)
{
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
		struct uvmlab_strategy_info info;
		uvmlab_strategy_info((enum uvmlab_strategy)s, &info);
		printf("%s %s %s\n", info.name,
		       info.wrap == UVMLAB_WRAP_ENDS_BY_HINT ? "wrap-ends-by-hint" : "wrap-below-first",
		       info.has_index ? "index" : "no-index");
	}
	return EXIT_OK;
}

static int
cmd_targets(void)
{
	for (size_t i = 0; harness_target_name(i) != NULL; i++) {
		struct harness_config cfg;
		harness_config_for(harness_target_name(i), &cfg);
		printf("%s %s\n", cfg.target,
		       cfg.entry_points ? "calls" : cfg.kernel ? "kernel" : "ops");
	}
	return EXIT_OK;
}

/* The limits the core checks, for the seed and dictionary generator. */
static int
cmd_limits(void)
{
	const struct {
		const char *name;
		uint64_t value;
	} limits[] = {
		{"PAGE_SIZE", PAGE_SIZE},
		{"PFN_LIMIT", UVMLAB_PFN_LIMIT},
		{"NPAGES_LIMIT", UVMLAB_NPAGES_LIMIT},
		{"SEG_PAGES_MAX", UVMLAB_SEG_PAGES_MAX},
		{"PHYSSEG_MAX", UVMLAB_PHYSSEG_MAX},
		{"FREELIST_MAX", UVMLAB_FREELIST_MAX},
		{"COLOR_MAX", UVMLAB_COLOR_MAX},
		{"BUCKET_MAX", UVMLAB_BUCKET_MAX},
		{"STRATEGIES", UVMLAB_STRAT_COUNT},
		{"COUNTERS", UVMLAB_STAT_COUNT},
		{"EVENT_RING", UVMLAB_EVENT_RING},
		{"INT_MAX", INT_MAX},
	};
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
		printf("%s %llu\n", limits[i].name, (unsigned long long)limits[i].value);
	return EXIT_OK;
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "strategies") == 0)
		return cmd_strategies();
	if (argc == 2 && strcmp(argv[1], "targets") == 0)
		return cmd_targets();
	if (argc == 2 && strcmp(argv[1], "limits") == 0)
		return cmd_limits();
	if (argc >= 2 && strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "decode") == 0)
		return cmd_decode(argc - 2, argv + 2);
	if (argc >= 2 && strcmp(argv[1], "encode") == 0)
		return cmd_encode(argc - 2, argv + 2);
	return usage();
}
