/* Reading inputs; see files.h. */
#define _DEFAULT_SOURCE /* scandir */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"
#include "grow.h"

uint8_t *
file_read(const char *path, size_t *lenp)
{
	FILE *fp = fopen(path, "rb");
	void *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (fp == NULL)
		return NULL;
	do {
		if (grow(&buf, &cap, len + 4096, 1) != 0) {
			free(buf);
			fclose(fp);
			return NULL;
		}
		len += n = fread((uint8_t *)buf + len, 1, cap - len, fp);
	} while (n > 0);
	if (ferror(fp)) {
		free(buf);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	*lenp = len;
	return buf;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

long
for_each_input(const char *path, void (*fn)(const char *file, void *ctx), void *ctx)
{
	struct stat st;
	struct dirent **ents;
	long visited = 0;

	if (stat(path, &st) != 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		fn(path, ctx);
		return 1;
	}
	int n = scandir(path, &ents, NULL, by_name);
	if (n < 0)
		return -1;
	for (int k = 0; k < n; k++) {
		char file[4096];
		snprintf(file, sizeof(file), "%s/%s", path, ents[k]->d_name);
		if (ents[k]->d_name[0] != '.' && stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
			fn(file, ctx);
			visited++;
		}
		free(ents[k]);
	}
	free(ents);
	return visited;
}
