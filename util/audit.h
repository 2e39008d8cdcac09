/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Destructive actions are logged to syslog (journald picks it up): who ran
 * pmemctl, what it did, where, and with what result.
 */
#ifndef PMEMCTL_UTIL_AUDIT_H
#define PMEMCTL_UTIL_AUDIT_H
#include <stddef.h>

void audit(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The real operator behind uid 0, as " loginuid=N login=NAME" (the audit
 * login uid in @loginuid_path, when a login session set it) and
 * " sudo_user=NAME" (@sudo_user, sudo's SUDO_USER): empty when neither is
 * known. Returns the length written to @buf.
 */
size_t audit_operator(char *buf, size_t len, const char *loginuid_path, const char *sudo_user);
#endif
