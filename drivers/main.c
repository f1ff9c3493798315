// SPDX-License-Identifier: GPL-2.0
/*
 * liox_core: the shared core of liox. Owns /sys/kernel/config/liox and the
 * "liox" generic netlink family; capability modules register with it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "core_internal.h"

static int __init liox_core_init(void)
{
	int ret;

	ret = liox_genl_init();
	if (ret)
		return ret;
	ret = liox_configfs_init();
	if (ret)
		goto err_unregister_genl;
	pr_info("version %s, netlink protocol %u\n", LIOX_CORE_VERSION,
		LIOX_GENL_VERSION);
	return 0;

err_unregister_genl:
	liox_genl_exit();
	return ret;
}

static void __exit liox_core_exit(void)
{
	/* Capability modules depend on us: none is registered any more. */
	liox_configfs_exit();
	liox_genl_exit();
}

module_init(liox_core_init);
module_exit(liox_core_exit);

MODULE_DESCRIPTION("liox shared core: configfs root, generic netlink family, events");
MODULE_AUTHOR("liox developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(LIOX_CORE_VERSION);
