/* queue.c: insertion order, removal from every position, counts. */
#include "testlib.h"

static void
expect(const struct pgqueue *q, const uvmlab_pfn_t *want, size_t n)
{
	size_t i = 0;
	const struct vm_page *prev = NULL;

	for (const struct vm_page *pg = q->first; pg != NULL; prev = pg, pg = pg->next, i++) {
		CHECK(i < n && pg->pfn == want[i]);
		CHECK(pg->prev == prev);
	}
	CHECK_EQ(i, n);
	CHECK_EQ(q->npages, n);
	CHECK(q->last == prev);
}

int
main(void)
{
	struct vm_page pg[4];
	struct pgqueue q = {0};

	memset(pg, 0, sizeof(pg));
	for (unsigned i = 0; i < 4; i++)
		pg[i].pfn = i;

	pgqueue_insert_head(&q, &pg[1]);
	pgqueue_insert_head(&q, &pg[0]);
	pgqueue_insert_tail(&q, &pg[2]);
	pgqueue_insert_tail(&q, &pg[3]);
	expect(&q, (uvmlab_pfn_t[]){0, 1, 2, 3}, 4);

	pgqueue_remove(&q, &pg[1]); /* middle */
	expect(&q, (uvmlab_pfn_t[]){0, 2, 3}, 3);
	CHECK(pg[1].next == NULL && pg[1].prev == NULL);
	pgqueue_remove(&q, &pg[0]); /* head */
	expect(&q, (uvmlab_pfn_t[]){2, 3}, 2);
	pgqueue_remove(&q, &pg[3]); /* tail */
	expect(&q, (uvmlab_pfn_t[]){2}, 1);
	pgqueue_remove(&q, &pg[2]); /* last one */
	expect(&q, NULL, 0);
	CHECK(q.first == NULL && q.last == NULL);
	return t_done();
}
