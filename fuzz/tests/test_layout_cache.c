/*
 * The layout cache lends the machine of exactly the input's parameters:
 * two inputs that differ in one parameter only (the strategy aside, for
 * which a layout keeps a machine each) must not share a machine.  Each
 * case asks for a layout, then for the same layout with one parameter
 * changed, and checks the machine lent the second time was made with
 * the changed value.
 */
#include <stdio.h>
#include <string.h>

#include "layout_cache.h"
#include "uvmlab/pool.h"

static int failed;

static void
base_scenario(struct scenario *sc)
{
	scenario_init(sc);
	sc->nsegs = 1;
	sc->segs[0] = (struct seg_spec){.start = 0, .end = 64, .avail_start = 0, .avail_end = 64};
}

/* The machine lent for sc, or NULL after saying why. */
static struct uvm_machine *
lent(const struct scenario *sc, const char *what)
{
	struct uvm_machine *m;
	char err[256];

	if (layout_cache_machine(sc, sc->params.strategy, &m, err, sizeof(err)) != 0) {
		printf("FAIL %s: %s\n", what, err);
		failed++;
		return NULL;
	}
	return m;
}

static void
check(const char *what, void (*change)(struct uvmlab_params *))
{
	struct scenario sc;
	struct uvm_machine *m;

	base_scenario(&sc);
	if (lent(&sc, what) == NULL)
		return;
	change(&sc.params);
	if ((m = lent(&sc, what)) == NULL)
		return;
	const struct uvmlab_params *got = uvmlab_machine_params(m);
	bool same = got->nfreelists == sc.params.nfreelists && got->ncolors == sc.params.ncolors &&
		    got->nbuckets == sc.params.nbuckets &&
		    got->reserve_pagedaemon == sc.params.reserve_pagedaemon &&
		    got->reserve_kernel == sc.params.reserve_kernel &&
		    got->kva_pages == sc.params.kva_pages && got->memlimit == sc.params.memlimit;
	printf("%s %s\n", same ? "ok  " : "FAIL", what);
	failed += !same;
	layout_cache_clear();
}

static void
more_colors(struct uvmlab_params *p)
{
	p->ncolors *= 2;
}

static void
fewer_freelists(struct uvmlab_params *p)
{
	p->nfreelists = 1;
}

static void
more_buckets(struct uvmlab_params *p)
{
	p->nbuckets = 2;
}

static void
pagedaemon_reserve(struct uvmlab_params *p)
{
	p->reserve_pagedaemon++;
}

static void
kernel_reserve(struct uvmlab_params *p)
{
	p->reserve_kernel++;
}

static void
kernel_map(struct uvmlab_params *p)
{
	p->kva_pages = 16;
}

static void
memory_limit(struct uvmlab_params *p)
{
	p->memlimit = 8 * PAGE_SIZE;
}

/* An input changes the machine it was lent; the next is lent the
 * set-up's state.  A layout seen before (kept) keeps a copy of that
 * state and puts its machine back; a layout's first input has its
 * machines built for it, freed when it is done. */
static void
check_put_back(const char *what, bool kept, bool done)
{
	struct scenario sc;
	struct uvm_machine *m;
	uvmlab_pfn_t pfn;

	base_scenario(&sc);
	if (kept) {
		if (lent(&sc, what) == NULL)
			return;
		layout_cache_done(&sc);
	}
	if ((m = lent(&sc, what)) == NULL)
		return;
	uint64_t setup = uvmlab_machine_digest(m);
	bool changed = uvm_pagealloc(m, 0, &pfn) == 0 && uvmlab_machine_digest(m) != setup;
	if (done)
		layout_cache_done(&sc);
	/* kept and done: the machine is the set-up's at once, before any
	 * lend; otherwise the next lend gives the set-up's state */
	if ((!kept || !done) && (m = lent(&sc, what)) == NULL)
		return;
	bool same = changed && uvmlab_machine_digest(m) == setup;
	printf("%s %s\n", same ? "ok  " : "FAIL", what);
	failed += !same;
	layout_cache_clear();
}

int
main(void)
{
	check("colours", more_colors);
	check("free lists", fewer_freelists);
	check("buckets", more_buckets);
	check("page daemon's reserve", pagedaemon_reserve);
	check("kernel's reserve", kernel_reserve);
	check("kernel map's size", kernel_map);
	check("memory limit", memory_limit);
	check_put_back("first input: built again when done", false, true);
	check_put_back("first input: built again when lent again", false, false);
	check_put_back("put back when the input is done", true, true);
	check_put_back("put back when lent again", true, false);
	return failed == 0 ? 0 : 1;
}
