/*
 * bad_input's entry points by code (entry_points.h): one row each.  A
 * code is fixed once given, so that a stored input keeps its meaning; a
 * new entry point takes a free code.
 */
#include "entry_points.h"

extern const struct ep_call ep_pglistalloc, ep_pagealloc_strat, ep_pagefree, ep_pglistfree,
	ep_free_range, ep_physload, ep_pagealloc, ep_set_hint, ep_create, ep_clone, ep_seginfo,
	ep_page_state, ep_page_states, ep_page_flags, ep_nth_allocated, ep_pglist, ep_strategy,
	ep_stat, ep_errno_name, ep_events, ep_machine, ep_fail_allocation, ep_uao_create,
	ep_uao_detach, ep_ao_get, ep_ao_put, ep_page_unbusy, ep_zerorange, ep_pagermapin,
	ep_pagermapout, ep_pageratop, ep_window_write, ep_window_read, ep_page_write, ep_page_read,
	ep_pagelookup, ep_obj_pages, ep_page_object;

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
	[22] = &ep_uao_create,
	[23] = &ep_uao_detach,
	[24] = &ep_ao_get,
	[25] = &ep_ao_put,
	[26] = &ep_page_unbusy,
	[27] = &ep_zerorange,
	[28] = &ep_pagermapin,
	[29] = &ep_pagermapout,
	[30] = &ep_pageratop,
	[31] = &ep_window_write,
	[32] = &ep_window_read,
	[33] = &ep_page_write,
	[34] = &ep_page_read,
	[35] = &ep_pagelookup,
	[36] = &ep_obj_pages,
	[37] = &ep_page_object,
};
