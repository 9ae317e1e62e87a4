/* fetch.c - "gogen fetch-go": one Go release into the cache. Under a lock
 * per release, an entry without its completion marker is thrown away and
 * the release is fetched into a temporary folder beside it: the archive
 * and its checksum with curl (or wget), checked, unpacked with tar; or
 * golang.org/toolchain through the go command and GOPROXY. The marker is
 * written into the temporary folder, which is then renamed into place, so
 * a fetch killed at any point leaves nothing a later one trusts. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "fetch.h"
#include "goversion.h"
#include "proc.h"
#include "sha256.h"
#include "toolchain.h"

int fetch_parse_sha256(const char *text, char hex[65])
{
	size_t i;

	text += strspn(text, " \t\r\n");
	for (i = 0; i < 64; i++) {
		char c = text[i];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return -1;
		hex[i] = c;
	}
	hex[64] = 0;
	return text[64] == 0 || strchr(" \t\r\n", text[64]) ? 0 : -1;
}

char *fetch_proxy_module(const char *version, const char *os, const char *arch)
{
	return xasprintf("golang.org/toolchain@v0.0.1-go%s.%s-%s", version, os, arch);
}

/* rm_tree removes path and everything below it, making folders writable
 * first (the module cache makes them read-only); symbolic links are
 * removed, never followed. */
static void rm_tree(const char *path)
{
	struct stat st;
	struct dirent *de;
	DIR *d;

	if (lstat(path, &st) < 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	chmod(path, (st.st_mode & 07777) | 0700);
	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *sub;
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			sub = path_join(path, de->d_name);
			rm_tree(sub);
			free(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

/* allow_exec sets the execute bits of the regular files below path (all
 * of them, or with lib only the go_GOOS_GOARCH_exec helpers): a module
 * zip keeps no modes, so the go command does the same after fetching a
 * toolchain module. */
static void allow_exec(const char *path, int lib)
{
	struct stat st;
	struct dirent *de;
	DIR *d;

	if (lstat(path, &st) < 0)
		return;
	if (S_ISREG(st.st_mode)) {
		const char *b = path_base(path);
		if (!lib || (has_prefix(b, "go_") && has_suffix(b, "_exec") && strlen(b) > 10))
			chmod(path, (st.st_mode & 0777) | 0111);
		return;
	}
	if (!S_ISDIR(st.st_mode) || (d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char *sub;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		sub = path_join(path, de->d_name);
		allow_exec(sub, lib);
		free(sub);
	}
	closedir(d);
}

static int copy_file(const char *from, const char *to)
{
	char tmp[65536];
	int in = open(from, O_RDONLY), out, e = 0;
	ssize_t n;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (out < 0) {
		e = errno;
		close(in);
		errno = e;
		return -1;
	}
	while ((n = read(in, tmp, sizeof tmp)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(out, tmp, (size_t)n) != n) {
			e = errno ? errno : EIO;
			break;
		}
	}
	if (close(out) < 0 && !e)
		e = errno;
	close(in);
	errno = e;
	return e ? -1 : 0;
}

/* why_failed turns a downloader's exit status into words. */
static const char *why_failed(int curl, int rc)
{
	if (curl) {
		switch (rc) {
		case 6: return "cannot resolve the host";
		case 7: return "cannot connect";
		case 18: return "the connection closed before the whole file arrived";
		case 22: return "the server answered with an HTTP error";
		case 28: return "timed out";
		case 35: case 60: return "TLS failure";
		case 56: return "the connection broke while receiving";
		}
	} else {
		switch (rc) {
		case 4: return "network failure";
		case 5: return "TLS failure";
		case 8: return "the server answered with an error";
		}
	}
	return "download failed";
}

/* download fetches url into file dest: file:/// URLs are copied, others
 * go through curl or, without it, wget. Returns 0, or -1 after an error
 * naming url. */
static int download(const char *url, const char *dest, int progress)
{
	char *tool;
	int curl, rc;

	if (has_prefix(url, "file://")) {
		if (copy_file(url + 7, dest) == 0)
			return 0;
		err("%s: cannot read:", url);
		return -1;
	}
	curl = (tool = proc_which("curl")) != NULL;
	if (!tool && !(tool = proc_which("wget"))) {
		err("%s: cannot download: neither curl nor wget is in PATH", url);
		return -1;
	}
	if (curl) {
		/* --fail turns HTTP errors into exit 22; a stall of a minute
		 * ends the transfer rather than hanging the build. */
		const char *argv[] = {
			tool, "--fail", "--location", "--show-error", "--proto", "=http,https",
			"--connect-timeout", "30", "--speed-limit", "1", "--speed-time", "60",
			progress ? "--progress-bar" : "--silent", "--output", dest, url, NULL};
		struct proc p = {argv, NULL, NULL, NULL, 0};
		rc = proc_run(&p);
	} else {
		const char *argv[] = {tool, progress ? "--progress=bar" : "--no-verbose",
				      "--tries=1", "--timeout=60", "--output-document", dest,
				      url, NULL};
		struct proc p = {argv, NULL, NULL, NULL, 0};
		rc = proc_run(&p);
	}
	if (rc != 0)
		err("%s: %s (%s exit %d)", url, why_failed(curl, rc), path_base(tool), rc);
	free(tool);
	return rc == 0 ? 0 : -1;
}

/* from_archive downloads, checks and unpacks the release archive into
 * tmp; *root gets the GOROOT inside it, note the marker's text. */
static int from_archive(const struct fetch *f, const char *tmp, char **root, struct buf *note)
{
	char *sumurl = xasprintf("%s.sha256", f->url);
	char *sumfile = path_join(tmp, "archive.sha256");
	char *archive = path_join(tmp, "archive.tar.gz");
	char *x = path_join(tmp, "x"), *go = NULL, *text = NULL;
	char want[65], got[65];
	const char *tar[] = {"tar", "-x", "-z", "-f", archive, "-C", x, "--no-same-owner", NULL};
	struct proc p = {tar, NULL, NULL, NULL, 0};
	int rc = -1, trc;

	if (f->sha256) {
		if (fetch_parse_sha256(f->sha256, want) < 0) {
			err("go%s.%s-%s: the pinned checksum '%s' is no SHA-256", f->version,
			    f->os, f->arch, f->sha256);
			goto out;
		}
	} else if (download(sumurl, sumfile, 0) < 0) {
		err("%s: cannot get the archive's checksum: publish it there, or pin it in "
		    "gogen.ini: [checksums] go%s.%s-%s = <sha256>", sumurl, f->version, f->os,
		    f->arch);
		goto out;
	} else if (!(text = read_file(sumfile, NULL)) || fetch_parse_sha256(text, want) < 0) {
		err("%s: holds no SHA-256 checksum", sumurl);
		goto out;
	}
	fprintf(stderr, "gogen: downloading %s\n", f->url);
	if (download(f->url, archive, isatty(2)) < 0)
		goto out;
	if (sha256_file(archive, got) < 0) {
		err("%s: cannot read:", archive);
		goto out;
	}
	if (strcmp(got, want) != 0) {
		err("%s: checksum mismatch: the download has SHA-256 %s, %s says %s", f->url, got,
		    f->sha256 ? "gogen.ini [checksums]" : sumurl, want);
		goto out;
	}
	if (mkdir(x, 0777) < 0) {
		err("%s: cannot create:", x);
		goto out;
	}
	if ((trc = proc_run(&p)) != 0) {
		err("%s: cannot unpack the archive (tar exit %d)", f->url, trc);
		goto out;
	}
	*root = path_join(x, "go");
	go = path_join(*root, "bin/go");
	if (access(go, X_OK) < 0) {
		err("%s: the archive holds no go/bin/go", f->url);
		goto out;
	}
	buf_printf(note, "sha256 %s\nfrom %s\n", got, f->url);
	rc = 0;
out:
	unlink(archive);
	free(sumurl), free(sumfile), free(archive), free(x), free(go), free(text);
	return rc;
}

/* from_proxy has the go command download golang.org/toolchain into a
 * module cache inside tmp, checked against the checksum database as the
 * go command checks every module (GOSUMDB, GONOSUMDB, GOPRIVATE apply). */
static int from_proxy(const struct fetch *f, const char *tmp, char **root, struct buf *note)
{
	char *mod = fetch_proxy_module(f->version, f->os, f->arch);
	char *work = path_join(tmp, "work"), *mc = path_join(tmp, "modcache");
	char *gomodcache = xasprintf("GOMODCACHE=%s", mc);
	/* -modcacherw keeps the folders writable, so that rename and a
	 * failed fetch's cleanup work. */
	const char *env[] = {gomodcache, "GOFLAGS=-modcacherw", "GOTOOLCHAIN=local",
			     "GOWORK=off", "GO111MODULE=on", NULL};
	const char *argv[] = {f->go, "mod", "download", "-json", mod, NULL};
	const char *proxy = getenv("GOPROXY");
	struct buf out = {0};
	struct proc p = {argv, work, env, &out, 0};
	cJSON *j = NULL, *e, *dir, *sum;
	int rc = -1, prc;
	char *sub;

	if (mkdir(work, 0777) < 0) {
		err("%s: cannot create:", work);
		goto out;
	}
	fprintf(stderr, "gogen: downloading %s through GOPROXY=%s\n", mod,
		proxy && *proxy ? proxy : "(default)");
	prc = proc_run(&p);
	j = out.s ? cJSON_Parse(out.s) : NULL;
	e = cJSON_GetObjectItemCaseSensitive(j, "Error");
	dir = cJSON_GetObjectItemCaseSensitive(j, "Dir");
	sum = cJSON_GetObjectItemCaseSensitive(j, "Sum");
	if (cJSON_IsString(e)) {
		err("%s: %s", mod, e->valuestring);
		goto out;
	}
	if (prc != 0 || !cJSON_IsString(dir) || !has_prefix(dir->valuestring, mc)) {
		err("%s: %s mod download failed (exit %d)", mod, f->go, prc);
		goto out;
	}
	*root = xstrdup(dir->valuestring);
	/* Tools first and bin/go last, as the go command orders it. */
	sub = path_join(*root, "pkg/tool");
	allow_exec(sub, 0);
	free(sub);
	sub = path_join(*root, "lib");
	allow_exec(sub, 1);
	free(sub);
	sub = path_join(*root, "bin");
	allow_exec(sub, 0);
	free(sub);
	buf_printf(note, "sum %s\nfrom %s (GOPROXY=%s)\n",
		   cJSON_IsString(sum) ? sum->valuestring : "?", mod, proxy ? proxy : "");
	rc = 0;
out:
	cJSON_Delete(j);
	buf_free(&out);
	free(mod), free(work), free(mc), free(gomodcache);
	return rc;
}

/* check_version asks the unpacked go its version: an archive that holds
 * another release must not pass for this one. */
static int check_version(const struct fetch *f, const char *root)
{
	char *go = path_join(root, "bin/go"), *groot = xasprintf("GOROOT=%s", root), *v;
	const char *argv[] = {go, "version", NULL};
	const char *env[] = {groot, "GOTOOLCHAIN=local", NULL};
	struct buf out = {0};
	struct proc p = {argv, NULL, env, &out, 0};
	int rc = proc_run(&p);

	v = rc == 0 ? toolchain_parse_version(out.s ? out.s : "") : NULL;
	if (!v || strcmp(v, f->version) != 0) {
		err("%s: the go it holds says %s, not go%s",
		    f->proxy ? "golang.org/toolchain" : f->url, v ? v : out.s ? out.s : "nothing",
		    f->version);
		rc = -1;
	}
	free(v), free(go), free(groot);
	buf_free(&out);
	return rc == 0 ? 0 : -1;
}

/* make_entry fetches the release into a temporary folder beside entry,
 * writes the marker into it and renames it into place. */
static int make_entry(const struct fetch *f, const char *hidden, const char *entry)
{
	char *tmp = xasprintf("%s.tmp-%ld", hidden, (long)getpid());
	char *root = NULL, *marker = NULL;
	struct buf note = {0};
	int rc;

	if (mkdir(tmp, 0777) < 0) {
		err("%s: cannot create:", tmp);
		free(tmp);
		return -1;
	}
	buf_printf(&note, "go%s %s-%s\n", f->version, f->os, f->arch);
	rc = f->proxy ? from_proxy(f, tmp, &root, &note) : from_archive(f, tmp, &root, &note);
	if (rc == 0)
		rc = check_version(f, root);
	if (rc == 0) {
		marker = path_join(root, TOOLCHAIN_MARKER);
		if (write_atomic(marker, note.s, note.len, 0) < 0)
			rc = -1, err("%s: cannot write:", marker);
	}
	if (rc == 0 && rename(root, entry) < 0)
		rc = -1, err("%s: cannot rename to %s:", root, entry);
	if (rc == 0)
		fprintf(stderr, "gogen: go%s is in %s\n", f->version, entry);
	rm_tree(tmp);
	free(tmp), free(root), free(marker);
	buf_free(&note);
	return rc;
}

/* clean_leftovers removes, under the lock, what earlier fetches of the
 * release left: an entry without marker and temporary folders, whose
 * names start with hidden ("<cache>/go/.<version>.<os>-<arch>"). */
static void clean_leftovers(const char *hidden, const char *entry)
{
	char *dir = path_dir(hidden), *prefix = xasprintf("%s.tmp-", path_base(hidden));
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (lstat(entry, &st) == 0) {
		warn("%s: incomplete (no %s); fetching again", entry, TOOLCHAIN_MARKER);
		rm_tree(entry);
	}
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			char *p;
			if (!has_prefix(de->d_name, prefix))
				continue;
			p = path_join(dir, de->d_name);
			rm_tree(p);
			free(p);
		}
		closedir(d);
	}
	free(dir), free(prefix);
}

/* lock_release takes the lock of one release; fcntl locks end with the
 * process, so a fetch killed with -9 never blocks the next one. Returns
 * the descriptor whose closing releases it, or -1. */
static int lock_release(const char *path, const char *version)
{
	struct flock l;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

	if (fd < 0) {
		err("%s: cannot open:", path);
		return -1;
	}
	memset(&l, 0, sizeof(l));
	l.l_type = F_WRLCK;
	l.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &l) == 0)
		return fd;
	if (errno == EACCES || errno == EAGAIN) {
		int r;

		fprintf(stderr, "gogen: waiting for another gogen fetching go%s\n", version);
		while ((r = fcntl(fd, F_SETLKW, &l)) < 0 && errno == EINTR)
			;
		if (r == 0)
			return fd;
	}
	err("%s: cannot lock:", path);
	close(fd);
	return -1;
}

static int write_stamp(const char *stamp, const char *version, const char *entry)
{
	char *dir = path_dir(stamp), *text = xasprintf("go%s %s\n", version, entry);
	int rc = 0;

	/* Left alone when unchanged: with restat, the functions built with
	 * this toolchain are not rebuilt because it was checked again. */
	if (mkdir_p(dir) < 0 || write_atomic(stamp, text, strlen(text), 1) < 0) {
		err("%s: cannot write:", stamp);
		rc = -1;
	}
	free(dir), free(text);
	return rc;
}

int fetch_go(const struct fetch *f)
{
	char *gdir = path_join(f->cache, "go");
	char *name = xasprintf("%s.%s-%s", f->version, f->os, f->arch);
	char *entry = path_join(gdir, name), *hidden = xasprintf("%s/.%s", gdir, name);
	char *marker = path_join(entry, TOOLCHAIN_MARKER), *lock = xasprintf("%s.lock", hidden);
	int fd = -1, rc = -1;

	if (mkdir_p(gdir) < 0) {
		err("%s: cannot create:", gdir);
		goto out;
	}
	if ((fd = lock_release(lock, f->version)) < 0)
		goto out;
	if (access(marker, F_OK) == 0) {
		rc = 0;
	} else {
		clean_leftovers(hidden, entry);
		rc = make_entry(f, hidden, entry);
	}
	close(fd);
	if (rc == 0 && f->stamp)
		rc = write_stamp(f->stamp, f->version, entry);
out:
	free(gdir), free(name), free(entry), free(hidden), free(marker), free(lock);
	return rc;
}

static int fetch_usage(const char *msg)
{
	if (msg)
		err("fetch-go: %s", msg);
	fputs("usage: gogen fetch-go [--cache DIR] [--url URL] [--sha256 HEX]\n"
	      "                      [--source download|proxy] [--go GO] [--stamp FILE] VERSION\n",
	      stderr);
	return 2;
}

int fetch_main(int argc, char **argv)
{
	struct fetch f = {0};
	struct tcsource src = {0};
	struct toolchain local = {0};
	const char *cache = NULL, *source = NULL, *version = NULL;
	char *os = NULL, *arch = NULL, *url = NULL, *abscache = NULL;
	struct gover gv;
	int i, rc = 1;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = strcmp(a, "--cache") == 0    ? &cache
				   : strcmp(a, "--url") == 0    ? &f.url
				   : strcmp(a, "--sha256") == 0 ? &f.sha256
				   : strcmp(a, "--source") == 0 ? &source
				   : strcmp(a, "--go") == 0     ? &f.go
				   : strcmp(a, "--stamp") == 0  ? &f.stamp
							        : NULL;
		if (dst && i + 1 < argc)
			*dst = argv[++i];
		else if (dst || a[0] == '-' || version)
			return fetch_usage(dst ? "option needs a value" : "unexpected argument");
		else
			version = has_prefix(a, "go") ? a + 2 : a;
	}
	if (!version)
		return fetch_usage("which Go version?");
	if (goversion_parse(version, &gv) < 0)
		return fetch_usage("VERSION must be a Go release like 1.22.12");
	if (source && strcmp(source, "proxy") != 0 && strcmp(source, "download") != 0)
		return fetch_usage("--source is download or proxy");
	f.version = version;
	/* Settings not given come from the environment, as gogen reads it. */
	if (!cache || (!f.url && !(source && strcmp(source, "proxy") == 0))) {
		if (toolchain_source(&src, NULL) < 0)
			goto out;
		if (!source)
			source = src.proxy ? "proxy" : "download";
	} else if (toolchain_host(&os, &arch) < 0) {
		goto out;
	}
	f.cache = cache ? (abscache = path_abs(cache)) : src.cache;
	f.os = os ? os : src.os;
	f.arch = arch ? arch : src.arch;
	f.proxy = source && strcmp(source, "proxy") == 0;
	if (!f.url && !f.proxy)
		f.url = url = toolchain_expand(src.url, version, f.os, f.arch);
	if (f.proxy && !f.go) {
		if (toolchain_local(&local) != 0) {
			err("fetch-go: fetching through GOPROXY needs a go in PATH (or --go)");
			goto out;
		}
		f.go = local.go;
	}
	rc = fetch_go(&f) < 0 ? 1 : 0;
out:
	free(url), free(abscache);
	tcsource_free(&src);
	toolchain_free(&local);
	free(os), free(arch);
	return rc;
}
