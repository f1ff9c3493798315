/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * liox_xcopy over generic netlink: the attributes that travel inside
 * LIOX_ATTR_PAYLOAD for LIOX_CMD_XCOPY_STATUS.
 *
 * LIOX_CMD_XCOPY_STATUS is a dump. Its first message carries
 * LIOX_XCOPY_A_TOTALS; then one message per port group
 * (LIOX_XCOPY_A_PORT_GROUP) and one per copy in flight (LIOX_XCOPY_A_COPY).
 * Documentation/netlink.rst describes every attribute.
 */
#ifndef _UAPI_LIOX_XCOPY_H
#define _UAPI_LIOX_XCOPY_H

enum liox_xcopy_attr {
	LIOX_XCOPY_A_UNSPEC,
	LIOX_XCOPY_A_TOTALS,		/* nest: engine-wide counters */
	LIOX_XCOPY_A_PORT_GROUP,	/* nest: one port group */
	LIOX_XCOPY_A_TARGET_PORT,	/* nest, in a port group, repeated */
	LIOX_XCOPY_A_INITIATOR_PORT,	/* nest, in a port group, repeated */
	LIOX_XCOPY_A_COPY,		/* nest: one copy in flight */
	LIOX_XCOPY_A_NAME,		/* string: configfs name of the object */
	LIOX_XCOPY_A_FABRIC,		/* string: target port fabric ("iSCSI") */
	LIOX_XCOPY_A_WWN,		/* string: target port WWN */
	LIOX_XCOPY_A_TPGT,		/* u32: target portal group tag */
	LIOX_XCOPY_A_HOST,		/* u32: SCSI host number */
	LIOX_XCOPY_A_COPIES,		/* u64: copies finished */
	LIOX_XCOPY_A_BYTES,		/* u64: bytes copied */
	LIOX_XCOPY_A_FAILURES,		/* u64: copies failed / ports dropped */
	LIOX_XCOPY_A_FALLBACKS,		/* u64: hand-overs to another port */
	LIOX_XCOPY_A_REFUSED,		/* u64: parameter lists refused */
	LIOX_XCOPY_A_ACTIVE,		/* u32: copies in flight */
	LIOX_XCOPY_A_CHUNK_KB,		/* u32: configfs xcopy/chunk_kb */
	LIOX_XCOPY_A_DEPTH,		/* u32: configfs xcopy/depth */
	LIOX_XCOPY_A_LIST_ID,		/* u32: LIST IDENTIFIER of a copy */
	LIOX_XCOPY_A_INITIATOR,		/* string: initiator that sent it */
	LIOX_XCOPY_A_SEGS_DONE,		/* u32: segments processed */
	LIOX_XCOPY_A_SEGS,		/* u32: segments in the list */
	LIOX_XCOPY_A_BYTES_DONE,	/* u64: bytes copied so far */
	LIOX_XCOPY_A_BYTES_TOTAL,	/* u64: bytes the list moves */
	LIOX_XCOPY_A_PORT,		/* string: initiator port in use */
	LIOX_XCOPY_A_PAD,
	LIOX_XCOPY_A_STABLE_NAME,	/* string: WWPN, or iSCSI name,portal */

	__LIOX_XCOPY_A_MAX,
	LIOX_XCOPY_A_MAX = __LIOX_XCOPY_A_MAX - 1
};

#endif /* _UAPI_LIOX_XCOPY_H */
