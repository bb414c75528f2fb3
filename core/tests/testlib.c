/* The unit tests' helpers; see testlib.h. */
#include "testlib.h"

int t_passed, t_failed;

struct uvm_machine *
t_machine(enum uvmlab_strategy s, unsigned rpd, unsigned rk)
{
	struct uvmlab_params p;
	struct uvm_machine *m;

	uvmlab_params_default(&p);
	p.strategy = s;
	p.reserve_pagedaemon = rpd;
	p.reserve_kernel = rk;
	if (uvmlab_machine_create(&p, &m) != 0) {
		fprintf(stderr, "t_machine: create failed\n");
		exit(1);
	}
	return m;
}

void
t_seg(struct uvm_machine *m, uvmlab_pfn_t start, uvmlab_pfn_t end, unsigned fl)
{
	CHECK_EQ(uvm_page_physload(m, start, end, start, end, fl, 0), 0);
	VALID(m);
}

const char *
t_pfns(struct uvm_machine *m, uvmlab_list_t list)
{
	static char buf[4096];
	uvmlab_pfn_t pfns[1024];
	size_t n = uvmlab_pglist_pfns(m, list, pfns, 1024), len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && i < 1024;) {
		size_t j = i;
		while (j + 1 < n && j + 1 < 1024 && pfns[j + 1] == pfns[j] + 1)
			j++;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%" PRIu32, i ? "," : "",
					pfns[i]);
		if (j > i)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "-%" PRIu32, pfns[j]);
		i = j + 1;
	}
	return buf;
}

const char *
t_pglist(struct uvm_machine *m, psize_t size, paddr_t low, paddr_t high, paddr_t align,
	 paddr_t boundary, int nsegs, bool waitok, uvmlab_list_t *lp)
{
	uvmlab_list_t l;
	int e = uvm_pglistalloc(m, size, low, high, align, boundary, nsegs, waitok, &l);

	VALID(m);
	if (e != 0)
		return uvmlab_errno_name(e);
	if (lp != NULL)
		*lp = l;
	return t_pfns(m, l);
}

static void
put(struct t_snap *s, const void *p, size_t n)
{
	s->buf = realloc(s->buf, s->len + n);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

static void
put_pfn(struct t_snap *s, const struct vm_page *pg)
{
	int64_t v = pg == NULL ? -1 : (int64_t)pg->pfn;
	put(s, &v, sizeof(v));
}

static void
put_queue(struct t_snap *s, const struct pgqueue *q)
{
	put(s, &q->npages, sizeof(q->npages));
	for (const struct vm_page *pg = q->first; pg != NULL; pg = pg->next)
		put_pfn(s, pg);
	put_pfn(s, q->last);
}

struct t_snap
t_snap_take(const struct uvm_machine *m)
{
	struct t_snap s = {0, NULL};
	const struct uvmlab_params *p = &m->params;

	put(&s, p, sizeof(*p));
	put(&s, &m->nsegs, sizeof(m->nsegs));
	put(&s, &m->nfree, sizeof(m->nfree));
	put(&s, &m->pgflcolor, sizeof(m->pgflcolor));
	put(&s, m->fl_nfree, sizeof(m->fl_nfree));
	put(&s, m->bucket_nfree, sizeof(m->bucket_nfree));
	for (unsigned i = 0; i < m->nsegs; i++) {
		const struct vm_physseg *seg = &m->segs[i];
		uint32_t hdr[7] = {seg->start,	  seg->end,	 seg->avail_start, seg->avail_end,
				   seg->freelist, seg->bucket, seg->start_hint};
		put(&s, hdr, sizeof(hdr));
		for (uvmlab_pfn_t k = 0; k < seg->end - seg->start; k++) {
			const struct vm_page *pg = &seg->pgs[k];
			uint32_t v[2] = {pg->flags, pg->owner};
			put(&s, v, sizeof(v));
			put_pfn(&s, pg->next);
			put_pfn(&s, pg->prev);
		}
	}
	size_t nq = (size_t)p->nfreelists * p->nbuckets * p->ncolors;
	for (size_t q = 0; q < nq; q++)
		put_queue(&s, &m->colorq[q]);
	for (uint32_t h = 0; h < m->nlists; h++) {
		put(&s, &m->lists[h].live, sizeof(m->lists[h].live));
		if (m->lists[h].live)
			put_queue(&s, &m->lists[h].q);
	}
	return s;
}

bool
t_snap_equal(const struct t_snap *a, const struct t_snap *b)
{
	return a->len == b->len && memcmp(a->buf, b->buf, a->len) == 0;
}

void
t_snap_free(struct t_snap *s)
{
	free(s->buf);
	s->buf = NULL;
	s->len = 0;
}

int
t_done(void)
{
	printf("%d passed, %d failed\n", t_passed, t_failed);
	return t_failed == 0 ? 0 : 1;
}
