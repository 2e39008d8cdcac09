/* SPDX-License-Identifier: GPL-2.0 */
/* Small string helpers shared by the commands. */
#ifndef PMEMCTL_UTIL_STRINGS_H
#define PMEMCTL_UTIL_STRINGS_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

/*
 * Parse a whole string as an unsigned 64-bit number (decimal, or hex with
 * 0x). Signs, blanks, trailing characters and overflow are rejected: input
 * from the command line must mean exactly one number.
 */
int parse_u64(const char *s, uint64_t *out);

/* "pmem1" and "/dev/pmem1" name the same device: drop a leading /dev/. */
const char *strip_dev_prefix(const char *name);

/* True when @s is @prefix followed by a non-empty run of decimal digits. */
bool str_is_prefixed_number(const char *s, const char *prefix);

/* Human-readable binary size ("4.00 KiB") into @buf. */
const char *format_size(uint64_t bytes, char *buf, size_t len);
#endif
