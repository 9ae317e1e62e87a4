/* constraint.h - whether go build would compile a file for a target, the
 * way go/build decides it without running go: the _GOOS and _GOARCH
 * suffixes of its name, then the //go:build line (or, in older files,
 * the // +build lines) in the comments above its package clause. */
#ifndef GOGEN_CONSTRAINT_H
#define GOGEN_CONSTRAINT_H

#include <stddef.h>
#include "util.h"

/* What the file is built for; constraints are evaluated against this. */
struct build_ctx {
	const char *goos;		/* "linux" */
	const char *goarch;		/* "amd64", "arm64", ... */
	int cgo;			/* 0 */
	int go_minor;			/* release tags go1.1 .. go1.<go_minor> hold */
	const struct strlist *tags;	/* from -tags in GO_BUILD_FLAGS */
};

/* constraint_file_name reports whether a file name (base name only) can
 * take part in a build for ctx: not *_test.go, not excluded by a _GOOS,
 * _GOARCH or _GOOS_GOARCH suffix. Like go build, it also refuses names
 * that start with _ or . and names not ending in .go. Returns 1 when
 * selected; otherwise 0, and *why gets the reason (caller frees) when
 * why is not NULL. */
int constraint_file_name(const char *base, const struct build_ctx *ctx, char **why);

/* constraint_eval evaluates the n bytes at s as a //go:build expression
 * (without the prefix). Returns 1 true, 0 false, or -1 when malformed,
 * with the reason put in err (errsz bytes; err may be NULL). */
int constraint_eval(const char *s, size_t n, const struct build_ctx *ctx,
		    char *err, size_t errsz);

/* constraint_source applies the constraint lines of src (len bytes, need
 * not be NUL-terminated; a leading byte order mark is skipped) of the file
 * path. Returns 1 when they select the file; 0 when they exclude it, with
 * *why set to the reason; -1 when a //go:build line is malformed or
 * repeated, with *errmsg set to "path:line: message". Callers free both;
 * each pointer is set only when it is not NULL. */
int constraint_source(const char *path, const char *src, size_t len,
		      const struct build_ctx *ctx, char **why, char **errmsg);

#endif
