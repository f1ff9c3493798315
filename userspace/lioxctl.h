/* SPDX-License-Identifier: GPL-2.0 */
/* lioxctl: shared declarations of the command table and output. */
#ifndef LIOXCTL_H
#define LIOXCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include "nl.h"

#define LIOXCTL_VERSION	"0.1.0"

/* Exit codes, documented in Documentation/lioxctl.rst. */
enum {
	LIOXCTL_EXIT_OK		= 0,
	LIOXCTL_EXIT_ERROR	= 1,	/* the operation failed */
	LIOXCTL_EXIT_USAGE	= 2,	/* bad command line */
	LIOXCTL_EXIT_NOMODULE	= 3,	/* liox_core is not loaded */
	LIOXCTL_EXIT_MISMATCH	= 4,	/* kernel speaks another protocol */
};

struct lioxctl_opts {
	bool json;
};

struct lioxctl_cmd {
	const char *name;
	const char *args;
	const char *help;
	int (*run)(const struct lioxctl_opts *opts, int argc, char **argv);
};

int lioxctl_cmd_version(const struct lioxctl_opts *opts, int argc, char **argv);
int lioxctl_cmd_events(const struct lioxctl_opts *opts, int argc, char **argv);
int lioxctl_cmd_xcopy(const struct lioxctl_opts *opts, int argc, char **argv);
int lioxctl_cmd_mirror(const struct lioxctl_opts *opts, int argc, char **argv);

#define LIOXCTL_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* fmt.c: "12.0 MiB"; "48.0 MiB (50331648 bytes)" (plain "512 B" below 1 KiB) */
const char *lioxctl_fmt_size(char *buf, size_t len, uint64_t v);
const char *lioxctl_fmt_bytes(char *buf, size_t len, uint64_t v);

/*
 * fmt.c: one JSON member per field, from an attribute table the caller
 * parsed. Besides NLA_U32, NLA_U64 and NLA_STRING, a field's type can be
 * HEX64, a u64 printed as 16 hex digits (a random generation does not fit
 * a JSON integer), or BOOL, a u8 printed as true or false.
 */
enum { LIOXCTL_HEX64 = 1000, LIOXCTL_BOOL };

struct lioxctl_field {
	int attr;
	const char *key;
	int type;		/* NLA_U32, NLA_U64, NLA_STRING, LIOXCTL_* */
	bool optional;		/* missing: null, else the object fails */
};

struct json_object *lioxctl_fields_object(struct nlattr **tb,
					  const struct lioxctl_field *f,
					  size_t n);

/* Report an error: human text on stderr, or {"error": ...} on stdout. */
int lioxctl_fail(const struct lioxctl_opts *opts, int code, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));
/* Open the family, reporting a missing module or another error. */
int lioxctl_nl_open(const struct lioxctl_opts *opts, struct liox_nl *nl);
/*
 * Run the status dump @cmd (named @what, served by @module): each message
 * to @parse. Errors are reported (module not loaded, malformed reply,
 * others). Return: LIOXCTL_EXIT_OK or the exit code of the error.
 */
int lioxctl_dump(const struct lioxctl_opts *opts, uint8_t cmd,
		 const char *what, const char *module, liox_nl_parse_fn parse,
		 void *arg);
void lioxctl_json_print(struct json_object *obj);

#endif
