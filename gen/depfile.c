/* depfile.c - depfile entries, with links for unspellable names. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depfile.h"
#include "escape.h"

/* link_to makes link point at target, replacing a link that points
 * elsewhere. */
static int link_to(const char *link, const char *target)
{
	char have[PATH_MAX + 1];
	ssize_t n = readlink(link, have, sizeof have - 1);
	char *tmp;
	int rc;

	if (n >= 0) {
		have[n] = 0;
		if (strcmp(have, target) == 0)
			return 0;
	}
	/* A new link under a temporary name, then renamed over the old one. */
	tmp = xasprintf("%s.tmp.%ld", link, (long)getpid());
	unlink(tmp);
	rc = symlink(target, tmp) == 0 && rename(tmp, link) == 0 ? 0 : -1;
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

static char *alias(const char *path, const char *link_dir)
{
	char *abs = path_abs(path);
	char *link = xasprintf("%s/dep-%08lx", link_dir, hash32(abs));
	if (mkdir_p(link_dir) < 0 || link_to(link, abs) < 0) {
		free(link);
		link = NULL;
	}
	free(abs);
	return link;
}

int depfile_add(struct buf *b, const char *path, const char *link_dir)
{
	struct buf one = {0};
	char *link;
	int rc = 0;

	if (depfile_escape_path(&one, path) == 0) {
		buf_adds(b, " \\\n  ");
		buf_add(b, one.s, one.len);
	} else if ((link = alias(path, link_dir)) != NULL && depfile_escape_path(&one, link) == 0) {
		buf_adds(b, " \\\n  ");
		buf_add(b, one.s, one.len);
		free(link);
	} else {
		warn("%s: cannot be named in a depfile (link in %s: %s); its changes are not seen",
		     path, link_dir, strerror(errno));
		free(link);
		rc = -1;
	}
	buf_free(&one);
	return rc;
}
