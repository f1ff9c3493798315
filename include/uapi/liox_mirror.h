/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * liox_ipmirror over generic netlink: the attributes that travel inside
 * LIOX_ATTR_PAYLOAD for LIOX_CMD_MIRROR_STATUS.
 *
 * LIOX_CMD_MIRROR_STATUS is a dump: one message per mirror, each holding
 * one LIOX_MIRROR_A_MIRROR nest. Documentation/netlink.rst describes
 * every attribute.
 */
#ifndef _UAPI_LIOX_MIRROR_H
#define _UAPI_LIOX_MIRROR_H

enum liox_mirror_attr {
	LIOX_MIRROR_A_UNSPEC,
	LIOX_MIRROR_A_MIRROR,		/* nest: one mirror */
	LIOX_MIRROR_A_NAME,		/* string: configfs name */
	LIOX_MIRROR_A_STATE,		/* string: "disabled", "standalone", ... */
	LIOX_MIRROR_A_ROLE,		/* string: "primary" or "secondary" */
	LIOX_MIRROR_A_MODE,		/* string: "sync" or "async" */
	LIOX_MIRROR_A_BACKING,		/* string: backing device path */
	LIOX_MIRROR_A_SIZE_SECTORS,	/* u64: capacity of /dev/liox/<name> */
	LIOX_MIRROR_A_REGION_SIZE,	/* u32: bytes per bitmap region */
	LIOX_MIRROR_A_DIRTY_REGIONS,	/* u64: regions the peer may lack */
	LIOX_MIRROR_A_GENERATION,	/* u64: current generation identifier */
	LIOX_MIRROR_A_READS,		/* u64 */
	LIOX_MIRROR_A_WRITES,		/* u64: writes, discards, write-zeroes */
	LIOX_MIRROR_A_READ_BYTES,	/* u64 */
	LIOX_MIRROR_A_WRITE_BYTES,	/* u64 */
	LIOX_MIRROR_A_IO_ERRORS,	/* u64: errors of the backing device */
	LIOX_MIRROR_A_REFUSED_WRITES,	/* u64: writes refused (secondary) */
	LIOX_MIRROR_A_MD_COMMITS,	/* u64: write-intent metadata commits */
	LIOX_MIRROR_A_MD_ERRORS,	/* u64: failed metadata writes */
	LIOX_MIRROR_A_PAD,

	__LIOX_MIRROR_A_MAX,
	LIOX_MIRROR_A_MAX = __LIOX_MIRROR_A_MAX - 1
};

#endif /* _UAPI_LIOX_MIRROR_H */
