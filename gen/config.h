/* config.h - reading gogen.ini (inih). */
#ifndef GOGEN_CONFIG_H
#define GOGEN_CONFIG_H

#include "options.h"

/* config_read_ini reads path into s (defaults when the file is absent).
 * Returns 0, or -1 after printing "gogen: path:line: message". */
int config_read_ini(const char *path, struct settings *s);
void settings_free(struct settings *s);


#endif
