/* depfile.h - naming files in the gcc-style depfiles Ninja reads, even
 * those whose names that format cannot spell. */
#ifndef GOGEN_DEPFILE_H
#define GOGEN_DEPFILE_H

#include "util.h"

/* depfile_add appends " \\\n  path" to b. Ninja's depfile reader stops a
 * name at characters such as ' " & ; | * ? and cannot take a line break;
 * for such a path a symbolic link to it is made in link_dir (named after
 * a hash of the path) and the link is named instead: Ninja follows links
 * when it reads times, so the file's changes still count. Returns 0, or
 * -1 after a warning when even that fails. */
int depfile_add(struct buf *b, const char *path, const char *link_dir);

#endif
