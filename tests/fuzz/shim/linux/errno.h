/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's errno values, as the C library also uses them. */
#include <asm/errno.h>
