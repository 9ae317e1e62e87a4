/* goversion.c - Go version names, their order, the table of latest patch
 * releases, and the choice of a Go release for a module. */
#include <stdlib.h>
#include <string.h>

#include "goversion.h"

/* Go names the first release of a minor "go1.N" up to 1.20 and
 * "go1.N.0" from 1.21 on, when go lines became exact minimums. */
#define FIRST_DOT_ZERO 21

/* parse_num reads the decimal at *s; -1 past nine digits. */
static int parse_num(const char **s)
{
	int n = 0, digits = 0;

	while (**s >= '0' && **s <= '9') {
		if (++digits > 9)
			return -1;
		n = n * 10 + (*(*s)++ - '0');
	}
	return digits ? n : -1;
}

int goversion_parse(const char *s, struct gover *v)
{
	memset(v, 0, sizeof(*v));
	v->patch = -1;
	if (!s)
		return -1;
	if (strncmp(s, "go", 2) == 0)
		s += 2;
	if (!gomod_valid_version(s))
		return -1;
	if ((v->major = parse_num(&s)) < 0 || *s++ != '.' || (v->minor = parse_num(&s)) < 0)
		return -1;
	if (*s == '.') {
		s++;
		if ((v->patch = parse_num(&s)) < 0)
			return -1;
	} else if (*s) {
		v->pre = *s == 'r' ? 2 : 1;
		s += v->pre == 2 ? 2 : 4;
		if ((v->prenum = parse_num(&s)) < 0)
			return -1;
	}
	return 0;
}

static int cmp_int(int a, int b)
{
	return a < b ? -1 : a > b;
}

int goversion_cmp(const struct gover *a, const struct gover *b)
{
	int c;

	if ((c = cmp_int(a->major, b->major)) || (c = cmp_int(a->minor, b->minor)))
		return c;
	/* A missing patch (-1) sorts first, so a language version and the
	 * prereleases come before 1.N.0; among those, release (0, the
	 * language version) < beta (1) < rc (2). */
	if ((c = cmp_int(a->patch, b->patch)) || (c = cmp_int(a->pre, b->pre)))
		return c;
	return cmp_int(a->prenum, b->prenum);
}

char *goversion_format(const struct gover *v)
{
	if (v->pre)
		return xasprintf("%d.%d%s%d", v->major, v->minor, v->pre == 2 ? "rc" : "beta",
				 v->prenum);
	if (v->patch < 0 || (v->patch == 0 && v->major == 1 && v->minor < FIRST_DOT_ZERO))
		return xasprintf("%d.%d", v->major, v->minor);
	return xasprintf("%d.%d.%d", v->major, v->minor, v->patch);
}

/* next_field returns the next blank-separated field of s in [*f, *e). */
static int next_field(const char **s, const char **f, const char **e)
{
	while (**s == ' ' || **s == '\t' || **s == '\r')
		(*s)++;
	if (!**s)
		return 0;
	*f = *s;
	while (**s && **s != ' ' && **s != '\t' && **s != '\r')
		(*s)++;
	*e = *s;
	return 1;
}

static int table_error(struct gotable *t, char **errmsg, char *msg)
{
	*errmsg = msg;
	gotable_free(t);
	return -1;
}

int gotable_parse(const char *name, const char *text, struct gotable *t, char **errmsg)
{
	const char *p = text;
	int lineno = 0;

	t->patch = NULL;
	t->maxminor = -1;
	while (*p) {
		const char *eol = strchr(p, '\n'), *s, *f1, *e1, *f2, *e2, *f3, *e3;
		char *line, *hash, *a, *b;
		struct gover minor, latest;
		int bad;

		if (!eol)
			eol = p + strlen(p);
		lineno++;
		line = xstrndup(p, (size_t)(eol - p));
		p = *eol ? eol + 1 : eol;
		if ((hash = strchr(line, '#')))
			*hash = 0;
		s = line;
		if (!next_field(&s, &f1, &e1)) {
			free(line);
			continue;
		}
		if (!next_field(&s, &f2, &e2) || next_field(&s, &f3, &e3)) {
			char *msg = xasprintf("%s:%d: want \"1.N<TAB>1.N.P\", got \"%s\"", name,
					      lineno, f1);

			free(line);
			return table_error(t, errmsg, msg);
		}
		a = xstrndup(f1, (size_t)(e1 - f1));
		b = xstrndup(f2, (size_t)(e2 - f2));
		free(line);
		bad = goversion_parse(a, &minor) < 0 || minor.patch >= 0 || minor.pre ||
		      minor.minor > 999 || goversion_parse(b, &latest) < 0 || latest.pre ||
		      latest.minor != minor.minor;
		/* up to 1.20 a minor without patch releases is listed as "1.N" */
		if (!bad && latest.patch < 0 && latest.minor < FIRST_DOT_ZERO)
			latest.patch = 0;
		if (bad || latest.patch < 0) {
			char *msg = xasprintf("%s:%d: '%s' is not the latest patch of '%s'", name,
					      lineno, b, a);

			free(a);
			free(b);
			return table_error(t, errmsg, msg);
		}
		if (minor.minor <= t->maxminor && t->patch[minor.minor] >= 0) {
			char *msg = xasprintf("%s:%d: %s is listed twice", name, lineno, a);

			free(a);
			free(b);
			return table_error(t, errmsg, msg);
		}
		free(a);
		free(b);
		if (minor.minor > t->maxminor) {
			int i;

			t->patch = xrealloc(t->patch, ((size_t)minor.minor + 1) * sizeof(int));
			for (i = t->maxminor + 1; i <= minor.minor; i++)
				t->patch[i] = -1;
			t->maxminor = minor.minor;
		}
		t->patch[minor.minor] = latest.patch;
	}
	if (t->maxminor < 0)
		return table_error(t, errmsg, xasprintf("%s: no Go versions listed", name));
	return 0;
}

void gotable_free(struct gotable *t)
{
	free(t->patch);
	t->patch = NULL;
	t->maxminor = -1;
}

static void add_warning(struct goselect *out, char *msg)
{
	char *both;

	if (!out->warning) {
		out->warning = msg;
		return;
	}
	both = xasprintf("%s; %s", out->warning, msg);
	free(out->warning);
	free(msg);
	out->warning = both;
}

/* resolve_minor turns a language version 1.N into the newest release of
 * 1.N the table knows. */
static char *resolve_minor(const struct gover *v, const struct gotable *t,
			   struct goselect *out)
{
	struct gover r = *v;
	char *s;

	if (!t->patch || v->minor > t->maxminor) {
		r.patch = 0;
		s = goversion_format(&r);
		add_warning(out, xasprintf("go %d.%d is newer than gogen's version table "
					   "(latest %d.%d); using %s", v->major, v->minor,
					   v->major, t->maxminor, s));
		return s;
	}
	r.patch = t->patch[v->minor] >= 0 ? t->patch[v->minor] : 0;
	s = goversion_format(&r);
	if (t->patch[v->minor] < 0)
		add_warning(out, xasprintf("go %d.%d is not in gogen's version table; using %s",
					   v->major, v->minor, s));
	return s;
}

/* resolve_go applies the go line rules: 1.N.P and prereleases as written
 * (1.N.0 before 1.21 prints as 1.N), 1.N through the table. */
static char *resolve_go(const struct gover *v, const struct gotable *t, struct goselect *out)
{
	if (v->pre || v->patch >= 0)
		return goversion_format(v);
	return resolve_minor(v, t, out);
}

/* toolchain_parse reads "go1.22.3" or "go1.22.3-custom"; *suffix tells
 * whether a suffix was dropped. */
static int toolchain_parse(const char *name, struct gover *v, int *suffix)
{
	const char *dash = strchr(name, '-');
	char *plain;
	int rc;

	*suffix = dash != NULL;
	if (!gomod_valid_toolchain(name) || strcmp(name, "default") == 0)
		return -1;
	plain = xstrndup(name, dash ? (size_t)(dash - name) : strlen(name));
	rc = goversion_parse(plain, v);
	free(plain);
	return rc;
}

/* resolve_toolchain names the release a toolchain name stands for: go1.N
 * is a release up to 1.20 and means the newest 1.N after that. */
static char *resolve_toolchain(const char *where, const char *name, const struct gover *v,
			       int suffix, const struct gotable *t, struct goselect *out)
{
	char *s;

	if (v->pre || v->patch >= 0 || v->minor < FIRST_DOT_ZERO) {
		s = goversion_format(v);
		if (suffix)
			add_warning(out, xasprintf("%s%s is not a Go release; using go%s", where,
						   name, s));
		return s;
	}
	s = resolve_minor(v, t, out);
	add_warning(out, xasprintf("%s%s names no Go release; using go%s", where, name, s));
	return s;
}

static int select_error(char **errmsg, char *msg)
{
	*errmsg = msg;
	return -1;
}

int goversion_select(const struct gomod *m, const char *gomod_path, const char *gotoolchain,
		     const char *dflt, const struct gotable *t, struct goselect *out,
		     char **errmsg)
{
	const char *path = gomod_path ? gomod_path : "go.mod";
	const char *gt = gotoolchain && *gotoolchain ? gotoolchain : "auto";
	struct gover gv, tv;
	int have_go = m && m->go, have_tc = 0, suffix = 0;
	char *where;

	memset(out, 0, sizeof(*out));
	if (have_go && goversion_parse(m->go, &gv) < 0)
		return select_error(errmsg, xasprintf("%s:%d: invalid go version '%s': must match "
						      "format 1.23.0", path, m->go_line, m->go));
	if (m && m->toolchain && strcmp(m->toolchain, "default") != 0) {
		if (toolchain_parse(m->toolchain, &tv, &suffix) < 0)
			return select_error(errmsg, xasprintf("%s:%d: invalid toolchain version "
							      "'%s': must match format go1.23.0 "
							      "or default", path,
							      m->toolchain_line, m->toolchain));
		have_tc = 1;
	}

	if (strcmp(gt, "local") == 0) {
		out->local = 1;
		return 0;
	}
	if (strcmp(gt, "auto") != 0 && strcmp(gt, "path") != 0 &&
	    strcmp(gt, "local+auto") != 0 && strcmp(gt, "local+path") != 0) {
		/* A pinned toolchain, for every module alike. */
		size_t n = strlen(gt);
		char *name;
		struct gover pv;
		int psuffix, rc;

		if (n > 5 && (has_suffix(gt, "+auto") || has_suffix(gt, "+path")))
			n -= 5;
		name = xstrndup(gt, n);
		rc = toolchain_parse(name, &pv, &psuffix);
		if (rc < 0) {
			free(name);
			return select_error(errmsg, xasprintf("GOTOOLCHAIN=%s: want local, auto, "
							      "path, or goVERSION optionally "
							      "followed by +auto or +path", gt));
		}
		out->version = resolve_toolchain("GOTOOLCHAIN=", gt, &pv, psuffix, t, out);
		free(name);
		if (have_go && goversion_cmp(&pv, &gv) < 0)
			add_warning(out, xasprintf("%s:%d: go %s asks for a newer Go than "
						   "GOTOOLCHAIN=%s; using go%s as set", path,
						   m->go_line, m->go, gt, out->version));
		return 0;
	}

	/* The toolchain line wins unless it is older than the go line. */
	if (have_tc && (!have_go || goversion_cmp(&tv, &gv) >= 0)) {
		where = xasprintf("%s:%d: toolchain ", path, m->toolchain_line);
		out->version = resolve_toolchain(where, m->toolchain, &tv, suffix, t, out);
		free(where);
		return 0;
	}
	if (have_go) {
		out->version = resolve_go(&gv, t, out);
		return 0;
	}
	if (!dflt)
		return select_error(errmsg, xasprintf("%s: no go line and no default Go version",
						      path));
	if (goversion_parse(dflt, &gv) < 0)
		return select_error(errmsg, xasprintf("invalid default Go version '%s'", dflt));
	out->version = resolve_go(&gv, t, out);
	return 0;
}

void goselect_free(struct goselect *s)
{
	free(s->version);
	free(s->warning);
	memset(s, 0, sizeof(*s));
}
