/* uvmlab's kernel shim: <uvm/uvm_pdpolicy.h>.  The page daemon's policy
 * is not modelled; <uvm/uvm.h> declares the daemon calls a source uses. */
#ifndef UVMLAB_SHIM_UVM_PDPOLICY_H
#define UVMLAB_SHIM_UVM_PDPOLICY_H

#include <uvm/uvm.h>

#endif
