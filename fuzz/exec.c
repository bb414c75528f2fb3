/*
 * The executor: one function per operation, chosen by op code.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "exec.h"
#include "grow.h"
#include "uvmlab/stats.h"

void
session_init(struct session *s, struct uvm_machine *m)
{
	memset(s, 0, sizeof(*s));
	s->m = m;
}

void
session_init_lent(struct session *s, struct uvm_machine *m)
{
	session_init(s, m);
	s->lent = true;
}

void
session_fini(struct session *s)
{
	if (!s->lent)
		uvmlab_machine_destroy(s->m);
	free(s->holders);
	memset(s, 0, sizeof(*s));
}

void
result_init(struct op_result *r)
{
	memset(r, 0, sizeof(*r));
}

void
result_fini(struct op_result *r)
{
	free(r->pfns);
	memset(r, 0, sizeof(*r));
}

static void
result_reset(struct op_result *r)
{
	r->error = 0;
	r->npfns = 0;
	r->check_failed = false;
	r->fell_back = false;
	r->why[0] = '\0';
}

static struct holder *
holder_find(struct session *s, const char *name)
{
	for (size_t i = 0; i < s->nholders; i++) {
		if (strcmp(s->holders[i].name, name) == 0)
			return &s->holders[i];
	}
	return NULL;
}

bool
session_holds(const struct session *s, const char *name)
{
	for (size_t i = 0; i < s->nholders; i++) {
		const struct holder *h = &s->holders[i];
		if (strcmp(h->name, name) == 0)
			return h->kind == HOLDER_SINGLE ||
			       (h->kind == HOLDER_LIST && uvmlab_pglist_count(s->m, h->list) > 0);
	}
	return false;
}

/* The holder called `name`, made empty if new; NULL if out of memory. */
static struct holder *
holder_get(struct session *s, const char *name)
{
	struct holder *h = holder_find(s, name);

	if (h != NULL)
		return h;
	if (grow((void **)&s->holders, &s->cap, s->nholders + 1, sizeof(*h)) != 0)
		return NULL;
	h = &s->holders[s->nholders++];
	memset(h, 0, sizeof(*h));
	snprintf(h->name, sizeof(h->name), "%s", name);
	return h;
}

/* Does the holder still have pages?  An emptied list is retired here,
 * so the name can be used again. */
static bool
holder_busy(struct session *s, struct holder *h)
{
	if (h->kind == HOLDER_LIST && uvmlab_pglist_count(s->m, h->list) == 0) {
		uvm_pglistfree(s->m, h->list);
		h->kind = HOLDER_EMPTY;
	}
	return h->kind != HOLDER_EMPTY;
}

static int
result_reserve(struct op_result *r, size_t n)
{
	return grow((void **)&r->pfns, &r->cap, n, sizeof(*r->pfns));
}

static int
exec_pglist(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = holder_get(s, op->name);
	uvmlab_list_t list;
	int error;

	if (h == NULL)
		return ENOMEM;
	if (holder_busy(s, h))
		return EEXIST;
	const uint64_t *v = op->slot;
	int nsegs = v[PGLIST_NSEGS] > INT_MAX ? INT_MAX : (int)v[PGLIST_NSEGS];
	error = uvm_pglistalloc(s->m, v[PGLIST_SIZE], v[PGLIST_LOW], v[PGLIST_HIGH],
				v[PGLIST_ALIGN], v[PGLIST_BOUNDARY], nsegs, v[PGLIST_WAIT] != 0,
				&list);
	if (error != 0)
		return error;
	h->kind = HOLDER_LIST;
	h->list = list;
	size_t n = uvmlab_pglist_count(s->m, list);
	if (result_reserve(r, n) != 0)
		return ENOMEM;
	r->npfns = uvmlab_pglist_pfns(s->m, list, r->pfns, n);
	r->fell_back = uvmlab_pglist_fallback(s->m, list);
	return 0;
}

static int
exec_pglistfree(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = holder_find(s, op->name);
	int error;
	(void)r;

	if (h == NULL || h->kind == HOLDER_EMPTY)
		return EINVAL;
	if (h->kind == HOLDER_LIST)
		error = uvm_pglistfree(s->m, h->list);
	else
		error = uvm_pagefree(s->m, h->pfn);
	if (error == 0)
		h->kind = HOLDER_EMPTY;
	return error;
}

static int
exec_alloc(struct session *s, const struct op *op, struct op_result *r)
{
	struct holder *h = holder_get(s, op->name);
	uint64_t fl = op->slot[ALLOC_FREELIST];
	int flags = op->slot[ALLOC_ZERO] ? UVM_PGA_ZERO : 0;
	uvmlab_pfn_t pfn;
	int error;

	if (h == NULL || result_reserve(r, 1) != 0)
		return ENOMEM;
	if (holder_busy(s, h))
		return EEXIST;
	if (fl == OP_ANY_FREELIST)
		error = uvm_pagealloc(s->m, flags, &pfn);
	else
		error = uvm_pagealloc_strat(s->m, flags, UVM_PGA_STRAT_ONLY,
					    fl > UINT_MAX ? UINT_MAX : (unsigned)fl, &pfn);
	if (error != 0)
		return error;
	h->kind = HOLDER_SINGLE;
	h->pfn = pfn;
	r->pfns[0] = pfn;
	r->npfns = 1;
	return 0;
}

static int
exec_free(struct session *s, const struct op *op, struct op_result *r)
{
	uint64_t first = op->slot[FREE_FIRST], last = op->slot[FREE_LAST];
	(void)r;

	if (first > last || last >= UVMLAB_PFN_LIMIT)
		return EINVAL;
	int error = uvmlab_free_range(s->m, (uvmlab_pfn_t)first, (uvmlab_pfn_t)last);
	if (error != 0)
		return error;
	for (size_t i = 0; i < s->nholders; i++) {
		struct holder *h = &s->holders[i];
		if (h->kind == HOLDER_SINGLE && h->pfn >= first && h->pfn <= last)
			h->kind = HOLDER_EMPTY;
	}
	return 0;
}

static int
exec_check(struct session *s, const struct op *op, struct op_result *r)
{
	(void)op;
	r->check_failed = !uvmlab_validate(s->m, r->why, sizeof(r->why));
	return 0;
}

static int (*const executors[OP_COUNT])(struct session *, const struct op *,
					struct op_result *) = {
	[OP_PGLIST] = exec_pglist,
	[OP_PGLISTFREE] = exec_pglistfree,
	[OP_ALLOC] = exec_alloc,
	[OP_FREE] = exec_free,
	[OP_CHECK] = exec_check,
};

void
exec_op(struct session *s, const struct op *op, struct op_result *r)
{
	result_reset(r);
	r->error = executors[op->code](s, op, r);
	if (r->error != 0)
		r->npfns = 0;
}

void
print_pfn_runs(const uvmlab_pfn_t *pfns, size_t n, FILE *fp)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && pfns[j + 1] == pfns[j] + 1)
			j++;
		fprintf(fp, "%s%" PRIu32, i ? "," : "", pfns[i]);
		if (j > i)
			fprintf(fp, "-%" PRIu32, pfns[j]);
		i = j + 1;
	}
}

void
result_print(const struct op *op, const struct op_result *r, FILE *fp)
{
	if (r->error != 0) {
		fputs(uvmlab_errno_name(r->error), fp);
	} else if (op->code == OP_CHECK && r->check_failed) {
		fprintf(fp, "FAIL %s", r->why);
	} else {
		fputs("ok", fp);
		if (r->npfns > 0) {
			fputc(' ', fp);
			print_pfn_runs(r->pfns, r->npfns, fp);
		}
	}
}

void
print_result_line(const struct op *op, const struct op_result *r, FILE *fp)
{
	const struct field_desc *f = &op_table[op->code].fields[0];

	fprintf(fp, "%u: %s ", op->line, op_table[op->code].name);
	if (op_table[op->code].nfields > 0 && f->keyword == NULL) {
		if (f->kind == FK_NAME)
			fprintf(fp, "%s ", op->name);
		else if (f->kind == FK_RANGE && op->slot[f->slot] == op->slot[f->slot + 1])
			fprintf(fp, "%" PRIu64 " ", op->slot[f->slot]);
		else if (f->kind == FK_RANGE)
			fprintf(fp, "%" PRIu64 "-%" PRIu64 " ", op->slot[f->slot],
				op->slot[f->slot + 1]);
	}
	result_print(op, r, fp);
	fputc('\n', fp);
}

