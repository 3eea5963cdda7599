/*
 * Parsing a /proc/PID/stat line.
 */
#include <errno.h>
#include <string.h>

#include "decimal.h"
#include "procstat.h"

/* The last field read: start time. */
#define STAT_FIELD_LAST	22

/* The last occurrence of c in [s, end), or NULL. */
static const char *
last_byte(const char *s, const char *end, char c)
{
	while (end > s) {
		end--;
		if (*end == c)
			return end;
	}
	return NULL;
}

/* Whether a field ends before c. */
static int
ends_field(char c)
{
	return c == ' ' || c == '\n';
}

/* Steps over one field that is not kept; it must not be empty.  0 or -1. */
static int
skip_field(const char **p, const char *end)
{
	const char *s = *p;

	while (s < end && !ends_field(*s))
		s++;
	if (s == *p)
		return -1;
	*p = s;
	return 0;
}

/* Parses field 3..22 at *p into st when st keeps it, else skips it. */
static int
parse_field(int field, const char **p, const char *end,
    struct wk_procstat *st)
{
	switch (field) {
	case 3:
		if (*p < end)
			st->state = **p;
		return skip_field(p, end);
	case 4:
		return wk_parse_i32(p, end, &st->ppid);
	case 5:
		return wk_parse_i32(p, end, &st->pgrp);
	case 6:
		return wk_parse_i32(p, end, &st->session);
	case 7:
		return wk_parse_i32(p, end, &st->tty_nr);
	case STAT_FIELD_LAST:
		return wk_parse_u64(p, end, &st->start_time);
	}
	return skip_field(p, end);
}

int
wk_procstat_parse(const char *buf, size_t len, struct wk_procstat *st)
{
	const char *end = buf + len;
	const char *p = buf;
	const char *open, *close;
	size_t comm_len;

	memset(st, 0, sizeof *st);
	if (wk_parse_i32(&p, end, &st->pid) < 0 || st->pid <= 0)
		goto bad;
	if (end - p < 2 || p[0] != ' ' || p[1] != '(')
		goto bad;
	open = p + 1;
	close = last_byte(open + 1, end, ')');
	if (close == NULL)
		goto bad;
	comm_len = (size_t)(close - open - 1);
	if (comm_len > sizeof st->comm - 1)
		comm_len = sizeof st->comm - 1;
	memcpy(st->comm, open + 1, comm_len);

	p = close + 1;
	for (int field = 3; field <= STAT_FIELD_LAST; field++) {
		if (p >= end || *p != ' ')
			goto bad;
		p++;
		if (parse_field(field, &p, end, st) < 0)
			goto bad;
		/* A number must be whole: "12x" is not 12. */
		if (p < end && !ends_field(*p))
			goto bad;
	}
	return 0;
bad:
	errno = EINVAL;
	return -1;
}
