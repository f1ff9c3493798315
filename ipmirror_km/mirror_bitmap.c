// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty-region bitmap (see mirror_bitmap.h): a write marks every region
 * it touches; resync walks the dirty regions in order and cleans a region
 * once the peer has all of it. The byte form (region first + 8j + i is
 * bit i of byte j) is the one of BITMAP messages and of the metadata area.
 */
#include <linux/errno.h>
#include <linux/bitops.h>
#include "mirror_bitmap.h"

/**
 * liox_mirror_bitmap_nr_regions() - regions of a device, the last one
 *	possibly partial
 * @dev_sectors: device size in 512-byte sectors
 * @region_size: region size in bytes, a power of two >= 4096
 */
u64 liox_mirror_bitmap_nr_regions(u64 dev_sectors, u32 region_size)
{
	u64 rs = region_size >> 9;

	return dev_sectors / rs + !!(dev_sectors % rs);
}

/* How many u64 words hold @nr_regions bits. */
u64 liox_mirror_bitmap_words(u64 nr_regions)
{
	return nr_regions / 64 + !!(nr_regions % 64);
}

/**
 * liox_mirror_bitmap_init() - set up an empty bitmap
 * @bm: the bitmap
 * @words: its memory, cleared here
 * @nwords: how many words @words has
 * @dev_sectors: device size in sectors, 1..LIOX_MIRROR_MAX_SECTORS
 * @region_size: bytes, a power of two in 4 KiB..1 GiB
 *
 * Return: 0, -EINVAL (size), -E2BIG (more than 2^32 regions) or -ENOSPC
 * (@nwords too small).
 */
int liox_mirror_bitmap_init(struct liox_mirror_bitmap *bm, u64 *words,
			    u64 nwords, u64 dev_sectors, u32 region_size)
{
	u64 nr, i;

	if (region_size < LIOX_MIRROR_REGION_MIN ||
	    region_size > LIOX_MIRROR_REGION_MAX ||
	    (region_size & (region_size - 1)))
		return -EINVAL;
	if (!dev_sectors || dev_sectors > LIOX_MIRROR_MAX_SECTORS)
		return -EINVAL;
	nr = liox_mirror_bitmap_nr_regions(dev_sectors, region_size);
	if (nr > LIOX_MIRROR_MAX_REGIONS)
		return -E2BIG;
	if (nwords < liox_mirror_bitmap_words(nr))
		return -ENOSPC;
	bm->words = words;
	bm->dev_sectors = dev_sectors;
	bm->nr_regions = nr;
	bm->dirty = 0;
	bm->region_size = region_size;
	bm->region_shift = __ffs64(region_size) - 9;
	for (i = 0; i < liox_mirror_bitmap_words(nr); i++)
		words[i] = 0;
	return 0;
}

/* Set or clear regions @first..@last (inclusive); returns how many changed. */
static u64 liox_mirror_bitmap_update(struct liox_mirror_bitmap *bm, u64 first,
				     u64 last, bool set)
{
	u64 w, mask, old, changed = 0;
	unsigned int lo, hi;

	for (w = first / 64; w <= last / 64; w++) {
		lo = w == first / 64 ? first % 64 : 0;
		hi = w == last / 64 ? last % 64 : 63;
		mask = (~0ULL >> (63 - hi)) & (~0ULL << lo);
		old = bm->words[w];
		bm->words[w] = set ? old | mask : old & ~mask;
		changed += hweight64(old ^ bm->words[w]);
	}
	if (set)
		bm->dirty += changed;
	else
		bm->dirty -= changed;
	return changed;
}

/* A sector range inside the device? (nr_sectors 0 is, up to the end) */
static bool liox_mirror_bitmap_range_ok(const struct liox_mirror_bitmap *bm,
					u64 sector, u64 nr_sectors)
{
	return sector <= bm->dev_sectors &&
	       nr_sectors <= bm->dev_sectors - sector;
}

/**
 * liox_mirror_bitmap_set_range() - mark the regions a write touches
 * @bm: the bitmap
 * @sector: first sector written
 * @nr_sectors: sectors written; 0 marks nothing
 *
 * Return: how many regions became dirty (0: all were already, nothing to
 * persist), or -ERANGE if the range wraps or ends past the device.
 */
s64 liox_mirror_bitmap_set_range(struct liox_mirror_bitmap *bm, u64 sector,
				 u64 nr_sectors)
{
	if (!liox_mirror_bitmap_range_ok(bm, sector, nr_sectors))
		return -ERANGE;
	if (!nr_sectors)
		return 0;
	return liox_mirror_bitmap_update(bm, sector >> bm->region_shift,
					 (sector + nr_sectors - 1) >>
					 bm->region_shift, true);
}

/**
 * liox_mirror_bitmap_clear_range() - clean the regions a range covers
 *	entirely (the peer now has them)
 * @bm: the bitmap
 * @sector: first sector
 * @nr_sectors: how many
 *
 * A region only partly in the range stays dirty, except the last, partial
 * region of the device, which is covered when the range reaches the end.
 *
 * Return: how many regions became clean, or -ERANGE.
 */
s64 liox_mirror_bitmap_clear_range(struct liox_mirror_bitmap *bm, u64 sector,
				   u64 nr_sectors)
{
	u64 rs = 1ULL << bm->region_shift, first, end;

	if (!liox_mirror_bitmap_range_ok(bm, sector, nr_sectors))
		return -ERANGE;
	first = (sector + rs - 1) >> bm->region_shift;	/* no wrap: < 2^55 */
	end = sector + nr_sectors;
	end = end == bm->dev_sectors ? bm->nr_regions : end >> bm->region_shift;
	if (!nr_sectors || first >= end)
		return 0;
	return liox_mirror_bitmap_update(bm, first, end - 1, false);
}

/**
 * liox_mirror_bitmap_test_range() - does a range touch a dirty region?
 * @bm: the bitmap
 * @sector: first sector
 * @nr_sectors: how many; 0 touches nothing
 *
 * Return: 1, 0, or -ERANGE.
 */
int liox_mirror_bitmap_test_range(const struct liox_mirror_bitmap *bm,
				  u64 sector, u64 nr_sectors)
{
	u64 first, last;

	if (!liox_mirror_bitmap_range_ok(bm, sector, nr_sectors))
		return -ERANGE;
	if (!nr_sectors)
		return 0;
	first = sector >> bm->region_shift;
	last = (sector + nr_sectors - 1) >> bm->region_shift;
	return liox_mirror_bitmap_next(bm, first) <= last;
}

/* Region @region dirty? False past the end. */
bool liox_mirror_bitmap_test(const struct liox_mirror_bitmap *bm, u64 region)
{
	if (region >= bm->nr_regions)
		return false;
	return (bm->words[region / 64] >> (region % 64)) & 1;
}

/* Mark one region; true if it was clean. */
bool liox_mirror_bitmap_set(struct liox_mirror_bitmap *bm, u64 region)
{
	if (region >= bm->nr_regions)
		return false;
	return liox_mirror_bitmap_update(bm, region, region, true);
}

/* Clean one region; true if it was dirty. */
bool liox_mirror_bitmap_clear(struct liox_mirror_bitmap *bm, u64 region)
{
	if (region >= bm->nr_regions)
		return false;
	return liox_mirror_bitmap_update(bm, region, region, false);
}

/* Everything dirty: a full resync, or a bitmap that cannot be trusted. */
void liox_mirror_bitmap_set_all(struct liox_mirror_bitmap *bm)
{
	liox_mirror_bitmap_update(bm, 0, bm->nr_regions - 1, true);
}

void liox_mirror_bitmap_clear_all(struct liox_mirror_bitmap *bm)
{
	liox_mirror_bitmap_update(bm, 0, bm->nr_regions - 1, false);
}

/**
 * liox_mirror_bitmap_next() - the first dirty region at or after @from
 * @bm: the bitmap
 * @from: region to start at
 *
 * Return: its index, or @bm->nr_regions if there is none.
 */
u64 liox_mirror_bitmap_next(const struct liox_mirror_bitmap *bm, u64 from)
{
	u64 w, word, nwords = liox_mirror_bitmap_words(bm->nr_regions);

	if (from >= bm->nr_regions)
		return bm->nr_regions;
	w = from / 64;
	word = bm->words[w] & (~0ULL << (from % 64));
	while (!word) {
		if (++w == nwords)
			return bm->nr_regions;
		word = bm->words[w];
	}
	return w * 64 + __ffs64(word);
}

/* Count the dirty regions from the words (the cached count is @dirty). */
u64 liox_mirror_bitmap_recount(const struct liox_mirror_bitmap *bm)
{
	u64 w, n = 0;

	for (w = 0; w < liox_mirror_bitmap_words(bm->nr_regions); w++)
		n += hweight64(bm->words[w]);
	return n;
}

/**
 * liox_mirror_bitmap_region() - the sectors of a region
 * @bm: the bitmap
 * @region: a region index below @bm->nr_regions
 * @sector: its first sector
 * @nr_sectors: its length (the last region may be shorter)
 */
void liox_mirror_bitmap_region(const struct liox_mirror_bitmap *bm, u64 region,
			       u64 *sector, u64 *nr_sectors)
{
	u64 rs = 1ULL << bm->region_shift;

	*sector = region << bm->region_shift;
	*nr_sectors = bm->dev_sectors - *sector < rs ?
		      bm->dev_sectors - *sector : rs;
}

/* A range of regions for the byte form: starts on a byte, inside. */
static bool liox_mirror_bitmap_bytes_ok(const struct liox_mirror_bitmap *bm,
					u64 first, u64 nbits)
{
	return !(first % 8) && first <= bm->nr_regions &&
	       nbits <= bm->nr_regions - first;
}

/**
 * liox_mirror_bitmap_get_bytes() - regions @first.. in byte form
 * @bm: the bitmap
 * @first: first region, a multiple of 8
 * @out: (@nbits + 7) / 8 bytes; bits past @nbits are zero
 * @nbits: how many regions
 *
 * Return: 0 or -ERANGE.
 */
int liox_mirror_bitmap_get_bytes(const struct liox_mirror_bitmap *bm,
				 u64 first, u8 *out, u64 nbits)
{
	u64 j, r, nbytes = nbits / 8 + !!(nbits % 8);

	if (!liox_mirror_bitmap_bytes_ok(bm, first, nbits))
		return -ERANGE;
	for (j = 0; j < nbytes; j++) {
		r = first + 8 * j;
		out[j] = bm->words[r / 64] >> (r % 64);
	}
	if (nbits % 8)
		out[nbytes - 1] &= (1U << (nbits % 8)) - 1;
	return 0;
}

/**
 * liox_mirror_bitmap_merge_bytes() - OR regions in byte form into @bm
 *	(the peer's BITMAP, or the metadata area)
 * @bm: the bitmap
 * @first: first region, a multiple of 8
 * @in: (@nbits + 7) / 8 bytes; bits past @nbits are ignored
 * @nbits: how many regions
 *
 * Return: how many regions became dirty, or -ERANGE.
 */
s64 liox_mirror_bitmap_merge_bytes(struct liox_mirror_bitmap *bm, u64 first,
				   const u8 *in, u64 nbits)
{
	u64 j, r, old, add, n = 0, nbytes = nbits / 8 + !!(nbits % 8);
	u8 b;

	if (!liox_mirror_bitmap_bytes_ok(bm, first, nbits))
		return -ERANGE;
	for (j = 0; j < nbytes; j++) {
		b = in[j];
		if (j == nbytes - 1 && nbits % 8)
			b &= (1U << (nbits % 8)) - 1;
		r = first + 8 * j;
		old = bm->words[r / 64];
		add = (u64)b << (r % 64);
		bm->words[r / 64] = old | add;
		n += hweight64(add & ~old);
	}
	bm->dirty += n;
	return n;
}

/**
 * liox_mirror_bitmap_or() - set in @bm the regions of [@first, @first + @nr)
 *	that are set in @src
 * @bm: the bitmap changed
 * @src: a bitmap of the same number of regions
 * @first: first region, a multiple of 64
 * @nr: how many regions
 *
 * Return: how many regions became dirty, or -ERANGE.
 */
s64 liox_mirror_bitmap_or(struct liox_mirror_bitmap *bm,
			  const struct liox_mirror_bitmap *src, u64 first,
			  u64 nr)
{
	u64 w, end, add, n = 0;

	if (src->nr_regions != bm->nr_regions || first % 64 ||
	    first > bm->nr_regions || nr > bm->nr_regions - first)
		return -ERANGE;
	end = first + nr;
	for (w = first / 64; w < end / 64 + !!(end % 64); w++) {
		add = src->words[w] & ~bm->words[w];
		if (w == end / 64)
			add &= BIT_ULL(end % 64) - 1;
		bm->words[w] |= add;
		n += hweight64(add);
	}
	bm->dirty += n;
	return n;
}
