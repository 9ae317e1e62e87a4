/* prune.c - forgetting functions that were deleted.
 *
 * Only folders that gogen itself recorded as outputs are ever removed, and
 * only their ".func" folder below an output folder: nothing of the user's
 * is reachable from here. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prune.h"

/* rm_tree removes a folder and what it holds, never following links. */
static int rm_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char *p;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = path_join(path, e->d_name);
		if (rm_tree(p) < 0)
			rc = -1;
		free(p);
	}
	closedir(d);
	return rc < 0 ? rc : rmdir(path);
}

/* func_dir returns the ".func" folder of an output path such as
 * "p/.vercel/output/functions/api/x.func/bootstrap", or NULL. */
static char *func_dir(const char *output)
{
	char *d = path_dir(output);

	if (has_suffix(d, ".func") && strstr(d, ".vercel/output/functions/"))
		return d;
	free(d);
	return NULL;
}

/* remove_empty_parents removes the now empty folders between a removed
 * .func folder and its functions/ folder ("api/" for "api/x.func"). */
static void remove_empty_parents(const char *dir)
{
	char *d = path_dir(dir);

	while (!has_suffix(d, "/functions") && strstr(d, ".vercel/output/functions/") &&
	       rmdir(d) == 0) {
		char *up = path_dir(d);
		free(d);
		d = up;
	}
	free(d);
}

static void load_list(const char *path, struct strlist *l)
{
	char *text = read_file(path, NULL), *s, *nl;

	for (s = text; s && *s; s = nl + 1) {
		nl = strchr(s, '\n');
		if (!nl)
			break;
		if (nl > s)
			strlist_addown(l, xstrndup(s, (size_t)(nl - s)));
	}
	free(text);
}

int prune_outputs(const struct graph *g, const char *build_dir)
{
	char *record = path_join(build_dir, "outputs");
	struct strlist old = {0};
	struct strset now = {0};
	struct buf b = {0};
	size_t i;
	int rc = 0;

	load_list(record, &old);
	for (i = 0; i < g->nfuncs; i++) {
		strset_add(&now, g->funcs[i]->output);
		buf_printf(&b, "%s\n", g->funcs[i]->output);
	}
	for (i = 0; i < old.n; i++) {
		char *d = strset_has(&now, old.v[i]) ? NULL : func_dir(old.v[i]);
		if (d && rm_tree(d) < 0)
			warn("%s: cannot remove the output of a deleted function:", d);
		else if (d)
			remove_empty_parents(d);
		free(d);
	}
	if (write_atomic(record, b.s ? b.s : "", b.len, 1) < 0) {
		err("%s: cannot write:", record);
		rc = -1;
	}
	buf_free(&b);
	strset_free(&now);
	strlist_free(&old);
	free(record);
	return rc;
}
