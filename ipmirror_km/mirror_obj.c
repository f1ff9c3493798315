// SPDX-License-Identifier: GPL-2.0
/*
 * The mirror object: allocation, references, the list netlink walks, and
 * the enable gate. Enabling opens the backing device exclusively, loads
 * (or initialises) the metadata area at its end and creates the block
 * device; disabling refuses while the block device is open, then undoes
 * all of it in reverse and marks the metadata clean.
 *
 * While enabled, the configfs directory is pinned (configfs_depend_item),
 * so rmdir gets EBUSY.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/string.h>
#include "mirror_internal.h"

#define LIOX_MIRROR_BDEV_MODE	(FMODE_READ | FMODE_WRITE | FMODE_EXCL)

static LIST_HEAD(liox_mirrors);
static DEFINE_MUTEX(liox_mirror_list_lock);

/**
 * liox_mirror_alloc() - a new, disabled mirror with the default settings
 * @name: its configfs name, already checked
 *
 * Return: the mirror with one reference (the configfs item's), or NULL.
 */
struct liox_mirror *liox_mirror_alloc(const char *name)
{
	struct liox_mirror *m;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return NULL;
	kref_init(&m->kref);
	INIT_LIST_HEAD(&m->node);
	strscpy(m->name, name, sizeof(m->name));
	mutex_init(&m->cfg_lock);
	init_rwsem(&m->show_lock);
	spin_lock_init(&m->open_lock);
	spin_lock_init(&m->bm_lock);
	mutex_init(&m->state_lock);
	atomic_set(&m->inflight, 0);
	init_waitqueue_head(&m->inflight_wq);
	bio_list_init(&m->md_wait);
	bio_list_init(&m->md_submit);
	bio_list_init(&m->al_park);
	m->md_epoch = 1;
	INIT_WORK(&m->md_work, liox_mirror_meta_work);
	init_waitqueue_head(&m->md_wq);
	INIT_WORK(&m->md_submit_work, liox_mirror_meta_submit_work);

	m->cfg.peer_port = LIOX_MIRROR_PORT_DEFAULT;
	m->cfg.local_port = LIOX_MIRROR_PORT_DEFAULT;
	m->cfg.conns = LIOX_MIRROR_CONNS_DEFAULT;
	m->cfg.mode = LIOX_MIRROR_SYNC;
	m->cfg.data_crc = 1;
	m->cfg.hb_interval_ms = LIOX_MIRROR_HB_INTERVAL_DEFAULT;
	m->cfg.hb_dead_ms = LIOX_MIRROR_HB_DEAD_DEFAULT;
	m->cfg.probation_ms = LIOX_MIRROR_PROBATION_DEFAULT;
	m->cfg.ack_timeout_ms = LIOX_MIRROR_ACK_TIMEOUT_DEFAULT;
	m->cfg.request_timeout_ms = LIOX_MIRROR_REQ_TIMEOUT_DEFAULT;
	m->cfg.role = LIOX_MIRROR_SECONDARY;
	m->cfg.region_kb = LIOX_MIRROR_REGION_DEFAULT >> 10;
	m->cfg.al_extents = LIOX_MIRROR_AL_DEFAULT;
	m->cfg.resync_rate_kb = 0;	/* as fast as the link goes */
	m->state = LIOX_MIRROR_DISABLED;
	return m;
}

void liox_mirror_get(struct liox_mirror *m)
{
	kref_get(&m->kref);
}

/* May run in interrupt context (the last I/O of a removed mirror). */
static void liox_mirror_release(struct kref *kref)
{
	struct liox_mirror *m = container_of(kref, struct liox_mirror, kref);

	memzero_explicit(m->cfg.secret, sizeof(m->cfg.secret));
	kfree(m);
}

void liox_mirror_put(struct liox_mirror *m)
{
	kref_put(&m->kref, liox_mirror_release);
}

void liox_mirror_list_add(struct liox_mirror *m)
{
	mutex_lock(&liox_mirror_list_lock);
	list_add_tail(&m->node, &liox_mirrors);
	mutex_unlock(&liox_mirror_list_lock);
}

void liox_mirror_list_del(struct liox_mirror *m)
{
	mutex_lock(&liox_mirror_list_lock);
	list_del_init(&m->node);
	mutex_unlock(&liox_mirror_list_lock);
}

/**
 * liox_mirror_walk() - visit the mirrors, for netlink dumps
 * @fn: called with the list lock held; an error stops the walk
 * @arg: passed to @fn
 * @pos: in: mirrors to pass over; out: the index @fn failed on, or the
 *	number of mirrors
 *
 * Return: 0 when every mirror was visited, else @fn's error.
 */
int liox_mirror_walk(int (*fn)(struct liox_mirror *m, void *arg), void *arg,
		     unsigned long *pos)
{
	struct liox_mirror *m;
	unsigned long i = 0;
	int ret = 0;

	mutex_lock(&liox_mirror_list_lock);
	list_for_each_entry(m, &liox_mirrors, node) {
		if (i >= *pos) {
			ret = fn(m, arg);
			if (ret)
				break;
		}
		i++;
	}
	mutex_unlock(&liox_mirror_list_lock);
	*pos = i;
	return ret;
}

const char *liox_mirror_state_name(enum liox_mirror_status state)
{
	switch (state) {
	case LIOX_MIRROR_DISABLED:
		return "disabled";
	case LIOX_MIRROR_STANDALONE:
		return "standalone";
	case LIOX_MIRROR_PEER_DOWN:
		return "peer-down";
	case LIOX_MIRROR_PROBATION:
		return "probation";
	case LIOX_MIRROR_CONNECTING:
		return "connecting";
	case LIOX_MIRROR_RESYNCING:
		return "resyncing";
	case LIOX_MIRROR_IN_SYNC:
		return "in-sync";
	case LIOX_MIRROR_SPLIT_BRAIN:
		return "split-brain";
	case LIOX_MIRROR_REFUSED:
		return "refused";
	case LIOX_MIRROR_PEER_IO_ERROR:
		return "peer-io-error";
	case LIOX_MIRROR_PEER_TIMEOUT:
		return "peer-timeout";
	case LIOX_MIRROR_IO_ERROR:
		return "io-error";
	}
	return "?";
}

/**
 * __liox_mirror_set_state() - liox_mirror_set_state() with @m->state_lock
 *	held, for a change that depends on something else read under it
 * @m: the mirror
 * @state: the new state
 */
void __liox_mirror_set_state(struct liox_mirror *m,
			     enum liox_mirror_status state)
{
	const char *name = liox_mirror_state_name(state);

	lockdep_assert_held(&m->state_lock);
	if (m->state == state)
		return;
	WRITE_ONCE(m->state, state);
	pr_info("%s: %s\n", m->name, name);
	liox_event_notify(&liox_mirror_cap, LIOX_EVENT_MIRROR_STATE, m->name,
			  name, GFP_KERNEL);
}

/**
 * liox_mirror_set_state() - change @m's state: logged and announced once
 * @m: the mirror
 * @state: the new state
 *
 * Sleeps (the event is allocated with GFP_KERNEL).
 */
void liox_mirror_set_state(struct liox_mirror *m,
			   enum liox_mirror_status state)
{
	mutex_lock(&m->state_lock);
	__liox_mirror_set_state(m, state);
	mutex_unlock(&m->state_lock);
}

/* Open the backing device exclusively (the mirror is the holder). */
static int liox_mirror_backing_open(struct liox_mirror *m)
{
	struct block_device *bdev;

	bdev = blkdev_get_by_path(m->cfg.backing, LIOX_MIRROR_BDEV_MODE, m);
	if (IS_ERR(bdev)) {
		pr_err("%s: cannot open %s: %ld\n", m->name, m->cfg.backing,
		       PTR_ERR(bdev));
		return PTR_ERR(bdev);
	}
	m->backing = bdev;
	return 0;
}

/**
 * liox_mirror_enable() - open the backing device, load the metadata,
 *	create the block device
 * @m: the mirror; the caller holds @m->cfg_lock
 *
 * Return: 0 (also when already enabled), -EINVAL without a backing
 * device or when the metadata's geometry differs from the configuration,
 * -EUCLEAN for a metadata header that cannot be trusted, -ENOSPC for a
 * backing device too small, or the error of opening it.
 */
int liox_mirror_enable(struct liox_mirror *m)
{
	int ret;

	if (m->enabled)
		return 0;
	if (!m->cfg.backing[0]) {
		pr_err("%s: cannot enable without a backing device\n", m->name);
		return -EINVAL;
	}
	ret = configfs_depend_item_unlocked(m->group.cg_subsys,
					    &m->group.cg_item);
	if (ret)
		return ret;

	ret = liox_mirror_backing_open(m);
	if (ret)
		goto err_undepend;

	ret = liox_mirror_meta_geometry(m);
	if (ret)
		goto err_put_backing;
	ret = liox_mirror_meta_load(m);
	if (ret)
		goto err_put_backing;
	liox_mirror_set_state(m, LIOX_MIRROR_STANDALONE);
	/* with a peer: heartbeats, the link (peer-down until it is up) */
	ret = liox_mirror_net_start(m);
	if (ret)
		goto err_close_meta;
	ret = liox_mirror_dev_create(m);
	if (ret)
		goto err_net_stop;

	WRITE_ONCE(m->enabled, true);
	pr_info("%s: enabled on %s, %llu sectors, metadata at sector %llu\n",
		m->name, m->cfg.backing, (u64)m->data_sectors, (u64)m->md_start);
	return 0;

err_net_stop:
	liox_mirror_net_stop(m);
err_close_meta:
	liox_mirror_set_state(m, LIOX_MIRROR_DISABLED);
	liox_mirror_meta_close(m);
	liox_mirror_meta_unload(m);
err_put_backing:
	blkdev_put(m->backing, LIOX_MIRROR_BDEV_MODE);
	m->backing = NULL;
err_undepend:
	configfs_undepend_item(&m->group.cg_item);
	return ret;
}

/**
 * liox_mirror_disable() - remove the block device, mark the metadata
 *	clean, close the backing device
 * @m: the mirror; the caller holds @m->cfg_lock
 *
 * Return: 0 (also when already disabled), or -EBUSY while the block
 * device is open (by LIO, a file system, a process).
 */
int liox_mirror_disable(struct liox_mirror *m)
{
	int ret;

	if (!m->enabled)
		return 0;
	ret = liox_mirror_dev_hold_closed(m);
	if (ret)
		return ret;
	liox_mirror_dev_destroy(m);
	/* no write in flight now: the peer's writes and the link stop */
	liox_mirror_net_stop(m);
	/* a failure is logged; the bitmap then fails its CRC: full resync */
	liox_mirror_meta_close(m);
	liox_mirror_meta_unload(m);
	blkdev_put(m->backing, LIOX_MIRROR_BDEV_MODE);
	m->backing = NULL;
	WRITE_ONCE(m->enabled, false);
	liox_mirror_set_state(m, LIOX_MIRROR_DISABLED);
	configfs_undepend_item(&m->group.cg_item);
	return 0;
}

/* Does the backing device hold metadata (a header with our magic)? */
static int liox_mirror_resolve_has_md(struct liox_mirror *m)
{
	enum liox_mirror_md_reason why;
	struct liox_mirror_md md;
	struct page *page;
	struct bio *bio;
	int ret;

	page = alloc_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	bio = bio_alloc(m->backing, 1, REQ_OP_READ, GFP_KERNEL);
	bio->bi_iter.bi_sector = m->md_start;
	__bio_add_page(bio, page, LIOX_MIRROR_MD_BLOCK, 0);
	ret = submit_bio_wait(bio);
	bio_put(bio);
	if (!ret && liox_mirror_md_decode_hdr(page_address(page),
					      LIOX_MIRROR_MD_BLOCK, &md, &why) &&
	    why == LIOX_MIRROR_MD_BAD_MAGIC) {
		pr_err("%s: no metadata on %s: nothing to discard\n", m->name,
		       m->cfg.backing);
		ret = -ENODATA;
	}
	__free_page(page);
	return ret;
}

/**
 * liox_mirror_resolve_discard() - after split brain, give up this node's
 *	changes: the next enable gets a full resync from the peer
 * @m: the mirror, disabled; the caller holds @m->cfg_lock
 *
 * Opens the backing device (exclusively, as enable does), loads the
 * metadata, forgets every generation and marks the data inconsistent
 * (liox_mirror_meta_discard()), and closes it all again, clean.
 *
 * Return: 0, -EBUSY while enabled, -EINVAL without a backing device,
 * -ENODATA when the backing device holds no metadata (never enabled), or
 * the error of opening the device or of reading or writing the metadata.
 */
int liox_mirror_resolve_discard(struct liox_mirror *m)
{
	int ret, ret2;

	if (m->enabled)
		return -EBUSY;
	if (!m->cfg.backing[0])
		return -EINVAL;
	ret = liox_mirror_backing_open(m);
	if (ret)
		return ret;
	ret = liox_mirror_meta_geometry(m) ?:
	      liox_mirror_resolve_has_md(m) ?:
	      liox_mirror_meta_load(m);
	if (ret)
		goto out_put;
	ret = liox_mirror_meta_discard(m);
	ret2 = liox_mirror_meta_close(m);
	liox_mirror_meta_unload(m);
	ret = ret ?: ret2;
	if (ret)
		pr_err("%s: cannot discard the data: %d\n", m->name, ret);
	else
		pr_info("%s: data discarded (split brain resolved): the next enable resyncs everything from the peer\n",
			m->name);
out_put:
	blkdev_put(m->backing, LIOX_MIRROR_BDEV_MODE);
	m->backing = NULL;
	return ret;
}
