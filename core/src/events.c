/*
 * Counters and the event ring: the model's STAT_INCR/uvmexp counters and
 * UVMHIST_LOG history.  The ring keeps the last UVMLAB_EVENT_RING calls
 * into the core, printed when a check fails.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "machine_impl.h"

static const char *const stat_names[UVMLAB_STAT_COUNT] = {
#define UVMLAB_STAT_NAME(name, desc) #name,
	UVMLAB_STAT_LIST(UVMLAB_STAT_NAME)
#undef UVMLAB_STAT_NAME
};

static const char *const stat_descs[UVMLAB_STAT_COUNT] = {
#define UVMLAB_STAT_DESC(name, desc) desc,
	UVMLAB_STAT_LIST(UVMLAB_STAT_DESC)
#undef UVMLAB_STAT_DESC
};

uint64_t
uvmlab_stat_get(const struct uvm_machine *m, enum uvmlab_stat s)
{
	return (unsigned)s < UVMLAB_STAT_COUNT ? m->stats[s] : 0;
}

const char *
uvmlab_stat_name(enum uvmlab_stat s)
{
	return (unsigned)s < UVMLAB_STAT_COUNT ? stat_names[s] : NULL;
}

const char *
uvmlab_stat_desc(enum uvmlab_stat s)
{
	return (unsigned)s < UVMLAB_STAT_COUNT ? stat_descs[s] : NULL;
}

void
uvmlab_stats_print(const struct uvm_machine *m, FILE *fp)
{
	for (unsigned s = 0; s < UVMLAB_STAT_COUNT; s++)
		fprintf(fp, "%-22s %12" PRIu64 "  # %s\n", stat_names[s], m->stats[s],
			stat_descs[s]);
}

size_t
uvmlab_events_copy(const struct uvm_machine *m, struct uvmlab_event *out, size_t cap)
{
	uint64_t n = m->nevents < UVMLAB_EVENT_RING ? m->nevents : UVMLAB_EVENT_RING;

	if (n > cap)
		n = cap;
	for (uint64_t i = 0; i < n; i++)
		out[i] = m->ring[(m->nevents - n + i) % UVMLAB_EVENT_RING];
	return (size_t)n;
}

/* How each entry point's arguments read: a format per argument, NULL
 * where the argument is unused. */
struct event_shape {
	const char *fn;
	const char *arg[UVMLAB_EVENT_ARGS];
};

static const struct event_shape event_shapes[] = {
	[UVMLAB_EV_PAGEALLOC] = {"uvm_pagealloc_strat", {"flags=%#" PRIx64, "strat=%" PRIu64,
							"freelist=%" PRIu64, "pfn=%" PRIu64}},
	[UVMLAB_EV_PAGEFREE] = {"uvm_pagefree", {"pfn=%" PRIu64}},
	[UVMLAB_EV_PGLISTALLOC] = {"uvm_pglistalloc",
				   {"size=%#" PRIx64, "low=%#" PRIx64, "high=%#" PRIx64,
				    "align=%#" PRIx64, "boundary=%#" PRIx64, "list|nsegs=%" PRIu64}},
	[UVMLAB_EV_PGLISTFREE] = {"uvm_pglistfree", {"list=%" PRIu64}},
	[UVMLAB_EV_FREE_RANGE] = {"uvmlab_free_range", {"first=%" PRIu64, "last=%" PRIu64}},
	[UVMLAB_EV_PHYSLOAD] = {"uvm_page_physload",
				{"start=%" PRIu64, "end=%" PRIu64, "avail_start=%" PRIu64,
				 "avail_end=%" PRIu64, "freelist=%" PRIu64, "bucket=%" PRIu64}},
	[UVMLAB_EV_UAO_CREATE] = {"uao_create",
				  {"size=%#" PRIx64, "flags=%#" PRIx64, "obj=%" PRIu64}},
	[UVMLAB_EV_UAO_DETACH] = {"uao_detach", {"obj=%" PRIu64}},
	[UVMLAB_EV_AO_GET] = {"ao_get",
			      {"obj=%" PRIu64, "off=%#" PRIx64, "npages=%" PRIu64, "pfn=%" PRIu64}},
	[UVMLAB_EV_AO_PUT] = {"ao_put",
			      {"obj=%" PRIu64, "start=%#" PRIx64, "stop=%#" PRIx64, "flags=%#" PRIx64}},
	[UVMLAB_EV_PAGE_UNBUSY] = {"uvm_page_unbusy", {"npgs=%" PRIu64, "pfn=%" PRIu64}},
	[UVMLAB_EV_PAGERMAPIN] = {"uvm_pagermapin",
				  {"npages=%" PRIu64, "flags=%#" PRIx64, "pfn=%" PRIu64,
				   "kva=%#" PRIx64}},
	[UVMLAB_EV_PAGERMAPOUT] = {"uvm_pagermapout", {"kva=%#" PRIx64, "npages=%" PRIu64}},
	[UVMLAB_EV_ZERORANGE] = {"uvm_vnp_zerorange",
				 {"obj=%" PRIu64, "off=%#" PRIx64, "len=%#" PRIx64}},
	[UVMLAB_EV_KM_SUBALLOC] = {"uvm_km_suballoc",
				   {"map=%" PRIu64, "size=%#" PRIx64, "fixed=%" PRIu64, "min=%#" PRIx64}},
	[UVMLAB_EV_KM_KMEMALLOC] = {"uvm_km_kmemalloc",
				    {"map=%" PRIu64, "obj=%" PRIu64, "size=%#" PRIx64, "flags=%#" PRIx64,
				     "kva=%#" PRIx64}},
	[UVMLAB_EV_KM_ALLOC1] = {"uvm_km_alloc1",
				 {"map=%" PRIu64, "size=%#" PRIx64, "zeroit=%" PRIu64, "kva=%#" PRIx64}},
	[UVMLAB_EV_KM_VALLOC] = {"uvm_km_valloc",
				 {"map=%" PRIu64, "size=%#" PRIx64, "kva=%#" PRIx64}},
	[UVMLAB_EV_KM_FREE] = {"uvm_km_free",
			       {"map=%" PRIu64, "addr=%#" PRIx64, "size=%#" PRIx64}},
	[UVMLAB_EV_KM_GET] = {"uvm_km_get",
			      {"obj=%" PRIu64, "off=%#" PRIx64, "npages=%" PRIu64, "flags=%#" PRIx64,
			       "got=%" PRIu64}},
	[UVMLAB_EV_KM_TOUCH] = {"uvmlab_km_touch", {"va=%#" PRIx64, "pfn=%" PRIu64}},
	[UVMLAB_EV_KM_PGREMOVE] = {"uvm_km_pgremove",
				   {"obj=%" PRIu64, "start=%#" PRIx64, "end=%#" PRIx64}},
	[UVMLAB_EV_POOLPAGE_ALLOC] = {"uvm_km_alloc_poolpage1",
				      {"map=%" PRIu64, "obj=%" PRIu64, "waitok=%" PRIu64,
				       "va=%#" PRIx64}},
	[UVMLAB_EV_POOLPAGE_FREE] = {"uvm_km_free_poolpage1", {"map=%" PRIu64, "va=%#" PRIx64}},
	[UVMLAB_EV_UBC_ALLOC] = {"ubc_alloc",
				 {"obj=%" PRIu64, "off=%#" PRIx64, "len=%#" PRIx64, "flags=%#" PRIx64,
				  "va=%#" PRIx64}},
	[UVMLAB_EV_UBC_RELEASE] = {"ubc_release", {"va=%#" PRIx64}},
	[UVMLAB_EV_UBC_UIOMOVE] = {"ubc_uiomove",
				   {"obj=%" PRIu64, "off=%#" PRIx64, "len=%#" PRIx64, "rw=%" PRIu64}},
};

/* Every public entry point ends here, so the expensive assertion tier
 * (UVMLAB_EXPENSIVE_CHECKS, on in the debug preset) validates the whole
 * machine after every call the model takes. */
void
uvmlab_event_log(struct uvm_machine *m, enum uvmlab_event_fn fn, int result, uint64_t a0,
		 uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	struct uvmlab_event *ev = &m->ring[m->nevents % UVMLAB_EVENT_RING];

	*ev = (struct uvmlab_event){
		.seq = ++m->nevents,
		.fn = fn,
		.arg = {a0, a1, a2, a3, a4, a5},
		.result = result,
	};
#ifdef UVMLAB_EXPENSIVE_CHECKS
	char why[256];
	if (!uvmlab_validate(m, why, sizeof(why))) {
		fprintf(stderr, "uvmlab: invariant broken after %s: %s\n", event_shapes[fn].fn,
			why);
		uvmlab_events_print(m, stderr);
		abort();
	}
#endif
}

void
uvmlab_events_print(const struct uvm_machine *m, FILE *fp)
{
	struct uvmlab_event evs[UVMLAB_EVENT_RING];
	size_t n = uvmlab_events_copy(m, evs, UVMLAB_EVENT_RING);

	for (size_t i = 0; i < n; i++) {
		const struct event_shape *sh = &event_shapes[evs[i].fn];
		fprintf(fp, "#%" PRIu64 " %s(", evs[i].seq, sh->fn);
		for (unsigned a = 0; a < UVMLAB_EVENT_ARGS && sh->arg[a] != NULL; a++) {
			fputs(a ? ", " : "", fp);
			fprintf(fp, sh->arg[a], evs[i].arg[a]);
		}
		fprintf(fp, ") = %s\n", uvmlab_errno_name(evs[i].result));
	}
}

const char *
uvmlab_errno_name(int error)
{
	switch (error) {
	case 0:
		return "ok";
	case EINVAL:
		return "EINVAL";
	case ENOMEM:
		return "ENOMEM";
	case EEXIST:
		return "EEXIST";
	case EBUSY:
		return "EBUSY";
	default:
		return "EUNKNOWN";
	}
}
