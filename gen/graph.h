/* graph.h - the functions gogen found, the modules and projects they
 * belong to and the toolchains they ask for: what every writer reads. */
#ifndef GOGEN_GRAPH_H
#define GOGEN_GRAPH_H

#include "config.h"
#include "vercel.h"
#include "gomod.h"
#include "goversion.h"
#include "options.h"
#include "scan.h"

struct project {
	char *dir;			/* from the root; "." for the root */
	struct vercel vercel;
	char *flags;			/* effective GO_BUILD_FLAGS, shell text */
	char *flags_from;		/* where they came from, for messages */
	struct strlist flag_words;
};

struct module {
	char *dir;			/* folder of go.mod; project dir if synthesized */
	char *gomod;			/* path of go.mod; NULL when synthesized */
	struct gomod mod;
	char *work;			/* go.work that applies, or NULL */
	char *go;			/* selected Go version */
};

/* A folder holding functions. Its stamp file (in the build folder) lists
 * the helper files of its packages: a function depends on the stamp, not
 * on the folder, so adding a handler file beside it relinks nothing, while
 * adding a helper, which every function of the package compiles, does. */
struct pkgdir {
	char *dir;
	char *stamp;			/* "<build>/pkg/<id>.files" */
	struct buf helpers;		/* "package<TAB>file" lines */
};

struct function {
	char *source;			/* "apps/web/api/users.go" */
	struct project *project;
	struct module *module;
	char *route;			/* "/api/users" */
	char *handler;
	char *package;
	char *output;			/* ".../functions/api/users.func/bootstrap" */
	char *target;			/* "apps/web/api/users" */
	char *id;			/* unique, file-name safe */
	struct pkgdir *pkg;
	const struct fnconf *conf;	/* vercel.json "functions" entry, or NULL */
	struct strlist inc_src;		/* includeFiles to copy, from the root */
	struct strlist inc_dst;		/* ... and where, in the .func folder */
};

struct graph {
	struct project **projects;
	size_t nprojects;
	struct module **modules;
	size_t nmodules;
	struct function **funcs;
	size_t nfuncs;
	struct pkgdir **pkgs;
	size_t npkgs;
	struct strlist watch;		/* files whose change reruns gogen */
	struct strlist watch_dirs;	/* folders whose change reruns gogen */
	struct gotable table;
	char *env_flags;		/* GO_BUILD_FLAGS from the environment */
	const char *local_go;		/* version of the go on PATH, set by the caller */
};

/* graph_build turns a scan into functions: detection, modules, versions,
 * routes. Returns 0, or -1 after printing every error it found. */
int graph_build(struct graph *g, const struct scan *sc, const struct settings *st,
		const struct options *o);
/* graph_write_stamps writes each folder's stamp when its text changed.
 * Returns 0, or -1 after a message. */
int graph_write_stamps(const struct graph *g);
void graph_free(struct graph *g);

/* graph_id makes a file-name-safe unique id for a source path. */
char *graph_id(const char *source);

/* graph_flag_tags adds the build tags that -tags names in go build flag
 * words to tags. */
void graph_flag_tags(const struct strlist *words, struct strlist *tags);

/* graph_go_minor is the minor of a version ("1.22.3" -> 22); 99 for
 * "local" or unparsable, so that no release tag is cut short. */
int graph_go_minor(const char *version);

#endif
