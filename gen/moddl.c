/* moddl.c - the module-download edges of build.ninja and "gogen
 * mod-download", the step they run: go mod download for one module, with
 * GIT_CREDENTIALS handed to git for that command alone, its output
 * masked, and a stamp that changes only when what was downloaded does. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "gitcred.h"
#include "moddl.h"
#include "ninjatext.h"
#include "toolchain.h"

/* The store file of one run is "<work>/<CRED_PREFIX><pid>". */
#define CRED_PREFIX "git-credentials."

/* ---------------------------------------------------------------- edges */

/* vendored: the go command builds from vendor/ without downloading when
 * vendor/modules.txt exists and the go line says 1.14 or later, outside
 * workspace mode (which ignores a module's vendor folder). */
static int vendored(const struct module *m)
{
	char *p;
	int v;

	if (m->work || !m->mod.go || graph_go_minor(m->mod.go) < 14)
		return 0;
	p = path_join(m->dir, "vendor/modules.txt");
	v = is_file(p);
	free(p);
	return v;
}

char *moddl_stamp(const struct module *m, const struct ninja_env *e)
{
	char *id, *s;

	/* In workspace mode, go mod download also asks for the required
	 * versions of modules the workspace itself provides, which may not
	 * exist anywhere; go build resolves the workspace on its own. */
	if (!m->gomod || vendored(m) || m->work)
		return NULL;
	id = graph_id(m->gomod);
	s = xasprintf("%s/mod/%s.stamp", e->build_dir, id);
	free(id);
	return s;
}

/* put_sum names p's go.sum (go.work.sum for a go.work) as an input when
 * it exists: a missing one is no reason to download again. */
static int put_sum(struct buf *b, const char *p)
{
	size_t n = strlen(p);
	char *sum = has_suffix(p, ".mod") ? xasprintf("%.*ssum", (int)(n - 3), p)
					  : xasprintf("%s.sum", p);
	int rc = 0;

	if (is_file(sum))
		rc = ninja_put_path(b, sum);
	free(sum);
	return rc;
}

static int write_edge(struct buf *b, const struct module *m, const char *stamp,
		      const struct ninja_env *e)
{
	const struct toolchain *t = toolchains_find(e->tcs, m->go);
	int rc = 0;

	buf_adds(b, "build");
	rc |= ninja_put_path(b, stamp);
	buf_adds(b, ": gogen_moddl");
	rc |= ninja_put_path(b, m->gomod);
	rc |= put_sum(b, m->gomod);
	if (m->work) {
		rc |= ninja_put_path(b, m->work);
		rc |= put_sum(b, m->work);
	}
	buf_adds(b, " |");
	rc |= ninja_put_path(b, e->self);
	if (t && t->stamp)
		rc |= ninja_put_path(b, t->stamp);
	buf_addc(b, '\n');
	rc |= ninja_put_goenv(b, t);
	rc |= ninja_put_shvar(b, "  ", "modroot", m->dir);
	rc |= ninja_put_var(b, "  ", "gomod", m->gomod);
	if (m->work)
		rc |= ninja_put_var(b, "  ", "modflags", "--workspace");
	buf_addc(b, '\n');
	return rc;
}

int moddl_write(struct buf *b, const struct graph *g, const struct ninja_env *e)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < g->nmodules; i++) {
		char *stamp = moddl_stamp(g->modules[i], e);
		if (stamp)
			rc |= write_edge(b, g->modules[i], stamp, e);
		free(stamp);
	}
	return rc ? -1 : 0;
}

/* ---------------------------------------------------------------- the step */

struct dlargs {
	const char *modroot, *go, *stamp;
	int workspace;
};

static int dl_usage(const char *msg)
{
	err("mod-download: %s", msg);
	fputs("usage: gogen mod-download --modroot DIR --go GO --stamp FILE [--workspace]\n",
	      stderr);
	return 2;
}

static int parse(int argc, char **argv, struct dlargs *a)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char **dst = strcmp(o, "--modroot") == 0 ? &a->modroot
				   : strcmp(o, "--go") == 0    ? &a->go
				   : strcmp(o, "--stamp") == 0 ? &a->stamp
							       : NULL;
		if (strcmp(o, "--workspace") == 0)
			a->workspace = 1;
		else if (dst && i + 1 < argc)
			*dst = argv[++i];
		else
			return dl_usage(dst ? "option needs a value" : "unexpected argument");
	}
	if (!a->modroot || !a->go || !a->stamp || !has_suffix(a->stamp, ".stamp"))
		return dl_usage("needs --modroot, --go and --stamp FILE.stamp");
	return 0;
}

/* copy_into puts a copy of file (or, when it is missing, nothing) at
 * dest: go mod download may rewrite go.mod and go.sum, and runs with
 * -modfile on these copies so that the user's files stay as they are. */
static int copy_into(const char *file, const char *dest)
{
	size_t len;
	char *text = read_file(file, &len);
	int rc = 0;

	if (!text) {
		if (errno != ENOENT) {
			err("%s: cannot read:", file);
			return -1;
		}
		if (unlink(dest) < 0 && errno != ENOENT)
			rc = -1, err("%s: cannot remove:", dest);
		return rc;
	}
	if (write_atomic(dest, text, len, 1) < 0)
		rc = -1, err("%s: cannot write:", dest);
	free(text);
	return rc;
}

/* drain reads what fd has; returns 0 at its end, 1 while open. */
static int drain(int fd, struct buf *to)
{
	char tmp[8192];
	ssize_t n = read(fd, tmp, sizeof tmp);

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : 0;
	buf_add(to, tmp, (size_t)n);
	return n > 0;
}

/* run_go runs argv in cwd with env set on top of ours, stdout and stderr
 * captured apart (both may name the secret, which must be masked before
 * anything is shown). Returns the exit status, 128+signal, or -1. */
static int run_go(const char *const *argv, const char *cwd, const struct strlist *env,
		  struct buf *out, struct buf *errout)
{
	int po[2], pe[2], status;
	struct pollfd fds[2];
	pid_t pid;
	size_t i;

	if (pipe(po) < 0)
		return err("pipe:"), -1;
	if (pipe(pe) < 0) {
		close(po[0]), close(po[1]);
		return err("pipe:"), -1;
	}
	fflush(NULL);
	if ((pid = fork()) < 0) {
		close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
		return err("fork:"), -1;
	}
	if (pid == 0) {
		dup2(po[1], 1), dup2(pe[1], 2);
		close(po[0]), close(po[1]), close(pe[0]), close(pe[1]);
		if (chdir(cwd) < 0) {
			fprintf(stderr, "gogen: %s: cannot enter folder: %s\n", cwd,
				strerror(errno));
			_exit(127);
		}
		for (i = 0; i < env->n; i++) {
			char *kv = xstrdup(env->v[i]), *eq = strchr(kv, '=');
			*eq = 0;
			setenv(kv, eq + 1, 1);
			free(kv);
		}
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "gogen: %s: cannot run: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	gitcred_child(pid);
	close(po[1]), close(pe[1]);
	fds[0].fd = po[0], fds[1].fd = pe[0];
	fds[0].events = fds[1].events = POLLIN;
	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++)
			if (fds[i].fd >= 0 && fds[i].revents &&
			    !drain(fds[i].fd, i ? errout : out)) {
				close(fds[i].fd);
				fds[i].fd = -1;
			}
	}
	for (i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			gitcred_child(0);
			return err("waitpid:"), -1;
		}
	gitcred_child(0);
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* json_str is o's string member name, or def. */
static const char *json_str(const cJSON *o, const char *name, const char *def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : def;
}

/* read_json reads go mod download -json's objects: "path version sum"
 * lines into stamp, the errors, masked, to stderr. Returns the number
 * of errors, or -1 when the output is no sequence of JSON objects. */
static int read_json(const char *text, const char *gomod, const struct gitcred *c,
		     struct buf *stamp)
{
	const char *s = text, *end;
	int nerr = 0;

	for (;;) {
		cJSON *o;
		const char *e;

		s += strspn(s, " \t\r\n");
		if (!*s)
			return nerr;
		if (!(o = cJSON_ParseWithOpts(s, &end, 0)) || !cJSON_IsObject(o)) {
			cJSON_Delete(o);
			return -1;
		}
		if ((e = json_str(o, "Error", NULL)) != NULL) {
			char *m = gitcred_redact(c, e);
			err("%s: %s", gomod, m);
			free(m);
			nerr++;
		} else {
			buf_printf(stamp, "%s %s %s\n", json_str(o, "Path", "?"),
				   json_str(o, "Version", "?"), json_str(o, "Sum", "-"));
		}
		cJSON_Delete(o);
		s = end;
	}
}

/* show prints what go printed, masked, without the note that a module
 * has no requirements: every build would show it. */
static void show(const char *text, const struct gitcred *c)
{
	static const char none[] = "go: no module dependencies to download";
	char *m = gitcred_redact(c, text), *line = m;

	while (*line) {
		size_t n = strcspn(line, "\n");
		if (!(n == sizeof none - 1 && strncmp(line, none, n) == 0))
			fprintf(stderr, "%.*s\n", (int)n, line);
		line += n + (line[n] == '\n');
	}
	free(m);
}

static int write_stamp(const char *stamp, const char *text)
{
	char *dir = path_dir(stamp);
	int rc = 0;

	/* Left alone when unchanged: with restat, a download that changed
	 * nothing relinks no function. */
	if (mkdir_p(dir) < 0 || write_atomic(stamp, text, strlen(text), 1) < 0)
		rc = -1, err("%s: cannot write:", stamp);
	free(dir);
	return rc;
}

/* download runs go mod download, the credentials in place when given. */
static int download(const struct dlargs *a, const char *work, const char *gomod,
		    struct gitcred *c, int have_cred)
{
	char *modfile = xasprintf("-modfile=%s/go.mod", work);
	char *cred = xasprintf("%s/" CRED_PREFIX "%ld", work, (long)getpid());
	const char *argv[] = {a->go, "mod", "download", "-json", a->workspace ? NULL : modfile,
			      NULL};
	struct buf out = {0}, errout = {0}, stamp = {0};
	struct strlist refused = {0};
	int rc, nerr;

	gitcred_remove_stale(work, CRED_PREFIX);
	if (have_cred) {
		if (gitcred_open(c, cred) < 0) {
			free(modfile), free(cred);
			return -1;
		}
	}
	rc = run_go(argv, a->modroot, &c->env, &out, &errout);
	if (have_cred) {
		gitcred_rejected(c, &refused);
		gitcred_close(c);
	}
	buf_printf(&stamp, "# go mod download for %s\n", gomod);
	nerr = read_json(out.s ? out.s : "", gomod, c, &stamp);
	if (nerr < 0 && out.len)
		show(out.s, c);
	if (errout.len)
		show(errout.s, c);
	if (rc != 0 || nerr != 0) {
		size_t i;

		err("%s: cannot download the module's requirements (%s mod download %s %d)",
		    gomod, path_base(a->go), rc < 0 ? "did not run" : rc > 128 ? "signal" : "exit",
		    rc > 128 ? rc - 128 : rc);
		for (i = 0; i < refused.n; i++)
			err("%s: %s refused the credentials that GIT_CREDENTIALS gives for it",
			    gomod, refused.v[i]);
		for (i = 0; !refused.n && i < c->hosts.n; i++)
			err("%s: GIT_CREDENTIALS gave git the credentials for %s", gomod,
			    c->hosts.v[i]);
		if (!have_cred && rc > 0 && rc < 127)
			err("%s: if a private module is missing, set GOPRIVATE to its path and "
			    "GIT_CREDENTIALS to a URL such as https://user:token@git.example.com",
			    gomod);
		rc = -1;
	} else {
		rc = write_stamp(a->stamp, stamp.s);
	}
	buf_free(&out), buf_free(&errout), buf_free(&stamp);
	strlist_free(&refused);
	free(modfile), free(cred);
	return rc;
}

/* copy_modfiles copies go.mod and go.sum of modroot into work. */
static int copy_modfiles(const char *modroot, const char *work)
{
	static const char *const names[] = {"go.mod", "go.sum"};
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < 2; i++) {
		char *from = path_join(modroot, names[i]), *to = path_join(work, names[i]);
		rc = copy_into(from, to);
		free(from), free(to);
	}
	return rc;
}

int moddl_main(int argc, char **argv)
{
	struct dlargs a = {0};
	struct gitcred c = {0};
	const char *value = getenv("GIT_CREDENTIALS");
	int have_cred = value && *value, rc;
	char *stamp, *work, *gomod;

	if ((rc = parse(argc, argv, &a)) != 0)
		return rc;
	stamp = path_abs(a.stamp);
	work = xstrndup(stamp, strlen(stamp) - strlen(".stamp"));
	gomod = path_join(a.modroot, "go.mod");
	rc = 1;
	if (!have_cred || gitcred_parse(&c, value) == 0) {
		if (mkdir_p(work) < 0)
			err("%s: cannot create:", work);
		else if ((a.workspace || copy_modfiles(a.modroot, work) == 0) &&
			 download(&a, work, gomod, &c, have_cred) == 0)
			rc = 0;
	}
	gitcred_free(&c);
	free(stamp), free(work), free(gomod);
	return rc;
}
