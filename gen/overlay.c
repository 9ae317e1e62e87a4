/* overlay.c - one function's package as go build sees it.
 *
 * The go command compiles a folder as one package, but a handler folder
 * often holds files that cannot be compiled together: several files
 * declaring "func Handler", helpers declared twice, files of another
 * package, names starting with "[" (which go refuses), a package main
 * with its own func main. For each function we show go build a
 * consistent package through -overlay: files are hidden, or replaced by
 * private copies in the build folder with the package clause set to
 * main and clashing names renamed to _, padded with spaces so that every
 * line and column the compiler reports stays true to the user's file. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escape.h"
#include "golex.h"
#include "overlay.h"

/* name_safe reports whether the go command accepts a file of this name
 * in a package: it refuses names starting with characters that could
 * read as options or globs (its SafeArg rule); "[" anywhere is refused
 * too, to stay clear of pattern matching. */
static int name_safe(const char *n)
{
	unsigned char c = (unsigned char)n[0];

	if (strchr(n, '[') || strchr(n, ']'))
		return 0;
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       c == '.' || c == '_' || c >= 0x80;
}

/* import_safe reports whether a folder path relative to the module root
 * can be part of an import path (letters, digits, - . _ ~ +). */
static int import_safe(const char *rel)
{
	const char *p;

	if (strcmp(rel, ".") == 0)
		return 1;
	for (p = rel; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      strchr("-._~+/", c)))
			return 0;
		if ((p == rel || p[-1] == '/') && c == '.')
			return 0;
	}
	return 1;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct srcfile *)a)->name, ((const struct srcfile *)b)->name);
}

/* read_folder loads every .go file of dir that the build context
 * selects. Test files and files excluded by name or constraint are left
 * out (go build skips them as well). */
static int read_folder(struct detector *det, const char *dir, const struct build_ctx *ctx,
		       struct srcfile **out, size_t *n, struct strlist *hidden)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct srcfile *v = NULL;
	size_t cnt = 0;
	int rc = 0;

	if (!d) {
		err("%s: cannot open folder:", dir);
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		struct srcfile f = {0};
		char *msg = NULL;
		if (!has_suffix(e->d_name, ".go") || e->d_name[0] == '.')
			continue;
		f.name = xstrdup(e->d_name);
		f.path = path_join(dir, e->d_name);
		if (!detect_file_name(f.name, ctx) || !(f.text = read_file(f.path, &f.len)) ||
		    detector_source(det, f.path, f.text, f.len, ctx, &f.gf, &msg) < 0 ||
		    !f.gf.buildable || !f.gf.package) {
			if (msg)
				err("%s", msg), rc = -1;
			/* Test files too: their package clause would no longer
			 * match the package, renamed to main, and go refuses. */
			strlist_add(hidden, f.path);
			free(msg), free(f.name), free(f.path), free(f.text);
			gofile_free(&f.gf);
			continue;
		}
		v = xrealloc(v, (cnt + 1) * sizeof(*v));
		v[cnt++] = f;
	}
	closedir(d);
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmp_name);
	*out = v;
	*n = cnt;
	return rc;
}

static void add_decls(struct strset *names, const struct gofile *gf, const char *skip)
{
	size_t i;

	for (i = 0; i < gf->ndecls; i++)
		if (!skip || strcmp(gf->decls[i].name, skip) != 0)
			strset_add(names, gf->decls[i].name);
}

/* clashes reports whether gf declares a name already in names, leaving
 * its handler aside. */
static int clashes(const struct strset *names, const struct gofile *gf)
{
	size_t i;

	for (i = 0; i < gf->ndecls; i++)
		if ((!gf->handler || strcmp(gf->decls[i].name, gf->handler) != 0) &&
		    strset_has(names, gf->decls[i].name))
			return 1;
	return 0;
}

/* wanted reports whether the chosen files need gf: they mention one of
 * its names, or it declares a method on one of their types. Its handler's
 * name does not count when it clashes: that name is the chosen files'. */
static int wanted(const struct strset *names, const struct strset *used, const struct gofile *gf)
{
	size_t i;

	for (i = 0; i < gf->ndecls; i++) {
		const char *d = gf->decls[i].name, *dot = strchr(d, '.');
		if (dot) {
			char *type = xstrndup(d, (size_t)(dot - d));
			int on_ours = strset_has(names, type);
			free(type);
			if (on_ours)
				return 1;
		} else if (strset_has(used, d) &&
			   !(gf->handler && strcmp(d, gf->handler) == 0 && strset_has(names, d))) {
			return 1;
		}
	}
	return 0;
}

/* take adds f to the chosen files. Returns -1 when f could not be read
 * to the end (an unclosed literal): it may then use any name at all. */
static int take(struct srcfile *f, struct strset *names, struct strset *used, const char *skip)
{
	f->include = 1;
	add_decls(names, &f->gf, skip);
	return golex_idents(f->text, f->len, used);
}

/* choose marks the files of this function: the entry and every helper
 * of its package, then, until nothing changes, each other handler file of
 * the package that they need and that fits beside them. A file whose only
 * clash is its handler's name is kept with that function renamed. Other
 * handler files stay out, so that editing one handler relinks only the
 * functions that use it. */
static void choose(struct srcfile *v, size_t n, size_t entry)
{
	const char *pkg = v[entry].gf.package;
	struct strset names = {0}, used = {0};
	size_t i;
	int more = 1, all = 0;

	all |= take(&v[entry], &names, &used, NULL) < 0;
	for (i = 0; i < n; i++)
		if (i != entry && !v[i].gf.handler && strcmp(v[i].gf.package, pkg) == 0)
			all |= take(&v[i], &names, &used, NULL) < 0;
	while (more) {
		more = 0;
		for (i = 0; i < n; i++) {
			struct srcfile *f = &v[i];
			if (f->include || f->skip || !f->gf.handler ||
			    strcmp(f->gf.package, pkg) != 0 || !(all || wanted(&names, &used, &f->gf)))
				continue;
			if (clashes(&names, &f->gf)) {
				f->skip = 1;
				continue;
			}
			f->rename_handler = strset_has(&names, f->gf.handler);
			all |= take(f, &names, &used, f->rename_handler ? f->gf.handler : NULL) < 0;
			more = 1;
		}
	}
	strset_free(&names);
	strset_free(&used);
}

/* blank_name overwrites the name at off with "_" and spaces. */
static void blank_name(char *text, size_t off, size_t len)
{
	text[off] = '_';
	memset(text + off + 1, ' ', len - 1);
}

/* private_copy makes the text go build sees for f: package main, renamed
 * clashing names, and a first //line comment so that the compiler's
 * messages name the user's file and its lines, not our copy. */
static char *private_copy(const struct srcfile *f, size_t *len)
{
	struct buf b = {0};
	char *t = xstrndup(f->text, f->len);
	size_t start = 0, plen = strlen(f->gf.package);

	if (f->rename_handler)
		blank_name(t, f->gf.handler_off, strlen(f->gf.handler));
	if (f->gf.main_off >= 0)
		blank_name(t, (size_t)f->gf.main_off, 4);
	/* A byte order mark is only allowed first in a file. */
	if (f->gf.bom)
		start = 3;
	buf_printf(&b, "//line %s:1:1\n", f->path);
	buf_add(&b, t + start, f->gf.package_off - start);
	buf_adds(&b, "main");
	if (plen > 4)
		buf_printf(&b, "%*s", (int)(plen - 4), "");
	buf_add(&b, t + f->gf.package_off + plen, f->len - f->gf.package_off - plen);
	free(t);
	*len = b.len;
	return buf_take(&b);
}

static int needs_copy(const struct srcfile *f)
{
	return strcmp(f->gf.package, "main") != 0 || f->rename_handler || f->gf.main_off >= 0;
}

static int put_file(const char *path, const char *text, size_t len)
{
	if (write_atomic(path, text, len, 1) < 0) {
		err("%s: cannot write:", path);
		return -1;
	}
	return 0;
}

static void map_key(struct overlay *ov, const char *key, const char *value)
{
	strlist_add(&ov->keys, key);
	strlist_add(&ov->values, value);
}

/* place_file adds file i of the folder to the overlay. */
static int place_file(const struct overlay_in *in, struct overlay *ov, const struct srcfile *f,
		      size_t i, int same_dir)
{
	int moved = !same_dir || !name_safe(f->name);
	char *key, *copy;
	size_t len;
	char *text;
	int rc;

	if (!moved && !needs_copy(f))
		return 0;
	key = moved ? xasprintf("%s/gogen_f%zu.go", ov->key_dir, i) : xstrdup(f->path);
	copy = xasprintf("%s/src/%zu.go", in->work, i);
	text = private_copy(f, &len);
	rc = put_file(copy, text, len);
	map_key(ov, key, copy);
	if (moved) {
		strlist_add(&ov->from, key);
		strlist_add(&ov->to, f->path);
	}
	free(key), free(copy), free(text);
	return rc;
}

/* key_folder decides where go build sees the package: its own folder
 * when that can be part of an import path, else a made-up folder beside
 * the nearest ancestor that can (a folder named "[id]" cannot). */
static void key_folder(const struct overlay_in *in, const char *dir, struct overlay *ov)
{
	char *d = xstrdup(dir), *rel, *up;

	for (;;) {
		rel = path_rel(in->modroot, d);
		if (import_safe(rel) || strcmp(d, in->modroot) == 0 || strcmp(d, "/") == 0)
			break;
		free(rel);
		up = path_dir(d);
		free(d);
		d = up;
	}
	free(rel);
	ov->cwd = d;
	if (strcmp(d, dir) == 0) {
		ov->key_dir = xstrdup(dir);
		ov->target = xstrdup(".");
	} else {
		ov->key_dir = xasprintf("%s/gogen_fn_%s", d, in->id);
		ov->target = xasprintf("./gogen_fn_%s", in->id);
	}
}

/* go_string_body appends s escaped for use inside a Go "..." literal
 * ({{SOURCE}} stands between quotes in the template). */
static void go_string_body(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_addc(b, c);
	}
}

static char *fill_template(const char *tpl, const char *handler, const char *source)
{
	struct buf b = {0};
	const char *p = tpl, *q;

	while ((q = strstr(p, "{{")) != NULL) {
		buf_add(&b, p, (size_t)(q - p));
		if (has_prefix(q, "{{HANDLER}}"))
			buf_adds(&b, handler), p = q + 11;
		else if (has_prefix(q, "{{SOURCE}}"))
			go_string_body(&b, source), p = q + 10;
		else
			buf_adds(&b, "{{"), p = q + 2;
	}
	buf_adds(&b, p);
	return buf_take(&b);
}

static int write_json(const struct overlay_in *in, const struct overlay *ov)
{
	struct buf b = {0};
	char *path = path_join(in->work, "overlay.json");
	size_t i;
	int rc;

	buf_adds(&b, "{\"Replace\":{");
	for (i = 0; i < ov->keys.n; i++) {
		buf_adds(&b, i ? ",\n" : "\n");
		json_escape(&b, ov->keys.v[i]);
		buf_addc(&b, ':');
		json_escape(&b, ov->values.v[i]);
	}
	buf_adds(&b, "\n}}\n");
	rc = put_file(path, b.s, b.len);
	buf_free(&b);
	free(path);
	return rc;
}

/* wrapper_clash finds a user name that the generated main file needs. */
static const char *wrapper_clash(const struct srcfile *v, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; v[i].include && j < v[i].gf.ndecls; j++) {
			const char *s = v[i].gf.decls[j].name;
			if (has_prefix(s, "gogen") && s[5] >= 'A' && s[5] <= 'Z')
				return s;
		}
	return NULL;
}

static size_t find_entry(const struct srcfile *v, size_t n, const char *entry)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].path, entry) == 0)
			return i;
	return n;
}

/* The most files mirror_files shows under a made-up folder. */
#define MIRROR_MAX 10000

/* mirror_files shows the non-Go files below dir (its own folder and
 * subfolders) under key, so that //go:embed patterns of a package moved
 * to a made-up folder find the files they name. */
static int mirror_files(struct overlay *ov, const char *dir, const char *key, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct strlist names = {0};
	size_t i;
	int rc = 0;

	if (!d)
		return 0;	/* an unreadable subfolder cannot be embedded anyway */
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			strlist_add(&names, e->d_name);
	closedir(d);
	for (i = 0; i < names.n && rc == 0; i++) {
		char *p = path_join(dir, names.v[i]), *k = path_join(key, names.v[i]);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			rc = mirror_files(ov, p, k, count);
		} else if (S_ISREG(st.st_mode) && !has_suffix(names.v[i], ".go")) {
			if (++*count > MIRROR_MAX) {
				err("%s: more than %d files to show in the moved package", dir,
				    MIRROR_MAX);
				rc = -1;
			} else {
				map_key(ov, k, p);
				strlist_add(&ov->from, k);
				strlist_add(&ov->to, p);
			}
		}
		free(p), free(k);
	}
	strlist_free(&names);
	return rc;
}

static int add_files(const struct overlay_in *in, struct overlay *ov, struct srcfile *v,
		     size_t n, const struct strlist *hidden, const char *dir)
{
	size_t mirrored = 0;
	int same_dir = strcmp(ov->key_dir, dir) == 0;
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		if (v[i].include)
			rc = place_file(in, ov, &v[i], i, same_dir);
		if (same_dir && (!v[i].include || !name_safe(v[i].name)))
			map_key(ov, v[i].path, "");
	}
	for (i = 0; same_dir && i < hidden->n; i++)
		map_key(ov, hidden->v[i], "");
	if (rc == 0 && !same_dir)
		rc = mirror_files(ov, dir, ov->key_dir, &mirrored);
	return rc;
}

/* starts_with_file reports whether the file at path begins with text:
 * a synthesized go.mod is kept, with the requirements go build added to
 * it, as long as its module and go lines are still the ones wanted. */
static int starts_with_file(const char *path, const char *text)
{
	char *old = read_file(path, NULL);
	int same = old && has_prefix(old, text);

	free(old);
	return same;
}

static int add_generated(const struct overlay_in *in, struct overlay *ov, const struct srcfile *e)
{
	/* "0-" sorts before every other file name the go command accepts, and
	 * Go initialises a package's variables file by file in name order:
	 * the generated file's own setup runs first, before any user code. */
	char *key = xasprintf("%s/0-gogen_main_%s.go", ov->key_dir, in->id);
	char *path = path_join(in->work, "main.go");
	char *text = fill_template(in->wrapper, e->gf.handler, e->path);
	int rc = put_file(path, text, strlen(text));

	map_key(ov, key, path);
	free(key), free(path), free(text);
	if (rc == 0 && in->synth_gomod) {
		/* Written once: go build -mod=mod then adds the requirements of
		 * what the function imports to this file, never to the user's. */
		key = path_join(in->modroot, "go.mod");
		path = path_join(in->work, "go.mod");
		if (!starts_with_file(path, in->synth_gomod))
			rc = put_file(path, in->synth_gomod, strlen(in->synth_gomod));
		map_key(ov, key, path);
		free(key), free(path);
	}
	return rc;
}

static void free_files(struct srcfile *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name), free(v[i].path), free(v[i].text);
		gofile_free(&v[i].gf);
	}
	free(v);
}

int overlay_make(const struct overlay_in *in, struct overlay *ov)
{
	char *dir = path_dir(in->entry), *src = path_join(in->work, "src");
	struct strlist hidden = {0};
	struct srcfile *v = NULL;
	struct detector *det;
	size_t n = 0, e;
	const char *clash;
	int rc = -1;

	if (mkdir_p(src) < 0) {
		err("%s: cannot create:", src);
		goto out;
	}
	det = detector_new();
	rc = read_folder(det, dir, in->ctx, &v, &n, &hidden);
	detector_free(det);
	if (rc < 0)
		goto out;
	rc = -1;
	e = find_entry(v, n, in->entry);
	if (e == n || !v[e].gf.handler) {
		err("%s: no longer declares an exported http.HandlerFunc (or is excluded by its "
		    "build constraints); run gogen again", in->entry);
		goto out;
	}
	choose(v, n, e);
	if ((clash = wrapper_clash(v, n)) != NULL) {
		err("%s: the name %s is reserved for gogen's generated main file", in->entry, clash);
		goto out;
	}
	ov->work = in->work;
	key_folder(in, dir, ov);
	rc = add_files(in, ov, v, n, &hidden, dir);
	if (rc == 0)
		rc = add_generated(in, ov, &v[e]);
	if (rc == 0)
		rc = write_json(in, ov);
out:
	free_files(v, n);
	strlist_free(&hidden);
	free(dir), free(src);
	return rc;
}

void overlay_free(struct overlay *ov)
{
	free(ov->cwd), free(ov->target), free(ov->key_dir);
	strlist_free(&ov->keys), strlist_free(&ov->values);
	strlist_free(&ov->from), strlist_free(&ov->to);
}
