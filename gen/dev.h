/* dev.h - the local development server: the files and the Ninja edge
 * that make it, and "gogen dev", which builds it and starts it. */
#ifndef GOGEN_DEV_H
#define GOGEN_DEV_H

#include "graph.h"
#include "ninja.h"

/* dev_write writes <build_dir>/dev/: the server's source (main.go, from
 * templates/dev.go.tmpl, and go.mod) and routes.json, the routing of
 * every project that has functions. Each file only when its text
 * changed. Returns 0, or -1 after a message. */
int dev_write(const struct graph *g, const char *build_dir);

/* dev_write_ninja writes the edge that builds <build_dir>/dev/server with
 * a Go of this machine, and the phony target "dev": every function and
 * the server. Returns 0, or -1 after a message. */
int dev_write_ninja(struct buf *b, const struct graph *g, const struct ninja_env *e);

/* dev_main runs "gogen dev [-C dir] [-f file] [project]": gogen unless
 * the Ninja file exists, then "ninja dev", then the server in place of
 * this process. self is gogen's own executable. Returns an exit status
 * when it cannot get as far as the server. */
int dev_main(int argc, char **argv, const char *self);

#endif
