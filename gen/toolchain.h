/* toolchain.h - the Go toolchains a build uses: the go on PATH (or
 * $GOGEN_GO) when it is exactly the release a module asks for, else that
 * release fetched once into gogen's cache, outside every build folder. */
#ifndef GOGEN_TOOLCHAIN_H
#define GOGEN_TOOLCHAIN_H

#include "graph.h"
#include "options.h"
#include "util.h"

#define TOOLCHAIN_DEFAULT_URL "https://dl.google.com/go/go{version}.{os}-{arch}.tar.gz"
/* The file that makes a cache entry valid; written before the entry is
 * renamed into place, so a half-made entry never has one. */
#define TOOLCHAIN_MARKER ".gogen-complete"

struct toolchain {
	char *version;		/* "1.22.12", as go version names it without "go" */
	char *go;		/* absolute path of its go command */
	char *goroot;		/* the cache entry; NULL for the local go */
	char *marker;		/* the entry's completion marker; NULL for the local go */
	char *stamp;		/* what its fetch edge writes last; NULL for the local go */
	char *url;		/* archive URL; NULL for the local go */
	char *sha256;		/* checksum pinned in gogen.ini, or NULL */
	int cached;		/* the entry is complete: the fetch edge only stamps */
};

/* Where and how missing toolchains come from. */
struct tcsource {
	char *cache;		/* cache root (".../gogen"), absolute */
	char *os, *arch;	/* this machine, in Go's names: the toolchain must run here */
	char *url;		/* archive URL template: {version}, {os}, {arch} */
	int proxy;		/* golang.org/toolchain through GOPROXY instead */
};

/* What one generation uses: the local go and one toolchain per release
 * that some function asks for. */
struct toolchains {
	struct toolchain local;	/* go and version NULL when there is no go */
	struct toolchain **v;
	size_t n;
	struct tcsource src;	/* filled once a toolchain has to be fetched */
};

/* toolchain_local finds the local go and asks it its version, once.
 * Returns 0, 1 when there is no go on PATH (said nothing: fetched
 * toolchains may do without), or -1 after printing why ($GOGEN_GO names
 * nothing, or the go command answers strangely). */
int toolchain_local(struct toolchain *t);
void toolchain_free(struct toolchain *t);
/* toolchain_parse_version takes "go version go1.26.8 linux/amd64" apart:
 * "1.26.8", or NULL. */
char *toolchain_parse_version(const char *out);

/* toolchain_source reads the environment (GOGEN_CACHE, XDG_CACHE_HOME,
 * HOME, GOGEN_GO_MIRROR, GOGEN_TOOLCHAIN_SOURCE) over gogen.ini's
 * go_mirror and toolchain_source (st may be NULL). Returns 0, or -1
 * after printing what is wrong. */
int toolchain_source(struct tcsource *s, const struct settings *st);
void tcsource_free(struct tcsource *s);

/* toolchain_host names this machine's GOOS and GOARCH (from uname).
 * Returns 0, or -1 after saying Go has no release for it. */
int toolchain_host(char **os, char **arch);
/* toolchain_cache_root is $GOGEN_CACHE, else $XDG_CACHE_HOME/gogen, else
 * $HOME/.cache/gogen, made absolute; NULL when none is set. */
char *toolchain_cache_root(void);
/* toolchain_host_os and _arch map uname's sysname and machine to Go's
 * GOOS and GOARCH names; NULL when Go has no release for it. */
const char *toolchain_host_os(const char *sysname);
const char *toolchain_host_arch(const char *machine);
/* toolchain_mirror_url turns a mirror setting into a URL template: a
 * base URL gets "/go{version}.{os}-{arch}.tar.gz" added, a text holding
 * "{version}" is a template already. NULL (with *why) when it is not an
 * http://, https:// or file:// URL. */
char *toolchain_mirror_url(const char *mirror, const char **why);
/* toolchain_expand fills {version}, {os} and {arch} into a template. */
char *toolchain_expand(const char *tmpl, const char *version, const char *os,
		       const char *arch);
/* toolchain_entry is the cache folder of a release:
 * <cache>/go/<version>.<os>-<arch>. */
char *toolchain_entry(const char *cache, const char *version, const char *os,
		      const char *arch);
/* toolchain_pin finds "go<version>.<os>-<arch>" among gogen.ini's
 * [checksums]; NULL when it is not pinned. */
const char *toolchain_pin(const struct settings *st, const char *version, const char *os,
			  const char *arch);

/* toolchains_plan picks the toolchain of every release that a function
 * of g asks for: the local go when it reports exactly that release, else
 * a cache entry (fetched by build.ninja unless complete already).
 * Releases older than Go 1.16, whose go build has no -overlay, are an
 * error. Returns 0, or -1 after printing every problem. */
int toolchains_plan(struct toolchains *ts, const struct graph *g, const struct settings *st,
		    const char *build_dir);
/* toolchains_find returns the toolchain planned for a release. */
const struct toolchain *toolchains_find(const struct toolchains *ts, const char *version);
/* toolchains_describe says what is used, for the summary line:
 * "go1.21.13 to fetch, go1.26.8 local". */
void toolchains_describe(const struct toolchains *ts, struct buf *b);
void toolchains_free(struct toolchains *ts);

#endif
