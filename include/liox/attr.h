/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing and validation of configfs attribute values. Pure logic, no
 * configfs dependency: KUnit tests it under UML.
 *
 * Every parser takes the buffer configfs hands to a store method (not
 * necessarily NUL-terminated at count, at most one trailing newline),
 * writes its result only on success and returns 0 or -EINVAL, so a bad
 * value leaves the object as it was.
 */
#ifndef _LIOX_ATTR_H
#define _LIOX_ATTR_H

#include <linux/socket.h>
#include <linux/types.h>

int liox_attr_parse_u32(const char *page, size_t count, u32 min, u32 max,
			u32 *out);
int liox_attr_parse_bool(const char *page, size_t count, bool *out);
int liox_attr_parse_name(const char *page, size_t count, char *out,
			 size_t size);
int liox_attr_parse_inet(const char *page, size_t count,
			 struct sockaddr_storage *out);

#endif /* _LIOX_ATTR_H */
