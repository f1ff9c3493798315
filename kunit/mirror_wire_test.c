// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for ipmirror_km/mirror_wire.c: header layout byte by byte,
 * round trips of every message type, every refusal reason and its errno,
 * the connection-state table, version negotiation.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include "src/ipmirror_km/mirror_crc.h"
#include "src/ipmirror_km/mirror_hb.h"
#include "src/ipmirror_km/mirror_wire.h"

#define HDR LIOX_MIRROR_WIRE_HDR_LEN
#define BUF_LEN (HDR + 4096)

struct wire_ctx {
	u8 buf[BUF_LEN];
	u8 data[4096];
	struct liox_mirror_msg msg;
	struct liox_mirror_msg out;
	enum liox_mirror_wire_reason why;
	int len;
};

static struct wire_ctx *wire_ctx(struct kunit *test)
{
	struct wire_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	for (i = 0; i < sizeof(c->data); i++)
		c->data[i] = i * 7 + 3;
	return c;
}

static void sample_hello(struct liox_mirror_hello *h)
{
	memset(h, 0, sizeof(*h));
	h->ver_min = 3;
	h->ver_max = 3;
	h->role = LIOX_MIRROR_ROLE_PRIMARY;
	h->flags = LIOX_MIRROR_HELLO_F_AUTH;
	h->conn_index = 1;
	h->conn_count = 2;
	h->node_id = 0x01020304;
	h->block_size = 4096;
	h->region_size = 65536;
	h->dev_sectors = 1ULL << 31;
	h->gens.current_gen = 0x1111111111111111ULL;
	h->gens.bitmap_gen = 0x2222222222222222ULL;
	h->gens.history[0] = 0x3333;
	h->gens.history[3] = 0x4444;
	strscpy(h->name, "mirror0", sizeof(h->name));
}

/* A valid message of @type in c->msg (payload from c->data). */
static void sample_msg(struct wire_ctx *c, u8 type)
{
	struct liox_mirror_msg *m = &c->msg;

	memset(m, 0, sizeof(*m));
	m->hdr.type = type;
	m->hdr.seq = 42;
	switch (type) {
	case LIOX_MIRROR_MSG_HELLO_ACK:
		m->hdr.ack = 41;
		fallthrough;
	case LIOX_MIRROR_MSG_HELLO:
		sample_hello(&m->u.hello);
		break;
	case LIOX_MIRROR_MSG_AUTH_RESPONSE:
		m->hdr.ack = 41;
		fallthrough;
	case LIOX_MIRROR_MSG_AUTH_CHALLENGE:
		m->payload = c->data;
		break;
	case LIOX_MIRROR_MSG_AUTH_OK:
	case LIOX_MIRROR_MSG_FLUSH_ACK:
	case LIOX_MIRROR_MSG_PING_ACK:
		m->hdr.ack = 41;
		break;
	case LIOX_MIRROR_MSG_PROMOTE_ACK:
		m->hdr.ack = 41;
		m->hdr.flags = LIOX_MIRROR_F_ERROR;
		break;
	case LIOX_MIRROR_MSG_STATE:
		m->u.state.role = LIOX_MIRROR_ROLE_SECONDARY;
		m->u.state.disk = LIOX_MIRROR_DISK_INCONSISTENT;
		m->u.state.current_gen = 77;
		break;
	case LIOX_MIRROR_MSG_WRITE:
	case LIOX_MIRROR_MSG_RESYNC_DATA:
		m->hdr.flags = type == LIOX_MIRROR_MSG_WRITE ?
			       LIOX_MIRROR_F_FUA | LIOX_MIRROR_F_PREFLUSH : 0;
		m->hdr.sector = 1000;
		m->hdr.data_len = 4096;
		m->payload = c->data;
		break;
	case LIOX_MIRROR_MSG_VERIFY_REPLY:
		m->payload = c->data;
		fallthrough;
	case LIOX_MIRROR_MSG_WRITE_ACK:
	case LIOX_MIRROR_MSG_RESYNC_ACK:
		m->hdr.ack = 41;
		m->hdr.flags = LIOX_MIRROR_F_ERROR;
		fallthrough;
	case LIOX_MIRROR_MSG_RESYNC_REQ:
	case LIOX_MIRROR_MSG_VERIFY_REQ:
		m->hdr.sector = 2048;
		m->hdr.data_len = 65536;
		break;
	case LIOX_MIRROR_MSG_BITMAP:
		m->hdr.flags = LIOX_MIRROR_F_LAST;
		m->hdr.sector = 64;
		m->hdr.data_len = 20;		/* 3 bytes, 4 bits unused */
		c->data[2] &= 0x0f;
		m->payload = c->data;
		break;
	case LIOX_MIRROR_MSG_RESYNC_DONE:
		m->u.gen = 0xabcdef;
		break;
	case LIOX_MIRROR_MSG_HEARTBEAT:
		m->u.hb.node_id = 9;
		m->u.hb.role = LIOX_MIRROR_ROLE_PRIMARY;
		m->u.hb.hb_state = LIOX_MIRROR_HB_PROBATION;
		m->u.hb.interval_ms = 1500;
		m->u.hb.echo_id = 0x0a0b0c0d;
		strscpy(m->u.hb.name, "m-1", sizeof(m->u.hb.name));
		memset(m->u.hb.mac, 0x5a, sizeof(m->u.hb.mac));
		m->u.hb.sent_ms = 0x1122334455667788ULL;
		m->u.hb.echo_ms = 0x8877665544332211ULL;
		break;
	case LIOX_MIRROR_MSG_CLOSE:
		m->u.close_reason = LIOX_MIRROR_CLOSE_SPLIT_BRAIN;
		break;
	}
}

static int encode(struct kunit *test, struct wire_ctx *c)
{
	c->len = liox_mirror_wire_encode(&c->msg, c->buf, sizeof(c->buf));
	KUNIT_ASSERT_GE(test, c->len, HDR);
	return c->len;
}

/* Recompute both CRCs after a test changed bytes on purpose. */
static void fix_crcs(u8 *buf)
{
	u32 plen = get_unaligned_be32(buf + 8);

	if (plen <= BUF_LEN - HDR)
		put_unaligned_be32(liox_mirror_crc(buf + HDR, plen), buf + 40);
	put_unaligned_be32(liox_mirror_crc(buf, 44), buf + 44);
}

static void expect_hdr_eq(struct kunit *test, const struct liox_mirror_hdr *a,
			  const struct liox_mirror_hdr *b)
{
	KUNIT_EXPECT_EQ(test, a->version, b->version);
	KUNIT_EXPECT_EQ(test, a->type, b->type);
	KUNIT_EXPECT_EQ(test, a->flags, b->flags);
	KUNIT_EXPECT_EQ(test, a->payload_len, b->payload_len);
	KUNIT_EXPECT_EQ(test, a->data_len, b->data_len);
	KUNIT_EXPECT_EQ(test, a->seq, b->seq);
	KUNIT_EXPECT_EQ(test, a->ack, b->ack);
	KUNIT_EXPECT_EQ(test, a->sector, b->sector);
	KUNIT_EXPECT_EQ(test, a->payload_crc, b->payload_crc);
}

static int decode(struct wire_ctx *c, u64 dev_sectors)
{
	return liox_mirror_wire_decode(c->buf, c->len, dev_sectors, &c->out,
				       &c->why);
}

/* decode() must give @err and @reason (compared by name, for readable logs) */
static void expect_refused(struct kunit *test, struct wire_ctx *c, u64 dev,
			   int err, enum liox_mirror_wire_reason reason)
{
	KUNIT_EXPECT_EQ(test, err, decode(c, dev));
	KUNIT_EXPECT_STREQ(test, liox_mirror_wire_reason_name(reason),
			   liox_mirror_wire_reason_name(c->why));
}

static void wire_crc32c(struct kunit *test)
{
	static const char check[] = "123456789";
	u32 st;

	KUNIT_EXPECT_EQ(test, 0xe3069283U, liox_mirror_crc(check, 9));
	KUNIT_EXPECT_EQ(test, 0U, liox_mirror_crc(check, 0));
	st = liox_mirror_crc_update(LIOX_MIRROR_CRC_INIT, check, 4);
	st = liox_mirror_crc_update(st, check + 4, 5);
	KUNIT_EXPECT_EQ(test, 0xe3069283U, liox_mirror_crc_final(st));
}

static void wire_header_layout(struct kunit *test)
{
	struct wire_ctx *c = wire_ctx(test);
	u8 *b = c->buf;

	sample_msg(c, LIOX_MIRROR_MSG_WRITE);
	c->msg.hdr.seq = 0x0102030405060708ULL;
	c->msg.hdr.sector = 0x1112131415161718ULL;
	KUNIT_ASSERT_EQ(test, HDR + 4096, encode(test, c));
	KUNIT_EXPECT_EQ(test, 0x4c494f4dU, get_unaligned_be32(b));
	KUNIT_EXPECT_EQ(test, 'L', (int)b[0]);
	KUNIT_EXPECT_EQ(test, 3, (int)b[4]);			/* version */
	KUNIT_EXPECT_EQ(test, LIOX_MIRROR_MSG_WRITE, (int)b[5]);
	KUNIT_EXPECT_EQ(test, 3, (int)get_unaligned_be16(b + 6));
	KUNIT_EXPECT_EQ(test, 4096U, get_unaligned_be32(b + 8));
	KUNIT_EXPECT_EQ(test, 4096U, get_unaligned_be32(b + 12));
	KUNIT_EXPECT_EQ(test, 1, (int)b[16]);
	KUNIT_EXPECT_EQ(test, 8, (int)b[23]);
	KUNIT_EXPECT_EQ(test, 0ULL, get_unaligned_be64(b + 24));
	KUNIT_EXPECT_EQ(test, 0x11, (int)b[32]);
	KUNIT_EXPECT_EQ(test, liox_mirror_crc(c->data, 4096),
			get_unaligned_be32(b + 40));
	KUNIT_EXPECT_EQ(test, liox_mirror_crc(b, 44), get_unaligned_be32(b + 44));
	KUNIT_EXPECT_EQ(test, 0, memcmp(b + HDR, c->data, 4096));
	/* written back for the caller */
	KUNIT_EXPECT_EQ(test, 4096U, c->msg.hdr.payload_len);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(b + 40), c->msg.hdr.payload_crc);

	/* the hello payload, byte by byte */
	sample_msg(c, LIOX_MIRROR_MSG_HELLO);
	KUNIT_ASSERT_EQ(test, HDR + LIOX_MIRROR_HELLO_LEN, encode(test, c));
	b = c->buf + HDR;
	KUNIT_EXPECT_EQ(test, 3, (int)get_unaligned_be16(b));
	KUNIT_EXPECT_EQ(test, 3, (int)get_unaligned_be16(b + 2));
	KUNIT_EXPECT_EQ(test, 1, (int)b[4]);
	KUNIT_EXPECT_EQ(test, 1, (int)b[5]);
	KUNIT_EXPECT_EQ(test, 1, (int)get_unaligned_be16(b + 6));
	KUNIT_EXPECT_EQ(test, 2, (int)get_unaligned_be16(b + 8));
	KUNIT_EXPECT_EQ(test, 0x01020304U, get_unaligned_be32(b + 12));
	KUNIT_EXPECT_EQ(test, 4096U, get_unaligned_be32(b + 16));
	KUNIT_EXPECT_EQ(test, 65536U, get_unaligned_be32(b + 20));
	KUNIT_EXPECT_EQ(test, 1ULL << 31, get_unaligned_be64(b + 24));
	KUNIT_EXPECT_EQ(test, 0x1111111111111111ULL, get_unaligned_be64(b + 32));
	KUNIT_EXPECT_EQ(test, 0x2222222222222222ULL, get_unaligned_be64(b + 40));
	KUNIT_EXPECT_EQ(test, 0x3333ULL, get_unaligned_be64(b + 48));
	KUNIT_EXPECT_EQ(test, 0x4444ULL, get_unaligned_be64(b + 72));
	KUNIT_EXPECT_STREQ(test, "mirror0", (char *)b + 80);
	KUNIT_EXPECT_EQ(test, 0, (int)b[143]);
}

static void wire_round_trip_all_types(struct kunit *test)
{
	struct wire_ctx *c = wire_ctx(test);
	u8 t;

	for (t = 1; t < LIOX_MIRROR_MSG_NR; t++) {
		sample_msg(c, t);
		encode(test, c);
		KUNIT_EXPECT_EQ_MSG(test, 0, decode(c, 1ULL << 31), "type %s: %s",
				    liox_mirror_msg_type_name(t),
				    liox_mirror_wire_reason_name(c->why));
		KUNIT_EXPECT_EQ(test, LIOX_MIRROR_WIRE_OK, c->why);
		expect_hdr_eq(test, &c->msg.hdr, &c->out.hdr);
		KUNIT_EXPECT_EQ(test, (u32)c->len - HDR, c->out.hdr.payload_len);
		if (c->out.hdr.payload_len) {
			KUNIT_EXPECT_PTR_EQ(test, (const u8 *)c->buf + HDR,
					    c->out.payload);
		} else {
			KUNIT_EXPECT_NULL(test, c->out.payload);
		}
		if (c->msg.payload)
			KUNIT_EXPECT_EQ(test, 0, memcmp(c->out.payload, c->data,
							c->out.hdr.payload_len));
		/* two steps give the same */
		memset(&c->out, 0xff, sizeof(c->out));
		KUNIT_EXPECT_EQ(test, 0, liox_mirror_wire_decode_hdr(c->buf, HDR, 0,
								     &c->out.hdr, NULL));
		expect_hdr_eq(test, &c->msg.hdr, &c->out.hdr);
	}
}

static void wire_round_trip_bodies(struct kunit *test)
{
	struct wire_ctx *c = wire_ctx(test);
	struct liox_mirror_hello h;

	sample_msg(c, LIOX_MIRROR_MSG_HELLO_ACK);
	encode(test, c);
	KUNIT_ASSERT_EQ(test, 0, decode(c, 0));
	sample_hello(&h);
	KUNIT_EXPECT_EQ(test, 0, memcmp(&h, &c->out.u.hello, sizeof(h)));

	sample_msg(c, LIOX_MIRROR_MSG_HEARTBEAT);
	encode(test, c);
	KUNIT_ASSERT_EQ(test, 0, decode(c, 0));
	KUNIT_EXPECT_EQ(test, 0, memcmp(&c->msg.u.hb, &c->out.u.hb,
					sizeof(c->out.u.hb)));
	/* the echo where Documentation/ipmirror-wire.rst has it */
	KUNIT_EXPECT_EQ(test, 0x0a0b0c0dU, get_unaligned_be32(c->buf + HDR + 12));
	KUNIT_EXPECT_EQ(test, 0x1122334455667788ULL,
			get_unaligned_be64(c->buf + HDR + 112));
	KUNIT_EXPECT_EQ(test, 0x8877665544332211ULL,
			get_unaligned_be64(c->buf + HDR + 120));

	sample_msg(c, LIOX_MIRROR_MSG_STATE);
	encode(test, c);
	KUNIT_ASSERT_EQ(test, 0, decode(c, 0));
	KUNIT_EXPECT_EQ(test, 2, (int)c->out.u.state.role);
	KUNIT_EXPECT_EQ(test, 2, (int)c->out.u.state.disk);
	KUNIT_EXPECT_EQ(test, 77ULL, c->out.u.state.current_gen);

	sample_msg(c, LIOX_MIRROR_MSG_RESYNC_DONE);
	encode(test, c);
	KUNIT_ASSERT_EQ(test, 0, decode(c, 0));
	KUNIT_EXPECT_EQ(test, 0xabcdefULL, c->out.u.gen);

	sample_msg(c, LIOX_MIRROR_MSG_CLOSE);
	c->msg.u.close_reason = 0xdeadbeef;		/* any value */
	encode(test, c);
	KUNIT_ASSERT_EQ(test, 0, decode(c, 0));
	KUNIT_EXPECT_EQ(test, 0xdeadbeefU, c->out.u.close_reason);

	/* bitmap: 20 regions in 3 bytes; empty LAST message */
	sample_msg(c, LIOX_MIRROR_MSG_BITMAP);
	KUNIT_EXPECT_EQ(test, HDR + 3, encode(test, c));
	KUNIT_EXPECT_EQ(test, 0, decode(c, 0));
	c->msg.hdr.data_len = 0;
	KUNIT_EXPECT_EQ(test, HDR, encode(test, c));
	KUNIT_EXPECT_EQ(test, 0, decode(c, 0));

	/* the largest write */
	sample_msg(c, LIOX_MIRROR_MSG_VERIFY_REQ);
	c->msg.hdr.data_len = LIOX_MIRROR_WIRE_MAX_PAYLOAD;
	encode(test, c);
	KUNIT_EXPECT_EQ(test, 0, decode(c, 0));
	/* a range ending exactly at the device end */
	c->msg.hdr.sector = 10000 - 2048;
	encode(test, c);
	KUNIT_EXPECT_EQ(test, 0, decode(c, 10000));
}

static void wire_header_refusals(struct kunit *test)
{
	struct wire_ctx *c = wire_ctx(test);
	struct liox_mirror_hdr h;

	sample_msg(c, LIOX_MIRROR_MSG_PING);
	encode(test, c);
	c->len = HDR - 1;
	expect_refused(test, c, 0, -EPROTO, LIOX_MIRROR_WIRE_SHORT);
	c->len = 0;
	expect_refused(test, c, 0, -EPROTO, LIOX_MIRROR_WIRE_SHORT);
	c->len = HDR;
	c->buf[3] ^= 1;
	expect_refused(test, c, 0, -EPROTO, LIOX_MIRROR_WIRE_BAD_MAGIC);
	c->buf[3] ^= 1;
	c->buf[20] ^= 0x80;			/* a bit of seq */
	expect_refused(test, c, 0, -EBADMSG, LIOX_MIRROR_WIRE_HDR_CRC);
	c->buf[20] ^= 0x80;
	c->buf[44] ^= 1;			/* the CRC itself */
	expect_refused(test, c, 0, -EBADMSG, LIOX_MIRROR_WIRE_HDR_CRC);
	c->buf[44] ^= 1;
	KUNIT_EXPECT_EQ(test, 0, decode(c, 0));

	/* fields: change, re-encode the header with a valid CRC */
#define HDR_CASE(field, value, err, reason) do {			\
	h = c->msg.hdr;							\
	h.field = value;						\
	liox_mirror_wire_encode_hdr(&h, c->buf);			\
	c->len = h.payload_len > BUF_LEN - HDR ? HDR :			\
		 HDR + h.payload_len;					\
	expect_refused(test, c, 10000, err, reason);			\
} while (0)
	HDR_CASE(version, 0, -EPROTO, LIOX_MIRROR_WIRE_BAD_VERSION);
	HDR_CASE(version, 1, -EPROTO, LIOX_MIRROR_WIRE_BAD_VERSION);
	HDR_CASE(version, 2, -EPROTO, LIOX_MIRROR_WIRE_BAD_VERSION);
	HDR_CASE(version, 4, -EPROTO, LIOX_MIRROR_WIRE_BAD_VERSION);
	HDR_CASE(type, 0, -EPROTO, LIOX_MIRROR_WIRE_BAD_TYPE);
	HDR_CASE(type, LIOX_MIRROR_MSG_NR, -EPROTO, LIOX_MIRROR_WIRE_BAD_TYPE);
	HDR_CASE(type, 255, -EPROTO, LIOX_MIRROR_WIRE_BAD_TYPE);
	HDR_CASE(flags, LIOX_MIRROR_F_FUA, -EPROTO, LIOX_MIRROR_WIRE_BAD_FLAGS);
	HDR_CASE(flags, 0x8000, -EPROTO, LIOX_MIRROR_WIRE_BAD_FLAGS);
	HDR_CASE(payload_len, LIOX_MIRROR_WIRE_MAX_PAYLOAD + 1, -EMSGSIZE,
		 LIOX_MIRROR_WIRE_TOO_LONG);
	HDR_CASE(payload_len, 0xffffffff, -EMSGSIZE, LIOX_MIRROR_WIRE_TOO_LONG);
	HDR_CASE(payload_len, 1, -EPROTO, LIOX_MIRROR_WIRE_LEN_MISMATCH);
	HDR_CASE(seq, 0, -EPROTO, LIOX_MIRROR_WIRE_BAD_FIELD);
	HDR_CASE(ack, 1, -EPROTO, LIOX_MIRROR_WIRE_BAD_FIELD);
	HDR_CASE(sector, 1, -EPROTO, LIOX_MIRROR_WIRE_BAD_FIELD);
	HDR_CASE(data_len, 512, -EPROTO, LIOX_MIRROR_WIRE_BAD_FIELD);

	sample_msg(c, LIOX_MIRROR_MSG_PING_ACK);	/* a reply needs its request */
	encode(test, c);
	HDR_CASE(ack, 0, -EPROTO, LIOX_MIRROR_WIRE_BAD_FIELD);

	sample_msg(c, LIOX_MIRROR_MSG_HELLO);
	encode(test, c);
	HDR_CASE(payload_len, LIOX_MIRROR_HELLO_LEN - 1, -EPROTO,
		 LIOX_MIRROR_WIRE_LEN_MISMATCH);
	HDR_CASE(flags, LIOX_MIRROR_F_LAST, -EPROTO, LIOX_MIRROR_WIRE_BAD_FLAGS);

	/* ranges */
	sample_msg(c, LIOX_MIRROR_MSG_WRITE);
	encode(test, c);
	KUNIT_EXPECT_EQ(test, 0, decode(c, 10000));
	HDR_CASE(flags, LIOX_MIRROR_F_ERROR, -EPROTO, LIOX_MIRROR_WIRE_BAD_FLAGS);
	HDR_CASE(data_len, 0, -EPROTO, LIOX_MIRROR_WIRE_DATA_LEN);
	HDR_CASE(data_len, 4095, -EPROTO, LIOX_MIRROR_WIRE_MISALIGNED);
	HDR_CASE(data_len, 4608, -EPROTO, LIOX_MIRROR_WIRE_LEN_MISMATCH);
	HDR_CASE(payload_len, 4608, -EPROTO, LIOX_MIRROR_WIRE_LEN_MISMATCH);
	HDR_CASE(sector, ~0ULL - 7, -ERANGE, LIOX_MIRROR_WIRE_OVERFLOW);
	HDR_CASE(sector, ~0ULL, -ERANGE, LIOX_MIRROR_WIRE_OVERFLOW);
	HDR_CASE(sector, 10000 - 7, -ERANGE, LIOX_MIRROR_WIRE_OUT_OF_RANGE);
	HDR_CASE(sector, 10000, -ERANGE, LIOX_MIRROR_WIRE_OUT_OF_RANGE);
	HDR_CASE(sector, ~0ULL - 8, -ERANGE, LIOX_MIRROR_WIRE_OUT_OF_RANGE);
	/* the same range before the device size is known: accepted */
	h.sector = 10000;
	liox_mirror_wire_encode_hdr(&h, c->buf);
	KUNIT_EXPECT_EQ(test, 0, decode(c, 0));

	sample_msg(c, LIOX_MIRROR_MSG_RESYNC_REQ);
	encode(test, c);
	HDR_CASE(data_len, LIOX_MIRROR_WIRE_MAX_PAYLOAD + 512, -EPROTO,
		 LIOX_MIRROR_WIRE_DATA_LEN);
	HDR_CASE(data_len, 0, -EPROTO, LIOX_MIRROR_WIRE_DATA_LEN);
	HDR_CASE(data_len, 100, -EPROTO, LIOX_MIRROR_WIRE_MISALIGNED);
	HDR_CASE(payload_len, 8, -EPROTO, LIOX_MIRROR_WIRE_LEN_MISMATCH);

	sample_msg(c, LIOX_MIRROR_MSG_VERIFY_REPLY);
	encode(test, c);
	HDR_CASE(payload_len, 31, -EPROTO, LIOX_MIRROR_WIRE_LEN_MISMATCH);
	HDR_CASE(ack, 0, -EPROTO, LIOX_MIRROR_WIRE_BAD_FIELD);

	sample_msg(c, LIOX_MIRROR_MSG_RESYNC_DATA);	/* ack optional */
	c->msg.hdr.ack = 5;
	encode(test, c);
	KUNIT_EXPECT_EQ(test, 0, decode(c, 0));

	/* bitmap ranges count regions */
	sample_msg(c, LIOX_MIRROR_MSG_BITMAP);
	encode(test, c);
	HDR_CASE(sector, 4, -EPROTO, LIOX_MIRROR_WIRE_MISALIGNED);
	HDR_CASE(sector, ~0ULL - 7, -ERANGE, LIOX_MIRROR_WIRE_OVERFLOW);
	HDR_CASE(data_len, 25, -EPROTO, LIOX_MIRROR_WIRE_LEN_MISMATCH);
	HDR_CASE(data_len, LIOX_MIRROR_WIRE_MAX_PAYLOAD * 8 + 1, -EPROTO,
		 LIOX_MIRROR_WIRE_DATA_LEN);
	HDR_CASE(flags, 0, 0, LIOX_MIRROR_WIRE_OK);
	h.flags = 0;
	h.data_len = 0;
	h.payload_len = 0;
	liox_mirror_wire_encode_hdr(&h, c->buf);
	c->len = HDR;
	expect_refused(test, c, 0, -EPROTO, LIOX_MIRROR_WIRE_DATA_LEN);
#undef HDR_CASE
}

static void wire_payload_refusals(struct kunit *test)
{
	struct wire_ctx *c = wire_ctx(test);
	struct liox_mirror_hdr h;

	sample_msg(c, LIOX_MIRROR_MSG_WRITE);
	encode(test, c);
	c->len--;
	expect_refused(test, c, 0, -EPROTO, LIOX_MIRROR_WIRE_TRUNCATED);
	c->len = HDR;
	expect_refused(test, c, 0, -EPROTO, LIOX_MIRROR_WIRE_TRUNCATED);
	c->len = HDR + 4097;
	expect_refused(test, c, 0, -EPROTO, LIOX_MIRROR_WIRE_LEN_MISMATCH);
	c->len = HDR + 4096;
	c->buf[HDR + 100] ^= 4;
	expect_refused(test, c, 0, -EBADMSG, LIOX_MIRROR_WIRE_PAYLOAD_CRC);
	c->buf[HDR + 100] ^= 4;
	c->buf[41] ^= 4;			/* the payload CRC field */
	fix_crcs(c->buf);			/* ... fixes it again */
	KUNIT_EXPECT_EQ(test, 0, decode(c, 0));
	h = c->msg.hdr;
	h.payload_crc ^= 1;
	liox_mirror_wire_encode_hdr(&h, c->buf);
	expect_refused(test, c, 0, -EBADMSG, LIOX_MIRROR_WIRE_PAYLOAD_CRC);

	/* decode_body() alone: the length must be the header's */
	KUNIT_EXPECT_EQ(test, -EPROTO,
			liox_mirror_wire_decode_body(&c->msg.hdr, c->buf + HDR,
						     4095, &c->out, &c->why));
	KUNIT_EXPECT_EQ(test, LIOX_MIRROR_WIRE_TRUNCATED, c->why);
	KUNIT_EXPECT_EQ(test, -EPROTO,
			liox_mirror_wire_decode_body(&c->msg.hdr, c->buf + HDR,
						     4097, &c->out, NULL));
	KUNIT_EXPECT_EQ(test, 0,
			liox_mirror_wire_decode_body(&c->msg.hdr, c->data,
						     4096, &c->out, &c->why));
	KUNIT_EXPECT_PTR_EQ(test, (const u8 *)c->data, c->out.payload);
}

/* A valid message of @type in c->buf; returns its payload. */
static u8 *body_start(struct kunit *test, struct wire_ctx *c, u8 type)
{
	sample_msg(c, type);
	encode(test, c);
	KUNIT_EXPECT_EQ(test, 0, decode(c, 0));
	return c->buf + HDR;
}

/* With its payload changed, CRCs fixed: BAD_BODY. */
static void body_refused(struct kunit *test, struct wire_ctx *c)
{
	fix_crcs(c->buf);
	expect_refused(test, c, 0, -EPROTO, LIOX_MIRROR_WIRE_BAD_BODY);
}

/* In a test with locals test and c: @stmt changes payload p of @type. */
#define BODY_BAD(type, stmt) do {					\
	u8 *p = body_start(test, c, type);				\
	stmt;								\
	body_refused(test, c);						\
} while (0)

static void wire_hello_refusals(struct kunit *test)
{
	struct wire_ctx *c = wire_ctx(test);
	const u8 t = LIOX_MIRROR_MSG_HELLO;

	BODY_BAD(t, put_unaligned_be16(0, p));		/* ver_min 0 */
	BODY_BAD(t, put_unaligned_be16(4, p));		/* min > max */
	BODY_BAD(t, p[4] = 0);				/* role */
	BODY_BAD(t, p[4] = 3);
	BODY_BAD(t, p[5] = 4);				/* flags */
	BODY_BAD(t, p[5] = 0x80);
	BODY_BAD(t, p[11] = 1);			/* reserved */
	BODY_BAD(t, put_unaligned_be16(0, p + 8));	/* conn_count */
	BODY_BAD(t, put_unaligned_be16(17, p + 8));
	BODY_BAD(t, put_unaligned_be16(2, p + 6));	/* index */
	BODY_BAD(t, put_unaligned_be32(256, p + 16));	/* block size */
	BODY_BAD(t, put_unaligned_be32(4097, p + 16));
	BODY_BAD(t, put_unaligned_be32(131072, p + 16));
	BODY_BAD(t, put_unaligned_be32(2048, p + 20));	/* region */
	BODY_BAD(t, put_unaligned_be32(3 << 12, p + 20));
	BODY_BAD(t, put_unaligned_be32(1U << 31, p + 20));
	BODY_BAD(t, (put_unaligned_be32(8192, p + 16),	/* > region */
			      put_unaligned_be32(4096, p + 20)));
	BODY_BAD(t, put_unaligned_be64(0, p + 24));	/* dev size */
	BODY_BAD(t, put_unaligned_be64(1001, p + 24));	/* not blocks */
	BODY_BAD(t, put_unaligned_be64(~0ULL, p + 24));
	BODY_BAD(t, put_unaligned_be64(0, p + 32));	/* bm w/o cur */
	BODY_BAD(t, p[80] = 0);			/* empty name */
	BODY_BAD(t, p[81] = '/');
	BODY_BAD(t, p[80] = '-');
	BODY_BAD(t, p[100] = 'x');			/* after NUL */
	BODY_BAD(t, memset(p + 80, 'a', 64));		/* no NUL */

	/* the limits themselves are fine */
	sample_msg(c, t);
	c->msg.u.hello.block_size = 65536;
	c->msg.u.hello.region_size = 65536;
	c->msg.u.hello.conn_index = 15;
	c->msg.u.hello.conn_count = 16;
	c->msg.u.hello.flags = LIOX_MIRROR_HELLO_F_ALL;
	c->msg.u.hello.gens = (struct liox_mirror_gens){ };
	memset(c->msg.u.hello.name, 'a', 63);
	c->msg.u.hello.name[63] = 0;
	encode(test, c);
	KUNIT_EXPECT_EQ(test, 0, decode(c, 0));
	KUNIT_EXPECT_EQ(test, 63, (int)strlen(c->out.u.hello.name));
	KUNIT_EXPECT_EQ(test, LIOX_MIRROR_HELLO_F_ALL,
			(int)c->out.u.hello.flags);
}

static void wire_other_body_refusals(struct kunit *test)
{
	struct wire_ctx *c = wire_ctx(test);
	u8 t = LIOX_MIRROR_MSG_HEARTBEAT;

	BODY_BAD(t, p[4] = 0);				/* role */
	BODY_BAD(t, p[5] = LIOX_MIRROR_HB_NR);		/* hb state */
	BODY_BAD(t, p[7] = 1);				/* reserved */
	BODY_BAD(t, put_unaligned_be32(9, p + 8));	/* interval */
	BODY_BAD(t, put_unaligned_be32(60001, p + 8));
	BODY_BAD(t, p[16] = 0);			/* name */

	t = LIOX_MIRROR_MSG_STATE;
	BODY_BAD(t, p[0] = 0);
	BODY_BAD(t, p[1] = 0);
	BODY_BAD(t, p[1] = 4);
	BODY_BAD(t, p[3] = 1);
	BODY_BAD(t, p[7] = 1);

	BODY_BAD(LIOX_MIRROR_MSG_RESYNC_DONE, memset(p, 0, 8));
	/* bitmap: bits past data_len (20 regions: bits 4..7 of byte 2) */
	BODY_BAD(LIOX_MIRROR_MSG_BITMAP, p[2] |= 0x10);
	BODY_BAD(LIOX_MIRROR_MSG_BITMAP, p[2] |= 0x80);
}

static void wire_encode_errors(struct kunit *test)
{
	struct wire_ctx *c = wire_ctx(test);

	sample_msg(c, LIOX_MIRROR_MSG_WRITE);
	KUNIT_EXPECT_EQ(test, -ENOSPC,
			liox_mirror_wire_encode(&c->msg, c->buf, HDR + 4095));
	KUNIT_EXPECT_EQ(test, HDR + 4096,
			liox_mirror_wire_encode(&c->msg, c->buf, HDR + 4096));
	c->msg.payload = NULL;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			liox_mirror_wire_encode(&c->msg, c->buf, sizeof(c->buf)));
	c->msg.payload = c->data;
	c->msg.hdr.data_len = LIOX_MIRROR_WIRE_MAX_PAYLOAD + 512;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			liox_mirror_wire_encode(&c->msg, c->buf, sizeof(c->buf)));
	sample_msg(c, LIOX_MIRROR_MSG_BITMAP);
	c->msg.hdr.data_len = LIOX_MIRROR_WIRE_MAX_PAYLOAD * 8 + 1;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			liox_mirror_wire_encode(&c->msg, c->buf, sizeof(c->buf)));
	c->msg.hdr.type = 0;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			liox_mirror_wire_encode(&c->msg, c->buf, sizeof(c->buf)));
	c->msg.hdr.type = LIOX_MIRROR_MSG_NR;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			liox_mirror_wire_encode(&c->msg, c->buf, sizeof(c->buf)));
	/* an explicit version is kept */
	sample_msg(c, LIOX_MIRROR_MSG_PING);
	c->msg.hdr.version = 7;
	encode(test, c);
	KUNIT_EXPECT_EQ(test, 7, (int)c->buf[4]);
}

static void wire_allowed(struct kunit *test)
{
	u8 t;

	for (t = 1; t < LIOX_MIRROR_MSG_NR; t++) {
		bool hello = t == LIOX_MIRROR_MSG_HELLO ||
			     t == LIOX_MIRROR_MSG_HELLO_ACK;
		bool auth = t >= LIOX_MIRROR_MSG_AUTH_CHALLENGE &&
			    t <= LIOX_MIRROR_MSG_AUTH_OK;
		bool hb = t == LIOX_MIRROR_MSG_HEARTBEAT;
		bool close = t == LIOX_MIRROR_MSG_CLOSE;

		KUNIT_EXPECT_EQ(test, hello || close,
				liox_mirror_wire_allowed(LIOX_MIRROR_CONN_HELLO, t));
		KUNIT_EXPECT_EQ(test, auth || close,
				liox_mirror_wire_allowed(LIOX_MIRROR_CONN_AUTH, t));
		KUNIT_EXPECT_EQ(test, !hello && !auth && !hb,
				liox_mirror_wire_allowed(LIOX_MIRROR_CONN_READY, t));
		KUNIT_EXPECT_EQ(test, hb,
				liox_mirror_wire_allowed(LIOX_MIRROR_CONN_UDP, t));
	}
	KUNIT_EXPECT_FALSE(test, liox_mirror_wire_allowed(LIOX_MIRROR_CONN_READY, 0));
	KUNIT_EXPECT_FALSE(test, liox_mirror_wire_allowed(LIOX_MIRROR_CONN_READY,
							  LIOX_MIRROR_MSG_NR));
	KUNIT_EXPECT_FALSE(test, liox_mirror_wire_allowed(LIOX_MIRROR_CONN_NR,
							  LIOX_MIRROR_MSG_PING));
}

static void wire_negotiate_and_names(struct kunit *test)
{
	struct liox_mirror_hello a, b;
	unsigned int i;

	sample_hello(&a);
	sample_hello(&b);
	KUNIT_EXPECT_EQ(test, 3, liox_mirror_wire_negotiate(&a, &b));
	b.ver_max = 5;				/* a newer peer that speaks 3 too */
	KUNIT_EXPECT_EQ(test, 3, liox_mirror_wire_negotiate(&a, &b));
	b.ver_min = 4;				/* one that no longer does */
	KUNIT_EXPECT_EQ(test, -EPROTO, liox_mirror_wire_negotiate(&a, &b));
	KUNIT_EXPECT_EQ(test, -EPROTO, liox_mirror_wire_negotiate(&b, &a));
	b.ver_min = 1;			/* an older one, heartbeats without echo */
	b.ver_max = 2;
	KUNIT_EXPECT_EQ(test, -EPROTO, liox_mirror_wire_negotiate(&a, &b));

	for (i = 0; i < LIOX_MIRROR_WIRE_NR_REASONS; i++)
		KUNIT_EXPECT_STRNEQ(test, "?", liox_mirror_wire_reason_name(i));
	KUNIT_EXPECT_STREQ(test, "?",
			   liox_mirror_wire_reason_name(LIOX_MIRROR_WIRE_NR_REASONS));
	for (i = 1; i < LIOX_MIRROR_MSG_NR; i++)
		KUNIT_EXPECT_STRNEQ(test, "?", liox_mirror_msg_type_name(i));
	KUNIT_EXPECT_STREQ(test, "?", liox_mirror_msg_type_name(0));
	KUNIT_EXPECT_STREQ(test, "WRITE",
			   liox_mirror_msg_type_name(LIOX_MIRROR_MSG_WRITE));
}

static struct kunit_case liox_mirror_wire_cases[] = {
	KUNIT_CASE(wire_crc32c),
	KUNIT_CASE(wire_header_layout),
	KUNIT_CASE(wire_round_trip_all_types),
	KUNIT_CASE(wire_round_trip_bodies),
	KUNIT_CASE(wire_header_refusals),
	KUNIT_CASE(wire_payload_refusals),
	KUNIT_CASE(wire_hello_refusals),
	KUNIT_CASE(wire_other_body_refusals),
	KUNIT_CASE(wire_encode_errors),
	KUNIT_CASE(wire_allowed),
	KUNIT_CASE(wire_negotiate_and_names),
	{}
};

static struct kunit_suite liox_mirror_wire_suite = {
	.name = "liox_mirror_wire",
	.test_cases = liox_mirror_wire_cases,
};

kunit_test_suite(liox_mirror_wire_suite);
