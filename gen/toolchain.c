/* toolchain.c - which go command builds each module: the local one when
 * it is exactly the release asked for, else a release in gogen's cache
 * (fetched by "gogen fetch-go", see fetch.c). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "goversion.h"
#include "proc.h"
#include "toolchain.h"

/* Go's overlay builds (go build -overlay) arrived in Go 1.16. */
#define MIN_MINOR 16
/* go mod download of golang.org/toolchain, as the go command itself
 * switches toolchains, is what Go 1.21 introduced. */
#define PROXY_MIN_MINOR 21

char *toolchain_parse_version(const char *out)
{
	const char *s = strstr(out, " go1");

	if (!s)
		return NULL;
	s += 3;
	return xstrndup(s, strcspn(s, " \t\n"));
}

int toolchain_local(struct toolchain *t)
{
	const char *gogo = getenv("GOGEN_GO");
	const char *argv[3] = {NULL, "version", NULL};
	/* Asking must never make the go command fetch another toolchain. */
	const char *env[2] = {"GOTOOLCHAIN=local", NULL};
	struct buf out = {0};
	struct proc p = {argv, NULL, env, &out, 0};
	int rc;

	memset(t, 0, sizeof(*t));
	t->go = proc_which(gogo && *gogo ? gogo : "go");
	if (!t->go && !(gogo && *gogo))
		return 1;
	if (!t->go) {
		err("%s: Go command not found (from $GOGEN_GO)", gogo);
		return -1;
	}
	argv[0] = t->go;
	rc = proc_run(&p);
	t->version = rc == 0 ? toolchain_parse_version(out.s ? out.s : "") : NULL;
	buf_free(&out);
	if (!t->version) {
		err("%s version: unexpected answer (exit %d)", t->go, rc);
		return -1;
	}
	return 0;
}

void toolchain_free(struct toolchain *t)
{
	free(t->version), free(t->go), free(t->goroot), free(t->marker);
	free(t->stamp), free(t->url), free(t->sha256);
	memset(t, 0, sizeof(*t));
}

static const char *env_set(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

char *toolchain_cache_root(void)
{
	const char *v;
	char *p, *abs;

	if ((v = env_set("GOGEN_CACHE")))
		return path_abs(v);
	/* The XDG spec says to ignore a relative XDG_CACHE_HOME. */
	if ((v = env_set("XDG_CACHE_HOME")) && v[0] == '/')
		return path_join(v, "gogen");
	if (!(v = env_set("HOME")))
		return NULL;
	p = path_join(v, ".cache/gogen");
	abs = path_abs(p);
	free(p);
	return abs;
}

const char *toolchain_host_os(const char *sysname)
{
	static const char *const names[][2] = {
		{"Linux", "linux"},	{"Darwin", "darwin"},   {"FreeBSD", "freebsd"},
		{"NetBSD", "netbsd"},	{"OpenBSD", "openbsd"}, {"DragonFly", "dragonfly"},
		{"SunOS", "solaris"},	{"AIX", "aix"}};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(sysname, names[i][0]) == 0)
			return names[i][1];
	return NULL;
}

const char *toolchain_host_arch(const char *machine)
{
	static const char *const names[][2] = {
		{"x86_64", "amd64"},   {"amd64", "amd64"},	{"aarch64", "arm64"},
		{"arm64", "arm64"},    {"i386", "386"},		{"i486", "386"},
		{"i586", "386"},       {"i686", "386"},		{"ppc64le", "ppc64le"},
		{"ppc64", "ppc64"},    {"s390x", "s390x"},	{"riscv64", "riscv64"},
		{"loongarch64", "loong64"}, {"mips64", "mips64"}};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(machine, names[i][0]) == 0)
			return names[i][1];
	/* Go publishes one 32-bit ARM build, for ARMv6 and later. */
	if (has_prefix(machine, "armv6") || has_prefix(machine, "armv7") ||
	    has_prefix(machine, "armv8l"))
		return "armv6l";
	return NULL;
}

char *toolchain_mirror_url(const char *mirror, const char **why)
{
	size_t n = strlen(mirror);

	if (!has_prefix(mirror, "http://") && !has_prefix(mirror, "https://") &&
	    !has_prefix(mirror, "file:///")) {
		*why = "want an http://, https:// or file:/// URL";
		return NULL;
	}
	if (strstr(mirror, "{version}"))
		return xstrdup(mirror);
	while (n > 0 && mirror[n - 1] == '/')
		n--;
	return xasprintf("%.*s/go{version}.{os}-{arch}.tar.gz", (int)n, mirror);
}

char *toolchain_expand(const char *tmpl, const char *version, const char *os,
		       const char *arch)
{
	static const char *const keys[] = {"{version}", "{os}", "{arch}"};
	const char *vals[] = {version, os, arch};
	struct buf b = {0};
	const char *p = tmpl;
	size_t i;

	while (*p) {
		for (i = 0; i < 3; i++)
			if (has_prefix(p, keys[i]))
				break;
		if (i < 3) {
			buf_adds(&b, vals[i]);
			p += strlen(keys[i]);
		} else {
			buf_addc(&b, *p++);
		}
	}
	return b.s ? buf_take(&b) : xstrdup("");
}

char *toolchain_entry(const char *cache, const char *version, const char *os,
		      const char *arch)
{
	return xasprintf("%s/go/%s.%s-%s", cache, version, os, arch);
}

const char *toolchain_pin(const struct settings *st, const char *version, const char *os,
			  const char *arch)
{
	char *key = xasprintf("go%s.%s-%s=", version, os, arch);
	const char *hit = NULL;
	size_t i;

	for (i = 0; st && i < st->checksums.n && !hit; i++)
		if (has_prefix(st->checksums.v[i], key))
			hit = st->checksums.v[i] + strlen(key);
	free(key);
	return hit;
}

int toolchain_host(char **os, char **arch)
{
	struct utsname u;
	const char *o, *a;

	*os = *arch = NULL;
	if (uname(&u) < 0) {
		err("uname:");
		return -1;
	}
	o = toolchain_host_os(u.sysname);
	a = toolchain_host_arch(u.machine);
	if (!o || !a) {
		err("this machine (%s %s) has no Go release to fetch; put a go of the "
		    "version asked for in PATH, or set GOTOOLCHAIN=local", u.sysname, u.machine);
		return -1;
	}
	*os = xstrdup(o);
	*arch = xstrdup(a);
	return 0;
}

int toolchain_source(struct tcsource *s, const struct settings *st)
{
	const char *mirror = env_set("GOGEN_GO_MIRROR"), *what = "GOGEN_GO_MIRROR";
	const char *src = env_set("GOGEN_TOOLCHAIN_SOURCE"), *why = NULL;

	memset(s, 0, sizeof(*s));
	if (toolchain_host(&s->os, &s->arch) < 0)
		return -1;
	if (!mirror && st && st->go_mirror)
		mirror = st->go_mirror, what = "gogen.ini: go_mirror";
	s->url = mirror ? toolchain_mirror_url(mirror, &why) : xstrdup(TOOLCHAIN_DEFAULT_URL);
	if (!s->url) {
		err("%s = %s: %s", what, mirror, why);
		return -1;
	}
	if (src) {
		if (strcmp(src, "proxy") != 0 && strcmp(src, "download") != 0) {
			err("GOGEN_TOOLCHAIN_SOURCE=%s: want download or proxy", src);
			return -1;
		}
	} else if (st && st->toolchain_source) {
		src = st->toolchain_source;
	}
	s->proxy = src && strcmp(src, "proxy") == 0;
	s->cache = toolchain_cache_root();
	if (!s->cache) {
		err("no folder for gogen's toolchain cache: set GOGEN_CACHE (or HOME)");
		return -1;
	}
	return 0;
}

void tcsource_free(struct tcsource *s)
{
	free(s->cache), free(s->os), free(s->arch), free(s->url);
	memset(s, 0, sizeof(*s));
}

/* where_from names what chose m's release, for messages about it. */
static char *where_from(const struct module *m, const char *version)
{
	const char *gt = getenv("GOTOOLCHAIN");

	if (gt && *gt && strcmp(gt, "local") != 0 && strcmp(gt, "auto") != 0 &&
	    strcmp(gt, "path") != 0 && !has_prefix(gt, "local+"))
		return xasprintf("GOTOOLCHAIN=%s selects go%s", gt, version);
	if (m->gomod && m->mod.go)
		return xasprintf("%s:%d: go %s selects go%s", m->gomod, m->mod.go_line, m->mod.go,
				 version);
	return xasprintf("%s: the default Go version selects go%s",
			 m->gomod ? m->gomod : m->dir, version);
}

/* plan_one fills in where release v comes from; -1 after a message. */
static int plan_one(struct toolchains *ts, struct toolchain *t, const struct module *m,
		    const struct settings *st, const char *build_dir, int *have_src)
{
	const char *pin;
	struct gover gv;
	char *where;

	if (strcmp(t->version, "local") == 0) {
		err("%s: GOTOOLCHAIN=local, but there is no go command in PATH "
		    "(set $GOGEN_GO)", m->gomod ? m->gomod : m->dir);
		return -1;
	}
	if (goversion_parse(t->version, &gv) == 0 && gv.major == 1 && gv.minor < MIN_MINOR) {
		where = where_from(m, t->version);
		err("%s, but gogen builds with go build -overlay, which needs Go 1.%d or later "
		    "(raise the go line)", where, MIN_MINOR);
		free(where);
		return -1;
	}
	if (ts->local.version && strcmp(ts->local.version, t->version) == 0) {
		t->go = xstrdup(ts->local.go);
		return 0;
	}
	if (!*have_src) {
		/* The environment is read once; when it is wrong, saying so
		 * again for each release would help nobody. */
		*have_src = toolchain_source(&ts->src, st) < 0 ? -1 : 1;
		if (*have_src < 0)
			return -1;
	}
	if (ts->src.proxy && (!ts->local.version || goversion_parse(ts->local.version, &gv) < 0 ||
			      (gv.major == 1 && gv.minor < PROXY_MIN_MINOR))) {
		const char *have = ts->local.version;

		err("toolchain_source = proxy: fetching go%s through GOPROXY needs a Go 1.%d or "
		    "later in PATH (or $GOGEN_GO)%s%s", t->version, PROXY_MIN_MINOR,
		    have ? "; found go" : "", have ? have : "");
		return -1;
	}
	t->goroot = toolchain_entry(ts->src.cache, t->version, ts->src.os, ts->src.arch);
	t->go = path_join(t->goroot, "bin/go");
	t->marker = path_join(t->goroot, TOOLCHAIN_MARKER);
	t->stamp = xasprintf("%s/toolchain/go%s.stamp", build_dir, t->version);
	t->cached = access(t->marker, F_OK) == 0;
	if (!ts->src.proxy) {
		t->url = toolchain_expand(ts->src.url, t->version, ts->src.os, ts->src.arch);
		pin = toolchain_pin(st, t->version, ts->src.os, ts->src.arch);
		t->sha256 = pin ? xstrdup(pin) : NULL;
	}
	return 0;
}

int toolchains_plan(struct toolchains *ts, const struct graph *g, const struct settings *st,
		    const char *build_dir)
{
	int have_src = 0, rc = 0;
	size_t i;

	for (i = 0; i < g->nfuncs; i++) {
		const struct module *m = g->funcs[i]->module;
		struct toolchain *t;

		if (toolchains_find(ts, m->go))
			continue;
		t = xcalloc(1, sizeof(*t));
		t->version = xstrdup(m->go);
		ts->v = xrealloc(ts->v, (ts->n + 1) * sizeof(*ts->v));
		ts->v[ts->n++] = t;
		/* A release that fails is kept, so it is reported once. */
		if (plan_one(ts, t, m, st, build_dir, &have_src) < 0)
			rc = -1;
		if (have_src < 0)
			break;
	}
	return rc;
}

const struct toolchain *toolchains_find(const struct toolchains *ts, const char *version)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		if (strcmp(ts->v[i]->version, version) == 0)
			return ts->v[i];
	return NULL;
}

static int cmp_tc(const void *a, const void *b)
{
	const struct toolchain *x = *(struct toolchain *const *)a;
	const struct toolchain *y = *(struct toolchain *const *)b;
	struct gover u, v;

	if (goversion_parse(x->version, &u) == 0 && goversion_parse(y->version, &v) == 0)
		return goversion_cmp(&u, &v);
	return strcmp(x->version, y->version);
}

void toolchains_describe(const struct toolchains *ts, struct buf *b)
{
	struct toolchain **v = xmalloc((ts->n ? ts->n : 1) * sizeof(*v));
	size_t i;

	memcpy(v, ts->v, ts->n * sizeof(*v));
	qsort(v, ts->n, sizeof(*v), cmp_tc);
	for (i = 0; i < ts->n; i++)
		buf_printf(b, "%sgo%s %s", i ? ", " : "", v[i]->version,
			   !v[i]->goroot ? "local" : v[i]->cached ? "cached" : "to fetch");
	free(v);
}

void toolchains_free(struct toolchains *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++) {
		toolchain_free(ts->v[i]);
		free(ts->v[i]);
	}
	free(ts->v);
	toolchain_free(&ts->local);
	tcsource_free(&ts->src);
	memset(ts, 0, sizeof(*ts));
}
