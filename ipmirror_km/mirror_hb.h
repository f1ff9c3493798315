/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Peer liveness from UDP heartbeats: a state machine on an injected clock
 * (the caller passes "now" in milliseconds, any u64 that only moves
 * forward and may wrap); no timers, no locks inside. The caller feeds
 * heartbeats with _rx(), calls _tick() at least every interval and arms
 * its timer for the deadline it returns, and drains the transitions with
 * _event() after each call to log them and send netlink events, once each.
 * Documentation/ipmirror-wire.rst, "Heartbeats", has the rules.
 */
#ifndef _LIOX_MIRROR_HB_H
#define _LIOX_MIRROR_HB_H

#include <linux/types.h>

#define LIOX_MIRROR_HB_INTERVAL_MS	1500
#define LIOX_MIRROR_HB_DEAD_MS		4000
#define LIOX_MIRROR_HB_PROBATION_MS	10000
#define LIOX_MIRROR_HB_MIN_MS		10		/* interval limits */
#define LIOX_MIRROR_HB_MAX_MS		60000
#define LIOX_MIRROR_HB_MAX_DEAD_MS	600000
#define LIOX_MIRROR_HB_MAX_PROBATION_MS	3600000
#define LIOX_MIRROR_HB_EVENTS		8

enum liox_mirror_hb_state {
	LIOX_MIRROR_HB_DISABLED,	/* not running: heartbeats ignored */
	LIOX_MIRROR_HB_DOWN,		/* no heartbeat for dead_ms, or none yet */
	LIOX_MIRROR_HB_PROBATION,	/* heartbeats back, not yet long enough */
	LIOX_MIRROR_HB_UP,
	LIOX_MIRROR_HB_NR
};

/*
 * @interval_ms: heartbeat period (both directions)
 * @dead_ms: silence after which the peer is down; more than 1.5 intervals
 * @probation_ms: uninterrupted heartbeats needed before UP again; 0: none
 * @fast_first: the first heartbeat after enable brings a peer never seen
 *	UP at once (a node starting up); probation is for returns
 */
struct liox_mirror_hb_cfg {
	u32 interval_ms;
	u32 dead_ms;
	u32 probation_ms;
	bool fast_first;
};

struct liox_mirror_hb_event {
	enum liox_mirror_hb_state from;
	enum liox_mirror_hb_state to;
	u64 at;
};

struct liox_mirror_hb {
	struct liox_mirror_hb_cfg cfg;
	enum liox_mirror_hb_state state;
	bool seen_up;		/* the peer was UP since enable */
	u64 last_rx;		/* newest heartbeat (PROBATION, UP) */
	u64 probation_start;
	u64 silent_since;	/* DOWN: last heard of, or enable */
	u64 since;		/* time of the last transition */
	/* transitions not yet taken by _event() */
	struct liox_mirror_hb_event ev[LIOX_MIRROR_HB_EVENTS];
	u8 ev_head;
	u8 ev_count;
	/* counters */
	u64 rx;
	u64 deaths;
	u64 probation_restarts;
	u64 events_lost;
};

/* One of the peer's heartbeats, as their sender and echo fields say. */
struct liox_mirror_hb_beat {
	u32 id;			/* the peer's node_id */
	u64 sent_ms;		/* its clock when it sent it */
	u32 echo_id;		/* ours, as it knows it */
	u64 echo_ms;		/* our clock when we sent the one it echoes */
};

/* A heartbeat of the peer's kept: its id, send time and when we took it. */
struct liox_mirror_hb_peer {
	u32 id;			/* 0: none yet */
	u64 sent_ms;
	u64 at;
};

/*
 * What heartbeats prove of the peer: @live, the newest that counted (the
 * state machine's _rx()); @echo, the one this node echoes (its @at: when
 * one that counted last set it); @gone, the node @live held before the
 * peer was enabled again, never counted again.
 */
struct liox_mirror_hb_seen {
	struct liox_mirror_hb_peer live;
	struct liox_mirror_hb_peer echo;
	u32 gone;
};

void liox_mirror_hb_cfg_default(struct liox_mirror_hb_cfg *cfg);
int liox_mirror_hb_cfg_check(const struct liox_mirror_hb_cfg *cfg);
u32 liox_mirror_hb_gap_ms(const struct liox_mirror_hb_cfg *cfg);
void liox_mirror_hb_init(struct liox_mirror_hb *hb,
			 const struct liox_mirror_hb_cfg *cfg);
void liox_mirror_hb_enable(struct liox_mirror_hb *hb, u64 now);
void liox_mirror_hb_disable(struct liox_mirror_hb *hb, u64 now);
void liox_mirror_hb_rx(struct liox_mirror_hb *hb, u64 now);
u64 liox_mirror_hb_tick(struct liox_mirror_hb *hb, u64 now);
bool liox_mirror_hb_silent(const struct liox_mirror_hb *hb, u64 now);
bool liox_mirror_hb_fresh(const struct liox_mirror_hb_cfg *cfg, u64 now,
			  u64 echo_ms);
bool liox_mirror_hb_take(struct liox_mirror_hb_seen *seen,
			 const struct liox_mirror_hb_cfg *cfg, u64 now, u32 my_id,
			 const struct liox_mirror_hb_beat *b);
bool liox_mirror_hb_event(struct liox_mirror_hb *hb,
			  struct liox_mirror_hb_event *ev);
const char *liox_mirror_hb_state_name(enum liox_mirror_hb_state state);

#endif /* _LIOX_MIRROR_HB_H */
