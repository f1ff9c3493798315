// SPDX-License-Identifier: GPL-2.0
/*
 * Heartbeat / probation state machine (see mirror_hb.h). Rules:
 *
 * - UP or PROBATION, and no heartbeat for dead_ms: DOWN (a death). The
 *   check runs in _tick() and, for a late tick, in _rx() before the
 *   heartbeat is taken: the peer was dead meanwhile. With _tick() called
 *   at least every interval_ms, a death is seen at most dead_ms +
 *   interval_ms after the peer's last heartbeat.
 * - DOWN, heartbeat: PROBATION starts (or UP at once with probation_ms 0,
 *   or for the first contact with fast_first).
 * - PROBATION: two heartbeats more than the gap bound (1.5 intervals)
 *   apart restart the probation at the later one. UP once probation_ms
 *   have passed since the start and the last heartbeat is within the
 *   gap bound.
 *
 * Times are compared as signed differences, so a wrapping clock works; a
 * time earlier than the newest heartbeat counts as no time elapsed.
 */
#include <linux/errno.h>
#include "mirror_hb.h"

static u64 liox_mirror_hb_elapsed(u64 now, u64 then)
{
	s64 d = (s64)(now - then);

	return d > 0 ? (u64)d : 0;
}

static bool liox_mirror_hb_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

void liox_mirror_hb_cfg_default(struct liox_mirror_hb_cfg *cfg)
{
	cfg->interval_ms = LIOX_MIRROR_HB_INTERVAL_MS;
	cfg->dead_ms = LIOX_MIRROR_HB_DEAD_MS;
	cfg->probation_ms = LIOX_MIRROR_HB_PROBATION_MS;
	cfg->fast_first = true;
}

/* Heartbeats further apart than this restart the probation. */
u32 liox_mirror_hb_gap_ms(const struct liox_mirror_hb_cfg *cfg)
{
	return cfg->interval_ms + cfg->interval_ms / 2;
}

/**
 * liox_mirror_hb_cfg_check() - are these timers usable?
 * @cfg: the timers
 *
 * Return: 0, or -EINVAL if the interval is outside 10 ms..60 s, dead_ms
 * is not above the gap bound (1.5 intervals) or above 10 min, or
 * probation_ms is above 1 h.
 */
int liox_mirror_hb_cfg_check(const struct liox_mirror_hb_cfg *cfg)
{
	if (cfg->interval_ms < LIOX_MIRROR_HB_MIN_MS ||
	    cfg->interval_ms > LIOX_MIRROR_HB_MAX_MS)
		return -EINVAL;
	if (cfg->dead_ms <= liox_mirror_hb_gap_ms(cfg) ||
	    cfg->dead_ms > LIOX_MIRROR_HB_MAX_DEAD_MS)
		return -EINVAL;
	if (cfg->probation_ms > LIOX_MIRROR_HB_MAX_PROBATION_MS)
		return -EINVAL;
	return 0;
}

/**
 * liox_mirror_hb_init() - set up, DISABLED, no event
 * @hb: the state machine
 * @cfg: its timers, checked with liox_mirror_hb_cfg_check()
 */
void liox_mirror_hb_init(struct liox_mirror_hb *hb,
			 const struct liox_mirror_hb_cfg *cfg)
{
	*hb = (struct liox_mirror_hb){ .cfg = *cfg,
				       .state = LIOX_MIRROR_HB_DISABLED };
}

static void liox_mirror_hb_set(struct liox_mirror_hb *hb,
			       enum liox_mirror_hb_state to, u64 now)
{
	struct liox_mirror_hb_event *ev;

	if (hb->state == to)
		return;
	if (hb->ev_count == LIOX_MIRROR_HB_EVENTS) {	/* drop the oldest */
		hb->ev_head = (hb->ev_head + 1) % LIOX_MIRROR_HB_EVENTS;
		hb->ev_count--;
		hb->events_lost++;
	}
	ev = &hb->ev[(hb->ev_head + hb->ev_count) % LIOX_MIRROR_HB_EVENTS];
	ev->from = hb->state;
	ev->to = to;
	ev->at = now;
	hb->ev_count++;
	hb->state = to;
	hb->since = now;
	if (to == LIOX_MIRROR_HB_UP)
		hb->seen_up = true;
}

void liox_mirror_hb_enable(struct liox_mirror_hb *hb, u64 now)
{
	if (hb->state != LIOX_MIRROR_HB_DISABLED)
		return;
	hb->seen_up = false;
	hb->silent_since = now;
	liox_mirror_hb_set(hb, LIOX_MIRROR_HB_DOWN, now);
}

void liox_mirror_hb_disable(struct liox_mirror_hb *hb, u64 now)
{
	liox_mirror_hb_set(hb, LIOX_MIRROR_HB_DISABLED, now);
}

/* UP or PROBATION and silent for dead_ms: DOWN. */
static bool liox_mirror_hb_check_dead(struct liox_mirror_hb *hb, u64 now)
{
	if (hb->state != LIOX_MIRROR_HB_UP &&
	    hb->state != LIOX_MIRROR_HB_PROBATION)
		return false;
	if (liox_mirror_hb_elapsed(now, hb->last_rx) < hb->cfg.dead_ms)
		return false;
	hb->deaths++;
	hb->silent_since = hb->last_rx;
	liox_mirror_hb_set(hb, LIOX_MIRROR_HB_DOWN, now);
	return true;
}

static void liox_mirror_hb_check_probation(struct liox_mirror_hb *hb,
					   u64 now)
{
	if (hb->state == LIOX_MIRROR_HB_PROBATION &&
	    liox_mirror_hb_elapsed(now, hb->last_rx) <=
	    liox_mirror_hb_gap_ms(&hb->cfg) &&
	    liox_mirror_hb_elapsed(now, hb->probation_start) >=
	    hb->cfg.probation_ms)
		liox_mirror_hb_set(hb, LIOX_MIRROR_HB_UP, now);
}

/**
 * liox_mirror_hb_rx() - a heartbeat from the peer arrived
 * @hb: the state machine
 * @now: the time, in ms
 *
 * At most two transitions (a late-detected death, then the return).
 */
void liox_mirror_hb_rx(struct liox_mirror_hb *hb, u64 now)
{
	if (hb->state == LIOX_MIRROR_HB_DISABLED)
		return;
	hb->rx++;
	liox_mirror_hb_check_dead(hb, now);

	switch (hb->state) {
	case LIOX_MIRROR_HB_DOWN:
		hb->last_rx = now;
		hb->probation_start = now;
		if (!hb->cfg.probation_ms || (hb->cfg.fast_first && !hb->seen_up))
			liox_mirror_hb_set(hb, LIOX_MIRROR_HB_UP, now);
		else
			liox_mirror_hb_set(hb, LIOX_MIRROR_HB_PROBATION, now);
		return;
	case LIOX_MIRROR_HB_PROBATION:
		if (liox_mirror_hb_elapsed(now, hb->last_rx) >
		    liox_mirror_hb_gap_ms(&hb->cfg)) {
			hb->probation_start = now;
			hb->probation_restarts++;
		}
		break;
	default:
		break;
	}
	if (liox_mirror_hb_before(hb->last_rx, now))
		hb->last_rx = now;
	liox_mirror_hb_check_probation(hb, now);
}

/**
 * liox_mirror_hb_tick() - check the timeouts
 * @hb: the state machine
 * @now: the time, in ms
 *
 * At most one transition.
 *
 * Return: when to tick next at the latest: the next deadline of the
 * state machine, or @now + interval_ms if that comes first (the caller
 * sends its own heartbeats at that rate anyway).
 */
u64 liox_mirror_hb_tick(struct liox_mirror_hb *hb, u64 now)
{
	u64 next = now + hb->cfg.interval_ms, d, p;

	if (liox_mirror_hb_check_dead(hb, now))
		return next;
	liox_mirror_hb_check_probation(hb, now);

	switch (hb->state) {
	case LIOX_MIRROR_HB_PROBATION:
		d = hb->last_rx + hb->cfg.dead_ms;
		p = hb->probation_start + hb->cfg.probation_ms;
		/* probation can end without a heartbeat only within the gap */
		if (liox_mirror_hb_before(p, d) &&
		    !liox_mirror_hb_before(hb->last_rx +
					   liox_mirror_hb_gap_ms(&hb->cfg), p))
			d = p;
		break;
	case LIOX_MIRROR_HB_UP:
		d = hb->last_rx + hb->cfg.dead_ms;
		break;
	default:
		return next;
	}
	return liox_mirror_hb_before(d, next) ? d : next;
}

/**
 * liox_mirror_hb_silent() - has the peer been silent for dead_ms?
 * @hb: the state machine
 * @now: the time
 *
 * DOWN by a death counts at once (that took dead_ms of silence); the DOWN
 * of enable only once dead_ms have passed with no heartbeat: a node just
 * enabled has not listened long enough to know that its peer is gone.
 * Return: true when it is DOWN and has been silent that long.
 */
bool liox_mirror_hb_silent(const struct liox_mirror_hb *hb, u64 now)
{
	return hb->state == LIOX_MIRROR_HB_DOWN &&
	       liox_mirror_hb_elapsed(now, hb->silent_since) >= hb->cfg.dead_ms;
}

/**
 * liox_mirror_hb_fresh() - does a heartbeat echo one of ours sent lately?
 * @cfg: the timers
 * @now: this node's clock
 * @echo_ms: the send time of this node's heartbeat the peer echoes
 *
 * A live peer echoes the newest of our heartbeats it got: at most one
 * interval old when it sends, plus the way there and back. Within
 * dead_ms + interval_ms is fresh; older (a heartbeat recorded and played
 * back later), or from this clock's future (one recorded before a
 * restart), is not.
 */
bool liox_mirror_hb_fresh(const struct liox_mirror_hb_cfg *cfg, u64 now,
			  u64 echo_ms)
{
	s64 age = (s64)(now - echo_ms);

	return age >= 0 && age <= (s64)cfg->dead_ms + cfg->interval_ms;
}

static void liox_mirror_hb_keep(struct liox_mirror_hb_peer *p, u64 now,
				const struct liox_mirror_hb_beat *b)
{
	p->id = b->id;
	p->sent_ms = b->sent_ms;
	p->at = now;
}

/**
 * liox_mirror_hb_take() - does a heartbeat of the peer's (its MAC checked,
 *	when there is a secret) prove that the peer is alive now?
 * @seen: what earlier heartbeats proved; updated
 * @cfg: the timers
 * @now: this node's clock
 * @my_id: this node's node_id
 * @b: the heartbeat
 *
 * Never one of this node's own, sent back to it. One of the node that
 * last counted counts if it was sent after that one (its clock moved on):
 * heartbeats recorded and played back never do, whether ours reach the
 * peer or not. One of another node (the peer enabled again, or the
 * first) counts if it echoes one of ours sent lately
 * (liox_mirror_hb_fresh()): an old one played back does not; nor does
 * one of the node the peer was before it was enabled again, whose last
 * heartbeats may still echo a recent one of ours.
 *
 * The one to echo follows the peer too: a heartbeat that counts, a later
 * one of the same node, or any while none counted for dead_ms (so that
 * two nodes that never saw each other, or a peer enabled again, learn
 * each other's id); a played back one of another node does not take the
 * echo from a live peer, and heartbeats that do not count never keep it
 * from a new one.
 *
 * Return: true when it counts (feed it to liox_mirror_hb_rx()).
 */
bool liox_mirror_hb_take(struct liox_mirror_hb_seen *seen,
			 const struct liox_mirror_hb_cfg *cfg, u64 now, u32 my_id,
			 const struct liox_mirror_hb_beat *b)
{
	struct liox_mirror_hb_peer *live = &seen->live, *echo = &seen->echo;
	bool counts;

	if (b->id == my_id || b->id == seen->gone)
		return false;
	if (live->id && b->id == live->id)
		counts = liox_mirror_hb_before(live->sent_ms, b->sent_ms);
	else
		counts = b->echo_id == my_id &&
			 liox_mirror_hb_fresh(cfg, now, b->echo_ms);
	if (counts) {
		if (live->id && live->id != b->id)
			seen->gone = live->id;
		liox_mirror_hb_keep(live, now, b);
		liox_mirror_hb_keep(echo, now, b);
	} else if (!echo->id ||
		   (b->id == echo->id &&
		    liox_mirror_hb_before(echo->sent_ms, b->sent_ms)) ||
		   liox_mirror_hb_elapsed(now, echo->at) >= cfg->dead_ms) {
		/* echoed, but only a heartbeat that counts holds it */
		echo->id = b->id;
		echo->sent_ms = b->sent_ms;
	}
	return counts;
}

/**
 * liox_mirror_hb_event() - take the oldest transition not yet taken
 * @hb: the state machine
 * @ev: filled with it
 *
 * Return: false when there is none.
 */
bool liox_mirror_hb_event(struct liox_mirror_hb *hb,
			  struct liox_mirror_hb_event *ev)
{
	if (!hb->ev_count)
		return false;
	*ev = hb->ev[hb->ev_head];
	hb->ev_head = (hb->ev_head + 1) % LIOX_MIRROR_HB_EVENTS;
	hb->ev_count--;
	return true;
}

const char *liox_mirror_hb_state_name(enum liox_mirror_hb_state state)
{
	switch (state) {
	case LIOX_MIRROR_HB_DISABLED:
		return "disabled";
	case LIOX_MIRROR_HB_DOWN:
		return "down";
	case LIOX_MIRROR_HB_PROBATION:
		return "probation";
	case LIOX_MIRROR_HB_UP:
		return "up";
	default:
		return "?";
	}
}
