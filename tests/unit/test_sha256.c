/* test_sha256.c - SHA-256 against the FIPS 180-4 examples, block
 * boundaries fed in every split, and files against sha256sum. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "sha256.h"

static void digest(const void *p, size_t n, char hex[65])
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, p, n);
	sha256_final(&s, hex);
}

static void test_vectors(void)
{
	static const struct {
		const char *in, *want;
	} v[] = {
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
		{"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
		 "klmnopqrlmnopqrsmnopqrstnopqrstu",
		 "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
	};
	char hex[65];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		digest(v[i].in, strlen(v[i].in), hex);
		CHECK_STR(hex, v[i].want);
	}
}

static void test_million(void)
{
	char *a = malloc(1000000), hex[65];
	struct sha256 s;
	size_t i;

	memset(a, 'a', 1000000);
	digest(a, 1000000, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	/* The same in uneven pieces. */
	sha256_init(&s);
	for (i = 0; i < 1000000;) {
		size_t n = 1 + i % 97;
		if (n > 1000000 - i)
			n = 1000000 - i;
		sha256_update(&s, a + i, n);
		i += n;
	}
	sha256_final(&s, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

/* Every way to split messages around the padding boundaries (55, 56, 63,
 * 64, 65 bytes) gives the digest of the whole. */
static void test_splits(void)
{
	static const size_t lens[] = {55, 56, 57, 63, 64, 65, 119, 120, 128};
	unsigned char msg[128];
	size_t i, j, cut;
	int bad = 0;

	for (i = 0; i < sizeof msg; i++)
		msg[i] = (unsigned char)(i * 7 + 3);
	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		char whole[65], parts[65];
		digest(msg, lens[i], whole);
		for (cut = 0; cut <= lens[i]; cut++) {
			struct sha256 s;
			sha256_init(&s);
			sha256_update(&s, msg, cut);
			for (j = cut; j < lens[i]; j++)
				sha256_update(&s, msg + j, 1);
			sha256_final(&s, parts);
			bad += strcmp(whole, parts) != 0;
		}
	}
	CHECK(bad == 0);
}

/* sha256_file agrees with sha256sum, when the machine has it. */
static void test_files(void)
{
	static const size_t sizes[] = {0, 1, 55, 56, 64, 65536, 65537, 200000};
	char path[] = "/tmp/gogen-test-sha256.XXXXXX";
	size_t i, k;
	int fd = mkstemp(path);
	FILE *probe = popen("command -v sha256sum", "r");
	char line[256] = "";
	int have = probe && fgets(line, sizeof line, probe) != NULL;

	if (probe)
		pclose(probe);
	CHECK(fd >= 0);
	close(fd);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		FILE *f = fopen(path, "wb");
		char hex[65], cmd[128];
		for (k = 0; k < sizes[i]; k++)
			fputc((int)((k * 131 + i) & 0xff), f);
		fclose(f);
		CHECK(sha256_file(path, hex) == 0);
		if (!have)
			continue;
		snprintf(cmd, sizeof cmd, "sha256sum '%s'", path);
		f = popen(cmd, "r");
		line[0] = 0;
		if (f && fgets(line, sizeof line, f))
			line[64] = 0;
		if (f)
			pclose(f);
		CHECK_STR(hex, line);
	}
	unlink(path);
	{
		char hex[65];
		CHECK(sha256_file("/nonexistent/gogen-test", hex) < 0);
	}
}

int main(void)
{
	test_vectors();
	test_million();
	test_splits();
	test_files();
	return check_done();
}
