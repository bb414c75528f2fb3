/*
 * The shadow model: the harness's own record of who holds each pfn,
 * kept from operation results alone, never from the core's structures.
 * Comparing it with the core catches a page handed out twice, an
 * allocated page reported free, and lost pages.
 */
#ifndef UVMLAB_SHADOW_H
#define UVMLAB_SHADOW_H

#include "exec.h"
#include "free_order.h"
#include "shadow_km.h"
#include "shadow_obj.h"

#define SHADOW_ABSENT UINT32_MAX
#define SHADOW_UNMANAGED (UINT32_MAX - 1)
#define SHADOW_FREE (UINT32_MAX - 2) /* else: the session's holder index */
#define SHADOW_TOP_MAX ((uvmlab_pfn_t)1 << 24) /* pfns the shadow will cover */

/*
 * The arrays cover the pfns from the lowest segment's start to the
 * highest one's end, not from 0: a layout may sit high with little
 * below it.  A pfn outside [base, top) is in no segment.
 */
struct shadow {
	uint32_t *owner; /* [pfn - base] */
	uint64_t *seq;	 /* [pfn - base]: when a taken page joined its holder (list
			    order); an object page's offset in pages */
	uint64_t nseq;
	struct free_order order; /* the free pages' queue order, the next colour */
	uvmlab_pfn_t base, top; /* the lowest pfn of any segment; one past the highest */
	uint64_t nfree;
	struct pfn_range touched; /* the pfns the last update changed */
	struct pfn_range dirty;	  /* the pfns changed since the last copy */
	struct shadow_objs objs;  /* objects and windows, by holder id */
	struct shadow_km km;	  /* kernel memory, pools and UBC windows */
};

/* The shadow's owner of pfn: a holder index, or SHADOW_FREE,
 * SHADOW_UNMANAGED or SHADOW_ABSENT. */
static inline uint32_t
shadow_owner(const struct shadow *sh, uint64_t pfn)
{
	return pfn >= sh->base && pfn < sh->top ? sh->owner[pfn - sh->base] : SHADOW_ABSENT;
}

/* shadow_init: from the machine's layout, every managed page free.
 * Returns 0, or ENOMEM for a machine whose top pfn passes SHADOW_TOP_MAX
 * or when host memory runs out. */
int shadow_init(struct shadow *sh, const struct uvm_machine *m);
void shadow_fini(struct shadow *sh);
/* shadow_copy: dst, zeroed or a copy of a shadow of src's layout,
 * becomes a copy of src in its own arrays (made on first use).  0 or
 * ENOMEM. */
int shadow_copy(struct shadow *dst, const struct shadow *src);
/* shadow_restore: dst, a copy of src changed since, becomes src's copy
 * again, at the cost of what changed.  src holds no objects or windows
 * (a layout's pristine shadow): dst's are dropped. */
void shadow_restore(struct shadow *dst, const struct shadow *src);

/*
 * What an operation did besides its result, as the judge specifies it:
 * the pages it took and gave back before returning, in the order given
 * back (a failed simple path's partial list; the waitok fallback's
 * unused pages), and the colour uvm_pagealloc takes next, if it moved.
 */
struct churn {
	uvmlab_pfn_t *pfns;
	size_t n;
	bool colour_moved;
	unsigned next_color;
};

void churn_fini(struct churn *ch);

/*
 * shadow_apply: record what an operation did: the churn the judge
 * specified for it (NULL: none), then a successful result, by the op's
 * row's shadow update.  Returns false with a reason if the result
 * contradicts the shadow (a page handed out that the shadow holds as
 * taken, a page freed that it holds as free).
 */
bool shadow_apply(struct shadow *sh, const struct session *s, const struct op *op,
		  const struct op_result *r, const struct churn *ch, char *why, size_t len);

/* What the rows' shadow updates are made of.  shadow_holder_id: the
 * index of the session's holder called name (SHADOW_ABSENT if none);
 * shadow_take: pfn, free, joins holder id at the end of its list;
 * shadow_give_back: pfn, allocated, becomes free at the head of its
 * queue; shadow_free_holder: every page of holder id given back, first
 * to last in its list (uvm_pglistfree's order).  Each returns false
 * with a reason if the shadow disagrees. */
uint32_t shadow_holder_id(const struct session *s, const char *name);
void shadow_touch(struct shadow *sh, uvmlab_pfn_t pfn); /* compare pfn after this op */
bool shadow_take(struct shadow *sh, uvmlab_pfn_t pfn, uint32_t id, char *why, size_t len);
bool shadow_give_back(struct shadow *sh, uvmlab_pfn_t pfn, char *why, size_t len);
bool shadow_free_holder(struct shadow *sh, uint32_t id, char *why, size_t len);

/*
 * The object pages' part of the shadow (shadow_objpages.c), each false
 * with a reason where the core's answer contradicts it:
 *   shadow_obj_alloc: pfn, handed to object holder id at pgoff, must be
 *     the page uvm_pagealloc gives next; it becomes busy, clean, fake,
 *     zero-filled, at the tail of memq;
 *   shadow_obj_free: object id's page at pgoff goes back to the free
 *     lists;
 *   shadow_obj_detach: every page freed in memq order, the object gone;
 *   shadow_obj_flags: the page's flags become (flags & keep) | set.
 */
bool shadow_obj_alloc(struct shadow *sh, uint32_t id, uint64_t pgoff, uvmlab_pfn_t pfn, char *why,
		      size_t len);
/* shadow_obj_alloc_next: shadow_obj_alloc of the page uvm_pagealloc
 * gives next, when it gives one (*got). */
bool shadow_obj_alloc_next(struct shadow *sh, uint32_t id, uint64_t pgoff, bool *got, char *why,
			   size_t len);
bool shadow_obj_free(struct shadow *sh, uint32_t id, uint64_t pgoff, char *why, size_t len);
bool shadow_obj_detach(struct shadow *sh, uint32_t id, char *why, size_t len);
void shadow_obj_flags(struct shadow *sh, uint32_t id, uint64_t pgoff, uint32_t keep, uint32_t set);

/* shadow_compare: the core against the shadow, for the pfns the last
 * update touched (all of them when `full`), the free count, and the live
 * page lists against the session's list holders. */
bool shadow_compare(const struct shadow *sh, const struct session *s, bool full, char *why,
		    size_t len);

#endif /* UVMLAB_SHADOW_H */
