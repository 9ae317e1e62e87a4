/* test_shell.c - GO_BUILD_FLAGS splitting and shell quoting, checked
 * against a table, a round trip over generated words, and /bin/sh.
 * Build: cc -Igen tests/unit/test_shell.c gen/shell.c gen/util.c */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "shell.h"

#define MAXW 8

struct split_case {
	const char *in;
	const char *want[MAXW];	/* NULL-terminated */
};

static const struct split_case splits[] = {
	{"", {NULL}},
	{"   \t\n ", {NULL}},
	{"-trimpath", {"-trimpath", NULL}},
	{"-tags=foo,bar -trimpath", {"-tags=foo,bar", "-trimpath", NULL}},
	{"-ldflags '-s -w -X \"a.b=two words\"'",
	 {"-ldflags", "-s -w -X \"a.b=two words\"", NULL}},
	{"-ldflags \"-s -w -X 'a.b=two words'\"",
	 {"-ldflags", "-s -w -X 'a.b=two words'", NULL}},
	{"-ldflags=\"-X main.v=1.2\" -v", {"-ldflags=-X main.v=1.2", "-v", NULL}},
	{"  a   b\tc\nd  ", {"a", "b", "c", "d", NULL}},
	{"a\r\nb\r\n", {"a", "b", NULL}},
	{"''", {"", NULL}},
	{"\"\"", {"", NULL}},
	{"a '' b", {"a", "", "b", NULL}},
	{"x''", {"x", NULL}},
	{"a\\ b", {"a b", NULL}},
	{"\\'quoted\\'", {"'quoted'", NULL}},
	{"\\\\", {"\\", NULL}},
	{"a\\\nb", {"ab", NULL}},
	{"a \\\n b", {"a", "b", NULL}},
	{"'a\\b'", {"a\\b", NULL}},
	{"\"a\\b\"", {"a\\b", NULL}},
	{"\"\\$x \\` \\\" \\\\\"", {"$x ` \" \\", NULL}},
	{"\"a\\\nb\"", {"ab", NULL}},
	{"'line1\nline2'", {"line1\nline2", NULL}},
	{"$(rm -rf /) `id` ; | & *", {"$(rm", "-rf", "/)", "`id`", ";", "|", "&", "*"}},
	{"$HOME ~ #c", {"$HOME", "~", "#c", NULL}},
	{"a'b'\"c\"d", {"abcd", NULL}},
	{"-gcflags=all='-N -l'", {"-gcflags=all=-N -l", NULL}},
	{"\xc3\xbcn\xc3\xaf 'k\xc3\xb6ln x'", {"\xc3\xbcn\xc3\xaf", "k\xc3\xb6ln x", NULL}},
};

struct split_error {
	const char *in, *msg;
};

static const struct split_error split_errors[] = {
	{"-ldflags '-s -w", "unterminated ' quote at column 10"},
	{"'", "unterminated ' quote at column 1"},
	{"a \"b", "unterminated \" quote at column 3"},
	{"\"a\\\"", "unterminated \" quote at column 1"},
	{"abc\\", "trailing backslash at column 4"},
	{"'ok' \"ok\" 'no", "unterminated ' quote at column 11"},
	{"'it\\'s'", "unterminated ' quote at column 7"},
};

static void test_split_table(void)
{
	size_t i, k;

	for (i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		const struct split_case *c = &splits[i];
		struct strlist w = {0};
		char *err = NULL;
		size_t n = 0;
		int ok;

		while (n < MAXW && c->want[n])
			n++;
		CHECK(shell_split(c->in, &w, &err) == 0);
		CHECK_STR(err, NULL);
		ok = w.n == n;
		for (k = 0; ok && k < n; k++)
			ok = strcmp(w.v[k], c->want[k]) == 0;
		if (!ok) {
			fprintf(stderr, "split of [%s] gave %zu words:\n", c->in, w.n);
			for (k = 0; k < w.n; k++)
				fprintf(stderr, "\t[%s]\n", w.v[k]);
		}
		CHECK(ok);
		strlist_free(&w);
	}
}

static void test_split_errors(void)
{
	size_t i;

	for (i = 0; i < sizeof(split_errors) / sizeof(split_errors[0]); i++) {
		struct strlist w = {0};
		char *err = NULL;

		strlist_add(&w, "kept");
		CHECK(shell_split(split_errors[i].in, &w, &err) == -1);
		CHECK_STR(err, split_errors[i].msg);
		/* a failed split leaves the list as it was */
		CHECK(w.n == 1);
		strlist_free(&w);
		free(err);
	}
}

static void test_quote_table(void)
{
	static const char *const cases[][2] = {
		{"", "''"},
		{"-trimpath", "-trimpath"},
		{"-tags=foo,bar", "-tags=foo,bar"},
		{"a/b.c_d@e%f+g:h", "a/b.c_d@e%f+g:h"},
		{"two words", "'two words'"},
		{"it's", "'it'\\''s'"},
		{"'", "''\\'''"},
		{"$(rm -rf /)", "'$(rm -rf /)'"},
		{"`id`", "'`id`'"},
		{"a;b", "'a;b'"},
		{"~", "'~'"},
		{"*", "'*'"},
		{"a\nb", "'a\nb'"},
		{"\xc3\xbc", "'\xc3\xbc'"},
		{"back\\slash", "'back\\slash'"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b = {0};

		buf_adds(&b, "<");
		shell_quote(&b, cases[i][0]);
		CHECK_STR(b.s + 1, cases[i][1]);
		buf_free(&b);
	}
}

/* Pieces the generated words are made of: the characters a shell cares
 * about, blanks, and some UTF-8. */
static const char *const pieces[] = {
	"a", "Z", "0", "-", "_", ".", "/", "=", ",", ":", "@", "%", "+", " ", "\t", "\n",
	"'", "\"", "\\", "$", "`", ";", "|", "&", "(", ")", "<", ">", "*", "?", "[", "]",
	"#", "~", "!", "{", "}", "^", "\xc3\xbc", "\xe6\x97\xa5\xe6\x9c\xac", "$(rm -rf /)",
	"`id`", "''", "'\\''", "\r", "\x01",
};

/* gen_word makes word number i, deterministically. */
static char *gen_word(unsigned long i)
{
	struct buf b = {0};
	unsigned long x = i * 2654435761UL + 12345;
	int len = (int)(x % 13), k;
	size_t npieces = sizeof(pieces) / sizeof(pieces[0]);

	for (k = 0; k < len; k++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		buf_adds(&b, pieces[(x >> 33) % npieces]);
	}
	return buf_take(&b);
}

static void test_round_trip(void)
{
	unsigned long i;
	int bad = 0;

	for (i = 0; i < 3000; i++) {
		char *w = gen_word(i);
		struct buf q = {0};
		struct strlist got = {0};
		char *err = NULL;

		shell_quote(&q, w);
		if (shell_split(q.s, &got, &err) != 0 || got.n != 1 || strcmp(got.v[0], w) != 0) {
			if (bad++ < 5)
				fprintf(stderr, "round trip failed for [%s] quoted [%s]\n", w, q.s);
		}
		free(err);
		strlist_free(&got);
		buf_free(&q);
		free(w);
	}
	CHECK(bad == 0);

	/* several words in one line come back as the same list */
	{
		struct buf line = {0};
		struct strlist got = {0};
		char *err = NULL;
		int ok = 1;

		for (i = 0; i < 200; i++) {
			char *w = gen_word(i);

			shell_quote(&line, w);
			buf_addc(&line, i % 2 ? ' ' : '\t');
			free(w);
		}
		CHECK(shell_split(line.s, &got, &err) == 0);
		CHECK(got.n == 200);
		for (i = 0; ok && i < got.n; i++) {
			char *w = gen_word(i);

			ok = strcmp(w, got.v[i]) == 0;
			free(w);
		}
		CHECK(ok);
		strlist_free(&got);
		buf_free(&line);
	}
}

/* sh_output runs /bin/sh -c script (no system(): the script is one
 * argument) and returns what it printed, or NULL. */
static char *sh_output(const char *script)
{
	int fd[2], status;
	pid_t pid;
	struct buf out = {0};
	char chunk[4096];
	ssize_t n;

	if (pipe(fd) < 0)
		return NULL;
	pid = fork();
	if (pid < 0)
		return NULL;
	if (pid == 0) {
		char *argv[4];

		argv[0] = "sh";
		argv[1] = "-c";
		argv[2] = (char *)script;
		argv[3] = NULL;
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execv("/bin/sh", argv);
		_exit(127);
	}
	close(fd[1]);
	buf_add(&out, "", 0);
	while ((n = read(fd[0], chunk, sizeof(chunk))) > 0)
		buf_add(&out, chunk, (size_t)n);
	close(fd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_take(&out);
}

static void test_real_sh(void)
{
	static const char *const fixed[] = {
		"$(rm -rf /)", "`touch /tmp/gogen-pwned`", "a;b", "x|y", "&", "it's", "\"q\"",
		"a\nb", "\xc3\xbcn\xc3\xaf", "", "two  spaces", "$HOME", "*", "~", "#c", "\\",
		"'", "-n", "-e", "%s",
	};
	struct buf script = {0}, want = {0};
	char *got;
	size_t i;

	/* printf, not echo: echo may eat -n and backslashes */
	buf_adds(&script, "printf ");
	shell_quote(&script, "%s\\n");
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		buf_addc(&script, ' ');
		shell_quote(&script, fixed[i]);
		buf_printf(&want, "%s\n", fixed[i]);
	}
	for (i = 0; i < 300; i++) {
		char *w = gen_word(i);

		buf_addc(&script, ' ');
		shell_quote(&script, w);
		buf_printf(&want, "%s\n", w);
		free(w);
	}
	got = sh_output(script.s);
	CHECK(got != NULL);
	CHECK(got && strcmp(got, want.s) == 0);
	if (got && strcmp(got, want.s) != 0)
		fprintf(stderr, "sh printed:\n%s\nwanted:\n%s\n", got, want.s);
	CHECK(access("/tmp/gogen-pwned", F_OK) != 0);
	free(got);
	buf_free(&script);
	buf_free(&want);
}

int main(void)
{
	test_split_table();
	test_split_errors();
	test_quote_table();
	test_round_trip();
	test_real_sh();
	return check_done();
}
