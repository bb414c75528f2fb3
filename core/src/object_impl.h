/*
 * The object layer's structures, shared by object.c (objects, pages,
 * contents), aobj.c (the anonymous pager), pager_window.c and
 * zerorange.c.  Everything is flat arrays of indices, so a clone is a
 * copy of each array; the invariants are in machine_impl.h.
 */
#ifndef UVMLAB_OBJECT_IMPL_H
#define UVMLAB_OBJECT_IMPL_H

#include "machine_impl.h"
#include "uvmlab/object.h"

/* One resident object page; its bytes are at slot_bytes(ol, slot). */
struct objpage {
	uvmlab_pfn_t pfn;
	uvmlab_obj_t obj;
	uint64_t pgoff;	 /* offset in pages */
	uint32_t next;	 /* memq (insertion order); free slots: the next free */
	uint32_t prev;
	bool used;
};

/* Who an object belongs to: the anonymous pager's callers, or the kernel
 * (km.h: the kernel object, and km-pager objects), whose objects never
 * die and are not the anonymous pager's to get, put or zero. */
enum obj_kind { OBJ_ANON, OBJ_KERNEL, OBJ_KMEM };

struct object {
	bool live;
	uint8_t kind; /* enum obj_kind */
	uint64_t size_pages;
	uint32_t first, last; /* memq, NO_SLOT when empty */
	uint64_t npages;      /* uo_npages */
};

struct window {
	bool live;
	bool read; /* mapped with UVMPAGER_MAPIN_READ: copied back at map-out */
	vaddr_t kva;
	uint32_t npages;
	uint32_t *slots; /* the object page behind each window page */
	uint8_t *bytes;	 /* npages * PAGE_SIZE */
};

/* A UBC window (ubc.h): a record over an object range, at va. */
struct ubc_win {
	bool live;
	uvmlab_obj_t obj;
	voff_t off;
	uint64_t len; /* bytes, as asked: the seed searches by them; the
			 window space is taken in whole pages */
	vaddr_t va;
};

struct obj_layer {
	struct object *objs;
	uint32_t nobjs, objs_cap; /* handles [0, nobjs) have been used */
	struct objpage *pages;
	uint8_t *bytes;		   /* slots_cap * PAGE_SIZE */
	uint32_t nslots, slots_cap; /* slots [0, nslots) have been used */
	uint32_t free_slot;	   /* head of the free slots, NO_SLOT if none */
	uint32_t *hash;		   /* slot + 1 by (obj, pgoff); 0 empty; linear probing */
	uint32_t hash_cap;	   /* a power of two, at least 2 * slots_cap */
	struct window *wins;
	uint32_t nwins, wins_cap;
	struct ubc_win *ubcs;
	uint32_t nubcs, ubcs_cap;
};

static inline uint8_t *
slot_bytes(const struct obj_layer *ol, uint32_t slot)
{
	return ol->bytes + (size_t)slot * PAGE_SIZE;
}

/* uvmlab_fail: the validators' verdict: why[] (if any) gets the
 * message; returns false.  The object and kernel memory layers use it. */
bool uvmlab_fail(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* FNV-1a's step a 64-bit word at a time, as digest.c folds the rest of
 * the machine: over bytes (any tail byte by byte), and over one word;
 * the object and kernel memory layers' digests use them. */
uint64_t uvmlab_fold(uint64_t h, const void *p, size_t n);
uint64_t uvmlab_fold64(uint64_t h, uint64_t v);

/* The live object obj, or NULL; uvmlab_anon_get: the same, but NULL
 * for a kernel object too. */
struct object *uvmlab_obj_get(const struct uvm_machine *m, uvmlab_obj_t obj);
struct object *uvmlab_anon_get(const struct uvm_machine *m, uvmlab_obj_t obj);

/* uvmlab_obj_create: a new object of size_pages pages and `kind`, at the
 * lowest free handle; 0 or ENOMEM (nothing changed). */
int uvmlab_obj_create(struct uvm_machine *m, uint64_t size_pages, enum obj_kind kind,
		      uvmlab_obj_t *objp);
/* uvmlab_obj_destroy: a live object with no pages is no more. */
void uvmlab_obj_destroy(struct uvm_machine *m, uvmlab_obj_t obj);

/* The slot of obj's page at pgoff, or NO_SLOT. */
uint32_t uvmlab_obj_lookup(const struct obj_layer *ol, uvmlab_obj_t obj, uint64_t pgoff);

/* The object page at pfn and its slot; NULL if pfn is not one. */
struct vm_page *uvmlab_obj_page(const struct uvm_machine *m, uvmlab_pfn_t pfn, uint32_t *slotp);

/*
 * uvmlab_obj_page_alloc: uvm_pagealloc(uobj, off, NULL, zero ?
 * UVM_PGA_ZERO : 0) on the free lists: a page, PG_BUSY | PG_CLEAN |
 * PG_FAKE, at the tail of obj's memq, zero-filled, or else holding
 * UVMLAB_JUNK bytes (what a page not zeroed holds, for the model).  Its
 * slot in *slotp.  ENOMEM (nothing changed) when no page may be given
 * or host memory runs out.
 */
int uvmlab_obj_page_alloc(struct uvm_machine *m, uvmlab_obj_t obj, uint64_t pgoff, bool zero,
			  uint32_t *slotp);

/* uvmlab_obj_page_free: rump's uvm_pagefree: the page leaves its
 * object's memq and goes back to the free lists; its slot is freed. */
void uvmlab_obj_page_free(struct uvm_machine *m, uint32_t slot);

/* uvmlab_window_holds: is the object page in slot mapped in a live
 * window? */
bool uvmlab_window_holds(const struct obj_layer *ol, uint32_t slot);

/* uvmlab_range_busy: is any resident page of obj's pgoff [first, last]
 * busy?  ao_get and zerorange ask before they get pages, so an EBUSY
 * answer changes nothing and comes before any ENOMEM. */
bool uvmlab_range_busy(const struct uvm_machine *m, uvmlab_obj_t obj, uint64_t first,
		       uint64_t last);

/*
 * uvmlab_get_pages: ao_get's loop over pgoff [first, first + n) of obj
 * (checked by the caller, none of them busy): busy each resident page,
 * allocate each missing one, slots into slots[].  On ENOMEM, undoes what
 * it did (see ao_get) and returns it.
 */
int uvmlab_get_pages(struct uvm_machine *m, uvmlab_obj_t obj, uint64_t first, uint32_t n,
		     uint32_t *slots);

/* uvmlab_ao_get: ao_get without its event, for the core's own callers
 * (ubc_uiomove's pager get), whose event is their own. */
int uvmlab_ao_get(struct uvm_machine *m, uvmlab_obj_t obj, voff_t off, int npages,
		  uvmlab_pfn_t *pgs);

/* uvmlab_unbusy_slot: rev 1.84's uvm_page_unbusy of one busy page:
 * PG_RELEASED frees it, else PG_BUSY and PG_WANTED are cleared. */
void uvmlab_unbusy_slot(struct uvm_machine *m, uint32_t slot);

#endif /* UVMLAB_OBJECT_IMPL_H */
