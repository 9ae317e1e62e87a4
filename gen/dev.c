/* dev.c - the local development server (templates/dev.go.tmpl).
 *
 * The server is the same program for every project, so it is built once,
 * into <build>/dev/server; what differs between projects is data, in
 * routes.json beside it, which gogen writes each time it writes
 * build.ninja. The server runs each function's own binary, as Ninja built
 * it for deployment: what is tried locally is what gets deployed. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "dev.h"
#include "embedded.h"
#include "goversion.h"
#include "ninjatext.h"
#include "output.h"
#include "proc.h"

/* Standard library only: no go.sum, nothing to download. */
#define DEV_GOMOD "// Written by gogen for its development server.\nmodule gogendev\n\ngo 1.16\n"

static const char dev_usage[] =
	"usage: gogen dev [-C dir] [-f build.ninja] [project]\n"
	"\n"
	"Builds every function and the development server (ninja dev), then\n"
	"serves the functions of the project (a folder from the root; needed\n"
	"when several projects have functions) on http://127.0.0.1:$PORT (3000)\n"
	"with the platform's routing. Run ninja dev again after a change: the\n"
	"server restarts the functions that were rebuilt.\n";

/* One function of routes.json. */
struct devfn {
	const struct function *f;
	char *src, *query;		/* the platform's regex and query; NULL if static */
	int rank;
};

/* Static routes first (their order does not matter), then the dynamic
 * ones in the order the platform tries them. */
static int cmp_devfn(const void *a, const void *b)
{
	const struct devfn *x = a, *y = b;

	if (!x->src != !y->src)
		return x->src ? 1 : -1;
	if (x->src && x->rank != y->rank)
		return y->rank - x->rank;
	return strcmp(x->f->route, y->f->route);
}

static void add_string(cJSON *array, char *s)
{
	cJSON_AddItemToArray(array, cJSON_CreateString(s));
	free(s);
}

/* fn_json describes one function. A static route answers its route, and
 * as on the platform the file's own path: /api/users.go, and for an index
 * file /api/index and /api/index.go too. */
static cJSON *fn_json(const struct devfn *d)
{
	const struct function *f = d->f;
	cJSON *o = cJSON_CreateObject(), *paths;

	cJSON_AddStringToObject(o, "route", f->route);
	cJSON_AddStringToObject(o, "source", f->source);
	cJSON_AddStringToObject(o, "binary", f->output);
	if (d->src) {
		cJSON_AddStringToObject(o, "src", d->src);
		cJSON_AddStringToObject(o, "query", d->query);
		return o;
	}
	paths = cJSON_AddArrayToObject(o, "paths");
	add_string(paths, xstrdup(f->route));
	if (strcmp(path_base(f->source), "index.go") == 0) {
		add_string(paths, xasprintf("%s/index", f->route));
		add_string(paths, xasprintf("%s/index.go", f->route));
	} else {
		add_string(paths, xasprintf("%s.go", f->route));
	}
	return o;
}

/* project_json describes the functions of p, or gives NULL when it has
 * none. */
static cJSON *project_json(const struct graph *g, const struct project *p)
{
	struct devfn *v = xcalloc(g->nfuncs + 1, sizeof(*v));
	cJSON *o = NULL, *fns;
	size_t i, n = 0;

	for (i = 0; i < g->nfuncs; i++) {
		if (g->funcs[i]->project != p)
			continue;
		v[n].f = g->funcs[i];
		output_route_regex(v[n].f->route, &v[n].src, &v[n].query);
		v[n].rank = output_route_rank(v[n].f->route);
		n++;
	}
	qsort(v, n, sizeof(*v), cmp_devfn);
	if (n) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "dir", p->dir);
		fns = cJSON_AddArrayToObject(o, "functions");
		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(fns, fn_json(&v[i]));
	}
	for (i = 0; i < n; i++)
		free(v[i].src), free(v[i].query);
	free(v);
	return o;
}

/* routes_text renders routes.json. The root is absolute, as in the
 * regeneration depfile: the server may be started from anywhere, and a
 * moved tree is regenerated anyway. */
static char *routes_text(const struct graph *g, const char *root)
{
	cJSON *j = cJSON_CreateObject(), *projects, *p;
	char *text;
	size_t i;

	cJSON_AddStringToObject(j, "root", root);
	projects = cJSON_AddArrayToObject(j, "projects");
	for (i = 0; i < g->nprojects; i++)
		if ((p = project_json(g, g->projects[i])) != NULL)
			cJSON_AddItemToArray(projects, p);
	text = cJSON_Print(j);
	cJSON_Delete(j);
	if (!text)
		die("out of memory");
	return text;
}

/* put writes dir/name when its text changed. */
static int put(const char *dir, const char *name, const char *text, size_t len)
{
	char *p = path_join(dir, name);
	int rc = write_atomic(p, text, len, 1) < 0 ? -1 : 0;

	if (rc < 0)
		err("%s: cannot write:", p);
	free(p);
	return rc;
}

int dev_write(const struct graph *g, const char *build_dir)
{
	char *dir = path_join(build_dir, "dev"), *cwd = getcwd(NULL, 0), *routes = NULL;
	struct buf b = {0};
	int rc = -1;

	if (!cwd) {
		err("getcwd:");
	} else if (mkdir_p(dir) < 0) {
		err("%s: cannot create folder:", dir);
	} else {
		routes = routes_text(g, cwd);
		buf_adds(&b, routes);
		buf_addc(&b, '\n');
		rc = put(dir, "main.go", (const char *)tpl_dev_go, tpl_dev_go_len) < 0 ||
		     put(dir, "go.mod", DEV_GOMOD, strlen(DEV_GOMOD)) < 0 ||
		     put(dir, "routes.json", b.s, b.len) < 0 ? -1 : 0;
	}
	buf_free(&b);
	free(routes);
	free(cwd);
	free(dir);
	return rc;
}

/* since_116 says whether a Go release can build the server. */
static int since_116(const char *version)
{
	struct gover v;

	return version && goversion_parse(version, &v) == 0 &&
	       (v.major > 1 || (v.major == 1 && v.minor >= 16));
}

/* dev_toolchain picks the Go that builds the server, for this machine:
 * the go on PATH when it is Go 1.16 or later, else a release that
 * functions use anyway (from gogen's cache, which holds this machine's
 * releases). NULL: the header's $go, whatever it is. */
static const struct toolchain *dev_toolchain(const struct toolchains *ts)
{
	size_t i;

	if (ts->local.go && since_116(ts->local.version))
		return &ts->local;
	for (i = 0; i < ts->n; i++)
		if (ts->v[i]->goroot && since_116(ts->v[i]->version))
			return ts->v[i];
	return NULL;
}

int dev_write_ninja(struct buf *b, const struct graph *g, const struct ninja_env *e)
{
	const struct toolchain *t = dev_toolchain(e->tcs);
	char *dir = path_join(e->build_dir, "dev");
	char *server = path_join(dir, "server"), *src = path_join(dir, "main.go");
	char *mod = path_join(dir, "go.mod");
	size_t i;
	int rc = 0;

	buf_adds(b, "# The development server (gogen dev) and everything it serves.\nbuild");
	rc |= ninja_put_path(b, server);
	buf_adds(b, ": gogen_dev_server");
	rc |= ninja_put_path(b, src);
	rc |= ninja_put_path(b, mod);
	if (t && t->stamp) {
		buf_adds(b, " |");
		rc |= ninja_put_path(b, t->stamp);
	}
	buf_addc(b, '\n');
	rc |= ninja_put_shvar(b, "  ", "devdir", dir);
	rc |= ninja_put_goenv(b, t);
	buf_adds(b, "build dev: phony");
	rc |= ninja_put_path(b, server);
	for (i = 0; i < g->nfuncs; i++)
		rc |= ninja_put_path(b, g->funcs[i]->output);
	buf_adds(b, "\n\n");
	free(dir), free(server), free(src), free(mod);
	return rc ? -1 : 0;
}

static int dev_usage_error(const char *msg)
{
	fprintf(stderr, "gogen: dev: %s\n", msg);
	fputs(dev_usage, stderr);
	return 2;
}

/* build_dir_of finds the build folder the way a run of gogen does:
 * gogen.ini's build_dir, else .gogen beside the Ninja file. */
static char *build_dir_of(const char *ninja_file)
{
	struct settings st = {0};
	char *d = NULL, *up;

	if (config_read_ini("gogen.ini", &st) < 0) {
		settings_free(&st);
		return NULL;
	}
	if (st.build_dir) {
		d = xstrdup(st.build_dir);
	} else {
		up = path_dir(ninja_file);
		d = path_join(up, ".gogen");
		free(up);
	}
	settings_free(&st);
	return d;
}

int dev_main(int argc, char **argv, const char *self)
{
	const char *root = NULL, *file = "build.ninja", *project = NULL;
	const char *gen[] = {self, "-f", file, NULL};
	const char *ninja[] = {"ninja", "-f", file, "dev", NULL};
	struct proc p = {NULL, NULL, NULL, NULL, 0};
	char *build, *server, *routes;
	int i, rc;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(dev_usage, stdout);
			return 0;
		} else if (strcmp(a, "-C") == 0 || strcmp(a, "-f") == 0) {
			if (++i == argc)
				return dev_usage_error(a[1] == 'C' ? "-C needs a value" :
								     "-f needs a value");
			if (a[1] == 'C')
				root = argv[i];
			else
				file = argv[i];
		} else if (a[0] == '-' && a[1]) {
			char *m = xasprintf("unknown argument '%s'", a);
			rc = dev_usage_error(m);
			free(m);
			return rc;
		} else if (project) {
			return dev_usage_error("one project at a time");
		} else {
			project = a;
		}
	}
	if (!*file || file[0] == '/' || strstr(file, ".."))
		return dev_usage_error("-f takes a path inside the root folder");
	gen[2] = ninja[2] = file;
	if (root && chdir(root) < 0) {
		err("%s: cannot enter folder:", root);
		return 1;
	}
	/* Once the Ninja file exists, Ninja reruns gogen when it has to, with
	 * the options the Ninja file was written with. */
	p.argv = access(file, F_OK) == 0 ? NULL : gen;
	if (p.argv && proc_run(&p) != 0)
		return 1;
	p.argv = ninja;
	if ((rc = proc_run(&p)) != 0)
		return rc > 0 && rc < 128 ? rc : 1;
	build = build_dir_of(file);
	if (!build)
		return 1;
	server = path_join(build, "dev/server");
	routes = path_join(build, "dev/routes.json");
	{
		char *const args[] = {server, "-routes", routes, (char *)project, NULL};
		fflush(NULL);
		execv(server, args);
	}
	err("%s: cannot run:", server);
	free(build), free(server), free(routes);
	return 1;
}
