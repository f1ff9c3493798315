// SPDX-License-Identifier: GPL-2.0
/* KUnit suite for xcopy_engine/xcopy_ports.c: candidate port selection. */
#include <kunit/test.h>
#include "src/xcopy_engine/xcopy_ports.h"

static void ports_in_turn(struct kunit *test)
{
	DECLARE_BITMAP(member, LIOX_XCOPY_MAX_PORTS) = { 0 };
	struct liox_xcopy_cands c;
	char buf[128];

	set_bit(2, member);
	set_bit(5, member);
	set_bit(31, member);
	liox_xcopy_cands_init(&c, member);

	KUNIT_EXPECT_EQ(test, 2, liox_xcopy_cands_next(&c));
	KUNIT_EXPECT_EQ(test, 2, liox_xcopy_cands_next(&c));	/* stays */
	liox_xcopy_cands_drop(&c, 2, LIOX_PORT_NO_DEVICE);
	KUNIT_EXPECT_EQ(test, 5, liox_xcopy_cands_next(&c));
	KUNIT_EXPECT_EQ(test, 1U, c.fallbacks);
	liox_xcopy_cands_drop(&c, 5, LIOX_PORT_IO_ERROR);	/* mid-copy */
	KUNIT_EXPECT_EQ(test, 31, liox_xcopy_cands_next(&c));
	liox_xcopy_cands_drop(&c, 31, LIOX_PORT_NOT_READY);
	KUNIT_EXPECT_EQ(test, -ENODEV, liox_xcopy_cands_next(&c));
	KUNIT_EXPECT_EQ(test, -ENODEV, liox_xcopy_cands_next(&c));
	KUNIT_EXPECT_EQ(test, 2U, c.fallbacks);

	liox_xcopy_cands_report(&c, NULL, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test,
			   "port 2: no such device, port 5: I/O error, port 31: not ready",
			   buf);
}

static void ports_report_names(struct kunit *test)
{
	DECLARE_BITMAP(member, LIOX_XCOPY_MAX_PORTS) = { 0 };
	const char *names[LIOX_XCOPY_MAX_PORTS] = {
		[0] = "loop2", [1] = "iscsi0",
	};
	struct liox_xcopy_cands c;
	char buf[128];

	set_bit(0, member);
	set_bit(1, member);
	liox_xcopy_cands_init(&c, member);
	liox_xcopy_cands_drop(&c, 0, LIOX_PORT_NO_HOST);
	KUNIT_EXPECT_EQ(test, 1, liox_xcopy_cands_next(&c));
	liox_xcopy_cands_drop(&c, 1, LIOX_PORT_OFFLINE);
	liox_xcopy_cands_report(&c, names, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, "loop2: no such host, iscsi0: offline", buf);
}

static void ports_edge_cases(struct kunit *test)
{
	DECLARE_BITMAP(member, LIOX_XCOPY_MAX_PORTS) = { 0 };
	struct liox_xcopy_cands c;
	char buf[16];

	/* an empty group can only fail, and says so */
	liox_xcopy_cands_init(&c, member);
	KUNIT_EXPECT_EQ(test, -ENODEV, liox_xcopy_cands_next(&c));
	liox_xcopy_cands_report(&c, NULL, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, "no initiator po", buf);	/* truncated */

	/* dropping a port outside the group, or out of range, changes nothing */
	set_bit(0, member);
	liox_xcopy_cands_init(&c, member);
	liox_xcopy_cands_drop(&c, 7, LIOX_PORT_OFFLINE);
	liox_xcopy_cands_drop(&c, -1, LIOX_PORT_OFFLINE);
	liox_xcopy_cands_drop(&c, LIOX_XCOPY_MAX_PORTS, LIOX_PORT_OFFLINE);
	KUNIT_EXPECT_EQ(test, 0, liox_xcopy_cands_next(&c));
	/* dropping a port not in use yet: the next call skips it */
	set_bit(1, member);
	liox_xcopy_cands_init(&c, member);
	liox_xcopy_cands_drop(&c, 0, LIOX_PORT_OFFLINE);
	KUNIT_EXPECT_EQ(test, 1, liox_xcopy_cands_next(&c));
	KUNIT_EXPECT_EQ(test, 0U, c.fallbacks);
	KUNIT_EXPECT_STREQ(test, "?", liox_xcopy_port_reason_name(99));
}

static struct kunit_case liox_xcopy_ports_cases[] = {
	KUNIT_CASE(ports_in_turn),
	KUNIT_CASE(ports_report_names),
	KUNIT_CASE(ports_edge_cases),
	{}
};

static struct kunit_suite liox_xcopy_ports_suite = {
	.name = "liox_xcopy_ports",
	.test_cases = liox_xcopy_ports_cases,
};

kunit_test_suite(liox_xcopy_ports_suite);
