/*
 * Names for users, errno values and times.
 */
#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

/*
 * Names already looked up: an answer names the same few users many times
 * (every link of every chain), and each getpwuid() may read /etc/passwd
 * whole.  Past the last slot, lookups simply are not remembered.
 */
#define NAME_CACHE_SLOTS	32

static struct {
	uint32_t uid;
	int found;
	char name[64];
} name_cache[NAME_CACHE_SLOTS];
static unsigned name_cache_used;

/* Set while an audit node's event is shown: its uids are not ours. */
static int numeric_users;

void
cli_names_numeric(int on)
{
	numeric_users = on;
}

const char *
cli_user_name(uint32_t uid, char *buf, size_t size)
{
	const struct passwd *pw;
	unsigned i;

	if (size == 0 || numeric_users)
		return NULL;
	for (i = 0; i < name_cache_used; i++) {
		if (name_cache[i].uid != uid)
			continue;
		if (!name_cache[i].found)
			return NULL;
		snprintf(buf, size, "%s", name_cache[i].name);
		return buf;
	}
	pw = getpwuid((uid_t)uid);
	if (pw != NULL && pw->pw_name != NULL)
		snprintf(buf, size, "%s", pw->pw_name);
	/* A name too long for a slot is looked up again next time. */
	if (name_cache_used < NAME_CACHE_SLOTS && (pw == NULL ||
	    pw->pw_name == NULL || strlen(pw->pw_name) <
	    sizeof name_cache[0].name)) {
		name_cache[name_cache_used].uid = uid;
		name_cache[name_cache_used].found = pw != NULL &&
		    pw->pw_name != NULL;
		if (name_cache[name_cache_used].found)
			snprintf(name_cache[name_cache_used].name,
			    sizeof name_cache[0].name, "%s", pw->pw_name);
		name_cache_used++;
	}
	return pw != NULL && pw->pw_name != NULL ? buf : NULL;
}

const char *
cli_user_or_uid(uint32_t uid, char *buf, size_t size)
{
	if (cli_user_name(uid, buf, size) == NULL)
		snprintf(buf, size, "%u", uid);
	return buf;
}

const char *
cli_errno_name(int err, char *buf, size_t size)
{
	const char *name = strerrorname_np(err);

	if (name != NULL)
		return name;
	snprintf(buf, size, "E%d", err);
	return buf;
}

/* Breaks sec into local time; -1 when time_t or the calendar cannot hold it. */
static int
local_tm(int64_t sec, struct tm *tm)
{
	time_t t = (time_t)sec;

	if ((int64_t)t != sec || localtime_r(&t, tm) == NULL)
		return -1;
	return 0;
}

const char *
cli_time_text(int64_t sec, char *buf, size_t size)
{
	struct tm tm;

	if (local_tm(sec, &tm) == -1 ||
	    strftime(buf, size, "%Y-%m-%d %H:%M:%S %z", &tm) == 0)
		snprintf(buf, size, "@%lld", (long long)sec);
	return buf;
}

const char *
cli_time_local(int64_t sec, int with_date, char *buf,
    size_t size)
{
	struct tm tm;

	if (local_tm(sec, &tm) == -1 || strftime(buf, size, with_date ?
	    "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm) == 0)
		snprintf(buf, size, "@%lld", (long long)sec);
	return buf;
}

int
cli_same_day(int64_t a, int64_t b)
{
	struct tm ta, tb;

	if (local_tm(a, &ta) == -1 || local_tm(b, &tb) == -1)
		return 0;
	return ta.tm_year == tb.tm_year && ta.tm_yday == tb.tm_yday;
}

const char *
cli_session_name(const struct wk_session_info *s, char *buf,
    size_t size)
{
	if (s->flags & WK_SF_OWN_ID)
		snprintf(buf, size, "w-%" PRIx64, s->own_id);
	else if (s->sessionid != WK_ID_UNSET)
		snprintf(buf, size, "%" PRIu32, s->sessionid);
	else
		return NULL;
	return buf;
}

const char *
cli_time_iso(int64_t sec, int64_t nsec, char *buf, size_t size)
{
	struct tm tm;
	char date[32];
	long off;
	int n;

	if (local_tm(sec, &tm) == -1 ||
	    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		return NULL;
	off = tm.tm_gmtoff;
	n = snprintf(buf, size, "%s.%06lld%c%02ld:%02ld", date,
	    (long long)((nsec >= 0 && nsec < 1000000000) ? nsec / 1000 : 0),
	    off < 0 ? '-' : '+', labs(off) / 3600, labs(off) % 3600 / 60);
	if (n < 0 || (size_t)n >= size)
		return NULL;
	return buf;
}
