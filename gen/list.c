/* list.c - gogen --list: one line, or one JSON object, per function. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "list.h"

static cJSON *function_json(const struct function *f)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "source", f->source);
	cJSON_AddStringToObject(o, "project", f->project->dir);
	cJSON_AddStringToObject(o, "route", f->route);
	cJSON_AddStringToObject(o, "handler", f->handler);
	cJSON_AddStringToObject(o, "package", f->package);
	if (f->module->gomod && f->module->mod.module)
		cJSON_AddStringToObject(o, "module", f->module->mod.module);
	else
		cJSON_AddNullToObject(o, "module");
	cJSON_AddStringToObject(o, "go", f->module->go);
	cJSON_AddStringToObject(o, "output", f->output);
	cJSON_AddStringToObject(o, "target", f->target);
	return o;
}

void list_write(const struct graph *g, int json)
{
	size_t i;

	if (!json) {
		for (i = 0; i < g->nfuncs; i++) {
			const struct function *f = g->funcs[i];
			printf("%s\t%s\t%s.%s\tgo%s\n", f->target, f->route, f->package,
			       f->handler, f->module->go);
		}
		return;
	}
	cJSON *arr = cJSON_CreateArray();
	char *text;

	for (i = 0; i < g->nfuncs; i++)
		cJSON_AddItemToArray(arr, function_json(g->funcs[i]));
	text = cJSON_Print(arr);
	if (!text)
		die("out of memory");
	puts(text);
	cJSON_free(text);
	cJSON_Delete(arr);
}
