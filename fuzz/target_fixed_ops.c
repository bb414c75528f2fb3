/*
 * Fuzz target (a), fixed_ops: page-list and single-page operations under
 * the `fixed` strategy.  After every operation: the pglist result fits
 * its request; ENOMEM only when no fitting run exists (or the reserves
 * refuse); EINVAL exactly for invalid arguments; the shadow model agrees
 * with the core on every page touched and on the free count.  At the end:
 * the whole shadow and the core's validator.
 */
#include "harness.h"

UVMLAB_FUZZ_TARGET("fixed_ops")
