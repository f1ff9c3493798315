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
	/* the network half (appended: never renumber) */
	LIOX_MIRROR_A_PEER_ADDR,	/* string: IP literal (once set) */
	LIOX_MIRROR_A_PEER_PORT,	/* u32 */
	LIOX_MIRROR_A_LOCAL_ADDR,	/* string: IP literal (once set) */
	LIOX_MIRROR_A_LOCAL_PORT,	/* u32 */
	LIOX_MIRROR_A_PEER_NAME,	/* string: "" for the same name */
	LIOX_MIRROR_A_CONNS,		/* u32: data connections configured */
	LIOX_MIRROR_A_RESYNC_RATE_KB,	/* u32: KiB/s, 0 unlimited */
	LIOX_MIRROR_A_PEER_HEARTBEAT,	/* string: "disabled", "down", ... */
	LIOX_MIRROR_A_VERIFY_RUNNING,	/* u8: 1 while a verify runs */
	LIOX_MIRROR_A_VERIFY_DONE,	/* u64: regions compared */
	LIOX_MIRROR_A_VERIFY_TOTAL,	/* u64: regions to compare */
	LIOX_MIRROR_A_VERIFY_DIFFS,	/* u64: regions that differed */
	LIOX_MIRROR_A_RESYNC_DONE,	/* u64: regions resynced */
	LIOX_MIRROR_A_RESYNC_TOTAL,	/* u64: regions of the last resync */
	LIOX_MIRROR_A_CONNECTION,	/* nest, repeated: one connection */
	LIOX_MIRROR_A_INDEX,		/* u32: in CONNECTION */
	LIOX_MIRROR_A_CONN_STATUS,	/* string: in CONNECTION, "idle", ... */
	LIOX_MIRROR_A_IDLE_MS,		/* u64: in CONNECTION, optional */
	LIOX_MIRROR_A_CONNECTS,		/* u64: times the link came up */
	LIOX_MIRROR_A_PEER_DEATHS,	/* u64: times heartbeats stopped */
	LIOX_MIRROR_A_MALFORMED,	/* u64: messages refused */
	LIOX_MIRROR_A_AUTH_FAILURES,	/* u64 */
	LIOX_MIRROR_A_SENT_BYTES,	/* u64: write data sent */
	LIOX_MIRROR_A_RECV_BYTES,	/* u64: write data received */
	LIOX_MIRROR_A_RESYNC_BYTES,	/* u64: resync data sent or received */
	LIOX_MIRROR_A_PEER_ERRORS,	/* u64: writes the peer failed */

	__LIOX_MIRROR_A_MAX,
	LIOX_MIRROR_A_MAX = __LIOX_MIRROR_A_MAX - 1
};

#endif /* _UAPI_LIOX_MIRROR_H */
