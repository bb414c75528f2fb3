/*
 * bench_latency: the latency distribution of each contiguous-search case
 * under each strategy.  Every search is timed on its own (the one timing
 * loop in C the project allows) and counted in a log-linear histogram;
 * the output is JSON with p50, p90, p99, p99.9 and max per case.
 *
 *   bench_latency [--quick | --smoke] [--budget SECONDS] [--filter TEXT]
 *
 * --filter: only the cases whose name contains TEXT (to rerun one).
 * Each case samples for --budget seconds (default 0.25) or 20000
 * samples, and at least 50 samples; `samples` says how many.
 * Like the Google Benchmark cases, a search that succeeds is timed with
 * its allocation, and the free and hint restore are not.
 *
 * The samples come in ROUNDS rounds, the strategies' rounds interleaved
 * (round 1 of each strategy, then round 2, ...), and every percentile
 * reported is the median of the rounds' own: a burst of the host's
 * noise (another tenant, a reclaim pass) that covers one round does not
 * become the case's p99, as one slow repetition does not become a
 * Google Benchmark median.  `p99_rounds_ns` lists each round's p99 and
 * `pooled_p99_ns` is the p99 of all samples together; `max_ns` is the
 * largest of all.
 *
 * A control comes last: a fixed chain of arithmetic, no memory and no
 * core code, timed the same way ("control" in the JSON).  Its spread is
 * the machine's own (interrupts, a busy sibling, a host's other
 * tenants): a search's tail above the control's says what the search
 * adds.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases.h"

/* Buckets: values below 64 ns exactly; above, 32 buckets per power of
 * two (about 3% wide).  A bucket reports its midpoint. */
#define SUB_BITS 5
#define SUB (1u << SUB_BITS)
#define NBUCKETS (64 * SUB)

struct histogram {
	uint64_t count[NBUCKETS];
	uint64_t total, max;
};

static unsigned
bucket_of(uint64_t ns)
{
	if (ns < 2 * SUB)
		return (unsigned)ns;
	unsigned top = 63 - (unsigned)__builtin_clzll(ns); /* ns in [2^top, 2^(top+1)) */
	unsigned sub = (unsigned)(ns >> (top - SUB_BITS)) & (SUB - 1);
	return (top - SUB_BITS + 1) * SUB + sub;
}

static double
bucket_mid(unsigned b)
{
	if (b < 2 * SUB)
		return b;
	unsigned top = b / SUB + SUB_BITS - 1, sub = b % SUB;
	double lo = ldexp(1.0, (int)top) * (1.0 + (double)sub / SUB);
	return lo + ldexp(1.0, (int)top) / SUB / 2;
}

static void
record(struct histogram *h, uint64_t ns)
{
	h->count[bucket_of(ns)]++;
	h->total++;
	h->max = ns > h->max ? ns : h->max;
}

static double
percentile(const struct histogram *h, double q)
{
	uint64_t want = (uint64_t)ceil(q * (double)h->total), seen = 0;

	for (unsigned b = 0; b < NBUCKETS; b++) {
		seen += h->count[b];
		if (seen >= want && seen > 0)
			return bucket_mid(b) < (double)h->max ? bucket_mid(b) : (double)h->max;
	}
	return (double)h->max;
}

static uint64_t
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One timed sample: a search, or the control. */
struct subject {
	const struct bench_case *c; /* NULL: the control */
	struct uvm_machine *m;
};

/* The control: a dependent chain of shift-xor-multiply steps (no
 * closed form for the compiler to find), a few µs, about what handing
 * out 512 pages takes. */
#define CONTROL_STEPS 2500
static uint64_t
control_chain(void)
{
	volatile uint64_t seed = 0x9e3779b97f4a7c15ull;
	uint64_t x = seed;

	for (int i = 0; i < CONTROL_STEPS; i++) {
		x ^= x >> 29;
		x *= 0xbf58476d1ce4e5b9ull;
	}
	return x;
}

static volatile uint64_t control_sink;

static void
sample(const struct subject *sub, struct histogram *h)
{
	uvmlab_list_t l = UINT32_MAX;
	uint64_t t0 = now_ns();
	if (sub->c != NULL)
		l = bench_search(sub->m, sub->c);
	else
		control_sink = control_chain();
	uint64_t t1 = now_ns();
	if (sub->c != NULL)
		bench_undo(sub->m, l);
	record(h, t1 - t0);
}

#define ROUNDS 5
#define MAX_SAMPLES 20000

static void
run(const struct subject *sub, double budget, struct histogram *h, struct histogram *pooled)
{
	memset(h, 0, sizeof(*h));
	uint64_t limit = (uint64_t)(budget / ROUNDS * 1e9), start = now_ns();
	while (h->total < 50 / ROUNDS ||
	       (now_ns() - start < limit && h->total < MAX_SAMPLES / ROUNDS))
		sample(sub, h);
	for (unsigned b = 0; b < NBUCKETS; b++)
		pooled->count[b] += h->count[b];
	pooled->total += h->total;
	pooled->max = h->max > pooled->max ? h->max : pooled->max;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The median over the rounds of their q-th percentiles. */
static double
median_percentile(const struct histogram rounds[ROUNDS], double q, double each[ROUNDS])
{
	double v[ROUNDS];

	for (int r = 0; r < ROUNDS; r++)
		v[r] = each[r] = percentile(&rounds[r], q);
	qsort(v, ROUNDS, sizeof(v[0]), cmp_double);
	return v[ROUNDS / 2];
}

static void
print_percentiles(const struct histogram rounds[ROUNDS], const struct histogram *pooled)
{
	double each[ROUNDS], p50 = median_percentile(rounds, 0.50, each),
			     p90 = median_percentile(rounds, 0.90, each),
			     p999 = median_percentile(rounds, 0.999, each),
			     p99 = median_percentile(rounds, 0.99, each);

	printf("\"samples\": %llu, \"p50_ns\": %.0f, \"p90_ns\": %.0f, \"p99_ns\": %.0f, "
	       "\"p999_ns\": %.0f, \"max_ns\": %llu, \"pooled_p99_ns\": %.0f, \"p99_rounds_ns\": [",
	       (unsigned long long)pooled->total, p50, p90, p99, p999,
	       (unsigned long long)pooled->max, percentile(pooled, 0.99));
	for (int r = 0; r < ROUNDS; r++)
		printf("%s%.0f", r ? ", " : "", each[r]);
	printf("]}");
}

/* Every strategy's rounds on case c, interleaved. */
static void
measure(const struct bench_case *c, double budget, bool *first)
{
	static struct histogram rounds[UVMLAB_STRAT_COUNT][ROUNDS], pooled[UVMLAB_STRAT_COUNT];
	struct subject sub[UVMLAB_STRAT_COUNT];

	memset(pooled, 0, sizeof(pooled));
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
		sub[s] = (struct subject){c, bench_machine(c, (enum uvmlab_strategy)s)};
		if (sub[s].m == NULL) {
			fprintf(stderr, "bench_latency: %s: the core refused the layout\n", c->name);
			exit(1);
		}
	}
	for (int r = 0; r < ROUNDS; r++) {
		for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
			bench_undo(sub[s].m, bench_search(sub[s].m, c)); /* warm the caches */
			run(&sub[s], budget, &rounds[s][r], &pooled[s]);
		}
	}
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
		printf("%s\n  {\"case\": \"%s\", \"pages\": %u, \"strategy\": \"%s\", ",
		       *first ? "" : ",", c->name, c->pages,
		       uvmlab_strategy_name((enum uvmlab_strategy)s));
		print_percentiles(rounds[s], &pooled[s]);
		*first = false;
		uvmlab_machine_destroy(sub[s].m);
	}
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	bool quick = false, smoke = false;
	double budget = 0.25;
	const char *filter = "";

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0)
			quick = true;
		else if (strcmp(argv[i], "--smoke") == 0)
			smoke = true;
		else if (strcmp(argv[i], "--budget") == 0 && i + 1 < argc)
			budget = atof(argv[++i]);
		else if (strcmp(argv[i], "--filter") == 0 && i + 1 < argc)
			filter = argv[++i];
		else {
			fprintf(stderr, "usage: bench_latency [--quick | --smoke] [--budget S] "
					"[--filter TEXT]\n");
			return 2;
		}
	}
	size_t n;
	const struct bench_case *cases = bench_cases(&n);
	bool first = true;
	printf("{\"rounds\": %d, \"cases\": [", ROUNDS);
	for (size_t i = 0; i < n; i++) {
		if ((quick && !cases[i].quick) || (smoke && i > 0) ||
		    strstr(cases[i].name, filter) == NULL)
			continue;
		measure(&cases[i], smoke ? 0 : budget, &first);
		fprintf(stderr, "latency: %s pages %u done\n", cases[i].name, cases[i].pages);
	}
	static struct histogram rounds[ROUNDS], pooled;
	struct subject control = {NULL, NULL};
	for (int r = 0; r < ROUNDS; r++)
		run(&control, smoke ? 0 : budget, &rounds[r], &pooled);
	printf("\n], \"control\": {\"what\": \"%d dependent shift-xor-multiply steps, no memory\", ",
	       CONTROL_STEPS);
	print_percentiles(rounds, &pooled);
	printf("}\n");
	return 0;
}
