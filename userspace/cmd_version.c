// SPDX-License-Identifier: GPL-2.0
/* lioxctl version: versions of lioxctl, liox_core and its capabilities. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lioxctl.h"
#include "nl.h"

struct lioxctl_version {
	struct json_object *kernel;	/* { version, protocol, capabilities } */
};

static int lioxctl_version_parse(struct nlattr **tb, void *arg)
{
	struct lioxctl_version *v = arg;
	struct json_object *caps = json_object_new_array();
	struct nlattr *cap;
	int rem;

	if (!tb[LIOX_ATTR_VERSION] || !tb[LIOX_ATTR_PROTO])
		return -EBADMSG;
	v->kernel = json_object_new_object();
	json_object_object_add(v->kernel, "version",
		json_object_new_string(nla_get_string(tb[LIOX_ATTR_VERSION])));
	json_object_object_add(v->kernel, "protocol",
		json_object_new_int64(nla_get_u32(tb[LIOX_ATTR_PROTO])));
	json_object_object_add(v->kernel, "capabilities", caps);
	if (!tb[LIOX_ATTR_CAPS])
		return 0;
	nla_for_each_nested(cap, tb[LIOX_ATTR_CAPS], rem) {
		struct nlattr *ctb[LIOX_ATTR_MAX + 1];
		struct json_object *one;

		if (liox_nl_parse_nested(ctb, cap) ||
		    !ctb[LIOX_ATTR_CAPABILITY] || !ctb[LIOX_ATTR_VERSION])
			return -EBADMSG;
		one = json_object_new_object();
		json_object_object_add(one, "name",
			json_object_new_string(nla_get_string(ctb[LIOX_ATTR_CAPABILITY])));
		json_object_object_add(one, "version",
			json_object_new_string(nla_get_string(ctb[LIOX_ATTR_VERSION])));
		json_object_array_add(caps, one);
	}
	return 0;
}

static void lioxctl_version_print(struct json_object *kernel)
{
	struct json_object *caps, *v, *p;
	size_t i, n;

	json_object_object_get_ex(kernel, "version", &v);
	json_object_object_get_ex(kernel, "protocol", &p);
	json_object_object_get_ex(kernel, "capabilities", &caps);
	printf("lioxctl:      %s (netlink protocol %d)\n", LIOXCTL_VERSION,
	       LIOX_GENL_VERSION);
	printf("liox_core:    %s (netlink protocol %d)\n",
	       json_object_get_string(v), json_object_get_int(p));
	n = json_object_array_length(caps);
	printf("capabilities:%s\n", n ? "" : " none loaded");
	for (i = 0; i < n; i++) {
		struct json_object *one = json_object_array_get_idx(caps, i);
		struct json_object *name, *ver;

		json_object_object_get_ex(one, "name", &name);
		json_object_object_get_ex(one, "version", &ver);
		printf("  %-10s  %s\n", json_object_get_string(name),
		       json_object_get_string(ver));
	}
}

int lioxctl_cmd_version(const struct lioxctl_opts *opts, int argc, char **argv)
{
	struct lioxctl_version v = { 0 };
	struct json_object *out;
	struct liox_nl nl;
	int ret, proto;

	(void)argv;
	if (argc != 1)
		return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
				    "version takes no arguments");
	ret = lioxctl_nl_open(opts, &nl);
	if (ret)
		return ret;
	ret = liox_nl_call(&nl, LIOX_CMD_GET_VERSION, 0, NULL, NULL,
			   lioxctl_version_parse, &v);
	liox_nl_close(&nl);
	if (ret < 0 || !v.kernel) {
		json_object_put(v.kernel);
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "GET_VERSION failed: %s",
				    strerror(ret < 0 ? -ret : EBADMSG));
	}

	json_object_object_get_ex(v.kernel, "protocol", &out);
	proto = json_object_get_int(out);
	if (opts->json) {
		out = json_object_new_object();
		json_object_object_add(out, "lioxctl", json_object_new_string(LIOXCTL_VERSION));
		json_object_object_add(out, "protocol", json_object_new_int(LIOX_GENL_VERSION));
		json_object_object_add(out, "kernel", v.kernel);
		lioxctl_json_print(out);
		json_object_put(out);
	} else {
		lioxctl_version_print(v.kernel);
		json_object_put(v.kernel);
	}
	if (proto != LIOX_GENL_VERSION) {
		fprintf(stderr, "lioxctl: kernel speaks netlink protocol %d, lioxctl %d: update one of them\n",
			proto, LIOX_GENL_VERSION);
		return LIOXCTL_EXIT_MISMATCH;
	}
	return LIOXCTL_EXIT_OK;
}
