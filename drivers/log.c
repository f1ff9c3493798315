// SPDX-License-Identifier: GPL-2.0
/*
 * Ratelimited logging shared by every liox module. Each call site of
 * liox_printk_ratelimited() keeps its own ratelimit state; interval and
 * burst are global and tunable through configfs, so an administrator can
 * quieten (or open up) all data-path messages of liox in one place.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/ratelimit.h>
#include "core_internal.h"

static u32 liox_log_interval_ms = 5000;
static u32 liox_log_burst = 10;

u32 liox_log_interval_ms_get(void)
{
	return READ_ONCE(liox_log_interval_ms);
}

u32 liox_log_burst_get(void)
{
	return READ_ONCE(liox_log_burst);
}

void liox_log_interval_ms_set(u32 ms)
{
	WRITE_ONCE(liox_log_interval_ms, ms);
}

void liox_log_burst_set(u32 burst)
{
	WRITE_ONCE(liox_log_burst, burst);
}

/**
 * liox_log_ratelimit() - may this call site log now?
 * @rs: the call site's state
 *
 * An interval of 0 turns ratelimiting off (every message is printed).
 */
bool liox_log_ratelimit(struct ratelimit_state *rs)
{
	/* Racy updates of the two fields only shift one window: harmless. */
	rs->interval = msecs_to_jiffies(liox_log_interval_ms_get());
	rs->burst = liox_log_burst_get();
	return __ratelimit(rs);
}
EXPORT_SYMBOL_GPL(liox_log_ratelimit);
