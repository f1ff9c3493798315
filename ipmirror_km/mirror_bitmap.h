/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dirty-region bitmap of a mirror: which regions (a power of two of bytes,
 * 64 KiB by default) of the device hold writes the peer may lack. Memory
 * is the caller's (an array of liox_mirror_bitmap_words() u64); nothing is
 * allocated or locked inside: the caller serialises calls. Region r is bit
 * r % 64 of word r / 64; bits past the last region stay zero. Pure logic.
 */
#ifndef _LIOX_MIRROR_BITMAP_H
#define _LIOX_MIRROR_BITMAP_H

#include <linux/bits.h>
#include <linux/types.h>

#define LIOX_MIRROR_REGION_MIN		4096U
#define LIOX_MIRROR_REGION_MAX		BIT(30)
#define LIOX_MIRROR_REGION_DEFAULT	(64U << 10)
#define LIOX_MIRROR_MAX_SECTORS		(~0ULL >> 9)	/* bytes fit in a u64 */
#define LIOX_MIRROR_MAX_REGIONS		BIT_ULL(32)

struct liox_mirror_bitmap {
	u64 *words;
	u64 dev_sectors;
	u64 nr_regions;
	u64 dirty;		/* regions set */
	u32 region_size;	/* bytes */
	u8 region_shift;	/* log2 of the region size in sectors */
};

u64 liox_mirror_bitmap_nr_regions(u64 dev_sectors, u32 region_size);
u64 liox_mirror_bitmap_words(u64 nr_regions);
int liox_mirror_bitmap_init(struct liox_mirror_bitmap *bm, u64 *words,
			    u64 nwords, u64 dev_sectors, u32 region_size);
s64 liox_mirror_bitmap_set_range(struct liox_mirror_bitmap *bm, u64 sector,
				 u64 nr_sectors);
s64 liox_mirror_bitmap_clear_range(struct liox_mirror_bitmap *bm, u64 sector,
				   u64 nr_sectors);
int liox_mirror_bitmap_test_range(const struct liox_mirror_bitmap *bm,
				  u64 sector, u64 nr_sectors);
bool liox_mirror_bitmap_test(const struct liox_mirror_bitmap *bm, u64 region);
bool liox_mirror_bitmap_set(struct liox_mirror_bitmap *bm, u64 region);
bool liox_mirror_bitmap_clear(struct liox_mirror_bitmap *bm, u64 region);
void liox_mirror_bitmap_set_all(struct liox_mirror_bitmap *bm);
void liox_mirror_bitmap_clear_all(struct liox_mirror_bitmap *bm);
u64 liox_mirror_bitmap_next(const struct liox_mirror_bitmap *bm, u64 from);
u64 liox_mirror_bitmap_recount(const struct liox_mirror_bitmap *bm);
void liox_mirror_bitmap_region(const struct liox_mirror_bitmap *bm, u64 region,
			       u64 *sector, u64 *nr_sectors);
int liox_mirror_bitmap_get_bytes(const struct liox_mirror_bitmap *bm,
				 u64 first, u8 *out, u64 nbits);
s64 liox_mirror_bitmap_merge_bytes(struct liox_mirror_bitmap *bm, u64 first,
				   const u8 *in, u64 nbits);
s64 liox_mirror_bitmap_or(struct liox_mirror_bitmap *bm,
			  const struct liox_mirror_bitmap *src, u64 first,
			  u64 nr);

static inline u64 liox_mirror_bitmap_dirty(const struct liox_mirror_bitmap *bm)
{
	return bm->dirty;
}

#endif /* _LIOX_MIRROR_BITMAP_H */
