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
	spin_lock_init(&m->open_lock);
	spin_lock_init(&m->bm_lock);
	atomic_set(&m->inflight, 0);
	init_waitqueue_head(&m->inflight_wq);
	bio_list_init(&m->md_wait);
	INIT_WORK(&m->md_work, liox_mirror_meta_work);

	m->cfg.peer_port = LIOX_MIRROR_PORT_DEFAULT;
	m->cfg.local_port = LIOX_MIRROR_PORT_DEFAULT;
	m->cfg.conns = LIOX_MIRROR_CONNS_DEFAULT;
	m->cfg.mode = LIOX_MIRROR_SYNC;
	m->cfg.hb_interval_ms = LIOX_MIRROR_HB_INTERVAL_DEFAULT;
	m->cfg.hb_dead_ms = LIOX_MIRROR_HB_DEAD_DEFAULT;
	m->cfg.probation_ms = LIOX_MIRROR_PROBATION_DEFAULT;
	m->cfg.role = LIOX_MIRROR_SECONDARY;
	m->cfg.region_kb = LIOX_MIRROR_REGION_DEFAULT >> 10;
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

const char *liox_mirror_state_name(enum liox_mirror_state state)
{
	switch (state) {
	case LIOX_MIRROR_DISABLED:
		return "disabled";
	case LIOX_MIRROR_STANDALONE:
		return "standalone";
	}
	return "?";
}

static void liox_mirror_set_state(struct liox_mirror *m,
				  enum liox_mirror_state state)
{
	const char *name = liox_mirror_state_name(state);

	if (m->state == state)
		return;
	m->state = state;
	pr_info("%s: %s\n", m->name, name);
	liox_event_notify(&liox_mirror_cap, LIOX_EVENT_MIRROR_STATE, m->name,
			  name, GFP_KERNEL);
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
	struct block_device *bdev;
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

	bdev = blkdev_get_by_path(m->cfg.backing, LIOX_MIRROR_BDEV_MODE, m);
	if (IS_ERR(bdev)) {
		ret = PTR_ERR(bdev);
		pr_err("%s: cannot open %s: %d\n", m->name, m->cfg.backing, ret);
		goto err_undepend;
	}
	m->backing = bdev;

	ret = liox_mirror_meta_geometry(m);
	if (ret)
		goto err_put_backing;
	ret = liox_mirror_meta_load(m);
	if (ret)
		goto err_put_backing;
	ret = liox_mirror_dev_create(m);
	if (ret)
		goto err_close_meta;

	m->enabled = true;
	pr_info("%s: enabled on %s, %llu sectors, metadata at sector %llu\n",
		m->name, m->cfg.backing, (u64)m->data_sectors, (u64)m->md_start);
	liox_mirror_set_state(m, LIOX_MIRROR_STANDALONE);
	return 0;

err_close_meta:
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
	/* a failure is logged; the bitmap then fails its CRC: full resync */
	liox_mirror_meta_close(m);
	liox_mirror_meta_unload(m);
	blkdev_put(m->backing, LIOX_MIRROR_BDEV_MODE);
	m->backing = NULL;
	m->enabled = false;
	liox_mirror_set_state(m, LIOX_MIRROR_DISABLED);
	configfs_undepend_item(&m->group.cg_item);
	return 0;
}
