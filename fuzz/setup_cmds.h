/*
 * The set-up commands: one row per command, naming the words it takes,
 * where each value goes (the machine's parameters or a new segment) and
 * its default.  The scenario parser and the set-up printer read the
 * rows, so a command's written and printed forms cannot drift apart.
 * Adding a command means adding its row in setup_cmds.c.
 */
#ifndef UVMLAB_SETUP_CMDS_H
#define UVMLAB_SETUP_CMDS_H

#include <stddef.h>

#include "scenario.h"

#define SETUP_MAX_ARGS 6
#define SETUP_DFLT_ZERO SIZE_MAX /* a segment argument whose default is 0 */

enum setup_target {
	SETUP_PARAMS,	/* fields of struct uvmlab_params; printed when any
			   differs from uvmlab_params_default's */
	SETUP_SEGMENT,	/* a new struct seg_spec per line; printed per segment */
};

enum setup_kind {
	SA_NUM,	     /* a number, at most UINT32_MAX, into a 32-bit field */
	SA_NUM64,    /* a number, at most UINT64_MAX, into a 64-bit field */
	SA_STRATEGY, /* a strategy's name, into an enum uvmlab_strategy */
};

/* One value.  Consecutive arguments with the same keyword are written
 * after it together ("avail A B"). */
struct setup_arg {
	const char *keyword; /* NULL: positional, required */
	const char *label;   /* its name in messages */
	enum setup_kind kind;
	size_t offset; /* in the target struct */
	size_t dflt;   /* SETUP_SEGMENT keyword arguments: the offset of
			  the field whose value is the default, or
			  SETUP_DFLT_ZERO */
};

struct setup_cmd {
	const char *name;
	enum setup_target target;
	bool always; /* printed even at the defaults */
	unsigned nargs;
	struct setup_arg args[SETUP_MAX_ARGS];
};

/* The rows, in the order the printer writes them. */
extern const struct setup_cmd setup_cmds[];
extern const size_t setup_ncmds;

/* setup_field / setup_set_field: argument a's field in `base`, read or
 * written at its kind's width. */
uint64_t setup_field(const void *base, const struct setup_arg *a);
void setup_set_field(void *base, const struct setup_arg *a, uint64_t v);

/* setup_cmd_lookup: the row named `word`, or NULL. */
const struct setup_cmd *setup_cmd_lookup(const char *word);

/* setup_fill_defaults: a segment row's keyword arguments not `given`
 * (indexed like the row's arguments) take their defaults in *base. */
void setup_fill_defaults(const struct setup_cmd *c, void *base, const bool *given);

#endif /* UVMLAB_SETUP_CMDS_H */
