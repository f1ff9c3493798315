// SPDX-License-Identifier: GPL-2.0
/*
 * lioxctl - configure and inspect liox. A table of subcommands in the way
 * of wg(8); every command prints for people by default and JSON with
 * --json.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lioxctl.h"
#include "nl.h"

static int lioxctl_cmd_help(const struct lioxctl_opts *opts, int argc,
			    char **argv);

static const struct lioxctl_cmd lioxctl_cmds[] = {
	{ "version", "", "versions of lioxctl and of the loaded kernel modules",
	  lioxctl_cmd_version },
	{ "events", "[--count N] [--timeout SEC]",
	  "print events from the kernel as they happen", lioxctl_cmd_events },
	{ "xcopy", "[status]",
	  "XCOPY engine counters, port groups, copies in flight",
	  lioxctl_cmd_xcopy },
	{ "mirror", "[status|verify|resolve] ...",
	  "mirrors: status [NAME], verify NAME [--wait], resolve NAME discard",
	  lioxctl_cmd_mirror },
	{ "help", "", "this text", lioxctl_cmd_help },
};

static void lioxctl_usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: lioxctl [--json] <command> [<args>]\n\n"
		   "Commands:\n");
	for (i = 0; i < sizeof(lioxctl_cmds) / sizeof(lioxctl_cmds[0]); i++)
		fprintf(f, "  %-8s %-28s %s\n", lioxctl_cmds[i].name,
			lioxctl_cmds[i].args, lioxctl_cmds[i].help);
	fprintf(f, "\nExit status: 0 ok, 1 failed, 2 usage, 3 liox_core not "
		   "loaded, 4 protocol mismatch.\n");
}

static int lioxctl_cmd_help(const struct lioxctl_opts *opts, int argc,
			    char **argv)
{
	(void)opts;
	(void)argc;
	(void)argv;
	lioxctl_usage(stdout);
	return LIOXCTL_EXIT_OK;
}

void lioxctl_json_print(struct json_object *obj)
{
	puts(json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
}

int lioxctl_fail(const struct lioxctl_opts *opts, int code, const char *fmt,
		 ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (opts->json) {
		struct json_object *obj = json_object_new_object();

		json_object_object_add(obj, "error", json_object_new_string(text));
		json_object_object_add(obj, "exit", json_object_new_int(code));
		lioxctl_json_print(obj);
		json_object_put(obj);
	} else {
		fprintf(stderr, "lioxctl: %s\n", text);
	}
	return code;
}

int lioxctl_nl_open(const struct lioxctl_opts *opts, struct liox_nl *nl)
{
	int ret = liox_nl_open(nl);

	if (ret == -ENOENT)
		return lioxctl_fail(opts, LIOXCTL_EXIT_NOMODULE,
				    "the liox kernel module is not loaded (no generic netlink family \"%s\"); try: modprobe liox_core",
				    LIOX_GENL_NAME);
	if (ret < 0)
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "cannot open generic netlink: %s",
				    strerror(-ret));
	return LIOXCTL_EXIT_OK;
}

int lioxctl_dump(const struct lioxctl_opts *opts, uint8_t cmd,
		 const char *what, const char *module, liox_nl_parse_fn parse,
		 void *arg)
{
	struct liox_nl nl;
	int ret;

	ret = lioxctl_nl_open(opts, &nl);
	if (ret)
		return ret;
	ret = liox_nl_call(&nl, cmd, NLM_F_DUMP, NULL, NULL, parse, arg);
	liox_nl_close(&nl);
	if (ret == -EOPNOTSUPP)
		/* the core answers for command numbers nobody registered */
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "%s is not loaded (nothing serves %s); try: modprobe %s",
				    module, what, module);
	if (ret == -EBADMSG)
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR,
				    "%s: malformed reply from the kernel", what);
	if (ret < 0)
		return lioxctl_fail(opts, LIOXCTL_EXIT_ERROR, "%s failed: %s",
				    what, strerror(-ret));
	return LIOXCTL_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lioxctl_opts opts = { 0 };
	size_t i;
	int c;

	/* Options before the command only; the command parses the rest. */
	while ((c = getopt_long(argc, argv, "+jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = true;
			break;
		case 'h':
			lioxctl_usage(stdout);
			return LIOXCTL_EXIT_OK;
		default:
			lioxctl_usage(stderr);
			return LIOXCTL_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		lioxctl_usage(stderr);
		return LIOXCTL_EXIT_USAGE;
	}
	for (i = 0; i < sizeof(lioxctl_cmds) / sizeof(lioxctl_cmds[0]); i++) {
		if (!strcmp(argv[optind], lioxctl_cmds[i].name))
			return lioxctl_cmds[i].run(&opts, argc - optind,
						   argv + optind);
	}
	fprintf(stderr, "lioxctl: unknown command \"%s\"\n\n", argv[optind]);
	lioxctl_usage(stderr);
	return LIOXCTL_EXIT_USAGE;
}
