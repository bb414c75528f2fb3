/*
 * kmget OBJ OFF N [center C] [locked] [all]: uvm_km_get of N pages
 * (1..64) of kernel object OBJ from page OFF, PGO_LOCKED and
 * PGO_ALLPAGES as asked, every slot asked (none PGO_DONTCARE).  The
 * pages it gives are busy, the caller's: `unbusy` gives them back.  The
 * result is each slot's page ("-" for none) and how many it got, and
 * whether the call is done (the center page, or all of them, got).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include "op_km.h"

enum { KG_OFF, KG_N, KG_CENTER, KG_LOCKED, KG_ALL };

static int
flags_of(const struct op *op)
{
	return (op->slot[KG_LOCKED] ? PGO_LOCKED : 0) | (op->slot[KG_ALL] ? PGO_ALLPAGES : 0);
}

static int
exec_kmget(struct session *s, const struct op *op, struct op_result *r)
{
	const struct holder *o = object_holder(s, op->name);
	uint64_t n = op->slot[KG_N];
	int got;
	bool done;

	if (o == NULL || n > UVMLAB_GET_PAGES_MAX || op->slot[KG_OFF] > atop(UINT64_MAX) ||
	    op->slot[KG_CENTER] > INT_MAX)
		return EINVAL;
	if (result_reserve(r, n) != 0)
		return ENOMEM;
	for (uint64_t i = 0; i < n; i++)
		r->pfns[i] = UVMLAB_NO_PAGE;
	int error = uvm_km_get(s->m, o->obj, ptoa(op->slot[KG_OFF]), r->pfns, (int)n,
			       (int)op->slot[KG_CENTER], flags_of(op), &got, &done);
	if (error != 0)
		return error;
	r->npfns = n;
	r->value_kind = VALUE_GOT;
	r->value = (uint64_t)got | (uint64_t)done << 32;
	return 0;
}

/* The page of obj at pg if one may be had: resident, or the next page
 * uvm_pagealloc gives, zero-filled, with `flags`; NULL if none. */
static struct sobj_page *
page_or_new(struct shadow *sh, uint32_t obj, uint64_t pg, uint32_t flags, bool *failed,
	    char *why, size_t len)
{
	bool got;

	*failed = false;
	struct sobj_page *p = shadow_objs_page(&sh->objs, obj, pg);
	if (p != NULL)
		return p;
	if (!shadow_obj_alloc_next(sh, obj, pg, &got, why, len)) {
		*failed = true;
		return NULL;
	}
	if (!got)
		return NULL;
	shadow_obj_flags(sh, obj, pg, 0, flags);
	return shadow_objs_page(&sh->objs, obj, pg);
}

/* The locked path: each page resident or to be had, if not busy or
 * released, busied and given; never an error. */
static bool
replay_locked(struct shadow *sh, uint32_t obj, const struct op *op, uvmlab_pfn_t *pps,
	      uint64_t *got, bool *done, char *why, size_t len)
{
	bool failed;

	for (uint64_t i = 0; i < op->slot[KG_N]; i++) {
		struct sobj_page *p = page_or_new(sh, obj, op->slot[KG_OFF] + i, 0, &failed, why, len);
		if (failed)
			return false;
		if (p == NULL || (p->flags & (PG_BUSY | PG_RELEASED))) {
			*done &= !(i == op->slot[KG_CENTER] || op->slot[KG_ALL]);
			continue;
		}
		shadow_obj_flags(sh, obj, op->slot[KG_OFF] + i, ~0u, PG_BUSY);
		pps[i] = p->pfn;
		(*got)++;
	}
	return true;
}

/* The unlocked path, over the center page (or all): EBUSY at a busy or
 * released page, ENOMEM when a missing one finds none after the page
 * daemon drained what it could; then what it did is undone, newest
 * first, and the colour put back. */
static bool
replay_unlocked(struct shadow *sh, uint32_t obj, const struct op *op, uvmlab_pfn_t *pps,
		uint64_t *got, int *want, char *why, size_t len)
{
	bool made[UVMLAB_GET_PAGES_MAX] = {false}, took[UVMLAB_GET_PAGES_MAX] = {false};
	unsigned color = sh->order.next_color;
	uint64_t i, off = op->slot[KG_OFF];
	bool failed, drained;

	for (i = 0; i < op->slot[KG_N] && *want == 0; i++) {
		if (i != op->slot[KG_CENTER] && !op->slot[KG_ALL])
			continue;
		const struct sobj_page *p = shadow_objs_page(&sh->objs, obj, off + i);
		made[i] = p == NULL;
		while (p == NULL && *want == 0) {
			p = page_or_new(sh, obj, off + i, PG_BUSY, &failed, why, len);
			if (failed || (p == NULL && !skm_wait(sh, &drained, why, len)))
				return false;
			*want = p == NULL && !drained ? ENOMEM : 0;
		}
		if (*want == 0 && !made[i] && (p->flags & (PG_BUSY | PG_RELEASED)))
			*want = EBUSY;
		else if (*want == 0 && !made[i])
			shadow_obj_flags(sh, obj, off + i, ~0u, PG_BUSY);
		took[i] = *want == 0;
		pps[i] = took[i] ? p->pfn : UVMLAB_NO_PAGE;
		*got += took[i];
	}
	while (*want != 0 && i-- > 0) {
		if (took[i] && made[i] && !shadow_obj_free(sh, obj, off + i, why, len))
			return false;
		if (took[i] && !made[i])
			shadow_obj_flags(sh, obj, off + i, ~PG_BUSY, 0);
	}
	if (*want != 0)
		sh->order.next_color = color;
	return true;
}

static bool
shadow_kmget(struct shadow *sh, const struct session *s, const struct op *op,
	     const struct op_result *r, char *why, size_t len)
{
	uint32_t obj = shadow_holder_id(s, op->name);
	uvmlab_pfn_t pps[UVMLAB_GET_PAGES_MAX];
	uint64_t got = 0, n = op->slot[KG_N];
	bool done = true;
	int want = 0;

	if (r->error == EINVAL)
		return true; /* the judge's */
	for (uint64_t i = 0; i < n; i++)
		pps[i] = UVMLAB_NO_PAGE;
	if (op->slot[KG_LOCKED] ? !replay_locked(sh, obj, op, pps, &got, &done, why, len)
				: !replay_unlocked(sh, obj, op, pps, &got, &want, why, len))
		return false;
	if (!km_shadow_error(r->error, want, "kmget", why, len))
		return false;
	if (want != 0)
		return true;
	for (uint64_t i = 0; i < n; i++) {
		if (r->pfns[i] != pps[i]) {
			snprintf(why, len, "kmget: slot %" PRIu64 " is pfn %" PRIu32
					   ", the replay gives %" PRIu32,
				 i, r->pfns[i], pps[i]);
			return false;
		}
	}
	if (r->value != (got | (uint64_t)done << 32)) {
		snprintf(why, len, "kmget: got %" PRIu32 "%s, the replay %" PRIu64 "%s",
			 (uint32_t)r->value, r->value >> 32 ? " done" : "", got, done ? " done" : "");
		return false;
	}
	return true;
}

/* EINVAL for an object not the kernel's, a count outside 1..64, a
 * center outside the pages, a range past the object, or a page no range
 * of this object holds (the kernel faults only where it maps); else the
 * replay's. */
static enum verdict
judge_kmget(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	    const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct sobj *o = judged_object(b, sh, 0);
	uint64_t off = op->slot[KG_OFF], n = op->slot[KG_N];
	bool bad = o == NULL || !o->kernel || n < 1 || n > UVMLAB_GET_PAGES_MAX ||
		   op->slot[KG_CENTER] >= n || off >= o->size || n > o->size - off;
	(void)ch;

	for (uint64_t i = 0; !bad && i < n; i++) {
		const struct skm_ent *e = skm_entry_at(&sh->km, UVMLAB_KVA_START + ptoa(off + i));
		bad = e == NULL || e->obj != b->id[0];
	}
	if (bad || r->error == EINVAL)
		return judge_error(r->error, bad ? EINVAL : 0, why, len);
	return VERDICT_OK;
}

const struct op_desc op_kmget = {
	.name = "kmget",
	.nfields = 6,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_KOBJ},
		   {NULL, FK_NUM, KG_OFF, 0, FC_KERNEL_PAGE},
		   {NULL, FK_NUM, KG_N, 1, FC_FEW},
		   {"center", FK_NUM, KG_CENTER, 0, FC_OWN_OR_BYTE},
		   {"locked", FK_FLAG, KG_LOCKED, 0, FC_BIT},
		   {"all", FK_FLAG, KG_ALL, 0, FC_BIT}},
	.exec = exec_kmget,
	.shadow = shadow_kmget,
	.judge = judge_kmget,
	.shadow_on_error = true,
};
