/*
 * The fuzz harness: runs a scenario (binary or text) on a machine and
 * checks after every operation: the pglist judge and oracle, the shadow
 * model (incrementally; in full at the end), and the core's validator
 * (at the end, or after every op when asked).  A failure is explained as
 * the scenario that reproduces it, the check that failed, and the core's
 * recent events.
 */
#ifndef UVMLAB_HARNESS_H
#define UVMLAB_HARNESS_H

#include <stdio.h>

#include "codec.h"
#include "judge.h"
#include "scenario.h"

struct harness_config {
	const char *target;	 /* named in reports */
	bool force_strategy;	 /* run under `strategy`, else the input's own */
	bool mended_only;	 /* an input naming a strategy with rev 1.89's
				    wrap runs under `strategy` instead */
	enum uvmlab_strategy strategy;
	bool differential;	 /* run every op on a live machine per other strategy */
	bool entry_points;	 /* not an op stream: calls to every entry point
				    (bad_input.h) */
	bool kernel;		 /* also run each op the kernel runs on a real
				    uvm_pglist.c (kernel_session.h), others not
				    at all */
	bool validate_each;	 /* full validator after every operation */
	FILE *trace;		 /* print each op and its result here, or NULL */
	bool abort_on_failure;	 /* fuzzing: abort() so the engine keeps the input */
};

/* Counted across inputs: what campaigns report without stopping. */
struct harness_counts {
	uint64_t inputs, ops, straddles, differential_straddles, skipped_versions;
	uint64_t seed_flaws;	     /* VERDICT_SEED_FLAW: a seed's known flaw, allowed */
	uint64_t differential_flaws; /* other machines' seed flaws, explained */
	uint64_t kernel_ops_not_run; /* kernel_vs_model: ops the kernel does not run */
	uint64_t kernel_stopped;     /* inputs whose comparison a call not made,
					or a documented assertion, ended */
	uint64_t kernel_waits;	     /* the kernel's uvm_wait calls (shim.c) */
	uint64_t kernel_absent_reads; /* its reads of a pfn in no segment */
};

/*
 * harness_run_binary / harness_run_text: run one input.  Returns 0 when
 * every check held, EXIT_INVARIANT (run.h) after reporting a failure on
 * stderr (unless abort_on_failure), EXIT_USAGE for a text input that
 * does not parse.  Machine creation failing for lack of host memory is
 * not a finding: it returns 0.
 */
int harness_run_binary(const uint8_t *data, size_t size, const struct harness_config *cfg,
		       struct harness_counts *counts);
int harness_run_text(FILE *fp, const char *fname, const struct harness_config *cfg,
		     struct harness_counts *counts);

/* harness_config_for: the configuration of a fuzz target by name; false
 * if unknown.  The targets, one row each in harness.c, the one list of
 * them (a target's file, fuzz/target_<name>.c, only names its row):
 *   fixed_ops     the input's strategy if it mends the straddle flaw
 *                 (fixed, bitmap, fast), else fixed;
 *   faithful_ops  faithful;
 *   differential  fixed, with every other strategy on a live machine
 *                 of its own, all running every operation;
 *   bad_input     every entry point at its limits (bad_input.h);
 *   kernel_vs_model  faithful, with the ops a real uvm_pglist.c runs
 *                 run on it too and compared exactly (a build with
 *                 UVMLAB_KERNEL_PGLIST only: harness_target_name lists
 *                 it only there). */
bool harness_config_for(const char *target, struct harness_config *cfg);

/* harness_target_name: the i-th target's name, NULL past the last. */
const char *harness_target_name(size_t i);

/* harness_run_strategy: the strategy an input naming `input` runs under,
 * by the target's rule. */
enum uvmlab_strategy harness_run_strategy(const struct harness_config *cfg,
					  enum uvmlab_strategy input);

/*
 * harness_fuzz_init: set up an op-stream fuzz target once per process,
 * before the first input (LLVMFuzzerInitialize), so that no input takes
 * a first-time path: AFL++ stability stays at 100%.  Straddle misses are
 * counted and printed when the process exits.
 */
void harness_fuzz_init(const char *target);

/* harness_fuzz_one: run one input under the configuration set up by
 * harness_fuzz_init, aborting on any failure so the engine keeps it. */
void harness_fuzz_one(const uint8_t *data, size_t size);

/* UVMLAB_FUZZ_TARGET(name): the libFuzzer entry points of the target
 * named in harness.c's table, which every engine driver calls. */
#define UVMLAB_FUZZ_TARGET(name)                                               \
	int LLVMFuzzerInitialize(int *argc, char ***argv);                    \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);         \
	int LLVMFuzzerInitialize(int *argc, char ***argv)                     \
	{                                                                     \
		(void)argc;                                                   \
		(void)argv;                                                   \
		harness_fuzz_init(name);                                      \
		return 0;                                                     \
	}                                                                     \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)          \
	{                                                                     \
		harness_fuzz_one(data, size);                                 \
		return 0;                                                     \
	}

#endif /* UVMLAB_HARNESS_H */
