// SPDX-License-Identifier: GPL-2.0
/*
 * liox_tape: a minimal SSC-3 tape drive (SCSI peripheral type 1) behind a
 * LIO "user" (TCMU) backstore, for tests.
 *
 *   liox_tape <uio-name-substring> <backing-file>
 *
 * Finds the /dev/uioN whose /sys/class/uio/uioN/name ("tcm-user/<hba>/
 * <dev>/<dev_config>") contains the substring, maps its ring and answers
 * every command LIO passes up (all but REPORT LUNS and the reservation
 * commands, which LIO emulates or refuses itself; unit attentions are
 * LIO's too) until SIGTERM or SIGINT. One command at a time, in ring
 * order; no libtcmu.
 *
 * Emulated: INQUIRY (standard; VPD 00h, 80h from LIO's wwn/vpd_unit_serial,
 * 83h with LIO's NAA 6 designator and a T10 vendor id one), TEST UNIT
 * READY, REQUEST SENSE (always NO SENSE: sense is autosense), READ BLOCK
 * LIMITS (1 byte .. 256 KiB), MODE SENSE(6)/(10) with a block descriptor
 * and no pages, MODE SELECT(6) setting the block length (0 = variable),
 * READ(6)/WRITE(6) in fixed and variable mode (ILI with signed residue,
 * SILI, FILEMARK 00/01, BLANK CHECK 00/05 at end of data), WRITE
 * FILEMARKS(6), REWIND, SPACE(6) over blocks, filemarks (both directions)
 * and to end of data, LOCATE(10), READ POSITION short form, LOAD UNLOAD
 * (unloaded: NOT READY 3A/00) and PREVENT ALLOW MEDIUM REMOVAL.
 * Anything else: ILLEGAL REQUEST 20/00.
 *
 * Not emulated: partitions, setmarks, densities and compression, mode
 * pages, early warning / end of medium (the tape is as long as the file
 * system allows), ERASE, long/extended READ POSITION, descriptor-format
 * sense, buffered mode (every write reaches the file before GOOD), task
 * management (TMR entries are skipped), out-of-order completion.
 *
 * Backing file: a record log, one entry per logical object: a u32
 * little-endian header, 0xffffffff for a filemark, otherwise the record's
 * length followed by its bytes. End of file is end of data. Writing
 * truncates everything after the current position, as a tape does.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>
/* glibc's struct iovec is the kernel's: keep linux/uio.h from redefining it */
#define __LINUX_UIO_H
#include <linux/target_core_user.h>

#define FILEMARK	0xffffffffu
#define MAX_BLOCK	(256 * 1024)
#define SENSE_LEN	18

/* sense keys and fixed-format flag bits (byte 2) */
enum { NO_SENSE = 0, NOT_READY = 2, MEDIUM_ERROR = 3, ILLEGAL_REQUEST = 5,
       BLANK_CHECK = 8 };
#define FMK 0x80
#define EOM 0x40
#define ILI 0x20

struct rec {
	off_t off;		/* of the header in the backing file */
	uint32_t len;		/* FILEMARK or data length */
};

struct tape {
	/* medium */
	int fd;
	struct rec *recs;
	size_t nrecs, cap, pos;	/* pos: index of the next object */
	off_t end;		/* end of the log in the file */
	uint32_t blklen;	/* 0: variable-block mode */
	int loaded, prevent;
	char serial_path[512];
	uint8_t buf[MAX_BLOCK];
	/* ring */
	int uio;
	uint8_t *map;
	size_t map_size;
	/* the command in hand */
	uint8_t *cdb;
	struct tcmu_cmd_entry *ent;
	uint32_t iov_cnt, read_len;
	uint8_t status, sense[SENSE_LEN];
};

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* ---- responses ---- */

static void sense(struct tape *t, uint8_t key, uint8_t flags, uint16_t asc,
		  int info_valid, int32_t info)
{
	memset(t->sense, 0, sizeof(t->sense));
	t->sense[0] = 0x70 | (info_valid ? 0x80 : 0);
	t->sense[2] = key | flags;
	if (info_valid) {
		uint32_t be = htobe32((uint32_t)info);

		memcpy(&t->sense[3], &be, 4);
	}
	t->sense[7] = SENSE_LEN - 8;
	t->sense[12] = asc >> 8;
	t->sense[13] = asc & 0xff;
	t->status = 0x02;	/* CHECK CONDITION */
}

static void illegal(struct tape *t, uint16_t asc)
{
	sense(t, ILLEGAL_REQUEST, 0, asc, 0, 0);
}

/* Copy len bytes between p and the command's data buffer (iovecs whose
 * bases are offsets into the map) at offset off; returns bytes copied. */
static size_t iov_xfer(struct tape *t, void *p, size_t off, size_t len,
		       int to_iov)
{
	size_t at = 0, done = 0;
	uint32_t i;

	for (i = 0; i < t->iov_cnt && done < len; i++) {
		uint8_t *base = t->map + (size_t)t->ent->req.iov[i].iov_base;
		size_t l = t->ent->req.iov[i].iov_len, from, n;

		if (at + l > off + done) {
			from = off + done - at;
			n = l - from < len - done ? l - from : len - done;
			if (to_iov)
				memcpy(base + from, (uint8_t *)p + done, n);
			else
				memcpy((uint8_t *)p + done, base + from, n);
			done += n;
		}
		at += l;
	}
	return done;
}

/* Data-In: at most alloc bytes of p. */
static void data_in(struct tape *t, const void *p, size_t len, size_t alloc)
{
	t->read_len = iov_xfer(t, (void *)p, 0, len < alloc ? len : alloc, 1);
}

/* ---- the medium ---- */

static void add_rec(struct tape *t, uint32_t len)
{
	if (t->nrecs == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 1024;
		t->recs = realloc(t->recs, t->cap * sizeof(*t->recs));
		if (!t->recs)
			die("realloc");
	}
	t->recs[t->nrecs].off = t->end;
	t->recs[t->nrecs].len = len;
	t->nrecs++;
	t->end += 4 + (len == FILEMARK ? 0 : len);
}

static void load_log(struct tape *t)
{
	uint32_t hdr;
	struct stat st;

	if (fstat(t->fd, &st))
		die("fstat");
	while (pread(t->fd, &hdr, 4, t->end) == 4) {
		hdr = le32toh(hdr);
		if (hdr != FILEMARK &&
		    (hdr > MAX_BLOCK || t->end + 4 + hdr > st.st_size))
			break;		/* torn record: drop it */
		add_rec(t, hdr);
	}
	if (ftruncate(t->fd, t->end))
		die("ftruncate");
}

/* Append an object at the current position, dropping what followed. */
static int append(struct tape *t, uint32_t len, const void *data)
{
	uint32_t hdr = htole32(len);

	if (t->pos < t->nrecs) {
		t->end = t->recs[t->pos].off;
		t->nrecs = t->pos;
		if (ftruncate(t->fd, t->end))
			return -1;
	}
	if (pwrite(t->fd, &hdr, 4, t->end) != 4 ||
	    (len != FILEMARK && len &&
	     pwrite(t->fd, data, len, t->end + 4) != (ssize_t)len))
		return -1;
	add_rec(t, len);
	t->pos = t->nrecs;
	return 0;
}

static int read_rec(struct tape *t, const struct rec *r, size_t n)
{
	return pread(t->fd, t->buf, n, r->off + 4) == (ssize_t)n ? 0 : -1;
}

/* ---- commands ---- */

static uint32_t get24(const uint8_t *p)
{
	return p[0] << 16 | p[1] << 8 | p[2];
}

static void put_be(uint8_t *p, uint64_t v, int n)
{
	while (n--) {
		p[n] = v & 0xff;
		v >>= 8;
	}
}

static void read_serial(struct tape *t, char *s, size_t size)
{
	FILE *f = fopen(t->serial_path, "r");
	char line[256] = "";

	s[0] = 0;
	if (f) {
		if (fgets(line, sizeof(line), f)) {
			char *p = strstr(line, "Number:");

			if (p) {
				p += 7;
				while (*p == ' ')
					p++;
				p[strcspn(p, "\n")] = 0;
				snprintf(s, size, "%s", p);
			}
		}
		fclose(f);
	}
}

/* LIO's NAA 6 designator (spc_gen_naa_6h_vendor_specific): IEEE company
 * id 0x001405, then the serial's hex digits. */
static void naa6(const char *serial, uint8_t *d)
{
	const uint32_t company = 0x001405;
	int off = 0, next = 1, v;

	memset(d, 0, 16);
	d[off] = 0x6 << 4;
	d[off++] |= (company >> 20) & 0xf;
	d[off++] = (company >> 12) & 0xff;
	d[off++] = (company >> 4) & 0xff;
	d[off] = (company & 0xf) << 4;
	for (; *serial && off < 16; serial++) {
		if (!isxdigit((unsigned char)*serial))
			continue;
		v = isdigit((unsigned char)*serial) ? *serial - '0' :
			tolower((unsigned char)*serial) - 'a' + 10;
		if (next) {
			next = 0;
			d[off++] |= v;
		} else {
			next = 1;
			d[off] = v << 4;
		}
	}
}

static void inquiry(struct tape *t)
{
	size_t alloc = t->cdb[3] << 8 | t->cdb[4], n;
	uint8_t *b = t->buf, *d;
	char serial[128];

	memset(b, 0, 256);
	if (!(t->cdb[1] & 1)) {
		if (t->cdb[2])
			return illegal(t, 0x2400);
		b[0] = 0x01;		/* sequential-access */
		b[1] = 0x80;		/* RMB */
		b[2] = 0x06;		/* SPC-4 */
		b[3] = 0x02;		/* response data format */
		b[4] = 36 - 5;
		memcpy(&b[8], "LIO-ORG liox_tape       0001", 28);
		return data_in(t, b, 36, alloc);
	}
	read_serial(t, serial, sizeof(serial));
	b[0] = 0x01;
	b[1] = t->cdb[2];
	switch (t->cdb[2]) {
	case 0x00:
		b[4] = 0x00; b[5] = 0x80; b[6] = 0x83;
		n = 3;
		break;
	case 0x80:
		n = strlen(serial);
		memcpy(&b[4], serial, n);
		break;
	case 0x83:
		b[4] = 0x01;		/* binary */
		b[5] = 0x03;		/* association LUN, NAA */
		b[7] = 16;
		naa6(serial, &b[8]);
		d = &b[24];		/* the next descriptor */
		d[0] = 0x02;		/* ASCII */
		d[1] = 0x01;		/* association LUN, T10 vendor id */
		d[3] = 8 + strlen(serial);
		memcpy(&d[4], "LIO-ORG ", 8);
		memcpy(&d[12], serial, strlen(serial));
		n = 20 + 4 + d[3];
		break;
	default:
		return illegal(t, 0x2400);
	}
	put_be(&b[2], n, 2);
	data_in(t, b, 4 + n, alloc);
}

static void mode_sense(struct tape *t, int ten)
{
	uint8_t *b = t->buf, *bd;
	int dbd = t->cdb[1] & 0x08, page = t->cdb[2] & 0x3f, hl = ten ? 8 : 4;
	size_t alloc = ten ? (t->cdb[7] << 8 | t->cdb[8]) : t->cdb[4];
	size_t len = hl + (dbd ? 0 : 8);

	if (page != 0x00 && page != 0x3f)
		return illegal(t, 0x2400);
	memset(b, 0, 16);
	if (ten) {
		put_be(&b[0], len - 2, 2);
		b[7] = dbd ? 0 : 8;
	} else {
		b[0] = len - 1;
		b[3] = dbd ? 0 : 8;
	}
	/* medium type 0, device-specific 0: not write protected, unbuffered */
	bd = &b[hl];
	if (!dbd)
		put_be(&bd[5], t->blklen, 3);	/* density 0, blocks 0 */
	data_in(t, b, len, alloc);
}

static void mode_select6(struct tape *t)
{
	size_t len = t->cdb[4];
	uint32_t bl;

	if (len == 0)
		return;
	if (len < 4 || iov_xfer(t, t->buf, 0, len, 0) < len)
		return sense(t, ILLEGAL_REQUEST, 0, 0x1a00, 0, 0);
	if (t->buf[3] == 0)
		return;				/* no block descriptor */
	if (t->buf[3] != 8 || len < 12)
		return sense(t, ILLEGAL_REQUEST, 0, 0x2600, 0, 0);
	bl = get24(&t->buf[4 + 5]);
	if (bl > MAX_BLOCK)
		return sense(t, ILLEGAL_REQUEST, 0, 0x2600, 0, 0);
	t->blklen = bl;
}

static void write6(struct tape *t)
{
	int fixed = t->cdb[1] & 1;
	uint32_t n = get24(&t->cdb[2]), size = fixed ? t->blklen : n, i;

	if ((fixed && !t->blklen) || size > MAX_BLOCK)
		return illegal(t, 0x2400);
	for (i = 0; i < (fixed ? n : !!n); i++) {
		if (iov_xfer(t, t->buf, (size_t)i * size, size, 0) < size)
			return illegal(t, 0x2400);	/* short buffer */
		if (append(t, size, t->buf))
			return sense(t, MEDIUM_ERROR, 0, 0x0c00, 1,
				     fixed ? n - i : n);
	}
}

static void read6(struct tape *t)
{
	int fixed = t->cdb[1] & 1, sili = t->cdb[1] & 2;
	uint32_t n = get24(&t->cdb[2]), want = fixed ? t->blklen : n, i;
	size_t got = 0;

	if ((fixed && !t->blklen) || (fixed && sili))
		return illegal(t, 0x2400);
	if (!n)
		return;
	for (i = 0; i < (fixed ? n : 1); i++) {
		int32_t left = fixed ? (int32_t)(n - i) : (int32_t)n;
		struct rec *r;
		uint32_t copy;

		if (t->pos == t->nrecs) {
			sense(t, BLANK_CHECK, 0, 0x0005, 1, left);
			break;
		}
		r = &t->recs[t->pos++];
		if (r->len == FILEMARK) {
			sense(t, NO_SENSE, FMK, 0x0001, 1, left);
			break;
		}
		copy = r->len < want ? r->len : want;
		if (read_rec(t, r, copy))
			return sense(t, MEDIUM_ERROR, 0, 0x1100, 1, left);
		iov_xfer(t, t->buf, got, copy, 1);
		got += copy;
		if (r->len != want) {
			if (!fixed && sili && r->len < want)
				break;		/* GOOD, short read_len */
			sense(t, NO_SENSE, ILI, 0x0000, 1,
			      fixed ? left : (int32_t)(want - r->len));
			break;
		}
	}
	t->read_len = got;
}

static void write_filemarks(struct tape *t)
{
	uint32_t n = get24(&t->cdb[2]), i;

	for (i = 0; i < n; i++)
		if (append(t, FILEMARK, NULL))
			return sense(t, MEDIUM_ERROR, 0, 0x0c00, 1, n - i);
}

/* SPACE(6): blocks or filemarks, either way, or to end of data. */
static void space6(struct tape *t)
{
	int code = t->cdb[1] & 7;
	int32_t count = (int32_t)(get24(&t->cdb[2]) << 8) >> 8;
	int32_t left = count < 0 ? -count : count;
	uint32_t len;

	if (code == 3) {
		t->pos = t->nrecs;
		return;
	}
	if (code > 1)
		return illegal(t, 0x2400);
	while (left) {
		if (count > 0 && t->pos == t->nrecs)
			return sense(t, BLANK_CHECK, 0, 0x0005, 1, left);
		if (count < 0 && t->pos == 0)	/* beginning of partition */
			return sense(t, NO_SENSE, EOM, 0x0004, 1, left);
		len = t->recs[count > 0 ? t->pos++ : --t->pos].len;
		/* a filemark ends a space over blocks, past it going
		 * forward, before it going back */
		if (len == FILEMARK && code == 0)
			return sense(t, NO_SENSE, FMK, 0x0001, 1, left);
		if ((len == FILEMARK) == (code == 1))
			left--;
	}
}

static void locate10(struct tape *t)
{
	uint32_t to = t->cdb[3] << 24 | t->cdb[4] << 16 | t->cdb[5] << 8 |
		      t->cdb[6];

	if (t->cdb[1] & 0x02)
		return illegal(t, 0x2400);	/* change partition */
	if (to > t->nrecs) {
		t->pos = t->nrecs;
		return sense(t, BLANK_CHECK, 0, 0x0005, 0, 0);
	}
	t->pos = to;
}

static void read_position(struct tape *t)
{
	uint8_t *b = t->buf;

	if ((t->cdb[1] & 0x1f) > 1)
		return illegal(t, 0x2400);	/* long/extended forms */
	memset(b, 0, 20);
	b[0] = t->pos == 0 ? 0x80 : 0;		/* BOP */
	put_be(&b[4], t->pos, 4);
	put_be(&b[8], t->pos, 4);
	data_in(t, b, 20, 20);
}

static void load_unload(struct tape *t)
{
	int load = t->cdb[4] & 1;

	if (!load && t->prevent)
		return illegal(t, 0x5302);	/* medium removal prevented */
	t->pos = 0;
	t->loaded = load;
}

static int needs_medium(uint8_t op)
{
	switch (op) {
	case 0x00: case 0x01: case 0x08: case 0x0a: case 0x10: case 0x11:
	case 0x2b: case 0x34:
		return 1;
	}
	return 0;
}

static void execute(struct tape *t)
{
	uint8_t op = t->cdb[0];

	if (needs_medium(op) && !t->loaded)
		return sense(t, NOT_READY, 0, 0x3a00, 0, 0);
	switch (op) {
	case 0x00:	/* TEST UNIT READY */
		break;
	case 0x01:	/* REWIND */
		t->pos = 0;
		break;
	case 0x03: {	/* REQUEST SENSE */
		uint8_t s[SENSE_LEN] = { 0x70, 0, NO_SENSE, 0, 0, 0, 0,
					 SENSE_LEN - 8 };

		data_in(t, s, sizeof(s), t->cdb[4]);
		break;
	}
	case 0x05: {	/* READ BLOCK LIMITS */
		uint8_t b[6] = { 0 };

		put_be(&b[1], MAX_BLOCK, 3);
		put_be(&b[4], 1, 2);
		data_in(t, b, 6, 6);
		break;
	}
	case 0x08:
		read6(t);
		break;
	case 0x0a:
		write6(t);
		break;
	case 0x10:
		write_filemarks(t);
		break;
	case 0x11:
		space6(t);
		break;
	case 0x12:
		inquiry(t);
		break;
	case 0x15:
		mode_select6(t);
		break;
	case 0x1a:
		mode_sense(t, 0);
		break;
	case 0x1b:
		load_unload(t);
		break;
	case 0x1e:	/* PREVENT ALLOW MEDIUM REMOVAL */
		t->prevent = t->cdb[4] & 1;
		break;
	case 0x2b:
		locate10(t);
		break;
	case 0x34:
		read_position(t);
		break;
	case 0x5a:
		mode_sense(t, 1);
		break;
	default:
		illegal(t, 0x2000);
	}
}

/* ---- the ring ---- */

static uint32_t *mb_field(struct tape *t, size_t off)
{
	return (uint32_t *)(t->map + off);
}

static void handle_ring(struct tape *t)
{
	struct tcmu_mailbox *mb = (struct tcmu_mailbox *)t->map;
	uint32_t *head = mb_field(t, offsetof(struct tcmu_mailbox, cmd_head));
	uint32_t *tail = mb_field(t, offsetof(struct tcmu_mailbox, cmd_tail));
	uint32_t pos = *tail;
	int cap_read_len = mb->flags & TCMU_MAILBOX_FLAG_CAP_READ_LEN;

	while (pos != __atomic_load_n(head, __ATOMIC_ACQUIRE)) {
		struct tcmu_cmd_entry *ent =
			(void *)(t->map + mb->cmdr_off + pos);
		uint32_t len_op = ent->hdr.len_op;

		if (tcmu_hdr_get_op(len_op) == TCMU_OP_CMD) {
			t->ent = ent;
			t->cdb = t->map + ent->req.cdb_off;
			t->iov_cnt = ent->req.iov_cnt;
			t->read_len = 0;
			t->status = 0;
			execute(t);
			/* rsp overlays req: write it only now */
			ent->rsp.scsi_status = t->status;
			if (t->status)
				memcpy(ent->rsp.sense_buffer, t->sense,
				       SENSE_LEN);
			if (cap_read_len && t->read_len) {
				ent->hdr.uflags |= TCMU_UFLAG_READ_LEN;
				ent->rsp.read_len = t->read_len;
			}
		}
		/* PAD and TMR (notification only): just step over */
		pos = (pos + tcmu_hdr_get_len(len_op)) % mb->cmdr_size;
		__atomic_store_n(tail, pos, __ATOMIC_RELEASE);
	}
}

static int find_uio(struct tape *t, const char *want)
{
	glob_t g;
	size_t i;
	int found = -1;

	if (glob("/sys/class/uio/uio*", 0, NULL, &g))
		return -1;
	for (i = 0; i < g.gl_pathc && found < 0; i++) {
		char path[512], name[512], dev[256];
		unsigned int hba;
		FILE *f;

		snprintf(path, sizeof(path), "%s/name", g.gl_pathv[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (!fgets(name, sizeof(name), f))
			name[0] = 0;
		fclose(f);
		if (!strstr(name, want) ||
		    sscanf(name, "tcm-user/%u/%255[^/\n]", &hba, dev) != 2)
			continue;
		snprintf(t->serial_path, sizeof(t->serial_path),
			 "/sys/kernel/config/target/core/user_%u/%s/wwn/vpd_unit_serial",
			 hba, dev);
		snprintf(path, sizeof(path), "%s/maps/map0/size",
			 g.gl_pathv[i]);
		f = fopen(path, "r");
		if (!f || fscanf(f, "%zx", &t->map_size) != 1)
			die(path);
		fclose(f);
		snprintf(path, sizeof(path), "/dev/%s",
			 strrchr(g.gl_pathv[i], '/') + 1);
		found = open(path, O_RDWR);
		if (found < 0)
			die(path);
	}
	globfree(&g);
	return found;
}

int main(int argc, char **argv)
{
	struct tape *t;
	struct pollfd pfd[2];
	sigset_t sigs;
	uint32_t irq;

	if (argc != 3) {
		fprintf(stderr, "usage: %s <uio-name-substring> <backing-file>\n",
			argv[0]);
		return 2;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		die("calloc");
	t->loaded = 1;
	t->fd = open(argv[2], O_RDWR | O_CREAT, 0644);
	if (t->fd < 0)
		die(argv[2]);
	load_log(t);
	t->uio = find_uio(t, argv[1]);
	if (t->uio < 0) {
		fprintf(stderr, "liox_tape: no tcm-user uio device matches %s\n",
			argv[1]);
		return 1;
	}
	t->map = mmap(NULL, t->map_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      t->uio, 0);
	if (t->map == MAP_FAILED)
		die("mmap");
	if (((struct tcmu_mailbox *)t->map)->version != TCMU_MAILBOX_VERSION) {
		fprintf(stderr, "liox_tape: unknown mailbox version\n");
		return 1;
	}
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	if (sigprocmask(SIG_BLOCK, &sigs, NULL))
		die("sigprocmask");
	pfd[0].fd = t->uio;
	pfd[0].events = POLLIN;
	pfd[1].fd = signalfd(-1, &sigs, SFD_CLOEXEC);
	pfd[1].events = POLLIN;
	if (pfd[1].fd < 0)
		die("signalfd");
	fprintf(stderr, "liox_tape: %zu objects in %s\n", t->nrecs, argv[2]);
	for (;;) {
		/* commands queued before we looked are handled at once */
		handle_ring(t);
		irq = 0;
		if (write(t->uio, &irq, 4) != 4)	/* reap completions */
			die("uio write");
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (pfd[1].revents)
			break;
		if (pfd[0].revents & POLLIN && read(t->uio, &irq, 4) != 4)
			die("uio read");
	}
	fsync(t->fd);
	fprintf(stderr, "liox_tape: %zu objects, stopping\n", t->nrecs);
	return 0;
}
