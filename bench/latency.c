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

static void
run(const struct subject *sub, double budget, struct histogram *h)
{
	memset(h, 0, sizeof(*h));
	uint64_t limit = (uint64_t)(budget * 1e9), start = now_ns();
	while (h->total < 50 || (now_ns() - start < limit && h->total < 20000))
		sample(sub, h);
}

static void
print_percentiles(const struct histogram *h)
{
	printf("\"samples\": %llu, \"p50_ns\": %.0f, \"p90_ns\": %.0f, \"p99_ns\": %.0f, "
	       "\"p999_ns\": %.0f, \"max_ns\": %llu}",
	       (unsigned long long)h->total, percentile(h, 0.50), percentile(h, 0.90),
	       percentile(h, 0.99), percentile(h, 0.999), (unsigned long long)h->max);
}

static void
measure(const struct bench_case *c, enum uvmlab_strategy s, double budget, bool first)
{
	static struct histogram h;
	struct subject sub = {c, bench_machine(c, s)};

	if (sub.m == NULL) {
		fprintf(stderr, "bench_latency: %s: the core refused the layout\n", c->name);
		exit(1);
	}
	bench_undo(sub.m, bench_search(sub.m, c)); /* warm the caches once */
	run(&sub, budget, &h);
	printf("%s\n  {\"case\": \"%s\", \"pages\": %u, \"strategy\": \"%s\", ", first ? "" : ",",
	       c->name, c->pages, uvmlab_strategy_name(s));
	print_percentiles(&h);
	fflush(stdout);
	uvmlab_machine_destroy(sub.m);
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
	printf("{\"cases\": [");
	for (size_t i = 0; i < n; i++) {
		if ((quick && !cases[i].quick) || (smoke && i > 0) ||
		    strstr(cases[i].name, filter) == NULL)
			continue;
		for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
			measure(&cases[i], (enum uvmlab_strategy)s, smoke ? 0 : budget, first);
			first = false;
		}
		fprintf(stderr, "latency: %s pages %u done\n", cases[i].name, cases[i].pages);
	}
	static struct histogram h;
	struct subject control = {NULL, NULL};
	run(&control, smoke ? 0 : budget, &h);
	printf("\n], \"control\": {\"what\": \"%d dependent shift-xor-multiply steps, no memory\", ",
	       CONTROL_STEPS);
	print_percentiles(&h);
	printf("}\n");
	return 0;
}
