/*
 * The shim's state, shared by shim.c (UVM's stand-ins, which the kernel
 * source calls) and kernel_machine.c (which sets the machine up and
 * makes each call, ready to unwind it).
 */
#ifndef UVMLAB_SHIM_IMPL_H
#define UVMLAB_SHIM_IMPL_H

#include <setjmp.h>

#include <uvm/uvm.h>

/* Why a call unwound, as longjmp gives it to the call's setjmp. */
enum shim_unwind {
	SHIM_UNWIND_ASSERT = 1, /* a KASSERT, panic or lock misuse: a finding */
	SHIM_UNWIND_RETRY,	/* a search retried after uvm_wait (shim.c) */
};

struct shim_seg {
	paddr_t start, end, avail_start, avail_end; /* pfns */
	int freelist;
	unsigned bucket;
	u_int start_hint;
	struct vm_page *pgs; /* end - start of them, exactly */
};

struct shim_state {
	struct shim_seg segs[SHIM_PHYSSEG_MAX]; /* in address order */
	unsigned nsegs, nbuckets, ncolors;
	int64_t freepages;  /* CPU_COUNT_FREEPAGES */
	unsigned pgflcolor; /* the CPU's next colour for uvm_pagealloc */
	bool pgfl_locked;
	int cache_pauses;   /* uvm_pgflcache_pause not yet resumed */
	bool waited;	    /* uvm_wait ran in this call */
	uint64_t waits;
	uint64_t absent_reads; /* PHYS_TO_VM_PAGE of a pfn in no segment */
	jmp_buf *unwind;    /* the call in progress, or NULL */
	char assert_msg[512];
};
extern struct shim_state shim;

/* What PHYS_TO_VM_PAGE gives for a pfn in no segment (shim.c). */
extern struct vm_page shim_absent_page;

/* uvm_pagealloc_strat of a page with no owner: NORMAL over every free
 * list (freelist < 0) or ONLY the one given. */
struct vm_page *shim_pagealloc_from(int freelist, int flags);
/* shim_unwind: stop the call in progress with a message (no return). */
_Noreturn void shim_unwind(enum shim_unwind why, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
