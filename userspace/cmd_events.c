// SPDX-License-Identifier: GPL-2.0
/* lioxctl events: print events from the "events" multicast group. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lioxctl.h"
#include "nl.h"

static const char *const lioxctl_event_names[] = {
	[LIOX_EVENT_UNSPEC]		= "unknown",
	[LIOX_EVENT_CAP_ADDED]		= "capability-added",
	[LIOX_EVENT_CAP_REMOVED]	= "capability-removed",
	[LIOX_EVENT_SELFTEST]		= "selftest",
	[LIOX_EVENT_XCOPY_UNREACHABLE]	= "xcopy-unreachable",
	[LIOX_EVENT_XCOPY_FALLBACK]	= "xcopy-fallback",
	[LIOX_EVENT_MIRROR_STATE]	= "mirror-state",
};

static const char *lioxctl_event_name(uint32_t ev)
{
	if (ev < sizeof(lioxctl_event_names) / sizeof(lioxctl_event_names[0]) &&
	    lioxctl_event_names[ev])
		return lioxctl_event_names[ev];
	return "unknown";
}

static const char *lioxctl_str(struct nlattr *a)
{
	return a ? nla_get_string(a) : NULL;
}

static int lioxctl_event_print(struct nlattr **tb, void *arg)
{
	const struct lioxctl_opts *opts = arg;
	const char *cap = lioxctl_str(tb[LIOX_ATTR_CAPABILITY]);
	const char *obj = lioxctl_str(tb[LIOX_ATTR_OBJECT]);
	const char *msg = lioxctl_str(tb[LIOX_ATTR_MESSAGE]);
	uint32_t ev = tb[LIOX_ATTR_EVENT] ? nla_get_u32(tb[LIOX_ATTR_EVENT]) : 0;

	if (opts->json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "event",
				       json_object_new_string(lioxctl_event_name(ev)));
		json_object_object_add(o, "code", json_object_new_int64(ev));
		if (cap)
			json_object_object_add(o, "capability", json_object_new_string(cap));
		if (obj)
			json_object_object_add(o, "object", json_object_new_string(obj));
		if (msg)
			json_object_object_add(o, "message", json_object_new_string(msg));
		/* one object a line, so a reader can follow the stream */
		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
	} else {
		printf("%-20s %-10s %s%s%s\n", lioxctl_event_name(ev),
		       cap ?: "-", obj ?: "-", msg ? "  " : "", msg ?: "");
	}
	fflush(stdout);
	return 0;
}

int lioxctl_cmd_events(const struct lioxctl_opts *opts, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "count", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	long count = -1, timeout = -1, seen = 0;
	struct timespec start, now;
	struct liox_nl nl;
	char *end;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "c:t:", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			count = strtol(optarg, &end, 10);
			if (*end || count < 1)
				return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
						    "--count wants a number >= 1");
			break;
		case 't':
			timeout = strtol(optarg, &end, 10);
			if (*end || timeout < 1)
				return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
						    "--timeout wants seconds >= 1");
			break;
		default:
			return LIOXCTL_EXIT_USAGE;
		}
	}
	if (optind != argc)
		return lioxctl_fail(opts, LIOXCTL_EXIT_USAGE,
				    "events: unexpected argument \"%s\"",
				    argv[optind]);

	ret = lioxctl_nl_open(opts, &nl);
	if (ret)
		return ret;
	ret = liox_nl_events_join(&nl);
	if (ret < 0) {
		liox_nl_close(&nl);
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "cannot join the events group: %s",
				    strerror(-ret));
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (count < 0 || seen < count) {
		int wait_ms = -1;

		if (timeout > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			wait_ms = timeout * 1000 -
				  ((now.tv_sec - start.tv_sec) * 1000 +
				   (now.tv_nsec - start.tv_nsec) / 1000000);
			if (wait_ms <= 0)
				break;
		}
		ret = liox_nl_event_wait(&nl, wait_ms, lioxctl_event_print,
					 (void *)opts);
		if (ret < 0) {
			liox_nl_close(&nl);
			return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
					    "reading events: %s", strerror(-ret));
		}
		seen += ret;
	}
	liox_nl_close(&nl);
	/* Asked for N events and got fewer before the timeout: say so. */
	if (count > 0 && seen < count) {
		fprintf(stderr, "lioxctl: %ld of %ld events before the timeout\n",
			seen, count);
		return LIOXCTL_EXIT_ERROR;
	}
	return LIOXCTL_EXIT_OK;
}
