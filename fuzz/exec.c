/*
 * The executor: the session's holders, and each op run by its row's
 * executor (fuzz/op_<name>.c).
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
	free(r->bytes);
	memset(r, 0, sizeof(*r));
}

void
result_reset(struct op_result *r)
{
	r->error = 0;
	r->npfns = 0;
	r->check_failed = false;
	r->fell_back = false;
	r->value_kind = VALUE_NONE;
	r->value = 0;
	r->nbytes = 0;
	r->why[0] = '\0';
}

const struct holder *
session_find(const struct session *s, const char *name)
{
	/* the first letters first: the decoder asks for every name of its
	 * table on every holder field, and ASan's strcmp is not cheap */
	for (size_t i = 0; i < s->nholders; i++) {
		if (s->holders[i].name[0] == name[0] && strcmp(s->holders[i].name, name) == 0)
			return &s->holders[i];
	}
	return NULL;
}

struct holder *
session_holder(struct session *s, const char *name)
{
	return (struct holder *)session_find(s, name);
}

/* What a holder holds, an emptied list counting as nothing. */
static enum holder_kind
held(const struct session *s, const struct holder *h)
{
	if (h->kind == HOLDER_LIST && uvmlab_pglist_count(s->m, h->list) == 0)
		return HOLDER_EMPTY;
	return h->kind == HOLDER_SINGLE ? HOLDER_LIST : h->kind;
}

bool
session_holds_kind(const struct session *s, const char *name, enum holder_kind k)
{
	const struct holder *h = session_find(s, name);
	return h != NULL && held(s, h) == (k == HOLDER_SINGLE ? HOLDER_LIST : k);
}

/* The kernel objects' names are never free for a holder of the
 * scenario's. */
static bool
reserved(const char *name)
{
	return (name[0] == HOLDER_KERNEL[0] || name[0] == HOLDER_KMEM[0]) &&
	       (strcmp(name, HOLDER_KERNEL) == 0 || strcmp(name, HOLDER_KMEM) == 0);
}

bool
session_holds(const struct session *s, const char *name)
{
	const struct holder *h = session_find(s, name);
	return reserved(name) || (h != NULL && held(s, h) != HOLDER_EMPTY);
}

int
session_reserve(struct session *s, size_t more)
{
	return grow((void **)&s->holders, &s->cap, s->nholders + more, sizeof(*s->holders));
}

int
session_kernel_objects(struct session *s)
{
	uvmlab_obj_t objs[2];
	const char *names[2] = {HOLDER_KERNEL, HOLDER_KMEM};

	if (session_find(s, HOLDER_KERNEL) != NULL || !uvmlab_km_objects(s->m, &objs[0], &objs[1]))
		return 0;
	if (session_reserve(s, 2) != 0)
		return ENOMEM;
	for (int i = 0; i < 2; i++) {
		struct holder *h = &s->holders[s->nholders++];
		memset(h, 0, sizeof(*h));
		name_copy(h->name, names[i]);
		h->kind = HOLDER_OBJECT;
		h->obj = objs[i];
		h->obj_pages = uvmlab_machine_params(s->m)->kva_pages;
	}
	return 0;
}

int
session_claim(struct session *s, const char *name, struct holder **hp)
{
	struct holder *h = session_holder(s, name);

	if (reserved(name))
		return EEXIST;
	if (h == NULL) {
		if (grow((void **)&s->holders, &s->cap, s->nholders + 1, sizeof(*h)) != 0)
			return ENOMEM;
		h = &s->holders[s->nholders++];
		memset(h, 0, sizeof(*h));
		name_copy(h->name, name);
	}
	/* an emptied list is retired here, so the name can be used again */
	if (h->kind == HOLDER_LIST && uvmlab_pglist_count(s->m, h->list) == 0) {
		uvm_pglistfree(s->m, h->list);
		h->kind = HOLDER_EMPTY;
	}
	if (h->kind != HOLDER_EMPTY)
		return EEXIST;
	*hp = h;
	return 0;
}

int
result_reserve(struct op_result *r, size_t n)
{
	return grow((void **)&r->pfns, &r->cap, n, sizeof(*r->pfns));
}

int
result_reserve_bytes(struct op_result *r, size_t n)
{
	return grow((void **)&r->bytes, &r->bytes_cap, n, 1);
}

void
exec_op(struct session *s, const struct op *op, struct op_result *r)
{
	result_reset(r);
	result_settle(r, op_table[op->code]->exec(s, op, r));
}

void
result_settle(struct op_result *r, int error)
{
	r->error = error;
	if (error != 0) {
		r->npfns = 0;
		r->nbytes = 0;
		r->value_kind = VALUE_NONE;
		r->value = 0;
	}
}

void
print_pfn_runs(const uvmlab_pfn_t *pfns, size_t n, FILE *fp)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		if (pfns[i] == UVMLAB_NO_PAGE) { /* a slot given no page */
			fprintf(fp, "%s-", i ? "," : "");
			i++;
			continue;
		}
		while (j + 1 < n && pfns[j + 1] == pfns[j] + 1)
			j++;
		fprintf(fp, "%s%" PRIu32, i ? "," : "", pfns[i]);
		if (j > i)
			fprintf(fp, "-%" PRIu32, pfns[j]);
		i = j + 1;
	}
}

/* " busy,clean,..." in uvm_page.h's order, or " -" for none. */
static void
print_page_flags(uint32_t flags, FILE *fp)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {{PG_CLEAN, "clean"}, {PG_DIRTY, "dirty"},	   {PG_BUSY, "busy"},
		     {PG_WANTED, "wanted"}, {PG_RELEASED, "released"}, {PG_FAKE, "fake"}};
	const char *sep = " ";

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (flags & names[i].bit) {
			fprintf(fp, "%s%s", sep, names[i].name);
			sep = ",";
		}
	}
	if (*sep == ' ')
		fputs(" -", fp);
}

void
print_byte_runs(const uint8_t *b, size_t n, FILE *fp)
{
	unsigned runs = 0;

	for (size_t i = 0; i < n; runs++) {
		size_t j = i;
		while (j + 1 < n && b[j + 1] == b[i])
			j++;
		if (runs == 8) {
			fputs(",...", fp);
			return;
		}
		fprintf(fp, "%s%02x", runs ? "," : "", b[i]);
		if (j > i)
			fprintf(fp, "*%zu", j - i + 1);
		i = j + 1;
	}
}

void
result_print(const struct op_result *r, FILE *fp)
{
	if (r->error != 0) {
		fputs(uvmlab_errno_name(r->error), fp);
	} else if (r->check_failed) {
		fprintf(fp, "FAIL %s", r->why);
	} else {
		fputs("ok", fp);
		if (r->npfns > 0) {
			fputc(' ', fp);
			print_pfn_runs(r->pfns, r->npfns, fp);
		}
		if (r->value_kind == VALUE_ADDR)
			fprintf(fp, " %#" PRIx64, r->value);
		else if (r->value_kind == VALUE_PFN && r->value == UVMLAB_NO_PAGE)
			fputs(" none", fp);
		else if (r->value_kind == VALUE_PFN)
			fprintf(fp, " %" PRIu64, r->value);
		else if (r->value_kind == VALUE_FLAGS)
			print_page_flags((uint32_t)r->value, fp);
		else if (r->value_kind == VALUE_WALK)
			fputs(r->value ? " hash" : " memq", fp);
		else if (r->value_kind == VALUE_GOT)
			fprintf(fp, " got %" PRIu32 "%s", (uint32_t)r->value,
				r->value >> 32 ? " done" : " short");
		else if (r->value_kind == VALUE_DRAINED)
			fputs(r->value ? " drained" : " nothing", fp);
		if (r->nbytes > 0) {
			fputc(' ', fp);
			print_byte_runs(r->bytes, r->nbytes, fp);
		}
	}
}

void
print_result_line(const struct op *op, const struct op_result *r, FILE *fp)
{
	const struct op_desc *d = op_table[op->code];
	const struct field_desc *f = &d->fields[0];

	fprintf(fp, "%u: %s ", op->line, d->name);
	if (d->nfields > 0 && f->keyword == NULL) {
		if (f->kind == FK_NAME)
			fprintf(fp, "%s ", op->name);
		else if (f->kind == FK_RANGE && op->slot[f->slot] == op->slot[f->slot + 1])
			fprintf(fp, "%" PRIu64 " ", op->slot[f->slot]);
		else if (f->kind == FK_RANGE)
			fprintf(fp, "%" PRIu64 "-%" PRIu64 " ", op->slot[f->slot],
				op->slot[f->slot + 1]);
	}
	result_print(r, fp);
	fputc('\n', fp);
}

