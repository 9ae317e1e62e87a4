/* golex.h - the token layer under detect.c: a Go file with the insides
 * of comments and literals blanked out, split into tokens with Go's
 * semicolon rule. No parser: what the tokens mean is the caller's job. */
#ifndef GOGEN_GOLEX_H
#define GOGEN_GOLEX_H

#include <stddef.h>
#include "util.h"

/* An identifier as Go spells it, as a PCRE2 pattern: a Unicode letter or
 * _, then letters, decimal digits or _. */
#define GOLEX_ID "[\\p{L}_][\\p{L}\\p{Nd}_]*"

/* One token. kind is 'a' for identifiers and keywords, '"' for literals
 * (numbers included), ';' for semicolons (written or inserted) and
 * otherwise the operator's first byte. Without golex_open's all, '{' and
 * '}' stand for a whole top-level block, whose inside is skipped. */
struct gotok {
	size_t off, len;	/* where it stands in src and text */
	int line;
	char kind;
};

struct golex {
	const char *src;	/* the file as read */
	char *text;		/* src with comment and literal contents blanked:
				 * same length, newlines and quotes kept, bad
				 * bytes and NULs made \1; NUL-terminated */
	size_t len;
	int bom;		/* src starts with a UTF-8 byte order mark */
	int bad;		/* Go could not lex src: a comment or literal left
				 * open, a NUL or bytes that are not UTF-8 */
	struct gotok *tok;
	size_t ntok, cap;
};

/* golex_open blanks src (len bytes, need not be NUL-terminated; a byte
 * order mark is blanked too) and lexes its top level, or with all set the
 * insides of braces as well. golex_close frees what it made. */
void golex_open(struct golex *lx, const char *src, size_t len, int all);
void golex_close(struct golex *lx);

/* golex_word says whether token i exists and is the identifier or keyword
 * word; golex_kind whether it exists and is of kind. */
int golex_word(const struct golex *lx, size_t i, const char *word);
int golex_kind(const struct golex *lx, size_t i, char kind);

/* golex_bracket_end returns the token closing the ( or [ at i, or end;
 * golex_stmt_end the first ';' outside brackets from i, or end. */
size_t golex_bracket_end(const struct golex *lx, size_t i, size_t end);
size_t golex_stmt_end(const struct golex *lx, size_t i, size_t end);

/* golex_string_is says whether literal token t, read in the original
 * source, is a string holding want (ASCII, up to 15 bytes). */
int golex_string_is(const struct golex *lx, const struct gotok *t, const char *want);

/* golex_idents adds to out every identifier in src (len bytes, need not
 * be NUL-terminated) outside comments and literals, keywords left out;
 * the names after a dot count too, so it answers "may this file use X",
 * erring towards yes. Returns 0, or -1 when Go could not lex src (a
 * comment or literal left open, a NUL or bytes that are not UTF-8 outside
 * them); the names found are added all the same. */
int golex_idents(const char *src, size_t len, struct strset *out);

/* golex_pattern compiles a PCRE2 pattern in UTF mode with Unicode
 * classes, and dies if it does not compile: patterns are gogen's own.
 * Declared only where pcre2.h came first. */
#ifdef PCRE2_CODE_UNIT_WIDTH
pcre2_code *golex_pattern(const char *re);
#endif

#endif
