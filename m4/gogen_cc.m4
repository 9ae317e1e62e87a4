# gogen_cc.m4 - compiler checks for gogen's configure.

# GOGEN_PROG_CC_C99
# Substitutes STD_CFLAGS: the option that makes $CC compile C99, or nothing
# when it does without one. gogen is built with -std=c99 on purpose, so that
# a newer language feature or a GNU extension cannot slip in unnoticed.
AC_DEFUN([GOGEN_PROG_CC_C99], [dnl
AC_REQUIRE([AC_PROG_CC])dnl
AC_CACHE_CHECK([for $CC option to compile C99], [gogen_cv_std_c99], [
	gogen_cv_std_c99=no
	gogen_save_CFLAGS=$CFLAGS
	for gogen_opt in -std=c99 ''; do
		CFLAGS="$gogen_save_CFLAGS $gogen_opt"
		AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <stdbool.h>
#include <stdint.h>
struct pt { int x, y; };
static inline int sq(int v) { return v * v; }]], [[
	struct pt p = { .y = 2, .x = 1 };
	bool ok = true;
	int64_t big = 1LL << 40;
	for (int i = 0; i < 3; i++) // a C99 comment
		p.x += sq(i);
	int vla[p.y];
	vla[0] = 1;
	return !(ok && big > 0 && p.x + vla[0] > 1);]])],
			[gogen_cv_std_c99=${gogen_opt:-none needed}])
		test "$gogen_cv_std_c99" != no && break
	done
	CFLAGS=$gogen_save_CFLAGS])
AS_CASE([$gogen_cv_std_c99],
	[no], [AC_MSG_ERROR([$CC cannot compile C99 dnl
(on Debian/Ubuntu: apt-get install build-essential)])],
	["none needed"], [STD_CFLAGS=],
	[STD_CFLAGS=$gogen_cv_std_c99])
AC_SUBST([STD_CFLAGS])
])

# GOGEN_WARN_CFLAGS(FLAGS)
# Substitutes WARN_CFLAGS: FLAGS when $CC accepts them all, else nothing.
AC_DEFUN([GOGEN_WARN_CFLAGS], [dnl
AC_CACHE_CHECK([whether $CC accepts $1], [gogen_cv_warn_cflags], [
	gogen_save_CFLAGS=$CFLAGS
	CFLAGS="$CFLAGS $STD_CFLAGS $1 -Werror"
	AC_COMPILE_IFELSE([AC_LANG_PROGRAM()],
		[gogen_cv_warn_cflags=yes], [gogen_cv_warn_cflags=no])
	CFLAGS=$gogen_save_CFLAGS])
WARN_CFLAGS=
test "$gogen_cv_warn_cflags" = yes && WARN_CFLAGS="$1"
AC_SUBST([WARN_CFLAGS])
])
