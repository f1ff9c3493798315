// SPDX-License-Identifier: GPL-2.0
/* Validation of liox object names (see name.h). */
#include <linux/export.h>
#include <liox/name.h>

static bool liox_name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
	       c == '-';
}

/**
 * liox_name_valid() - is @name (@len bytes, no NUL) a valid object name?
 * @name: the characters
 * @len: how many; 1..63
 */
bool liox_name_valid(const char *name, size_t len)
{
	size_t i;

	if (!len || len > 63 || name[0] == '.' || name[0] == '-')
		return false;
	for (i = 0; i < len; i++) {
		if (!liox_name_char_ok(name[i]))
			return false;
	}
	return true;
}
EXPORT_SYMBOL_GPL(liox_name_valid);
