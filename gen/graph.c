/* graph.c - from candidate files to functions: detection, projects'
 * flags, modules and the Go version each asks for, routes. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "embedded.h"
#include "graph.h"
#include "include.h"
#include "shell.h"

#define DEFAULT_FLAGS "-ldflags '-s -w'"

char *graph_id(const char *source)
{
	struct buf b = {0};
	const char *p;

	for (p = path_base(source); *p && b.len < 40; p++)
		buf_addc(&b, (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				     (*p >= '0' && *p <= '9') ? *p : '_');
	buf_printf(&b, "-%08lx", hash32(source));
	return buf_take(&b);
}

void graph_flag_tags(const struct strlist *words, struct strlist *tags)
{
	size_t i;

	for (i = 0; i < words->n; i++) {
		const char *w = words->v[i], *list = NULL;
		if (strcmp(w, "-tags") == 0 || strcmp(w, "--tags") == 0)
			list = i + 1 < words->n ? words->v[++i] : "";
		else if (has_prefix(w, "-tags=") || has_prefix(w, "--tags="))
			list = strchr(w, '=') + 1;
		while (list && *list) {
			size_t n = strcspn(list, ", ");
			if (n)
				strlist_addown(tags, xstrndup(list, n));
			list += n;
			list += strspn(list, ", ");
		}
	}
}

static struct project *project_new(struct graph *g, const char *dir, const struct settings *st,
				   int *bad)
{
	struct project *p = xcalloc(1, sizeof(*p));
	char *vj = path_join(dir, "vercel.json");
	char *msg = NULL;

	p->dir = xstrdup(dir);
	if (is_file(vj)) {
		strlist_add(&g->watch, vj);
		if (config_read_vercel(vj, &p->vercel) < 0) {
			free(vj);
			free(p->dir);
			free(p);
			*bad = 1;
			return NULL;
		}
	}
	if (g->env_flags) {
		p->flags = xstrdup(g->env_flags);
		p->flags_from = xstrdup("GO_BUILD_FLAGS (environment)");
	} else if (p->vercel.go_build_flags) {
		p->flags = xstrdup(p->vercel.go_build_flags);
		p->flags_from = xasprintf("%s:%d: build.env.GO_BUILD_FLAGS", vj,
					  p->vercel.go_build_flags_line);
	} else if (st->go_build_flags) {
		p->flags = xstrdup(st->go_build_flags);
		p->flags_from = xstrdup("gogen.ini: go_build_flags");
	} else {
		p->flags = xstrdup(DEFAULT_FLAGS);
		p->flags_from = xstrdup("default GO_BUILD_FLAGS");
	}
	free(vj);
	if (shell_split(p->flags, &p->flag_words, &msg) < 0) {
		err("%s: %s", p->flags_from, msg);
		free(msg);
		*bad = 1;
	}
	return p;
}

static struct project *project_get(struct graph *g, const char *dir, const struct settings *st,
				   int *bad)
{
	struct project *p;
	size_t i;

	for (i = 0; i < g->nprojects; i++)
		if (strcmp(g->projects[i]->dir, dir) == 0)
			return g->projects[i];
	p = project_new(g, dir, st, bad);
	if (!p)
		return NULL;
	g->projects = xrealloc(g->projects, (g->nprojects + 1) * sizeof(*g->projects));
	g->projects[g->nprojects++] = p;
	return p;
}

/* find_up returns the first folder from d upwards, up to and including
 * top, that holds a file called name; NULL when there is none. It takes
 * d, which it frees or returns. */
static char *find_up(char *d, const char *name, const char *top)
{
	char *f, *up;
	int found;

	for (;;) {
		f = path_join(d, name);
		found = is_file(f);
		free(f);
		if (found)
			return d;
		if (strcmp(d, top) == 0)
			break;
		up = path_dir(d);
		free(d);
		d = up;
	}
	free(d);
	return NULL;
}

/* find_gowork finds the go.work that applies to folder dir the way the go
 * command does: $GOWORK, else the first go.work walking up from dir. */
static char *find_gowork(const char *dir)
{
	const char *env = getenv("GOWORK");
	char *d, *w;

	if (env && strcmp(env, "off") == 0)
		return NULL;
	if (env && *env)
		return xstrdup(env);
	d = find_up(path_abs(dir), "go.work", "/");
	if (!d)
		return NULL;
	w = path_join(d, "go.work");
	free(d);
	return w;
}

/* module_dir finds the folder of the nearest go.mod at or above dir,
 * never above the root; NULL when there is none. */
static char *module_dir(const char *dir)
{
	return find_up(xstrdup(dir), "go.mod", ".");
}

static int module_select(struct graph *g, struct module *m, const struct settings *st)
{
	struct gowork work = {0};
	struct gomod wmod = {0};
	const struct gomod *use = m->gomod ? &m->mod : NULL;
	const char *usepath = m->gomod;
	struct goselect sel = {0};
	char *msg = NULL, *text;
	size_t len;
	int rc = 0;

	m->work = m->gomod ? find_gowork(m->dir) : NULL;
	if (m->work && (text = read_file(m->work, &len)) != NULL) {
		strlist_add(&g->watch, m->work);
		if (gowork_parse(m->work, text, len, &work, &msg) < 0) {
			err("%s", msg);
			rc = -1;
		} else if (work.go) {
			/* In workspace mode the go.work lines choose the toolchain. */
			wmod.go = work.go, wmod.go_line = work.go_line;
			wmod.toolchain = work.toolchain, wmod.toolchain_line = work.toolchain_line;
			use = &wmod, usepath = m->work;
		}
		free(text);
	}
	if (rc == 0 && goversion_select(use, usepath, getenv("GOTOOLCHAIN"), st->default_go,
					&g->table, &sel, &msg) < 0) {
		err("%s", msg);
		rc = -1;
	}
	if (rc == 0 && sel.warning)
		warn("%s", sel.warning);
	/* GOTOOLCHAIN=local: the go on PATH is what every module gets. */
	m->go = xstrdup(sel.version ? sel.version : g->local_go);
	goselect_free(&sel);
	gowork_free(&work);
	free(msg);
	return rc;
}

static struct module *module_get(struct graph *g, const char *dir, const char *project,
				 const struct settings *st, int *bad)
{
	char *mdir = module_dir(dir);
	const char *key = mdir ? mdir : project;
	struct module *m;
	size_t i, len;
	char *text, *msg = NULL;

	for (i = 0; i < g->nmodules; i++)
		if (strcmp(g->modules[i]->dir, key) == 0 && (!g->modules[i]->gomod) == !mdir) {
			free(mdir);
			return g->modules[i];
		}
	m = xcalloc(1, sizeof(*m));
	m->dir = xstrdup(key);
	if (mdir) {
		m->gomod = path_join(mdir, "go.mod");
		strlist_add(&g->watch, m->gomod);
		text = read_file(m->gomod, &len);
		if (!text) {
			err("%s: cannot read:", m->gomod);
			*bad = 1;
		} else if (gomod_parse(m->gomod, text, len, &m->mod, &msg) < 0) {
			err("%s", msg);
			free(msg);
			*bad = 1;
		}
		free(text);
		free(mdir);
	}
	if (*bad || module_select(g, m, st) < 0) {
		*bad = 1;
		m->go = xstrdup(g->local_go);
	}
	g->modules = xrealloc(g->modules, (g->nmodules + 1) * sizeof(*g->modules));
	g->modules[g->nmodules++] = m;
	return m;
}

/* route_of turns "api/users/index.go" (relative to the project) into
 * "/api/users". */
static char *route_of(const char *rel)
{
	char *r = xstrndup(rel, strlen(rel) - 3), *route;
	size_t n = strlen(r);

	if (strcmp(path_base(r), "index") == 0)
		r[n > 6 ? n - 6 : 0] = 0;
	route = xasprintf("/%s", r);
	free(r);
	return route;
}

static struct function *function_new(const char *src, struct project *p, struct module *m,
				     const struct gofile *gf)
{
	struct function *f = xcalloc(1, sizeof(*f));
	const char *rel = strcmp(p->dir, ".") == 0 ? src : src + strlen(p->dir) + 1;
	char *fdir;

	f->source = xstrdup(src);
	f->project = p;
	f->module = m;
	f->route = route_of(rel);
	f->handler = xstrdup(gf->handler);
	f->package = xstrdup(gf->package);
	fdir = xasprintf(".vercel/output/functions/%s.func/bootstrap", f->route + 1);
	f->output = path_join(p->dir, fdir);
	free(fdir);
	f->target = xstrndup(src, strlen(src) - 3);
	f->id = graph_id(src);
	f->conf = vercel_function(&p->vercel, rel);
	return f;
}

int graph_go_minor(const char *version)
{
	struct gover v;

	if (strcmp(version, "local") == 0 || goversion_parse(version, &v) < 0)
		return 99;	/* the go on PATH: do not cut release tags short */
	return v.minor;
}

/* detect_one reads one candidate; returns 1 for a function, 0 for a
 * helper, -1 on error. */
static int detect_one(struct detector *d, const char *src, const struct project *p,
		      const struct module *m, const struct settings *st, const struct options *o,
		      struct gofile *gf)
{
	struct strlist tags = {0};
	struct build_ctx ctx = {"linux", st->goarch, 0, graph_go_minor(m->go), &tags};
	size_t len, i;
	char *text = read_file(src, &len), *msg = NULL;
	int rc;

	if (!text) {
		err("%s: cannot read:", src);
		return -1;
	}
	graph_flag_tags(&p->flag_words, &tags);
	rc = detector_source(d, src, text, len, &ctx, gf, &msg);
	free(text);
	strlist_free(&tags);
	if (rc < 0) {
		err("%s", msg);
		free(msg);
		return -1;
	}
	if (!gf->package) {
		/* go build refuses such a file, and every function beside it. */
		err("%s:1: no package clause: a Go file must start with \"package name\"", src);
		return -1;
	}
	for (i = 0; i < gf->nmisses && gf->buildable; i++)
		warn("%s:%d: warning: %s takes an http.ResponseWriter but is not an "
		     "http.HandlerFunc; not a function", src, gf->misses[i].line, gf->misses[i].name);
	if (!gf->buildable && gf->why && has_prefix(gf->why, "uses cgo"))
		warn("%s: warning: %s; it is not built (gogen builds with CGO_ENABLED=0)", src,
		     gf->why);
	if (o->verbose)
		fprintf(stderr, "gogen: %s: %s\n", src, gf->why ? gf->why : "?");
	return gf->buildable && gf->handler ? 1 : 0;
}

static void graph_add(struct graph *g, struct function *f)
{
	g->funcs = xrealloc(g->funcs, (g->nfuncs + 1) * sizeof(*g->funcs));
	g->funcs[g->nfuncs++] = f;
}

static struct pkgdir *pkgdir_get(struct graph *g, const char *dir, const char *build_dir)
{
	struct pkgdir *p;
	char *id;
	size_t i;

	for (i = g->npkgs; i > 0; i--)	/* candidates come sorted: the last is likely */
		if (strcmp(g->pkgs[i - 1]->dir, dir) == 0)
			return g->pkgs[i - 1];
	p = xcalloc(1, sizeof(*p));
	p->dir = xstrdup(dir);
	id = graph_id(dir);
	p->stamp = xasprintf("%s/pkg/%s.files", build_dir, id);
	free(id);
	g->pkgs = xrealloc(g->pkgs, (g->npkgs + 1) * sizeof(*g->pkgs));
	g->pkgs[g->npkgs++] = p;
	return p;
}

int graph_write_stamps(const struct graph *g)
{
	size_t i;

	for (i = 0; i < g->npkgs; i++) {
		const struct pkgdir *p = g->pkgs[i];
		char *d = path_dir(p->stamp);
		int rc = mkdir_p(d);
		free(d);
		if (rc == 0)
			rc = write_atomic(p->stamp, p->helpers.s ? p->helpers.s : "", p->helpers.len, 1);
		if (rc < 0) {
			err("%s: cannot write:", p->stamp);
			return -1;
		}
	}
	return 0;
}

/* route_key is a route with the names of its dynamic segments left out:
 * /api/[id] and /api/[name] answer the same requests. */
static char *route_key(const struct function *f)
{
	struct buf b = {0};
	const char *s;

	buf_adds(&b, f->project->dir);
	buf_addc(&b, '\t');
	for (s = f->route; *s; s++) {
		const char *end = s[0] == '[' && (s == f->route || s[-1] == '/') ? strchr(s, ']') : NULL;
		if (end && (end[1] == '/' || end[1] == 0)) {
			buf_adds(&b, has_prefix(s, "[...") ? "[...]" : "[]");
			s = end;
		} else {
			buf_addc(&b, *s);
		}
	}
	return buf_take(&b);
}

struct keyed {
	char *key;
	const struct function *f;
};

static int cmp_keyed(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key);
}

/* check_routes reports two functions of one project serving one route,
 * including dynamic routes that differ only in their segments' names. */
static int check_routes(struct graph *g)
{
	struct keyed *v = xcalloc(g->nfuncs + 1, sizeof(*v));
	size_t i;
	int rc = 0;

	for (i = 0; i < g->nfuncs; i++)
		v[i].key = route_key(g->funcs[i]), v[i].f = g->funcs[i];
	qsort(v, g->nfuncs, sizeof(*v), cmp_keyed);
	for (i = 1; i < g->nfuncs; i++) {
		if (strcmp(v[i - 1].key, v[i].key) != 0)
			continue;
		err("%s: serves route %s, like %s (route %s)", v[i].f->source, v[i].f->route,
		    v[i - 1].f->source, v[i - 1].f->route);
		rc = -1;
	}
	for (i = 0; i < g->nfuncs; i++)
		free(v[i].key);
	free(v);
	return rc;
}

static int load_table(struct graph *g, const struct settings *st)
{
	char *text, *msg = NULL;
	const char *name = "go-versions.txt (built in)";
	int rc;

	if (st->version_table) {
		name = st->version_table;
		text = read_file(name, NULL);
		if (!text) {
			err("%s: cannot read:", name);
			return -1;
		}
	} else {
		text = xstrdup((const char *)data_go_versions);
	}
	rc = gotable_parse(name, text, &g->table, &msg);
	if (rc < 0) {
		err("%s", msg);
		free(msg);
	}
	free(text);
	return rc;
}

int graph_build(struct graph *g, const struct scan *sc, const struct settings *st,
		const struct options *o)
{
	const char *env = getenv("GO_BUILD_FLAGS");
	struct detector *d;
	size_t i;
	int bad = 0;

	if (!env || !*env)
		env = o->env_flags_arg;
	if (env && *env)
		g->env_flags = xstrdup(env);
	if (load_table(g, st) < 0)
		return -1;
	for (i = 0; i < sc->projects.n; i++)
		project_get(g, sc->projects.v[i], st, &bad);
	d = detector_new();
	for (i = 0; i < sc->candidates.n && !bad; i++) {
		const char *src = sc->candidates.v[i];
		const char *pdir = scan_project_of(sc, src);
		struct project *p = project_get(g, pdir, st, &bad);
		char *dir = path_dir(src);
		struct module *m = p ? module_get(g, dir, p->dir, st, &bad) : NULL;
		struct gofile gf = {0};
		int rc = m && !bad ? detect_one(d, src, p, m, st, o, &gf) : -1;

		if (rc < 0) {
			bad = 1;
		} else if (rc == 1) {
			struct function *f = function_new(src, p, m, &gf);
			f->pkg = pkgdir_get(g, dir, st->build_dir);
			include_expand(f, &sc->skip);
			graph_add(g, f);
		} else if (gf.buildable && gf.package) {
			buf_printf(&pkgdir_get(g, dir, st->build_dir)->helpers, "%s\t%s\n",
				   gf.package, path_base(src));
		}
		strlist_add(&g->watch, src);
		gofile_free(&gf);
		free(dir);
	}
	detector_free(d);
	if (!bad && check_routes(g) < 0)
		bad = 1;
	return bad ? -1 : 0;
}

void graph_free(struct graph *g)
{
	size_t i;

	for (i = 0; i < g->nfuncs; i++) {
		struct function *f = g->funcs[i];
		free(f->source), free(f->route), free(f->handler), free(f->package);
		free(f->output), free(f->target), free(f->id);
		strlist_free(&f->inc_src), strlist_free(&f->inc_dst);
		free(f);
	}
	for (i = 0; i < g->nmodules; i++) {
		struct module *m = g->modules[i];
		free(m->dir), free(m->gomod), free(m->work), free(m->go);
		gomod_free(&m->mod);
		free(m);
	}
	for (i = 0; i < g->nprojects; i++) {
		struct project *p = g->projects[i];
		free(p->dir), free(p->flags), free(p->flags_from);
		strlist_free(&p->flag_words);
		vercel_free(&p->vercel);
		free(p);
	}
	for (i = 0; i < g->npkgs; i++) {
		free(g->pkgs[i]->dir), free(g->pkgs[i]->stamp);
		buf_free(&g->pkgs[i]->helpers);
		free(g->pkgs[i]);
	}
	free(g->funcs), free(g->modules), free(g->projects), free(g->pkgs);
	strlist_free(&g->watch);
	strlist_free(&g->watch_dirs);
	gotable_free(&g->table);
	free(g->env_flags);
	memset(g, 0, sizeof(*g));
}
