// SPDX-License-Identifier: GPL-2.0
/*
 * liox_selftest: a minimal capability module the VM scenarios use to check
 * the core's contract from the outside - a configfs group under
 * /sys/kernel/config/liox, netlink commands dispatched by the core (do and
 * dump), events, and the shared ratelimited logging. Test-only: not
 * installed by "make install".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <liox/attr.h>
#include <liox/core.h>

static DEFINE_MUTEX(liox_selftest_lock);
static u32 liox_selftest_value = 1;
static char liox_selftest_name[LIOX_NAME_MAX] = "unnamed";
static struct sockaddr_storage liox_selftest_peer;
static struct liox_capability liox_selftest_cap;

static ssize_t liox_selftest_value_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(liox_selftest_value));
}

static ssize_t liox_selftest_value_store(struct config_item *item,
					 const char *page, size_t count)
{
	u32 val;

	if (liox_attr_parse_u32(page, count, 1, 100, &val))
		return -EINVAL;
	WRITE_ONCE(liox_selftest_value, val);
	return count;
}

static ssize_t liox_selftest_name_show(struct config_item *item, char *page)
{
	ssize_t len;

	mutex_lock(&liox_selftest_lock);
	len = sysfs_emit(page, "%s\n", liox_selftest_name);
	mutex_unlock(&liox_selftest_lock);
	return len;
}

static ssize_t liox_selftest_name_store(struct config_item *item,
					const char *page, size_t count)
{
	char name[LIOX_NAME_MAX];

	if (liox_attr_parse_name(page, count, name, sizeof(name)))
		return -EINVAL;
	mutex_lock(&liox_selftest_lock);
	strscpy(liox_selftest_name, name, sizeof(liox_selftest_name));
	mutex_unlock(&liox_selftest_lock);
	return count;
}

static ssize_t liox_selftest_peer_show(struct config_item *item, char *page)
{
	ssize_t len;

	mutex_lock(&liox_selftest_lock);
	if (liox_selftest_peer.ss_family == AF_INET6)
		len = sysfs_emit(page, "%pISpc\n", &liox_selftest_peer);
	else if (liox_selftest_peer.ss_family == AF_INET)
		len = sysfs_emit(page, "%pISp\n", &liox_selftest_peer);
	else
		len = sysfs_emit(page, "\n");
	mutex_unlock(&liox_selftest_lock);
	return len;
}

static ssize_t liox_selftest_peer_store(struct config_item *item,
					const char *page, size_t count)
{
	struct sockaddr_storage ss;

	if (liox_attr_parse_inet(page, count, &ss))
		return -EINVAL;
	mutex_lock(&liox_selftest_lock);
	liox_selftest_peer = ss;
	mutex_unlock(&liox_selftest_lock);
	return count;
}

/* Writing N logs N ratelimited lines from one call site. */
static ssize_t liox_selftest_log_store(struct config_item *item,
				       const char *page, size_t count)
{
	u32 i, n;

	if (liox_attr_parse_u32(page, count, 1, 10000, &n))
		return -EINVAL;
	for (i = 0; i < n; i++)
		liox_info_ratelimited("ratelimited line %u of %u\n", i + 1, n);
	return count;
}

/*
 * Writing 1 triggers a kernel warning: the harness self-check uses it to
 * prove that a WARN fails a VM run.
 */
static ssize_t liox_selftest_trigger_warn_store(struct config_item *item,
						const char *page, size_t count)
{
	bool warn;

	if (liox_attr_parse_bool(page, count, &warn))
		return -EINVAL;
	WARN(warn, "liox_selftest: warning requested through configfs\n");
	return count;
}

CONFIGFS_ATTR(liox_selftest_, value);
CONFIGFS_ATTR(liox_selftest_, name);
CONFIGFS_ATTR(liox_selftest_, peer);
CONFIGFS_ATTR_WO(liox_selftest_, log);
CONFIGFS_ATTR_WO(liox_selftest_, trigger_warn);

static struct configfs_attribute *liox_selftest_attrs[] = {
	&liox_selftest_attr_value,
	&liox_selftest_attr_name,
	&liox_selftest_attr_peer,
	&liox_selftest_attr_log,
	&liox_selftest_attr_trigger_warn,
	NULL,
};

static const struct config_item_type liox_selftest_type = {
	.ct_attrs	= liox_selftest_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct config_group liox_selftest_group;

/* Echo LIOX_ATTR_OBJECT back and send it as an event too. */
static int liox_selftest_echo_doit(struct sk_buff *skb, struct genl_info *info)
{
	const char *object;
	struct sk_buff *msg;
	void *hdr;

	if (!info->attrs[LIOX_ATTR_OBJECT])
		return -EINVAL;
	object = nla_data(info->attrs[LIOX_ATTR_OBJECT]);

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = liox_genl_reply_put(msg, info);
	if (!hdr || nla_put_string(msg, LIOX_ATTR_OBJECT, object)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	liox_event_notify(&liox_selftest_cap, LIOX_EVENT_SELFTEST, object,
			  "echo", GFP_KERNEL);
	return genlmsg_reply(msg, info);
}

/* Dump "value" objects named obj-1..obj-<value>, resuming from cb->args. */
static int liox_selftest_echo_dumpit(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	u32 n = READ_ONCE(liox_selftest_value);
	char name[LIOX_NAME_MAX];
	void *hdr;

	for (; cb->args[0] < n; cb->args[0]++) {
		hdr = liox_genl_dump_put(skb, cb);
		if (!hdr)
			break;
		snprintf(name, sizeof(name), "obj-%lu", cb->args[0] + 1);
		if (nla_put_string(skb, LIOX_ATTR_OBJECT, name)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	return skb->len;
}

static const struct liox_genl_cmd liox_selftest_cmds[] = {
	{
		.cmd	= LIOX_CMD_SELFTEST_ECHO,
		.admin	= true,
		.doit	= liox_selftest_echo_doit,
		.dumpit	= liox_selftest_echo_dumpit,
	},
};

static struct liox_capability liox_selftest_cap = {
	.name	 = "selftest",
	.version = LIOX_CORE_VERSION,
	.group	 = &liox_selftest_group,
	.cmds	 = liox_selftest_cmds,
	.n_cmds	 = ARRAY_SIZE(liox_selftest_cmds),
};

static int __init liox_selftest_init(void)
{
	config_group_init_type_name(&liox_selftest_group, "selftest",
				    &liox_selftest_type);
	return liox_capability_register(&liox_selftest_cap);
}

static void __exit liox_selftest_exit(void)
{
	liox_capability_unregister(&liox_selftest_cap);
}

module_init(liox_selftest_init);
module_exit(liox_selftest_exit);

MODULE_DESCRIPTION("liox core self-test capability (tests only)");
MODULE_AUTHOR("liox developers");
MODULE_LICENSE("GPL");
