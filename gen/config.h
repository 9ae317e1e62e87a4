/* config.h - reading gogen.ini (inih) and each project's vercel.json
 * (cJSON). */
#ifndef GOGEN_CONFIG_H
#define GOGEN_CONFIG_H

#include "options.h"

/* What gogen uses of a project's vercel.json. */
struct vercel {
	char *go_build_flags;		/* build.env.GO_BUILD_FLAGS or NULL */
	int go_build_flags_line;
};

/* config_read_ini reads path into s (defaults when the file is absent).
 * Returns 0, or -1 after printing "gogen: path:line: message". */
int config_read_ini(const char *path, struct settings *s);
void settings_free(struct settings *s);

/* config_read_vercel reads a vercel.json. Returns 0, or -1 after printing
 * "gogen: path:line: message". */
int config_read_vercel(const char *path, struct vercel *v);
void vercel_free(struct vercel *v);

#endif
