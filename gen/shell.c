/* shell.c - splitting GO_BUILD_FLAGS into words the way sh would, minus
 * every kind of expansion, and quoting words back for sh. */
#include <stdlib.h>
#include <string.h>

#include "shell.h"

static int is_blank(int c)
{
	/* \r too: flags read from a file written on Windows end in CRLF */
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int shell_split(const char *s, struct strlist *words, char **errmsg)
{
	struct strlist got = {0};
	struct buf w = {0};
	size_t i = 0, open = 0, k;
	int inword = 0;

	for (;;) {
		char c = s[i];

		if (c == 0 || is_blank((unsigned char)c)) {
			if (inword)
				strlist_addown(&got, buf_take(&w));
			inword = 0;
			if (c == 0)
				break;
			i++;
			continue;
		}
		if (c == '\\' && s[i + 1] == '\n') {
			/* backslash-newline joins lines and makes nothing */
			i += 2;
			continue;
		}
		inword = 1;
		open = i;
		if (c == '\'') {
			/* Everything up to the next ' is literal, newlines too. */
			for (i++; s[i] && s[i] != '\''; i++)
				buf_addc(&w, s[i]);
			if (!s[i])
				goto fail;
			i++;
		} else if (c == '"') {
			for (i++; s[i] && s[i] != '"'; i++) {
				/* Inside "", a backslash only quotes $ ` " \ and
				 * newline; before anything else it stays. */
				if (s[i] == '\\' && s[i + 1] && strchr("$`\"\\\n", s[i + 1])) {
					if (s[++i] != '\n')
						buf_addc(&w, s[i]);
					continue;
				}
				buf_addc(&w, s[i]);
			}
			if (!s[i])
				goto fail;
			i++;
		} else if (c == '\\') {
			if (!s[i + 1])
				goto fail;
			buf_addc(&w, s[i + 1]);
			i += 2;
		} else {
			buf_addc(&w, c);
			i++;
		}
	}
	for (k = 0; k < got.n; k++)
		strlist_addown(words, got.v[k]);
	free(got.v);
	return 0;

fail:
	strlist_free(&got);
	buf_free(&w);
	if (s[open] == '\\')
		*errmsg = xasprintf("trailing backslash at column %zu", open + 1);
	else
		*errmsg = xasprintf("unterminated %c quote at column %zu", s[open], open + 1);
	return -1;
}

static int is_safe(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("_@%+=:,./-", c));
}

void shell_quote(struct buf *b, const char *w)
{
	const char *p;

	for (p = w; *p && is_safe((unsigned char)*p); p++)
		;
	if (*w && !*p) {
		buf_adds(b, w);
		return;
	}
	/* In single quotes nothing is special but the quote itself, which
	 * has to close the quotes, come escaped, and reopen them. */
	buf_addc(b, '\'');
	for (p = w; *p; p++) {
		if (*p == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *p);
	}
	buf_addc(b, '\'');
}
