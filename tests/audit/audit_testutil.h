/*
 * Helpers shared by the audit tests: output captured in memory, the
 * canned logs, a collecting sink, and the Check main.
 */
#ifndef WHOKILLED_TESTS_AUDIT_TESTUTIL_H
#define WHOKILLED_TESTS_AUDIT_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit_dump.h"
#include "../../audit/audit_reader.h"

#define CASES_DIR	"tests/audit/cases"

/* Output written to a memory stream. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static inline void capture_open(struct capture *c)
{
	memset(c, 0, sizeof *c);
	c->f = open_memstream(&c->buf, &c->len);
	ck_assert_ptr_nonnull(c->f);
}

/* Closes the stream and returns its text, which the capture still owns. */
static inline const char *capture_text(struct capture *c)
{
	ck_assert_int_eq(fclose(c->f), 0);
	c->f = NULL;
	return c->buf;
}

static inline void capture_free(struct capture *c)
{
	if (c->f != NULL)
		fclose(c->f);
	free(c->buf);
	memset(c, 0, sizeof *c);
}

/* The whole of a file, NUL-terminated; the caller frees it. */
static inline char *read_text(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_msg(f != NULL, "%s (run from the repository root)", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* The whole of a canned log (CASES_DIR/name); the caller frees it. */
static inline char *canned_log(const char *name, size_t *len)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", CASES_DIR, name);
	return read_text(path, len);
}

/* A sink that keeps the last kill (targets copied) and counts what came. */
struct collected {
	unsigned kills, execs;
	struct wk_audit_kill kill;
	struct wk_audit_target targets[16];
	struct wk_audit_exec exec;
};

static inline void collect_kill(const struct wk_audit_kill *k, void *arg)
{
	struct collected *c = arg;
	uint32_t n = k->ntargets < 16 ? k->ntargets : 16;

	c->kills++;
	c->kill = *k;
	if (n > 0)
		memcpy(c->targets, k->targets, n * sizeof *k->targets);
	c->kill.targets = c->targets;
}

static inline void collect_exec(const struct wk_audit_exec *x, void *arg)
{
	struct collected *c = arg;

	c->execs++;
	c->exec = *x;
}

/* Runs one suite in CK_FORK mode with times in UTC; the exit status of main. */
static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	setenv("TZ", "UTC0", 1);
	tzset();
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
