/* detect.h - reading one Go source file the way gogen needs it: its
 * package clause, whether it is a handler (an exported function with the
 * http.HandlerFunc signature), its top-level names, and whether its build
 * constraints (constraint.h) select it. No Go parser: golex.h blanks
 * comments and literals and lexes what is left; PCRE2 patterns run over
 * the same blanked text. */
#ifndef GOGEN_DETECT_H
#define GOGEN_DETECT_H

#include <stddef.h>
#include "constraint.h"
#include "util.h"

/* A top-level name a file declares. Methods are "Type.Method". */
struct decl {
	char *name;
	int line;
};

/* An exported function that takes an http.ResponseWriter but does not
 * have the HandlerFunc signature: worth a warning. */
struct near_miss {
	char *name;
	int line;
};

struct gofile {
	char *package;		/* package clause name; NULL when missing */
	size_t package_off;	/* byte offset of the name in the source */
	int package_line;

	char *handler;		/* first qualifying function; NULL when none,
				 * and always NULL when buildable is 0 */
	size_t handler_off;	/* byte offset of the handler's name */
	int handler_line;

	long main_off;		/* offset of the name in "func main(", or -1 */

	struct decl *decls;	/* top-level names, init and _ left out */
	size_t ndecls;

	struct near_miss *misses;	/* empty when buildable is 0 */
	size_t nmisses;

	int buildable;		/* file name and constraints select it */
	char *why;		/* one line for -v: why it is (not) a handler */
	int bom;		/* the file starts with a UTF-8 byte order mark */
};

/* detect_file_name is constraint_file_name without the reason: 1 when
 * the file name (base name only) can take part in a build for ctx. */
int detect_file_name(const char *base, const struct build_ctx *ctx);

/* detect_source analyses src (len bytes, need not be NUL-terminated) of a
 * file called path (used for messages and the file-name rules). Fills out,
 * which the caller frees with gofile_free. Returns 0, or -1 when the file
 * is not valid enough to read (e.g. a "//go:build" line that does not
 * parse), with *errmsg set to "path:line: message" (caller frees). */
int detect_source(const char *path, const char *src, size_t len,
		  const struct build_ctx *ctx, struct gofile *out, char **errmsg);

/* A detector holds the compiled PCRE2 patterns, so that a scan of many
 * files compiles them once; detect_source compiles them on every call.
 * One detector serves one thread at a time. */
struct detector;
struct detector *detector_new(void);
void detector_free(struct detector *d);
/* detector_source is detect_source using d's patterns. */
int detector_source(struct detector *d, const char *path, const char *src, size_t len,
		    const struct build_ctx *ctx, struct gofile *out, char **errmsg);

/* gofile_free releases what detect_source filled in; calling it twice,
 * or after detect_source returned -1, is harmless. */
void gofile_free(struct gofile *f);

#endif
