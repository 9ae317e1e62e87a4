/* output.c - config.json and .vc-config.json of the Build Output API v3,
 * so that a project's .vercel/output deploys as prebuilt output. They
 * depend only on what gogen reads (routes, vercel.json, goarch), so they
 * are written when gogen runs, not by Ninja. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "output.h"

/* regex_quote appends s with the characters a regex gives meaning to
 * escaped. */
static void regex_quote(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strchr("\\^$.|?*+()[]{}", s[i]))
			buf_addc(b, '\\');
		buf_addc(b, s[i]);
	}
}

void output_route_regex(const char *route, char **src, char **query)
{
	struct buf re = {0}, q = {0};
	const char *s = route;
	int n = 0;

	buf_addc(&re, '^');
	while (*s) {
		const char *e = strchr(s + 1, '/');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		/* s points at the '/' that starts this segment */
		int dyn = len > 3 && s[1] == '[' && s[len - 1] == ']';
		int rest = dyn && len > 6 && strncmp(s + 2, "...", 3) == 0;
		if (dyn) {
			const char *name = s + (rest ? 5 : 2);
			size_t nlen = len - (rest ? 6 : 3);
			buf_adds(&re, rest ? "/(.+)" : "/([^/]+)");
			buf_printf(&q, "%s%.*s=$%d", n ? "&" : "", (int)nlen, name, n + 1);
			n++;
		} else {
			regex_quote(&re, s, len);
		}
		s += len;
	}
	buf_addc(&re, '$');
	if (n == 0) {
		buf_free(&re);
		buf_free(&q);
		*src = *query = NULL;
		return;
	}
	*src = buf_take(&re);
	*query = buf_take(&q);
}

static int write_json(const char *path, cJSON *j)
{
	char *text = cJSON_Print(j);
	char *dir = path_dir(path);
	int rc = text && mkdir_p(dir) == 0 ? 0 : -1;
	size_t n;

	if (rc == 0) {
		n = strlen(text);
		text = xrealloc(text, n + 2);
		text[n] = '\n';
		rc = write_atomic(path, text, n + 1, 1) < 0 ? -1 : 0;
	}
	if (rc < 0)
		err("%s: cannot write:", path);
	free(text);
	free(dir);
	return rc;
}

/* drop_leftovers removes temporary files that a killed gogen left in a
 * .func folder, which would otherwise be deployed with the function. */
static void drop_leftovers(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (has_prefix(e->d_name, ".vc-config.json.tmp.")) {
			char *p = path_join(dir, e->d_name);
			unlink(p);
			free(p);
		}
	}
	closedir(d);
}

static int vc_config(const struct function *f, const char *goarch)
{
	cJSON *j = cJSON_CreateObject();
	char *dir = path_dir(f->output), *path = path_join(dir, ".vc-config.json");
	int rc;

	drop_leftovers(dir);
	/* The fields and their order are those the platform's own build
	 * writes (docs/vercel-build-comparison.md). */
	cJSON_AddStringToObject(j, "handler", "bootstrap");
	cJSON_AddStringToObject(j, "runtime", "provided.al2023");
	cJSON_AddStringToObject(j, "runtimeLanguage", "go");
	cJSON_AddStringToObject(j, "architecture", strcmp(goarch, "arm64") == 0 ? "arm64" : "x86_64");
	if (f->conf && f->conf->memory)
		cJSON_AddNumberToObject(j, "memory", f->conf->memory);
	if (f->conf && f->conf->max_duration)
		cJSON_AddNumberToObject(j, "maxDuration", f->conf->max_duration);
	cJSON_AddObjectToObject(j, "environment");
	cJSON_AddBoolToObject(j, "supportsWrapper", 1);
	rc = write_json(path, j);
	cJSON_Delete(j);
	free(dir);
	free(path);
	return rc;
}

int output_route_rank(const char *route)
{
	int lit = 0;
	const char *s;

	for (s = route; (s = strchr(s, '/')) != NULL; s++)
		lit += s[1] != '[' ? 2 : strncmp(s + 1, "[...", 4) != 0 ? 1 : 0;
	return lit;
}

static int cmp_rank(const void *a, const void *b)
{
	const struct function *x = *(struct function *const *)a;
	const struct function *y = *(struct function *const *)b;
	int d = output_route_rank(y->route) - output_route_rank(x->route);

	return d ? d : strcmp(x->route, y->route);
}

static void add_route(cJSON *routes, const char *src, const char *dest, int check)
{
	cJSON *r = cJSON_CreateObject();

	cJSON_AddStringToObject(r, "src", src);
	cJSON_AddStringToObject(r, "dest", dest);
	if (check)
		cJSON_AddBoolToObject(r, "check", 1);
	cJSON_AddItemToArray(routes, r);
}

/* miss_routes ends the table as the platform's own build does: nothing
 * else under /api, then, for paths the files did not answer, /api/x.go
 * as /api/x and (gogen's index functions serve their folder) /api/x/index
 * as /api/x. */
static void miss_routes(cJSON *routes)
{
	cJSON *r = cJSON_CreateObject();

	cJSON_AddStringToObject(r, "src", "^/api(/.*)?$");
	cJSON_AddNumberToObject(r, "status", 404);
	cJSON_AddItemToArray(routes, r);
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "handle", "miss");
	cJSON_AddItemToArray(routes, r);
	add_route(routes, "^/api/(.+)(?:\\.(?:go))$", "/api/$1", 1);
	add_route(routes, "^(/api(?:/.+)?)/index$", "$1", 1);
}

static int project_config(const struct graph *g, const struct project *p)
{
	struct function **v = xmalloc((g->nfuncs + 1) * sizeof(*v));
	cJSON *j = cJSON_CreateObject(), *routes, *r;
	char *path = path_join(p->dir, ".vercel/output/config.json");
	size_t i, n = 0;
	int rc;

	for (i = 0; i < g->nfuncs; i++)
		if (g->funcs[i]->project == p)
			v[n++] = g->funcs[i];
	qsort(v, n, sizeof(*v), cmp_rank);
	cJSON_AddNumberToObject(j, "version", 3);
	routes = cJSON_AddArrayToObject(j, "routes");
	/* Files (the functions themselves) first, then dynamic segments. */
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "handle", "filesystem");
	cJSON_AddItemToArray(routes, r);
	for (i = 0; i < n; i++) {
		char *src, *query, *dest;
		output_route_regex(v[i]->route, &src, &query);
		if (!src)
			continue;
		dest = xasprintf("%s?%s", v[i]->route, query);
		add_route(routes, src, dest, 1);
		free(src), free(query), free(dest);
	}
	miss_routes(routes);
	rc = n ? write_json(path, j) : 0;
	cJSON_Delete(j);
	free(path);
	free(v);
	return rc;
}

int output_write(const struct graph *g, const char *goarch)
{
	size_t i;

	for (i = 0; i < g->nfuncs; i++)
		if (vc_config(g->funcs[i], goarch) < 0)
			return -1;
	for (i = 0; i < g->nprojects; i++)
		if (project_config(g, g->projects[i]) < 0)
			return -1;
	return 0;
}
