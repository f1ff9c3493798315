// SPDX-License-Identifier: GPL-2.0
/*
 * liox_xcopy: the EXTENDED COPY engine. A livepatch replaces LIO's
 * target_do_xcopy() and target_do_receive_copy_results() for every
 * backstore with emulate_3pc=1 (Documentation/xcopy.rst says why), and
 * the capability "xcopy" hangs its tunables and counters under
 * /sys/kernel/config/liox/xcopy.
 *
 * Unload: echo 0 > /sys/kernel/livepatch/liox_xcopy/enabled, then rmmod;
 * copies still running are waited for.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/livepatch.h>
#include <linux/module.h>
#include <liox/attr.h>
#include <liox/core.h>
#include "xcopy_hosts.h"
#include "xcopy_internal.h"

#define LIOX_XCOPY_VERSION	"0.1.0"

struct liox_xcopy_config liox_xcopy_cfg = {
	.chunk_kb	= 1024,
	.depth		= 4,
};

struct liox_xcopy_stats liox_xcopy_stats;
struct workqueue_struct *liox_xcopy_wq;

static ssize_t liox_xcopy_chunk_kb_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(liox_xcopy_cfg.chunk_kb));
}

static ssize_t liox_xcopy_chunk_kb_store(struct config_item *item,
					 const char *page, size_t count)
{
	u32 val;

	/* multiples of 64 KiB keep every chunk whole blocks (<= 64 KiB) */
	if (liox_attr_parse_u32(page, count, 64, 16384, &val) || val % 64)
		return -EINVAL;
	WRITE_ONCE(liox_xcopy_cfg.chunk_kb, val);
	return count;
}

static ssize_t liox_xcopy_depth_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(liox_xcopy_cfg.depth));
}

static ssize_t liox_xcopy_depth_store(struct config_item *item,
				      const char *page, size_t count)
{
	u32 val;

	if (liox_attr_parse_u32(page, count, 1, 64, &val))
		return -EINVAL;
	WRITE_ONCE(liox_xcopy_cfg.depth, val);
	return count;
}

static ssize_t liox_xcopy_stat_show(char *page, atomic64_t *stat)
{
	return sysfs_emit(page, "%lld\n", atomic64_read(stat));
}

static ssize_t liox_xcopy_copies_show(struct config_item *item, char *page)
{
	return liox_xcopy_stat_show(page, &liox_xcopy_stats.copies);
}

static ssize_t liox_xcopy_bytes_show(struct config_item *item, char *page)
{
	return liox_xcopy_stat_show(page, &liox_xcopy_stats.bytes);
}

static ssize_t liox_xcopy_failures_show(struct config_item *item, char *page)
{
	return liox_xcopy_stat_show(page, &liox_xcopy_stats.failures);
}

static ssize_t liox_xcopy_refused_show(struct config_item *item, char *page)
{
	return liox_xcopy_stat_show(page, &liox_xcopy_stats.refused);
}

static ssize_t liox_xcopy_fallbacks_show(struct config_item *item, char *page)
{
	return liox_xcopy_stat_show(page, &liox_xcopy_stats.fallbacks);
}

static ssize_t liox_xcopy_active_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", liox_xcopy_active_count());
}

CONFIGFS_ATTR_RO(liox_xcopy_, copies);
CONFIGFS_ATTR_RO(liox_xcopy_, bytes);
CONFIGFS_ATTR_RO(liox_xcopy_, failures);
CONFIGFS_ATTR_RO(liox_xcopy_, refused);
CONFIGFS_ATTR_RO(liox_xcopy_, fallbacks);
CONFIGFS_ATTR_RO(liox_xcopy_, active);
CONFIGFS_ATTR(liox_xcopy_, chunk_kb);
CONFIGFS_ATTR(liox_xcopy_, depth);

static struct configfs_attribute *liox_xcopy_attrs[] = {
	&liox_xcopy_attr_chunk_kb,
	&liox_xcopy_attr_depth,
	&liox_xcopy_attr_copies,
	&liox_xcopy_attr_bytes,
	&liox_xcopy_attr_failures,
	&liox_xcopy_attr_refused,
	&liox_xcopy_attr_fallbacks,
	&liox_xcopy_attr_active,
	NULL,
};

static const struct config_item_type liox_xcopy_type = {
	.ct_attrs	= liox_xcopy_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct config_group liox_xcopy_group;

struct liox_capability liox_xcopy_cap = {
	.name	 = "xcopy",
	.version = LIOX_XCOPY_VERSION,
	.group	 = &liox_xcopy_group,
	.cmds	 = liox_xcopy_nl_cmds,
};

static struct klp_func liox_xcopy_funcs[] = {
	{
		.old_name = "target_do_xcopy",
		.new_func = liox_xcopy_start,
	}, {
		.old_name = "target_do_receive_copy_results",
		.new_func = liox_xcopy_rcr,
	}, { }
};

static struct klp_object liox_xcopy_objs[] = {
	{
		.name = "target_core_mod",
		.funcs = liox_xcopy_funcs,
	}, { }
};

static struct klp_patch liox_xcopy_patch = {
	.mod = THIS_MODULE,
	.objs = liox_xcopy_objs,
};

static int __init liox_xcopy_init(void)
{
	int ret;

	liox_xcopy_wq = alloc_workqueue("liox_xcopy", WQ_MEM_RECLAIM | WQ_UNBOUND,
					0);
	if (!liox_xcopy_wq)
		return -ENOMEM;
	liox_xcopy_pt_init();
	ret = liox_xcopy_hosts_init();
	if (ret)
		goto err_destroy_wq;
	config_group_init_type_name(&liox_xcopy_group, "xcopy",
				    &liox_xcopy_type);
	configfs_add_default_group(liox_xcopy_pg_init(), &liox_xcopy_group);
	liox_xcopy_cap.n_cmds = liox_xcopy_nl_n_cmds;
	ret = liox_capability_register(&liox_xcopy_cap);
	if (ret)
		goto err_hosts_exit;
	ret = klp_enable_patch(&liox_xcopy_patch);
	if (ret)
		goto err_unregister_cap;
	return 0;

err_unregister_cap:
	liox_capability_unregister(&liox_xcopy_cap);
err_hosts_exit:
	liox_xcopy_hosts_exit();
err_destroy_wq:
	destroy_workqueue(liox_xcopy_wq);
	return ret;
}

static void __exit liox_xcopy_exit(void)
{
	/* the patch is disabled (or rmmod would have been refused) */
	liox_xcopy_wait_idle();
	destroy_workqueue(liox_xcopy_wq);
	liox_xcopy_results_flush();
	liox_capability_unregister(&liox_xcopy_cap);
	liox_xcopy_hosts_exit();
}

module_init(liox_xcopy_init);
module_exit(liox_xcopy_exit);

MODULE_DESCRIPTION("liox EXTENDED COPY engine (livepatch of target_core_mod)");
MODULE_AUTHOR("liox developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(LIOX_XCOPY_VERSION);
MODULE_INFO(livepatch, "Y");
