/* escape.h - one escaping function per output context. */
#ifndef GOGEN_ESCAPE_H
#define GOGEN_ESCAPE_H

#include "util.h"

/* A path in a Ninja build or default line: $, space and : are escaped
 * with $. Returns -1 (writing nothing) when the path holds a newline,
 * which Ninja cannot express. */
int ninja_escape_path(struct buf *b, const char *path);

/* A value on the right of a Ninja "name = value" line: $ is escaped;
 * leading spaces are kept with "$ ". -1 on a newline. */
int ninja_escape_value(struct buf *b, const char *value);

/* A path inside a depfile in the gcc format Ninja reads: space, # and \
 * before space are escaped with a backslash, $ doubled. -1 on newline. */
int depfile_escape_path(struct buf *b, const char *path);

/* A path in a Make target or prerequisite: space, #, :, $ escaped as
 * Make needs. -1 on newline. */
int make_escape_path(struct buf *b, const char *path);

/* A JSON string literal with quotes, for --list --json. */
void json_escape(struct buf *b, const char *s);

#endif
