/* Machines and shadows of the layouts seen last; see layout_cache.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "layout_cache.h"
#include "uvmlab/uvm.h"

/* libFuzzer cycles through a corpus of hundreds of inputs; with sixteen
 * slots, half the large layouts that came back had been evicted (838
 * large misses in a 12 s fixed_ops run, 466 with 64 slots).  A slot
 * holds at most two machines per strategy and two shadows; an 8 Ki-page
 * machine is about 320 KiB of pages, so even differential's four
 * strategies stay near 160 MiB of machines in all. */
#define LAYOUTS 64

struct layout {
	bool used;
	uint64_t last_use; /* a count of calls, not a time */
	struct uvmlab_params params; /* strategy aside */
	unsigned nsegs;
	struct seg_spec segs[SCENARIO_MAX_SEGS];
	struct uvm_machine *pristine[UVMLAB_STRAT_COUNT], *lent[UVMLAB_STRAT_COUNT];
	bool dirty[UVMLAB_STRAT_COUNT]; /* kept: lent, not put back yet */
	/* kept: seen by an input that has ended.  Until then the layout
	 * has no pristine copies: what it lends is built for the input and
	 * destroyed when the input ends (layout_cache_done).  Most layouts
	 * a fuzzer makes are seen once; copying their machines, then
	 * putting each back, cost more than building them. */
	bool kept;
	bool has_shadow, shadow_lent_made, shadow_dirty;
	struct shadow shadow_pristine, shadow_lent;
};

static struct {
	struct layout l[LAYOUTS];
	struct layout *last; /* layout_of's last answer, tried first */
	uint64_t calls;
} cache;

/* Every parameter but the strategy (a layout keeps a machine for each). */
static bool
same_params(const struct uvmlab_params *a, const struct uvmlab_params *b)
{
	return a->nfreelists == b->nfreelists && a->ncolors == b->ncolors &&
	       a->nbuckets == b->nbuckets && a->reserve_pagedaemon == b->reserve_pagedaemon &&
	       a->reserve_kernel == b->reserve_kernel && a->kva_pages == b->kva_pages &&
	       a->memlimit == b->memlimit;
}

static bool
same_seg(const struct seg_spec *a, const struct seg_spec *b)
{
	return a->start == b->start && a->end == b->end && a->avail_start == b->avail_start &&
	       a->avail_end == b->avail_end && a->freelist == b->freelist &&
	       a->bucket == b->bucket;
}

static bool
holds(const struct layout *l, const struct scenario *sc)
{
	if (!l->used || l->nsegs != sc->nsegs || !same_params(&l->params, &sc->params))
		return false;
	for (unsigned i = 0; i < sc->nsegs; i++) {
		if (!same_seg(&l->segs[i], &sc->segs[i]))
			return false;
	}
	return true;
}

static void
forget(struct layout *l)
{
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
		uvmlab_machine_destroy(l->pristine[s]);
		uvmlab_machine_destroy(l->lent[s]);
	}
	if (l->has_shadow)
		shadow_fini(&l->shadow_pristine);
	if (l->shadow_lent_made)
		shadow_fini(&l->shadow_lent);
	memset(l, 0, sizeof(*l));
}

/* sc's layout, made the most recently used; a new one takes the place
 * of the least recently used. */
static struct layout *
layout_of(const struct scenario *sc)
{
	struct layout *l = NULL;

	cache.calls++;
	/* an input asks for its layout once per machine, shadow and end */
	if (cache.last != NULL && holds(cache.last, sc))
		l = cache.last;
	for (unsigned i = 0; i < LAYOUTS && l == NULL; i++) {
		if (holds(&cache.l[i], sc))
			l = &cache.l[i];
	}
	if (l == NULL) {
		l = &cache.l[0];
		for (unsigned i = 1; i < LAYOUTS; i++) {
			if (cache.l[i].last_use < l->last_use)
				l = &cache.l[i];
		}
		forget(l);
		l->used = true;
		l->params = sc->params;
		l->nsegs = sc->nsegs;
		memcpy(l->segs, sc->segs, sc->nsegs * sizeof(*sc->segs));
	}
	l->last_use = cache.calls;
	cache.last = l;
	return l;
}

/* sc's set-up built under st into *mp (NULL on failure). */
static int
build(const struct scenario *sc, enum uvmlab_strategy st, struct uvm_machine **mp, char *err,
      size_t errlen)
{
	struct scenario built = *sc;

	built.params.strategy = st;
	*mp = NULL;
	return scenario_build(&built, "input", mp, err, errlen);
}

/* The layout's machine after set-up under st: a clone of one it has
 * under another strategy, else built. */
static int
pristine(struct layout *l, const struct scenario *sc, enum uvmlab_strategy st, char *err,
	 size_t errlen)
{
	if (l->pristine[st] != NULL)
		return 0;
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
		if (l->pristine[s] != NULL) {
			int error = uvmlab_machine_clone(l->pristine[s], st, &l->pristine[st]);
			if (error != 0)
				snprintf(err, errlen, "input: cannot clone the machine: %s",
					 uvmlab_errno_name(error));
			return error;
		}
	}
	return build(sc, st, &l->pristine[st], err, errlen);
}

/* A layout not kept yet lends a machine built for the input (one lent
 * before, by an input that never said it was done, is replaced). */
static int
lend_unkept(struct layout *l, const struct scenario *sc, enum uvmlab_strategy st, char *err,
	    size_t errlen)
{
	uvmlab_machine_destroy(l->lent[st]);
	return build(sc, st, &l->lent[st], err, errlen);
}

int
layout_cache_machine(const struct scenario *sc, enum uvmlab_strategy strategy,
		     struct uvm_machine **mp, char *err, size_t errlen)
{
	struct layout *l = layout_of(sc);
	int error;

	if (!l->kept) {
		if ((error = lend_unkept(l, sc, strategy, err, errlen)) != 0)
			return error;
		*mp = l->lent[strategy];
		return 0;
	}
	if ((error = pristine(l, sc, strategy, err, errlen)) != 0)
		return error;
	if (l->lent[strategy] == NULL)
		error = uvmlab_machine_clone(l->pristine[strategy], strategy, &l->lent[strategy]);
	else if (l->dirty[strategy])
		error = uvmlab_machine_assign(l->lent[strategy], l->pristine[strategy]);
	if (error != 0) {
		snprintf(err, errlen, "input: cannot copy the machine: %s", uvmlab_errno_name(error));
		return error;
	}
	l->dirty[strategy] = true;
	*mp = l->lent[strategy];
	return 0;
}

int
layout_cache_shadow(const struct scenario *sc, const struct uvm_machine *m,
		    struct shadow **shp)
{
	struct layout *l = layout_of(sc);
	int error;

	if (!l->kept) {
		if (l->shadow_lent_made)
			shadow_fini(&l->shadow_lent);
		if ((l->shadow_lent_made = (error = shadow_init(&l->shadow_lent, m)) == 0))
			*shp = &l->shadow_lent;
		return error;
	}
	if (!l->has_shadow) {
		if ((error = shadow_init(&l->shadow_pristine, m)) != 0)
			return error;
		l->has_shadow = true;
	}
	if (l->shadow_lent_made && l->shadow_dirty) {
		shadow_restore(&l->shadow_lent, &l->shadow_pristine);
	} else if (!l->shadow_lent_made) {
		if ((error = shadow_copy(&l->shadow_lent, &l->shadow_pristine)) != 0)
			return error;
		l->shadow_lent_made = true;
	}
	l->shadow_dirty = true;
	*shp = &l->shadow_lent;
	return 0;
}

void
layout_cache_done(const struct scenario *sc)
{
	struct layout *l = layout_of(sc);

	if (!l->kept) {
		for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
			uvmlab_machine_destroy(l->lent[s]);
			l->lent[s] = NULL;
		}
		if (l->shadow_lent_made)
			shadow_fini(&l->shadow_lent);
		l->shadow_lent_made = false;
		l->kept = true;
		return;
	}
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
		/* should the copy fail (host memory), it stays dirty, and the
		 * next lend copies again */
		if (l->dirty[s] && uvmlab_machine_assign(l->lent[s], l->pristine[s]) == 0)
			l->dirty[s] = false;
	}
	if (l->shadow_dirty) {
		shadow_restore(&l->shadow_lent, &l->shadow_pristine);
		l->shadow_dirty = false;
	}
}

void
layout_cache_clear(void)
{
	for (unsigned i = 0; i < LAYOUTS; i++)
		forget(&cache.l[i]);
	cache.last = NULL;
}
