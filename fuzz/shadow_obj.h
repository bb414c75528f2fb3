/*
 * The shadow of the object layer: for each holder of an object, its
 * size and resident pages (pfn, the flags the core must show, memq
 * order, the bytes it must hold); for each holder of a pager window,
 * its address, pages and bytes.  Kept from results and the rules of
 * rump's vm.c alone, as the rest of the shadow is.
 */
#ifndef UVMLAB_SHADOW_OBJ_H
#define UVMLAB_SHADOW_OBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uvmlab/object.h"

struct sobj_page {
	uvmlab_pfn_t pfn; /* UVMLAB_NO_PAGE: not resident */
	uint32_t flags;	  /* PG_BUSY, PG_RELEASED, PG_CLEAN, PG_FAKE, as the core must have them */
	uint64_t seq;	  /* memq order */
	uint8_t *bytes;	  /* PAGE_SIZE, while resident */
};

struct sobj {
	bool live;
	bool kernel; /* the kernel's (km.h): the anonymous pager's calls refuse it */
	uint64_t size; /* in pages */
	struct sobj_page *pages;
	uint64_t nseq;
};

struct swin {
	bool live;
	bool read;
	vaddr_t kva;
	uint32_t npages;
	uint32_t obj;	 /* the object's holder id */
	uint64_t *pgoff; /* each window page's offset in it */
	uint8_t *bytes;
};

/* By holder id: a holder is an object, a window, or neither. */
struct shadow_objs {
	struct sobj *objs;
	struct swin *wins;
	size_t n;
	bool windows_touched; /* the last update changed a window's bytes or
				 pages: compare the windows */
};

/* shadow_objs_fini: release; shadow_objs_copy: dst (finished or zeroed)
 * becomes a deep copy of src; 0 or ENOMEM. */
void shadow_objs_fini(struct shadow_objs *so);
int shadow_objs_copy(struct shadow_objs *dst, const struct shadow_objs *src);

/* The live object or window of holder id, or NULL. */
struct sobj *shadow_objs_obj(const struct shadow_objs *so, uint32_t id);
struct swin *shadow_objs_win(const struct shadow_objs *so, uint32_t id);

/* The resident page of object id at pgoff, or NULL. */
struct sobj_page *shadow_objs_page(const struct shadow_objs *so, uint32_t id, uint64_t pgoff);

/* shadow_objs_add_obj / _add_win: holder id becomes a live object of
 * size pages / a window (arrays made here); false without host memory. */
bool shadow_objs_add_obj(struct shadow_objs *so, uint32_t id, uint64_t size);
bool shadow_objs_add_win(struct shadow_objs *so, uint32_t id, const struct swin *w);
void shadow_objs_drop_win(struct shadow_objs *so, uint32_t id);
void shadow_objs_drop_obj(struct shadow_objs *so, uint32_t id);

/* Is the page of object id at pgoff in a live window? */
bool shadow_objs_in_window(const struct shadow_objs *so, uint32_t id, uint64_t pgoff);

/* The address uvm_pagermapin must give npages pages: the lowest fit in
 * the window space, or 0 (ENOMEM). */
vaddr_t shadow_objs_window_space(const struct shadow_objs *so, uint32_t npages);

/* The live window containing va, or NULL. */
const struct swin *shadow_objs_window_at(const struct shadow_objs *so, vaddr_t va);

/* pgoff of object id's resident pages in memq order into out (room for
 * its size); returns the count. */
size_t shadow_objs_memq(const struct shadow_objs *so, uint32_t id, uint64_t *out);

#endif /* UVMLAB_SHADOW_OBJ_H */
