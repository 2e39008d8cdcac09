// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strings.h"

/* Digits of @base only, at least one: strtoull alone would take a sign, blanks or a second 0x. */
static bool all_digits(const char *s, size_t n, int base)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (base == 16 ? !isxdigit((unsigned char)s[i]) : !isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* The number at the start of @s, @n characters long: decimal, or hex after 0x. Never octal. */
static int parse_digits(const char *s, size_t n, uint64_t *out)
{
	int base = 10;
	char buf[80], *end;
	unsigned long long v;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		n -= 2;
	}
	while (n > 1 && s[0] == '0') {	/* leading zeros: no value, and no octal */
		s++;
		n--;
	}
	if (!all_digits(s, n, base))
		return -EINVAL;
	if (n >= sizeof(buf))
		return -ERANGE;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	v = strtoull(buf, &end, base);
	if (errno == ERANGE)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	if (!s)
		return -EINVAL;
	return parse_digits(s, strlen(s), out);
}

int parse_size(const char *s, uint64_t *out)
{
	static const char suffixes[] = "KMGTPE";
	size_t n, len;
	const char *unit, *pos;
	uint64_t v;
	int rc;

	if (!s)
		return -EINVAL;
	len = strlen(s);
	for (n = len; n > 0 && isalpha((unsigned char)s[n - 1]); n--)
		;
	/* hex digits a-f are letters too: a hex number keeps them, its suffix is K..E */
	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		for (n = 2; n < len && isxdigit((unsigned char)s[n]); n++)
			;
	unit = s + n;
	rc = parse_digits(s, n, &v);
	if (rc)
		return rc;
	if (*unit == '\0') {
		*out = v;
		return 0;
	}
	pos = strchr(suffixes, toupper((unsigned char)*unit));
	if (!pos || (unit[1] && strcmp(unit + 1, "iB")))
		return -EINVAL;
	for (int shift = (int)(pos - suffixes + 1) * 10; shift > 0; shift -= 10) {
		if (v > UINT64_MAX >> 10)
			return -ERANGE;
		v <<= 10;
	}
	*out = v;
	return 0;
}

const char *strip_dev_prefix(const char *name)
{
	if (name && strncmp(name, "/dev/", 5) == 0)
		return name + 5;
	return name;
}

bool str_is_prefixed_number(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(s, prefix, n) != 0 || s[n] == '\0')
		return false;
	for (s += n; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

const char *format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = (double)bytes;
	unsigned int u = 0;

	if (bytes < 1024) {
		snprintf(buf, len, "%llu B", (unsigned long long)bytes);
		return buf;
	}
	while (v >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024.0;
		u++;
	}
	snprintf(buf, len, "%.2f %s", v, units[u]);
	return buf;
}

bool str_copy(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (!len)
		return false;
	if (n >= len) {
		dst[0] = 0;
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}
