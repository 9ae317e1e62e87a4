/* scan.h - walking the root: which folders are projects, which files
 * under their api/ folders are candidates, which folders and config
 * files a regeneration must watch. The scanner reads no Go source. */
#ifndef GOGEN_SCAN_H
#define GOGEN_SCAN_H

#include "util.h"

struct scan {
	struct strlist projects;	/* folders holding vercel.json, and "." */
	struct strlist candidates;	/* .go files under <project>/api, sorted */
	struct strlist dirs;		/* every folder walked, for regeneration */
	struct strlist skip;		/* folders never walked (build, output) */
};

/* scan_tree walks "." (the root, already the cwd). Unreadable folders are
 * errors. Returns 0 or -1 after printing a message. */
int scan_tree(struct scan *s, int verbose);
void scan_free(struct scan *s);
/* scan_project_of: the project whose api/ folder holds path, or NULL. */
const char *scan_project_of(const struct scan *s, const char *path);

#endif
