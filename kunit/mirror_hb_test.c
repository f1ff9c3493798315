// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for ipmirror_km/mirror_hb.c on a fake clock: death detection
 * within dead + one interval, return through probation, flapping links
 * that restart it, late ticks, a wrapping clock, events once each, and
 * when the peer counts as silent (a promotion's condition).
 */
#include <kunit/test.h>
#include "src/ipmirror_km/mirror_hb.h"

enum {
	DIS = LIOX_MIRROR_HB_DISABLED,
	DOWN = LIOX_MIRROR_HB_DOWN,
	PROB = LIOX_MIRROR_HB_PROBATION,
	UP = LIOX_MIRROR_HB_UP,
};

#define I	LIOX_MIRROR_HB_INTERVAL_MS
#define DEAD	LIOX_MIRROR_HB_DEAD_MS
#define PROBATION LIOX_MIRROR_HB_PROBATION_MS

static void hb_start(struct liox_mirror_hb *hb, bool fast_first, u64 now)
{
	struct liox_mirror_hb_cfg cfg;

	liox_mirror_hb_cfg_default(&cfg);
	cfg.fast_first = fast_first;
	liox_mirror_hb_init(hb, &cfg);
	liox_mirror_hb_enable(hb, now);
}

/* The next event must be @from -> @to at @at. */
static void expect_event(struct kunit *test, struct liox_mirror_hb *hb,
			 int from, int to, u64 at)
{
	struct liox_mirror_hb_event ev;

	KUNIT_ASSERT_TRUE_MSG(test, liox_mirror_hb_event(hb, &ev),
			      "no event %d->%d", from, to);
	KUNIT_EXPECT_EQ(test, from, (int)ev.from);
	KUNIT_EXPECT_EQ(test, to, (int)ev.to);
	KUNIT_EXPECT_EQ(test, at, ev.at);
}

static void expect_no_event(struct kunit *test, struct liox_mirror_hb *hb)
{
	struct liox_mirror_hb_event ev;

	KUNIT_EXPECT_FALSE(test, liox_mirror_hb_event(hb, &ev));
}

/* Heartbeats every @step ms in [@from, @to), a tick every interval too. */
static void hb_feed(struct liox_mirror_hb *hb, u64 from, u64 to, u64 step)
{
	u64 t, tick = from;

	for (t = from; (s64)(t - to) < 0; t += step) {
		while ((s64)(tick - t) <= 0) {
			liox_mirror_hb_tick(hb, tick);
			tick += I;
		}
		liox_mirror_hb_rx(hb, t);
	}
}

static void hb_config(struct kunit *test)
{
	struct liox_mirror_hb_cfg cfg;

	liox_mirror_hb_cfg_default(&cfg);
	KUNIT_EXPECT_EQ(test, 1500U, cfg.interval_ms);
	KUNIT_EXPECT_EQ(test, 4000U, cfg.dead_ms);
	KUNIT_EXPECT_EQ(test, 10000U, cfg.probation_ms);
	KUNIT_EXPECT_EQ(test, 2250U, liox_mirror_hb_gap_ms(&cfg));
	KUNIT_EXPECT_EQ(test, 0, liox_mirror_hb_cfg_check(&cfg));
	cfg.dead_ms = 2250;				/* not above the gap */
	KUNIT_EXPECT_EQ(test, -EINVAL, liox_mirror_hb_cfg_check(&cfg));
	cfg.dead_ms = 2251;
	KUNIT_EXPECT_EQ(test, 0, liox_mirror_hb_cfg_check(&cfg));
	cfg.dead_ms = 600001;
	KUNIT_EXPECT_EQ(test, -EINVAL, liox_mirror_hb_cfg_check(&cfg));
	liox_mirror_hb_cfg_default(&cfg);
	cfg.interval_ms = 9;
	KUNIT_EXPECT_EQ(test, -EINVAL, liox_mirror_hb_cfg_check(&cfg));
	cfg.interval_ms = 60001;
	KUNIT_EXPECT_EQ(test, -EINVAL, liox_mirror_hb_cfg_check(&cfg));
	liox_mirror_hb_cfg_default(&cfg);
	cfg.probation_ms = 3600001;
	KUNIT_EXPECT_EQ(test, -EINVAL, liox_mirror_hb_cfg_check(&cfg));
	cfg.probation_ms = 0;
	KUNIT_EXPECT_EQ(test, 0, liox_mirror_hb_cfg_check(&cfg));
	KUNIT_EXPECT_STREQ(test, "probation", liox_mirror_hb_state_name(PROB));
	KUNIT_EXPECT_STREQ(test, "?", liox_mirror_hb_state_name(LIOX_MIRROR_HB_NR));
}

static void hb_enable_first_contact(struct kunit *test)
{
	struct liox_mirror_hb hb;
	struct liox_mirror_hb_cfg cfg;

	liox_mirror_hb_cfg_default(&cfg);
	liox_mirror_hb_init(&hb, &cfg);
	KUNIT_EXPECT_EQ(test, DIS, (int)hb.state);
	expect_no_event(test, &hb);
	liox_mirror_hb_rx(&hb, 10);			/* ignored while disabled */
	KUNIT_EXPECT_EQ(test, 0ULL, hb.rx);
	liox_mirror_hb_enable(&hb, 100);
	expect_event(test, &hb, DIS, DOWN, 100);
	liox_mirror_hb_enable(&hb, 101);		/* already: nothing */
	expect_no_event(test, &hb);
	/* no heartbeat: stays DOWN, ticks every interval */
	KUNIT_EXPECT_EQ(test, 100ULL + I, liox_mirror_hb_tick(&hb, 100));
	KUNIT_EXPECT_EQ(test, 20000ULL + I, liox_mirror_hb_tick(&hb, 20000));
	expect_no_event(test, &hb);
	/* the first heartbeat of a peer never seen: UP at once */
	liox_mirror_hb_rx(&hb, 20500);
	expect_event(test, &hb, DOWN, UP, 20500);
	expect_no_event(test, &hb);
	/* steady: UP, deadline is the next interval (dead comes later) */
	KUNIT_EXPECT_EQ(test, 21000ULL + I, liox_mirror_hb_tick(&hb, 21000));
	KUNIT_EXPECT_EQ(test, 20500ULL + DEAD, liox_mirror_hb_tick(&hb, 23500));
	hb_feed(&hb, 22000, 60000, I);
	KUNIT_EXPECT_EQ(test, UP, (int)hb.state);
	expect_no_event(test, &hb);
	/* disable: one event, heartbeats ignored */
	liox_mirror_hb_disable(&hb, 60000);
	expect_event(test, &hb, UP, DIS, 60000);
	liox_mirror_hb_rx(&hb, 60100);
	KUNIT_EXPECT_EQ(test, DIS, (int)hb.state);
	expect_no_event(test, &hb);
	/* enabled again: a new first contact */
	liox_mirror_hb_enable(&hb, 70000);
	liox_mirror_hb_rx(&hb, 70001);
	expect_event(test, &hb, DIS, DOWN, 70000);
	expect_event(test, &hb, DOWN, UP, 70001);

	/* without fast_first the first contact has its probation too */
	hb_start(&hb, false, 0);
	expect_event(test, &hb, DIS, DOWN, 0);
	liox_mirror_hb_rx(&hb, 1000);
	expect_event(test, &hb, DOWN, PROB, 1000);
}

/*
 * The bound of the issue: death seen at most dead + one interval after
 * the peer's last heartbeat, with a tick every interval whatever its phase
 * against the heartbeats, and never before dead.
 */
static void hb_death_detection_bound(struct kunit *test)
{
	struct liox_mirror_hb hb;
	u64 phase, death, t, last, seen;
	unsigned int worst = 0;

	for (phase = 0; phase < I; phase += 125) {
		for (death = 30000; death < 30000 + I; death += 250) {
			hb_start(&hb, true, 0);
			liox_mirror_hb_rx(&hb, 0);
			last = 0;
			seen = 0;
			for (t = phase; t < 60000 && !seen; t += I) {
				/* heartbeats up to t, while alive */
				while (last + I <= t && last + I <= death) {
					last += I;
					liox_mirror_hb_rx(&hb, last);
				}
				liox_mirror_hb_tick(&hb, t);
				if (hb.state == DOWN)
					seen = t;
			}
			KUNIT_ASSERT_NE(test, 0ULL, seen);
			KUNIT_EXPECT_LE(test, seen - last, (u64)DEAD + I);
			KUNIT_EXPECT_GE(test, seen - last, (u64)DEAD);
			KUNIT_EXPECT_LE(test, seen - death, (u64)DEAD + I);
			if (seen - last > worst)
				worst = seen - last;
			KUNIT_EXPECT_EQ(test, 1ULL, hb.deaths);
			expect_event(test, &hb, DIS, DOWN, 0);
			expect_event(test, &hb, DOWN, UP, 0);
			expect_event(test, &hb, UP, DOWN, seen);
			expect_no_event(test, &hb);
		}
	}
	kunit_info(test, "worst detection: %u ms after the last heartbeat (bound %u)",
		   worst, DEAD + I);

	/* ticking at the deadlines tick() returns: exactly dead */
	hb_start(&hb, true, 0);
	liox_mirror_hb_rx(&hb, 0);
	liox_mirror_hb_rx(&hb, 1500);
	t = 1500;
	while (hb.state == UP)
		t = liox_mirror_hb_tick(&hb, t);
	KUNIT_EXPECT_EQ(test, 1500ULL + DEAD, hb.since);
}

static void hb_return_through_probation(struct kunit *test)
{
	struct liox_mirror_hb hb;
	u64 t;

	hb_start(&hb, true, 0);
	hb_feed(&hb, 0, 9001, I);			/* last heartbeat at 9000 */
	liox_mirror_hb_tick(&hb, 13000);
	expect_event(test, &hb, DIS, DOWN, 0);
	expect_event(test, &hb, DOWN, UP, 0);
	expect_event(test, &hb, UP, DOWN, 13000);
	/* heartbeats return at 20000: probation, UP 10 s later exactly */
	liox_mirror_hb_rx(&hb, 20000);
	expect_event(test, &hb, DOWN, PROB, 20000);
	/* the deadline in probation: the dead time while heartbeats lag */
	KUNIT_EXPECT_EQ(test, 20000ULL + I, liox_mirror_hb_tick(&hb, 20000));
	hb_feed(&hb, 21500, 30000, I);
	KUNIT_EXPECT_EQ(test, PROB, (int)hb.state);
	/* last heartbeat 29000: probation ends at 30000, within the gap */
	KUNIT_EXPECT_EQ(test, 30000ULL, liox_mirror_hb_tick(&hb, 29500));
	liox_mirror_hb_tick(&hb, 29999);
	KUNIT_EXPECT_EQ(test, PROB, (int)hb.state);
	liox_mirror_hb_tick(&hb, 30000);
	expect_event(test, &hb, PROB, UP, 30000);
	expect_no_event(test, &hb);

	/* the same, UP on the heartbeat that completes the probation */
	hb_start(&hb, false, 0);
	for (t = 5000; t <= 15000; t += 1000)
		liox_mirror_hb_rx(&hb, t);
	expect_event(test, &hb, DIS, DOWN, 0);
	expect_event(test, &hb, DOWN, PROB, 5000);
	expect_event(test, &hb, PROB, UP, 15000);

	/* probation_ms 0: straight back UP */
	hb.cfg.probation_ms = 0;
	liox_mirror_hb_tick(&hb, 15000 + DEAD);
	liox_mirror_hb_rx(&hb, 30000);
	expect_event(test, &hb, UP, DOWN, 15000 + DEAD);
	expect_event(test, &hb, DOWN, UP, 30000);
}

/* A link that flaps faster than the probation never comes UP. */
static void hb_flapping_restarts_probation(struct kunit *test)
{
	struct liox_mirror_hb hb;
	u64 t;
	int i;

	hb_start(&hb, true, 0);
	liox_mirror_hb_rx(&hb, 0);
	liox_mirror_hb_tick(&hb, DEAD);
	liox_mirror_hb_rx(&hb, 10000);			/* probation from 10000 */
	expect_event(test, &hb, DIS, DOWN, 0);
	expect_event(test, &hb, DOWN, UP, 0);
	expect_event(test, &hb, UP, DOWN, DEAD);
	expect_event(test, &hb, DOWN, PROB, 10000);

	/* 6 s up, then a 3 s gap (> 2.25 s, < 4 s): probation restarts */
	t = 10000;
	for (i = 0; i < 5; i++) {
		hb_feed(&hb, t, t + 6001, I);
		liox_mirror_hb_tick(&hb, t + 6000 + I);
		liox_mirror_hb_tick(&hb, t + 6000 + 2 * I);
		t += 9000;
		KUNIT_EXPECT_EQ(test, PROB, (int)hb.state);
	}
	KUNIT_EXPECT_EQ(test, 4ULL, hb.probation_restarts);
	expect_no_event(test, &hb);
	/*
	 * The next heartbeat ends the last 3 s gap (restart 5); a gap of the
	 * bound itself does not restart, a millisecond more does.
	 */
	hb_feed(&hb, t, t + 2251, 2250);
	KUNIT_EXPECT_EQ(test, 5ULL, hb.probation_restarts);
	liox_mirror_hb_rx(&hb, t + 2250 + 2251);
	KUNIT_EXPECT_EQ(test, 6ULL, hb.probation_restarts);
	t += 2250 + 2251;
	/* then steady: UP probation_ms after the restart */
	hb_feed(&hb, t, t + PROBATION + 1, 1000);
	expect_event(test, &hb, PROB, UP, t + PROBATION);

	/* gaps of dead or more: DOWN and PROBATION again, never UP */
	for (i = 0; i < 3; i++) {
		t += PROBATION + DEAD;
		liox_mirror_hb_tick(&hb, t);
		hb_feed(&hb, t + 1, t + 5000, 1000);
	}
	KUNIT_EXPECT_EQ(test, PROB, (int)hb.state);
	expect_event(test, &hb, UP, DOWN, t - 2 * (PROBATION + DEAD));
}

/* A tick that comes late: the next heartbeat reports the death first. */
static void hb_late_tick(struct kunit *test)
{
	struct liox_mirror_hb hb;

	hb_start(&hb, true, 0);
	liox_mirror_hb_rx(&hb, 0);
	liox_mirror_hb_rx(&hb, 50000);
	expect_event(test, &hb, DIS, DOWN, 0);
	expect_event(test, &hb, DOWN, UP, 0);
	expect_event(test, &hb, UP, DOWN, 50000);
	expect_event(test, &hb, DOWN, PROB, 50000);
	KUNIT_EXPECT_EQ(test, 1ULL, hb.deaths);
	/* time going backwards counts as none */
	liox_mirror_hb_rx(&hb, 49000);
	KUNIT_EXPECT_EQ(test, 50000ULL, hb.last_rx);
	liox_mirror_hb_tick(&hb, 40000);
	KUNIT_EXPECT_EQ(test, PROB, (int)hb.state);
	expect_no_event(test, &hb);
}

static void hb_clock_wrap(struct kunit *test)
{
	struct liox_mirror_hb hb;
	u64 t0 = ~0ULL - 20000, t;

	hb_start(&hb, false, t0);
	hb_feed(&hb, t0, t0 + 12001, I);		/* crosses 0 at +20001 */
	expect_event(test, &hb, DIS, DOWN, t0);
	expect_event(test, &hb, DOWN, PROB, t0);
	/* UP at the first tick or heartbeat once probation_ms are over */
	expect_event(test, &hb, PROB, UP, t0 + PROBATION + 500);
	t = t0 + 24000;					/* past the wrap */
	hb_feed(&hb, t0 + 12000, t, I);
	KUNIT_EXPECT_LT(test, t, t0);
	KUNIT_EXPECT_EQ(test, UP, (int)hb.state);
	/* last heartbeat at t0 + 22500 (wrapped); dead 4 s later */
	liox_mirror_hb_tick(&hb, t0 + 22500 + DEAD - 1);
	KUNIT_EXPECT_EQ(test, UP, (int)hb.state);
	KUNIT_EXPECT_EQ(test, t0 + 22500 + DEAD,
			liox_mirror_hb_tick(&hb, t0 + 22500 + DEAD - 1));
	liox_mirror_hb_tick(&hb, t0 + 22500 + DEAD);
	expect_event(test, &hb, UP, DOWN, t0 + 22500 + DEAD);
	expect_no_event(test, &hb);
}

/*
 * Silent: the peer unheard of for dead_ms. After enable only once dead_ms
 * have passed (a node just enabled has not listened yet); after a death
 * at once; never while a heartbeat came within dead_ms.
 */
static void hb_silent(struct kunit *test)
{
	struct liox_mirror_hb hb;

	liox_mirror_hb_init(&hb, &(struct liox_mirror_hb_cfg){
		.interval_ms = I, .dead_ms = DEAD, .probation_ms = PROBATION,
		.fast_first = true });
	KUNIT_EXPECT_FALSE(test, liox_mirror_hb_silent(&hb, 100000));
	liox_mirror_hb_enable(&hb, 1000);
	KUNIT_EXPECT_FALSE(test, liox_mirror_hb_silent(&hb, 1000));
	liox_mirror_hb_tick(&hb, 1000 + DEAD - 1);
	KUNIT_EXPECT_FALSE(test, liox_mirror_hb_silent(&hb, 1000 + DEAD - 1));
	KUNIT_EXPECT_TRUE(test, liox_mirror_hb_silent(&hb, 1000 + DEAD));
	/* heard: UP, not silent, until the death */
	liox_mirror_hb_rx(&hb, 10000);
	KUNIT_EXPECT_EQ(test, UP, (int)hb.state);
	KUNIT_EXPECT_FALSE(test, liox_mirror_hb_silent(&hb, 10000 + DEAD - 1));
	liox_mirror_hb_tick(&hb, 10000 + DEAD);
	KUNIT_EXPECT_EQ(test, DOWN, (int)hb.state);
	KUNIT_EXPECT_TRUE(test, liox_mirror_hb_silent(&hb, 10000 + DEAD));
	/* back in probation: not silent; its gap to a death again: silent */
	liox_mirror_hb_rx(&hb, 20000);
	KUNIT_EXPECT_EQ(test, PROB, (int)hb.state);
	KUNIT_EXPECT_FALSE(test, liox_mirror_hb_silent(&hb, 20000));
	liox_mirror_hb_tick(&hb, 20000 + DEAD);
	KUNIT_EXPECT_TRUE(test, liox_mirror_hb_silent(&hb, 20000 + DEAD));
	/* a re-enable listens again */
	liox_mirror_hb_disable(&hb, 30000);
	KUNIT_EXPECT_FALSE(test, liox_mirror_hb_silent(&hb, 30000));
	liox_mirror_hb_enable(&hb, 30000);
	KUNIT_EXPECT_FALSE(test, liox_mirror_hb_silent(&hb, 30001));
	KUNIT_EXPECT_TRUE(test, liox_mirror_hb_silent(&hb, 30000 + DEAD));
}

/*
 * A heartbeat counts only if it echoes one of ours sent within dead_ms +
 * interval_ms: a live peer's is at most about an interval old; one played
 * back later echoes an old one; one from before a restart of the clock, a
 * time still to come.
 */
static void hb_fresh_echo(struct kunit *test)
{
	struct liox_mirror_hb_cfg cfg;
	u64 now = 100000;

	liox_mirror_hb_cfg_default(&cfg);
	KUNIT_EXPECT_TRUE(test, liox_mirror_hb_fresh(&cfg, now, now));
	KUNIT_EXPECT_TRUE(test, liox_mirror_hb_fresh(&cfg, now, now - I));
	KUNIT_EXPECT_TRUE(test, liox_mirror_hb_fresh(&cfg, now, now - DEAD - I));
	KUNIT_EXPECT_FALSE(test,
			   liox_mirror_hb_fresh(&cfg, now, now - DEAD - I - 1));
	KUNIT_EXPECT_FALSE(test, liox_mirror_hb_fresh(&cfg, now, 0));
	KUNIT_EXPECT_FALSE(test, liox_mirror_hb_fresh(&cfg, now, now + 1));
	/* across a wrap of the clock */
	now = 500;
	KUNIT_EXPECT_TRUE(test, liox_mirror_hb_fresh(&cfg, now, now - I));
	KUNIT_EXPECT_FALSE(test,
			   liox_mirror_hb_fresh(&cfg, now, now - DEAD - I - 1));
	/* the bound follows the timers */
	cfg.interval_ms = 200;
	cfg.dead_ms = 1000;
	KUNIT_EXPECT_TRUE(test, liox_mirror_hb_fresh(&cfg, now, now - 1200));
	KUNIT_EXPECT_FALSE(test, liox_mirror_hb_fresh(&cfg, now, now - 1201));
}

static bool hb_take(struct liox_mirror_hb_seen *seen, u64 now, u32 my_id,
		    u32 id, u64 sent_ms, u32 echo_id, u64 echo_ms)
{
	struct liox_mirror_hb_cfg cfg;
	const struct liox_mirror_hb_beat b = {
		.id = id, .sent_ms = sent_ms,
		.echo_id = echo_id, .echo_ms = echo_ms,
	};

	liox_mirror_hb_cfg_default(&cfg);
	return liox_mirror_hb_take(seen, &cfg, now, my_id, &b);
}

/*
 * Which heartbeats prove the peer alive (this node is 0xa, its clock
 * "now"; the peer 0xb with a clock of its own): first contact through
 * the echo, then only heartbeats sent later than the last that counted.
 */
static void hb_take_rules(struct kunit *test)
{
	struct liox_mirror_hb_seen a = { }, b = { };
	u64 now = 50000;

	/* first contact: b's first echoes nothing; a echoes it anyway */
	KUNIT_EXPECT_FALSE(test, hb_take(&a, now, 0xa, 0xb, 7000, 0, 0));
	KUNIT_EXPECT_EQ(test, 0xbU, a.echo.id);
	KUNIT_EXPECT_EQ(test, 7000ULL, a.echo.sent_ms);
	/* b got a's heartbeat of now - 100: its next one counts */
	KUNIT_EXPECT_FALSE(test, hb_take(&b, 7100, 0xb, 0xa, now - 100, 0, 0));
	KUNIT_EXPECT_TRUE(test, hb_take(&a, now, 0xa, 0xb, 7200, 0xa, now - 100));
	KUNIT_EXPECT_EQ(test, 0xbU, a.live.id);
	/* and a's next, which echoes b's, counts for b */
	KUNIT_EXPECT_TRUE(test, hb_take(&b, 7300, 0xb, 0xa, now + 100,
					0xb, a.echo.sent_ms));

	/* later ones count; the same again, or an older one, do not */
	KUNIT_EXPECT_TRUE(test, hb_take(&a, now + 1500, 0xa, 0xb, 8700, 0xa, now));
	KUNIT_EXPECT_FALSE(test, hb_take(&a, now + 1600, 0xa, 0xb, 8700, 0xa, now));
	KUNIT_EXPECT_FALSE(test, hb_take(&a, now + 1700, 0xa, 0xb, 7200, 0xa,
					 now + 1600));
	/* ours lost on the way (an old echo): still later, still counts */
	KUNIT_EXPECT_TRUE(test, hb_take(&a, now + 9000, 0xa, 0xb, 16200, 0xa, now));

	/*
	 * A node of an earlier enable, played back: not counted, and the
	 * echo stays with the live peer
	 */
	KUNIT_EXPECT_FALSE(test, hb_take(&a, now + 9100, 0xa, 0xc, 3000, 0xa,
					 now - 20000));
	KUNIT_EXPECT_EQ(test, 0xbU, a.echo.id);
	KUNIT_EXPECT_EQ(test, 0xbU, a.live.id);

	/* the peer enabled again (0xd): its first echoes nothing ... */
	now += 10000;
	KUNIT_EXPECT_FALSE(test, hb_take(&a, now, 0xa, 0xd, 100, 0, 0));
	/* ... its next echoes one of ours of lately: it counts */
	KUNIT_EXPECT_TRUE(test, hb_take(&a, now + 1500, 0xa, 0xd, 1600, 0xa, now));
	KUNIT_EXPECT_EQ(test, 0xdU, a.live.id);
	KUNIT_EXPECT_EQ(test, 0xdU, a.echo.id);
	/*
	 * 0xb's last heartbeats, played back now: they echo one of ours of
	 * lately, yet 0xb is gone and counts no more
	 */
	KUNIT_EXPECT_FALSE(test, hb_take(&a, now + 1600, 0xa, 0xb, 16300, 0xa,
					 now - 100));
	KUNIT_EXPECT_EQ(test, 0xdU, a.echo.id);
	KUNIT_EXPECT_EQ(test, 0xdU, a.live.id);

	/* this node's own heartbeat sent back: never, not even echoed */
	KUNIT_EXPECT_FALSE(test, hb_take(&a, now + 1700, 0xa, 0xa, now + 1650,
					 0xa, now + 1500));
	KUNIT_EXPECT_EQ(test, 0xdU, a.echo.id);

	/* nothing counted for dead_ms: the echo goes to any, counted or not */
	now += 1500 + DEAD;
	KUNIT_EXPECT_FALSE(test, hb_take(&a, now, 0xa, 0xe, 5, 0, 0));
	KUNIT_EXPECT_EQ(test, 0xeU, a.echo.id);
	KUNIT_EXPECT_EQ(test, 0xdU, a.live.id);
	/* later ones of 0xe, not counted, do not keep it from another */
	KUNIT_EXPECT_FALSE(test, hb_take(&a, now + 100, 0xa, 0xe, 105, 0, 0));
	KUNIT_EXPECT_EQ(test, 105ULL, a.echo.sent_ms);
	KUNIT_EXPECT_FALSE(test, hb_take(&a, now + 200, 0xa, 0xf, 9, 0, 0));
	KUNIT_EXPECT_EQ(test, 0xfU, a.echo.id);
	/* 0xf, having got ours, counts; 0xe's then do not take the echo */
	KUNIT_EXPECT_TRUE(test, hb_take(&a, now + 300, 0xa, 0xf, 209, 0xa, now));
	KUNIT_EXPECT_FALSE(test, hb_take(&a, now + 400, 0xa, 0xe, 205, 0, 0));
	KUNIT_EXPECT_EQ(test, 0xfU, a.echo.id);
	KUNIT_EXPECT_EQ(test, 0xfU, a.live.id);
}

static void hb_event_queue_overflow(struct kunit *test)
{
	struct liox_mirror_hb hb;
	struct liox_mirror_hb_event ev;
	int i, n = 0;

	hb_start(&hb, true, 0);
	for (i = 0; i < 10; i++) {
		liox_mirror_hb_disable(&hb, 2 * i + 1);
		liox_mirror_hb_enable(&hb, 2 * i + 2);
	}
	KUNIT_EXPECT_EQ(test, 21ULL - LIOX_MIRROR_HB_EVENTS, hb.events_lost);
	while (liox_mirror_hb_event(&hb, &ev)) {
		KUNIT_EXPECT_EQ(test, 21ULL - LIOX_MIRROR_HB_EVENTS + n, ev.at);
		n++;
	}
	KUNIT_EXPECT_EQ(test, LIOX_MIRROR_HB_EVENTS, n);
}

static struct kunit_case liox_mirror_hb_cases[] = {
	KUNIT_CASE(hb_config),
	KUNIT_CASE(hb_enable_first_contact),
	KUNIT_CASE(hb_death_detection_bound),
	KUNIT_CASE(hb_return_through_probation),
	KUNIT_CASE(hb_flapping_restarts_probation),
	KUNIT_CASE(hb_late_tick),
	KUNIT_CASE(hb_clock_wrap),
	KUNIT_CASE(hb_silent),
	KUNIT_CASE(hb_event_queue_overflow),
	KUNIT_CASE(hb_fresh_echo),
	KUNIT_CASE(hb_take_rules),
	{}
};

static struct kunit_suite liox_mirror_hb_suite = {
	.name = "liox_mirror_hb",
	.test_cases = liox_mirror_hb_cases,
};

kunit_test_suite(liox_mirror_hb_suite);
