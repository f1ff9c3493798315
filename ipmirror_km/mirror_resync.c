// SPDX-License-Identifier: GPL-2.0
/*
 * Resync: bringing the peer's copy back to this node's after an outage.
 *
 * When the link comes up both sides send their dirty bitmap on
 * connection 0 (the connecting side first, so neither blocks on a full
 * socket) and keep the union: the regions either side changed while
 * apart. The source then reads each dirty region from its backing
 * device and sends it as RESYNC_DATA on the region's connection, a few
 * regions in flight, at most resync_rate_kb KiB/s when set; the target
 * writes it, cleans the region in its bitmap and acknowledges; the
 * source cleans the region on the ack. RESYNC_DONE carries the source's
 * generation, which the target adopts.
 *
 * Writes during the resync stay correct: a region is locked from the
 * moment the source starts reading it until the target acknowledged it;
 * a write to a locked region waits, and the source starts reading a
 * region only when no write to it is in flight (counted per bucket of
 * regions). So the data sent is never older than a write the target
 * already has.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <net/sock.h>
#include "mirror_net.h"

#define LIOX_MIRROR_RS_FREE	U64_MAX

static unsigned int liox_mirror_rs_bucket(u64 region)
{
	return region % LIOX_MIRROR_RS_BUCKETS;
}

/* Is a region of [@first, @last] locked? Caller holds rs_lock. */
static bool liox_mirror_rs_locked(struct liox_mirror_net *net, u64 first,
				  u64 last)
{
	int i;

	for (i = 0; i < LIOX_MIRROR_RESYNC_WINDOW; i++) {
		if (net->rs_locked[i] != LIOX_MIRROR_RS_FREE &&
		    net->rs_locked[i] >= first && net->rs_locked[i] <= last)
			return true;
	}
	return false;
}

static bool liox_mirror_rs_may_write(struct liox_mirror_net *net, u64 first,
				     u64 last)
{
	bool locked;

	spin_lock_irq(&net->rs_lock);
	locked = liox_mirror_rs_locked(net, first, last);
	spin_unlock_irq(&net->rs_lock);
	return !locked || atomic_read(&net->failed);
}

static void liox_mirror_rs_count(struct liox_mirror_net *net, u64 first,
				 u64 last, int delta)
{
	u64 r;

	if (last - first >= LIOX_MIRROR_RS_BUCKETS)
		last = first + LIOX_MIRROR_RS_BUCKETS - 1;
	for (r = first; r <= last; r++)
		net->rs_writes[liox_mirror_rs_bucket(r)] += delta;
}

/**
 * liox_mirror_resync_wait_region() - a write waits for the resync of the
 *	regions it touches, then counts as in flight on them
 * @net: the network half
 * @sector: the write's first sector
 * @sectors: its length, > 0
 *
 * Sleeps. liox_mirror_resync_write_done() ends the count.
 */
void liox_mirror_resync_wait_region(struct liox_mirror_net *net, u64 sector,
				    u32 sectors)
{
	u8 shift = net->m->bm.region_shift;
	u64 first = sector >> shift, last = (sector + sectors - 1) >> shift;

	spin_lock_irq(&net->rs_lock);
	while (liox_mirror_rs_locked(net, first, last) &&
	       !atomic_read(&net->failed)) {
		spin_unlock_irq(&net->rs_lock);
		wait_event(net->rs_wq,
			   liox_mirror_rs_may_write(net, first, last));
		spin_lock_irq(&net->rs_lock);
	}
	liox_mirror_rs_count(net, first, last, 1);
	spin_unlock_irq(&net->rs_lock);
}

/**
 * liox_mirror_resync_write_done() - a counted write completed
 * @net: the network half
 * @sector: as given to liox_mirror_resync_wait_region()
 * @sectors: likewise
 *
 * Any context.
 */
void liox_mirror_resync_write_done(struct liox_mirror_net *net, u64 sector,
				   u32 sectors)
{
	u8 shift = net->m->bm.region_shift;
	unsigned long flags;

	spin_lock_irqsave(&net->rs_lock, flags);
	liox_mirror_rs_count(net, sector >> shift,
			     (sector + sectors - 1) >> shift, -1);
	spin_unlock_irqrestore(&net->rs_lock, flags);
	wake_up_all(&net->rs_wq);
}

/* Claim a free slot for region @r; true when done or giving up. */
static bool liox_mirror_rs_claim(struct liox_mirror_net *net, u64 r,
				 int *slot)
{
	int i;

	spin_lock_irq(&net->rs_lock);
	for (i = 0; i < LIOX_MIRROR_RESYNC_WINDOW; i++) {
		if (net->rs_locked[i] == LIOX_MIRROR_RS_FREE) {
			net->rs_locked[i] = r;
			*slot = i;
			break;
		}
	}
	spin_unlock_irq(&net->rs_lock);
	return *slot >= 0 || atomic_read(&net->failed) ||
	       kthread_should_stop();
}

/* Lock region @r for the resync: a free slot, no write in flight on it. */
static int liox_mirror_rs_lock(struct liox_mirror_net *net, u64 r)
{
	int slot = -1;

	wait_event(net->rs_wq, liox_mirror_rs_claim(net, r, &slot));
	if (slot < 0)
		return -ECONNRESET;
	wait_event(net->rs_wq,
		   !READ_ONCE(net->rs_writes[liox_mirror_rs_bucket(r)]) ||
		   atomic_read(&net->failed) || kthread_should_stop());
	return slot;
}

static void liox_mirror_rs_unlock(struct liox_mirror_net *net, int slot)
{
	spin_lock_irq(&net->rs_lock);
	net->rs_locked[slot] = LIOX_MIRROR_RS_FREE;
	spin_unlock_irq(&net->rs_lock);
	wake_up_all(&net->rs_wq);
}

static bool liox_mirror_rs_idle(struct liox_mirror_net *net)
{
	bool idle = true;
	int i;

	spin_lock_irq(&net->rs_lock);
	for (i = 0; i < LIOX_MIRROR_RESYNC_WINDOW; i++)
		idle &= net->rs_locked[i] == LIOX_MIRROR_RS_FREE;
	spin_unlock_irq(&net->rs_lock);
	return idle;
}

static bool liox_mirror_rs_drained(struct liox_mirror_net *net)
{
	return liox_mirror_rs_idle(net) || atomic_read(&net->failed);
}

/**
 * liox_mirror_resync_acked() - the target wrote a region we sent
 * @net: the network half
 * @req: the RESYNC_DATA request, no longer tracked; freed here
 */
void liox_mirror_resync_acked(struct liox_mirror_net *net,
			      struct liox_mirror_req *req)
{
	if (!req->status) {
		liox_mirror_meta_clear_range(net->m, req->sector, req->sectors);
		atomic64_inc(&net->rs_done);
	} else {
		liox_mirror_link_fail(&net->conn[0], "resync write on the peer",
				      req->status);
	}
	liox_mirror_rs_unlock(net, req->slot);
	kfree(req);
}

/* Send our dirty bitmap on connection 0. */
static int liox_mirror_resync_send_bitmap(struct liox_mirror_net *net)
{
	struct liox_mirror *m = net->m;
	struct liox_mirror_msg msg;
	u64 first, nbits, nr = m->bm.nr_regions;
	u8 *buf;
	int ret = 0;

	buf = kvmalloc(LIOX_MIRROR_BITMAP_CHUNK / 8, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (first = 0; first < nr && !ret; first += nbits) {
		nbits = min_t(u64, nr - first, LIOX_MIRROR_BITMAP_CHUNK);
		spin_lock_irq(&m->bm_lock);
		liox_mirror_bitmap_get_bytes(&m->bm, first, buf, nbits);
		spin_unlock_irq(&m->bm_lock);
		msg = (struct liox_mirror_msg) {
			.hdr.type = LIOX_MIRROR_MSG_BITMAP,
			.hdr.sector = first,
			.hdr.data_len = nbits,
			.hdr.flags = first + nbits >= nr ? LIOX_MIRROR_F_LAST : 0,
			.payload = buf,
		};
		ret = liox_mirror_send_msg(&net->conn[0], &msg);
	}
	kvfree(buf);
	return ret;
}

/* Receive the peer's dirty bitmap and merge it into ours. */
static int liox_mirror_resync_recv_bitmap(struct liox_mirror_net *net)
{
	struct liox_mirror_conn *c = &net->conn[0];
	struct liox_mirror *m = net->m;
	struct liox_mirror_hdr hdr;
	struct liox_mirror_msg msg;
	u64 next = 0;
	u8 *buf;
	int ret;

	buf = kvmalloc(LIOX_MIRROR_WIRE_HDR_LEN + LIOX_MIRROR_BITMAP_CHUNK / 8,
		       GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	c->sock->sk->sk_rcvtimeo = LIOX_MIRROR_HANDSHAKE_TIMEOUT;
	do {
		ret = liox_mirror_recv_hdr(c, buf, &hdr, LIOX_MIRROR_CONN_READY);
		if (ret)
			break;
		if (hdr.type != LIOX_MIRROR_MSG_BITMAP || hdr.sector != next ||
		    hdr.data_len > LIOX_MIRROR_BITMAP_CHUNK ||
		    hdr.sector + hdr.data_len > m->bm.nr_regions ||
		    (!(hdr.flags & LIOX_MIRROR_F_LAST) &&
		     hdr.sector + hdr.data_len == m->bm.nr_regions)) {
			liox_mirror_malformed(c, hdr.type, -EPROTO,
					      LIOX_MIRROR_WIRE_BAD_FIELD);
			ret = -EPROTO;
			break;
		}
		ret = liox_mirror_recv_body(c, &hdr, buf + LIOX_MIRROR_WIRE_HDR_LEN,
					    LIOX_MIRROR_BITMAP_CHUNK / 8, &msg);
		if (ret)
			break;
		liox_mirror_meta_merge(m, hdr.sector, msg.payload, hdr.data_len);
		next = hdr.sector + hdr.data_len;
	} while (!(hdr.flags & LIOX_MIRROR_F_LAST));
	if (!ret && next != m->bm.nr_regions) {
		liox_mirror_malformed(c, hdr.type, -EPROTO,
				      LIOX_MIRROR_WIRE_BAD_FIELD);
		ret = -EPROTO;
	}
	c->sock->sk->sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
	kvfree(buf);
	return ret;
}

/**
 * liox_mirror_resync_bitmaps() - exchange dirty bitmaps, keep the union
 * @net: the network half, all connections ready, no receiver running
 *
 * The target of a resync is marked inconsistent until RESYNC_DONE.
 *
 * Return: 0 or a negative errno.
 */
int liox_mirror_resync_bitmaps(struct liox_mirror_net *net)
{
	struct liox_mirror *m = net->m;
	int ret;

	if (net->active)
		ret = liox_mirror_resync_send_bitmap(net) ?:
		      liox_mirror_resync_recv_bitmap(net);
	else
		ret = liox_mirror_resync_recv_bitmap(net) ?:
		      liox_mirror_resync_send_bitmap(net);
	if (ret)
		return ret;
	/* dirty regions but equal generations: the primary is ahead */
	if (!net->sync_source && !net->sync_target && m->bm.dirty) {
		if (m->cfg.role == LIOX_MIRROR_PRIMARY)
			net->sync_source = true;
		else if (net->peer_hello.role == LIOX_MIRROR_ROLE_PRIMARY)
			net->sync_target = true;
	}
	net->rs_total = m->bm.dirty;
	atomic64_set(&net->rs_done, 0);
	if (net->sync_target)
		return liox_mirror_meta_set_flag(m, LIOX_MIRROR_MD_F_INCONSISTENT,
						 true);
	return liox_mirror_meta_sync(m);
}

/* Read region @r and send it; the slot is unlocked on the ack. */
static int liox_mirror_resync_one(struct liox_mirror_net *net, u64 r,
				  int slot)
{
	struct liox_mirror *m = net->m;
	struct liox_mirror_hdr hdr = { .type = LIOX_MIRROR_MSG_RESYNC_DATA };
	struct liox_mirror_req *req;
	struct page **pages;
	unsigned int nr_pages;
	u64 sector, sectors;
	struct bvec_iter it;
	struct bio *bio;
	int ret;

	liox_mirror_bitmap_region(&m->bm, r, &sector, &sectors);
	pages = liox_mirror_pages_alloc(net, sectors << SECTOR_SHIFT, &nr_pages);
	if (!pages)
		return -ENOMEM;
	bio = liox_mirror_pages_bio(m->backing, REQ_OP_READ, sector, pages,
				    sectors << SECTOR_SHIFT);
	it = bio->bi_iter;	/* the read consumes bi_iter */
	ret = submit_bio_wait(bio);
	if (ret)
		goto out_put;
	req = liox_mirror_req_add(net, LIOX_MIRROR_MSG_RESYNC_DATA, sector,
				  sectors);
	if (!req) {
		ret = -ECONNRESET;
		goto out_put;
	}
	req->slot = slot;
	hdr.seq = req->seq;
	hdr.sector = sector;
	hdr.data_len = sectors << SECTOR_SHIFT;
	ret = liox_mirror_send_data(&net->conn[r % net->n_conns], &hdr, bio,
				    &it, LIOX_MIRROR_SEND_ZERO_COPY);
	if (!ret) {
		net->rs_sent_bytes += hdr.data_len;
		atomic64_add(hdr.data_len, &net->stats.resync_bytes);
	}
out_put:
	bio_put(bio);
	liox_mirror_pages_free(net, pages, nr_pages);
	return ret;
}

/* Stay under resync_rate_kb KiB/s: sleep when ahead. */
static void liox_mirror_resync_throttle(struct liox_mirror_net *net,
					u64 start, u64 bytes)
{
	u32 rate = READ_ONCE(net->m->cfg.resync_rate_kb);
	u64 due, now;

	if (!rate)
		return;
	due = start + div_u64(bytes * 1000, (u64)rate << 10);
	now = ktime_to_ms(ktime_get());
	if ((s64)(due - now) > 0)
		msleep_interruptible(due - now);
}

/**
 * liox_mirror_resync_run() - send every dirty region to the peer
 * @net: the network half of a sync source, link up
 *
 * Runs in the link thread. Return: 0 when the peer is in sync, or a
 * negative errno (the link failed or is being stopped).
 */
int liox_mirror_resync_run(struct liox_mirror_net *net)
{
	struct liox_mirror *m = net->m;
	u64 r, start = ktime_to_ms(ktime_get()), bytes = 0;
	struct liox_mirror_gens gens;
	int slot, ret;

	pr_info("%s: resync to the peer: %llu regions of %u KiB\n", m->name,
		net->rs_total, m->bm.region_size >> 10);
	net->rs_sent_bytes = 0;
	do {
		for (r = 0;; r++) {
			if (atomic_read(&net->failed) || kthread_should_stop())
				return -ECONNRESET;
			spin_lock_irq(&m->bm_lock);
			r = liox_mirror_bitmap_next(&m->bm, r);
			spin_unlock_irq(&m->bm_lock);
			if (r >= m->bm.nr_regions)
				break;
			slot = liox_mirror_rs_lock(net, r);
			if (slot < 0)
				return slot;
			ret = liox_mirror_resync_one(net, r, slot);
			if (ret) {
				liox_mirror_rs_unlock(net, slot);
				liox_mirror_link_fail(&net->conn[0], "resync", ret);
				return ret;
			}
			bytes += m->bm.region_size;
			liox_mirror_resync_throttle(net, start, bytes);
		}
		wait_event(net->rs_wq, liox_mirror_rs_drained(net));
		if (atomic_read(&net->failed))
			return -ECONNRESET;
		/* regions the peer failed to write are dirty again */
	} while (READ_ONCE(m->bm.dirty));

	liox_mirror_meta_gens(m, &gens);
	{
		struct liox_mirror_msg msg = {
			.hdr.type = LIOX_MIRROR_MSG_RESYNC_DONE,
			.u.gen = gens.current_gen,
		};

		ret = liox_mirror_send_msg(&net->conn[0], &msg);
	}
	if (ret) {
		liox_mirror_link_fail(&net->conn[0], "resync done", ret);
		return ret;
	}
	ret = liox_mirror_meta_sync_done(m);
	net->sync_source = false;
	pr_info("%s: resync done: %llu regions, %llu KiB sent in %llu ms\n",
		m->name, (u64)atomic64_read(&net->rs_done),
		net->rs_sent_bytes >> 10, ktime_to_ms(ktime_get()) - start);
	return ret;
}

/**
 * liox_mirror_resync_done() - the source says the resync is complete
 * @net: the network half of the target
 * @gen: the source's current generation, which we adopt
 *
 * Return: 0 or a negative errno (RESYNC_DONE when not a target closes).
 */
int liox_mirror_resync_done(struct liox_mirror_net *net, u64 gen)
{
	struct liox_mirror *m = net->m;
	int ret;

	if (!net->sync_target) {
		liox_mirror_malformed(&net->conn[0], LIOX_MIRROR_MSG_RESYNC_DONE,
				      -EPROTO, LIOX_MIRROR_WIRE_OK);
		return -EPROTO;
	}
	ret = liox_mirror_meta_adopt(m, gen);
	if (ret)
		return ret;
	net->sync_target = false;
	pr_info("%s: resync from the peer done: %llu regions\n", m->name,
		(u64)atomic64_read(&net->rs_done));
	liox_mirror_set_state(m, LIOX_MIRROR_IN_SYNC);
	return 0;
}
