/* uvmlab's kernel shim: <sys/systm.h>, the kernel's assertions and printf. */
#ifndef UVMLAB_SHIM_SYS_SYSTM_H
#define UVMLAB_SHIM_SYS_SYSTM_H

#include <stdio.h>

#include <sys/param.h>

/*
 * A kernel built with DIAGNOSTIC: a KASSERT that fails unwinds the call
 * under test (shim.c), which reports it as a finding with its message.
 * KDASSERT belongs to DEBUG kernels, which the shim does not model: the
 * DEBUG blocks of a source stay out too.
 */
_Noreturn void uvmlab_shim_assert_failed(const char *cond, const char *file, int line,
					 const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define KASSERT(e) ((e) ? (void)0 : uvmlab_shim_assert_failed(#e, __FILE__, __LINE__, NULL))
#define KASSERTMSG(e, ...) \
	((e) ? (void)0 : uvmlab_shim_assert_failed(#e, __FILE__, __LINE__, __VA_ARGS__))
#define KDASSERT(e) ((void)0)
#define KDASSERTMSG(e, ...) ((void)0)

_Noreturn void uvmlab_shim_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define panic uvmlab_shim_panic

#endif
