/* options.h - the command line and gogen.ini settings of one run. These
 * are the only process-wide values; everything else is passed along. */
#ifndef GOGEN_OPTIONS_H
#define GOGEN_OPTIONS_H

#include "util.h"

#ifndef GOGEN_VERSION
#define GOGEN_VERSION "0.1.0"
#endif

struct options {
	const char *root;		/* -C: folder gogen works in (made cwd) */
	const char *ninja_file;		/* -f: relative to root */
	int verbose;			/* -v */
	int list, json;			/* --list [--json] */
	const char *goarch_arg;		/* -a: overrides gogen.ini */
	const char *make_file;		/* -m: also write a Make fragment there */
	/* --env-flags: the GO_BUILD_FLAGS that were in the environment when the
	 * user ran gogen; build.ninja repeats them when Ninja reruns gogen, so
	 * that a regeneration does not silently drop them. */
	const char *env_flags_arg;
};

/* Settings from gogen.ini, with defaults filled in. */
struct settings {
	char *build_dir;		/* default: .gogen beside build.ninja */
	char *goarch;			/* amd64 */
	char *go_build_flags;		/* NULL when not set in gogen.ini */
	char *default_go;		/* "1.20" */
	char *version_table;		/* path of a table file, or NULL */
	char *go_mirror;		/* toolchain archives: base URL or template */
	char *toolchain_source;		/* "download" or "proxy"; NULL: download */
	struct strlist checksums;	/* [checksums]: "go1.22.12.linux-amd64=<hex>" */
	int found;			/* gogen.ini exists */
};

#endif
