/* gitcred.c - GIT_CREDENTIALS as a git credential store file that lives
 * only while one command runs. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitcred.h"
#include "shell.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* A signal handler gets no arguments: these name the file to remove and
 * the child to pass the signal on to, and keep the actions to restore.
 * They are set before the handlers are installed and cleared when they
 * are removed; nothing else is kept between calls. */
static char sig_file[PATH_MAX];
static char sig_lock[PATH_MAX + 5];
static volatile sig_atomic_t sig_armed;
static volatile sig_atomic_t sig_child;
static const int sig_list[] = {SIGINT, SIGTERM, SIGHUP};
#define NSIG_LIST (sizeof sig_list / sizeof sig_list[0])
static struct sigaction sig_old[NSIG_LIST];
static int sig_installed;

/* on_signal removes the file, passes the signal on, and dies of it:
 * SA_RESETHAND restored the default action, and the raised signal is
 * delivered once the handler returns. Only async-signal-safe calls. */
static void on_signal(int sig)
{
	int e = errno;

	if (sig_armed) {
		unlink(sig_file);
		unlink(sig_lock);
	}
	if (sig_child > 0)
		kill((pid_t)sig_child, sig);
	raise(sig);
	errno = e;
}

/* unescape decodes %XX escapes, as git does with the parts of a URL. */
static char *unescape(const char *s, size_t n)
{
	struct buf b = {0};
	size_t i;

	buf_add(&b, "", 0);
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
			buf_addc(&b, hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
			i += 2;
		} else {
			buf_addc(&b, s[i]);
		}
	}
	return buf_take(&b);
}

static void add_secret(struct gitcred *c, char *s)
{
	if (*s && !strlist_has(&c->secrets, s))
		strlist_add(&c->secrets, s);
	free(s);
}

/* parse_one takes one URL apart; -1 when it is not scheme://user:token@host. */
static int parse_one(struct gitcred *c, const char *u, size_t n)
{
	const char *sep = NULL, *userinfo, *at = NULL, *colon, *host, *end = u + n, *p;
	char *dhost;

	for (p = u; p < end && p + 2 < end; p++)
		if (p[0] == ':' && p[1] == '/' && p[2] == '/') {
			sep = p;
			break;
		}
	if (!sep || sep == u)
		return -1;
	for (p = u; p < sep; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("+.-", *p)))
			return -1;
	userinfo = sep + 3;
	/* The user information ends at the last @ before the path. */
	for (p = userinfo; p < end && *p != '/'; p++)
		if (*p == '@')
			at = p;
	if (!at)
		return -1;
	colon = memchr(userinfo, ':', (size_t)(at - userinfo));
	host = at + 1;
	if (!colon || colon == userinfo || colon + 1 == at || host == end || *host == '/')
		return -1;
	strlist_addown(&c->lines, xstrndup(u, n));
	for (p = host; p < end && *p != '/'; p++)
		;
	/* Decoded: git writes "127.0.0.1%3a8080" back for "127.0.0.1:8080". */
	dhost = unescape(host, (size_t)(p - host));
	strlist_addown(&c->hosts, xasprintf("%.*s%s", (int)(userinfo - u), u, dhost));
	free(dhost);
	add_secret(c, xstrndup(userinfo, (size_t)(at - userinfo)));
	add_secret(c, unescape(userinfo, (size_t)(at - userinfo)));
	add_secret(c, xstrndup(colon + 1, (size_t)(at - colon - 1)));
	add_secret(c, unescape(colon + 1, (size_t)(at - colon - 1)));
	return 0;
}

static int by_length_desc(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return la < lb ? 1 : la > lb ? -1 : 0;
}

int gitcred_parse(struct gitcred *c, const char *value)
{
	const char *s = value;
	size_t entry = 0;

	for (;;) {
		size_t n;

		s += strspn(s, " \t\r\n");
		if (!*s)
			break;
		n = strcspn(s, " \t\r\n");
		entry++;
		if (parse_one(c, s, n) < 0) {
			/* Never quote the value: it holds the secret. */
			err("GIT_CREDENTIALS: entry %zu is not a URL of the form "
			    "https://user:token@host", entry);
			return -1;
		}
		s += n;
	}
	if (!entry) {
		err("GIT_CREDENTIALS is set but holds no URL");
		return -1;
	}
	qsort(c->secrets.v, c->secrets.n, sizeof(*c->secrets.v), by_length_desc);
	return 0;
}

/* config_env names the store file to git through GIT_CONFIG_COUNT, after
 * the entries the variable held already. An empty credential.helper
 * first empties the list of helpers from the user's configuration: git
 * would otherwise hand the secret to each of them to store. */
static int config_env(struct gitcred *c, const char *path)
{
	const char *count = getenv("GIT_CONFIG_COUNT");
	struct buf helper = {0};
	char *end;
	long n = 0;

	if (count && *count) {
		errno = 0;
		n = strtol(count, &end, 10);
		if (errno || *end || n < 0 || n > 100000) {
			err("GIT_CONFIG_COUNT=%s is not a count", count);
			return -1;
		}
	}
	buf_adds(&helper, "store --file=");
	shell_quote(&helper, path);
	strlist_addown(&c->env, xasprintf("GIT_CONFIG_COUNT=%ld", n + 2));
	strlist_addown(&c->env, xasprintf("GIT_CONFIG_KEY_%ld=credential.helper", n));
	strlist_addown(&c->env, xasprintf("GIT_CONFIG_VALUE_%ld=", n));
	strlist_addown(&c->env, xasprintf("GIT_CONFIG_KEY_%ld=credential.helper", n + 1));
	strlist_addown(&c->env, xasprintf("GIT_CONFIG_VALUE_%ld=%s", n + 1, helper.s));
	buf_free(&helper);
	return 0;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w, n -= (size_t)w;
	}
	return 0;
}

static void handlers_install(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NSIG_LIST; i++)
		sigaddset(&sa.sa_mask, sig_list[i]);
	for (i = 0; i < NSIG_LIST; i++)
		sigaction(sig_list[i], &sa, &sig_old[i]);
	sig_installed = 1;
}

static void handlers_restore(void)
{
	size_t i;

	for (i = 0; sig_installed && i < NSIG_LIST; i++)
		sigaction(sig_list[i], &sig_old[i], NULL);
	sig_installed = 0;
}

/* block_signals blocks (or with how SIG_SETMASK, restores) the three. */
static void block_signals(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < NSIG_LIST; i++)
		sigaddset(&set, sig_list[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

int gitcred_open(struct gitcred *c, const char *path)
{
	struct buf text = {0};
	sigset_t old;
	size_t i;
	int fd, rc = 0;

	if (strlen(path) >= sizeof sig_file) {
		err("%s: path too long for the credential file", path);
		return -1;
	}
	if (config_env(c, path) < 0)
		return -1;
	for (i = 0; i < c->lines.n; i++)
		buf_printf(&text, "%s\n", c->lines.v[i]);
	memcpy(sig_file, path, strlen(path) + 1);
	memcpy(sig_lock, path, strlen(path));
	memcpy(sig_lock + strlen(path), ".lock", 6);
	sig_armed = 0;
	sig_child = 0;
	handlers_install();
	/* Signals wait until the file is both created and known to the
	 * handlers: none can leave it behind in between. */
	block_signals(&old);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0) {
		c->file = xstrdup(path);
		sig_armed = 1;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		err("%s: cannot create the credential file:", path);
		rc = -1;
	} else if (write_all(fd, text.s, text.len) < 0 || close(fd) < 0) {
		err("%s: cannot write the credential file:", path);
		rc = -1;
	}
	buf_free(&text);
	if (rc < 0)
		gitcred_close(c);
	return rc;
}

void gitcred_child(pid_t pid)
{
	sig_child = (sig_atomic_t)pid;
}

void gitcred_rejected(const struct gitcred *c, struct strlist *hosts)
{
	struct gitcred now = {0};
	char *text = c->file ? read_file(c->file, NULL) : NULL;
	const char *s = text;
	size_t i;

	if (!text)
		return;
	/* git writes the lines back in its own spelling: compare hosts. */
	while (*(s += strspn(s, " \t\r\n"))) {
		size_t n = strcspn(s, " \t\r\n");
		parse_one(&now, s, n);
		s += n;
	}
	for (i = 0; i < c->hosts.n; i++)
		if (!strlist_has(&now.hosts, c->hosts.v[i]))
			strlist_add(hosts, c->hosts.v[i]);
	gitcred_free(&now);
	free(text);
}

void gitcred_close(struct gitcred *c)
{
	sigset_t old;

	block_signals(&old);
	if (c->file) {
		char *lock = xasprintf("%s.lock", c->file);
		/* git's store helper rewrites the file through "<file>.lock";
		 * a git killed half-way may leave that copy behind. */
		unlink(c->file);
		unlink(lock);
		free(lock);
		free(c->file);
		c->file = NULL;
	}
	sig_armed = 0;
	sig_child = 0;
	handlers_restore();
	sigprocmask(SIG_SETMASK, &old, NULL);
}

char *gitcred_redact(const struct gitcred *c, const char *text)
{
	struct buf b = {0};
	const char *s = text;
	size_t i;

	buf_add(&b, "", 0);
	while (*s) {
		for (i = 0; i < c->secrets.n; i++)
			if (has_prefix(s, c->secrets.v[i]))
				break;
		if (i < c->secrets.n) {
			buf_adds(&b, "***");
			s += strlen(c->secrets.v[i]);
		} else {
			buf_addc(&b, *s++);
		}
	}
	return buf_take(&b);
}

void gitcred_remove_stale(const char *dir, const char *prefix)
{
	size_t n = strlen(prefix);
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		char *end, *p;
		long pid;

		if (strncmp(de->d_name, prefix, n) != 0)
			continue;
		errno = 0;
		pid = strtol(de->d_name + n, &end, 10);
		if (errno || (*end && strcmp(end, ".lock") != 0) || pid <= 0)
			continue;
		/* Ours (a reused pid) or a process that is gone. */
		if (pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		p = path_join(dir, de->d_name);
		unlink(p);
		free(p);
	}
	closedir(d);
}

void gitcred_free(struct gitcred *c)
{
	if (c->file)
		gitcred_close(c);
	strlist_free(&c->lines);
	strlist_free(&c->hosts);
	strlist_free(&c->secrets);
	strlist_free(&c->env);
}
