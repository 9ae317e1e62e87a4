/* test_toolchain.c - host names, mirror URLs and templates, the cache
 * root, pinned checksums, checksum files, and "gogen fetch-go" itself run
 * in-process on file:/// archives this test makes with tar: fetched once,
 * reused, and nothing left in the cache when the checksum is wrong. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fetch.h"
#include "proc.h"
#include "sha256.h"
#include "toolchain.h"

static void test_host(void)
{
	CHECK_STR(toolchain_host_os("Linux"), "linux");
	CHECK_STR(toolchain_host_os("Darwin"), "darwin");
	CHECK_STR(toolchain_host_os("FreeBSD"), "freebsd");
	CHECK(toolchain_host_os("Plan9000") == NULL);
	CHECK_STR(toolchain_host_arch("x86_64"), "amd64");
	CHECK_STR(toolchain_host_arch("aarch64"), "arm64");
	CHECK_STR(toolchain_host_arch("arm64"), "arm64");
	CHECK_STR(toolchain_host_arch("i686"), "386");
	CHECK_STR(toolchain_host_arch("armv7l"), "armv6l");
	CHECK_STR(toolchain_host_arch("ppc64le"), "ppc64le");
	CHECK_STR(toolchain_host_arch("loongarch64"), "loong64");
	CHECK(toolchain_host_arch("vax") == NULL);
}

static void check_mirror(const char *in, const char *want)
{
	const char *why = NULL;
	char *got = toolchain_mirror_url(in, &why);

	CHECK_STR(got, want);
	CHECK(want ? why == NULL : why != NULL);
	free(got);
}

static void test_urls(void)
{
	char *s;

	check_mirror("http://127.0.0.1:8080",
		     "http://127.0.0.1:8080/go{version}.{os}-{arch}.tar.gz");
	check_mirror("https://m.example/golang/",
		     "https://m.example/golang/go{version}.{os}-{arch}.tar.gz");
	check_mirror("file:///srv/go//", "file:///srv/go/go{version}.{os}-{arch}.tar.gz");
	check_mirror("https://m.example/{os}/{arch}/go{version}.tgz",
		     "https://m.example/{os}/{arch}/go{version}.tgz");
	check_mirror("ftp://m.example/go", NULL);
	check_mirror("file://relative/go", NULL);
	check_mirror("/srv/go", NULL);
	s = toolchain_expand(TOOLCHAIN_DEFAULT_URL, "1.22.12", "linux", "amd64");
	CHECK_STR(s, "https://dl.google.com/go/go1.22.12.linux-amd64.tar.gz");
	free(s);
	s = toolchain_expand("{version}{version}{nope}{os", "1.20", "darwin", "arm64");
	CHECK_STR(s, "1.201.20{nope}{os");
	free(s);
	s = toolchain_expand("", "1", "a", "b");
	CHECK_STR(s, "");
	free(s);
	s = toolchain_entry("/c/gogen", "1.21rc2", "linux", "arm64");
	CHECK_STR(s, "/c/gogen/go/1.21rc2.linux-arm64");
	free(s);
	s = fetch_proxy_module("1.20", "linux", "amd64");
	CHECK_STR(s, "golang.org/toolchain@v0.0.1-go1.20.linux-amd64");
	free(s);
}

static void check_root(const char *gogen, const char *xdg, const char *home, const char *want)
{
	char *got;

	if (gogen)
		setenv("GOGEN_CACHE", gogen, 1);
	else
		unsetenv("GOGEN_CACHE");
	if (xdg)
		setenv("XDG_CACHE_HOME", xdg, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	if (home)
		setenv("HOME", home, 1);
	else
		unsetenv("HOME");
	got = toolchain_cache_root();
	CHECK_STR(got, want);
	free(got);
}

static void test_cache_root(void)
{
	char *cwd = getcwd(NULL, 0), *rel = path_join(cwd, "rel/cache");
	char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;

	check_root("/a/b/", "/x", "/h", "/a/b");
	check_root("rel/cache", NULL, NULL, rel);
	check_root("", "/x", "/h", "/x/gogen");
	check_root(NULL, "relative", "/h", "/h/.cache/gogen");
	check_root(NULL, "", "/h//", "/h/.cache/gogen");
	check_root(NULL, NULL, NULL, NULL);
	if (home)
		setenv("HOME", home, 1);
	unsetenv("GOGEN_CACHE");
	free(cwd), free(rel), free(home);
}

static void test_pins(void)
{
	struct settings st = {0};

	strlist_add(&st.checksums, "go1.22.12.linux-amd64=aaaa");
	strlist_add(&st.checksums, "go1.22.1.linux-amd64=bbbb");
	CHECK_STR(toolchain_pin(&st, "1.22.12", "linux", "amd64"), "aaaa");
	CHECK_STR(toolchain_pin(&st, "1.22.1", "linux", "amd64"), "bbbb");
	CHECK(toolchain_pin(&st, "1.22", "linux", "amd64") == NULL);
	CHECK(toolchain_pin(&st, "1.22.12", "linux", "arm64") == NULL);
	CHECK(toolchain_pin(NULL, "1.22.12", "linux", "amd64") == NULL);
	strlist_free(&st.checksums);
}

static void test_parse(void)
{
	const char *h = "9bb8db95d2a2a8e5a2b2b3c1b7d4a2c9e0f1e2d3c4b5a69788796a5b4c3d2e1f";
	char hex[65], *v, text[128];

	CHECK(fetch_parse_sha256(h, hex) == 0);
	CHECK_STR(hex, h);
	CHECK(fetch_parse_sha256("9BB8DB95D2A2A8E5A2B2B3C1B7D4A2C9E0F1E2D3C4B5A69788796A5B4C3D2E1F"
				 "  go1.22.12.linux-amd64.tar.gz\n", hex) == 0);
	CHECK_STR(hex, h);
	snprintf(text, sizeof text, "\n %s\r\n", h);
	CHECK(fetch_parse_sha256(text, hex) == 0);
	CHECK(fetch_parse_sha256("9bb8db95", hex) < 0);
	CHECK(fetch_parse_sha256("", hex) < 0);
	CHECK(fetch_parse_sha256("<html><body>Not Found</body></html>", hex) < 0);
	snprintf(text, sizeof text, "%s0", h);	/* 65 digits */
	CHECK(fetch_parse_sha256(text, hex) < 0);
	snprintf(text, sizeof text, "%.63sg", h);
	CHECK(fetch_parse_sha256(text, hex) < 0);
	v = toolchain_parse_version("go version go1.26.8 linux/amd64\n");
	CHECK_STR(v, "1.26.8");
	free(v);
	v = toolchain_parse_version("go version go1.20 darwin/arm64\n");
	CHECK_STR(v, "1.20");
	free(v);
	v = toolchain_parse_version("bash: go: not found\n");
	CHECK(v == NULL);
}

static int run_sh(const char *script)
{
	const char *argv[] = {"sh", "-c", script, NULL};
	struct proc p = {argv, NULL, NULL, NULL, 0};

	return proc_run(&p);
}

static int exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* make_archive writes <dir>/go<version>.tar.gz holding go/bin/go, a
 * script that claims to be claim, and its .sha256 (of the archive, or
 * of nothing when bad). Returns the archive's path. */
static char *make_archive(const char *dir, const char *version, const char *claim, int bad)
{
	char *src = xasprintf("%s/src-%s", dir, version);
	char *tgz = xasprintf("%s/go%s.tar.gz", dir, version);
	char *script = xasprintf("mkdir -p '%s/go/bin' && printf '#!/bin/sh\\necho go version "
				 "go%s test/test\\n' >'%s/go/bin/go' && "
				 "chmod 755 '%s/go/bin/go' && tar -czf '%s' -C '%s' go",
				 src, claim, src, src, tgz, src);
	char hex[65], *sum = xasprintf("%s.sha256", tgz);
	FILE *f;

	CHECK(run_sh(script) == 0);
	CHECK(sha256_file(tgz, hex) == 0);
	if (bad)
		strcpy(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	f = fopen(sum, "w");
	fprintf(f, "%s\n", hex);
	fclose(f);
	free(src), free(script), free(sum);
	return tgz;
}

static void test_fetch(void)
{
	char tmpl[] = "/tmp/gogen-test-fetch.XXXXXX";
	char *dir = mkdtemp(tmpl), *cache, *stamp, *url, *tgz, *entry, *marker, *text, *rm;
	struct fetch f = {0};

	CHECK(dir != NULL);
	if (!dir)
		return;
	cache = path_join(dir, "cache");
	stamp = path_join(dir, "build/toolchain/go1.22.12.stamp");
	tgz = make_archive(dir, "1.22.12", "1.22.12", 0);
	url = xasprintf("file://%s", tgz);
	f.version = "1.22.12", f.cache = cache, f.os = "linux", f.arch = "amd64";
	f.url = url, f.stamp = stamp;
	CHECK(fetch_go(&f) == 0);
	entry = path_join(cache, "go/1.22.12.linux-amd64");
	marker = path_join(entry, TOOLCHAIN_MARKER);
	CHECK(exists(marker));
	text = path_join(entry, "bin/go");
	CHECK(access(text, X_OK) == 0);
	free(text);
	text = read_file(stamp, NULL);
	CHECK(text && strstr(text, "go1.22.12 ") == text && strstr(text, entry));
	free(text);
	text = read_file(marker, NULL);
	CHECK(text && strstr(text, "sha256 ") && strstr(text, url));
	free(text);

	/* Fetched once: with the archive gone, a second fetch reuses the entry
	 * and writes a missing stamp again. */
	CHECK(unlink(tgz) == 0);
	CHECK(unlink(stamp) == 0);
	CHECK(fetch_go(&f) == 0);
	CHECK(exists(stamp));

	/* A wrong checksum, a missing archive, a go that is another release:
	 * errors, and no entry, temporary folder or stamp. */
	free(tgz), free(url), free(stamp);
	tgz = make_archive(dir, "1.22.11", "1.22.11", 1);
	url = xasprintf("file://%s", tgz);
	stamp = path_join(dir, "build/toolchain/go1.22.11.stamp");
	f.version = "1.22.11", f.url = url, f.stamp = stamp;
	CHECK(fetch_go(&f) < 0);
	CHECK(!exists(stamp));
	free(entry);
	entry = path_join(cache, "go/1.22.11.linux-amd64");
	CHECK(!exists(entry));
	free(url), free(tgz);
	tgz = make_archive(dir, "1.22.10", "1.22.9", 0);
	url = xasprintf("file://%s", tgz);
	f.version = "1.22.10", f.url = url;
	CHECK(fetch_go(&f) < 0);
	free(url);
	url = xasprintf("file://%s/nothing.tar.gz", dir);
	f.version = "1.22.8", f.url = url;
	CHECK(fetch_go(&f) < 0);
	text = xasprintf("ls -A '%s/go' | grep -v '\\.lock$' | grep -vx 1.22.12.linux-amd64 "
			 "| grep -q .", cache);
	CHECK(run_sh(text) != 0);	/* nothing but the good entry and lock files */
	free(text);

	/* An entry without its marker, and a dead fetch's temporary folder,
	 * are thrown away by the next fetch, which then succeeds. */
	free(tgz), free(url);
	tgz = make_archive(dir, "1.21.13", "1.21.13", 0);
	url = xasprintf("file://%s", tgz);
	free(entry);
	entry = path_join(cache, "go/1.21.13.linux-amd64");
	text = xasprintf("mkdir -p '%s/bin' '%s/go/.1.21.13.linux-amd64.tmp-1/x/go' && "
			 "chmod 555 '%s/go/.1.21.13.linux-amd64.tmp-1/x/go'", entry, cache, cache);
	CHECK(run_sh(text) == 0);
	free(text);
	f.version = "1.21.13", f.url = url, f.stamp = NULL;
	CHECK(fetch_go(&f) == 0);
	free(marker);
	marker = path_join(entry, TOOLCHAIN_MARKER);
	CHECK(exists(marker));
	text = xasprintf("%s/go/.1.21.13.linux-amd64.tmp-1", cache);
	CHECK(!exists(text));
	free(text);

	rm = xasprintf("chmod -R u+w '%s'; rm -rf '%s'", dir, dir);
	run_sh(rm);
	free(rm), free(cache), free(stamp), free(url), free(tgz), free(entry), free(marker);
}

int main(void)
{
	test_host();
	test_urls();
	test_cache_root();
	test_pins();
	test_parse();
	test_fetch();
	return check_done();
}
