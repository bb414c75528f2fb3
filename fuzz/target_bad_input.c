/*
 * Fuzz target (d), bad_input: hammers every core entry point with
 * out-of-range and misused arguments (zero and huge sizes, non-powers of
 * two, reversed windows, overflowing addresses, dead handles, free and
 * absent pfns, bad segments, unknown free lists, flags and strategies).
 * After every call: a rejected call (EINVAL, EEXIST, EBUSY, or a full
 * segment table) left the machine's digest unchanged, and the validator
 * passes.  Nothing may abort.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "codec.h"
#include "uvmlab/stats.h"

#define MAX_CALLS 64
#define HUGE_SEGMENT 65536 /* valid segments larger than this are skipped */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A value for one argument: a selector byte picks an interesting value,
 * or (from 0xe0) takes the next 8 bytes raw. */
static uint64_t
value(struct producer *p, uint64_t top)
{
	static const uint64_t fixed[] = {
	    0,	   1,	  2,	     3,		  PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1, 3 * PAGE_SIZE,
	    INT_MAX, (uint64_t)INT_MAX + 1, UINT32_MAX, UINT64_MAX, UINT64_MAX - PAGE_SIZE + 1,
	    (uint64_t)-2, UVMLAB_PFN_LIMIT, UVMLAB_PFN_LIMIT - 1, (uint64_t)1 << 63,
	};
	uint8_t sel = (uint8_t)producer_u64(p, 1);
	const unsigned nfixed = sizeof(fixed) / sizeof(fixed[0]);

	if (sel < nfixed)
		return fixed[sel];
	if (sel < 0x60)
		return PAGE_SIZE << (sel - nfixed) % 40; /* powers of two */
	if (sel < 0xa0)
		return (uint64_t)(sel - 0x60) * (top + 1) / 0x40; /* pfns around the top */
	if (sel < 0xe0)
		return ptoa((uint64_t)(sel - 0xa0) * (top + 1) / 0x40); /* addresses */
	return producer_u64(p, 8);
}

static uvmlab_pfn_t
top_pfn(const struct uvm_machine *m)
{
	struct uvmlab_seginfo si;
	uvmlab_pfn_t top = 0;

	for (unsigned i = 0; uvmlab_seginfo(m, i, &si) == 0; i++)
		top = si.end > top ? si.end : top;
	return top;
}

static void
fail(struct uvm_machine *m, const char *call, int error, const char *what)
{
	fprintf(stderr, "uvmlab: bad_input: %s returned %s but %s\n", call,
		uvmlab_errno_name(error), what);
	uvmlab_events_print(m, stderr);
	abort();
}

/* One call; returns its name and result.  *enomem_rejects: the call's
 * ENOMEM changes nothing either (uvm_pagealloc finding no page,
 * physload's full table), so the machine must be unchanged. */
static const char *
call_one(struct uvm_machine *m, struct producer *p, int *error, bool *skipped,
	 bool *enomem_rejects)
{
	uint64_t top = top_pfn(m), v[6];
	uint8_t op = (uint8_t)producer_u64(p, 1) % 6;

	*skipped = false;
	*enomem_rejects = op == 1 || op == 5;
	for (int i = 0; i < 6; i++)
		v[i] = value(p, top);
	switch (op) {
	case 0: {
		uvmlab_list_t l;
		*error = uvm_pglistalloc(m, v[0], v[1], v[2], v[3], v[4], (int)v[5], v[5] & 1, &l);
		return "uvm_pglistalloc";
	}
	case 1: {
		uvmlab_pfn_t pfn;
		*error = uvm_pagealloc_strat(m, (int)v[0], (int)v[1], (unsigned)v[2], &pfn);
		return "uvm_pagealloc_strat";
	}
	case 2:
		*error = uvm_pagefree(m, (uvmlab_pfn_t)v[0]);
		return "uvm_pagefree";
	case 3:
		*error = uvm_pglistfree(m, (uvmlab_list_t)v[0]);
		return "uvm_pglistfree";
	case 4:
		*error = uvmlab_free_range(m, (uvmlab_pfn_t)v[0], (uvmlab_pfn_t)v[1]);
		return "uvmlab_free_range";
	default:
		/* a valid segment of millions of pages only costs host memory */
		if ((uint32_t)v[1] > (uint32_t)v[0] &&
		    (uint32_t)v[1] - (uint32_t)v[0] > HUGE_SEGMENT) {
			*skipped = true;
			return "";
		}
		*error = uvm_page_physload(m, (uvmlab_pfn_t)v[0], (uvmlab_pfn_t)v[1],
					   (uvmlab_pfn_t)v[2], (uvmlab_pfn_t)v[3], (unsigned)v[4],
					   (unsigned)v[5]);
		return "uvm_page_physload";
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct producer p;
	struct scenario sc;
	struct uvm_machine *m;
	char err[256], why[256];

	producer_init(&p, data, size);
	scenario_init(&sc);
	if (!codec_decode_header(&p, &sc) ||
	    scenario_build(&sc, "input", &m, err, sizeof(err)) != 0)
		return 0;
	for (unsigned n = 0; n < MAX_CALLS && !producer_empty(&p); n++) {
		uint64_t before = uvmlab_machine_digest(m);
		int error = 0;
		bool skipped, enomem_rejects;
		const char *call = call_one(m, &p, &error, &skipped, &enomem_rejects);
		if (skipped)
			continue;
		bool rejected = error == EINVAL || error == EEXIST || error == EBUSY ||
				(error == ENOMEM && enomem_rejects);
		if (rejected && uvmlab_machine_digest(m) != before)
			fail(m, call, error, "changed the machine");
		if (!uvmlab_validate(m, why, sizeof(why)))
			fail(m, call, error, why);
	}
	uvmlab_machine_destroy(m);
	return 0;
}
