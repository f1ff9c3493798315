/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Object names of liox (configfs values, port group names in E-Copy
 * parameter lists): 1..LIOX_NAME_MAX-1 characters of [A-Za-z0-9._:-], not
 * starting with '.' or '-'. Pure logic, shared with user-space fuzzers.
 */
#ifndef _LIOX_NAME_H
#define _LIOX_NAME_H

#include <linux/types.h>

bool liox_name_valid(const char *name, size_t len);

#endif /* _LIOX_NAME_H */
