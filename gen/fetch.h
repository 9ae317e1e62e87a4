/* fetch.h - "gogen fetch-go VERSION": one Go release into gogen's cache,
 * verified, under a lock, so that it is downloaded once per machine.
 * build.ninja runs it once per toolchain a build needs. */
#ifndef GOGEN_FETCH_H
#define GOGEN_FETCH_H

/* What to fetch and where to; NULL fields are not used. */
struct fetch {
	const char *version;	/* "1.22.12" */
	const char *cache;	/* cache root; the entry is <cache>/go/<version>.<os>-<arch> */
	const char *os, *arch;	/* this machine */
	const char *url;	/* the archive (http://, https:// or file:///) */
	const char *sha256;	/* pinned checksum; NULL: read <url>.sha256 */
	int proxy;		/* from golang.org/toolchain through GOPROXY instead */
	const char *go;		/* with proxy: the go (1.21+) that downloads it */
	const char *stamp;	/* file written last, once the entry is complete */
};

/* fetch_go makes sure the cache entry of f->version is complete, fetching
 * it if not, then writes f->stamp. Returns 0, or -1 after printing what
 * went wrong (naming the URL); on failure the cache holds no entry. */
int fetch_go(const struct fetch *f);

/* fetch_main is "gogen fetch-go [--cache DIR] [--url URL] [--sha256 HEX]
 * [--source download|proxy] [--go GO] [--stamp FILE] VERSION"; what is
 * not given comes from the environment, as when gogen generates. */
int fetch_main(int argc, char **argv);

/* fetch_parse_sha256 reads a published checksum file: 64 hex digits,
 * optionally followed by blanks and a file name. Returns 0 and the
 * digits in lower case, or -1. */
int fetch_parse_sha256(const char *text, char hex[65]);

/* fetch_proxy_module is "golang.org/toolchain@v0.0.1-go<version>.<os>-<arch>",
 * the module the go command itself downloads to switch toolchains. */
char *fetch_proxy_module(const char *version, const char *os, const char *arch);

#endif
