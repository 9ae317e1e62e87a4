/* toolchain.h - the Go toolchains a build uses. For now: the go on PATH
 * (or $GOGEN_GO), asked for its version once per run. */
#ifndef GOGEN_TOOLCHAIN_H
#define GOGEN_TOOLCHAIN_H

struct toolchain {
	char *go;		/* absolute path of the go command */
	char *version;		/* "1.26.8" as "go version" reports it */
};

/* toolchain_local finds the local go and its version. Returns 0 or -1
 * after printing why. */
int toolchain_local(struct toolchain *t);
void toolchain_free(struct toolchain *t);

#endif
