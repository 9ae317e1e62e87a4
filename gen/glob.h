/* glob.h - the glob patterns of vercel.json (function keys, includeFiles,
 * excludeFiles): "*" and "?" within one path segment, "[...]" classes,
 * "**" for any number of segments, "{a,b}" alternatives. */
#ifndef GOGEN_GLOB_H
#define GOGEN_GLOB_H

/* glob_match reports whether path (relative, '/'-separated) matches
 * pattern. A leading "./" or "/" on the pattern is ignored. */
int glob_match(const char *pattern, const char *path);

#endif
