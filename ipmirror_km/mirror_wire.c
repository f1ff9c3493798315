// SPDX-License-Identifier: GPL-2.0
/*
 * liox_ipmirror wire codec. The decoder checks every field before the
 * caller may act on a message: nothing is trusted, no length is used
 * before it has been checked against the buffer, and any refusal names a
 * reason (enum liox_mirror_wire_reason) the connection counts before it
 * closes. Pure logic: built by KUnit and by the user-space fuzzer.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include <liox/name.h>
#include "mirror_bitmap.h"
#include "mirror_crc.h"
#include "mirror_hb.h"
#include "mirror_wire.h"

/* What a type carries: payload, device range, reference to a request. */
enum { PL_NONE, PL_FIXED, PL_DATA, PL_BITMAP };
enum { RG_NONE, RG_DEV, RG_BITMAP };
enum { ACK_ZERO, ACK_REQUIRED, ACK_ANY };

struct liox_mirror_wire_spec {
	u8 payload;
	u8 range;
	u8 ack;
	u16 flags;
	u32 len;		/* PL_FIXED */
};

#define SPEC(p, r, a, f, l) { .payload = (p), .range = (r), .ack = (a), \
			      .flags = (f), .len = (l) }

static const struct liox_mirror_wire_spec liox_mirror_wire_specs[] = {
	[LIOX_MIRROR_MSG_HELLO] = SPEC(PL_FIXED, RG_NONE, ACK_ZERO, 0,
				       LIOX_MIRROR_HELLO_LEN),
	[LIOX_MIRROR_MSG_HELLO_ACK] = SPEC(PL_FIXED, RG_NONE, ACK_REQUIRED, 0,
					   LIOX_MIRROR_HELLO_LEN),
	[LIOX_MIRROR_MSG_AUTH_CHALLENGE] = SPEC(PL_FIXED, RG_NONE, ACK_ZERO, 0,
						LIOX_MIRROR_AUTH_LEN),
	[LIOX_MIRROR_MSG_AUTH_RESPONSE] = SPEC(PL_FIXED, RG_NONE, ACK_REQUIRED,
					       0, LIOX_MIRROR_AUTH_LEN),
	[LIOX_MIRROR_MSG_AUTH_OK] = SPEC(PL_NONE, RG_NONE, ACK_REQUIRED, 0, 0),
	[LIOX_MIRROR_MSG_STATE] = SPEC(PL_FIXED, RG_NONE, ACK_ZERO, 0,
				       LIOX_MIRROR_STATE_LEN),
	[LIOX_MIRROR_MSG_WRITE] = SPEC(PL_DATA, RG_DEV, ACK_ZERO,
				       LIOX_MIRROR_F_FUA | LIOX_MIRROR_F_PREFLUSH,
				       0),
	[LIOX_MIRROR_MSG_WRITE_ACK] = SPEC(PL_NONE, RG_DEV, ACK_REQUIRED,
					   LIOX_MIRROR_F_ERROR, 0),
	[LIOX_MIRROR_MSG_FLUSH] = SPEC(PL_NONE, RG_NONE, ACK_ZERO, 0, 0),
	[LIOX_MIRROR_MSG_FLUSH_ACK] = SPEC(PL_NONE, RG_NONE, ACK_REQUIRED,
					   LIOX_MIRROR_F_ERROR, 0),
	[LIOX_MIRROR_MSG_BITMAP] = SPEC(PL_BITMAP, RG_BITMAP, ACK_ZERO,
					LIOX_MIRROR_F_LAST, 0),
	[LIOX_MIRROR_MSG_RESYNC_REQ] = SPEC(PL_NONE, RG_DEV, ACK_ZERO, 0, 0),
	[LIOX_MIRROR_MSG_RESYNC_DATA] = SPEC(PL_DATA, RG_DEV, ACK_ANY, 0, 0),
	[LIOX_MIRROR_MSG_RESYNC_ACK] = SPEC(PL_NONE, RG_DEV, ACK_REQUIRED,
					    LIOX_MIRROR_F_ERROR, 0),
	[LIOX_MIRROR_MSG_RESYNC_DONE] = SPEC(PL_FIXED, RG_NONE, ACK_ZERO, 0,
					     LIOX_MIRROR_GEN_LEN),
	[LIOX_MIRROR_MSG_VERIFY_REQ] = SPEC(PL_NONE, RG_DEV, ACK_ZERO, 0, 0),
	[LIOX_MIRROR_MSG_VERIFY_REPLY] = SPEC(PL_FIXED, RG_DEV, ACK_REQUIRED,
					      LIOX_MIRROR_F_ERROR,
					      LIOX_MIRROR_DIGEST_LEN),
	[LIOX_MIRROR_MSG_PING] = SPEC(PL_NONE, RG_NONE, ACK_ZERO, 0, 0),
	[LIOX_MIRROR_MSG_PING_ACK] = SPEC(PL_NONE, RG_NONE, ACK_REQUIRED, 0, 0),
	[LIOX_MIRROR_MSG_HEARTBEAT] = SPEC(PL_FIXED, RG_NONE, ACK_ZERO, 0,
					   LIOX_MIRROR_HEARTBEAT_LEN),
	[LIOX_MIRROR_MSG_CLOSE] = SPEC(PL_FIXED, RG_NONE, ACK_ZERO, 0,
				       LIOX_MIRROR_CLOSE_LEN),
	[LIOX_MIRROR_MSG_PROMOTE] = SPEC(PL_NONE, RG_NONE, ACK_ZERO, 0, 0),
	[LIOX_MIRROR_MSG_PROMOTE_ACK] = SPEC(PL_NONE, RG_NONE, ACK_REQUIRED,
					     LIOX_MIRROR_F_ERROR, 0),
};

#define BIT_OF(t)	(1U << (t))

static const u32 liox_mirror_wire_allowed_types[LIOX_MIRROR_CONN_NR] = {
	[LIOX_MIRROR_CONN_HELLO] = BIT_OF(LIOX_MIRROR_MSG_HELLO) |
		BIT_OF(LIOX_MIRROR_MSG_HELLO_ACK) | BIT_OF(LIOX_MIRROR_MSG_CLOSE),
	[LIOX_MIRROR_CONN_AUTH] = BIT_OF(LIOX_MIRROR_MSG_AUTH_CHALLENGE) |
		BIT_OF(LIOX_MIRROR_MSG_AUTH_RESPONSE) |
		BIT_OF(LIOX_MIRROR_MSG_AUTH_OK) | BIT_OF(LIOX_MIRROR_MSG_CLOSE),
	[LIOX_MIRROR_CONN_READY] = BIT_OF(LIOX_MIRROR_MSG_STATE) |
		BIT_OF(LIOX_MIRROR_MSG_WRITE) | BIT_OF(LIOX_MIRROR_MSG_WRITE_ACK) |
		BIT_OF(LIOX_MIRROR_MSG_FLUSH) | BIT_OF(LIOX_MIRROR_MSG_FLUSH_ACK) |
		BIT_OF(LIOX_MIRROR_MSG_BITMAP) |
		BIT_OF(LIOX_MIRROR_MSG_RESYNC_REQ) |
		BIT_OF(LIOX_MIRROR_MSG_RESYNC_DATA) |
		BIT_OF(LIOX_MIRROR_MSG_RESYNC_ACK) |
		BIT_OF(LIOX_MIRROR_MSG_RESYNC_DONE) |
		BIT_OF(LIOX_MIRROR_MSG_VERIFY_REQ) |
		BIT_OF(LIOX_MIRROR_MSG_VERIFY_REPLY) |
		BIT_OF(LIOX_MIRROR_MSG_PING) | BIT_OF(LIOX_MIRROR_MSG_PING_ACK) |
		BIT_OF(LIOX_MIRROR_MSG_CLOSE) | BIT_OF(LIOX_MIRROR_MSG_PROMOTE) |
		BIT_OF(LIOX_MIRROR_MSG_PROMOTE_ACK),
	[LIOX_MIRROR_CONN_UDP] = BIT_OF(LIOX_MIRROR_MSG_HEARTBEAT),
};

static int liox_mirror_wire_fail(enum liox_mirror_wire_reason *why,
				 enum liox_mirror_wire_reason reason)
{
	if (why)
		*why = reason;
	switch (reason) {
	case LIOX_MIRROR_WIRE_HDR_CRC:
	case LIOX_MIRROR_WIRE_PAYLOAD_CRC:
		return -EBADMSG;
	case LIOX_MIRROR_WIRE_TOO_LONG:
		return -EMSGSIZE;
	case LIOX_MIRROR_WIRE_OVERFLOW:
	case LIOX_MIRROR_WIRE_OUT_OF_RANGE:
		return -ERANGE;
	default:
		return -EPROTO;
	}
}

static bool liox_mirror_pow2_in(u32 v, u32 lo, u32 hi)
{
	return v >= lo && v <= hi && !(v & (v - 1));
}

/* The payload length a header announces for its type, from data_len. */
static u32 liox_mirror_wire_payload_len(const struct liox_mirror_wire_spec *s,
					u32 data_len)
{
	switch (s->payload) {
	case PL_FIXED:
		return s->len;
	case PL_DATA:
		return data_len;
	case PL_BITMAP:
		return data_len / 8 + !!(data_len % 8);
	default:
		return 0;
	}
}

static int liox_mirror_wire_check_range(const struct liox_mirror_hdr *h,
					const struct liox_mirror_wire_spec *s,
					u64 dev_sectors,
					enum liox_mirror_wire_reason *why)
{
	u64 nr;

	switch (s->range) {
	case RG_NONE:
		if (h->sector || h->data_len)
			return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_BAD_FIELD);
		return 0;
	case RG_BITMAP:
		/* @sector: first region, @data_len: number of regions */
		if (h->sector % 8)
			return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_MISALIGNED);
		if (h->data_len > LIOX_MIRROR_WIRE_MAX_PAYLOAD * 8 ||
		    (!h->data_len && !(h->flags & LIOX_MIRROR_F_LAST)))
			return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_DATA_LEN);
		if (h->sector + h->data_len < h->sector)
			return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_OVERFLOW);
		return 0;
	}
	if (!h->data_len || h->data_len > LIOX_MIRROR_WIRE_MAX_PAYLOAD)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_DATA_LEN);
	if (h->data_len & ((1U << LIOX_MIRROR_SECTOR_SHIFT) - 1))
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_MISALIGNED);
	nr = h->data_len >> LIOX_MIRROR_SECTOR_SHIFT;
	if (h->sector + nr < h->sector)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_OVERFLOW);
	if (dev_sectors && h->sector + nr > dev_sectors)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_OUT_OF_RANGE);
	return 0;
}

/**
 * liox_mirror_wire_decode_hdr() - decode and check a message header
 * @buf: the bytes received
 * @len: how many; at least LIOX_MIRROR_WIRE_HDR_LEN are needed, only
 *	that many are read
 * @dev_sectors: size of the mirrored device once known (after the
 *	handshake), to refuse ranges past its end; 0 before
 * @hdr: filled on success (and partly on failure)
 * @why: the reason of a refusal, or LIOX_MIRROR_WIRE_OK; may be NULL
 *
 * Checks, in this order: length, magic, header CRC, version, type, flags,
 * payload length against the maximum, sequence and reference numbers, the
 * range (data length, alignment to 512 bytes, overflow, device end), the
 * payload length the type requires.
 *
 * Return: 0; -EBADMSG (CRC), -EMSGSIZE (payload too long), -ERANGE (range)
 * or -EPROTO (anything else) with @why set.
 */
int liox_mirror_wire_decode_hdr(const u8 *buf, u32 len, u64 dev_sectors,
				struct liox_mirror_hdr *hdr,
				enum liox_mirror_wire_reason *why)
{
	const struct liox_mirror_wire_spec *s;
	int ret;

	if (why)
		*why = LIOX_MIRROR_WIRE_OK;
	memset(hdr, 0, sizeof(*hdr));
	if (len < LIOX_MIRROR_WIRE_HDR_LEN)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_SHORT);
	if (get_unaligned_be32(buf) != LIOX_MIRROR_WIRE_MAGIC)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_BAD_MAGIC);
	if (liox_mirror_crc(buf, 44) != get_unaligned_be32(buf + 44))
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_HDR_CRC);

	hdr->version = buf[4];
	hdr->type = buf[5];
	hdr->flags = get_unaligned_be16(buf + 6);
	hdr->payload_len = get_unaligned_be32(buf + 8);
	hdr->data_len = get_unaligned_be32(buf + 12);
	hdr->seq = get_unaligned_be64(buf + 16);
	hdr->ack = get_unaligned_be64(buf + 24);
	hdr->sector = get_unaligned_be64(buf + 32);
	hdr->payload_crc = get_unaligned_be32(buf + 40);

	if (hdr->version < LIOX_MIRROR_PROTO_MIN ||
	    hdr->version > LIOX_MIRROR_PROTO_MAX)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_BAD_VERSION);
	if (!hdr->type || hdr->type >= LIOX_MIRROR_MSG_NR)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_BAD_TYPE);
	s = &liox_mirror_wire_specs[hdr->type];
	if (hdr->flags & ~s->flags)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_BAD_FLAGS);
	if (hdr->payload_len > LIOX_MIRROR_WIRE_MAX_PAYLOAD)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_TOO_LONG);
	if (!hdr->seq)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_BAD_FIELD);
	if ((s->ack == ACK_ZERO && hdr->ack) ||
	    (s->ack == ACK_REQUIRED && !hdr->ack))
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_BAD_FIELD);
	ret = liox_mirror_wire_check_range(hdr, s, dev_sectors, why);
	if (ret)
		return ret;
	if (hdr->payload_len != liox_mirror_wire_payload_len(s, hdr->data_len))
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_LEN_MISMATCH);
	return 0;
}

/* A name field: 1..63 valid characters, NUL-terminated, zero after. */
static bool liox_mirror_wire_name_ok(const u8 *p)
{
	u32 n, i;

	for (n = 0; n < LIOX_MIRROR_NAME_LEN && p[n]; n++)
		;
	if (n == LIOX_MIRROR_NAME_LEN || !liox_name_valid((const char *)p, n))
		return false;
	for (i = n; i < LIOX_MIRROR_NAME_LEN; i++) {
		if (p[i])
			return false;
	}
	return true;
}

static bool liox_mirror_role_ok(u8 role)
{
	return role == LIOX_MIRROR_ROLE_PRIMARY ||
	       role == LIOX_MIRROR_ROLE_SECONDARY;
}

static void liox_mirror_gens_get(const u8 *p, struct liox_mirror_gens *g)
{
	unsigned int i;

	g->current_gen = get_unaligned_be64(p);
	g->bitmap_gen = get_unaligned_be64(p + 8);
	for (i = 0; i < LIOX_MIRROR_GEN_HISTORY; i++)
		g->history[i] = get_unaligned_be64(p + 16 + 8 * i);
}

static void liox_mirror_gens_put(const struct liox_mirror_gens *g, u8 *p)
{
	unsigned int i;

	put_unaligned_be64(g->current_gen, p);
	put_unaligned_be64(g->bitmap_gen, p + 8);
	for (i = 0; i < LIOX_MIRROR_GEN_HISTORY; i++)
		put_unaligned_be64(g->history[i], p + 16 + 8 * i);
}

static bool liox_mirror_hello_get(const u8 *p, struct liox_mirror_hello *h)
{
	h->ver_min = get_unaligned_be16(p);
	h->ver_max = get_unaligned_be16(p + 2);
	h->role = p[4];
	h->flags = p[5];
	h->conn_index = get_unaligned_be16(p + 6);
	h->conn_count = get_unaligned_be16(p + 8);
	h->node_id = get_unaligned_be32(p + 12);
	h->block_size = get_unaligned_be32(p + 16);
	h->region_size = get_unaligned_be32(p + 20);
	h->dev_sectors = get_unaligned_be64(p + 24);
	liox_mirror_gens_get(p + 32, &h->gens);
	memcpy(h->name, p + 80, LIOX_MIRROR_NAME_LEN);

	if (!h->ver_min || h->ver_min > h->ver_max)
		return false;
	if (!liox_mirror_role_ok(h->role) ||
	    (h->flags & ~LIOX_MIRROR_HELLO_F_ALL) || get_unaligned_be16(p + 10))
		return false;
	if (!h->conn_count || h->conn_count > LIOX_MIRROR_MAX_CONNS ||
	    h->conn_index >= h->conn_count)
		return false;
	if (!liox_mirror_pow2_in(h->block_size, 512, 65536) ||
	    !liox_mirror_pow2_in(h->region_size, LIOX_MIRROR_REGION_MIN,
				 LIOX_MIRROR_REGION_MAX) ||
	    h->region_size < h->block_size)
		return false;
	if (!h->dev_sectors || h->dev_sectors > LIOX_MIRROR_MAX_SECTORS ||
	    h->dev_sectors % (h->block_size >> LIOX_MIRROR_SECTOR_SHIFT))
		return false;
	if (h->gens.bitmap_gen && !h->gens.current_gen)
		return false;
	return liox_mirror_wire_name_ok(p + 80);
}

static void liox_mirror_hello_put(const struct liox_mirror_hello *h, u8 *p)
{
	u32 n;

	put_unaligned_be16(h->ver_min, p);
	put_unaligned_be16(h->ver_max, p + 2);
	p[4] = h->role;
	p[5] = h->flags;
	put_unaligned_be16(h->conn_index, p + 6);
	put_unaligned_be16(h->conn_count, p + 8);
	put_unaligned_be16(0, p + 10);
	put_unaligned_be32(h->node_id, p + 12);
	put_unaligned_be32(h->block_size, p + 16);
	put_unaligned_be32(h->region_size, p + 20);
	put_unaligned_be64(h->dev_sectors, p + 24);
	liox_mirror_gens_put(&h->gens, p + 32);
	n = strnlen(h->name, LIOX_MIRROR_NAME_LEN - 1);
	memcpy(p + 80, h->name, n);
	memset(p + 80 + n, 0, LIOX_MIRROR_NAME_LEN - n);
}

static bool liox_mirror_hb_get(const u8 *p, struct liox_mirror_heartbeat *hb)
{
	hb->node_id = get_unaligned_be32(p);
	hb->role = p[4];
	hb->hb_state = p[5];
	hb->interval_ms = get_unaligned_be32(p + 8);
	hb->echo_id = get_unaligned_be32(p + 12);
	memcpy(hb->name, p + 16, LIOX_MIRROR_NAME_LEN);
	memcpy(hb->mac, p + 80, LIOX_MIRROR_AUTH_LEN);
	hb->sent_ms = get_unaligned_be64(p + 112);
	hb->echo_ms = get_unaligned_be64(p + 120);
	if (!liox_mirror_role_ok(hb->role) || hb->hb_state >= LIOX_MIRROR_HB_NR ||
	    get_unaligned_be16(p + 6))
		return false;
	if (hb->interval_ms < LIOX_MIRROR_HB_MIN_MS ||
	    hb->interval_ms > LIOX_MIRROR_HB_MAX_MS)
		return false;
	return liox_mirror_wire_name_ok(p + 16);
}

static void liox_mirror_hb_put(const struct liox_mirror_heartbeat *hb, u8 *p)
{
	u32 n;

	memset(p, 0, LIOX_MIRROR_HEARTBEAT_LEN);
	put_unaligned_be32(hb->node_id, p);
	p[4] = hb->role;
	p[5] = hb->hb_state;
	put_unaligned_be32(hb->interval_ms, p + 8);
	put_unaligned_be32(hb->echo_id, p + 12);
	n = strnlen(hb->name, LIOX_MIRROR_NAME_LEN - 1);
	memcpy(p + 16, hb->name, n);
	memcpy(p + 80, hb->mac, LIOX_MIRROR_AUTH_LEN);
	put_unaligned_be64(hb->sent_ms, p + 112);
	put_unaligned_be64(hb->echo_ms, p + 120);
}

static bool liox_mirror_state_get(const u8 *p, struct liox_mirror_state *st)
{
	st->role = p[0];
	st->disk = p[1];
	st->current_gen = get_unaligned_be64(p + 8);
	return liox_mirror_role_ok(st->role) &&
	       st->disk >= LIOX_MIRROR_DISK_UP_TO_DATE &&
	       st->disk <= LIOX_MIRROR_DISK_OUTDATED &&
	       !get_unaligned_be16(p + 2) && !get_unaligned_be32(p + 4);
}

/* Bits past the last region of a BITMAP message must be zero. */
static bool liox_mirror_bitmap_tail_ok(const struct liox_mirror_hdr *h,
				       const u8 *p)
{
	if (!(h->data_len % 8))
		return true;
	return !(p[h->data_len / 8] >> (h->data_len % 8));
}

/**
 * liox_mirror_wire_decode_body() - check and decode a message's payload
 * @hdr: its header, as decode_hdr() accepted it
 * @payload: the payload bytes
 * @len: how many; must be @hdr->payload_len exactly
 * @msg: filled on success: the header, @payload, the decoded fields
 * @why: the reason of a refusal; may be NULL
 *
 * Return: 0, -EBADMSG (payload CRC) or -EPROTO with @why set.
 */
int liox_mirror_wire_decode_body(const struct liox_mirror_hdr *hdr,
				 const u8 *payload, u32 len,
				 struct liox_mirror_msg *msg,
				 enum liox_mirror_wire_reason *why)
{
	bool ok = true;

	if (why)
		*why = LIOX_MIRROR_WIRE_OK;
	memset(msg, 0, sizeof(*msg));
	msg->hdr = *hdr;
	if (len < hdr->payload_len)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_TRUNCATED);
	if (len > hdr->payload_len)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_LEN_MISMATCH);
	if (liox_mirror_crc(payload, len) != hdr->payload_crc)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_PAYLOAD_CRC);
	msg->payload = len ? payload : NULL;

	switch (hdr->type) {
	case LIOX_MIRROR_MSG_HELLO:
	case LIOX_MIRROR_MSG_HELLO_ACK:
		ok = liox_mirror_hello_get(payload, &msg->u.hello);
		break;
	case LIOX_MIRROR_MSG_STATE:
		ok = liox_mirror_state_get(payload, &msg->u.state);
		break;
	case LIOX_MIRROR_MSG_HEARTBEAT:
		ok = liox_mirror_hb_get(payload, &msg->u.hb);
		break;
	case LIOX_MIRROR_MSG_RESYNC_DONE:
		msg->u.gen = get_unaligned_be64(payload);
		ok = msg->u.gen != 0;
		break;
	case LIOX_MIRROR_MSG_CLOSE:
		msg->u.close_reason = get_unaligned_be32(payload);
		break;
	case LIOX_MIRROR_MSG_BITMAP:
		ok = liox_mirror_bitmap_tail_ok(hdr, payload);
		break;
	}
	if (!ok)
		return liox_mirror_wire_fail(why, LIOX_MIRROR_WIRE_BAD_BODY);
	return 0;
}

/**
 * liox_mirror_wire_decode() - decode one whole message (a datagram, or a
 *	header and its payload read into one buffer)
 * @buf: the bytes
 * @len: how many; must be the header plus its payload exactly
 * @dev_sectors: as for liox_mirror_wire_decode_hdr()
 * @msg: filled on success; @msg->payload points into @buf
 * @why: the reason of a refusal; may be NULL
 *
 * Return: 0 or a negative errno as for the two steps.
 */
int liox_mirror_wire_decode(const u8 *buf, u32 len, u64 dev_sectors,
			    struct liox_mirror_msg *msg,
			    enum liox_mirror_wire_reason *why)
{
	struct liox_mirror_hdr hdr;
	int ret;

	memset(msg, 0, sizeof(*msg));
	ret = liox_mirror_wire_decode_hdr(buf, len, dev_sectors, &hdr, why);
	if (ret) {
		msg->hdr = hdr;
		return ret;
	}
	return liox_mirror_wire_decode_body(&hdr, buf + LIOX_MIRROR_WIRE_HDR_LEN,
					    len - LIOX_MIRROR_WIRE_HDR_LEN, msg, why);
}

/**
 * liox_mirror_wire_encode_hdr() - write a header as given, with its CRC
 * @hdr: every field, @payload_crc included (for a payload sent from
 *	several pages, summed with liox_mirror_crc_update())
 * @buf: LIOX_MIRROR_WIRE_HDR_LEN bytes
 */
void liox_mirror_wire_encode_hdr(const struct liox_mirror_hdr *hdr, u8 *buf)
{
	put_unaligned_be32(LIOX_MIRROR_WIRE_MAGIC, buf);
	buf[4] = hdr->version;
	buf[5] = hdr->type;
	put_unaligned_be16(hdr->flags, buf + 6);
	put_unaligned_be32(hdr->payload_len, buf + 8);
	put_unaligned_be32(hdr->data_len, buf + 12);
	put_unaligned_be64(hdr->seq, buf + 16);
	put_unaligned_be64(hdr->ack, buf + 24);
	put_unaligned_be64(hdr->sector, buf + 32);
	put_unaligned_be32(hdr->payload_crc, buf + 40);
	put_unaligned_be32(liox_mirror_crc(buf, 44), buf + 44);
}

/**
 * liox_mirror_wire_encode() - encode a whole message
 * @msg: the header fields (version 0 means LIOX_MIRROR_PROTO_MAX) and the
 *	payload: @msg->u for fixed layouts, @msg->payload for data, bitmap,
 *	challenge, response and digest. @hdr.payload_len and payload_crc are
 *	computed and written back.
 * @buf: where to write
 * @size: its size
 *
 * Return: the message length, -EINVAL for an unknown type or a missing
 * payload, -ENOSPC if @buf is too small.
 */
int liox_mirror_wire_encode(struct liox_mirror_msg *msg, u8 *buf, u32 size)
{
	struct liox_mirror_hdr *h = &msg->hdr;
	const struct liox_mirror_wire_spec *s;
	u8 *p = buf + LIOX_MIRROR_WIRE_HDR_LEN;
	u32 len;

	if (!h->type || h->type >= LIOX_MIRROR_MSG_NR)
		return -EINVAL;
	s = &liox_mirror_wire_specs[h->type];
	if (s->range == RG_BITMAP && h->data_len > LIOX_MIRROR_WIRE_MAX_PAYLOAD * 8)
		return -EINVAL;
	len = liox_mirror_wire_payload_len(s, h->data_len);
	if (len > LIOX_MIRROR_WIRE_MAX_PAYLOAD)
		return -EINVAL;
	if (size < LIOX_MIRROR_WIRE_HDR_LEN + len)
		return -ENOSPC;
	if (!h->version)
		h->version = LIOX_MIRROR_PROTO_MAX;
	h->payload_len = len;

	switch (h->type) {
	case LIOX_MIRROR_MSG_HELLO:
	case LIOX_MIRROR_MSG_HELLO_ACK:
		liox_mirror_hello_put(&msg->u.hello, p);
		break;
	case LIOX_MIRROR_MSG_STATE:
		memset(p, 0, LIOX_MIRROR_STATE_LEN);
		p[0] = msg->u.state.role;
		p[1] = msg->u.state.disk;
		put_unaligned_be64(msg->u.state.current_gen, p + 8);
		break;
	case LIOX_MIRROR_MSG_HEARTBEAT:
		liox_mirror_hb_put(&msg->u.hb, p);
		break;
	case LIOX_MIRROR_MSG_RESYNC_DONE:
		put_unaligned_be64(msg->u.gen, p);
		break;
	case LIOX_MIRROR_MSG_CLOSE:
		put_unaligned_be32(msg->u.close_reason, p);
		break;
	default:
		if (len && !msg->payload)
			return -EINVAL;
		if (len)
			memmove(p, msg->payload, len);
	}
	h->payload_crc = liox_mirror_crc(p, len);
	liox_mirror_wire_encode_hdr(h, buf);
	return LIOX_MIRROR_WIRE_HDR_LEN + len;
}

/**
 * liox_mirror_wire_allowed() - may a message of @type arrive now?
 * @state: the connection's state
 * @type: the message type (already decoded)
 *
 * A message not allowed in the state is a protocol error: the caller
 * closes the connection, as for a malformed message.
 */
bool liox_mirror_wire_allowed(enum liox_mirror_conn_state state, u8 type)
{
	if ((unsigned int)state >= LIOX_MIRROR_CONN_NR || !type ||
	    type >= LIOX_MIRROR_MSG_NR)
		return false;
	return liox_mirror_wire_allowed_types[state] & BIT_OF(type);
}

/**
 * liox_mirror_wire_negotiate() - protocol version both HELLOs support
 * @a: one side's HELLO
 * @b: the other's
 *
 * Return: the highest version in both ranges and in ours, or -EPROTO.
 */
int liox_mirror_wire_negotiate(const struct liox_mirror_hello *a,
			       const struct liox_mirror_hello *b)
{
	u16 lo = LIOX_MIRROR_PROTO_MIN, hi = LIOX_MIRROR_PROTO_MAX;

	if (a->ver_min > lo)
		lo = a->ver_min;
	if (b->ver_min > lo)
		lo = b->ver_min;
	if (a->ver_max < hi)
		hi = a->ver_max;
	if (b->ver_max < hi)
		hi = b->ver_max;
	return lo <= hi ? hi : -EPROTO;
}

static const char * const liox_mirror_wire_reasons[] = {
	[LIOX_MIRROR_WIRE_OK] = "ok",
	[LIOX_MIRROR_WIRE_SHORT] = "short",
	[LIOX_MIRROR_WIRE_BAD_MAGIC] = "bad-magic",
	[LIOX_MIRROR_WIRE_BAD_VERSION] = "bad-version",
	[LIOX_MIRROR_WIRE_BAD_TYPE] = "bad-type",
	[LIOX_MIRROR_WIRE_BAD_FLAGS] = "bad-flags",
	[LIOX_MIRROR_WIRE_HDR_CRC] = "header-crc",
	[LIOX_MIRROR_WIRE_TOO_LONG] = "too-long",
	[LIOX_MIRROR_WIRE_LEN_MISMATCH] = "length-mismatch",
	[LIOX_MIRROR_WIRE_TRUNCATED] = "truncated",
	[LIOX_MIRROR_WIRE_DATA_LEN] = "data-length",
	[LIOX_MIRROR_WIRE_MISALIGNED] = "misaligned",
	[LIOX_MIRROR_WIRE_OVERFLOW] = "overflow",
	[LIOX_MIRROR_WIRE_OUT_OF_RANGE] = "out-of-range",
	[LIOX_MIRROR_WIRE_BAD_FIELD] = "bad-field",
	[LIOX_MIRROR_WIRE_PAYLOAD_CRC] = "payload-crc",
	[LIOX_MIRROR_WIRE_BAD_BODY] = "bad-body",
};

const char *liox_mirror_wire_reason_name(enum liox_mirror_wire_reason why)
{
	if ((unsigned int)why >= LIOX_MIRROR_WIRE_NR_REASONS)
		return "?";
	return liox_mirror_wire_reasons[why];
}

static const char * const liox_mirror_msg_types[] = {
	[LIOX_MIRROR_MSG_HELLO] = "HELLO",
	[LIOX_MIRROR_MSG_HELLO_ACK] = "HELLO_ACK",
	[LIOX_MIRROR_MSG_AUTH_CHALLENGE] = "AUTH_CHALLENGE",
	[LIOX_MIRROR_MSG_AUTH_RESPONSE] = "AUTH_RESPONSE",
	[LIOX_MIRROR_MSG_AUTH_OK] = "AUTH_OK",
	[LIOX_MIRROR_MSG_STATE] = "STATE",
	[LIOX_MIRROR_MSG_WRITE] = "WRITE",
	[LIOX_MIRROR_MSG_WRITE_ACK] = "WRITE_ACK",
	[LIOX_MIRROR_MSG_FLUSH] = "FLUSH",
	[LIOX_MIRROR_MSG_FLUSH_ACK] = "FLUSH_ACK",
	[LIOX_MIRROR_MSG_BITMAP] = "BITMAP",
	[LIOX_MIRROR_MSG_RESYNC_REQ] = "RESYNC_REQ",
	[LIOX_MIRROR_MSG_RESYNC_DATA] = "RESYNC_DATA",
	[LIOX_MIRROR_MSG_RESYNC_ACK] = "RESYNC_ACK",
	[LIOX_MIRROR_MSG_RESYNC_DONE] = "RESYNC_DONE",
	[LIOX_MIRROR_MSG_VERIFY_REQ] = "VERIFY_REQ",
	[LIOX_MIRROR_MSG_VERIFY_REPLY] = "VERIFY_REPLY",
	[LIOX_MIRROR_MSG_PING] = "PING",
	[LIOX_MIRROR_MSG_PING_ACK] = "PING_ACK",
	[LIOX_MIRROR_MSG_HEARTBEAT] = "HEARTBEAT",
	[LIOX_MIRROR_MSG_CLOSE] = "CLOSE",
	[LIOX_MIRROR_MSG_PROMOTE] = "PROMOTE",
	[LIOX_MIRROR_MSG_PROMOTE_ACK] = "PROMOTE_ACK",
};

const char *liox_mirror_msg_type_name(u8 type)
{
	if (!type || type >= LIOX_MIRROR_MSG_NR)
		return "?";
	return liox_mirror_msg_types[type];
}
