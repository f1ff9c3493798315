/* SPDX-License-Identifier: GPL-2.0 */
/*
 * liox_core: what capability modules (xcopy, ipmirror, vsan) get from the
 * shared core - a place under /sys/kernel/config/liox, commands in the
 * "liox" generic netlink family, events, and tunable ratelimited logging.
 */
#ifndef _LIOX_CORE_H
#define _LIOX_CORE_H

#include <linux/configfs.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/ratelimit.h>
#include <net/genetlink.h>
#include <uapi/liox.h>

#define LIOX_CORE_VERSION	"0.1.0"

/**
 * struct liox_genl_cmd - one generic netlink command served by a capability
 * @cmd: command number, LIOX_CMD_CAP_FIRST..LIOX_CMD_CAP_LAST
 * @admin: require CAP_NET_ADMIN
 * @doit: handler for requests without NLM_F_DUMP (may be NULL)
 * @dumpit: handler for dumps (may be NULL); must keep its state in cb->args
 *	only: the core looks the handler up again on every call of a dump
 */
struct liox_genl_cmd {
	u8 cmd;
	bool admin;
	int (*doit)(struct sk_buff *skb, struct genl_info *info);
	int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
};

/**
 * struct liox_capability - a capability module as the core knows it
 * @name: short name ("xcopy"); also the events' LIOX_ATTR_CAPABILITY
 * @version: module version string
 * @group: optional configfs group, shown as /sys/kernel/config/liox/<group>
 * @cmds: generic netlink commands served by the capability
 * @n_cmds: number of entries in @cmds
 * @node: private to the core
 *
 * Handlers run with the core's capability lock held for reading;
 * liox_capability_unregister() waits for them, so a module may free its
 * state right after unregistering.
 */
struct liox_capability {
	const char *name;
	const char *version;
	struct config_group *group;
	const struct liox_genl_cmd *cmds;
	unsigned int n_cmds;
	struct list_head node;
};

int liox_capability_register(struct liox_capability *cap);
void liox_capability_unregister(struct liox_capability *cap);

void *liox_genl_reply_put(struct sk_buff *skb, struct genl_info *info);
void *liox_genl_dump_put(struct sk_buff *skb, struct netlink_callback *cb);

struct sk_buff *liox_event_new(const struct liox_capability *cap, u32 event,
			       const char *object, void **hdr, gfp_t gfp);
void liox_event_send(struct sk_buff *skb, void *hdr, gfp_t gfp);
void liox_event_notify(const struct liox_capability *cap, u32 event,
		       const char *object, const char *message, gfp_t gfp);

bool liox_log_ratelimit(struct ratelimit_state *rs);

/*
 * Ratelimited logging for data paths (liox_err_ratelimited() and friends).
 * Every call site has its own state;
 * interval and burst come from /sys/kernel/config/liox/log_ratelimit_*.
 */
#define liox_ratelimited(print)						\
({									\
	static struct ratelimit_state _liox_rs =			\
		RATELIMIT_STATE_INIT(_liox_rs, 0, 0);			\
	if (liox_log_ratelimit(&_liox_rs))				\
		print;							\
})
#define liox_err_ratelimited(fmt, ...) \
	liox_ratelimited(pr_err(fmt, ##__VA_ARGS__))
#define liox_warn_ratelimited(fmt, ...) \
	liox_ratelimited(pr_warn(fmt, ##__VA_ARGS__))
#define liox_info_ratelimited(fmt, ...) \
	liox_ratelimited(pr_info(fmt, ##__VA_ARGS__))

#endif /* _LIOX_CORE_H */
