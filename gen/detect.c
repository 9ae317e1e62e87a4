/* detect.c - what gogen needs to know about one Go file. golex.c blanks
 * comments and literals and splits the top level (brace depth 0) into
 * statements the way Go's semicolon rule does; from those tokens come the
 * package clause, imports and declared names; PCRE2 patterns, which know
 * Unicode letter classes, then decide which exported functions have the
 * http.HandlerFunc signature. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "golex.h"

#define NONE SIZE_MAX
/* Short for the identifier pattern, to keep the patterns below legible. */
#define ID GOLEX_ID

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

struct scan {
	struct golex lx;	/* the file's top level as tokens */
	size_t *funcs;		/* name token of each top-level func */
	size_t nfuncs, funcscap;
	size_t declcap, misscap;
	struct strlist http;	/* names net/http is imported under */
	int http_dot;		/* imported with "." */
	int http_seen;		/* imported at all, "_" included */
	int cgo;		/* imports "C" */
};

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
	const struct golex *lx = &s->lx;
	const struct gotok *t = &lx->tok[i];

	if (t->len == 1 && lx->text[t->off] == '_')
		return;
	add_decl(s, f, xstrndup(lx->text + t->off, t->len), t->line);
}

static void import_spec(struct scan *s, size_t i, size_t end)
{
	const struct golex *lx = &s->lx;
	const struct gotok *name = NULL;
	int dot = 0;

	if (golex_kind(lx, i, '.') && i < end) {
		dot = 1;
		i++;
	} else if (golex_kind(lx, i, 'a') && i < end) {
		name = &lx->tok[i++];
	}
	if (i >= end || lx->tok[i].kind != '"')
		return;
	if (!name && !dot && golex_string_is(lx, &lx->tok[i], "C"))
		s->cgo = 1;
	if (!golex_string_is(lx, &lx->tok[i], "net/http"))
		return;
	s->http_seen = 1;
	if (dot)
		s->http_dot = 1;
	else if (!name)
		strlist_add(&s->http, "http");
	else if (name->len != 1 || lx->text[name->off] != '_')
		strlist_addown(&s->http, xstrndup(lx->text + name->off, name->len));
}

/* spec handles one import, var, const or type spec in [i, end). */
static void spec(struct scan *s, struct gofile *f, char kw, size_t i, size_t end)
{
	const struct golex *lx = &s->lx;

	if (kw == 'i') {
		import_spec(s, i, end);
	} else if (kw == 't') {
		if (i < end && golex_kind(lx, i, 'a'))
			add_name(s, f, i);
	} else {
		/* var and const: the identifier list before the type or = */
		for (; i < end && golex_kind(lx, i, 'a'); i += 2) {
			add_name(s, f, i);
			if (!golex_kind(lx, i + 1, ','))
				break;
		}
	}
}

/* recv_type finds the type name in a receiver (s *T[K, V]) spanning
 * tokens [i, end): the last identifier before any type parameters. */
static size_t recv_type(const struct golex *lx, size_t i, size_t end)
{
	size_t last = NONE;
	int depth = 0;
	char k;

	for (; i < end; i++) {
		k = lx->tok[i].kind;
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
	const struct golex *lx = &s->lx;
	size_t j = i + 1, c, recv = NONE;
	const struct gotok *t, *r;

	if (golex_kind(lx, j, '(') && j < end) {
		c = golex_bracket_end(lx, j, end);
		recv = recv_type(lx, j + 1, c);
		if (recv == NONE)
			return;
		j = c + 1;
	}
	if (j >= end || !golex_kind(lx, j, 'a'))
		return;
	t = &lx->tok[j];
	if (recv != NONE) {
		r = &lx->tok[recv];
		if (t->len != 1 || lx->text[t->off] != '_')
			add_decl(s, f, xasprintf("%.*s.%.*s", (int)r->len, lx->text + r->off,
						 (int)t->len, lx->text + t->off), t->line);
		return;
	}
	if (!golex_word(lx, j, "init"))
		add_name(s, f, j);
	if (f->main_off < 0 && golex_word(lx, j, "main") && golex_kind(lx, j + 1, '('))
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
	const struct golex *lx = &s->lx;
	size_t i = 0, end, j, c;
	int first = 1;
	char kw;

	for (; i < lx->ntok; i = end + 1) {
		if (lx->tok[i].kind == ';') {
			end = i;
			continue;
		}
		end = golex_stmt_end(lx, i, lx->ntok);
		if (first && golex_word(lx, i, "package") && golex_kind(lx, i + 1, 'a')) {
			f->package = xstrndup(lx->text + lx->tok[i + 1].off, lx->tok[i + 1].len);
			f->package_off = lx->tok[i + 1].off;
			f->package_line = lx->tok[i + 1].line;
		}
		first = 0;
		if (golex_word(lx, i, "func")) {
			func_decl(s, f, i, end);
			continue;
		}
		kw = golex_word(lx, i, "import") ? 'i' : golex_word(lx, i, "type") ? 't' :
		     golex_word(lx, i, "var") || golex_word(lx, i, "const") ? 'v' : 0;
		if (!kw)
			continue;
		if (!golex_kind(lx, i + 1, '(') || i + 1 >= end) {
			spec(s, f, kw, i + 1, end);
			continue;
		}
		c = golex_bracket_end(lx, i + 1, end);
		for (j = i + 2; j < c; j = end + 1) {
			end = golex_stmt_end(lx, j, c);
			spec(s, f, kw, j, end);
		}
		end = golex_stmt_end(lx, c, lx->ntok);
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
		if (span_is(s->lx.text + ov[2 * g], n, s->http.v[i]))
			return 1;
	return 0;
}

/* skip_blank skips spaces, tabs and CRs, but not newlines. */
static size_t skip_blank(const struct golex *lx, size_t p)
{
	while (p < lx->len && (lx->text[p] == ' ' || lx->text[p] == '\t' || lx->text[p] == '\r'))
		p++;
	return p;
}

/* Outcomes of matching a function against the HandlerFunc signature. */
enum { SIG_NO, SIG_HANDLER, SIG_BODYLESS, SIG_RESULTS };

static int signature(struct detector *d, struct scan *s, size_t func_off, size_t *name_off)
{
	const struct golex *lx = &s->lx;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->md);
	size_t p;

	if (pcre2_match(d->handler, (PCRE2_SPTR)lx->text, lx->len, func_off,
			PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, d->md, NULL) < 0)
		return SIG_NO;
	/* Go wants all parameters named or none. */
	if (ov_set(ov, 2) != ov_set(ov, 4) || !qualifier_ok(s, ov, 3) || !qualifier_ok(s, ov, 5))
		return SIG_NO;
	*name_off = ov[2];
	/* "()" is an empty result list: still no results. */
	p = skip_blank(lx, ov[1]);
	if (p < lx->len && lx->text[p] == '(' &&
	    (p = skip_blank(lx, p + 1)) < lx->len && lx->text[p] == ')')
		p = skip_blank(lx, p + 1);
	/* The body's brace must be on the same line: a newline there ends
	 * the declaration, making it one without a body. */
	if (p < lx->len && lx->text[p] == '{')
		return SIG_HANDLER;
	if (p >= lx->len || lx->text[p] == '\n' || lx->text[p] == ';')
		return SIG_BODYLESS;
	return SIG_RESULTS;
}

/* mentions_rw says whether the parameter list of the func whose name is
 * token j mentions net/http's ResponseWriter. */
static int mentions_rw(struct detector *d, struct scan *s, size_t j)
{
	const struct golex *lx = &s->lx;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->md);
	size_t k = j + 1, c, from, to;

	if (golex_kind(lx, k, '['))
		k = golex_bracket_end(lx, k, lx->ntok) + 1;
	if (!golex_kind(lx, k, '('))
		return 0;
	c = golex_bracket_end(lx, k, lx->ntok);
	from = lx->tok[k].off + 1;
	to = c < lx->ntok ? lx->tok[c].off : lx->len;
	while (from < to && pcre2_match(d->rw, (PCRE2_SPTR)lx->text, to, from,
					PCRE2_NO_UTF_CHECK, d->md, NULL) > 0) {
		if (qualifier_ok(s, ov, 1))
			return 1;
		from = ov[1];
	}
	return 0;
}

static void add_miss(struct scan *s, struct gofile *f, const struct gotok *t)
{
	if (f->nmisses == s->misscap) {
		s->misscap = s->misscap ? 2 * s->misscap : 4;
		f->misses = xrealloc(f->misses, s->misscap * sizeof *f->misses);
	}
	f->misses[f->nmisses].name = xstrndup(s->lx.text + t->off, t->len);
	f->misses[f->nmisses].line = t->line;
	f->nmisses++;
}

static void find_handler(struct detector *d, struct scan *s, struct gofile *f)
{
	const struct golex *lx = &s->lx;
	const struct gotok *t;
	size_t i, j, off = 0;
	int sig;

	for (i = 0; i < s->nfuncs; i++) {
		j = s->funcs[i];
		t = &lx->tok[j];
		if (pcre2_match(d->upper, (PCRE2_SPTR)lx->text, lx->len, t->off,
				PCRE2_ANCHORED | PCRE2_NO_UTF_CHECK, d->md, NULL) < 0)
			continue;
		sig = signature(d, s, lx->tok[j - 1].off, &off);
		if (sig == SIG_HANDLER && !f->handler) {
			f->handler = xstrndup(lx->text + t->off, t->len);
			f->handler_off = off;
			f->handler_line = t->line;
		}
		if (sig != SIG_HANDLER && sig != SIG_BODYLESS && mentions_rw(d, s, j))
			add_miss(s, f, t);
	}
}

struct detector *detector_new(void)
{
	struct detector *d = xcalloc(1, sizeof *d);

	d->handler = golex_pattern(handler_re);
	d->rw = golex_pattern(rw_re);
	d->upper = golex_pattern(upper_re);
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

	memset(out, 0, sizeof *out);
	out->main_off = -1;
	if (errmsg)
		*errmsg = NULL;
	out->buildable = constraint_file_name(path_base(path), ctx, &out->why);
	if (out->buildable)
		out->buildable = constraint_source(path, src, len, ctx, &out->why, errmsg);
	if (out->buildable < 0) {
		gofile_free(out);
		return -1;
	}
	memset(&s, 0, sizeof s);
	golex_open(&s.lx, src, len, 0);
	out->bom = s.lx.bom;
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
	golex_close(&s.lx);
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
