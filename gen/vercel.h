/* vercel.h - what gogen reads of a project's vercel.json. */
#ifndef GOGEN_VERCEL_H
#define GOGEN_VERCEL_H

#include "util.h"

/* One entry of vercel.json "functions": settings for the functions whose
 * source (relative to the project) the pattern matches. */
struct fnconf {
	char *pattern;
	int line;
	int memory;			/* MB; 0 when not set */
	int max_duration;		/* seconds; 0 when not set */
	struct strlist include;		/* includeFiles globs */
	struct strlist exclude;		/* excludeFiles globs */
};

struct vercel {
	char *go_build_flags;		/* build.env.GO_BUILD_FLAGS or NULL */
	int go_build_flags_line;
	struct fnconf *fns;
	size_t nfns;
};

/* config_read_vercel reads a vercel.json. Returns 0, or -1 after printing
 * "gogen: path:line: message". */
int config_read_vercel(const char *path, struct vercel *v);
void vercel_free(struct vercel *v);

/* vercel_function finds the settings for a source path relative to the
 * project: the first entry whose key is that path or a glob matching it. */
const struct fnconf *vercel_function(const struct vercel *v, const char *source);

#endif
