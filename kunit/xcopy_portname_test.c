// SPDX-License-Identifier: GPL-2.0
/* KUnit suite for xcopy_engine/xcopy_portname.c: stable initiator port names. */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/in6.h>
#include "src/xcopy_engine/xcopy_portname.h"

#define IQN "iqn.2003-01.org.linux-iscsi.node1:backup"

static void portname_roundtrip(struct kunit *test, const char *in,
			       const char *shown)
{
	struct liox_xcopy_portname n, again;
	char buf[LIOX_XCOPY_PORTNAME_TEXT_MAX];

	KUNIT_ASSERT_EQ_MSG(test, 0,
			    liox_xcopy_portname_parse(in, strlen(in), &n), in);
	liox_xcopy_portname_format(&n, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, shown, buf);
	KUNIT_ASSERT_EQ(test, 0,
			liox_xcopy_portname_parse(buf, strlen(buf), &again));
	KUNIT_EXPECT_TRUE(test, liox_xcopy_portname_equal(&n, &again));
}

static void portname_fc(struct kunit *test)
{
	struct liox_xcopy_portname a, b;

	portname_roundtrip(test, "0x21000024FF3B2C1D\n",
			   "21:00:00:24:ff:3b:2c:1d");
	portname_roundtrip(test, "21:00:00:24:ff:3b:2c:1d",
			   "21:00:00:24:ff:3b:2c:1d");
	KUNIT_ASSERT_EQ(test, 0,
			liox_xcopy_portname_parse("0x21000024ff3b2c1d", 18, &a));
	KUNIT_EXPECT_EQ(test, LIOX_PORTNAME_FC, a.kind);
	KUNIT_EXPECT_EQ(test, 0x21000024ff3b2c1dULL, a.wwpn);
	KUNIT_ASSERT_EQ(test, 0,
			liox_xcopy_portname_parse("0x21000024ff3b2c1e", 18, &b));
	KUNIT_EXPECT_FALSE(test, liox_xcopy_portname_equal(&a, &b));
}

static void portname_iscsi(struct kunit *test)
{
	struct liox_xcopy_portname a, b;
	int ret;

	portname_roundtrip(test, IQN ",127.0.0.1:3260\n",
			   IQN ",127.0.0.1:3260");
	portname_roundtrip(test, IQN ",[2001:DB8:0:0::7]:3261",
			   IQN ",[2001:db8::7]:3261");

	/* what the transport reports: parts with newlines, IPv6 unbracketed */
	ret = liox_xcopy_portname_set_iscsi(&a,
					    "IQN.2003-01.ORG.LINUX-ISCSI.NODE1:BACKUP\n",
					    41,
					    "2001:0db8:0000:0000:0000:0000:0000:0007\n",
					    40, "3261\n", 5);
	KUNIT_ASSERT_EQ(test, 0, ret);
	ret = liox_xcopy_portname_parse(IQN ",[2001:db8::7]:3261",
					strlen(IQN) + 19, &b);
	KUNIT_ASSERT_EQ(test, 0, ret);
	KUNIT_EXPECT_TRUE(test, liox_xcopy_portname_equal(&a, &b));
	KUNIT_EXPECT_EQ(test, AF_INET6, (int)a.portal.ss_family);

	/* another portal, port or initiator is another port */
	ret = liox_xcopy_portname_set_iscsi(&a, IQN, strlen(IQN),
					    "2001:db8::7", 11, "3260", 4);
	KUNIT_ASSERT_EQ(test, 0, ret);
	KUNIT_EXPECT_FALSE(test, liox_xcopy_portname_equal(&a, &b));
	ret = liox_xcopy_portname_set_iscsi(&a, IQN "x", strlen(IQN) + 1,
					    "2001:db8::7", 11, "3261", 4);
	KUNIT_ASSERT_EQ(test, 0, ret);
	KUNIT_EXPECT_FALSE(test, liox_xcopy_portname_equal(&a, &b));
	ret = liox_xcopy_portname_set_iscsi(&a, IQN, strlen(IQN),
					    "127.0.0.1", 9, "3261", 4);
	KUNIT_ASSERT_EQ(test, 0, ret);
	KUNIT_EXPECT_FALSE(test, liox_xcopy_portname_equal(&a, &b));
}

static void portname_rejects(struct kunit *test)
{
	static const char * const bad[] = {
		"", "\n", "0x", "0x0000000000000000", "0x21000024ff3b2c1",
		"0x21000024ff3b2c1dd", "0x21000024ff3b2c1g",
		"21-00-00-24-ff-3b-2c-1d", "21:00:00:24:ff:3b:2c",
		"21:00:00:24:ff:3b:2c:1g", "00:00:00:00:00:00:00:00",
		IQN, IQN ",", IQN ",127.0.0.1", IQN ",127.0.0.1:",
		IQN ",127.0.0.1:0", IQN ",127.0.0.1:65536",
		IQN ",127.0.0.1:3260x", IQN ",127.0.0.256:3260",
		IQN ",::1:3260", IQN ",[::1]", IQN ",[::1:3260",
		IQN ",[::g]:3260", ",127.0.0.1:3260",
		"iqn.,127.0.0.1:3260", "foo.2003-01.org:x,127.0.0.1:3260",
		"iqn.2003-01.org x,127.0.0.1:3260",
		"iqn.2003_01.org:x,127.0.0.1:3260",
		"iqn.2003-01.org:x,127.0.0.1:3260\n\n",
	};
	struct liox_xcopy_portname n = { .kind = LIOX_PORTNAME_FC, .wwpn = 7 };
	static char longname[LIOX_XCOPY_INAME_MAX + 32];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    liox_xcopy_portname_parse(bad[i],
							      strlen(bad[i]), &n),
				    bad[i]);
	}
	/* an embedded NUL */
	KUNIT_EXPECT_EQ(test, -EINVAL,
			liox_xcopy_portname_parse("0x21000024ff3b2c1d\0", 19, &n));
	/* 223 name bytes are fine, 224 are not */
	memset(longname, 'a', sizeof(longname));
	memcpy(longname, "iqn.", 4);
	strcpy(longname + 223, ",10.0.0.1:3260");
	KUNIT_EXPECT_EQ(test, 0,
			liox_xcopy_portname_parse(longname, strlen(longname), &n));
	memset(longname, 'a', sizeof(longname));
	memcpy(longname, "iqn.", 4);
	strcpy(longname + 224, ",10.0.0.1:3260");
	n.kind = LIOX_PORTNAME_FC;
	n.wwpn = 7;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			liox_xcopy_portname_parse(longname, strlen(longname), &n));
	/* a refused value leaves the old one */
	KUNIT_EXPECT_EQ(test, LIOX_PORTNAME_FC, n.kind);
	KUNIT_EXPECT_EQ(test, 7ULL, n.wwpn);
}

static void portname_kinds_differ(struct kunit *test)
{
	struct liox_xcopy_portname none = { .kind = LIOX_PORTNAME_NONE };
	struct liox_xcopy_portname fc;
	char buf[8];

	KUNIT_ASSERT_EQ(test, 0,
			liox_xcopy_portname_parse("0x1000000000000001", 18, &fc));
	KUNIT_EXPECT_FALSE(test, liox_xcopy_portname_equal(&none, &none));
	KUNIT_EXPECT_FALSE(test, liox_xcopy_portname_equal(&fc, &none));
	KUNIT_EXPECT_EQ(test, (size_t)0,
			liox_xcopy_portname_format(&none, buf, sizeof(buf)));
	KUNIT_EXPECT_STREQ(test, "", buf);
	/* a short buffer truncates, NUL-terminated */
	liox_xcopy_portname_format(&fc, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, "10:00:0", buf);
}

static struct kunit_case liox_xcopy_portname_cases[] = {
	KUNIT_CASE(portname_fc),
	KUNIT_CASE(portname_iscsi),
	KUNIT_CASE(portname_rejects),
	KUNIT_CASE(portname_kinds_differ),
	{}
};

static struct kunit_suite liox_xcopy_portname_suite = {
	.name = "liox_xcopy_portname",
	.test_cases = liox_xcopy_portname_cases,
};

kunit_test_suite(liox_xcopy_portname_suite);
