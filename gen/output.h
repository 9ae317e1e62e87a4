/* output.h - the Build Output API (v3) files besides the binaries: each
 * project's config.json and each function's .vc-config.json. */
#ifndef GOGEN_OUTPUT_H
#define GOGEN_OUTPUT_H

#include "graph.h"

/* output_route_regex turns a route such as "/api/[id]" into the regular
 * expression the platform routes it with ("^/api/([^/]+)$") and the query
 * it passes ("id=$1"); both NULL for a route without dynamic segments.
 * A "[...name]" segment takes one or more segments. */
void output_route_regex(const char *route, char **src, char **query);

/* output_route_rank orders routes as the platform tries them: a literal
 * segment counts 2, [name] 1, [...name] 0, and the higher total goes
 * first, so /api/docs/[x] wins over /api/[...slug] for /api/docs/a. */
int output_route_rank(const char *route);

/* output_write writes the files for every project and function of g,
 * each only when its text changed. Returns 0, or -1 after a message. */
int output_write(const struct graph *g, const char *goarch);

#endif
