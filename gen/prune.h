/* prune.h - removing what earlier builds made for functions that are
 * gone, so that a deleted handler is never deployed from stale output. */
#ifndef GOGEN_PRUNE_H
#define GOGEN_PRUNE_H

#include "graph.h"

/* prune_outputs compares the outputs recorded in build_dir/outputs by the
 * previous run with g's, removes the .func folders of functions that no
 * longer exist, and records g's. Returns 0, or -1 after a message. */
int prune_outputs(const struct graph *g, const char *build_dir);

#endif
