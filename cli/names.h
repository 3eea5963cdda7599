/*
 * Names for the numbers in a reply: users, errno values, times.
 */
#ifndef WHOKILLED_CLI_NAMES_H
#define WHOKILLED_CLI_NAMES_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "whokilled/wire.h"

/* Room for a user name or a decimal uid. */
#define CLI_NAME_MAX	64
/* Room for "2026-11-21T15:12:41.123456+00:00" and "... +0000" forms. */
#define CLI_TIME_MAX	48
/* Room for a session name: "w-" and 16 hex digits, or a decimal id. */
#define CLI_SESSION_NAME_MAX	24

/* The user name of uid copied into buf, or NULL when it has none. */
const char *cli_user_name(uint32_t uid, char *buf, size_t size);

/*
 * While on, cli_user_name names nobody: an audit hub's node has users of
 * its own, which this host's password file does not know.
 */
void cli_names_numeric(int on);

/* The user name of uid, or its number when it has none; returns buf. */
const char *cli_user_or_uid(uint32_t uid, char *buf, size_t size);

/* "EPERM" for EPERM; "E<number>" for a value glibc has no name for. */
const char *cli_errno_name(int err, char *buf, size_t size);

/* Local time "2026-11-21 15:12:41 +0000", or "@<seconds>" if unrepresentable. */
const char *cli_time_text(int64_t sec, char *buf, size_t size);

/*
 * Local time without zone, "2026-11-21 15:12:41", or only "15:12:41"
 * when with_date is 0; "@<seconds>" if unrepresentable.  Returns buf.
 */
const char *cli_time_local(int64_t sec, int with_date, char *buf,
    size_t size);

/* True when a and b (epoch seconds) fall on the same local calendar day. */
int cli_same_day(int64_t a, int64_t b);

/*
 * The name of a login session: its audit session id ("3"), or "w-" and
 * the module's own id in hex ("w-1f3a") for a session named by it.  NULL
 * when it has neither.
 */
const char *cli_session_name(const struct wk_session_info *s, char *buf,
    size_t size);

/*
 * Local time in ISO 8601 with microseconds and offset,
 * "2026-11-21T15:12:41.123456+00:00"; NULL if unrepresentable.
 */
const char *cli_time_iso(int64_t sec, int64_t nsec, char *buf, size_t size);

#endif
