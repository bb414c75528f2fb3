/* The kernel in the loop, the harness's side; see kernel_session.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "kernel_session.h"

int
kernel_session_begin(struct kernel_session *ks, const struct scenario *sc, char *err,
		     size_t len)
{
	const struct uvmlab_params *p = &sc->params;
	const struct kernel_params kp = {
		.nfreelists = p->nfreelists,
		.nbuckets = p->nbuckets,
		.ncolors = p->ncolors,
		.reserve_pagedaemon = p->reserve_pagedaemon,
		.reserve_kernel = p->reserve_kernel,
	};
	struct kernel_seg segs[SCENARIO_MAX_SEGS];

	memset(ks, 0, sizeof(*ks));
	for (unsigned i = 0; i < sc->nsegs; i++) {
		const struct seg_spec *s = &sc->segs[i];
		segs[i] = (struct kernel_seg){s->start, s->end, s->avail_start, s->avail_end,
					      s->freelist, s->bucket};
	}
	int error = kernel_machine_init(&kp, segs, sc->nsegs);
	if (error == ENOSYS)
		snprintf(err, len, "this uvmlab was built without a kernel source (configure "
				   "with -DUVMLAB_KERNEL_PGLIST=PATH/sys/uvm/uvm_pglist.c)");
	else if (error != 0)
		snprintf(err, len, "the kernel machine: %s", uvmlab_errno_name(error));
	return error;
}

void
kernel_session_end(struct kernel_session *ks)
{
	kernel_machine_fini();
	free(ks->holders);
	memset(ks, 0, sizeof(*ks));
}

struct kernel_holder *
kernel_session_holder(struct kernel_session *ks, const char *name)
{
	for (size_t i = 0; i < ks->nholders; i++) {
		if (strcmp(ks->holders[i].name, name) == 0)
			return &ks->holders[i];
	}
	return NULL;
}

int
kernel_session_claim(struct kernel_session *ks, const char *name, struct kernel_holder **khp)
{
	struct kernel_holder *kh = kernel_session_holder(ks, name);

	if (kh == NULL) {
		if (grow((void **)&ks->holders, &ks->cap, ks->nholders + 1, sizeof(*kh)) != 0)
			return ENOMEM;
		kh = &ks->holders[ks->nholders++];
		memset(kh, 0, sizeof(*kh));
		name_copy(kh->name, name);
	}
	if (kh->live)
		return EEXIST;
	*khp = kh;
	return 0;
}

bool
kernel_runs(const struct op *op)
{
	return op_table[op->code]->kernel != NULL;
}

void
kernel_exec(struct kernel_session *ks, const struct op *op, struct op_result *r)
{
	result_reset(r);
	result_settle(r, op_table[op->code]->kernel(ks, op, r));
}

bool
kernel_assert_documented(const char *msg)
{
	static const char *const documented[] = {
		"\"bmask <= amask\"", /* aggressive.c: boundary below alignment */
	};

	for (size_t i = 0; i < sizeof(documented) / sizeof(documented[0]); i++) {
		if (strstr(msg, documented[i]) != NULL)
			return true;
	}
	return false;
}

bool
kernel_same_state(const struct uvm_machine *m, char *why, size_t len)
{
	const struct uvmlab_params *p = uvmlab_machine_params(m);
	struct uvmlab_seginfo si;

	for (unsigned i = 0; i < uvmlab_nsegs(m); i++) {
		if (uvmlab_seginfo(m, i, &si) == 0 && si.start_hint != kernel_seg_hint(i)) {
			snprintf(why, len, "segment %u's start hint: %u in the model, %u in the kernel",
				 i, si.start_hint, kernel_seg_hint(i));
			return false;
		}
	}
	if (uvmlab_free_pages(m) != kernel_free_pages()) {
		snprintf(why, len, "free pages: %" PRIu64 " in the model, %" PRIu64 " in the kernel",
			 uvmlab_free_pages(m), kernel_free_pages());
		return false;
	}
	for (unsigned fl = 0; fl < p->nfreelists; fl++) {
		for (unsigned b = 0; b < p->nbuckets; b++) {
			uint64_t want = uvmlab_bucket_free(m, fl, b), got = kernel_bucket_free(fl, b);
			if (want != got) {
				snprintf(why, len,
					 "free list %u bucket %u: %" PRIu64 " free pages in the model, %" PRIu64
					 " in the kernel", fl, b, want, got);
				return false;
			}
		}
	}
	return true;
}
