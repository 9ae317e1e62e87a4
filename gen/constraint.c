/* constraint.c - go/build's rules for leaving a file out of a build: the
 * GOOS/GOARCH words at the end of its name, the //go:build expression and
 * the older // +build lines, all read the way go/build reads them, tags
 * included (release tags, "unix", GOOS values that imply another). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "constraint.h"

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
	if (span_is(s, n, os) || span_is(s, n, ctx->goarch) || span_is(s, n, "gc"))
		return 1;
	if (ctx->cgo && span_is(s, n, "cgo"))
		return 1;
	/* These GOOS values build the files of the one they derive from. */
	if ((span_is(s, n, "linux") && !strcmp(os, "android")) ||
	    (span_is(s, n, "solaris") && !strcmp(os, "illumos")) ||
	    (span_is(s, n, "darwin") && !strcmp(os, "ios")))
		return 1;
	if (span_is(s, n, "unix") && span_in(os, strlen(os), unix_os))
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
			if (span_is(s, n, ctx->tags->v[i]))
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

int constraint_eval(const char *s, size_t n, const struct build_ctx *ctx,
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

/* constraint_source applies //go:build, or failing that the // +build
 * lines. */
int constraint_source(const char *path, const char *src, size_t len,
		      const struct build_ctx *ctx, char **why, char **errmsg)
{
	struct header h;
	char msg[100];
	size_t start = 0, p, le, a, b;
	const char *nl;
	int r;

	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
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
		if (!r && why)
			*why = xasprintf("excluded by //go:build %.*s", (int)h.gb_len,
					 src + h.gb_off);
		return r;
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
			if (why)
				*why = xasprintf("excluded by // %.*s", (int)(b - a), src + a);
			return 0;
		}
	}
	return 1;
}

int constraint_file_name(const char *base, const struct build_ctx *ctx, char **why)
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
	if (span_is(part[0], plen[0], "test"))
		k = 1;
	if (np - k >= 2 && span_in(part[k + 1], plen[k + 1], known_os) &&
	    span_in(part[k], plen[k], known_arch)) {
		ok = tag_holds(ctx, part[k + 1], plen[k + 1]) &&
		     tag_holds(ctx, part[k], plen[k]);
		p = part[k + 1] - 1;
	} else if (np - k >= 1 && (span_in(part[k], plen[k], known_os) ||
				   span_in(part[k], plen[k], known_arch))) {
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

/* utf8_len returns the length of the valid UTF-8 sequence at s, or 0. */
