/* escape.c - one escaping function per output context: Ninja paths and
 * values, gcc-style depfiles, Make rules and JSON strings. Where a
 * format cannot express a character at all, the function writes nothing
 * and returns -1, so the caller can name the file in an error. */
#include <string.h>

#include "escape.h"

/* Newlines end a Ninja, Make or depfile line and no escape brings them
 * back; a lone \r is refused too, as newer Ninja reads \r\n as a newline. */
static int has_newline(const char *s)
{
	return strpbrk(s, "\n\r") != NULL;
}

int ninja_escape_path(struct buf *b, const char *path)
{
	const char *p;

	/* Ninja ends a path at |, which starts implicit outputs or order-only
	 * inputs, and "$|" is not an escape: there is no way to write it. */
	if (has_newline(path) || strchr(path, '|'))
		return -1;
	for (p = path; *p; p++) {
		if (*p == '$' || *p == ' ' || *p == ':')
			buf_addc(b, '$');
		buf_addc(b, *p);
	}
	return 0;
}

int ninja_escape_value(struct buf *b, const char *value)
{
	const char *p = value;

	if (has_newline(value))
		return -1;
	/* Ninja skips the blanks after "=", so leading spaces need "$ ". */
	for (; *p == ' '; p++)
		buf_adds(b, "$ ");
	for (; *p; p++) {
		if (*p == '$')
			buf_addc(b, '$');
		buf_addc(b, *p);
	}
	return 0;
}

/* Characters that end a file name in a depfile as Ninja reads it and that
 * no backslash can make literal: Ninja keeps the backslash as well. */
static int depfile_unwritable(int c)
{
	return c < 0x20 || c == 0x7f || (c && strchr("\"&'*;<>?^`|", c));
}

/* Ninja's depfile reader (the gcc format) takes 2N+1 backslashes before a
 * space as N backslashes and a space, N+1 backslashes before # or : as N
 * backslashes and the character, "$$" as "$", and any other backslash as
 * itself. So a run of backslashes is doubled before a space, gets one more
 * before # and :, and stays as it is elsewhere. */
int depfile_escape_path(struct buf *b, const char *path)
{
	const char *p, *q;
	size_t len = strlen(path), run, i;

	/* A trailing backslash would escape the separator after it; a
	 * trailing colon would end the target list. */
	if (len == 0 || path[len - 1] == '\\' || path[len - 1] == ':')
		return -1;
	for (p = path; *p; p++)
		if (depfile_unwritable((unsigned char)*p))
			return -1;
	for (p = path; *p; p = q + 1) {
		for (q = p; *q == '\\'; q++)
			;
		run = (size_t)(q - p);
		if (*q == ' ')
			run = 2 * run + 1;
		else if (*q == '#' || (*q == ':' && run > 0))
			run++;
		for (i = 0; i < run; i++)
			buf_addc(b, '\\');
		if (*q == '$')
			/* after a backslash Ninja takes "\$" as two plain bytes */
			buf_adds(b, q > p ? "$" : "$$");
		else
			buf_addc(b, *q);
	}
	return 0;
}

/* GNU make reads 2N+1 backslashes before a space, # or : as N backslashes
 * and the character, other backslashes as themselves. ";" starts a recipe,
 * "|" order-only prerequisites and "=" a variable assignment; none of them
 * has an escape. */
int make_escape_path(struct buf *b, const char *path)
{
	const char *p, *q;
	size_t len = strlen(path), run, i;

	if (len == 0 || path[len - 1] == '\\' || strpbrk(path, ";|=\t\v\f\n\r"))
		return -1;
	for (p = path; *p; p = q + 1) {
		for (q = p; *q == '\\'; q++)
			;
		run = (size_t)(q - p);
		if (*q == ' ' || *q == '#' || *q == ':')
			run = 2 * run + 1;
		for (i = 0; i < run; i++)
			buf_addc(b, '\\');
		if (*q == '$')
			buf_addc(b, '$');
		buf_addc(b, *q);
	}
	return 0;
}

/* utf8_len returns the length of the valid UTF-8 sequence at s, or 0.
 * Overlong forms, surrogates and values past U+10FFFF are not valid. */
static int utf8_len(const unsigned char *s)
{
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0))
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

void json_escape(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	buf_addc(b, '"');
	while (*p) {
		if (*p == '"' || *p == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, *p++);
		} else if (*p < 0x20) {
			buf_printf(b, "\\u%04x", *p++);
		} else if (*p < 0x80) {
			buf_addc(b, *p++);
		} else if ((n = utf8_len(p)) > 0) {
			buf_add(b, p, (size_t)n);
			p += n;
		} else {
			/* JSON text must be UTF-8: a stray byte becomes U+FFFD */
			buf_adds(b, "\\ufffd");
			p++;
		}
	}
	buf_addc(b, '"');
}
