/*
 * The config file reader and the one place that checks a setting's value.
 */
#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

void
wkd_config_defaults(struct wkd_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->socket_dir, sizeof cfg->socket_dir, "%s",
	    WK_DEFAULT_SOCKET_DIR);
	snprintf(cfg->db, sizeof cfg->db, "%s", WKD_DEFAULT_DB);
	cfg->queue_len = WKD_DEFAULT_QUEUE_LEN;
	cfg->commit_interval_ms = WKD_DEFAULT_COMMIT_MS;
	cfg->rate_limit = WKD_DEFAULT_RATE_LIMIT;
	snprintf(cfg->audit_log, sizeof cfg->audit_log, "%s",
	    WKD_DEFAULT_AUDIT_LOG);
	cfg->audit_netlink = 1;
	cfg->exit_min_runtime_ms = WKD_DEFAULT_EXIT_MIN_MS;
	cfg->deaths_max = WKD_DEFAULT_DEATHS_MAX;
	cfg->log_kills = WKD_LOG_KILLS_AUTO;
	cfg->max_age_days = WKD_DEFAULT_MAX_AGE_DAYS;
	cfg->max_store_mb = WKD_DEFAULT_MAX_STORE_MB;
	cfg->min_free_percent = WKD_DEFAULT_MIN_FREE_PERCENT;
	cfg->debug = 0;
}

/* "yes" or "no" into *out; 0 or -1. */
static int
parse_bool(const char *s, int *out)
{
	if (strcmp(s, "yes") == 0)
		*out = 1;
	else if (strcmp(s, "no") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

/* Parse a decimal number in [min, max] into *out; 0 or -1. */
static int
parse_bounded(const char *s, unsigned min, unsigned max, unsigned *out)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* The numeric keys of [0, max] that need nothing else. */
static const struct {
	const char *key;
	size_t off;
	unsigned max;
} numbers[] = {
	{ "max_age_days", offsetof(struct wkd_config, max_age_days),
	    WKD_MAX_AGE_DAYS_MAX },
	{ "max_store_mb", offsetof(struct wkd_config, max_store_mb),
	    WKD_MAX_STORE_MB_MAX },
	{ "min_free_percent", offsetof(struct wkd_config, min_free_percent),
	    WKD_MIN_FREE_PERCENT_MAX },
};

/* Set key when it is one of numbers: 0, -1 (bad value), 1 (not one). */
static int
set_number(struct wkd_config *cfg, const char *key, const char *value,
    char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		if (strcmp(key, numbers[i].key) != 0)
			continue;
		if (parse_bounded(value, 0, numbers[i].max,
		    (unsigned *)(void *)((char *)cfg + numbers[i].off)) == 0)
			return 0;
		snprintf(err, errlen, "%s: '%s' is not a number from 0 to %u",
		    key, value, numbers[i].max);
		return -1;
	}
	return 1;
}

/* Copy an absolute path of fewer than size bytes into dst; 0 or -1. */
static int
set_path(char *dst, size_t size, const char *key, const char *value,
    char *err, size_t errlen)
{
	if (value[0] != '/') {
		snprintf(err, errlen, "%s: '%s' is not an absolute path", key,
		    value);
		return -1;
	}
	if (strlen(value) >= size) {
		snprintf(err, errlen, "%s: path longer than %zu bytes", key,
		    size - 1);
		return -1;
	}
	memcpy(dst, value, strlen(value) + 1);
	return 0;
}

int
wkd_config_set(struct wkd_config *cfg, const char *key, const char *value,
    char *err, size_t errlen)
{
	int rc = -1;

	rc = set_number(cfg, key, value, err, errlen);
	if (rc != 1) {
		if (rc == -1)
			errno = EINVAL;
		return rc;
	}
	rc = -1;
	if (strcmp(key, "socket_dir") == 0) {
		rc = set_path(cfg->socket_dir, sizeof cfg->socket_dir, key,
		    value, err, errlen);
	} else if (strcmp(key, "db") == 0) {
		rc = set_path(cfg->db, sizeof cfg->db, key, value, err,
		    errlen);
	} else if (strcmp(key, "queue_len") == 0) {
		rc = parse_bounded(value, WKD_QUEUE_LEN_MIN, WKD_QUEUE_LEN_MAX,
		    &cfg->queue_len);
		if (rc == -1)
			snprintf(err, errlen, "%s: '%s' is not a number from "
			    "%u to %u", key, value, WKD_QUEUE_LEN_MIN,
			    WKD_QUEUE_LEN_MAX);
	} else if (strcmp(key, "commit_interval_ms") == 0) {
		rc = parse_bounded(value, WKD_COMMIT_MS_MIN, WKD_COMMIT_MS_MAX,
		    &cfg->commit_interval_ms);
		if (rc == -1)
			snprintf(err, errlen, "%s: '%s' is not a number from "
			    "%u to %u", key, value, WKD_COMMIT_MS_MIN,
			    WKD_COMMIT_MS_MAX);
	} else if (strcmp(key, "rate_limit") == 0) {
		rc = parse_bounded(value, 0, WKD_RATE_LIMIT_MAX, &cfg->rate_limit);
		if (rc == -1)
			snprintf(err, errlen, "%s: '%s' is not a number from "
			    "0 to %u", key, value, WKD_RATE_LIMIT_MAX);
	} else if (strcmp(key, "audit_log") == 0) {
		if (value[0] == '\0') {
			cfg->audit_log[0] = '\0';
			rc = 0;
		} else {
			rc = set_path(cfg->audit_log, sizeof cfg->audit_log,
			    key, value, err, errlen);
		}
	} else if (strcmp(key, "exit_min_runtime_ms") == 0) {
		rc = parse_bounded(value, 0, WKD_EXIT_MIN_MS_MAX,
		    &cfg->exit_min_runtime_ms);
		if (rc == -1)
			snprintf(err, errlen, "%s: '%s' is not a number from "
			    "0 to %u", key, value, WKD_EXIT_MIN_MS_MAX);
	} else if (strcmp(key, "deaths_max") == 0) {
		rc = parse_bounded(value, WKD_DEATHS_MAX_MIN, WKD_DEATHS_MAX_MAX,
		    &cfg->deaths_max);
		if (rc == -1)
			snprintf(err, errlen, "%s: '%s' is not a number from "
			    "%u to %u", key, value, WKD_DEATHS_MAX_MIN,
			    WKD_DEATHS_MAX_MAX);
	} else if (strcmp(key, "log_kills") == 0) {
		if (strcmp(value, "auto") == 0) {
			cfg->log_kills = WKD_LOG_KILLS_AUTO;
	cfg->max_age_days = WKD_DEFAULT_MAX_AGE_DAYS;
	cfg->max_store_mb = WKD_DEFAULT_MAX_STORE_MB;
	cfg->min_free_percent = WKD_DEFAULT_MIN_FREE_PERCENT;
			rc = 0;
		} else {
			rc = parse_bool(value, &cfg->log_kills);
		}
		if (rc == -1)
			snprintf(err, errlen, "%s: '%s' is not yes, no or auto",
			    key, value);
	} else if (strcmp(key, "hub") == 0 ||
	    strcmp(key, "audit_records") == 0) {
		rc = parse_bool(value, key[0] == 'h' ? &cfg->hub :
		    &cfg->audit_records);
		if (rc == -1)
			snprintf(err, errlen, "%s: '%s' is not yes or no", key,
			    value);
	} else if (strcmp(key, "audit_netlink") == 0 ||
	    strcmp(key, "debug") == 0) {
		rc = parse_bool(value, key[0] == 'd' ? &cfg->debug :
		    &cfg->audit_netlink);
		if (rc == -1)
			snprintf(err, errlen, "%s: '%s' is not yes or no", key,
			    value);
	} else {
		snprintf(err, errlen, "unknown key '%s'", key);
	}
	if (rc == -1)
		errno = EINVAL;
	return rc;
}

/* Trim leading and trailing white space in place; returns the start. */
static char *
trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/*
 * Apply one line of the file.  Returns 0 (also for blank and comment
 * lines) or -1 with a message in err.
 */
static int
parse_line(struct wkd_config *cfg, char *line, char *err, size_t errlen)
{
	char *hash, *eq, *key, *value;

	hash = strchr(line, '#');
	if (hash != NULL)
		*hash = '\0';
	line = trim(line);
	if (*line == '\0')
		return 0;
	eq = strchr(line, '=');
	if (eq == NULL) {
		snprintf(err, errlen, "expected 'key = value'");
		return -1;
	}
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	if (*key == '\0') {
		snprintf(err, errlen, "missing key before '='");
		return -1;
	}
	if (*value == '\0' && strcmp(key, "audit_log") != 0) {
		snprintf(err, errlen, "%s: missing value", key);
		return -1;
	}
	return wkd_config_set(cfg, key, value, err, errlen);
}

int
wkd_config_load(struct wkd_config *cfg, const char *path, char *err,
    size_t errlen)
{
	char line[PATH_MAX + 256], why[PATH_MAX + 128];
	unsigned lineno = 0;
	FILE *fp;
	int rc = -1, saved;

	fp = fopen(path, "re");
	if (fp == NULL) {
		saved = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(saved));
		errno = saved;
		return -1;
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(fp)) {
			snprintf(err, errlen, "%s:%u: line too long", path,
			    lineno);
			errno = EINVAL;
			goto out;
		}
		if (parse_line(cfg, line, why, sizeof why) == -1) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
			errno = EINVAL;
			goto out;
		}
	}
	if (ferror(fp)) {
		saved = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(saved));
		errno = saved;
		goto out;
	}
	rc = 0;
out:
	saved = errno;
	fclose(fp);
	errno = saved;
	return rc;
}

void
wkd_overrides_init(struct wkd_overrides *ov)
{
	memset(ov, 0, sizeof *ov);
	snprintf(ov->config, sizeof ov->config, "%s", WKD_DEFAULT_CONFIG);
}

/*
 * A path as absolute, so it names the same file after the daemon's
 * chdir("/"); "" stays "".  Returns 0, or -1 when it does not fit in size.
 */
static int
absolute_path(const char *in, char *out, size_t size)
{
	char cwd[PATH_MAX];
	int n;

	if (in[0] == '/' || in[0] == '\0' || getcwd(cwd, sizeof cwd) == NULL)
		n = snprintf(out, size, "%s", in);
	else
		n = snprintf(out, size, "%s/%s", cwd, in);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
wkd_overrides_add(struct wkd_overrides *ov, const char *key,
    const char *value, char *err, size_t errlen)
{
	static const char *const paths[] = { "socket_dir", "db", "audit_log" };
	char *dst;
	size_t i;
	int is_path = key == NULL;

	for (i = 0; key != NULL && i < sizeof paths / sizeof paths[0]; i++)
		if (strcmp(key, paths[i]) == 0)
			is_path = 1;
	if (key != NULL && ov->n == WKD_OVERRIDES_MAX) {
		snprintf(err, errlen, "%s: too many settings", key);
		errno = ENOSPC;
		return -1;
	}
	dst = key == NULL ? ov->config : ov->set[ov->n].value;
	if ((is_path && absolute_path(value, dst, PATH_MAX) == -1) ||
	    (!is_path && snprintf(dst, PATH_MAX, "%s", value) >= PATH_MAX)) {
		snprintf(err, errlen, "%s: path too long", value);
		errno = ENAMETOOLONG;
		return -1;
	}
	if (key == NULL) {
		ov->have_config = 1;
	} else {
		ov->set[ov->n].key = key;
		ov->n++;
	}
	return 0;
}

int
wkd_config_read(struct wkd_config *cfg, const struct wkd_overrides *ov,
    int *file_read, char *err, size_t errlen)
{
	unsigned i;
	int read = 1;

	wkd_config_defaults(cfg);
	if (wkd_config_load(cfg, ov->config, err, errlen) == -1) {
		if (errno != ENOENT || ov->have_config)
			return -1;
		read = 0;
	}
	for (i = 0; i < ov->n; i++)
		if (wkd_config_set(cfg, ov->set[i].key, ov->set[i].value, err,
		    errlen) == -1)
			return -1;
	if (file_read != NULL)
		*file_read = read;
	return 0;
}

int
wkd_config_log_kills(const struct wkd_config *cfg)
{
	if (cfg->log_kills != WKD_LOG_KILLS_AUTO)
		return cfg->log_kills;
	return getenv("INVOCATION_ID") != NULL ||
	    getenv("JOURNAL_STREAM") != NULL;
}
