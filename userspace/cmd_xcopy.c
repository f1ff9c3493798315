// SPDX-License-Identifier: GPL-2.0
/*
 * lioxctl xcopy status: the counters of liox_xcopy's copy engine, its port
 * groups with their target and initiator ports, and the copies in flight,
 * from the LIOX_CMD_XCOPY_STATUS dump (include/uapi/liox_xcopy.h).
 *
 * The replies are collected into one JSON object first; --json prints it
 * as is, the human output is printed from it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lioxctl.h"
#include "nl.h"
#include "../include/uapi/liox_xcopy.h"

static const struct nla_policy lioxctl_xcopy_policy[LIOX_XCOPY_A_MAX + 1] = {
	[LIOX_XCOPY_A_TOTALS]		= { .type = NLA_NESTED },
	[LIOX_XCOPY_A_PORT_GROUP]	= { .type = NLA_NESTED },
	[LIOX_XCOPY_A_TARGET_PORT]	= { .type = NLA_NESTED },
	[LIOX_XCOPY_A_INITIATOR_PORT]	= { .type = NLA_NESTED },
	[LIOX_XCOPY_A_COPY]		= { .type = NLA_NESTED },
	[LIOX_XCOPY_A_NAME]		= { .type = NLA_STRING },
	[LIOX_XCOPY_A_FABRIC]		= { .type = NLA_STRING },
	[LIOX_XCOPY_A_WWN]		= { .type = NLA_STRING },
	[LIOX_XCOPY_A_TPGT]		= { .type = NLA_U32 },
	[LIOX_XCOPY_A_HOST]		= { .type = NLA_U32 },
	[LIOX_XCOPY_A_COPIES]		= { .type = NLA_U64 },
	[LIOX_XCOPY_A_BYTES]		= { .type = NLA_U64 },
	[LIOX_XCOPY_A_FAILURES]		= { .type = NLA_U64 },
	[LIOX_XCOPY_A_FALLBACKS]	= { .type = NLA_U64 },
	[LIOX_XCOPY_A_REFUSED]		= { .type = NLA_U64 },
	[LIOX_XCOPY_A_ACTIVE]		= { .type = NLA_U32 },
	[LIOX_XCOPY_A_CHUNK_KB]		= { .type = NLA_U32 },
	[LIOX_XCOPY_A_DEPTH]		= { .type = NLA_U32 },
	[LIOX_XCOPY_A_LIST_ID]		= { .type = NLA_U32 },
	[LIOX_XCOPY_A_INITIATOR]	= { .type = NLA_STRING },
	[LIOX_XCOPY_A_SEGS_DONE]	= { .type = NLA_U32 },
	[LIOX_XCOPY_A_SEGS]		= { .type = NLA_U32 },
	[LIOX_XCOPY_A_BYTES_DONE]	= { .type = NLA_U64 },
	[LIOX_XCOPY_A_BYTES_TOTAL]	= { .type = NLA_U64 },
	[LIOX_XCOPY_A_PORT]		= { .type = NLA_STRING },
	[LIOX_XCOPY_A_STABLE_NAME]	= { .type = NLA_STRING },
};

/*
 * One JSON member per attribute; the key is the attribute's name without
 * LIOX_XCOPY_A_, lower-cased. Optional attributes the kernel left out
 * become null, so every object always has the same keys.
 */
#define LIOXCTL_XCOPY_FIELD(a, k, t) \
	{ LIOX_XCOPY_A_##a, k, NLA_##t, false }
#define LIOXCTL_XCOPY_OPTIONAL(a, k, t) \
	{ LIOX_XCOPY_A_##a, k, NLA_##t, true }

static const struct lioxctl_field lioxctl_xcopy_totals[] = {
	LIOXCTL_XCOPY_FIELD(COPIES, "copies", U64),
	LIOXCTL_XCOPY_FIELD(BYTES, "bytes", U64),
	LIOXCTL_XCOPY_FIELD(FAILURES, "failures", U64),
	LIOXCTL_XCOPY_FIELD(FALLBACKS, "fallbacks", U64),
	LIOXCTL_XCOPY_FIELD(REFUSED, "refused", U64),
	LIOXCTL_XCOPY_FIELD(ACTIVE, "active", U32),
	LIOXCTL_XCOPY_FIELD(CHUNK_KB, "chunk_kb", U32),
	LIOXCTL_XCOPY_FIELD(DEPTH, "depth", U32),
};

static const struct lioxctl_field lioxctl_xcopy_port_group[] = {
	LIOXCTL_XCOPY_FIELD(NAME, "name", STRING),
	LIOXCTL_XCOPY_FIELD(COPIES, "copies", U64),
	LIOXCTL_XCOPY_FIELD(BYTES, "bytes", U64),
	LIOXCTL_XCOPY_FIELD(FAILURES, "failures", U64),
	LIOXCTL_XCOPY_FIELD(FALLBACKS, "fallbacks", U64),
};

static const struct lioxctl_field lioxctl_xcopy_target_port[] = {
	LIOXCTL_XCOPY_FIELD(NAME, "name", STRING),
	LIOXCTL_XCOPY_OPTIONAL(FABRIC, "fabric", STRING),
	LIOXCTL_XCOPY_OPTIONAL(WWN, "wwn", STRING),
	LIOXCTL_XCOPY_OPTIONAL(TPGT, "tpgt", U32),
};

static const struct lioxctl_field lioxctl_xcopy_initiator_port[] = {
	LIOXCTL_XCOPY_FIELD(NAME, "name", STRING),
	LIOXCTL_XCOPY_OPTIONAL(HOST, "host", U32),
	LIOXCTL_XCOPY_OPTIONAL(STABLE_NAME, "stable_name", STRING),
	LIOXCTL_XCOPY_FIELD(COPIES, "copies", U64),
	LIOXCTL_XCOPY_FIELD(BYTES, "bytes", U64),
	LIOXCTL_XCOPY_FIELD(FAILURES, "failures", U64),
	LIOXCTL_XCOPY_FIELD(FALLBACKS, "fallbacks", U64),
};

static const struct lioxctl_field lioxctl_xcopy_copy[] = {
	LIOXCTL_XCOPY_FIELD(LIST_ID, "list_id", U32),
	LIOXCTL_XCOPY_FIELD(INITIATOR, "initiator", STRING),
	LIOXCTL_XCOPY_FIELD(SEGS_DONE, "segs_done", U32),
	LIOXCTL_XCOPY_FIELD(SEGS, "segs", U32),
	LIOXCTL_XCOPY_FIELD(BYTES_DONE, "bytes_done", U64),
	LIOXCTL_XCOPY_FIELD(BYTES_TOTAL, "bytes_total", U64),
	LIOXCTL_XCOPY_OPTIONAL(NAME, "name", STRING),
	LIOXCTL_XCOPY_OPTIONAL(PORT, "port", STRING),
};

struct lioxctl_xcopy {
	struct json_object *totals;	/* NULL until the kernel sent them */
	struct json_object *port_groups;
	struct json_object *copies;
};

/* Parse nest and return a new object with its fields, or NULL. */
static struct json_object *
lioxctl_xcopy_object(struct nlattr *nest, const struct lioxctl_field *f,
		     size_t n)
{
	struct nlattr *tb[LIOX_XCOPY_A_MAX + 1];

	if (liox_nl_parse_nest(tb, LIOX_XCOPY_A_MAX, nest,
			       lioxctl_xcopy_policy))
		return NULL;
	return lioxctl_fields_object(tb, f, n);
}

static int lioxctl_xcopy_port_group_parse(struct lioxctl_xcopy *x,
					  struct nlattr *nest)
{
	struct json_object *pg, *tps, *ips, *one;
	struct nlattr *a;
	int rem;

	pg = lioxctl_xcopy_object(nest, lioxctl_xcopy_port_group,
				  LIOXCTL_ARRAY_SIZE(lioxctl_xcopy_port_group));
	if (!pg)
		return -EBADMSG;
	tps = json_object_new_array();
	ips = json_object_new_array();
	json_object_object_add(pg, "target_ports", tps);
	json_object_object_add(pg, "initiator_ports", ips);
	json_object_array_add(x->port_groups, pg);

	/* the ports repeat (a table keeps only the last): walk the nest */
	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case LIOX_XCOPY_A_TARGET_PORT:
			one = lioxctl_xcopy_object(a, lioxctl_xcopy_target_port,
				LIOXCTL_ARRAY_SIZE(lioxctl_xcopy_target_port));
			if (!one)
				return -EBADMSG;
			json_object_array_add(tps, one);
			break;
		case LIOX_XCOPY_A_INITIATOR_PORT:
			one = lioxctl_xcopy_object(a,
				lioxctl_xcopy_initiator_port,
				LIOXCTL_ARRAY_SIZE(
					lioxctl_xcopy_initiator_port));
			if (!one)
				return -EBADMSG;
			json_object_array_add(ips, one);
			break;
		}
	}
	return 0;
}

/* One message of the dump: a payload with totals, a port group or a copy. */
static int lioxctl_xcopy_parse(struct nlattr **tb, void *arg)
{
	struct lioxctl_xcopy *x = arg;
	struct nlattr *ptb[LIOX_XCOPY_A_MAX + 1];
	struct json_object *one;
	int ret;

	if (!tb[LIOX_ATTR_PAYLOAD] ||
	    liox_nl_parse_nest(ptb, LIOX_XCOPY_A_MAX, tb[LIOX_ATTR_PAYLOAD],
			       lioxctl_xcopy_policy))
		return -EBADMSG;
	if (ptb[LIOX_XCOPY_A_TOTALS]) {
		if (x->totals)
			return -EBADMSG;
		x->totals = lioxctl_xcopy_object(ptb[LIOX_XCOPY_A_TOTALS],
				lioxctl_xcopy_totals,
				LIOXCTL_ARRAY_SIZE(lioxctl_xcopy_totals));
		if (!x->totals)
			return -EBADMSG;
	}
	if (ptb[LIOX_XCOPY_A_PORT_GROUP]) {
		ret = lioxctl_xcopy_port_group_parse(x,
					ptb[LIOX_XCOPY_A_PORT_GROUP]);
		if (ret)
			return ret;
	}
	if (ptb[LIOX_XCOPY_A_COPY]) {
		one = lioxctl_xcopy_object(ptb[LIOX_XCOPY_A_COPY],
				lioxctl_xcopy_copy,
				LIOXCTL_ARRAY_SIZE(lioxctl_xcopy_copy));
		if (!one)
			return -EBADMSG;
		json_object_array_add(x->copies, one);
	}
	return 0;
}

/* --- human output -------------------------------------------------------- */

static struct json_object *lioxctl_xcopy_get(struct json_object *o,
					     const char *key)
{
	struct json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

static uint64_t lioxctl_xcopy_u64(struct json_object *o, const char *key)
{
	return (uint64_t)json_object_get_int64(lioxctl_xcopy_get(o, key));
}

static const char *lioxctl_xcopy_str(struct json_object *o, const char *key)
{
	return json_object_get_string(lioxctl_xcopy_get(o, key));
}

/* copies, bytes, failures, fallbacks: one a line, indented */
static void lioxctl_xcopy_print_counters(struct json_object *o)
{
	char buf[64];

	printf("  copies: %" PRIu64 "\n", lioxctl_xcopy_u64(o, "copies"));
	printf("  bytes: %s\n", lioxctl_fmt_bytes(buf, sizeof(buf),
			lioxctl_xcopy_u64(o, "bytes")));
	printf("  failures: %" PRIu64 "\n", lioxctl_xcopy_u64(o, "failures"));
	printf("  fallbacks: %" PRIu64 "\n",
	       lioxctl_xcopy_u64(o, "fallbacks"));
}

static void lioxctl_xcopy_print_target_port(struct json_object *tp)
{
	const char *fabric = lioxctl_xcopy_str(tp, "fabric");
	const char *wwn = lioxctl_xcopy_str(tp, "wwn");
	struct json_object *tpgt = lioxctl_xcopy_get(tp, "tpgt");

	printf("  target port %s: ", lioxctl_xcopy_str(tp, "name"));
	if (!fabric && !wwn && !tpgt) {
		printf("not configured\n");
		return;
	}
	printf("%s %s,tpgt ", fabric ?: "?", wwn ?: "?");
	if (tpgt)
		printf("%" PRId64 "\n", json_object_get_int64(tpgt));
	else
		printf("?\n");
}

static void lioxctl_xcopy_print_initiator_port(struct json_object *ip)
{
	struct json_object *host = lioxctl_xcopy_get(ip, "host");
	struct json_object *stable = lioxctl_xcopy_get(ip, "stable_name");
	char buf[64];

	printf("  initiator port %s: ", lioxctl_xcopy_str(ip, "name"));
	if (stable)
		printf("%s", json_object_get_string(stable));
	else if (host)
		printf("host %" PRId64, json_object_get_int64(host));
	else
		printf("host -");
	printf("  copies %" PRIu64 "  bytes %s  failures %" PRIu64
	       "  fallbacks %" PRIu64 "\n",
	       lioxctl_xcopy_u64(ip, "copies"),
	       lioxctl_fmt_bytes(buf, sizeof(buf),
				   lioxctl_xcopy_u64(ip, "bytes")),
	       lioxctl_xcopy_u64(ip, "failures"),
	       lioxctl_xcopy_u64(ip, "fallbacks"));
}

static void lioxctl_xcopy_print_copy(struct json_object *c)
{
	uint64_t done = lioxctl_xcopy_u64(c, "bytes_done");
	uint64_t total = lioxctl_xcopy_u64(c, "bytes_total");
	const char *pg = lioxctl_xcopy_str(c, "name");
	const char *port = lioxctl_xcopy_str(c, "port");
	char d[32], t[32];

	printf("copy list %" PRIu64 " from %s: %" PRIu64 "/%" PRIu64
	       " segments, %s of %s",
	       lioxctl_xcopy_u64(c, "list_id"),
	       lioxctl_xcopy_str(c, "initiator"),
	       lioxctl_xcopy_u64(c, "segs_done"), lioxctl_xcopy_u64(c, "segs"),
	       lioxctl_fmt_size(d, sizeof(d), done),
	       lioxctl_fmt_size(t, sizeof(t), total));
	/* rounded down: 100% only when every byte is there */
	if (total)
		printf(" (%u%%)", (unsigned int)((long double)done * 100 /
						 total));
	if (pg && port)
		printf(" via %s/%s", pg, port);
	else if (pg)
		printf(" via %s", pg);
	else if (port)
		printf(" via port %s", port);
	printf("\n");
}

static void lioxctl_xcopy_print(const struct lioxctl_xcopy *x)
{
	struct json_object *t = x->totals;
	size_t i, j, n;
	char buf[64];

	printf("xcopy:\n");
	printf("  copies: %" PRIu64 "\n", lioxctl_xcopy_u64(t, "copies"));
	printf("  bytes: %s\n", lioxctl_fmt_bytes(buf, sizeof(buf),
			lioxctl_xcopy_u64(t, "bytes")));
	printf("  failures: %" PRIu64 "\n", lioxctl_xcopy_u64(t, "failures"));
	printf("  fallbacks: %" PRIu64 "\n",
	       lioxctl_xcopy_u64(t, "fallbacks"));
	printf("  refused: %" PRIu64 "\n", lioxctl_xcopy_u64(t, "refused"));
	printf("  active: %" PRIu64 "\n", lioxctl_xcopy_u64(t, "active"));
	printf("  chunk_kb: %" PRIu64 "\n", lioxctl_xcopy_u64(t, "chunk_kb"));
	printf("  depth: %" PRIu64 "\n", lioxctl_xcopy_u64(t, "depth"));

	n = json_object_array_length(x->port_groups);
	for (i = 0; i < n; i++) {
		struct json_object *pg, *ports;

		pg = json_object_array_get_idx(x->port_groups, i);
		printf("\nport group: %s\n", lioxctl_xcopy_str(pg, "name"));
		lioxctl_xcopy_print_counters(pg);
		ports = lioxctl_xcopy_get(pg, "target_ports");
		for (j = 0; j < json_object_array_length(ports); j++)
			lioxctl_xcopy_print_target_port(
				json_object_array_get_idx(ports, j));
		ports = lioxctl_xcopy_get(pg, "initiator_ports");
		for (j = 0; j < json_object_array_length(ports); j++)
			lioxctl_xcopy_print_initiator_port(
				json_object_array_get_idx(ports, j));
	}

	n = json_object_array_length(x->copies);
	if (n)
		printf("\n");
	for (i = 0; i < n; i++)
		lioxctl_xcopy_print_copy(json_object_array_get_idx(x->copies,
								   i));
}

/* --- the command --------------------------------------------------------- */

static int lioxctl_xcopy_status(const struct lioxctl_opts *opts)
{
	struct lioxctl_xcopy x = {
		.port_groups = json_object_new_array(),
		.copies = json_object_new_array(),
	};
	struct json_object *out;
	int ret;

	ret = lioxctl_dump(opts, LIOX_CMD_XCOPY_STATUS, "XCOPY_STATUS",
			   "liox_xcopy", lioxctl_xcopy_parse, &x);
	if (ret)
		goto out_put;
	if (!x.totals) {
		ret = lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				   "XCOPY_STATUS: malformed reply from the kernel");
		goto out_put;
	}

	if (opts->json) {
		out = json_object_new_object();
		json_object_object_add(out, "totals", x.totals);
		json_object_object_add(out, "port_groups", x.port_groups);
		json_object_object_add(out, "copies", x.copies);
		lioxctl_json_print(out);
		json_object_put(out);
		return LIOXCTL_EXIT_OK;
	}
	lioxctl_xcopy_print(&x);
	ret = LIOXCTL_EXIT_OK;
out_put:
	json_object_put(x.totals);
	json_object_put(x.port_groups);
	json_object_put(x.copies);
	return ret;
}

int lioxctl_cmd_xcopy(const struct lioxctl_opts *opts, int argc, char **argv)
{
	/* "lioxctl xcopy" alone is "lioxctl xcopy status" */
	if (argc == 1 || !strcmp(argv[1], "status")) {
		if (argc > 2)
			return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
					    "xcopy status: unexpected argument \"%s\"",
					    argv[2]);
		return lioxctl_xcopy_status(opts);
	}
	return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
			    "xcopy: unknown subcommand \"%s\" (usage: lioxctl xcopy [status])",
			    argv[1]);
}
