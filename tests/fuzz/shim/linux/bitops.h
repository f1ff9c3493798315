/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LIOX_SHIM_BITOPS_H
#define LIOX_SHIM_BITOPS_H
#include <linux/types.h>
#define hweight64(w) ((unsigned int)__builtin_popcountll(w))

static inline unsigned long __ffs64(u64 word)
{
	return __builtin_ctzll(word);
}
#endif
