// SPDX-License-Identifier: GPL-2.0
/*
 * Pages for data between the socket and the backing device: the peer's
 * writes and resync data being received, regions read for the resync and
 * for online verify. A page from the page allocator is zeroed each time
 * (init_on_alloc, on in Debian's kernel) and costs the allocator's locks;
 * a mirror receiving at full speed would do that for every byte. Like
 * DRBD's page pool, each mirror keeps up to LIOX_MIRROR_POOL_PAGES pages
 * it has used and takes from them first.
 *
 * A page comes back to the pool only when the pool holds its last
 * reference: a page sent by reference (kernel_sendpage()) may still sit
 * in a socket's queue, and is then let go, for the socket to free.
 *
 * Bios over such pages come from the mirror's own bio_set, shared by the
 * receivers, the resync and online verify: the resync holds up to
 * LIOX_MIRROR_RS_READAHEAD - 1 of them (read, not yet sent) while it
 * allocates the next, which the shared fs_bio_set does not allow.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include "mirror_net.h"

/**
 * liox_mirror_pool_init() - an empty pool
 * @pool: the pool
 *
 * Return: 0 or -ENOMEM.
 */
int liox_mirror_pool_init(struct liox_mirror_pool *pool)
{
	spin_lock_init(&pool->lock);
	INIT_LIST_HEAD(&pool->pages);
	pool->nr = 0;
	return bioset_init(&pool->bios, LIOX_MIRROR_RS_READAHEAD + 1, 0,
			   BIOSET_NEED_BVECS);
}

/**
 * liox_mirror_pool_destroy() - free the pages of a pool no one uses
 * @pool: the pool
 */
void liox_mirror_pool_destroy(struct liox_mirror_pool *pool)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, &pool->pages, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	pool->nr = 0;
	bioset_exit(&pool->bios);
}

static struct page *liox_mirror_pool_get(struct liox_mirror_pool *pool)
{
	struct page *page = NULL;

	spin_lock(&pool->lock);
	if (pool->nr) {
		page = list_first_entry(&pool->pages, struct page, lru);
		list_del(&page->lru);
		pool->nr--;
	}
	spin_unlock(&pool->lock);
	return page ?: alloc_page(GFP_NOIO);
}

static void liox_mirror_pool_put(struct liox_mirror_pool *pool,
				 struct page *page)
{
	/* with a single reference, no one else can take one */
	if (page_ref_count(page) == 1) {
		spin_lock(&pool->lock);
		if (pool->nr < LIOX_MIRROR_POOL_PAGES) {
			list_add(&page->lru, &pool->pages);
			pool->nr++;
			page = NULL;
		}
		spin_unlock(&pool->lock);
	}
	if (page)
		put_page(page);
}

/**
 * liox_mirror_pages_bio_put() - give back a bio of liox_mirror_pages_bio()
 *	and its pages
 * @net: the network half
 * @bio: the bio, done with
 */
void liox_mirror_pages_bio_put(struct liox_mirror_net *net, struct bio *bio)
{
	struct bvec_iter_all iter;
	struct bio_vec *bv;

	bio_for_each_segment_all(bv, bio, iter)
		liox_mirror_pool_put(&net->pool, bv->bv_page);
	bio_put(bio);
}

/**
 * liox_mirror_pages_bio() - a bio over @len bytes of pages from the pool,
 *	to or from the backing device
 * @net: the network half (its pool and bio_set)
 * @opf: operation and flags
 * @sector: where
 * @len: bytes, at most LIOX_MIRROR_WIRE_MAX_PAYLOAD
 *
 * The pages' content is undefined; one page per bio_vec.
 * liox_mirror_pages_bio_put() gives both back.
 *
 * Return: the bio, or NULL (no memory).
 */
struct bio *liox_mirror_pages_bio(struct liox_mirror_net *net, blk_opf_t opf,
				  u64 sector, u32 len)
{
	struct page *page;
	struct bio *bio;
	u32 n;

	/* a bio_set's bio with GFP_NOIO does not fail */
	bio = bio_alloc_bioset(net->m->backing, DIV_ROUND_UP(len, PAGE_SIZE),
			       opf, GFP_NOIO, &net->pool.bios);
	bio->bi_iter.bi_sector = sector;
	for (; len; len -= n) {
		n = min_t(u32, len, PAGE_SIZE);
		page = liox_mirror_pool_get(&net->pool);
		if (!page) {
			liox_mirror_pages_bio_put(net, bio);
			return NULL;
		}
		__bio_add_page(bio, page, n, 0);
	}
	return bio;
}
