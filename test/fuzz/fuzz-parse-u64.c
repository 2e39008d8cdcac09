// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line numbers mean what they say: decimal digits are decimal (a
 * leading 0 does not make octal: "010" is ten), 0x and hex digits are hex.
 * The harness computes the value itself and compares it with parse_u64's;
 * too large a number is rejected, never wrapped. Nothing crashes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strings.h"

/* The value of digit @c (0-9, a-f, A-F), or 16 for any other byte. */
static unsigned int digit(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (unsigned int)(c - 'A' + 10);
	return 16;	/* not c | 0x20: that made bytes 0x10-0x19 digits */
}

/* @s (@n characters) as a number in @base, when every character is a digit of it. */
static int expected(const char *s, size_t n, unsigned int base, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		unsigned int k = digit(s[i]);

		if (k >= base)
			return -EINVAL;
		if (v > (UINT64_MAX - k) / base)
			return -ERANGE;
		v = v * base + k;
	}
	*out = v;
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1);
	uint64_t v = 0, want = 0;
	int rc, form;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (strlen(s) != size) {	/* an argv string has no NUL inside */
		free(s);
		return 0;
	}
	rc = parse_u64(s, &v);
	if (size > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		form = expected(s + 2, size - 2, 16, &want);
	else
		form = expected(s, size, 10, &want);
	if (form == 0 && (rc != 0 || v != want)) {
		fprintf(stderr, "'%s' is %llu, parse_u64 says rc %d value %llu\n", s,
			(unsigned long long)want, rc, (unsigned long long)v);
		abort();
	}
	if (form == -ERANGE && rc == 0) {
		fprintf(stderr, "'%s' is beyond 64 bits, parse_u64 accepted it as %llu\n", s,
			(unsigned long long)v);
		abort();
	}
	free(s);
	return 0;
}
