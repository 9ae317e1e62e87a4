/* test_output.c - vercel.json globs and the platform's routes for
 * dynamic segments (gen/glob.c, gen/output.c). */
#include <stdlib.h>

#include "check.h"
#include "glob.h"
#include "output.h"

static void match(const char *pattern, const char *path, int want)
{
	int got = glob_match(pattern, path);

	check_report(got == want, pattern, __FILE__, __LINE__);
	if (got != want)
		fprintf(stderr, "\t%s against %s: got %d, want %d\n", pattern, path, got, want);
}

static void test_glob(void)
{
	match("api/*.go", "api/x.go", 1);
	match("api/*.go", "api/a/x.go", 0);
	match("api/**/*.go", "api/x.go", 1);
	match("api/**/*.go", "api/a/b/x.go", 1);
	match("api/**", "api/a/b", 1);
	match("**/*.txt", "a/b.txt", 1);
	match("**/*.txt", "b.txt", 1);
	match("**", "anything/at/all", 1);
	match("api/{a,b}.go", "api/b.go", 1);
	match("api/{a,b}.go", "api/c.go", 0);
	match("{x,{y,z}}/f", "z/f", 1);
	match("api/[id].go", "api/i.go", 1);
	match("api/[id].go", "api/[id].go", 0);
	match("api/\\[id\\].go", "api/[id].go", 1);
	match("api/[!a]*.go", "api/b.go", 1);
	match("api/[!a]*.go", "api/a.go", 0);
	match("api/[a-c].go", "api/b.go", 1);
	match("api/[a-c].go", "api/d.go", 0);
	match("./data/*", "data/x", 1);
	match("/data/*", "data/x", 1);
	match("data/*", "./data/x", 1);
	match("a?c", "abc", 1);
	match("a?c", "a/c", 0);
	match("*", "", 1);
	match("x", "xy", 0);
	match("api/[", "api/[", 1);
	match("api/{a,b", "api/{a,b", 1);
	match("templates/**/*.html", "templates/x/y/z.html", 1);
	match("templates/**/*.html", "templates/z.htm", 0);
}

static void route(const char *r, const char *want_src, const char *want_query)
{
	char *src, *query;

	output_route_regex(r, &src, &query);
	CHECK_STR(src, want_src);
	CHECK_STR(query, want_query);
	free(src);
	free(query);
}

static void test_routes(void)
{
	route("/api", NULL, NULL);
	route("/api/users", NULL, NULL);
	route("/api/[id]", "^/api/([^/]+)$", "id=$1");
	route("/api/sub/[slug]", "^/api/sub/([^/]+)$", "slug=$1");
	route("/api/[...slug]", "^/api/(.+)$", "slug=$1");
	route("/api/[org]/repos/[repo]", "^/api/([^/]+)/repos/([^/]+)$", "org=$1&repo=$2");
	route("/api/v1.2/[id]", "^/api/v1\\.2/([^/]+)$", "id=$1");
	route("/api/a+b/[x]", "^/api/a\\+b/([^/]+)$", "x=$1");
}

int main(void)
{
	test_glob();
	test_routes();
	return check_done();
}
