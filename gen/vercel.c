/* vercel.c - what gogen reads of a project's vercel.json (cJSON): the
 * build flags and the per-function settings of "functions". */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "glob.h"
#include "vercel.h"

/* line_at counts the line of byte offset off in text. */
static int line_at(const char *text, size_t off)
{
	int line = 1;
	size_t i;

	for (i = 0; i < off && text[i]; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

/* key_line finds the line of the first "key": in text, so that messages
 * about a value can point at it (cJSON keeps no positions). */
static int key_line(const char *text, const char *key)
{
	char *q = xasprintf("\"%s\"", key);
	const char *p = strstr(text, q);

	free(q);
	return p ? line_at(text, (size_t)(p - text)) : 1;
}

/* str_list reads a string or a list of strings into l. */
static int str_list(const char *path, int line, const char *what, cJSON *j, struct strlist *l)
{
	cJSON *e;

	if (cJSON_IsString(j)) {
		strlist_add(l, j->valuestring);
		return 0;
	}
	if (!cJSON_IsArray(j))
		goto bad;
	cJSON_ArrayForEach(e, j) {
		if (!cJSON_IsString(e))
			goto bad;
		strlist_add(l, e->valuestring);
	}
	return 0;
bad:
	err("%s:%d: %s must be a string or a list of strings", path, line, what);
	return -1;
}

/* whole_number reads a positive integer setting, or leaves *out at 0. */
static int whole_number(const char *path, int line, const char *what, cJSON *j, int *out)
{
	if (!j)
		return 0;
	if (!cJSON_IsNumber(j) || j->valuedouble < 1 || j->valuedouble > 1e6 ||
	    j->valuedouble != (double)(int)j->valuedouble) {
		err("%s:%d: %s must be a whole number above 0", path, line, what);
		return -1;
	}
	*out = (int)j->valuedouble;
	return 0;
}

static int one_function(const char *path, const char *text, cJSON *item, struct fnconf *c)
{
	int line = key_line(text, item->string);
	int rc = 0;

	c->pattern = xstrdup(item->string);
	c->line = line;
	if (!cJSON_IsObject(item)) {
		err("%s:%d: functions[\"%s\"] must be an object", path, line, item->string);
		return -1;
	}
	rc |= whole_number(path, line, "memory", cJSON_GetObjectItemCaseSensitive(item, "memory"),
			   &c->memory);
	rc |= whole_number(path, line, "maxDuration",
			   cJSON_GetObjectItemCaseSensitive(item, "maxDuration"), &c->max_duration);
	if (cJSON_GetObjectItemCaseSensitive(item, "includeFiles"))
		rc |= str_list(path, line, "includeFiles",
			       cJSON_GetObjectItemCaseSensitive(item, "includeFiles"), &c->include);
	if (cJSON_GetObjectItemCaseSensitive(item, "excludeFiles"))
		rc |= str_list(path, line, "excludeFiles",
			       cJSON_GetObjectItemCaseSensitive(item, "excludeFiles"), &c->exclude);
	return rc ? -1 : 0;
}

static int vercel_functions(const char *path, const char *text, cJSON *root, struct vercel *v)
{
	cJSON *fns = cJSON_GetObjectItemCaseSensitive(root, "functions"), *item;
	int rc = 0;

	if (!fns)
		return 0;
	if (!cJSON_IsObject(fns)) {
		err("%s:%d: \"functions\" must be an object", path, key_line(text, "functions"));
		return -1;
	}
	cJSON_ArrayForEach(item, fns) {
		v->fns = xrealloc(v->fns, (v->nfns + 1) * sizeof(*v->fns));
		memset(&v->fns[v->nfns], 0, sizeof(*v->fns));
		rc |= one_function(path, text, item, &v->fns[v->nfns++]);
	}
	return rc ? -1 : 0;
}

static int vercel_flags(const char *path, const char *text, cJSON *root, struct vercel *v)
{
	cJSON *build = cJSON_GetObjectItemCaseSensitive(root, "build");
	cJSON *env, *flags;

	if (!build)
		return 0;
	env = cJSON_GetObjectItemCaseSensitive(build, "env");
	if (!cJSON_IsObject(build) || (env && !cJSON_IsObject(env))) {
		err("%s:%d: \"%s\" must be an object", path,
		    key_line(text, env ? "env" : "build"), env ? "build.env" : "build");
		return -1;
	}
	flags = env ? cJSON_GetObjectItemCaseSensitive(env, "GO_BUILD_FLAGS") : NULL;
	if (!flags)
		return 0;
	v->go_build_flags_line = key_line(text, "GO_BUILD_FLAGS");
	if (!cJSON_IsString(flags)) {
		err("%s:%d: build.env.GO_BUILD_FLAGS must be a string", path,
		    v->go_build_flags_line);
		return -1;
	}
	v->go_build_flags = xstrdup(flags->valuestring);
	return 0;
}

int config_read_vercel(const char *path, struct vercel *v)
{
	size_t len;
	char *text = read_file(path, &len);
	const char *end = NULL;
	cJSON *root;
	int rc;

	if (!text) {
		err("%s: cannot read:", path);
		return -1;
	}
	/* The length includes the NUL that read_file adds, which is how cJSON
	 * checks that nothing but white space follows the value. */
	root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
	if (!root || !cJSON_IsObject(root)) {
		size_t off = end ? (size_t)(end - text) : 0;
		if (!root && cJSON_GetErrorPtr())
			off = (size_t)(cJSON_GetErrorPtr() - text);
		err("%s:%d: %s", path, line_at(text, off),
		    root ? "vercel.json must hold a JSON object" : "invalid JSON");
		cJSON_Delete(root);
		free(text);
		return -1;
	}
	rc = vercel_flags(path, text, root, v);
	if (rc == 0)
		rc = vercel_functions(path, text, root, v);
	cJSON_Delete(root);
	free(text);
	return rc;
}

const struct fnconf *vercel_function(const struct vercel *v, const char *source)
{
	size_t i;

	for (i = 0; i < v->nfns; i++)
		if (strcmp(v->fns[i].pattern, source) == 0 || glob_match(v->fns[i].pattern, source))
			return &v->fns[i];
	return NULL;
}

void vercel_free(struct vercel *v)
{
	size_t i;

	for (i = 0; i < v->nfns; i++) {
		free(v->fns[i].pattern);
		strlist_free(&v->fns[i].include);
		strlist_free(&v->fns[i].exclude);
	}
	free(v->fns);
	free(v->go_build_flags);
	memset(v, 0, sizeof(*v));
}
