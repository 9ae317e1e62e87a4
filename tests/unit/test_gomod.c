/* test_gomod.c - go.mod and go.work reading: what is kept, what is
 * refused and how the message reads.
 * Build: cc -Igen tests/unit/test_gomod.c gen/gomod.c gen/util.c */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gomod.h"

/* A go.mod that should parse; NULL fields are expected to be absent. */
struct good {
	const char *name, *src;
	const char *module, *go, *toolchain;
	int go_line;
};

/* A go.mod that should be refused with exactly this message. */
struct bad {
	const char *name, *src, *msg;
};

static const struct good goods[] = {
	{"minimal", "module example.com/m\n\ngo 1.22\n", "example.com/m", "1.22", NULL, 3},
	{"no trailing newline", "module m\ngo 1.21.3", "m", "1.21.3", NULL, 2},
	{"empty file", "", NULL, NULL, NULL, 0},
	{"only comments", "// nothing here\n   // still nothing\n", NULL, NULL, NULL, 0},
	{"comment at line end",
	 "module example.com/m // the module\ngo 1.22 // language\ntoolchain go1.22.3 // pin\n",
	 "example.com/m", "1.22", "go1.22.3", 2},
	{"comment glued to word", "module example.com/m//c\ngo 1.22//x\n", "example.com/m", "1.22",
	 NULL, 2},
	{"CRLF", "module example.com/m\r\n\r\ngo 1.22.1\r\ntoolchain go1.23.0\r\n",
	 "example.com/m", "1.22.1", "go1.23.0", 3},
	{"BOM", "\xef\xbb\xbfmodule example.com/m\ngo 1.22\n", "example.com/m", "1.22", NULL, 2},
	{"quoted module", "module \"example.com/m\"\ngo 1.20\n", "example.com/m", "1.20", NULL, 2},
	{"quoted module escapes", "module \"ex\\u00e4mple.com/\\x6d\"\n", "ex\xc3\xa4mple.com/m",
	 NULL, NULL, 0},
	{"raw quoted module", "module `example.com/m`\n", "example.com/m", NULL, NULL, 0},
	{"require block",
	 "module m\n\ngo 1.21\n\nrequire (\n\tgolang.org/x/text v0.14.0 // indirect\n"
	 "\t\"example.com/q\" v1.0.0\n\n\t// a comment line\n)\n",
	 "m", "1.21", NULL, 3},
	{"replace block",
	 "module m\nreplace (\n\ta => ../a\n\tb v1.0.0 => c v1.1.0\n\td v1.2.0 => ./d\n)\n"
	 "go 1.22rc1\n", "m", "1.22rc1", NULL, 7},
	{"empty block one line", "module m\nrequire ()\ngo 1.22\n", "m", "1.22", NULL, 3},
	{"all directives",
	 "module m\ngo 1.23.0\ntoolchain go1.23.4\ngodebug default=go1.21\n"
	 "godebug (\n\tpanicnil=1\n)\nrequire a v1.0.0\nexclude b v1.0.0\n"
	 "replace c => ../c\nretract v1.0.1\nretract [v1.0.0, v1.0.5] // oops\n"
	 "tool golang.org/x/tools/cmd/stringer\nignore ./node_modules\n"
	 "tool (\n\texample.com/t\n)\n",
	 "m", "1.23.0", "go1.23.4", 2},
	{"module block", "module (\n\texample.com/m\n)\n", "example.com/m", NULL, NULL, 0},
	{"toolchain default", "module m\ngo 1.21\ntoolchain default\n", "m", "1.21", "default", 2},
	{"toolchain suffix", "module m\ngo 1.21\ntoolchain go1.21.0-custom\n", "m", "1.21",
	 "go1.21.0-custom", 2},
	{"beta version", "go 1.22beta1\nmodule m\n", "m", "1.22beta1", NULL, 1},
	{"blank lines and tabs", "\n\n\tmodule\tm\t\n \n\tgo\t1.19\n", "m", "1.19", NULL, 5},
	{"non-ASCII path", "module example.com/\xc3\xbcn\xc3\xaf\ngo 1.22\n",
	 "example.com/\xc3\xbcn\xc3\xaf", "1.22", NULL, 2},
	{"slash star inside quotes", "module \"a/*b\"\n", "a/*b", NULL, NULL, 0},
};

static const struct bad bads[] = {
	{"bad go version", "module m\ngo 1.x\n",
	 "go.mod:2: invalid go version '1.x': must match format 1.23.0"},
	{"go 2", "go 2\n", "go.mod:1: invalid go version '2': must match format 1.23.0"},
	{"go with v", "go v1.22\n", "go.mod:1: invalid go version 'v1.22': must match format 1.23.0"},
	{"go leading zero", "go 1.022\n",
	 "go.mod:1: invalid go version '1.022': must match format 1.23.0"},
	{"go rc after patch", "go 1.21.0rc1\n",
	 "go.mod:1: invalid go version '1.21.0rc1': must match format 1.23.0"},
	{"go quoted", "go \"1.22\"\n",
	 "go.mod:1: invalid go version '\"1.22\"': must match format 1.23.0"},
	{"go two args", "go 1.22 1.23\n", "go.mod:1: go directive expects exactly one argument"},
	{"go no args", "module m\n\ngo\n", "go.mod:3: go directive expects exactly one argument"},
	{"repeated go", "go 1.21\ngo 1.22\n", "go.mod:2: repeated go statement (first at line 1)"},
	{"repeated module", "module a\n\nmodule b\n",
	 "go.mod:3: repeated module statement (first at line 1)"},
	{"repeated toolchain", "toolchain go1.22.0\ntoolchain go1.22.1\n",
	 "go.mod:2: repeated toolchain statement (first at line 1)"},
	{"toolchain without go", "toolchain 1.22\n",
	 "go.mod:1: invalid toolchain version '1.22': must match format go1.23.0 or default"},
	{"toolchain garbage", "toolchain gox\n",
	 "go.mod:1: invalid toolchain version 'gox': must match format go1.23.0 or default"},
	{"toolchain local", "toolchain local\n",
	 "go.mod:1: invalid toolchain version 'local': must match format go1.23.0 or default"},
	{"unknown directive", "module m\nfoo bar\n", "go.mod:2: unknown directive: foo"},
	{"unknown in block", "require (\n\ta v1\n)\nfrobnicate (\n)\n",
	 "go.mod:4: unknown block type: frobnicate"},
	{"go block", "go (\n\t1.22\n)\n", "go.mod:1: unknown block type: go"},
	{"two-word block", "require a (\n)\n", "go.mod:1: unknown block type: require a"},
	{"unterminated block", "module m\nrequire (\n\ta v1.0.0\n",
	 "go.mod:2: require block has no closing ')'"},
	{"stray close paren", "module m\n)\n", "go.mod:2: unexpected ')' outside a block"},
	{"text after close paren", "require (\n\ta v1.0.0\n) x\n", "go.mod:3: unexpected x after ')'"},
	{"module no path", "module\n", "go.mod:1: usage: module module/path"},
	{"module two paths", "module a b\n", "go.mod:1: usage: module module/path"},
	{"module bad quote", "module \"a\\q\"\n", "go.mod:1: invalid quoted string: invalid syntax"},
	{"module quote in word", "module a'b\n",
	 "go.mod:1: invalid quoted string: unquoted string cannot contain quote"},
	{"string across newline", "module \"abc\ngo 1.22\n", "go.mod:1: unexpected newline in string"},
	{"string at EOF", "module `abc", "go.mod:1: unexpected end of file in string"},
	{"block comment", "module m\n/* no */\n", "go.mod:2: mod files must use // comments, not /* */"},
	{"require one arg", "require a\n", "go.mod:1: usage: require module/path v1.2.3"},
	{"require in block one arg", "require (\n\ta v1.0.0\n\tb\n)\n",
	 "go.mod:3: usage: require module/path v1.2.3"},
	{"exclude three args", "exclude a v1 v2\n", "go.mod:1: usage: exclude module/path v1.2.3"},
	{"replace no arrow", "replace a b\n",
	 "go.mod:1: usage: replace module/path [v1.2.3] => other/module v1.4"
	 " (or => ../local/directory)"},
	{"retract bad interval", "retract [v1.0.0 v1.1.0]\n",
	 "go.mod:1: usage: retract v1.2.3 or retract [v1.2.3, v1.4.5]"},
	{"godebug no =", "godebug panicnil\n", "go.mod:1: usage: godebug key=value"},
	{"tool no arg", "tool\n", "go.mod:1: tool directive expects exactly one argument"},
	{"control char", "module m\x01\n", "go.mod:1: unexpected input character U+0001"},
	{"NBSP", "module\xc2\xa0m\n", "go.mod:1: unexpected input character U+00A0"},
	{"BOM in the middle", "module m\n\xef\xbb\xbfgo 1.22\n",
	 "go.mod:2: unexpected input character U+FEFF"},
	{"NUL in quoted", "module \"a\\x00b\"\n", "go.mod:1: invalid quoted string: NUL byte in string"},
	{"error line after CRLF", "module m\r\n\r\ngo 1.2.3.4\r\n",
	 "go.mod:3: invalid go version '1.2.3.4': must match format 1.23.0"},
	{"use is go.work only", "use ./a\n", "go.mod:1: unknown directive: use"},
};

static void test_good(const struct good *c)
{
	struct gomod m;
	char *err = NULL;
	int rc = gomod_parse("go.mod", c->src, strlen(c->src), &m, &err);

	if (rc != 0)
		fprintf(stderr, "case %s: %s\n", c->name, err);
	CHECK(rc == 0);
	CHECK_STR(err, NULL);
	if (rc == 0) {
		CHECK_STR(m.module, c->module);
		CHECK_STR(m.go, c->go);
		CHECK_STR(m.toolchain, c->toolchain);
		CHECK(m.go_line == c->go_line);
	}
	gomod_free(&m);
	free(err);
}

static void test_bad(const struct bad *c)
{
	struct gomod m;
	char *err = NULL;
	int rc = gomod_parse("go.mod", c->src, strlen(c->src), &m, &err);

	if (rc == 0)
		fprintf(stderr, "case %s: parsed\n", c->name);
	CHECK(rc == -1);
	CHECK_STR(err, c->msg);
	CHECK(m.module == NULL && m.go == NULL && m.toolchain == NULL);
	gomod_free(&m);
	free(err);
}

static void test_lines(void)
{
	const char *src = "// header\nmodule example.com/m\n\n"
			  "require (\n\ta v1.0.0\n)\n\ngo 1.22.0\ntoolchain go1.22.5\n";
	struct gomod m;
	char *err = NULL;

	CHECK(gomod_parse("x/go.mod", src, strlen(src), &m, &err) == 0);
	CHECK(m.module_line == 2);
	CHECK(m.go_line == 8);
	CHECK(m.toolchain_line == 9);
	gomod_free(&m);

	/* the length bounds the text: what follows is not read */
	CHECK(gomod_parse("go.mod", "go 1.22\nfoo", 8, &m, &err) == 0);
	CHECK_STR(m.go, "1.22");
	gomod_free(&m);

	/* the path given is the one in the message */
	CHECK(gomod_parse("apps/web/go.mod", "go 1.x", 6, &m, &err) == -1);
	CHECK_STR(err, "apps/web/go.mod:1: invalid go version '1.x': must match format 1.23.0");
	free(err);
}

static void test_versions(void)
{
	static const char *const ok[] = {
		"1.0", "1.21", "1.21.0", "1.21.13", "1.22rc1", "1.22beta2", "1.100.200", "1.21rc0",
		NULL
	};
	static const char *const no[] = {
		"", "1", "1.", "1.21.", "2.0", "0.1", "01.2", "1.02", "1.2.03", "1.21rc",
		"1.21alpha1", "1.21.0rc1", "v1.21", "go1.21", "1.21 ", "1.2.3.4", "1.21-rc1",
		NULL
	};
	static const char *const tok[] = {
		"default", "go1.21", "go1.21.0", "go1.21rc2", "go1.21.0-custom", "go1.20", NULL
	};
	static const char *const tno[] = {
		"", "go", "go1", "1.21.0", "go1.21.0-", "local", "gccgo-go1.21", "go2.0", NULL
	};
	int i;

	for (i = 0; ok[i]; i++)
		CHECK(gomod_valid_version(ok[i]));
	for (i = 0; no[i]; i++) {
		if (gomod_valid_version(no[i]))
			fprintf(stderr, "accepted %s\n", no[i]);
		CHECK(!gomod_valid_version(no[i]));
	}
	CHECK(!gomod_valid_version(NULL));
	for (i = 0; tok[i]; i++)
		CHECK(gomod_valid_toolchain(tok[i]));
	for (i = 0; tno[i]; i++)
		CHECK(!gomod_valid_toolchain(tno[i]));
}

static void test_gowork(void)
{
	const char *src = "\xef\xbb\xbf// workspace\r\ngo 1.23.0\r\ntoolchain go1.23.2\r\n"
			  "use (\r\n\t./apps/web\r\n\t\"./apps/my admin\" // spaces\r\n)\r\n"
			  "use ./libs/x\r\nreplace a => ./a\r\ngodebug x=1\r\n";
	struct gowork w;
	char *err = NULL;

	CHECK(gowork_parse("go.work", src, strlen(src), &w, &err) == 0);
	CHECK_STR(err, NULL);
	CHECK_STR(w.go, "1.23.0");
	CHECK(w.go_line == 2);
	CHECK_STR(w.toolchain, "go1.23.2");
	CHECK(w.use.n == 3);
	if (w.use.n == 3) {
		CHECK_STR(w.use.v[0], "./apps/web");
		CHECK_STR(w.use.v[1], "./apps/my admin");
		CHECK_STR(w.use.v[2], "./libs/x");
	}
	gowork_free(&w);

	CHECK(gowork_parse("go.work", "go 1.22\nmodule m\n", 17, &w, &err) == -1);
	CHECK_STR(err, "go.work:2: unknown directive: module");
	CHECK(w.use.n == 0);
	free(err);
	err = NULL;

	CHECK(gowork_parse("go.work", "use (\n./a\n", 10, &w, &err) == -1);
	CHECK_STR(err, "go.work:1: use block has no closing ')'");
	free(err);
	err = NULL;

	CHECK(gowork_parse("go.work", "use ./a ./b\n", 12, &w, &err) == -1);
	CHECK_STR(err, "go.work:1: usage: use local/dir");
	free(err);
	err = NULL;

	CHECK(gowork_parse("go.work", "go 1.22\ngo 1.22\n", 16, &w, &err) == -1);
	CHECK_STR(err, "go.work:2: repeated go statement (first at line 1)");
	free(err);
	err = NULL;

	CHECK(gowork_parse("go.work", "require (\n)\n", 12, &w, &err) == -1);
	CHECK_STR(err, "go.work:1: unknown block type: require");
	free(err);
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++)
		test_good(&goods[i]);
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++)
		test_bad(&bads[i]);
	test_lines();
	test_versions();
	test_gowork();
	return check_done();
}
