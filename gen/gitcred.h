/* gitcred.h - handing GIT_CREDENTIALS to the git that one command runs:
 * a credential store file with mode 0600 in the build folder, named to
 * git through GIT_CONFIG_COUNT, removed afterwards (also when the process
 * is interrupted), and the secret masked in whatever the command printed.
 * Only the build step reads the variable: the secret never reaches
 * build.ninja, a log or the user's git configuration. */
#ifndef GOGEN_GITCRED_H
#define GOGEN_GITCRED_H

#include <sys/types.h>

#include "util.h"

struct gitcred {
	struct strlist lines;	/* the credential URLs, one store file line each */
	struct strlist hosts;	/* "scheme://host" of each, safe to print */
	struct strlist secrets;	/* texts to mask, longest first */
	struct strlist env;	/* "NAME=value" to set for git, once opened */
	char *file;		/* the store file while it exists */
};

/* gitcred_parse reads GIT_CREDENTIALS: one or more URLs of the form
 * scheme://user:token@host[/path], separated by blanks or line breaks.
 * Returns 0, or -1 after a message that never quotes the value. */
int gitcred_parse(struct gitcred *c, const char *value);

/* gitcred_open creates the store file at path (absolute; created with
 * O_EXCL and mode 0600, so it is never readable by others, not even for
 * an instant), fills c->env with the GIT_CONFIG_COUNT entries that make
 * git use it alone (the helpers of the user's configuration are reset
 * for this command, so none of them stores the secret), keeping entries
 * that GIT_CONFIG_COUNT already held, and installs SIGINT, SIGTERM and
 * SIGHUP handlers that remove the file before the process dies. Returns
 * 0, or -1 after a message (no file left). */
int gitcred_open(struct gitcred *c, const char *path);

/* gitcred_child names the child that uses the file (0: none), so that a
 * signal that reaches gogen alone is passed on to it. */
void gitcred_child(pid_t pid);

/* gitcred_rejected adds to hosts the "scheme://host" of each credential
 * that is no longer in the store file: git erases from it the ones that a
 * server refused. Call it after the command, before gitcred_close. */
void gitcred_rejected(const struct gitcred *c, struct strlist *hosts);

/* gitcred_close removes the file and restores the signal handlers. */
void gitcred_close(struct gitcred *c);

/* gitcred_redact returns text with every secret replaced by "***": the
 * user:token part of each URL, the token as written and percent-decoded
 * (or the user name when there is no token). */
char *gitcred_redact(const struct gitcred *c, const char *text);

/* gitcred_remove_stale removes store files named <prefix><pid> (and git's
 * "<prefix><pid>.lock") in dir whose process is gone: what a SIGKILL left
 * behind. */
void gitcred_remove_stale(const char *dir, const char *prefix);

void gitcred_free(struct gitcred *c);

#endif
