/*
 * `uvmlab run`: execute scenarios and print one line per operation.
 */
#ifndef UVMLAB_RUN_H
#define UVMLAB_RUN_H

#include <stdbool.h>

#include "uvmlab/uvm.h"

/* Exit statuses of uvmlab.  A sanitizer report exits with the
 * sanitizer's own status (1 by default), never with these. */
enum {
	EXIT_OK = 0,
	EXIT_USAGE = 2,	    /* bad command line, unreadable file, syntax error */
	EXIT_INVARIANT = 3, /* a check failed: the model broke an invariant */
	EXIT_NOT_COMPARABLE = 4, /* --strategy S on a scenario whose answers are another
				    strategy's (rev 1.89's wrap against a mended one) */
};

struct run_options {
	bool stats;	  /* print the counters after each file */
	bool no_validate; /* skip the validator after every operation */
	/* run under `strategy` instead of the file's, which must promise the
	 * same answers (else EXIT_NOT_COMPARABLE) */
	bool override_strategy;
	enum uvmlab_strategy strategy;
	bool kernel; /* on the built-in uvm_pglist.c instead (run_kernel.c) */
};

/* run_file: run one scenario file ("-": stdin).  Returns an exit status. */
int run_file(const char *path, const struct run_options *opt);

/* run_same_answers: do two strategies promise the same pages for every
 * request (the same wrap rule and seed flaws)? */
bool run_same_answers(enum uvmlab_strategy a, enum uvmlab_strategy b);

struct scenario;
/* run_kernel: a parsed scenario on the kernel machine (run_kernel.c);
 * EXIT_NOT_COMPARABLE where the kernel cannot answer as written. */
int run_kernel(const char *path, const struct scenario *sc);

#endif /* UVMLAB_RUN_H */
