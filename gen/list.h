/* list.h - gogen --list [--json]: the functions, for people and tools. */
#ifndef GOGEN_LIST_H
#define GOGEN_LIST_H

#include "graph.h"

/* list_write prints the functions to stdout, as text or a JSON array. */
void list_write(const struct graph *g, int json);

#endif
