/*
 * What the kernel memory operations' files (op_valloc.c ... op_kmget.c,
 * the pool and UBC operations) share: their holders, the spec of a new
 * range, and the shadow's start and end of each update.
 *
 * The split of the specification: each judge gives the errors decided by
 * the arguments and the address space (EEXIST, EINVAL, ENOMEM for no
 * room) and the exact address; each shadow update replays the seed's
 * steps on the shadow (shadow_km.h) and gives the exact pages, and the
 * errors that depend on them (EBUSY at a released page, ENOMEM after the
 * page daemon found nothing to drain).
 */
#ifndef UVMLAB_OP_KM_H
#define UVMLAB_OP_KM_H

#include "op_object.h"

/* The slots of the range allocators (valloc, alloc1, kmemalloc). */
enum { KM_PAGES, KM_MAP, KM_FLAG1, KM_FLAG2 };

/* km_holder: the session's holder called name if it holds a k; else NULL. */
struct holder *km_holder(struct session *s, const char *name, enum holder_kind k);
const struct holder *km_find(const struct session *s, const char *name, enum holder_kind k);
const struct holder *km_judged(const struct judge_before *b, int which, enum holder_kind k);

/* km_exec_begin: room for the op's holder and the kernel's object
 * holders, made by km_exec_end after a call that succeeded, so that
 * neither moves the holders; 0 or ENOMEM. */
int km_exec_begin(struct session *s);
int km_exec_end(struct session *s, int error);

/* km_claim: for a range allocator (KM_PAGES, KM_MAP): room for the
 * holders (km_exec_begin), the op's holder (EEXIST if held), then
 * EINVAL for more pages than a kernel map may have or no map handle. */
int km_claim(struct session *s, const struct op *op, struct holder **hp);

/* km_hold: after the call (its error): the kernel's objects' holders,
 * then h holds the range of kind k at va, the result its address and,
 * with `pages`, the pages mapped there. */
int km_hold(struct session *s, const struct op *op, struct holder *h, enum holder_kind k,
	    int error, vaddr_t va, bool pages, struct op_result *r);

/* km_result_pages: r's pfns: the pages mapped at npages pages from kva. */
int km_result_pages(struct session *s, struct op_result *r, vaddr_t kva, uint64_t npages);

/* km_range_want: a new range of `pages` pages in map `map` for the op's
 * first holder: EEXIST, EINVAL (no such map, 0 pages or more than the
 * kernel map has), ENOMEM (no room), else 0 with *va its lowest fit. */
int km_range_want(const struct judge_before *b, const struct shadow *sh, uint64_t map,
		  uint64_t pages, vaddr_t *va);

/* km_judge_range: km_range_want against r; `pages_may_fail`: when the
 * range fits, EBUSY and ENOMEM are the update's to judge. */
enum verdict km_judge_range(const struct judge_before *b, const struct shadow *sh,
			    const struct op *op, const struct op_result *r, bool pages_may_fail,
			    char *why, size_t len);

/* km_shadow_begin: the update of a kernel memory op: compare the kernel
 * memory after it; after a success, the layer exists (skm_made). */
bool km_shadow_begin(struct shadow *sh, const struct session *s, const struct op_result *r,
		     char *why, size_t len);

/* km_shadow_error: false, with the reason, where the replay's answer
 * `want` is not the core's. */
bool km_shadow_error(int got, int want, const char *what, char *why, size_t len);

/* km_check_pages: r's pfns are those the shadow maps from kva. */
bool km_check_pages(const struct shadow *sh, const struct op_result *r, vaddr_t kva, char *why,
		    size_t len);

#endif /* UVMLAB_OP_KM_H */
