/* util.c - allocation, buffers, lists, diagnostics and file helpers. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static NORETURN void oom(void)
{
	fputs("gogen: out of memory\n", stderr);
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("bad format string");
	b.s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.s;
}

static void buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	b->cap = b->cap ? b->cap * 2 : 64;
	while (b->cap < b->len + extra + 1)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = 0;
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, int c)
{
	char ch = (char)c;
	buf_add(b, &ch, 1);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die("bad format string");
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = 0;
}

void buf_free(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void strlist_addown(struct strlist *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = s;
}

void strlist_add(struct strlist *l, const char *s)
{
	strlist_addown(l, xstrdup(s));
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strlist_sort(struct strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmpstr);
}

int strlist_has(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

void strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static size_t strset_hash(const char *k)
{
	size_t h = 5381;

	while (*k)
		h = h * 33 + (unsigned char)*k++;
	return h;
}

static size_t strset_find(const struct strset *s, const char *k)
{
	size_t i = strset_hash(k) & (s->cap - 1);

	while (s->slot[i] && strcmp(s->slot[i], k) != 0)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static void strset_grow(struct strset *s)
{
	struct strset big = {xcalloc(s->cap ? s->cap * 2 : 16, sizeof(char *)), s->n,
			     s->cap ? s->cap * 2 : 16};
	size_t i;

	for (i = 0; i < s->cap; i++)
		if (s->slot[i])
			big.slot[strset_find(&big, s->slot[i])] = s->slot[i];
	free(s->slot);
	*s = big;
}

int strset_add(struct strset *s, const char *k)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap)
		strset_grow(s);
	i = strset_find(s, k);
	if (s->slot[i])
		return 0;
	s->slot[i] = xstrdup(k);
	s->n++;
	return 1;
}

int strset_has(const struct strset *s, const char *k)
{
	return s->cap && s->slot[strset_find(s, k)] != NULL;
}

void strset_free(struct strset *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	s->slot = NULL;
	s->n = s->cap = 0;
}

void verr(const char *fmt, va_list ap)
{
	size_t n = strlen(fmt);
	int e = errno;

	fputs("gogen: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(e));
	fputc('\n', stderr);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
}

void err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(fmt, ap);
	va_end(ap);
	exit(1);
}

char *read_file(const char *path, size_t *len)
{
	struct buf b = {0};
	char tmp[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	for (;;) {
		n = read(fd, tmp, sizeof tmp);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			buf_free(&b);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		buf_add(&b, tmp, (size_t)n);
	}
	close(fd);
	if (len)
		*len = b.len;
	return buf_take(&b);
}

static int same_content(const char *path, const char *data, size_t len)
{
	size_t have;
	char *old = read_file(path, &have);
	int same = old && have == len && memcmp(old, data, len) == 0;

	free(old);
	return same;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int write_atomic(const char *path, const char *data, size_t len, int only_if_changed)
{
	char *tmp;
	int fd, e;

	if (only_if_changed && same_content(path, data, len))
		return 1;
	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		errno = e;
		return -1;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		free(tmp);
		errno = e;
		return -1;
	}
	free(tmp);
	return 0;
}

int mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	char *s;
	struct stat st;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	if (mkdir(p, 0777) < 0 && errno != EEXIST) {
		free(p);
		return -1;
	}
	free(p);
	if (stat(path, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

unsigned long hash32(const char *s)
{
	unsigned long h = 2166136261UL;

	for (; *s; s++)
		h = ((h ^ (unsigned char)*s) * 16777619UL) & 0xffffffffUL;
	return h;
}

int has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

int has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int span_is(const char *s, size_t n, const char *word)
{
	return word && strlen(word) == n && memcmp(word, s, n) == 0;
}

int span_in(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (span_is(s, n, *words))
			return 1;
	return 0;
}

int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *path_join(const char *a, const char *b)
{
	if (!*a || strcmp(a, ".") == 0)
		return xstrdup(b);
	if (b[0] == '/')
		return xstrdup(b);
	if (a[strlen(a) - 1] == '/')
		return xasprintf("%s%s", a, b);
	return xasprintf("%s/%s", a, b);
}

char *path_dir(const char *p)
{
	const char *s = strrchr(p, '/');

	if (!s)
		return xstrdup(".");
	if (s == p)
		return xstrdup("/");
	return xstrndup(p, (size_t)(s - p));
}

const char *path_base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

char *path_clean(const char *p)
{
	struct strlist segs = {0};
	const char *s = p, *e;
	struct buf b = {0};
	int abs = p[0] == '/';
	size_t i;

	while (*s) {
		while (*s == '/')
			s++;
		if (!*s)
			break;
		e = strchr(s, '/');
		if (!e)
			e = s + strlen(s);
		if (e - s == 1 && s[0] == '.') {
			/* skip */
		} else if (e - s == 2 && s[0] == '.' && s[1] == '.' && segs.n &&
			   strcmp(segs.v[segs.n - 1], "..") != 0) {
			free(segs.v[--segs.n]);
		} else if (!(e - s == 2 && s[0] == '.' && s[1] == '.' && abs)) {
			strlist_addown(&segs, xstrndup(s, (size_t)(e - s)));
		}
		s = e;
	}
	if (abs)
		buf_addc(&b, '/');
	for (i = 0; i < segs.n; i++) {
		if (i)
			buf_addc(&b, '/');
		buf_adds(&b, segs.v[i]);
	}
	strlist_free(&segs);
	if (!b.len)
		buf_addc(&b, '.');
	return buf_take(&b);
}

char *path_rel(const char *base, const char *target)
{
	size_t i = 0, common = 0;
	struct buf b = {0};

	if (strcmp(base, target) == 0)
		return xstrdup(".");
	if (strcmp(base, "/") == 0)
		return xstrdup(target + 1);
	while (base[i] && base[i] == target[i]) {
		i++;
		if (base[i] == '/' || base[i] == 0)
			common = i;
	}
	if (base[i] == 0 && target[i] == '/')
		return xstrdup(target + i + 1);
	for (i = common; base[i]; i++)
		if (base[i] == '/')
			buf_adds(&b, b.len ? "/.." : "..");
	if (target[common]) {
		if (b.len)
			buf_addc(&b, '/');
		buf_adds(&b, target + common + 1);
	}
	return buf_take(&b);
}

char *path_abs(const char *p)
{
	char *cwd, *j, *c;

	if (p[0] == '/')
		return path_clean(p);
	cwd = getcwd(NULL, 0);
	if (!cwd)
		die("getcwd:");
	j = path_join(cwd, p);
	c = path_clean(j);
	free(cwd);
	free(j);
	return c;
}
