// SPDX-License-Identifier: GPL-2.0
/*
 * The data connections' watchdog. Heartbeats say the peer's kernel is
 * alive; they do not say its data connections move. TCP dropped on the
 * way while UDP passes, or a peer whose disk hangs, would leave every
 * sync write waiting for an ack that never comes. While the link is up
 * the heartbeat thread calls liox_mirror_watch_tick() at each wake (at
 * least every hb_interval_ms); it takes no lock a sender may hold:
 *
 *  - a connection that received nothing for hb_interval_ms gets a PING
 *    (the peer answers PING_ACK), so that a quiet healthy connection
 *    still hears from the peer;
 *  - requests wait for replies and no reply at all came for
 *    ack_timeout_ms (counted from the oldest request, if younger): the
 *    peer makes no progress. A slow peer that answers something keeps
 *    the link, however long its queue;
 *  - a connection whose receiver waits for the next message has received
 *    nothing for ack_timeout_ms (a receiver busy with its own disk does
 *    not count): the other side, or the way to it, is gone;
 *  - the oldest request sent began to be sent request_timeout_ms ago
 *    (or ack_timeout_ms, if larger): the peer answers others but not
 *    this one (its disk never completes a FLUSH, say), DRBD's ko-count,
 *    which also looks at requests sent only (up to 4096 of 1 MiB may
 *    wait to be sent on a slow link; their sender is the no-progress
 *    rule's).
 *
 * Any takes the link down: its drain records dirty what the peer has
 * not acknowledged and completes it; the link thread shows peer-timeout
 * for one probation_ms, then connects again, and the resync sends those
 * regions. A timer at 0 turns its rules off (the pings go on); below
 * three heartbeat intervals it counts as three.
 *
 * The pings and the answers to the peer's pings are sent by a work item
 * of the connection, never by its receiver: a receiver that waited for a
 * sender blocked on a full socket would stop reading the acks that let
 * the peer go on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "mirror_net.h"

/* Send what was asked for: a PING_ACK to the peer's PING, a PING. */
void liox_mirror_watch_ping_work(struct work_struct *work)
{
	struct liox_mirror_conn *c = container_of(work, struct liox_mirror_conn,
						  ping_work);
	struct liox_mirror_net *net = c->net;
	struct liox_mirror_msg pong = { .hdr.type = LIOX_MIRROR_MSG_PING_ACK };
	struct liox_mirror_msg ping = { .hdr.type = LIOX_MIRROR_MSG_PING };
	int ret = 0;

	down_read(&net->link_rwsem);
	if (READ_ONCE(net->mirroring) && !atomic_read(&net->failed)) {
		/* taken only now: one that came before mirroring waits */
		pong.hdr.ack = atomic64_xchg(&c->pong, 0);
		if (pong.hdr.ack)
			ret = liox_mirror_send_msg(c, &pong);
		if (!ret && xchg(&c->ping, false))
			ret = liox_mirror_send_msg(c, &ping);
		if (ret)
			liox_mirror_link_fail(c, "ping", ret);
	}
	up_read(&net->link_rwsem);
}

/**
 * liox_mirror_watch_pong() - the peer sent a PING on @c: answer it
 * @c: the connection (its receiver calls this)
 * @seq: the PING's sequence number
 */
void liox_mirror_watch_pong(struct liox_mirror_conn *c, u64 seq)
{
	atomic64_set(&c->pong, seq);
	queue_work(liox_mirror_tx_wq, &c->ping_work);
}

/* What the watchdog learns of the requests that wait for their replies. */
struct liox_mirror_watch_reqs {
	unsigned long made;	/* when the oldest was made */
	unsigned long sent_at;	/* when the oldest sent one began to be sent */
	u8 sent_type;		/* its message type; 0: none is sent */
};

/*
 * Fill @w. Return: false when no request waits. By sequence number, the
 * lowest is the oldest made; the first sent one is the oldest sent (on a
 * connection requests are sent in order; across connections one whose
 * sender lags may come first, and is found once those before it are
 * answered). The xarray lock keeps them from being freed while read (a
 * reply takes its request out under that lock before freeing it).
 */
static bool liox_mirror_watch_reqs(struct liox_mirror_net *net,
				   struct liox_mirror_watch_reqs *w)
{
	struct liox_mirror_req *req;
	unsigned long seq;
	bool any = false;

	w->sent_type = 0;
	xa_lock(&net->reqs);
	xa_for_each(&net->reqs, seq, req) {
		if (!any)
			w->made = req->queued;
		any = true;
		/* pairs with liox_mirror_req_sending(): sent_at is set */
		if (smp_load_acquire(&req->sent)) {
			w->sent_at = req->sent_at;
			w->sent_type = req->type;
			break;
		}
	}
	xa_unlock(&net->reqs);
	return any;
}

/* A rule's limit in jiffies: below three heartbeat intervals, three. */
static unsigned long liox_mirror_watch_limit(u32 ms, u32 interval)
{
	return msecs_to_jiffies(max(ms, 3 * interval));
}

/**
 * liox_mirror_watch_tick() - ping quiet connections, fail a stuck link
 * @net: the network half
 *
 * Called by the heartbeat thread. Nothing here waits: a ping is queued
 * (its work sends nothing once the link is down), and a failure only
 * marks the link for the link thread.
 */
void liox_mirror_watch_tick(struct liox_mirror_net *net)
{
	struct liox_mirror *m = net->m;
	u32 interval = READ_ONCE(m->cfg.hb_interval_ms);
	u32 ms = READ_ONCE(m->cfg.ack_timeout_ms);
	u32 req_ms = READ_ONCE(m->cfg.request_timeout_ms);
	unsigned long timeout = liox_mirror_watch_limit(ms, interval);
	unsigned long req_timeout = liox_mirror_watch_limit(max(req_ms, ms),
							    interval);
	struct liox_mirror_watch_reqs w;
	unsigned long quiet = msecs_to_jiffies(interval);
	struct liox_mirror_conn *c, *dead = NULL;
	unsigned long idle, from, last_reply;
	unsigned int i;
	bool busy;

	if (!READ_ONCE(net->mirroring) || atomic_read(&net->failed))
		return;
	for (i = 0; i < net->n_conns; i++) {
		c = &net->conn[i];
		busy = READ_ONCE(c->rx_busy);
		/* busy first: a wait seen begun has its last_rx (repl_rx wmb) */
		smp_rmb();
		idle = jiffies - READ_ONCE(c->last_rx);
		if (idle >= quiet) {
			WRITE_ONCE(c->ping, true);
			queue_work(liox_mirror_tx_wq, &c->ping_work);
		}
		if (ms && idle > timeout && !busy && !dead)
			dead = c;
	}
	if (dead) {
		liox_mirror_link_timeout(dead, 0, jiffies_to_msecs(timeout));
		return;
	}
	if (!liox_mirror_watch_reqs(net, &w))
		return;
	/* no progress: no reply since the oldest request was made */
	last_reply = READ_ONCE(net->last_reply);
	from = time_after(last_reply, w.made) ? last_reply : w.made;
	if (ms && jiffies - from > timeout) {
		liox_mirror_link_timeout(&net->conn[0], 0,
					 jiffies_to_msecs(timeout));
		return;
	}
	/*
	 * progress, but one request sent is never answered (a hung FLUSH);
	 * never sooner than the rule above would fire
	 */
	if (req_ms && w.sent_type && jiffies - w.sent_at > req_timeout)
		liox_mirror_link_timeout(&net->conn[0], w.sent_type,
					 jiffies_to_msecs(req_timeout));
}
