/*
 * uvmlab's kernel shim: <uvm/uvm.h>, as much of UVM as uvm_pglist.c of
 * rev 1.89's era uses, and no more: pages and their free lists (one
 * CPU, colours and buckets), physical segments with start hints, the
 * page counters and reserves, uvm_pagealloc and uvm_pagefree, the free
 * list lock, mutexes and the page daemon calls.  shim.c defines it all;
 * kernel_machine.h is how the rest of uvmlab drives it.
 *
 * The functions a source defines that the model defines too are renamed
 * here, so that both link into one program.
 */
#ifndef UVMLAB_SHIM_UVM_H
#define UVMLAB_SHIM_UVM_H

#include <sys/param.h>
#include <sys/queue.h>
#include <sys/systm.h>

#define uvm_pglistalloc uvmlab_kernel_pglistalloc
#define uvm_pglistfree uvmlab_kernel_pglistfree
#define uvm_pglistalloc_init uvmlab_kernel_pglistalloc_init

/* Capacities: those of the model's machines (uvmlab/uvm.h). */
#define SHIM_FREELIST_MAX 16
#define SHIM_BUCKET_MAX 8
#define SHIM_PHYSSEG_MAX 32

/* Page flags: the values are the shim's own; sources use the names. */
#define PG_CLEAN 0x0001
#define PG_BUSY 0x0010
#define PG_FAKE 0x0040
#define PG_FREE 0x4000
#define PG_PGLCA 0x8000 /* uvm_pglistalloc_contig_aggressive's mark */

struct uvm_object;
struct vm_anon;

struct vm_page {
	union {
		TAILQ_ENTRY(vm_page) queue; /* a page list, the aggressive path's */
		LIST_ENTRY(vm_page) list;   /* a free list's colour */
	} pageq;
	struct uvm_object *uobject;
	struct vm_anon *uanon;
	uint32_t flags;
	paddr_t phys_addr;
	/* NetBSD keeps these two in phys_addr's low bits */
	unsigned freelist, bucket;
	bool single; /* uvmlab: held by kernel_pagealloc's caller */
};

TAILQ_HEAD(pglist, vm_page);
LIST_HEAD(pgflist, vm_page);

#define VM_PAGE_TO_PHYS(pg) ((pg)->phys_addr)
#define VM_PAGE_IS_FREE(pg) (((pg)->flags & PG_FREE) != 0)
#define VM_PGCOLOR(pg) (atop(VM_PAGE_TO_PHYS(pg)) & uvmexp.colormask)
#define PHYS_TO_VM_PAGE(pa) uvm_phys_to_vm_page(pa)
struct vm_page *uvm_phys_to_vm_page(paddr_t pa);
unsigned uvm_page_get_freelist(const struct vm_page *pg);
unsigned uvm_page_get_bucket(const struct vm_page *pg);

/* A bucket: its free count and one LIFO queue per colour. */
struct pgflbucket {
	uintptr_t pgb_nfree;
	struct pgflist pgb_colors[];
};

struct pgfreelist {
	struct pgflbucket *pgfl_buckets[SHIM_BUCKET_MAX];
};

struct uvm {
	struct pgfreelist page_free[SHIM_FREELIST_MAX];
};
extern struct uvm uvm;

struct uvmexp {
	unsigned colormask;
	int reserve_pagedaemon;
	int reserve_kernel;
};
extern struct uvmexp uvmexp;

/* The machine's number of free lists, read at run time. */
extern int uvmlab_shim_nfreelists;
#define VM_NFREELIST uvmlab_shim_nfreelists

/* Segments kept in address order, walked first to last. */
#define VM_PSTRAT_RANDOM 1
#define VM_PSTRAT_BSEARCH 2
#define VM_PSTRAT_BIGFIRST 3
#define VM_PHYSSEG_STRAT VM_PSTRAT_BSEARCH

typedef int uvm_physseg_t;
#define PRIxPHYSSEG "d"
#define UVM_PHYSSEG_TYPE_INVALID (-1)

bool uvm_physseg_valid_p(uvm_physseg_t psi);
uvm_physseg_t uvm_physseg_get_first(void);
uvm_physseg_t uvm_physseg_get_last(void);
uvm_physseg_t uvm_physseg_get_next(uvm_physseg_t psi);
uvm_physseg_t uvm_physseg_get_prev(uvm_physseg_t psi);
paddr_t uvm_physseg_get_start(uvm_physseg_t psi);
paddr_t uvm_physseg_get_end(uvm_physseg_t psi);
paddr_t uvm_physseg_get_avail_start(uvm_physseg_t psi);
paddr_t uvm_physseg_get_avail_end(uvm_physseg_t psi);
int uvm_physseg_get_free_list(uvm_physseg_t psi);
u_int uvm_physseg_get_start_hint(uvm_physseg_t psi);
bool uvm_physseg_set_start_hint(uvm_physseg_t psi, u_long hint);
struct vm_page *uvm_physseg_get_pg(uvm_physseg_t psi, paddr_t idx);
uvm_physseg_t uvm_physseg_find(paddr_t pfn, paddr_t *offp);

/* The free page count (CPU_COUNT_FREEPAGES) and uvm_availmem. */
enum cpu_count { CPU_COUNT_FREEPAGES };
void uvmlab_shim_cpu_count(enum cpu_count c, int64_t delta);
#define CPU_COUNT(c, d) uvmlab_shim_cpu_count((c), (d))
int uvm_availmem(bool cached);

void uvm_pgfl_lock(void);
void uvm_pgfl_unlock(void);

/* uvm_pagealloc of a page with no owner, and uvm_pagefree. */
#define UVM_PGA_USERESERVE 0x0001
#define UVM_PGA_ZERO 0x0002
struct vm_page *uvmlab_shim_pagealloc(struct uvm_object *obj, vaddr_t off,
				      struct vm_anon *anon, int flags);
#define uvm_pagealloc(obj, off, anon, flags) uvmlab_shim_pagealloc((obj), (off), (anon), (flags))
void uvmlab_shim_pagefree(struct vm_page *pg);
#define uvm_pagefree(pg) uvmlab_shim_pagefree(pg)

/* The page daemon: see shim.c for what waiting means here. */
bool uvm_reclaimable(void);
void uvm_wait(const char *wmsg);
void uvm_kick_pdaemon(void);

/* Mutexes: the model has one thread; a lock taken twice is a finding. */
typedef struct {
	bool held;
} kmutex_t;
#define MUTEX_DEFAULT 0
#define IPL_NONE 0
void mutex_init(kmutex_t *mtx, int type, int ipl);
void mutex_enter(kmutex_t *mtx);
void mutex_exit(kmutex_t *mtx);

int uvm_pglistalloc(psize_t size, paddr_t low, paddr_t high, paddr_t alignment,
		    paddr_t boundary, struct pglist *rlist, int nsegs, int waitok);
void uvm_pglistfree(struct pglist *list);
void uvm_pglistalloc_init(void);

#include <uvm/uvm_pgflcache.h>

#endif
