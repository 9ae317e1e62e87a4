/* include.h - vercel.json includeFiles / excludeFiles: which files are
 * copied into a function's .func folder beside its bootstrap. */
#ifndef GOGEN_INCLUDE_H
#define GOGEN_INCLUDE_H

#include "graph.h"

/* include_expand fills f->inc_src (files to copy, from the root) and
 * f->inc_dst (where they go) from f->conf. The globs are relative to the
 * folder of the function's entry file; files under .git, .vercel and
 * the folders in skip (the build folder) are never taken. A file added
 * under a folder gogen does not scan (a dot folder, node_modules, vendor,
 * testdata) is only seen the next time gogen runs.
 * A glob that matches nothing gets a warning. */
void include_expand(struct function *f, const struct strlist *skip);

/* include_main is "gogen copy-file SRC DST", what the copy edges run. */
int include_main(int argc, char **argv);

#endif
