/*
 * `uvmlab run --kernel`: a scenario on the real uvm_pglist.c the build
 * names (kernel_session.h), one line per operation as `uvmlab run`
 * prints them, so that a golden's expected output, or a crash input's
 * scenario, can be replayed on a developer's own file.  The kernel
 * answers as rev 1.89 does, so only a scenario written for faithful's
 * answers, using only the operations the kernel runs, is comparable.
 */
#include <stdio.h>

#include "kernel_session.h"
#include "run.h"

/* Can the kernel run sc as written?  Else say why on stderr. */
static bool
comparable(const char *path, const struct scenario *sc)
{
	if (!run_same_answers(sc->params.strategy, UVMLAB_STRAT_FAITHFUL)) {
		fprintf(stderr, "%s: written for %s, whose answers differ from rev 1.89's\n", path,
			uvmlab_strategy_name(sc->params.strategy));
		return false;
	}
	for (size_t i = 0; i < sc->nops; i++) {
		if (!kernel_runs(&sc->ops[i])) {
			fprintf(stderr, "%s:%u: the kernel in the loop does not run '%s'\n", path,
				sc->ops[i].line, op_table[sc->ops[i].code]->name);
			return false;
		}
	}
	return true;
}

int
run_kernel(const char *path, const struct scenario *sc)
{
	struct kernel_session ks;
	struct op_result r;
	char err[256];
	int status = EXIT_OK;

	if (!comparable(path, sc))
		return EXIT_NOT_COMPARABLE;
	if (kernel_session_begin(&ks, sc, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: %s\n", path, err);
		kernel_session_end(&ks);
		return EXIT_USAGE;
	}
	result_init(&r);
	for (size_t i = 0; i < sc->nops && status == EXIT_OK; i++) {
		const struct op *op = &sc->ops[i];
		kernel_exec(&ks, op, &r);
		if (r.error == KERNEL_NOT_MADE) {
			fprintf(stderr, "%s:%u: not made on the kernel: rev 1.89 mishandles it beyond "
				"the model's contract (kernel_machine.h)\n", path, op->line);
			status = EXIT_NOT_COMPARABLE;
			break;
		}
		if (r.error == KERNEL_ASSERTED || r.check_failed) {
			fflush(stdout);
			fprintf(stderr, "%s:%u: %s\n", path, op->line,
				r.check_failed ? r.why : kernel_assert_message());
			status = EXIT_INVARIANT;
			break;
		}
		print_result_line(op, &r, stdout);
	}
	result_fini(&r);
	kernel_session_end(&ks);
	return status;
}
