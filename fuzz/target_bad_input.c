/*
 * Fuzz target (d), bad_input: every entry point of the core, called with
 * arguments at and around the limits it checks, each call judged by an
 * exact validity specification: the error an invalid call must return,
 * a valid call never rejected, nothing changed by a rejection, results
 * that agree with the harness's own record, and the validator after
 * every call (bad_input.h, entry_points.h).
 */
#include "harness.h"

UVMLAB_FUZZ_TARGET("bad_input")
