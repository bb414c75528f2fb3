/*
 * Doubly linked page queues.  These three functions are the only code
 * that writes a page's links; callers keep the counts that go with the
 * queue they use (free-list counts live in freelist.c).
 */
#include "machine_impl.h"

void
pgqueue_insert_head(struct pgqueue *q, struct vm_page *pg)
{
	UVMLAB_ASSERT(pg->next == NULL && pg->prev == NULL);
	pg->prev = NULL;
	pg->next = q->first;
	if (q->first != NULL)
		q->first->prev = pg;
	else
		q->last = pg;
	q->first = pg;
	q->npages++;
}

void
pgqueue_insert_tail(struct pgqueue *q, struct vm_page *pg)
{
	UVMLAB_ASSERT(pg->next == NULL && pg->prev == NULL);
	pg->next = NULL;
	pg->prev = q->last;
	if (q->last != NULL)
		q->last->next = pg;
	else
		q->first = pg;
	q->last = pg;
	q->npages++;
}

void
pgqueue_remove(struct pgqueue *q, struct vm_page *pg)
{
	UVMLAB_ASSERT(q->npages > 0);
	if (pg->prev != NULL)
		pg->prev->next = pg->next;
	else
		q->first = pg->next;
	if (pg->next != NULL)
		pg->next->prev = pg->prev;
	else
		q->last = pg->prev;
	pg->next = pg->prev = NULL;
	q->npages--;
}
