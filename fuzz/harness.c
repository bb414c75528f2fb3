/* The fuzz harness; see harness.h. */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "harness.h"
#include "run.h"
#include "uvmlab/stats.h"

struct harness {
	const struct harness_config *cfg;
	struct harness_counts *counts;
	const struct scenario *sc; /* set-up, for reports */
	struct session s;
	struct shadow sh;
	struct op_result r;
	struct op *done; /* operations run so far, for the report */
	size_t ndone, cap;
	char why[512];
};

bool
harness_config_for(const char *target, struct harness_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->target = target;
	cfg->force_strategy = true;
	if (strcmp(target, "fixed_ops") == 0) {
		cfg->strategy = UVMLAB_STRAT_FIXED;
	} else if (strcmp(target, "faithful_ops") == 0) {
		cfg->strategy = UVMLAB_STRAT_FAITHFUL;
	} else if (strcmp(target, "differential") == 0) {
		cfg->strategy = UVMLAB_STRAT_FAITHFUL;
		cfg->differential = true;
	} else {
		return false;
	}
	return true;
}

/* The report: what failed, then a scenario that reproduces it. */
static int
report(struct harness *h, const char *check)
{
	const struct harness_config *cfg = h->cfg;
	struct scenario shown = *h->sc;

	fflush(stdout);
	if (cfg->force_strategy)
		shown.params.strategy = cfg->strategy;
	fprintf(stderr, "uvmlab: %s: %s failed: %s\n", cfg->target ? cfg->target : "run", check,
		h->why);
	if (cfg->force_strategy)
		fprintf(stderr, "--- scenario reproducing it (uvmlab run --trace --target %s FILE):\n",
			cfg->target);
	else
		fprintf(stderr, "--- scenario reproducing it (uvmlab run --trace FILE):\n");
	scenario_print_setup(&shown, stderr);
	for (size_t i = 0; i < h->ndone; i++) {
		op_print(&h->done[i], stderr);
		fputc('\n', stderr);
	}
	fprintf(stderr, "--- recent core events, oldest first:\n");
	uvmlab_events_print(h->s.m, stderr);
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

/* Did a pglist's pages come from the waitok fallback?  They keep
 * uvm_pagealloc's PG_FAKE; the search's are PG_CLEAN only. */
static bool
fell_back(const struct session *s, const struct op *op, const struct op_result *r)
{
	return op->code == OP_PGLIST && r->error == 0 &&
	       (uvmlab_page_flags(s->m, r->pfns[0]) & PG_FAKE) != 0;
}

/* Run the pglist on `other` (cloned before the primary ran it): its
 * result must meet its own strategy's specification, and differ from
 * the primary's only as the straddle flaw explains. */
static int
differential(struct harness *h, struct session *other, const struct op *op,
	     const struct judge_before *before)
{
	enum uvmlab_strategy st = uvmlab_machine_params(other->m)->strategy;
	struct judge_before as_other = *before;
	struct op_result r2;

	result_init(&r2);
	exec_op(other, op, &r2);
	as_other.params.strategy = st;
	if (judge_op(&as_other, &h->sh, op, &r2, fell_back(other, op, &r2), h->why,
		     sizeof(h->why)) == VERDICT_BUG) {
		result_fini(&r2);
		return report(h, st == UVMLAB_STRAT_FIXED ? "differential (fixed's oracle)"
							  : "differential (other strategy's oracle)");
	}
	bool same = r2.error == h->r.error && r2.npfns == h->r.npfns &&
		    (r2.npfns == 0 || memcmp(r2.pfns, h->r.pfns, r2.npfns * sizeof(*r2.pfns)) == 0);
	bool explained = !same && r2.error == 0 && st == UVMLAB_STRAT_FIXED &&
			 !fell_back(other, op, &r2) &&
			 judge_straddle_explains(before, r2.pfns, r2.npfns,
						 h->r.error == 0 ? h->r.pfns : NULL,
						 fell_back(&h->s, op, &h->r));
	if (explained)
		h->counts->differential_straddles++;
	if (!same && !explained)
		snprintf(h->why, sizeof(h->why),
			 "%s gave %s (%zu pages from pfn %u), %s gave %s (%zu pages from pfn %u), "
			 "not explained by the straddle flaw",
			 uvmlab_strategy_name(h->cfg->strategy), uvmlab_errno_name(h->r.error),
			 h->r.npfns, h->r.npfns ? h->r.pfns[0] : 0, uvmlab_strategy_name(st),
			 uvmlab_errno_name(r2.error), r2.npfns, r2.npfns ? r2.pfns[0] : 0);
	result_fini(&r2);
	return same || explained ? 0 : report(h, "differential");
}

static int
step(struct harness *h, const struct op *op)
{
	struct judge_before before;
	struct session others[UVMLAB_STRAT_COUNT];
	unsigned nothers = 0;
	int status = 0;

	if (remember(h, op) != 0)
		return 0;
	h->counts->ops++;
	judge_capture(&h->s, op, &before);
	if (op->code == OP_PGLIST) {
		for (unsigned st = 0; h->cfg->differential && st < UVMLAB_STRAT_COUNT; st++) {
			if (st != (unsigned)h->cfg->strategy &&
			    session_clone(&h->s, (enum uvmlab_strategy)st, &others[nothers]))
				nothers++;
		}
	}
	exec_op(&h->s, op, &h->r);
	if (h->cfg->trace != NULL) {
		print_result_line(op, &h->r, h->cfg->trace);
		fflush(h->cfg->trace);
	}

	enum verdict v = judge_op(&before, &h->sh, op, &h->r, fell_back(&h->s, op, &h->r), h->why,
				  sizeof(h->why));
	if (v == VERDICT_BUG)
		status = report(h, op->code == OP_PGLIST ? "pglist oracle" : "oracle");
	if (v == VERDICT_STRADDLE)
		h->counts->straddles++;
	for (unsigned i = 0; i < nothers; i++) {
		if (status == 0)
			status = differential(h, &others[i], op, &before);
		session_fini(&others[i]);
	}
	if (status != 0)
		return status;
	if (op->code == OP_CHECK && h->r.check_failed) {
		snprintf(h->why, sizeof(h->why), "%s", h->r.why);
		return report(h, "check");
	}
	if (!shadow_apply(&h->sh, &h->s, op, &h->r, h->why, sizeof(h->why)) ||
	    !shadow_compare(&h->sh, &h->s, false, h->why, sizeof(h->why)))
		return report(h, "shadow model");
	if (h->cfg->validate_each && !uvmlab_validate(h->s.m, h->why, sizeof(h->why)))
		return report(h, "validator");
	return 0;
}

static int
finish(struct harness *h)
{
	if (!shadow_compare(&h->sh, &h->s, true, h->why, sizeof(h->why)))
		return report(h, "shadow model (full)");
	if (!uvmlab_validate(h->s.m, h->why, sizeof(h->why)))
		return report(h, "validator (full)");
	return 0;
}

/* Build the machine of sc; false (not a finding) if the core rejects the
 * layout or host memory runs out. */
static bool
begin(struct harness *h, const struct scenario *sc, const struct harness_config *cfg,
      struct harness_counts *counts)
{
	struct scenario built = *sc;
	struct uvm_machine *m;
	char err[256];

	memset(h, 0, sizeof(*h));
	h->cfg = cfg;
	h->counts = counts;
	h->sc = sc;
	counts->inputs++;
	if (cfg->force_strategy)
		built.params.strategy = cfg->strategy;
	if (scenario_build(&built, "input", &m, err, sizeof(err)) != 0)
		return false;
	session_init(&h->s, m);
	result_init(&h->r);
	if (shadow_init(&h->sh, m) != 0) {
		session_fini(&h->s);
		return false;
	}
	return true;
}

static void
end(struct harness *h)
{
	shadow_fini(&h->sh);
	result_fini(&h->r);
	session_fini(&h->s);
	free(h->done);
}

int
harness_run_binary(const uint8_t *data, size_t size, const struct harness_config *cfg,
		   struct harness_counts *counts)
{
	struct producer p;
	struct scenario sc;
	struct harness h;
	int status = 0;

	producer_init(&p, data, size);
	scenario_init(&sc);
	codec_decode_header(&p, &sc);
	if (!begin(&h, &sc, cfg, counts))
		return 0;
	if (cfg->force_strategy)
		sc.params.strategy = cfg->strategy;
	unsigned line = scenario_print_setup(&sc, NULL);
	for (unsigned n = 0; n < CODEC_MAX_OPS && !producer_empty(&p) && status == 0; n++) {
		uint8_t rec[CODEC_RECORD_BYTES];
		struct op op;
		producer_take(&p, rec, sizeof(rec));
		if (!codec_decode_op(rec, &h.s, &op))
			continue;
		op.line = ++line;
		status = step(&h, &op);
	}
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

	scenario_init(&sc);
	if (scenario_parse(fp, fname, &sc, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		scenario_fini(&sc);
		return EXIT_USAGE;
	}
	if (!begin(&h, &sc, cfg, counts)) {
		fprintf(stderr, "%s: cannot build the machine (the core rejected the layout) or its "
				"shadow (top pfn above %u)\n",
			fname, SHADOW_TOP_MAX);
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
static const char *fuzz_target;

static void
print_fuzz_counts(void)
{
	fprintf(stderr,
		"uvmlab %s: %llu inputs, %llu operations, %llu straddle ENOMEMs (allowed under "
		"faithful), %llu fixed-vs-faithful differences explained by the straddle\n",
		fuzz_target, (unsigned long long)fuzz_counts.inputs,
		(unsigned long long)fuzz_counts.ops, (unsigned long long)fuzz_counts.straddles,
		(unsigned long long)fuzz_counts.differential_straddles);
}

static struct harness_config fuzz_cfg;

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
