/* The reference model of rev 1.89; see ref_pglist189.h. */
#include <errno.h>

#include "ref_pglist189.h"

#define ref_roundup2(x, m) (((x) + ((m) - 1)) & ~((m) - 1))

static unsigned
ref_uimax(unsigned a, unsigned b)
{
	return a > b ? a : b;
}

static unsigned
ref_uimin(unsigned a, unsigned b)
{
	return a < b ? a : b;
}

static void
take(struct ref_machine *r, int pfn, int *out, int *nout)
{
	r->is_free[pfn] = false;
	r->nfree--;
	out[(*nout)++] = pfn;
}

static int
ref_c_ps(struct ref_machine *r, struct ref_seg *s, int num, uint64_t low, uint64_t high,
	 uint64_t alignment, uint64_t boundary, int *out, int *nout)
{
	signed int candidate, limit, candidateidx, end, idx, skip;
	int pagemask;
	bool second_pass;

	low >>= 12;
	high >>= 12;
	if (high <= (uint64_t)s->avail_start || low >= (uint64_t)s->avail_end)
		return 0;
	alignment >>= 12;
	candidate = (int)ref_roundup2(
	    (uint64_t)ref_uimax((unsigned)low, (unsigned)s->avail_start + s->hint), alignment);
	limit = (int)ref_uimin((unsigned)high, (unsigned)s->avail_end);
	pagemask = (int)~((boundary >> 12) - 1);
	skip = 0;
	second_pass = false;

	for (;;) {
		bool ok = true;
		signed int cnt;

		if (candidate + num > limit) {
			if (s->hint == 0 || second_pass)
				return 0;
			second_pass = true;
			candidate = (int)ref_roundup2(
			    (uint64_t)ref_uimax((unsigned)low, (unsigned)s->avail_start), alignment);
			limit = (int)ref_uimin((unsigned)limit, (unsigned)s->avail_start + s->hint);
			skip = 0;
			continue;
		}
		if (boundary != 0 && ((candidate ^ (candidate + num - 1)) & pagemask) != 0) {
			candidate = (candidate + num - 1) & pagemask;
			candidate = (int)ref_roundup2((uint64_t)candidate, alignment);
			skip = 0;
			continue;
		}
		candidateidx = candidate - s->start;
		end = candidateidx + num;
		for (idx = end - 1; idx >= candidateidx + skip; idx--) {
			if (!r->is_free[s->start + idx]) {
				ok = false;
				break;
			}
		}
		if (ok)
			break;
		cnt = idx + 1 - candidateidx;
		cnt = (int)ref_roundup2((uint64_t)(int64_t)cnt, alignment);
		skip = (int)ref_uimax((unsigned)(num - cnt), 0);
		candidate += cnt;
	}
	for (idx = candidateidx; idx < end; idx++)
		take(r, s->start + idx, out, nout);
	s->hint = (unsigned)(candidate + num - s->avail_start);
	return num;
}

static int
ref_s_ps(struct ref_machine *r, struct ref_seg *s, int num, uint64_t low, uint64_t high,
	 int *out, int *nout)
{
	int todo, limit, candidate;
	bool second_pass;

	low >>= 12;
	high >>= 12;
	if (high <= (uint64_t)s->avail_start || low >= (uint64_t)s->avail_end)
		return 0;
	todo = num;
	candidate = (int)ref_uimax((unsigned)low, (unsigned)s->avail_start + s->hint);
	limit = (int)ref_uimin((unsigned)high, (unsigned)s->avail_end);
	second_pass = false;
again:
	for (;; candidate++) {
		if (candidate >= limit) {
			if (s->hint == 0 || second_pass) {
				candidate = limit - 1;
				break;
			}
			second_pass = true;
			candidate = (int)ref_uimax((unsigned)low, (unsigned)s->avail_start);
			limit = (int)ref_uimin((unsigned)limit, (unsigned)s->avail_start + s->hint);
			goto again;
		}
		if (!r->is_free[candidate])
			continue;
		take(r, candidate, out, nout);
		if (--todo == 0)
			break;
	}
	s->hint = (unsigned)(candidate + 1 - s->avail_start);
	return num - todo;
}

int
ref_pglistalloc(struct ref_machine *r, uint64_t size, uint64_t low, uint64_t high,
		uint64_t alignment, uint64_t boundary, int nsegs, int *out, int *nout)
{
	int num, fl, i;
	bool simple;

	*nout = 0;
	if (alignment < 4096)
		alignment = 4096;
	if (boundary != 0 && boundary < size)
		return EINVAL;
	num = (int)((size + 4095) >> 12);
	low = ref_roundup2(low, alignment);
	simple = !(nsegs < num || alignment != 4096 || boundary != 0);

	if (r->nfree <= (long)(r->reserve_pagedaemon + r->reserve_kernel))
		goto fail;
	for (fl = 0; fl < r->nfreelists; fl++) {
		for (i = 0; i < r->nsegs; i++) {
			struct ref_seg *s = &r->segs[i];
			if (s->freelist != fl)
				continue;
			if (simple)
				num -= ref_s_ps(r, s, num, low, high, out, nout);
			else
				num -= ref_c_ps(r, s, num, low, high, alignment, boundary, out,
						nout);
			if (num == 0)
				return 0;
		}
	}
fail:
	for (i = 0; i < *nout; i++) {
		r->is_free[out[i]] = true;
		r->nfree++;
	}
	*nout = 0;
	return ENOMEM;
}
