/* config.c - gogen.ini through inih, vercel.json through cJSON. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "config.h"
#include "util.h"

struct ini_state {
	struct settings *s;
	const char *path;
	char *error;		/* first problem; inih only reports its line */
};

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

static int known_key(const char *name)
{
	static const char *const keys[] = {"build_dir",	 "goarch",    "default_go",
					   "version_table", "go_mirror", "toolchain_source"};
	size_t i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(name, keys[i]) == 0)
			return 1;
	return 0;
}

/* checksum_key takes "go1.22.12.linux-amd64 = <sha256>" from the
 * [checksums] section: a pinned checksum of a Go release archive. */
static int checksum_key(struct ini_state *st, const char *name, const char *value)
{
	char *lower = xstrdup(value);
	size_t i;

	for (i = 0; lower[i]; i++)
		if (lower[i] >= 'A' && lower[i] <= 'F')
			lower[i] = (char)(lower[i] - 'A' + 'a');
	if (strncmp(name, "go1.", 4) != 0 || !strchr(name, '-') || strchr(name, '=')) {
		if (!st->error)
			st->error = xasprintf("[checksums]: '%s' is no Go archive name "
					      "(like go1.22.12.linux-amd64)", name);
	} else if (i != 64 || strspn(lower, "0123456789abcdef") != 64) {
		if (!st->error)
			st->error = xasprintf("[checksums]: %s: want 64 hex digits (a SHA-256)",
					      name);
	} else {
		strlist_addown(&st->s->checksums, xasprintf("%s=%s", name, lower));
		free(lower);
		return 1;
	}
	free(lower);
	return 0;
}

/* ini_key is called by inih for each name = value; keys live in the
 * [gogen] section or before any section, pinned checksums in
 * [checksums]. Returns 0 to flag the line. */
static int ini_key(void *user, const char *section, const char *name, const char *value)
{
	struct ini_state *st = user;
	struct settings *s = st->s;

	if (strcmp(section, "checksums") == 0)
		return checksum_key(st, name, value);
	if (*section && strcmp(section, "gogen") != 0) {
		if (!st->error)
			st->error = xasprintf("unknown section [%s]", section);
		return 0;
	}
	if (strcmp(name, "build_dir") == 0 && *value) {
		set_str(&s->build_dir, value);
	} else if (strcmp(name, "goarch") == 0 && *value) {
		set_str(&s->goarch, value);
	} else if (strcmp(name, "go_build_flags") == 0) {
		set_str(&s->go_build_flags, value);
	} else if (strcmp(name, "default_go") == 0 && *value) {
		set_str(&s->default_go, value);
	} else if (strcmp(name, "version_table") == 0 && *value) {
		set_str(&s->version_table, value);
	} else if (strcmp(name, "go_mirror") == 0 && *value) {
		set_str(&s->go_mirror, value);
	} else if (strcmp(name, "toolchain_source") == 0 &&
		   (strcmp(value, "download") == 0 || strcmp(value, "proxy") == 0)) {
		set_str(&s->toolchain_source, value);
	} else if (strcmp(name, "toolchain_source") == 0) {
		if (!st->error)
			st->error = xasprintf("toolchain_source = %s: want download or proxy",
					      value);
		return 0;
	} else {
		if (!st->error)
			st->error = known_key(name) ? xasprintf("'%s' needs a value", name)
						    : xasprintf("unknown key '%s'", name);
		return 0;
	}
	return 1;
}

int config_read_ini(const char *path, struct settings *s)
{
	struct ini_state st = {s, path, NULL};
	FILE *f;
	int line;

	if (!s->goarch)
		s->goarch = xstrdup("amd64");
	if (!s->default_go)
		s->default_go = xstrdup("1.20");
	f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		err("%s: cannot read:", path);
		return -1;
	}
	s->found = 1;
	line = ini_parse_file(f, ini_key, &st);
	fclose(f);
	if (line == 0)
		return 0;
	err("%s:%d: %s", path, line, st.error ? st.error : "syntax error (want name = value)");
	free(st.error);
	return -1;
}

void settings_free(struct settings *s)
{
	free(s->build_dir);
	free(s->goarch);
	free(s->go_build_flags);
	free(s->default_go);
	free(s->version_table);
	free(s->go_mirror);
	free(s->toolchain_source);
	strlist_free(&s->checksums);
	memset(s, 0, sizeof(*s));
}

