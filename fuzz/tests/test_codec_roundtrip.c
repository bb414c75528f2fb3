/*
 * decode/encode round trip: for every input of every op-stream target
 * (harness.c's table) in the corpus folder named on the command line,
 * its seeds and its regressions, and for deterministic random inputs,
 *   text  = decode(input)            (what `uvmlab decode` prints)
 *   again = decode(encode(text))     must print the same text,
 *   parse(text)                      must give the same operations, line
 *                                    numbers included, so `uvmlab run`
 *                                    replays exactly what the fuzzer ran;
 * and encode(text) must encode to itself again (canonical form).
 */
#define _DEFAULT_SOURCE /* open_memstream, fmemopen */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "files.h"
#include "harness.h"

static int passed, failed;

static char *
text_of(const struct scenario *sc)
{
	char *buf;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);
	codec_print_scenario(sc, fp);
	fclose(fp);
	return buf;
}

static uint8_t *
encoded(const struct scenario *sc, size_t *len)
{
	char *buf, err[256];
	FILE *fp = open_memstream(&buf, len);
	int st = codec_encode_scenario(sc, fp, err, sizeof(err));
	fclose(fp);
	if (st != 0) {
		fprintf(stderr, "encode: %s\n", err);
		free(buf);
		return NULL;
	}
	return (uint8_t *)buf;
}

static bool
same_ops(const struct scenario *a, const struct scenario *b)
{
	if (a->nops != b->nops)
		return false;
	for (size_t i = 0; i < a->nops; i++) {
		const struct op *x = &a->ops[i], *y = &b->ops[i];
		if (x->code != y->code || x->line != y->line || strcmp(x->name, y->name) != 0 ||
		    memcmp(x->slot, y->slot, sizeof(x->slot)) != 0)
			return false;
	}
	return true;
}

static void
check(const char *what, const uint8_t *data, size_t size)
{
	struct scenario sc, again, parsed;
	size_t len = 0, len2 = 0;
	char err[256];
	bool ok = false;

	scenario_init(&sc);
	scenario_init(&again);
	scenario_init(&parsed);
	int error = codec_decode_scenario(data, size, NULL, &sc);
	if (error == EPROTO) {
		/* refused exactly when the version byte is another's */
		bool right = size == 0 || data[0] != CODEC_VERSION;
		passed += right;
		failed += !right;
		goto out;
	}
	if (error != 0) {
		/* the core may refuse a layout; then there is nothing to replay */
		passed++;
		goto out;
	}
	char *text = text_of(&sc);
	uint8_t *bin = encoded(&sc, &len);
	uint8_t *bin2 = NULL;
	if (bin != NULL && codec_decode_scenario(bin, len, NULL, &again) == 0) {
		char *text2 = text_of(&again);
		FILE *fp = fmemopen(text, strlen(text), "r");
		ok = strcmp(text, text2) == 0 &&
		     scenario_parse(fp, what, &parsed, err, sizeof(err)) == 0 &&
		     same_ops(&sc, &parsed);
		fclose(fp);
		bin2 = encoded(&again, &len2);
		ok = ok && bin2 != NULL && len2 == len && memcmp(bin, bin2, len) == 0;
		free(text2);
	}
	if (ok) {
		passed++;
	} else {
		failed++;
		fprintf(stderr, "round trip failed: %s\n%s", what, text);
	}
	free(text);
	free(bin);
	free(bin2);
out:
	scenario_fini(&sc);
	scenario_fini(&again);
	scenario_fini(&parsed);
}

static void
check_file(const char *path, void *ctx)
{
	size_t n;
	uint8_t *buf = file_read(path, &n);

	(*(unsigned *)ctx)++;
	/* a stored input of another version would be skipped by every
	 * replay: the corpus must be migrated when the format changes */
	if (buf == NULL || n == 0 || buf[0] != CODEC_VERSION) {
		fprintf(stderr, "%s: %s\n", path,
			buf == NULL ? "unreadable" : "not of this format version");
		failed++;
		free(buf);
		return;
	}
	check(path, buf, n);
	free(buf);
}

/* Each op's wire code fits the record's code bits, or is escaped (codes
 * are unique: codec.c's switch on them would not compile otherwise). */
static void
check_wire_codes(void)
{
	for (unsigned a = 0; a < OP_COUNT; a++) {
		bool ok = op_wire[a] < CODEC_OPCODES || op_wire[a] > CODEC_ESCAPE;
		passed += ok;
		failed += !ok;
		if (!ok)
			fprintf(stderr, "op %s: wire code %u out of range\n", op_table[a]->name,
				op_wire[a]);
	}
}

int
main(int argc, char **argv)
{
	unsigned files = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS\n", argv[0]);
		return 2;
	}
	for (size_t t = 0; harness_target_name(t) != NULL; t++) {
		struct harness_config cfg;
		char path[4096];
		harness_config_for(harness_target_name(t), &cfg);
		for (int regressions = 0; !cfg.entry_points && regressions < 2; regressions++) {
			snprintf(path, sizeof(path), "%s/%s%s", argv[1], regressions ? "regressions/" : "",
				 cfg.target);
			if (for_each_input(path, check_file, &files) < 0) {
				fprintf(stderr, "cannot read %s\n", path);
				failed++;
			}
		}
	}
	check_wire_codes();
	/* random inputs of every length up to 60 records */
	uint64_t x = 0x2545f4914f6cdd1dull;
	for (unsigned k = 0; k < 2000; k++) {
		uint8_t buf[CODEC_HEADER_BYTES + 60 * CODEC_RECORD_BYTES];
		size_t size = k % sizeof(buf);
		for (size_t i = 0; i < size; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[i] = (uint8_t)x;
		}
		/* most carry this version, so that the rest of the form is tried */
		if (size > 0 && k % 8 != 0)
			buf[0] = CODEC_VERSION;
		/* a large segment (up to 8 Ki pages) in one input in 16: the
		 * debug build validates every page after every call */
		if (size > 1)
			buf[1] = k % 16 == 0 ? buf[1] | 7u << 5 : buf[1] & (uint8_t)~(1u << 7);
		check("random input", buf, size);
	}
	printf("%u corpus files and 2000 random inputs: %d passed, %d failed\n", files, passed,
	       failed);
	return failed == 0 && files > 0 ? 0 : 1;
}
