/* The shadow of the object layer; see shadow_obj.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "shadow_obj.h"

static void
obj_fini(struct sobj *o)
{
	for (uint64_t p = 0; o->pages != NULL && p < o->size; p++) {
		if (o->pages[p].bytes != NULL) /* most are not resident */
			free(o->pages[p].bytes);
	}
	free(o->pages);
	memset(o, 0, sizeof(*o));
}

static void
win_fini(struct swin *w)
{
	free(w->pgoff);
	free(w->bytes);
	memset(w, 0, sizeof(*w));
}

void
shadow_objs_fini(struct shadow_objs *so)
{
	for (size_t i = 0; i < so->n; i++) {
		obj_fini(&so->objs[i]);
		win_fini(&so->wins[i]);
	}
	free(so->objs);
	free(so->wins);
	memset(so, 0, sizeof(*so));
}

/* Room for holder id in both arrays, zeroed. */
static bool
reserve(struct shadow_objs *so, uint32_t id)
{
	if (id < so->n)
		return true;
	size_t n = (size_t)id + 1;
	struct sobj *objs = realloc(so->objs, n * sizeof(*objs));
	if (objs == NULL)
		return false;
	so->objs = objs;
	struct swin *wins = realloc(so->wins, n * sizeof(*wins));
	if (wins == NULL)
		return false;
	so->wins = wins;
	memset(so->objs + so->n, 0, (n - so->n) * sizeof(*objs));
	memset(so->wins + so->n, 0, (n - so->n) * sizeof(*wins));
	so->n = n;
	return true;
}

static void *
dup(const void *p, size_t n)
{
	void *q = n > 0 ? malloc(n) : NULL;
	if (q != NULL)
		memcpy(q, p, n);
	return q;
}

int
shadow_objs_copy(struct shadow_objs *dst, const struct shadow_objs *src)
{
	shadow_objs_fini(dst);
	if (src->n == 0)
		return 0;
	if (!reserve(dst, (uint32_t)src->n - 1))
		goto nomem;
	for (size_t i = 0; i < src->n; i++) {
		const struct sobj *o = &src->objs[i];
		const struct swin *w = &src->wins[i];
		if (o->live) {
			dst->objs[i] = *o;
			dst->objs[i].pages = calloc(o->size, sizeof(*o->pages));
			if (dst->objs[i].pages == NULL) {
				dst->objs[i].size = 0;
				goto nomem;
			}
			for (uint64_t p = 0; p < o->size; p++) {
				dst->objs[i].pages[p] = o->pages[p];
				dst->objs[i].pages[p].bytes = NULL;
				if (o->pages[p].bytes != NULL &&
				    (dst->objs[i].pages[p].bytes = dup(o->pages[p].bytes, PAGE_SIZE)) == NULL)
					goto nomem;
			}
		}
		if (w->live) {
			dst->wins[i] = *w;
			dst->wins[i].pgoff = dup(w->pgoff, w->npages * sizeof(*w->pgoff));
			dst->wins[i].bytes = dup(w->bytes, (size_t)w->npages * PAGE_SIZE);
			if (dst->wins[i].pgoff == NULL || dst->wins[i].bytes == NULL)
				goto nomem;
		}
	}
	return 0;
nomem:
	shadow_objs_fini(dst);
	return ENOMEM;
}

struct sobj *
shadow_objs_obj(const struct shadow_objs *so, uint32_t id)
{
	return id < so->n && so->objs[id].live ? &so->objs[id] : NULL;
}

struct swin *
shadow_objs_win(const struct shadow_objs *so, uint32_t id)
{
	return id < so->n && so->wins[id].live ? &so->wins[id] : NULL;
}

struct sobj_page *
shadow_objs_page(const struct shadow_objs *so, uint32_t id, uint64_t pgoff)
{
	struct sobj *o = shadow_objs_obj(so, id);

	if (o == NULL || pgoff >= o->size || o->pages[pgoff].pfn == UVMLAB_NO_PAGE)
		return NULL;
	return &o->pages[pgoff];
}

bool
shadow_objs_add_obj(struct shadow_objs *so, uint32_t id, uint64_t size)
{
	if (!reserve(so, id))
		return false;
	struct sobj *o = &so->objs[id];
	obj_fini(o);
	if ((o->pages = calloc(size, sizeof(*o->pages))) == NULL)
		return false;
	for (uint64_t p = 0; p < size; p++)
		o->pages[p].pfn = UVMLAB_NO_PAGE;
	o->size = size;
	o->live = true;
	return true;
}

bool
shadow_objs_add_win(struct shadow_objs *so, uint32_t id, const struct swin *w)
{
	so->windows_touched = true;
	if (!reserve(so, id))
		return false;
	win_fini(&so->wins[id]);
	so->wins[id] = *w;
	so->wins[id].live = true;
	return true;
}

void
shadow_objs_drop_win(struct shadow_objs *so, uint32_t id)
{
	if (id < so->n)
		win_fini(&so->wins[id]);
}

void
shadow_objs_drop_obj(struct shadow_objs *so, uint32_t id)
{
	if (id < so->n)
		obj_fini(&so->objs[id]);
}

bool
shadow_objs_in_window(const struct shadow_objs *so, uint32_t id, uint64_t pgoff)
{
	for (size_t i = 0; i < so->n; i++) {
		const struct swin *w = &so->wins[i];
		for (uint32_t k = 0; w->live && w->obj == id && k < w->npages; k++) {
			if (w->pgoff[k] == pgoff)
				return true;
		}
	}
	return false;
}

/* Does [va, va + npages pages) fit the space, overlapping no window? */
static bool
space_fits(const struct shadow_objs *so, vaddr_t va, uint32_t npages)
{
	if (va + ptoa(npages) > UVMLAB_PAGER_VA_START + ptoa(UVMLAB_PAGER_VA_PAGES))
		return false;
	for (size_t i = 0; i < so->n; i++) {
		const struct swin *w = &so->wins[i];
		if (w->live && w->kva < va + ptoa(npages) && va < w->kva + ptoa(w->npages))
			return false;
	}
	return true;
}

vaddr_t
shadow_objs_window_space(const struct shadow_objs *so, uint32_t npages)
{
	/* the lowest fit starts at the space's start or at a window's end */
	vaddr_t best = space_fits(so, UVMLAB_PAGER_VA_START, npages) ? UVMLAB_PAGER_VA_START : 0;

	for (size_t i = 0; i < so->n; i++) {
		const struct swin *w = &so->wins[i];
		vaddr_t va = w->kva + ptoa(w->npages);
		if (w->live && (best == 0 || va < best) && space_fits(so, va, npages))
			best = va;
	}
	return best;
}

const struct swin *
shadow_objs_window_at(const struct shadow_objs *so, vaddr_t va)
{
	for (size_t i = 0; i < so->n; i++) {
		const struct swin *w = &so->wins[i];
		if (w->live && va >= w->kva && va - w->kva < ptoa(w->npages))
			return w;
	}
	return NULL;
}

size_t
shadow_objs_memq(const struct shadow_objs *so, uint32_t id, uint64_t *out)
{
	const struct sobj *o = shadow_objs_obj(so, id);
	size_t n = 0;

	for (uint64_t p = 0; o != NULL && p < o->size; p++) {
		if (o->pages[p].pfn == UVMLAB_NO_PAGE)
			continue;
		/* insertion by seq: objects in the fuzzers are small */
		size_t k = n++;
		for (; k > 0 && o->pages[out[k - 1]].seq > o->pages[p].seq; k--)
			out[k] = out[k - 1];
		out[k] = p;
	}
	return n;
}
