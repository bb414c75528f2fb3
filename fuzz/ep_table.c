/*
 * bad_input's entry points by code (entry_points.h): one row each.  A
 * code is fixed once given, so that a stored input keeps its meaning; a
 * new entry point takes a free code.
 */
#include "entry_points.h"

extern const struct ep_call ep_pglistalloc, ep_pagealloc_strat, ep_pagefree, ep_pglistfree,
	ep_free_range, ep_physload, ep_pagealloc, ep_set_hint, ep_create, ep_clone, ep_seginfo,
	ep_page_state, ep_page_states, ep_page_flags, ep_nth_allocated, ep_pglist, ep_strategy,
	ep_stat, ep_errno_name, ep_events, ep_machine, ep_fail_allocation;

const struct ep_call *const ep_calls[EP_CODES] = {
	[0] = &ep_pglistalloc,
	[1] = &ep_pagealloc_strat,
	[2] = &ep_pagefree,
	[3] = &ep_pglistfree,
	[4] = &ep_free_range,
	[5] = &ep_physload,
	[6] = &ep_pagealloc,
	[7] = &ep_set_hint,
	[8] = &ep_create,
	[9] = &ep_clone,
	[10] = &ep_seginfo,
	[11] = &ep_page_state,
	[12] = &ep_page_states,
	[13] = &ep_page_flags,
	[14] = &ep_nth_allocated,
	[15] = &ep_pglist,
	[16] = &ep_strategy,
	[17] = &ep_stat,
	[18] = &ep_errno_name,
	[19] = &ep_events,
	[20] = &ep_machine,
	[21] = &ep_fail_allocation,
};
