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

/* @s (@n characters) as a number in @base, when every character is a digit of it. */
static int expected(const char *s, size_t n, unsigned int base, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		const char *digits = "0123456789abcdef", *d = strchr(digits, s[i] | 0x20);
		unsigned int k = d && s[i] ? (unsigned int)(d - digits) : base;

		if (k >= base || (s[i] >= 'A' && s[i] <= 'F' && base == 10))
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
