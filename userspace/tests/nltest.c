// SPDX-License-Identifier: GPL-2.0
/*
 * nltest - raw requests to the "liox" family for the VM scenarios:
 *   nltest echo TEXT    LIOX_CMD_SELFTEST_ECHO do; prints the echo
 *   nltest dump         LIOX_CMD_SELFTEST_ECHO dump; prints one object a line
 *   nltest call CMD     empty do request for command number CMD
 *   nltest mirrors      LIOX_CMD_MIRROR_STATUS dump; prints one line a
 *                       mirror: name state role dirty-regions generation
 * Prints "error <errno> <text>" and exits 1 when the kernel refuses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../nl.h"
#include "../../include/uapi/liox_mirror.h"

static int nltest_fill_object(struct nl_msg *msg, void *arg)
{
	return nla_put_string(msg, LIOX_ATTR_OBJECT, arg) < 0 ? -EMSGSIZE : 0;
}

static int nltest_print_object(struct nlattr **tb, void *arg)
{
	(void)arg;
	if (!tb[LIOX_ATTR_OBJECT])
		return -EBADMSG;
	printf("%s\n", nla_get_string(tb[LIOX_ATTR_OBJECT]));
	return 0;
}

static uint64_t nltest_u64(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

static int nltest_print_mirror(struct nlattr **tb, void *arg)
{
	struct nlattr *p[LIOX_MIRROR_A_MAX + 1], *m[LIOX_MIRROR_A_MAX + 1];

	(void)arg;
	if (!tb[LIOX_ATTR_PAYLOAD] ||
	    liox_nl_parse_nest(p, LIOX_MIRROR_A_MAX, tb[LIOX_ATTR_PAYLOAD], NULL) ||
	    !p[LIOX_MIRROR_A_MIRROR] ||
	    liox_nl_parse_nest(m, LIOX_MIRROR_A_MAX, p[LIOX_MIRROR_A_MIRROR], NULL) ||
	    !m[LIOX_MIRROR_A_NAME] || !m[LIOX_MIRROR_A_STATE] ||
	    !m[LIOX_MIRROR_A_ROLE])
		return -EBADMSG;
	printf("%s %s %s %llu %016llx\n", nla_get_string(m[LIOX_MIRROR_A_NAME]),
	       nla_get_string(m[LIOX_MIRROR_A_STATE]),
	       nla_get_string(m[LIOX_MIRROR_A_ROLE]),
	       (unsigned long long)nltest_u64(m[LIOX_MIRROR_A_DIRTY_REGIONS]),
	       (unsigned long long)nltest_u64(m[LIOX_MIRROR_A_GENERATION]));
	return 0;
}

int main(int argc, char **argv)
{
	struct liox_nl nl;
	int ret;

	if (argc < 2) {
		fprintf(stderr, "usage: nltest echo TEXT | dump | mirrors | call CMD\n");
		return 2;
	}
	ret = liox_nl_open(&nl);
	if (ret < 0) {
		printf("error %d %s\n", -ret, strerror(-ret));
		return 1;
	}
	if (!strcmp(argv[1], "echo") && argc == 3)
		ret = liox_nl_call(&nl, LIOX_CMD_SELFTEST_ECHO, 0,
				   nltest_fill_object, argv[2],
				   nltest_print_object, NULL);
	else if (!strcmp(argv[1], "dump") && argc == 2)
		ret = liox_nl_call(&nl, LIOX_CMD_SELFTEST_ECHO, NLM_F_DUMP,
				   NULL, NULL, nltest_print_object, NULL);
	else if (!strcmp(argv[1], "mirrors") && argc == 2)
		ret = liox_nl_call(&nl, LIOX_CMD_MIRROR_STATUS, NLM_F_DUMP,
				   NULL, NULL, nltest_print_mirror, NULL);
	else if (!strcmp(argv[1], "call") && argc == 3)
		ret = liox_nl_call(&nl, (uint8_t)atoi(argv[2]), 0, NULL, NULL,
				   NULL, NULL);
	else
		ret = -EINVAL;
	liox_nl_close(&nl);
	if (ret < 0) {
		printf("error %d %s\n", -ret, strerror(-ret));
		return 1;
	}
	return 0;
}
