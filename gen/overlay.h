/* overlay.h - the view of one function's package that go build gets
 * through -overlay: which of the folder's files take part, renamed how,
 * and where the generated main file goes. */
#ifndef GOGEN_OVERLAY_H
#define GOGEN_OVERLAY_H

#include "detect.h"
#include "util.h"

/* One .go file of the entry's folder. */
struct srcfile {
	char *name;		/* base name */
	char *path;		/* absolute */
	char *text;		/* contents as read */
	size_t len;
	struct gofile gf;
	int include;		/* part of this function's package */
	int rename_handler;	/* its handler name clashes: rename it to _ */
	int skip;		/* needed but clashing: left out */
};

/* Inputs of one function's overlay. */
struct overlay_in {
	const char *entry;		/* absolute path of the handler file */
	const char *modroot;		/* absolute folder of its module */
	const char *work;		/* absolute work folder in the build folder */
	const char *id;			/* unique, file-name safe */
	const char *wrapper;		/* template text with {{HANDLER}}, {{SOURCE}} */
	const char *synth_gomod;	/* text of a go.mod to put at modroot, or NULL */
	const struct build_ctx *ctx;
};

struct overlay {
	char *cwd;			/* absolute folder to run go build in */
	char *target;			/* package argument: "." or "./gogen_fn_<id>" */
	char *key_dir;			/* absolute folder the package appears in */
	const char *work;		/* absolute work folder (in->work) */
	struct strlist keys, values;	/* the Replace map; "" hides a file */
	struct strlist from, to;	/* overlay key -> user file, for the depfile */
};

/* overlay_make reads the entry's folder, chooses the files, writes the
 * private copies and overlay.json into in->work. Returns 0, or -1 after
 * printing "gogen: path:line: message". */
int overlay_make(const struct overlay_in *in, struct overlay *ov);
void overlay_free(struct overlay *ov);

#endif
