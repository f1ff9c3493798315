// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing and validation of configfs attribute values (see attr.h).
 */
#include <linux/ctype.h>
#include <linux/export.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <liox/attr.h>
#include <liox/name.h>

/* Longest value any of these parsers accepts: "[<ipv6>%<scope>]:65535". */
#define LIOX_ATTR_BUF	80

/*
 * Copy a store buffer into @buf as a C string without its one optional
 * trailing newline. Empty values, embedded NULs and values that do not
 * fit are rejected.
 */
static int liox_attr_copy(const char *page, size_t count, char *buf,
			  size_t size)
{
	if (count && page[count - 1] == '\n')
		count--;
	if (!count || count >= size || memchr(page, '\0', count))
		return -EINVAL;
	memcpy(buf, page, count);
	buf[count] = '\0';
	return 0;
}

/**
 * liox_attr_parse_u32() - parse an unsigned decimal or 0x-hex number
 * @page: value as written
 * @count: bytes in @page
 * @min: smallest accepted value
 * @max: largest accepted value
 * @out: where the value goes on success
 */
int liox_attr_parse_u32(const char *page, size_t count, u32 min, u32 max,
			u32 *out)
{
	char buf[LIOX_ATTR_BUF];
	unsigned int base;
	u32 val;

	if (liox_attr_copy(page, count, buf, sizeof(buf)))
		return -EINVAL;
	/* not base 0: "010" is ten here, as written, not octal eight */
	base = buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X') ? 16 : 10;
	if (buf[0] == '+' || kstrtou32(buf, base, &val))
		return -EINVAL;
	if (val < min || val > max)
		return -EINVAL;
	*out = val;
	return 0;
}
EXPORT_SYMBOL_GPL(liox_attr_parse_u32);

/**
 * liox_attr_parse_bool() - parse 0/1, y/n, on/off
 * @page: value as written
 * @count: bytes in @page
 * @out: where the value goes on success
 */
int liox_attr_parse_bool(const char *page, size_t count, bool *out)
{
	char buf[LIOX_ATTR_BUF];
	bool val;

	if (liox_attr_copy(page, count, buf, sizeof(buf)))
		return -EINVAL;
	/* kstrtobool looks at the first characters only: demand all match */
	if (strcmp(buf, "0") && strcmp(buf, "1") && strcasecmp(buf, "y") &&
	    strcasecmp(buf, "n") && strcasecmp(buf, "yes") &&
	    strcasecmp(buf, "no") && strcasecmp(buf, "on") &&
	    strcasecmp(buf, "off"))
		return -EINVAL;
	if (kstrtobool(buf, &val))
		return -EINVAL;
	*out = val;
	return 0;
}
EXPORT_SYMBOL_GPL(liox_attr_parse_bool);

/**
 * liox_attr_parse_name() - parse an object name
 * @page: value as written
 * @count: bytes in @page
 * @out: where the NUL-terminated name goes on success
 * @size: size of @out, at least 2
 *
 * Names are 1..@size-1 characters of [A-Za-z0-9._:-], not starting with a
 * dot or a dash, so they are safe as configfs directory and device names.
 */
int liox_attr_parse_name(const char *page, size_t count, char *out,
			 size_t size)
{
	char buf[LIOX_ATTR_BUF];
	size_t len;

	if (size < 2 || liox_attr_copy(page, count, buf, sizeof(buf)))
		return -EINVAL;
	len = strlen(buf);
	if (len >= size || !liox_name_valid(buf, len))
		return -EINVAL;
	memcpy(out, buf, len + 1);
	return 0;
}
EXPORT_SYMBOL_GPL(liox_attr_parse_name);

static int liox_attr_parse_port(const char *s, __be16 *port)
{
	u16 val;

	if (*s != ':' || !isdigit(s[1]) || kstrtou16(s + 1, 10, &val) || !val)
		return -EINVAL;
	*port = htons(val);
	return 0;
}

/**
 * liox_attr_parse_inet() - parse "a.b.c.d:port" or "[ipv6]:port"
 * @page: value as written
 * @count: bytes in @page
 * @out: sockaddr_in or sockaddr_in6 on success
 *
 * The port must be 1..65535. IPv6 scope identifiers are not accepted.
 */
int liox_attr_parse_inet(const char *page, size_t count,
			 struct sockaddr_storage *out)
{
	char buf[LIOX_ATTR_BUF];
	const char *end;

	if (liox_attr_copy(page, count, buf, sizeof(buf)))
		return -EINVAL;

	if (buf[0] == '[') {
		struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };

		if (!in6_pton(buf + 1, -1, sin6.sin6_addr.s6_addr, ']', &end) ||
		    *end != ']' ||
		    liox_attr_parse_port(end + 1, &sin6.sin6_port))
			return -EINVAL;
		memset(out, 0, sizeof(*out));
		memcpy(out, &sin6, sizeof(sin6));
	} else {
		struct sockaddr_in sin = { .sin_family = AF_INET };

		if (!in4_pton(buf, -1, (u8 *)&sin.sin_addr.s_addr, ':', &end) ||
		    liox_attr_parse_port(end, &sin.sin_port))
			return -EINVAL;
		memset(out, 0, sizeof(*out));
		memcpy(out, &sin, sizeof(sin));
	}
	return 0;
}
EXPORT_SYMBOL_GPL(liox_attr_parse_inet);
