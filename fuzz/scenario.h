/*
 * Text scenarios: the human form of the operations.  A scenario is a
 * machine layout (set-up commands) followed by operations; the parser
 * reads a whole file before anything runs, so a syntax error anywhere
 * stops the file before its first operation.
 */
#ifndef UVMLAB_SCENARIO_H
#define UVMLAB_SCENARIO_H

#include "ops.h"

struct seg_spec {
	uvmlab_pfn_t start, end, avail_start, avail_end;
	unsigned freelist, bucket;
	unsigned line;
};

#define SCENARIO_MAX_SEGS (2 * UVMLAB_PHYSSEG_MAX)

struct scenario {
	struct uvmlab_params params;
	unsigned nsegs;
	struct seg_spec segs[SCENARIO_MAX_SEGS];
	struct op *ops;
	size_t nops, cap;
};

/* scenario_init / scenario_fini: empty scenario with default params. */
void scenario_init(struct scenario *sc);
void scenario_fini(struct scenario *sc);

/*
 * scenario_parse: read every line of fp into sc.  Returns 0, or -1 with
 * "NAME:LINE: message" in err (NAME is the file name given).
 */
int scenario_parse(FILE *fp, const char *fname, struct scenario *sc, char *err, size_t errlen);

/* scenario_parse_num: a number as the language writes it (decimal or 0x
 * hex, optional K/M/G/T).  Returns false if tok is not one or overflows. */
bool scenario_parse_num(const char *tok, uint64_t *out);

/*
 * scenario_build: make the machine the set-up describes.  Returns 0, or
 * an errno value with "NAME:LINE: message" in err (the line of the
 * segment the core rejected).
 */
int scenario_build(const struct scenario *sc, const char *fname, struct uvm_machine **mp,
		   char *err, size_t errlen);

/* scenario_print_setup: the set-up commands that rebuild sc's machine;
 * returns how many lines they take (fp NULL: count only). */
unsigned scenario_print_setup(const struct scenario *sc, FILE *fp);

#endif /* UVMLAB_SCENARIO_H */
