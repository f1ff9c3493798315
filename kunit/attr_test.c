// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for drivers/attr.c: every parser, on good values, on every
 * kind of bad value, and on the promise that a refused value leaves the
 * output untouched.
 */
#include <kunit/test.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <liox/attr.h>

/* The parsers with count = strlen(), as a shell's printf would write. */
static int u32_of(const char *s, u32 min, u32 max, u32 *v)
{
	return liox_attr_parse_u32(s, strlen(s), min, max, v);
}

static int name_of(const char *s, char *out, size_t size)
{
	return liox_attr_parse_name(s, strlen(s), out, size);
}

static int inet_of(const char *s, struct sockaddr_storage *ss)
{
	return liox_attr_parse_inet(s, strlen(s), ss);
}

static void liox_attr_u32_good(struct kunit *test)
{
	u32 v = 0;

	KUNIT_EXPECT_EQ(test, 0, u32_of("42", 0, 100, &v));
	KUNIT_EXPECT_EQ(test, 42U, v);
	KUNIT_EXPECT_EQ(test, 0, u32_of("42\n", 0, 100, &v));
	KUNIT_EXPECT_EQ(test, 42U, v);
	KUNIT_EXPECT_EQ(test, 0, u32_of("0x10", 0, 100, &v));
	KUNIT_EXPECT_EQ(test, 16U, v);
	KUNIT_EXPECT_EQ(test, 0, u32_of("0X1f", 0, 100, &v));
	KUNIT_EXPECT_EQ(test, 31U, v);
	/* decimal with leading zeros, never octal */
	KUNIT_EXPECT_EQ(test, 0, u32_of("010", 0, 100, &v));
	KUNIT_EXPECT_EQ(test, 10U, v);
	KUNIT_EXPECT_EQ(test, 0, u32_of("08", 0, 100, &v));
	KUNIT_EXPECT_EQ(test, 8U, v);
	KUNIT_EXPECT_EQ(test, 0, u32_of("0", 0, 0, &v));
	KUNIT_EXPECT_EQ(test, 0U, v);
	KUNIT_EXPECT_EQ(test, 0, u32_of("4294967295", 0, U32_MAX, &v));
	KUNIT_EXPECT_EQ(test, U32_MAX, v);
	/* only count bytes are looked at, whatever follows */
	KUNIT_EXPECT_EQ(test, 0, liox_attr_parse_u32("12345", 2, 0, 100, &v));
	KUNIT_EXPECT_EQ(test, 12U, v);
}

static void liox_attr_u32_bad(struct kunit *test)
{
	static const char * const bad[] = {
		"", "\n", "\n\n", "7\n\n", " 7", "7 ", "+7", "-1", "abc", "7x",
		"4294967296", "0x", "0x+5", "0b1", "1e3", "101", "9", "99999999999999999999",
	};
	unsigned int i;
	u32 v = 77;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    liox_attr_parse_u32(bad[i], strlen(bad[i]),
							10, 100, &v),
				    "value \"%s\"", bad[i]);
		KUNIT_EXPECT_EQ(test, 77U, v);
	}
	/* embedded NUL */
	KUNIT_EXPECT_EQ(test, -EINVAL, liox_attr_parse_u32("1\0002", 3, 0, 100, &v));
	/* longer than any number the parser takes */
	{
		char longnum[100];

		memset(longnum, '0', sizeof(longnum));
		longnum[sizeof(longnum) - 1] = '\0';
		KUNIT_EXPECT_EQ(test, -EINVAL, u32_of(longnum, 0, 100, &v));
	}
	KUNIT_EXPECT_EQ(test, 77U, v);
}

static void liox_attr_bool(struct kunit *test)
{
	static const char * const yes[] = { "1", "y", "Y", "yes", "on", "1\n" };
	static const char * const no[] = { "0", "n", "N", "no", "off", "OFF\n" };
	static const char * const bad[] = { "", "2", "yess", "of", "onn", "true", " 1" };
	unsigned int i;
	bool v;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		v = false;
		KUNIT_EXPECT_EQ(test, 0, liox_attr_parse_bool(yes[i], strlen(yes[i]), &v));
		KUNIT_EXPECT_TRUE_MSG(test, v, "value \"%s\"", yes[i]);
	}
	for (i = 0; i < ARRAY_SIZE(no); i++) {
		v = true;
		KUNIT_EXPECT_EQ(test, 0, liox_attr_parse_bool(no[i], strlen(no[i]), &v));
		KUNIT_EXPECT_FALSE_MSG(test, v, "value \"%s\"", no[i]);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		v = true;
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    liox_attr_parse_bool(bad[i], strlen(bad[i]), &v),
				    "value \"%s\"", bad[i]);
		KUNIT_EXPECT_TRUE(test, v);
	}
}

static void liox_attr_name(struct kunit *test)
{
	static const char * const bad[] = {
		"", "\n", ".", ".x", "-x", "a b", "a/b", "a\\b", "é", "a\tb",
		"name\n\n", "0123456789abcdef",	/* 16 chars: too long for 16 */
	};
	char out[16] = "keep";
	unsigned int i;

	KUNIT_EXPECT_EQ(test, 0, name_of("node-1.a_b:c\n", out, sizeof(out)));
	KUNIT_EXPECT_STREQ(test, "node-1.a_b:c", out);
	KUNIT_EXPECT_EQ(test, 0, name_of("0123456789abcde", out, sizeof(out)));
	KUNIT_EXPECT_STREQ(test, "0123456789abcde", out);
	strscpy(out, "keep", sizeof(out));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    liox_attr_parse_name(bad[i], strlen(bad[i]),
							 out, sizeof(out)),
				    "value \"%s\"", bad[i]);
		KUNIT_EXPECT_STREQ(test, "keep", out);
	}
	KUNIT_EXPECT_EQ(test, -EINVAL, name_of("a", out, 1));
}

static void liox_attr_inet4(struct kunit *test)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

	KUNIT_ASSERT_EQ(test, 0, inet_of("127.0.0.2:3260\n", &ss));
	KUNIT_EXPECT_EQ(test, AF_INET, (int)sin->sin_family);
	KUNIT_EXPECT_EQ(test, htonl(0x7f000002), sin->sin_addr.s_addr);
	KUNIT_EXPECT_EQ(test, htons(3260), sin->sin_port);
	KUNIT_ASSERT_EQ(test, 0, inet_of("0.0.0.0:65535", &ss));
	KUNIT_EXPECT_EQ(test, 0U, sin->sin_addr.s_addr);
	KUNIT_EXPECT_EQ(test, htons(65535), sin->sin_port);
}

static void liox_attr_inet6(struct kunit *test)
{
	struct sockaddr_storage ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	static const u8 loop6[16] = { [15] = 1 };

	KUNIT_ASSERT_EQ(test, 0, inet_of("[::1]:7789", &ss));
	KUNIT_EXPECT_EQ(test, AF_INET6, (int)sin6->sin6_family);
	KUNIT_EXPECT_EQ(test, 0, memcmp(loop6, sin6->sin6_addr.s6_addr, 16));
	KUNIT_EXPECT_EQ(test, htons(7789), sin6->sin6_port);
	KUNIT_EXPECT_EQ(test, 0U, sin6->sin6_scope_id);
	KUNIT_ASSERT_EQ(test, 0,
			inet_of("[2001:db8::1:2]:1\n", &ss));
	KUNIT_EXPECT_EQ(test, htons(1), sin6->sin6_port);
	KUNIT_EXPECT_EQ(test, 0x20, sin6->sin6_addr.s6_addr[0]);
	KUNIT_EXPECT_EQ(test, 0x02, sin6->sin6_addr.s6_addr[15]);
}

static void liox_attr_inet_bad(struct kunit *test)
{
	static const char * const bad[] = {
		"", "1.2.3.4", "1.2.3.4:", "1.2.3.4:0", "1.2.3.4:65536",
		"1.2.3.4:-1", "1.2.3.4:+80", "1.2.3:80", "1.2.3.4.5:80",
		"256.1.1.1:80", "::1:80", "[::1]80", "[::1]:", "[::1", "[]:80",
		"[1.2.3.4]:80", "host:80", "1.2.3.4:80x", "1.2.3.4:80 ",
		" 1.2.3.4:80", "[fe80::1%eth0]:80",
	};
	struct sockaddr_storage ss;
	unsigned int i;

	memset(&ss, 0xa5, sizeof(ss));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    liox_attr_parse_inet(bad[i], strlen(bad[i]), &ss),
				    "value \"%s\"", bad[i]);
		KUNIT_EXPECT_EQ(test, 0xa5a5, (int)ss.ss_family);
	}
}

static struct kunit_case liox_attr_cases[] = {
	KUNIT_CASE(liox_attr_u32_good),
	KUNIT_CASE(liox_attr_u32_bad),
	KUNIT_CASE(liox_attr_bool),
	KUNIT_CASE(liox_attr_name),
	KUNIT_CASE(liox_attr_inet4),
	KUNIT_CASE(liox_attr_inet6),
	KUNIT_CASE(liox_attr_inet_bad),
	{}
};

static struct kunit_suite liox_attr_suite = {
	.name = "liox_attr",
	.test_cases = liox_attr_cases,
};

kunit_test_suite(liox_attr_suite);

MODULE_LICENSE("GPL");
