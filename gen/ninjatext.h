/* ninjatext.h - the pieces of build.ninja text that every part writing it
 * (ninja.c, moddl.c, dev.c) shares: a path on a build line and a variable
 * binding, escaped through escape.h, with a message when Ninja cannot
 * express them. Each returns 0, or -1 after printing what was refused. */
#ifndef GOGEN_NINJATEXT_H
#define GOGEN_NINJATEXT_H

#include "toolchain.h"
#include "util.h"

/* ninja_put_path writes " path" on a build line. */
int ninja_put_path(struct buf *b, const char *path);

/* ninja_put_var writes "<indent>name = value", value taken literally;
 * indent is "" at the top level and "  " under a build line.
 * ninja_put_shvar does the same with value quoted as one shell word. */
int ninja_put_var(struct buf *b, const char *indent, const char *name, const char *value);
int ninja_put_shvar(struct buf *b, const char *indent, const char *name, const char *word);

/* ninja_put_goenv writes an edge's go and goenv bindings for running t's
 * go command, when t is a toolchain gogen fetched (it has a GOROOT);
 * otherwise nothing, and the top-level bindings apply. */
int ninja_put_goenv(struct buf *b, const struct toolchain *t);

#endif
