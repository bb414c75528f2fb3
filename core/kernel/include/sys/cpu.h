/* uvmlab's kernel shim: <sys/cpu.h>.  The model has one CPU, never in
 * an interrupt. */
#ifndef UVMLAB_SHIM_SYS_CPU_H
#define UVMLAB_SHIM_SYS_CPU_H

#include <stdbool.h>

#define cpu_intr_p() false
#define cpu_softintr_p() false

#endif
