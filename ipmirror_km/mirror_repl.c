// SPDX-License-Identifier: GPL-2.0
/*
 * Replication of writes.
 *
 * Primary: while the link is up each write is cut at 1 MiB boundaries of
 * the device, each piece queued on the connection of its MiB (MiB % n:
 * writes to the same block never reorder across connections); a flush
 * goes on every connection. The connection's sender (a work item) sends
 * them in order while the submitter goes on: the local write and the
 * sending overlap, and the connections' senders run on any CPU. In sync
 * mode the write takes a second leg that ends with the peer's WRITE_ACK
 * (sent once the data is on the peer's backing device, durable for FUA);
 * in async mode the leg ends once the data is in the socket (it is
 * copied: the write's pages are free again), so a full socket send buffer
 * holds the writes back; at most LIOX_MIRROR_MAX_REQS wait for their acks
 * (the bounded queue). Writes awaiting an ack
 * are kept by sequence number: when the link goes down they are recorded
 * in the dirty bitmap (on disk) before their leg ends, so no write the
 * peer may lack is forgotten; nor are the ones it acknowledged but has
 * not flushed yet (mirror_unflushed.c).
 *
 * Secondary: one receiver thread per connection reads WRITEs into pages,
 * checks their CRC32C and writes them to the backing device at the same
 * sector, with FUA and PREFLUSH as sent; a write that overlaps one still
 * in flight on the connection waits for it (order is kept); a FLUSH is
 * submitted once the writes received before it are done, the receiver
 * going on meanwhile. The ack goes
 * out when the write completed: the connection's ack worker sends the acks
 * of all writes completed meanwhile together (corked: one TCP segment
 * for many). Any malformed message closes the link before anything
 * reaches the disk.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "mirror_crc.h"
#include "mirror_net.h"

/**
 * liox_mirror_peer_connected() - does the peer receive this node's
 *	writes right now?
 * @m: the mirror
 */
bool liox_mirror_peer_connected(struct liox_mirror *m)
{
	struct liox_mirror_net *net = m->net;

	return net && READ_ONCE(net->mirroring);
}

/**
 * liox_mirror_io_resync_done() - a write counted against the resync is
 *	complete
 * @io: the write
 */
void liox_mirror_io_resync_done(struct liox_mirror_io *io)
{
	liox_mirror_resync_write_done(io->m->net, io->rs_sector,
				      io->rs_sectors);
}

/**
 * liox_mirror_req_add() - track a message that waits for its reply
 * @net: the network half
 * @type: the message type
 * @sector: its range
 * @sectors: its length
 *
 * Waits while LIOX_MIRROR_MAX_REQS are outstanding. Return: the request
 * with its sequence number, or NULL: the link is going down (it failed,
 * or there was no memory, which fails it).
 */
struct liox_mirror_req *liox_mirror_req_add(struct liox_mirror_net *net,
					    u8 type, u64 sector, u32 sectors)
{
	struct liox_mirror_req *req;

	wait_event(net->reqs_wq,
		   atomic_read(&net->nr_reqs) < LIOX_MIRROR_MAX_REQS ||
		   atomic_read(&net->failed));
	if (atomic_read(&net->failed))
		return NULL;
	req = kzalloc(sizeof(*req), GFP_NOIO);
	if (!req)
		goto err_fail_link;
	INIT_LIST_HEAD(&req->tx_node);
	req->type = type;
	req->queued = jiffies;
	req->sector = sector;
	req->sectors = sectors;
	req->seq = atomic64_inc_return(&net->seq);
	if (xa_insert(&net->reqs, req->seq, req, GFP_NOIO)) {
		kfree(req);
		goto err_fail_link;
	}
	atomic_inc(&net->nr_reqs);
	return req;

err_fail_link:
	/* what is not sent must be resent: NULL always means a link going down */
	liox_mirror_link_fail(&net->conn[0], "request allocation", -ENOMEM);
	return NULL;
}

/**
 * liox_mirror_req_take() - the request a reply refers to
 * @net: the network half
 * @seq: the reply's ack
 *
 * Return: the request, no longer tracked, or NULL.
 */
struct liox_mirror_req *liox_mirror_req_take(struct liox_mirror_net *net,
					     u64 seq)
{
	struct liox_mirror_req *req = xa_erase(&net->reqs, seq);

	if (req && atomic_dec_return(&net->nr_reqs) < LIOX_MIRROR_MAX_REQS)
		wake_up(&net->reqs_wq);
	return req;
}

/*
 * The write of @req did not reach the peer: dirty, then end its leg.
 * Return: 0, or -EIO when it could not be recorded.
 */
static int liox_mirror_req_lost(struct liox_mirror_net *net,
				struct liox_mirror_req *req)
{
	int ret = 0;

	if (req->sectors && req->type == LIOX_MIRROR_MSG_WRITE)
		ret = liox_mirror_meta_mark_range(net->m, req->sector,
						  req->sectors);
	/* recorded (or the write fails): the activity log may let go */
	if (req->al_own)
		liox_mirror_meta_al_put(net->m, req->al_slot);
	if (req->io)
		liox_mirror_io_put(req->io, ret ? BLK_STS_IOERR : BLK_STS_OK);
	if (req->done) {
		req->status = -ENOTCONN;
		complete(req->done);
		return ret;	/* the waiter frees it */
	}
	kfree(req);
	return ret;
}

/**
 * liox_mirror_repl_drain() - the link is down: every request still
 *	waiting for the peer is recorded dirty and completed
 * @net: the network half, receivers stopped
 *
 * Return: true when every write is recorded (false: a metadata write
 * failed; the sync writes among them complete with an error).
 */
bool liox_mirror_repl_drain(struct liox_mirror_net *net)
{
	struct liox_mirror_req *req;
	unsigned long seq;
	bool recorded = true;

	xa_for_each(&net->reqs, seq, req) {
		req = liox_mirror_req_take(net, seq);
		if (req && liox_mirror_req_lost(net, req))
			recorded = false;
	}
	wake_up_all(&net->reqs_wq);
	return recorded;
}

/* Queue @req on @c; its sender sends it after what is queued before. */
static void liox_mirror_repl_queue(struct liox_mirror_conn *c,
				   struct liox_mirror_req *req)
{
	spin_lock(&c->tx_qlock);
	list_add_tail(&req->tx_node, &c->tx_queue);
	spin_unlock(&c->tx_qlock);
	queue_work(liox_mirror_tx_wq, &c->tx_work);
}

/*
 * Queue one piece of @io for the peer on @c: the flush (@it NULL) with its
 * @cut, or the part of the write's data that @it describes. Its sender
 * sends it.
 *
 * Return: false when the link failed meanwhile (nothing queued): the
 * caller records the write dirty once it no longer holds link_rwsem.
 */
static bool liox_mirror_repl_send(struct liox_mirror_net *net,
				  struct liox_mirror_conn *c,
				  struct liox_mirror_io *io, bool sync,
				  struct bvec_iter *it, u64 cut)
{
	struct bio *bio = &io->clone;
	u32 sectors = it ? it->bi_size >> SECTOR_SHIFT : 0;
	u64 sector = it ? it->bi_sector : bio->bi_iter.bi_sector;
	struct liox_mirror_req *req;

	req = liox_mirror_req_add(net, sectors ? LIOX_MIRROR_MSG_WRITE :
						LIOX_MIRROR_MSG_FLUSH,
				  sector, sectors);
	if (!req)
		return false;
	req->cut = cut;
	/*
	 * A leg held until the piece is sent (its pages are read until
	 * then); in sync mode a second one, until the peer's ack.
	 */
	atomic_inc(&io->pending);
	req->tx_io = io;
	if (sync) {
		atomic_inc(&io->pending);
		req->io = io;
	}
	if (it) {
		/*
		 * The write's activity log slot: in async mode, held until the
		 * peer's ack (the write completes before); the ack notes there
		 * what the peer has yet to flush.
		 */
		req->al_slot = io->al_slot;
		if (!sync && io->al_slot) {
			liox_mirror_meta_al_hold(net->m, io->al_slot);
			req->al_own = true;
		}
		/* FUA and PREFLUSH ride on a WRITE; a FLUSH has no flags */
		req->it = *it;
		if (bio->bi_opf & REQ_FUA)
			req->flags |= LIOX_MIRROR_F_FUA;
		if (bio->bi_opf & REQ_PREFLUSH)
			req->flags |= LIOX_MIRROR_F_PREFLUSH;
	}
	liox_mirror_repl_queue(c, req);
	return true;
}

/*
 * Send a queued request; with @more, another follows at once. The reply
 * may come (and free @req) before the send returns: nothing of @req is
 * used after, and the write's tx_io leg keeps its pages until then.
 */
static int liox_mirror_repl_tx_one(struct liox_mirror_conn *c,
				   struct liox_mirror_req *req, bool more)
{
	struct liox_mirror_io *io = req->tx_io;
	struct bvec_iter it = req->it;
	struct liox_mirror_hdr hdr = {
		.type = req->type,
		.seq = req->seq,
		.sector = req->sector,
		.flags = req->flags,
	};
	struct liox_mirror_msg msg = { .hdr = hdr };
	unsigned int flags = more ? LIOX_MIRROR_SEND_MORE : 0;

	if (req->io)		/* sync: unchanged until the ack */
		flags |= LIOX_MIRROR_SEND_ZERO_COPY;
	hdr.data_len = it.bi_size;
	liox_mirror_req_sending(req);
	if (hdr.type == LIOX_MIRROR_MSG_FLUSH)
		return liox_mirror_send_msg(c, &msg);
	return liox_mirror_send_data(c, &hdr, &io->clone, &it, flags);
}

/**
 * liox_mirror_repl_flush_peer() - a FLUSH of this node's own on every
 *	connection; nothing waits for it
 * @net: the network half; the caller holds link_rwsem for reading
 * @cut: what it makes durable (liox_mirror_unflushed_cut())
 */
void liox_mirror_repl_flush_peer(struct liox_mirror_net *net, u64 cut)
{
	struct liox_mirror_req *req;
	unsigned int i;

	for (i = 0; i < net->n_conns; i++) {
		req = liox_mirror_req_add(net, LIOX_MIRROR_MSG_FLUSH, 0, 0);
		if (!req)
			return;		/* the link failed */
		req->cut = cut;
		liox_mirror_repl_queue(&net->conn[i], req);
	}
}

/**
 * liox_mirror_repl_tx_work() - a connection's sender: send what is queued
 *	on it, in order
 * @work: the connection's tx_work
 *
 * A write with more queued behind it is not pushed on its own: a burst
 * leaves in as few segments as it fits. After a failure nothing more is
 * sent: the requests stay tracked, and the teardown records their writes
 * dirty (liox_mirror_repl_drain()).
 */
void liox_mirror_repl_tx_work(struct work_struct *work)
{
	struct liox_mirror_conn *c = container_of(work, struct liox_mirror_conn,
						  tx_work);
	struct liox_mirror_net *net = c->net;
	struct liox_mirror_req *req;
	struct liox_mirror_io *io;
	bool more;
	int ret;

	for (;;) {
		spin_lock(&c->tx_qlock);
		req = list_first_entry_or_null(&c->tx_queue,
					       struct liox_mirror_req, tx_node);
		if (req)
			list_del_init(&req->tx_node);
		more = !list_empty(&c->tx_queue);
		spin_unlock(&c->tx_qlock);
		if (!req)
			return;
		io = req->tx_io;
		ret = atomic_read(&net->failed) ? -ENOTCONN :
		      liox_mirror_repl_tx_one(c, req, more);
		if (ret)
			liox_mirror_link_fail(c, "send", ret);
		if (io)
			liox_mirror_io_put(io, BLK_STS_OK);
	}
}

/**
 * liox_mirror_repl_settle() - wait until the peer has acknowledged every
 *	request sent or queued so far and flushed what it acknowledged, or
 *	the link went down
 * @net: the network half; no write is submitted meanwhile
 *
 * A running resync or verify keeps requests in flight: it does not wait
 * then, nor longer than LIOX_MIRROR_SETTLE_TIMEOUT in all.
 *
 * Return: true when all of it happened with the link up; false otherwise
 * (a link that went down records what the peer lacks itself).
 */
bool liox_mirror_repl_settle(struct liox_mirror_net *net)
{
	unsigned long left;

	if (READ_ONCE(net->sync_source) || READ_ONCE(net->verify_running))
		return false;
	left = wait_event_timeout(net->reqs_wq, !atomic_read(&net->nr_reqs) ||
				  !READ_ONCE(net->mirroring) ||
				  atomic_read(&net->failed),
				  LIOX_MIRROR_SETTLE_TIMEOUT);
	if (!READ_ONCE(net->mirroring) || atomic_read(&net->failed) ||
	    atomic_read(&net->nr_reqs))
		return false;
	return liox_mirror_unflushed_settle(net, max(left, 1UL));
}

/**
 * liox_mirror_repl_tx_flush() - wait until @c's sender has sent (or, the
 *	link failed, given up) everything queued on it, and its ping
 * @c: the connection; no more is queued on it (mirroring is off; a ping
 *	queued later sends nothing)
 */
void liox_mirror_repl_tx_flush(struct liox_mirror_conn *c)
{
	flush_work(&c->tx_work);
	flush_work(&c->ping_work);
}

/*
 * Send a write in pieces cut at 1 MiB boundaries of the device (the
 * largest message), each on the connection of its MiB (MiB % n): every
 * block always travels on the same connection, so writes to it never
 * reorder, whatever ranges they cover (in async mode a write may follow an
 * overlapping one still on its way), and large writes spread over the
 * connections and the peer's receivers.
 */
static bool liox_mirror_repl_send_write(struct liox_mirror_net *net,
					struct liox_mirror_io *io, bool sync)
{
	struct bio *bio = &io->clone;
	struct bvec_iter it = bio->bi_iter, piece;
	bool queued = true;
	u64 stripe, next;
	u32 len;

	while (it.bi_size) {
		stripe = it.bi_sector >> LIOX_MIRROR_STRIPE_SHIFT;
		next = (stripe + 1) << LIOX_MIRROR_STRIPE_SHIFT;
		len = min_t(u64, it.bi_size,
			    (next - it.bi_sector) << SECTOR_SHIFT);
		piece = it;
		piece.bi_size = len;
		queued &= liox_mirror_repl_send(net,
						&net->conn[stripe % net->n_conns],
						io, sync, &piece, 0);
		bio_advance_iter(bio, &it, len);
	}
	return queued;
}

/* Must @io wait for the peer's flushes before it is sent? (below) */
static bool liox_mirror_repl_needs_barrier(struct liox_mirror_io *io)
{
	return (io->clone.bi_opf & REQ_PREFLUSH) && bio_sectors(&io->clone) &&
	       READ_ONCE(io->m->cfg.mode) == LIOX_MIRROR_ASYNC;
}

/*
 * Async mode, a write with PREFLUSH: the writes that completed before it
 * may still be on their way to the peer, on any connection, and it must
 * not reach the peer's disk before them. A FLUSH goes on every connection
 * (the peer runs it after the writes received before it there) and the
 * write waits for all the acks. Called and returns with link_rwsem held
 * for reading, which it drops while waiting: a link going down drains the
 * flushes (the caller then finds it down).
 */
static void liox_mirror_repl_barrier(struct liox_mirror_net *net)
{
	struct liox_mirror_req *req[LIOX_MIRROR_CONNS_MAX];
	struct completion done[LIOX_MIRROR_CONNS_MAX];
	u64 cut = liox_mirror_unflushed_cut(net);
	unsigned int i, n;

	for (n = 0; n < net->n_conns; n++) {
		req[n] = liox_mirror_req_add(net, LIOX_MIRROR_MSG_FLUSH, 0, 0);
		if (!req[n])
			break;		/* the link failed: no need */
		init_completion(&done[n]);
		req[n]->done = &done[n];
		req[n]->cut = cut;
		liox_mirror_repl_queue(&net->conn[n], req[n]);
	}
	up_read(&net->link_rwsem);
	for (i = 0; i < n; i++) {
		wait_for_completion(&done[i]);
		kfree(req[i]);		/* the waiter frees it */
	}
	down_read(&net->link_rwsem);
}

/**
 * liox_mirror_submit_remote() - offer a write or flush to the peer
 * @m: the mirror (a primary)
 * @io: the write, about to be sent to the backing device
 *
 * Called for every write and flush just before its local clone is
 * submitted, in a context that may sleep, never the metadata worker.
 * Every write counts against the resync until it completes, sent or not:
 * a resync that starts meanwhile reads its regions only after it. A write
 * the peer does not get is recorded dirty on disk before it completes,
 * unless its mark from the outage still stands.
 */
void liox_mirror_submit_remote(struct liox_mirror *m,
			       struct liox_mirror_io *io)
{
	struct liox_mirror_net *net = m->net;
	struct bio *bio = &io->clone;
	u64 sector = bio->bi_iter.bi_sector;
	u32 sectors = bio_sectors(bio);
	bool sync, mirroring, queued = false;
	unsigned int i;
	u64 cut;
	int ret;

	if (!net)
		return;
	sync = READ_ONCE(m->cfg.mode) == LIOX_MIRROR_SYNC;
	liox_mirror_link_read_lock(net);
	if (liox_mirror_repl_needs_barrier(io) && READ_ONCE(net->mirroring)) {
		liox_mirror_repl_barrier(net);
		/* it let go of link_rwsem: a new link may be being set up */
		up_read(&net->link_rwsem);
		liox_mirror_link_read_lock(net);
	}
	mirroring = READ_ONCE(net->mirroring);
	if (sectors) {
		/* a write waits for the resync of its regions, and counts */
		liox_mirror_resync_wait_region(net, sector, sectors);
		io->rs_sector = sector;
		io->rs_sectors = sectors;
		if (mirroring)
			queued = liox_mirror_repl_send_write(net, io, sync);
	} else if (mirroring) {
		/*
		 * A flush covers what every connection carried, and ends with
		 * the peer's flushes in both modes: in async mode too, a write
		 * the host orders after a flush reaches the peer's disk after
		 * the writes before it. It makes durable there the writes
		 * acknowledged before it (mirror_unflushed.c).
		 */
		cut = liox_mirror_unflushed_cut(net);
		for (i = 0; i < net->n_conns; i++)
			liox_mirror_repl_send(net, &net->conn[i], io, true,
					      NULL, cut);
	}
	if (!sectors || queued ||
	    (!mirroring && liox_mirror_meta_still_marked(m, io))) {
		up_read(&net->link_rwsem);
		return;
	}
	/* not (all) sent: dirty, on disk, before it completes */
	atomic_inc(&io->pending);
	ret = liox_mirror_link_mark_unlock(net, sector, sectors);
	liox_mirror_io_put(io, ret ? BLK_STS_IOERR : BLK_STS_OK);
}

/* Does [@sector, +@len) overlap a peer write in flight on @c? */
static bool liox_mirror_pwrite_overlaps(struct liox_mirror_conn *c,
					u64 sector, u32 len)
{
	struct liox_mirror_pwrite *pw;
	u64 end = sector + (len >> SECTOR_SHIFT);
	bool ret = false;

	spin_lock_irq(&c->pw_lock);
	list_for_each_entry(pw, &c->pwrites, node) {
		if (sector < pw->sector + (pw->len >> SECTOR_SHIFT) &&
		    pw->sector < end) {
			ret = true;
			break;
		}
	}
	spin_unlock_irq(&c->pw_lock);
	return ret;
}

static bool liox_mirror_pwrite_may_start(struct liox_mirror_conn *c,
					 const struct liox_mirror_pwrite *pw)
{
	return !liox_mirror_pwrite_overlaps(c, pw->sector, pw->len);
}

/**
 * liox_mirror_pwrite_wait_range() - wait until no peer write received on
 *	@c overlaps [@sector, +@len bytes) any more
 * @c: the connection (its receiver calls this)
 * @sector: the first sector
 * @len: bytes
 */
void liox_mirror_pwrite_wait_range(struct liox_mirror_conn *c, u64 sector,
				   u32 len)
{
	wait_event(c->pw_wq, !liox_mirror_pwrite_overlaps(c, sector, len));
}

/**
 * liox_mirror_pwrite_wait_all() - wait until the peer writes received on
 *	@c are written and acknowledged
 * @c: the connection
 */
void liox_mirror_pwrite_wait_all(struct liox_mirror_conn *c)
{
	wait_event(c->pw_wq, !READ_ONCE(c->pw_count));
	/* an ack worker queued for nothing must not run on a freed @c */
	flush_work(&c->flush_work);
	flush_work(&c->ack_work);
}

/* Ack one peer write; the caller frees it. */
static void liox_mirror_pwrite_ack(struct liox_mirror_conn *c,
				   struct liox_mirror_pwrite *pw)
{
	struct liox_mirror_net *net = c->net;
	blk_status_t status = pw->bio->bi_status;
	struct liox_mirror_msg msg = {
		.hdr.type = pw->type == LIOX_MIRROR_MSG_WRITE ?
			    LIOX_MIRROR_MSG_WRITE_ACK :
			    pw->type == LIOX_MIRROR_MSG_FLUSH ?
			    LIOX_MIRROR_MSG_FLUSH_ACK : LIOX_MIRROR_MSG_RESYNC_ACK,
		.hdr.ack = pw->seq,
		.hdr.sector = pw->sector,
		.hdr.data_len = pw->len,
		.hdr.flags = status ? LIOX_MIRROR_F_ERROR : 0,
	};

	if (status && pw->type == LIOX_MIRROR_MSG_FLUSH) {
		atomic64_inc(&net->m->stats.io_errors);
		liox_err_ratelimited("%s: flushing the disk for the peer failed (%d)\n",
				     net->m->name, blk_status_to_errno(status));
	} else if (status) {
		atomic64_inc(&net->m->stats.io_errors);
		liox_err_ratelimited("%s: writing the peer's data at sector %llu failed (%d)\n",
				     net->m->name, pw->sector,
				     blk_status_to_errno(status));
	} else if (pw->type == LIOX_MIRROR_MSG_RESYNC_DATA) {
		liox_mirror_meta_clear_range(net->m, pw->sector,
					     pw->len >> SECTOR_SHIFT);
		atomic64_inc(&net->rs_done);
	}
	/* a failed send fails the link: the peer marks it dirty */
	if (liox_mirror_send_msg(c, &msg))
		liox_mirror_link_fail(c, "ack", -EIO);
}

static void liox_mirror_pwrite_free(struct liox_mirror_net *net,
				    struct liox_mirror_pwrite *pw)
{
	if (pw->bio)
		liox_mirror_pages_bio_put(net, pw->bio);
	kfree(pw);
}

/**
 * liox_mirror_repl_ack_work() - a connection's ack worker: acknowledge
 *	the peer writes completed since it last ran, in one corked burst
 * @work: the connection's ack_work
 */
void liox_mirror_repl_ack_work(struct work_struct *work)
{
	struct liox_mirror_conn *c = container_of(work, struct liox_mirror_conn,
						  ack_work);
	struct socket *sock = READ_ONCE(c->sock);
	struct liox_mirror_pwrite *pw, *next;
	unsigned int n = 0;
	LIST_HEAD(done);
	bool cork;

	spin_lock_irq(&c->pw_lock);
	list_splice_init(&c->pw_done, &done);
	spin_unlock_irq(&c->pw_lock);
	if (list_empty(&done))
		return;
	cork = !list_is_singular(&done);
	if (cork)
		liox_mirror_sock_cork(sock, true);
	list_for_each_entry_safe(pw, next, &done, node) {
		liox_mirror_pwrite_ack(c, pw);
		liox_mirror_pwrite_free(c->net, pw);
		n++;
	}
	if (cork)
		liox_mirror_sock_cork(sock, false);
	spin_lock_irq(&c->pw_lock);
	c->pw_count -= n;
	wake_up_all(&c->pw_wq);
	spin_unlock_irq(&c->pw_lock);
}

/*
 * A FLUSH first in @pwrites (what was received before it is done) and not
 * submitted: claim it. Caller holds pw_lock. Return: it, or NULL.
 */
static struct liox_mirror_pwrite *
liox_mirror_pwrite_flush_ready(struct liox_mirror_conn *c)
{
	struct liox_mirror_pwrite *pw;

	pw = list_first_entry_or_null(&c->pwrites, struct liox_mirror_pwrite,
				      node);
	if (!pw || pw->type != LIOX_MIRROR_MSG_FLUSH || pw->submitted)
		return NULL;
	pw->submitted = true;
	return pw;
}

/* A peer write is on disk: off the overlap list, to the ack worker. */
static void liox_mirror_pwrite_end_io(struct bio *bio)
{
	struct liox_mirror_pwrite *pw = bio->bi_private;
	struct liox_mirror_conn *c = pw->conn;
	unsigned long flags;

	/*
	 * Queued under the lock: once the ack worker has counted this write
	 * done, the work is pending or ran, so liox_mirror_pwrite_wait_all()'s
	 * flush_work() covers it. So is a FLUSH it lets go (not submitted
	 * here: this may be interrupt context).
	 */
	spin_lock_irqsave(&c->pw_lock, flags);
	list_move_tail(&pw->node, &c->pw_done);
	c->flush_next = liox_mirror_pwrite_flush_ready(c) ?: c->flush_next;
	if (c->flush_next)
		queue_work(liox_mirror_wq, &c->flush_work);
	wake_up_all(&c->pw_wq);
	queue_work(liox_mirror_wq, &c->ack_work);
	spin_unlock_irqrestore(&c->pw_lock, flags);
}

/**
 * liox_mirror_repl_flush_work() - submit the FLUSH that a completion let go
 * @work: the connection's flush_work
 */
void liox_mirror_repl_flush_work(struct work_struct *work)
{
	struct liox_mirror_conn *c = container_of(work, struct liox_mirror_conn,
						  flush_work);
	struct liox_mirror_pwrite *pw;

	spin_lock_irq(&c->pw_lock);
	pw = c->flush_next;
	c->flush_next = NULL;
	spin_unlock_irq(&c->pw_lock);
	if (pw)
		submit_bio(pw->bio);
}

/*
 * Receive the data of a WRITE or RESYNC_DATA and write it. Nothing is
 * written before the whole payload is in and its CRC32C checked.
 */
static int liox_mirror_repl_recv_data(struct liox_mirror_conn *c,
				      const struct liox_mirror_hdr *hdr)
{
	struct liox_mirror_net *net = c->net;
	struct liox_mirror *m = net->m;
	struct liox_mirror_pwrite *pw;
	blk_opf_t opf = REQ_OP_WRITE;
	u32 crc;
	int ret = -ENOMEM;

	if (hdr->flags & LIOX_MIRROR_F_FUA)
		opf |= REQ_FUA;
	if (hdr->flags & LIOX_MIRROR_F_PREFLUSH)
		opf |= REQ_PREFLUSH;
	pw = kzalloc(sizeof(*pw), GFP_NOIO);
	if (!pw)
		return -ENOMEM;
	pw->conn = c;
	pw->seq = hdr->seq;
	pw->sector = hdr->sector;
	pw->len = hdr->data_len;
	pw->type = hdr->type;
	pw->bio = liox_mirror_pages_bio(net, opf, pw->sector, pw->len);
	if (!pw->bio)
		goto err_free;
	ret = liox_mirror_sock_recv_bio(c->sock, pw->bio,
					net->data_crc ? &crc : NULL);
	if (ret)
		goto err_free;
	if (net->data_crc && crc != hdr->payload_crc) {
		liox_mirror_malformed(c, hdr->type, -EBADMSG,
				      LIOX_MIRROR_WIRE_PAYLOAD_CRC);
		ret = -EBADMSG;
		goto err_free;
	}
	/* only a secondary takes writes; a sync target takes resync data */
	if ((hdr->type == LIOX_MIRROR_MSG_WRITE &&
	     m->cfg.role == LIOX_MIRROR_PRIMARY) ||
	    (hdr->type == LIOX_MIRROR_MSG_RESYNC_DATA && !net->sync_target)) {
		liox_mirror_malformed(c, hdr->type, -EPROTO, LIOX_MIRROR_WIRE_OK);
		ret = -EPROTO;
		goto err_free;
	}
	pw->bio->bi_private = pw;
	pw->bio->bi_end_io = liox_mirror_pwrite_end_io;

	/* keep the order of overlapping writes */
	wait_event(c->pw_wq, liox_mirror_pwrite_may_start(c, pw));
	spin_lock_irq(&c->pw_lock);
	list_add_tail(&pw->node, &c->pwrites);
	c->pw_count++;
	spin_unlock_irq(&c->pw_lock);
	if (hdr->type == LIOX_MIRROR_MSG_WRITE)
		atomic64_add(pw->len, &net->stats.recv_bytes);
	else
		atomic64_add(pw->len, &net->stats.resync_bytes);
	submit_bio(pw->bio);
	return 0;

err_free:
	liox_mirror_pwrite_free(net, pw);
	return ret;
}

/*
 * FLUSH: flush the disk once the writes received before it on this
 * connection are done, and acknowledge it with the writes. The receiver
 * does not wait: it goes on reading (a flush on a slow disk would stall
 * every write behind it). Later writes may reach the disk before the
 * flush; it covers more then, never less.
 */
static int liox_mirror_repl_flush(struct liox_mirror_conn *c,
				  const struct liox_mirror_hdr *hdr)
{
	struct liox_mirror_net *net = c->net;
	struct liox_mirror_pwrite *pw;

	pw = kzalloc(sizeof(*pw), GFP_NOIO);
	if (!pw)
		return -ENOMEM;
	pw->conn = c;
	pw->seq = hdr->seq;
	pw->type = LIOX_MIRROR_MSG_FLUSH;
	pw->bio = liox_mirror_pages_bio(net, REQ_OP_WRITE | REQ_PREFLUSH, 0, 0);
	if (!pw->bio) {
		kfree(pw);
		return -ENOMEM;
	}
	pw->bio->bi_private = pw;
	pw->bio->bi_end_io = liox_mirror_pwrite_end_io;
	spin_lock_irq(&c->pw_lock);
	list_add_tail(&pw->node, &c->pwrites);
	c->pw_count++;
	pw = liox_mirror_pwrite_flush_ready(c);
	spin_unlock_irq(&c->pw_lock);
	if (pw)
		submit_bio(pw->bio);
	return 0;
}

/* A reply to one of our requests. */
static int liox_mirror_repl_reply(struct liox_mirror_conn *c,
				  const struct liox_mirror_msg *msg)
{
	struct liox_mirror_net *net = c->net;
	struct liox_mirror_req *req;
	u64 cut;
	u8 want;

	switch (msg->hdr.type) {
	case LIOX_MIRROR_MSG_WRITE_ACK:
		want = LIOX_MIRROR_MSG_WRITE;
		break;
	case LIOX_MIRROR_MSG_FLUSH_ACK:
		want = LIOX_MIRROR_MSG_FLUSH;
		break;
	case LIOX_MIRROR_MSG_RESYNC_ACK:
		want = LIOX_MIRROR_MSG_RESYNC_DATA;
		break;
	default:
		want = LIOX_MIRROR_MSG_VERIFY_REQ;
	}
	req = xa_load(&net->reqs, msg->hdr.ack);
	/*
	 * A reply to a request not sent yet is as wrong as one never made.
	 * The acquire pairs with liox_mirror_req_sending(): the fields the
	 * sender set before are seen.
	 */
	if (!req || req->type != want || !smp_load_acquire(&req->sent)) {
		liox_mirror_malformed(c, msg->hdr.type, -EPROTO,
				      LIOX_MIRROR_WIRE_BAD_FIELD);
		return -EPROTO;
	}
	WRITE_ONCE(net->last_reply, jiffies);	/* the peer makes progress */
	if ((msg->hdr.flags & LIOX_MIRROR_F_ERROR) &&
	    want != LIOX_MIRROR_MSG_VERIFY_REQ) {
		/*
		 * The peer's disk failed it. The request stays tracked for
		 * the drain of the link going down, which leaves its range
		 * dirty: a receiver must not wait for the metadata worker,
		 * which may itself wait for a resync ack yet to be read here.
		 */
		liox_mirror_link_peer_failed(net, want);
		return 0;
	}
	/* once the link failed, its drain settles every request */
	if (atomic_read(&net->failed))
		return 0;
	/*
	 * Before the write completes (a flush the host sends next covers
	 * it), and before the request is taken: a demote's settle woken by
	 * the last one finds its range (mirror_unflushed.c). Only this
	 * receiver takes @req, and the drain waits for it to stop.
	 */
	if (want == LIOX_MIRROR_MSG_WRITE && !(req->flags & LIOX_MIRROR_F_FUA)) {
		cut = liox_mirror_unflushed_add(net, req->sector, req->sectors);
		if (req->al_slot)
			liox_mirror_meta_al_acked(net->m, req->al_slot, cut);
	} else if (want == LIOX_MIRROR_MSG_FLUSH) {
		liox_mirror_unflushed_flushed(net, req->cut);
	}
	req = liox_mirror_req_take(net, msg->hdr.ack);
	if (!req)
		return 0;
	req->status = msg->hdr.flags & LIOX_MIRROR_F_ERROR ? -EIO : 0;
	if (want == LIOX_MIRROR_MSG_VERIFY_REQ && msg->payload)
		memcpy(req->digest, msg->payload, LIOX_MIRROR_DIGEST_LEN);
	if (want == LIOX_MIRROR_MSG_RESYNC_DATA) {
		liox_mirror_resync_acked(net, req);	/* frees it */
		return 0;
	}
	if (req->al_own)
		liox_mirror_meta_al_put(net->m, req->al_slot);
	if (req->io)
		liox_mirror_io_put(req->io, BLK_STS_OK);
	if (req->done) {
		complete(req->done);
		return 0;
	}
	kfree(req);
	return 0;
}

/**
 * liox_mirror_repl_rx() - a connection's receiver thread
 * @data: the connection
 *
 * Reads messages until the link goes down; any error fails the link.
 * Runs until stopped.
 */
int liox_mirror_repl_rx(void *data)
{
	struct liox_mirror_conn *c = data;
	struct liox_mirror_net *net = c->net;
	u8 *buf = kmalloc(LIOX_MIRROR_WIRE_HDR_LEN + 256, GFP_KERNEL);
	struct liox_mirror_msg msg;
	struct liox_mirror_hdr hdr;
	int ret = -ENOMEM;

	while (buf && !kthread_should_stop()) {
		/* the watchdog counts silence from here (mirror_watch.c) */
		WRITE_ONCE(c->last_rx, jiffies);
		smp_wmb();	/* pairs with the watchdog's smp_rmb() */
		WRITE_ONCE(c->rx_busy, false);
		ret = liox_mirror_recv_hdr(c, buf, &hdr, LIOX_MIRROR_CONN_READY);
		WRITE_ONCE(c->rx_busy, true);
		if (ret)
			break;
		if (hdr.type == LIOX_MIRROR_MSG_WRITE ||
		    hdr.type == LIOX_MIRROR_MSG_RESYNC_DATA) {
			ret = liox_mirror_repl_recv_data(c, &hdr);
			if (ret)
				break;
			continue;
		}
		ret = liox_mirror_recv_body(c, &hdr, buf + LIOX_MIRROR_WIRE_HDR_LEN,
					    256, &msg);
		if (ret)
			break;
		switch (hdr.type) {
		case LIOX_MIRROR_MSG_WRITE_ACK:
		case LIOX_MIRROR_MSG_FLUSH_ACK:
		case LIOX_MIRROR_MSG_RESYNC_ACK:
		case LIOX_MIRROR_MSG_VERIFY_REPLY:
			ret = liox_mirror_repl_reply(c, &msg);
			break;
		case LIOX_MIRROR_MSG_FLUSH:
			ret = liox_mirror_repl_flush(c, &hdr);
			break;
		case LIOX_MIRROR_MSG_RESYNC_DONE:
			ret = liox_mirror_resync_done(net, msg.u.gen);
			break;
		case LIOX_MIRROR_MSG_VERIFY_REQ:
			ret = liox_mirror_verify_reply(c, &hdr);
			break;
		case LIOX_MIRROR_MSG_PING:
			liox_mirror_watch_pong(c, hdr.seq);
			break;
		case LIOX_MIRROR_MSG_STATE:
			/* the peer changed role (promote or demote) */
			WRITE_ONCE(net->peer_hello.role, msg.u.state.role);
			liox_mirror_unflushed_peer_role(net);
			liox_mirror_promote_peer_done(net);
			pr_info("%s: peer is %s now\n", net->m->name,
				msg.u.state.role == LIOX_MIRROR_ROLE_PRIMARY ?
				"primary" : "secondary");
			break;
		case LIOX_MIRROR_MSG_PROMOTE:
			ret = liox_mirror_promote_answer(c, &hdr);
			break;
		case LIOX_MIRROR_MSG_PROMOTE_ACK:
			ret = liox_mirror_promote_acked(c, &hdr);
			break;
		case LIOX_MIRROR_MSG_PING_ACK:
			break;
		case LIOX_MIRROR_MSG_CLOSE:
			pr_info("%s: peer closed the link (reason %u)\n",
				net->m->name, msg.u.close_reason);
			ret = -ECONNRESET;
			break;
		default:
			liox_mirror_malformed(c, hdr.type, -EPROTO,
					      LIOX_MIRROR_WIRE_OK);
			ret = -EPROTO;
		}
		if (ret)
			break;
	}
	kfree(buf);
	if (!kthread_should_stop())
		liox_mirror_link_fail(c, "receive", ret);
	/* wait for kthread_stop() from the teardown */
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}
