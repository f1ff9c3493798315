// SPDX-License-Identifier: GPL-2.0
/*
 * Stable initiator port names (see xcopy_portname.h): parsing what an
 * administrator writes, formatting what is shown, and comparing a
 * configured name with the one a SCSI host has now.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include <liox/attr.h>
#include "xcopy_portname.h"

#define LIOX_XCOPY_WWPN_HEX	(2 + 16)	/* "0x" and 16 digits */
#define LIOX_XCOPY_WWPN_COLON	(8 * 3 - 1)	/* "21:00:...:1d" */

/* "0x21000024ff3b2c1d" or "21:00:00:24:ff:3b:2c:1d", never zero */
static int liox_xcopy_portname_parse_wwpn(const char *s, size_t len,
					  u64 *wwpn)
{
	u8 b[8];
	int i;

	if (len == LIOX_XCOPY_WWPN_HEX && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X')) {
		if (hex2bin(b, s + 2, sizeof(b)))
			return -EINVAL;
	} else if (len == LIOX_XCOPY_WWPN_COLON) {
		for (i = 0; i < sizeof(b); i++) {
			if (i < sizeof(b) - 1 && s[3 * i + 2] != ':')
				return -EINVAL;
			if (hex2bin(&b[i], s + 3 * i, 1))
				return -EINVAL;
		}
	} else {
		return -EINVAL;
	}
	*wwpn = get_unaligned_be64(b);
	return *wwpn ? 0 : -EINVAL;
}

/* An iSCSI name (RFC 3720 3.2.6): iqn., eui. or naa. and [a-z0-9.:-] */
static bool liox_xcopy_portname_iname_valid(const char *s, size_t len)
{
	size_t i;

	if (len < 5 || len >= LIOX_XCOPY_INAME_MAX)
		return false;
	if (strncasecmp(s, "iqn.", 4) && strncasecmp(s, "eui.", 4) &&
	    strncasecmp(s, "naa.", 4))
		return false;
	for (i = 0; i < len; i++) {
		if (!isalnum(s[i]) && s[i] != '.' && s[i] != ':' && s[i] != '-')
			return false;
	}
	return true;
}

/* the last @c in the @len bytes at @s, or NULL */
static const char *liox_xcopy_portname_rchr(const char *s, int c, size_t len)
{
	while (len--) {
		if (s[len] == c)
			return s + len;
	}
	return NULL;
}

/* @len bytes of @s without one trailing newline */
static size_t liox_xcopy_portname_chomp(const char *s, size_t len)
{
	return len && s[len - 1] == '\n' ? len - 1 : len;
}

/**
 * liox_xcopy_portname_set_iscsi() - an iSCSI port name from its parts
 * @n: filled on success
 * @iname: initiator name
 * @iname_len: its length (one trailing newline is ignored)
 * @addr: portal address, IPv4 or IPv6 without brackets
 * @addr_len: its length (one trailing newline is ignored)
 * @port: portal TCP port in decimal
 * @port_len: its length (one trailing newline is ignored)
 *
 * The parts are what the iSCSI transport reports for a session, or what
 * liox_xcopy_portname_parse() split a configured name into.
 *
 * Return: 0, or -EINVAL when a part is not valid (@n is then unchanged).
 */
int liox_xcopy_portname_set_iscsi(struct liox_xcopy_portname *n,
				  const char *iname, size_t iname_len,
				  const char *addr, size_t addr_len,
				  const char *port, size_t port_len)
{
	struct sockaddr_storage portal;
	char text[INET6_ADDRSTRLEN + 8];
	int len;

	iname_len = liox_xcopy_portname_chomp(iname, iname_len);
	addr_len = liox_xcopy_portname_chomp(addr, addr_len);
	port_len = liox_xcopy_portname_chomp(port, port_len);
	if (!liox_xcopy_portname_iname_valid(iname, iname_len) || !addr_len)
		return -EINVAL;
	len = snprintf(text, sizeof(text),
		       memchr(addr, ':', addr_len) ? "[%.*s]:%.*s" : "%.*s:%.*s",
		       (int)addr_len, addr, (int)port_len, port);
	if (len >= sizeof(text) || liox_attr_parse_inet(text, len, &portal))
		return -EINVAL;
	memset(n, 0, sizeof(*n));
	n->kind = LIOX_PORTNAME_ISCSI;
	n->portal = portal;
	memcpy(n->iname, iname, iname_len);
	return 0;
}

/**
 * liox_xcopy_portname_parse() - parse a configured initiator port name
 * @page: value as written to configfs
 * @count: bytes in @page (one trailing newline is ignored)
 * @out: filled on success
 *
 * Accepts an FC WWPN ("0x21000024ff3b2c1d", "21:00:00:24:ff:3b:2c:1d")
 * or "<iSCSI initiator name>,<address>:<port>" with an IPv6 address in
 * brackets. iSCSI names contain no commas, so the last one separates.
 *
 * Return: 0, or -EINVAL leaving @out unchanged.
 */
int liox_xcopy_portname_parse(const char *page, size_t count,
			      struct liox_xcopy_portname *out)
{
	const char *comma, *colon, *portal;
	size_t len = liox_xcopy_portname_chomp(page, count);
	u64 wwpn;

	if (!len || len >= LIOX_XCOPY_PORTNAME_TEXT_MAX ||
	    memchr(page, '\0', len) || memchr(page, '\n', len))
		return -EINVAL;
	if (!liox_xcopy_portname_parse_wwpn(page, len, &wwpn)) {
		memset(out, 0, sizeof(*out));
		out->kind = LIOX_PORTNAME_FC;
		out->wwpn = wwpn;
		return 0;
	}
	comma = liox_xcopy_portname_rchr(page, ',', len);
	if (!comma)
		return -EINVAL;
	portal = comma + 1;
	len -= portal - page;
	/* the port follows the last colon (after "]" for IPv6) */
	colon = liox_xcopy_portname_rchr(portal, ':', len);
	if (!colon || (portal[0] == '[' && colon[-1] != ']'))
		return -EINVAL;
	if (portal[0] != '[' && memchr(portal, ':', colon - portal))
		return -EINVAL;		/* IPv6 without brackets */
	if (portal[0] == '[')
		return liox_xcopy_portname_set_iscsi(out, page, comma - page,
						     portal + 1,
						     colon - portal - 2,
						     colon + 1,
						     portal + len - colon - 1);
	return liox_xcopy_portname_set_iscsi(out, page, comma - page, portal,
					     colon - portal, colon + 1,
					     portal + len - colon - 1);
}

/**
 * liox_xcopy_portname_format() - a port name as liox_xcopy_portname_parse()
 *	reads it
 * @n: the name
 * @buf: where the NUL-terminated text goes
 * @size: its size
 *
 * Return: the length of the text ("" for no name).
 */
size_t liox_xcopy_portname_format(const struct liox_xcopy_portname *n,
				  char *buf, size_t size)
{
	const struct sockaddr_in6 *sin6 = (const void *)&n->portal;
	const struct sockaddr_in *sin = (const void *)&n->portal;
	u8 wwpn[8];

	switch (n->kind) {
	case LIOX_PORTNAME_FC:
		put_unaligned_be64(n->wwpn, wwpn);
		return scnprintf(buf, size, "%8phC", wwpn);
	case LIOX_PORTNAME_ISCSI:
		if (n->portal.ss_family == AF_INET6)
			return scnprintf(buf, size, "%s,[%pI6c]:%u", n->iname,
					 &sin6->sin6_addr,
					 ntohs(sin6->sin6_port));
		return scnprintf(buf, size, "%s,%pI4:%u", n->iname,
				 &sin->sin_addr, ntohs(sin->sin_port));
	default:
		return scnprintf(buf, size, "%s", "");
	}
}

/**
 * liox_xcopy_portname_equal() - do two names denote the same port?
 * @a: a name
 * @b: another
 *
 * iSCSI names compare without regard to case (RFC 3722 folds it).
 */
bool liox_xcopy_portname_equal(const struct liox_xcopy_portname *a,
			       const struct liox_xcopy_portname *b)
{
	const struct sockaddr_in6 *a6 = (const void *)&a->portal;
	const struct sockaddr_in6 *b6 = (const void *)&b->portal;
	const struct sockaddr_in *a4 = (const void *)&a->portal;
	const struct sockaddr_in *b4 = (const void *)&b->portal;

	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case LIOX_PORTNAME_FC:
		return a->wwpn == b->wwpn;
	case LIOX_PORTNAME_ISCSI:
		if (strcasecmp(a->iname, b->iname) ||
		    a->portal.ss_family != b->portal.ss_family)
			return false;
		if (a->portal.ss_family == AF_INET6)
			return a6->sin6_port == b6->sin6_port &&
			       !memcmp(&a6->sin6_addr, &b6->sin6_addr,
				       sizeof(a6->sin6_addr));
		return a4->sin_port == b4->sin_port &&
		       a4->sin_addr.s_addr == b4->sin_addr.s_addr;
	default:
		return false;
	}
}
