/* test_constraint.c - which files go build would compile for a target:
 * file-name suffixes, //go:build expressions and // +build lines. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "constraint.h"

static const struct strlist no_tags = {NULL, 0, 0};
static const char *const tag_v[] = {"netgo", "feature.x"};
static const struct strlist some_tags = {(char **)tag_v, 2, 2};

/* The usual target: Vercel's Go runtime builds for linux/amd64. */
static const struct build_ctx linux_amd64 = {"linux", "amd64", 0, 22, &no_tags};

/* eval runs constraint_eval on a whole NUL-terminated expression. */
static int eval(const char *expr, const struct build_ctx *ctx)
{
	return constraint_eval(expr, strlen(expr), ctx, NULL, 0);
}

/* eval_fails checks that expr is malformed, for the reason want. */
static void eval_fails(const char *expr, const char *want, int line)
{
	char err[80] = "";

	check_report(constraint_eval(expr, strlen(expr), &linux_amd64, err, sizeof err) == -1,
		     "constraint_eval returns -1", __FILE__, line);
	check_str(err, want, "reason", __FILE__, line);
}

/* selects checks what constraint_source says of src (as x.go): want 1 or
 * 0, a reason exactly when 0 (and equal to why when why is not NULL). */
static void selects(const char *src, const struct build_ctx *ctx, int want, const char *why,
		    int line)
{
	char *got_why = NULL, *err = NULL;
	int r = constraint_source("x.go", src, strlen(src), ctx, &got_why, &err);

	check_report(r == want, want ? "selected" : "excluded", __FILE__, line);
	check_report((r == 0) == (got_why != NULL), "a reason exactly when excluded",
		     __FILE__, line);
	if (why)
		check_str(got_why, why, "why", __FILE__, line);
	check_report(err == NULL, "no error", __FILE__, line);
	if (err)
		fprintf(stderr, "\t%s\n", err);
	free(got_why);
	free(err);
}

/* source_fails checks that constraint_source rejects src with message want. */
static void source_fails(const char *src, const char *want, int line)
{
	char *why = NULL, *err = NULL;
	int r = constraint_source("api/x.go", src, strlen(src), &linux_amd64, &why, &err);

	check_report(r == -1, "constraint_source returns -1", __FILE__, line);
	check_str(err, want, "error message", __FILE__, line);
	check_report(why == NULL, "no reason", __FILE__, line);
	free(why);
	free(err);
}

/* name_is checks constraint_file_name on base for linux/amd64: want, and
 * the reason why (NULL: none) it gives. */
static void name_is(const char *base, int want, const char *why, int line)
{
	char *got = NULL;

	check_report(constraint_file_name(base, &linux_amd64, &got) == want,
		     want ? "name selected" : "name excluded", __FILE__, line);
	check_str(got, why, "why", __FILE__, line);
	free(got);
}

#define EVAL_FAILS(expr, want) eval_fails((expr), (want), __LINE__)
#define SELECTS(src, ctx, want) selects((src), (ctx), (want), NULL, __LINE__)
#define WHY(src, why) selects((src), &linux_amd64, 0, (why), __LINE__)
#define FAILS(src, want) source_fails((src), (want), __LINE__)
#define NAME(base, want, why) name_is((base), (want), (why), __LINE__)

static void test_exprs(void)
{
	const struct build_ctx *c = &linux_amd64;

	CHECK(eval("linux", c) == 1);
	CHECK(eval("windows", c) == 0);
	CHECK(eval("linux && amd64", c) == 1);
	CHECK(eval("linux && arm64", c) == 0);
	CHECK(eval("windows || amd64", c) == 1);
	CHECK(eval("!windows", c) == 1);
	CHECK(eval("!(linux && amd64)", c) == 0);
	/* && binds tighter than || */
	CHECK(eval("amd64 || linux && windows", c) == 1);
	CHECK(eval("(amd64 || linux) && windows", c) == 0);
	CHECK(eval("  \tlinux\t ", c) == 1);
	/* malformed */
	CHECK(eval("", c) == -1);
	CHECK(eval("linux &", c) == -1);
	CHECK(eval("linux & amd64", c) == -1);
	CHECK(eval("linux ||", c) == -1);
	CHECK(eval("(linux", c) == -1);
	CHECK(eval("linux)", c) == -1);
	CHECK(eval("linux amd64", c) == -1);
	CHECK(eval("!!linux", c) == -1);
	CHECK(eval("!(!linux)", c) == 1);
	CHECK(eval("linux,amd64", c) == -1);
	CHECK(eval("linux-amd64", c) == -1);
	CHECK(eval("linux // comment", c) == -1);
	/* only n bytes are read: the expression need not end in a NUL */
	CHECK(constraint_eval("linux && windows", 5, c, NULL, 0) == 1);
}

static void test_expr_errors(void)
{
	struct buf b = {0};
	char small[8];
	int i;

	EVAL_FAILS("", "unexpected end of expression");
	EVAL_FAILS("linux &&", "unexpected end of expression");
	EVAL_FAILS("(linux", "missing )");
	EVAL_FAILS("linux | amd64", "unexpected '|'");
	EVAL_FAILS("linux amd64", "unexpected 'amd64'");
	EVAL_FAILS("!!linux", "!! is not allowed");
	EVAL_FAILS("linux\x01", "unexpected byte 0x01");
	/* deep or long expressions stop at a bound, never overflow the stack */
	for (i = 0; i < 2000; i++)
		buf_adds(&b, "(");
	EVAL_FAILS(b.s, "expression too large");
	buf_reset(&b);
	for (i = 0; i < 1001; i++)
		buf_printf(&b, "%sx", i ? " || " : "");
	EVAL_FAILS(b.s, "expression too large");
	buf_free(&b);
	/* the reason is cut to the buffer given */
	CHECK(constraint_eval("(linux", 6, &linux_amd64, small, sizeof small) == -1);
	CHECK_STR(small, "missing");
}

static void test_tags(void)
{
	const struct build_ctx cgo = {"linux", "arm64", 1, 21, &some_tags};
	const struct build_ctx win = {"windows", "amd64", 0, 22, &no_tags};
	const struct build_ctx android = {"android", "arm64", 0, 22, &no_tags};
	const struct build_ctx illumos = {"illumos", "amd64", 0, 22, &no_tags};
	const struct build_ctx ios = {"ios", "arm64", 0, 22, &no_tags};
	const struct build_ctx darwin = {"darwin", "arm64", 0, 22, &no_tags};
	const struct build_ctx empty = {NULL, NULL, 0, 0, NULL};

	CHECK(eval("unix", &linux_amd64) == 1);
	CHECK(eval("unix", &darwin) == 1);
	CHECK(eval("unix", &win) == 0);
	CHECK(eval("cgo", &linux_amd64) == 0);
	CHECK(eval("cgo", &cgo) == 1);
	CHECK(eval("gc && !gccgo", &linux_amd64) == 1);
	/* release tags go1.1 .. go1.<go_minor> */
	CHECK(eval("go1.1", &linux_amd64) == 1);
	CHECK(eval("go1.22", &linux_amd64) == 1);
	CHECK(eval("go1.23", &linux_amd64) == 0);
	CHECK(eval("go1.22", &cgo) == 0);
	CHECK(eval("go1.01", &linux_amd64) == 0);
	CHECK(eval("go1.", &linux_amd64) == 0);
	CHECK(eval("go2", &linux_amd64) == 0);
	CHECK(eval("go1.99999999999999999999", &linux_amd64) == 0);
	/* -tags */
	CHECK(eval("netgo && feature.x", &cgo) == 1);
	CHECK(eval("netgo", &linux_amd64) == 0);
	/* GOOS values that also build another's files */
	CHECK(eval("linux && android", &android) == 1);
	CHECK(eval("solaris && illumos", &illumos) == 1);
	CHECK(eval("darwin && ios", &ios) == 1);
	CHECK(eval("android || ios", &linux_amd64) == 0);
	/* a context with nothing set matches only gc */
	CHECK(eval("linux || amd64 || unix || go1.1 || cgo", &empty) == 0);
	CHECK(eval("gc", &empty) == 1);
}

static void test_lines(void)
{
	const struct build_ctx cgo = {"linux", "amd64", 1, 22, &some_tags};
	struct buf b = {0};
	int i;

	SELECTS("//go:build linux\n\npackage p\n", &linux_amd64, 1);
	SELECTS("//go:build !linux\n\npackage p\n", &linux_amd64, 0);
	SELECTS("package p\n", &linux_amd64, 1);
	SELECTS("", &linux_amd64, 1);
	/* after other comments and blank lines, without a blank line after */
	SELECTS("// Copyright\n\n// doc\n//go:build windows\npackage p\n", &linux_amd64, 0);
	SELECTS("/* block */\n//go:build windows\npackage p\n", &linux_amd64, 0);
	/* not in a block comment, not after the package clause */
	SELECTS("/*\n//go:build windows\n*/\npackage p\n", &linux_amd64, 1);
	SELECTS("package p\n//go:build windows\n", &linux_amd64, 1);
	SELECTS("//go:buildwindows\npackage p\n", &linux_amd64, 1);
	SELECTS("  //go:build windows  \r\n\r\npackage p\r\n", &linux_amd64, 0);
	SELECTS("\xef\xbb\xbf//go:build windows\n\npackage p\n", &linux_amd64, 0);
	/* // +build: words OR-ed, commas AND-ed, ! negates, lines AND-ed */
	SELECTS("// +build windows linux\n\npackage p\n", &linux_amd64, 1);
	SELECTS("// +build linux,arm64\n\npackage p\n", &linux_amd64, 0);
	SELECTS("// +build linux,!arm64\n\npackage p\n", &linux_amd64, 1);
	SELECTS("// +build linux\n// +build cgo\n\npackage p\n", &linux_amd64, 0);
	SELECTS("// +build linux\n// +build cgo\n\npackage p\n", &cgo, 1);
	SELECTS("//+build windows\n\npackage p\n", &linux_amd64, 0);
	SELECTS("// +build !!linux\n\npackage p\n", &linux_amd64, 0);
	SELECTS("// +build\n\npackage p\n", &linux_amd64, 0);
	SELECTS("// +buildwindows\n\npackage p\n", &linux_amd64, 1);
	/* without a blank line before the package clause it is doc text */
	SELECTS("// +build windows\npackage p\n", &linux_amd64, 1);
	SELECTS("// +build windows\n// doc\n\n// more\npackage p\n", &linux_amd64, 0);
	/* //go:build wins over // +build */
	SELECTS("//go:build linux\n// +build windows\n\npackage p\n", &linux_amd64, 1);
	/* as in go/build, a // +build line with over 100 operators is ignored */
	buf_adds(&b, "// +build windows");
	for (i = 0; i < 101; i++)
		buf_adds(&b, ",windows");
	buf_adds(&b, "\n\npackage p\n");
	SELECTS(b.s, &linux_amd64, 1);
	buf_free(&b);
	/* only len bytes are read */
	CHECK(constraint_source("x.go", "//go:build linuxXX", 16, &linux_amd64, NULL, NULL) == 1);
	/* the reasons, in the user's terms */
	WHY("//go:build linux && arm64\n\npackage p\n", "excluded by //go:build linux && arm64");
	WHY("// +build windows\n\npackage p\n", "excluded by // +build windows");
	WHY("// +build linux\n// +build  arm64,!cgo \n\npackage p\n",
	    "excluded by // +build  arm64,!cgo");
}

static void test_line_errors(void)
{
	/* malformed lines are errors with the file and line */
	FAILS("// doc\n\n//go:build linux &&\n\npackage p\n",
	      "api/x.go:3: bad //go:build line: unexpected end of expression");
	FAILS("//go:build (linux\npackage p\n", "api/x.go:1: bad //go:build line: missing )");
	FAILS("//go:build\npackage p\n",
	      "api/x.go:1: bad //go:build line: unexpected end of expression");
	FAILS("//go:build linux\n//go:build amd64\npackage p\n",
	      "api/x.go:2: multiple //go:build lines");
	FAILS("//go:build linux | amd64\npackage p\n",
	      "api/x.go:1: bad //go:build line: unexpected '|'");
	/* the message pointers are optional */
	CHECK(constraint_source("x.go", "//go:build (\n", 12, &linux_amd64, NULL, NULL) == -1);
	CHECK(constraint_source("x.go", "//go:build !linux\n", 18, &linux_amd64, NULL, NULL) == 0);
}

static void test_file_names(void)
{
	const struct build_ctx *c = &linux_amd64;
	const struct build_ctx android = {"android", "arm64", 0, 22, &no_tags};
	const struct build_ctx illumos = {"illumos", "amd64", 0, 22, &no_tags};
	const struct build_ctx ios = {"ios", "arm64", 0, 22, &no_tags};

	NAME("index.go", 1, NULL);
	NAME("index_test.go", 0, "test file");
	NAME("x_linux_test.go", 0, "test file");
	NAME("x_windows.go", 0, "excluded by file name (_windows)");
	NAME("x_linux.go", 1, NULL);
	NAME("x_arm64.go", 0, "excluded by file name (_arm64)");
	NAME("x_amd64.go", 1, NULL);
	NAME("x_linux_amd64.go", 1, NULL);
	NAME("x_linux_arm64.go", 0, "excluded by file name (_linux_arm64)");
	NAME("x_windows_amd64.go", 0, "excluded by file name (_windows_amd64)");
	NAME("a_b_c_wasip1_wasm.go", 0, "excluded by file name (_wasip1_wasm)");
	/* a bare GOOS or GOARCH name is no constraint */
	NAME("windows.go", 1, NULL);
	NAME("arm64.go", 1, NULL);
	/* only what follows the first _ counts: this is just _amd64 */
	NAME("windows_amd64.go", 1, NULL);
	/* unknown words, and "unix", are no constraint */
	NAME("x_unix.go", 1, NULL);
	NAME("x_foo.go", 1, NULL);
	NAME("x_windows_foo.go", 1, NULL);
	NAME("x_foo_arm.go", 0, "excluded by file name (_arm)");
	/* the name ends at its first dot */
	NAME("x_windows.pb.go", 0, "excluded by file name (_windows)");
	/* go ignores names starting with _ or ., and other files */
	NAME("_x.go", 0, "ignored by go (name starts with _)");
	NAME(".x.go", 0, "ignored by go (name starts with .)");
	NAME("x.c", 0, "not a .go file");
	NAME("x.go.txt", 0, "not a .go file");
	NAME("x_.go", 1, NULL);
	NAME("x__linux.go", 1, NULL);
	/* GOOS values that build another's files */
	CHECK(constraint_file_name("x_linux.go", &android, NULL) == 1);
	CHECK(constraint_file_name("x_android.go", c, NULL) == 0);
	CHECK(constraint_file_name("x_solaris.go", &illumos, NULL) == 1);
	CHECK(constraint_file_name("x_darwin_arm64.go", &ios, NULL) == 1);
}

int main(void)
{
	test_exprs();
	test_expr_errors();
	test_tags();
	test_lines();
	test_line_errors();
	test_file_names();
	return check_done();
}
