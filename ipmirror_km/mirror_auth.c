// SPDX-License-Identifier: GPL-2.0
/*
 * The shared-secret challenge-response of the handshake and the MAC of
 * heartbeats: HMAC-SHA256 keyed with the mirror's secret
 * (Documentation/ipmirror-wire.rst, "Handshake and authentication").
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <asm/unaligned.h>
#include "mirror_net.h"

/**
 * liox_mirror_auth_init() - set up HMAC-SHA256 with the mirror's secret
 * @net: the network half; without a secret nothing is set up
 *
 * Return: 0 or a negative errno.
 */
int liox_mirror_auth_init(struct liox_mirror_net *net)
{
	const struct liox_mirror_config *cfg = &net->m->cfg;
	struct crypto_shash *tfm;
	int ret;

	if (!cfg->secret_len)
		return 0;
	tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = crypto_shash_setkey(tfm, cfg->secret, cfg->secret_len);
	if (ret) {
		crypto_free_shash(tfm);
		return ret;
	}
	net->hmac = tfm;
	return 0;
}

/**
 * liox_mirror_auth_exit() - free what liox_mirror_auth_init() set up
 * @net: the network half
 */
void liox_mirror_auth_exit(struct liox_mirror_net *net)
{
	if (net->hmac)
		crypto_free_shash(net->hmac);
	net->hmac = NULL;
}

/**
 * liox_mirror_auth_response() - the answer to a challenge
 * @net: the network half, with a secret
 * @challenge: LIOX_MIRROR_AUTH_LEN random bytes the other side sent
 * @node_id: the answering node's id (binds the answer to a direction)
 * @name: the answering node's name of the mirror
 * @out: LIOX_MIRROR_AUTH_LEN bytes:
 *	HMAC-SHA256(secret, challenge || node_id (be32) || name)
 *
 * Return: 0 or a negative errno.
 */
int liox_mirror_auth_response(struct liox_mirror_net *net,
			      const u8 *challenge, u32 node_id,
			      const char *name, u8 *out)
{
	SHASH_DESC_ON_STACK(desc, net->hmac);
	u8 id[4];
	int ret;

	put_unaligned_be32(node_id, id);
	desc->tfm = net->hmac;
	ret = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, challenge, LIOX_MIRROR_AUTH_LEN) ?:
	      crypto_shash_update(desc, id, sizeof(id)) ?:
	      crypto_shash_update(desc, name, strlen(name)) ?:
	      crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	return ret;
}

/**
 * liox_mirror_auth_hb_mac() - the MAC of an encoded heartbeat
 * @net: the network half, with a secret
 * @msg: the whole message, its mac field zero
 * @len: its length
 * @mac: LIOX_MIRROR_AUTH_LEN bytes
 *
 * Return: 0 or a negative errno.
 */
int liox_mirror_auth_hb_mac(struct liox_mirror_net *net, u8 *msg, u32 len,
			    u8 *mac)
{
	SHASH_DESC_ON_STACK(desc, net->hmac);
	int ret;

	desc->tfm = net->hmac;
	ret = crypto_shash_digest(desc, msg, len, mac);
	shash_desc_zero(desc);
	return ret;
}

/**
 * liox_mirror_auth_equal() - compare two MACs in constant time
 * @a: one
 * @b: the other
 */
bool liox_mirror_auth_equal(const u8 *a, const u8 *b)
{
	return !crypto_memneq(a, b, LIOX_MIRROR_AUTH_LEN);
}
