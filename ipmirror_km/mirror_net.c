// SPDX-License-Identifier: GPL-2.0
/*
 * Hooks for the network half of the mirror (TCP data connections, UDP
 * heartbeats, resync: Documentation/ipmirror-wire.rst). Until it exists
 * a mirror is always "standalone": no peer is connected, so every write
 * of a primary is tracked in the dirty bitmap, and nothing is sent.
 *
 * The network half keeps its state in struct liox_mirror_net, hung on
 * liox_mirror->net while the mirror is enabled.
 */
#include "mirror_internal.h"

/**
 * liox_mirror_peer_connected() - does the peer receive this node's
 *	writes right now?
 * @m: the mirror
 *
 * While it does not, writes are recorded in the dirty bitmap (and the
 * metadata area) before they complete.
 *
 * Return: false, until the network half exists.
 */
bool liox_mirror_peer_connected(struct liox_mirror *m)
{
	return false;
}

/**
 * liox_mirror_submit_remote() - offer a write to the peer
 * @m: the mirror (a primary)
 * @io: the write, about to be sent to the backing device; its regions are
 *	already recorded dirty if the peer was not connected
 *
 * Called for every write just before its local clone is submitted (from
 * the submitter's context or the metadata worker; may not block long).
 * To mirror it, take a leg with atomic_inc(&io->pending) here and end it
 * with liox_mirror_io_put(io, status): in sync mode when the peer acked
 * its durable write, in async mode once the write is queued for sending.
 * The original bio completes after both legs.
 */
void liox_mirror_submit_remote(struct liox_mirror *m,
			       struct liox_mirror_io *io)
{
}
