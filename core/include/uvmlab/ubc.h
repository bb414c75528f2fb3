/*
 * UBC windows as rump's vm.c rev 1.29 has them.  ubc_alloc and
 * ubc_release make and drop a window record over an object range; in
 * 1.29 they touch no page.  Bytes move through rump_ubc_magic_uiomove,
 * reached from ubc_uiomove: the anonymous pager gets the pages the
 * range spans, the bytes are copied page by page (a copy may start and
 * end inside pages), written pages lose PG_CLEAN, and the pages are
 * unbusied.
 *
 * Window addresses come from a UBC space of UVMLAB_UBC_VA_PAGES pages,
 * lowest fit first, where rump takes host memory (kmem_alloc of the
 * window's length): the same calls give the same addresses.
 *
 * The flaw the strategies with the seeds' flaws keep: 1.29's len2npages
 * counts one page too few for a copy from an unaligned offset whose
 * length is a multiple of PAGE_SIZE, so the last bytes are not moved
 * though the call answers 0 (counted: UVMLAB_STAT_ubc_short_copy).
 * 1.29's ubc_uiomove also passes no result pointer, so a pager error
 * would be dropped; but its ao_get sleeps rather than fail, so no error
 * can reach it there, and the model answers its own (EBUSY, ENOMEM, the
 * 64-page EINVAL) in every strategy.
 */
#ifndef UVMLAB_UBC_H
#define UVMLAB_UBC_H

#include "uvmlab/object.h"

#ifdef __cplusplus
extern "C" {
#endif

#define UVMLAB_UBC_VA_START ((vaddr_t)0xe0000000)
#define UVMLAB_UBC_VA_PAGES 1024

/* ubc_alloc flags (uvm_extern.h). */
#define UBC_READ 0x01
#define UBC_WRITE 0x02

/* uio_rw */
#define UIO_READ 0
#define UIO_WRITE 1

/*
 * ubc_alloc: a window over obj's bytes [offset, offset + *lenp), at the
 * lowest free address of the UBC space with room for *lenp bytes
 * (taken in whole pages); *lenp is left as given (1.29 maps all of it).  `advice`
 * is ignored, as in the seed.  EINVAL for a dead or kernel object, a
 * length of 0 (rump's kmem_alloc(0)) or unknown flags; ENOMEM when the
 * space has no room.
 */
int ubc_alloc(struct uvm_machine *m, uvmlab_obj_t obj, voff_t offset, uint64_t *lenp, int advice,
	      int flags, vaddr_t *vap);

/* ubc_release: drop the window holding va (any address in its *lenp
 * bytes, as the seed searches).  EINVAL for an address in no window,
 * the rest of its last page included (the seed panics: "releasing
 * invalid window"). */
int ubc_release(struct uvm_machine *m, vaddr_t va, int flags);

/*
 * ubc_uiomove: move `todo` bytes between buf and obj from byte `offset`
 * (UIO_READ: into buf; UIO_WRITE: into the pages), as 1.29 does: one
 * window over the whole range, one pager get (ao_get) of the pages it
 * spans, a copy page by page, then the pages unbusied.  0; or the get's
 * error (EINVAL past the object's end or for more than
 * UVMLAB_GET_PAGES_MAX pages, a model limit: rump's get has none; EBUSY
 * where rump sleeps; ENOMEM) with nothing moved; EINVAL for a NULL buf,
 * todo 0, a dead or kernel object, or unknown rw.
 */
int ubc_uiomove(struct uvm_machine *m, uvmlab_obj_t obj, voff_t offset, void *buf, size_t todo,
		int rw);

/* uvmlab_ubc_windows_live: how many UBC windows are live. */
size_t uvmlab_ubc_windows_live(const struct uvm_machine *m);

#ifdef __cplusplus
}
#endif

#endif /* UVMLAB_UBC_H */
