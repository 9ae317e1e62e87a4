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
 * block, whose inside is skipped (but see scan.all). */
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
	int all;		/* lex inside braces too: detect_idents */
	int bad;		/* see blank */
};

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
 * copy is always safe to hand to PCRE2 without its own UTF check. *bad
 * tells whether that happened or a comment or literal was left open,
 * which Go would refuse. */
static char *blank(const char *src, size_t len, size_t i, int *bad)
{
	char *t = xmalloc(len + 1);
	const unsigned char *s = (const unsigned char *)src;
	unsigned char c;
	size_t n;

	*bad = 0;
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
			*bad |= n < 2;
		} else if (c == '"' || c == '\'') {
			t[i++] = (char)c;
			while (i < len && s[i] != c && s[i] != '\n') {
				if (s[i] == '\\' && i + 1 < len && s[i + 1] != '\n')
					t[i++] = ' ';
				t[i++] = ' ';
			}
			if (i < len && s[i] == c)
				t[i++] = (char)c;
			else
				*bad = 1;
		} else if (c == '`') {
			t[i++] = '`';
			for (; i < len && s[i] != '`'; i++)
				t[i] = s[i] == '\n' ? '\n' : ' ';
			if (i < len)
				t[i++] = '`';
			else
				*bad = 1;
		} else if (c < 0x80) {
			t[i++] = c ? (char)c : '\1';
			*bad |= !c;
		} else if ((n = utf8_len(s + i, len - i)) > 0) {
			memcpy(t + i, s + i, n);
			i += n;
		} else {
			t[i++] = '\1';
			*bad = 1;
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

/* Go's keywords; after the first four, as after any identifier, a
 * newline ends the statement; after the others it does not. */
static const char *const keywords[] = {
	"break", "continue", "fallthrough", "return",
	"case", "chan", "const", "default", "defer", "else", "for", "func", "go",
	"goto", "if", "import", "interface", "map", "package", "range", "select",
	"struct", "switch", "type", "var", NULL
};

static int keyword_no_semi(const char *s, size_t n)
{
	return n >= 2 && n <= 9 && span_in(s, n, keywords + 4);
}

/* lex tokenises the blanked text's top level, inserting semicolons at
 * line ends as Go does, and skipping whatever is inside braces unless
 * s->all is set. */
static void lex(struct scan *s)
{
	const char *t = s->text;
	size_t n = s->len, i = 0, st;
	int line = 1, depth = 0, semi = 0, l0, hex;
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
		} else if (depth > 0 && !s->all && c != '{' && c != '}') {
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
			/* A sign continues the number after an exponent's
			 * letter; in hex, e is a digit and 0xe+x a sum. */
			hex = c == '0' && i + 1 < n && (t[i + 1] == 'x' || t[i + 1] == 'X');
			for (i++; i < n && (id_char((unsigned char)t[i]) || t[i] == '.' ||
			     ((t[i] == '+' || t[i] == '-') &&
			      strchr(hex ? "pP" : "eEpP", t[i - 1]))); i++)
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
	       span_is(s->text + s->tok[i].off, s->tok[i].len, word);
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
	return span_is(got, n, want);
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
		if (span_is(s->text + ov[2 * g], n, s->http.v[i]))
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
	out->buildable = constraint_file_name(path_base(path), ctx, &out->why);
	if (out->buildable)
		out->buildable = constraint_source(path, src, len, ctx, &out->why, errmsg);
	if (out->buildable < 0) {
		gofile_free(out);
		return -1;
	}
	memset(&s, 0, sizeof s);
	s.src = src;
	s.len = len;
	s.text = blank(src, len, start, &s.bad);
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

int detect_file_name(const char *base, const struct build_ctx *ctx)
{
	return constraint_file_name(base, ctx, NULL);
}

/* add_word adds the identifier spelled by the n bytes at p to out. */
static void add_word(struct strset *out, struct buf *b, const char *p, size_t n)
{
	buf_reset(b);
	buf_add(b, p, n);
	strset_add(out, b->s);
}

/* add_words handles a token with bytes past ASCII, which the lexer takes
 * for letters: PCRE2 adds the identifiers it holds and tells whether it
 * was one, not, say, a symbol glued to a name, which Go refuses. */
static int add_words(pcre2_code *re, pcre2_match_data *md, struct strset *out, struct buf *b,
		     const char *p, size_t n)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	size_t at = 0;
	int whole = 0;

	while (at < n && pcre2_match(re, (PCRE2_SPTR)p, n, at, PCRE2_NO_UTF_CHECK, md, NULL) > 0) {
		whole = ov[0] == 0 && ov[1] == n;
		add_word(out, b, p + ov[0], ov[1] - ov[0]);
		at = ov[1];
	}
	return whole;
}

/* detect_idents lexes the whole file, bodies included, and keeps the
 * identifier tokens; literals are blank, so none come from them. */
int detect_idents(const char *src, size_t len, struct strset *out)
{
	struct scan s;
	struct buf b = {0};
	pcre2_code *re = NULL;
	pcre2_match_data *md = NULL;
	const struct tok *t;
	size_t i, k;

	memset(&s, 0, sizeof s);
	s.src = src;
	s.len = len;
	s.all = 1;
	s.text = blank(src, len, len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0,
		       &s.bad);
	lex(&s);
	for (i = 0; i < s.ntok; i++) {
		t = &s.tok[i];
		if (t->kind != 'a' || span_in(s.text + t->off, t->len, keywords))
			continue;
		for (k = 0; k < t->len && (unsigned char)s.text[t->off + k] < 0x80; k++)
			;
		if (k == t->len) {
			add_word(out, &b, s.text + t->off, t->len);
			continue;
		}
		/* Rare: only then pay for the pattern. */
		if (!re && !(md = pcre2_match_data_create(1, NULL)))
			die("out of memory");
		if (!re)
			re = compile(ID);
		if (!add_words(re, md, out, &b, s.text + t->off, t->len))
			s.bad = 1;
	}
	pcre2_code_free(re);
	pcre2_match_data_free(md);
	buf_free(&b);
	free(s.text);
	free(s.tok);
	return s.bad ? -1 : 0;
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
