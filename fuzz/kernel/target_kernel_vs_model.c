/*
 * Fuzz target (e), kernel_vs_model: a real uvm_pglist.c (the file the
 * build names, UVMLAB_KERNEL_PGLIST) against the model under faithful.
 * Every pglist, pglistfree, alloc and check of the input runs on both
 * machines; after each, the answers (pages in list order), every
 * segment's start hint and the free counts must be equal, and the
 * model's own checks of faithful_ops hold.  A KASSERT of the kernel
 * source is a finding, with its message.  Built only with a kernel
 * source; see kernel_session.h.
 */
#include "harness.h"

UVMLAB_FUZZ_TARGET("kernel_vs_model")
