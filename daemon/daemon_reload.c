/*
 * What SIGHUP changes in the running daemon, and what it cannot.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "daemon/base/log.h"
#include "daemon/ingest/rate_limit.h"
#include "daemon_reload.h"

#define RATE_LIMIT_UIDS	4096

enum setting_kind { SETTING_NUM, SETTING_BOOL, SETTING_STR };

/* Every setting of struct wkd_config, and whether it changes at runtime. */
static const struct setting {
	const char *key;
	enum setting_kind kind;
	size_t off;
	int runtime;
} settings[] = {
	{ "debug", SETTING_BOOL, offsetof(struct wkd_config, debug), 1 },
	{ "commit_interval_ms", SETTING_NUM,
	    offsetof(struct wkd_config, commit_interval_ms), 1 },
	{ "rate_limit", SETTING_NUM, offsetof(struct wkd_config, rate_limit),
	    1 },
	{ "exit_min_runtime_ms", SETTING_NUM,
	    offsetof(struct wkd_config, exit_min_runtime_ms), 1 },
	{ "deaths_max", SETTING_NUM, offsetof(struct wkd_config, deaths_max),
	    1 },
	{ "log_kills", SETTING_BOOL, offsetof(struct wkd_config, log_kills),
	    1 },
	{ "max_age_days", SETTING_NUM,
	    offsetof(struct wkd_config, max_age_days), 1 },
	{ "max_store_mb", SETTING_NUM,
	    offsetof(struct wkd_config, max_store_mb), 1 },
	{ "min_free_percent", SETTING_NUM,
	    offsetof(struct wkd_config, min_free_percent), 1 },
	{ "socket_dir", SETTING_STR, offsetof(struct wkd_config, socket_dir),
	    0 },
	{ "db", SETTING_STR, offsetof(struct wkd_config, db), 0 },
	{ "queue_len", SETTING_NUM, offsetof(struct wkd_config, queue_len), 0 },
	{ "audit_log", SETTING_STR, offsetof(struct wkd_config, audit_log), 0 },
	{ "audit_netlink", SETTING_BOOL,
	    offsetof(struct wkd_config, audit_netlink), 0 },
	{ "hub", SETTING_BOOL, offsetof(struct wkd_config, hub), 0 },
	{ "audit_records", SETTING_BOOL,
	    offsetof(struct wkd_config, audit_records), 0 },
};

int
daemon_rate_limit_set(struct ingest *in, unsigned rate)
{
	struct rate_limit *rl = NULL;

	if (rate > 0) {
		rl = rate_limit_new(rate, rate * 2, RATE_LIMIT_UIDS);
		if (rl == NULL)
			return -1;
	}
	rate_limit_free(in->limit);
	in->limit = rl;
	return 0;
}

/* The setting's value in c as the config file would give it. */
static const char *
value_text(const struct wkd_config *c, const struct setting *s, char *buf,
    size_t size)
{
	const char *p = (const char *)c + s->off;

	switch (s->kind) {
	case SETTING_NUM:
		snprintf(buf, size, "%u", *(const unsigned *)(const void *)p);
		break;
	case SETTING_BOOL:
		snprintf(buf, size, "%s", *(const int *)(const void *)p ==
		    WKD_LOG_KILLS_AUTO ? "auto" : *(const int *)(const void *)p ?
		    "yes" : "no");
		break;
	default:
		snprintf(buf, size, "\"%s\"", p);
		break;
	}
	return buf;
}

/* Copy the setting's value from src to dst. */
static void
copy_setting(struct wkd_config *dst, const struct wkd_config *src,
    const struct setting *s)
{
	size_t size = s->kind == SETTING_NUM ? sizeof(unsigned) :
	    s->kind == SETTING_BOOL ? sizeof(int) :
	    strlen((const char *)src + s->off) + 1;

	memcpy((char *)dst + s->off, (const char *)src + s->off, size);
}

void
daemon_retention_limits(const struct wkd_config *cfg,
    struct retention_limits *lim)
{
	lim->max_age_days = cfg->max_age_days;
	lim->max_bytes = (uint64_t)cfg->max_store_mb * 1024 * 1024;
	lim->min_free_percent = cfg->min_free_percent;
}

/* Give the parts the runtime setting s of next; 0, or -1 with errno. */
static int
apply_setting(const struct setting *s, const struct wkd_config *next,
    const struct daemon_reload_parts *p)
{
	struct ingest *in = p->in;
	struct retention_limits lim;

	if (strcmp(s->key, "debug") == 0)
		log_set_debug(next->debug);
	else if (strcmp(s->key, "commit_interval_ms") == 0)
		in->commit_interval_ms = next->commit_interval_ms;
	else if (strcmp(s->key, "rate_limit") == 0)
		return daemon_rate_limit_set(in, next->rate_limit);
	else if (strcmp(s->key, "log_kills") == 0)
		in->log.enabled = wkd_config_log_kills(next);
	else if (strncmp(s->key, "max_", 4) == 0 ||
	    strcmp(s->key, "min_free_percent") == 0) {
		daemon_retention_limits(next, &lim);
		retention_set_limits(p->retention, &lim);
	} else
		death_watch_set_limits(p->dw, next->exit_min_runtime_ms,
		    next->deaths_max);
	return 0;
}

void
daemon_reload_apply(struct wkd_config *cur, const struct wkd_config *next,
    const char *path, const struct daemon_reload_parts *parts)
{
	char applied[1024] = "", was[PATH_MAX + 8], now[PATH_MAX + 8];
	const struct setting *s;
	size_t i, len = 0;
	unsigned changed = 0;
	int n;

	for (i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		s = &settings[i];
		value_text(cur, s, was, sizeof was);
		value_text(next, s, now, sizeof now);
		if (strcmp(was, now) == 0)
			continue;
		changed++;
		if (!s->runtime) {
			log_warnx("SIGHUP: %s changed from %s to %s: needs a "
			    "restart; %s stays in use until then", s->key, was,
			    now, was);
			continue;
		}
		if (apply_setting(s, next, parts) == -1) {
			log_warn("SIGHUP: %s %s not applied, %s kept", s->key,
			    now, was);
			continue;
		}
		copy_setting(cur, next, s);
		n = snprintf(applied + len, sizeof applied - len,
		    "%s%s %s -> %s", len > 0 ? ", " : "", s->key, was, now);
		if (n > 0 && (size_t)n < sizeof applied - len)
			len += (size_t)n;
	}
	if (len > 0)
		log_info("SIGHUP: %s re-read; applied %s", path, applied);
	else if (changed == 0)
		log_info("SIGHUP: %s re-read; nothing changed", path);
	else
		log_info("SIGHUP: %s re-read; nothing applied", path);
}
