/*
 * The validator: walks every structure and checks the invariants written
 * in machine_impl.h.  It reports the first broken one and never aborts;
 * it only reads, and bounds every walk, so a corrupted queue cannot make
 * it loop.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "object_impl.h"
#include "strategy.h"

struct report {
	char *why;
	size_t len;
};

static bool
fail(struct report *r, const char *fmt, ...)
{
	if (r->why != NULL && r->len > 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(r->why, r->len, fmt, ap);
		va_end(ap);
	}
	return false;
}

static uint64_t
managed_pages(const struct uvm_machine *m)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < m->nsegs; i++)
		n += m->segs[i].avail_end - m->segs[i].avail_start;
	return n;
}

/* A queue the validator walks: free list fl/b/c, or page list `list`.
 * Its name is formatted only when a check fails: the fuzz targets run
 * the validator on every machine at the end of every input. */
struct queue_id {
	bool is_list;
	unsigned fl, b, c;
	uvmlab_list_t list;
};

static const char *
queue_name(const struct queue_id *id, char *buf, size_t len)
{
	if (id->is_list)
		snprintf(buf, len, "list %" PRIu32, id->list);
	else
		snprintf(buf, len, "free list %u/%u/%u", id->fl, id->b, id->c);
	return buf;
}

/* Walk q forwards with the links checked both ways, and each page by
 * page_ok; false on a broken link, a loop, a miscount or a bad page. */
static bool
check_queue(const struct pgqueue *q, uint64_t bound, const struct queue_id *id,
	    struct report *r,
	    bool (*page_ok)(const struct uvm_machine *, const struct vm_page *,
			    const struct queue_id *, struct report *),
	    const struct uvm_machine *m)
{
	const struct vm_page *prev = NULL;
	uint64_t n = 0;
	char what[48];

	for (const struct vm_page *pg = q->first; pg != NULL; prev = pg, pg = pg->next) {
		if (++n > bound)
			return fail(r, "%s: more pages linked than exist (loop?)",
				    queue_name(id, what, sizeof(what)));
		if (pg->prev != prev)
			return fail(r, "%s: pfn %" PRIu32 " has a broken back link",
				    queue_name(id, what, sizeof(what)), pg->pfn);
		if (!page_ok(m, pg, id, r))
			return false;
	}
	if (q->last != prev)
		return fail(r, "%s: last pointer is not the last page",
			    queue_name(id, what, sizeof(what)));
	if (q->npages != n)
		return fail(r, "%s: count %" PRIu64 " != %" PRIu64 " pages linked",
			    queue_name(id, what, sizeof(what)), q->npages, n);
	return true;
}

static bool
free_page_ok(const struct uvm_machine *m, const struct vm_page *pg, const struct queue_id *id,
	     struct report *r)
{
	if (!page_is_free(pg) || pg->owner != OWNER_NONE)
		return fail(r, "free list %u/%u/%u: pfn %" PRIu32 " is not free", id->fl, id->b,
			    id->c, pg->pfn);
	if (pg->freelist != id->fl || pg->bucket != id->b || (pg->pfn & m->colormask) != id->c)
		return fail(r, "free list %u/%u/%u: pfn %" PRIu32 " belongs on %u/%u/%u", id->fl,
			    id->b, id->c, pg->pfn, pg->freelist, pg->bucket,
			    pg->pfn & m->colormask);
	return true;
}

static bool
check_free_lists(const struct uvm_machine *m, uint64_t bound, struct report *r)
{
	const struct uvmlab_params *p = &m->params;
	uint64_t total = 0;

	for (unsigned fl = 0; fl < p->nfreelists; fl++) {
		uint64_t fl_total = 0;
		for (unsigned b = 0; b < p->nbuckets; b++) {
			uint64_t b_total = 0;
			for (unsigned c = 0; c < p->ncolors; c++) {
				struct queue_id id = {.fl = fl, .b = b, .c = c};
				const struct pgqueue *q =
				    &m->colorq[((size_t)fl * p->nbuckets + b) * p->ncolors + c];
				if (!check_queue(q, bound, &id, r, free_page_ok, m))
					return false;
				b_total += q->npages;
			}
			if (m->bucket_nfree[fl][b] != b_total)
				return fail(r,
					    "free list %u bucket %u: pgb_nfree %" PRIu64
					    " != %" PRIu64 " pages on its colours",
					    fl, b, m->bucket_nfree[fl][b], b_total);
			fl_total += b_total;
		}
		if (m->fl_nfree[fl] != fl_total)
			return fail(r, "free list %u: count %" PRIu64 " != %" PRIu64 " in buckets", fl,
				    m->fl_nfree[fl], fl_total);
		total += fl_total;
	}
	if (m->nfree != total)
		return fail(r, "free count %" PRIu64 " != %" PRIu64 " pages on free lists", m->nfree,
			    total);
	return true;
}

static bool
listed_page_ok(const struct uvm_machine *m, const struct vm_page *pg, const struct queue_id *id,
	       struct report *r)
{
	(void)m;

	if (page_is_free(pg) || pg->owner != id->list)
		return fail(r, "list %" PRIu32 ": pfn %" PRIu32 " is not allocated to it",
			    id->list, pg->pfn);
	return true;
}

static bool
check_lists(const struct uvm_machine *m, uint64_t bound, uint64_t *listed, struct report *r)
{
	*listed = 0;
	for (uvmlab_list_t h = 0; h < m->nlists; h++) {
		struct queue_id id = {.is_list = true, .list = h};
		if (!m->lists[h].live)
			continue;
		if (!check_queue(&m->lists[h].q, bound, &id, r, listed_page_ok, m))
			return false;
		*listed += m->lists[h].q.npages;
	}
	return true;
}

/* An object page's slot is used and names the page. */
static bool
object_page_named(const struct uvm_machine *m, const struct vm_page *pg)
{
	uint32_t slot = pg->owner - OWNER_OBJECT;
	return m->ol != NULL && slot < m->ol->nslots && m->ol->pages[slot].used &&
	       m->ol->pages[slot].pfn == pg->pfn;
}

/* Each page in exactly one state; returns the pages of each state. */
static bool
check_pages(const struct uvm_machine *m, uint64_t *nfree, uint64_t *nlisted, struct report *r)
{
	*nfree = *nlisted = 0;
	for (unsigned i = 0; i < m->nsegs; i++) {
		const struct vm_physseg *seg = &m->segs[i];
		if (i > 0 && seg->start < m->segs[i - 1].end)
			return fail(r, "segment %u [%" PRIu32 ", %" PRIu32 ") overlaps or is unsorted",
				    i, seg->start, seg->end);
		if (seg->start_hint > seg->avail_end - seg->avail_start)
			return fail(r, "segment %u: start hint %" PRIu32 " outside [0, %" PRIu32 "]", i,
				    seg->start_hint, seg->avail_end - seg->avail_start);
		for (uvmlab_pfn_t pfn = seg->start; pfn < seg->end; pfn++) {
			const struct vm_page *pg = &seg->pgs[pfn - seg->start];
			if (pg->pfn != pfn)
				return fail(r, "pfn %" PRIu32 ": descriptor says %" PRIu32, pfn, pg->pfn);
			if (pg->seg != i)
				return fail(r, "pfn %" PRIu32 ": says segment %u, lies in %u", pfn,
					    pg->seg, i);
			if (pg->flags & PG_PGLCA)
				return fail(r, "pfn %" PRIu32 ": PG_PGLCA outside the fallback", pfn);
			if (!seg_avail_has(seg, pfn)) {
				if (page_is_free(pg) || pg->owner != OWNER_NONE || pg->next || pg->prev)
					return fail(r, "pfn %" PRIu32 ": unmanaged page in use", pfn);
				continue;
			}
			bool is_free = page_is_free(pg);
			bool is_single = pg->owner == OWNER_SINGLE;
			bool is_object = page_is_object(pg);
			bool is_listed = pg->owner < OWNER_OBJECT;
			if (is_free + is_single + is_listed + is_object != 1)
				return fail(r,
					    "pfn %" PRIu32 ": in %d states (flags %#" PRIx32
					    ", owner %#" PRIx32 ")",
					    pfn, is_free + is_single + is_listed + is_object, pg->flags,
					    pg->owner);
			if (is_object && !object_page_named(m, pg))
				return fail(r, "pfn %" PRIu32 ": owner slot %" PRIu32 " does not name it",
					    pfn, pg->owner - OWNER_OBJECT);
			if (is_single && (pg->next || pg->prev))
				return fail(r, "pfn %" PRIu32 ": single page is linked", pfn);
			if (is_listed && (pg->owner >= m->nlists || !m->lists[pg->owner].live))
				return fail(r, "pfn %" PRIu32 ": owner list %" PRIu32 " is not live", pfn,
					    pg->owner);
			*nfree += is_free;
			*nlisted += is_listed;
		}
	}
	return true;
}

bool
uvmlab_validate(const struct uvm_machine *m, char *why, size_t whylen)
{
	struct report r = {why, whylen};
	uint64_t bound = managed_pages(m), nfree, nlisted, on_lists;

	if (!check_pages(m, &nfree, &nlisted, &r) || !check_free_lists(m, bound, &r) ||
	    !check_lists(m, bound, &on_lists, &r))
		return false;
	if (nfree != m->nfree)
		return fail(&r, "%" PRIu64 " pages marked free, %" PRIu64 " on free lists", nfree,
			    m->nfree);
	if (nlisted != on_lists)
		return fail(&r, "%" PRIu64 " pages owned by lists, %" PRIu64 " linked on them",
			    nlisted, on_lists);
	for (unsigned i = 0; i < m->nsegs; i++) {
		if (!uvmlab_index_validate(m, i, why, whylen))
			return false;
	}
	if (!uvmlab_obj_layer_validate(m, why, whylen) || !uvmlab_km_layer_validate(m, why, whylen))
		return false;
	if (m->pgflcolor > m->colormask)
		return fail(&r, "next colour %u >= %u colours", m->pgflcolor, m->params.ncolors);
	if (why != NULL && whylen > 0)
		why[0] = '\0';
	return true;
}
