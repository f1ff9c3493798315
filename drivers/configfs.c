// SPDX-License-Identifier: GPL-2.0
/*
 * The configfs root of liox: /sys/kernel/config/liox. Holds the core's
 * own attributes and the groups capability modules register.
 * Documentation/configfs.rst lists every attribute.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <liox/attr.h>
#include "core_internal.h"

static ssize_t liox_root_version_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s %u\n", LIOX_CORE_VERSION,
			  LIOX_GENL_VERSION);
}

static ssize_t liox_root_capabilities_show(struct config_item *item,
					   char *page)
{
	const struct liox_capability *cap;
	ssize_t len = 0;

	down_read(&liox_caps_rwsem);
	list_for_each_entry(cap, &liox_caps, node)
		len += sysfs_emit_at(page, len, "%s %s\n", cap->name,
				     cap->version);
	up_read(&liox_caps_rwsem);
	return len;
}

static ssize_t
liox_root_log_ratelimit_interval_ms_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", liox_log_interval_ms_get());
}

static ssize_t
liox_root_log_ratelimit_interval_ms_store(struct config_item *item,
					  const char *page, size_t count)
{
	u32 val;

	if (liox_attr_parse_u32(page, count, 0, LIOX_LOG_INTERVAL_MS_MAX, &val))
		return -EINVAL;
	liox_log_interval_ms_set(val);
	return count;
}

static ssize_t liox_root_log_ratelimit_burst_show(struct config_item *item,
						  char *page)
{
	return sysfs_emit(page, "%u\n", liox_log_burst_get());
}

static ssize_t liox_root_log_ratelimit_burst_store(struct config_item *item,
						   const char *page,
						   size_t count)
{
	u32 val;

	if (liox_attr_parse_u32(page, count, 1, LIOX_LOG_BURST_MAX, &val))
		return -EINVAL;
	liox_log_burst_set(val);
	return count;
}

CONFIGFS_ATTR_RO(liox_root_, version);
CONFIGFS_ATTR_RO(liox_root_, capabilities);
CONFIGFS_ATTR(liox_root_, log_ratelimit_interval_ms);
CONFIGFS_ATTR(liox_root_, log_ratelimit_burst);

static struct configfs_attribute *liox_root_attrs[] = {
	&liox_root_attr_version,
	&liox_root_attr_capabilities,
	&liox_root_attr_log_ratelimit_interval_ms,
	&liox_root_attr_log_ratelimit_burst,
	NULL,
};

static const struct config_item_type liox_root_type = {
	.ct_attrs	= liox_root_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct configfs_subsystem liox_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf	= "liox",
			.ci_type	= &liox_root_type,
		},
	},
};

int liox_configfs_add(struct config_group *group)
{
	return configfs_register_group(&liox_subsys.su_group, group);
}

void liox_configfs_remove(struct config_group *group)
{
	configfs_unregister_group(group);
}

int liox_configfs_init(void)
{
	config_group_init(&liox_subsys.su_group);
	mutex_init(&liox_subsys.su_mutex);
	return configfs_register_subsystem(&liox_subsys);
}

void liox_configfs_exit(void)
{
	configfs_unregister_subsystem(&liox_subsys);
}
