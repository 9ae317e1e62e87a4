/* moddl.h - one module-download edge per module with a go.mod: "gogen
 * mod-download" runs go mod download for it, so that its functions then
 * build from the module cache alone. Private modules get GIT_CREDENTIALS
 * at that moment only (see gitcred.h). */
#ifndef GOGEN_MODDL_H
#define GOGEN_MODDL_H

#include "graph.h"
#include "ninja.h"

/* moddl_stamp is the stamp that m's download edge writes,
 * "<build>/mod/<id>.stamp", or NULL when m needs none: a module gogen
 * synthesizes resolves its imports in build-function, and a vendored one
 * (vendor/modules.txt, go 1.14 or later, no workspace) downloads nothing.
 * The caller frees it. */
char *moddl_stamp(const struct module *m, const struct ninja_env *e);

/* moddl_write writes the download edge of every module that needs one.
 * Returns 0, or -1 after naming a path build.ninja cannot hold. */
int moddl_write(struct buf *b, const struct graph *g, const struct ninja_env *e);

/* moddl_main is "gogen mod-download --modroot DIR --go GO --stamp FILE
 * [--workspace]", run by the edge in the root folder. */
int moddl_main(int argc, char **argv);

#endif
