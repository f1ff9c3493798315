// SPDX-License-Identifier: GPL-2.0
/*
 * lioxctl mirror: the mirrors of liox_ipmirror.
 *
 *   status [NAME]          from the LIOX_CMD_MIRROR_STATUS dump
 *                          (include/uapi/liox_mirror.h)
 *   verify NAME [--wait]   writes configfs mirrors/NAME/verify, then polls
 *                          verify_running, verify_done, verify_total and
 *                          verify_diffs
 *   resolve NAME discard   writes configfs mirrors/NAME/resolve
 *
 * The status replies are collected into one JSON object first; --json
 * prints it as is, the human output is printed from it. The configfs
 * root is /sys/kernel/config/liox, or $LIOX_CONFIGFS (for tests).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lioxctl.h"
#include "nl.h"
#include "../include/uapi/liox_mirror.h"

#define LIOXCTL_CONFIGFS	"/sys/kernel/config/liox"
#define LIOXCTL_MIRROR_NAME_MAX	63
#define LIOXCTL_VERIFY_POLL_NS	250000000L

static const struct nla_policy lioxctl_mirror_policy[LIOX_MIRROR_A_MAX + 1] = {
	[LIOX_MIRROR_A_MIRROR]		= { .type = NLA_NESTED },
	[LIOX_MIRROR_A_NAME]		= { .type = NLA_STRING },
	[LIOX_MIRROR_A_STATE]		= { .type = NLA_STRING },
	[LIOX_MIRROR_A_ROLE]		= { .type = NLA_STRING },
	[LIOX_MIRROR_A_MODE]		= { .type = NLA_STRING },
	[LIOX_MIRROR_A_BACKING]		= { .type = NLA_STRING },
	[LIOX_MIRROR_A_SIZE_SECTORS]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_REGION_SIZE]	= { .type = NLA_U32 },
	[LIOX_MIRROR_A_DIRTY_REGIONS]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_GENERATION]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_READS]		= { .type = NLA_U64 },
	[LIOX_MIRROR_A_WRITES]		= { .type = NLA_U64 },
	[LIOX_MIRROR_A_READ_BYTES]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_WRITE_BYTES]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_IO_ERRORS]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_REFUSED_WRITES]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_MD_COMMITS]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_MD_ERRORS]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_PEER_ADDR]	= { .type = NLA_STRING },
	[LIOX_MIRROR_A_PEER_PORT]	= { .type = NLA_U32 },
	[LIOX_MIRROR_A_LOCAL_ADDR]	= { .type = NLA_STRING },
	[LIOX_MIRROR_A_LOCAL_PORT]	= { .type = NLA_U32 },
	[LIOX_MIRROR_A_PEER_NAME]	= { .type = NLA_STRING },
	[LIOX_MIRROR_A_CONNS]		= { .type = NLA_U32 },
	[LIOX_MIRROR_A_RESYNC_RATE_KB]	= { .type = NLA_U32 },
	[LIOX_MIRROR_A_PEER_HEARTBEAT]	= { .type = NLA_STRING },
	[LIOX_MIRROR_A_VERIFY_RUNNING]	= { .type = NLA_U8 },
	[LIOX_MIRROR_A_VERIFY_DONE]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_VERIFY_TOTAL]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_VERIFY_DIFFS]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_RESYNC_DONE]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_RESYNC_TOTAL]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_CONNECTION]	= { .type = NLA_NESTED },
	[LIOX_MIRROR_A_INDEX]		= { .type = NLA_U32 },
	[LIOX_MIRROR_A_CONN_STATUS]	= { .type = NLA_STRING },
	[LIOX_MIRROR_A_IDLE_MS]		= { .type = NLA_U64 },
	[LIOX_MIRROR_A_CONNECTS]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_PEER_DEATHS]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_MALFORMED]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_AUTH_FAILURES]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_SENT_BYTES]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_RECV_BYTES]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_RESYNC_BYTES]	= { .type = NLA_U64 },
	[LIOX_MIRROR_A_PEER_ERRORS]	= { .type = NLA_U64 },
};

/*
 * One JSON member per attribute; the key is the attribute's name without
 * LIOX_MIRROR_A_, lower-cased. Optional attributes the kernel left out
 * become null, so every object always has the same keys.
 */
#define LIOXCTL_MIRROR_FIELD(a, k, t) \
	{ LIOX_MIRROR_A_##a, k, t, false }
#define LIOXCTL_MIRROR_OPTIONAL(a, k, t) \
	{ LIOX_MIRROR_A_##a, k, t, true }

static const struct lioxctl_field lioxctl_mirror_fields[] = {
	LIOXCTL_MIRROR_FIELD(NAME, "name", NLA_STRING),
	LIOXCTL_MIRROR_FIELD(STATE, "state", NLA_STRING),
	LIOXCTL_MIRROR_FIELD(ROLE, "role", NLA_STRING),
	LIOXCTL_MIRROR_FIELD(MODE, "mode", NLA_STRING),
	LIOXCTL_MIRROR_OPTIONAL(BACKING, "backing", NLA_STRING),
	LIOXCTL_MIRROR_FIELD(SIZE_SECTORS, "size_sectors", NLA_U64),
	LIOXCTL_MIRROR_FIELD(REGION_SIZE, "region_size", NLA_U32),
	LIOXCTL_MIRROR_FIELD(DIRTY_REGIONS, "dirty_regions", NLA_U64),
	LIOXCTL_MIRROR_FIELD(GENERATION, "generation", LIOXCTL_HEX64),
	LIOXCTL_MIRROR_OPTIONAL(PEER_ADDR, "peer_addr", NLA_STRING),
	LIOXCTL_MIRROR_FIELD(PEER_PORT, "peer_port", NLA_U32),
	LIOXCTL_MIRROR_OPTIONAL(LOCAL_ADDR, "local_addr", NLA_STRING),
	LIOXCTL_MIRROR_FIELD(LOCAL_PORT, "local_port", NLA_U32),
	LIOXCTL_MIRROR_FIELD(PEER_NAME, "peer_name", NLA_STRING),
	LIOXCTL_MIRROR_FIELD(CONNS, "conns", NLA_U32),
	LIOXCTL_MIRROR_FIELD(RESYNC_RATE_KB, "resync_rate_kb", NLA_U32),
	LIOXCTL_MIRROR_FIELD(PEER_HEARTBEAT, "peer_heartbeat", NLA_STRING),
	LIOXCTL_MIRROR_FIELD(RESYNC_DONE, "resync_done", NLA_U64),
	LIOXCTL_MIRROR_FIELD(RESYNC_TOTAL, "resync_total", NLA_U64),
	LIOXCTL_MIRROR_FIELD(VERIFY_RUNNING, "verify_running", LIOXCTL_BOOL),
	LIOXCTL_MIRROR_FIELD(VERIFY_DONE, "verify_done", NLA_U64),
	LIOXCTL_MIRROR_FIELD(VERIFY_TOTAL, "verify_total", NLA_U64),
	LIOXCTL_MIRROR_FIELD(VERIFY_DIFFS, "verify_diffs", NLA_U64),
	LIOXCTL_MIRROR_FIELD(READS, "reads", NLA_U64),
	LIOXCTL_MIRROR_FIELD(WRITES, "writes", NLA_U64),
	LIOXCTL_MIRROR_FIELD(READ_BYTES, "read_bytes", NLA_U64),
	LIOXCTL_MIRROR_FIELD(WRITE_BYTES, "write_bytes", NLA_U64),
	LIOXCTL_MIRROR_FIELD(IO_ERRORS, "io_errors", NLA_U64),
	LIOXCTL_MIRROR_FIELD(REFUSED_WRITES, "refused_writes", NLA_U64),
	LIOXCTL_MIRROR_FIELD(MD_COMMITS, "md_commits", NLA_U64),
	LIOXCTL_MIRROR_FIELD(MD_ERRORS, "md_errors", NLA_U64),
	LIOXCTL_MIRROR_FIELD(CONNECTS, "connects", NLA_U64),
	LIOXCTL_MIRROR_FIELD(PEER_DEATHS, "peer_deaths", NLA_U64),
	LIOXCTL_MIRROR_FIELD(MALFORMED, "malformed", NLA_U64),
	LIOXCTL_MIRROR_FIELD(AUTH_FAILURES, "auth_failures", NLA_U64),
	LIOXCTL_MIRROR_FIELD(SENT_BYTES, "sent_bytes", NLA_U64),
	LIOXCTL_MIRROR_FIELD(RECV_BYTES, "recv_bytes", NLA_U64),
	LIOXCTL_MIRROR_FIELD(RESYNC_BYTES, "resync_bytes", NLA_U64),
	LIOXCTL_MIRROR_FIELD(PEER_ERRORS, "peer_errors", NLA_U64),
};

static const struct lioxctl_field lioxctl_mirror_conn_fields[] = {
	LIOXCTL_MIRROR_FIELD(INDEX, "index", NLA_U32),
	LIOXCTL_MIRROR_FIELD(CONN_STATUS, "conn_status", NLA_STRING),
	LIOXCTL_MIRROR_OPTIONAL(IDLE_MS, "idle_ms", NLA_U64),
};

struct lioxctl_mirror_status {
	const char *only;		/* NULL: every mirror */
	struct json_object *mirrors;
};

/* Parse nest and return a new object with its fields, or NULL. */
static struct json_object *
lioxctl_mirror_object(struct nlattr *nest, const struct lioxctl_field *f,
		      size_t n)
{
	struct nlattr *tb[LIOX_MIRROR_A_MAX + 1];

	if (liox_nl_parse_nest(tb, LIOX_MIRROR_A_MAX, nest,
			       lioxctl_mirror_policy))
		return NULL;
	return lioxctl_fields_object(tb, f, n);
}

/* One MIRROR nest: its fields, then "connections" from the repeated nests. */
static struct json_object *lioxctl_mirror_parse_one(struct nlattr *nest)
{
	struct json_object *obj, *conns, *one;
	struct nlattr *a;
	int rem;

	obj = lioxctl_mirror_object(nest, lioxctl_mirror_fields,
				    LIOXCTL_ARRAY_SIZE(lioxctl_mirror_fields));
	if (!obj)
		return NULL;
	conns = json_object_new_array();
	json_object_object_add(obj, "connections", conns);
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != LIOX_MIRROR_A_CONNECTION)
			continue;
		one = lioxctl_mirror_object(a, lioxctl_mirror_conn_fields,
				LIOXCTL_ARRAY_SIZE(lioxctl_mirror_conn_fields));
		if (!one) {
			json_object_put(obj);
			return NULL;
		}
		json_object_array_add(conns, one);
	}
	return obj;
}

static const char *lioxctl_mirror_str(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return json_object_get_string(v);
}

static uint64_t lioxctl_mirror_u64(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return (uint64_t)json_object_get_int64(v);
}

/* One message of the dump: a payload with one mirror. */
static int lioxctl_mirror_parse(struct nlattr **tb, void *arg)
{
	struct lioxctl_mirror_status *st = arg;
	struct nlattr *ptb[LIOX_MIRROR_A_MAX + 1];
	struct json_object *one;

	if (!tb[LIOX_ATTR_PAYLOAD] ||
	    liox_nl_parse_nest(ptb, LIOX_MIRROR_A_MAX, tb[LIOX_ATTR_PAYLOAD],
			       lioxctl_mirror_policy) ||
	    !ptb[LIOX_MIRROR_A_MIRROR])
		return -EBADMSG;
	one = lioxctl_mirror_parse_one(ptb[LIOX_MIRROR_A_MIRROR]);
	if (!one)
		return -EBADMSG;
	if (st->only && strcmp(lioxctl_mirror_str(one, "name"), st->only)) {
		json_object_put(one);
		return 0;
	}
	json_object_array_add(st->mirrors, one);
	return 0;
}

/* --- human output -------------------------------------------------------- */

/* "3 of 4 regions (75%)": rounded down, 100% only when all are done */
static void lioxctl_mirror_progress(FILE *f, uint64_t done, uint64_t total)
{
	fprintf(f, "%" PRIu64 " of %" PRIu64 " regions", done, total);
	if (total)
		fprintf(f, " (%u%%)",
			(unsigned int)((long double)done * 100 / total));
}

static void lioxctl_mirror_print_addr(const char *what, const char *addr,
				      uint64_t port)
{
	if (addr)
		printf("  %s: %s port %" PRIu64 "\n", what, addr, port);
	else
		printf("  %s: -\n", what);
}

static void lioxctl_mirror_print_conns(struct json_object *m)
{
	struct json_object *conns = NULL, *c, *idle;
	size_t i, n;

	json_object_object_get_ex(m, "connections", &conns);
	n = json_object_array_length(conns);
	for (i = 0; i < n; i++) {
		c = json_object_array_get_idx(conns, i);
		idle = NULL;
		json_object_object_get_ex(c, "idle_ms", &idle);
		printf("  connection %" PRIu64 ": %s",
		       lioxctl_mirror_u64(c, "index"),
		       lioxctl_mirror_str(c, "conn_status"));
		if (idle)
			printf(", last message %" PRId64 " ms ago",
			       json_object_get_int64(idle));
		printf("\n");
	}
}

static void lioxctl_mirror_print(struct json_object *m)
{
	const char *backing = lioxctl_mirror_str(m, "backing");
	const char *peer = lioxctl_mirror_str(m, "peer_addr");
	const char *peer_name = lioxctl_mirror_str(m, "peer_name");
	uint64_t size = lioxctl_mirror_u64(m, "size_sectors");
	uint64_t rs = lioxctl_mirror_u64(m, "region_size");
	uint64_t rate = lioxctl_mirror_u64(m, "resync_rate_kb");
	struct json_object *running = NULL;
	char buf[64];

	printf("mirror %s: %s\n", lioxctl_mirror_str(m, "name"),
	       lioxctl_mirror_str(m, "state"));
	printf("  role: %s\n", lioxctl_mirror_str(m, "role"));
	printf("  mode: %s\n", lioxctl_mirror_str(m, "mode"));
	printf("  backing: %s\n", backing ?: "-");
	printf("  size: %s (%" PRIu64 " sectors)\n",
	       lioxctl_fmt_size(buf, sizeof(buf), size * 512), size);
	printf("  regions: %" PRIu64 " of %s, %" PRIu64 " dirty\n",
	       rs ? (size * 512 + rs - 1) / rs : 0,
	       lioxctl_fmt_size(buf, sizeof(buf), rs),
	       lioxctl_mirror_u64(m, "dirty_regions"));
	printf("  generation: %s\n", lioxctl_mirror_str(m, "generation"));
	lioxctl_mirror_print_addr("peer", peer,
				  lioxctl_mirror_u64(m, "peer_port"));
	if (peer && peer_name && *peer_name)
		printf("  peer name: %s\n", peer_name);
	lioxctl_mirror_print_addr("local", lioxctl_mirror_str(m, "local_addr"),
				  lioxctl_mirror_u64(m, "local_port"));
	printf("  peer heartbeat: %s\n", lioxctl_mirror_str(m, "peer_heartbeat"));
	lioxctl_mirror_print_conns(m);
	printf("  resync: ");
	lioxctl_mirror_progress(stdout, lioxctl_mirror_u64(m, "resync_done"),
				lioxctl_mirror_u64(m, "resync_total"));
	if (rate)
		printf(", at most %" PRIu64 " KiB/s\n", rate);
	else
		printf(", rate unlimited\n");
	json_object_object_get_ex(m, "verify_running", &running);
	printf("  verify: ");
	lioxctl_mirror_progress(stdout, lioxctl_mirror_u64(m, "verify_done"),
				lioxctl_mirror_u64(m, "verify_total"));
	printf(", %" PRIu64 " differ%s\n", lioxctl_mirror_u64(m, "verify_diffs"),
	       json_object_get_boolean(running) ? ", running" : "");
	printf("  reads: %" PRIu64 ", %s\n", lioxctl_mirror_u64(m, "reads"),
	       lioxctl_fmt_bytes(buf, sizeof(buf),
				    lioxctl_mirror_u64(m, "read_bytes")));
	printf("  writes: %" PRIu64 ", %s\n", lioxctl_mirror_u64(m, "writes"),
	       lioxctl_fmt_bytes(buf, sizeof(buf),
				    lioxctl_mirror_u64(m, "write_bytes")));
	printf("  sent to the peer: %s\n",
	       lioxctl_fmt_bytes(buf, sizeof(buf),
				    lioxctl_mirror_u64(m, "sent_bytes")));
	printf("  received from the peer: %s\n",
	       lioxctl_fmt_bytes(buf, sizeof(buf),
				    lioxctl_mirror_u64(m, "recv_bytes")));
	printf("  resync data: %s\n",
	       lioxctl_fmt_bytes(buf, sizeof(buf),
				    lioxctl_mirror_u64(m, "resync_bytes")));
	printf("  io_errors: %" PRIu64 "  refused_writes: %" PRIu64
	       "  md_commits: %" PRIu64 "  md_errors: %" PRIu64 "\n",
	       lioxctl_mirror_u64(m, "io_errors"),
	       lioxctl_mirror_u64(m, "refused_writes"),
	       lioxctl_mirror_u64(m, "md_commits"),
	       lioxctl_mirror_u64(m, "md_errors"));
	printf("  connects: %" PRIu64 "  peer_deaths: %" PRIu64
	       "  malformed: %" PRIu64 "  auth_failures: %" PRIu64
	       "  peer_errors: %" PRIu64 "\n",
	       lioxctl_mirror_u64(m, "connects"),
	       lioxctl_mirror_u64(m, "peer_deaths"),
	       lioxctl_mirror_u64(m, "malformed"),
	       lioxctl_mirror_u64(m, "auth_failures"),
	       lioxctl_mirror_u64(m, "peer_errors"));
}

/* --- configfs ------------------------------------------------------------ */

static bool lioxctl_mirror_name_ok(const char *name)
{
	return *name && strlen(name) <= LIOXCTL_MIRROR_NAME_MAX &&
	       !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

static const char *lioxctl_configfs(void)
{
	const char *root = getenv("LIOX_CONFIGFS");

	return root && *root ? root : LIOXCTL_CONFIGFS;
}

/* mirrors/NAME exists: 0 (with its path in dir), else a reported exit. */
static int lioxctl_mirror_dir(const struct lioxctl_opts *opts,
			      const char *name, char *dir, size_t len)
{
	const char *root = lioxctl_configfs();
	struct stat sb;

	if (stat(root, &sb))
		return lioxctl_fail(opts, LIOXCTL_EXIT_NOMODULE,
				    "the liox kernel module is not loaded (no %s); try: modprobe liox_core",
				    root);
	snprintf(dir, len, "%s/mirrors", root);
	if (stat(dir, &sb))
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "liox_ipmirror is not loaded (no %s); try: modprobe liox_ipmirror",
				    dir);
	snprintf(dir, len, "%s/mirrors/%s", root, name);
	if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "no mirror \"%s\" (no %s)", name, dir);
	return LIOXCTL_EXIT_OK;
}

/* Write @val to dir/attr: 0 or a negative errno. */
static int lioxctl_mirror_write(const char *dir, const char *attr,
				const char *val)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != strlen(val))
		ret = -EIO;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

/* Read dir/attr as a number: 0 or a negative errno. */
static int lioxctl_mirror_read(const char *dir, const char *attr,
			       uint64_t *out)
{
	char path[PATH_MAX], buf[32], *end;
	FILE *f;
	int ret = -EBADMSG;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (fgets(buf, sizeof(buf), f)) {
		errno = 0;
		*out = strtoull(buf, &end, 10);
		if (!errno && end != buf && (*end == '\n' || !*end))
			ret = 0;
	} else if (ferror(f)) {
		ret = -errno;
	}
	fclose(f);
	return ret;
}

/* --- the subcommands ----------------------------------------------------- */

static int lioxctl_mirror_status(const struct lioxctl_opts *opts,
				 const char *only)
{
	struct lioxctl_mirror_status st = {
		.only = only,
		.mirrors = json_object_new_array(),
	};
	struct json_object *out;
	size_t i, n;
	int ret;

	ret = lioxctl_dump(opts, LIOX_CMD_MIRROR_STATUS, "MIRROR_STATUS",
			   "liox_ipmirror", lioxctl_mirror_parse, &st);
	if (ret)
		goto out_put;
	n = json_object_array_length(st.mirrors);
	if (only && !n) {
		ret = lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				   "no mirror \"%s\"", only);
		goto out_put;
	}

	if (opts->json) {
		out = json_object_new_object();
		json_object_object_add(out, "mirrors", st.mirrors);
		lioxctl_json_print(out);
		json_object_put(out);
		return LIOXCTL_EXIT_OK;
	}
	if (!n)
		printf("no mirrors\n");
	for (i = 0; i < n; i++) {
		if (i)
			printf("\n");
		lioxctl_mirror_print(json_object_array_get_idx(st.mirrors, i));
	}
	ret = LIOXCTL_EXIT_OK;
out_put:
	json_object_put(st.mirrors);
	return ret;
}

/* Poll until the verify ends; print progress on a terminal. */
static int lioxctl_mirror_verify_wait(const struct lioxctl_opts *opts,
				      const char *name, const char *dir)
{
	const struct timespec poll = { 0, LIOXCTL_VERIFY_POLL_NS };
	bool tty = !opts->json && isatty(STDOUT_FILENO);
	uint64_t running, done, total, diffs;
	struct json_object *out;
	bool shown = false;
	int ret;

	for (;;) {
		ret = lioxctl_mirror_read(dir, "verify_running", &running) ?:
		      lioxctl_mirror_read(dir, "verify_done", &done) ?:
		      lioxctl_mirror_read(dir, "verify_total", &total) ?:
		      lioxctl_mirror_read(dir, "verify_diffs", &diffs);
		if (ret) {
			if (shown)
				printf("\n");
			return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
					    "%s: cannot read the verify progress: %s",
					    name, strerror(-ret));
		}
		if (tty) {
			printf("\rverify %s: ", name);
			lioxctl_mirror_progress(stdout, done, total);
			printf(", %" PRIu64 " differ ", diffs);
			fflush(stdout);
			shown = true;
		}
		if (!running)
			break;
		nanosleep(&poll, NULL);
	}
	if (shown)
		printf("\n");
	if (!total || done < total)
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "verify of %s stopped after %" PRIu64 " of %" PRIu64 " regions (link down or mirror disabled?)",
				    name, done, total);
	if (opts->json) {
		out = json_object_new_object();
		json_object_object_add(out, "name", json_object_new_string(name));
		json_object_object_add(out, "verify_done",
				       json_object_new_int64((int64_t)done));
		json_object_object_add(out, "verify_total",
				       json_object_new_int64((int64_t)total));
		json_object_object_add(out, "verify_diffs",
				       json_object_new_int64((int64_t)diffs));
		lioxctl_json_print(out);
		json_object_put(out);
	} else {
		printf("%" PRIu64 " of %" PRIu64 " regions differ\n", diffs,
		       total);
	}
	return diffs ? LIOXCTL_EXIT_ERROR : LIOXCTL_EXIT_OK;
}

static int lioxctl_mirror_verify(const struct lioxctl_opts *opts, int argc,
				 char **argv)
{
	static const struct option longopts[] = {
		{ "wait", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct json_object *out;
	char dir[PATH_MAX];
	bool wait = false;
	const char *name;
	int c, ret;

	/* argv[0] is "verify" */
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+w", longopts, NULL)) != -1) {
		if (c != 'w')
			return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
					    "mirror verify: unknown option \"%s\" (usage: lioxctl mirror verify NAME [--wait])",
					    argv[optind - 1]);
		wait = true;
	}
	/* --wait may also follow the name */
	if (optind < argc && optind + 2 == argc &&
	    !strcmp(argv[optind + 1], "--wait")) {
		wait = true;
		argc--;
	}
	if (optind + 1 != argc)
		return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
				    "usage: lioxctl mirror verify NAME [--wait]");
	name = argv[optind];
	if (!lioxctl_mirror_name_ok(name))
		return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
				    "mirror verify: bad mirror name \"%s\"", name);
	ret = lioxctl_mirror_dir(opts, name, dir, sizeof(dir));
	if (ret)
		return ret;
	ret = lioxctl_mirror_write(dir, "verify", "1");
	switch (-ret) {
	case 0:
		break;
	case EPERM:
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "%s: verify runs on the primary", name);
	case ENOTCONN:
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "%s: the link to the peer is not up (or a resync runs)",
				    name);
	case EBUSY:
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "%s: a verify is already running", name);
	default:
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "%s: cannot start the verify: %s", name,
				    strerror(-ret));
	}
	if (wait)
		return lioxctl_mirror_verify_wait(opts, name, dir);
	if (opts->json) {
		out = json_object_new_object();
		json_object_object_add(out, "name", json_object_new_string(name));
		json_object_object_add(out, "started",
				       json_object_new_boolean(true));
		lioxctl_json_print(out);
		json_object_put(out);
	} else {
		printf("verify of %s started\n", name);
	}
	return LIOXCTL_EXIT_OK;
}

static int lioxctl_mirror_resolve(const struct lioxctl_opts *opts, int argc,
				  char **argv)
{
	struct json_object *out;
	char dir[PATH_MAX];
	const char *name;
	int ret;

	/* argv[0] is "resolve" */
	if (argc != 3 || strcmp(argv[2], "discard"))
		return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
				    "usage: lioxctl mirror resolve NAME discard");
	name = argv[1];
	if (!lioxctl_mirror_name_ok(name))
		return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
				    "mirror resolve: bad mirror name \"%s\"",
				    name);
	ret = lioxctl_mirror_dir(opts, name, dir, sizeof(dir));
	if (ret)
		return ret;
	ret = lioxctl_mirror_write(dir, "resolve", "discard");
	switch (-ret) {
	case 0:
		break;
	case EBUSY:
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "%s is enabled: disable it first (echo 0 > %s/enable)",
				    name, dir);
	case EPERM:
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "%s is primary: only a secondary discards its data (echo secondary > %s/role)",
				    name, dir);
	case ENODATA:
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "%s: no metadata on the backing device (never enabled): nothing to discard",
				    name);
	case EINVAL:
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "%s: refused (no backing device, or metadata of another geometry; see dmesg)",
				    name);
	default:
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "%s: cannot discard: %s", name,
				    strerror(-ret));
	}
	if (opts->json) {
		out = json_object_new_object();
		json_object_object_add(out, "name", json_object_new_string(name));
		json_object_object_add(out, "resolved",
				       json_object_new_string("discard"));
		lioxctl_json_print(out);
		json_object_put(out);
	} else {
		printf("%s: data discarded; the next enable resyncs everything from the peer\n",
		       name);
	}
	return LIOXCTL_EXIT_OK;
}

int lioxctl_cmd_mirror(const struct lioxctl_opts *opts, int argc, char **argv)
{
	/* "lioxctl mirror" alone is "lioxctl mirror status" */
	if (argc == 1 || !strcmp(argv[1], "status")) {
		if (argc > 3)
			return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
					    "mirror status: unexpected argument \"%s\"",
					    argv[3]);
		if (argc == 3 && !lioxctl_mirror_name_ok(argv[2]))
			return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
					    "mirror status: bad mirror name \"%s\"",
					    argv[2]);
		return lioxctl_mirror_status(opts, argc == 3 ? argv[2] : NULL);
	}
	if (!strcmp(argv[1], "verify"))
		return lioxctl_mirror_verify(opts, argc - 1, argv + 1);
	if (!strcmp(argv[1], "resolve"))
		return lioxctl_mirror_resolve(opts, argc - 1, argv + 1);
	return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
			    "mirror: unknown subcommand \"%s\" (usage: lioxctl mirror [status [NAME]] | verify NAME [--wait] | resolve NAME discard)",
			    argv[1]);
}
