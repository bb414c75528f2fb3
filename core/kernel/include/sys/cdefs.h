/*
 * uvmlab's kernel shim: <sys/cdefs.h>.  The C library's own headers
 * include this name too, so it brings in the host's first, then adds
 * what a NetBSD kernel source expects of it.
 */
#ifndef UVMLAB_SHIM_SYS_CDEFS_H
#define UVMLAB_SHIM_SYS_CDEFS_H

#include_next <sys/cdefs.h>

/* The revision string a NetBSD source records in its object file. */
#define __KERNEL_RCSID(n, s)

#endif
