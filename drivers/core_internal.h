/* SPDX-License-Identifier: GPL-2.0 */
/* Declarations shared by the files of liox_core.ko only. */
#ifndef _LIOX_CORE_INTERNAL_H
#define _LIOX_CORE_INTERNAL_H

#include <liox/core.h>

/* capability.c */
extern struct rw_semaphore liox_caps_rwsem;
extern struct list_head liox_caps;
const struct liox_genl_cmd *liox_capability_find_cmd(u8 cmd);

/* configfs.c */
int liox_configfs_init(void);
void liox_configfs_exit(void);
int liox_configfs_add(struct config_group *group);
void liox_configfs_remove(struct config_group *group);

/* netlink.c */
int liox_genl_init(void);
void liox_genl_exit(void);

/* log.c */
u32 liox_log_interval_ms_get(void);
u32 liox_log_burst_get(void);
void liox_log_interval_ms_set(u32 ms);
void liox_log_burst_set(u32 burst);

#define LIOX_LOG_INTERVAL_MS_MAX	3600000U
#define LIOX_LOG_BURST_MAX		10000U

#endif /* _LIOX_CORE_INTERNAL_H */
