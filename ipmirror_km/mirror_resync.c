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
 * generation, which the target adopts. The source reads up to
 * LIOX_MIRROR_RS_READAHEAD regions ahead of what it sends, so that the
 * backing device reads while the link thread sums and sends.
 *
 * Writes during the resync stay correct: a region is locked from the
 * moment the source starts reading it until the target acknowledged it;
 * a write to a locked region waits, and the source starts reading a
 * region only when no write to it is in flight (counted per bucket of
 * regions). So the data sent is never older than a write the target
 * already has. While a lock waits for a busy bucket, new writes to any
 * region of that bucket wait too, so that it drains however busy a
 * neighbour is. Online verify locks the region it compares the same way,
 * in a slot of its own (LIOX_MIRROR_RS_VERIFY).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <net/sock.h>
#include "mirror_net.h"

#define LIOX_MIRROR_RS_FREE	U64_MAX
#define LIOX_MIRROR_RS_VERIFY	LIOX_MIRROR_RESYNC_WINDOW	/* its slot */

/* A dirty region being read for the resync; its slot is locked. */
struct liox_mirror_rs_read {
	int slot;
	u64 sector;
	u32 len;
	struct bio *bio;		/* liox_mirror_pages_bio() */
	struct bvec_iter it;		/* the read consumes bi_iter */
	struct completion done;
};

static unsigned int liox_mirror_rs_bucket(u64 region)
{
	return region % LIOX_MIRROR_RS_BUCKETS;
}

/*
 * Does slot @i keep writes off a region of [@first, @last]? Its region,
 * or while it drains (liox_mirror_rs_drain()), every region of its bucket.
 * Caller holds rs_lock.
 */
static bool liox_mirror_rs_covers(struct liox_mirror_net *net, int i,
				  u64 first, u64 last)
{
	u64 r = net->rs_locked[i];

	if (r == LIOX_MIRROR_RS_FREE)
		return false;
	if (r >= first && r <= last)
		return true;
	/* some x in [first, last] with x == r modulo the buckets */
	return net->rs_draining[i] &&
	       (last - first >= LIOX_MIRROR_RS_BUCKETS - 1 ||
		(r - first) % LIOX_MIRROR_RS_BUCKETS <= last - first);
}

/* Is a region of [@first, @last] locked? Caller holds rs_lock. */
static bool liox_mirror_rs_locked(struct liox_mirror_net *net, u64 first,
				  u64 last)
{
	int i;

	for (i = 0; i <= LIOX_MIRROR_RS_VERIFY; i++) {
		if (liox_mirror_rs_covers(net, i, first, last))
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

/* The link failed or the link thread is being stopped: the resync ends. */
static bool liox_mirror_rs_stopping(struct liox_mirror_net *net)
{
	return atomic_read(&net->failed) || kthread_should_stop();
}

/* A free slot, now @r's, or -EAGAIN. Caller holds rs_lock. */
static int liox_mirror_rs_take_slot(struct liox_mirror_net *net, u64 r)
{
	int i;

	for (i = 0; i < LIOX_MIRROR_RESYNC_WINDOW; i++) {
		if (net->rs_locked[i] == LIOX_MIRROR_RS_FREE) {
			net->rs_locked[i] = r;
			return i;
		}
	}
	return -EAGAIN;
}

/* Claim a free slot for region @r; true when done or giving up. */
static bool liox_mirror_rs_claim(struct liox_mirror_net *net, u64 r,
				 int *slot)
{
	spin_lock_irq(&net->rs_lock);
	*slot = liox_mirror_rs_take_slot(net, r);
	spin_unlock_irq(&net->rs_lock);
	return *slot >= 0 || liox_mirror_rs_stopping(net);
}

/* Lock region @r if that needs no wait. Return: the slot, or -EAGAIN. */
static int liox_mirror_rs_trylock(struct liox_mirror_net *net, u64 r)
{
	int slot = -EAGAIN;

	spin_lock_irq(&net->rs_lock);
	if (!net->rs_writes[liox_mirror_rs_bucket(r)])
		slot = liox_mirror_rs_take_slot(net, r);
	spin_unlock_irq(&net->rs_lock);
	return slot;
}

/*
 * Wait until no write is in flight in the bucket of @slot's region, new
 * writes to the bucket waiting meanwhile (a steady stream to another of
 * its regions would keep it busy for ever).
 */
static void liox_mirror_rs_drain(struct liox_mirror_net *net, int slot)
{
	unsigned int b = liox_mirror_rs_bucket(net->rs_locked[slot]);

	spin_lock_irq(&net->rs_lock);
	net->rs_draining[slot] = true;
	spin_unlock_irq(&net->rs_lock);
	wait_event(net->rs_wq, !READ_ONCE(net->rs_writes[b]) ||
		   liox_mirror_rs_stopping(net));
	spin_lock_irq(&net->rs_lock);
	net->rs_draining[slot] = false;
	spin_unlock_irq(&net->rs_lock);
	wake_up_all(&net->rs_wq);
}

/* Lock region @r for the resync: a free slot, no write in flight on it. */
static int liox_mirror_rs_lock(struct liox_mirror_net *net, u64 r)
{
	int slot = -1;

	wait_event(net->rs_wq, liox_mirror_rs_claim(net, r, &slot));
	if (slot < 0)
		return -ECONNRESET;
	liox_mirror_rs_drain(net, slot);
	return slot;
}

static void liox_mirror_rs_unlock(struct liox_mirror_net *net, int slot)
{
	spin_lock_irq(&net->rs_lock);
	net->rs_locked[slot] = LIOX_MIRROR_RS_FREE;
	spin_unlock_irq(&net->rs_lock);
	wake_up_all(&net->rs_wq);
}

/**
 * liox_mirror_resync_verify_lock() - lock region @r for verify: writes
 *	to it wait, and those in flight have completed
 * @net: the network half, link up
 * @r: the region
 *
 * In sync mode a completed write is on the peer's disk; in async mode it
 * is sent, on its block's connection, ahead of the VERIFY_REQ that the
 * caller sends there. Sleeps. Always undo with
 * liox_mirror_resync_verify_unlock(). Return: 0 or -ECONNRESET.
 */
int liox_mirror_resync_verify_lock(struct liox_mirror_net *net, u64 r)
{
	spin_lock_irq(&net->rs_lock);
	net->rs_locked[LIOX_MIRROR_RS_VERIFY] = r;
	spin_unlock_irq(&net->rs_lock);
	liox_mirror_rs_drain(net, LIOX_MIRROR_RS_VERIFY);
	return liox_mirror_rs_stopping(net) ? -ECONNRESET : 0;
}

/**
 * liox_mirror_resync_verify_unlock() - writes may go to verify's region
 * @net: the network half
 */
void liox_mirror_resync_verify_unlock(struct liox_mirror_net *net)
{
	liox_mirror_rs_unlock(net, LIOX_MIRROR_RS_VERIFY);
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
	/* durable on the peer with its next flush */
	liox_mirror_unflushed_add(net, req->sector, req->sectors);
	liox_mirror_meta_clear_range(net->m, req->sector, req->sectors);
	atomic64_inc(&net->rs_done);
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
		if (hdr.type == LIOX_MIRROR_MSG_CLOSE) {
			/* the peer's decision refused the link: not malformed */
			ret = liox_mirror_recv_body(c, &hdr,
						    buf + LIOX_MIRROR_WIRE_HDR_LEN,
						    LIOX_MIRROR_BITMAP_CHUNK / 8,
						    &msg);
			if (!ret) {
				pr_info("%s: peer closed the link (reason %u)\n",
					m->name, msg.u.close_reason);
				ret = liox_mirror_link_close_errno(msg.u.close_reason);
			}
			break;
		}
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
	/* the figures of the last resync stay until the next one */
	if (net->sync_source || net->sync_target) {
		WRITE_ONCE(net->rs_total, m->bm.dirty);
		atomic64_set(&net->rs_done, 0);
	}
	if (net->sync_target)
		return liox_mirror_meta_set_flag(m, LIOX_MIRROR_MD_F_INCONSISTENT,
						 true);
	return liox_mirror_meta_sync(m);
}

/**
 * liox_mirror_resync_reset() - the link is down: no region stays locked
 * @net: the network half: no resync running, receivers stopped, requests
 *	drained (liox_mirror_repl_drain())
 *
 * Resync data sent and not acknowledged left its region dirty and its
 * slot taken; the next resync sends the region again.
 */
void liox_mirror_resync_reset(struct liox_mirror_net *net)
{
	int i;

	spin_lock_irq(&net->rs_lock);
	for (i = 0; i < LIOX_MIRROR_RESYNC_WINDOW; i++)
		net->rs_locked[i] = LIOX_MIRROR_RS_FREE;
	spin_unlock_irq(&net->rs_lock);
	wake_up_all(&net->rs_wq);
}

static void liox_mirror_rs_read_end(struct bio *bio)
{
	struct liox_mirror_rs_read *rd = bio->bi_private;

	complete(&rd->done);
}

/* Start reading region @r, locked in @slot, into @rd. */
static int liox_mirror_rs_read_start(struct liox_mirror_net *net,
				     struct liox_mirror_rs_read *rd, u64 r,
				     int slot)
{
	u64 sector, sectors;

	liox_mirror_bitmap_region(&net->m->bm, r, &sector, &sectors);
	rd->slot = slot;
	rd->sector = sector;
	rd->len = sectors << SECTOR_SHIFT;
	rd->bio = liox_mirror_pages_bio(net, REQ_OP_READ, sector, rd->len);
	if (!rd->bio)
		return -ENOMEM;
	rd->it = rd->bio->bi_iter;
	init_completion(&rd->done);
	rd->bio->bi_private = rd;
	rd->bio->bi_end_io = liox_mirror_rs_read_end;
	submit_bio(rd->bio);
	return 0;
}

/* Wait for the read of @rd. Return: its status, as an errno. */
static int liox_mirror_rs_read_wait(struct liox_mirror_rs_read *rd)
{
	wait_for_completion(&rd->done);
	return blk_status_to_errno(rd->bio->bi_status);
}

/*
 * This node's disk failed to read a region of the resync: the region
 * stays dirty, the link goes down (the caller fails it) and the link
 * thread waits one probation interval, showing io-error, before it
 * tries again; not at once, over and over.
 */
static void liox_mirror_rs_read_failed(struct liox_mirror_net *net,
				       struct liox_mirror_rs_read *rd, int err)
{
	atomic64_inc(&net->m->stats.io_errors);
	atomic_or(LIOX_MIRROR_LOCAL_FAILED, &net->peer_failed);
	liox_err_ratelimited("%s: reading sector %llu for the resync failed (%d): the region stays dirty, the link goes down\n",
			     net->m->name, rd->sector, err);
}

/* A region read and not to be sent: its slot is free again. */
static void liox_mirror_rs_read_drop(struct liox_mirror_net *net,
				     struct liox_mirror_rs_read *rd)
{
	liox_mirror_rs_read_wait(rd);
	liox_mirror_pages_bio_put(net, rd->bio);
	liox_mirror_rs_unlock(net, rd->slot);
}

/* Send the region of @rd once read; its slot is unlocked on the ack. */
static int liox_mirror_rs_read_send(struct liox_mirror_net *net,
				    struct liox_mirror_rs_read *rd)
{
	struct liox_mirror_hdr hdr = { .type = LIOX_MIRROR_MSG_RESYNC_DATA };
	u64 r = rd->sector >> net->m->bm.region_shift;
	struct liox_mirror_req *req;
	int ret;

	ret = liox_mirror_rs_read_wait(rd);
	if (ret) {
		liox_mirror_rs_read_failed(net, rd, ret);
		goto out_unlock;
	}
	req = liox_mirror_req_add(net, LIOX_MIRROR_MSG_RESYNC_DATA, rd->sector,
				  rd->len >> SECTOR_SHIFT);
	if (!req) {
		ret = -ECONNRESET;
		goto out_unlock;
	}
	req->slot = rd->slot;
	hdr.seq = req->seq;
	hdr.sector = rd->sector;
	hdr.data_len = rd->len;
	liox_mirror_req_sending(req);
	ret = liox_mirror_send_data(&net->conn[r % net->n_conns], &hdr,
				    rd->bio, &rd->it,
				    LIOX_MIRROR_SEND_ZERO_COPY);
	liox_mirror_pages_bio_put(net, rd->bio);
	if (!ret) {
		net->rs_sent_bytes += hdr.data_len;
		atomic64_add(hdr.data_len, &net->stats.resync_bytes);
	}
	/* not sent: the teardown frees the request and the slot */
	return ret;

out_unlock:
	liox_mirror_pages_bio_put(net, rd->bio);
	liox_mirror_rs_unlock(net, rd->slot);
	return ret;
}

/* A resync run: the regions being read, oldest first, and its pace. */
struct liox_mirror_rs_run {
	struct liox_mirror_rs_read rd[LIOX_MIRROR_RS_READAHEAD];
	unsigned int head;
	unsigned int n;
	/* resync_rate_kb: bytes since @start (ms) at @rate, 0 unlimited */
	u64 start;
	u64 bytes;
	u32 rate;
};

/* When the bytes counted so far are due at @rate (ms). */
static u64 liox_mirror_rs_due(const struct liox_mirror_rs_run *run)
{
	return run->start + div_u64(run->bytes * 1000, (u64)run->rate << 10);
}

/*
 * Count @bytes against resync_rate_kb. Return: the ms to pause for, 0 if
 * none. A new rate starts a new count; so does a count more than a second
 * behind (the resync waited: for the peer, for writes, between passes),
 * so that no credit saved up goes out as a burst above the rate.
 */
static unsigned long liox_mirror_rs_pace(struct liox_mirror_net *net,
					 struct liox_mirror_rs_run *run,
					 u32 bytes)
{
	u32 rate = READ_ONCE(net->m->cfg.resync_rate_kb);
	u64 now = ktime_to_ms(ktime_get()), due;

	if (rate != run->rate || (rate && liox_mirror_rs_due(run) + 1000 < now)) {
		run->rate = rate;
		run->start = now;
		run->bytes = 0;
	}
	run->bytes += bytes;
	if (!rate)
		return 0;
	due = liox_mirror_rs_due(run);
	return due > now ? due - now : 0;
}

/* A pause ends early: a stop, a failure, or a new resync_rate_kb. */
static bool liox_mirror_rs_pause_over(struct liox_mirror_net *net,
				      const struct liox_mirror_rs_run *run)
{
	return liox_mirror_rs_stopping(net) ||
	       READ_ONCE(net->m->cfg.resync_rate_kb) != run->rate;
}

static struct liox_mirror_rs_read *
liox_mirror_rs_run_pop(struct liox_mirror_rs_run *run)
{
	struct liox_mirror_rs_read *rd = &run->rd[run->head];

	run->head = (run->head + 1) % LIOX_MIRROR_RS_READAHEAD;
	run->n--;
	return rd;
}

/* Send every region read so far, in order. */
static int liox_mirror_rs_run_send(struct liox_mirror_net *net,
				   struct liox_mirror_rs_run *run)
{
	int ret;

	while (run->n) {
		ret = liox_mirror_rs_read_send(net, liox_mirror_rs_run_pop(run));
		if (ret)
			return ret;
	}
	return 0;
}

/* Start reading region @r, locked in @slot, behind the others. */
static int liox_mirror_rs_run_read(struct liox_mirror_net *net,
				   struct liox_mirror_rs_run *run, u64 r,
				   int slot)
{
	unsigned int next = (run->head + run->n) % LIOX_MIRROR_RS_READAHEAD;
	int ret;

	ret = liox_mirror_rs_read_start(net, &run->rd[next], r, slot);
	if (ret == -ENOMEM && run->n) {
		/* the pages of what is read come back once it is sent */
		ret = liox_mirror_rs_run_send(net, run);
		if (!ret)
			ret = liox_mirror_rs_read_start(net,
							&run->rd[run->head],
							r, slot);
	}
	if (!ret)
		run->n++;
	return ret;
}

/*
 * One pass over the dirty regions: lock and start reading each, up to
 * LIOX_MIRROR_RS_READAHEAD ahead of the oldest, which is sent first.
 * Whenever locking a region must wait (for a slot, or for writes in
 * flight on it), or the pace calls for a pause, what is read is sent
 * first: no region waits locked behind an unrelated one.
 */
static int liox_mirror_resync_pass(struct liox_mirror_net *net,
				   struct liox_mirror_rs_run *run)
{
	struct liox_mirror *m = net->m;
	unsigned long pause;
	int slot, ret;
	u64 r;

	for (r = 0;; r++) {
		if (liox_mirror_rs_stopping(net))
			return -ECONNRESET;
		spin_lock_irq(&m->bm_lock);
		r = liox_mirror_bitmap_next(&m->bm, r);
		spin_unlock_irq(&m->bm_lock);
		if (r >= m->bm.nr_regions)
			break;
		if (run->n == LIOX_MIRROR_RS_READAHEAD) {
			ret = liox_mirror_rs_read_send(net,
						       liox_mirror_rs_run_pop(run));
			if (ret)
				goto out_fail;
		}
		slot = liox_mirror_rs_trylock(net, r);
		if (slot < 0) {
			ret = liox_mirror_rs_run_send(net, run);
			if (ret)
				goto out_fail;
			slot = liox_mirror_rs_lock(net, r);
			if (slot < 0)
				return slot;
		}
		ret = liox_mirror_rs_run_read(net, run, r, slot);
		if (ret) {
			liox_mirror_rs_unlock(net, slot);
			goto out_fail;
		}
		pause = liox_mirror_rs_pace(net, run, m->bm.region_size);
		if (pause) {
			ret = liox_mirror_rs_run_send(net, run);
			if (ret)
				goto out_fail;
			wait_event_timeout(net->rs_wq,
					   liox_mirror_rs_pause_over(net, run),
					   msecs_to_jiffies(pause));
		}
	}
	ret = liox_mirror_rs_run_send(net, run);
	if (ret)
		goto out_fail;
	return 0;

out_fail:
	liox_mirror_link_fail(&net->conn[0], "resync", ret);
	return ret;
}

/* The resync stopped: the regions read and not sent are unlocked. */
static void liox_mirror_rs_run_drop(struct liox_mirror_net *net,
				    struct liox_mirror_rs_run *run)
{
	while (run->n)
		liox_mirror_rs_read_drop(net, liox_mirror_rs_run_pop(run));
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
	u64 start = ktime_to_ms(ktime_get());
	struct liox_mirror_rs_run *run;
	struct liox_mirror_gens gens;
	int ret;

	run = kzalloc(sizeof(*run), GFP_KERNEL);
	if (!run) {
		liox_mirror_link_fail(&net->conn[0], "resync", -ENOMEM);
		return -ENOMEM;
	}
	pr_info("%s: resync to the peer: %llu regions of %u KiB\n", m->name,
		net->rs_total, m->bm.region_size >> 10);
	net->rs_sent_bytes = 0;
	do {
		/* regions dirtied since the count began are counted too */
		WRITE_ONCE(net->rs_total,
			   max_t(u64, net->rs_total,
				 atomic64_read(&net->rs_done) +
				 READ_ONCE(m->bm.dirty)));
		ret = liox_mirror_resync_pass(net, run);
		if (ret) {
			liox_mirror_rs_run_drop(net, run);
			kfree(run);
			return ret;
		}
		wait_event(net->rs_wq, liox_mirror_rs_drained(net));
		if (atomic_read(&net->failed)) {
			kfree(run);
			return -ECONNRESET;
		}
		/* regions dirtied meanwhile take another pass */
	} while (READ_ONCE(m->bm.dirty));
	kfree(run);

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
