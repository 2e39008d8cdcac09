// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "lib/mount.h"

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

static bool has_dax_option(const char *opts)
{
	char copy[1024], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", opts);
	for (char *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save))
		if (!strcmp(o, "dax") || !strcmp(o, "dax=always"))
			return true;
	return false;
}

/*
 * "id parent major:minor root point options [optional...] - fstype source
 * super-options"; the optional fields end at a lone "-".
 */
bool pm_mountinfo_line(const char *line, const char *majmin, struct pm_mount *m)
{
	char dev[32], point[PATH_MAX], opts[1024], fstype[32], super[1024] = "";
	const char *sep = strstr(line, " - ");

	if (!sep || sscanf(line, "%*s %*s %31s %*s %4095s %1023s", dev, point, opts) != 3 ||
	    strcmp(dev, majmin) || sscanf(sep + 3, "%31s %*s %1023s", fstype, super) < 1)
		return false;
	unescape(point);
	snprintf(m->point, sizeof(m->point), "%s", point);
	snprintf(m->fstype, sizeof(m->fstype), "%s", fstype);
	m->dax = has_dax_option(opts) || has_dax_option(super);
	return true;
}

int pm_mount_of(const char *mountinfo, const char *majmin, struct pm_mount *m)
{
	FILE *f = fopen(mountinfo, "re");
	char line[8192];
	int rc = -ENOENT;

	if (!f)
		return -errno;
	while (rc == -ENOENT && fgets(line, sizeof(line), f))
		if (pm_mountinfo_line(line, majmin, m))
			rc = 0;
	fclose(f);
	return rc;
}

int pm_device_of_file(const char *path, char *dev, size_t len)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *base;
	struct stat st;
	ssize_t n;

	if (stat(path, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(st.st_dev), minor(st.st_dev));
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return -ENODEV;
	target[n] = '\0';
	base = strrchr(target, '/');
	snprintf(dev, len, "%s", base ? base + 1 : target);
	return 0;
}
