/*
 * The binary form of a scenario, for the fuzzers: a fixed machine-layout
 * header, then fixed-width operation records.
 *
 *   header (22 bytes): [0] format version, CODEC_VERSION; an input of
 *                          another version is refused, never misread
 *                      [1] bits 0-2 strategy (its position in
 *                          UVMLAB_STRATEGY_LIST; a code past the list
 *                          means fixed), bits 3-4 segments - 1,
 *                          bits 5-7 all set: the first segment is
 *                          large (one random header in eight, so
 *                          that most execs stay cheap)
 *                      [2] bits 0-1 reserve_pagedaemon, bits 2-4 reserve_kernel
 *                      [3] bits 0-1 log2 colours, bit 2 buckets - 1,
 *                          bits 3-4 free lists - 1
 *                      then 4 bytes per segment, 4 segments:
 *                      gap after the previous segment (pfns), length - 1,
 *                      avail trims (low nibble: start, high nibble: end),
 *                      free list (low nibble) and bucket (high nibble);
 *                      a large segment counts its gap in units of 256
 *                      pfns, and its length byte is a mantissa of 1-32
 *                      (bits 0-4) times 2 << exponent (bits 5-7): up to
 *                      8 Ki pages on a log scale (16 leaves of the fast
 *                      summary tree, four levels above them), so every
 *                      kind of tree step is reached and most stay cheap
 *                      [20] the kernel map's pages: 0 the default, else
 *                          1-255 (small maps run out of address space)
 *                      [21] the memory limit: 0 none, else 1-255 pages,
 *                          so that the fuzzers reach it
 *   records (11 bytes): [0] the op's fixed wire code (OP_LIST) in bits
 *                      0-4; a code no op has is a no-op, so adding an
 *                      operation changes no stored input's meaning;
 *                      bits 5-7 are ignored.  Code 31 is an escape to
 *                      longer codes: the op's code is 32 + byte 1, and
 *                      its fields start at byte 2 (a byte 1 no op has
 *                      is a no-op).  Few code bits keep most random
 *                      records operations.  Then each field
 *                      of that op in table order, as its codec says
 *                      (ops.h); unused bytes are ignored.
 *
 * Version 2 took the op as byte 0 % 5 with the same five ops, in the
 * order of their wire codes 0-4; version 3 fixed the codes; version 4
 * added header bytes 20-21 and the escaped codes.
 *
 * Decoding an operation reads the session (which names hold pages,
 * which pfns are allocated), so records decode one at a time, each
 * after the previous one ran.  A record that cannot be a valid operation
 * (no name free, nothing to free) decodes to a no-op.  Encoding inverts
 * each codec, so encode(decode(x)) decodes to the same scenario.
 */
#ifndef UVMLAB_CODEC_H
#define UVMLAB_CODEC_H

#include "exec.h"
#include "producer.h"
#include "scenario.h"

#define CODEC_VERSION 4
#define CODEC_OPCODES 31 /* wire codes 0-30: bits 0-4 of a record's byte 0 */
#define CODEC_ESCAPE 31	 /* reserved: a longer code, when 31 run out */
#define CODEC_HEADER_BYTES 22
#define CODEC_LARGE_GAP_UNIT 256
#define CODEC_RECORD_BYTES 11
#define CODEC_NAMES 8
#define CODEC_MAX_SEGS 4
#define CODEC_MAX_OPS 128

/* codec_decode_header: the machine layout from the first bytes; false
 * (sc untouched) if the input is of another format version.  Every
 * layout it gives is one the core must accept (segments in address
 * order and disjoint, avail ranges inside them and not empty, free
 * lists and buckets in range), so the harness reports a rejection. */
bool codec_decode_header(struct producer *p, struct scenario *sc);

/* codec_encode_header: the header for sc's layout; -1 with a reason in
 * err if the layout has no binary form. */
int codec_encode_header(const struct scenario *sc, uint8_t out[CODEC_HEADER_BYTES], char *err,
			size_t errlen);

/* codec_decode_op: the operation of one record, given the session;
 * false for a no-op. */
bool codec_decode_op(const uint8_t rec[CODEC_RECORD_BYTES], const struct session *s,
		     struct op *op);

/* codec_encode_op: the record that decodes to op in this session; -1
 * with a reason in err if there is none. */
int codec_encode_op(const struct op *op, const struct session *s,
		    uint8_t rec[CODEC_RECORD_BYTES], char *err, size_t errlen);

/*
 * codec_decode_ops: the one loop over an input's records, shared by the
 * fuzz harness and `uvmlab decode`.  Decodes each record after the
 * header (at most CODEC_MAX_OPS of them) against the session s, skips
 * no-ops, numbers each operation from the line after `line` (the last
 * line of the printed set-up), and hands it to run, which executes it
 * on s.  Stops at the first nonzero answer of run and returns it, or 0
 * at the input's end.
 */
typedef int (*codec_op_fn)(void *ctx, const struct op *op);
int codec_decode_ops(struct producer *p, const struct session *s, unsigned line,
		     codec_op_fn run, void *ctx);

/*
 * codec_decode_scenario: decode a whole input into sc, running it on a
 * machine as it goes (decoding reads the session).  force: the strategy
 * to run under instead of the header's, or NULL.  Each op gets the line
 * it will have when sc is printed.  Returns 0, EPROTO for an input of
 * another format version, or ENOMEM/EINVAL when the machine cannot be
 * built.
 */
int codec_decode_scenario(const uint8_t *data, size_t size, const enum uvmlab_strategy *force,
			  struct scenario *sc);

/* codec_print_scenario: sc as `uvmlab run` reads it. */
void codec_print_scenario(const struct scenario *sc, FILE *fp);

/* codec_encode_scenario: sc's binary form, to fp.  Returns 0, or -1 with
 * the line that has no binary form in err. */
int codec_encode_scenario(const struct scenario *sc, FILE *fp, char *err, size_t errlen);

/* codec_holder_name: the scenario name of holder i ("a".."h"). */
const char *codec_holder_name(unsigned i);

#endif /* UVMLAB_CODEC_H */
