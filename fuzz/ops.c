/*
 * The operation table and what reads it generically: defaults, lookup
 * and the printer.  Adding an operation means adding a row here and its
 * executor in exec.c.
 */
#include <inttypes.h>
#include <string.h>

#include "ops.h"

const struct op_desc op_table[OP_COUNT] = {
	[OP_PGLIST] = {"pglist", 8,
		       {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW},
			{NULL, FK_NUM, PGLIST_SIZE, 0, FC_PAGES},
			{"low", FK_NUM, PGLIST_LOW, 0, FC_PFN_ADDR},
			{"high", FK_NUM, PGLIST_HIGH, OP_NO_HIGH, FC_PFN_OR_NONE},
			{"align", FK_NUM, PGLIST_ALIGN, PAGE_SIZE, FC_ALIGN},
			{"boundary", FK_NUM, PGLIST_BOUNDARY, 0, FC_BOUNDARY},
			{"nsegs", FK_NUM, PGLIST_NSEGS, 1, FC_BYTE},
			{"wait", FK_FLAG, PGLIST_WAIT, 0, FC_BIT}}},
	[OP_PGLISTFREE] = {"pglistfree", 1, {{NULL, FK_NAME, 0, 0, FC_HOLDER_LIVE}}},
	[OP_ALLOC] = {"alloc", 3,
		      {{NULL, FK_NAME, 0, 0, FC_HOLDER_NEW},
		       {"freelist", FK_NUM, ALLOC_FREELIST, OP_ANY_FREELIST, FC_FREELIST},
		       {"zero", FK_FLAG, ALLOC_ZERO, 0, FC_BIT}}},
	[OP_FREE] = {"free", 1, {{NULL, FK_RANGE, FREE_FIRST, 0, FC_ALLOCATED}}},
	[OP_CHECK] = {"check", 0, {{0}}},
};

enum op_code
op_lookup(const char *word)
{
	for (unsigned c = 0; c < OP_COUNT; c++) {
		if (strcmp(word, op_table[c].name) == 0)
			return (enum op_code)c;
	}
	return OP_COUNT;
}

void
op_set_defaults(struct op *op, enum op_code code)
{
	memset(op, 0, sizeof(*op));
	op->code = code;
	for (unsigned i = 0; i < op_table[code].nfields; i++) {
		const struct field_desc *f = &op_table[code].fields[i];
		if (f->kind != FK_NAME)
			op->slot[f->slot] = f->dflt;
	}
}

/* Numbers read best in the largest unit that divides them. */
static void
print_num(uint64_t v, FILE *fp)
{
	static const char units[] = "KMGT";
	int u = -1;

	while (v != 0 && u < 3 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	if (u >= 0)
		fprintf(fp, "%" PRIu64 "%c", v, units[u]);
	else if (v >= 0x10000)
		fprintf(fp, "%#" PRIx64, v);
	else
		fprintf(fp, "%" PRIu64, v);
}

void
op_print(const struct op *op, FILE *fp)
{
	const struct op_desc *d = &op_table[op->code];

	fputs(d->name, fp);
	for (unsigned i = 0; i < d->nfields; i++) {
		const struct field_desc *f = &d->fields[i];
		uint64_t v = op->slot[f->slot];
		if (f->keyword != NULL && f->kind != FK_NAME && v == f->dflt)
			continue;
		fputc(' ', fp);
		if (f->keyword != NULL)
			fprintf(fp, "%s", f->keyword);
		switch (f->kind) {
		case FK_NAME:
			fputs(op->name, fp);
			break;
		case FK_NUM:
			if (f->keyword != NULL)
				fputc(' ', fp);
			print_num(v, fp);
			break;
		case FK_RANGE:
			fprintf(fp, "%" PRIu64, v);
			if (op->slot[f->slot + 1] != v)
				fprintf(fp, "-%" PRIu64, op->slot[f->slot + 1]);
			break;
		case FK_FLAG:
			break;
		}
	}
}
