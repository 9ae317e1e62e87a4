/* ninja.h - writing build.ninja from the graph. */
#ifndef GOGEN_NINJA_H
#define GOGEN_NINJA_H

#include "graph.h"
#include "toolchain.h"

/* What the writer needs besides the graph. */
struct ninja_env {
	const char *self;		/* absolute path of the gogen binary */
	const char *ninja_file;		/* relative to the root */
	const char *build_dir;		/* relative to the root */
	const char *goarch;
	const char *gogen_args;		/* extra options to repeat on regeneration */
	const struct toolchains *tcs;	/* the toolchain of every release functions ask for */
};

/* ninja_write renders build.ninja into out. Returns 0, or -1 after
 * printing which path cannot be written (a newline in a file name). */
int ninja_write(struct buf *out, const struct graph *g, const struct ninja_env *e);

/* ninja_regen_depfile renders the depfile of the regeneration edge: every
 * folder walked and every file read, as absolute paths. Absolute, because
 * a folder such as api/users may share its name with the phony target of
 * api/users.go; and a depfile, because Ninja then takes a deleted file as
 * a reason to regenerate, not as an error. Names the depfile format
 * cannot spell go through links in build_dir/links. */
int ninja_regen_depfile(struct buf *b, const struct graph *g, const struct scan *sc,
			const char *ninja_file, const char *build_dir);

#endif
