// SPDX-License-Identifier: GPL-2.0
/*
 * Candidate initiator ports of a copy (see xcopy_ports.h). The engine
 * calls liox_xcopy_cands_next() for a port, probes the copy target behind
 * it, and liox_xcopy_cands_drop()s it with a reason when the probe - or a
 * later I/O - fails; the next call then moves on. When no port is left,
 * liox_xcopy_cands_report() says why each one failed, for the event and
 * the log line that go with COPY ABORTED / copy target device not
 * reachable.
 */
#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include "xcopy_ports.h"

static const char * const liox_xcopy_port_reasons[] = {
	[LIOX_PORT_OK]		= "ok",
	[LIOX_PORT_NO_HOST]	= "no such host",
	[LIOX_PORT_NO_DEVICE]	= "no such device",
	[LIOX_PORT_OFFLINE]	= "offline",
	[LIOX_PORT_NOT_READY]	= "not ready",
	[LIOX_PORT_IO_ERROR]	= "I/O error",
};

const char *liox_xcopy_port_reason_name(enum liox_xcopy_port_reason r)
{
	return r < __LIOX_PORT_REASON_MAX ? liox_xcopy_port_reasons[r] : "?";
}

/**
 * liox_xcopy_cands_init() - start with every port of the group
 * @c: the candidates
 * @member: bitmap of the group's ports (LIOX_XCOPY_MAX_PORTS bits)
 */
void liox_xcopy_cands_init(struct liox_xcopy_cands *c,
			   const unsigned long *member)
{
	bitmap_copy(c->member, member, LIOX_XCOPY_MAX_PORTS);
	bitmap_copy(c->left, member, LIOX_XCOPY_MAX_PORTS);
	memset(c->reason, LIOX_PORT_OK, sizeof(c->reason));
	c->in_use = -1;
	c->fallbacks = 0;
}

/**
 * liox_xcopy_cands_next() - the port to use now
 * @c: the candidates
 *
 * Return: the current port if it was not dropped, else the lowest port
 * still left, or -ENODEV when none is.
 */
int liox_xcopy_cands_next(struct liox_xcopy_cands *c)
{
	unsigned int port;

	if (c->in_use >= 0 && test_bit(c->in_use, c->left))
		return c->in_use;
	port = find_first_bit(c->left, LIOX_XCOPY_MAX_PORTS);
	if (port >= LIOX_XCOPY_MAX_PORTS) {
		c->in_use = -1;
		return -ENODEV;
	}
	if (c->in_use >= 0)
		c->fallbacks++;
	c->in_use = port;
	return port;
}

/**
 * liox_xcopy_cands_drop() - give up a port
 * @c: the candidates
 * @port: a port of the group
 * @reason: why
 */
void liox_xcopy_cands_drop(struct liox_xcopy_cands *c, int port,
			   enum liox_xcopy_port_reason reason)
{
	if (port < 0 || port >= LIOX_XCOPY_MAX_PORTS || !test_bit(port, c->member))
		return;
	clear_bit(port, c->left);
	c->reason[port] = reason;
}

/**
 * liox_xcopy_cands_report() - "name: reason" for each dropped port
 * @c: the candidates
 * @names: the ports' names, indexed like the bitmaps, or NULL for "port N"
 * @buf: where the text goes, NUL-terminated
 * @size: its size
 *
 * Return: the length of the text (truncated to fit).
 */
size_t liox_xcopy_cands_report(const struct liox_xcopy_cands *c,
			       const char *const *names, char *buf,
			       size_t size)
{
	size_t len = 0;
	unsigned int port;

	if (!size)
		return 0;
	buf[0] = '\0';
	for_each_set_bit(port, c->member, LIOX_XCOPY_MAX_PORTS) {
		if (test_bit(port, c->left))
			continue;
		if (names)
			len += scnprintf(buf + len, size - len, "%s%s: %s",
					 len ? ", " : "", names[port],
					 liox_xcopy_port_reason_name(c->reason[port]));
		else
			len += scnprintf(buf + len, size - len, "%sport %u: %s",
					 len ? ", " : "", port,
					 liox_xcopy_port_reason_name(c->reason[port]));
	}
	if (!len)
		len = scnprintf(buf, size, "no initiator port in the group");
	return len;
}
