/* check.h - the few macros gogen's unit tests need. Each test program
 * ends by printing "N passed, N failed" and exits non-zero on failure. */
#ifndef GOGEN_CHECK_H
#define GOGEN_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) check_report(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(got, want) \
	check_str((got), (want), #got, __FILE__, __LINE__)

static inline void check_report(int ok, const char *what, const char *file, int line)
{
	if (ok) {
		check_passed++;
		return;
	}
	check_failed++;
	fprintf(stderr, "%s:%d: FAIL: %s\n", file, line, what);
}

static inline void check_str(const char *got, const char *want, const char *what,
		      const char *file, int line)
{
	int ok = (got == NULL && want == NULL) ||
		 (got && want && strcmp(got, want) == 0);

	check_report(ok, what, file, line);
	if (!ok)
		fprintf(stderr, "\tgot  %s%s%s\n\twant %s%s%s\n", got ? "\"" : "",
			got ? got : "NULL", got ? "\"" : "", want ? "\"" : "",
			want ? want : "NULL", want ? "\"" : "");
}

static inline int check_done(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed != 0;
}

#endif
