/* proc.c - fork/exec with argument vectors, output capture. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"

char *proc_which(const char *name)
{
	const char *path = getenv("PATH"), *s;
	struct stat st;

	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? path_abs(name) : NULL;
	for (s = path ? path : "/usr/bin:/bin"; s && *s;) {
		size_t n = strcspn(s, ":");
		char *dir = n ? xstrndup(s, n) : xstrdup(".");
		char *cand = path_join(dir, name);
		free(dir);
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0) {
			char *abs = path_abs(cand);
			free(cand);
			return abs;
		}
		free(cand);
		s += n;
		if (*s == ':')
			s++;
	}
	return NULL;
}

/* child_exec never returns: it sets up the child and execs. */
static void child_exec(const struct proc *p, int outfd)
{
	size_t i;

	if (outfd >= 0 && dup2(outfd, 1) < 0)
		_exit(127);
	if (p->quiet_err) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 2);
	}
	if (p->cwd && chdir(p->cwd) < 0) {
		fprintf(stderr, "gogen: %s: cannot enter folder: %s\n", p->cwd, strerror(errno));
		_exit(127);
	}
	for (i = 0; p->env && p->env[i]; i++) {
		char *kv = xstrdup(p->env[i]), *eq = strchr(kv, '=');
		if (eq) {
			*eq = 0;
			setenv(kv, eq + 1, 1);
		}
		free(kv);
	}
	execvp(p->argv[0], (char *const *)p->argv);
	fprintf(stderr, "gogen: %s: cannot run: %s\n", p->argv[0], strerror(errno));
	_exit(127);
}

static void read_all(int fd, struct buf *out)
{
	char tmp[8192];
	ssize_t n;

	while ((n = read(fd, tmp, sizeof tmp)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		buf_add(out, tmp, (size_t)n);
	}
}

int proc_run(const struct proc *p)
{
	int fds[2] = {-1, -1}, status;
	pid_t pid;

	fflush(NULL);
	if (p->out && pipe(fds) < 0) {
		err("pipe:");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		err("fork:");
		return -1;
	}
	if (pid == 0) {
		if (fds[0] >= 0)
			close(fds[0]);
		child_exec(p, fds[1]);
	}
	if (p->out) {
		close(fds[1]);
		read_all(fds[0], p->out);
		close(fds[0]);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			err("waitpid:");
			return -1;
		}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
