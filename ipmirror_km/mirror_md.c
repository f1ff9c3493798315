// SPDX-License-Identifier: GPL-2.0
/*
 * Metadata area codec (see mirror_md.h). A header or bitmap the decoder
 * refuses is not to be trusted: the caller then treats every region as
 * dirty (a full resync) rather than losing changes.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <asm/unaligned.h>
#include "mirror_crc.h"
#include "mirror_md.h"

#define LIOX_MIRROR_MD_CHUNK	256	/* bytes per step when summing */

/* Bytes of the bit area that carry regions. */
u64 liox_mirror_md_bits_len(u64 nr_regions)
{
	return nr_regions / 8 + !!(nr_regions % 8);
}

/* Size of the whole metadata area: header block, bits in 4 KiB blocks. */
u64 liox_mirror_md_size(u64 nr_regions)
{
	u64 bits = liox_mirror_md_bits_len(nr_regions);

	return LIOX_MIRROR_MD_BITS_OFFSET + ((bits + 4095) & ~4095ULL);
}

/**
 * liox_mirror_md_encode_bits() - a piece of the bit area, for writing
 * @bm: the bitmap
 * @offset: byte offset in the bit area (a block boundary, say)
 * @buf: where to write
 * @len: how many bytes; bytes past the last region are zero
 */
void liox_mirror_md_encode_bits(const struct liox_mirror_bitmap *bm,
				u64 offset, u8 *buf, u32 len)
{
	u64 bits_len = liox_mirror_md_bits_len(bm->nr_regions), n = 0;

	if (offset < bits_len) {
		n = bits_len - offset < len ? bits_len - offset : len;
		liox_mirror_bitmap_get_bytes(bm, offset * 8, buf,
					     offset * 8 + n * 8 > bm->nr_regions ?
					     bm->nr_regions - offset * 8 : n * 8);
	}
	memset(buf + n, 0, len - n);
}

static u32 liox_mirror_md_bits_crc(const struct liox_mirror_bitmap *bm)
{
	u64 bits_len = liox_mirror_md_bits_len(bm->nr_regions), off;
	u32 state = LIOX_MIRROR_CRC_INIT, n;
	u8 chunk[LIOX_MIRROR_MD_CHUNK];

	for (off = 0; off < bits_len; off += n) {
		n = bits_len - off < sizeof(chunk) ? bits_len - off : sizeof(chunk);
		liox_mirror_md_encode_bits(bm, off, chunk, n);
		state = liox_mirror_crc_update(state, chunk, n);
	}
	return liox_mirror_crc_final(state);
}

/**
 * liox_mirror_md_from_bitmap() - geometry, count and bits CRC from @bm
 * @md: filled, except @flags and @gens (the caller's)
 * @bm: the bitmap to persist
 */
void liox_mirror_md_from_bitmap(struct liox_mirror_md *md,
				const struct liox_mirror_bitmap *bm)
{
	md->region_size = bm->region_size;
	md->dev_sectors = bm->dev_sectors;
	md->nr_regions = bm->nr_regions;
	md->dirty = bm->dirty;
	md->bits_crc = liox_mirror_md_bits_crc(bm);
}

/**
 * liox_mirror_md_encode_hdr() - the header, with its CRC
 * @md: the fields
 * @buf: LIOX_MIRROR_MD_HDR_LEN bytes (the caller zeroes the rest of the
 *	header block)
 */
void liox_mirror_md_encode_hdr(const struct liox_mirror_md *md, u8 *buf)
{
	unsigned int i;

	put_unaligned_be32(LIOX_MIRROR_MD_MAGIC, buf);
	put_unaligned_be16(LIOX_MIRROR_MD_VERSION, buf + 4);
	put_unaligned_be16(LIOX_MIRROR_MD_HDR_LEN, buf + 6);
	put_unaligned_be32(md->flags, buf + 8);
	put_unaligned_be32(md->region_size, buf + 12);
	put_unaligned_be64(md->dev_sectors, buf + 16);
	put_unaligned_be64(md->nr_regions, buf + 24);
	put_unaligned_be64(md->dirty, buf + 32);
	put_unaligned_be64(md->gens.current_gen, buf + 40);
	put_unaligned_be64(md->gens.bitmap_gen, buf + 48);
	for (i = 0; i < LIOX_MIRROR_GEN_HISTORY; i++)
		put_unaligned_be64(md->gens.history[i], buf + 56 + 8 * i);
	put_unaligned_be32(md->bits_crc, buf + 88);
	put_unaligned_be32(liox_mirror_crc(buf, 92), buf + 92);
}

static int liox_mirror_md_fail(enum liox_mirror_md_reason *why,
			       enum liox_mirror_md_reason reason)
{
	if (why)
		*why = reason;
	switch (reason) {
	case LIOX_MIRROR_MD_HDR_CRC:
	case LIOX_MIRROR_MD_BITS_CRC:
		return -EBADMSG;
	case LIOX_MIRROR_MD_WRONG_BITMAP:
		return -EINVAL;
	default:
		return -EUCLEAN;
	}
}

/**
 * liox_mirror_md_decode_hdr() - decode and check the header block
 * @buf: its bytes
 * @len: how many; LIOX_MIRROR_MD_HDR_LEN are read
 * @md: filled on success
 * @why: the reason of a refusal; may be NULL
 *
 * Return: 0, -EBADMSG (CRC) or -EUCLEAN with @why set.
 */
int liox_mirror_md_decode_hdr(const u8 *buf, u32 len,
			      struct liox_mirror_md *md,
			      enum liox_mirror_md_reason *why)
{
	u32 rs;
	unsigned int i;

	if (why)
		*why = LIOX_MIRROR_MD_OK;
	memset(md, 0, sizeof(*md));
	if (len < LIOX_MIRROR_MD_HDR_LEN)
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_SHORT);
	if (get_unaligned_be32(buf) != LIOX_MIRROR_MD_MAGIC)
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_BAD_MAGIC);
	if (get_unaligned_be16(buf + 4) != LIOX_MIRROR_MD_VERSION ||
	    get_unaligned_be16(buf + 6) != LIOX_MIRROR_MD_HDR_LEN)
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_BAD_VERSION);
	if (liox_mirror_crc(buf, 92) != get_unaligned_be32(buf + 92))
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_HDR_CRC);

	md->flags = get_unaligned_be32(buf + 8);
	md->region_size = get_unaligned_be32(buf + 12);
	md->dev_sectors = get_unaligned_be64(buf + 16);
	md->nr_regions = get_unaligned_be64(buf + 24);
	md->dirty = get_unaligned_be64(buf + 32);
	md->gens.current_gen = get_unaligned_be64(buf + 40);
	md->gens.bitmap_gen = get_unaligned_be64(buf + 48);
	for (i = 0; i < LIOX_MIRROR_GEN_HISTORY; i++)
		md->gens.history[i] = get_unaligned_be64(buf + 56 + 8 * i);
	md->bits_crc = get_unaligned_be32(buf + 88);

	if (md->flags & ~LIOX_MIRROR_MD_F_ALL)
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_BAD_FLAGS);
	rs = md->region_size;
	if (rs < LIOX_MIRROR_REGION_MIN || rs > LIOX_MIRROR_REGION_MAX ||
	    (rs & (rs - 1)) || !md->dev_sectors ||
	    md->dev_sectors > LIOX_MIRROR_MAX_SECTORS ||
	    md->nr_regions != liox_mirror_bitmap_nr_regions(md->dev_sectors, rs) ||
	    md->nr_regions > LIOX_MIRROR_MAX_REGIONS)
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_BAD_GEOMETRY);
	if (md->dirty > md->nr_regions)
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_BAD_COUNT);
	if (md->gens.bitmap_gen && !md->gens.current_gen)
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_BAD_GENS);
	return 0;
}

/**
 * liox_mirror_md_decode_bits() - check the bit area and load it
 * @md: the header, as decode_hdr() accepted it
 * @bits: the bit area (from LIOX_MIRROR_MD_BITS_OFFSET)
 * @len: its length; liox_mirror_md_bits_len() bytes are read
 * @bm: set up by the caller with liox_mirror_bitmap_init() for @md's
 *	device and region sizes; loaded on success, undefined on failure
 * @why: the reason of a refusal; may be NULL
 *
 * Return: 0, -EINVAL (@bm has another geometry), -EBADMSG (CRC) or
 * -EUCLEAN with @why set.
 */
int liox_mirror_md_decode_bits(const struct liox_mirror_md *md,
			       const u8 *bits, u64 len,
			       struct liox_mirror_bitmap *bm,
			       enum liox_mirror_md_reason *why)
{
	u64 bits_len = liox_mirror_md_bits_len(md->nr_regions), off;
	u32 state = LIOX_MIRROR_CRC_INIT, n;

	if (why)
		*why = LIOX_MIRROR_MD_OK;
	if (bm->nr_regions != md->nr_regions ||
	    bm->dev_sectors != md->dev_sectors ||
	    bm->region_size != md->region_size)
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_WRONG_BITMAP);
	if (len < bits_len)
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_BITS_SHORT);
	for (off = 0; off < bits_len; off += n) {
		n = bits_len - off < 65536 ? bits_len - off : 65536;
		state = liox_mirror_crc_update(state, bits + off, n);
	}
	if (liox_mirror_crc_final(state) != md->bits_crc)
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_BITS_CRC);
	if (md->nr_regions % 8 && bits[bits_len - 1] >> (md->nr_regions % 8))
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_STRAY_BITS);
	liox_mirror_bitmap_clear_all(bm);
	liox_mirror_bitmap_merge_bytes(bm, 0, bits, md->nr_regions);
	if (bm->dirty != md->dirty)
		return liox_mirror_md_fail(why, LIOX_MIRROR_MD_COUNT_MISMATCH);
	return 0;
}

/**
 * liox_mirror_md_encode_al() - the activity log, with its CRC, into the
 *	header block
 * @al: the extents (at most LIOX_MIRROR_MD_AL_MAX are written)
 * @blk: the header block (LIOX_MIRROR_MD_AL_LEN bytes at least); only the
 *	activity log's bytes change, unused entries become zero
 */
void liox_mirror_md_encode_al(const struct liox_mirror_md_al *al, u8 *blk)
{
	u8 *p = blk + LIOX_MIRROR_MD_AL_OFFSET;
	u32 i, state;
	u32 n = al->count < LIOX_MIRROR_MD_AL_MAX ? al->count :
						    LIOX_MIRROR_MD_AL_MAX;

	put_unaligned_be32(LIOX_MIRROR_MD_AL_MAGIC, p);
	put_unaligned_be32(al->shift, p + 4);
	put_unaligned_be32(n, p + 8);
	for (i = 0; i < n; i++)
		put_unaligned_be32(al->extents[i],
				   p + LIOX_MIRROR_MD_AL_HDR_LEN + 4 * i);
	memset(p + LIOX_MIRROR_MD_AL_HDR_LEN + 4 * n, 0,
	       4 * (LIOX_MIRROR_MD_AL_MAX - n));
	state = liox_mirror_crc_update(LIOX_MIRROR_CRC_INIT, p, 12);
	state = liox_mirror_crc_update(state, p + LIOX_MIRROR_MD_AL_HDR_LEN,
				       4 * n);
	put_unaligned_be32(liox_mirror_crc_final(state), p + 12);
}

/**
 * liox_mirror_md_decode_al() - the activity log of a header block
 * @blk: the header block
 * @len: its length
 * @al: filled on success
 *
 * The extent numbers are not checked against a device: the caller does.
 *
 * Return: 0; -ENOENT, there is none (zeroes from an older writer, or a
 * short block); -EBADMSG, its CRC fails; -EUCLEAN, a count or extent size
 * out of range.
 */
int liox_mirror_md_decode_al(const u8 *blk, u32 len,
			     struct liox_mirror_md_al *al)
{
	const u8 *p = blk + LIOX_MIRROR_MD_AL_OFFSET;
	u32 i, n, state;

	memset(al, 0, sizeof(*al));
	if (len < LIOX_MIRROR_MD_AL_LEN ||
	    get_unaligned_be32(p) != LIOX_MIRROR_MD_AL_MAGIC)
		return -ENOENT;
	n = get_unaligned_be32(p + 8);
	if (n > LIOX_MIRROR_MD_AL_MAX)
		return -EUCLEAN;
	state = liox_mirror_crc_update(LIOX_MIRROR_CRC_INIT, p, 12);
	state = liox_mirror_crc_update(state, p + LIOX_MIRROR_MD_AL_HDR_LEN,
				       4 * n);
	if (liox_mirror_crc_final(state) != get_unaligned_be32(p + 12))
		return -EBADMSG;
	al->shift = get_unaligned_be32(p + 4);
	if (al->shift < LIOX_MIRROR_MD_AL_SHIFT_MIN ||
	    al->shift > LIOX_MIRROR_MD_AL_SHIFT_MAX) {
		al->shift = 0;
		return -EUCLEAN;
	}
	al->count = n;
	for (i = 0; i < n; i++)
		al->extents[i] = get_unaligned_be32(p + LIOX_MIRROR_MD_AL_HDR_LEN +
						    4 * i);
	return 0;
}

static const char * const liox_mirror_md_reasons[] = {
	[LIOX_MIRROR_MD_OK] = "ok",
	[LIOX_MIRROR_MD_SHORT] = "short",
	[LIOX_MIRROR_MD_BAD_MAGIC] = "bad-magic",
	[LIOX_MIRROR_MD_BAD_VERSION] = "bad-version",
	[LIOX_MIRROR_MD_HDR_CRC] = "header-crc",
	[LIOX_MIRROR_MD_BAD_FLAGS] = "bad-flags",
	[LIOX_MIRROR_MD_BAD_GEOMETRY] = "bad-geometry",
	[LIOX_MIRROR_MD_BAD_COUNT] = "bad-count",
	[LIOX_MIRROR_MD_BAD_GENS] = "bad-generations",
	[LIOX_MIRROR_MD_BITS_SHORT] = "bits-short",
	[LIOX_MIRROR_MD_BITS_CRC] = "bits-crc",
	[LIOX_MIRROR_MD_STRAY_BITS] = "stray-bits",
	[LIOX_MIRROR_MD_COUNT_MISMATCH] = "count-mismatch",
	[LIOX_MIRROR_MD_WRONG_BITMAP] = "wrong-bitmap",
};

const char *liox_mirror_md_reason_name(enum liox_mirror_md_reason why)
{
	if ((unsigned int)why >= LIOX_MIRROR_MD_NR_REASONS)
		return "?";
	return liox_mirror_md_reasons[why];
}
