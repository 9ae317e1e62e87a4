/* main.c - gogen's command line: generate build.ninja, list functions,
 * or run one of the subcommands that build.ninja calls. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "dev.h"
#include "fetch.h"
#include "fnbuild.h"
#include "graph.h"
#include "include.h"
#include "list.h"
#include "make.h"
#include "moddl.h"
#include "ninja.h"
#include "options.h"
#include "output.h"
#include "proc.h"
#include "prune.h"
#include "scan.h"
#include "shell.h"
#include "toolchain.h"

static const char usage_text[] =
	"usage: gogen [-C dir] [-f build.ninja] [-m gogen.mk] [-a goarch] [-v]\n"
	"       gogen --list [--json] [-C dir]\n"
	"       gogen fetch-go [--cache dir] [--url url] [--sha256 hex] VERSION\n"
	"       gogen dev [-C dir] [-f build.ninja] [project]\n"
	"       gogen --help | --version\n"
	"\n"
	"Finds the Go serverless functions under each project's api/ folder and\n"
	"writes a build.ninja that builds each into\n"
	"<project>/.vercel/output/functions/<route>.func/bootstrap. Then run ninja.\n"
	"\n"
	"  -C dir        work in dir (the repository root)\n"
	"  -f file       the Ninja file to write, relative to dir (build.ninja)\n"
	"  -m file       also write a Make fragment for an existing Makefile\n"
	"  -a goarch     target architecture (amd64 or arm64; default from gogen.ini)\n"
	"  -v            say for each candidate file why it is or is not a function\n"
	"  --list        print the functions instead of writing build.ninja\n"
	"  --json        with --list: a JSON array\n";

static int usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "gogen: %s\n", msg);
	fputs(usage_text, stderr);
	return 2;
}

static int usage_needs(const char *opt)
{
	char *m = xasprintf("%s needs a value", opt);

	usage(m);
	free(m);
	return 2;
}

/* parse_args fills o; returns -1 to exit 0 (help/version), 2 on misuse. */
static int parse_args(int argc, char **argv, struct options *o)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage_text, stdout);
			return -1;
		} else if (strcmp(a, "--version") == 0) {
			puts("gogen " GOGEN_VERSION);
			return -1;
		} else if (strcmp(a, "-v") == 0) {
			o->verbose = 1;
		} else if (strcmp(a, "--list") == 0) {
			o->list = 1;
		} else if (strcmp(a, "--json") == 0) {
			o->json = 1;
		} else if (strcmp(a, "-C") == 0 || strcmp(a, "-f") == 0 || strcmp(a, "-a") == 0 ||
			   strcmp(a, "-m") == 0 || strcmp(a, "--env-flags") == 0) {
			if (++i == argc)
				return usage_needs(a);
			if (a[1] == '-')
				o->env_flags_arg = argv[i];
			else if (a[1] == 'C')
				o->root = argv[i];
			else if (a[1] == 'f')
				o->ninja_file = argv[i];
			else if (a[1] == 'm')
				o->make_file = argv[i];
			else
				o->goarch_arg = argv[i];
		} else {
			char *m = xasprintf("unknown argument '%s'", a);
			usage(m);
			free(m);
			return 2;
		}
	}
	if (o->json && !o->list)
		return usage("--json goes with --list");
	if (o->ninja_file && (!*o->ninja_file || o->ninja_file[0] == '/' ||
			      strstr(o->ninja_file, "..")))
		return usage("-f takes a path inside the root folder");
	if (o->make_file && (!*o->make_file || o->make_file[0] == '/' || strstr(o->make_file, "..")))
		return usage("-m takes a path inside the root folder");
	return 0;
}

static int valid_goarch(const char *a)
{
	return strcmp(a, "amd64") == 0 || strcmp(a, "arm64") == 0;
}

/* self_path finds gogen's own executable, which build.ninja calls back. */
static char *self_path(const char *argv0)
{
	char tmp[4096];
	ssize_t n = readlink("/proc/self/exe", tmp, sizeof tmp - 1);
	char *p;

	if (n > 0) {
		tmp[n] = 0;
		return xstrdup(tmp);
	}
	p = proc_which(argv0);
	if (!p)
		die("cannot find my own executable (%s)", argv0);
	return p;
}

/* prepare_dirs makes the build folder and each output folder before
 * build.ninja is written, so that Ninja never sees a watched folder
 * change later because of our own writes. */
static int prepare_dirs(const struct graph *g, const char *build_dir)
{
	size_t i;

	if (mkdir_p(build_dir) < 0) {
		err("%s: cannot create build folder:", build_dir);
		return -1;
	}

	for (i = 0; i < g->nfuncs; i++) {
		char *d = path_join(g->funcs[i]->project->dir, ".vercel/output");
		int rc = mkdir_p(d);
		if (rc < 0)
			err("%s: cannot create output folder:", d);
		free(d);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static size_t count_projects(const struct graph *g)
{
	size_t i, n = 0;

	for (i = 0; i < g->nprojects; i++) {
		size_t j;
		for (j = 0; j < g->nfuncs; j++)
			if (g->funcs[j]->project == g->projects[i])
				break;
		n += j < g->nfuncs;
	}
	return n;
}

static void summary(const struct graph *g, const struct toolchains *tcs, const char *file)
{
	struct buf b = {0};

	toolchains_describe(tcs, &b);
	if (g->nfuncs == 0)
		fprintf(stderr, "gogen: no functions found; %s builds nothing\n", file);
	else
		fprintf(stderr, "gogen: %zu function%s in %zu project%s (%s)\n", g->nfuncs,
			g->nfuncs == 1 ? "" : "s", count_projects(g),
			count_projects(g) == 1 ? "" : "s", b.s);
	buf_free(&b);
}

/* touch_now sets path's times to now: build.ninja must not look older
 * than the folders we just wrote into, or Ninja would regenerate again. */
static void touch_now(const char *path)
{
	struct timespec ts[2] = {{0, UTIME_NOW}, {0, UTIME_NOW}};

	utimensat(AT_FDCWD, path, ts, 0);
}

static int write_make(const struct options *o, const struct graph *g)
{
	struct buf b = {0};
	int rc;

	make_write(&b, g, ".", o->ninja_file);
	rc = write_atomic(o->make_file, b.s, b.len, 1);
	if (rc < 0)
		err("%s: cannot write:", o->make_file);
	buf_free(&b);
	return rc < 0 ? -1 : 0;
}

static int generate(const struct options *o, const struct settings *st, struct graph *g,
		    struct scan *sc, const char *self, const struct toolchains *tcs)
{
	struct ninja_env e = {0};
	struct buf text = {0}, args = {0}, dep = {0};
	int rc;

	if (o->goarch_arg)
		buf_printf(&args, "-a %s", o->goarch_arg);
	if (o->make_file) {
		buf_adds(&args, args.len ? " -m " : "-m ");
		shell_quote(&args, o->make_file);
	}
	if (g->env_flags) {
		buf_adds(&args, args.len ? " --env-flags " : "--env-flags ");
		shell_quote(&args, g->env_flags);
	}
	e.self = self;
	e.ninja_file = o->ninja_file;
	e.build_dir = st->build_dir;
	e.goarch = o->goarch_arg ? o->goarch_arg : st->goarch;
	e.gogen_args = args.s ? args.s : "";
	e.tcs = tcs;
	rc = ninja_write(&text, g, &e) < 0 || ninja_regen_depfile(&dep, g, sc, o->ninja_file, st->build_dir) < 0 ||
	     prepare_dirs(g, st->build_dir) < 0 || output_write(g, e.goarch) < 0 ||
	     dev_write(g, st->build_dir) < 0 ? 1 : 0;
	if (rc == 0) {
		char *depfile = path_join(st->build_dir, "regenerate.d");
		/* The depfile first: build.ninja names it, Ninja reads both. */
		if (write_atomic(depfile, dep.s, dep.len, 1) < 0) {
			err("%s: cannot write:", depfile);
			rc = 1;
		}
		free(depfile);
	}
	if (rc == 0) {
		if (write_atomic(o->ninja_file, text.s, text.len, 1) < 0) {
			err("%s: cannot write:", o->ninja_file);
			rc = 1;
		} else if (o->make_file && write_make(o, g) < 0) {
			rc = 1;
		} else if (prune_outputs(g, st->build_dir) < 0) {
			rc = 1;
		} else if (graph_write_stamps(g) < 0) {
			/* Last of all: a new stamp must not look older than the
			 * folders written above, or Ninja would regenerate again. */
			rc = 1;
		} else {
			touch_now(o->ninja_file);
			summary(g, tcs, o->ninja_file);
		}
	}
	buf_free(&text);
	buf_free(&args);
	buf_free(&dep);
	return rc;
}

static int run(const struct options *o, const char *self)
{
	struct settings st = {0};
	struct scan sc = {0};
	struct graph g = {0};
	struct toolchains tcs = {0};
	int rc = 1;

	if (config_read_ini("gogen.ini", &st) < 0)
		goto out;
	if (o->goarch_arg && !valid_goarch(o->goarch_arg)) {
		err("-a %s: unknown architecture (amd64 or arm64)", o->goarch_arg);
		goto out;
	}
	if (!valid_goarch(st.goarch)) {
		err("gogen.ini: goarch = %s: unknown architecture (amd64 or arm64)", st.goarch);
		goto out;
	}
	if (o->goarch_arg) {
		free(st.goarch);
		st.goarch = xstrdup(o->goarch_arg);
	}
	if (!st.build_dir) {
		char *d = path_dir(o->ninja_file);
		st.build_dir = path_join(d, ".gogen");
		free(d);
	}
	strlist_add(&sc.skip, st.build_dir);
	/* No go on PATH is fine as long as every release can be fetched. */
	if (toolchain_local(&tcs.local) < 0)
		goto out;
	g.local_go = tcs.local.version ? tcs.local.version : "local";
	if (scan_tree(&sc, o->verbose) < 0 || graph_build(&g, &sc, &st, o) < 0)
		goto out;
	if (st.found)
		strlist_add(&g.watch, "gogen.ini");
	if (o->list) {
		list_write(&g, o->json);
		rc = 0;
	} else if (toolchains_plan(&tcs, &g, &st, st.build_dir) == 0) {
		rc = generate(o, &st, &g, &sc, self, &tcs);
	}
out:
	toolchains_free(&tcs);
	graph_free(&g);
	scan_free(&sc);
	settings_free(&st);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	char *self;
	int rc;

	if (argc > 1 && strcmp(argv[1], "copy-file") == 0)
		return include_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "build-function") == 0)
		return fnbuild_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "fetch-go") == 0)
		return fetch_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "dev") == 0) {
		self = self_path(argv[0]);
		rc = dev_main(argc - 1, argv + 1, self);
		free(self);
		return rc;
	}
	if (argc > 1 && strcmp(argv[1], "mod-download") == 0)
		return moddl_main(argc - 1, argv + 1);
	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (!o.ninja_file)
		o.ninja_file = "build.ninja";
	self = self_path(argv[0]);
	if (o.root && chdir(o.root) < 0) {
		err("%s: cannot enter folder:", o.root);
		free(self);
		return 1;
	}
	rc = run(&o, self);
	free(self);
	return rc;
}
