/* gomod.h - reading go.mod and go.work files: only what gogen needs
 * (module path, go and toolchain directives, go.work use lines). */
#ifndef GOGEN_GOMOD_H
#define GOGEN_GOMOD_H

#include <stddef.h>
#include "util.h"

struct gomod {
	char *module;		/* module path; NULL when absent */
	int module_line;
	char *go;		/* "1.22", "1.21.1", "1.22rc1"; NULL when absent */
	int go_line;
	char *toolchain;	/* "go1.22.3" as written; NULL when absent */
	int toolchain_line;
};

struct gowork {
	char *go;
	int go_line;
	char *toolchain;
	int toolchain_line;
	struct strlist use;	/* folders from use directives, as written */
};

/* gomod_parse reads a go.mod text (comments, block forms, quoted strings,
 * CRLF and a BOM tolerated). Returns 0, or -1 with *errmsg set to
 * "path:line: message" naming the bad text (caller frees). Unknown
 * directives are errors as in Go; require/replace/exclude/retract/godebug
 * lines are checked for shape only. */
int gomod_parse(const char *path, const char *src, size_t len, struct gomod *out,
		char **errmsg);
int gowork_parse(const char *path, const char *src, size_t len, struct gowork *out,
		 char **errmsg);
void gomod_free(struct gomod *m);
void gowork_free(struct gowork *w);

/* gomod_valid_version reports whether v is a Go version as go.mod's go
 * line accepts it: 1.N, 1.N.P, 1.NrcK, 1.NbetaK (N, P, K decimal). */
int gomod_valid_version(const char *v);
/* gomod_valid_toolchain reports whether name is a toolchain line's value:
 * "default", or "go" + a valid version, optionally with a "-suffix"
 * ("go1.21.0-custom"). */
int gomod_valid_toolchain(const char *name);

#endif
