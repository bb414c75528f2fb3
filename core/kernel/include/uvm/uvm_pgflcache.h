/* uvmlab's kernel shim: <uvm/uvm_pgflcache.h>.  The model's one CPU has
 * no per-CPU free page cache, so pausing it moves no pages; the shim
 * counts the pauses so that one left unpaired is a finding. */
#ifndef UVMLAB_SHIM_UVM_PGFLCACHE_H
#define UVMLAB_SHIM_UVM_PGFLCACHE_H

void uvm_pgflcache_pause(void);
void uvm_pgflcache_resume(void);

#endif
