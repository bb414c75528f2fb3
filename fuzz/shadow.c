/* The shadow model; see shadow.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "shadow.h"

int
shadow_init(struct shadow *sh, const struct uvm_machine *m)
{
	struct uvmlab_seginfo si;

	memset(sh, 0, sizeof(*sh));
	for (unsigned i = 0; uvmlab_seginfo(m, i, &si) == 0; i++) {
		sh->base = i == 0 || si.start < sh->base ? si.start : sh->base;
		sh->top = si.end > sh->top ? si.end : sh->top;
	}
	size_t span = sh->top - sh->base + 1; /* one spare: never empty */
	if (sh->top > SHADOW_TOP_MAX || (sh->owner = malloc(span * sizeof(*sh->owner))) == NULL)
		return ENOMEM;
	if ((sh->seq = calloc(span, sizeof(*sh->seq))) == NULL ||
	    free_order_init(&sh->order, m, sh->base, sh->top) != 0) {
		shadow_fini(sh);
		return ENOMEM;
	}
	shadow_km_init(&sh->km, uvmlab_machine_params(m)->kva_pages,
		       uvmlab_machine_params(m)->memlimit);
	for (size_t k = 0; k < span; k++)
		sh->owner[k] = SHADOW_ABSENT;
	for (unsigned i = 0; uvmlab_seginfo(m, i, &si) == 0; i++) {
		for (uvmlab_pfn_t p = si.start; p < si.end; p++) {
			bool avail = p >= si.avail_start && p < si.avail_end;
			sh->owner[p - sh->base] = avail ? SHADOW_FREE : SHADOW_UNMANAGED;
			sh->nfree += avail;
		}
	}
	return 0;
}

/* dst takes src's owners and sequence numbers over n slots from `from`,
 * and src's scalars; its arrays stay its own. */
static void
copy_over(struct shadow *dst, const struct shadow *src, size_t from, size_t n)
{
	uint32_t *owner = dst->owner;
	uint64_t *seq = dst->seq;
	struct free_order order = dst->order;
	struct shadow_objs objs = dst->objs;
	struct shadow_km km = dst->km;

	*dst = *src;
	dst->km = km;
	dst->owner = owner;
	dst->seq = seq;
	dst->order = order;
	dst->objs = objs;
	dst->dirty.any = false;
	memcpy(owner + from, src->owner + from, n * sizeof(*owner));
	memcpy(seq + from, src->seq + from, n * sizeof(*seq));
}

int
shadow_copy(struct shadow *dst, const struct shadow *src)
{
	size_t span = src->top - src->base + 1;

	if (dst->owner == NULL) {
		dst->owner = malloc(span * sizeof(*dst->owner));
		dst->seq = malloc(span * sizeof(*dst->seq));
		if (dst->owner == NULL || dst->seq == NULL) {
			shadow_fini(dst);
			return ENOMEM;
		}
	}
	if (free_order_copy(&dst->order, &src->order) != 0 ||
	    shadow_objs_copy(&dst->objs, &src->objs) != 0 || shadow_km_copy(&dst->km, &src->km) != 0)
		return ENOMEM;
	copy_over(dst, src, 0, span);
	return 0;
}

void
shadow_restore(struct shadow *dst, const struct shadow *src)
{
	struct pfn_range d = dst->dirty;

	free_order_restore(&dst->order, &src->order);
	shadow_objs_fini(&dst->objs);
	shadow_km_fini(&dst->km);
	dst->km.memlimit = src->km.memlimit;
	copy_over(dst, src, d.any ? d.first - src->base : 0, d.any ? d.last - d.first + 1 : 0);
}

void
shadow_fini(struct shadow *sh)
{
	free(sh->owner);
	free(sh->seq);
	free_order_fini(&sh->order);
	shadow_objs_fini(&sh->objs);
	shadow_km_fini(&sh->km);
	sh->owner = NULL;
	sh->seq = NULL;
}

void
churn_fini(struct churn *ch)
{
	free(ch->pfns);
	ch->pfns = NULL;
	ch->n = 0;
}

void
shadow_touch(struct shadow *sh, uvmlab_pfn_t pfn)
{
	pfn_range_mark(&sh->touched, pfn);
	pfn_range_mark(&sh->dirty, pfn);
}

uint32_t
shadow_holder_id(const struct session *s, const char *name)
{
	const struct holder *h = session_find(s, name);
	return h != NULL ? (uint32_t)(h - s->holders) : SHADOW_ABSENT;
}

bool
shadow_take(struct shadow *sh, uvmlab_pfn_t pfn, uint32_t id, char *why, size_t len)
{
	uint32_t o = shadow_owner(sh, pfn);

	if (o != SHADOW_FREE) {
		snprintf(why, len, "pfn %" PRIu32 " handed out, but the shadow has it %s", pfn,
			 o == SHADOW_ABSENT	 ? "in no segment"
			 : o == SHADOW_UNMANAGED ? "unmanaged"
						 : "already taken");
		return false;
	}
	sh->owner[pfn - sh->base] = id;
	sh->seq[pfn - sh->base] = sh->nseq++;
	sh->nfree--;
	free_order_unlink(&sh->order, pfn);
	shadow_touch(sh, pfn);
	return true;
}

bool
shadow_give_back(struct shadow *sh, uvmlab_pfn_t pfn, char *why, size_t len)
{
	if (shadow_owner(sh, pfn) >= SHADOW_FREE) {
		snprintf(why, len, "pfn %" PRIu32 " freed, but the shadow has it not allocated",
			 pfn);
		return false;
	}
	sh->owner[pfn - sh->base] = SHADOW_FREE;
	sh->nfree++;
	free_order_push(&sh->order, pfn);
	shadow_touch(sh, pfn);
	return true;
}

/* A page taken and given back within one call: it heads its queue. */
static bool
cycle(struct shadow *sh, uvmlab_pfn_t pfn, char *why, size_t len)
{
	return shadow_take(sh, pfn, 0, why, len) && shadow_give_back(sh, pfn, why, len);
}

static int
by_seq(const void *a, const void *b)
{
	uint64_t x = ((const uint64_t *)a)[0], y = ((const uint64_t *)b)[0];
	return (x > y) - (x < y);
}

bool
shadow_free_holder(struct shadow *sh, uint32_t id, char *why, size_t len)
{
	uint64_t (*pages)[2] = NULL;
	size_t n = 0, cap = 0;
	bool ok = true;

	for (uvmlab_pfn_t p = sh->base; p < sh->top; p++) {
		if (sh->owner[p - sh->base] != id)
			continue;
		if (grow((void **)&pages, &cap, n + 1, sizeof(*pages)) != 0) {
			free(pages);
			snprintf(why, len, "shadow: out of host memory");
			return false;
		}
		pages[n][0] = sh->seq[p - sh->base];
		pages[n++][1] = p;
	}
	if (n > 0)
		qsort(pages, n, sizeof(*pages), by_seq);
	for (size_t i = 0; i < n && ok; i++)
		ok = shadow_give_back(sh, (uvmlab_pfn_t)pages[i][1], why, len);
	free(pages);
	return ok;
}

bool
shadow_apply(struct shadow *sh, const struct session *s, const struct op *op,
	     const struct op_result *r, const struct churn *ch, char *why, size_t len)
{
	op_shadow_fn *update = op_table[op->code]->shadow;

	sh->touched.any = false;
	sh->objs.windows_touched = false;
	sh->km.touched = false;
	sh->km.mapped.any = false;
	for (size_t i = 0; ch != NULL && i < ch->n; i++) {
		if (!cycle(sh, ch->pfns[i], why, len))
			return false;
	}
	if (ch != NULL && ch->colour_moved)
		sh->order.next_color = ch->next_color;
	if (update == NULL || (r->error != 0 && !op_table[op->code]->shadow_on_error))
		return true;
	return update(sh, s, op, r, why, len);
}

/* An object page: the holder's object, at the shadow's offset, with
 * the flags and bytes the shadow says; NULL, or what is wrong. */
static const char *
object_page_agrees(const struct shadow *sh, const struct session *s, uvmlab_pfn_t pfn, uint32_t o)
{
	const struct sobj_page *sp = shadow_objs_page(&sh->objs, o, sh->seq[pfn - sh->base]);
	const uint8_t *bytes = uvmlab_page_bytes(s->m, pfn);
	uvmlab_obj_t obj;
	voff_t off;

	if (s->holders[o].kind != HOLDER_OBJECT || sp == NULL || sp->pfn != pfn)
		return "is an object page the shadow does not have";
	if (!uvmlab_page_object(s->m, pfn, &obj, &off) || obj != s->holders[o].obj ||
	    off != ptoa(sh->seq[pfn - sh->base]))
		return "is in the wrong object or at the wrong offset";
	if (uvmlab_page_flags(s->m, pfn) != sp->flags)
		return "has the wrong flags (busy, released or clean)";
	if (bytes == NULL || memcmp(bytes, sp->bytes, PAGE_SIZE) != 0)
		return "holds the wrong bytes";
	return NULL;
}

/* Does the core's view of pfn (state st, on list `list`) agree with
 * the shadow's? */
static bool
agrees(const struct shadow *sh, const struct session *s, uvmlab_pfn_t pfn,
       enum uvmlab_page_state st, uvmlab_list_t list, char *why, size_t len)
{
	uint32_t o = shadow_owner(sh, pfn);
	const char *bad = NULL;

	if (o == SHADOW_ABSENT)
		bad = st == UVMLAB_PAGE_ABSENT ? NULL : "should be in no segment";
	else if (o == SHADOW_UNMANAGED)
		bad = st == UVMLAB_PAGE_UNMANAGED ? NULL : "should be unmanaged";
	else if (o == SHADOW_FREE)
		bad = st == UVMLAB_PAGE_FREE ? NULL : "is allocated, but nothing holds it (lost)";
	else if (st == UVMLAB_PAGE_FREE)
		bad = "is reported free, but the shadow has it allocated";
	else if (st == UVMLAB_PAGE_SINGLE)
		bad = s->holders[o].kind == HOLDER_SINGLE && s->holders[o].pfn == pfn
			  ? NULL
			  : "is a single page of the wrong holder";
	else if (st == UVMLAB_PAGE_LISTED)
		bad = s->holders[o].kind == HOLDER_LIST && s->holders[o].list == list
			  ? NULL
			  : "is on the wrong page list";
	else if (st == UVMLAB_PAGE_OBJECT)
		bad = object_page_agrees(sh, s, pfn, o);
	else
		bad = "has the wrong state";
	if (bad != NULL)
		snprintf(why, len, "shadow: pfn %" PRIu32 " %s", pfn, bad);
	return bad == NULL;
}

/* Every window and object of the session against the shadow: the
 * counts of both, and (when `windows`) each window's pages and bytes. */
static bool
compare_objects(const struct shadow *sh, const struct session *s, bool windows, char *why,
		size_t len)
{
	size_t objs = 0, wins = 0;

	for (uint32_t i = 0; i < s->nholders; i++) {
		const struct swin *w = shadow_objs_win(&sh->objs, i);
		const uint8_t *bytes = w != NULL && windows ? uvmlab_window_bytes(s->m, w->kva) : NULL;
		objs += shadow_objs_obj(&sh->objs, i) != NULL;
		for (uint32_t k = 0; w != NULL && windows && k < w->npages; k++) {
			uvmlab_pfn_t pfn;
			const struct sobj_page *sp = shadow_objs_page(&sh->objs, w->obj, w->pgoff[k]);
			uvm_pageratop(s->m, w->kva + ptoa(k), &pfn);
			if (sp == NULL || pfn != sp->pfn || bytes == NULL ||
			    memcmp(bytes + ptoa(k), w->bytes + ptoa(k), PAGE_SIZE) != 0) {
				snprintf(why, len, "shadow: window %s page %" PRIu32
						   " has the wrong page or bytes",
					 s->holders[i].name, k);
				return false;
			}
		}
		wins += w != NULL;
	}
	if (uvmlab_objs_live(s->m) != objs || uvmlab_windows_live(s->m) != wins) {
		snprintf(why, len, "shadow: core has %zu objects and %zu windows, shadow %zu and %zu",
			 uvmlab_objs_live(s->m), uvmlab_windows_live(s->m), objs, wins);
		return false;
	}
	return true;
}

/* The core against the shadow over pfns [first, last]. */
static bool
compare_range(const struct shadow *sh, const struct session *s, uvmlab_pfn_t first,
	      uvmlab_pfn_t last, char *why, size_t len)
{
	enum { CHUNK = 256 };
	enum uvmlab_page_state st[CHUNK];
	uvmlab_list_t lists[CHUNK];

	for (uint64_t p = first; p <= last; p += CHUNK) {
		size_t n = last - p + 1 < CHUNK ? (size_t)(last - p + 1) : CHUNK;
		uvmlab_page_states(s->m, (uvmlab_pfn_t)p, n, st, lists);
		for (size_t k = 0; k < n; k++) {
			if (!agrees(sh, s, (uvmlab_pfn_t)(p + k), st[k], lists[k], why, len))
				return false;
		}
	}
	return true;
}

bool
shadow_compare(const struct shadow *sh, const struct session *s, bool full, char *why,
	       size_t len)
{
	/* in full: the span, one past its top, and the ends of the absent
	 * pfns below it (the core answers for those from the same segment
	 * lookup as for the gaps inside the span) */
	if (full && !(compare_range(sh, s, sh->base, sh->top, why, len) &&
		      compare_range(sh, s, 0, 0, why, len) &&
		      (sh->base == 0 || compare_range(sh, s, sh->base - 1, sh->base - 1, why, len))))
		return false;
	if (!full && sh->touched.any &&
	    !compare_range(sh, s, sh->touched.first, sh->touched.last, why, len))
		return false;
	if ((full || sh->objs.n > 0) &&
	    !compare_objects(sh, s, full || sh->objs.windows_touched, why, len))
		return false;
	if ((full || sh->km.touched) && !skm_compare(&sh->km, s, full, why, len))
		return false;
	if (uvmlab_free_pages(s->m) != sh->nfree) {
		snprintf(why, len, "shadow: core has %" PRIu64 " free pages, shadow %" PRIu64,
			 uvmlab_free_pages(s->m), sh->nfree);
		return false;
	}
	/* every live list is a holder's: a failed call leaks no handle */
	size_t held = 0;
	for (size_t i = 0; i < s->nholders; i++)
		held += s->holders[i].kind == HOLDER_LIST;
	if (uvmlab_pglist_live(s->m) != held) {
		snprintf(why, len, "shadow: core has %zu live page lists, the holders %zu",
			 uvmlab_pglist_live(s->m), held);
		return false;
	}
	return true;
}
