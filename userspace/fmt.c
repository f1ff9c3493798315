// SPDX-License-Identifier: GPL-2.0
/*
 * lioxctl: sizes for humans and JSON objects from netlink attributes,
 * shared by the status commands.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include "lioxctl.h"

/* "12.0 MiB", or "512 B" below 1 KiB. */
const char *lioxctl_fmt_size(char *buf, size_t len, uint64_t v)
{
	static const char *const units[] = {
		"KiB", "MiB", "GiB", "TiB", "PiB", "EiB",
	};
	double d = v;
	int i = -1;

	if (v < 1024) {
		snprintf(buf, len, "%" PRIu64 " B", v);
		return buf;
	}
	/* 1023.96 KiB would print as "1024.0 KiB": go one unit up */
	while (d >= 1023.95 && i < 5) {
		d /= 1024;
		i++;
	}
	snprintf(buf, len, "%.1f %s", d, units[i]);
	return buf;
}

/* "48.0 MiB (50331648 bytes)", or "512 B". */
const char *lioxctl_fmt_bytes(char *buf, size_t len, uint64_t v)
{
	char h[32];

	if (v < 1024)
		return lioxctl_fmt_size(buf, len, v);
	snprintf(buf, len, "%s (%" PRIu64 " bytes)",
		 lioxctl_fmt_size(h, sizeof(h), v), v);
	return buf;
}

/**
 * lioxctl_fields_object() - a JSON object from parsed netlink attributes
 * @tb: the attribute table, already parsed with the caller's policy
 * @f: the fields, in the order of the JSON members
 * @n: the number of fields
 *
 * One member per field, named @f->key: a string for NLA_STRING, an integer
 * for NLA_U32 and NLA_U64 (clamped to INT64_MAX), 16 hex digits for
 * LIOXCTL_HEX64, true or false for LIOXCTL_BOOL. An optional attribute the
 * kernel left out becomes null, so objects of one kind always have the
 * same keys.
 *
 * Return: a new object, or NULL when a required attribute is missing.
 */
struct json_object *lioxctl_fields_object(struct nlattr **tb,
					  const struct lioxctl_field *f,
					  size_t n)
{
	struct json_object *obj = json_object_new_object();
	char hex[24];

	for (; n; n--, f++) {
		struct nlattr *a = tb[f->attr];
		struct json_object *v = NULL;
		uint64_t u;

		if (!a && !f->optional) {
			json_object_put(obj);
			return NULL;
		}
		if (!a) {
			/* null */
		} else if (f->type == NLA_STRING) {
			v = json_object_new_string(nla_get_string(a));
		} else if (f->type == LIOXCTL_HEX64) {
			snprintf(hex, sizeof(hex), "%016" PRIx64,
				 (uint64_t)nla_get_u64(a));
			v = json_object_new_string(hex);
		} else if (f->type == LIOXCTL_BOOL) {
			v = json_object_new_boolean(nla_get_u8(a) != 0);
		} else {
			if (f->type == NLA_U64)
				u = nla_get_u64(a);
			else
				u = nla_get_u32(a);
			/* JSON integers are int64: no counter gets there */
			if (u > INT64_MAX)
				u = INT64_MAX;
			v = json_object_new_int64((int64_t)u);
		}
		json_object_object_add(obj, f->key, v);
	}
	return obj;
}
