/* toolchain.c - finding the local go command and its version. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "toolchain.h"
#include "util.h"

/* parse_version takes "go version go1.26.8 linux/amd64" apart. */
static char *parse_version(const char *out)
{
	const char *s = strstr(out, " go1");

	if (!s)
		return NULL;
	s += 3;
	return xstrndup(s, strcspn(s, " \t\n"));
}

int toolchain_local(struct toolchain *t)
{
	const char *gogo = getenv("GOGEN_GO");
	const char *argv[3] = {NULL, "version", NULL};
	/* Asking must never make the go command fetch another toolchain. */
	const char *env[2] = {"GOTOOLCHAIN=local", NULL};
	struct buf out = {0};
	struct proc p = {argv, NULL, env, &out, 0};
	int rc;

	t->go = proc_which(gogo && *gogo ? gogo : "go");
	if (!t->go) {
		err("%s: Go command not found%s", gogo && *gogo ? gogo : "go",
		    gogo && *gogo ? " (from $GOGEN_GO)" : " in PATH (set $GOGEN_GO)");
		return -1;
	}
	argv[0] = t->go;
	rc = proc_run(&p);
	t->version = rc == 0 ? parse_version(out.s ? out.s : "") : NULL;
	buf_free(&out);
	if (!t->version) {
		err("%s version: unexpected answer (exit %d)", t->go, rc);
		return -1;
	}
	return 0;
}

void toolchain_free(struct toolchain *t)
{
	free(t->go);
	free(t->version);
	t->go = t->version = NULL;
}
