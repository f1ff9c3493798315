// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the liox_ipmirror wire decoder, built from the
 * very files the module uses (ipmirror_km/mirror_wire.c) with ASan and
 * UBSan. The first input byte steers: bit 0 has the harness fix both
 * CRCs first (so the fuzzer gets past them), bit 1 gives a device size.
 * Besides memory safety it checks the decoder's promises: an accepted
 * message is exactly header + payload, its range lies inside the device,
 * it re-encodes to the very same bytes (every field was checked, nothing
 * was ignored), and the two-step decode agrees; a refused one names a
 * reason that matches its errno.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <asm/unaligned.h>
#include "mirror_crc.h"
#include "mirror_wire.h"

#define DEV_SECTORS	(1ULL << 24)

static void check(int cond)
{
	if (!cond)
		abort();
}

static void fix_crcs(uint8_t *buf, size_t size)
{
	u32 plen;

	if (size < LIOX_MIRROR_WIRE_HDR_LEN)
		return;
	plen = get_unaligned_be32(buf + 8);
	if (plen <= size - LIOX_MIRROR_WIRE_HDR_LEN)
		put_unaligned_be32(liox_mirror_crc(buf + LIOX_MIRROR_WIRE_HDR_LEN,
						   plen), buf + 40);
	put_unaligned_be32(liox_mirror_crc(buf, 44), buf + 44);
}

static void check_errno(int ret, enum liox_mirror_wire_reason why)
{
	check(why > LIOX_MIRROR_WIRE_OK && why < LIOX_MIRROR_WIRE_NR_REASONS);
	switch (why) {
	case LIOX_MIRROR_WIRE_HDR_CRC:
	case LIOX_MIRROR_WIRE_PAYLOAD_CRC:
		check(ret == -EBADMSG);
		break;
	case LIOX_MIRROR_WIRE_TOO_LONG:
		check(ret == -EMSGSIZE);
		break;
	case LIOX_MIRROR_WIRE_OVERFLOW:
	case LIOX_MIRROR_WIRE_OUT_OF_RANGE:
		check(ret == -ERANGE);
		break;
	default:
		check(ret == -EPROTO);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t again[LIOX_MIRROR_WIRE_HDR_LEN + LIOX_MIRROR_WIRE_MAX_PAYLOAD];
	enum liox_mirror_wire_reason why, why2;
	struct liox_mirror_msg msg, msg2;
	struct liox_mirror_hdr hdr;
	u64 dev = 0, nr;
	uint8_t *buf;
	u8 ctl;
	int ret, ret2, len;

	if (!size || size > sizeof(again))
		return 0;
	ctl = data[0];
	data++;
	size--;
	/* an exact-size copy, so ASan sees any read past the message */
	buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	if (ctl & 1)
		fix_crcs(buf, size);
	if (ctl & 2)
		dev = DEV_SECTORS;

	ret = liox_mirror_wire_decode(buf, size, dev, &msg, &why);
	if (ret) {
		check_errno(ret, why);
		/* the header step alone refuses for the same reason, or not at all */
		ret2 = liox_mirror_wire_decode_hdr(buf, size, dev, &hdr, &why2);
		check(ret2 == 0 || (ret2 == ret && why2 == why));
		if (!ret2)
			check(why == LIOX_MIRROR_WIRE_TRUNCATED ||
			      why == LIOX_MIRROR_WIRE_LEN_MISMATCH ||
			      why == LIOX_MIRROR_WIRE_PAYLOAD_CRC ||
			      why == LIOX_MIRROR_WIRE_BAD_BODY);
		free(buf);
		return 0;
	}
	check(why == LIOX_MIRROR_WIRE_OK);
	check(size == LIOX_MIRROR_WIRE_HDR_LEN + msg.hdr.payload_len);
	check(msg.hdr.payload_len <= LIOX_MIRROR_WIRE_MAX_PAYLOAD);
	check(msg.hdr.type && msg.hdr.type < LIOX_MIRROR_MSG_NR);
	check(msg.hdr.seq != 0);
	check(msg.payload == (msg.hdr.payload_len ? buf + LIOX_MIRROR_WIRE_HDR_LEN :
			      NULL));
	if (msg.hdr.type == LIOX_MIRROR_MSG_WRITE ||
	    msg.hdr.type == LIOX_MIRROR_MSG_RESYNC_DATA)
		check(msg.hdr.data_len == msg.hdr.payload_len);
	if (msg.hdr.data_len && msg.hdr.type != LIOX_MIRROR_MSG_BITMAP) {
		check(msg.hdr.data_len % 512 == 0);
		nr = msg.hdr.data_len / 512;
		check(msg.hdr.sector + nr > msg.hdr.sector);
		check(!dev || msg.hdr.sector + nr <= dev);
	}
	if (msg.hdr.type == LIOX_MIRROR_MSG_HELLO ||
	    msg.hdr.type == LIOX_MIRROR_MSG_HELLO_ACK) {
		check(msg.u.hello.ver_min <= msg.u.hello.ver_max);
		check(strlen(msg.u.hello.name) > 0 &&
		      strlen(msg.u.hello.name) < LIOX_MIRROR_NAME_LEN);
		check(msg.u.hello.conn_index < msg.u.hello.conn_count);
	}
	/* exactly one connection state (or none) takes each type */
	check(liox_mirror_wire_allowed(LIOX_MIRROR_CONN_HELLO, msg.hdr.type) +
	      liox_mirror_wire_allowed(LIOX_MIRROR_CONN_AUTH, msg.hdr.type) +
	      liox_mirror_wire_allowed(LIOX_MIRROR_CONN_READY, msg.hdr.type) +
	      liox_mirror_wire_allowed(LIOX_MIRROR_CONN_UDP, msg.hdr.type) <=
	      (msg.hdr.type == LIOX_MIRROR_MSG_CLOSE ? 3 : 1));

	/* canonical: re-encoding gives the same bytes */
	msg2 = msg;
	len = liox_mirror_wire_encode(&msg2, again, sizeof(again));
	check(len == (int)size);
	check(!memcmp(again, buf, size));

	/* two steps agree with one */
	check(!liox_mirror_wire_decode_hdr(buf, LIOX_MIRROR_WIRE_HDR_LEN, dev,
					   &hdr, NULL));
	check(!liox_mirror_wire_decode_body(&hdr, buf + LIOX_MIRROR_WIRE_HDR_LEN,
					    size - LIOX_MIRROR_WIRE_HDR_LEN,
					    &msg2, NULL));
	check(!memcmp(&msg2.u, &msg.u, sizeof(msg.u)));
	free(buf);
	return 0;
}
