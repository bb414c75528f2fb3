/*
 * The operation table: one row per operation, the whole of it: its
 * syntax and binary fields, its fixed binary code, its executor, its
 * shadow update and its judge.  The scenario parser, the printer, the
 * binary codec, the executor, the shadow model and the judge all read
 * the row, so their forms cannot drift apart.
 *
 * An operation is a code, a name (for ops that name a holder) and up to
 * OP_NSLOTS numeric slots.  Each op lists its fields in the order they
 * are written: positional fields first, then keyword fields in any
 * order, each with its default.
 *
 * Adding an operation: a file fuzz/op_<name>.c that defines its row
 * `op_<name>` (and its executor, shadow update and judge), and one line
 * in OP_LIST below.
 */
#ifndef UVMLAB_OPS_H
#define UVMLAB_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "uvmlab/uvm.h"

#define OP_NSLOTS 8
#define OP_NAME_MAX 32 /* including the NUL */
#define OP_MAX_FIELDS 8
#define OP_NO_HIGH UINT64_MAX /* `high` not given */
#define OP_ANY_FREELIST UINT64_MAX

/* name_copy: src into dst[OP_NAME_MAX], cut short if need be.  Names are
 * copied on every decoded operation and claimed holder, where snprintf's
 * cost showed under perf. */
static inline void
name_copy(char dst[OP_NAME_MAX], const char *src)
{
	size_t n = 0;

	while (n < OP_NAME_MAX - 1 && src[n] != '\0')
		n++;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Every operation: its enum tail, its row's name (op_<name>, in
 * fuzz/op_<name>.c) and its wire code, the fixed code of its binary
 * records (codec.h): below CODEC_OPCODES in the record's first byte, or
 * from CODEC_ESCAPE + 1 on, escaped; two rows sharing a code do not
 * compile (codec.c switches on them).  The order is the enum's and
 * carries no meaning in stored inputs.
 */
#define OP_LIST(X)                                                                        \
	X(PGLIST, pglist, 0)                                                            \
	X(PGLISTFREE, pglistfree, 1)                                                    \
	X(ALLOC, alloc, 2)                                                              \
	X(FREE, free, 3)                                                                \
	X(CHECK, check, 4)                                                              \
	X(UAO, uao, 5)                                                                  \
	X(DETACH, detach, 6)                                                            \
	X(GET, get, 7)                                                                  \
	X(UNBUSY, unbusy, 8)                                                            \
	X(PUT, put, 9)                                                                  \
	X(WRITE, write, 10)                                                             \
	X(READ, read, 11)                                                               \
	X(LOOKUP, lookup, 12)                                                           \
	X(MAPIN, mapin, 13)                                                             \
	X(MAPOUT, mapout, 14)                                                           \
	X(WINWRITE, winwrite, 15)                                                       \
	X(RATOP, ratop, 16)                                                             \
	X(ZERORANGE, zerorange, 17)                                                     \
	X(FLAGS, flags, 18)                                                             \
	X(VALLOC, valloc, 19)                                                           \
	X(ALLOC1, alloc1, 20)                                                           \
	X(KMEMALLOC, kmemalloc, 21)                                                     \
	X(KMFREE, kmfree, 22)                                                           \
	X(TOUCH, touch, 23)                                                             \
	X(KMGET, kmget, 24)                                                             \
	X(POOL, pool, 25)                                                               \
	X(POOLGET, poolget, 26)                                                         \
	X(POOLPUT, poolput, 27)                                                         \
	X(PAGEOUT, pageout, 28)                                                         \
	X(UIOMOVE, uiomove, 29)                                                         \
	X(UBCALLOC, ubcalloc, 30)                                                       \
	X(UBCRELEASE, ubcrelease, 32)                                                   \
	X(LIMIT, limit, 33)                                                             \
	X(SUBALLOC, suballoc, 34)

#define OP_ENUM(tail, name, wire) OP_##tail,
enum op_code { OP_LIST(OP_ENUM) OP_COUNT };
#undef OP_ENUM

struct session;
struct op_result;
struct shadow;
struct judge_before;
struct churn;
struct op;

/* A judge's verdict on one result. */
enum verdict {
	VERDICT_OK,
	VERDICT_STRADDLE, /* ENOMEM with a fit that only straddles hints:
			     rev 1.89's known flaw, allowed under faithful */
	VERDICT_SEED_FLAW, /* a known flaw of the seeds, kept by the strategies
			      with seed_flaws: rump 1.29's zerorange flag mask
			      and short UBC copy, uvm_km.c 1.13's short NOWAIT
			      unmap, rump 1.84's leaked limit count; the op's
			      explain says what it changes */
	VERDICT_BUG,
};

/*
 * The three behaviours of an operation, each given the op:
 *   exec    runs it on the session's machine and fills the result;
 *           operation errors are its return value (0 or an errno).
 *   shadow  records a successful result (any result, with
 *           shadow_on_error) in the shadow model, or returns
 *           false with a reason where the result contradicts it.  NULL:
 *           the op changes nothing the shadow keeps.
 *   judge   the verdict on the result from the state before the call
 *           and the shadow before the update; it may name the pages
 *           the call took and gave back (*ch, for the shadow).  NULL:
 *           every result is right (an op whose only check is its own).
 */
typedef int op_exec_fn(struct session *s, const struct op *op, struct op_result *r);
typedef bool op_shadow_fn(struct shadow *sh, const struct session *s, const struct op *op,
			  const struct op_result *r, char *why, size_t len);
typedef enum verdict op_judge_fn(const struct judge_before *b, const struct shadow *sh,
				 const struct op *op, const struct op_result *r, struct churn *ch,
				 char *why, size_t len);
/* The two machines of the differential target after one op: the
 * primary (no seed flaws) and the other (the seeds' flaws), with their
 * results. */
struct flaw_pair {
	const struct session *primary, *other;
	const struct op_result *primary_r, *other_r;
};
/* explain: after the op gave a seed-flaw verdict on the other machine,
 * are its answer and state exactly what the flaw makes of the state
 * before (b, sh), where the primary's are right?  false with a reason
 * if not.  The differential target then resyncs other. */
typedef bool op_explain_fn(const struct judge_before *b, const struct shadow *sh,
			   const struct op *op, const struct flaw_pair *fp, char *why, size_t len);
/* kernel: runs the op on the machine of a real uvm_pglist.c
 * (kernel_session.h), the answer into r as exec gives the model's;
 * returns 0, an errno, or KERNEL_ASSERTED / KERNEL_NOT_MADE. */
struct kernel_session;
typedef int op_kernel_fn(struct kernel_session *ks, const struct op *op, struct op_result *r);

enum field_kind {
	FK_NAME,  /* positional word: a holder's name, op->name (slot 0) or
		     op->name2 (slot 1) */
	FK_NUM,	  /* number, bytes or a count */
	FK_RANGE, /* PFN or PFN-PFN: slots `slot` (first) and `slot`+1 (last) */
	FK_FLAG,  /* keyword alone: slot is 1 when present */
};

/* How the binary form draws a field from its bytes (codec.c). */
enum field_codec {
	FC_HOLDER_NEW,	 /* 1: first holder at or after b % 8 that holds nothing */
	FC_HOLDER_LIVE,	 /* 1: the (b % live)-th holder that holds pages */
	FC_HOLDER_OBJECT, /* 1: the (b % live)-th holder of an object */
	FC_HOLDER_WINDOW, /* 1: the (b % live)-th holder of a pager window */
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
	FC_OBJ_PAGE,	 /* 1: a page offset in the op's object (its FC_HOLDER_OBJECT
			    field): below 128, the offset of its (b % resident)-th
			    page in memq order; else, or with none resident,
			    (b & 127) % (its pages + 1), its end included */
	FC_FEW,		 /* 1: below 128, 1; else 1 + (b & 15) */
	FC_OWN_OR_BYTE,	 /* 1: below 128, 0 (the default); else b & 127 */
	FC_WIN_BYTE,	 /* 2: below 0x8000, v % (the bytes of the op's window
			    (its FC_HOLDER_WINDOW field) + 1); else v & 0x7fff */
	FC_COUNT,	 /* 1: 1 + (b & 15) */
	FC_OBJ_PAGES,	 /* 1: 1 + (b & 63) */
	FC_PGO,		 /* 1: b & 0x1f (ao_put's flags) */
	FC_PAGE_BYTE,	 /* 2: v % (PAGE_SIZE + 1) */
	FC_WORD,	 /* 2: v */
	FC_HOLDER_KOBJ,	 /* 1: the kernel's objects: below 224 kernel, else kmem */
	FC_HOLDER_KVA,	 /* 1: the (b % live)-th holder of a kernel map range */
	FC_HOLDER_POOL,	 /* 1: the (b % live)-th holder of a pool */
	FC_HOLDER_ITEM,	 /* 1: the (b % live)-th holder of a pool item */
	FC_HOLDER_UBC,	 /* 1: the (b % live)-th holder of a UBC window */
	FC_KM_PAGES,	 /* 1: below 224, 1 + (b & 15); else 64 << (b & 7) */
	FC_MAP,		 /* 1: below 240, 0 (the kernel map); else 1 + (b & 3) */
	FC_RANGE_PAGE,	 /* 1: b % (the pages of the op's range (FC_HOLDER_KVA) + 1) */
	FC_KERNEL_PAGE,	 /* 2: below 0xe000, the page offset of the (v % n)-th page
			    of the live ranges' n pages (holders in name order);
			    else, or with none, v & 0x3ff */
	FC_ITEM_SIZE,	 /* 1: below 128, 16 << (b % 9); else (b & 127) * 32 */
	FC_MEMLIMIT,	 /* 1: 0 is 0, 255 no limit, else b pages in bytes */
	FC_SPAN,	 /* 2: v % (4 pages + 1): a copy's length */
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
	op_exec_fn *exec;
	op_shadow_fn *shadow;
	op_judge_fn *judge;
	bool shadow_on_error; /* the update runs on errors too: the op's
				 contract keeps part of its work on ENOMEM */
	op_explain_fn *explain; /* NULL: the op has no seed flaw */
	op_kernel_fn *kernel;	/* NULL: the kernel in the loop does not run it */
};

struct op {
	enum op_code code;
	unsigned line; /* 1-based source line, 0 when decoded from binary */
	char name[OP_NAME_MAX];
	char name2[OP_NAME_MAX]; /* a second holder (mapin's object) */
	uint64_t slot[OP_NSLOTS];
};

/* Slot numbers of each operation's fields. */
enum {
	PGLIST_SIZE = 0, PGLIST_LOW, PGLIST_HIGH, PGLIST_ALIGN, PGLIST_BOUNDARY,
	PGLIST_NSEGS, PGLIST_WAIT,
};
enum { ALLOC_FREELIST = 0, ALLOC_ZERO };
enum { FREE_FIRST = 0, FREE_LAST };

#define OP_ROW(tail, name, wire) extern const struct op_desc op_##name;
OP_LIST(OP_ROW)
#undef OP_ROW

/* The rows by code, and their wire codes. */
extern const struct op_desc *const op_table[OP_COUNT];
extern const uint8_t op_wire[OP_COUNT];

/* op_names_holder: does the op's first field name a holder? */
bool op_names_holder(const struct op *op);

/* op_name: the holder name a FK_NAME field fills (op->name or name2). */
char *op_name(struct op *op, const struct field_desc *f);
const char *op_name_const(const struct op *op, const struct field_desc *f);

/* op_find: the code of the op named `word`, or OP_COUNT. */
enum op_code op_find(const char *word);

/* op_set_defaults: clear op and set each slot of its code to its default. */
void op_set_defaults(struct op *op, enum op_code code);

/* op_print: write the op in scenario syntax, without line number or
 * newline; keyword fields at their default are left out. */
void op_print(const struct op *op, FILE *fp);

#endif /* UVMLAB_OPS_H */
