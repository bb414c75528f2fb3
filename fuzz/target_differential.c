/*
 * Fuzz target (c), differential: one operation stream on the faithful
 * machine; every pglist is also run on a clone of it taken just before,
 * under each other strategy.  Results must be identical page for page;
 * between faithful and fixed the only allowed difference is the one the
 * core's contract states: fixed finds a run that straddles the hint of
 * a segment searched earlier.  Plus every check of faithful_ops.
 */
#include "harness.h"

UVMLAB_FUZZ_TARGET("differential")
