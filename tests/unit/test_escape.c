/* test_escape.c - each escaping context against a table, then against the
 * real readers: ninja for build lines, variables and depfiles, GNU make
 * for rule lines (each only when the tool is installed).
 * Build: cc -Igen tests/unit/test_escape.c gen/escape.c gen/util.c */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "escape.h"

typedef int (*escape_fn)(struct buf *, const char *);

struct esc_case {
	escape_fn fn;
	const char *name, *in, *want;	/* want NULL: must be refused */
};

#define NP ninja_escape_path
#define NV ninja_escape_value
#define DP depfile_escape_path
#define MP make_escape_path

static const struct esc_case cases[] = {
	{NP, "ninja path", "api/[id].go", "api/[id].go"},
	{NP, "ninja path", "my dir/x.go", "my$ dir/x.go"},
	{NP, "ninja path", "a$b", "a$$b"},
	{NP, "ninja path", "c:d", "c$:d"},
	{NP, "ninja path", "\xc3\xbcn\xc3\xaf/x.go", "\xc3\xbcn\xc3\xaf/x.go"},
	{NP, "ninja path", "#h=a,b;c'd\"e\\f", "#h=a,b;c'd\"e\\f"},
	{NP, "ninja path", " $:", "$ $$$:"},
	{NP, "ninja path", "", ""},
	{NP, "ninja path", "a\nb", NULL},
	{NP, "ninja path", "a\rb", NULL},
	{NP, "ninja path", "a|b", NULL},
	{NV, "ninja value", "-s -w", "-s -w"},
	{NV, "ninja value", "  two leading", "$ $ two leading"},
	{NV, "ninja value", "a$b $$ ${x}", "a$$b $$$$ $${x}"},
	{NV, "ninja value", "a:b|c d ", "a:b|c d "},
	{NV, "ninja value", "\tx", "\tx"},
	{NV, "ninja value", "", ""},
	{NV, "ninja value", "line\n", NULL},
	{DP, "depfile", "my dir/x.go", "my\\ dir/x.go"},
	{DP, "depfile", "a#b", "a\\#b"},
	{DP, "depfile", "a$b", "a$$b"},
	{DP, "depfile", "c:d", "c:d"},
	{DP, "depfile", "api/[id].go", "api/[id].go"},
	{DP, "depfile", "\xc3\xbc{x}%=@!~,+()", "\xc3\xbc{x}%=@!~,+()"},
	{DP, "depfile", "a\\ b", "a\\\\\\ b"},
	{DP, "depfile", "a\\\\ b", "a\\\\\\\\\\ b"},
	{DP, "depfile", "a\\#b", "a\\\\#b"},
	{DP, "depfile", "a\\:b", "a\\\\:b"},
	{DP, "depfile", "a\\b", "a\\b"},
	{DP, "depfile", "a\\$b", "a\\$b"},
	{DP, "depfile", "a\\$$b", "a\\$$$b"},
	{DP, "depfile", "x:", NULL},
	{DP, "depfile", "x\\", NULL},
	{DP, "depfile", "a'b", NULL},
	{DP, "depfile", "a|b", NULL},
	{DP, "depfile", "a\tb", NULL},
	{DP, "depfile", "a\nb", NULL},
	{DP, "depfile", "", NULL},
	{MP, "make", "my dir/x.go", "my\\ dir/x.go"},
	{MP, "make", "a#b", "a\\#b"},
	{MP, "make", "c:d", "c\\:d"},
	{MP, "make", "a$b", "a$$b"},
	{MP, "make", "a\\ b", "a\\\\\\ b"},
	{MP, "make", "a\\#b", "a\\\\\\#b"},
	{MP, "make", "w\\z", "w\\z"},
	{MP, "make", "\xc3\xbc/[id].go", "\xc3\xbc/[id].go"},
	{MP, "make", "a;b", NULL},
	{MP, "make", "a|b", NULL},
	{MP, "make", "u=v", NULL},
	{MP, "make", "x\\", NULL},
	{MP, "make", "a\nb", NULL},
	{MP, "make", "a\tb", NULL},
};

static void test_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct esc_case *c = &cases[i];
		struct buf b = {0};
		int rc;

		buf_adds(&b, "<");
		rc = c->fn(&b, c->in);
		if ((rc == 0) != (c->want != NULL) || (c->want && strcmp(b.s + 1, c->want)))
			fprintf(stderr, "%s: [%s] gave %d [%s]\n", c->name, c->in, rc, b.s + 1);
		CHECK(rc == (c->want ? 0 : -1));
		/* refused means nothing written */
		CHECK_STR(b.s + 1, c->want ? c->want : "");
		buf_free(&b);
	}
}

static void test_json(void)
{
	static const char *const js[][2] = {
		{"", "\"\""},
		{"plain", "\"plain\""},
		{"say \"hi\"", "\"say \\\"hi\\\"\""},
		{"C:\\dir", "\"C:\\\\dir\""},
		{"\n\t\x01\x1f", "\"\\u000a\\u0009\\u0001\\u001f\""},
		{"\x7f/</script>", "\"\x7f/</script>\""},
		{"\xc3\xbc\xe6\x97\xa5\xf0\x9f\x98\x80", "\"\xc3\xbc\xe6\x97\xa5\xf0\x9f\x98\x80\""},
		{"a\xff" "b", "\"a\\ufffdb\""},
		{"\xc3", "\"\\ufffd\""},
		{"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""},
		{"\xc0\xaf", "\"\\ufffd\\ufffd\""},
		{"api/[id].go", "\"api/[id].go\""},
	};
	size_t i;

	for (i = 0; i < sizeof(js) / sizeof(js[0]); i++) {
		struct buf b = {0};

		json_escape(&b, js[i][0]);
		CHECK_STR(b.s, js[i][1]);
		buf_free(&b);
	}
}

/* run executes argv (no shell) with stdout and stderr going to *out when
 * out is not NULL, and returns the exit status or -1. */
static int run(char *const argv[], struct buf *out)
{
	int fd[2], status;
	pid_t pid;
	char chunk[4096];
	ssize_t n;

	if (pipe(fd) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setenv("LC_ALL", "C", 1);
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	while ((n = read(fd[0], chunk, sizeof(chunk))) > 0)
		if (out)
			buf_add(out, chunk, (size_t)n);
	close(fd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int have_tool(const char *name)
{
	char *argv[3];

	argv[0] = (char *)name;
	argv[1] = "--version";
	argv[2] = NULL;
	return run(argv, NULL) == 0;
}

static void put_file(const char *dir, const char *name, const char *text)
{
	char *path = path_join(dir, name), *d = path_dir(path);

	CHECK(mkdir_p(d) == 0);
	CHECK(write_atomic(path, text, strlen(text), 0) == 0);
	free(d);
	free(path);
}

static int exists(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	int ok = access(path, F_OK) == 0;

	free(path);
	return ok;
}

static void remove_tree(const char *dir)
{
	char *argv[4];

	argv[0] = "rm";
	argv[1] = "-rf";
	argv[2] = (char *)dir;
	argv[3] = NULL;
	run(argv, NULL);
}

/* File names every writer meets sooner or later in a Vercel tree. */
static const char *const awkward[] = {
	"my dir/x.go", "a$b.go", "c:d.go", "api/[id].go", "\xc3\xbcn\xc3\xaf/x.go", "h#sh.go",
	"x=y,z@1%2.go", "back\\slash.go", "end\\ space.go",
};
#define NAWKWARD (sizeof(awkward) / sizeof(awkward[0]))

static void test_ninja_build(const char *dir)
{
	struct buf nf = {0}, out = {0}, got = {0};
	const char *value = "  two leading, $HOME, ${x}: a|b #c \xc3\xbc";
	char *argv[4], *path;
	size_t i;

	buf_adds(&nf, "rule cp\n  command = cp $in $out\n"
		 "rule say\n  command = printf '%s' '$text' > $out\n");
	for (i = 0; i < NAWKWARD; i++) {
		put_file(dir, awkward[i], awkward[i]);
		buf_adds(&nf, "build out/");
		CHECK(ninja_escape_path(&nf, awkward[i]) == 0);
		buf_adds(&nf, ": cp ");
		CHECK(ninja_escape_path(&nf, awkward[i]) == 0);
		buf_adds(&nf, "\n");
	}
	buf_adds(&nf, "build said: say\n  text = ");
	CHECK(ninja_escape_value(&nf, value) == 0);
	buf_adds(&nf, "\ndefault said");
	for (i = 0; i < NAWKWARD; i++) {
		buf_adds(&nf, " out/");
		CHECK(ninja_escape_path(&nf, awkward[i]) == 0);
	}
	buf_adds(&nf, "\n");
	put_file(dir, "build.ninja", nf.s);

	argv[0] = "ninja";
	argv[1] = "-C";
	argv[2] = (char *)dir;
	argv[3] = NULL;
	CHECK(run(argv, &out) == 0);
	for (i = 0; i < NAWKWARD; i++) {
		char *o = path_join("out", awkward[i]);

		if (!exists(dir, o))
			fprintf(stderr, "ninja made no %s\n%s\n", o, out.s ? out.s : "");
		CHECK(exists(dir, o));
		free(o);
	}
	path = path_join(dir, "said");
	{
		size_t len;
		char *text = read_file(path, &len);

		CHECK_STR(text, value);
		free(text);
	}
	free(path);
	buf_free(&nf);
	buf_free(&out);
	buf_free(&got);
}

/* The depfile names odd dependencies; ninja -t deps shows what ninja
 * understood, one per line after four spaces. */
static void test_ninja_depfile(const char *dir)
{
	static const char *const deps[] = {
		"my dir/x.go", "a$b.go", "c:d.go", "api/[id].go", "\xc3\xbcn\xc3\xaf/x.go",
		"h#sh.go", "back\\slash.go", "end\\ space.go", "hash\\#tag.go", "a: b.go",
		"col\\:on.go", "dollar\\$.go", "two$$.go", "{x}%=@!~,+().go",
	};
	struct buf nf = {0}, df = {0}, out = {0}, want = {0};
	char *argv[7];
	const char *line;
	size_t i;

	/* the target has a space of its own */
	CHECK(depfile_escape_path(&df, "dep stamp") == 0);
	buf_adds(&df, ":");
	for (i = 0; i < sizeof(deps) / sizeof(deps[0]); i++) {
		buf_adds(&df, i % 3 ? " " : " \\\n  ");
		CHECK(depfile_escape_path(&df, deps[i]) == 0);
		buf_printf(&want, "    %s\n", deps[i]);
	}
	buf_adds(&df, "\n");
	put_file(dir, "deps.txt", df.s);
	buf_adds(&nf, "rule dep\n  command = cp deps.txt $out.d && touch $out\n"
		 "  depfile = $out.d\n  deps = gcc\n");
	buf_adds(&nf, "build ");
	CHECK(ninja_escape_path(&nf, "dep stamp") == 0);
	buf_adds(&nf, ": dep\n");
	put_file(dir, "build.ninja", nf.s);

	argv[0] = "ninja";
	argv[1] = "-C";
	argv[2] = (char *)dir;
	argv[3] = NULL;
	CHECK(run(argv, &out) == 0);
	buf_reset(&out);
	argv[3] = "-t";
	argv[4] = "deps";
	argv[5] = "dep stamp";
	argv[6] = NULL;
	CHECK(run(argv, &out) == 0);
	/* skip the header line "dep stamp: #deps 14, ..." */
	line = out.s ? strchr(out.s, '\n') : NULL;
	CHECK(line != NULL);
	if (line) {
		/* ninja ends the list with an empty line */
		buf_adds(&want, "\n");
		CHECK_STR(line + 1, want.s);
	}
	CHECK(out.s && strncmp(out.s, "dep stamp: #deps 14,", 20) == 0);
	buf_free(&nf);
	buf_free(&df);
	buf_free(&out);
	buf_free(&want);
}

/* GNU make names a missing prerequisite in its error message exactly as
 * it understood it. */
static void test_make(const char *dir)
{
	size_t i;

	for (i = 0; i < NAWKWARD; i++) {
		struct buf mf = {0}, out = {0};
		char *argv[5], *want;

		if (strchr(awkward[i], '='))
			continue;	/* make has no way to write = */
		buf_adds(&mf, "all: missing/");
		CHECK(make_escape_path(&mf, awkward[i]) == 0);
		buf_adds(&mf, "\n\t@true\n");
		put_file(dir, "Makefile", mf.s);
		argv[0] = "make";
		argv[1] = "-s";
		argv[2] = "-C";
		argv[3] = (char *)dir;
		argv[4] = NULL;
		CHECK(run(argv, &out) == 2);
		want = xasprintf("No rule to make target 'missing/%s'", awkward[i]);
		if (!out.s || !strstr(out.s, want))
			fprintf(stderr, "make said: %s\nwanted: %s\n", out.s, want);
		CHECK(out.s && strstr(out.s, want));
		free(want);
		buf_free(&mf);
		buf_free(&out);
	}
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl = path_join(tmp && *tmp ? tmp : "/tmp", "gogen-escape-XXXXXX");
	char *dir, *sub;

	test_table();
	test_json();
	dir = mkdtemp(tmpl);
	CHECK(dir != NULL);
	if (dir && have_tool("ninja")) {
		sub = path_join(dir, "build");
		test_ninja_build(sub);
		free(sub);
		sub = path_join(dir, "dep");
		test_ninja_depfile(sub);
		free(sub);
	} else {
		fprintf(stderr, "ninja not found: skipping the ninja checks\n");
	}
	if (dir && have_tool("make")) {
		sub = path_join(dir, "make");
		test_make(sub);
		free(sub);
	}
	if (dir)
		remove_tree(dir);
	free(tmpl);
	return check_done();
}
