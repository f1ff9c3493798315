// SPDX-License-Identifier: GPL-2.0
/*
 * The "liox" generic netlink family: LIOX_CMD_GET_VERSION, a dispatcher
 * for the commands capability modules serve, and the "events" multicast
 * group. Documentation/netlink.rst is the reference.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/genetlink.h>
#include "core_internal.h"

#define LIOX_GENL_N_CAP_CMDS	(LIOX_CMD_CAP_LAST - LIOX_CMD_CAP_FIRST + 1)

static const struct nla_policy liox_genl_policy[LIOX_ATTR_MAX + 1] = {
	[LIOX_ATTR_VERSION]	= { .type = NLA_NUL_STRING, .len = 31 },
	[LIOX_ATTR_PROTO]	= { .type = NLA_U32 },
	[LIOX_ATTR_CAPS]	= { .type = NLA_NESTED },
	[LIOX_ATTR_CAP]		= { .type = NLA_NESTED },
	[LIOX_ATTR_CAPABILITY]	= { .type = NLA_NUL_STRING,
				    .len = LIOX_NAME_MAX - 1 },
	[LIOX_ATTR_EVENT]	= { .type = NLA_U32 },
	[LIOX_ATTR_OBJECT]	= { .type = NLA_NUL_STRING,
				    .len = LIOX_NAME_MAX - 1 },
	[LIOX_ATTR_MESSAGE]	= { .type = NLA_NUL_STRING, .len = 255 },
	[LIOX_ATTR_PAYLOAD]	= { .type = NLA_NESTED },
};

static const struct genl_multicast_group liox_genl_mcgrps[] = {
	{ .name = LIOX_GENL_MCGRP_EVENTS },
};

/* GET_VERSION plus one dispatching op per capability command number. */
static struct genl_ops liox_genl_ops[1 + LIOX_GENL_N_CAP_CMDS];

static struct genl_family liox_genl_family __ro_after_init = {
	.name		= LIOX_GENL_NAME,
	.version	= LIOX_GENL_VERSION,
	.maxattr	= LIOX_ATTR_MAX,
	.policy		= liox_genl_policy,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= liox_genl_ops,
	.n_ops		= ARRAY_SIZE(liox_genl_ops),
	.mcgrps		= liox_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(liox_genl_mcgrps),
};

static int liox_genl_put_caps(struct sk_buff *skb)
{
	const struct liox_capability *cap;
	struct nlattr *caps, *one;
	int ret = 0;

	caps = nla_nest_start(skb, LIOX_ATTR_CAPS);
	if (!caps)
		return -EMSGSIZE;
	down_read(&liox_caps_rwsem);
	list_for_each_entry(cap, &liox_caps, node) {
		one = nla_nest_start(skb, LIOX_ATTR_CAP);
		if (!one ||
		    nla_put_string(skb, LIOX_ATTR_CAPABILITY, cap->name) ||
		    nla_put_string(skb, LIOX_ATTR_VERSION, cap->version)) {
			ret = -EMSGSIZE;
			break;
		}
		nla_nest_end(skb, one);
	}
	up_read(&liox_caps_rwsem);
	if (ret)
		return ret;
	nla_nest_end(skb, caps);
	return 0;
}

static int liox_genl_get_version(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = liox_genl_reply_put(msg, info);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err_free_msg;
	}
	if (nla_put_string(msg, LIOX_ATTR_VERSION, LIOX_CORE_VERSION) ||
	    nla_put_u32(msg, LIOX_ATTR_PROTO, LIOX_GENL_VERSION)) {
		ret = -EMSGSIZE;
		goto err_free_msg;
	}
	ret = liox_genl_put_caps(msg);
	if (ret)
		goto err_free_msg;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free_msg:
	nlmsg_free(msg);
	return ret;
}

static int liox_genl_dispatch_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct liox_genl_cmd *c;
	int ret;

	down_read(&liox_caps_rwsem);
	c = liox_capability_find_cmd(info->genlhdr->cmd);
	if (!c || !c->doit)
		ret = -EOPNOTSUPP;
	else if (c->admin && !netlink_capable(skb, CAP_NET_ADMIN))
		ret = -EPERM;
	else
		ret = c->doit(skb, info);
	up_read(&liox_caps_rwsem);
	return ret;
}

static int liox_genl_dispatch_dumpit(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	const struct liox_genl_cmd *c;
	int ret;

	down_read(&liox_caps_rwsem);
	c = liox_capability_find_cmd(genl_dumpit_info(cb)->op.cmd);
	if (!c || !c->dumpit)
		ret = -EOPNOTSUPP;
	else if (c->admin && !netlink_capable(cb->skb, CAP_NET_ADMIN))
		ret = -EPERM;
	else
		ret = c->dumpit(skb, cb);
	up_read(&liox_caps_rwsem);
	return ret;
}

/**
 * liox_genl_reply_put() - start the reply to a request
 * @skb: reply buffer from genlmsg_new()
 * @info: the request
 *
 * Return: the header to pass to genlmsg_end(), or NULL if @skb is full.
 */
void *liox_genl_reply_put(struct sk_buff *skb, struct genl_info *info)
{
	return genlmsg_put_reply(skb, info, &liox_genl_family, 0,
				 info->genlhdr->cmd);
}
EXPORT_SYMBOL_GPL(liox_genl_reply_put);

/**
 * liox_genl_dump_put() - start one message of a dump
 * @skb: the dump buffer
 * @cb: the dump callback
 *
 * Return: the header to pass to genlmsg_end(), or NULL if @skb is full.
 */
void *liox_genl_dump_put(struct sk_buff *skb, struct netlink_callback *cb)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &liox_genl_family, NLM_F_MULTI,
			   genl_dumpit_info(cb)->op.cmd);
}
EXPORT_SYMBOL_GPL(liox_genl_dump_put);

/**
 * liox_event_new() - start an event for the "events" group
 * @cap: the capability sending it, or NULL for the core
 * @event: enum liox_event
 * @object: name of the object concerned, or NULL
 * @hdr: set to the message header for liox_event_send()
 * @gfp: allocation flags
 *
 * The caller may add attributes (LIOX_ATTR_MESSAGE, a LIOX_ATTR_PAYLOAD
 * nest) and then calls liox_event_send(), or nlmsg_free() to give up.
 *
 * Return: the message, or NULL without memory.
 */
struct sk_buff *liox_event_new(const struct liox_capability *cap, u32 event,
			       const char *object, void **hdr, gfp_t gfp)
{
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_GOODSIZE, gfp);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, 0, 0, &liox_genl_family, 0, LIOX_CMD_EVENT);
	if (!*hdr ||
	    nla_put_u32(skb, LIOX_ATTR_EVENT, event) ||
	    nla_put_string(skb, LIOX_ATTR_CAPABILITY, cap ? cap->name : "core") ||
	    (object && nla_put_string(skb, LIOX_ATTR_OBJECT, object))) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}
EXPORT_SYMBOL_GPL(liox_event_new);

/**
 * liox_event_send() - multicast an event built with liox_event_new()
 * @skb: the event; consumed
 * @hdr: its header
 * @gfp: allocation flags
 *
 * Having no listener is not an error: events are best effort by design,
 * the state they announce can always be read back.
 */
void liox_event_send(struct sk_buff *skb, void *hdr, gfp_t gfp)
{
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&liox_genl_family, skb, 0, 0, gfp);
}
EXPORT_SYMBOL_GPL(liox_event_send);

/**
 * liox_event_notify() - send a simple event
 * @cap: the capability sending it, or NULL for the core
 * @event: enum liox_event
 * @object: name of the object concerned, or NULL
 * @message: human-readable text, or NULL
 * @gfp: allocation flags
 */
void liox_event_notify(const struct liox_capability *cap, u32 event,
		       const char *object, const char *message, gfp_t gfp)
{
	struct sk_buff *skb;
	void *hdr;

	skb = liox_event_new(cap, event, object, &hdr, gfp);
	if (!skb)
		return;
	if (message && nla_put_string(skb, LIOX_ATTR_MESSAGE, message)) {
		nlmsg_free(skb);
		return;
	}
	liox_event_send(skb, hdr, gfp);
}
EXPORT_SYMBOL_GPL(liox_event_notify);

int liox_genl_init(void)
{
	unsigned int i;

	liox_genl_ops[0] = (struct genl_ops) {
		.cmd	= LIOX_CMD_GET_VERSION,
		.doit	= liox_genl_get_version,
	};
	for (i = 0; i < LIOX_GENL_N_CAP_CMDS; i++) {
		liox_genl_ops[i + 1] = (struct genl_ops) {
			.cmd	= LIOX_CMD_CAP_FIRST + i,
			.doit	= liox_genl_dispatch_doit,
			.dumpit	= liox_genl_dispatch_dumpit,
		};
	}
	return genl_register_family(&liox_genl_family);
}

void liox_genl_exit(void)
{
	genl_unregister_family(&liox_genl_family);
}
