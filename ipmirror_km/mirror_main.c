// SPDX-License-Identifier: GPL-2.0
/*
 * liox_ipmirror: block devices mirrored to a peer node over IP
 * (capability 2; Documentation/ipmirror.rst). This is the local half:
 * mirrors in configfs under /sys/kernel/config/liox/mirrors, the block
 * device /dev/liox/<name> over a backing device, the persistent dirty
 * bitmap with write intent, and a netlink status dump. The network half
 * (connections, heartbeats, resync) hooks in through mirror_net.c.
 *
 * While a mirror directory exists the module cannot be unloaded.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include "mirror_internal.h"

#define LIOX_MIRROR_BIO_POOL	64	/* clones guaranteed without reclaim */

struct workqueue_struct *liox_mirror_wq;
/* the senders of the data connections: unbound, they spread over CPUs */
struct workqueue_struct *liox_mirror_tx_wq;
/* the clones of every mirror's bios, with struct liox_mirror_io */
struct bio_set liox_mirror_bs;

struct liox_capability liox_mirror_cap = {
	.name	 = "ipmirror",
	.version = LIOX_MIRROR_VERSION,
	.cmds	 = liox_mirror_nl_cmds,
};

static int __init liox_mirror_init(void)
{
	int ret;

	/* metadata writes are on the write path: they must make progress */
	liox_mirror_wq = alloc_workqueue("liox_mirror", WQ_MEM_RECLAIM, 0);
	if (!liox_mirror_wq)
		return -ENOMEM;
	liox_mirror_tx_wq = alloc_workqueue("liox_mirror_tx",
					    WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
	if (!liox_mirror_tx_wq) {
		ret = -ENOMEM;
		goto err_destroy_wq;
	}
	ret = bioset_init(&liox_mirror_bs, LIOX_MIRROR_BIO_POOL,
			  offsetof(struct liox_mirror_io, clone), 0);
	if (ret)
		goto err_destroy_tx_wq;
	liox_mirror_cap.group = liox_mirror_cfs_init();
	liox_mirror_cap.n_cmds = liox_mirror_nl_n_cmds;
	ret = liox_capability_register(&liox_mirror_cap);
	if (ret)
		goto err_exit_bioset;
	return 0;

err_exit_bioset:
	bioset_exit(&liox_mirror_bs);
err_destroy_tx_wq:
	destroy_workqueue(liox_mirror_tx_wq);
err_destroy_wq:
	destroy_workqueue(liox_mirror_wq);
	return ret;
}

static void __exit liox_mirror_exit(void)
{
	/* no mirror is left: each pins the module */
	liox_capability_unregister(&liox_mirror_cap);
	bioset_exit(&liox_mirror_bs);
	destroy_workqueue(liox_mirror_tx_wq);
	destroy_workqueue(liox_mirror_wq);
}

module_init(liox_mirror_init);
module_exit(liox_mirror_exit);

MODULE_DESCRIPTION("liox IP mirroring of block devices");
MODULE_AUTHOR("liox developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(LIOX_MIRROR_VERSION);
MODULE_SOFTDEP("pre: crc32c");
