/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CRC32C (Castagnoli) as liox_ipmirror puts it on the wire and on disk:
 * the standard CRC-32C (initial value ~0, final inversion; the check value
 * of "123456789" is 0xe3069283), computed with the kernel's crc32c().
 * Data held in several pieces (bio pages) is summed with _update() calls
 * between LIOX_MIRROR_CRC_INIT and liox_mirror_crc_final().
 */
#ifndef _LIOX_MIRROR_CRC_H
#define _LIOX_MIRROR_CRC_H

#include <linux/types.h>
#include <linux/crc32c.h>

#define LIOX_MIRROR_CRC_INIT	0xffffffffU

static inline u32 liox_mirror_crc_update(u32 state, const void *p, u32 len)
{
	return crc32c(state, p, len);
}

static inline u32 liox_mirror_crc_final(u32 state)
{
	return ~state;
}

static inline u32 liox_mirror_crc(const void *p, u32 len)
{
	return liox_mirror_crc_final(liox_mirror_crc_update(LIOX_MIRROR_CRC_INIT,
							    p, len));
}

#endif /* _LIOX_MIRROR_CRC_H */
