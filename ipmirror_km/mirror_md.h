/* SPDX-License-Identifier: GPL-2.0 */
/*
 * On-disk metadata of a mirror: a header block (geometry, generations,
 * dirty count, CRC32C of the header and of the bits) at the start of the
 * metadata area, then the dirty bitmap in byte form from offset 4096.
 * The header block also holds the activity log (mirror_al.c) from offset
 * 512, with a CRC32C of its own. Encoded and decoded by pure functions;
 * the decoders trust nothing. Documentation/ipmirror-wire.rst, "Metadata
 * area", has the layout.
 */
#ifndef _LIOX_MIRROR_MD_H
#define _LIOX_MIRROR_MD_H

#include <linux/types.h>
#include "mirror_bitmap.h"
#include "mirror_gen.h"

#define LIOX_MIRROR_MD_MAGIC		0x4c494f42U	/* "LIOB" */
#define LIOX_MIRROR_MD_VERSION		1
#define LIOX_MIRROR_MD_HDR_LEN		96
#define LIOX_MIRROR_MD_BITS_OFFSET	4096

#define LIOX_MIRROR_MD_F_PRIMARY	0x1	/* last role was primary */
#define LIOX_MIRROR_MD_F_INCONSISTENT	0x2	/* resync target mid-way */
#define LIOX_MIRROR_MD_F_CLEAN		0x4	/* shut down cleanly */
#define LIOX_MIRROR_MD_F_MIRRORING	0x8	/* a primary's writes go to the
						 * peer unrecorded
						 */
#define LIOX_MIRROR_MD_F_ALL		0xf

/*
 * The activity log in the header block: magic, log2 of the extent size in
 * sectors, count, CRC32C, then the extent numbers (be32). Older headers
 * have zeroes there: no activity log.
 */
#define LIOX_MIRROR_MD_AL_MAGIC		0x4c494f41U	/* "LIOA" */
#define LIOX_MIRROR_MD_AL_OFFSET	512
#define LIOX_MIRROR_MD_AL_HDR_LEN	16
#define LIOX_MIRROR_MD_AL_MAX		((4096 - LIOX_MIRROR_MD_AL_OFFSET - \
					  LIOX_MIRROR_MD_AL_HDR_LEN) / 4)
#define LIOX_MIRROR_MD_AL_LEN		(LIOX_MIRROR_MD_AL_OFFSET + \
					 LIOX_MIRROR_MD_AL_HDR_LEN + \
					 4 * LIOX_MIRROR_MD_AL_MAX)
#define LIOX_MIRROR_MD_AL_SHIFT_MIN	13	/* 4 MiB extents at least */
#define LIOX_MIRROR_MD_AL_SHIFT_MAX	40

enum liox_mirror_md_reason {
	LIOX_MIRROR_MD_OK,
	LIOX_MIRROR_MD_SHORT,		/* fewer bytes than the header */
	LIOX_MIRROR_MD_BAD_MAGIC,
	LIOX_MIRROR_MD_BAD_VERSION,	/* version or header length */
	LIOX_MIRROR_MD_HDR_CRC,
	LIOX_MIRROR_MD_BAD_FLAGS,
	LIOX_MIRROR_MD_BAD_GEOMETRY,	/* region size, device size, regions */
	LIOX_MIRROR_MD_BAD_COUNT,	/* dirty count above the regions */
	LIOX_MIRROR_MD_BAD_GENS,	/* a bitmap generation without current */
	LIOX_MIRROR_MD_BITS_SHORT,	/* fewer bytes than the bits */
	LIOX_MIRROR_MD_BITS_CRC,
	LIOX_MIRROR_MD_STRAY_BITS,	/* bits past the last region */
	LIOX_MIRROR_MD_COUNT_MISMATCH,	/* bits set != dirty count */
	LIOX_MIRROR_MD_WRONG_BITMAP,	/* @bm has another geometry */
	LIOX_MIRROR_MD_NR_REASONS
};

struct liox_mirror_md {
	u32 flags;
	u32 region_size;
	u64 dev_sectors;
	u64 nr_regions;
	u64 dirty;
	struct liox_mirror_gens gens;
	u32 bits_crc;
};

/* The extents of the activity log as one header write records them. */
struct liox_mirror_md_al {
	u32 shift;		/* log2 of the extent size in sectors */
	u32 count;
	u32 extents[LIOX_MIRROR_MD_AL_MAX];
};

u64 liox_mirror_md_bits_len(u64 nr_regions);
u64 liox_mirror_md_size(u64 nr_regions);
void liox_mirror_md_from_bitmap(struct liox_mirror_md *md,
				const struct liox_mirror_bitmap *bm);
void liox_mirror_md_encode_hdr(const struct liox_mirror_md *md, u8 *buf);
void liox_mirror_md_encode_bits(const struct liox_mirror_bitmap *bm,
				u64 offset, u8 *buf, u32 len);
int liox_mirror_md_decode_hdr(const u8 *buf, u32 len,
			      struct liox_mirror_md *md,
			      enum liox_mirror_md_reason *why);
int liox_mirror_md_decode_bits(const struct liox_mirror_md *md,
			       const u8 *bits, u64 len,
			       struct liox_mirror_bitmap *bm,
			       enum liox_mirror_md_reason *why);
void liox_mirror_md_encode_al(const struct liox_mirror_md_al *al, u8 *blk);
int liox_mirror_md_decode_al(const u8 *blk, u32 len,
			     struct liox_mirror_md_al *al);
const char *liox_mirror_md_reason_name(enum liox_mirror_md_reason why);

#endif /* _LIOX_MIRROR_MD_H */
