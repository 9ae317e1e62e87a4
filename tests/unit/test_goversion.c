/* test_goversion.c - version names and order, the patch table, and which
 * Go release a go.mod (and GOTOOLCHAIN) ends up with.
 * Build: cc -Igen tests/unit/test_goversion.c gen/goversion.c gen/gomod.c gen/util.c */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "goversion.h"

/* A copy of data/go-versions.txt as it stood when these cases were
 * written, so that new patch releases in the real table do not move the
 * expectations. */
static const char table_text[] =
	"# Latest patch release of each Go minor version.\n"
	"1.27\t1.27.1\n1.26\t1.26.8\n1.25\t1.25.8\n1.24\t1.24.13\n1.23\t1.23.12\n"
	"1.22\t1.22.12\n1.21\t1.21.13\n1.20\t1.20.14\n1.19\t1.19.13\n1.18\t1.18.10\n"
	"1.17\t1.17.13\n1.16\t1.16.15\n1.15\t1.15.15\n1.14\t1.14.15\n1.13\t1.13.15\n";

struct sel {
	const char *name;
	const char *gomod;		/* NULL: no go.mod at all */
	const char *gotoolchain;
	const char *dflt;
	const char *version;		/* NULL with local set, or on error */
	int local;
	const char *warning;
	const char *error;		/* from gomod_parse or goversion_select */
};

static const struct sel sels[] = {
	{"no go.mod", NULL, NULL, "1.20", "1.20.14", 0, NULL, NULL},
	{"no go line", "module m\n", NULL, "1.20", "1.20.14", 0, NULL, NULL},
	{"default with patch", "module m\n", NULL, "1.21.4", "1.21.4", 0, NULL, NULL},
	{"go 1.20.0 is go1.20", "module m\ngo 1.20.0\n", NULL, "1.20", "1.20", 0, NULL, NULL},
	{"go 1.16.0", "go 1.16.0\n", NULL, "1.20", "1.16", 0, NULL, NULL},
	{"go 1.20", "go 1.20\n", NULL, "1.20", "1.20.14", 0, NULL, NULL},
	{"go 1.21", "module m\ngo 1.21\n", NULL, "1.20", "1.21.13", 0, NULL, NULL},
	{"go 1.21.0", "module m\ngo 1.21.0\n", NULL, "1.20", "1.21.0", 0, NULL, NULL},
	{"go 1.21.1", "module m\ngo 1.21.1\n", NULL, "1.20", "1.21.1", 0, NULL, NULL},
	{"go 1.22rc1", "module m\ngo 1.22rc1\n", NULL, "1.20", "1.22rc1", 0, NULL, NULL},
	{"go 1.21beta1", "go 1.21beta1\n", NULL, "1.20", "1.21beta1", 0, NULL, NULL},
	{"go 1.13", "module m\ngo 1.13\n", NULL, "1.20", "1.13.15", 0, NULL, NULL},
	{"go 1.27", "module m\ngo 1.27\n", NULL, "1.20", "1.27.1", 0, NULL, NULL},
	{"go 1.28", "module m\ngo 1.28\n", NULL, "1.20", "1.28.0", 0,
	 "go 1.28 is newer than gogen's version table (latest 1.27); using 1.28.0", NULL},
	{"go 1.28.3", "go 1.28.3\n", NULL, "1.20", "1.28.3", 0, NULL, NULL},
	{"go 1.12", "go 1.12\n", NULL, "1.20", "1.12", 0,
	 "go 1.12 is not in gogen's version table; using 1.12", NULL},
	{"comments and CRLF", "// c\r\nmodule m // x\r\n\r\ngo 1.23 // lang\r\n", NULL, "1.20",
	 "1.23.12", 0, NULL, NULL},
	{"block forms", "module m\nrequire (\n\ta v1.0.0\n\tb v1.2.0 // indirect\n)\n"
	 "replace (\n\ta => ../a\n)\ngo 1.24.2\n", NULL, "1.20", "1.24.2", 0, NULL, NULL},
	{"BOM", "\xef\xbb\xbfmodule m\ngo 1.26\n", NULL, "1.20", "1.26.8", 0, NULL, NULL},
	{"toolchain newer", "go 1.22\ntoolchain go1.22.3\n", NULL, "1.20", "1.22.3", 0, NULL,
	 NULL},
	{"toolchain much newer", "go 1.21.0\ntoolchain go1.25.1\n", NULL, "1.20", "1.25.1", 0,
	 NULL, NULL},
	{"toolchain older", "go 1.22.5\ntoolchain go1.22.3\n", NULL, "1.20", "1.22.5", 0, NULL,
	 NULL},
	{"toolchain equal", "go 1.22.0\ntoolchain go1.22.0\n", NULL, "1.20", "1.22.0", 0, NULL,
	 NULL},
	{"toolchain rc above language", "go 1.21\ntoolchain go1.21rc1\n", NULL, "1.20",
	 "1.21rc1", 0, NULL, NULL},
	{"toolchain rc below release", "go 1.21.0\ntoolchain go1.21rc2\n", NULL, "1.20",
	 "1.21.0", 0, NULL, NULL},
	{"toolchain default", "go 1.22\ntoolchain default\n", NULL, "1.20", "1.22.12", 0, NULL,
	 NULL},
	{"toolchain without go line", "module m\ntoolchain go1.23.4\n", NULL, "1.20", "1.23.4",
	 0, NULL, NULL},
	{"toolchain before go line", "toolchain go1.24.1\nmodule m\ngo 1.24\n", NULL, "1.20",
	 "1.24.1", 0, NULL, NULL},
	{"toolchain go1.20 release", "go 1.19\ntoolchain go1.20\n", NULL, "1.20", "1.20", 0,
	 NULL, NULL},
	{"toolchain language only", "go 1.21\ntoolchain go1.22\n", NULL, "1.20", "1.22.12", 0,
	 "go.mod:2: toolchain go1.22 names no Go release; using go1.22.12", NULL},
	{"toolchain suffix", "go 1.22\ntoolchain go1.23.0-custom\n", NULL, "1.20", "1.23.0", 0,
	 "go.mod:2: toolchain go1.23.0-custom is not a Go release; using go1.23.0", NULL},
	{"GOTOOLCHAIN local", "go 1.22\n", "local", "1.20", NULL, 1, NULL, NULL},
	{"GOTOOLCHAIN local, no go.mod", NULL, "local", "1.20", NULL, 1, NULL, NULL},
	{"GOTOOLCHAIN pinned", "go 1.21\ntoolchain go1.21.5\n", "go1.22.3", "1.20", "1.22.3",
	 0, NULL, NULL},
	{"GOTOOLCHAIN +auto", "go 1.21\n", "go1.22.3+auto", "1.20", "1.22.3", 0, NULL, NULL},
	{"GOTOOLCHAIN +path", "go 1.21\n", "go1.22.3+path", "1.20", "1.22.3", 0, NULL, NULL},
	{"GOTOOLCHAIN pinned, no go.mod", NULL, "go1.25.0", "1.20", "1.25.0", 0, NULL, NULL},
	{"GOTOOLCHAIN pinned old", "module m\ngo 1.24\n", "go1.22.3", "1.20", "1.22.3", 0,
	 "go.mod:2: go 1.24 asks for a newer Go than GOTOOLCHAIN=go1.22.3; using go1.22.3 as set",
	 NULL},
	{"GOTOOLCHAIN pinned go1.20", NULL, "go1.20", "1.20", "1.20", 0, NULL, NULL},
	{"GOTOOLCHAIN pinned language", NULL, "go1.26+auto", "1.20", "1.26.8", 0,
	 "GOTOOLCHAIN=go1.26+auto names no Go release; using go1.26.8", NULL},
	{"GOTOOLCHAIN auto", "go 1.21\n", "auto", "1.20", "1.21.13", 0, NULL, NULL},
	{"GOTOOLCHAIN path", "go 1.21\ntoolchain go1.21.4\n", "path", "1.20", "1.21.4", 0, NULL,
	 NULL},
	{"GOTOOLCHAIN local+auto", "go 1.23\n", "local+auto", "1.20", "1.23.12", 0, NULL, NULL},
	{"GOTOOLCHAIN empty", "go 1.21\n", "", "1.20", "1.21.13", 0, NULL, NULL},
	{"GOTOOLCHAIN garbage", "go 1.21\n", "banana", "1.20", NULL, 0, NULL,
	 "GOTOOLCHAIN=banana: want local, auto, path, or goVERSION optionally followed by "
	 "+auto or +path"},
	{"GOTOOLCHAIN bad version", NULL, "go1.x", "1.20", NULL, 0, NULL,
	 "GOTOOLCHAIN=go1.x: want local, auto, path, or goVERSION optionally followed by "
	 "+auto or +path"},
	{"GOTOOLCHAIN without go", NULL, "1.22.3", "1.20", NULL, 0, NULL,
	 "GOTOOLCHAIN=1.22.3: want local, auto, path, or goVERSION optionally followed by "
	 "+auto or +path"},
	{"GOTOOLCHAIN bad mode", NULL, "go1.22.3+never", "1.20", NULL, 0, NULL,
	 "GOTOOLCHAIN=go1.22.3+never: want local, auto, path, or goVERSION optionally followed "
	 "by +auto or +path"},
	{"garbage go 1.x", "module m\ngo 1.x\n", NULL, "1.20", NULL, 0, NULL,
	 "go.mod:2: invalid go version '1.x': must match format 1.23.0"},
	{"garbage go 2", "module m\n\ngo 2\n", NULL, "1.20", NULL, 0, NULL,
	 "go.mod:3: invalid go version '2': must match format 1.23.0"},
	{"garbage toolchain 1.22", "go 1.21\ntoolchain 1.22\n", NULL, "1.20", NULL, 0, NULL,
	 "go.mod:2: invalid toolchain version '1.22': must match format go1.23.0 or default"},
	{"garbage two go lines", "go 1.21\r\ngo 1.22\r\n", NULL, "1.20", NULL, 0, NULL,
	 "go.mod:2: repeated go statement (first at line 1)"},
	{"garbage open block", "module m\ngo 1.22\nrequire (\n", NULL, "1.20", NULL, 0, NULL,
	 "go.mod:3: require block has no closing ')'"},
	{"bad default", NULL, NULL, "latest", NULL, 0, NULL,
	 "invalid default Go version 'latest'"},
	{"no default", NULL, NULL, NULL, NULL, 0, NULL,
	 "go.mod: no go line and no default Go version"},
};

static void test_select(const struct gotable *t)
{
	size_t i;

	for (i = 0; i < sizeof(sels) / sizeof(sels[0]); i++) {
		const struct sel *c = &sels[i];
		struct gomod m;
		struct goselect s;
		char *err = NULL;
		int rc = 0;

		memset(&s, 0, sizeof(s));
		if (c->gomod)
			rc = gomod_parse("go.mod", c->gomod, strlen(c->gomod), &m, &err);
		if (rc == 0)
			rc = goversion_select(c->gomod ? &m : NULL, "go.mod", c->gotoolchain,
					      c->dflt, t, &s, &err);
		if (rc != (c->error ? -1 : 0) || (c->version && !s.version) ||
		    (s.version && (!c->version || strcmp(s.version, c->version))))
			fprintf(stderr, "case %s: rc %d version %s error %s\n", c->name, rc,
				s.version ? s.version : "NULL", err ? err : "NULL");
		CHECK(rc == (c->error ? -1 : 0));
		CHECK_STR(err, c->error);
		CHECK_STR(s.version, c->version);
		CHECK(s.local == c->local);
		CHECK_STR(s.warning, c->warning);
		goselect_free(&s);
		if (c->gomod)
			gomod_free(&m);
		free(err);
	}
}

/* A struct gomod filled by other code than gomod_parse is checked too. */
static void test_select_handmade(const struct gotable *t)
{
	struct gomod m = {0};
	struct goselect s;
	char *err = NULL;

	m.go = "1.2x";
	m.go_line = 7;
	CHECK(goversion_select(&m, "apps/web/go.mod", NULL, "1.20", t, &s, &err) == -1);
	CHECK_STR(err, "apps/web/go.mod:7: invalid go version '1.2x': must match format 1.23.0");
	CHECK(s.version == NULL);
	free(err);
	err = NULL;

	m.go = "1.22";
	m.toolchain = "go1.22.x";
	m.toolchain_line = 9;
	CHECK(goversion_select(&m, NULL, "local", "1.20", t, &s, &err) == -1);
	CHECK_STR(err, "go.mod:9: invalid toolchain version 'go1.22.x': must match format "
		  "go1.23.0 or default");
	free(err);
}

static void test_parse_format(void)
{
	static const char *const round[][2] = {
		{"1.22", "1.22"}, {"1.21.1", "1.21.1"}, {"1.22rc1", "1.22rc1"},
		{"go1.22.3", "1.22.3"}, {"1.21.0", "1.21.0"}, {"1.20.0", "1.20"},
		{"go1.20", "1.20"}, {"1.19.13", "1.19.13"}, {"1.21beta2", "1.21beta2"},
		{"1.4.0", "1.4"},
	};
	static const char *const bad[] = {
		"", "go", "1", "1.x", "2", "2.0", "go1.22.x", "1.22.3-custom", "gogo1.22",
		"1.9999999999", " 1.22", "v1.22",
	};
	struct gover v;
	size_t i;

	for (i = 0; i < sizeof(round) / sizeof(round[0]); i++) {
		char *s;

		CHECK(goversion_parse(round[i][0], &v) == 0);
		s = goversion_format(&v);
		CHECK_STR(s, round[i][1]);
		free(s);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(goversion_parse(bad[i], &v) == -1);
	CHECK(goversion_parse(NULL, &v) == -1);

	CHECK(goversion_parse("go1.21rc2", &v) == 0);
	CHECK(v.major == 1 && v.minor == 21 && v.patch == -1 && v.pre == 2 && v.prenum == 2);
	CHECK(goversion_parse("1.22beta1", &v) == 0);
	CHECK(v.pre == 1 && v.prenum == 1);
	CHECK(goversion_parse("1.21.13", &v) == 0);
	CHECK(v.patch == 13 && v.pre == 0);
}

static void test_order(void)
{
	/* ascending, as Go orders them */
	static const char *const asc[] = {
		"1.9", "1.9.1", "1.20", "1.20rc1", "1.20.1", "1.21", "1.21beta1", "1.21rc1",
		"1.21rc2", "1.21.0", "1.21.1", "1.21.10", "1.22", "1.22.0", "1.100",
	};
	size_t i, j, n = sizeof(asc) / sizeof(asc[0]);

	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			struct gover a, b;
			int want = i < j ? -1 : i > j, got;

			CHECK(goversion_parse(asc[i], &a) == 0 && goversion_parse(asc[j], &b) == 0);
			got = goversion_cmp(&a, &b);
			if ((got > 0) - (got < 0) != want)
				fprintf(stderr, "cmp %s %s = %d\n", asc[i], asc[j], got);
			CHECK((got > 0) - (got < 0) == want);
		}
}

static void test_table(const struct gotable *t)
{
	static const char *const bad[][2] = {
		{"1.22 1.22.3 extra\n", "t.txt:1: want \"1.N<TAB>1.N.P\", got \"1.22 1.22.3 extra\""},
		{"# ok\n1.22\n", "t.txt:2: want \"1.N<TAB>1.N.P\", got \"1.22\""},
		{"1.22\t1.21.3\n", "t.txt:1: '1.21.3' is not the latest patch of '1.22'"},
		{"1.22.1\t1.22.3\n", "t.txt:1: '1.22.3' is not the latest patch of '1.22.1'"},
		{"1.22\t1.22rc1\n", "t.txt:1: '1.22rc1' is not the latest patch of '1.22'"},
		{"1.22\t1.22\n", "t.txt:1: '1.22' is not the latest patch of '1.22'"},
		{"1.22\t1.22.3\n1.22\t1.22.4\n", "t.txt:2: 1.22 is listed twice"},
		{"# nothing\n\n", "t.txt: no Go versions listed"},
		{"1.5000\t1.5000.1\n", "t.txt:1: '1.5000.1' is not the latest patch of '1.5000'"},
	};
	struct gotable u;
	char *err = NULL, *text;
	size_t i, len;

	CHECK(t->maxminor == 27);
	CHECK(t->patch[27] == 1 && t->patch[21] == 13 && t->patch[20] == 14);
	CHECK(t->patch[12] == -1 && t->patch[0] == -1);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(gotable_parse("t.txt", bad[i][0], &u, &err) == -1);
		CHECK_STR(err, bad[i][1]);
		CHECK(u.patch == NULL);
		free(err);
		err = NULL;
	}
	/* blanks, CRLF, trailing comments and a pre-1.21 "1.N" entry */
	CHECK(gotable_parse("t.txt", "  1.5 1.5   # no patches\r\n\r\n1.30\t1.30.2\r\n", &u,
			    &err) == 0);
	CHECK(u.maxminor == 30 && u.patch[30] == 2 && u.patch[5] == 0 && u.patch[6] == -1);
	gotable_free(&u);

	/* the table gogen embeds parses and knows the old releases */
	text = read_file("data/go-versions.txt", &len);
	if (text) {
		CHECK(gotable_parse("data/go-versions.txt", text, &u, &err) == 0);
		CHECK_STR(err, NULL);
		CHECK(u.maxminor >= 27);
		CHECK(u.maxminor >= 20 && u.patch[20] == 14);
		gotable_free(&u);
		free(text);
	} else {
		fprintf(stderr, "data/go-versions.txt not found (run from the top folder)\n");
	}
}

int main(void)
{
	struct gotable t;
	char *err = NULL;

	if (gotable_parse("table", table_text, &t, &err) != 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return 1;
	}
	test_parse_format();
	test_order();
	test_table(&t);
	test_select(&t);
	test_select_handmade(&t);
	gotable_free(&t);
	return check_done();
}
