/*
 * UVM's stand-ins for a kernel source: what <uvm/uvm.h> of the shim
 * declares.  Pages, free lists, colours, buckets and reserves behave as
 * the model's (core/src/freelist.c, after uvm_page.c): a freed page goes
 * to the head of its queue, uvm_pagealloc takes the head of the first
 * queue with a page, from the CPU's next colour on, bucket by bucket,
 * free list by free list, and a bucket at or under the kernel's reserve
 * gives nothing.
 *
 * Waiting.  The model has no page daemon and never sleeps.  Here
 * uvm_wait returns at once, counted, and the daemon is taken to have
 * found nothing: uvm_reclaimable is false from then on in the call (the
 * aggressive path's loop ends, as the model's ends when uvm_pagealloc
 * fails), and a search that takes the free list lock again after a
 * wait (the simple path's retry) unwinds the call, which then frees its
 * partial list and fails with ENOMEM, as the model's simple path does.
 *
 * A pfn in no segment.  NetBSD's PHYS_TO_VM_PAGE gives NULL, and rev
 * 1.89's aggressive path dereferences it when an unaligned avail_start
 * puts its forward look below the segment.  The model documents that
 * flaw and reads such a page as unmarked (core/src/aggressive.c); so
 * that the real file answers as the model does, the shim gives it the
 * absent page: never marked, never free, counted in shim.absent_reads.
 * A call that changes that page is a finding (kernel_machine.c).
 *
 * Checks the shim adds, each a finding like a failed KASSERT: the free
 * list lock or a mutex taken twice or released unheld, and a page freed
 * while free.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "shim_impl.h"

struct uvm uvm;
struct uvmexp uvmexp;
int uvmlab_shim_nfreelists;
struct shim_state shim;

void
shim_unwind(enum shim_unwind why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(shim.assert_msg, sizeof(shim.assert_msg), fmt, ap);
	va_end(ap);
	if (shim.unwind == NULL) {
		/* only a call the shim makes can unwind: this is the shim's bug */
		fprintf(stderr, "uvmlab kernel shim: %s, outside a call\n", shim.assert_msg);
		abort();
	}
	longjmp(*shim.unwind, why);
}

void
uvmlab_shim_assert_failed(const char *cond, const char *file, int line, const char *fmt, ...)
{
	char detail[256] = "";

	if (fmt != NULL) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(detail, sizeof(detail), fmt, ap);
		va_end(ap);
	}
	shim_unwind(SHIM_UNWIND_ASSERT, "kernel assertion \"%s\" failed: file \"%s\", line %d%s%s",
		    cond, file, line, fmt != NULL ? ": " : "", detail);
}

void
uvmlab_shim_panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	shim_unwind(SHIM_UNWIND_ASSERT, "panic: %s", msg);
}

/* Segments. */

bool
uvm_physseg_valid_p(uvm_physseg_t psi)
{
	return psi >= 0 && (unsigned)psi < shim.nsegs;
}

uvm_physseg_t
uvm_physseg_get_first(void)
{
	return shim.nsegs > 0 ? 0 : UVM_PHYSSEG_TYPE_INVALID;
}

uvm_physseg_t
uvm_physseg_get_last(void)
{
	return shim.nsegs > 0 ? (uvm_physseg_t)shim.nsegs - 1 : UVM_PHYSSEG_TYPE_INVALID;
}

uvm_physseg_t
uvm_physseg_get_next(uvm_physseg_t psi)
{
	return uvm_physseg_valid_p(psi + 1) ? psi + 1 : UVM_PHYSSEG_TYPE_INVALID;
}

uvm_physseg_t
uvm_physseg_get_prev(uvm_physseg_t psi)
{
	return uvm_physseg_valid_p(psi - 1) ? psi - 1 : UVM_PHYSSEG_TYPE_INVALID;
}

/* The segment of a valid handle; an invalid one is the source's bug. */
static struct shim_seg *
seg_of(uvm_physseg_t psi)
{
	KASSERTMSG(uvm_physseg_valid_p(psi), "segment handle %d of %u", psi, shim.nsegs);
	return &shim.segs[psi];
}

paddr_t
uvm_physseg_get_start(uvm_physseg_t psi)
{
	return seg_of(psi)->start;
}

paddr_t
uvm_physseg_get_end(uvm_physseg_t psi)
{
	return seg_of(psi)->end;
}

paddr_t
uvm_physseg_get_avail_start(uvm_physseg_t psi)
{
	return seg_of(psi)->avail_start;
}

paddr_t
uvm_physseg_get_avail_end(uvm_physseg_t psi)
{
	return seg_of(psi)->avail_end;
}

int
uvm_physseg_get_free_list(uvm_physseg_t psi)
{
	return seg_of(psi)->freelist;
}

u_int
uvm_physseg_get_start_hint(uvm_physseg_t psi)
{
	return seg_of(psi)->start_hint;
}

bool
uvm_physseg_set_start_hint(uvm_physseg_t psi, u_long hint)
{
	if (!uvm_physseg_valid_p(psi))
		return false;
	shim.segs[psi].start_hint = (u_int)hint;
	return true;
}

/* As NetBSD's: no bounds check; ASan reports a page outside the array. */
struct vm_page *
uvm_physseg_get_pg(uvm_physseg_t psi, paddr_t idx)
{
	return &seg_of(psi)->pgs[idx];
}

uvm_physseg_t
uvm_physseg_find(paddr_t pfn, paddr_t *offp)
{
	unsigned lo = 0, hi = shim.nsegs;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (pfn < shim.segs[mid].start) {
			hi = mid;
		} else if (pfn >= shim.segs[mid].end) {
			lo = mid + 1;
		} else {
			if (offp != NULL)
				*offp = pfn - shim.segs[mid].start;
			return (uvm_physseg_t)mid;
		}
	}
	return UVM_PHYSSEG_TYPE_INVALID;
}

struct vm_page shim_absent_page;

struct vm_page *
uvm_phys_to_vm_page(paddr_t pa)
{
	paddr_t off;
	uvm_physseg_t psi = uvm_physseg_find(atop(pa), &off);

	if (psi != UVM_PHYSSEG_TYPE_INVALID)
		return &shim.segs[psi].pgs[off];
	shim.absent_reads++;
	return &shim_absent_page;
}

unsigned
uvm_page_get_freelist(const struct vm_page *pg)
{
	return pg->freelist;
}

unsigned
uvm_page_get_bucket(const struct vm_page *pg)
{
	return pg->bucket;
}

/* Counters and locks. */

void
uvmlab_shim_cpu_count(enum cpu_count c, int64_t delta)
{
	(void)c;
	shim.freepages += delta;
}

int
uvm_availmem(bool cached)
{
	(void)cached;
	return (int)shim.freepages;
}

void
uvm_pgfl_lock(void)
{
	if (shim.pgfl_locked)
		shim_unwind(SHIM_UNWIND_ASSERT, "uvm_pgfl_lock: the free list lock is held already");
	if (shim.waited)
		shim_unwind(SHIM_UNWIND_RETRY, "search retried after uvm_wait");
	shim.pgfl_locked = true;
}

void
uvm_pgfl_unlock(void)
{
	if (!shim.pgfl_locked)
		shim_unwind(SHIM_UNWIND_ASSERT, "uvm_pgfl_unlock: the free list lock is not held");
	shim.pgfl_locked = false;
}

void
uvm_pgflcache_pause(void)
{
	shim.cache_pauses++;
}

void
uvm_pgflcache_resume(void)
{
	if (shim.cache_pauses == 0)
		shim_unwind(SHIM_UNWIND_ASSERT, "uvm_pgflcache_resume: the cache is not paused");
	shim.cache_pauses--;
}

void
mutex_init(kmutex_t *mtx, int type, int ipl)
{
	(void)type;
	(void)ipl;
	mtx->held = false;
}

void
mutex_enter(kmutex_t *mtx)
{
	if (mtx->held)
		shim_unwind(SHIM_UNWIND_ASSERT, "mutex_enter: locking against myself");
	mtx->held = true;
}

void
mutex_exit(kmutex_t *mtx)
{
	if (!mtx->held)
		shim_unwind(SHIM_UNWIND_ASSERT, "mutex_exit: the mutex is not held");
	mtx->held = false;
}

/* The page daemon (see the top of the file). */

bool
uvm_reclaimable(void)
{
	return !shim.waited;
}

void
uvm_wait(const char *wmsg)
{
	(void)wmsg;
	shim.waits++;
	shim.waited = true;
}

void
uvm_kick_pdaemon(void)
{
}

/* Single pages. */

/* One bucket, every colour from *colorp on. */
static struct vm_page *
bucket_take(unsigned fl, unsigned b, unsigned *colorp, int flags)
{
	struct pgflbucket *pgb = uvm.page_free[fl].pgfl_buckets[b];
	uintptr_t nfree = pgb->pgb_nfree;

	if (nfree == 0)
		return NULL;
	/* the model has no page daemon thread: its reserve is never open */
	if (nfree <= (uintptr_t)uvmexp.reserve_kernel &&
	    ((flags & UVM_PGA_USERESERVE) == 0 || nfree <= (uintptr_t)uvmexp.reserve_pagedaemon))
		return NULL;
	unsigned c = *colorp;
	do {
		struct vm_page *pg = LIST_FIRST(&pgb->pgb_colors[c]);
		if (pg != NULL) {
			LIST_REMOVE(pg, pageq.list);
			pgb->pgb_nfree--;
			shim.freepages--;
			pg->flags = PG_BUSY | PG_CLEAN | PG_FAKE;
			*colorp = c;
			return pg;
		}
		c = (c + 1) & uvmexp.colormask;
	} while (c != *colorp);
	return NULL;
}

/* One free list: the CPU's bucket (0) first, then the others. */
static struct vm_page *
freelist_take(unsigned fl, unsigned *colorp, int flags)
{
	for (unsigned b = 0; b < shim.nbuckets; b++) {
		struct vm_page *pg = bucket_take(fl, b, colorp, flags);
		if (pg != NULL)
			return pg;
	}
	return NULL;
}

struct vm_page *
shim_pagealloc_from(int freelist, int flags)
{
	unsigned color = shim.pgflcolor;
	struct vm_page *pg = NULL;

	if (freelist >= 0)
		pg = freelist_take((unsigned)freelist, &color, flags);
	for (int fl = 0; freelist < 0 && pg == NULL && fl < uvmlab_shim_nfreelists; fl++)
		pg = freelist_take((unsigned)fl, &color, flags);
	if (pg != NULL)
		shim.pgflcolor = (color + 1) & uvmexp.colormask;
	return pg;
}

struct vm_page *
uvmlab_shim_pagealloc(struct uvm_object *obj, vaddr_t off, struct vm_anon *anon, int flags)
{
	KASSERTMSG(obj == NULL && anon == NULL && off == 0,
		   "the shim's uvm_pagealloc gives pages with no owner only");
	return shim_pagealloc_from(-1, flags);
}

void
uvmlab_shim_pagefree(struct vm_page *pg)
{
	if (VM_PAGE_IS_FREE(pg))
		shim_unwind(SHIM_UNWIND_ASSERT, "uvm_pagefree: page %#" PRIx64 " is free already",
			    pg->phys_addr);
	struct pgflbucket *pgb = uvm.page_free[pg->freelist].pgfl_buckets[pg->bucket];

	pg->flags = PG_FREE;
	pg->uobject = NULL;
	pg->uanon = NULL;
	LIST_INSERT_HEAD(&pgb->pgb_colors[VM_PGCOLOR(pg)], pg, pageq.list);
	pgb->pgb_nfree++;
	shim.freepages++;
}
