/* detect.c - what gogen needs to know about one Go file. The source is
 * copied with the insides of comments and literals turned into spaces
 * (newlines kept, so offsets and lines stay right); a small lexer splits
 * the top level (brace depth 0) of that copy into statements the way Go's
 * semicolon rule does, which gives the package clause, imports and
 * declared names; PCRE2 patterns, which know Unicode letter classes, then
 * decide which exported functions have the http.HandlerFunc signature. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"

#define NONE SIZE_MAX

/* GOOS and GOARCH values Go knows (go/build's lists): only these make a
 * file-name suffix a constraint. unix_os is what the "unix" tag covers. */
static const char *const known_os[] = {
	"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos",
	"ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris",
	"wasip1", "windows", "zos", NULL
};
static const char *const unix_os[] = {
	"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos",
	"ios", "linux", "netbsd", "openbsd", "solaris", NULL
};
static const char *const known_arch[] = {
	"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64",
	"mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc",
	"ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc",
	"sparc64", "wasm", NULL
};

/* Identifiers as Go spells them: a Unicode letter or _, then letters,
 * decimal digits or _. */
#define ID "[\\p{L}_][\\p{L}\\p{Nd}_]*"

/* Matched anchored at a top-level "func" with no receiver. Groups: 1 the
 * name, 2 and 4 the parameter names, 3 and 5 the package qualifiers. */
static const char handler_re[] =
	"func\\s+(\\p{Lu}[\\p{L}\\p{Nd}_]*)\\s*\\(\\s*"
	"(?:(" ID ")\\s+)?(?:(" ID ")\\s*\\.\\s*)?ResponseWriter\\s*,\\s*"
	"(?:(" ID ")\\s+)?\\*\\s*(?:(" ID ")\\s*\\.\\s*)?Request\\s*(?:,\\s*)?\\)";
/* A mention of ResponseWriter as a type in a parameter list (a parameter
 * named ResponseWriter is followed by its type); group 1 the qualifier. */
static const char rw_re[] =
	"(?<![\\p{L}\\p{Nd}_.])(?:(" ID ")\\s*\\.\\s*)?ResponseWriter"
	"(?![\\p{L}\\p{Nd}_])(?!\\s*[\\p{L}_*\\[(.<])";
/* Go exports a name whose first letter is upper case (category Lu). */
static const char upper_re[] = "\\p{Lu}";

struct detector {
	pcre2_code *handler, *rw, *upper;
	pcre2_match_data *md;
};

/* One lexical token of the top level. kind is 'a' for identifiers and
 * keywords, '"' for literals, ';' for semicolons (written or inserted) and
 * otherwise the operator's first byte; '{' and '}' stand for a whole
 * block, whose inside is skipped. */
struct tok {
	size_t off, len;
	int line;
	char kind;
};

struct scan {
	const char *src;	/* the file as read */
	char *text;		/* src with comment and literal contents blanked */
	size_t len;
	struct tok *tok;
	size_t ntok, tokcap;
	size_t *funcs;		/* name token of each top-level func */
	size_t nfuncs, funcscap;
	size_t declcap, misscap;
	struct strlist http;	/* names net/http is imported under */
	int http_dot;		/* imported with "." */
	int http_seen;		/* imported at all, "_" included */
	int cgo;		/* imports "C" */
};

static int in_list(const char *const *l, const char *s, size_t n)
{
	for (; *l; l++)
		if (strlen(*l) == n && memcmp(*l, s, n) == 0)
			return 1;
	return 0;
}

static int eqn(const char *a, const char *s, size_t n)
{
	return a && strlen(a) == n && memcmp(a, s, n) == 0;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* tag_holds mirrors go/build's matchTag for one build tag. */
static int tag_holds(const struct build_ctx *ctx, const char *s, size_t n)
{
	const char *os = ctx->goos ? ctx->goos : "";
	unsigned long minor = 0;
	size_t i;

	if (n == 0)
		return 0;
	if (eqn(os, s, n) || eqn(ctx->goarch, s, n) || eqn("gc", s, n))
		return 1;
	if (ctx->cgo && eqn("cgo", s, n))
		return 1;
	/* These GOOS values build the files of the one they derive from. */
	if ((eqn("linux", s, n) && !strcmp(os, "android")) ||
	    (eqn("solaris", s, n) && !strcmp(os, "illumos")) ||
	    (eqn("darwin", s, n) && !strcmp(os, "ios")))
		return 1;
	if (eqn("unix", s, n) && in_list(unix_os, os, strlen(os)))
		return 1;
	/* Release tags go1.1 .. go1.<go_minor>, spelled without zeros. */
	if (n > 4 && memcmp(s, "go1.", 4) == 0 && s[4] != '0') {
		for (i = 4; i < n && s[i] >= '0' && s[i] <= '9' && minor < 100000; i++)
			minor = minor * 10 + (unsigned long)(s[i] - '0');
		if (i == n && ctx->go_minor > 0 && minor <= (unsigned long)ctx->go_minor)
			return 1;
	}
	if (ctx->tags)
		for (i = 0; i < ctx->tags->n; i++)
			if (eqn(ctx->tags->v[i], s, n))
				return 1;
	return 0;
}

/* A //go:build expression: || below &&, then ! and parentheses. */
enum { C_END, C_LP, C_RP, C_NOT, C_AND, C_OR, C_TAG, C_BAD };

struct cparse {
	const char *s;
	size_t n, i, at, tlen;
	int tok, size;
	const struct build_ctx *ctx;
	char err[80];		/* empty until something is wrong */
};

static int tag_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c >= 0x80;
}

static void c_lex(struct cparse *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t'))
		p->i++;
	p->at = p->i;
	p->tlen = 1;
	if (p->err[0] || p->i >= p->n) {
		p->tok = C_END;
		p->tlen = 0;
		return;
	}
	switch (p->s[p->i]) {
	case '(': p->tok = C_LP; p->i++; return;
	case ')': p->tok = C_RP; p->i++; return;
	case '!': p->tok = C_NOT; p->i++; return;
	case '&':
	case '|':
		p->tok = C_BAD;
		if (p->i + 1 < p->n && p->s[p->i + 1] == p->s[p->i]) {
			p->tok = p->s[p->i] == '&' ? C_AND : C_OR;
			p->tlen = 2;
		}
		p->i += p->tlen;
		return;
	}
	if (!tag_char((unsigned char)p->s[p->i])) {
		p->tok = C_BAD;
		p->i++;
		return;
	}
	while (p->i < p->n && tag_char((unsigned char)p->s[p->i]))
		p->i++;
	p->tok = C_TAG;
	p->tlen = p->i - p->at;
}

static int c_fail(struct cparse *p, const char *what)
{
	if (p->err[0])
		return 0;
	if (what)
		snprintf(p->err, sizeof p->err, "%s", what);
	else if (p->tok == C_END)
		snprintf(p->err, sizeof p->err, "unexpected end of expression");
	else if ((unsigned char)p->s[p->at] < ' ' || p->s[p->at] == 0x7f)
		snprintf(p->err, sizeof p->err, "unexpected byte 0x%02x",
			 (unsigned char)p->s[p->at]);
	else
		snprintf(p->err, sizeof p->err, "unexpected '%.*s'", (int)p->tlen,
			 p->s + p->at);
	return 0;
}

static int c_or(struct cparse *p);

static int c_atom(struct cparse *p)
{
	int x;

	if (p->err[0])
		return 0;
	if (p->tok == C_LP) {
		x = c_or(p);
		if (p->err[0])
			return 0;
		if (p->tok != C_RP)
			return c_fail(p, "missing )");
		c_lex(p);
		return x;
	}
	if (p->tok != C_TAG)
		return c_fail(p, NULL);
	x = tag_holds(p->ctx, p->s + p->at, p->tlen);
	c_lex(p);
	return x;
}

static int c_not(struct cparse *p)
{
	/* Bounds the recursion on hostile input, as Go does. */
	if (++p->size > 1000)
		return c_fail(p, "expression too large");
	c_lex(p);
	if (p->tok != C_NOT)
		return c_atom(p);
	c_lex(p);
	if (p->tok == C_NOT)
		return c_fail(p, "!! is not allowed");
	return !c_atom(p);
}

static int c_and(struct cparse *p)
{
	int x = c_not(p), y;

	while (!p->err[0] && p->tok == C_AND) {
		y = c_not(p);
		x = x && y;
	}
	return x;
}

static int c_or(struct cparse *p)
{
	int x = c_and(p), y;

	while (!p->err[0] && p->tok == C_OR) {
		y = c_and(p);
		x = x || y;
	}
	return x;
}

/* constraint_eval returns 1, 0, or -1 with the reason in err. */
static int constraint_eval(const char *s, size_t n, const struct build_ctx *ctx,
			   char *err, size_t errsz)
{
	struct cparse p;
	int x;

	memset(&p, 0, sizeof p);
	p.s = s;
	p.n = n;
	p.ctx = ctx;
	x = c_or(&p);
	if (!p.err[0] && p.tok != C_END)
		c_fail(&p, NULL);
	if (p.err[0]) {
		if (err)
			snprintf(err, errsz, "%s", p.err);
		return -1;
	}
	return x;
}

int detect_constraint(const char *expr, const struct build_ctx *ctx)
{
	return constraint_eval(expr, strlen(expr), ctx, NULL, 0);
}

/* plus_build_holds evaluates a "// +build" line's words: OR of words,
 * each an AND of comma-separated terms. As in go/build a malformed term
 * counts as a false tag, and a line with over 100 operators is ignored. */
static int plus_build_holds(const char *s, size_t n, const struct build_ctx *ctx)
{
	size_t i = 0, w, t, te;
	int any = 0, x = 0, y, z, neg, ops = 0;

	for (;;) {
		while (i < n && is_space((unsigned char)s[i]))
			i++;
		if (i >= n)
			break;
		for (w = i; i < n && !is_space((unsigned char)s[i]); i++)
			;
		y = 1;
		for (t = w; t <= i; t = te + 1) {
			te = t;
			while (te < i && s[te] != ',')
				te++;
			if (t != w)
				ops++;
			neg = te > t && s[t] == '!';
			if (neg && (te - t == 1 || s[t + 1] == '!')) {
				z = 0;
			} else {
				size_t a = t + (size_t)neg, k;
				z = a < te;
				for (k = a; k < te; k++)
					z = z && tag_char((unsigned char)s[k]);
				z = z && tag_holds(ctx, s + a, te - a);
				if (neg)
					z = !z;
			}
			y = y && z;
		}
		if (any)
			ops++;
		x = x || y;
		any = 1;
	}
	if (ops > 100)
		return 1;
	return any && x;
}

/* What the leading comments of a file say about constraints. */
struct header {
	size_t gb_off, gb_len;	/* the //go:build expression */
	int gb_line;		/* 0 when there is none */
	int dup_line;		/* line of a second //go:build, or 0 */
	size_t plus_end;	/* // +build lines only count before this */
};

static int is_go_build(const char *s, size_t n)
{
	return n >= 10 && memcmp(s, "//go:build", 10) == 0 && (n == 10 || is_space(s[10]));
}

/* header_scan walks the comments and blank lines before the first code,
 * as go/build does: //go:build may sit anywhere there (outside block
 * comments), "// +build" only before the last blank line. */
static void header_scan(const char *src, size_t len, size_t p, struct header *h)
{
	int line = 1, ended = 0, inblock = 0;
	size_t a, b, le, next;
	const char *nl, *star;

	memset(h, 0, sizeof *h);
	h->plus_end = p;
	for (; p < len; p = next, line++) {
		nl = memchr(src + p, '\n', len - p);
		le = nl ? (size_t)(nl - src) : len;
		next = nl ? le + 1 : len;
		for (a = p, b = le; a < b && is_space((unsigned char)src[a]); a++)
			;
		while (b > a && is_space((unsigned char)src[b - 1]))
			b--;
		if (a == b && !ended) {
			h->plus_end = next;
			continue;
		}
		if (b - a < 2 || src[a] != '/' || src[a + 1] != '/')
			ended = 1;
		if (!inblock && is_go_build(src + a, b - a)) {
			if (h->gb_line) {
				if (!h->dup_line)
					h->dup_line = line;
			} else {
				h->gb_line = line;
				for (h->gb_off = a + 10; h->gb_off < b &&
				     is_space((unsigned char)src[h->gb_off]); h->gb_off++)
					;
				h->gb_len = b - h->gb_off;
			}
		}
		while (a < b) {
			if (inblock) {
				star = NULL;
				for (; a + 1 < b && !star; a++)
					if (src[a] == '*' && src[a + 1] == '/')
						star = src + a;
				if (!star)
					break;
				inblock = 0;
				a = (size_t)(star - src) + 2;
			} else if (b - a >= 2 && src[a] == '/' && src[a + 1] == '/') {
				break;
			} else if (b - a >= 2 && src[a] == '/' && src[a + 1] == '*') {
				inblock = 1;
				a += 2;
			} else {
				return;	/* code: the header is over */
			}
			while (a < b && is_space((unsigned char)src[a]))
				a++;
		}
	}
}

/* constraints applies //go:build, or failing that the // +build lines. */
static int constraints(const char *path, const char *src, size_t len, size_t start,
		       const struct build_ctx *ctx, struct gofile *out, char **errmsg)
{
	struct header h;
	char msg[100];
	size_t p, le, a, b;
	const char *nl;
	int r;

	header_scan(src, len, start, &h);
	if (h.dup_line) {
		if (errmsg)
			*errmsg = xasprintf("%s:%d: multiple //go:build lines", path, h.dup_line);
		return -1;
	}
	if (h.gb_line) {
		r = constraint_eval(src + h.gb_off, h.gb_len, ctx, msg, sizeof msg);
		if (r < 0) {
			if (errmsg)
				*errmsg = xasprintf("%s:%d: bad //go:build line: %s", path,
						    h.gb_line, msg);
			return -1;
		}
		if (!r) {
			out->buildable = 0;
			out->why = xasprintf("excluded by //go:build %.*s", (int)h.gb_len,
					     src + h.gb_off);
		}
		return 0;
	}
	for (p = start; p < h.plus_end; p = le + 1) {
		nl = memchr(src + p, '\n', h.plus_end - p);
		le = nl ? (size_t)(nl - src) : h.plus_end;
		for (a = p; a < le && is_space((unsigned char)src[a]); a++)
			;
		if (le - a < 2 || src[a] != '/' || src[a + 1] != '/')
			continue;
		for (a += 2; a < le && is_space((unsigned char)src[a]); a++)
			;
		for (b = le; b > a && is_space((unsigned char)src[b - 1]); b--)
			;
		if (b - a < 6 || memcmp(src + a, "+build", 6) != 0 ||
		    (b - a > 6 && !is_space((unsigned char)src[a + 6])))
			continue;
		if (!plus_build_holds(src + a + 6, b - a - 6, ctx)) {
			out->buildable = 0;
			out->why = xasprintf("excluded by // %.*s", (int)(b - a), src + a);
			return 0;
		}
	}
	return 0;
}

/* name_selects applies go/build's file-name rules; why gets the reason
 * when the name rules the file out. */
static int name_selects(const char *base, const struct build_ctx *ctx, char **why)
{
	const char *dot, *us, *p, *e, *part[3] = {NULL, NULL, NULL};
	size_t plen[3] = {0, 0, 0};
	int np = 0, k = 0, ok;

	if (!has_suffix(base, ".go")) {
		if (why)
			*why = xstrdup("not a .go file");
		return 0;
	}
	if (base[0] == '_' || base[0] == '.') {
		if (why)
			*why = xasprintf("ignored by go (name starts with %c)", base[0]);
		return 0;
	}
	if (has_suffix(base, "_test.go")) {
		if (why)
			*why = xstrdup("test file");
		return 0;
	}
	/* Only the _-separated words after the first _ and before the first
	 * . count, so "linux.go" has no constraint, "x_linux.pb.go" has. */
	dot = strchr(base, '.');
	us = memchr(base, '_', (size_t)(dot - base));
	if (!us)
		return 1;
	for (e = dot; e > us && np < 3; e = p - 1) {
		for (p = e; p[-1] != '_'; p--)
			;
		part[np] = p;	/* the last word first */
		plen[np++] = (size_t)(e - p);
	}
	if (eqn("test", part[0], plen[0]))
		k = 1;
	if (np - k >= 2 && in_list(known_os, part[k + 1], plen[k + 1]) &&
	    in_list(known_arch, part[k], plen[k])) {
		ok = tag_holds(ctx, part[k + 1], plen[k + 1]) &&
		     tag_holds(ctx, part[k], plen[k]);
		p = part[k + 1] - 1;
	} else if (np - k >= 1 && (in_list(known_os, part[k], plen[k]) ||
				   in_list(known_arch, part[k], plen[k]))) {
		ok = tag_holds(ctx, part[k], plen[k]);
		p = part[k] - 1;
	} else {
		return 1;
	}
	if (!ok && why)
		*why = xasprintf("excluded by file name (%.*s)",
				 (int)(part[k] + plen[k] - p), p);
	return ok;
}

int detect_file_name(const char *base, const struct build_ctx *ctx)
{
	return name_selects(base, ctx, NULL);
}

/* utf8_len returns the length of the valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (s[0] < 0xC2 || s[0] > 0xF4)
		return 0;
	need = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	if (s[0] == 0xE0)
		lo = 0xA0;
	else if (s[0] == 0xED)
		hi = 0x9F;
	else if (s[0] == 0xF0)
		lo = 0x90;
	else if (s[0] == 0xF4)
		hi = 0x8F;
	if (n < need || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < need; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return need;
}

/* blank copies src with comments and the insides of string and rune
 * literals replaced by spaces (newlines kept, quotes kept). Bytes that
 * are not valid UTF-8 and NULs become \1, which matches nothing, so the
 * copy is always safe to hand to PCRE2 without its own UTF check. */
static char *blank(const char *src, size_t len, size_t i)
{
	char *t = xmalloc(len + 1);
	const unsigned char *s = (const unsigned char *)src;
	unsigned char c;
	size_t n;

	memset(t, ' ', i);
	while (i < len) {
		c = s[i];
		if (c == '/' && i + 1 < len && s[i + 1] == '/') {
			for (; i < len && s[i] != '\n'; i++)
				t[i] = ' ';
		} else if (c == '/' && i + 1 < len && s[i + 1] == '*') {
			t[i++] = ' ';
			t[i++] = ' ';
			for (; i < len && !(s[i] == '*' && i + 1 < len && s[i + 1] == '/'); i++)
				t[i] = s[i] == '\n' ? '\n' : ' ';
			for (n = 0; i < len && n < 2; n++)
				t[i++] = ' ';
		} else if (c == '"' || c == '\'') {
			t[i++] = (char)c;
			while (i < len && s[i] != c && s[i] != '\n') {
				if (s[i] == '\\' && i + 1 < len && s[i + 1] != '\n')
					t[i++] = ' ';
				t[i++] = ' ';
			}
			if (i < len && s[i] == c)
				t[i++] = (char)c;
		} else if (c == '`') {
			t[i++] = '`';
			for (; i < len && s[i] != '`'; i++)
				t[i] = s[i] == '\n' ? '\n' : ' ';
			if (i < len)
				t[i++] = '`';
		} else if (c < 0x80) {
			t[i++] = c ? (char)c : '\1';
		} else if ((n = utf8_len(s + i, len - i)) > 0) {
			memcpy(t + i, s + i, n);
			i += n;
		} else {
			t[i++] = '\1';
		}
	}
	t[len] = 0;
	return t;
}

static int id_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static int id_char(unsigned char c)
{
	return id_start(c) || (c >= '0' && c <= '9');
}

static void push(struct scan *s, char kind, size_t off, size_t len, int line)
{
	if (s->ntok == s->tokcap) {
		s->tokcap = s->tokcap ? 2 * s->tokcap : 256;
		s->tok = xrealloc(s->tok, s->tokcap * sizeof *s->tok);
	}
	s->tok[s->ntok].kind = kind;
	s->tok[s->ntok].off = off;
	s->tok[s->ntok].len = len;
	s->tok[s->ntok].line = line;
	s->ntok++;
}

/* Keywords after which a newline does not end a statement. */
static int keyword_no_semi(const char *s, size_t n)
{
	static const char *const kw[] = {
		"case", "chan", "const", "default", "defer", "else", "for", "func",
		"go", "goto", "if", "import", "interface", "map", "package", "range",
		"select", "struct", "switch", "type", "var", NULL
	};

	return n >= 2 && n <= 9 && in_list(kw, s, n);
}

/* lex tokenises the blanked text's top level, inserting semicolons at
 * line ends as Go does, and skipping whatever is inside braces. */
static void lex(struct scan *s)
{
	const char *t = s->text;
	size_t n = s->len, i = 0, st;
	int line = 1, depth = 0, semi = 0, l0;
	char c;

	while (i < n) {
		c = t[i];
		st = i;
		if (c == '\n') {
			if (depth == 0 && semi)
				push(s, ';', i, 0, line);
			semi = 0;
			line++;
			i++;
		} else if (depth > 0 && c != '{' && c != '}') {
			i++;	/* literals are blank, so only braces matter */
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			i++;
		} else if (id_start((unsigned char)c)) {
			while (i < n && id_char((unsigned char)t[i]))
				i++;
			push(s, 'a', st, i - st, line);
			semi = !keyword_no_semi(t + st, i - st);
		} else if ((c >= '0' && c <= '9') ||
			   (c == '.' && i + 1 < n && t[i + 1] >= '0' && t[i + 1] <= '9')) {
			for (i++; i < n && (id_char((unsigned char)t[i]) || t[i] == '.' ||
			     ((t[i] == '+' || t[i] == '-') && strchr("eEpP", t[i - 1]))); i++)
				;
			push(s, '"', st, i - st, line);
			semi = 1;
		} else if (c == '"' || c == '\'' || c == '`') {
			l0 = line;
			for (i++; i < n && t[i] != c; i++) {
				if (t[i] == '\n' && c != '`')
					break;
				line += t[i] == '\n';
			}
			if (i < n && t[i] == c)
				i++;
			push(s, '"', st, i - st, l0);
			semi = 1;
		} else if (c == '{' || c == '}') {
			if (c == '{' && depth++ == 0)
				push(s, '{', i, 1, line);
			if (c == '}' && depth > 0 && --depth == 0)
				push(s, '}', i, 1, line);
			semi = c == '}';
			i++;
		} else if ((c == '+' || c == '-') && i + 1 < n && t[i + 1] == c) {
			push(s, c, i, 2, line);
			semi = 1;
			i += 2;
		} else {
			push(s, c, i, 1, line);
			semi = c == ')' || c == ']';
			i++;
		}
	}
}

static int tok_is(const struct scan *s, size_t i, const char *word)
{
	return i < s->ntok && s->tok[i].kind == 'a' &&
	       eqn(word, s->text + s->tok[i].off, s->tok[i].len);
}

static int tok_kind(const struct scan *s, size_t i, char kind)
{
	return i < s->ntok && s->tok[i].kind == kind;
}

/* close_of returns the token closing the ( or [ at i, or end. */
static size_t close_of(const struct scan *s, size_t i, size_t end)
{
	int depth = 0;
	char k;

	for (; i < end; i++) {
		k = s->tok[i].kind;
		if (k == '(' || k == '[')
			depth++;
		else if ((k == ')' || k == ']') && --depth <= 0)
			return i;
	}
	return end;
}

/* next_semi returns the first ';' at bracket depth 0 from i, or end. */
static size_t next_semi(const struct scan *s, size_t i, size_t end)
{
	int depth = 0;
	char k;

	for (; i < end; i++) {
		k = s->tok[i].kind;
		if (k == '(' || k == '[')
			depth++;
		else if ((k == ')' || k == ']') && depth > 0)
			depth--;
		else if (k == ';' && depth == 0)
			return i;
	}
	return end;
}

static void add_decl(struct scan *s, struct gofile *f, char *name, int line)
{
	if (f->ndecls == s->declcap) {
		s->declcap = s->declcap ? 2 * s->declcap : 16;
		f->decls = xrealloc(f->decls, s->declcap * sizeof *f->decls);
	}
	f->decls[f->ndecls].name = name;
	f->decls[f->ndecls].line = line;
	f->ndecls++;
}

static void add_name(struct scan *s, struct gofile *f, size_t i)
{
	const struct tok *t = &s->tok[i];

	if (t->len == 1 && s->text[t->off] == '_')
		return;
	add_decl(s, f, xstrndup(s->text + t->off, t->len), t->line);
}

/* unescape decodes the escape after a backslash at *pp in a Go string,
 * or returns -1 when it is not one. */
static long unescape(const char **pp, const char *e)
{
	static const char from[] = "abfnrtv\\'\"", to[] = "\a\b\f\n\r\t\v\\'\"";
	const char *p = *pp, *c;
	int want = 3, base = 8, d;
	long v = 0;

	if (p >= e)
		return -1;
	if (*p == 'x' || *p == 'u' || *p == 'U') {
		want = *p == 'x' ? 2 : *p == 'u' ? 4 : 8;
		base = 16;
		p++;
	} else if (*p < '0' || *p > '7') {
		c = *p ? strchr(from, *p) : NULL;
		*pp = p + 1;
		return c ? to[c - from] : -1;
	}
	for (; want > 0; want--, p++) {
		if (p >= e)
			return -1;
		d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 :
		    *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : 99;
		if (d >= base)
			return -1;
		v = v * base + d;
	}
	*pp = p;
	return v;
}

/* string_is says whether a string literal token, read in the original
 * source, holds want (an ASCII string of up to 15 bytes). */
static int string_is(const struct scan *s, const struct tok *t, const char *want)
{
	const char *p = s->src + t->off, *e = p + t->len;
	char q = *p, got[16];
	size_t n = 0;
	long c;

	if (t->len < 2 || (q != '"' && q != '`') || e[-1] != q)
		return 0;
	for (p++, e--; p < e;) {
		c = (unsigned char)*p++;
		if (c == '\\' && q == '"')
			c = unescape(&p, e);
		if (c < 0 || c >= 0x80 || n == sizeof got)
			return 0;
		got[n++] = (char)c;
	}
	return eqn(want, got, n);
}

static void import_spec(struct scan *s, size_t i, size_t end)
{
	const struct tok *name = NULL;
	int dot = 0;

	if (tok_kind(s, i, '.') && i < end) {
		dot = 1;
		i++;
	} else if (tok_kind(s, i, 'a') && i < end) {
		name = &s->tok[i++];
	}
	if (i >= end || s->tok[i].kind != '"')
		return;
	if (!name && !dot && string_is(s, &s->tok[i], "C"))
		s->cgo = 1;
	if (!string_is(s, &s->tok[i], "net/http"))
		return;
	s->http_seen = 1;
	if (dot)
		s->http_dot = 1;
	else if (!name)
		strlist_add(&s->http, "http");
	else if (name->len != 1 || s->text[name->off] != '_')
		strlist_addown(&s->http, xstrndup(s->text + name->off, name->len));
}

/* spec handles one import, var, const or type spec in [i, end). */
static void spec(struct scan *s, struct gofile *f, char kw, size_t i, size_t end)
{
	if (kw == 'i') {
		import_spec(s, i, end);
	} else if (kw == 't') {
		if (i < end && tok_kind(s, i, 'a'))
			add_name(s, f, i);
	} else {
		/* var and const: the identifier list before the type or = */
		for (; i < end && tok_kind(s, i, 'a'); i += 2) {
			add_name(s, f, i);
			if (!tok_kind(s, i + 1, ','))
				break;
		}
	}
}

/* recv_type finds the type name in a receiver (s *T[K, V]) spanning
 * tokens [i, end): the last identifier before any type parameters. */
static size_t recv_type(const struct scan *s, size_t i, size_t end)
{
	size_t last = NONE;
	int depth = 0;
	char k;

	for (; i < end; i++) {
		k = s->tok[i].kind;
		if (depth == 0 && k == '[')
			return last;
		if (k == '(' || k == '[')
			depth++;
		else if ((k == ')' || k == ']') && depth > 0)
			depth--;
		else if (depth == 0 && k == 'a')
			last = i;
	}
	return last;
}

static void func_decl(struct scan *s, struct gofile *f, size_t i, size_t end)
{
	size_t j = i + 1, c, recv = NONE;
	const struct tok *t, *r;

	if (tok_kind(s, j, '(') && j < end) {
		c = close_of(s, j, end);
		recv = recv_type(s, j + 1, c);
		if (recv == NONE)
			return;
		j = c + 1;
	}
	if (j >= end || !tok_kind(s, j, 'a'))
		return;
	t = &s->tok[j];
	if (recv != NONE) {
		r = &s->tok[recv];
		if (t->len != 1 || s->text[t->off] != '_')
			add_decl(s, f, xasprintf("%.*s.%.*s", (int)r->len, s->text + r->off,
						 (int)t->len, s->text + t->off), t->line);
		return;
	}
	if (!tok_is(s, j, "init"))
		add_name(s, f, j);
	if (f->main_off < 0 && tok_is(s, j, "main") && tok_kind(s, j + 1, '('))
		f->main_off = (long)t->off;
	if (s->nfuncs == s->funcscap) {
		s->funcscap = s->funcscap ? 2 * s->funcscap : 16;
		s->funcs = xrealloc(s->funcs, s->funcscap * sizeof *s->funcs);
	}
	s->funcs[s->nfuncs++] = j;
}

/* parse reads the top-level statements: package clause, imports and
 * declarations. */
static void parse(struct scan *s, struct gofile *f)
{
	size_t i = 0, end, j, c;
	int first = 1;
	char kw;

	for (; i < s->ntok; i = end + 1) {
		if (s->tok[i].kind == ';') {
			end = i;
			continue;
		}
		end = next_semi(s, i, s->ntok);
		if (first && tok_is(s, i, "package") && tok_kind(s, i + 1, 'a')) {
			f->package = xstrndup(s->text + s->tok[i + 1].off, s->tok[i + 1].len);
			f->package_off = s->tok[i + 1].off;
			f->package_line = s->tok[i + 1].line;
		}
		first = 0;
		if (tok_is(s, i, "func")) {
			func_decl(s, f, i, end);
			continue;
		}
		kw = tok_is(s, i, "import") ? 'i' : tok_is(s, i, "type") ? 't' :
		     tok_is(s, i, "var") || tok_is(s, i, "const") ? 'v' : 0;
		if (!kw)
			continue;
		if (!tok_kind(s, i + 1, '(') || i + 1 >= end) {
			spec(s, f, kw, i + 1, end);
			continue;
		}
		c = close_of(s, i + 1, end);
		for (j = i + 2; j < c; j = end + 1) {
			end = next_semi(s, j, c);
			spec(s, f, kw, j, end);
		}
		end = next_semi(s, c, s->ntok);
	}
}

static int ov_set(const PCRE2_SIZE *ov, int g)
{
	return ov[2 * g] != PCRE2_UNSET;
}

/* qualifier_ok says whether capture g names net/http in this file (an
 * unqualified type needs a dot import). */
static int qualifier_ok(const struct scan *s, const PCRE2_SIZE *ov, int g)
{
	size_t i, n;

	if (!ov_set(ov, g))
		return s->http_dot;
	n = ov[2 * g + 1] - ov[2 * g];
	for (i = 0; i < s->http.n; i++)
		if (eqn(s->http.v[i], s->text + ov[2 * g], n))
			return 1;
	return 0;
}

/* skip_blank skips spaces, tabs and CRs, but not newlines. */
static size_t skip_blank(const struct scan *s, size_t p)
{
	while (p < s->len && (s->text[p] == ' ' || s->text[p] == '\t' || s->text[p] == '\r'))
		p++;
	return p;
}

/* Outcomes of matching a function against the HandlerFunc signature. */
enum { SIG_NO, SIG_HANDLER, SIG_BODYLESS, SIG_RESULTS };

static int signature(struct detector *d, struct scan *s, size_t func_off, size_t *name_off)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->md);
	size_t p;

	if (pcre2_match(d->handler, (PCRE2_SPTR)s->text, s->len, func_off,
			PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, d->md, NULL) < 0)
		return SIG_NO;
	/* Go wants all parameters named or none. */
	if (ov_set(ov, 2) != ov_set(ov, 4) || !qualifier_ok(s, ov, 3) || !qualifier_ok(s, ov, 5))
		return SIG_NO;
	*name_off = ov[2];
	/* "()" is an empty result list: still no results. */
	p = skip_blank(s, ov[1]);
	if (p < s->len && s->text[p] == '(' &&
	    (p = skip_blank(s, p + 1)) < s->len && s->text[p] == ')')
		p = skip_blank(s, p + 1);
	/* The body's brace must be on the same line: a newline there ends
	 * the declaration, making it one without a body. */
	if (p < s->len && s->text[p] == '{')
		return SIG_HANDLER;
	if (p >= s->len || s->text[p] == '\n' || s->text[p] == ';')
		return SIG_BODYLESS;
	return SIG_RESULTS;
}

/* mentions_rw says whether the parameter list of the func whose name is
 * token j mentions net/http's ResponseWriter. */
static int mentions_rw(struct detector *d, struct scan *s, size_t j)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->md);
	size_t k = j + 1, c, from, to;

	if (tok_kind(s, k, '['))
		k = close_of(s, k, s->ntok) + 1;
	if (!tok_kind(s, k, '('))
		return 0;
	c = close_of(s, k, s->ntok);
	from = s->tok[k].off + 1;
	to = c < s->ntok ? s->tok[c].off : s->len;
	while (from < to && pcre2_match(d->rw, (PCRE2_SPTR)s->text, to, from,
					PCRE2_NO_UTF_CHECK, d->md, NULL) > 0) {
		if (qualifier_ok(s, ov, 1))
			return 1;
		from = ov[1];
	}
	return 0;
}

static void add_miss(struct scan *s, struct gofile *f, const struct tok *t)
{
	if (f->nmisses == s->misscap) {
		s->misscap = s->misscap ? 2 * s->misscap : 4;
		f->misses = xrealloc(f->misses, s->misscap * sizeof *f->misses);
	}
	f->misses[f->nmisses].name = xstrndup(s->text + t->off, t->len);
	f->misses[f->nmisses].line = t->line;
	f->nmisses++;
}

static void find_handler(struct detector *d, struct scan *s, struct gofile *f)
{
	const struct tok *t;
	size_t i, j, off = 0;
	int sig;

	for (i = 0; i < s->nfuncs; i++) {
		j = s->funcs[i];
		t = &s->tok[j];
		if (pcre2_match(d->upper, (PCRE2_SPTR)s->text, s->len, t->off,
				PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, d->md, NULL) < 0)
			continue;
		sig = signature(d, s, s->tok[j - 1].off, &off);
		if (sig == SIG_HANDLER && !f->handler) {
			f->handler = xstrndup(s->text + t->off, t->len);
			f->handler_off = off;
			f->handler_line = t->line;
		}
		if (sig != SIG_HANDLER && sig != SIG_BODYLESS && mentions_rw(d, s, j))
			add_miss(s, f, t);
	}
}

static pcre2_code *compile(const char *re)
{
	int code;
	PCRE2_SIZE at;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
				      PCRE2_UTF | PCRE2_UCP, &code, &at, NULL);

	if (!c)
		die("internal error: pattern %s does not compile (code %d)", re, code);
	return c;
}

struct detector *detector_new(void)
{
	struct detector *d = xcalloc(1, sizeof *d);

	d->handler = compile(handler_re);
	d->rw = compile(rw_re);
	d->upper = compile(upper_re);
	d->md = pcre2_match_data_create(8, NULL);
	if (!d->md)
		die("out of memory");
	return d;
}

void detector_free(struct detector *d)
{
	if (!d)
		return;
	pcre2_code_free(d->handler);
	pcre2_code_free(d->rw);
	pcre2_code_free(d->upper);
	pcre2_match_data_free(d->md);
	free(d);
}

static char *explain(const struct scan *s, const struct gofile *f)
{
	if (!f->package)
		return xstrdup("no package clause");
	if (f->handler)
		return xasprintf("handler %s at line %d", f->handler, f->handler_line);
	if (!s->http_seen)
		return xstrdup("does not import net/http");
	if (!s->http.n && !s->http_dot)
		return xstrdup("imports net/http only as _");
	if (f->nmisses)
		return xasprintf("no exported func(http.ResponseWriter, *http.Request); "
				 "%s at line %d has another signature",
				 f->misses[0].name, f->misses[0].line);
	return xstrdup("no exported func(http.ResponseWriter, *http.Request)");
}

int detector_source(struct detector *d, const char *path, const char *src, size_t len,
		    const struct build_ctx *ctx, struct gofile *out, char **errmsg)
{
	struct scan s;
	size_t start = 0;

	memset(out, 0, sizeof *out);
	out->main_off = -1;
	if (errmsg)
		*errmsg = NULL;
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
		out->bom = 1;
		start = 3;
	}
	out->buildable = name_selects(path_base(path), ctx, &out->why);
	if (out->buildable && constraints(path, src, len, start, ctx, out, errmsg) < 0) {
		gofile_free(out);
		return -1;
	}
	memset(&s, 0, sizeof s);
	s.src = src;
	s.len = len;
	s.text = blank(src, len, start);
	lex(&s);
	parse(&s, out);
	/* go build leaves out files that use cgo when cgo is off. */
	if (out->buildable && s.cgo && !ctx->cgo) {
		out->buildable = 0;
		out->why = xstrdup("uses cgo (import \"C\") and cgo is off");
	}
	/* An excluded file still tells its package and names, but never
	 * offers a handler, so callers cannot pick one by mistake. */
	if (out->buildable) {
		find_handler(d, &s, out);
		out->why = explain(&s, out);
	}
	free(s.text);
	free(s.tok);
	free(s.funcs);
	strlist_free(&s.http);
	return 0;
}

int detect_source(const char *path, const char *src, size_t len,
		  const struct build_ctx *ctx, struct gofile *out, char **errmsg)
{
	struct detector *d = detector_new();
	int r = detector_source(d, path, src, len, ctx, out, errmsg);

	detector_free(d);
	return r;
}

void gofile_free(struct gofile *f)
{
	size_t i;

	free(f->package);
	free(f->handler);
	for (i = 0; i < f->ndecls; i++)
		free(f->decls[i].name);
	free(f->decls);
	for (i = 0; i < f->nmisses; i++)
		free(f->misses[i].name);
	free(f->misses);
	free(f->why);
	memset(f, 0, sizeof *f);
	f->main_off = -1;
}
