// SPDX-License-Identifier: GPL-2.0
/*
 * Two-step promotion. A secondary checks that its peer is not primary
 * before it becomes primary itself, but the peer's role it knows is the
 * one of the peer's last STATE: two secondaries promoted at the same
 * moment would each see the other secondary, and both become primary.
 * So, while the link is up, a promotion asks the peer first:
 *
 *  - this node takes @promote_owner (LOCAL), or gets EBUSY if it already
 *    agreed to the peer's promotion (PEER);
 *  - it sends PROMOTE on connection 0 and waits for PROMOTE_ACK;
 *  - the peer agrees only if it is secondary and can take @promote_owner
 *    for us (PEER): it is not promoting itself. It then refuses its own
 *    promotion until our next STATE (our new role, or the old one if we
 *    gave up) or until the link goes down;
 *  - two nodes asking at the same moment each hold LOCAL when the other's
 *    PROMOTE arrives: both are refused, neither becomes primary.
 *
 * A link that goes down while we wait, with the peer's heartbeats gone
 * too, means the peer is away: the promotion goes ahead as it does
 * without a link. With its heartbeats still there it may have said yes
 * to us, or be promoting itself: EAGAIN. No answer within the larger of
 * ack_timeout_ms and hb_dead_ms, plus two heartbeat intervals, gives
 * ETIMEDOUT. Our yes to the peer stands until its STATE, until the link
 * is up again (the peer's HELLO has its role), until its heartbeats stop,
 * or for twice that wait; a link going down does not end it (the peer
 * may be primary by now, its STATE lost with the link).
 * Documentation/ipmirror-wire.rst has the messages.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "mirror_net.h"

/* @promote_answer while we wait for the peer's PROMOTE_ACK */
#define LIOX_MIRROR_PROMOTE_WAITING	1
#define LIOX_MIRROR_PROMOTE_GAVE_UP	2

static unsigned long liox_mirror_promote_timeout(struct liox_mirror *m)
{
	u32 ms = max(READ_ONCE(m->cfg.ack_timeout_ms),
		     READ_ONCE(m->cfg.hb_dead_ms));

	return msecs_to_jiffies(ms + 2 * READ_ONCE(m->cfg.hb_interval_ms));
}

/* Is our yes to the peer's promotion over without its STATE? */
static bool liox_mirror_promote_yes_expired(struct liox_mirror_net *net)
{
	unsigned long until = READ_ONCE(net->promote_yes_at) +
			      2 * liox_mirror_promote_timeout(net->m);

	return time_after(jiffies, until) ||
	       liox_mirror_hbnet_state(net) == LIOX_MIRROR_HB_DOWN;
}

/**
 * liox_mirror_promote_begin() - this node starts a promotion
 * @net: the network half
 *
 * Return: 0, or -EBUSY: it agreed to the peer's promotion, which is not
 * over yet.
 */
int liox_mirror_promote_begin(struct liox_mirror_net *net)
{
	int old = atomic_cmpxchg(&net->promote_owner, LIOX_MIRROR_PROMOTE_NONE,
				 LIOX_MIRROR_PROMOTE_LOCAL);

	if (old == LIOX_MIRROR_PROMOTE_NONE)
		return 0;
	if (old == LIOX_MIRROR_PROMOTE_PEER &&
	    liox_mirror_promote_yes_expired(net) &&
	    atomic_cmpxchg(&net->promote_owner, LIOX_MIRROR_PROMOTE_PEER,
			   LIOX_MIRROR_PROMOTE_LOCAL) == LIOX_MIRROR_PROMOTE_PEER)
		return 0;
	pr_warn("%s: cannot promote: the peer is being promoted\n",
		net->m->name);
	return -EBUSY;
}

/**
 * liox_mirror_promote_end() - this node's promotion is done (or failed)
 * @net: the network half
 */
void liox_mirror_promote_end(struct liox_mirror_net *net)
{
	atomic_cmpxchg(&net->promote_owner, LIOX_MIRROR_PROMOTE_LOCAL,
		       LIOX_MIRROR_PROMOTE_NONE);
}

static bool liox_mirror_promote_settled(struct liox_mirror_net *net)
{
	return READ_ONCE(net->promote_answer) != LIOX_MIRROR_PROMOTE_WAITING ||
	       !READ_ONCE(net->mirroring) || atomic_read(&net->failed);
}

/**
 * liox_mirror_promote_ask() - ask the connected peer whether this node
 *	may become primary
 * @net: the network half; the caller holds @promote_owner (LOCAL) and
 *	has set @promoting, so the link cannot come up meanwhile
 * @asked: set when a PROMOTE went out: the peer must then hear this
 *	node's role (liox_mirror_net_role_changed()), whatever the outcome
 *
 * Return: 0 when the peer agreed, or the link is not up (or went down
 * meanwhile, and the peer's heartbeats with it: the peer is away);
 * -EBUSY when the peer refused, -EAGAIN when the link went down but not
 * the heartbeats, -ETIMEDOUT when it did not answer, -EINTR when the
 * caller was killed.
 */
int liox_mirror_promote_ask(struct liox_mirror_net *net, bool *asked)
{
	struct liox_mirror_msg msg = { .hdr.type = LIOX_MIRROR_MSG_PROMOTE };
	struct liox_mirror *m = net->m;
	long left;
	int ret;

	*asked = false;
	down_read(&net->link_rwsem);
	if (!READ_ONCE(net->mirroring) || atomic_read(&net->failed)) {
		up_read(&net->link_rwsem);
		/* a failed link that is not torn down yet: is the peer away? */
		return liox_mirror_hbnet_silent(net) ? 0 : -EAGAIN;
	}
	/* recorded before it goes: the answer may come at once */
	msg.hdr.seq = atomic64_inc_return(&net->seq);
	spin_lock(&net->promote_lock);
	net->promote_seq = msg.hdr.seq;
	net->promote_asked_at = jiffies;
	WRITE_ONCE(net->promote_answer, LIOX_MIRROR_PROMOTE_WAITING);
	spin_unlock(&net->promote_lock);
	*asked = true;
	ret = liox_mirror_send_msg(&net->conn[0], &msg);
	up_read(&net->link_rwsem);
	if (ret)
		liox_mirror_link_fail(&net->conn[0], "promote", ret);

	left = wait_event_killable_timeout(net->promote_wq,
					   liox_mirror_promote_settled(net),
					   liox_mirror_promote_timeout(m));
	spin_lock(&net->promote_lock);
	ret = net->promote_answer;
	if (ret == LIOX_MIRROR_PROMOTE_WAITING) {
		/* an answer from now on comes too late: ignored */
		WRITE_ONCE(net->promote_answer, LIOX_MIRROR_PROMOTE_GAVE_UP);
		if (READ_ONCE(net->mirroring) && !atomic_read(&net->failed))
			ret = left < 0 ? -EINTR : -ETIMEDOUT;
		else if (liox_mirror_hbnet_silent(net))
			ret = 0;	/* the peer is away */
		else
			ret = -EAGAIN;
	}
	spin_unlock(&net->promote_lock);
	if (ret == -EBUSY)
		pr_warn("%s: cannot promote: the peer refused (it is primary or being promoted)\n",
			m->name);
	else if (ret == -ETIMEDOUT)
		pr_warn("%s: cannot promote: the peer did not answer\n",
			m->name);
	else if (ret == -EAGAIN)
		pr_warn("%s: cannot promote: the link went down while asking the peer, which is still there: try again\n",
			m->name);
	return ret;
}

/**
 * liox_mirror_promote_still_agreed() - may the peer's yes still be used?
 * @net: the network half; after liox_mirror_promote_ask() said yes and
 *	this node's metadata was written
 *
 * The peer holds its yes for twice the wait (with the same timers): past
 * one wait since our PROMOTE, it may have let go of it. Return: 0 or
 * -ETIMEDOUT (the promotion fails; try again).
 */
int liox_mirror_promote_still_agreed(struct liox_mirror_net *net)
{
	unsigned long until = net->promote_asked_at +
			      liox_mirror_promote_timeout(net->m);

	if (!time_after(jiffies, until))
		return 0;
	pr_warn("%s: cannot promote: this node took too long after the peer agreed: try again\n",
		net->m->name);
	return -ETIMEDOUT;
}

/**
 * liox_mirror_promote_answer() - the peer asks to become primary (PROMOTE)
 * @c: the connection it came on, where the answer goes
 * @hdr: its header
 *
 * Yes only if the link is up, this node is secondary and not promoting
 * itself; then this node refuses its own promotion until the peer's next
 * STATE (or liox_mirror_promote_yes_expired()).
 *
 * Return: 0 or the send's negative errno.
 */
int liox_mirror_promote_answer(struct liox_mirror_conn *c,
			       const struct liox_mirror_hdr *hdr)
{
	struct liox_mirror_net *net = c->net;
	struct liox_mirror_msg msg = {
		.hdr.type = LIOX_MIRROR_MSG_PROMOTE_ACK,
		.hdr.ack = hdr->seq,
	};
	bool yes;

	WRITE_ONCE(net->promote_yes_at, jiffies);
	yes = READ_ONCE(net->mirroring) && !atomic_read(&net->failed) &&
	      atomic_cmpxchg(&net->promote_owner, LIOX_MIRROR_PROMOTE_NONE,
			     LIOX_MIRROR_PROMOTE_PEER) == LIOX_MIRROR_PROMOTE_NONE;
	/* the role after the owner: a promotion of ours just done shows */
	if (yes && READ_ONCE(net->m->cfg.role) != LIOX_MIRROR_SECONDARY) {
		liox_mirror_promote_peer_done(net);
		yes = false;
	}
	if (!yes)
		msg.hdr.flags = LIOX_MIRROR_F_ERROR;
	pr_info("%s: the peer asks to become primary: %s\n", net->m->name,
		yes ? "agreed" : "refused");
	return liox_mirror_send_msg(c, &msg);
}

/**
 * liox_mirror_promote_acked() - the peer's answer (PROMOTE_ACK)
 * @c: the connection it came on
 * @hdr: its header
 *
 * Return: 0, or -EPROTO (counted malformed) when it answers no PROMOTE
 * this node sent (an answer to an earlier one, given up, is ignored).
 */
int liox_mirror_promote_acked(struct liox_mirror_conn *c,
			      const struct liox_mirror_hdr *hdr)
{
	struct liox_mirror_net *net = c->net;
	bool wake = false, known;

	spin_lock(&net->promote_lock);
	known = net->promote_seq && hdr->ack <= net->promote_seq;
	if (hdr->ack == net->promote_seq &&
	    net->promote_answer == LIOX_MIRROR_PROMOTE_WAITING) {
		WRITE_ONCE(net->promote_answer,
			   hdr->flags & LIOX_MIRROR_F_ERROR ? -EBUSY : 0);
		wake = true;
	}
	spin_unlock(&net->promote_lock);
	if (!known) {
		liox_mirror_malformed(c, hdr->type, -EPROTO,
				      LIOX_MIRROR_WIRE_BAD_FIELD);
		return -EPROTO;
	}
	if (wake)
		wake_up_all(&net->promote_wq);
	return 0;
}

/**
 * liox_mirror_promote_peer_done() - the peer's role arrived (STATE, or
 *	the HELLOs of a new link): a promotion this node agreed to is over
 * @net: the network half
 */
void liox_mirror_promote_peer_done(struct liox_mirror_net *net)
{
	atomic_cmpxchg(&net->promote_owner, LIOX_MIRROR_PROMOTE_PEER,
		       LIOX_MIRROR_PROMOTE_NONE);
}

/**
 * liox_mirror_promote_link_down() - the link is down (mirroring off)
 * @net: the network half
 *
 * Wakes a promotion that waits for the peer's answer. One this node
 * agreed to goes on standing: the peer may be primary by now.
 */
void liox_mirror_promote_link_down(struct liox_mirror_net *net)
{
	wake_up_all(&net->promote_wq);
}
