/*
 * The bad_input fuzz target's runner (bad_input.c): every entry point of
 * the core, called at the limits it checks, each call judged by an
 * exact validity specification (entry_points.h).
 */
#ifndef UVMLAB_BAD_INPUT_H
#define UVMLAB_BAD_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The call stream's format, the byte after the layout header: an input
 * of another version is passed over, never misread. */
#define BAD_INPUT_VERSION 1
/* Each call is a record of this many bytes: a code byte, then the bytes
 * its argument generator reads (zeros past what the record holds), so
 * changing one call never shifts the next. */
#define BAD_INPUT_RECORD 32

/*
 * bad_input_run: run one input, printing the set-up and each call with
 * its verdict to `trace` (NULL: none).  Returns 0 when every call held,
 * EXIT_INVARIANT (run.h) after reporting one that did not on stderr, or
 * aborts there (abort_on_failure: fuzzing).
 */
int bad_input_run(const uint8_t *data, size_t size, FILE *trace, bool abort_on_failure);

#endif /* UVMLAB_BAD_INPUT_H */
