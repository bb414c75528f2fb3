/*
 * The kernel in the loop, the harness's side: the machine of a real
 * uvm_pglist.c (core/kernel/kernel_machine.h) built from a scenario's
 * set-up, and the names the scenario gives what it holds there.  The
 * operations the kernel runs are those whose op_desc has a `kernel`
 * behaviour (pglist, pglistfree, alloc, check); kernel_vs_model and
 * `uvmlab run --kernel` run them here, and nothing else.
 */
#ifndef UVMLAB_KERNEL_SESSION_H
#define UVMLAB_KERNEL_SESSION_H

#include "exec.h"
#include "kernel_machine.h"
#include "scenario.h"

struct kernel_holder {
	char name[OP_NAME_MAX];
	bool live;
	bool is_list; /* else a single page */
	unsigned list;
	uvmlab_pfn_t pfn;
};

struct kernel_session {
	struct kernel_holder *holders;
	size_t nholders, cap;
};

/* kernel_session_begin: the kernel machine of sc's set-up (hints and
 * all).  0, or an errno with err saying why (ENOSYS: no kernel source
 * was built in). */
int kernel_session_begin(struct kernel_session *ks, const struct scenario *sc, char *err,
			 size_t len);
void kernel_session_end(struct kernel_session *ks);

/* kernel_session_holder: the holder of that name, live or not, or NULL.
 * kernel_session_claim: a holder for a new thing of that name; EEXIST
 * if it holds something, ENOMEM without host memory. */
struct kernel_holder *kernel_session_holder(struct kernel_session *ks, const char *name);
int kernel_session_claim(struct kernel_session *ks, const char *name,
			 struct kernel_holder **khp);

/* Does the kernel run this op? */
bool kernel_runs(const struct op *op);

/* kernel_exec: run op on the kernel machine, its answer into r as
 * exec_op gives the model's; r->error is KERNEL_ASSERTED when the source
 * stopped (kernel_assert_message says why). */
void kernel_exec(struct kernel_session *ks, const struct op *op, struct op_result *r);

/* kernel_assert_documented: is this assertion message one the model
 * documents as rev 1.89's, where the model runs on as a kernel without
 * DIAGNOSTIC does?  (uvm_pglistalloc_contig_aggressive asserts boundary
 * >= alignment: core/src/aggressive.c.) */
bool kernel_assert_documented(const char *msg);

/* kernel_same_state: do the kernel machine's start hints, free page
 * count and per-bucket free counts equal the model machine's?  false
 * with the first difference if not. */
bool kernel_same_state(const struct uvm_machine *m, char *why, size_t len);

#endif
