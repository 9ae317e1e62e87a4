/* golex.c - Go source as tokens, without a parser. The source is copied
 * with the insides of comments and literals turned into spaces (newlines
 * kept, so offsets and lines stay right); a small lexer then splits that
 * copy into tokens, inserting semicolons at line ends the way Go does. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "golex.h"

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

static void push(struct golex *lx, char kind, size_t off, size_t len, int line)
{
	if (lx->ntok == lx->cap) {
		lx->cap = lx->cap ? 2 * lx->cap : 256;
		lx->tok = xrealloc(lx->tok, lx->cap * sizeof *lx->tok);
	}
	lx->tok[lx->ntok].kind = kind;
	lx->tok[lx->ntok].off = off;
	lx->tok[lx->ntok].len = len;
	lx->tok[lx->ntok].line = line;
	lx->ntok++;
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
 * all is set. */
static void lex(struct golex *lx, int all)
{
	const char *t = lx->text;
	size_t n = lx->len, i = 0, st;
	int line = 1, depth = 0, semi = 0, l0, hex;
	char c;

	while (i < n) {
		c = t[i];
		st = i;
		if (c == '\n') {
			if (depth == 0 && semi)
				push(lx, ';', i, 0, line);
			semi = 0;
			line++;
			i++;
		} else if (depth > 0 && !all && c != '{' && c != '}') {
			i++;	/* literals are blank, so only braces matter */
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			i++;
		} else if (id_start((unsigned char)c)) {
			while (i < n && id_char((unsigned char)t[i]))
				i++;
			push(lx, 'a', st, i - st, line);
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
			push(lx, '"', st, i - st, line);
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
			push(lx, '"', st, i - st, l0);
			semi = 1;
		} else if (c == '{' || c == '}') {
			if (c == '{' && depth++ == 0)
				push(lx, '{', i, 1, line);
			if (c == '}' && depth > 0 && --depth == 0)
				push(lx, '}', i, 1, line);
			semi = c == '}';
			i++;
		} else if ((c == '+' || c == '-') && i + 1 < n && t[i + 1] == c) {
			push(lx, c, i, 2, line);
			semi = 1;
			i += 2;
		} else {
			push(lx, c, i, 1, line);
			semi = c == ')' || c == ']';
			i++;
		}
	}
}

int golex_word(const struct golex *lx, size_t i, const char *word)
{
	return i < lx->ntok && lx->tok[i].kind == 'a' &&
	       span_is(lx->text + lx->tok[i].off, lx->tok[i].len, word);
}

int golex_kind(const struct golex *lx, size_t i, char kind)
{
	return i < lx->ntok && lx->tok[i].kind == kind;
}

/* walk counts ( and [ from i. Without semi it stops at the closing
 * bracket that brings the count back to 0 (or a stray one); with semi at
 * the first ';' outside brackets, stray closers skipped. Else end. */
static size_t walk(const struct golex *lx, size_t i, size_t end, int semi)
{
	int depth = 0;
	char k;

	for (; i < end; i++) {
		k = lx->tok[i].kind;
		if (k == '(' || k == '[')
			depth++;
		else if ((k == ')' || k == ']') && !semi && depth <= 1)
			return i;
		else if ((k == ')' || k == ']') && depth > 0)
			depth--;
		else if (k == ';' && semi && depth == 0)
			return i;
	}
	return end;
}

size_t golex_bracket_end(const struct golex *lx, size_t i, size_t end)
{
	return walk(lx, i, end, 0);
}

size_t golex_stmt_end(const struct golex *lx, size_t i, size_t end)
{
	return walk(lx, i, end, 1);
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
		d = hex_digit((unsigned char)*p);
		if (d < 0 || d >= base)
			return -1;
		v = v * base + d;
	}
	*pp = p;
	return v;
}

int golex_string_is(const struct golex *lx, const struct gotok *t, const char *want)
{
	const char *p = lx->src + t->off, *e = p + t->len;
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

void golex_open(struct golex *lx, const char *src, size_t len, int all)
{
	memset(lx, 0, sizeof *lx);
	lx->src = src;
	lx->len = len;
	lx->bom = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0;
	lx->text = blank(src, len, lx->bom ? 3 : 0, &lx->bad);
	lex(lx, all);
}

void golex_close(struct golex *lx)
{
	free(lx->text);
	free(lx->tok);
	memset(lx, 0, sizeof *lx);
}

pcre2_code *golex_pattern(const char *re)
{
	int code;
	PCRE2_SIZE at;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
				      PCRE2_UTF | PCRE2_UCP, &code, &at, NULL);

	if (!c)
		die("internal error: pattern %s does not compile (code %d)", re, code);
	return c;
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

/* golex_idents lexes the whole file, bodies included, and keeps the
 * identifier tokens; literals are blank, so none come from them. */
int golex_idents(const char *src, size_t len, struct strset *out)
{
	struct golex lx;
	struct buf b = {0};
	pcre2_code *re = NULL;
	pcre2_match_data *md = NULL;
	const struct gotok *t;
	size_t i, k;
	int bad;

	golex_open(&lx, src, len, 1);
	for (i = 0; i < lx.ntok; i++) {
		t = &lx.tok[i];
		if (t->kind != 'a' || span_in(lx.text + t->off, t->len, keywords))
			continue;
		for (k = 0; k < t->len && (unsigned char)lx.text[t->off + k] < 0x80; k++)
			;
		if (k == t->len) {
			add_word(out, &b, lx.text + t->off, t->len);
			continue;
		}
		/* Rare: only then pay for the pattern. */
		if (!re && !(md = pcre2_match_data_create(1, NULL)))
			die("out of memory");
		if (!re)
			re = golex_pattern(GOLEX_ID);
		if (!add_words(re, md, out, &b, lx.text + t->off, t->len))
			lx.bad = 1;
	}
	bad = lx.bad;
	pcre2_code_free(re);
	pcre2_match_data_free(md);
	buf_free(&b);
	golex_close(&lx);
	return bad ? -1 : 0;
}
