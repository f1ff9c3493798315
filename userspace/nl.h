/* SPDX-License-Identifier: GPL-2.0 */
/* lioxctl: talking to the "liox" generic netlink family with libnl-3. */
#ifndef LIOXCTL_NL_H
#define LIOXCTL_NL_H

#include <stdint.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "../include/uapi/liox.h"

struct liox_nl {
	struct nl_sock *sk;
	int family;
	int events_group;
};

/* Fills the request; returns 0 or a negative errno. */
typedef int (*liox_nl_fill_fn)(struct nl_msg *msg, void *arg);
/* Called for each reply (or event) with its parsed top-level attributes. */
typedef int (*liox_nl_parse_fn)(struct nlattr **tb, void *arg);

/* 0, -ENOENT when the family is not registered (module not loaded), or
 * another negative errno. */
int liox_nl_open(struct liox_nl *nl);
void liox_nl_close(struct liox_nl *nl);

/* Send cmd (flags: 0 or NLM_F_DUMP) and hand every reply to parse.
 * Returns 0 or the negative errno the kernel (or libnl) reported; a failed
 * dump's errno comes in its NLMSG_DONE. */
int liox_nl_call(struct liox_nl *nl, uint8_t cmd, int flags,
		 liox_nl_fill_fn fill, void *fill_arg,
		 liox_nl_parse_fn parse, void *parse_arg);

/* Join the events group; then liox_nl_event_wait() hands each event to
 * parse. timeout_ms < 0 waits forever. Returns 1 for an event, 0 on
 * timeout, or a negative errno. */
int liox_nl_events_join(struct liox_nl *nl);
int liox_nl_event_wait(struct liox_nl *nl, int timeout_ms,
		       liox_nl_parse_fn parse, void *parse_arg);

/* Parse the nested attributes of a LIOX_ATTR_CAP or similar nest. */
int liox_nl_parse_nested(struct nlattr **tb, struct nlattr *nest);
/* Parse a nest in another attribute space, such as a capability's
 * LIOX_ATTR_PAYLOAD: tb has maxtype + 1 entries. 0 or -EBADMSG. */
int liox_nl_parse_nest(struct nlattr **tb, int maxtype, struct nlattr *nest,
		       const struct nla_policy *policy);

#endif
