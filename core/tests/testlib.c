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

struct uvm_machine *
t_machine_pages(enum uvmlab_strategy s, unsigned npages)
{
	struct uvm_machine *m = t_machine(s, 0, 0);
	t_seg(m, 0, npages, 0);
	return m;
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

uint64_t
t_rng(uint64_t *state, uint64_t n)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return n == 0 ? 0 : *state % n;
}

int
t_done(void)
{
	printf("%d passed, %d failed\n", t_passed, t_failed);
	return t_failed == 0 ? 0 : 1;
}
