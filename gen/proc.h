/* proc.h - running other programs through fork/exec with argument
 * vectors; never through a shell string. */
#ifndef GOGEN_PROC_H
#define GOGEN_PROC_H

#include "util.h"

struct proc {
	const char *const *argv;	/* argv[0] is looked up in PATH */
	const char *cwd;		/* NULL: inherit */
	const char *const *env;		/* "NAME=value" set on top of ours */
	struct buf *out;		/* NULL: inherit stdout; else capture */
	int quiet_err;			/* send stderr to /dev/null */
};

/* proc_run runs p and waits. Returns the exit status (0..255), 128+sig
 * when killed by a signal, or -1 when it could not start (message
 * printed). */
int proc_run(const struct proc *p);

/* proc_which finds name in PATH; returns an absolute path or NULL. */
char *proc_which(const char *name);

#endif
