/*
 * The kernel memory allocators of uvm_km.c rev 1.13: uvm_km_kmemalloc,
 * uvm_km_alloc1, uvm_km_valloc and uvm_km_free, in the seed's order of
 * address range, page allocation, mapping and rollback (km.h).
 */
#include <errno.h>
#include <string.h>

#include "km_impl.h"
#include "strategy.h"

/* round_page of a size, or 0 when it would wrap */
static vsize_t
round_size(vsize_t size)
{
	return size > UINT64_MAX - (PAGE_SIZE - 1) ? 0
						  : (size + PAGE_SIZE - 1) & ~(vsize_t)(PAGE_SIZE - 1);
}

/* The map's address range for `size` bytes, from the map's start (the
 * hint every allocator here gives uvm_map). */
static int
map_range(struct uvm_machine *m, uvmlab_map_t map, vsize_t size, uvmlab_obj_t obj, vaddr_t *kvap)
{
	return uvmlab_km_map_range(m, map, uvmlab_km_map(m, map)->min, size, obj, false, kvap);
}

/* A new page of obj at the offset of kernel address va, un-busied as
 * the allocators leave it, and mapped there.  ENOMEM if none. */
static int
wire_page(struct uvm_machine *m, uvmlab_obj_t obj, vaddr_t va, bool zero)
{
	uint32_t slot;
	int error = uvmlab_obj_page_alloc(m, obj, km_page(va), zero, &slot);

	if (error != 0)
		return error;
	struct vm_page *pg = uvmlab_phys_to_page(m, m->ol->pages[slot].pfn);
	pg->flags &= ~PG_BUSY; /* a new page: nobody else can see it */
	uvmlab_km_enter(m, va, pg->pfn);
	return 0;
}

/* Undo a waiting allocator's work: its pages [kva, loopva) freed newest
 * first, so each goes back to the head of the queue it came from, the
 * next colour put back, then its range (which holds no page of the call
 * any more) removed: the machine is as before the call. */
static void
unwire_back(struct uvm_machine *m, uvmlab_map_t map, vaddr_t kva, vaddr_t loopva, vsize_t size,
	    unsigned color)
{
	while (loopva > kva) {
		uint32_t slot;
		loopva -= PAGE_SIZE;
		uvmlab_obj_page(m, uvmlab_km_extract(m, loopva), &slot);
		uvmlab_km_remove(m, loopva);
		uvmlab_obj_page_free(m, slot);
	}
	m->pgflcolor = color;
	uvmlab_km_unmap(m, map, kva, kva + size);
}

int
uvm_km_kmemalloc(struct uvm_machine *m, uvmlab_map_t map, uvmlab_obj_t obj, vsize_t size,
		 int flags, vaddr_t *kvap)
{
	bool fresh = m->km == NULL;
	vaddr_t kva = 0, loopva;
	vsize_t size0 = size;
	int error = 0;

	size = round_size(size);
	if (!uvmlab_km_map_named(m, map) || !uvmlab_km_is_kernel_object(m, obj) || kvap == NULL ||
	    size == 0 || (flags & ~UVM_KMF_ALL) != 0) {
		error = EINVAL;
		goto out;
	}
	if (uvmlab_km_layer(m) == NULL) {
		error = ENOMEM;
		goto out;
	}
	/* UVM_KMF_TRYLOCK: the map is never locked by anyone else here */
	if ((error = map_range(m, map, size, obj, &kva)) != 0)
		goto out;
	if (flags & UVM_KMF_VALLOC)
		goto done;
	/* rev 1.13 would uvm_pagealloc a second page at an offset that
	 * still holds a released one (a busy page of an earlier free): the
	 * model answers EBUSY instead, as uvm_km_alloc1 does, with the range
	 * given back and no page taken */
	for (loopva = kva; loopva < kva + size; loopva += PAGE_SIZE) {
		if (uvmlab_obj_lookup(m->ol, obj, km_page(loopva)) != NO_SLOT) {
			uvmlab_km_unmap(m, map, kva, kva + size);
			error = EBUSY;
			goto out;
		}
	}
	unsigned color = m->pgflcolor;
	for (loopva = kva; size > 0;) {
		if (wire_page(m, obj, loopva, false) == 0) {
			loopva += PAGE_SIZE;
			size -= PAGE_SIZE;
			continue;
		}
		error = ENOMEM;
		if (!(flags & UVM_KMF_NOWAIT)) {
			if (uvmlab_km_wait(m)) {
				error = 0;
				continue; /* the page daemon freed something: again */
			}
			/* the seed sleeps here for ever: undone exactly */
			unwire_back(m, map, kva, loopva, round_size(size0), color);
			goto out;
		}
		/* "free everything!": rev 1.13 unmaps [kva, kva + size), size
		 * being what is left to fill; the mended form unmaps it all
		 * (both free through uvm_unmap, oldest page first, as the seed) */
		bool flawed = uvmlab_strategy_ops(m->params.strategy)->seed_flaws;
		vaddr_t end = flawed ? kva + size : loopva + size;
		if (flawed && end != loopva + size)
			STAT_INCR(m, km_short_unmap);
		uvmlab_km_unmap(m, map, kva, end);
		goto out;
	}
done:
	*kvap = kva;
out:
	uvmlab_km_settle(m, fresh, error);
	uvmlab_event_log(m, UVMLAB_EV_KM_KMEMALLOC, error, map, obj, size0, (uint64_t)flags,
			 error == 0 ? kva : 0, 0);
	return error;
}

/* uvm_km_alloc1's and uvm_km_valloc's start: their arguments (size
 * already rounded), the layer, then the map's range backed by the
 * kernel object, into *kvap.  0, EINVAL or ENOMEM. */
static int
kernel_object_range(struct uvm_machine *m, uvmlab_map_t map, vsize_t size, const vaddr_t *out,
		    vaddr_t *kvap)
{
	struct km_layer *kl;

	if (!uvmlab_km_map_named(m, map) || out == NULL || size == 0)
		return EINVAL;
	if ((kl = uvmlab_km_layer(m)) == NULL)
		return ENOMEM;
	return map_range(m, map, size, kl->kernel_object, kvap);
}

int
uvm_km_alloc1(struct uvm_machine *m, uvmlab_map_t map, vsize_t size, bool zeroit, vaddr_t *kvap)
{
	bool fresh = m->km == NULL;
	vaddr_t kva = 0, loopva = 0;
	int error;

	size = round_size(size);
	if ((error = kernel_object_range(m, map, size, kvap, &kva)) != 0)
		goto out;
	const struct km_layer *kl = m->km;
	unsigned color = m->pgflcolor;
	for (loopva = kva; loopva < kva + size && error == 0;) {
		uint32_t s = uvmlab_obj_lookup(m->ol, kl->kernel_object, km_page(loopva));
		if (s != NO_SLOT) {
			/* a page outside every range is one released by an earlier
			 * free and still busy with its holder (the validator's
			 * rule): the seed waits for it */
			error = EBUSY;
			UVMLAB_ASSERT(uvmlab_phys_to_page(m, m->ol->pages[s].pfn)->flags & PG_RELEASED);
		} else if (wire_page(m, kl->kernel_object, loopva, zeroit) == 0) {
			loopva += PAGE_SIZE; /* zeroit: the page was allocated zero-filled */
		} else if (!uvmlab_km_wait(m)) {
			error = ENOMEM; /* the seed sleeps in uvm_wait */
		}
	}
	if (error != 0) {
		unwire_back(m, map, kva, loopva, size, color);
		goto out;
	}
	*kvap = kva;
out:
	uvmlab_km_settle(m, fresh, error);
	uvmlab_event_log(m, UVMLAB_EV_KM_ALLOC1, error, map, size, zeroit, error == 0 ? kva : 0,
			 0, 0);
	return error;
}

int
uvm_km_valloc(struct uvm_machine *m, uvmlab_map_t map, vsize_t size, vaddr_t *kvap)
{
	bool fresh = m->km == NULL;
	vaddr_t kva = 0;
	int error;

	size = round_size(size);
	if ((error = kernel_object_range(m, map, size, kvap, &kva)) == 0)
		*kvap = kva;
	uvmlab_km_settle(m, fresh, error);
	uvmlab_event_log(m, UVMLAB_EV_KM_VALLOC, error, map, size, error == 0 ? kva : 0, 0, 0, 0);
	return error;
}

int
uvm_km_free(struct uvm_machine *m, uvmlab_map_t map, vaddr_t addr, vsize_t size)
{
	struct km_map *km = uvmlab_km_map(m, map);
	vaddr_t start = addr & ~(vaddr_t)(PAGE_SIZE - 1), end = 0;
	int error = 0;

	if (km == NULL || size == 0 || addr > UINT64_MAX - size ||
	    (end = round_size(addr + size)) == 0 || !uvmlab_km_allocated(km, start, end) ||
	    uvmlab_km_holds_poolpage(m->km, start, end)) {
		error = EINVAL;
		goto out;
	}
	error = uvmlab_km_unmap(m, map, start, end);
out:
	uvmlab_event_log(m, UVMLAB_EV_KM_FREE, error, map, addr, size, 0, 0, 0);
	return error;
}
