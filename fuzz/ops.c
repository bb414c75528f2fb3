/*
 * The operation table and what reads it generically: defaults, lookup
 * and the printer.  The rows themselves live with their operations, in
 * fuzz/op_<name>.c.
 */
#include <inttypes.h>
#include <string.h>

#include "ops.h"

#define OP_ROW(tail, name, wire) [OP_##tail] = &op_##name,
const struct op_desc *const op_table[OP_COUNT] = {OP_LIST(OP_ROW)};
#undef OP_ROW

#define OP_WIRE(tail, name, wire) [OP_##tail] = wire,
const uint8_t op_wire[OP_COUNT] = {OP_LIST(OP_WIRE)};
#undef OP_WIRE

bool
op_names_holder(const struct op *op)
{
	const struct op_desc *d = op_table[op->code];
	return d->nfields > 0 && d->fields[0].kind == FK_NAME;
}

char *
op_name(struct op *op, const struct field_desc *f)
{
	return f->slot == 0 ? op->name : op->name2;
}

const char *
op_name_const(const struct op *op, const struct field_desc *f)
{
	return f->slot == 0 ? op->name : op->name2;
}

enum op_code
op_find(const char *word)
{
	for (unsigned c = 0; c < OP_COUNT; c++) {
		if (strcmp(word, op_table[c]->name) == 0)
			return (enum op_code)c;
	}
	return OP_COUNT;
}

void
op_set_defaults(struct op *op, enum op_code code)
{
	memset(op, 0, sizeof(*op));
	op->code = code;
	for (unsigned i = 0; i < op_table[code]->nfields; i++) {
		const struct field_desc *f = &op_table[code]->fields[i];
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
	const struct op_desc *d = op_table[op->code];

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
			fputs(op_name_const(op, f), fp);
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
