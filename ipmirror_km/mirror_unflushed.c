// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the peer acknowledged but may hold only in its volatile cache.
 *
 * The peer acknowledges a write (and a resync region) once its backing
 * device completed it, which for a disk with a write cache is not yet
 * durable: only its next flush makes it so (a FUA write is durable at
 * once). A peer that loses power loses what it acknowledged since its
 * last flush. So a link that goes down must record those regions dirty,
 * not only the ones never acknowledged, or the next resync leaves them
 * out and the two copies differ with the bitmap clean. DRBD keeps such
 * writes in its transfer log until a barrier ack covers them; this is
 * the same in the shape of the dirty bitmap:
 *
 *  - @open holds the regions acknowledged since the last cut;
 *  - a FLUSH that goes out on every connection, while no other one is
 *    awaited, cuts: @open becomes @closing, covered by that flush, whose
 *    id its requests carry. A write acknowledged before the cut was
 *    complete on the peer's disk before the peer saw the flush, so the
 *    flush makes it durable;
 *  - once the peer acknowledged that flush on every connection, @closing
 *    is durable and forgotten. A flush that went out without a cut (one
 *    was awaited) covers nothing here: its writes wait for the next cut;
 *  - when the link goes down, for any reason, @open and @closing are
 *    recorded dirty on disk before the drain completes the flushes still
 *    on their way (liox_mirror_link_down()). So they are when the peer
 *    failed a flush: they are what it may have lost, once @whole;
 *  - @whole: a cut made since the link came up, and since the peer last
 *    changed role, was flushed. Until then the peer's disk may hold
 *    writes in its cache that this node never sent (its own, as a
 *    primary), and a failed flush makes every region dirty. So a cut is
 *    made with nothing open too while not @whole: by a primary at link
 *    up, or once promoted.
 *
 * The activity log (mirror_al.c) reuses a slot only once the peer flushed
 * what it acknowledged in the slot's extent: a slot notes the cut that
 * will cover its last acknowledged write (liox_mirror_unflushed_add()),
 * and learns of every cut flushed. A write waiting for such a slot has a
 * FLUSH sent at once (liox_mirror_unflushed_kick()).
 *
 * The host may write for long without a flush; so that the set stays
 * small, the heartbeat thread has a FLUSH sent of its own when there is
 * something to cut and no cut is awaited, at most once per
 * hb_interval_ms, as DRBD closes an epoch when its sender is idle. A
 * demote waits until the peer flushed what it acknowledged
 * (liox_mirror_unflushed_settle()): the metadata then forgets the link.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include "mirror_net.h"

static void liox_mirror_unflushed_work(struct work_struct *work);

/**
 * liox_mirror_unflushed_init() - empty sets of the mirror's geometry
 * @net: the network half; the mirror's bitmap is loaded
 *
 * Return: 0 or -ENOMEM.
 */
int liox_mirror_unflushed_init(struct liox_mirror_net *net)
{
	struct liox_mirror_unflushed *uf = &net->uf;
	const struct liox_mirror_bitmap *bm = &net->m->bm;
	u64 nwords = liox_mirror_bitmap_words(bm->nr_regions);
	u64 *words;
	int ret;

	spin_lock_init(&uf->lock);
	INIT_WORK(&uf->work, liox_mirror_unflushed_work);
	uf->last_cut = jiffies;
	words = kvcalloc(2 * nwords, sizeof(u64), GFP_KERNEL);
	if (!words)
		return -ENOMEM;
	ret = liox_mirror_bitmap_init(&uf->open, words, nwords,
				      bm->dev_sectors, bm->region_size);
	if (!ret)
		ret = liox_mirror_bitmap_init(&uf->closing, words + nwords,
					      nwords, bm->dev_sectors,
					      bm->region_size);
	if (ret) {
		kvfree(words);
		return ret;
	}
	uf->words = words;
	return 0;
}

/**
 * liox_mirror_unflushed_exit() - free the sets
 * @net: the network half, its link and heartbeat threads stopped
 */
void liox_mirror_unflushed_exit(struct liox_mirror_net *net)
{
	cancel_work_sync(&net->uf.work);
	kvfree(net->uf.words);
	net->uf.words = NULL;
}

/**
 * liox_mirror_unflushed_add() - the peer acknowledged a write to this
 *	range, not durable before its next flush
 * @net: the network half
 * @sector: first sector
 * @sectors: length; 0 adds nothing
 *
 * Called by a receiver, before the write completes: a flush the host
 * sends once it did finds the range here.
 *
 * Return: the cut that will cover it (the next one: it is in @open), for
 * the activity log.
 */
u64 liox_mirror_unflushed_add(struct liox_mirror_net *net, u64 sector,
			      u32 sectors)
{
	struct liox_mirror_unflushed *uf = &net->uf;
	u64 next;

	spin_lock(&uf->lock);
	if (sectors)
		liox_mirror_bitmap_set_range(&uf->open, sector, sectors);
	next = uf->last_id + 1;
	spin_unlock(&uf->lock);
	return next;
}

/* Is there something to cut? (uf->lock held, or a racy look) */
static bool liox_mirror_unflushed_wants_cut(struct liox_mirror_unflushed *uf)
{
	return !READ_ONCE(uf->closing_id) &&
	       (READ_ONCE(uf->open.dirty) || !READ_ONCE(uf->whole));
}

/**
 * liox_mirror_unflushed_cut() - a FLUSH is about to go out on every
 *	connection: what is open now is what it covers
 * @net: the network half; the caller holds link_rwsem for reading
 *
 * Return: the id its requests carry (req->cut), or 0: it covers nothing
 * here (nothing to cut, or another cut is awaited).
 */
u64 liox_mirror_unflushed_cut(struct liox_mirror_net *net)
{
	struct liox_mirror_unflushed *uf = &net->uf;
	u64 id = 0;

	spin_lock(&uf->lock);
	if (liox_mirror_unflushed_wants_cut(uf)) {
		/* @closing is empty while no cut is awaited */
		swap(uf->open, uf->closing);
		id = ++uf->last_id;
		uf->closing_id = id;
		uf->closing_epoch = uf->epoch;
		uf->closing_acks = net->n_conns;
		uf->last_cut = jiffies;
	}
	spin_unlock(&uf->lock);
	return id;
}

/**
 * liox_mirror_unflushed_flushed() - the peer acknowledged a FLUSH on one
 *	connection
 * @net: the network half
 * @id: the cut the FLUSH carried (0: none)
 */
void liox_mirror_unflushed_flushed(struct liox_mirror_net *net, u64 id)
{
	struct liox_mirror_unflushed *uf = &net->uf;
	bool done = false;

	if (!id)
		return;
	spin_lock(&uf->lock);
	if (id == uf->closing_id && !--uf->closing_acks) {
		done = true;
		if (liox_mirror_bitmap_dirty(&uf->closing))
			liox_mirror_bitmap_clear_all(&uf->closing);
		uf->closing_id = 0;
		if (uf->closing_epoch == uf->epoch)
			WRITE_ONCE(uf->whole, true);
		wake_up_all(&net->reqs_wq);	/* liox_mirror_unflushed_settle() */
	}
	spin_unlock(&uf->lock);
	if (done)
		liox_mirror_meta_al_flushed(net->m, id);
}

/**
 * liox_mirror_unflushed_kick() - writes wait for the activity log: have a
 *	FLUSH sent now if there is something to cut (a cut awaited already
 *	tells the log when it is done)
 * @net: the network half
 *
 * Any context; waits for nothing.
 */
void liox_mirror_unflushed_kick(struct liox_mirror_net *net)
{
	if (READ_ONCE(net->mirroring) && !atomic_read(&net->failed) &&
	    liox_mirror_unflushed_wants_cut(&net->uf))
		queue_work(liox_mirror_wq, &net->uf.work);
}

/* What the peer's disk may hold unflushed is no longer all ours. */
static void liox_mirror_unflushed_reset_locked(struct liox_mirror_unflushed *uf)
{
	uf->epoch++;
	WRITE_ONCE(uf->whole, false);
}

/**
 * liox_mirror_unflushed_peer_role() - the peer changed role (its STATE):
 *	its disk may hold writes of its own as a primary
 * @net: the network half
 */
void liox_mirror_unflushed_peer_role(struct liox_mirror_net *net)
{
	spin_lock(&net->uf.lock);
	liox_mirror_unflushed_reset_locked(&net->uf);
	spin_unlock(&net->uf.lock);
}

/**
 * liox_mirror_unflushed_record() - the link is down: record dirty, on
 *	disk, every region the peer may hold only in its cache
 * @net: the network half; its receivers are stopped, its requests not
 *	yet drained
 *
 * Return: false when that record could not be written.
 */
bool liox_mirror_unflushed_record(struct liox_mirror_net *net)
{
	struct liox_mirror_unflushed *uf = &net->uf;
	struct liox_mirror *m = net->m;
	bool flush_failed, all;
	u64 n;

	flush_failed = atomic_read(&net->peer_failed) &
		       LIOX_MIRROR_PEER_FAILED_FLUSH;
	/*
	 * Nothing adds or cuts now (receivers stopped, mirroring off): the
	 * sets are read without the lock, which would keep preemption off
	 * for a walk of the whole bitmap.
	 */
	all = flush_failed && !READ_ONCE(uf->whole);
	if (all) {
		pr_warn("%s: the peer failed a flush before one covered what it wrote itself: every region dirty, a full resync follows\n",
			m->name);
		liox_mirror_meta_set_all(m);
		n = 1;
	} else {
		n = liox_mirror_meta_or(m, &uf->open) +
		    liox_mirror_meta_or(m, &uf->closing);
		if (flush_failed)
			pr_warn("%s: the peer failed a flush: %llu more regions it acknowledged since its last flush are dirty\n",
				m->name, n);
		else if (n)
			pr_info("%s: %llu more regions the peer had not flushed are dirty\n",
				m->name, n);
	}
	spin_lock(&uf->lock);
	if (liox_mirror_bitmap_dirty(&uf->open))
		liox_mirror_bitmap_clear_all(&uf->open);
	if (liox_mirror_bitmap_dirty(&uf->closing))
		liox_mirror_bitmap_clear_all(&uf->closing);
	uf->closing_id = 0;
	liox_mirror_unflushed_reset_locked(uf);
	spin_unlock(&uf->lock);
	if (!n || !liox_mirror_meta_sync(m))
		return true;
	pr_err("%s: cannot record the regions the peer had not flushed\n",
	       m->name);
	return false;
}

/* Nothing acknowledged is left unflushed (no cut awaited, nothing open). */
static bool liox_mirror_unflushed_none(struct liox_mirror_unflushed *uf)
{
	bool none;

	spin_lock(&uf->lock);
	none = !uf->closing_id && !liox_mirror_bitmap_dirty(&uf->open);
	spin_unlock(&uf->lock);
	return none;
}

/**
 * liox_mirror_unflushed_settle() - have the peer flush what it
 *	acknowledged, and wait for its acks
 * @net: the network half; every request is acknowledged, no write is
 *	submitted meanwhile
 * @timeout: jiffies to wait at most
 *
 * Return: true when nothing the peer acknowledged is left unflushed, with
 * the link up.
 */
bool liox_mirror_unflushed_settle(struct liox_mirror_net *net,
				  unsigned long timeout)
{
	unsigned long deadline = jiffies + timeout;
	bool up;
	u64 cut;

	for (;;) {
		down_read(&net->link_rwsem);
		up = READ_ONCE(net->mirroring) && !atomic_read(&net->failed);
		cut = up ? liox_mirror_unflushed_cut(net) : 0;
		if (cut)
			liox_mirror_repl_flush_peer(net, cut);
		up_read(&net->link_rwsem);
		if (!up)
			return false;
		/* the cut's acks, or the one awaited before: then cut again */
		wait_event_timeout(net->reqs_wq,
				   liox_mirror_unflushed_none(&net->uf) ||
				   !READ_ONCE(net->mirroring) ||
				   atomic_read(&net->failed),
				   max_t(long, deadline - jiffies, 1));
		if (liox_mirror_unflushed_none(&net->uf))
			return READ_ONCE(net->mirroring) &&
			       !atomic_read(&net->failed);
		if (time_after_eq(jiffies, deadline))
			return false;
	}
}

/**
 * liox_mirror_unflushed_tick() - have a FLUSH sent if there is something
 *	to cut, no cut is awaited and none was made for hb_interval_ms (the
 *	link's first cut, at once)
 * @net: the network half
 *
 * Called by the heartbeat thread; waits for nothing (a racy look: the
 * work looks again).
 */
void liox_mirror_unflushed_tick(struct liox_mirror_net *net)
{
	struct liox_mirror_unflushed *uf = &net->uf;
	u32 ms = READ_ONCE(net->m->cfg.hb_interval_ms);

	if (!READ_ONCE(net->mirroring) || atomic_read(&net->failed) ||
	    !liox_mirror_unflushed_wants_cut(uf))
		return;
	/*
	 * A secondary with nothing open has nothing to protect: it cuts once
	 * it is primary (at once then, as not whole). Its flushes would
	 * only stall the primary's receivers.
	 */
	if (READ_ONCE(net->m->cfg.role) != LIOX_MIRROR_PRIMARY &&
	    !READ_ONCE(uf->open.dirty))
		return;
	/* the link's first cut at once (one at a time all the same) */
	if (!READ_ONCE(uf->whole) ||
	    time_after_eq(jiffies, READ_ONCE(uf->last_cut) +
				   msecs_to_jiffies(ms)))
		queue_work(liox_mirror_wq, &uf->work);
}

/* A FLUSH on every connection for what is open, if the link is up. */
static void liox_mirror_unflushed_work(struct work_struct *work)
{
	struct liox_mirror_net *net = container_of(work, struct liox_mirror_net,
						   uf.work);
	u64 cut;

	down_read(&net->link_rwsem);
	if (READ_ONCE(net->mirroring) && !atomic_read(&net->failed)) {
		cut = liox_mirror_unflushed_cut(net);
		if (cut)
			liox_mirror_repl_flush_peer(net, cut);
	}
	up_read(&net->link_rwsem);
}
