# gogen_pkg.m4 - the small pkg-config check gogen's configure needs.

# GOGEN_PROG_PKG_CONFIG
# Finds pkg-config (or pkgconf) and declares the variables that steer it,
# so that `./configure --help` lists them and config.status remembers them.
AC_DEFUN([GOGEN_PROG_PKG_CONFIG], [dnl
AC_ARG_VAR([PKG_CONFIG], [path to the pkg-config program])dnl
AC_ARG_VAR([PKG_CONFIG_PATH], [folders searched for .pc files first])dnl
AC_ARG_VAR([PKG_CONFIG_LIBDIR], [folders searched for .pc files instead of the default ones])dnl
AC_PATH_PROGS([PKG_CONFIG], [pkg-config pkgconf])
dnl A PKG_CONFIG that does not run counts as none, for a clear message.
AS_IF([test -n "$PKG_CONFIG" && ! "$PKG_CONFIG" --version >/dev/null 2>&1],
	[AC_MSG_WARN([$PKG_CONFIG does not run]); PKG_CONFIG=])
])

# GOGEN_PKG_CHECK(VAR, MODULE, DEBIAN-PACKAGE)
# Sets and substitutes VAR_CFLAGS and VAR_LIBS from `pkg-config MODULE`.
# When the user gave either variable, pkg-config is not asked: that is the
# way out on systems whose library ships no .pc file. A missing MODULE stops
# configure with the name of the Debian package that provides it, since
# "Package not found" alone sends people hunting for the right -dev package.
AC_DEFUN([GOGEN_PKG_CHECK], [dnl
AC_REQUIRE([GOGEN_PROG_PKG_CONFIG])dnl
AC_ARG_VAR([$1][_CFLAGS], [C compiler flags for $2, overriding pkg-config])dnl
AC_ARG_VAR([$1][_LIBS], [linker flags for $2, overriding pkg-config])dnl
AC_MSG_CHECKING([for $2])
if test -n "${$1_CFLAGS}${$1_LIBS}"; then
	AC_MSG_RESULT([yes (given by $1_CFLAGS and $1_LIBS)])
elif test -z "$PKG_CONFIG"; then
	AC_MSG_RESULT([no])
	AC_MSG_ERROR([$2 not found: pkg-config is missing dnl
(on Debian/Ubuntu: apt-get install pkg-config $3)])
elif $PKG_CONFIG --exists --print-errors '$2' >&AS_MESSAGE_LOG_FD 2>&1; then
	$1_CFLAGS=`$PKG_CONFIG --cflags '$2'`
	$1_LIBS=`$PKG_CONFIG --libs '$2'`
	gogen_pkg_version=`$PKG_CONFIG --modversion '$2'`
	AC_MSG_RESULT([yes, version $gogen_pkg_version])
else
	AC_MSG_RESULT([no])
	AC_MSG_ERROR([$2 not found (on Debian/Ubuntu: apt-get install $3)])
fi
])
