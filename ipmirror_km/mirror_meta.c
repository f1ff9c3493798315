// SPDX-License-Identifier: GPL-2.0
/*
 * The metadata area at the end of the backing device (like DRBD's
 * internal meta-data) and the write-intent worker.
 *
 *   backing: [ data: data_sectors ][ header 4 KiB ][ bits, 4 KiB blocks ]
 *                                  ^ md_start, 4 KiB aligned
 *
 * The area is sized for the regions of the whole backing device
 * (liox_mirror_md_size()), the data area is what is left, rounded down to
 * 4 KiB. mirror_md.c encodes and decodes; this file only moves blocks.
 *
 * Write intent: a write on a primary without its peer marks the regions
 * it touches in the in-memory bitmap. When that sets a region that was
 * clean, or while such a change is not yet on disk, the write waits in
 * md_wait; the worker copies the changed 4 KiB bit blocks into the
 * shadow bitmap, writes them (FUA), then the header with the new count
 * and bits CRC (FUA), and only then sends the waiting writes down. So no
 * write is acknowledged before its regions are recorded dirty on disk.
 * Writes arriving while a commit runs are batched into the next one.
 *
 * When a commit fails, the writes that waited for it fail too; the changes
 * stay pending, so every later write waits for (and retries) a commit.
 *
 * Every write of a primary, with the peer or without, also takes a slot of
 * the activity log (mirror_al.c) for its extent; one that takes a new slot
 * waits in md_wait the same way, for the header that records the log.
 * Without a reusable slot, it waits in al_park, and later writes queue
 * behind it; the worker retries them in order when a slot becomes idle
 * or the peer flushed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "mirror_internal.h"

#define LIOX_MIRROR_BLOCK_SECTORS	(LIOX_MIRROR_MD_BLOCK >> SECTOR_SHIFT)
#define LIOX_MIRROR_WORDS_PER_BLOCK	(LIOX_MIRROR_REGIONS_PER_BLOCK / 64)

/**
 * liox_mirror_meta_geometry() - where the metadata area and the data end
 * @m: the mirror, with its backing device open
 *
 * Return: 0, or -ENOSPC when the backing device cannot hold the metadata
 * area and 4 KiB of data.
 */
int liox_mirror_meta_geometry(struct liox_mirror *m)
{
	sector_t total = bdev_nr_sectors(m->backing);
	u32 rs = m->cfg.region_kb << 10;
	u64 md_sectors;

	md_sectors = liox_mirror_md_size(liox_mirror_bitmap_nr_regions(total, rs))
		     >> SECTOR_SHIFT;
	if (total < md_sectors + LIOX_MIRROR_BLOCK_SECTORS) {
		pr_err("%s: %s has %llu sectors, too small for %llu of metadata\n",
		       m->name, m->cfg.backing, (u64)total, md_sectors);
		return -ENOSPC;
	}
	m->md_start = round_down(total - md_sectors, LIOX_MIRROR_BLOCK_SECTORS);
	WRITE_ONCE(m->data_sectors, m->md_start);
	return 0;
}

/* One synchronous 4 KiB I/O on the metadata area. */
static int liox_mirror_meta_rw(struct liox_mirror *m, blk_opf_t opf,
			       sector_t sector, void *buf)
{
	struct bio *bio;
	int ret;

	bio = bio_alloc(m->backing, 1, opf, GFP_NOIO);
	bio->bi_iter.bi_sector = sector;
	__bio_add_page(bio, virt_to_page(buf), LIOX_MIRROR_MD_BLOCK,
		       offset_in_page(buf));
	ret = submit_bio_wait(bio);
	bio_put(bio);
	return ret;
}

static sector_t liox_mirror_meta_block_sector(struct liox_mirror *m,
					      unsigned long blk)
{
	return m->md_start + LIOX_MIRROR_BLOCK_SECTORS * (1 + (sector_t)blk);
}

static int liox_mirror_meta_write_hdr(struct liox_mirror *m)
{
	struct liox_mirror_md md = m->md;
	blk_opf_t opf = REQ_OP_WRITE | REQ_SYNC | REQ_FUA;
	int ret;

	md.gens = m->shadow_gens;
	md.flags = m->shadow_flags;
	liox_mirror_md_from_bitmap(&md, &m->shadow);
	memset(m->md_buf, 0, LIOX_MIRROR_MD_BLOCK);
	liox_mirror_md_encode_hdr(&md, m->md_buf);
	liox_mirror_md_encode_al(&m->al_disk, m->md_buf);
	/*
	 * PREFLUSH, as DRBD's metadata writes, when the header stops naming
	 * something (an extent leaves the activity log, a region is cleaned,
	 * a flag or a generation changes: the mirroring flag cleared, a
	 * resync target consistent again), and for the first header of an
	 * enable: the writes that made that true must not be in the disk's
	 * volatile cache only. A header that only adds (extents to a log
	 * with free slots, dirty bits) needs FUA alone. The snapshot sets
	 * md_preflush for removals; it stays set until a header is written.
	 */
	if (m->md_preflush || md.flags != m->md.flags ||
	    memcmp(&md.gens, &m->md.gens, sizeof(md.gens)))
		opf |= REQ_PREFLUSH;
	ret = liox_mirror_meta_rw(m, opf, m->md_start, m->md_buf);
	if (!ret) {
		m->md = md;
		m->md_preflush = false;
	}
	return ret;
}

/*
 * Write the bit blocks in md_commit_blocks from the shadow bitmap, then
 * the header. Blocks stay in md_commit_blocks until written.
 */
static int liox_mirror_meta_write(struct liox_mirror *m)
{
	unsigned long blk;
	int ret;

	for_each_set_bit(blk, m->md_commit_blocks, m->nr_md_blocks) {
		liox_mirror_md_encode_bits(&m->shadow,
					   (u64)blk * LIOX_MIRROR_MD_BLOCK,
					   m->md_buf, LIOX_MIRROR_MD_BLOCK);
		ret = liox_mirror_meta_rw(m, REQ_OP_WRITE | REQ_SYNC | REQ_FUA,
					  liox_mirror_meta_block_sector(m, blk),
					  m->md_buf);
		if (ret)
			return ret;
	}
	ret = liox_mirror_meta_write_hdr(m);
	if (!ret)
		bitmap_zero(m->md_commit_blocks, m->nr_md_blocks);
	return ret;
}

/*
 * Take the changes of @bm into the shadow and md_commit_blocks (caller
 * holds bm_lock).
 */
static void liox_mirror_meta_snapshot(struct liox_mirror *m)
{
	u64 nwords = liox_mirror_bitmap_words(m->bm.nr_regions), first, n;
	u64 removals;
	unsigned long blk;

	for_each_set_bit(blk, m->md_dirty_blocks, m->nr_md_blocks) {
		first = (u64)blk * LIOX_MIRROR_WORDS_PER_BLOCK;
		n = min_t(u64, LIOX_MIRROR_WORDS_PER_BLOCK, nwords - first);
		memcpy(m->shadow.words + first, m->bm.words + first,
		       n * sizeof(u64));
	}
	bitmap_or(m->md_commit_blocks, m->md_commit_blocks,
		  m->md_dirty_blocks, m->nr_md_blocks);
	bitmap_zero(m->md_dirty_blocks, m->nr_md_blocks);
	m->shadow.dirty = m->bm.dirty;
	m->shadow_gens = m->gens;
	m->shadow_flags = m->md_flags;
	liox_mirror_al_snapshot(&m->al, &m->al_disk);
	/* an extent left the log or a region was cleaned: flush first */
	removals = m->al.evictions + m->bm_clears;
	if (removals != m->md_removals) {
		m->md_removals = removals;
		m->md_preflush = true;
	}
}

/* Read the bit area into a buffer of @len bytes, block by block. */
static int liox_mirror_meta_read_bits(struct liox_mirror *m, u8 *bits,
				      u64 len)
{
	unsigned long blk;
	int ret;

	for (blk = 0; blk < m->nr_md_blocks; blk++) {
		ret = liox_mirror_meta_rw(m, REQ_OP_READ,
					  liox_mirror_meta_block_sector(m, blk),
					  m->md_buf);
		if (ret)
			return ret;
		memcpy(bits + (u64)blk * LIOX_MIRROR_MD_BLOCK, m->md_buf,
		       min_t(u64, LIOX_MIRROR_MD_BLOCK,
			     len - (u64)blk * LIOX_MIRROR_MD_BLOCK));
	}
	return 0;
}

/*
 * Did a primary stop (crash, power loss) while its link was up? Then
 * writes it made may have reached its own disk and not the peer's, and
 * the bitmap does not know which: F_MIRRORING without F_CLEAN. Its
 * activity log does: such writes were in its extents (or every region is
 * resent, when the log cannot be used).
 */
static bool liox_mirror_meta_untracked(const struct liox_mirror_md *md)
{
	return (md->flags & LIOX_MIRROR_MD_F_MIRRORING) &&
	       !(md->flags & LIOX_MIRROR_MD_F_CLEAN);
}

/*
 * The primary stopped while mirroring: every region of the extents in the
 * activity log as last written (@m->al_disk, decoded: @al_ret 0) becomes
 * dirty. Return: how many extents, or a negative errno: the log cannot be
 * used (there is none, or it does not fit the device).
 */
static int liox_mirror_meta_al_replay(struct liox_mirror *m, int al_ret)
{
	const struct liox_mirror_md_al *al = &m->al_disk;
	u64 dev = m->bm.dev_sectors, sector;
	u32 i;

	if (al_ret)
		return al_ret;
	if (al->shift != m->al.shift)
		return -EINVAL;
	for (i = 0; i < al->count; i++)
		if (((u64)al->extents[i] << al->shift) >= dev)
			return -EINVAL;
	for (i = 0; i < al->count; i++) {
		sector = (u64)al->extents[i] << al->shift;
		liox_mirror_bitmap_set_range(&m->bm, sector,
					     min_t(u64, 1ULL << al->shift,
						   dev - sector));
	}
	return al->count;
}

/*
 * A valid header: check its geometry against the configuration, load the
 * bits (every region dirty if they cannot be trusted; if the primary
 * stopped while mirroring, @untracked, the extents of its activity log
 * too, or every region without a usable log: @al_ret is what decoding it
 * returned).
 */
static int liox_mirror_meta_adopt_hdr(struct liox_mirror *m,
				      const struct liox_mirror_md *md,
				      int al_ret, bool *untracked)
{
	enum liox_mirror_md_reason why;
	u64 len = liox_mirror_md_bits_len(m->bm.nr_regions);
	bool all_dirty;
	u8 *bits;
	int ret, n;

	if (md->region_size != m->bm.region_size ||
	    md->dev_sectors != m->bm.dev_sectors) {
		pr_err("%s: metadata on %s is for %llu sectors in regions of %u KiB, the configuration gives %llu sectors in regions of %u KiB: refusing\n",
		       m->name, m->cfg.backing, md->dev_sectors,
		       md->region_size >> 10, m->bm.dev_sectors,
		       m->bm.region_size >> 10);
		return -EINVAL;
	}
	bits = kvmalloc(max_t(u64, len, 1), GFP_KERNEL);
	if (!bits)
		return -ENOMEM;
	ret = liox_mirror_meta_read_bits(m, bits, len);
	if (ret) {
		pr_err("%s: cannot read the metadata bitmap: %d\n", m->name,
		       ret);
		goto out_free;
	}
	all_dirty = liox_mirror_md_decode_bits(md, bits, len, &m->bm, &why) != 0;
	if (all_dirty) {
		pr_warn("%s: metadata bitmap refused (%s): every region dirty, a full resync follows\n",
			m->name, liox_mirror_md_reason_name(why));
		/* @bm is undefined after a refusal: start it over */
		liox_mirror_bitmap_init(&m->bm, m->bm.words,
					liox_mirror_bitmap_words(m->bm.nr_regions),
					m->bm.dev_sectors, m->bm.region_size);
	}
	*untracked = liox_mirror_meta_untracked(md);
	if (*untracked && !all_dirty) {
		n = liox_mirror_meta_al_replay(m, al_ret);
		if (n >= 0) {
			pr_warn("%s: stopped without a clean shutdown while its writes went to the peer: the %d extents of its activity log are dirty (%llu regions in all), resent to the peer\n",
				m->name, n, m->bm.dirty);
			/* their bits may be in any block: write them all */
			bitmap_fill(m->md_commit_blocks, m->nr_md_blocks);
		} else {
			pr_warn("%s: stopped without a clean shutdown while its writes went to the peer, and its activity log cannot be used (%d): every region dirty, a full resync to the peer follows\n",
				m->name, n);
			all_dirty = true;
		}
	} else if (!(md->flags & LIOX_MIRROR_MD_F_CLEAN)) {
		pr_warn("%s: was not shut down cleanly; %llu dirty regions recorded\n",
			m->name, m->bm.dirty);
	}
	if (all_dirty) {
		liox_mirror_bitmap_set_all(&m->bm);
		bitmap_fill(m->md_commit_blocks, m->nr_md_blocks);
	}
	m->md = *md;
out_free:
	kvfree(bits);
	return ret;
}

static void liox_mirror_meta_fresh(struct liox_mirror *m)
{
	memset(&m->md, 0, sizeof(m->md));
	liox_mirror_bitmap_clear_all(&m->bm);
	/* old bytes may lie in the bit area: write every block */
	bitmap_fill(m->md_commit_blocks, m->nr_md_blocks);
	pr_info("%s: no metadata on %s: initialised, %llu regions of %u KiB\n",
		m->name, m->cfg.backing, m->bm.nr_regions,
		m->bm.region_size >> 10);
}

static int liox_mirror_meta_alloc(struct liox_mirror *m)
{
	u32 rs = m->cfg.region_kb << 10;
	u64 nr = liox_mirror_bitmap_nr_regions(m->data_sectors, rs);
	u64 nwords = liox_mirror_bitmap_words(nr);
	u64 *words, *shadow;
	int ret;

	if (nr > LIOX_MIRROR_MAX_REGIONS)
		return -E2BIG;
	m->nr_md_blocks = DIV_ROUND_UP(liox_mirror_md_bits_len(nr),
				       LIOX_MIRROR_MD_BLOCK);
	words = kvcalloc(nwords, sizeof(u64), GFP_KERNEL);
	shadow = kvcalloc(nwords, sizeof(u64), GFP_KERNEL);
	m->md_dirty_blocks = bitmap_zalloc(m->nr_md_blocks, GFP_KERNEL);
	m->md_commit_blocks = bitmap_zalloc(m->nr_md_blocks, GFP_KERNEL);
	m->md_buf = (u8 *)__get_free_page(GFP_KERNEL);
	if (!words || !shadow || !m->md_dirty_blocks || !m->md_commit_blocks ||
	    !m->md_buf) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = liox_mirror_bitmap_init(&m->bm, words, nwords, m->data_sectors,
				      rs);
	if (!ret)
		ret = liox_mirror_bitmap_init(&m->shadow, shadow, nwords,
					      m->data_sectors, rs);
	if (ret)
		goto err_free;
	ret = liox_mirror_al_init(&m->al, m->cfg.al_extents,
				  liox_mirror_al_shift(m->data_sectors,
						       m->bm.region_shift));
	if (ret)
		goto err_free;
	return 0;

err_free:
	kvfree(words);
	kvfree(shadow);
	m->bm.words = NULL;
	m->shadow.words = NULL;
	liox_mirror_meta_unload(m);
	return ret;
}

/**
 * liox_mirror_meta_load() - read (or initialise) the metadata area and
 *	mark it in use
 * @m: the mirror, geometry known (liox_mirror_meta_geometry())
 *
 * Without a valid magic the area is initialised: a primary gets a new
 * current generation, a secondary stays "fresh" (generation 0) until its
 * first resync or promotion; no region is dirty. A header with a valid
 * magic that fails its checks is refused (-EUCLEAN); one whose geometry
 * differs from the configuration too (-EINVAL). A bitmap that fails its
 * checks makes every region dirty, as does F_MIRRORING without F_CLEAN. Then
 * F_CLEAN and F_MIRRORING are cleared on disk.
 *
 * Return: 0 or a negative errno; nothing is left allocated on failure.
 */
int liox_mirror_meta_load(struct liox_mirror *m)
{
	enum liox_mirror_md_reason why;
	bool untracked = false;
	struct liox_mirror_md md;
	int ret, al_ret;

	ret = liox_mirror_meta_alloc(m);
	if (ret)
		return ret;
	ret = liox_mirror_meta_rw(m, REQ_OP_READ, m->md_start, m->md_buf);
	if (ret) {
		pr_err("%s: cannot read the metadata header: %d\n", m->name,
		       ret);
		goto err_unload;
	}
	ret = liox_mirror_md_decode_hdr(m->md_buf, LIOX_MIRROR_MD_BLOCK, &md,
					&why);
	al_ret = liox_mirror_md_decode_al(m->md_buf, LIOX_MIRROR_MD_BLOCK,
					  &m->al_disk);
	if (ret && why == LIOX_MIRROR_MD_BAD_MAGIC) {
		liox_mirror_meta_fresh(m);
	} else if (ret) {
		pr_err("%s: metadata header on %s refused (%s); clear the last %llu KiB of the device to start afresh\n",
		       m->name, m->cfg.backing, liox_mirror_md_reason_name(why),
		       (u64)(bdev_nr_sectors(m->backing) - m->md_start) >> 1);
		ret = -EUCLEAN;
		goto err_unload;
	} else {
		ret = liox_mirror_meta_adopt_hdr(m, &md, al_ret, &untracked);
		if (ret)
			goto err_unload;
	}

	/*
	 * A primary without a generation (fresh, or promoted) starts one; so
	 * does one that stopped while mirroring: it holds changes its peer
	 * may lack, as if it had written without the peer (the decision then
	 * resyncs it to the peer, or finds a split brain if the peer was
	 * promoted and wrote meanwhile).
	 */
	if ((m->cfg.role == LIOX_MIRROR_PRIMARY && !m->md.gens.current_gen) ||
	    (untracked && m->md.gens.current_gen))
		liox_mirror_gen_new_current(&m->md.gens, get_random_u64());
	m->md.flags &= ~(LIOX_MIRROR_MD_F_CLEAN | LIOX_MIRROR_MD_F_PRIMARY |
			 LIOX_MIRROR_MD_F_MIRRORING);
	if (m->cfg.role == LIOX_MIRROR_PRIMARY)
		m->md.flags |= LIOX_MIRROR_MD_F_PRIMARY;

	memcpy(m->shadow.words, m->bm.words,
	       liox_mirror_bitmap_words(m->bm.nr_regions) * sizeof(u64));
	m->shadow.dirty = m->bm.dirty;
	m->gens = m->md.gens;
	m->md_flags = m->md.flags;
	m->shadow_gens = m->gens;
	m->shadow_flags = m->md_flags;
	/* the log on disk, as far as it fits: nothing of it is in flight */
	if (!al_ret)
		liox_mirror_al_preload(&m->al, &m->al_disk,
				       DIV_ROUND_UP_ULL(m->data_sectors,
							1ULL << m->al.shift));
	liox_mirror_al_snapshot(&m->al, &m->al_disk);
	m->bm_clears = 0;
	m->md_removals = m->al.evictions;
	/* what this node wrote before may still be in the disk's cache */
	m->md_preflush = true;
	m->gen_bumped = untracked;
	m->marked_seq = 0;
	m->written_seq = 0;
	m->md_failed_seq = 0;
	ret = liox_mirror_meta_write(m);
	if (ret) {
		pr_err("%s: cannot write the metadata: %d\n", m->name, ret);
		goto err_unload;
	}
	pr_info("%s: generation %016llx, %llu of %llu regions dirty\n",
		m->name, m->md.gens.current_gen, m->bm.dirty, m->bm.nr_regions);
	return 0;

err_unload:
	liox_mirror_meta_unload(m);
	return ret;
}

/**
 * liox_mirror_meta_unload() - free what liox_mirror_meta_load() set up
 * @m: the mirror; no I/O runs and the worker is idle
 *
 * The header as last written stays in @m->md, for configfs.
 */
void liox_mirror_meta_unload(struct liox_mirror *m)
{
	kvfree(m->bm.words);
	kvfree(m->shadow.words);
	m->bm.words = NULL;
	m->shadow.words = NULL;
	liox_mirror_al_exit(&m->al);
	bitmap_free(m->md_dirty_blocks);
	bitmap_free(m->md_commit_blocks);
	m->md_dirty_blocks = NULL;
	m->md_commit_blocks = NULL;
	free_page((unsigned long)m->md_buf);
	m->md_buf = NULL;
}

/**
 * liox_mirror_meta_close() - write what is pending and mark the metadata
 *	clean
 * @m: the mirror; no I/O is in flight any more
 *
 * Return: 0 or the error of the write (logged).
 */
int liox_mirror_meta_close(struct liox_mirror *m)
{
	int ret;

	flush_work(&m->md_work);
	flush_work(&m->md_submit_work);
	spin_lock_irq(&m->bm_lock);
	m->md_flags |= LIOX_MIRROR_MD_F_CLEAN;
	liox_mirror_meta_snapshot(m);
	spin_unlock_irq(&m->bm_lock);
	ret = liox_mirror_meta_write(m);
	if (ret)
		pr_err("%s: cannot mark the metadata clean: %d\n", m->name,
		       ret);
	return ret;
}

/* The 4 KiB bit blocks of regions @first..@last change. */
static void liox_mirror_meta_blocks_locked(struct liox_mirror *m, u64 first,
					   u64 last)
{
	first /= LIOX_MIRROR_REGIONS_PER_BLOCK;
	last /= LIOX_MIRROR_REGIONS_PER_BLOCK;
	bitmap_set(m->md_dirty_blocks, first, last - first + 1);
}

/* Regions were marked dirty (caller holds bm_lock): see below. */
static void liox_mirror_meta_changed_locked(struct liox_mirror *m)
{
	if (m->cfg.role == LIOX_MIRROR_PRIMARY && !m->gen_bumped &&
	    !liox_mirror_peer_connected(m)) {
		liox_mirror_gen_new_current(&m->gens, get_random_u64());
		m->gen_bumped = true;
	}
	m->marked_seq++;
}

/*
 * Mark [@sector, +@nr) dirty (caller holds bm_lock). A primary that
 * records a change its peer lacks starts a new generation the first time
 * since the link was last up (Documentation/ipmirror-wire.rst).
 */
static void liox_mirror_meta_set_locked(struct liox_mirror *m, u64 sector,
					u64 nr)
{
	if (!nr || liox_mirror_bitmap_set_range(&m->bm, sector, nr) <= 0)
		return;
	liox_mirror_meta_blocks_locked(m, sector >> m->bm.region_shift,
				       (sector + nr - 1) >> m->bm.region_shift);
	liox_mirror_meta_changed_locked(m);
}

enum liox_mirror_mark {
	LIOX_MIRROR_MARK_GO,		/* its records are on disk: send it */
	LIOX_MIRROR_MARK_WAIT,		/* in md_wait for a commit */
	LIOX_MIRROR_MARK_PARK,		/* no activity log slot for it yet */
};

/*
 * Take @io's activity log slot; with @dirty (no peer to send it to), mark
 * its regions too. Queue it in md_wait if what it needs is not yet on
 * disk (caller holds bm_lock and queues the worker then). Without a slot,
 * nothing changes: the caller parks it.
 */
static enum liox_mirror_mark
liox_mirror_meta_mark_locked(struct liox_mirror *m, struct liox_mirror_io *io,
			     bool dirty)
{
	u64 sector = io->clone.bi_iter.bi_sector;
	u64 nr = bio_sectors(&io->clone);
	unsigned int idx;
	bool inserted;
	u64 need;

	idx = liox_mirror_al_get(&m->al, sector >> m->al.shift,
				 m->marked_seq + 1, &inserted);
	if (!idx)
		return LIOX_MIRROR_MARK_PARK;
	if (inserted)
		m->marked_seq++;
	io->al_slot = idx;
	need = liox_mirror_al_seq(&m->al, idx);
	if (dirty) {
		liox_mirror_meta_set_locked(m, sector, nr);
		io->md_epoch = m->md_epoch;
		/* after an outage's change, every write waits for the disk */
		need = m->marked_seq;
	}
	if ((s64)(need - m->written_seq) <= 0)
		return LIOX_MIRROR_MARK_GO;
	io->need_seq = need;
	bio_list_add(&m->md_wait, &io->clone);
	return LIOX_MIRROR_MARK_WAIT;
}

/**
 * liox_mirror_meta_mark() - record a write before it goes anywhere
 * @m: the mirror, a primary
 * @io: the write (with data, within one extent), not yet sent to the
 *	backing device
 *
 * Without a peer to send it to, its regions are marked dirty too. Sleeps
 * while a link is being set up (liox_mirror_meta_join()).
 *
 * Return: true if the write was queued to wait for the metadata or for an
 * activity log slot (the worker sends it on), false if what it needs is
 * already on disk and the caller sends it now.
 */
bool liox_mirror_meta_mark(struct liox_mirror *m, struct liox_mirror_io *io)
{
	enum liox_mirror_mark what;
	unsigned long flags;
	bool dirty;

	spin_lock_irqsave(&m->bm_lock, flags);
	while (m->md_joining) {
		spin_unlock_irqrestore(&m->bm_lock, flags);
		wait_event(m->md_wq, !READ_ONCE(m->md_joining));
		spin_lock_irqsave(&m->bm_lock, flags);
	}
	dirty = !liox_mirror_peer_connected(m);
	/*
	 * Behind writes already waiting for a slot, even to an extent the
	 * log holds: so that those extents' references drain and the
	 * waiting ones get their turn
	 */
	if (!bio_list_empty(&m->al_park))
		what = LIOX_MIRROR_MARK_PARK;
	else
		what = liox_mirror_meta_mark_locked(m, io, dirty);
	if (what == LIOX_MIRROR_MARK_PARK)
		bio_list_add(&m->al_park, &io->clone);
	spin_unlock_irqrestore(&m->bm_lock, flags);
	/* parked too: the worker has the peer flush if slots wait for that */
	if (what != LIOX_MIRROR_MARK_GO)
		queue_work(liox_mirror_wq, &m->md_work);
	return what != LIOX_MIRROR_MARK_GO;
}

/*
 * Retry the parked writes, in order, while slots are found (caller holds
 * bm_lock, and runs the commit loop after): the ones that need no commit
 * go to @go, the others wait in md_wait.
 */
static void liox_mirror_meta_unpark_locked(struct liox_mirror *m,
					   struct bio_list *go)
{
	struct liox_mirror_io *io;
	struct bio *bio;
	bool dirty;

	/*
	 * A parked write keeps the device, and so m->net, from going away.
	 * While a link is being set up they stay parked (its end kicks the
	 * worker).
	 */
	if (bio_list_empty(&m->al_park) || m->md_joining)
		return;
	dirty = !liox_mirror_peer_connected(m);
	while ((bio = bio_list_pop(&m->al_park))) {
		io = container_of(bio, struct liox_mirror_io, clone);
		switch (liox_mirror_meta_mark_locked(m, io, dirty)) {
		case LIOX_MIRROR_MARK_PARK:
			bio_list_add_head(&m->al_park, bio);
			return;
		case LIOX_MIRROR_MARK_WAIT:
			break;
		case LIOX_MIRROR_MARK_GO:
			bio_list_add(go, bio);
			break;
		}
	}
}

/*
 * Writes are parked: have the peer flush, if that is what keeps the
 * slots busy (a parked write keeps the device, and so the network half,
 * from going away).
 */
static void liox_mirror_meta_al_kick_peer(struct liox_mirror *m)
{
	struct liox_mirror_net *net = READ_ONCE(m->net);

	if (net)
		liox_mirror_unflushed_kick(net);
}

/* Are writes parked? (caller holds bm_lock) */
static bool liox_mirror_meta_al_parked_locked(struct liox_mirror *m)
{
	return !bio_list_empty(&m->al_park);
}

/**
 * liox_mirror_meta_al_put() - a write, or an async request, let go of
 *	its activity log slot
 * @m: the mirror
 * @idx: the slot + 1
 *
 * Any context.
 */
void liox_mirror_meta_al_put(struct liox_mirror *m, unsigned int idx)
{
	unsigned long flags;
	bool kick;

	spin_lock_irqsave(&m->bm_lock, flags);
	kick = liox_mirror_al_put(&m->al, idx) &&
	       liox_mirror_meta_al_parked_locked(m);
	spin_unlock_irqrestore(&m->bm_lock, flags);
	if (kick)
		queue_work(liox_mirror_wq, &m->md_work);
}

/**
 * liox_mirror_meta_al_hold() - an async request to the peer holds the
 *	slot of its write until the peer acknowledged it
 * @m: the mirror
 * @idx: the slot + 1, held by the write
 */
void liox_mirror_meta_al_hold(struct liox_mirror *m, unsigned int idx)
{
	unsigned long flags;

	spin_lock_irqsave(&m->bm_lock, flags);
	liox_mirror_al_hold(&m->al, idx);
	spin_unlock_irqrestore(&m->bm_lock, flags);
}

/**
 * liox_mirror_meta_al_acked() - the peer acknowledged a write to the
 *	slot's extent, durable with its flush of cut @cut
 * @m: the mirror
 * @idx: the slot + 1, held
 * @cut: liox_mirror_unflushed_next()
 */
void liox_mirror_meta_al_acked(struct liox_mirror *m, unsigned int idx,
			       u64 cut)
{
	unsigned long flags;

	spin_lock_irqsave(&m->bm_lock, flags);
	liox_mirror_al_acked(&m->al, idx, cut);
	spin_unlock_irqrestore(&m->bm_lock, flags);
}

/**
 * liox_mirror_meta_al_flushed() - the peer flushed every cut up to @cut
 * @m: the mirror
 * @cut: the cut
 */
void liox_mirror_meta_al_flushed(struct liox_mirror *m, u64 cut)
{
	unsigned long flags;
	bool kick;

	spin_lock_irqsave(&m->bm_lock, flags);
	liox_mirror_al_flushed(&m->al, cut);
	kick = liox_mirror_meta_al_parked_locked(m);
	spin_unlock_irqrestore(&m->bm_lock, flags);
	if (kick)
		queue_work(liox_mirror_wq, &m->md_work);
}

/**
 * liox_mirror_meta_still_marked() - is the mark @io made still all it
 *	needs, the link down since?
 * @m: the mirror
 * @io: a write released by the metadata worker, or never marked
 *
 * A resync runs only while the link is up and may clean the regions of a
 * write marked before: after a link up (or down) the write is recorded
 * again if the peer does not get it.
 */
bool liox_mirror_meta_still_marked(struct liox_mirror *m,
				   struct liox_mirror_io *io)
{
	bool still;

	spin_lock_irq(&m->bm_lock);
	still = io->md_epoch == m->md_epoch;
	spin_unlock_irq(&m->bm_lock);
	return still;
}

/* The waiting writes whose change is on disk (or failed) at @seq. */
static void liox_mirror_meta_pop(struct liox_mirror *m, u64 seq,
				 struct bio_list *ready)
{
	struct liox_mirror_io *io;
	struct bio *bio;

	while ((bio = bio_list_peek(&m->md_wait))) {
		io = container_of(bio, struct liox_mirror_io, clone);
		if (io->need_seq > seq)
			break;
		bio_list_add(ready, bio_list_pop(&m->md_wait));
	}
}

/**
 * liox_mirror_meta_work() - the write-intent worker (see the top)
 * @work: the mirror's md_work
 */
void liox_mirror_meta_work(struct work_struct *work)
{
	struct liox_mirror *m = container_of(work, struct liox_mirror,
					     md_work);
	struct bio_list ready, go;
	struct liox_mirror_io *io;
	bool parked, submit;
	struct bio *bio;
	u64 target;
	int ret;

	for (;;) {
		bio_list_init(&ready);
		bio_list_init(&go);
		spin_lock_irq(&m->bm_lock);
		liox_mirror_meta_unpark_locked(m, &go);
		parked = liox_mirror_meta_al_parked_locked(m);
		submit = !bio_list_empty(&go);
		bio_list_merge(&m->md_submit, &go);
		if (m->written_seq == m->marked_seq) {
			spin_unlock_irq(&m->bm_lock);
			if (submit)
				queue_work(liox_mirror_wq, &m->md_submit_work);
			if (parked)
				liox_mirror_meta_al_kick_peer(m);
			return;
		}
		target = m->marked_seq;
		liox_mirror_meta_snapshot(m);
		spin_unlock_irq(&m->bm_lock);
		/* the ones unparked that need nothing of this write go now */
		if (submit)
			queue_work(liox_mirror_wq, &m->md_submit_work);

		ret = liox_mirror_meta_write(m);

		spin_lock_irq(&m->bm_lock);
		if (ret) {
			m->md_failures++;
			m->md_failed_seq = target;
		} else {
			m->written_seq = target;
		}
		liox_mirror_meta_pop(m, target, &ready);
		spin_unlock_irq(&m->bm_lock);
		wake_up_all(&m->md_wq);

		if (ret) {
			atomic64_inc(&m->stats.md_errors);
			liox_err_ratelimited("%s: metadata write failed (%d): failing %u writes\n",
					     m->name, ret, bio_list_size(&ready));
			while ((bio = bio_list_pop(&ready))) {
				io = container_of(bio, struct liox_mirror_io,
						  clone);
				liox_mirror_io_put(io, BLK_STS_IOERR);
			}
			/* later writes queue the work again and retry */
			return;
		}
		atomic64_inc(&m->stats.md_commits);
		/*
		 * The submit worker sends them on: submitting may wait for
		 * the peer (an async PREFLUSH's barrier) or for this worker
		 * (a link that went down meanwhile records the write dirty
		 * again: the resync may have cleaned its region since), and
		 * the link's teardown waits for this worker.
		 */
		spin_lock_irq(&m->bm_lock);
		bio_list_merge(&m->md_submit, &ready);
		spin_unlock_irq(&m->bm_lock);
		queue_work(liox_mirror_wq, &m->md_submit_work);
	}
}

/**
 * liox_mirror_meta_submit_work() - submit, in order, the writes whose
 *	regions the metadata worker has written
 * @work: the mirror's md_submit_work
 */
void liox_mirror_meta_submit_work(struct work_struct *work)
{
	struct liox_mirror *m = container_of(work, struct liox_mirror,
					     md_submit_work);
	struct bio *bio;

	for (;;) {
		spin_lock_irq(&m->bm_lock);
		bio = bio_list_pop(&m->md_submit);
		spin_unlock_irq(&m->bm_lock);
		if (!bio)
			return;
		liox_mirror_io_submit(container_of(bio, struct liox_mirror_io,
						   clone));
	}
}

/*
 * Is the change @seq on disk (1), did a write that held it fail since
 * @failures were counted (-EIO), or neither yet (0)? A failed write of
 * older changes only is not this one's: the run queued after @seq was
 * marked follows it.
 */
static int liox_mirror_meta_written(struct liox_mirror *m, u64 seq,
				    u64 failures)
{
	int ret = 0;

	spin_lock_irq(&m->bm_lock);
	if ((s64)(m->written_seq - seq) >= 0)
		ret = 1;
	else if (m->md_failures != failures &&
		 (s64)(m->md_failed_seq - seq) >= 0)
		ret = -EIO;
	spin_unlock_irq(&m->bm_lock);
	return ret;
}

/*
 * Write every change up to @seq and wait. Not from the worker itself. The
 * queue_work() here, or a concurrent one that found the worker pending
 * first, runs the worker after @seq was marked; it loops until every
 * change is written or a write fails, waking @md_wq each time.
 */
static int liox_mirror_meta_commit(struct liox_mirror *m, u64 seq)
{
	u64 failures;
	int ret;

	spin_lock_irq(&m->bm_lock);
	failures = m->md_failures;
	spin_unlock_irq(&m->bm_lock);
	queue_work(liox_mirror_wq, &m->md_work);
	wait_event(m->md_wq,
		   (ret = liox_mirror_meta_written(m, seq, failures)) != 0);
	return ret < 0 ? ret : 0;
}

/**
 * liox_mirror_meta_gens() - the mirror's generations now
 * @m: the mirror, enabled
 * @g: filled
 */
void liox_mirror_meta_gens(struct liox_mirror *m, struct liox_mirror_gens *g)
{
	spin_lock_irq(&m->bm_lock);
	*g = m->gens;
	spin_unlock_irq(&m->bm_lock);
}

/**
 * liox_mirror_meta_mark_range() - record a range dirty, on disk
 * @m: the mirror
 * @sector: first sector
 * @nr: sectors
 *
 * For writes the peer may lack (the link went down before their ack, the
 * peer failed them, verify found them different). Sleeps until the change
 * is on disk; never call it from the metadata worker.
 *
 * Return: 0 or -EIO (the metadata write failed).
 */
int liox_mirror_meta_mark_range(struct liox_mirror *m, u64 sector, u64 nr)
{
	return liox_mirror_meta_mark_range_end(m,
			liox_mirror_meta_mark_range_begin(m, sector, nr));
}

/**
 * liox_mirror_meta_mark_range_begin() - the first half of
 *	liox_mirror_meta_mark_range(): the range is dirty in memory
 * @m: the mirror
 * @sector: first sector
 * @nr: sectors
 *
 * Waits for nothing: a caller may hold link_rwsem, so that the mark is
 * made before a link being set up sends the bitmap.
 *
 * Return: the change liox_mirror_meta_mark_range_end() waits for; 0:
 * none.
 */
u64 liox_mirror_meta_mark_range_begin(struct liox_mirror *m, u64 sector,
				      u64 nr)
{
	u64 seq;

	spin_lock_irq(&m->bm_lock);
	liox_mirror_meta_set_locked(m, sector, nr);
	seq = m->written_seq != m->marked_seq ? m->marked_seq : 0;
	spin_unlock_irq(&m->bm_lock);
	return seq;
}

/**
 * liox_mirror_meta_mark_range_end() - wait until the marks are on disk
 * @m: the mirror
 * @seq: liox_mirror_meta_mark_range_begin()'s answer
 *
 * Sleeps; never from the metadata worker. Return: 0 or -EIO.
 */
int liox_mirror_meta_mark_range_end(struct liox_mirror *m, u64 seq)
{
	return seq ? liox_mirror_meta_commit(m, seq) : 0;
}

/**
 * liox_mirror_meta_clear_range() - the peer has a range now
 * @m: the mirror
 * @sector: first sector
 * @nr: sectors; only regions covered entirely are cleaned
 *
 * Written to disk with the next commit (a region left dirty by a crash
 * is only sent again). Any context that may take a spinlock.
 */
void liox_mirror_meta_clear_range(struct liox_mirror *m, u64 sector, u64 nr)
{
	unsigned long flags;
	bool changed = false;

	spin_lock_irqsave(&m->bm_lock, flags);
	if (nr && liox_mirror_bitmap_clear_range(&m->bm, sector, nr) > 0) {
		liox_mirror_meta_blocks_locked(m, sector >> m->bm.region_shift,
					       (sector + nr - 1) >>
					       m->bm.region_shift);
		m->marked_seq++;
		m->bm_clears++;
		changed = true;
	}
	spin_unlock_irqrestore(&m->bm_lock, flags);
	if (changed)
		queue_work(liox_mirror_wq, &m->md_work);
}

/**
 * liox_mirror_meta_merge() - OR the peer's dirty regions into ours
 * @m: the mirror
 * @first: first region, a multiple of 8
 * @bits: the BITMAP payload
 * @nbits: regions in it
 *
 * Written with the next commit (liox_mirror_meta_sync()).
 */
void liox_mirror_meta_merge(struct liox_mirror *m, u64 first, const u8 *bits,
			    u64 nbits)
{
	spin_lock_irq(&m->bm_lock);
	if (nbits && liox_mirror_bitmap_merge_bytes(&m->bm, first, bits,
						    nbits) > 0) {
		liox_mirror_meta_blocks_locked(m, first, first + nbits - 1);
		m->marked_seq++;
	}
	spin_unlock_irq(&m->bm_lock);
}

/**
 * liox_mirror_meta_or() - record dirty every region set in @src
 * @m: the mirror
 * @src: regions of the mirror's geometry (ones the peer may have lost)
 *
 * As a write's mark, it starts a new generation on a primary once the
 * link is down. Written with the next commit (liox_mirror_meta_sync()).
 *
 * Return: how many regions became dirty.
 */
u64 liox_mirror_meta_or(struct liox_mirror *m,
			const struct liox_mirror_bitmap *src)
{
	u64 first, nr = m->bm.nr_regions, n = 0;
	unsigned long flags;
	s64 added;

	if (!liox_mirror_bitmap_dirty(src))
		return 0;
	/* a metadata block at a time: interrupts stay off only that long */
	for (first = 0; first < nr; first += LIOX_MIRROR_REGIONS_PER_BLOCK) {
		spin_lock_irqsave(&m->bm_lock, flags);
		added = liox_mirror_bitmap_or(&m->bm, src, first,
					      min_t(u64, nr - first,
						    LIOX_MIRROR_REGIONS_PER_BLOCK));
		if (added > 0) {
			__set_bit(first / LIOX_MIRROR_REGIONS_PER_BLOCK,
				  m->md_dirty_blocks);
			n += added;
		}
		spin_unlock_irqrestore(&m->bm_lock, flags);
	}
	if (n) {
		spin_lock_irqsave(&m->bm_lock, flags);
		liox_mirror_meta_changed_locked(m);
		spin_unlock_irqrestore(&m->bm_lock, flags);
	}
	return n;
}

/**
 * liox_mirror_meta_set_all() - every region dirty (a full resync)
 * @m: the mirror
 */
void liox_mirror_meta_set_all(struct liox_mirror *m)
{
	spin_lock_irq(&m->bm_lock);
	liox_mirror_bitmap_set_all(&m->bm);
	bitmap_fill(m->md_dirty_blocks, m->nr_md_blocks);
	m->marked_seq++;
	spin_unlock_irq(&m->bm_lock);
}

/**
 * liox_mirror_meta_sync() - write every change now and wait
 * @m: the mirror
 *
 * Return: 0 or -EIO.
 */
int liox_mirror_meta_sync(struct liox_mirror *m)
{
	u64 seq;

	spin_lock_irq(&m->bm_lock);
	seq = ++m->marked_seq;
	spin_unlock_irq(&m->bm_lock);
	return liox_mirror_meta_commit(m, seq);
}

/**
 * liox_mirror_meta_set_flag() - set or clear a header flag, on disk when
 *	this returns 0
 * @m: the mirror
 * @flag: LIOX_MIRROR_MD_F_INCONSISTENT (a resync target mid-way: its data
 *	is not usable until the resync ends) or LIOX_MIRROR_MD_F_MIRRORING
 * @on: set or clear it
 *
 * Return: 0 or -EIO.
 */
int liox_mirror_meta_set_flag(struct liox_mirror *m, u32 flag, bool on)
{
	bool was;

	return liox_mirror_meta_swap_flag(m, flag, on, &was);
}

/**
 * liox_mirror_meta_swap_flag() - liox_mirror_meta_set_flag(), and say
 *	whether the flag was set before (in memory, in the same step)
 * @m: the mirror
 * @flag: as for liox_mirror_meta_set_flag()
 * @on: set or clear it
 * @was: set before?
 *
 * Return: 0 or -EIO (the flag is changed in memory either way).
 */
int liox_mirror_meta_swap_flag(struct liox_mirror *m, u32 flag, bool on,
			       bool *was)
{
	spin_lock_irq(&m->bm_lock);
	*was = m->md_flags & flag;
	if (on)
		m->md_flags |= flag;
	else
		m->md_flags &= ~flag;
	spin_unlock_irq(&m->bm_lock);
	return liox_mirror_meta_sync(m);
}

/**
 * liox_mirror_meta_sync_done() - the resync source finished: the
 *	bitmap generation goes to the history
 * @m: the mirror
 *
 * Return: 0 or -EIO.
 */
int liox_mirror_meta_sync_done(struct liox_mirror *m)
{
	spin_lock_irq(&m->bm_lock);
	liox_mirror_gen_sync_done(&m->gens);
	spin_unlock_irq(&m->bm_lock);
	return liox_mirror_meta_sync(m);
}

/**
 * liox_mirror_meta_adopt() - the resync target finished: take the
 *	source's generation, consistent again
 * @m: the mirror
 * @gen: the source's current generation
 *
 * Return: 0 or -EIO.
 */
int liox_mirror_meta_adopt(struct liox_mirror *m, u64 gen)
{
	spin_lock_irq(&m->bm_lock);
	liox_mirror_gen_adopt(&m->gens, gen);
	m->md_flags &= ~LIOX_MIRROR_MD_F_INCONSISTENT;
	if (m->bm.dirty) {
		liox_mirror_bitmap_clear_all(&m->bm);
		bitmap_fill(m->md_dirty_blocks, m->nr_md_blocks);
		m->bm_clears++;
	}
	spin_unlock_irq(&m->bm_lock);
	return liox_mirror_meta_sync(m);
}

/**
 * liox_mirror_meta_discard() - give up this node's data after split brain
 * @m: the mirror (the operator chose the peer as the survivor)
 *
 * Forgets every generation: at the next connection the peer sees a node
 * without data and sends it everything (rule 2 of the decision).
 *
 * Return: 0 or -EIO.
 */
int liox_mirror_meta_discard(struct liox_mirror *m)
{
	spin_lock_irq(&m->bm_lock);
	memset(&m->gens, 0, sizeof(m->gens));
	m->md_flags |= LIOX_MIRROR_MD_F_INCONSISTENT;
	spin_unlock_irq(&m->bm_lock);
	return liox_mirror_meta_sync(m);
}

/**
 * liox_mirror_meta_link_up() - the link is about to carry writes
 * @m: the mirror
 *
 * The next change the peer lacks starts a new generation again. A
 * primary's writes will reach the peer without being recorded: F_MIRRORING
 * goes to disk first, so that a crash from now on is known at the next
 * load (see liox_mirror_meta_untracked()).
 *
 * Return: 0 or -EIO (the link must not carry writes).
 */
int liox_mirror_meta_link_up(struct liox_mirror *m)
{
	spin_lock_irq(&m->bm_lock);
	m->gen_bumped = false;
	m->md_epoch++;
	spin_unlock_irq(&m->bm_lock);
	if (READ_ONCE(m->cfg.role) != LIOX_MIRROR_PRIMARY)
		return 0;
	return liox_mirror_meta_set_flag(m, LIOX_MIRROR_MD_F_MIRRORING, true);
}

/**
 * liox_mirror_meta_join() - a link is being set up, or no longer
 * @m: the mirror
 * @joining: true from before the link's generations and bitmaps are
 *	compared and exchanged until it carries writes or failed
 *
 * Meanwhile a primary's writes record nothing: a region they marked dirty,
 * or the new generation an outage's first change starts, would come after
 * the peer was told, and stay unknown to it while the link is up. Marks
 * wait (liox_mirror_meta_mark()), parked writes stay parked, and writes
 * not yet offered to the peer wait for the link in
 * liox_mirror_submit_remote(), as DRBD holds I/O back while it exchanges
 * bitmaps.
 */
void liox_mirror_meta_join(struct liox_mirror *m, bool joining)
{
	bool kick;

	spin_lock_irq(&m->bm_lock);
	m->md_joining = joining;
	kick = !joining && liox_mirror_meta_al_parked_locked(m);
	spin_unlock_irq(&m->bm_lock);
	if (joining)
		return;
	wake_up_all(&m->md_wq);
	if (kick)
		queue_work(liox_mirror_wq, &m->md_work);
}

/**
 * liox_mirror_meta_link_down() - the link is down: F_MIRRORING off once
 *	every write the peer may lack is recorded
 * @m: the mirror
 * @recorded: they are (false: the flag stays, a crash is then taken for
 *	one while mirroring)
 */
void liox_mirror_meta_link_down(struct liox_mirror *m, bool recorded)
{
	bool set, kick;

	spin_lock_irq(&m->bm_lock);
	set = recorded && (m->md_flags & LIOX_MIRROR_MD_F_MIRRORING);
	m->md_epoch++;
	/*
	 * What the peer acknowledged and had not flushed is in the bitmap
	 * now (or that record failed, which was logged): the log no longer
	 * waits for the peer's flushes
	 */
	liox_mirror_al_settled(&m->al);
	kick = liox_mirror_meta_al_parked_locked(m);
	spin_unlock_irq(&m->bm_lock);
	if (kick)
		queue_work(liox_mirror_wq, &m->md_work);
	/* on failure the flag stays: a crash is then one while mirroring */
	if (set)
		liox_mirror_meta_set_flag(m, LIOX_MIRROR_MD_F_MIRRORING, false);
}

/**
 * liox_mirror_meta_dirty() - dirty regions now, or as last written while
 *	disabled
 * @m: the mirror; the caller holds cfg_lock, or show_lock (then, while
 *	the mirror is enabled or disabled, it may see a passing value)
 */
u64 liox_mirror_meta_dirty(struct liox_mirror *m)
{
	u64 dirty;

	if (!READ_ONCE(m->enabled))
		return m->md.dirty;
	spin_lock_irq(&m->bm_lock);
	dirty = m->bm.dirty;
	spin_unlock_irq(&m->bm_lock);
	return dirty;
}
