/*
 * The object layer as a whole: its release, its copy for clones, its
 * part of the digest and of the validator (the invariants are written in
 * machine_impl.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "object_impl.h"
#include "uvmlab/ubc.h"

static void
free_window(struct window *w)
{
	free(w->slots);
	free(w->bytes);
	w->slots = NULL;
	w->bytes = NULL;
}

void
uvmlab_obj_layer_free(struct obj_layer *ol)
{
	if (ol == NULL)
		return;
	for (uint32_t i = 0; i < ol->nwins; i++)
		free_window(&ol->wins[i]);
	free(ol->wins);
	free(ol->ubcs);
	free(ol->objs);
	free(ol->pages);
	free(ol->bytes);
	free(ol->hash);
	free(ol);
}

/* A copy of n bytes of src in new memory (NULL for n 0); false if
 * host memory runs out. */
static bool
dup_bytes(void **dst, const void *src, size_t n)
{
	*dst = NULL;
	if (n == 0)
		return true;
	if ((*dst = uvmlab_host_malloc(n)) == NULL)
		return false;
	memcpy(*dst, src, n);
	return true;
}

int
uvmlab_obj_layer_copy(struct obj_layer **dst, const struct obj_layer *src)
{
	struct obj_layer *c;

	*dst = NULL;
	if (src == NULL)
		return 0;
	if ((c = uvmlab_host_calloc(1, sizeof(*c))) == NULL)
		return ENOMEM;
	*c = *src;
	c->objs = NULL;
	c->pages = NULL;
	c->bytes = NULL;
	c->hash = NULL;
	c->wins = NULL;
	c->nwins = c->wins_cap = 0;
	c->ubcs = NULL;
	bool ok = dup_bytes((void **)&c->objs, src->objs, src->objs_cap * sizeof(*src->objs)) &&
		  dup_bytes((void **)&c->pages, src->pages, src->slots_cap * sizeof(*src->pages)) &&
		  dup_bytes((void **)&c->bytes, src->bytes, (size_t)src->slots_cap * PAGE_SIZE) &&
		  dup_bytes((void **)&c->hash, src->hash, src->hash_cap * sizeof(*src->hash)) &&
		  dup_bytes((void **)&c->ubcs, src->ubcs, src->ubcs_cap * sizeof(*src->ubcs)) &&
		  dup_bytes((void **)&c->wins, src->wins, src->wins_cap * sizeof(*src->wins));
	if (ok) {
		c->wins_cap = src->wins_cap;
		/* each window's arrays are its own: none shared until copied */
		for (uint32_t i = 0; i < src->nwins; i++)
			c->wins[i].slots = NULL, c->wins[i].bytes = NULL;
		for (uint32_t i = 0; i < src->nwins && ok; i++) {
			const struct window *w = &src->wins[i];
			c->nwins = i + 1;
			ok = !w->live ||
			     (dup_bytes((void **)&c->wins[i].slots, w->slots,
					w->npages * sizeof(*w->slots)) &&
			      dup_bytes((void **)&c->wins[i].bytes, w->bytes,
					(size_t)w->npages * PAGE_SIZE));
		}
	}
	if (!ok) {
		uvmlab_obj_layer_free(c);
		return ENOMEM;
	}
	*dst = c;
	return 0;
}

uint64_t
uvmlab_fold(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i = 0;

	/* FNV-1a a word at a time: a page's bytes are most of a digest's
	 * work, and bad_input takes two digests a call */
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, b + i, sizeof(w));
		h ^= w;
		h *= 0x100000001b3ull;
	}
	for (; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

uint64_t
uvmlab_fold64(uint64_t h, uint64_t v)
{
	h ^= v;
	return h * 0x100000001b3ull;
}

/* The logical state: each live object's size and pages in memq order
 * with their offsets and bytes, and each live window.  An empty layer
 * folds nothing, as no layer does. */
uint64_t
uvmlab_obj_layer_digest(const struct uvm_machine *m, uint64_t h)
{
	const struct obj_layer *ol = m->ol;

	if (ol == NULL)
		return h;
	for (uint32_t o = 0; o < ol->nobjs; o++) {
		if (!ol->objs[o].live)
			continue;
		h = uvmlab_fold64(uvmlab_fold64(uvmlab_fold64(h, o), ol->objs[o].size_pages), ol->objs[o].kind);
		for (uint32_t s = ol->objs[o].first; s != NO_SLOT; s = ol->pages[s].next) {
			h = uvmlab_fold64(uvmlab_fold64(h, ol->pages[s].pfn), ol->pages[s].pgoff);
			h = uvmlab_fold(h, slot_bytes(ol, s), PAGE_SIZE);
		}
	}
	for (uint32_t i = 0; i < ol->nwins; i++) {
		const struct window *w = &ol->wins[i];
		if (!w->live)
			continue;
		h = uvmlab_fold64(uvmlab_fold64(uvmlab_fold64(h, w->kva), w->npages), w->read);
		for (uint32_t k = 0; k < w->npages; k++)
			h = uvmlab_fold64(h, ol->pages[w->slots[k]].pfn);
		h = uvmlab_fold(h, w->bytes, (size_t)w->npages * PAGE_SIZE);
	}
	for (uint32_t i = 0; i < ol->nubcs; i++) {
		const struct ubc_win *u = &ol->ubcs[i];
		if (u->live)
			h = uvmlab_fold64(uvmlab_fold64(uvmlab_fold64(uvmlab_fold64(h, u->va), u->len),
							    u->obj), u->off);
	}
	return h;
}

bool
uvmlab_fail(char *why, size_t len, const char *fmt, ...)
{
	if (why != NULL && len > 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return false;
}

/* Each object's memq: used slots of that object, linked both ways,
 * counted, each behind a page that names it; returns the slots seen. */
static bool
objects_validate(const struct uvm_machine *m, uint64_t *seen, char *why, size_t len)
{
	const struct obj_layer *ol = m->ol;

	*seen = 0;
	for (uint32_t o = 0; o < ol->nobjs; o++) {
		const struct object *obj = &ol->objs[o];
		uint64_t n = 0;
		uint32_t prev = NO_SLOT;
		if (!obj->live)
			continue;
		for (uint32_t s = obj->first; s != NO_SLOT; prev = s, s = ol->pages[s].next) {
			const struct objpage *op = &ol->pages[s];
			const struct vm_page *pg = uvmlab_phys_to_page_const(m, op->pfn);
			if (s >= ol->nslots || ++n > ol->nslots)
				return uvmlab_fail(why, len, "object %" PRIu32 ": memq runs wild", o);
			if (!op->used || op->obj != o || op->prev != prev)
				return uvmlab_fail(why, len, "object %" PRIu32 ": slot %" PRIu32 " mislinked", o, s);
			if (pg == NULL || pg->owner != OWNER_OBJECT + s || page_is_free(pg) ||
			    pg->next != NULL || pg->prev != NULL)
				return uvmlab_fail(why, len,
					    "object %" PRIu32 ": pfn %" PRIu32 " is not its page", o,
					    op->pfn);
			if (op->pgoff >= obj->size_pages ||
			    uvmlab_obj_lookup(ol, o, op->pgoff) != s)
				return uvmlab_fail(why, len,
					    "object %" PRIu32 ": offset page %" PRIu64
					    " outside it or not found by lookup",
					    o, op->pgoff);
			if ((pg->flags & PG_RELEASED) && !(pg->flags & PG_BUSY))
				return uvmlab_fail(why, len, "pfn %" PRIu32 ": released but not busy", op->pfn);
		}
		if (obj->last != prev || obj->npages != n)
			return uvmlab_fail(why, len,
				    "object %" PRIu32 ": %" PRIu64 " pages counted, %" PRIu64
				    " on memq",
				    o, obj->npages, n);
		*seen += n;
	}
	return true;
}

/* Live windows: busy object pages, inside the window space, disjoint. */
static bool
windows_validate(const struct uvm_machine *m, char *why, size_t len)
{
	const struct obj_layer *ol = m->ol;
	const vaddr_t end = UVMLAB_PAGER_VA_START + ptoa(UVMLAB_PAGER_VA_PAGES);

	for (uint32_t i = 0; i < ol->nwins; i++) {
		const struct window *w = &ol->wins[i];
		if (!w->live)
			continue;
		if (w->kva < UVMLAB_PAGER_VA_START || w->npages == 0 ||
		    w->kva + ptoa(w->npages) > end || w->kva % PAGE_SIZE != 0)
			return uvmlab_fail(why, len, "window %#" PRIx64 ": outside the pager space", w->kva);
		for (uint32_t j = 0; j < i; j++) {
			const struct window *v = &ol->wins[j];
			if (v->live && v->kva < w->kva + ptoa(w->npages) &&
			    w->kva < v->kva + ptoa(v->npages))
				return uvmlab_fail(why, len, "windows %#" PRIx64 " and %#" PRIx64 " overlap",
					    v->kva, w->kva);
		}
		for (uint32_t k = 0; k < w->npages; k++) {
			uint32_t s = w->slots[k];
			const struct vm_page *pg =
			    s < ol->nslots && ol->pages[s].used
				? uvmlab_phys_to_page_const(m, ol->pages[s].pfn)
				: NULL;
			if (pg == NULL || !(pg->flags & PG_BUSY))
				return uvmlab_fail(why, len,
					    "window %#" PRIx64 ": page %" PRIu32
					    " is not a busy object page",
					    w->kva, k);
		}
	}
	return true;
}

/* Live UBC windows: whole pages inside the UBC space, disjoint. */
static bool
ubcs_validate(const struct obj_layer *ol, char *why, size_t len)
{
	const vaddr_t end = UVMLAB_UBC_VA_START + ptoa(UVMLAB_UBC_VA_PAGES);

	for (uint32_t i = 0; i < ol->nubcs; i++) {
		const struct ubc_win *u = &ol->ubcs[i];
		if (!u->live)
			continue;
		uint64_t span = (u->len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
		if (u->va < UVMLAB_UBC_VA_START || u->len == 0 || u->va % PAGE_SIZE != 0 ||
		    u->len > end - u->va)
			return uvmlab_fail(why, len, "UBC window %#" PRIx64 ": outside the UBC space", u->va);
		for (uint32_t j = 0; j < i; j++) {
			const struct ubc_win *v = &ol->ubcs[j];
			uint64_t vspan = (v->len + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
			if (v->live && v->va < u->va + span && u->va < v->va + vspan)
				return uvmlab_fail(why, len, "UBC windows %#" PRIx64 " and %#" PRIx64 " overlap",
					    v->va, u->va);
		}
	}
	return true;
}

bool
uvmlab_obj_layer_validate(const struct uvm_machine *m, char *why, size_t len)
{
	const struct obj_layer *ol = m->ol;
	uint64_t on_memq, used = 0, hashed = 0;

	if (ol == NULL)
		return true;
	if (!objects_validate(m, &on_memq, why, len) || !windows_validate(m, why, len) ||
	    !ubcs_validate(ol, why, len))
		return false;
	for (uint32_t s = 0; s < ol->nslots; s++)
		used += ol->pages[s].used;
	for (uint32_t i = 0; i < ol->hash_cap; i++)
		hashed += ol->hash[i] != 0;
	if (used != on_memq || hashed != used)
		return uvmlab_fail(why, len,
			    "%" PRIu64 " object page slots used, %" PRIu64 " on memqs, %" PRIu64
			    " hashed",
			    used, on_memq, hashed);
	return true;
}
