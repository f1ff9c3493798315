/* SPDX-License-Identifier: GPL-2.0 */
/*
 * liox_ipmirror wire protocol: messages between two mirror nodes, encoded
 * and decoded into plain structs. Pure logic (no sockets, no block layer)
 * so KUnit and the user-space fuzzer build it as is. Every message is a
 * 48-byte big-endian header followed by payload_len bytes of payload;
 * Documentation/ipmirror-wire.rst describes them byte by byte.
 */
#ifndef _LIOX_MIRROR_WIRE_H
#define _LIOX_MIRROR_WIRE_H

#include <linux/bits.h>
#include <linux/types.h>
#include "mirror_gen.h"

#define LIOX_MIRROR_WIRE_MAGIC		0x4c494f4dU	/* "LIOM" */
#define LIOX_MIRROR_PROTO_MIN		3	/* 2: PROMOTE; 3: heartbeat echo */
#define LIOX_MIRROR_PROTO_MAX		3
#define LIOX_MIRROR_WIRE_HDR_LEN	48
#define LIOX_MIRROR_WIRE_MAX_PAYLOAD	BIT(20)
#define LIOX_MIRROR_SECTOR_SHIFT	9

/* Message types. */
enum liox_mirror_msg_type {
	LIOX_MIRROR_MSG_HELLO = 1,
	LIOX_MIRROR_MSG_HELLO_ACK,
	LIOX_MIRROR_MSG_AUTH_CHALLENGE,
	LIOX_MIRROR_MSG_AUTH_RESPONSE,
	LIOX_MIRROR_MSG_AUTH_OK,
	LIOX_MIRROR_MSG_STATE,
	LIOX_MIRROR_MSG_WRITE,
	LIOX_MIRROR_MSG_WRITE_ACK,
	LIOX_MIRROR_MSG_FLUSH,
	LIOX_MIRROR_MSG_FLUSH_ACK,
	LIOX_MIRROR_MSG_BITMAP,
	LIOX_MIRROR_MSG_RESYNC_REQ,
	LIOX_MIRROR_MSG_RESYNC_DATA,
	LIOX_MIRROR_MSG_RESYNC_ACK,
	LIOX_MIRROR_MSG_RESYNC_DONE,
	LIOX_MIRROR_MSG_VERIFY_REQ,
	LIOX_MIRROR_MSG_VERIFY_REPLY,
	LIOX_MIRROR_MSG_PING,
	LIOX_MIRROR_MSG_PING_ACK,
	LIOX_MIRROR_MSG_HEARTBEAT,
	LIOX_MIRROR_MSG_CLOSE,
	LIOX_MIRROR_MSG_PROMOTE,
	LIOX_MIRROR_MSG_PROMOTE_ACK,
	LIOX_MIRROR_MSG_NR
};

/* Header flags; each type allows only some (Documentation). */
#define LIOX_MIRROR_F_FUA	0x0001	/* WRITE: durable before the ack */
#define LIOX_MIRROR_F_PREFLUSH	0x0002	/* WRITE: flush the cache first */
#define LIOX_MIRROR_F_ERROR	0x0004	/* *_ACK, VERIFY_REPLY: it failed */
					/* PROMOTE_ACK: refused */
#define LIOX_MIRROR_F_LAST	0x0008	/* BITMAP: last of the series */

/* Roles (HELLO, STATE, HEARTBEAT). */
#define LIOX_MIRROR_ROLE_PRIMARY	1
#define LIOX_MIRROR_ROLE_SECONDARY	2

/* Disk states (STATE). */
#define LIOX_MIRROR_DISK_UP_TO_DATE	1
#define LIOX_MIRROR_DISK_INCONSISTENT	2	/* a resync target mid-way */
#define LIOX_MIRROR_DISK_OUTDATED	3

/* Why a node closes (CLOSE); informational, any value is accepted. */
#define LIOX_MIRROR_CLOSE_NORMAL	0
#define LIOX_MIRROR_CLOSE_PROTOCOL	1
#define LIOX_MIRROR_CLOSE_AUTH		2
#define LIOX_MIRROR_CLOSE_INCOMPATIBLE	3
#define LIOX_MIRROR_CLOSE_SPLIT_BRAIN	4
#define LIOX_MIRROR_CLOSE_UNRELATED	5
#define LIOX_MIRROR_CLOSE_CONFIG	6

#define LIOX_MIRROR_NAME_LEN		64	/* names of 1..63 chars, NUL padded */
#define LIOX_MIRROR_AUTH_LEN		32	/* challenge, HMAC-SHA256 */
#define LIOX_MIRROR_DIGEST_LEN		32	/* VERIFY_REPLY: SHA-256 */
#define LIOX_MIRROR_MAX_CONNS		16
#define LIOX_MIRROR_HELLO_F_AUTH	0x01	/* sender requires authentication */
#define LIOX_MIRROR_HELLO_F_NO_DATA_CRC	0x02	/* sender does without data CRCs */
#define LIOX_MIRROR_HELLO_F_ALL		0x03

/* Payload lengths of the fixed-size payloads. */
#define LIOX_MIRROR_HELLO_LEN		144
#define LIOX_MIRROR_STATE_LEN		16
#define LIOX_MIRROR_HEARTBEAT_LEN	128
#define LIOX_MIRROR_GEN_LEN		8
#define LIOX_MIRROR_CLOSE_LEN		4

/* Why a message was refused; stable numbers, for counters. */
enum liox_mirror_wire_reason {
	LIOX_MIRROR_WIRE_OK,
	LIOX_MIRROR_WIRE_SHORT,		/* fewer bytes than a header */
	LIOX_MIRROR_WIRE_BAD_MAGIC,
	LIOX_MIRROR_WIRE_BAD_VERSION,
	LIOX_MIRROR_WIRE_BAD_TYPE,
	LIOX_MIRROR_WIRE_BAD_FLAGS,	/* a flag the type does not allow */
	LIOX_MIRROR_WIRE_HDR_CRC,
	LIOX_MIRROR_WIRE_TOO_LONG,	/* payload_len above the maximum */
	LIOX_MIRROR_WIRE_LEN_MISMATCH,	/* payload_len wrong for the type */
	LIOX_MIRROR_WIRE_TRUNCATED,	/* fewer bytes than header + payload */
	LIOX_MIRROR_WIRE_DATA_LEN,	/* data_len wrong for the type */
	LIOX_MIRROR_WIRE_MISALIGNED,	/* data_len not a multiple of 512 */
	LIOX_MIRROR_WIRE_OVERFLOW,	/* sector + data_len wraps */
	LIOX_MIRROR_WIRE_OUT_OF_RANGE,	/* past the end of the device */
	LIOX_MIRROR_WIRE_BAD_FIELD,	/* seq 0, ack missing, unused field set */
	LIOX_MIRROR_WIRE_PAYLOAD_CRC,
	LIOX_MIRROR_WIRE_BAD_BODY,	/* a payload field is invalid */
	LIOX_MIRROR_WIRE_NR_REASONS
};

/*
 * The header. @sector and @data_len describe a device range for the
 * types that have one (a region range for BITMAP); @ack is the sequence
 * number a reply refers to; @payload_crc is the CRC32C of the payload.
 */
struct liox_mirror_hdr {
	u8 version;
	u8 type;
	u16 flags;
	u32 payload_len;
	u32 data_len;
	u64 seq;
	u64 ack;
	u64 sector;
	u32 payload_crc;
};

struct liox_mirror_hello {
	u16 ver_min;
	u16 ver_max;
	u8 role;
	u8 flags;			/* LIOX_MIRROR_HELLO_F_* */
	u16 conn_index;			/* this connection's slot */
	u16 conn_count;			/* connections per mirror */
	u32 node_id;
	u32 block_size;			/* logical block size, bytes */
	u32 region_size;		/* dirty bitmap region, bytes */
	u64 dev_sectors;
	struct liox_mirror_gens gens;
	char name[LIOX_MIRROR_NAME_LEN];	/* NUL-terminated */
};

struct liox_mirror_state {
	u8 role;
	u8 disk;
	u64 current_gen;
};

struct liox_mirror_heartbeat {
	u32 node_id;
	u8 role;
	u8 hb_state;			/* sender's view of us, LIOX_MIRROR_HB_* */
	u32 interval_ms;
	/*
	 * @echo_id, @echo_ms: the node_id and @sent_ms of the receiver's
	 * newest heartbeat the sender took (0 before one): a heartbeat
	 * recorded and replayed later echoes an old one
	 */
	u32 echo_id;
	char name[LIOX_MIRROR_NAME_LEN];
	u8 mac[LIOX_MIRROR_AUTH_LEN];	/* computed elsewhere, or zero */
	u64 sent_ms;			/* the sender's monotonic clock */
	u64 echo_ms;
};

/*
 * A whole message. @payload points at the payload in the decoded buffer
 * (WRITE, RESYNC_DATA, BITMAP, AUTH_*, VERIFY_REPLY; NULL when empty); the
 * fixed-layout payloads are decoded into @u. For encoding, the same
 * fields are read.
 */
struct liox_mirror_msg {
	struct liox_mirror_hdr hdr;
	const u8 *payload;
	union {
		struct liox_mirror_hello hello;		/* HELLO, HELLO_ACK */
		struct liox_mirror_state state;		/* STATE */
		struct liox_mirror_heartbeat hb;	/* HEARTBEAT */
		u64 gen;				/* RESYNC_DONE */
		u32 close_reason;			/* CLOSE */
	} u;
};

/* Connection states, for liox_mirror_wire_allowed(). */
enum liox_mirror_conn_state {
	LIOX_MIRROR_CONN_HELLO,		/* HELLO / HELLO_ACK exchange */
	LIOX_MIRROR_CONN_AUTH,		/* challenge-response */
	LIOX_MIRROR_CONN_READY,		/* authenticated: state, data, resync */
	LIOX_MIRROR_CONN_UDP,		/* the heartbeat socket */
	LIOX_MIRROR_CONN_NR
};

int liox_mirror_wire_decode_hdr(const u8 *buf, u32 len, u64 dev_sectors,
				struct liox_mirror_hdr *hdr,
				enum liox_mirror_wire_reason *why);
int liox_mirror_wire_decode_body(const struct liox_mirror_hdr *hdr,
				 const u8 *payload, u32 len,
				 struct liox_mirror_msg *msg,
				 enum liox_mirror_wire_reason *why);
int liox_mirror_wire_decode(const u8 *buf, u32 len, u64 dev_sectors,
			    struct liox_mirror_msg *msg,
			    enum liox_mirror_wire_reason *why);
void liox_mirror_wire_encode_hdr(const struct liox_mirror_hdr *hdr, u8 *buf);
int liox_mirror_wire_encode(struct liox_mirror_msg *msg, u8 *buf, u32 size);
bool liox_mirror_wire_allowed(enum liox_mirror_conn_state state, u8 type);
int liox_mirror_wire_negotiate(const struct liox_mirror_hello *a,
			       const struct liox_mirror_hello *b);
const char *liox_mirror_wire_reason_name(enum liox_mirror_wire_reason why);
const char *liox_mirror_msg_type_name(u8 type);

#endif /* _LIOX_MIRROR_WIRE_H */
