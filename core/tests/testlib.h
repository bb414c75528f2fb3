/*
 * The unit tests' helpers: checks that count and report, a machine
 * builder, the validator after every step, and a snapshot of machine
 * state for showing that a rejected call changed nothing.
 */
#ifndef UVMLAB_TESTLIB_H
#define UVMLAB_TESTLIB_H

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine_impl.h"
#include "uvmlab/stats.h"
#include "uvmlab/uvm.h"

extern int t_passed, t_failed;

#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (cond) {                                                            \
			t_passed++;                                                    \
		} else {                                                               \
			t_failed++;                                                    \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
				#cond);                                                \
		}                                                                      \
	} while (0)

#define CHECK_EQ(a, b)                                                                   \
	do {                                                                             \
		uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);                         \
		if (a_ == b_) {                                                          \
			t_passed++;                                                      \
		} else {                                                                 \
			t_failed++;                                                      \
			fprintf(stderr, "%s:%d: %s == %" PRIu64 ", expected %s == %" PRIu64 \
					"\n",                                            \
				__FILE__, __LINE__, #a, a_, #b, b_);                     \
		}                                                                        \
	} while (0)

/* The validator, after every step. */
#define VALID(m)                                                                          \
	do {                                                                              \
		char why_[256];                                                           \
		bool ok_ = uvmlab_validate((m), why_, sizeof(why_));                      \
		if (!ok_)                                                                 \
			fprintf(stderr, "%s:%d: validate: %s\n", __FILE__, __LINE__, why_); \
		CHECK(ok_);                                                               \
	} while (0)

/* A machine with the given strategy and reserves, no segments yet. */
struct uvm_machine *t_machine(enum uvmlab_strategy s, unsigned rpd, unsigned rk);

/* Add [start, end) all available on free list fl, checking success. */
void t_seg(struct uvm_machine *m, uvmlab_pfn_t start, uvmlab_pfn_t end, unsigned fl);

/* t_machine_pages: a machine with strategy s, no reserves, and one
 * segment [0, npages) on free list 0. */
struct uvm_machine *t_machine_pages(enum uvmlab_strategy s, unsigned npages);

/* The pfns of a list as "a-b,c" (static buffer, overwritten each call). */
const char *t_pfns(struct uvm_machine *m, uvmlab_list_t list);

/* uvm_pglistalloc that returns the list's pfns, or the errno name. */
const char *t_pglist(struct uvm_machine *m, psize_t size, paddr_t low, paddr_t high,
		     paddr_t align, paddr_t boundary, int nsegs, bool waitok, uvmlab_list_t *lp);

/* Run the call expression and check it returned `err`, changed nothing
 * (same digest) and left a valid machine. */
#define CHECK_REJECTS(m, err, call)                                   \
	do {                                                          \
		uint64_t before_ = uvmlab_machine_digest(m);          \
		CHECK_EQ((call), (err));                              \
		CHECK_EQ(uvmlab_machine_digest(m), before_);          \
		VALID(m);                                             \
	} while (0)

/* xorshift64: the next of *state's numbers, reduced to [0, n) (0 for
 * n == 0).  Each test file keeps its own fixed seed. */
uint64_t t_rng(uint64_t *state, uint64_t n);

/* Print "N passed, N failed" and return the exit status. */
int t_done(void);

#endif /* UVMLAB_TESTLIB_H */
