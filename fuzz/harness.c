/* The fuzz harness; see harness.h. */
#include <stdlib.h>
#include <string.h>

#include "bad_input.h"
#include "grow.h"
#include "harness.h"
#include "kernel_session.h"
#include "layout_cache.h"
#include "run.h"
#include "uvmlab/stats.h"

struct harness {
	const struct harness_config *cfg;
	struct harness_counts *counts;
	const struct scenario *sc; /* set-up, for reports */
	struct session s;
	struct shadow *sh; /* the layout cache's */
	struct op_result r;
	struct op *done; /* operations run so far, for the report */
	size_t ndone, cap;
	/* differential: every other strategy on a live machine of its own */
	struct session others[UVMLAB_STRAT_COUNT];
	struct op_result others_r[UVMLAB_STRAT_COUNT]; /* their results, buffers
							  kept op to op */
	unsigned nothers;
	/* kernel_vs_model: the real uvm_pglist.c's machine, compared with
	 * the model's after every op until a call it is not given */
	struct kernel_session ks;
	struct op_result kernel_r;
	bool kernel_compared;
	char why[512];
};

static const struct target_row {
	const char *name;
	struct harness_config cfg;
} targets[] = {
	{"fixed_ops", {.mended_only = true, .strategy = UVMLAB_STRAT_FIXED}},
	{"faithful_ops", {.force_strategy = true, .strategy = UVMLAB_STRAT_FAITHFUL}},
	{"differential",
	 {.force_strategy = true, .strategy = UVMLAB_STRAT_FIXED, .differential = true}},
	{"bad_input", {.entry_points = true}},
	{"kernel_vs_model", {.force_strategy = true, .strategy = UVMLAB_STRAT_FAITHFUL, .kernel = true}},
};

/* A kernel target is offered only by a build with a kernel source. */
static bool
built(const struct target_row *t)
{
	return !t->cfg.kernel || kernel_source() != NULL;
}

const char *
harness_target_name(size_t i)
{
	for (size_t k = 0; k < sizeof(targets) / sizeof(targets[0]); k++) {
		if (built(&targets[k]) && i-- == 0)
			return targets[k].name;
	}
	return NULL;
}

bool
harness_config_for(const char *target, struct harness_config *cfg)
{
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		if (strcmp(target, targets[i].name) == 0) {
			*cfg = targets[i].cfg;
			cfg->target = targets[i].name;
			return true;
		}
	}
	return false;
}

static struct uvmlab_strategy_info
strategy_info(enum uvmlab_strategy s)
{
	struct uvmlab_strategy_info info = {0};

	uvmlab_strategy_info(s, &info);
	return info;
}

enum uvmlab_strategy
harness_run_strategy(const struct harness_config *cfg, enum uvmlab_strategy input)
{
	if (cfg->force_strategy)
		return cfg->strategy;
	if (cfg->mended_only && strategy_info(input).wrap != UVMLAB_WRAP_BELOW_FIRST)
		return cfg->strategy;
	return input;
}

/* The report: what failed, then a scenario that reproduces it. */
static int
report(struct harness *h, const char *check)
{
	const struct harness_config *cfg = h->cfg;
	struct scenario shown = *h->sc;

	fflush(stdout);
	shown.params.strategy = harness_run_strategy(cfg, shown.params.strategy);
	fprintf(stderr, "uvmlab: %s: %s failed: %s\n", cfg->target ? cfg->target : "run", check,
		h->why);
	if (cfg->target != NULL && strcmp(cfg->target, "run") != 0)
		fprintf(stderr, "--- scenario reproducing it (uvmlab run --trace --target %s FILE):\n",
			cfg->target);
	else
		fprintf(stderr, "--- scenario reproducing it (uvmlab run --trace FILE):\n");
	scenario_print_setup(&shown, stderr);
	for (size_t i = 0; i < h->ndone; i++) {
		op_print(&h->done[i], stderr);
		fputc('\n', stderr);
	}
	if (h->s.m != NULL) {
		fprintf(stderr, "--- recent core events, oldest first:\n");
		uvmlab_events_print(h->s.m, stderr);
	}
	if (cfg->abort_on_failure)
		abort();
	return EXIT_INVARIANT;
}

static int
remember(struct harness *h, const struct op *op)
{
	if (grow((void **)&h->done, &h->cap, h->ndone + 1, sizeof(*op)) != 0)
		return -1;
	h->done[h->ndone++] = *op;
	return 0;
}

/* A copy of the session on a machine cloned with another strategy. */
static bool
session_clone(const struct session *s, enum uvmlab_strategy st, struct session *out)
{
	*out = *s;
	out->lent = false;
	if (uvmlab_machine_clone(s->m, st, &out->m) != 0)
		return false;
	out->holders = malloc((s->cap + 1) * sizeof(*out->holders));
	if (out->holders == NULL) {
		uvmlab_machine_destroy(out->m);
		return false;
	}
	if (s->nholders > 0)
		memcpy(out->holders, s->holders, s->nholders * sizeof(*out->holders));
	out->cap = s->cap + 1;
	return true;
}

/* Did a pglist's pages come from the waitok fallback?  The core says so
 * (uvmlab_pglist_fallback); no other op sets it. */
static bool
fell_back(const struct op_result *r)
{
	return r->error == 0 && r->fell_back;
}

/* Do two results say the same: error, pages in order, value, bytes? */
static bool
same_result(const struct op_result *a, const struct op_result *b)
{
	return a->error == b->error && a->npfns == b->npfns &&
	       (a->npfns == 0 || memcmp(a->pfns, b->pfns, a->npfns * sizeof(*a->pfns)) == 0) &&
	       a->value_kind == b->value_kind && a->value == b->value && a->nbytes == b->nbytes &&
	       (a->nbytes == 0 || memcmp(a->bytes, b->bytes, a->nbytes) == 0);
}

/* other takes the primary's state again; without host memory for the
 * copy, it stops being compared. */
static void
resync(struct harness *h, struct session *other, enum uvmlab_strategy st)
{
	struct session again;
	bool cloned = session_clone(&h->s, st, &again);

	session_fini(other);
	if (cloned)
		*other = again;
	else
		other->m = NULL;
}

/* Do the machines' hints and free counts agree? */
static bool
same_hints(const struct session *a, const struct session *b)
{
	struct uvmlab_seginfo sa, sb;

	if (uvmlab_free_pages(a->m) != uvmlab_free_pages(b->m))
		return false;
	for (unsigned i = 0; i < uvmlab_nsegs(a->m); i++) {
		if (uvmlab_seginfo(a->m, i, &sa) != 0 || uvmlab_seginfo(b->m, i, &sb) != 0 ||
		    sa.start_hint != sb.start_hint)
			return false;
	}
	return true;
}

/*
 * Run op on the live machine others[i] too, its result into others_r[i].
 * That result must meet its own strategy's specification, and equal the
 * primary's (fixed's), hints and free count included.  A strategy with rev 1.89's wrap may differ only
 * as the straddle flaw explains; its machine then takes the primary's
 * state again (it keeps no index, so nothing it built is lost).
 */
static int
differential(struct harness *h, unsigned i, const struct op *op,
	     const struct judge_before *before)
{
	struct session *other = &h->others[i];
	enum uvmlab_strategy st = uvmlab_machine_params(other->m)->strategy;
	struct judge_before as_other = *before;
	struct op_result *r2 = &h->others_r[i];

	exec_op(other, op, r2);
	as_other.params.strategy = st;
	/* the same pages, from the search or the fallback alike, under the
	 * same wrap rule get the primary's verdict: judge only where the
	 * answer differs */
	bool same_spec = strategy_info(st).wrap == strategy_info(h->cfg->strategy).wrap;
	bool same_answer = same_result(r2, &h->r) && fell_back(r2) == fell_back(&h->r);
	enum verdict v = VERDICT_OK;
	if ((!same_spec || !same_answer) &&
	    (v = judge_op(&as_other, h->sh, op, r2, NULL, h->why, sizeof(h->why))) == VERDICT_BUG)
		return report(h, "differential (the other strategy's own oracle)");
	bool same = same_result(r2, &h->r) && same_hints(other, &h->s);
	bool explained = !same && strategy_info(st).wrap != strategy_info(h->cfg->strategy).wrap &&
			 h->r.error == 0 && !fell_back(&h->r) &&
			 judge_straddle_explains(before, h->r.pfns, h->r.npfns,
						 r2->error == 0 ? r2->pfns : NULL,
						 fell_back(r2));
	op_explain_fn *explain = op_table[op->code]->explain;
	if (v == VERDICT_SEED_FLAW && explain != NULL) {
		/* the flaw changes only what the op's explanation names: its
		 * answer, its pages, its free count, each exactly */
		const struct flaw_pair fp = {&h->s, other, &h->r, r2};
		if (!explain(before, h->sh, op, &fp, h->why, sizeof(h->why)))
			return report(h, "differential (a seed flaw not as the seed has it)");
		h->counts->differential_flaws++;
		resync(h, other, st);
	} else if (explained) {
		h->counts->differential_straddles++;
		resync(h, other, st);
	} else if (!same) {
		snprintf(h->why, sizeof(h->why),
			 "%s gave %s (%zu pages from pfn %u), %s gave %s (%zu pages from pfn %u)%s",
			 uvmlab_strategy_name(h->cfg->strategy), uvmlab_errno_name(h->r.error),
			 h->r.npfns, h->r.npfns ? h->r.pfns[0] : 0, uvmlab_strategy_name(st),
			 uvmlab_errno_name(r2->error), r2->npfns, r2->npfns ? r2->pfns[0] : 0,
			 same_result(r2, &h->r) ? ", with different hints or free counts"
						: ", not explained by the straddle flaw");
		return report(h, "differential");
	}
	return 0;
}

/*
 * Run op on the real uvm_pglist.c's machine too: its answer, start hints
 * and free counts must equal the model's exactly.  A call the kernel is
 * not given (KERNEL_NOT_MADE), or an assertion of rev 1.89 that the
 * model documents, ends the comparison for the rest of the input.
 */
static int
kernel_compare(struct harness *h, const struct op *op)
{
	struct op_result *kr = &h->kernel_r;

	kernel_exec(&h->ks, op, kr);
	if (h->cfg->trace != NULL && kr->error == KERNEL_NOT_MADE)
		fputs("  kernel: not made (beyond the model's contract)\n", h->cfg->trace);
	else if (h->cfg->trace != NULL && kr->error == KERNEL_ASSERTED)
		fprintf(h->cfg->trace, "  kernel: stopped: %s\n", kernel_assert_message());
	else if (h->cfg->trace != NULL) {
		fputs("  kernel: ", h->cfg->trace);
		print_result_line(op, kr, h->cfg->trace);
	}
	if (kr->error == KERNEL_NOT_MADE ||
	    (kr->error == KERNEL_ASSERTED && kernel_assert_documented(kernel_assert_message()))) {
		h->counts->kernel_stopped++;
		h->kernel_compared = false;
		return 0;
	}
	if (kr->error == KERNEL_ASSERTED) {
		snprintf(h->why, sizeof(h->why), "%s", kernel_assert_message());
		return report(h, "kernel in the loop (the kernel source stopped)");
	}
	if (kr->check_failed) {
		snprintf(h->why, sizeof(h->why), "%s", kr->why);
		return report(h, "kernel in the loop (the shim's check)");
	}
	if (!same_result(kr, &h->r)) {
		snprintf(h->why, sizeof(h->why),
			 "the model gave %s (%zu pages from pfn %u), the kernel %s (%zu pages from "
			 "pfn %u)",
			 uvmlab_errno_name(h->r.error), h->r.npfns, h->r.npfns ? h->r.pfns[0] : 0,
			 uvmlab_errno_name(kr->error), kr->npfns, kr->npfns ? kr->pfns[0] : 0);
		return report(h, "kernel in the loop (the answer)");
	}
	if (!kernel_same_state(h->s.m, h->why, sizeof(h->why)))
		return report(h, "kernel in the loop (the machine after the call)");
	return 0;
}

static int
step(struct harness *h, const struct op *op)
{
	struct judge_before before;
	struct churn churn = {0};
	int status = 0;

	if (h->cfg->kernel && !kernel_runs(op)) {
		h->counts->kernel_ops_not_run++;
		return 0;
	}
	if (remember(h, op) != 0)
		return 0;
	h->counts->ops++;
	judge_capture(&h->s, op, &before);
	exec_op(&h->s, op, &h->r);
	if (h->cfg->trace != NULL) {
		print_result_line(op, &h->r, h->cfg->trace);
		fflush(h->cfg->trace);
	}

	enum verdict v = judge_op(&before, h->sh, op, &h->r, &churn, h->why, sizeof(h->why));
	if (v == VERDICT_BUG) {
		char check[OP_NAME_MAX + 8];
		snprintf(check, sizeof(check), "%s oracle", op_table[op->code]->name);
		status = report(h, check);
	}
	if (v == VERDICT_STRADDLE)
		h->counts->straddles++;
	if (v == VERDICT_SEED_FLAW)
		h->counts->seed_flaws++;
	for (unsigned i = 0; i < h->nothers && status == 0; i++) {
		if (h->others[i].m != NULL)
			status = differential(h, i, op, &before);
	}
	if (status == 0 && h->r.check_failed) {
		snprintf(h->why, sizeof(h->why), "%s", h->r.why);
		status = report(h, "check");
	}
	if (status == 0 &&
	    (!shadow_apply(h->sh, &h->s, op, &h->r, &churn, h->why, sizeof(h->why)) ||
	     !shadow_compare(h->sh, &h->s, false, h->why, sizeof(h->why))))
		status = report(h, "shadow model");
	churn_fini(&churn);
	if (status == 0 && h->kernel_compared)
		status = kernel_compare(h, op);
	if (status != 0)
		return status;
	if (h->cfg->validate_each && !uvmlab_validate(h->s.m, h->why, sizeof(h->why)))
		return report(h, "validator");
	return 0;
}

/* codec_op_fn: one decoded operation, run and checked. */
static int
step_op(void *ctx, const struct op *op)
{
	return step(ctx, op);
}

static int
finish(struct harness *h)
{
	if (!shadow_compare(h->sh, &h->s, true, h->why, sizeof(h->why)))
		return report(h, "shadow model (full)");
	if (!uvmlab_validate(h->s.m, h->why, sizeof(h->why)))
		return report(h, "validator (full)");
	for (unsigned i = 0; i < h->nothers; i++) {
		if (h->others[i].m != NULL && !uvmlab_validate(h->others[i].m, h->why, sizeof(h->why)))
			return report(h, "validator (full, differential machine)");
	}
	return 0;
}

/* The machines of sc (the layout cache's) and its shadow: 0, or an
 * error with err saying why. */
static int
begin(struct harness *h, const struct scenario *sc, const struct harness_config *cfg,
      struct harness_counts *counts, char *err, size_t errlen)
{
	enum uvmlab_strategy primary = harness_run_strategy(cfg, sc->params.strategy);
	struct uvm_machine *m;

	memset(h, 0, sizeof(*h));
	h->cfg = cfg;
	h->counts = counts;
	h->sc = sc;
	counts->inputs++;
	int error = layout_cache_machine(sc, primary, &m, err, errlen);
	if (error != 0)
		return error;
	session_init_lent(&h->s, m);
	result_init(&h->r);
	if ((error = layout_cache_shadow(sc, m, &h->sh)) != 0) {
		snprintf(err, errlen, "input: no shadow (host memory, or a top pfn above %u)",
			 SHADOW_TOP_MAX);
		return error;
	}
	if (cfg->kernel) {
		result_init(&h->kernel_r);
		if ((error = kernel_session_begin(&h->ks, sc, err, errlen)) != 0)
			return error;
		h->kernel_compared = true;
	}
	for (unsigned st = 0; cfg->differential && st < UVMLAB_STRAT_COUNT; st++) {
		if (st != (unsigned)primary &&
		    layout_cache_machine(sc, (enum uvmlab_strategy)st, &m, err, errlen) == 0)
			session_init_lent(&h->others[h->nothers++], m);
	}
	return 0;
}

static void
end(struct harness *h)
{
	for (unsigned i = 0; i < h->nothers; i++) {
		if (h->others[i].m != NULL)
			session_fini(&h->others[i]);
		result_fini(&h->others_r[i]);
	}
	if (h->cfg->kernel) {
		h->counts->kernel_waits += kernel_waits();
		h->counts->kernel_absent_reads += kernel_absent_reads();
		kernel_session_end(&h->ks);
		result_fini(&h->kernel_r);
	}
	result_fini(&h->r);
	session_fini(&h->s);
	free(h->done);
	layout_cache_done(h->sc);
}

int
harness_run_binary(const uint8_t *data, size_t size, const struct harness_config *cfg,
		   struct harness_counts *counts)
{
	struct producer p;
	struct scenario sc;
	struct harness h;

	if (cfg->entry_points) {
		counts->inputs++;
		return bad_input_run(data, size, cfg->trace, cfg->abort_on_failure);
	}
	producer_init(&p, data, size);
	scenario_init(&sc);
	/* an input of another format version is skipped, never misread */
	if (!codec_decode_header(&p, &sc)) {
		counts->skipped_versions++;
		return 0;
	}
	/* the decoder makes only layouts the core must accept (codec.h), so
	 * any failure is a finding, ENOMEM too: its largest machine needs a
	 * few MiB, and under the fuzzers' sanitizers a host allocation that
	 * fails aborts before it could return NULL */
	char err[256];
	if (begin(&h, &sc, cfg, counts, err, sizeof(err)) != 0) {
		snprintf(h.why, sizeof(h.why), "%s", err);
		return report(&h, "machine set-up (a layout the decoder made valid)");
	}
	sc.params.strategy = harness_run_strategy(cfg, sc.params.strategy);
	int status = codec_decode_ops(&p, &h.s, scenario_print_setup(&sc, NULL), step_op, &h);
	if (status == 0)
		status = finish(&h);
	end(&h);
	return status;
}

int
harness_run_text(FILE *fp, const char *fname, const struct harness_config *cfg,
		 struct harness_counts *counts)
{
	struct scenario sc;
	struct harness h;
	char err[512];
	int status = 0;

	if (cfg->entry_points) {
		fprintf(stderr, "%s: %s's inputs are binary only\n", fname, cfg->target);
		return EXIT_USAGE;
	}
	scenario_init(&sc);
	if (scenario_parse(fp, fname, &sc, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		scenario_fini(&sc);
		return EXIT_USAGE;
	}
	sc.params.strategy = harness_run_strategy(cfg, sc.params.strategy);
	if (begin(&h, &sc, cfg, counts, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		scenario_fini(&sc);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < sc.nops && status == 0; i++)
		status = step(&h, &sc.ops[i]);
	if (status == 0)
		status = finish(&h);
	end(&h);
	scenario_fini(&sc);
	return status;
}

/* Per process, for the exit summary of a fuzz target. */
static struct harness_counts fuzz_counts;
static struct harness_config fuzz_cfg;
static const char *fuzz_target;

static void
print_fuzz_counts(void)
{
	fprintf(stderr,
		"uvmlab %s: %llu inputs, %llu operations, %llu straddle ENOMEMs (allowed under "
		"faithful), %llu fixed-vs-faithful differences explained by the straddle, %llu "
		"seed flaws met (allowed under faithful), %llu explained in differential, %llu "
		"inputs of another format version skipped%s",
		fuzz_target, (unsigned long long)fuzz_counts.inputs,
		(unsigned long long)fuzz_counts.ops, (unsigned long long)fuzz_counts.straddles,
		(unsigned long long)fuzz_counts.differential_straddles,
		(unsigned long long)fuzz_counts.seed_flaws,
		(unsigned long long)fuzz_counts.differential_flaws,
		(unsigned long long)fuzz_counts.skipped_versions, fuzz_cfg.kernel ? "" : "\n");
	if (fuzz_cfg.kernel)
		fprintf(stderr,
			", %llu operations the kernel does not run skipped, %llu inputs whose "
			"comparison a call not made or a documented assertion ended, %llu uvm_wait "
			"calls, %llu reads of a pfn in no segment\n",
			(unsigned long long)fuzz_counts.kernel_ops_not_run,
			(unsigned long long)fuzz_counts.kernel_stopped,
			(unsigned long long)fuzz_counts.kernel_waits,
			(unsigned long long)fuzz_counts.kernel_absent_reads);
}


void
harness_fuzz_init(const char *target)
{
	harness_config_for(target, &fuzz_cfg);
	fuzz_cfg.abort_on_failure = true;
	fuzz_target = target;
	atexit(print_fuzz_counts);
}

void
harness_fuzz_one(const uint8_t *data, size_t size)
{
	harness_run_binary(data, size, &fuzz_cfg, &fuzz_counts);
}
