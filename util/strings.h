/* SPDX-License-Identifier: GPL-2.0 */
/* Small string helpers shared by the commands. */
#ifndef PMEMCTL_UTIL_STRINGS_H
#define PMEMCTL_UTIL_STRINGS_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/*
 * Parse a whole string as an unsigned 64-bit number: decimal (a leading zero
 * is still decimal, never octal), or hex after 0x. Signs, blanks, trailing
 * characters and overflow are rejected: input from the command line must
 * mean exactly one number. -EINVAL or -ERANGE on error.
 */
int parse_u64(const char *s, uint64_t *out);

/*
 * A byte count as parse_u64() reads it, optionally followed by a binary
 * suffix, as ndctl takes sizes: K, M, G, T, P or E (either case) or the same
 * with "iB" (KiB, MiB, ...), each 1024 times the one before. "KB" and "kb"
 * are refused: they could mean 1000.
 */
int parse_size(const char *s, uint64_t *out);

/* "pmem1" and "/dev/pmem1" name the same device: drop a leading /dev/. */
const char *strip_dev_prefix(const char *name);

/* True when @s is @prefix followed by a non-empty run of decimal digits. */
bool str_is_prefixed_number(const char *s, const char *prefix);

/* Human-readable binary size ("4.00 KiB") into @buf. */
const char *format_size(uint64_t bytes, char *buf, size_t len);
/* Copy @src into @dst of @len bytes; false (and @dst empty) when it does not fit. */
bool str_copy(char *dst, size_t len, const char *src);
#endif
