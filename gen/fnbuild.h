/* fnbuild.h - "gogen build-function": what build.ninja runs for each
 * function. It reads the package's files as they are now, writes an
 * overlay into the build folder (never into the user's tree), runs
 * go build with it and writes the depfile. */
#ifndef GOGEN_FNBUILD_H
#define GOGEN_FNBUILD_H

int fnbuild_main(int argc, char **argv);

#endif
