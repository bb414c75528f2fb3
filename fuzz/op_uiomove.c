/*
 * uiomove OBJ OFF LEN [write] [seed S]: ubc_uiomove of LEN bytes at
 * byte OFF of anonymous object OBJ, rev 1.29's rump_ubc_magic_uiomove:
 * the pager gets the pages the bytes span (allocating missing ones),
 * the bytes are copied (a write puts op_pattern(S) in, and its pages
 * lose PG_CLEAN), and the pages are unbusied.  The result is the pages
 * of the span ("-" where none is), and for a read the bytes.
 *
 * Under the strategies with the seeds' flaws, 1.29's len2npages counts
 * a page too few for an unaligned page multiple, and the copy stops a
 * page short (VERDICT_SEED_FLAW).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "op_km.h"

enum { UIO_OFF, UIO_LEN, UIO_RW, UIO_SEED };

#define UIO_LEN_MAX ptoa(UVMLAB_GET_PAGES_MAX + 1) /* past it, EINVAL in any case */

static int
exec_uiomove(struct session *s, const struct op *op, struct op_result *r)
{
	const struct holder *o = object_holder(s, op->name);
	uint64_t off = op->slot[UIO_OFF], len = op->slot[UIO_LEN];
	bool write = op->slot[UIO_RW] != 0;

	if (o == NULL || len > UIO_LEN_MAX || off > UINT64_MAX - len)
		return EINVAL;
	if (result_reserve_bytes(r, len) != 0)
		return ENOMEM;
	if (write && len > 0)
		op_pattern(r->bytes, 0, len, op->slot[UIO_SEED]);
	else if (len > 0)
		memset(r->bytes, 0, len);
	int error = ubc_uiomove(s->m, o->obj, off, r->bytes, len, write ? UIO_WRITE : UIO_READ);
	if (error != 0)
		return error;
	uint64_t n = atop(off + len - 1) - atop(off) + 1;
	if (result_reserve(r, n) != 0)
		return ENOMEM;
	for (uint64_t i = 0; i < n; i++)
		uvm_pagelookup(s->m, o->obj, ptoa(atop(off) + i), &r->pfns[i]);
	r->npfns = n;
	r->nbytes = write ? 0 : len;
	return 0;
}

/* The pages the copy spans: all of [off, off + len), or with the seeds'
 * flaw 1.29's len2npages. */
static uint64_t
span(const struct op *op, bool flawed)
{
	uint64_t off = op->slot[UIO_OFF], len = op->slot[UIO_LEN];

	if (flawed)
		return atop(len + PAGE_SIZE - 1) + ((off % PAGE_SIZE) + (len % PAGE_SIZE) > PAGE_SIZE);
	return atop(off + len - 1) - atop(off) + 1;
}

static bool
flawed_in(const struct session *s)
{
	return strategy_seed_flaws(uvmlab_machine_params(s->m)->strategy);
}

/* The pages got, bytes copied, pages unbusied: a resident page keeps
 * its flags (a write clears PG_CLEAN), a new one is the next page
 * uvm_pagealloc gives, left clean and fake unless written. */
static bool
shadow_uiomove(struct shadow *sh, const struct session *s, const struct op *op,
	       const struct op_result *r, char *why, size_t len)
{
	uint32_t id = shadow_holder_id(s, op->name);
	uint64_t first = atop(op->slot[UIO_OFF]), n = span(op, flawed_in(s));
	uint64_t at = op->slot[UIO_OFF] % PAGE_SIZE, left = op->slot[UIO_LEN];
	bool write = op->slot[UIO_RW] != 0;
	uint8_t pattern[PAGE_SIZE];
	uint64_t done = 0;

	for (uint64_t i = 0; i < r->npfns; i++) {
		const struct sobj_page *p = shadow_objs_page(&sh->objs, id, first + i);
		if (i >= n && r->pfns[i] != (p != NULL ? p->pfn : UVMLAB_NO_PAGE)) {
			snprintf(why, len, "uiomove: page %" PRIu64 " past the copy changed", i);
			return false;
		}
		if (i >= n)
			continue;
		if (p == NULL && !shadow_obj_alloc(sh, id, first + i, r->pfns[i], why, len))
			return false;
		shadow_obj_flags(sh, id, first + i, ~(PG_BUSY | PG_WANTED | (write ? PG_CLEAN : 0)),
				 0);
		uint64_t x = left < PAGE_SIZE - at ? left : PAGE_SIZE - at;
		if (write) {
			op_pattern(pattern, done, x, op->slot[UIO_SEED]);
			memcpy(shadow_objs_page(&sh->objs, id, first + i)->bytes + at, pattern, x);
		}
		done += x;
		left -= x;
		at = 0;
	}
	return true;
}

/* The read's bytes: from each page the copy reaches (a new page's are
 * zero), none past it. */
static bool
read_agrees(const struct shadow *sh, uint32_t id, const struct op *op, uint64_t n,
	    const struct op_result *r, char *why, size_t len)
{
	uint64_t off = op->slot[UIO_OFF];
	const struct sobj_page *p = NULL;

	for (uint64_t i = 0; i < op->slot[UIO_LEN]; i++) {
		uint64_t pg = atop(off + i), k = pg - atop(off);
		if (i == 0 || (off + i) % PAGE_SIZE == 0) /* a new page: look it up once */
			p = shadow_objs_page(&sh->objs, id, pg);
		uint8_t want = k < n && p != NULL ? p->bytes[(off + i) % PAGE_SIZE] : 0;
		if (r->bytes[i] != want) {
			snprintf(why, len, "uiomove: byte %" PRIu64 " read %#x, must be %#x", i,
				 r->bytes[i], want);
			return false;
		}
	}
	return true;
}

/* EINVAL for no anonymous object, no bytes, an end past 2^64 or more
 * than 64 pages; then ao_get's answer for the pages spanned; a read's
 * bytes exactly.  With the seeds' flaw shortening the span, counted. */
static enum verdict
judge_uiomove(const struct judge_before *b, const struct shadow *sh, const struct op *op,
	      const struct op_result *r, struct churn *ch, char *why, size_t len)
{
	const struct sobj *o = judged_anon(b, sh, 0);
	uint64_t off = op->slot[UIO_OFF], bytes = op->slot[UIO_LEN];
	bool flawed = strategy_seed_flaws(b->params.strategy);
	int want = o == NULL || bytes == 0 || bytes > UIO_LEN_MAX || off > UINT64_MAX - bytes
			   ? EINVAL
			   : ao_get_want(sh, o, atop(off), span(op, flawed));
	(void)ch;

	if (r->error != want)
		return judge_error(r->error, want, why, len);
	if (want == 0 && !op->slot[UIO_RW] && !read_agrees(sh, b->id[0], op, span(op, flawed), r, why, len))
		return VERDICT_BUG;
	return want != EINVAL && span(op, flawed) < span(op, false) ? VERDICT_SEED_FLAW : VERDICT_OK;
}

/* The short copy, exactly: the pages past the short span are as they
 * were (a missing one still missing), and the free count is the
 * primary's but for the pages the primary allocated there. */
static bool
explain_uiomove(const struct judge_before *b, const struct shadow *sh, const struct op *op,
		const struct flaw_pair *fp, char *why, size_t len)
{
	uint64_t first = atop(op->slot[UIO_OFF]), n = span(op, true), all = span(op, false);
	uvmlab_obj_t obj = fp->other->holders[b->id[0]].obj;
	uint64_t missing = 0;
	uint8_t now[PAGE_SIZE];

	for (uint64_t i = n; i < all; i++) {
		const struct sobj_page *p = shadow_objs_page(&sh->objs, b->id[0], first + i);
		uvmlab_pfn_t pfn;
		uvm_pagelookup(fp->other->m, obj, ptoa(first + i), &pfn);
		missing += p == NULL;
		bool same = p == NULL ? pfn == UVMLAB_NO_PAGE
				      : pfn == p->pfn && uvmlab_page_flags(fp->other->m, pfn) == p->flags &&
						uvmlab_page_read(fp->other->m, pfn, 0, now, PAGE_SIZE) == 0 &&
						memcmp(now, p->bytes, PAGE_SIZE) == 0;
		if (!same) {
			snprintf(why, len, "uiomove: page %" PRIu64 " past the short copy changed",
				 first + i);
			return false;
		}
	}
	uint64_t mended = fp->primary_r->error == 0 && fp->other_r->error == 0 ? missing : 0;
	if (fp->primary_r->error == fp->other_r->error &&
	    uvmlab_free_pages(fp->other->m) != uvmlab_free_pages(fp->primary->m) + mended) {
		snprintf(why, len, "uiomove: the short copy leaves %" PRIu64
				   " pages unallocated, but the free counts differ otherwise",
			 mended);
		return false;
	}
	return true;
}

const struct op_desc op_uiomove = {
	.name = "uiomove",
	.nfields = 5,
	.fields = {{NULL, FK_NAME, 0, 0, FC_HOLDER_OBJECT},
		   {NULL, FK_NUM, UIO_OFF, 0, FC_WORD},
		   {NULL, FK_NUM, UIO_LEN, 1, FC_SPAN},
		   {"write", FK_FLAG, UIO_RW, 0, FC_BIT},
		   {"seed", FK_NUM, UIO_SEED, 0, FC_BYTE}},
	.exec = exec_uiomove,
	.shadow = shadow_uiomove,
	.judge = judge_uiomove,
	.explain = explain_uiomove,
};
