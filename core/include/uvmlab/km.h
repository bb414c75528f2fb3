/*
 * Kernel memory, as uvm_km.c rev 1.13 has it: the kernel map and its
 * submaps, kernel objects, the km pager's get, and the allocators
 * uvm_km_kmemalloc, uvm_km_alloc1 and uvm_km_valloc with uvm_km_free and
 * uvm_km_pgremove.
 *
 * The kernel map covers [UVMLAB_KVA_START, + ptoa(params.kva_pages)).
 * An address range is allocated in a map at the lowest free address at
 * or after the map's start (uvm_map with the map's minimum as hint, as
 * every allocator here passes it).  A kernel object's offset is always
 * the kernel address minus the kernel map's start, submaps included, as
 * in the seed.  Mapped pages are the model's pmap_kenter_pa: each kernel
 * page address maps at most one object page.
 *
 * Where the seed sleeps (a busy or released page, memory), the model
 * cannot: the call runs the page daemon once where it would wait for
 * memory (uvm_wait), and then answers ENOMEM, or answers EBUSY for a
 * page, undoing what it did.  Where the seed panics, EINVAL.  Each case
 * is named at its function.  The flaw the strategies with the seeds'
 * flaws keep (uvmlab_strategy_info.seed_flaws) is kmemalloc's NOWAIT
 * rollback, which unmaps only the part of the range still to be filled.
 */
#ifndef UVMLAB_KM_H
#define UVMLAB_KM_H

#include "uvmlab/object.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t vsize_t;
typedef uint32_t uvmlab_map_t;

#define UVMLAB_KVA_START ((vaddr_t)0xd0000000)
#define UVMLAB_KVA_PAGES_MAX 65536 /* params.kva_pages: 1..this */
#define UVMLAB_KERNEL_MAP 0	   /* the kernel map's handle */

/* uvm_km_kmemalloc flags (uvm_km.h). */
#define UVM_KMF_NOWAIT 0x1  /* fail rather than wait for memory */
#define UVM_KMF_VALLOC 0x2  /* address space only */
#define UVM_KMF_TRYLOCK 0x4 /* fail if the map is locked: never, here */
#define UVM_KMF_ALL 0x7

/* uvm_km_get flags (uvm_pager.h) and pps[] entries. */
#define PGO_LOCKED 0x040
#define UVMLAB_PGO_DONTCARE (UINT32_MAX - 1) /* PGO_DONTCARE: skip this slot */

/* UAO_FLAG_KERNOBJ (uvm_aobj.h): uao_create's flag for the kernel object. */
#define UAO_FLAG_KERNOBJ 0x1

/*
 * uvmlab_km_kernel_object: the kernel object (uvm.kernel_object, made at
 * the first kernel memory call as uvm_km_init makes it: an anonymous
 * object over the whole kernel map, UAO_FLAG_KERNOBJ) into *objp.
 * ENOMEM without host memory.
 */
int uvmlab_km_kernel_object(struct uvm_machine *m, uvmlab_obj_t *objp);

/* uvmlab_km_objects: the kernel object and kmem's object (the pools'
 * pages), if the layer exists (it is not made here); false if not. */
bool uvmlab_km_objects(const struct uvm_machine *m, uvmlab_obj_t *kernelp, uvmlab_obj_t *kmemp);

/*
 * uvmlab_km_object_create: a further kernel object with the km pager
 * (kmem_object, mb_object), over the whole kernel map.  Kernel objects
 * never die: uao_detach answers EINVAL for them, as do ao_get, ao_put
 * and uvm_vnp_zerorange, which are the anonymous pager's.
 */
int uvmlab_km_object_create(struct uvm_machine *m, uvmlab_obj_t *objp);

/*
 * uvm_km_suballoc: a submap of `size` bytes (rounded up to pages) in map:
 * at *minp exactly if `fixed`, else at the lowest free address; its
 * bounds in *minp and *maxp, its handle in *submapp.  `pageable` is
 * kept for the record only.  EINVAL for a dead map, a size of 0 or past
 * the map, or a fixed *minp off a page or outside the parent, where the
 * seed panics; ENOMEM when no room is left (the seed panics).
 */
int uvm_km_suballoc(struct uvm_machine *m, uvmlab_map_t map, vaddr_t *minp, vaddr_t *maxp,
		    vsize_t size, bool pageable, bool fixed, uvmlab_map_t *submapp);

/*
 * uvm_km_kmemalloc (rev 1.13): `size` bytes (rounded up to pages) of
 * wired memory in map backed by kernel object obj: the address range
 * first, then page by page allocated (not zeroed: a fresh page holds
 * the junk byte UVMLAB_JUNK), un-busied and mapped.  UVM_KMF_VALLOC
 * returns after the address range.  Out of pages with UVM_KMF_NOWAIT:
 * the range is unmapped and ENOMEM returned; correct strategies unmap
 * all of it, the seeds' flaw only its unfilled part (from kva, the size
 * left), leaking the rest.  Out of pages without NOWAIT: the page
 * daemon runs once, then ENOMEM with everything undone (the seed
 * sleeps).  EINVAL for a dead map, an object that is not a kernel
 * object, a size of 0, unknown flags; ENOMEM when the map has no room
 * (a size past the map included).  EBUSY, with the range given back and
 * no page taken, when the object still holds a page in the range (one
 * released by an earlier free and busy with its holder): rev 1.13 would
 * allocate a second page at that offset (a flaw the model cannot keep:
 * an object holds one page per offset).
 */
int uvm_km_kmemalloc(struct uvm_machine *m, uvmlab_map_t map, uvmlab_obj_t obj, vsize_t size,
		     int flags, vaddr_t *kvap);

/*
 * uvm_km_alloc1 (rev 1.13): wired memory backed by the kernel object,
 * zeroed if `zeroit`.  A page found at an offset of the new range must
 * be one released by an earlier free that its holder still has busy:
 * the seed waits for it, the model answers EBUSY and undoes what it did;
 * any other page there is EINVAL (the seed panics).  Out of pages: the
 * page daemon once, then ENOMEM, undone.
 */
int uvm_km_alloc1(struct uvm_machine *m, uvmlab_map_t map, vsize_t size, bool zeroit,
		  vaddr_t *kvap);

/*
 * uvm_km_valloc (rev 1.13): address space only, backed by the kernel
 * object; its pages arrive on first touch (uvmlab_km_touch).
 */
int uvm_km_valloc(struct uvm_machine *m, uvmlab_map_t map, vsize_t size, vaddr_t *kvap);

/*
 * uvm_km_free: unmap [trunc_page(addr), round_page(addr + size)) from
 * map, removing the pages of kernel objects behind it
 * (uvm_km_pgremove).  EINVAL, changing nothing, if any page of the
 * range is not allocated in map (never allocated, freed already, or a
 * submap's), holds a pool page (uvm_km_free_poolpage1 frees those), or
 * size is 0.
 */
int uvm_km_free(struct uvm_machine *m, uvmlab_map_t map, vaddr_t addr, vsize_t size);

/*
 * uvm_km_pgremove (rev 1.13): remove obj's pages at offsets [start, end):
 * a busy page is marked PG_RELEASED (uvm_page_unbusy frees it), any
 * other freed.  It walks memq when the object has at most
 * UKM_HASH_PENALTY (4) pages per page of the range, else looks up each
 * offset; UVMLAB_STAT_km_pgremove_list and _hash count which.  EINVAL
 * for an object that is not a kernel object, a range that is not
 * page-aligned, or one with a page still mapped (the seed runs it from
 * uvm_unmap, after pmap_remove).
 */
int uvm_km_pgremove(struct uvm_machine *m, uvmlab_obj_t obj, voff_t start, voff_t end);

/*
 * uvm_km_get (rev 1.13): the km pager's get of npages pages of kernel
 * object obj from `offset`, into pps[] (entries UVMLAB_NO_PAGE: wanted,
 * UVMLAB_PGO_DONTCARE: skipped).
 *   With PGO_LOCKED: each wanted resident page, or a new zero-filled one
 *   where one can be allocated, is busied and given unless it is busy or
 *   released; *donep says whether every page needed (the center, or all
 *   with PGO_ALLPAGES) was given; *gotp counts those given.
 *   Without: each page needed that the caller has not got is busied, or
 *   allocated and zero-filled; a busy or released one is EBUSY (the seed
 *   waits), no page is the page daemon once and then ENOMEM; on either,
 *   what this call did is undone.
 * EINVAL for an object that is not a kernel object, npages outside
 * 1..UVMLAB_GET_PAGES_MAX, a centeridx outside them, an unaligned
 * offset, or a page not inside an allocated range backed by obj (the
 * kernel gets pages only where its faults land).
 */
int uvm_km_get(struct uvm_machine *m, uvmlab_obj_t obj, voff_t offset, uvmlab_pfn_t *pps,
	       int npages, int centeridx, int flags, int *gotp, bool *donep);

/*
 * uvmlab_km_touch: a kernel access to va, the model's fault: if the page
 * is not mapped, the entry's object gets it through the km pager (an
 * unlocked get of that one page), it is mapped and unbusied.  Its pfn in
 * *pfnp.  EINVAL if va is in no allocated range of any map, or in one
 * with no object; EBUSY and ENOMEM as uvm_km_get's.
 */
int uvmlab_km_touch(struct uvm_machine *m, vaddr_t va, uvmlab_pfn_t *pfnp);

/* uvmlab_km_extract: the page mapped at va (pmap_extract), or
 * UVMLAB_NO_PAGE. */
uvmlab_pfn_t uvmlab_km_extract(const struct uvm_machine *m, vaddr_t va);

#ifdef __cplusplus
}
#endif

#endif /* UVMLAB_KM_H */
