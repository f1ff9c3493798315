// SPDX-License-Identifier: GPL-2.0
/*
 * The block device of a mirror: a bio-based gendisk "liox!<name>"
 * (/dev/liox/<name>) whose capacity is the backing device's data area.
 * Every bio is cloned onto the backing device at the same sector (the
 * data area starts at sector 0), with its flags: PREFLUSH, FUA, discard
 * and write-zeroes keep their meaning; the queue limits are the backing
 * device's.
 *
 * On a primary, a write is cut at the extents of the activity log, takes
 * its extent's slot there, goes through the write-intent bitmap while the
 * peer is not connected (both in mirror_meta.c), and is offered to the
 * network half (liox_mirror_submit_remote()). A secondary refuses opens
 * for writing (-EROFS, as DRBD does), is read-only, and fails any write
 * bio that reaches it anyway; reads are served (they may see old data
 * while a resync runs).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "mirror_internal.h"

static bool liox_mirror_bio_writes(struct bio *bio)
{
	return op_is_write(bio_op(bio)) && bio_sectors(bio);
}

/* What goes to the peer too: writes with data, and flushes. */
static bool liox_mirror_bio_mirrored(struct bio *bio)
{
	return bio_op(bio) == REQ_OP_WRITE &&
	       (bio_sectors(bio) || (bio->bi_opf & REQ_PREFLUSH));
}

static void liox_mirror_end_io(struct bio *clone)
{
	struct liox_mirror_io *io = clone->bi_private;

	if (clone->bi_status) {
		atomic64_inc(&io->m->stats.io_errors);
		liox_err_ratelimited("%s: backing %s error %d at sector %llu\n",
				     io->m->name,
				     op_is_write(bio_op(clone)) ? "write" : "read",
				     blk_status_to_errno(clone->bi_status),
				     (u64)io->orig->bi_iter.bi_sector);
	}
	liox_mirror_io_put(io, clone->bi_status);
}

/**
 * liox_mirror_io_put() - one leg of a bio finished
 * @io: the bio's context
 * @status: the leg's status; the original gets the first error
 *
 * The last leg completes the original bio and frees the clone.
 */
void liox_mirror_io_put(struct liox_mirror_io *io, blk_status_t status)
{
	struct liox_mirror *m = io->m;
	struct bio *orig = io->orig;

	if (status && !READ_ONCE(io->status))
		WRITE_ONCE(io->status, status);
	if (!atomic_dec_and_test(&io->pending))
		return;
	if (io->rs_sectors)
		liox_mirror_io_resync_done(io);
	if (io->al_slot)
		liox_mirror_meta_al_put(m, io->al_slot);
	orig->bi_status = io->status;
	bio_put(&io->clone);
	bio_endio(orig);
	if (atomic_dec_and_test(&m->inflight))
		wake_up(&m->inflight_wq);
	liox_mirror_put(m);
}

/**
 * liox_mirror_io_submit() - send a clone to the backing device
 * @io: its context; a write is offered to the network half first
 */
void liox_mirror_io_submit(struct liox_mirror_io *io)
{
	if (io->m->cfg.role == LIOX_MIRROR_PRIMARY &&
	    liox_mirror_bio_mirrored(&io->clone))
		liox_mirror_submit_remote(io->m, io);
	submit_bio_noacct(&io->clone);
}

/*
 * A write that crosses an extent of the activity log: the part in the
 * first extent is returned, the rest goes round again (as the block
 * layer's own splitting does). NULL: the bio was ended.
 */
static struct bio *liox_mirror_split_extent(struct liox_mirror *m,
					    struct bio *bio)
{
	u64 ext = 1ULL << m->al.shift;
	u64 room = ext - (bio->bi_iter.bi_sector & (ext - 1));
	struct bio *split;

	if (bio_sectors(bio) <= room)
		return bio;
	if (bio->bi_opf & REQ_NOWAIT) {
		bio_wouldblock_error(bio);
		return NULL;
	}
	split = bio_split(bio, room, GFP_NOIO, &bio->bi_bdev->bd_disk->bio_split);
	bio_chain(split, bio);
	submit_bio_noacct(bio);
	return split;
}

static void liox_mirror_submit_bio(struct bio *bio)
{
	struct liox_mirror *m = bio->bi_bdev->bd_disk->private_data;
	bool write = liox_mirror_bio_writes(bio);
	struct liox_mirror_io *io;
	struct bio *clone;

	if (write && m->cfg.role != LIOX_MIRROR_PRIMARY) {
		atomic64_inc(&m->stats.refused_writes);
		liox_warn_ratelimited("%s: write refused: this node is secondary\n",
				      m->name);
		bio_io_error(bio);
		return;
	}
	if (write) {
		bio = liox_mirror_split_extent(m, bio);
		if (!bio)
			return;
	}
	clone = bio_alloc_clone(m->backing, bio, GFP_NOIO,
				&liox_mirror_bs);
	if (!clone) {
		bio_io_error(bio);
		return;
	}
	io = container_of(clone, struct liox_mirror_io, clone);
	io->m = m;
	io->orig = bio;
	io->need_seq = 0;
	io->md_epoch = 0;
	io->al_slot = 0;
	io->status = BLK_STS_OK;
	io->rs_sector = 0;
	io->rs_sectors = 0;
	atomic_set(&io->pending, 1);
	clone->bi_private = io;
	clone->bi_end_io = liox_mirror_end_io;
	liox_mirror_get(m);
	atomic_inc(&m->inflight);

	if (write) {
		atomic64_inc(&m->stats.writes);
		atomic64_add(bio->bi_iter.bi_size, &m->stats.write_bytes);
		if (liox_mirror_meta_mark(m, io))
			return;		/* the worker sends it on */
	} else if (bio_op(bio) == REQ_OP_READ) {
		atomic64_inc(&m->stats.reads);
		atomic64_add(bio->bi_iter.bi_size, &m->stats.read_bytes);
	}
	liox_mirror_io_submit(io);
}

static int liox_mirror_open(struct block_device *bdev, fmode_t mode)
{
	struct liox_mirror *m = bdev->bd_disk->private_data;
	int ret = 0;

	spin_lock(&m->open_lock);
	if (m->dying)
		ret = -ENXIO;
	else if ((mode & FMODE_WRITE) && m->cfg.role != LIOX_MIRROR_PRIMARY)
		ret = -EROFS;
	else
		m->open_count++;
	spin_unlock(&m->open_lock);
	return ret;
}

static void liox_mirror_release_disk(struct gendisk *disk, fmode_t mode)
{
	struct liox_mirror *m = disk->private_data;

	spin_lock(&m->open_lock);
	m->open_count--;
	spin_unlock(&m->open_lock);
}

static const struct block_device_operations liox_mirror_fops = {
	.owner		= THIS_MODULE,
	.submit_bio	= liox_mirror_submit_bio,
	.open		= liox_mirror_open,
	.release	= liox_mirror_release_disk,
};

/**
 * liox_mirror_dev_hold_closed() - refuse new opens, if nobody has the
 *	device open
 * @m: the enabled mirror
 *
 * Return: 0 (the device can be removed), or -EBUSY.
 */
int liox_mirror_dev_hold_closed(struct liox_mirror *m)
{
	int ret = 0;

	spin_lock(&m->open_lock);
	if (m->open_count)
		ret = -EBUSY;
	else
		m->dying = true;
	spin_unlock(&m->open_lock);
	return ret;
}

/* The backing device's limits and cache behaviour, at offset 0. */
static void liox_mirror_dev_limits(struct liox_mirror *m,
				   struct request_queue *q)
{
	struct block_device *b = m->backing;

	blk_set_stacking_limits(&q->limits);
	blk_stack_limits(&q->limits, &bdev_get_queue(b)->limits, 0);
	/*
	 * The wire has no discard: with a peer, a discard's effect could not
	 * be mirrored, so the device takes none (the block layer writes
	 * zeroes itself for write-zeroes requests).
	 */
	if (m->cfg.peer_addr.ss_family) {
		blk_queue_max_discard_sectors(q, 0);
		blk_queue_max_write_zeroes_sectors(q, 0);
	}
	blk_queue_write_cache(q, bdev_write_cache(b), bdev_fua(b));
	if (bdev_nonrot(b))
		blk_queue_flag_set(QUEUE_FLAG_NONROT, q);
	else
		blk_queue_flag_clear(QUEUE_FLAG_NONROT, q);
}

/**
 * liox_mirror_dev_create() - make /dev/liox/<name>
 * @m: the mirror, metadata loaded
 *
 * A secondary's disk is read-only.
 *
 * Return: 0 or a negative errno.
 */
int liox_mirror_dev_create(struct liox_mirror *m)
{
	struct gendisk *disk;
	int ret;

	disk = blk_alloc_disk(NUMA_NO_NODE);
	if (!disk)
		return -ENOMEM;
	disk->fops = &liox_mirror_fops;
	disk->private_data = m;
	disk->flags |= GENHD_FL_NO_PART;
	snprintf(disk->disk_name, DISK_NAME_LEN, LIOX_MIRROR_DISK_PREFIX "%s",
		 m->name);
	set_capacity(disk, m->data_sectors);
	liox_mirror_dev_limits(m, disk->queue);
	set_disk_ro(disk, m->cfg.role != LIOX_MIRROR_PRIMARY);

	m->open_count = 0;
	m->dying = false;
	m->disk = disk;
	ret = add_disk(disk);
	if (ret)
		goto err_put_disk;
	return 0;

err_put_disk:
	m->disk = NULL;
	put_disk(disk);
	return ret;
}

/**
 * liox_mirror_dev_destroy() - remove the block device and wait for its
 *	I/O (writes waiting for the metadata included)
 * @m: the mirror, after liox_mirror_dev_hold_closed() succeeded
 */
void liox_mirror_dev_destroy(struct liox_mirror *m)
{
	del_gendisk(m->disk);
	wait_event(m->inflight_wq, !atomic_read(&m->inflight));
	put_disk(m->disk);
	m->disk = NULL;
}
