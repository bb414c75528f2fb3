/* Shared by the kernel memory operations; see op_km.h. */
#include <errno.h>
#include <inttypes.h>

#include "op_km.h"

struct holder *
km_holder(struct session *s, const char *name, enum holder_kind k)
{
	struct holder *h = session_holder(s, name);
	return h != NULL && h->kind == k ? h : NULL;
}

const struct holder *
km_find(const struct session *s, const char *name, enum holder_kind k)
{
	const struct holder *h = session_find(s, name);
	return h != NULL && h->kind == k ? h : NULL;
}

const struct holder *
km_judged(const struct judge_before *b, int which, enum holder_kind k)
{
	return b->holder[which].kind == k ? &b->holder[which] : NULL;
}

int
km_exec_begin(struct session *s)
{
	return session_reserve(s, 3); /* the op's own holder, then the two */
}

int
km_exec_end(struct session *s, int error)
{
	if (error == 0 && session_kernel_objects(s) != 0)
		return ENOMEM; /* cannot happen after km_exec_begin */
	return error;
}

int
km_claim(struct session *s, const struct op *op, struct holder **hp)
{
	int error;

	if ((error = km_exec_begin(s)) != 0 || (error = session_claim(s, op->name, hp)) != 0)
		return error;
	return op->slot[KM_PAGES] > UVMLAB_KVA_PAGES_MAX || op->slot[KM_MAP] > UINT32_MAX ? EINVAL
											  : 0;
}

int
km_hold(struct session *s, const struct op *op, struct holder *h, enum holder_kind k, int error,
	vaddr_t va, bool pages, struct op_result *r)
{
	if ((error = km_exec_end(s, error)) != 0 ||
	    (pages && (error = km_result_pages(s, r, va, op->slot[KM_PAGES])) != 0))
		return error;
	h->kind = k;
	h->kva = va;
	h->npages = (uint32_t)op->slot[KM_PAGES];
	h->map = (uint32_t)op->slot[KM_MAP];
	r->value_kind = VALUE_ADDR;
	r->value = va;
	return 0;
}

int
km_result_pages(struct session *s, struct op_result *r, vaddr_t kva, uint64_t npages)
{
	if (result_reserve(r, npages) != 0)
		return ENOMEM;
	for (uint64_t i = 0; i < npages; i++)
		r->pfns[i] = uvmlab_km_extract(s->m, kva + ptoa(i));
	r->npfns = npages;
	return 0;
}

int
km_range_want(const struct judge_before *b, const struct shadow *sh, uint64_t map,
	      uint64_t pages, vaddr_t *va)
{
	const struct skm_map *km = skm_map(&sh->km, map);

	*va = 0;
	if (b->name_busy)
		return EEXIST;
	if (km == NULL || pages == 0 || pages > UVMLAB_KVA_PAGES_MAX)
		return EINVAL;
	return (*va = skm_fit(km, ptoa(pages))) == 0 ? ENOMEM : 0;
}

enum verdict
km_judge_range(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	       const struct op_result *r, bool pages_may_fail, char *why, size_t len)
{
	vaddr_t va;
	int want = km_range_want(b, sh, op->slot[KM_MAP], op->slot[KM_PAGES], &va);

	if (want == 0 && pages_may_fail && (r->error == EBUSY || r->error == ENOMEM))
		return VERDICT_OK;
	return judge_address(r, want, va, why, len);
}

bool
km_shadow_begin(struct shadow *sh, const struct session *s, const struct op_result *r,
		char *why, size_t len)
{
	sh->km.touched = true;
	return r->error != 0 || skm_made(sh, s, why, len);
}

bool
km_shadow_error(int got, int want, const char *what, char *why, size_t len)
{
	if (got == want)
		return true;
	snprintf(why, len, "%s: %s, the replay of the seed gives %s", what,
		 uvmlab_errno_name(got), uvmlab_errno_name(want));
	return false;
}

bool
km_check_pages(const struct shadow *sh, const struct op_result *r, vaddr_t kva, char *why,
	       size_t len)
{
	for (size_t i = 0; i < r->npfns; i++) {
		uvmlab_pfn_t want = sh->km.pmap[atop(kva - UVMLAB_KVA_START) + i];
		if (r->pfns[i] != want) {
			snprintf(why, len, "page %zu of the range is pfn %" PRIu32
					   ", the replay maps %" PRIu32,
				 i, r->pfns[i], want);
			return false;
		}
	}
	return true;
}
