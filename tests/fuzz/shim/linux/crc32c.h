/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's crc32c() (libcrc32c: no pre- or post-inversion), in software. */
#ifndef LIOX_SHIM_CRC32C_H
#define LIOX_SHIM_CRC32C_H
#include <linux/types.h>

static inline u32 crc32c(u32 crc, const void *address, unsigned int length)
{
	static u32 table[256];
	const u8 *p = address;
	unsigned int i, k;

	if (!table[1]) {
		for (i = 0; i < 256; i++) {
			u32 c = i;

			for (k = 0; k < 8; k++)
				c = c & 1 ? (c >> 1) ^ 0x82f63b78U : c >> 1;
			table[i] = c;
		}
	}
	while (length--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return crc;
}
#endif
