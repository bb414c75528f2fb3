/*
 * Executing operations on a machine: the session keeps the names that
 * scenarios give to what they hold (a page list or a single page), and
 * each op's result is returned as data, for printing or for comparing
 * two machines.
 */
#ifndef UVMLAB_EXEC_H
#define UVMLAB_EXEC_H

#include "ops.h"
#include "uvmlab/pool.h"
#include "uvmlab/ubc.h"

enum holder_kind {
	HOLDER_EMPTY,
	HOLDER_LIST,
	HOLDER_SINGLE,
	HOLDER_OBJECT,
	HOLDER_WINDOW,
	HOLDER_KVA,    /* a range of a kernel map (km.h) */
	HOLDER_SUBMAP, /* a submap's range in its parent */
	HOLDER_POOL,   /* a pool (pool.h) */
	HOLDER_ITEM,   /* a pool's item */
	HOLDER_UBC,    /* a UBC window (ubc.h) */
};

struct holder {
	char name[OP_NAME_MAX];
	enum holder_kind kind;
	uvmlab_list_t list;
	uvmlab_pfn_t pfn;
	uvmlab_obj_t obj;	/* HOLDER_OBJECT, of obj_pages pages */
	uint64_t obj_pages;
	vaddr_t kva;		/* HOLDER_WINDOW, _KVA, _SUBMAP, _ITEM, _UBC: its
				   address, and (but items and UBC windows) pages */
	uint32_t npages;
	uint64_t len;		/* HOLDER_UBC: its length in bytes */
	uint32_t map;		/* HOLDER_KVA, _SUBMAP: the map it lies in;
				   HOLDER_POOL, _ITEM: the pool */
	uint32_t submap;	/* HOLDER_SUBMAP: the submap's handle */
};

/* The holders of the kernel's two objects (km.h), made with the kernel
 * memory layer; their names are taken from the start. */
#define HOLDER_KERNEL "kernel"
#define HOLDER_KMEM "kmem"

/* session_kernel_objects: after a kernel memory call that succeeded,
 * the holders HOLDER_KERNEL and HOLDER_KMEM of the layer's objects
 * (made once).  0, or ENOMEM without host memory; call
 * session_reserve(s, 2) before the call so that it cannot fail. */
int session_kernel_objects(struct session *s);
int session_reserve(struct session *s, size_t more);

struct session {
	struct uvm_machine *m;
	bool lent; /* m is a layout cache's: session_fini leaves it */
	struct holder *holders;
	size_t nholders, cap;
};

struct op_result {
	int error;	     /* 0 or an errno value */
	uvmlab_pfn_t *pfns;  /* pages given, in list order (pglist, alloc) */
	size_t npfns, cap;
	bool check_failed;   /* `check` found a broken invariant */
	bool fell_back;	     /* pglist: the core says the waitok fallback answered */
	enum {
		VALUE_NONE,
		VALUE_PFN,
		VALUE_ADDR,
		VALUE_FLAGS,
		VALUE_WALK,	/* uvm_km_pgremove's walk: 0 memq, 1 hash */
		VALUE_GOT,	/* uvm_km_get: pages got, and bit 32 set if done */
		VALUE_DRAINED,	/* the page daemon: 1 if it drained a pool */
	} value_kind;
	uint64_t value;	     /* lookup, ratop, touch: a pfn or UVMLAB_NO_PAGE;
				mapin and the kernel memory allocators: the
				address; flags: a page's PG_* flags */
	uint8_t *bytes;	     /* read: the bytes read */
	size_t nbytes, bytes_cap;
	char why[256];	     /* the validator's message */
};

/* session_init: take ownership of m (destroyed by session_fini);
 * session_init_lent: use m, which stays its lender's. */
void session_init(struct session *s, struct uvm_machine *m);
void session_init_lent(struct session *s, struct uvm_machine *m);
void session_fini(struct session *s);

/* session_holds: does the holder called `name` hold anything (pages,
 * an object or a window)? */
bool session_holds(const struct session *s, const char *name);

/* session_holds_kind: the holder called `name` holds a thing of kind k
 * (HOLDER_LIST also matches HOLDER_SINGLE: it holds pages). */
bool session_holds_kind(const struct session *s, const char *name, enum holder_kind k);

/* session_find / session_holder: the holder called `name`, or NULL if
 * there is none (the one name lookup of the session). */
const struct holder *session_find(const struct session *s, const char *name);
struct holder *session_holder(struct session *s, const char *name);

/*
 * session_claim: the holder called `name`, empty, for an op that fills
 * it (made if new; a list whose pages were all freed by range is
 * retired first, so its name can be used again).  Returns 0 with *hp
 * set, EEXIST if the name holds pages, or ENOMEM without host memory.
 */
int session_claim(struct session *s, const char *name, struct holder **hp);

/* result_reserve: room for n pfns in r; result_reserve_bytes: for n
 * bytes; 0 or ENOMEM. */
int result_reserve(struct op_result *r, size_t n);
int result_reserve_bytes(struct op_result *r, size_t n);

/* result_init / result_fini: an empty result and its release. */
void result_init(struct op_result *r);
void result_fini(struct op_result *r);
/* result_reset: no answer yet, buffers kept.  result_settle: the answer
 * is the call's return, error; an error gives nothing else. */
void result_reset(struct op_result *r);
void result_settle(struct op_result *r, int error);

/*
 * exec_op: run one operation and fill *r.  Operation errors (ENOMEM,
 * EINVAL, EEXIST) are results; the function itself cannot fail, except
 * that host memory exhaustion is reported as ENOMEM.
 */
void exec_op(struct session *s, const struct op *op, struct op_result *r);

/* result_print: "ok", "ok 16-19,40", "ok 57", "ENOMEM" or "FAIL why". */
void result_print(const struct op_result *r, FILE *fp);

/* print_result_line: "LINE: COMMAND [NAME|RANGE] RESULT\n", as run prints. */
void print_result_line(const struct op *op, const struct op_result *r, FILE *fp);

/* print_byte_runs: bytes as hex with repeats as XX*N, comma-separated,
 * the first 8 runs and then "...". */
void print_byte_runs(const uint8_t *b, size_t n, FILE *fp);

/* print_pfn_runs: pfns with consecutive runs as A-B, comma-separated;
 * UVMLAB_NO_PAGE as "-". */
void print_pfn_runs(const uvmlab_pfn_t *pfns, size_t n, FILE *fp);

#endif /* UVMLAB_EXEC_H */
