/* make.h - a Make fragment that lets an existing Makefile build gogen's
 * functions (through Ninja) and depend on their outputs. */
#ifndef GOGEN_MAKE_H
#define GOGEN_MAKE_H

#include "graph.h"

/* make_write renders the fragment for g into b. root is the folder Ninja
 * runs in, as the including Makefile should reach it (usually "."); the
 * output paths are relative to it. Functions whose paths Make cannot
 * spell (spaces, ';', '%'...) are left out with a warning. */
void make_write(struct buf *b, const struct graph *g, const char *root, const char *ninja_file);

#endif
