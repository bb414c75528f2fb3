/*
 * Running a scenario: parse it whole, build its machine, then execute
 * each operation, print its line, and run the validator after it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "run.h"
#include "scenario.h"
#include "uvmlab/pool.h"
#include "uvmlab/stats.h"

static int
report_broken(const char *path, const struct op *op, const char *why, struct uvm_machine *m)
{
	fflush(stdout);
	fprintf(stderr, "%s:%u: invariant broken after '", path, op->line);
	op_print(op, stderr);
	fprintf(stderr, "': %s\nrecent core events, oldest first:\n", why);
	uvmlab_events_print(m, stderr);
	return EXIT_INVARIANT;
}

static int
run_ops(const char *path, const struct scenario *sc, struct session *s,
	const struct run_options *opt)
{
	struct op_result r;
	char why[256];
	int status = EXIT_OK;

	result_init(&r);
	for (size_t i = 0; i < sc->nops && status == EXIT_OK; i++) {
		const struct op *op = &sc->ops[i];
		exec_op(s, op, &r);
		print_result_line(op, &r, stdout);
		if (r.check_failed)
			status = report_broken(path, op, r.why, s->m);
		else if (!opt->no_validate && !uvmlab_validate(s->m, why, sizeof(why)))
			status = report_broken(path, op, why, s->m);
	}
	result_fini(&r);
	return status;
}

bool
run_same_answers(enum uvmlab_strategy a, enum uvmlab_strategy b)
{
	struct uvmlab_strategy_info ia, ib;

	return uvmlab_strategy_info(a, &ia) == 0 && uvmlab_strategy_info(b, &ib) == 0 &&
	       ia.wrap == ib.wrap && ia.seed_flaws == ib.seed_flaws;
}

int
run_file(const char *path, const struct run_options *opt)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *fp = is_stdin ? stdin : fopen(path, "r");
	struct scenario sc;
	char err[512];
	int status;

	if (fp == NULL) {
		fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}
	scenario_init(&sc);
	int perr = scenario_parse(fp, path, &sc, err, sizeof(err));
	if (!is_stdin)
		fclose(fp);
	if (perr == 0 && opt->override_strategy &&
	    !run_same_answers(sc.params.strategy, opt->strategy)) {
		fprintf(stderr, "%s: written for %s, whose answers differ from %s's (wrapped pass or "
			"seed flaws)\n", path,
			uvmlab_strategy_name(sc.params.strategy), uvmlab_strategy_name(opt->strategy));
		scenario_fini(&sc);
		return EXIT_NOT_COMPARABLE;
	}
	if (perr == 0 && opt->kernel) {
		status = run_kernel(path, &sc);
		scenario_fini(&sc);
		return status;
	}
	if (opt->override_strategy)
		sc.params.strategy = opt->strategy;
	/* RUMP_MEMLIMIT, read as rump reads it, over the scenario's own */
	const char *limit = getenv("RUMP_MEMLIMIT");
	if (perr == 0 && limit != NULL && uvmlab_memlimit_parse(limit, &sc.params.memlimit) != 0) {
		fprintf(stderr, "%s: RUMP_MEMLIMIT=%s: not a positive byte count (rump panics on 0)\n",
			path, limit);
		scenario_fini(&sc);
		return EXIT_USAGE;
	}
	struct uvm_machine *m = NULL;
	if (perr != 0 || scenario_build(&sc, path, &m, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		scenario_fini(&sc);
		return EXIT_USAGE;
	}

	struct session s;
	session_init(&s, m);
	status = run_ops(path, &sc, &s, opt);
	if (opt->stats)
		uvmlab_stats_print(s.m, stdout);
	session_fini(&s);
	scenario_fini(&sc);
	return status;
}
