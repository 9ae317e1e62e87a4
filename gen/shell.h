/* shell.h - splitting GO_BUILD_FLAGS into words and quoting words back
 * for the shell that Ninja runs commands in. */
#ifndef GOGEN_SHELL_H
#define GOGEN_SHELL_H

#include "util.h"

/* shell_split splits s into words the way a POSIX shell would for plain
 * words: blanks separate, 'single' and "double" quotes group, a backslash
 * escapes the next character outside single quotes (inside double quotes
 * only before $ ` " \ and newline). No expansion of any kind happens: $,
 * `, *, ; are ordinary characters. Returns 0, or -1 with *errmsg set to a
 * message such as "unterminated ' quote at column 9" (caller frees). */
int shell_split(const char *s, struct strlist *words, char **errmsg);

/* shell_quote appends w to b so that sh reads it back as exactly one word
 * equal to w. Words made only of safe characters stay bare. */
void shell_quote(struct buf *b, const char *w);

#endif
