/* test_detect.c - what detect.c must find in a Go file: the handler, near
 * misses, the package clause, top-level names, whether build constraints
 * leave the file out; and the identifiers used, which golex.c finds. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "detect.h"
#include "golex.h"

static const struct strlist no_tags = {NULL, 0, 0};

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

/* detect_source applies the file-name and constraint rules of
 * constraint.c (tested in test_constraint.c) and keeps their reasons. */
static void test_constraints(void)
{
	const char *pkg = "package handler\n\nimport \"net/http\"\n\nfunc H" SIG " {}\n";
	struct gofile f;
	struct buf b = {0};

	BUILDABLE("x.go", "//go:build linux\n\npackage p\n", &linux_amd64, 1);
	BUILDABLE("x.go", "//go:build !linux\n\npackage p\n", &linux_amd64, 0);
	BUILDABLE("x.go", "// +build windows\n\npackage p\n", &linux_amd64, 0);
	BUILDABLE("x.go", "\xef\xbb\xbf//go:build windows\n\npackage p\n", &linux_amd64, 0);
	BUILDABLE("x_windows.go", "package p\n", &linux_amd64, 0);
	CHECK(detect_file_name("x_linux.go", &linux_amd64) == 1);
	CHECK(detect_file_name("x_windows.go", &linux_amd64) == 0);
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
	FAILS("//go:build linux\n//go:build amd64\npackage p\n",
	      "api/x.go:2: multiple //go:build lines");
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

/* idents_are checks golex_idents on the n bytes at src: its result
 * want_rc and the identifiers, sorted and separated by spaces. */
static void idents_are(const char *src, size_t n, int want_rc, const char *want, int line)
{
	struct strset set = {0};
	struct strlist l = {0};
	struct buf b = {0};
	size_t i;
	int rc = golex_idents(src, n, &set);

	check_report(rc == want_rc, want_rc ? "golex_idents returns -1" :
		     "golex_idents returns 0", __FILE__, line);
	for (i = 0; i < set.cap; i++)
		if (set.slot[i])
			strlist_add(&l, set.slot[i]);
	strlist_sort(&l);
	for (i = 0; i < l.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", l.v[i]);
	check_str(b.s ? b.s : "", want, "identifiers", __FILE__, line);
	buf_free(&b);
	strlist_free(&l);
	strset_free(&set);
}

#define IDENTS(src, want) idents_are((src), strlen(src), 0, (want), __LINE__)
#define IDENTS_BAD(src, want) idents_are((src), strlen(src), -1, (want), __LINE__)

static void test_idents(void)
{
	struct strset set = {0};
	const char *two = "a b";
	size_t i;

	/* bodies count as much as the top level; selectors count too */
	IDENTS("package p\nfunc F(x int) int {\n\tif x > 0 { return g(x) + y.Z }\n\treturn 0\n}\n",
	       "F Z g int p x y");
	IDENTS("import (\n\t\"fmt\"\n\tstr \"strings\"\n)\nvar _ = fmt.Sprint(str.ToUpper)\n",
	       "Sprint ToUpper _ fmt str");
	/* comments */
	IDENTS("// a b\n/* c\nd */ e /**/f//g\n/* h */", "e f");
	/* interpreted strings, escapes included */
	IDENTS("x := \"s t\" + \"\\\"u\\\" v\" + w", "w x");
	/* raw strings, over lines, and struct tags */
	IDENTS("s := `l\nm \\` + n\ntype T struct { A int `json:\"a\"` }", "A T int n s");
	/* runes, quotes and escapes included */
	IDENTS("r := 'o' + '\\'' + '\"' + '\\x41' + '\\u00e9' + p", "p r");
	/* Unicode identifiers: letters of any script */
	IDENTS("var \xc3\xa9t\xc3\xa9, \xce\xa9mega = \xe5\x90\x8d, _x1",
	       "_x1 \xc3\xa9t\xc3\xa9 \xce\xa9mega \xe5\x90\x8d");
	/* keywords are left out, predeclared names are not */
	IDENTS("break case chan const continue default defer else fallthrough for func go "
	       "goto if import interface map package range return select struct switch "
	       "type var", "");
	IDENTS("var b bool = true || len(nil) > iota; type I interface{ any }",
	       "I any b bool iota len nil true");
	/* a byte order mark is not part of the first name */
	IDENTS("\xef\xbb\xbfpackage p\nvar q", "p q");
	IDENTS("\xef\xbb\xbf" "a", "a");
	/* CRLF line ends */
	IDENTS("package p\r\n\r\nvar a = b // c\r\n/* d\r\n */ e\r\n", "a b e p");
	/* numbers hide no names, and no name hides in a number */
	IDENTS("x := 0xE+y - 1e+5 + 0x1p-2*v + 1_000i + .5 + 0b1 + 0o7 + 07", "v x y");
	/* only n bytes are read, and an empty source has none */
	idents_are("abc", 2, 0, "ab", __LINE__);
	IDENTS("", "");
	idents_are(NULL, 0, 0, "", __LINE__);
	/* what Go cannot lex: -1, with the names found all the same */
	IDENTS_BAD("a /* open\nb", "a");
	IDENTS_BAD("a `open\nb", "a");
	IDENTS_BAD("a \"open\nb", "a b");
	IDENTS_BAD("a 'b\nc", "a c");
	IDENTS_BAD("a\xff" "b \xc0\x80", "a b");
	IDENTS_BAD("a\xed\xa0\x80" "b", "a b");
	idents_are("a\0b", 3, -1, "a b", __LINE__);
	/* a symbol glued to a name, a name starting with a digit */
	IDENTS_BAD("\xe2\x98\xb9m x\xe2\x98\xb9y", "m x y");
	IDENTS_BAD("\xd9\xa3" "ab c\xc2\xa0" "d", "ab c d");
	IDENTS_BAD("a \xef\xbb\xbf b", "a b");
	IDENTS("x\xd9\xa3 \xe4\xb8\x96\xe7\x95\x8c", "x\xd9\xa3 \xe4\xb8\x96\xe7\x95\x8c");
	/* but bad bytes inside comments and literals do no harm */
	IDENTS("// \xff\n\"\xfe\" + c", "c");
	/* the set gathers names over calls, each once */
	CHECK(golex_idents(two, strlen(two), &set) == 0);
	CHECK(golex_idents("b c b", 5, &set) == 0);
	CHECK(set.n == 3 && strset_has(&set, "a") && strset_has(&set, "c"));
	strset_free(&set);
	/* nothing crashes or leaks on junk (run under valgrind) */
	for (i = 0; i < 256; i++) {
		char junk[4] = {(char)i, '"', (char)(255 - i), '`'};

		golex_idents(junk, sizeof junk, &set);
		golex_idents(junk, 1, &set);
	}
	strset_free(&set);
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
	test_constraints();
	test_cgo();
	test_idents();
	test_detector_reuse();
	return check_done();
}
