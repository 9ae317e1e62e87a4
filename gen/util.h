/* util.h - allocation helpers that die on failure, growable buffers,
 * string lists and diagnostics shared by every part of gogen. */
#ifndef GOGEN_UTIL_H
#define GOGEN_UTIL_H

#include <stddef.h>
#include <stdarg.h>

#if defined(__GNUC__)
#define NORETURN __attribute__((noreturn))
#else
#define NORETURN
#endif

/* A growable byte buffer, always NUL-terminated once anything was added. */
struct buf {
	char *s;
	size_t len, cap;
};

/* A growable list of owned strings. */
struct strlist {
	char **v;
	size_t n, cap;
};

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* xasprintf returns a newly allocated formatted string. */
char *xasprintf(const char *fmt, ...);

void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, int c);
void buf_printf(struct buf *b, const char *fmt, ...);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* buf_take hands the buffer's string to the caller and empties b. */
char *buf_take(struct buf *b);

void strlist_add(struct strlist *l, const char *s);     /* copies s */
void strlist_addown(struct strlist *l, char *s);        /* takes s */
void strlist_sort(struct strlist *l);
int strlist_has(const struct strlist *l, const char *s);
void strlist_free(struct strlist *l);

/* A set of strings (open addressing); keys are copied. */
struct strset {
	char **slot;
	size_t n, cap;
};

/* strset_add returns 1 when k was added, 0 when it was there already. */
int strset_add(struct strset *s, const char *k);
int strset_has(const struct strset *s, const char *k);
void strset_free(struct strset *s);

/* Diagnostics. All go to stderr prefixed "gogen: ". A format ending in ':'
 * gets ": strerror(errno)" appended. */
void warn(const char *fmt, ...);
void err(const char *fmt, ...);
NORETURN void die(const char *fmt, ...);
void verr(const char *fmt, va_list ap);

/* read_file reads a whole file; returns NULL and sets errno on failure.
 * The result is NUL-terminated; *len gets its length without the NUL. */
char *read_file(const char *path, size_t *len);
/* write_atomic writes data to path through a temporary file in the same
 * folder and a rename, so readers never see a half-written file. When
 * only_if_changed is set and path already holds exactly data, nothing is
 * written. Returns 0, 1 when it left the file alone, or -1 (errno set). */
int write_atomic(const char *path, const char *data, size_t len, int only_if_changed);
/* mkdir_p creates a folder and its parents (mode 0777 & ~umask). */
int mkdir_p(const char *path);
/* is_file says whether path is a regular file, or a link to one. */
int is_file(const char *path);

char *path_join(const char *a, const char *b);
/* path_dir returns the folder part of p ("." when there is none). */
char *path_dir(const char *p);
const char *path_base(const char *p);
/* path_clean removes "." segments, duplicate slashes and resolvable "..". */
char *path_clean(const char *p);
/* path_rel returns target relative to base (both absolute and clean). */
char *path_rel(const char *base, const char *target);
/* path_abs makes p absolute against the current folder and cleans it. */
char *path_abs(const char *p);
int has_suffix(const char *s, const char *suffix);
/* hash32 is the 32-bit FNV-1a hash of s: short, stable names for files
 * gogen derives from paths. */
unsigned long hash32(const char *s);
int has_prefix(const char *s, const char *prefix);
/* span_is says whether the n bytes at s spell word (a NULL word never
 * matches); span_in whether they spell one of a NULL-terminated list. */
int span_is(const char *s, size_t n, const char *word);
int span_in(const char *s, size_t n, const char *const *words);
/* hex_digit returns the value of hexadecimal digit c (either case), or -1. */
int hex_digit(int c);

#endif
