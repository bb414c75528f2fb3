/*
 * Whole inputs: decoding a binary input into a scenario and encoding a
 * scenario into its binary form.  Both run the operations on a machine
 * as they go, because a record's meaning depends on the session.
 */
#include <errno.h>
#include <string.h>

#include "codec.h"
#include "grow.h"

static int
build(const struct scenario *sc, struct session *s, struct op_result *r)
{
	struct uvm_machine *m;
	char err[256];
	int error = scenario_build(sc, "input", &m, err, sizeof(err));

	if (error != 0)
		return error;
	session_init(s, m);
	result_init(r);
	return 0;
}

int
codec_decode_ops(struct producer *p, const struct session *s, unsigned line, codec_op_fn run,
		 void *ctx)
{
	int status = 0;

	for (unsigned n = 0; n < CODEC_MAX_OPS && !producer_empty(p) && status == 0; n++) {
		uint8_t rec[CODEC_RECORD_BYTES];
		struct op op;
		producer_take(p, rec, sizeof(rec));
		if (!codec_decode_op(rec, s, &op))
			continue;
		op.line = ++line;
		status = run(ctx, &op);
	}
	return status;
}

/* What decoding a whole input keeps between records. */
struct decoding {
	struct scenario *sc;
	struct session *s;
	struct op_result *r;
};

/* codec_op_fn: keep op in the scenario and run it. */
static int
keep_and_run(void *ctx, const struct op *op)
{
	struct decoding *d = ctx;

	if (grow((void **)&d->sc->ops, &d->sc->cap, d->sc->nops + 1, sizeof(*op)) != 0)
		return ENOMEM;
	d->sc->ops[d->sc->nops++] = *op;
	exec_op(d->s, op, d->r);
	return 0;
}

int
codec_decode_scenario(const uint8_t *data, size_t size, const enum uvmlab_strategy *force,
		      struct scenario *sc)
{
	struct producer p;
	struct session s;
	struct op_result r;
	int error;

	producer_init(&p, data, size);
	if (!codec_decode_header(&p, sc))
		return EPROTO;
	if (force != NULL)
		sc->params.strategy = *force;
	if ((error = build(sc, &s, &r)) != 0)
		return error;
	struct decoding d = {sc, &s, &r};
	error = codec_decode_ops(&p, &s, scenario_print_setup(sc, NULL), keep_and_run, &d);
	result_fini(&r);
	session_fini(&s);
	return error;
}

void
codec_print_scenario(const struct scenario *sc, FILE *fp)
{
	scenario_print_setup(sc, fp);
	for (size_t i = 0; i < sc->nops; i++) {
		op_print(&sc->ops[i], fp);
		fputc('\n', fp);
	}
}

int
codec_encode_scenario(const struct scenario *sc, FILE *fp, char *err, size_t errlen)
{
	uint8_t header[CODEC_HEADER_BYTES], rec[CODEC_RECORD_BYTES];
	struct session s;
	struct op_result r;
	int status = 0;

	if (codec_encode_header(sc, header, err, errlen) != 0)
		return -1;
	if (sc->nops > CODEC_MAX_OPS) {
		snprintf(err, errlen, "more than %d operations", CODEC_MAX_OPS);
		return -1;
	}
	if (build(sc, &s, &r) != 0) {
		snprintf(err, errlen, "the core rejected the machine layout");
		return -1;
	}
	fwrite(header, 1, sizeof(header), fp);
	for (size_t i = 0; i < sc->nops && status == 0; i++) {
		status = codec_encode_op(&sc->ops[i], &s, rec, err, errlen);
		if (status == 0) {
			fwrite(rec, 1, sizeof(rec), fp);
			exec_op(&s, &sc->ops[i], &r);
		}
	}
	result_fini(&r);
	session_fini(&s);
	return status;
}
