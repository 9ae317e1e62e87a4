/* gomod.c - a reader for go.mod and go.work files. It follows the grammar
 * of the Go modules reference closely enough to reject what the go
 * command rejects, but keeps only what gogen uses. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gomod.h"

/* Token kinds. Punctuation tokens keep their character as text. */
enum { TOK_WORD, TOK_STRING, TOK_PUNCT };

struct tok {
	int kind;
	char *text;		/* raw text, quotes included for strings */
};

/* The tokens of one line; comments are gone, blanks separate. */
struct line {
	struct tok *v;
	size_t n, cap;
	int lineno;
};

struct lexer {
	const char *path;
	const char *p, *end;
	int lineno;
	char *err;
};

/* What differs between go.mod and go.work: the directive handler and the
 * verbs allowed in block form. */
struct grammar {
	const char *const *blocks;
	int (*directive)(void *ctx, struct lexer *lx, const char *verb, struct tok *args,
			 size_t nargs, int lineno);
	void *ctx;
};

/* lex_error records "path:line: message" and returns -1. */
static int lex_error(struct lexer *lx, int lineno, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	msg[0] = 0;
	va_start(ap, fmt);
	if (n >= 0)
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	free(lx->err);
	lx->err = xasprintf("%s:%d: %s", lx->path, lineno, msg);
	free(msg);
	return -1;
}

static void line_add(struct line *l, int kind, const char *s, size_t n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n].kind = kind;
	l->v[l->n].text = xstrndup(s, n);
	l->n++;
}

static void line_reset(struct line *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].text);
	l->n = 0;
}

static void line_free(struct line *l)
{
	line_reset(l);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

/* utf8_rune decodes one UTF-8 sequence at p; *n gets its length. Broken
 * sequences decode as U+FFFD with length 1, as Go's decoder does. */
static long utf8_rune(const unsigned char *p, const unsigned char *end, int *n)
{
	long r;
	int len, i;

	if (p[0] < 0x80) {
		*n = 1;
		return p[0];
	}
	if (p[0] >= 0xc2 && p[0] < 0xe0) {
		len = 2;
		r = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] < 0xf0) {
		len = 3;
		r = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] < 0xf5) {
		len = 4;
		r = p[0] & 0x07;
	} else {
		*n = 1;
		return 0xfffd;
	}
	if (end - p < len) {
		*n = 1;
		return 0xfffd;
	}
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*n = 1;
			return 0xfffd;
		}
		r = r << 6 | (p[i] & 0x3f);
	}
	*n = len;
	return r;
}

/* word_rune reports whether r may be part of a bare word: Go's lexer takes
 * printable, non-space runes, minus a little ASCII punctuation. Only the
 * non-printable runes a text editor might slip in are checked. */
static int word_rune(long r)
{
	if (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0))
		return 0;
	switch (r) {
	case ' ': case '(': case ')': case '[': case ']': case '{': case '}': case ',':
	case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f:
	case 0x3000: case 0xfeff:
		return 0;
	}
	if (r >= 0x2000 && r <= 0x200f)	/* spaces and zero-width marks */
		return 0;
	return 1;
}

/* lex_line reads the tokens of the next line into l. Returns 1 when a
 * line was read, 0 at end of input, -1 on error. */
static int lex_line(struct lexer *lx, struct line *l)
{
	line_reset(l);
	if (lx->p >= lx->end)
		return 0;
	l->lineno = lx->lineno;
	while (lx->p < lx->end) {
		const char *p = lx->p, *start;
		unsigned char c = (unsigned char)*p;
		long r = 0;
		int n;

		if (c == '\n') {
			lx->p++;
			lx->lineno++;
			return 1;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			lx->p++;
			continue;
		}
		if (c == '/' && p + 1 < lx->end && p[1] == '/') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
			continue;
		}
		if (c == '/' && p + 1 < lx->end && p[1] == '*')
			return lex_error(lx, lx->lineno,
					 "mod files must use // comments, not /* */");
		if (c && strchr("()[]{},", c)) {
			line_add(l, TOK_PUNCT, p, 1);
			lx->p++;
			continue;
		}
		if (c == '"' || c == '`') {
			for (start = p++; p < lx->end && (unsigned char)*p != c; p++) {
				if (*p == '\n')
					return lex_error(lx, lx->lineno,
							 "unexpected newline in string");
				if (*p == '\\' && c == '"' && p + 1 < lx->end && p[1] != '\n')
					p++;
			}
			if (p >= lx->end)
				return lex_error(lx, lx->lineno,
						 "unexpected end of file in string");
			lx->p = p + 1;
			line_add(l, TOK_STRING, start, (size_t)(lx->p - start));
			continue;
		}
		for (start = p; p < lx->end; p += n) {
			r = utf8_rune((const unsigned char *)p, (const unsigned char *)lx->end, &n);
			if (!word_rune(r) || (p[0] == '/' && p + 1 < lx->end && p[1] == '/'))
				break;
			if (p[0] == '/' && p + 1 < lx->end && p[1] == '*')
				return lex_error(lx, lx->lineno,
						 "mod files must use // comments, not /* */");
		}
		if (p == start)
			return lex_error(lx, lx->lineno, "unexpected input character U+%04lX", r);
		line_add(l, TOK_WORD, start, (size_t)(p - start));
		lx->p = p;
	}
	return 1;
}

static int is_punct(const struct tok *t, int c)
{
	return t->kind == TOK_PUNCT && t->text[0] == c;
}

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* parse_text drives the lexer over a whole file: plain directive lines,
 * "verb (" blocks up to a line starting with ")", and "verb ()". */
static int parse_text(const char *path, const char *src, size_t len, const struct grammar *g,
		      char **errmsg)
{
	struct lexer lx = {0};
	struct line l = {0};
	const char *verb = NULL;
	char *blockverb = NULL;
	int blockline = 0, rc, ret = -1;

	lx.path = path;
	lx.p = src;
	lx.end = src + len;
	lx.lineno = 1;
	/* Go itself refuses a byte order mark; editors on Windows add one. */
	if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		lx.p += 3;

	while ((rc = lex_line(&lx, &l)) > 0) {
		size_t n = l.n;

		if (n == 0)
			continue;
		if (blockverb) {
			if (is_punct(&l.v[0], ')')) {
				if (n > 1) {
					lex_error(&lx, l.lineno, "unexpected %s after ')'",
						  l.v[1].text);
					goto out;
				}
				free(blockverb);
				blockverb = NULL;
				continue;
			}
			if (g->directive(g->ctx, &lx, blockverb, l.v, n, l.lineno) < 0)
				goto out;
			continue;
		}
		verb = l.v[0].text;
		if (is_punct(&l.v[0], ')') || is_punct(&l.v[0], '(')) {
			lex_error(&lx, l.lineno, "unexpected '%s' outside a block", verb);
			goto out;
		}
		if (is_punct(&l.v[n - 1], '(') ||
		    (n >= 3 && is_punct(&l.v[n - 2], '(') && is_punct(&l.v[n - 1], ')'))) {
			int empty = is_punct(&l.v[n - 1], ')');
			size_t nhead = empty ? n - 2 : n - 1;

			if (nhead != 1 || l.v[0].kind != TOK_WORD || !in_list(g->blocks, verb)) {
				struct buf b = {0};
				size_t i;

				for (i = 0; i < nhead; i++)
					buf_printf(&b, "%s%s", i ? " " : "", l.v[i].text);
				lex_error(&lx, l.lineno, "unknown block type: %s", b.s);
				buf_free(&b);
				goto out;
			}
			if (!empty) {
				blockverb = xstrdup(verb);
				blockline = l.lineno;
			}
			continue;
		}
		if (g->directive(g->ctx, &lx, verb, l.v + 1, n - 1, l.lineno) < 0)
			goto out;
	}
	if (rc < 0)
		goto out;
	if (blockverb) {
		lex_error(&lx, blockline, "%s block has no closing ')'", blockverb);
		goto out;
	}
	ret = 0;
out:
	free(blockverb);
	line_free(&l);
	if (ret < 0)
		*errmsg = lx.err;
	else
		free(lx.err);
	return ret;
}

static void utf8_put(struct buf *b, long r)
{
	if (r < 0x80) {
		buf_addc(b, (int)r);
	} else if (r < 0x800) {
		buf_addc(b, (int)(0xc0 | r >> 6));
		buf_addc(b, (int)(0x80 | (r & 0x3f)));
	} else if (r < 0x10000) {
		buf_addc(b, (int)(0xe0 | r >> 12));
		buf_addc(b, (int)(0x80 | (r >> 6 & 0x3f)));
		buf_addc(b, (int)(0x80 | (r & 0x3f)));
	} else {
		buf_addc(b, (int)(0xf0 | r >> 18));
		buf_addc(b, (int)(0x80 | (r >> 12 & 0x3f)));
		buf_addc(b, (int)(0x80 | (r >> 6 & 0x3f)));
		buf_addc(b, (int)(0x80 | (r & 0x3f)));
	}
}

/* unquote_go decodes the escapes of a Go interpreted string body. */
static int unquote_go(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		long r = 0;
		int digits = 0, k, base = 16;

		if (s[i] != '\\') {
			buf_addc(b, s[i]);
			continue;
		}
		if (++i >= n)
			return -1;
		switch (s[i]) {
		case 'a': buf_addc(b, '\a'); continue;
		case 'b': buf_addc(b, '\b'); continue;
		case 'f': buf_addc(b, '\f'); continue;
		case 'n': buf_addc(b, '\n'); continue;
		case 'r': buf_addc(b, '\r'); continue;
		case 't': buf_addc(b, '\t'); continue;
		case 'v': buf_addc(b, '\v'); continue;
		case '\\': buf_addc(b, '\\'); continue;
		case '"': buf_addc(b, '"'); continue;
		case 'x': digits = 2; break;
		case 'u': digits = 4; break;
		case 'U': digits = 8; break;
		default:
			if (s[i] < '0' || s[i] > '7')
				return -1;
			digits = 3;
			base = 8;
			i--;	/* the first octal digit is part of the number */
		}
		for (k = 0; k < digits; k++) {
			int d = ++i < n ? hex_digit(s[i]) : -1;

			if (d < 0 || d >= base)
				return -1;
			r = r * base + d;
		}
		if (digits == 2 || base == 8) {
			if (r > 255)
				return -1;
			buf_addc(b, (int)r);
		} else {
			if (r > 0x10ffff || (r >= 0xd800 && r < 0xe000))
				return -1;
			utf8_put(b, r);
		}
	}
	return 0;
}

/* tok_string returns the value of a path-like argument: the decoded text
 * of a quoted string, or a bare word (which may hold no quote marks, as
 * in Go). NULL with *why set when it is malformed. */
static char *tok_string(const struct tok *t, const char **why)
{
	struct buf b = {0};
	size_t n = strlen(t->text);

	if (t->kind == TOK_PUNCT) {
		*why = "unexpected punctuation";
		return NULL;
	}
	if (t->kind == TOK_WORD) {
		if (strpbrk(t->text, "\"'`")) {
			*why = "unquoted string cannot contain quote";
			return NULL;
		}
		return xstrdup(t->text);
	}
	if (t->text[0] == '`') {
		size_t i;

		/* raw strings drop carriage returns, as Go's do */
		for (i = 1; i + 1 < n; i++)
			if (t->text[i] != '\r')
				buf_addc(&b, t->text[i]);
	} else if (unquote_go(&b, t->text + 1, n - 2) < 0) {
		buf_free(&b);
		*why = "invalid syntax";
		return NULL;
	}
	if (b.len != strlen(b.s ? b.s : "")) {
		buf_free(&b);
		*why = "NUL byte in string";
		return NULL;
	}
	return buf_take(&b);
}

/* A number as the go line writes it: decimal, no leading zero. */
static const char *scan_num(const char *s)
{
	if (*s == '0')
		return s + 1;
	if (*s < '1' || *s > '9')
		return NULL;
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

int gomod_valid_version(const char *v)
{
	if (!v || v[0] != '1' || v[1] != '.')
		return 0;
	if (!(v = scan_num(v + 2)))
		return 0;
	if (*v == 0)
		return 1;
	if (*v == '.') {
		v = scan_num(v + 1);
		return v && *v == 0;
	}
	if (strncmp(v, "rc", 2) == 0)
		v += 2;
	else if (strncmp(v, "beta", 4) == 0)
		v += 4;
	else
		return 0;
	v = scan_num(v);
	return v && *v == 0;
}

int gomod_valid_toolchain(const char *name)
{
	char *v;
	const char *dash;
	int ok;

	if (!name)
		return 0;
	if (strcmp(name, "default") == 0)
		return 1;
	if (strncmp(name, "go", 2) != 0)
		return 0;
	dash = strchr(name, '-');
	if (dash && dash[1] == 0)
		return 0;
	v = xstrndup(name + 2, dash ? (size_t)(dash - name - 2) : strlen(name + 2));
	ok = gomod_valid_version(v);
	free(v);
	return ok;
}

/* Checks shared by go.mod and go.work. */

static int set_once(struct lexer *lx, const char *verb, char **dst, int *dstline,
		    struct tok *args, size_t nargs, int lineno)
{
	const char *v = nargs ? args[0].text : "";

	if (*dst) {
		return lex_error(lx, lineno, "repeated %s statement (first at line %d)", verb,
				 *dstline);
	}
	if (nargs != 1)
		return lex_error(lx, lineno, "%s directive expects exactly one argument", verb);
	if (strcmp(verb, "go") == 0 && (args[0].kind != TOK_WORD || !gomod_valid_version(v)))
		return lex_error(lx, lineno,
				 "invalid go version '%s': must match format 1.23.0", v);
	if (strcmp(verb, "toolchain") == 0 &&
	    (args[0].kind != TOK_WORD || !gomod_valid_toolchain(v)))
		return lex_error(lx, lineno,
				 "invalid toolchain version '%s': must match format go1.23.0 or default",
				 v);
	*dst = xstrdup(v);
	*dstline = lineno;
	return 0;
}

/* check_path checks a path-like argument; the value goes to *out if out
 * is not NULL. */
static int check_path(struct lexer *lx, const struct tok *t, int lineno, char **out)
{
	const char *why = NULL;
	char *s = tok_string(t, &why);

	if (!s)
		return lex_error(lx, lineno, "invalid quoted string: %s", why);
	if (out)
		*out = s;
	else
		free(s);
	return 0;
}

static int check_godebug(struct lexer *lx, struct tok *args, size_t nargs, int lineno)
{
	if (nargs != 1 || args[0].kind != TOK_WORD || strpbrk(args[0].text, "\"`',") ||
	    !strchr(args[0].text, '=') || args[0].text[0] == '=')
		return lex_error(lx, lineno, "usage: godebug key=value");
	return 0;
}

/* replace OLD [V] => NEW [V]: only the shape is checked. */
static int check_replace(struct lexer *lx, struct tok *args, size_t nargs, int lineno)
{
	size_t arrow = nargs >= 2 && strcmp(args[1].text, "=>") == 0 ? 1 : 2;

	if (nargs < arrow + 2 || nargs > arrow + 3 || strcmp(args[arrow].text, "=>") != 0)
		return lex_error(lx, lineno,
				 "usage: replace module/path [v1.2.3] => other/module v1.4"
				 " (or => ../local/directory)");
	if (check_path(lx, &args[0], lineno, NULL) < 0 ||
	    check_path(lx, &args[arrow + 1], lineno, NULL) < 0)
		return -1;
	return 0;
}

/* retract v1.2.3, or retract [v1.2.3, v1.4.5] */
static int check_retract(struct lexer *lx, struct tok *args, size_t nargs, int lineno)
{
	if (nargs == 1 && args[0].kind == TOK_WORD)
		return 0;
	if (nargs == 5 && is_punct(&args[0], '[') && args[1].kind == TOK_WORD &&
	    is_punct(&args[2], ',') && args[3].kind == TOK_WORD && is_punct(&args[4], ']'))
		return 0;
	return lex_error(lx, lineno, "usage: retract v1.2.3 or retract [v1.2.3, v1.4.5]");
}

static int check_one_path(struct lexer *lx, const char *verb, struct tok *args, size_t nargs,
			  int lineno, char **out)
{
	if (nargs != 1)
		return lex_error(lx, lineno, "%s directive expects exactly one argument", verb);
	return check_path(lx, &args[0], lineno, out);
}

static int mod_directive(void *ctx, struct lexer *lx, const char *verb, struct tok *args,
			 size_t nargs, int lineno)
{
	struct gomod *m = ctx;

	if (strcmp(verb, "module") == 0) {
		if (m->module) {
			return lex_error(lx, lineno, "repeated module statement (first at line %d)",
					 m->module_line);
		}
		if (nargs != 1)
			return lex_error(lx, lineno, "usage: module module/path");
		if (check_path(lx, &args[0], lineno, &m->module) < 0)
			return -1;
		m->module_line = lineno;
		if (m->module[0] == 0)
			return lex_error(lx, lineno, "usage: module module/path");
		return 0;
	}
	if (strcmp(verb, "go") == 0)
		return set_once(lx, verb, &m->go, &m->go_line, args, nargs, lineno);
	if (strcmp(verb, "toolchain") == 0)
		return set_once(lx, verb, &m->toolchain, &m->toolchain_line, args, nargs, lineno);
	if (strcmp(verb, "godebug") == 0)
		return check_godebug(lx, args, nargs, lineno);
	if (strcmp(verb, "require") == 0 || strcmp(verb, "exclude") == 0) {
		if (nargs != 2 || args[1].kind == TOK_PUNCT)
			return lex_error(lx, lineno, "usage: %s module/path v1.2.3", verb);
		return check_path(lx, &args[0], lineno, NULL);
	}
	if (strcmp(verb, "replace") == 0)
		return check_replace(lx, args, nargs, lineno);
	if (strcmp(verb, "retract") == 0)
		return check_retract(lx, args, nargs, lineno);
	if (strcmp(verb, "tool") == 0 || strcmp(verb, "ignore") == 0)
		return check_one_path(lx, verb, args, nargs, lineno, NULL);
	return lex_error(lx, lineno, "unknown directive: %s", verb);
}

static int work_directive(void *ctx, struct lexer *lx, const char *verb, struct tok *args,
			  size_t nargs, int lineno)
{
	struct gowork *w = ctx;
	char *dir = NULL;

	if (strcmp(verb, "go") == 0)
		return set_once(lx, verb, &w->go, &w->go_line, args, nargs, lineno);
	if (strcmp(verb, "toolchain") == 0)
		return set_once(lx, verb, &w->toolchain, &w->toolchain_line, args, nargs, lineno);
	if (strcmp(verb, "godebug") == 0)
		return check_godebug(lx, args, nargs, lineno);
	if (strcmp(verb, "replace") == 0)
		return check_replace(lx, args, nargs, lineno);
	if (strcmp(verb, "use") == 0) {
		if (nargs != 1)
			return lex_error(lx, lineno, "usage: use local/dir");
		if (check_path(lx, &args[0], lineno, &dir) < 0)
			return -1;
		strlist_addown(&w->use, dir);
		return 0;
	}
	return lex_error(lx, lineno, "unknown directive: %s", verb);
}

int gomod_parse(const char *path, const char *src, size_t len, struct gomod *out,
		char **errmsg)
{
	static const char *const blocks[] = {
		"module", "godebug", "require", "exclude", "replace", "retract", "tool",
		"ignore", NULL
	};
	struct grammar g;

	memset(out, 0, sizeof(*out));
	g.blocks = blocks;
	g.directive = mod_directive;
	g.ctx = out;
	if (parse_text(path, src, len, &g, errmsg) < 0) {
		gomod_free(out);
		return -1;
	}
	return 0;
}

int gowork_parse(const char *path, const char *src, size_t len, struct gowork *out,
		 char **errmsg)
{
	static const char *const blocks[] = { "godebug", "use", "replace", NULL };
	struct grammar g;

	memset(out, 0, sizeof(*out));
	g.blocks = blocks;
	g.directive = work_directive;
	g.ctx = out;
	if (parse_text(path, src, len, &g, errmsg) < 0) {
		gowork_free(out);
		return -1;
	}
	return 0;
}

void gomod_free(struct gomod *m)
{
	free(m->module);
	free(m->go);
	free(m->toolchain);
	memset(m, 0, sizeof(*m));
}

void gowork_free(struct gowork *w)
{
	free(w->go);
	free(w->toolchain);
	strlist_free(&w->use);
	memset(w, 0, sizeof(*w));
}
