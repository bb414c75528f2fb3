/*
 * The operation table: one description of every operation that the
 * scenario parser, the printer, the binary codec and the executor all
 * read, so their forms cannot drift apart.
 *
 * An operation is a code, a name (for ops that name a holder) and up to
 * OP_NSLOTS numeric slots.  Each op lists its fields in the order they
 * are written: positional fields first, then keyword fields in any
 * order, each with its default.
 */
#ifndef UVMLAB_OPS_H
#define UVMLAB_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "uvmlab/uvm.h"

#define OP_NSLOTS 8
#define OP_NAME_MAX 32 /* including the NUL */
#define OP_MAX_FIELDS 8
#define OP_NO_HIGH UINT64_MAX /* `high` not given */
#define OP_ANY_FREELIST UINT64_MAX

enum op_code { OP_PGLIST, OP_PGLISTFREE, OP_ALLOC, OP_FREE, OP_CHECK, OP_COUNT };

enum field_kind {
	FK_NAME,  /* positional word: the holder's name */
	FK_NUM,	  /* number, bytes or a count */
	FK_RANGE, /* PFN or PFN-PFN: slots `slot` (first) and `slot`+1 (last) */
	FK_FLAG,  /* keyword alone: slot is 1 when present */
};

/* How the binary form draws a field from its bytes (codec.c). */
enum field_codec {
	FC_HOLDER_NEW,	 /* 1: first holder at or after b % 8 that holds nothing */
	FC_HOLDER_LIVE,	 /* 1: the (b % live)-th holder that holds pages */
	FC_PAGES,	 /* 1: (b + 1) pages, in bytes */
	FC_PFN_ADDR,	 /* 2: address of pfn v */
	FC_PFN_OR_NONE,	 /* 2: 0 is the default (no limit), else pfn v's address */
	FC_ALIGN,	 /* 1: PAGE_SIZE << (b % 16) */
	FC_BOUNDARY,	 /* 1: 0 is none, else PAGE_SIZE << ((b - 1) % 16) */
	FC_BYTE,	 /* 1: b */
	FC_BIT,		 /* 1: b & 1 */
	FC_FREELIST,	 /* 1: 0 is any, else (b - 1) % nfreelists */
	FC_ALLOCATED,	 /* 3: the (v % allocated)-th allocated pfn, then up to
			    b % 16 more pages of its allocated run */
};

struct field_desc {
	const char *keyword; /* NULL: positional */
	enum field_kind kind;
	unsigned slot;
	uint64_t dflt;
	enum field_codec codec;
};

struct op_desc {
	const char *name;
	unsigned nfields;
	struct field_desc fields[OP_MAX_FIELDS];
};

struct op {
	enum op_code code;
	unsigned line; /* 1-based source line, 0 when decoded from binary */
	char name[OP_NAME_MAX];
	uint64_t slot[OP_NSLOTS];
};

/* Slot numbers of each operation's fields. */
enum {
	PGLIST_SIZE = 0, PGLIST_LOW, PGLIST_HIGH, PGLIST_ALIGN, PGLIST_BOUNDARY,
	PGLIST_NSEGS, PGLIST_WAIT,
};
enum { ALLOC_FREELIST = 0, ALLOC_ZERO };
enum { FREE_FIRST = 0, FREE_LAST };

extern const struct op_desc op_table[OP_COUNT];

/* op_lookup: the code of the op named `word`, or OP_COUNT. */
enum op_code op_lookup(const char *word);

/* op_set_defaults: clear op and set each slot of its code to its default. */
void op_set_defaults(struct op *op, enum op_code code);

/* op_print: write the op in scenario syntax, without line number or
 * newline; keyword fields at their default are left out. */
void op_print(const struct op *op, FILE *fp);

#endif /* UVMLAB_OPS_H */
