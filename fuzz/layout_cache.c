/* The machine of the last layout built, cloned on a repeat; see layout_cache.h. */
#include <stdbool.h>

#include "layout_cache.h"
#include "uvmlab/uvm.h"

static struct {
	struct uvmlab_params params;
	unsigned nsegs;
	struct seg_spec segs[SCENARIO_MAX_SEGS];
	struct uvm_machine *m; /* NULL: nothing cached */
} cache;

static bool
same_params(const struct uvmlab_params *a, const struct uvmlab_params *b)
{
	return a->strategy == b->strategy && a->nfreelists == b->nfreelists &&
	       a->ncolors == b->ncolors && a->nbuckets == b->nbuckets &&
	       a->reserve_pagedaemon == b->reserve_pagedaemon &&
	       a->reserve_kernel == b->reserve_kernel;
}

static bool
same_seg(const struct seg_spec *a, const struct seg_spec *b)
{
	return a->start == b->start && a->end == b->end && a->avail_start == b->avail_start &&
	       a->avail_end == b->avail_end && a->freelist == b->freelist &&
	       a->bucket == b->bucket;
}

static bool
cached(const struct scenario *sc)
{
	if (cache.m == NULL || cache.nsegs != sc->nsegs || !same_params(&cache.params, &sc->params))
		return false;
	for (unsigned i = 0; i < sc->nsegs; i++) {
		if (!same_seg(&cache.segs[i], &sc->segs[i]))
			return false;
	}
	return true;
}

void
layout_cache_clear(void)
{
	if (cache.m != NULL)
		uvmlab_machine_destroy(cache.m);
	cache.m = NULL;
}

int
layout_cache_build(const struct scenario *sc, const char *fname, struct uvm_machine **mp,
		   char *err, size_t errlen)
{
	if (cached(sc))
		return uvmlab_machine_clone(cache.m, sc->params.strategy, mp);
	layout_cache_clear();
	int error = scenario_build(sc, fname, mp, err, errlen);
	/* a failed clone only means no cache: the built machine stands */
	if (error == 0 && uvmlab_machine_clone(*mp, sc->params.strategy, &cache.m) == 0) {
		cache.params = sc->params;
		cache.nsegs = sc->nsegs;
		for (unsigned i = 0; i < sc->nsegs; i++)
			cache.segs[i] = sc->segs[i];
	}
	return error;
}
