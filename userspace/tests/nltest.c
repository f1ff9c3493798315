// SPDX-License-Identifier: GPL-2.0
/*
 * nltest - raw requests to the "liox" family for the VM scenarios:
 *   nltest echo TEXT    LIOX_CMD_SELFTEST_ECHO do; prints the echo
 *   nltest dump         LIOX_CMD_SELFTEST_ECHO dump; prints one object a line
 *   nltest call CMD     empty do request for command number CMD
 * Prints "error <errno> <text>" and exits 1 when the kernel refuses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../nl.h"

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

int main(int argc, char **argv)
{
	struct liox_nl nl;
	int ret;

	if (argc < 2) {
		fprintf(stderr, "usage: nltest echo TEXT | dump | call CMD\n");
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
