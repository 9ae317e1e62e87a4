/* test_detect.c - what detect.c must find in a Go file: the handler, near
 * misses, the package clause, top-level names and build constraints. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "detect.h"

static const struct strlist no_tags = {NULL, 0, 0};
static const char *const tag_v[] = {"netgo", "feature.x"};
static const struct strlist some_tags = {(char **)tag_v, 2, 2};

/* The usual target: Vercel's Go runtime builds for linux/amd64. */
static const struct build_ctx linux_amd64 = {"linux", "amd64", 0, 22, &no_tags};

#define IMPORT "package handler\n\nimport \"net/http\"\n\n"
#define SIG "(w http.ResponseWriter, r *http.Request)"

/* detect runs detect_source on src as path for ctx and checks it worked. */
static void detect(const char *path, const char *src, const struct build_ctx *ctx,
		   struct gofile *f, int line)
{
	char *err = NULL;
	int r = detect_source(path, src, strlen(src), ctx, f, &err);

	check_report(r == 0, "detect_source returns 0", __FILE__, line);
	if (r != 0)
		fprintf(stderr, "\t%s\n", err ? err : "(no message)");
	free(err);
}

/* handler_is checks that src (as api/x.go, linux/amd64) has the handler
 * want at want_line (want NULL: no handler). */
static void handler_is(const char *src, const char *want, int want_line, int line)
{
	struct gofile f;

	detect("api/x.go", src, &linux_amd64, &f, line);
	check_str(f.handler, want, "handler", __FILE__, line);
	if (want)
		check_report(f.handler_line == want_line, "handler line", __FILE__, line);
	if (want && f.handler) {
		check_report(f.handler_off < strlen(src) &&
			     strncmp(src + f.handler_off, want, strlen(want)) == 0,
			     "handler_off points at the name", __FILE__, line);
	}
	gofile_free(&f);
}

/* misses_are checks the near misses: names separated by spaces. */
static void misses_are(const char *src, const char *want, int line)
{
	struct gofile f;
	struct buf b = {0};
	size_t i;

	detect("api/x.go", src, &linux_amd64, &f, line);
	for (i = 0; i < f.nmisses; i++)
		buf_printf(&b, "%s%s:%d", i ? " " : "", f.misses[i].name, f.misses[i].line);
	check_str(b.s ? b.s : "", want, "near misses", __FILE__, line);
	buf_free(&b);
	gofile_free(&f);
}

/* decls_are checks the top-level names as "name:line name:line". */
static void decls_are(const char *src, const char *want, int line)
{
	struct gofile f;
	struct buf b = {0};
	size_t i;

	detect("api/x.go", src, &linux_amd64, &f, line);
	for (i = 0; i < f.ndecls; i++)
		buf_printf(&b, "%s%s:%d", i ? " " : "", f.decls[i].name, f.decls[i].line);
	check_str(b.s ? b.s : "", want, "decls", __FILE__, line);
	buf_free(&b);
	gofile_free(&f);
}

/* why_is checks the -v line for src saved as path. */
static void why_is(const char *path, const char *src, const struct build_ctx *ctx,
		   const char *want, int line)
{
	struct gofile f;

	detect(path, src, ctx, &f, line);
	check_str(f.why, want, "why", __FILE__, line);
	gofile_free(&f);
}

/* buildable_is checks whether src, saved as path, is selected for ctx. */
static void buildable_is(const char *path, const char *src, const struct build_ctx *ctx,
			 int want, int line)
{
	struct gofile f;

	detect(path, src, ctx, &f, line);
	check_report(f.buildable == want, want ? "buildable" : "not buildable", __FILE__, line);
	gofile_free(&f);
}

/* fails_with checks that detect_source rejects src with message want. */
static void fails_with(const char *src, const char *want, int line)
{
	struct gofile f;
	char *err = NULL;
	int r = detect_source("api/x.go", src, strlen(src), &linux_amd64, &f, &err);

	check_report(r == -1, "detect_source returns -1", __FILE__, line);
	check_str(err, want, "error message", __FILE__, line);
	check_report(f.package == NULL && f.ndecls == 0, "nothing left filled", __FILE__, line);
	gofile_free(&f);
	free(err);
}

#define HANDLER(src, name, ln) handler_is((src), (name), (ln), __LINE__)
#define NO_HANDLER(src) handler_is((src), NULL, 0, __LINE__)
#define MISSES(src, want) misses_are((src), (want), __LINE__)
#define DECLS(src, want) decls_are((src), (want), __LINE__)
#define WHY(path, src, ctx, want) why_is((path), (src), (ctx), (want), __LINE__)
#define BUILDABLE(path, src, ctx, want) buildable_is((path), (src), (ctx), (want), __LINE__)
#define FAILS(src, want) fails_with((src), (want), __LINE__)

static void test_handler_imports(void)
{
	HANDLER(IMPORT "func Handler" SIG " {}\n", "Handler", 5);
	/* aliased, single and grouped */
	HANDLER("package p\nimport nethttp \"net/http\"\n"
		"func A(w nethttp.ResponseWriter, r *nethttp.Request) {}\n", "A", 3);
	HANDLER("package p\n\nimport (\n\t\"fmt\"\n\tnethttp \"net/http\"\n)\n\n"
		"func A(w nethttp.ResponseWriter, r *nethttp.Request) { fmt.Println() }\n",
		"A", 8);
	/* dot import: the types go unqualified */
	HANDLER("package p\nimport . \"net/http\"\nfunc D(w ResponseWriter, r *Request) {}\n",
		"D", 3);
	/* imported twice under two names: either name works, even mixed */
	HANDLER("package p\nimport (\n\t\"net/http\"\n\th \"net/http\"\n)\n"
		"func T(w h.ResponseWriter, r *http.Request) {}\n", "T", 6);
	/* the path as a raw string, or spelled with an escape */
	HANDLER("package p\nimport `net/http`\nfunc R" SIG " {}\n", "R", 3);
	HANDLER("package p\nimport \"\\x6eet/http\"\nfunc E" SIG " {}\n", "E", 3);
	/* "_" gives no name to use */
	NO_HANDLER("package p\nimport _ \"net/http\"\nfunc U" SIG " {}\n");
	NO_HANDLER("package p\nimport \"net/https\"\nfunc U" SIG " {}\n");
	/* no import: a local ResponseWriter type is not net/http's */
	NO_HANDLER("package p\ntype ResponseWriter int\ntype Request int\n"
		   "func L(w ResponseWriter, r *Request) {}\n");
	/* a qualifier that is not net/http, or none without a dot import */
	NO_HANDLER("package p\nimport (\n\t\"net/http\"\n\tweb \"example.com/web\"\n)\n"
		   "func W(w web.ResponseWriter, r *web.Request) {}\nvar _ http.Header\n");
	NO_HANDLER(IMPORT "type ResponseWriter = http.ResponseWriter\n"
		   "func N(w ResponseWriter, r *http.Request) {}\n");
}

static void test_handler_signatures(void)
{
	/* parameter names: none, _, any identifier */
	HANDLER(IMPORT "func U(http.ResponseWriter, *http.Request) {}\n", "U", 5);
	HANDLER(IMPORT "func B(_ http.ResponseWriter, _ *http.Request) {}\n", "B", 5);
	HANDLER(IMPORT "func Q(rw http.ResponseWriter, req *http.Request) {}\n", "Q", 5);
	/* Go wants all parameters named or none */
	NO_HANDLER(IMPORT "func M(w http.ResponseWriter, *http.Request) {}\n");
	/* over several lines, with a trailing comma */
	HANDLER(IMPORT "func Multi(\n\tw http.ResponseWriter,\n\tr *http.Request,\n) {\n}\n",
		"Multi", 5);
	HANDLER(IMPORT "func T(w http.ResponseWriter, r *http.Request,) {}\n", "T", 5);
	/* comments between the tokens, spaces inside selectors */
	HANDLER(IMPORT "func /* a */ C /* b */ ( // c\n\tw /* d */ http /* e */ . "
		"ResponseWriter, // f\n\tr * /* g */ http.Request /* h */ ) /* i */ {\n}\n",
		"C", 5);
	/* an empty result list is no result */
	HANDLER(IMPORT "func E(w http.ResponseWriter, r *http.Request) () {}\n", "E", 5);
	/* results, type parameters, receivers, no body: not handlers */
	NO_HANDLER(IMPORT "func H" SIG " error { return nil }\n");
	NO_HANDLER(IMPORT "func H" SIG " (n int) { return }\n");
	NO_HANDLER(IMPORT "func H[T any]" SIG " {}\n");
	NO_HANDLER(IMPORT "type S struct{}\n\nfunc (s *S) H" SIG " {}\n");
	NO_HANDLER(IMPORT "type S struct{}\n\nfunc (S) H" SIG " {}\n");
	NO_HANDLER(IMPORT "func H" SIG "\n");
	/* a newline before the brace ends the declaration in Go */
	NO_HANDLER(IMPORT "func H" SIG "\n{\n}\n");
	/* wrong shapes */
	NO_HANDLER(IMPORT "func H(r *http.Request, w http.ResponseWriter) {}\n");
	NO_HANDLER(IMPORT "func H(w *http.ResponseWriter, r *http.Request) {}\n");
	NO_HANDLER(IMPORT "func H(w http.ResponseWriter, r http.Request) {}\n");
	NO_HANDLER(IMPORT "func H(w http.ResponseWriter, r *http.Request, n int) {}\n");
	NO_HANDLER(IMPORT "func H(w http.ResponseWriterX, r *http.Request) {}\n");
}

static void test_handler_names(void)
{
	NO_HANDLER(IMPORT "func handler" SIG " {}\n");
	NO_HANDLER(IMPORT "func _H" SIG " {}\n");
	/* Go exports a name whose first letter is an upper-case letter */
	HANDLER(IMPORT "func \xc3\x9cn\xc3\xaf" "code" SIG " {}\n", "\xc3\x9cn\xc3\xaf" "code", 5);
	HANDLER(IMPORT "func \xce\xa9mega" SIG " {}\n", "\xce\xa9mega", 5);
	NO_HANDLER(IMPORT "func \xc3\xb1" "ame" SIG " {}\n");
	HANDLER(IMPORT "func H_2\xc3\xa9" SIG " {}\n", "H_2\xc3\xa9", 5);
	/* the first of several wins */
	HANDLER(IMPORT "func First" SIG " {}\n\nfunc Second" SIG " {}\n", "First", 5);
	HANDLER(IMPORT "func lower" SIG " {}\nfunc Next" SIG " {}\n", "Next", 6);
}

static void test_handler_hidden(void)
{
	/* comments and literals never count */
	NO_HANDLER(IMPORT "// func Handler" SIG " {}\n");
	NO_HANDLER(IMPORT "/*\nfunc Handler" SIG " {\n}\n*/\n");
	NO_HANDLER(IMPORT "var s = `\nfunc Handler" SIG " {}\n`\n");
	NO_HANDLER(IMPORT "var s = \"func Handler" SIG " {}\"\n");
	NO_HANDLER(IMPORT "var s = \"\\\"\\\\\"; var t = \"func Handler" SIG " {}\"\n");
	/* not at top level: inside a body, or a literal in a var */
	NO_HANDLER(IMPORT "func outer() {\n\tfunc Handler" SIG " {}\n}\n");
	NO_HANDLER(IMPORT "var Handler = func" SIG " {}\n");
	NO_HANDLER(IMPORT "type I interface {\n\tServe" SIG "\n}\n");
	/* braces inside literals or comments do not shift the depth */
	HANDLER(IMPORT "func a() { _ = \"}\"; _ = '}'; _ = `}` /* } */ }\n// {\n"
		"func Handler" SIG " {}\n", "Handler", 7);
	HANDLER(IMPORT "var r = '\"'\nvar q = '\\''\nfunc Handler" SIG " {}\n",
		"Handler", 7);
	/* a whole file on one line */
	HANDLER("package p; import \"net/http\"; func H" SIG " {}", "H", 1);
}

static void test_handler_encoding(void)
{
	struct gofile f;
	const char *bom = "\xef\xbb\xbfpackage p\nimport \"net/http\"\nfunc H" SIG " {}\n";
	const char *crlf = "package p\r\n\r\nimport (\r\n\t\"net/http\"\r\n)\r\n\r\n"
			   "func Crlf(\r\n\tw http.ResponseWriter,\r\n\tr *http.Request,\r\n"
			   ") {\r\n}\r\n";

	HANDLER(crlf, "Crlf", 7);
	detect("api/x.go", bom, &linux_amd64, &f, __LINE__);
	CHECK(f.bom == 1);
	CHECK_STR(f.handler, "H");
	/* offsets count the byte order mark */
	CHECK(f.handler_off == 3 + 10 + 18 + 5);
	CHECK(f.package_off == 3 + 8);
	CHECK(f.package_line == 1);
	gofile_free(&f);
	/* bytes that are not UTF-8 never crash or match */
	NO_HANDLER(IMPORT "func H\xff" SIG " {}\n");
	HANDLER(IMPORT "var s = \"\xff\xfe\"\nfunc H" SIG " {}\n", "H", 6);
}

static void test_near_misses(void)
{
	MISSES(IMPORT "func Extra(w http.ResponseWriter, r *http.Request, n int) {}\n",
	       "Extra:5");
	MISSES(IMPORT "func Order(r *http.Request, w http.ResponseWriter) {}\n", "Order:5");
	MISSES(IMPORT "func Ptr(w *http.ResponseWriter, r *http.Request) {}\n", "Ptr:5");
	MISSES(IMPORT "func Val(w http.ResponseWriter, r http.Request) {}\n", "Val:5");
	MISSES(IMPORT "func Res(w http.ResponseWriter, r *http.Request) error {}\n", "Res:5");
	MISSES(IMPORT "func Gen[T any](w http.ResponseWriter, r *http.Request) {}\n", "Gen:5");
	MISSES(IMPORT "func One(w http.ResponseWriter) {}\nfunc Two(\n\tw http.ResponseWriter,"
	       "\n) {}\n", "One:5 Two:6");
	MISSES("package p\nimport h \"net/http\"\nfunc A(x int, w h.ResponseWriter) {}\n",
	       "A:3");
	MISSES("package p\nimport . \"net/http\"\nfunc D(w ResponseWriter) {}\n", "D:3");
	/* not for handlers, methods, unexported or bodyless functions */
	MISSES(IMPORT "func H" SIG " {}\n", "");
	MISSES(IMPORT "type S int\nfunc (S) M(w http.ResponseWriter) {}\n", "");
	MISSES(IMPORT "func h(w http.ResponseWriter) {}\n", "");
	MISSES(IMPORT "func H" SIG "\n", "");
	/* only net/http's ResponseWriter, and only as a type */
	MISSES(IMPORT "func F(w fake.ResponseWriter) {}\n", "");
	MISSES("package p\nimport . \"net/http\"\nfunc F(ResponseWriter int) {}\n", "");
	MISSES("package p\nimport \"fmt\"\nfunc F(w http.ResponseWriter) {}\n", "");
	/* a handler and a near miss in one file are both reported */
	MISSES(IMPORT "func Bad(w http.ResponseWriter) {}\nfunc Good" SIG " {}\n", "Bad:5");
}

static void test_why(void)
{
	WHY("api/x.go", IMPORT "\n\n\nfunc Handler" SIG " {}\n", &linux_amd64,
	    "handler Handler at line 8");
	WHY("api/x.go", IMPORT "func h" SIG " {}\n", &linux_amd64,
	    "no exported func(http.ResponseWriter, *http.Request)");
	WHY("api/x.go", IMPORT "func H(w http.ResponseWriter) {}\n", &linux_amd64,
	    "no exported func(http.ResponseWriter, *http.Request); "
	    "H at line 5 has another signature");
	WHY("api/x.go", "package p\n\nfunc H() {}\n", &linux_amd64, "does not import net/http");
	WHY("api/x.go", "package p\nimport _ \"net/http\"\n", &linux_amd64,
	    "imports net/http only as _");
	WHY("api/x.go", "// nothing\n", &linux_amd64, "no package clause");
	WHY("api/x_test.go", IMPORT, &linux_amd64, "test file");
	WHY("api/x_windows.go", IMPORT, &linux_amd64, "excluded by file name (_windows)");
	WHY("api/x_linux_arm64.go", IMPORT, &linux_amd64,
	    "excluded by file name (_linux_arm64)");
	WHY("api/x.go", "//go:build linux && arm64\n\n" IMPORT, &linux_amd64,
	    "excluded by //go:build linux && arm64");
	WHY("api/x.go", "// +build windows\n\n" IMPORT, &linux_amd64,
	    "excluded by // +build windows");
	WHY("api/_x.go", IMPORT, &linux_amd64, "ignored by go (name starts with _)");
}

static void test_package_and_main(void)
{
	struct gofile f;
	const char *src = "// Package doc.\n/* more */\npackage  shop // c\n\n"
			  "func (s S) main() {}\nfunc main() {}\n";

	detect("x.go", src, &linux_amd64, &f, __LINE__);
	CHECK_STR(f.package, "shop");
	CHECK(f.package_off == (size_t)(strstr(src, "shop") - src));
	CHECK(f.package_line == 3);
	/* the function, not the method */
	CHECK(f.main_off == (long)(strstr(src, "func main") - src) + 5);
	gofile_free(&f);
	detect("x.go", "package p\nfunc mainly() {}\nvar main = 1\n", &linux_amd64, &f, __LINE__);
	CHECK(f.main_off == -1);
	gofile_free(&f);
	/* the package clause must come first */
	detect("x.go", "var x = 1\npackage p\n", &linux_amd64, &f, __LINE__);
	CHECK(f.package == NULL);
	gofile_free(&f);
	/* gofile_free twice is harmless */
	gofile_free(&f);
	CHECK(f.main_off == -1 && f.decls == NULL);
}

static void test_decls(void)
{
	DECLS("package p\nfunc A() {}\nfunc init() {}\nfunc _() {}\nfunc init() {}\n"
	      "func main() {}\n", "A:2 main:6");
	DECLS("package p\nfunc (s *Srv) Get() {}\nfunc (Srv) Put() {}\n"
	      "func (s *Srv[T]) Del() {}\nfunc (m Map[K, V]) Len() int { return 0 }\n"
	      "func (Srv) _() {}\nfunc (s Srv) init() {}\n",
	      "Srv.Get:2 Srv.Put:3 Srv.Del:4 Map.Len:5 Srv.init:7");
	DECLS("package p\nvar (\n\ta, b = 1, 2\n\tc int\n)\n", "a:3 b:3 c:4");
	DECLS("package p\nconst (\n\tA = iota\n\tB\n\tC\n)\n", "A:3 B:4 C:5");
	DECLS("package p\nconst ( X = iota; Y; _; Z )\n", "X:2 Y:2 Z:2");
	DECLS("package p\ntype (\n\tX int\n\tY struct {\n\t\ta, b int\n\t}\n\tZ = X\n)\n",
	      "X:3 Y:4 Z:7");
	DECLS("package p\nvar x, y int\nvar _ = x\nvar _, z = 1, 2\n", "x:2 y:2 z:4");
	DECLS("package p\ntype G[T any] struct{ v T }\ntype A = G[int]\n", "G:2 A:3");
	/* expressions over several lines are not new specs */
	DECLS("package p\nvar (\n\tx = f(\n\t\ta,\n\t\tb,\n\t)\n\ty = []int{\n\t\t1,\n\t}\n"
	      "\tz = 1 +\n\t\t2\n)\n", "x:3 y:7 z:10");
	/* names inside bodies, literals and comments are not top level */
	DECLS("package p\nfunc F() {\n\tvar inner int\n\ttype T int\n\t_ = inner\n}\n"
	      "var s = `\nvar fake int\n`\n// var c int\n", "F:2 s:7");
	DECLS("package p\nimport (\n\t\"fmt\"\n\tx \"os\"\n)\nvar v = fmt.Sprint(x.Args)\n",
	      "v:6");
	DECLS("package p\nvar a = struct {\n\tb int\n}{b: 1}\nvar c = 2\n", "a:2 c:5");
	DECLS("package p\nvar \xc3\xa9t\xc3\xa9 = 1\ntype \xce\xa9 int\n",
	      "\xc3\xa9t\xc3\xa9:2 \xce\xa9:3");
}

static void test_garbage(void)
{
	static const char *const junk[] = {
		"", "\xef\xbb\xbf", "package", "package p\nfunc", "package p\nfunc (",
		"package p\nvar (", "package p\nimport (", "package p\n/* open", "\"open",
		"`open", "'", "}}}}{{", "package p\nfunc (s *) M() {}", "func (((((((",
		"package p\ntype ( X", "package p\nconst ( A = (", "\x00\x01\x02\xff\xfe",
		"package p\nimport \"net/http\"\nfunc H(w http.ResponseWriter, r *http.Request",
		"package p\nimport \"net/http\"\nfunc H(w http.", "//go:build", "// +build",
		"package p\nvar x = 'a\nvar y = \"b\nvar z int\n",
	};
	const char *trailing = IMPORT "func H" SIG " {}XXXX";
	struct gofile f;
	char *err;
	size_t i;
	int r;

	for (i = 0; i < sizeof junk / sizeof *junk; i++) {
		err = NULL;
		r = detect_source("api/x.go", junk[i], strlen(junk[i]), &linux_amd64, &f, &err);
		CHECK(r == 0 || (r == -1 && err));
		gofile_free(&f);
		free(err);
	}
	/* the source need not be NUL-terminated: only len bytes are read */
	err = NULL;
	r = detect_source("api/x.go", trailing, strlen(trailing) - 4, &linux_amd64, &f, &err);
	CHECK(r == 0);
	CHECK_STR(f.handler, "H");
	gofile_free(&f);
	/* an unterminated string ends at the line's end, as for Go */
	DECLS("package p\nvar x = \"abc\nvar y int\n", "x:2 y:3");
}

static void test_constraint_exprs(void)
{
	const struct build_ctx *c = &linux_amd64;

	CHECK(detect_constraint("linux", c) == 1);
	CHECK(detect_constraint("windows", c) == 0);
	CHECK(detect_constraint("linux && amd64", c) == 1);
	CHECK(detect_constraint("linux && arm64", c) == 0);
	CHECK(detect_constraint("windows || amd64", c) == 1);
	CHECK(detect_constraint("!windows", c) == 1);
	CHECK(detect_constraint("!(linux && amd64)", c) == 0);
	/* && binds tighter than || */
	CHECK(detect_constraint("amd64 || linux && windows", c) == 1);
	CHECK(detect_constraint("(amd64 || linux) && windows", c) == 0);
	CHECK(detect_constraint("  \tlinux\t ", c) == 1);
	/* malformed */
	CHECK(detect_constraint("", c) == -1);
	CHECK(detect_constraint("linux &", c) == -1);
	CHECK(detect_constraint("linux & amd64", c) == -1);
	CHECK(detect_constraint("linux ||", c) == -1);
	CHECK(detect_constraint("(linux", c) == -1);
	CHECK(detect_constraint("linux)", c) == -1);
	CHECK(detect_constraint("linux amd64", c) == -1);
	CHECK(detect_constraint("!!linux", c) == -1);
	CHECK(detect_constraint("!(!linux)", c) == 1);
	CHECK(detect_constraint("linux,amd64", c) == -1);
	CHECK(detect_constraint("linux-amd64", c) == -1);
	CHECK(detect_constraint("linux // comment", c) == -1);
}

static void test_constraint_tags(void)
{
	const struct build_ctx cgo = {"linux", "arm64", 1, 21, &some_tags};
	const struct build_ctx win = {"windows", "amd64", 0, 22, &no_tags};
	const struct build_ctx android = {"android", "arm64", 0, 22, &no_tags};
	const struct build_ctx illumos = {"illumos", "amd64", 0, 22, &no_tags};
	const struct build_ctx ios = {"ios", "arm64", 0, 22, &no_tags};
	const struct build_ctx darwin = {"darwin", "arm64", 0, 22, &no_tags};

	CHECK(detect_constraint("unix", &linux_amd64) == 1);
	CHECK(detect_constraint("unix", &darwin) == 1);
	CHECK(detect_constraint("unix", &win) == 0);
	CHECK(detect_constraint("cgo", &linux_amd64) == 0);
	CHECK(detect_constraint("cgo", &cgo) == 1);
	CHECK(detect_constraint("gc && !gccgo", &linux_amd64) == 1);
	/* release tags go1.1 .. go1.<go_minor> */
	CHECK(detect_constraint("go1.1", &linux_amd64) == 1);
	CHECK(detect_constraint("go1.22", &linux_amd64) == 1);
	CHECK(detect_constraint("go1.23", &linux_amd64) == 0);
	CHECK(detect_constraint("go1.22", &cgo) == 0);
	CHECK(detect_constraint("go1.01", &linux_amd64) == 0);
	CHECK(detect_constraint("go1.", &linux_amd64) == 0);
	CHECK(detect_constraint("go2", &linux_amd64) == 0);
	/* -tags */
	CHECK(detect_constraint("netgo && feature.x", &cgo) == 1);
	CHECK(detect_constraint("netgo", &linux_amd64) == 0);
	/* GOOS values that also build another's files */
	CHECK(detect_constraint("linux && android", &android) == 1);
	CHECK(detect_constraint("solaris && illumos", &illumos) == 1);
	CHECK(detect_constraint("darwin && ios", &ios) == 1);
	CHECK(detect_constraint("android || ios", &linux_amd64) == 0);
}

static void test_constraint_lines(void)
{
	const char *pkg = "package handler\n\nimport \"net/http\"\n\nfunc H" SIG " {}\n";
	const struct build_ctx cgo = {"linux", "amd64", 1, 22, &some_tags};
	struct gofile f;
	struct buf b = {0};

	BUILDABLE("x.go", "//go:build linux\n\npackage p\n", &linux_amd64, 1);
	BUILDABLE("x.go", "//go:build !linux\n\npackage p\n", &linux_amd64, 0);
	/* after other comments and blank lines, without a blank line after */
	BUILDABLE("x.go", "// Copyright\n\n// doc\n//go:build windows\npackage p\n",
		  &linux_amd64, 0);
	BUILDABLE("x.go", "/* block */\n//go:build windows\npackage p\n", &linux_amd64, 0);
	/* not in a block comment, not after the package clause */
	BUILDABLE("x.go", "/*\n//go:build windows\n*/\npackage p\n", &linux_amd64, 1);
	BUILDABLE("x.go", "package p\n//go:build windows\n", &linux_amd64, 1);
	BUILDABLE("x.go", "//go:buildwindows\npackage p\n", &linux_amd64, 1);
	BUILDABLE("x.go", "  //go:build windows  \r\n\r\npackage p\r\n", &linux_amd64, 0);
	BUILDABLE("x.go", "\xef\xbb\xbf//go:build windows\n\npackage p\n", &linux_amd64, 0);
	/* // +build: words OR-ed, commas AND-ed, ! negates, lines AND-ed */
	BUILDABLE("x.go", "// +build windows linux\n\npackage p\n", &linux_amd64, 1);
	BUILDABLE("x.go", "// +build linux,arm64\n\npackage p\n", &linux_amd64, 0);
	BUILDABLE("x.go", "// +build linux,!arm64\n\npackage p\n", &linux_amd64, 1);
	BUILDABLE("x.go", "// +build linux\n// +build cgo\n\npackage p\n", &linux_amd64, 0);
	BUILDABLE("x.go", "// +build linux\n// +build cgo\n\npackage p\n", &cgo, 1);
	BUILDABLE("x.go", "//+build windows\n\npackage p\n", &linux_amd64, 0);
	BUILDABLE("x.go", "// +build !!linux\n\npackage p\n", &linux_amd64, 0);
	BUILDABLE("x.go", "// +build\n\npackage p\n", &linux_amd64, 0);
	BUILDABLE("x.go", "// +buildwindows\n\npackage p\n", &linux_amd64, 1);
	/* without a blank line before the package clause it is doc text */
	BUILDABLE("x.go", "// +build windows\npackage p\n", &linux_amd64, 1);
	BUILDABLE("x.go", "// +build windows\n// doc\n\n// more\npackage p\n", &linux_amd64, 0);
	/* //go:build wins over // +build */
	BUILDABLE("x.go", "//go:build linux\n// +build windows\n\npackage p\n", &linux_amd64, 1);
	/* an excluded file keeps its package and names, but offers no handler */
	detect("x.go", "//go:build windows\n\n" "package handler\n\nimport \"net/http\"\n\n"
	       "func H" SIG " {}\n", &linux_amd64, &f, __LINE__);
	CHECK(f.buildable == 0);
	CHECK_STR(f.package, "handler");
	CHECK(f.handler == NULL);
	CHECK(f.ndecls == 1 && f.decls[0].line == 7);
	gofile_free(&f);
	buf_printf(&b, "//go:build linux && (amd64 || arm64) && !cgo\n\n%s", pkg);
	HANDLER(b.s, "H", 7);
	buf_free(&b);
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
}

static void test_file_names(void)
{
	const struct build_ctx *c = &linux_amd64;
	const struct build_ctx android = {"android", "arm64", 0, 22, &no_tags};
	const struct build_ctx illumos = {"illumos", "amd64", 0, 22, &no_tags};
	const struct build_ctx ios = {"ios", "arm64", 0, 22, &no_tags};

	CHECK(detect_file_name("index.go", c) == 1);
	CHECK(detect_file_name("index_test.go", c) == 0);
	CHECK(detect_file_name("x_linux_test.go", c) == 0);
	CHECK(detect_file_name("x_windows.go", c) == 0);
	CHECK(detect_file_name("x_linux.go", c) == 1);
	CHECK(detect_file_name("x_arm64.go", c) == 0);
	CHECK(detect_file_name("x_amd64.go", c) == 1);
	CHECK(detect_file_name("x_linux_amd64.go", c) == 1);
	CHECK(detect_file_name("x_linux_arm64.go", c) == 0);
	CHECK(detect_file_name("x_windows_amd64.go", c) == 0);
	CHECK(detect_file_name("a_b_c_wasip1_wasm.go", c) == 0);
	/* a bare GOOS or GOARCH name is no constraint */
	CHECK(detect_file_name("windows.go", c) == 1);
	CHECK(detect_file_name("arm64.go", c) == 1);
	/* only what follows the first _ counts: this is just _amd64 */
	CHECK(detect_file_name("windows_amd64.go", c) == 1);
	/* unknown words, and "unix", are no constraint */
	CHECK(detect_file_name("x_unix.go", c) == 1);
	CHECK(detect_file_name("x_foo.go", c) == 1);
	CHECK(detect_file_name("x_windows_foo.go", c) == 1);
	CHECK(detect_file_name("x_foo_arm.go", c) == 0);
	/* the name ends at its first dot */
	CHECK(detect_file_name("x_windows.pb.go", c) == 0);
	/* GOOS values that build another's files */
	CHECK(detect_file_name("x_linux.go", &android) == 1);
	CHECK(detect_file_name("x_android.go", c) == 0);
	CHECK(detect_file_name("x_solaris.go", &illumos) == 1);
	CHECK(detect_file_name("x_darwin_arm64.go", &ios) == 1);
	/* go ignores names starting with _ or ., and other files */
	CHECK(detect_file_name("_x.go", c) == 0);
	CHECK(detect_file_name(".x.go", c) == 0);
	CHECK(detect_file_name("x.c", c) == 0);
	CHECK(detect_file_name("x.go.txt", c) == 0);
}

static void test_cgo(void)
{
	const struct build_ctx cgo = {"linux", "amd64", 1, 22, &no_tags};
	const char *src = "package p\n\n// #include <stdio.h>\nimport \"C\"\n"
			  "import \"net/http\"\n\nfunc H" SIG " {}\n";

	BUILDABLE("api/x.go", src, &linux_amd64, 0);
	BUILDABLE("api/x.go", src, &cgo, 1);
	WHY("api/x.go", src, &linux_amd64, "uses cgo (import \"C\") and cgo is off");
}

/* One detector serves many files, with the same answers. */
static void test_detector_reuse(void)
{
	struct detector *d = detector_new();
	const char *a = IMPORT "func A" SIG " {}\n";
	const char *b = "package p\nimport h \"net/http\"\nfunc B(w h.ResponseWriter) {}\n";
	struct gofile f;
	char *err = NULL;
	int i;

	for (i = 0; i < 3; i++) {
		CHECK(detector_source(d, "a.go", a, strlen(a), &linux_amd64, &f, &err) == 0);
		CHECK_STR(f.handler, "A");
		gofile_free(&f);
		CHECK(detector_source(d, "b.go", b, strlen(b), &linux_amd64, &f, &err) == 0);
		CHECK(f.handler == NULL && f.nmisses == 1);
		gofile_free(&f);
	}
	detector_free(d);
}

int main(void)
{
	test_handler_imports();
	test_handler_signatures();
	test_handler_names();
	test_handler_hidden();
	test_handler_encoding();
	test_near_misses();
	test_why();
	test_package_and_main();
	test_decls();
	test_garbage();
	test_constraint_exprs();
	test_constraint_tags();
	test_constraint_lines();
	test_file_names();
	test_cgo();
	test_detector_reuse();
	return check_done();
}
