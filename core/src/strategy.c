/*
 * The strategy table, built from UVMLAB_STRATEGY_LIST, and the index
 * hooks of whole segments (the per-page ones are inline in strategy.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "strategy.h"

const struct strategy_ops *const uvmlab_strategy_table[UVMLAB_STRAT_COUNT] = {
#define UVMLAB_STRATEGY_ROW(upper, lower) [UVMLAB_STRAT_##upper] = &uvmlab_strategy_##lower,
	UVMLAB_STRATEGY_LIST(UVMLAB_STRATEGY_ROW)
#undef UVMLAB_STRATEGY_ROW
};

const char *
uvmlab_strategy_name(enum uvmlab_strategy s)
{
	const struct strategy_ops *ops = uvmlab_strategy_ops(s);

	return ops == NULL ? NULL : ops->name;
}

int
uvmlab_strategy_parse(const char *name, enum uvmlab_strategy *out)
{
	for (unsigned s = 0; s < UVMLAB_STRAT_COUNT; s++) {
		if (strcmp(name, uvmlab_strategy_table[s]->name) == 0) {
			*out = (enum uvmlab_strategy)s;
			return 0;
		}
	}
	return EINVAL;
}

int
uvmlab_strategy_info(enum uvmlab_strategy s, struct uvmlab_strategy_info *out)
{
	const struct strategy_ops *ops = uvmlab_strategy_ops(s);

	if (ops == NULL)
		return EINVAL;
	*out = (struct uvmlab_strategy_info){
		.name = ops->name,
		.wrap = ops->wrap,
		.seed_flaws = ops->seed_flaws,
		.has_index = ops->index_create != NULL,
	};
	return 0;
}

static const struct strategy_ops *
machine_ops(const struct uvm_machine *m)
{
	return uvmlab_strategy_table[m->params.strategy];
}

int
uvmlab_index_create(struct uvm_machine *m, struct vm_physseg *seg)
{
	const struct strategy_ops *ops = machine_ops(m);

	seg->index = NULL;
	return ops->index_create == NULL ? 0 : ops->index_create(seg);
}

int
uvmlab_index_copy(struct uvm_machine *to, struct vm_physseg *dst,
		  const struct uvm_machine *from, const struct vm_physseg *src)
{
	const struct strategy_ops *ops = machine_ops(to);

	dst->index = NULL;
	if (ops->index_create == NULL)
		return 0;
	if (ops->index_create(dst) != 0)
		return ENOMEM;
	if (ops == machine_ops(from)) {
		ops->index_assign(dst, src);
		return 0;
	}
	for (uvmlab_pfn_t k = 0; k < dst->end - dst->start; k++) {
		if (page_is_free(&dst->pgs[k]))
			ops->page_freed(dst, dst->start + k);
	}
	return 0;
}

void
uvmlab_index_destroy(const struct uvm_machine *m, struct vm_physseg *seg)
{
	const struct strategy_ops *ops = machine_ops(m);

	if (ops->index_destroy != NULL && seg->index != NULL)
		ops->index_destroy(seg);
	seg->index = NULL;
}

bool
uvmlab_index_validate(const struct uvm_machine *m, unsigned segidx, char *why, size_t len)
{
	const struct strategy_ops *ops = machine_ops(m);
	const struct vm_physseg *seg = &m->segs[segidx];

	if (ops->index_validate == NULL)
		return true;
	if (seg->index == NULL) {
		snprintf(why, len, "segment %u has no %s index", segidx, ops->name);
		return false;
	}
	return ops->index_validate(seg, why, len);
}

uint64_t
uvmlab_index_digest(const struct uvm_machine *m, const struct vm_physseg *seg, uint64_t h)
{
	const struct strategy_ops *ops = machine_ops(m);

	return ops->index_digest == NULL ? h : ops->index_digest(seg, h);
}

size_t
uvmlab_page_descriptor_bytes(void)
{
	return sizeof(struct vm_page);
}

size_t
uvmlab_index_bytes(const struct uvm_machine *m)
{
	const struct strategy_ops *ops = machine_ops(m);
	size_t n = 0;

	for (unsigned i = 0; ops->index_bytes != NULL && i < m->nsegs; i++)
		n += ops->index_bytes(&m->segs[i]);
	return n;
}
