// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the liox_ipmirror metadata-area decoder
 * (ipmirror_km/mirror_md.c): the header, then the bits that follow it in
 * the input, into a bitmap of up to 64 Ki regions; and the activity log
 * of the input's first 4 KiB taken as the header block. The first input
 * byte steers: bit 0 has the harness fix the header CRC, bit 1 the bits
 * CRC, bit 2 the activity log's CRC. An accepted area re-encodes to the
 * same header and bits, and its count matches the bits; an accepted
 * activity log re-encodes to the same bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <asm/unaligned.h>
#include "mirror_crc.h"
#include "mirror_md.h"

#define MAX_REGIONS	(64 * 1024)

static void check(int cond)
{
	if (!cond)
		abort();
}

/* The input's first 4 KiB (zero-padded) as a header block's log. */
static void fuzz_al(const uint8_t *data, size_t size, u8 ctl)
{
	static u8 blk[4096], again[4096];
	static struct liox_mirror_md_al al;
	u8 *p = blk + LIOX_MIRROR_MD_AL_OFFSET;
	u32 n, state;
	int ret;

	memset(blk, 0, sizeof(blk));
	memcpy(blk, data, size < sizeof(blk) ? size : sizeof(blk));
	n = get_unaligned_be32(p + 8);
	if ((ctl & 4) && n <= LIOX_MIRROR_MD_AL_MAX) {
		state = liox_mirror_crc_update(LIOX_MIRROR_CRC_INIT, p, 12);
		state = liox_mirror_crc_update(state,
					       p + LIOX_MIRROR_MD_AL_HDR_LEN, 4 * n);
		put_unaligned_be32(liox_mirror_crc_final(state), p + 12);
	}
	ret = liox_mirror_md_decode_al(blk, sizeof(blk), &al);
	if (ret) {
		check(ret == -ENOENT || ret == -EBADMSG || ret == -EUCLEAN);
		check(!al.count);
		return;
	}
	check(al.count <= LIOX_MIRROR_MD_AL_MAX);
	check(al.shift >= LIOX_MIRROR_MD_AL_SHIFT_MIN &&
	      al.shift <= LIOX_MIRROR_MD_AL_SHIFT_MAX);
	memset(again, 0, sizeof(again));
	liox_mirror_md_encode_al(&al, again);
	check(!memcmp(again + LIOX_MIRROR_MD_AL_OFFSET, p,
		      LIOX_MIRROR_MD_AL_HDR_LEN + 4 * al.count));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static u64 words[MAX_REGIONS / 64];
	static uint8_t again[MAX_REGIONS / 8];
	enum liox_mirror_md_reason why;
	struct liox_mirror_bitmap bm;
	struct liox_mirror_md md;
	u8 hdr[LIOX_MIRROR_MD_HDR_LEN];
	u64 bits_len;
	uint8_t *buf;
	size_t blen;
	u8 ctl;
	int ret;

	if (!size)
		return 0;
	ctl = data[0];
	data++;
	size--;
	fuzz_al(data, size, ctl);
	buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	if ((ctl & 2) && size >= LIOX_MIRROR_MD_HDR_LEN) {
		bits_len = liox_mirror_md_bits_len(get_unaligned_be64(buf + 24));
		if (bits_len <= size - LIOX_MIRROR_MD_HDR_LEN)
			put_unaligned_be32(liox_mirror_crc(buf + LIOX_MIRROR_MD_HDR_LEN,
							   bits_len), buf + 88);
	}
	if ((ctl & 1) && size >= LIOX_MIRROR_MD_HDR_LEN)
		put_unaligned_be32(liox_mirror_crc(buf, 92), buf + 92);

	ret = liox_mirror_md_decode_hdr(buf, size, &md, &why);
	if (ret) {
		check(why > LIOX_MIRROR_MD_OK && why < LIOX_MIRROR_MD_NR_REASONS);
		check(ret == (why == LIOX_MIRROR_MD_HDR_CRC ? -EBADMSG : -EUCLEAN));
		goto out;
	}
	check(md.dirty <= md.nr_regions);
	check(md.nr_regions == liox_mirror_bitmap_nr_regions(md.dev_sectors,
							     md.region_size));
	liox_mirror_md_encode_hdr(&md, hdr);
	check(!memcmp(hdr, buf, LIOX_MIRROR_MD_HDR_LEN));
	if (md.nr_regions > MAX_REGIONS)
		goto out;
	check(!liox_mirror_bitmap_init(&bm, words, MAX_REGIONS / 64,
				       md.dev_sectors, md.region_size));
	blen = size - LIOX_MIRROR_MD_HDR_LEN;
	ret = liox_mirror_md_decode_bits(&md, buf + LIOX_MIRROR_MD_HDR_LEN, blen,
					 &bm, &why);
	if (ret) {
		check(why > LIOX_MIRROR_MD_OK && why < LIOX_MIRROR_MD_NR_REASONS);
		check(ret == (why == LIOX_MIRROR_MD_BITS_CRC ? -EBADMSG : -EUCLEAN));
		goto out;
	}
	check(liox_mirror_bitmap_recount(&bm) == md.dirty);
	check(liox_mirror_bitmap_dirty(&bm) == md.dirty);
	bits_len = liox_mirror_md_bits_len(md.nr_regions);
	liox_mirror_md_encode_bits(&bm, 0, again, bits_len);
	check(!memcmp(again, buf + LIOX_MIRROR_MD_HDR_LEN, bits_len));
	check(liox_mirror_bitmap_next(&bm, 0) <= md.nr_regions);
out:
	free(buf);
	return 0;
}
