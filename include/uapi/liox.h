/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * liox generic netlink interface, shared by the kernel modules and user space.
 *
 * One family, LIOX_GENL_NAME, with one multicast group for events. The core
 * (liox_core.ko) owns the family and answers LIOX_CMD_GET_VERSION; commands
 * from LIOX_CMD_CAP_FIRST up are served by whichever capability module
 * registered them (xcopy, ipmirror, vsan, ...). All commands share one
 * attribute space; capability-specific data travels in LIOX_ATTR_PAYLOAD,
 * whose content the capability validates with its own policy.
 *
 * Documentation/netlink.rst describes every command and attribute.
 */
#ifndef _UAPI_LIOX_H
#define _UAPI_LIOX_H

#define LIOX_GENL_NAME		"liox"
#define LIOX_GENL_VERSION	1
#define LIOX_GENL_MCGRP_EVENTS	"events"

enum liox_cmd {
	LIOX_CMD_UNSPEC,
	LIOX_CMD_GET_VERSION,	/* do: LIOX_ATTR_VERSION, _PROTO, _CAPS */
	LIOX_CMD_EVENT,		/* multicast on "events" only */

	/* 16..127: served by capability modules, see enum liox_cap_cmd */
	LIOX_CMD_CAP_FIRST = 16,
	LIOX_CMD_CAP_LAST = 127,
};

/* Commands served by capability modules. */
enum liox_cap_cmd {
	/* tests/modules/liox_selftest.ko: echoes LIOX_ATTR_OBJECT back */
	LIOX_CMD_SELFTEST_ECHO = LIOX_CMD_CAP_FIRST,
	/* liox_xcopy.ko: dump, see include/uapi/liox_xcopy.h */
	LIOX_CMD_XCOPY_STATUS,
	/* liox_ipmirror.ko: dump, see include/uapi/liox_mirror.h */
	LIOX_CMD_MIRROR_STATUS,
};

enum liox_attr {
	LIOX_ATTR_UNSPEC,
	LIOX_ATTR_VERSION,	/* string: module version, e.g. "0.1.0" */
	LIOX_ATTR_PROTO,	/* u32: LIOX_GENL_VERSION the kernel speaks */
	LIOX_ATTR_CAPS,		/* nest of LIOX_ATTR_CAP */
	LIOX_ATTR_CAP,		/* nest: LIOX_ATTR_CAPABILITY, LIOX_ATTR_VERSION */
	LIOX_ATTR_CAPABILITY,	/* string: capability name ("core", "xcopy") */
	LIOX_ATTR_EVENT,	/* u32: enum liox_event */
	LIOX_ATTR_OBJECT,	/* string: name of the object concerned */
	LIOX_ATTR_MESSAGE,	/* string: human-readable text */
	LIOX_ATTR_PAYLOAD,	/* nest: capability-specific attributes */
	LIOX_ATTR_PAD,

	__LIOX_ATTR_MAX,
	LIOX_ATTR_MAX = __LIOX_ATTR_MAX - 1
};

enum liox_event {
	LIOX_EVENT_UNSPEC,
	LIOX_EVENT_CAP_ADDED,	/* a capability module registered */
	LIOX_EVENT_CAP_REMOVED,	/* a capability module unregistered */
	LIOX_EVENT_SELFTEST,	/* sent by liox_selftest.ko on request */
	LIOX_EVENT_XCOPY_UNREACHABLE,	/* no initiator port reached a CSCD */
	LIOX_EVENT_XCOPY_FALLBACK,	/* a copy moved to the next port */
	LIOX_EVENT_MIRROR_STATE,	/* a mirror changed state; MESSAGE = it */

	__LIOX_EVENT_MAX,
};

#define LIOX_NAME_MAX	64	/* object names, including the final NUL */

#endif /* _UAPI_LIOX_H */
