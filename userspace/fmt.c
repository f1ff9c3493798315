// SPDX-License-Identifier: GPL-2.0
/* lioxctl: sizes for humans, shared by the status commands. */
#include <inttypes.h>
#include <stdio.h>
#include "lioxctl.h"

/* "12.0 MiB", or "512 B" below 1 KiB. */
const char *lioxctl_fmt_size(char *buf, size_t len, uint64_t v)
{
	static const char *const units[] = {
		"KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
	};
	double d = v;
	int i = -1;

	if (v < 1024) {
		snprintf(buf, len, "%" PRIu64 " B", v);
		return buf;
	}
	/* 1023.96 KiB would print as "1024.0 KiB": go one unit up */
	while (d >= 1023.95 && i < 5) {
		d /= 1024;
		i++;
	}
	snprintf(buf, len, "%.1f %s", d, units[i]);
	return buf;
}

/* "48.0 MiB (50331648 bytes)", or "512 B". */
const char *lioxctl_fmt_bytes(char *buf, size_t len, uint64_t v)
{
	char h[32];

	if (v < 1024)
		return lioxctl_fmt_size(buf, len, v);
	snprintf(buf, len, "%s (%" PRIu64 " bytes)",
		 lioxctl_fmt_size(h, sizeof(h), v), v);
	return buf;
}
