/* goversion.h - which Go version a module asks for: the go.mod toolchain
 * and go lines, the GOTOOLCHAIN setting and the table of latest patch
 * releases (data/go-versions.txt, embedded, overridable). */
#ifndef GOGEN_GOVERSION_H
#define GOGEN_GOVERSION_H

#include "gomod.h"

/* A parsed Go version: 1.minor.patch, or 1.minor rcN / betaN. */
struct gover {
	int major, minor, patch;	/* patch -1 when not given */
	int pre;			/* 0 release, 1 beta, 2 rc */
	int prenum;
};

/* The table of latest patch releases: minor -> patch. */
struct gotable {
	int *patch;		/* patch[minor], -1 when unknown */
	int maxminor;
};

/* goversion_parse reads "1.22", "1.21.1", "1.22rc1", "go1.22.3" (leading
 * "go" optional). Returns 0 or -1. */
int goversion_parse(const char *s, struct gover *v);
/* goversion_cmp orders versions as Go does (1.21rc1 < 1.21.0 < 1.21.1;
 * a language version 1.21 sorts before 1.21rc1). */
int goversion_cmp(const struct gover *a, const struct gover *b);
/* goversion_format writes the release name without "go": "1.22.12",
 * "1.20" (first release of a minor before 1.21 has no .0), "1.22rc1". */
char *goversion_format(const struct gover *v);

/* gotable_parse reads lines "1.26<TAB>1.26.8" ('#' comments, blank lines).
 * Returns 0, or -1 with *errmsg "name:line: message". */
int gotable_parse(const char *name, const char *text, struct gotable *t, char **errmsg);
void gotable_free(struct gotable *t);

/* Where the selection came from, for messages. */
struct goselect {
	char *version;		/* "1.22.12", "1.20.14", "1.22rc1" */
	char *warning;		/* non-NULL: e.g. table may be old */
	int local;		/* GOTOOLCHAIN=local: the go on PATH */
};

/* goversion_select applies the selection rules: GOTOOLCHAIN (NULL when
 * unset; "local", "goX.Y.Z", "goX.Y.Z+auto", "goX.Y.Z+path", "auto",
 * "path"), then the toolchain line if not older than the go line, then
 * the go line (1.N.P as written except 1.N.0 before 1.21 means 1.N; 1.N
 * becomes the table's latest 1.N.P; rc/beta as written), else dflt
 * ("1.20", resolved through the table). A minor newer than the table
 * gives 1.N.0 and a warning. m may be NULL (no go.mod). Returns 0, or -1
 * with *errmsg "path:line: message" (path is gomod_path). */
int goversion_select(const struct gomod *m, const char *gomod_path, const char *gotoolchain,
		     const char *dflt, const struct gotable *t, struct goselect *out,
		     char **errmsg);
void goselect_free(struct goselect *s);

#endif
