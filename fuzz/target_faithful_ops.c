/*
 * Fuzz target (b), faithful_ops: the same checks as fixed_ops under the
 * `faithful` strategy (rev 1.89).  An ENOMEM while a fitting run exists
 * is allowed only when every fitting run straddles its segment's hint,
 * the known flaw; such misses are counted, not reported, so a campaign
 * keeps going.  Any other false ENOMEM is a finding.
 */
#include "harness.h"

UVMLAB_FUZZ_TARGET("faithful_ops")
