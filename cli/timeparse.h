/*
 * Parsing of the --since and --until arguments.
 */
#ifndef WHOKILLED_CLI_TIMEPARSE_H
#define WHOKILLED_CLI_TIMEPARSE_H

#include <stdint.h>
#include <time.h>

/* The forms cli_parse_time accepts, for error messages. */
#define CLI_TIME_FORMS	"2026-11-21T15:12:41, '2026-11-21 15:12:41', " \
			"2026-11-21T15:12:41+01:00, 2026-11-21, @1763737961, " \
			"now, -10m or '10m ago'"

/*
 * Parses a point in time into seconds since the epoch:
 *   "2026-11-21T15:12:41" or "2026-11-21 15:12:41"  local time; seconds
 *       may be left out and may carry a fraction, which is dropped;
 *   the same followed by "Z" or "+hh:mm", "-hh:mm", "+hhmm", "+hh";
 *   "2026-11-21"           local midnight;
 *   "@1763737961"          seconds since the epoch;
 *   "now";
 *   "-10m", "10m ago", "-2h", "3 days ago"   relative to now, with
 *       units s, m, h, d, w (or sec, min, hour, day, week and plurals).
 * Returns 0, or -1 with errno EINVAL (not one of these forms) or ERANGE
 * (before 1970 or beyond what time_t holds).
 */
int cli_parse_time(const char *s, time_t now, int64_t *out);

#endif
