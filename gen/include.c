/* include.c - expanding includeFiles globs and copying the files.
 *
 * The copies are Ninja edges (gogen copy-file), so an edited file is copied
 * again and nothing else; the list itself is made when gogen runs, which
 * Ninja reruns whenever a folder in the tree changes. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "glob.h"
#include "include.h"

static int any_match(const struct strlist *globs, const char *rel)
{
	size_t i;

	for (i = 0; i < globs->n; i++)
		if (glob_match(globs->v[i], rel))
			return 1;
	return 0;
}

struct walk {
	struct function *f;
	const struct strlist *skip;
	const char *funcdir;		/* the .func folder, from the root */
	int *hits;			/* per include glob */
};

static void walk(struct walk *w, const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct strlist names = {0};
	size_t i, k;

	if (!d)
		return;
	/* As on the platform, dot files and any folder may be included; only
	 * version control and output folders are never looked into. */
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    strcmp(e->d_name, ".git") != 0 && strcmp(e->d_name, ".vercel") != 0)
			strlist_add(&names, e->d_name);
	closedir(d);
	strlist_sort(&names);
	for (i = 0; i < names.n; i++) {
		char *p = path_join(dir, names.v[i]);
		char *r = *rel ? path_join(rel, names.v[i]) : xstrdup(names.v[i]);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && !strlist_has(w->skip, p)) {
			walk(w, p, r);
		} else if (stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
			   !any_match(&w->f->conf->exclude, r)) {
			for (k = 0; k < w->f->conf->include.n; k++)
				if (glob_match(w->f->conf->include.v[k], r))
					w->hits[k]++;
			if (any_match(&w->f->conf->include, r)) {
				strlist_add(&w->f->inc_src, p);
				strlist_addown(&w->f->inc_dst, path_join(w->funcdir, r));
			}
		}
		free(p), free(r);
	}
	strlist_free(&names);
}

void include_expand(struct function *f, const struct strlist *skip)
{
	struct walk w = {f, skip, NULL, NULL};
	char *base, *funcdir;
	size_t k;

	if (!f->conf || !f->conf->include.n)
		return;
	base = path_dir(f->source);
	funcdir = path_dir(f->output);
	w.funcdir = funcdir;
	w.hits = xcalloc(f->conf->include.n, sizeof(*w.hits));
	walk(&w, base, "");
	for (k = 0; k < f->conf->include.n; k++)
		if (!w.hits[k])
			warn("%s/vercel.json:%d: includeFiles \"%s\" matches no file for %s",
			     f->project->dir, f->conf->line, f->conf->include.v[k], f->source);
	free(w.hits);
	free(base);
	free(funcdir);
}

int include_main(int argc, char **argv)
{
	struct stat st;
	struct timespec start[2];
	char *data, *dir;
	size_t len;
	int rc;

	/* The copy gets the time the copy started, so that an edit made
	 * meanwhile still looks newer to the next ninja. */
	clock_gettime(CLOCK_REALTIME, &start[0]);
	start[1] = start[0];
	if (argc != 3) {
		err("usage: gogen copy-file SRC DST");
		return 2;
	}
	data = read_file(argv[1], &len);
	if (!data || stat(argv[1], &st) < 0) {
		err("%s: cannot read:", argv[1]);
		free(data);
		return 1;
	}
	dir = path_dir(argv[2]);
	rc = mkdir_p(dir) < 0 || write_atomic(argv[2], data, len, 0) < 0 ||
	     chmod(argv[2], st.st_mode & 07777) < 0 || utimensat(AT_FDCWD, argv[2], start, 0) < 0;
	if (rc)
		err("%s: cannot write:", argv[2]);
	free(dir);
	free(data);
	return rc;
}
