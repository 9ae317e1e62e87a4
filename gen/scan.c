/* scan.c - walking the root for projects and candidate files.
 *
 * One walk serves three needs: finding vercel.json files (projects),
 * collecting .go files, and listing every folder it entered so that
 * build.ninja can rerun gogen when a file appears or disappears. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scan.h"

/* Folders Go itself and the platform never look into. */
static int skipped_name(const char *name)
{
	return name[0] == '.' || name[0] == '_' || strcmp(name, "node_modules") == 0 ||
	       strcmp(name, "vendor") == 0 || strcmp(name, "testdata") == 0;
}

struct walk {
	struct scan *s;
	struct strlist gofiles;
	int verbose;
};

static int walk_dir(struct walk *w, const char *dir);

/* has_control reports a name with a tab, line break or other control
 * character: Ninja files cannot name it, so it is left out. */
static int has_control(const char *name)
{
	for (; *name; name++)
		if ((unsigned char)*name < 0x20 || *name == 0x7f)
			return 1;
	return 0;
}

static int walk_entry(struct walk *w, const char *dir, const char *name)
{
	char *path = strcmp(dir, ".") == 0 ? xstrdup(name) : path_join(dir, name);
	struct stat st;
	int rc = 0;

	if (has_control(name)) {
		if (has_suffix(name, ".go") || !skipped_name(name))
			warn("%s/...: warning: a file name with a tab or line break cannot be "
			     "a function (Ninja cannot name it); left out", dir);
		free(path);
		return 0;
	}
	if (lstat(path, &st) < 0) {
		err("%s: cannot read:", path);
		free(path);
		return -1;
	}
	if (S_ISLNK(st.st_mode) && stat(path, &st) < 0) {
		if (w->verbose)
			warn("%s: broken symbolic link, skipped", path);
		free(path);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		/* A linked folder could lead back up the tree: go's own walks
		 * do not follow them either. */
		int link = 0;
		struct stat lst;
		if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
			link = 1;
		if (skipped_name(name) || strlist_has(&w->s->skip, path) || link) {
			if (w->verbose && !skipped_name(name))
				warn("%s: folder skipped", path);
		} else {
			rc = walk_dir(w, path);
		}
	} else if (S_ISREG(st.st_mode)) {
		if (strcmp(name, "vercel.json") == 0)
			strlist_add(&w->s->projects, dir);
		else if (has_suffix(name, ".go") && !skipped_name(name))
			strlist_addown(&w->gofiles, path), path = NULL;
	}
	free(path);
	return rc;
}

static int walk_dir(struct walk *w, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct strlist names = {0};
	size_t i;
	int rc = 0;

	if (!d) {
		err("%s: cannot open folder:", dir);
		return -1;
	}
	strlist_add(&w->s->dirs, dir);
	while ((errno = 0, e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		strlist_add(&names, e->d_name);
	}
	if (errno) {
		err("%s: cannot read folder:", dir);
		rc = -1;
	}
	closedir(d);
	/* Sorted names make the output independent of the file system. */
	strlist_sort(&names);
	for (i = 0; i < names.n && rc == 0; i++)
		rc = walk_entry(w, dir, names.v[i]);
	strlist_free(&names);
	return rc;
}

/* project_of returns the longest project p such that path lies under
 * p/api/, or NULL. */
static const char *project_of(const struct scan *s, const char *path)
{
	const char *best = NULL;
	size_t i, bestlen = 0;

	for (i = 0; i < s->projects.n; i++) {
		const char *p = s->projects.v[i];
		char *api = strcmp(p, ".") == 0 ? xstrdup("api/") : xasprintf("%s/api/", p);
		if (has_prefix(path, api) && (!best || strlen(p) > bestlen)) {
			best = p;
			bestlen = strlen(p);
		}
		free(api);
	}
	return best;
}

/* note_lone_api tells, for -v, which api/ folders are not scanned
 * because no project holds them (a library's api package, say). */
static void note_lone_api(const struct scan *s)
{
	size_t i;

	for (i = 0; i < s->dirs.n; i++) {
		const char *d = s->dirs.v[i];
		char *parent, *inside;
		int scanned;
		if (strcmp(path_base(d), "api") != 0)
			continue;
		inside = path_join(d, "x.go");
		scanned = project_of(s, inside) != NULL;
		free(inside);
		parent = path_dir(d);
		if (!scanned)
			warn("%s: not scanned: %s holds no vercel.json, so it is not a project", d,
			     parent);
		free(parent);
	}
}

int scan_tree(struct scan *s, int verbose)
{
	struct walk w = {s, {0}, verbose};
	size_t i;

	if (walk_dir(&w, ".") < 0) {
		strlist_free(&w.gofiles);
		return -1;
	}
	if (!strlist_has(&s->projects, "."))
		strlist_add(&s->projects, ".");
	strlist_sort(&s->projects);
	for (i = 0; i < w.gofiles.n; i++)
		if (project_of(s, w.gofiles.v[i]))
			strlist_add(&s->candidates, w.gofiles.v[i]);
	strlist_sort(&s->candidates);
	strlist_free(&w.gofiles);
	if (verbose)
		note_lone_api(s);
	return 0;
}

/* scan_project_of is what graph.c uses to attach a candidate to its
 * project; kept here so the api/ rule lives in one place. */
const char *scan_project_of(const struct scan *s, const char *path)
{
	return project_of(s, path);
}

void scan_free(struct scan *s)
{
	strlist_free(&s->projects);
	strlist_free(&s->candidates);
	strlist_free(&s->dirs);
	strlist_free(&s->skip);
}
