/* Reading inputs: whole files, and files or folders of them. */
#ifndef UVMLAB_FILES_H
#define UVMLAB_FILES_H

#include <stddef.h>
#include <stdint.h>

/* file_read: the whole file, malloc'd, its length in *lenp; NULL if it
 * cannot be read. */
uint8_t *file_read(const char *path, size_t *lenp);

/*
 * for_each_input: call fn on `path` if it is a file, or on each regular
 * file in it (not starting with '.') in name order if it is a folder, so
 * that runs repeat.  Returns how many files were visited, or -1 if path
 * is neither.
 */
long for_each_input(const char *path, void (*fn)(const char *file, void *ctx), void *ctx);

#endif /* UVMLAB_FILES_H */
