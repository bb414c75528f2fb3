/*
 * Anonymous objects and their resident pages (rump vm.c): the object
 * table, the page slots with their bytes, the (object, offset) lookup,
 * uao_create, uao_detach, uvm_pagelookup and page contents.
 *
 * Handles and slots are reused lowest-first and last-freed-first, so
 * the same calls always give the same handles, slots and pfns.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "object_impl.h"

static struct obj_layer *
layer(struct uvm_machine *m)
{
	if (m->ol == NULL) {
		m->ol = uvmlab_host_calloc(1, sizeof(*m->ol));
		if (m->ol != NULL)
			m->ol->free_slot = NO_SLOT;
	}
	return m->ol;
}

struct object *
uvmlab_obj_get(const struct uvm_machine *m, uvmlab_obj_t obj)
{
	const struct obj_layer *ol = m->ol;
	return ol != NULL && obj < ol->nobjs && ol->objs[obj].live ? &ol->objs[obj] : NULL;
}

struct object *
uvmlab_anon_get(const struct uvm_machine *m, uvmlab_obj_t obj)
{
	struct object *o = uvmlab_obj_get(m, obj);
	return o != NULL && o->kind == OBJ_ANON ? o : NULL;
}

bool
uvmlab_obj_live(const struct uvm_machine *m, uvmlab_obj_t obj)
{
	return uvmlab_obj_get(m, obj) != NULL;
}

size_t
uvmlab_objs_live(const struct uvm_machine *m)
{
	size_t n = 0;
	for (uint32_t o = 0; m->ol != NULL && o < m->ol->nobjs; o++)
		n += m->ol->objs[o].live;
	return n;
}

/* ---- the lookup hash: (obj, pgoff) -> slot + 1 ---- */

static uint32_t
hash_home(const struct obj_layer *ol, uvmlab_obj_t obj, uint64_t pgoff)
{
	uint64_t x = (pgoff ^ ((uint64_t)obj << 40)) * 0x9e3779b97f4a7c15ull;
	return (uint32_t)(x >> 32) & (ol->hash_cap - 1);
}

uint32_t
uvmlab_obj_lookup(const struct obj_layer *ol, uvmlab_obj_t obj, uint64_t pgoff)
{
	if (ol == NULL || ol->hash_cap == 0)
		return NO_SLOT;
	/* the table is at most half full: an empty entry ends every probe */
	for (uint32_t i = hash_home(ol, obj, pgoff);; i = (i + 1) & (ol->hash_cap - 1)) {
		uint32_t e = ol->hash[i];
		if (e == 0)
			return NO_SLOT;
		const struct objpage *op = &ol->pages[e - 1];
		if (op->obj == obj && op->pgoff == pgoff)
			return e - 1;
	}
}

static void
hash_insert(struct obj_layer *ol, uint32_t slot)
{
	const struct objpage *op = &ol->pages[slot];
	uint32_t i = hash_home(ol, op->obj, op->pgoff);

	while (ol->hash[i] != 0)
		i = (i + 1) & (ol->hash_cap - 1);
	ol->hash[i] = slot + 1;
}

/* Remove slot's entry, shifting back the entries after it that would
 * no longer be found (no tombstones). */
static void
hash_remove(struct obj_layer *ol, uint32_t slot)
{
	uint32_t mask = ol->hash_cap - 1, i = hash_home(ol, ol->pages[slot].obj,
							 ol->pages[slot].pgoff);

	while (ol->hash[i] != slot + 1)
		i = (i + 1) & mask;
	ol->hash[i] = 0;
	for (uint32_t j = (i + 1) & mask; ol->hash[j] != 0; j = (j + 1) & mask) {
		const struct objpage *op = &ol->pages[ol->hash[j] - 1];
		uint32_t home = hash_home(ol, op->obj, op->pgoff);
		/* move it into the hole unless its home lies in (i, j] */
		bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!stays) {
			ol->hash[i] = ol->hash[j];
			ol->hash[j] = 0;
			i = j;
		}
	}
}

/* Room for one more slot: the slot array, its bytes and the hash grow
 * together.  0 or ENOMEM, nothing changed. */
static int
reserve_slot(struct obj_layer *ol)
{
	if (ol->free_slot != NO_SLOT || ol->nslots < ol->slots_cap)
		return 0;
	uint32_t cap = ol->slots_cap ? ol->slots_cap * 2 : 16;
	if (cap > OWNER_SINGLE - OWNER_OBJECT)
		return ENOMEM;
	struct objpage *pages = uvmlab_host_malloc(cap * sizeof(*pages));
	uint8_t *bytes = uvmlab_host_malloc((size_t)cap * PAGE_SIZE);
	uint32_t *hash = uvmlab_host_calloc(2 * (size_t)cap, sizeof(*hash));
	if (pages == NULL || bytes == NULL || hash == NULL) {
		free(pages);
		free(bytes);
		free(hash);
		return ENOMEM;
	}
	if (ol->nslots > 0) {
		memcpy(pages, ol->pages, ol->nslots * sizeof(*pages));
		memcpy(bytes, ol->bytes, (size_t)ol->nslots * PAGE_SIZE);
	}
	free(ol->pages);
	free(ol->bytes);
	free(ol->hash);
	ol->pages = pages;
	ol->bytes = bytes;
	ol->hash = hash;
	ol->slots_cap = cap;
	ol->hash_cap = 2 * cap;
	for (uint32_t s = 0; s < ol->nslots; s++) {
		if (ol->pages[s].used)
			hash_insert(ol, s);
	}
	return 0;
}

/* ---- object pages ---- */

struct vm_page *
uvmlab_obj_page(const struct uvm_machine *m, uvmlab_pfn_t pfn, uint32_t *slotp)
{
	struct vm_page *pg = uvmlab_phys_to_page((struct uvm_machine *)m, pfn);

	if (pg == NULL || !page_is_object(pg))
		return NULL;
	if (slotp != NULL)
		*slotp = pg->owner - OWNER_OBJECT;
	return pg;
}

int
uvmlab_obj_page_alloc(struct uvm_machine *m, uvmlab_obj_t obj, uint64_t pgoff, bool zero,
		      uint32_t *slotp)
{
	struct obj_layer *ol = m->ol;
	struct object *o = &ol->objs[obj];

	if (reserve_slot(ol) != 0)
		return ENOMEM;
	struct vm_page *pg = uvmlab_pagealloc_internal(m, UVM_PGA_ZERO, UVM_PGA_STRAT_NORMAL, 0);
	if (pg == NULL) {
		STAT_INCR(m, pagealloc_fail);
		return ENOMEM;
	}
	STAT_INCR(m, pagealloc);
	STAT_INCR(m, object_pages);
	uint32_t slot = ol->free_slot;
	if (slot != NO_SLOT)
		ol->free_slot = ol->pages[slot].next;
	else
		slot = ol->nslots++;
	ol->pages[slot] = (struct objpage){pg->pfn, obj, pgoff, NO_SLOT, o->last, true};
	if (o->last != NO_SLOT)
		ol->pages[o->last].next = slot;
	else
		o->first = slot;
	o->last = slot;
	o->npages++;
	hash_insert(ol, slot);
	memset(slot_bytes(ol, slot), zero ? 0 : UVMLAB_JUNK, PAGE_SIZE);
	pg->owner = OWNER_OBJECT + slot;
	pg->flags = PG_BUSY | PG_CLEAN | PG_FAKE;
	*slotp = slot;
	return 0;
}

void
uvmlab_obj_page_free(struct uvm_machine *m, uint32_t slot)
{
	struct obj_layer *ol = m->ol;
	struct objpage *op = &ol->pages[slot];
	struct object *o = &ol->objs[op->obj];
	struct vm_page *pg = uvmlab_phys_to_page(m, op->pfn);

	UVMLAB_ASSERT(op->used && pg != NULL && pg->owner == OWNER_OBJECT + slot);
	hash_remove(ol, slot);
	if (op->prev != NO_SLOT)
		ol->pages[op->prev].next = op->next;
	else
		o->first = op->next;
	if (op->next != NO_SLOT)
		ol->pages[op->next].prev = op->prev;
	else
		o->last = op->prev;
	o->npages--;
	op->used = false;
	op->next = ol->free_slot;
	ol->free_slot = slot;
	uvmlab_pagefree_internal(m, pg);
}

bool
uvmlab_range_busy(const struct uvm_machine *m, uvmlab_obj_t obj, uint64_t first, uint64_t last)
{
	for (uint64_t p = first; p <= last; p++) {
		uint32_t s = uvmlab_obj_lookup(m->ol, obj, p);
		if (s != NO_SLOT && (uvmlab_phys_to_page_const(m, m->ol->pages[s].pfn)->flags & PG_BUSY))
			return true;
	}
	return false;
}

/* ---- objects ---- */

int
uvmlab_obj_create(struct uvm_machine *m, uint64_t size_pages, enum obj_kind kind,
		  uvmlab_obj_t *objp)
{
	struct obj_layer *ol;
	uvmlab_obj_t obj;

	if ((ol = layer(m)) == NULL)
		return ENOMEM;
	for (obj = 0; obj < ol->nobjs && ol->objs[obj].live; obj++)
		continue;
	if (obj == ol->objs_cap &&
	    uvmlab_host_grow((void **)&ol->objs, &ol->objs_cap, 8, sizeof(*ol->objs)) != 0)
		return ENOMEM;
	if (obj == ol->nobjs)
		ol->nobjs++;
	ol->objs[obj] = (struct object){true, (uint8_t)kind, size_pages, NO_SLOT, NO_SLOT, 0};
	*objp = obj;
	return 0;
}

void
uvmlab_obj_destroy(struct uvm_machine *m, uvmlab_obj_t obj)
{
	UVMLAB_ASSERT(m->ol->objs[obj].first == NO_SLOT);
	m->ol->objs[obj].live = false;
	while (m->ol->nobjs > 0 && !m->ol->objs[m->ol->nobjs - 1].live)
		m->ol->nobjs--;
}

int
uao_create(struct uvm_machine *m, psize_t size, int flags, uvmlab_obj_t *objp)
{
	int error = 0;

	/* UAO_FLAG_KERNOBJ is uvm_km_init's alone (uvmlab_km_kernel_object) */
	if (objp == NULL || flags != 0 || size == 0 || size % PAGE_SIZE != 0 ||
	    atop(size) > UVMLAB_OBJ_PAGES_MAX)
		error = EINVAL;
	else
		error = uvmlab_obj_create(m, atop(size), OBJ_ANON, objp);
	uvmlab_event_log(m, UVMLAB_EV_UAO_CREATE, error, size, (uint64_t)flags,
			 error == 0 ? *objp : 0, 0, 0, 0);
	return error;
}

int
uao_detach(struct uvm_machine *m, uvmlab_obj_t obj)
{
	struct object *o = uvmlab_anon_get(m, obj);
	int error = 0;

	if (o == NULL) {
		error = EINVAL;
		goto out;
	}
	for (uint32_t s = o->first; s != NO_SLOT; s = m->ol->pages[s].next) {
		if (uvmlab_phys_to_page(m, m->ol->pages[s].pfn)->flags & PG_BUSY) {
			error = EBUSY;
			goto out;
		}
	}
	/* ao_put(ALLPAGES | FREE): memq order, first to last */
	while (o->first != NO_SLOT)
		uvmlab_obj_page_free(m, o->first);
	uvmlab_obj_destroy(m, obj);
out:
	uvmlab_event_log(m, UVMLAB_EV_UAO_DETACH, error, obj, 0, 0, 0, 0, 0);
	return error;
}

int
uvm_pagelookup(const struct uvm_machine *m, uvmlab_obj_t obj, voff_t off, uvmlab_pfn_t *pfnp)
{
	if (uvmlab_obj_get(m, obj) == NULL || off % PAGE_SIZE != 0 || pfnp == NULL)
		return EINVAL;
	uint32_t slot = uvmlab_obj_lookup(m->ol, obj, atop(off));
	*pfnp = slot == NO_SLOT ? UVMLAB_NO_PAGE : m->ol->pages[slot].pfn;
	return 0;
}

/* ---- contents and queries ---- */

int
uvmlab_page_write(struct uvm_machine *m, uvmlab_pfn_t pfn, size_t off, const void *buf,
		  size_t len)
{
	uint32_t slot;
	struct vm_page *pg = uvmlab_obj_page(m, pfn, &slot);

	if (pg == NULL || (pg->flags & PG_BUSY) == 0 || off > PAGE_SIZE || len > PAGE_SIZE - off ||
	    (len > 0 && buf == NULL))
		return EINVAL;
	if (len > 0)
		memcpy(slot_bytes(m->ol, slot) + off, buf, len);
	pg->flags &= ~PG_CLEAN;
	return 0;
}

int
uvmlab_page_read(const struct uvm_machine *m, uvmlab_pfn_t pfn, size_t off, void *buf, size_t len)
{
	uint32_t slot;

	if (uvmlab_obj_page(m, pfn, &slot) == NULL || off > PAGE_SIZE || len > PAGE_SIZE - off ||
	    (len > 0 && buf == NULL))
		return EINVAL;
	if (len > 0)
		memcpy(buf, slot_bytes(m->ol, slot) + off, len);
	return 0;
}

const uint8_t *
uvmlab_page_bytes(const struct uvm_machine *m, uvmlab_pfn_t pfn)
{
	uint32_t slot;
	return uvmlab_obj_page(m, pfn, &slot) != NULL ? slot_bytes(m->ol, slot) : NULL;
}

size_t
uvmlab_obj_pages(const struct uvm_machine *m, uvmlab_obj_t obj, uvmlab_pfn_t *out, size_t cap)
{
	const struct object *o = uvmlab_obj_get(m, obj);
	size_t n = 0;

	for (uint32_t s = o ? o->first : NO_SLOT; s != NO_SLOT; s = m->ol->pages[s].next, n++) {
		if (n < cap)
			out[n] = m->ol->pages[s].pfn;
	}
	return n;
}

bool
uvmlab_page_object(const struct uvm_machine *m, uvmlab_pfn_t pfn, uvmlab_obj_t *objp,
		   voff_t *offp)
{
	uint32_t slot;

	if (uvmlab_obj_page(m, pfn, &slot) == NULL)
		return false;
	if (objp != NULL)
		*objp = m->ol->pages[slot].obj;
	if (offp != NULL)
		*offp = ptoa(m->ol->pages[slot].pgoff);
	return true;
}
