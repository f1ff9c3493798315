// SPDX-License-Identifier: GPL-2.0
/*
 * Registry of capability modules. A capability brings a configfs group and
 * generic netlink commands; registering makes both visible at once and
 * announces it on the events group, unregistering withdraws both and waits
 * for any of its netlink handlers still running.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/rwsem.h>
#include "core_internal.h"

DECLARE_RWSEM(liox_caps_rwsem);
LIST_HEAD(liox_caps);

/* Caller holds liox_caps_rwsem. */
const struct liox_genl_cmd *liox_capability_find_cmd(u8 cmd)
{
	const struct liox_capability *cap;
	unsigned int i;

	list_for_each_entry(cap, &liox_caps, node) {
		for (i = 0; i < cap->n_cmds; i++) {
			if (cap->cmds[i].cmd == cmd)
				return &cap->cmds[i];
		}
	}
	return NULL;
}

static int liox_capability_check(const struct liox_capability *cap)
{
	const struct liox_capability *other;
	unsigned int i;

	if (!cap->name || !cap->version)
		return -EINVAL;
	for (i = 0; i < cap->n_cmds; i++) {
		const struct liox_genl_cmd *c = &cap->cmds[i];

		if (c->cmd < LIOX_CMD_CAP_FIRST || c->cmd > LIOX_CMD_CAP_LAST ||
		    (!c->doit && !c->dumpit))
			return -EINVAL;
		if (liox_capability_find_cmd(c->cmd))
			return -EBUSY;
	}
	list_for_each_entry(other, &liox_caps, node) {
		if (!strcmp(other->name, cap->name))
			return -EEXIST;
	}
	return 0;
}

/**
 * liox_capability_register() - make a capability's objects visible
 * @cap: the capability; must stay valid until unregistered
 *
 * Return: 0, -EEXIST for a name already registered, -EBUSY for a command
 * number another capability serves, -EINVAL for a malformed @cap, or the
 * error of configfs.
 */
int liox_capability_register(struct liox_capability *cap)
{
	int ret;

	down_write(&liox_caps_rwsem);
	ret = liox_capability_check(cap);
	if (ret)
		goto out_unlock;
	if (cap->group) {
		ret = liox_configfs_add(cap->group);
		if (ret)
			goto out_unlock;
	}
	list_add_tail(&cap->node, &liox_caps);
out_unlock:
	up_write(&liox_caps_rwsem);
	if (ret) {
		pr_err("capability %s not registered: %d\n",
		       cap->name ?: "(null)", ret);
		return ret;
	}
	pr_info("capability %s %s registered\n", cap->name, cap->version);
	liox_event_notify(cap, LIOX_EVENT_CAP_ADDED, NULL, cap->version,
			  GFP_KERNEL);
	return 0;
}
EXPORT_SYMBOL_GPL(liox_capability_register);

/**
 * liox_capability_unregister() - withdraw a capability's objects
 * @cap: a registered capability
 *
 * On return no netlink handler of @cap runs or will run, and its configfs
 * group is gone.
 */
void liox_capability_unregister(struct liox_capability *cap)
{
	down_write(&liox_caps_rwsem);
	list_del(&cap->node);
	up_write(&liox_caps_rwsem);
	if (cap->group)
		liox_configfs_remove(cap->group);
	pr_info("capability %s unregistered\n", cap->name);
	liox_event_notify(cap, LIOX_EVENT_CAP_REMOVED, NULL, NULL, GFP_KERNEL);
}
EXPORT_SYMBOL_GPL(liox_capability_unregister);
