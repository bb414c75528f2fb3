/*
 * The bad_input runner: every entry point of the core (entry_points.h),
 * called with arguments aimed at the limits it checks, each call judged
 * by its specification:
 *   - an invalid call returns exactly the error the specification names,
 *     and leaves the machine's digest unchanged;
 *   - a valid call is not rejected: it succeeds, or fails with ENOMEM
 *     only where the specification allows that, and what it returns
 *     agrees with the harness's own record of the machine;
 *   - a read-only call changes nothing, whatever it returns;
 *   - the core's validator passes after every call.
 * Input: the codec's layout header (codec.h), a version byte
 * (BAD_INPUT_VERSION), then calls, BAD_INPUT_RECORD bytes each: a code
 * byte (its low six bits; a code with no entry point is passed over) and
 * the bytes its argument generator reads.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "bad_input.h"
#include "codec.h"
#include "entry_points.h"
#include "run.h"
#include "uvmlab/stats.h"

#define MAX_CALLS 64

static void
print_call(FILE *fp, const struct ep_call *c, const uint64_t a[EP_ARGS])
{
	fprintf(fp, "%s(", c->name);
	for (int i = 0; i < EP_ARGS && c->arg_names[i] != NULL; i++)
		fprintf(fp, "%s%s=%#" PRIx64, i ? ", " : "", c->arg_names[i], a[i]);
	fputc(')', fp);
}

static void
report(const struct ep_state *st, const struct ep_call *c, const uint64_t a[EP_ARGS],
       unsigned n, const char *what)
{
	fprintf(stderr, "uvmlab: bad_input: call %u failed: ", n);
	print_call(stderr, c, a);
	fprintf(stderr, ": %s\n", what);
	fprintf(stderr, "uvmlab: every call and its verdict: uvmlab run --trace --target "
			"bad_input INPUT\n");
	uvmlab_events_print(st->m, stderr);
}

/* The verdict on one call: NULL if it held, else what broke.  A valid
 * call whose host allocation failed on purpose (`injected`) must answer
 * ENOMEM, and must then have changed nothing (uvm.h). */
static const char *
judge(const struct ep_call *c, struct ep_verdict v, bool injected, int error, bool unchanged,
      const char *why, char *buf, size_t len)
{
	if (injected && v.error == 0 && error != ENOMEM) {
		snprintf(buf, len,
			 "the host allocation failure armed for it was spent, but it returned "
			 "%s, not ENOMEM",
			 uvmlab_errno_name(error));
		return buf;
	}
	if (injected && v.error == 0)
		v.enomem_ok = true;
	if (v.error != 0 && error != v.error) {
		snprintf(buf, len, "returned %s, the specification requires %s",
			 uvmlab_errno_name(error), uvmlab_errno_name(v.error));
		return buf;
	}
	if (v.error == 0 && error != 0 && !(error == ENOMEM && v.enomem_ok) && !v.replayed) {
		snprintf(buf, len, "a valid call returned %s%s", uvmlab_errno_name(error),
			 error == ENOMEM ? " where the specification allows no ENOMEM" : "");
		return buf;
	}
	bool must_keep = (c->flags & EP_READ_ONLY) || v.error != 0 ||
			 (error == ENOMEM &&
			  (injected || ((c->flags & EP_ENOMEM_CHANGES_NOTHING) && !v.replayed)));
	if (must_keep && !unchanged) {
		snprintf(buf, len, "returned %s and changed the machine", uvmlab_errno_name(error));
		return buf;
	}
	return why[0] != '\0' ? why : NULL;
}

int
bad_input_run(const uint8_t *data, size_t size, FILE *trace, bool abort_on_failure)
{
	struct producer p;
	struct scenario sc;
	struct uvm_machine *m;
	struct ep_state st;
	char err[256];
	int status = EXIT_OK;

	producer_init(&p, data, size);
	scenario_init(&sc);
	if (!codec_decode_header(&p, &sc) || producer_u64(&p, 1) != BAD_INPUT_VERSION) {
		scenario_fini(&sc);
		return EXIT_OK;
	}
	/* the decoder's layouts are all valid (codec.h): a failure is a
	 * finding, as in the op-stream targets */
	if (scenario_build(&sc, "input", &m, err, sizeof(err)) != 0) {
		fprintf(stderr, "uvmlab: bad_input: machine set-up (a layout the decoder made "
				"valid) failed: %s\n",
			err);
		scenario_fini(&sc);
		if (abort_on_failure)
			abort();
		return EXIT_INVARIANT;
	}
	if (ep_state_init(&st, m, &sc) != 0) {
		uvmlab_machine_destroy(m);
		scenario_fini(&sc);
		return EXIT_OK;
	}
	if (trace != NULL)
		scenario_print_setup(&sc, trace);
	for (unsigned n = 0; n < MAX_CALLS && !producer_empty(&p) && status == EXIT_OK; n++) {
		uint8_t rec[BAD_INPUT_RECORD];
		struct producer args;
		producer_take(&p, rec, sizeof(rec));
		producer_init(&args, rec + 1, sizeof(rec) - 1);
		const struct ep_call *c = ep_calls[rec[0] % EP_CODES];
		uint64_t a[EP_ARGS] = {0};
		char why[256] = "", buf[320], vwhy[256];
		if (c == NULL)
			continue;
		c->args(&args, &st, a);
		struct ep_verdict v = c->spec(&st, a);
		uint64_t before = uvmlab_machine_digest(m);
		ep_arm(&st);
		int error = c->call(&st, a, why, sizeof(why));
		ep_call_made(&st);
		bool injected = ep_injected(&st);
		if (error == EP_SKIPPED)
			continue;
		st.ncalls += (c->flags & EP_LOGGED) != 0;
		const char *broke = judge(c, v, injected, error, uvmlab_machine_digest(m) == before,
					  why, buf, sizeof(buf));
		if (broke == NULL && !uvmlab_validate(m, vwhy, sizeof(vwhy)))
			broke = vwhy;
		if (trace != NULL) {
			fputs("# ", trace);
			print_call(trace, c, a);
			fprintf(trace, " = %s (specification: %s%s)%s%s\n", uvmlab_errno_name(error),
				v.replayed ? "the replay's answer" : uvmlab_errno_name(v.error),
				v.enomem_ok && !v.replayed ? " or ENOMEM" : "",
				broke ? ": FAILED: " : "", broke ? broke : "");
		}
		if (broke != NULL) {
			report(&st, c, a, n, broke);
			if (abort_on_failure)
				abort();
			status = EXIT_INVARIANT;
		}
	}
	ep_state_fini(&st);
	uvmlab_machine_destroy(m);
	scenario_fini(&sc);
	return status;
}
