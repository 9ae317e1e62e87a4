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
int ninja_write(struct buf *out, const struct graph *g, const struct scan *sc,
		const struct ninja_env *e);

#endif
