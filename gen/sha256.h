/* sha256.h - SHA-256 (FIPS 180-4), to check downloaded Go archives
 * against their published checksums without a crypto library. */
#ifndef GOGEN_SHA256_H
#define GOGEN_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;			/* message length so far */
	unsigned char block[64];	/* the partial block */
	size_t n;			/* bytes in block */
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t n);
/* sha256_final writes the digest as 64 lower-case hex digits and a NUL. */
void sha256_final(struct sha256 *s, char hex[65]);
/* sha256_file hashes a whole file. Returns 0, or -1 with errno set. */
int sha256_file(const char *path, char hex[65]);

#endif
