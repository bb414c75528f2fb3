/* The benchmark cases and their layouts; see cases.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "uvmlab/stats.h"

#define KIB ((paddr_t)1 << 10)
#define MIB ((paddr_t)1 << 20)
#define GIB ((paddr_t)1 << 30)

static const char *const layout_names[LAYOUT_COUNT] = {
	[LAYOUT_FRESH] = "fresh",	    [LAYOUT_RAND50] = "rand50", [LAYOUT_RAND90] = "rand90",
	[LAYOUT_ADVERSARIAL] = "adversarial", [LAYOUT_NOFIT] = "nofit",	[LAYOUT_FAR] = "far",
};

const char *
bench_layout_name(enum bench_layout l)
{
	return layout_names[l];
}

/* splitmix64: the one source of randomness, seeded per case. */
static uint64_t
next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t
pages_of(paddr_t bytes)
{
	return bytes <= PAGE_SIZE ? 1 : bytes / PAGE_SIZE;
}

static uint64_t
roundup(uint64_t x, uint64_t a)
{
	return (x + a - 1) / a * a;
}

/* The layout as one byte per page (1: free), from the case's seed. */
static uint8_t *
layout_pages(const struct bench_case *c)
{
	uint8_t *fr = calloc(c->pages, 1);
	uint64_t seed = 0x5eed0000ull + c->layout * 1000003ull + c->pages + c->npages * 7919ull;
	uint64_t n = c->npages;

	if (fr == NULL)
		return NULL;
	switch (c->layout) {
	case LAYOUT_FRESH:
		memset(fr, 1, c->pages);
		break;
	case LAYOUT_RAND50:
	case LAYOUT_RAND90:
		for (uint32_t i = 0; i < c->pages; i++)
			fr[i] = next_random(&seed) % 10 < (c->layout == LAYOUT_RAND50 ? 5u : 9u);
		break;
	case LAYOUT_ADVERSARIAL:
	case LAYOUT_FAR:
		for (uint32_t i = 0; i < c->pages; i++)
			fr[i] = i % (n + 1) < n - 1;
		if (c->layout == LAYOUT_FAR) {
			uint64_t unit = pages_of(c->align);
			if (c->boundary != 0 && pages_of(c->boundary) > unit)
				unit = pages_of(c->boundary);
			uint64_t at = roundup((uint64_t)c->pages / 8 * 7, unit);
			memset(fr + at, 1, n);
		}
		break;
	case LAYOUT_NOFIT:
		/* free and busy runs of 1 .. n - 1 pages: half free, no fit */
		for (uint64_t i = 0; n > 1 && i < c->pages;) {
			uint64_t len = 1 + next_random(&seed) % (n - 1);
			uint64_t gap = 1 + next_random(&seed) % (n - 1);
			for (uint64_t k = i; k < i + len && k < c->pages; k++)
				fr[k] = 1;
			i += len + gap;
		}
		break;
	case LAYOUT_COUNT:
		break;
	}
	return fr;
}

/* Does any run of the case's size, alignment and boundary fit? */
static bool
has_fit(const struct bench_case *c, const uint8_t *fr)
{
	uint64_t n = c->npages, a = pages_of(c->align), top = c->pages;
	uint64_t bmask = c->boundary ? ~(pages_of(c->boundary) - 1) : 0;

	if (c->high != UINT64_MAX && atop(c->high) < top)
		top = atop(c->high);
	for (uint64_t s = 0; s + n <= top; s += a) {
		if (bmask && ((s ^ (s + n - 1)) & bmask) != 0)
			continue;
		uint64_t k = s;
		while (k < s + n && fr[k])
			k++;
		if (k == s + n)
			return true;
		s = roundup(k + 1, a) - a; /* k is busy */
	}
	return false;
}

static struct bench_case *cases;
static size_t ncases, cap;

static void
add_case(enum bench_layout l, uint32_t pages, uint32_t n, paddr_t align, paddr_t boundary,
	 paddr_t high, bool quick)
{
	if (ncases == cap) {
		cap = cap ? 2 * cap : 256;
		cases = realloc(cases, cap * sizeof(*cases));
		if (cases == NULL) {
			perror("bench cases");
			exit(1);
		}
	}
	struct bench_case *c = &cases[ncases++];
	*c = (struct bench_case){.layout = l, .pages = pages, .npages = n, .align = align,
				 .boundary = boundary, .high = high, .quick = quick};
	uint8_t *fr = layout_pages(c);
	bool fits = fr != NULL && has_fit(c, fr);
	free(fr);
	c->fits = fits;
	/* a random layout is there to be searched; where nothing fits it is a
	 * no-fit case in disguise, which nofit and adversarial cover */
	if (!fits && (l == LAYOUT_RAND50 || l == LAYOUT_RAND90)) {
		ncases--;
		return;
	}
	char alignbuf[16], boundbuf[16];
	snprintf(alignbuf, sizeof(alignbuf), "%lluK",
		 (unsigned long long)((align ? align : PAGE_SIZE) / KIB));
	snprintf(boundbuf, sizeof(boundbuf), boundary ? "%lluK" : "none",
		 (unsigned long long)(boundary / KIB));
	snprintf(c->name, sizeof(c->name), "%s%s/n%u/align%s/bound%s%s", layout_names[l],
		 fits || l == LAYOUT_NOFIT || l == LAYOUT_ADVERSARIAL ? "" : "-nofit", n,
		 alignbuf, boundbuf, high != UINT64_MAX ? "/below4G" : "");
}

/*
 * The case list.  Every layout and request at every size, page-aligned;
 * a 1 MiB boundary on rand50 and far; 64 KiB and 2 MiB alignment at
 * 1 Mi pages; a window below 4 GiB on the 4 Mi-page (16 GiB) segment.
 * A request of one page has no no-fit layout: one free page fits it, and
 * with none the reserve check answers before any search.  A random
 * layout is kept only for the requests it can satisfy.
 * Every request shape also runs on a fresh segment, where the search is
 * trivial: the yardstick for what handing out the pages costs.
 */
static void
make_cases(void)
{
	static const uint32_t sizes[] = {64 * 1024, 1024 * 1024, 4 * 1024 * 1024};
	static const uint32_t requests[] = {1, 8, 64, 512};
	static const paddr_t aligns[] = {64 * KIB, 2 * MIB};

	for (size_t si = 0; si < 3; si++) {
		uint32_t pages = sizes[si];
		bool mid = pages == 1024 * 1024;
		for (int l = 0; l < LAYOUT_COUNT; l++) {
			for (size_t r = 0; r < 4; r++) {
				uint32_t n = requests[r];
				if (n == 1 && (l == LAYOUT_NOFIT || l == LAYOUT_ADVERSARIAL))
					continue;
				/* --quick: no-fit and far at every request, one case of
				 * each other layout */
				uint32_t one = l == LAYOUT_RAND50 ? 8 : 64;
				bool quick = mid && (l == LAYOUT_NOFIT || l == LAYOUT_FAR || n == one);
				add_case((enum bench_layout)l, pages, n, 0, 0, UINT64_MAX, quick);
			}
		}
		for (size_t r = 0; r < 3; r++) {
			add_case(LAYOUT_FRESH, pages, requests[r], 0, MIB, UINT64_MAX, false);
			add_case(LAYOUT_RAND50, pages, requests[r], 0, MIB, UINT64_MAX, false);
			add_case(LAYOUT_FAR, pages, requests[r], 0, MIB, UINT64_MAX, false);
		}
		for (size_t a = 0; mid && a < 2; a++) {
			for (size_t r = 0; r < 4; r++) {
				add_case(LAYOUT_FRESH, pages, requests[r], aligns[a], 0, UINT64_MAX,
					 false);
				add_case(LAYOUT_RAND50, pages, requests[r], aligns[a], 0, UINT64_MAX,
					 false);
				add_case(LAYOUT_RAND90, pages, requests[r], aligns[a], 0, UINT64_MAX,
					 false);
			}
		}
		for (size_t r = 0; pages > atop(4 * GIB) && r < 4; r++) {
			add_case(LAYOUT_FRESH, pages, requests[r], 0, 0, 4 * GIB, false);
			add_case(LAYOUT_RAND50, pages, requests[r], 0, 0, 4 * GIB, false);
		}
	}
}

const struct bench_case *
bench_cases(size_t *n)
{
	if (cases == NULL)
		make_cases();
	*n = ncases;
	return cases;
}

struct uvm_machine *
bench_machine(const struct bench_case *c, enum uvmlab_strategy s)
{
	struct uvmlab_params p;
	struct uvm_machine *m;
	uvmlab_list_t all;

	uvmlab_params_default(&p);
	p.strategy = s;
	p.nfreelists = 1;
	p.reserve_pagedaemon = p.reserve_kernel = 0;
	if (uvmlab_machine_create(&p, &m) != 0)
		return NULL;
	uint8_t *fr = layout_pages(c);
	if (fr == NULL || uvm_page_physload(m, 0, c->pages, 0, c->pages, 0, 0) != 0 ||
	    uvm_pglistalloc(m, ptoa(c->pages), 0, UINT64_MAX, 0, 0, 0, false, &all) != 0) {
		free(fr);
		uvmlab_machine_destroy(m);
		return NULL;
	}
	for (uint32_t i = 0; i < c->pages;) {
		if (!fr[i]) {
			i++;
			continue;
		}
		uint32_t j = i;
		while (j + 1 < c->pages && fr[j + 1])
			j++;
		uvmlab_free_range(m, i, j);
		i = j + 1;
	}
	free(fr);
	uvmlab_seg_set_hint(m, 0, 0);
	return m;
}

uvmlab_list_t
bench_search(struct uvm_machine *m, const struct bench_case *c)
{
	uvmlab_list_t l;

	/* nsegs 0: one contiguous run, whatever the size */
	if (uvm_pglistalloc(m, ptoa(c->npages), 0, c->high, c->align, c->boundary, 0, false, &l) !=
	    0)
		return UINT32_MAX;
	return l;
}

void
bench_undo(struct uvm_machine *m, uvmlab_list_t list)
{
	if (list != UINT32_MAX)
		uvm_pglistfree(m, list);
	uvmlab_seg_set_hint(m, 0, 0);
}

uint64_t
bench_bytes_read(const struct uvm_machine *m)
{
	return uvmlab_stat_get(m, UVMLAB_STAT_contig_pages_examined) * 64 +
	       uvmlab_stat_get(m, UVMLAB_STAT_contig_words_examined) * 8;
}

uint64_t
bench_examined(const struct uvm_machine *m)
{
	return uvmlab_stat_get(m, UVMLAB_STAT_contig_pages_examined) +
	       uvmlab_stat_get(m, UVMLAB_STAT_contig_words_examined) +
	       uvmlab_stat_get(m, UVMLAB_STAT_contig_nodes_visited);
}
