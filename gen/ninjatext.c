/* ninjatext.c - paths and variable bindings in build.ninja text. */
#include "escape.h"
#include "ninjatext.h"
#include "shell.h"

int ninja_put_path(struct buf *b, const char *path)
{
	buf_addc(b, ' ');
	if (ninja_escape_path(b, path) == 0)
		return 0;
	err("%s: a path with a line break cannot be written to build.ninja", path);
	return -1;
}

/* put_var is ninja_put_var, or with shell set ninja_put_shvar: the
 * message names the value as given, not as quoted. */
static int put_var(struct buf *b, const char *indent, const char *name, const char *value,
		   int shell)
{
	struct buf q = {0};
	int rc;

	if (shell)
		shell_quote(&q, value);
	buf_printf(b, "%s%s = ", indent, name);
	rc = ninja_escape_value(b, shell ? q.s : value);
	buf_addc(b, '\n');
	buf_free(&q);
	if (rc < 0)
		err("%s: a value with a line break cannot be written to build.ninja", value);
	return rc;
}

int ninja_put_var(struct buf *b, const char *indent, const char *name, const char *value)
{
	return put_var(b, indent, name, value, 0);
}

int ninja_put_shvar(struct buf *b, const char *indent, const char *name, const char *word)
{
	return put_var(b, indent, name, word, 1);
}

int ninja_put_goenv(struct buf *b, const struct toolchain *t)
{
	struct buf env = {0};
	int rc;

	if (!t || !t->goroot)
		return 0;
	/* gogen chose the release: the go command must not switch again. */
	buf_adds(&env, "GOTOOLCHAIN=local GOROOT=");
	shell_quote(&env, t->goroot);
	rc = ninja_put_shvar(b, "  ", "go", t->go);
	rc |= ninja_put_var(b, "  ", "goenv", env.s);
	buf_free(&env);
	return rc;
}
