/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stable names of initiator ports. A SCSI host number changes when an HBA
 * is probed again or an iSCSI session logs in again; these do not:
 *   FC     the port's WWPN: "21:00:00:24:ff:3b:2c:1d" or "0x21000024ff3b2c1d"
 *   iSCSI  "<initiator name>,<portal>": the node's initiator name and the
 *          portal the session is connected to, "192.0.2.7:3260" or
 *          "[2001:db8::7]:3260"
 * Pure logic, KUnit-tested; xcopy_hosts.c finds the host a name denotes.
 */
#ifndef _LIOX_XCOPY_PORTNAME_H
#define _LIOX_XCOPY_PORTNAME_H

#include <linux/socket.h>
#include <linux/types.h>

#define LIOX_XCOPY_INAME_MAX	224	/* RFC 3720: 223 bytes and a NUL */
/* longest text: an iSCSI name, ",", "[<ipv6>]:65535" */
#define LIOX_XCOPY_PORTNAME_TEXT_MAX	(LIOX_XCOPY_INAME_MAX + 56)

enum liox_xcopy_portname_kind {
	LIOX_PORTNAME_NONE,
	LIOX_PORTNAME_FC,
	LIOX_PORTNAME_ISCSI,
};

struct liox_xcopy_portname {
	enum liox_xcopy_portname_kind kind;
	u64 wwpn;				/* FC */
	struct sockaddr_storage portal;		/* iSCSI */
	char iname[LIOX_XCOPY_INAME_MAX];	/* iSCSI initiator name */
};

int liox_xcopy_portname_parse(const char *page, size_t count,
			      struct liox_xcopy_portname *out);
int liox_xcopy_portname_set_iscsi(struct liox_xcopy_portname *n,
				  const char *iname, size_t iname_len,
				  const char *addr, size_t addr_len,
				  const char *port, size_t port_len);
size_t liox_xcopy_portname_format(const struct liox_xcopy_portname *n,
				  char *buf, size_t size);
bool liox_xcopy_portname_equal(const struct liox_xcopy_portname *a,
			       const struct liox_xcopy_portname *b);

#endif /* _LIOX_XCOPY_PORTNAME_H */
