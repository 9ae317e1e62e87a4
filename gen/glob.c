/* glob.c - matching vercel.json globs against relative paths. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "util.h"

/* class_match matches c against the class starting after '['; *end gets
 * the position after ']'. Returns -1 when the class is not closed. */
static int class_match(const char *p, char c, const char **end)
{
	int neg = *p == '!' || *p == '^', hit = 0;

	if (neg)
		p++;
	if (*p == ']') {	/* a leading ] is a member */
		hit |= c == ']';
		p++;
	}
	for (; *p && *p != ']'; p++) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			hit |= c >= p[0] && c <= p[2];
			p += 2;
		} else {
			hit |= c == *p;
		}
	}
	if (*p != ']')
		return -1;
	*end = p + 1;
	return hit != neg;
}

/* seg_match matches one segment pattern [p, pe) against [s, se). */
static int seg_match(const char *p, const char *pe, const char *s, const char *se)
{
	while (p < pe) {
		if (*p == '*') {
			while (p < pe && *p == '*')
				p++;
			for (;; s++) {
				if (seg_match(p, pe, s, se))
					return 1;
				if (s == se)
					return 0;
			}
		}
		if (s == se)
			return 0;
		if (*p == '[') {
			const char *end;
			int m = class_match(p + 1, *s, &end);
			if (m < 0) {	/* an unclosed [ is a plain character */
				if (*s != '[')
					return 0;
				p++;
			} else if (!m) {
				return 0;
			} else {
				p = end;
			}
			s++;
			continue;
		}
		if (*p == '\\' && p + 1 < pe)
			p++;
		if (*p != '?' && *p != *s)
			return 0;
		p++;
		s++;
	}
	return s == se;
}

static const char *seg_end(const char *s)
{
	const char *e = strchr(s, '/');

	return e ? e : s + strlen(s);
}

/* path_match matches '/'-separated patterns and paths segment by
 * segment, with "**" taking any number of segments. */
static int path_match(const char *p, const char *s)
{
	const char *pe = seg_end(p);

	if (pe - p == 2 && p[0] == '*' && p[1] == '*') {
		const char *rest = *pe ? pe + 1 : pe;
		if (!*rest)
			return 1;
		for (;;) {
			if (path_match(rest, s))
				return 1;
			s = seg_end(s);
			if (!*s)
				return 0;
			s++;
		}
	}
	{
		const char *se = seg_end(s);
		if (!seg_match(p, pe, s, se))
			return 0;
		if (!*pe || !*se)
			return !*pe && !*se;
		return path_match(pe + 1, se + 1);
	}
}

/* expand_braces calls path_match on each alternative of the first
 * {a,b} group (recursively, so nested and later groups work too). */
static int expand_braces(const char *p, const char *s)
{
	const char *open = strchr(p, '{'), *q, *start;
	int depth = 0, hit = 0;

	if (!open)
		return path_match(p, s);
	for (q = open; *q; q++) {
		if (*q == '{')
			depth++;
		else if (*q == '}' && --depth == 0)
			break;
	}
	if (!*q)
		return path_match(p, s);	/* unbalanced: take it literally */
	start = open + 1;
	for (const char *c = start; c <= q && !hit; c++) {
		if (c < q && (*c != ',' || depth != 0)) {
			depth += *c == '{' ? 1 : *c == '}' ? -1 : 0;
			continue;
		}
		{
			char *alt = xasprintf("%.*s%.*s%s", (int)(open - p), p, (int)(c - start),
					      start, q + 1);
			hit = expand_braces(alt, s);
			free(alt);
		}
		start = c + 1;
	}
	return hit;
}

int glob_match(const char *pattern, const char *path)
{
	if (pattern[0] == '.' && pattern[1] == '/')
		pattern += 2;
	while (*pattern == '/')
		pattern++;
	if (path[0] == '.' && path[1] == '/')
		path += 2;
	return expand_braces(pattern, path);
}
