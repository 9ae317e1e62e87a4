/* test_dev.c - the development server's files and Ninja edge: what
 * routes.json says of each function (paths of static routes, regex and
 * query of dynamic ones, in config.json's order), the server's source,
 * the edge and the dev target for each choice of Go, and the command
 * line of gogen dev up to where it would run anything. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "dev.h"
#include "embedded.h"

static struct function *fn(struct project *p, const char *source, const char *route,
			   const char *output)
{
	struct function *f = xcalloc(1, sizeof(*f));

	f->project = p;
	f->source = (char *)source;
	f->route = (char *)route;
	f->output = (char *)output;
	return f;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* paths joins a function's "paths" with spaces. */
static char *paths(const cJSON *o)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "paths"), *e;
	struct buf b = {0};

	cJSON_ArrayForEach(e, a)
		buf_printf(&b, "%s%s", b.len ? " " : "", e->valuestring);
	return buf_take(&b);
}

static void check_routes(const char *cwd)
{
	char *text = read_file(".gogen/dev/routes.json", NULL), *s;
	cJSON *j = text ? cJSON_Parse(text) : NULL, *projects, *root, *web, *f;

	CHECK(j != NULL);
	if (!j) {
		free(text);
		return;
	}
	CHECK_STR(str(j, "root"), cwd);
	projects = cJSON_GetObjectItemCaseSensitive(j, "projects");
	/* The project without functions is left out. */
	CHECK(cJSON_GetArraySize(projects) == 2);
	root = cJSON_GetArrayItem(projects, 0);
	web = cJSON_GetArrayItem(projects, 1);
	CHECK_STR(str(root, "dir"), ".");
	CHECK_STR(str(web, "dir"), "apps/web");
	root = cJSON_GetObjectItemCaseSensitive(root, "functions");
	CHECK(cJSON_GetArraySize(root) == 6);

	/* Static routes first, by route; then the dynamic ones, the most
	 * literal first. */
	f = cJSON_GetArrayItem(root, 0);
	CHECK_STR(str(f, "route"), "/api");
	CHECK_STR(str(f, "source"), "api/index.go");
	CHECK_STR(str(f, "binary"), ".vercel/output/functions/api.func/bootstrap");
	CHECK_STR(s = paths(f), "/api /api/index /api/index.go");
	CHECK(str(f, "src") == NULL);
	free(s);
	f = cJSON_GetArrayItem(root, 1);
	CHECK_STR(s = paths(f), "/api/users /api/users.go");
	free(s);
	f = cJSON_GetArrayItem(root, 2);
	CHECK_STR(str(f, "route"), "/api/blog/[year]/x");
	CHECK_STR(str(f, "src"), "^/api/blog/([^/]+)/x$");
	CHECK_STR(str(f, "query"), "year=$1");
	CHECK(cJSON_GetObjectItemCaseSensitive(f, "paths") == NULL);
	f = cJSON_GetArrayItem(root, 3);
	CHECK_STR(str(f, "route"), "/api/users/[id]");
	f = cJSON_GetArrayItem(root, 4);
	CHECK_STR(str(f, "route"), "/api/[a]/[b]");
	CHECK_STR(str(f, "query"), "a=$1&b=$2");
	f = cJSON_GetArrayItem(root, 5);
	CHECK_STR(str(f, "route"), "/api/[...slug]");
	CHECK_STR(str(f, "src"), "^/api/(.+)$");
	CHECK_STR(str(f, "query"), "slug=$1");

	f = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(web, "functions"), 0);
	CHECK_STR(str(f, "source"), "apps/web/api/hello/index.go");
	CHECK_STR(s = paths(f), "/api/hello /api/hello/index /api/hello/index.go");
	free(s);
	cJSON_Delete(j);
	free(text);
}

static void check_files(void)
{
	char *src = read_file(".gogen/dev/main.go", NULL);
	char *mod = read_file(".gogen/dev/go.mod", NULL);

	CHECK(src && strcmp(src, (const char *)tpl_dev_go) == 0);
	CHECK(mod && strstr(mod, "\nmodule gogendev\n\ngo 1.16\n"));
	free(src);
	free(mod);
}

/* check_ninja writes the edge with a toolchain choice and looks for want
 * (and, when set, for the lack of unwanted). */
static void check_ninja(const struct graph *g, struct toolchains *ts, const char *build_dir,
			const char *want, const char *unwanted)
{
	struct ninja_env e = {0};
	struct buf b = {0};

	e.build_dir = build_dir;
	e.tcs = ts;
	CHECK(dev_write_ninja(&b, g, &e) == 0);
	CHECK(b.s && strstr(b.s, want));
	if (!b.s || !strstr(b.s, want))
		fprintf(stderr, "\twant %s\n\tin %s\n", want, b.s ? b.s : "(nothing)");
	if (unwanted)
		CHECK(b.s && !strstr(b.s, unwanted));
	buf_free(&b);
}

static void check_edges(const struct graph *g)
{
	struct toolchains ts = {0};
	struct toolchain fetched = {0}, *v[1];

	ts.local.go = "/usr/bin/go";
	ts.local.version = "1.22.1";
	check_ninja(g, &ts, ".gogen",
		    "build .gogen/dev/server: gogen_dev_server .gogen/dev/main.go "
		    ".gogen/dev/go.mod\n  devdir = .gogen/dev\nbuild dev: phony "
		    ".gogen/dev/server .vercel/output/functions/api/[...slug].func/bootstrap ",
		    "goenv");
	check_ninja(g, &ts, "my build", "  devdir = 'my build/dev'\n", NULL);
	check_ninja(g, &ts, "my build", "build my$ build/dev/server: ", NULL);

	/* A go on PATH too old for the server: a fetched release builds it. */
	fetched.version = "1.21.13";
	fetched.go = "/c/go/1.21.13.linux-amd64/bin/go";
	fetched.goroot = "/c/go/1.21.13.linux-amd64";
	fetched.stamp = ".gogen/toolchain/go1.21.13.stamp";
	v[0] = &fetched;
	ts.v = v;
	ts.n = 1;
	ts.local.version = "1.15.15";
	check_ninja(g, &ts, ".gogen",
		    ".gogen/dev/go.mod | .gogen/toolchain/go1.21.13.stamp\n"
		    "  devdir = .gogen/dev\n  go = /c/go/1.21.13.linux-amd64/bin/go\n"
		    "  goenv = GOTOOLCHAIN=local GOROOT=/c/go/1.21.13.linux-amd64\n", NULL);
	/* No go at all: the header's $go, whatever it is. */
	ts.local.go = NULL;
	ts.n = 0;
	check_ninja(g, &ts, ".gogen", "  devdir = .gogen/dev\nbuild dev: phony", "goenv");
}

static void check_command_line(void)
{
	char *unknown[] = {"dev", "-x", NULL}, *two[] = {"dev", "a", "b", NULL};
	char *abs[] = {"dev", "-f", "/x.ninja", NULL}, *bare[] = {"dev", "-C", NULL};

	CHECK(dev_main(2, unknown, "/nonexistent/gogen") == 2);
	CHECK(dev_main(3, two, "/nonexistent/gogen") == 2);
	CHECK(dev_main(3, abs, "/nonexistent/gogen") == 2);
	CHECK(dev_main(2, bare, "/nonexistent/gogen") == 2);
}

int main(void)
{
	char tmpl[] = "/tmp/gogen-test-dev.XXXXXX";
	char *dir = mkdtemp(tmpl), *cwd, *rm;
	struct project root = {0}, web = {0}, empty = {0};
	struct project *projects[] = {&root, &empty, &web};
	struct function *funcs[7];
	struct graph g = {0};
	struct stat st1, st2;
	size_t i;

	if (!dir || chdir(dir) < 0)
		die("cannot make a scratch folder:");
	cwd = getcwd(NULL, 0);
	root.dir = ".";
	empty.dir = "apps/empty";
	web.dir = "apps/web";
	funcs[0] = fn(&root, "api/[...slug].go", "/api/[...slug]",
		      ".vercel/output/functions/api/[...slug].func/bootstrap");
	funcs[1] = fn(&root, "api/users/[id].go", "/api/users/[id]",
		      ".vercel/output/functions/api/users/[id].func/bootstrap");
	funcs[2] = fn(&root, "api/index.go", "/api",
		      ".vercel/output/functions/api.func/bootstrap");
	funcs[3] = fn(&web, "apps/web/api/hello/index.go", "/api/hello",
		      "apps/web/.vercel/output/functions/api/hello.func/bootstrap");
	funcs[4] = fn(&root, "api/[a]/[b].go", "/api/[a]/[b]",
		      ".vercel/output/functions/api/[a]/[b].func/bootstrap");
	funcs[5] = fn(&root, "api/users.go", "/api/users",
		      ".vercel/output/functions/api/users.func/bootstrap");
	funcs[6] = fn(&root, "api/blog/[year]/x.go", "/api/blog/[year]/x",
		      ".vercel/output/functions/api/blog/[year]/x.func/bootstrap");
	g.projects = projects;
	g.nprojects = 3;
	g.funcs = funcs;
	g.nfuncs = 7;

	CHECK(dev_write(&g, ".gogen") == 0);
	check_routes(cwd);
	check_files();
	/* Unchanged text is not written again: nothing rebuilds. */
	CHECK(stat(".gogen/dev/main.go", &st1) == 0);
	sleep(1);
	CHECK(dev_write(&g, ".gogen") == 0);
	CHECK(stat(".gogen/dev/main.go", &st2) == 0);
	CHECK(st1.st_mtime == st2.st_mtime && st1.st_ino == st2.st_ino);
	check_edges(&g);
	check_command_line();

	for (i = 0; i < 7; i++)
		free(funcs[i]);
	rm = xasprintf("rm -rf '%s'", dir);
	if (chdir("/") < 0 || system(rm) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(rm);
	free(cwd);
	return check_done();
}
