/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LIOX_SHIM_BITS_H
#define LIOX_SHIM_BITS_H
#define BIT(nr)		(1UL << (nr))
#define BIT_ULL(nr)	(1ULL << (nr))
#endif
