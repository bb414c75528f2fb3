/*
 * Objects on top of the page allocator, as the rump kernel's vm.c has
 * them: anonymous objects and their pager (rev 1.84: ao_get, ao_put,
 * uvm_page_unbusy), page contents, pager map-in windows (rev 1.84:
 * uvm_pagermapin, uvm_pagermapout, uvm_pageratop) and
 * uvm_vnp_zerorange (rev 1.29).
 *
 * Deviation from rump, everywhere: an object's pages come from the
 * machine's physical free lists (uvm_pagealloc_strat's path), not from
 * host memory, so every promise of the page lists (the validator, the
 * digest, uvm_pagefree's EINVAL, the strategies' indexes) holds for them
 * too.  Each object page carries PAGE_SIZE real bytes.
 *
 * Where rump sleeps (a busy page, memory), the model cannot: the call
 * answers EBUSY or ENOMEM and changes nothing.  Where rump asserts,
 * panics or would use memory it freed, the call answers EINVAL (or
 * EBUSY, for a page that someone still holds busy) and changes nothing.
 * Each case is named at its function.  The flaw the strategies with the
 * seeds' flaws keep (uvmlab_strategy_info.seed_flaws) is the 1.29
 * zerorange flag mask, at uvm_vnp_zerorange.
 */
#ifndef UVMLAB_OBJECT_H
#define UVMLAB_OBJECT_H

#include "uvmlab/uvm.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t voff_t;
typedef uint64_t vaddr_t;
typedef uint32_t uvmlab_obj_t;

#define UVMLAB_NO_PAGE UINT32_MAX /* uvm_pagelookup/uvm_pageratop: none */

/* Limits of the model, each an EINVAL (size) or ENOMEM (room). */
#define UVMLAB_OBJ_PAGES_MAX ((uint64_t)1 << 20) /* pages in one object */
#define UVMLAB_GET_PAGES_MAX 64			 /* pages in one pager get */
#define UVMLAB_PAGER_VA_START ((vaddr_t)0xc0000000)
#define UVMLAB_PAGER_VA_PAGES 256 /* the pager windows' address space */

/* The byte a page allocated without zeroing holds (the kernel memory
 * allocators'): the model's stand-in for whatever the page held before. */
#define UVMLAB_JUNK 0xdb

/* ao_put flags (uvm_pager.h). */
#define PGO_CLEANIT 0x001
#define PGO_SYNCIO 0x002
#define PGO_DEACTIVATE 0x004
#define PGO_FREE 0x008
#define PGO_ALLPAGES 0x010
#define PGO_ALL_FLAGS 0x01f

/* uvm_pagermapin flags (uvm_pager.h). */
#define UVMPAGER_MAPIN_WAITOK 0x01
#define UVMPAGER_MAPIN_READ 0x02
#define UVMPAGER_MAPIN_WRITE 0x00

/*
 * uao_create: a new anonymous object of `size` bytes (a positive
 * multiple of PAGE_SIZE, at most UVMLAB_OBJ_PAGES_MAX pages), with no
 * resident pages; its handle in *objp (the lowest free one).  flags must
 * be 0.  Rump ignores both size and flags; the model keeps the size so
 * that a get past the end is EINVAL, as uvm_aobj.c asserts.  EINVAL for
 * a bad size or flags, ENOMEM without host memory.
 */
int uao_create(struct uvm_machine *m, psize_t size, int flags, uvmlab_obj_t *objp);

/*
 * uao_detach: free every resident page, first to last in the object's
 * memq (insertion) order, then the object, as rump's ao_put(ALLPAGES |
 * FREE) does.  EINVAL for a handle that is not live.  EBUSY, changing
 * nothing, if any page is busy: rump frees it under whoever holds it busy
 * (a use-after-free), and uvm_aobj.c waits for it.
 */
int uao_detach(struct uvm_machine *m, uvmlab_obj_t obj);

/*
 * uvm_pagelookup: the resident page of `obj` at byte offset `off`
 * (page-aligned) in *pfnp, or UVMLAB_NO_PAGE.  A hashed lookup, not the
 * seed's walk of memq; same answer.  EINVAL for a dead handle or an
 * unaligned offset.
 */
int uvm_pagelookup(const struct uvm_machine *m, uvmlab_obj_t obj, voff_t off,
		   uvmlab_pfn_t *pfnp);

/*
 * ao_get (rev 1.84): the npages pages of obj from trunc_page(off) on,
 * into pgs[]: each resident page is busied, each missing one allocated
 * (uvm_pagealloc with UVM_PGA_ZERO: PG_BUSY | PG_CLEAN | PG_FAKE,
 * zero-filled, appended to memq).  Returns 0; EINVAL for a dead handle,
 * npages outside 1..UVMLAB_GET_PAGES_MAX or a range past the object's
 * end; EBUSY, asked before any page is got, if a page of the range is
 * already busy (rump sets PG_WANTED and sleeps there, having got the
 * pages before it); ENOMEM if a page cannot be allocated: the pages
 * busied or allocated before are undone (freed in reverse order, the
 * next colour put back).  On any error the machine is unchanged and no
 * PG_WANTED is left behind.
 */
int ao_get(struct uvm_machine *m, uvmlab_obj_t obj, voff_t off, int npages, uvmlab_pfn_t *pgs);

/*
 * ao_put (rev 1.84): with both PGO_FREE and PGO_ALLPAGES, free every
 * resident page in memq order; otherwise do nothing (start and stop are
 * ignored, as in the seed).  A busy page is marked PG_RELEASED instead,
 * and uvm_page_unbusy frees it: rump frees it at once under its holder
 * (a use-after-free).  EINVAL for a dead handle or unknown flags.
 */
int ao_put(struct uvm_machine *m, uvmlab_obj_t obj, voff_t start, voff_t stop, int flags);

/*
 * uvm_page_unbusy (rev 1.84): for each pfn of pgs[] (UVMLAB_NO_PAGE
 * entries skipped), clear PG_BUSY and PG_WANTED, or free the page if it
 * is PG_RELEASED.  EINVAL, changing nothing, if an entry is not a busy
 * object page (rump asserts PG_BUSY) or appears twice; EBUSY if it is
 * mapped in a live pager window (unbusying it would let it be freed
 * under the window: map it out first).
 */
int uvm_page_unbusy(struct uvm_machine *m, const uvmlab_pfn_t *pgs, int npgs);

/*
 * uvmlab_page_write / uvmlab_page_read: bytes [off, off + len) of an
 * object page.  Writing needs the page busy (its holder writes it) and
 * clears PG_CLEAN; reading needs any object page.  EINVAL for a pfn
 * that is not an object page (not busy, to write) or a range past
 * PAGE_SIZE.
 */
int uvmlab_page_write(struct uvm_machine *m, uvmlab_pfn_t pfn, size_t off, const void *buf,
		      size_t len);
int uvmlab_page_read(const struct uvm_machine *m, uvmlab_pfn_t pfn, size_t off, void *buf,
		     size_t len);

/* uvmlab_page_bytes / uvmlab_window_bytes: the PAGE_SIZE bytes of an
 * object page, and the bytes of the live window that starts at kva, for
 * checkers to compare without a copy; NULL for anything else.  Valid
 * until the next call that changes the machine. */
const uint8_t *uvmlab_page_bytes(const struct uvm_machine *m, uvmlab_pfn_t pfn);
const uint8_t *uvmlab_window_bytes(const struct uvm_machine *m, vaddr_t kva);

/*
 * uvm_pagermapin (rev 1.84): a window of npages pages at a new address
 * (*kvap, the lowest free one from UVMLAB_PAGER_VA_START), holding a
 * copy of each page's bytes.  It remembers UVMPAGER_MAPIN_READ: a read
 * window's bytes go back into the pages at map-out.  Every page must be
 * a busy object page, none twice (rump takes any page; EINVAL here), and
 * npages 1..UVMLAB_PAGER_VA_PAGES.  ENOMEM when the window address space
 * has no room or host memory runs out (rump's kmem_alloc sleeps).
 */
int uvm_pagermapin(struct uvm_machine *m, const uvmlab_pfn_t *pgs, int npages, int flags,
		   vaddr_t *kvap);

/*
 * uvm_pagermapout (rev 1.84): copy a read window back into its pages,
 * then free the window.  EINVAL, changing nothing, for an address that
 * starts no live window (rump's KASSERT) or an npages other than the
 * window's (rump panics: "partial unmapping not supported").
 */
int uvm_pagermapout(struct uvm_machine *m, vaddr_t kva, int npages);

/*
 * uvm_pageratop (rev 1.84): the page behind address va in any live
 * window, into *pfnp, or UVMLAB_NO_PAGE.  Cannot fail.
 */
void uvm_pageratop(const struct uvm_machine *m, vaddr_t va, uvmlab_pfn_t *pfnp);

/*
 * uvmlab_window_write / uvmlab_window_read: bytes [va, va + len) of one
 * live window, as a driver reading into it (a write) or the pager's
 * caller looking (a read).  EINVAL if the range is not inside one live
 * window or len is 0.
 */
int uvmlab_window_write(struct uvm_machine *m, vaddr_t va, const void *buf, size_t len);
int uvmlab_window_read(const struct uvm_machine *m, vaddr_t va, void *buf, size_t len);

/*
 * uvm_vnp_zerorange (rev 1.29): zero bytes [off, off + len) of obj's
 * pages, getting at most 32 pages per pager get, each batch written and
 * then unbusied.  Correct strategies clear PG_CLEAN on each page
 * written.  With the seeds' flaws, rev 1.29's `flags &= PG_CLEAN` is
 * kept: every flag but PG_CLEAN is cleared, PG_BUSY included, so the
 * page stays marked clean and the unbusy that follows finds it not busy
 * (counted: UVMLAB_STAT_unbusy_not_busy; rump's KASSERT would fire).
 * EINVAL for len 0 (rump reaches kmem_zalloc(0)), a dead handle, or a
 * range past the object's end; EBUSY if a page of the range is busy
 * (checked first: nothing changes).  ENOMEM if a page cannot be
 * allocated: the batches before it stay zeroed, as in the seed, and the
 * failing batch is undone.
 */
int uvm_vnp_zerorange(struct uvm_machine *m, uvmlab_obj_t obj, voff_t off, size_t len);

/* uvmlab_obj_pages: an object's resident pages, in memq order, up to
 * cap into out[]; returns the count (0 for a dead handle). */
size_t uvmlab_obj_pages(const struct uvm_machine *m, uvmlab_obj_t obj, uvmlab_pfn_t *out,
			size_t cap);

/* uvmlab_obj_live: whether obj is a live handle. */
bool uvmlab_obj_live(const struct uvm_machine *m, uvmlab_obj_t obj);

/* uvmlab_objs_live / uvmlab_windows_live: how many objects and pager
 * windows are live. */
size_t uvmlab_objs_live(const struct uvm_machine *m);
size_t uvmlab_windows_live(const struct uvm_machine *m);

/* uvmlab_page_object: the object and byte offset of an object page;
 * false for any other pfn. */
bool uvmlab_page_object(const struct uvm_machine *m, uvmlab_pfn_t pfn, uvmlab_obj_t *objp,
			voff_t *offp);

#ifdef __cplusplus
}
#endif

#endif /* UVMLAB_OBJECT_H */
