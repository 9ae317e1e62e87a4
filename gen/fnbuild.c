/* fnbuild.c - "gogen build-function", run by build.ninja per function:
 * make the overlay, go build it, then write the depfile from go list. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "detect.h"
#include "depfile.h"
#include "embedded.h"
#include "escape.h"
#include "fnbuild.h"
#include "graph.h"
#include "overlay.h"
#include "proc.h"
#include "shell.h"

struct fnargs {
	const char *entry, *out, *work, *go, *goos, *goarch, *cgo, *modroot, *release;
	int synthesize;
	char **flags;		/* GO_BUILD_FLAGS words, NULL-terminated */
	int nflags;
};

static int parse(int argc, char **argv, struct fnargs *a)
{
	struct {
		const char *name;
		const char **dst;
	} opt[] = {{"--entry", &a->entry},   {"--out", &a->out},	 {"--work", &a->work},
		   {"--go", &a->go},	     {"--goos", &a->goos},	 {"--goarch", &a->goarch},
		   {"--cgo", &a->cgo},	     {"--modroot", &a->modroot}, {"--release", &a->release}};
	int i;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			a->flags = argv + i + 1;
			a->nflags = argc - i - 1;
			break;
		}
		if (strcmp(argv[i], "--synthesize") == 0) {
			a->synthesize = 1;
			continue;
		}
		for (k = 0; k < sizeof opt / sizeof opt[0]; k++)
			if (strcmp(argv[i], opt[k].name) == 0 && i + 1 < argc) {
				*opt[k].dst = argv[++i];
				break;
			}
		if (k == sizeof opt / sizeof opt[0]) {
			err("build-function: unknown argument '%s'", argv[i]);
			return -1;
		}
	}
	if (!a->entry || !a->out || !a->work || !a->go || !a->modroot) {
		err("build-function: needs --entry, --out, --work, --go and --modroot");
		return -1;
	}
	if (!a->goos)
		a->goos = "linux";
	if (!a->goarch)
		a->goarch = "amd64";
	if (!a->cgo)
		a->cgo = "0";
	return 0;
}

/* go_argv builds "go SUB <user flags> -overlay FILE EXTRA... TARGET". */
static const char **go_argv(const struct fnargs *a, const char *sub, const char *overlay,
			    const char *const *extra, const char *target)
{
	const char **v = xcalloc((size_t)a->nflags + 12, sizeof(*v));
	size_t n = 0;
	int i;

	v[n++] = a->go;
	v[n++] = sub;
	for (i = 0; i < a->nflags; i++)
		v[n++] = a->flags[i];
	v[n++] = "-overlay";
	v[n++] = overlay;
	for (i = 0; extra[i]; i++)
		v[n++] = extra[i];
	v[n++] = target;
	return v;
}

/* rel_to_root shortens an absolute path under the current folder (the
 * root Ninja runs in) so the depfile names nodes as build.ninja does. */
static char *rel_to_root(const char *cwd, const char *abs)
{
	size_t n = strlen(cwd);

	if (strncmp(abs, cwd, n) == 0 && abs[n] == '/')
		return xstrdup(abs + n + 1);
	return xstrdup(abs);
}

/* The depfile being written: its text, the files named so far, the
 * root (Ninja's folder) and where links for unspellable names go. */
struct deps {
	struct buf b;
	struct strset seen;
	char *cwd;
	char *links;
	struct timespec newest;	/* latest change time of a file under the root */
};

static int later(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec != b->tv_sec ? a->tv_sec > b->tv_sec : a->tv_nsec > b->tv_nsec;
}

static void dep_add(struct deps *d, const char *abs)
{
	char *rel;

	if (!strset_add(&d->seen, abs))
		return;
	rel = rel_to_root(d->cwd, abs);
	depfile_add(&d->b, rel, d->links);
	if (rel[0] != '/') {
		struct stat st;
		if (stat(rel, &st) == 0 && later(&st.st_mtim, &d->newest))
			d->newest = st.st_mtim;
	}
	free(rel);
}

/* dep_file maps one file go list reported to the user's file it comes
 * from; files of the generated package that are ours are skipped. */
static void dep_file(struct deps *d, const struct overlay *ov, const char *dir, const char *file)
{
	char *p = path_join(dir, file);
	size_t i;

	if (strcmp(dir, ov->key_dir) == 0) {
		for (i = 0; i < ov->from.n; i++)
			if (strcmp(ov->from.v[i], p) == 0)
				break;
		if (i < ov->from.n)
			dep_add(d, ov->to.v[i]);
		else if (!has_prefix(file, "0-gogen_main_"))
			dep_add(d, p);
	} else {
		dep_add(d, p);
	}
	free(p);
}

static void dep_gomod(struct deps *d, const char *gomod, int synthesized)
{
	char *sum;

	if (!*gomod || synthesized)
		return;
	dep_add(d, gomod);
	sum = xstrdup(gomod);
	strcpy(sum + strlen(sum) - 3, "sum");
	if (is_file(sum))
		dep_add(d, sum);
	free(sum);
}

/* depfile_text turns go list's lines ("dir<TAB>file<TAB>file...", or
 * "M<TAB>go.mod path") into the depfile for a->out. */
static char *depfile_text(const struct fnargs *a, const struct overlay *ov, const char *list,
			  struct timespec *newest)
{
	struct deps d = {{0}, {0}, getcwd(NULL, 0), path_join(ov->work, "links"), {0, 0}};
	const char *line = list;

	if (!d.cwd)
		die("getcwd:");
	depfile_escape_path(&d.b, a->out);
	buf_addc(&d.b, ':');
	while (*line) {
		size_t n = strcspn(line, "\n");
		char *l = xstrndup(line, n), *tab = strchr(l, '\t'), *f;
		if (tab && has_prefix(l, "M\t")) {
			dep_gomod(&d, tab + 1, a->synthesize);
		} else if (tab) {
			*tab = 0;
			for (f = tab + 1; f && *f;) {
				char *next = strchr(f, '\t');
				if (next)
					*next++ = 0;
				dep_file(&d, ov, l, f);
				f = next;
			}
		}
		free(l);
		line += n + (line[n] == '\n');
	}
	buf_addc(&d.b, '\n');
	*newest = d.newest;
	strset_free(&d.seen);
	free(d.cwd);
	free(d.links);
	return buf_take(&d.b);
}

/* move_file renames from to to; across file systems it copies through a
 * temporary file beside to, so that to is never half-written. */
static int move_file(const char *from, const char *to)
{
	char *data;
	size_t len;
	int rc;

	if (rename(from, to) == 0)
		return 0;
	if (errno != EXDEV) {
		err("%s: cannot move to %s:", from, to);
		return -1;
	}
	data = read_file(from, &len);
	if (!data) {
		err("%s: cannot read:", from);
		return -1;
	}
	rc = write_atomic(to, data, len, 0);
	if (rc == 0 && chmod(to, 0755) < 0)
		rc = -1;
	if (rc < 0)
		err("%s: cannot write:", to);
	unlink(from);
	free(data);
	return rc;
}

static const char list_format[] =
	"{{if not .Standard}}{{.Dir}}{{range .GoFiles}}\t{{.}}{{end}}"
	"{{range .SFiles}}\t{{.}}{{end}}{{range .EmbedFiles}}\t{{.}}{{end}}\n"
	"{{with .Module}}M\t{{.GoMod}}\n{{end}}{{end}}";

/* asks_mod_mod reports whether GOFLAGS or GO_BUILD_FLAGS ask for
 * -mod=mod, which gogen replaces with -mod=readonly (saying so). */
static int asks_mod_mod(const struct fnargs *a)
{
	const char *env = getenv("GOFLAGS");
	struct strlist words = {0};
	char *msg = NULL;
	size_t i;
	int asks = 0;

	if (env)
		shell_split(env, &words, &msg);
	for (i = 0; i < (size_t)a->nflags; i++)
		strlist_add(&words, a->flags[i]);
	for (i = 0; i < words.n; i++) {
		const char *w = words.v[i];
		if (w[0] == '-' && w[1] == '-')
			w++;
		if (strcmp(w, "-mod=mod") == 0 ||
		    (strcmp(w, "-mod") == 0 && i + 1 < words.n && strcmp(words.v[i + 1], "mod") == 0))
			asks = 1;
	}
	if (asks)
		warn("warning: -mod=mod (from GOFLAGS or GO_BUILD_FLAGS) would let go edit go.mod "
		     "in your tree; building with -mod=readonly");
	strlist_free(&words);
	free(msg);
	return asks;
}

/* set_time gives path the time the build started, when a source file of
 * the user's changed while the build ran: the source is then newer than
 * the output, and the next ninja builds again instead of keeping a binary
 * made from the older text. (Not always: modules that go build downloads
 * meanwhile are newer too, and must not make every build look stale.) */
static void set_time(const char *path, const struct timespec *start)
{
	struct timespec ts[2] = {*start, *start};

	utimensat(AT_FDCWD, path, ts, 0);
}

static int build(const struct fnargs *a, const struct overlay *ov, const char *overlay_json,
		 const char *out_abs)
{
	/* The binary is linked in the work folder: an interrupted build must
	 * leave nothing in the output folder, which is what gets deployed. */
	char *tmp = xasprintf("%s/bootstrap", ov->work);
	char *goos = xasprintf("GOOS=%s", a->goos), *goarch = xasprintf("GOARCH=%s", a->goarch);
	char *cgo = xasprintf("CGO_ENABLED=%s", a->cgo);
	const char *env[] = {goos, goarch, cgo, a->synthesize ? "GOWORK=off" : NULL, NULL};
	char *modfile = xasprintf("-modfile=%s/go.mod", ov->work);
	/* A module gogen made up resolves what its function imports into its
	 * own go.mod in the work folder (-mod=mod), as the platform fetches
	 * the dependencies of a project without go.mod. A real module is never
	 * built with -mod=mod: that would let go edit the user's go.mod. */
	const char *mode = a->synthesize ? "-mod=mod" : asks_mod_mod(a) ? "-mod=readonly" : NULL;
	const char *bextra[] = {"-o", tmp, mode, a->synthesize ? modfile : NULL, NULL};
	const char *lextra[] = {"-deps", "-f", list_format, mode, a->synthesize ? modfile : NULL,
				NULL};
	struct timespec start, newest;
	const char **bv = go_argv(a, "build", overlay_json, bextra, ov->target);
	const char **lv = go_argv(a, "list", overlay_json, lextra, ov->target);
	struct buf list = {0};
	struct proc pb = {bv, ov->cwd, env, NULL, 0}, pl = {lv, ov->cwd, env, &list, 0};
	char *dep = xasprintf("%s.d", a->work), *text = NULL;
	int rc;

	clock_gettime(CLOCK_REALTIME, &start);
	rc = proc_run(&pb) == 0 && proc_run(&pl) == 0 ? 0 : -1;
	if (rc == 0) {
		text = depfile_text(a, ov, list.s ? list.s : "", &newest);
		if (write_atomic(dep, text, strlen(text), 0) < 0)
			rc = -1, err("%s: cannot write:", dep);
	}
	if (rc == 0 && move_file(tmp, out_abs) < 0)
		rc = -1;
	if (rc == 0 && later(&newest, &start))
		set_time(out_abs, &start);
	if (rc < 0)
		unlink(tmp);
	free(tmp), free(goos), free(goarch), free(cgo), free(dep), free(text), free(modfile);
	free(bv), free(lv);
	buf_free(&list);
	return rc;
}

static char *synth_gomod(const struct fnargs *a)
{
	int minor = graph_go_minor(a->release ? a->release : "local");

	/* Go before 1.21 refuses a three-part version on the go line. */
	return xasprintf("module gogen.local/app\n\ngo 1.%d\n", minor == 99 ? 20 : minor);
}

int fnbuild_main(int argc, char **argv)
{
	struct fnargs a = {0};
	struct strlist tags = {0}, words = {0};
	struct overlay ov = {0};
	struct overlay_in in = {0};
	struct build_ctx ctx = {0};
	char *entry, *modroot, *work, *out, *dir, *ovjson, *outdir, *gomod = NULL;
	int i, rc = 1;

	if (parse(argc, argv, &a) < 0)
		return 2;
	for (i = 0; i < a.nflags; i++)
		strlist_add(&words, a.flags[i]);
	graph_flag_tags(&words, &tags);
	ctx.goos = a.goos, ctx.goarch = a.goarch, ctx.cgo = strcmp(a.cgo, "1") == 0;
	ctx.go_minor = graph_go_minor(a.release ? a.release : "local");
	ctx.tags = &tags;
	entry = path_abs(a.entry), modroot = path_abs(a.modroot), work = path_abs(a.work);
	out = path_abs(a.out), dir = path_dir(entry), outdir = path_dir(out);
	ovjson = path_join(work, "overlay.json");
	if (a.synthesize)
		gomod = synth_gomod(&a);
	in.entry = entry, in.modroot = modroot, in.work = work, in.id = path_base(work);
	in.wrapper = (const char *)tpl_main_go, in.synth_gomod = gomod, in.ctx = &ctx;
	if (mkdir_p(outdir) < 0)
		err("%s: cannot create:", outdir);
	else if (overlay_make(&in, &ov) == 0 && build(&a, &ov, ovjson, out) == 0)
		rc = 0;
	overlay_free(&ov);
	strlist_free(&tags), strlist_free(&words);
	free(entry), free(modroot), free(work), free(out), free(dir), free(outdir);
	free(ovjson), free(gomod);
	return rc;
}
