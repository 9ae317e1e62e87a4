/* test_gitcred.c - GIT_CREDENTIALS: parsing without quoting the secret,
 * the store file (0600, exclusive, gone after close and after a signal),
 * the GIT_CONFIG_COUNT entries, masking, refused and stale credentials. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "gitcred.h"

static char tmpdir[] = "/tmp/gogen-test-gitcred.XXXXXX";

/* captured runs fn with stderr going to a buffer, returned. */
static char *captured(int (*fn)(const char *), const char *arg, int *rc)
{
	FILE *f = tmpfile();
	int saved = dup(2);
	char *text;
	long n;

	fflush(stderr);
	dup2(fileno(f), 2);
	*rc = fn(arg);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = ftell(f);
	text = xcalloc((size_t)n + 1, 1);
	rewind(f);
	if (n > 0 && fread(text, 1, (size_t)n, f) != (size_t)n)
		text[0] = 0;
	fclose(f);
	return text;
}

static int parse_only(const char *value)
{
	struct gitcred c = {0};
	int rc = gitcred_parse(&c, value);

	gitcred_free(&c);
	return rc;
}

static void test_parse(void)
{
	struct gitcred c = {0};
	static const char *const bad[] = {
		"https://git.example.com",	    /* no user information */
		"https://tok-ONLY-9@git.example.com", /* no token */
		"https://:tok-ONLY-9@git.example.com",
		"https://user:@git.example.com",
		"https://user:tok-ONLY-9@",
		"user:tok-ONLY-9@git.example.com", /* no scheme */
		"ht tp://user:tok-ONLY-9@h",
		"https://user:tok-ONLY-9@/path",
		NULL};
	size_t i;
	int rc;

	CHECK(gitcred_parse(&c, "https://x-access-token:ghs_Abc%2F12@git.example.com/acme") == 0);
	CHECK(c.lines.n == 1 && c.hosts.n == 1);
	CHECK_STR(c.hosts.v[0], "https://git.example.com");
	CHECK(strlist_has(&c.secrets, "x-access-token:ghs_Abc%2F12"));
	CHECK(strlist_has(&c.secrets, "x-access-token:ghs_Abc/12"));
	CHECK(strlist_has(&c.secrets, "ghs_Abc%2F12"));
	CHECK(strlist_has(&c.secrets, "ghs_Abc/12"));
	CHECK(!strlist_has(&c.secrets, "x-access-token"));
	gitcred_free(&c);

	memset(&c, 0, sizeof(c));
	CHECK(gitcred_parse(&c, "\n https://a:one@h1.example\n"
				"http://b:two@127.0.0.1%3a8080 \n") == 0);
	CHECK(c.lines.n == 2);
	CHECK_STR(c.lines.v[1], "http://b:two@127.0.0.1%3a8080");
	CHECK_STR(c.hosts.v[1], "http://127.0.0.1:8080");
	gitcred_free(&c);

	for (i = 0; bad[i]; i++) {
		char *msg = captured(parse_only, bad[i], &rc);
		CHECK(rc == -1);
		CHECK(strstr(msg, "GIT_CREDENTIALS: entry 1 is not a URL") != NULL);
		CHECK(strstr(msg, "tok-ONLY-9") == NULL);
		free(msg);
	}
	{
		char *msg = captured(parse_only, "https://a:b@h tok-ONLY-9", &rc);
		CHECK(rc == -1 && strstr(msg, "entry 2") && !strstr(msg, "tok-ONLY-9"));
		free(msg);
	}
	{
		char *msg = captured(parse_only, " \n", &rc);
		CHECK(rc == -1 && strstr(msg, "holds no URL"));
		free(msg);
	}
}

static void test_redact(void)
{
	struct gitcred c = {0};
	char *r;

	CHECK(gitcred_parse(&c, "https://alice:p%40ss%2Fw0rd@git.example.com") == 0);
	r = gitcred_redact(&c, "fatal: https://alice:p%40ss%2Fw0rd@git.example.com/x: "
			       "said p@ss/w0rd and p%40ss%2Fw0rd; alice stays\n");
	CHECK_STR(r, "fatal: https://***@git.example.com/x: said *** and ***; alice stays\n");
	free(r);
	r = gitcred_redact(&c, "");
	CHECK_STR(r, "");
	free(r);
	gitcred_free(&c);
}

static const char *env_of(const struct gitcred *c, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < c->env.n; i++)
		if (strncmp(c->env.v[i], name, n) == 0 && c->env.v[i][n] == '=')
			return c->env.v[i] + n + 1;
	return NULL;
}

/* open_quietly calls gitcred_open with its error message sent nowhere:
 * the calls that are meant to fail would clutter the test's output. */
static int open_quietly(struct gitcred *c, const char *path)
{
	FILE *f = tmpfile();
	int saved = dup(2), rc;

	fflush(stderr);
	dup2(fileno(f), 2);
	rc = gitcred_open(c, path);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fclose(f);
	return rc;
}

static void test_open_close(void)
{
	struct gitcred c = {0};
	char *path = xasprintf("%s/with space/" "git-credentials.1", tmpdir);
	char *dir = path_dir(path), *text, *want;
	struct stat st;

	CHECK(mkdir_p(dir) == 0);
	setenv("GIT_CONFIG_COUNT", "3", 1);
	CHECK(gitcred_parse(&c, "http://u:secret-1@127.0.0.1:9") == 0);
	CHECK(gitcred_open(&c, path) == 0);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	text = read_file(path, NULL);
	CHECK_STR(text, "http://u:secret-1@127.0.0.1:9\n");
	free(text);
	CHECK_STR(env_of(&c, "GIT_CONFIG_COUNT"), "5");
	CHECK_STR(env_of(&c, "GIT_CONFIG_KEY_3"), "credential.helper");
	CHECK_STR(env_of(&c, "GIT_CONFIG_VALUE_3"), "");
	CHECK_STR(env_of(&c, "GIT_CONFIG_KEY_4"), "credential.helper");
	want = xasprintf("store --file='%s'", path);
	CHECK_STR(env_of(&c, "GIT_CONFIG_VALUE_4"), want);
	free(want);
	CHECK(env_of(&c, "GIT_CONFIG_KEY_0") == NULL);
	gitcred_close(&c);
	CHECK(access(path, F_OK) < 0 && errno == ENOENT);
	gitcred_free(&c);

	/* A file already there is never written through. */
	memset(&c, 0, sizeof(c));
	unsetenv("GIT_CONFIG_COUNT");
	CHECK(write_atomic(path, "x\n", 2, 0) == 0);
	CHECK(gitcred_parse(&c, "http://u:secret-1@h") == 0);
	CHECK(open_quietly(&c, path) == -1);
	text = read_file(path, NULL);
	CHECK_STR(text, "x\n");
	free(text);
	unlink(path);
	gitcred_free(&c);

	/* No count when none was set; a bad one is refused. */
	memset(&c, 0, sizeof(c));
	CHECK(gitcred_parse(&c, "http://u:secret-1@h") == 0);
	CHECK(gitcred_open(&c, path) == 0);
	CHECK_STR(env_of(&c, "GIT_CONFIG_COUNT"), "2");
	CHECK_STR(env_of(&c, "GIT_CONFIG_KEY_0"), "credential.helper");
	gitcred_free(&c);
	CHECK(access(path, F_OK) < 0);
	memset(&c, 0, sizeof(c));
	setenv("GIT_CONFIG_COUNT", "two", 1);
	CHECK(gitcred_parse(&c, "http://u:secret-1@h") == 0);
	CHECK(open_quietly(&c, path) == -1);
	CHECK(access(path, F_OK) < 0);
	unsetenv("GIT_CONFIG_COUNT");
	gitcred_free(&c);
	free(path), free(dir);
}

static void test_rejected(void)
{
	struct gitcred c = {0};
	struct strlist refused = {0};
	char *path = xasprintf("%s/git-credentials.2", tmpdir);
	static const char git_spelling[] = "http://u:s1@127.0.0.1%3a9\n";

	CHECK(gitcred_parse(&c, "http://u:s1@127.0.0.1:9 https://v:s2@git.example.com") == 0);
	CHECK(gitcred_open(&c, path) == 0);
	/* git rewrote the file: the first kept in its spelling, the second
	 * erased. */
	CHECK(write_atomic(path, git_spelling, strlen(git_spelling), 0) == 0);
	gitcred_rejected(&c, &refused);
	CHECK(refused.n == 1);
	CHECK(refused.n == 1 && strcmp(refused.v[0], "https://git.example.com") == 0);
	gitcred_close(&c);
	CHECK(access(path, F_OK) < 0);
	strlist_free(&refused);
	gitcred_free(&c);
	free(path);
}

static void test_signal(void)
{
	char *path = xasprintf("%s/git-credentials.3", tmpdir);
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		struct gitcred c = {0};
		if (gitcred_parse(&c, "http://u:s@h") < 0 || gitcred_open(&c, path) < 0)
			_exit(3);
		raise(SIGTERM);
		_exit(4);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	CHECK(access(path, F_OK) < 0 && errno == ENOENT);
	free(path);
}

static void test_stale(void)
{
	char *dead, *alive, *own, *lock, *other;
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, &status, 0);
	dead = xasprintf("%s/git-credentials.%ld", tmpdir, (long)pid);
	lock = xasprintf("%s.lock", dead);
	alive = xasprintf("%s/git-credentials.%ld", tmpdir, (long)getppid());
	own = xasprintf("%s/git-credentials.%ld", tmpdir, (long)getpid());
	other = xasprintf("%s/git-credentials.x", tmpdir);
	CHECK(write_atomic(dead, "d\n", 2, 0) == 0);
	CHECK(write_atomic(lock, "d\n", 2, 0) == 0);
	CHECK(write_atomic(alive, "a\n", 2, 0) == 0);
	CHECK(write_atomic(own, "o\n", 2, 0) == 0);
	CHECK(write_atomic(other, "x\n", 2, 0) == 0);
	gitcred_remove_stale(tmpdir, "git-credentials.");
	CHECK(access(dead, F_OK) < 0);
	CHECK(access(lock, F_OK) < 0);
	CHECK(access(own, F_OK) < 0);
	CHECK(access(alive, F_OK) == 0);
	CHECK(access(other, F_OK) == 0);
	unlink(alive), unlink(other);
	free(dead), free(alive), free(own), free(lock), free(other);
}

int main(void)
{
	char *sub;

	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_parse();
	test_redact();
	test_open_close();
	test_rejected();
	test_signal();
	test_stale();
	sub = path_join(tmpdir, "with space");
	rmdir(sub);
	free(sub);
	rmdir(tmpdir);
	return check_done();
}
