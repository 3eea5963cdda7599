/*
 * --since / --until parsing.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "timeparse.h"

struct unit {
	const char *name;
	int64_t seconds;
};

static const struct unit units[] = {
	{ "s", 1 }, { "sec", 1 }, { "secs", 1 }, { "second", 1 }, { "seconds", 1 },
	{ "m", 60 }, { "min", 60 }, { "mins", 60 }, { "minute", 60 }, { "minutes", 60 },
	{ "h", 3600 }, { "hour", 3600 }, { "hours", 3600 },
	{ "d", 86400 }, { "day", 86400 }, { "days", 86400 },
	{ "w", 604800 }, { "week", 604800 }, { "weeks", 604800 },
};

/*
 * Reads exactly n decimal digits at *p into *val and advances *p.
 * Returns 0, or -1 when fewer than n digits are there.
 */
static int
fixed_digits(const char **p, int n, int *val)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*val = v;
	return 0;
}

/*
 * Reads one or more decimal digits at *p into *val and advances *p.
 * Returns 0, or -1 with errno EINVAL (no digit) or ERANGE (overflow).
 */
static int
whole_number(const char **p, int64_t *val)
{
	int64_t v = 0;

	if (**p < '0' || **p > '9') {
		errno = EINVAL;
		return -1;
	}
	for (; **p >= '0' && **p <= '9'; (*p)++) {
		int d = **p - '0';

		if (v > (INT64_MAX - d) / 10) {
			errno = ERANGE;
			return -1;
		}
		v = v * 10 + d;
	}
	*val = v;
	return 0;
}

/* Seconds in the unit named by the len bytes at s, or 0 when unknown. */
static int64_t
unit_seconds(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (strlen(units[i].name) == len && strncasecmp(s, units[i].name, len) == 0)
			return units[i].seconds;
	return 0;
}

/* Sets errno to EINVAL and returns -1: the text is not a time. */
static int
invalid(void)
{
	errno = EINVAL;
	return -1;
}

/* "@SECONDS": 0 / -1 with errno. */
static int
parse_epoch(const char *s, int64_t *out)
{
	int64_t v;

	if (whole_number(&s, &v) == -1)
		return -1;
	if (*s != '\0')
		return invalid();
	*out = v;
	return 0;
}

/* "-10m" or "10m ago" (spaces allowed before the unit): 0 / -1 with errno. */
static int
parse_relative(const char *s, time_t now, int64_t *out)
{
	int ago_prefix = 0;
	const char *unit;
	int64_t n, mult;

	if (*s == '-') {
		ago_prefix = 1;
		s++;
	}
	if (whole_number(&s, &n) == -1)
		return -1;
	while (*s == ' ')
		s++;
	unit = s;
	while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
		s++;
	mult = unit_seconds(unit, (size_t)(s - unit));
	if (mult == 0)
		return invalid();
	if (ago_prefix) {
		if (*s != '\0')
			return invalid();
	} else {
		while (*s == ' ')
			s++;
		if (strcasecmp(s, "ago") != 0)
			return invalid();
	}
	if (n > INT64_MAX / mult || (int64_t)now - n * mult < 0) {
		errno = ERANGE;
		return -1;
	}
	*out = (int64_t)now - n * mult;
	return 0;
}

static int
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/*
 * "Z", "+hh:mm", "-hhmm", "+hh" at s, which must end there.  Stores the
 * offset east of UTC in seconds.  Returns 0, or -1 when s is none of these.
 */
static int
parse_offset(const char *s, long *offset)
{
	int sign, hh, mm = 0;

	if ((s[0] == 'Z' || s[0] == 'z') && s[1] == '\0') {
		*offset = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (fixed_digits(&s, 2, &hh) == -1)
		return -1;
	if (*s == ':')
		s++;
	if (*s != '\0' && fixed_digits(&s, 2, &mm) == -1)
		return -1;
	if (*s != '\0' || hh > 23 || mm > 59)
		return -1;
	*offset = sign * (hh * 3600L + mm * 60L);
	return 0;
}

/* ISO 8601 date, optionally with time and offset: 0 / -1 with errno. */
static int
parse_absolute(const char *s, int64_t *out)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	int has_offset = 0;
	long offset = 0;
	time_t t;

	if (fixed_digits(&s, 4, &y) == -1 || *s++ != '-' ||
	    fixed_digits(&s, 2, &mo) == -1 || *s++ != '-' ||
	    fixed_digits(&s, 2, &d) == -1)
		return invalid();
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		if (fixed_digits(&s, 2, &h) == -1 || *s++ != ':' ||
		    fixed_digits(&s, 2, &mi) == -1)
			return invalid();
		if (*s == ':') {
			s++;
			if (fixed_digits(&s, 2, &sec) == -1)
				return invalid();
			if (*s == '.' || *s == ',') {
				s++;
				if (*s < '0' || *s > '9')
					return invalid();
				while (*s >= '0' && *s <= '9')
					s++;
			}
		}
		if (*s != '\0') {
			if (parse_offset(s, &offset) == -1)
				return invalid();
			has_offset = 1;
		}
	} else if (*s != '\0') {
		return invalid();
	}
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || sec > 59)
		return invalid();

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	t = has_offset ? timegm(&tm) : mktime(&tm);
	if (t == (time_t)-1) {
		errno = ERANGE;
		return -1;
	}
	if ((int64_t)t - offset < 0) {
		errno = ERANGE;
		return -1;
	}
	*out = (int64_t)t - offset;
	return 0;
}

int
cli_parse_time(const char *s, time_t now, int64_t *out)
{
	if (s == NULL || *s == '\0')
		return invalid();
	if (*s == '@')
		return parse_epoch(s + 1, out);
	if (strcasecmp(s, "now") == 0) {
		*out = (int64_t)now;
		return 0;
	}
	if (*s == '-' || strchr(s, '-') == NULL)
		return parse_relative(s, now, out);
	return parse_absolute(s, out);
}
