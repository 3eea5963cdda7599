/*
 * Logging in the manner of OpenNTPD's log.c: every function goes through
 * vlog(), the one place a line is formatted and written to one of two
 * sinks.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

/* A message is cut at LOG_MSG_MAX - 1 bytes; a line has room for the
 * ": strerror(errno)" that follows a message cut so. */
#define LOG_MSG_MAX	1024
#define LOG_LINE_MAX	(LOG_MSG_MAX + 128)

static int log_to_stderr = 1;
static int log_verbose;
static const char *log_ident = "whokilledd";

void
log_init(int to_stderr, int debug, const char *ident)
{
	log_to_stderr = to_stderr;
	log_verbose = debug;
	if (ident != NULL)
		log_ident = ident;
	if (!log_to_stderr)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_set_debug(int debug)
{
	log_verbose = debug;
}

int
log_debug_enabled(void)
{
	return log_verbose;
}

/*
 * Format one line and write it: "ident: line" on stderr in the foreground,
 * to syslog at priority once detached.  Preserves errno.
 */
static void
LOG_PRINTF(2, 0)
vlog(int priority, const char *fmt, va_list ap)
{
	int saved_errno = errno;
	char line[LOG_LINE_MAX];

	vsnprintf(line, sizeof line, fmt, ap);
	if (log_to_stderr) {
		fprintf(stderr, "%s: %s\n", log_ident, line);
		fflush(stderr);
	} else {
		syslog(priority, "%s", line);
	}
	errno = saved_errno;
}

/* vlog() with the arguments in place. */
static void
LOG_PRINTF(2, 3)
logit(int priority, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(priority, fmt, ap);
	va_end(ap);
}

/* One line: the message, ": ", strerror(err). */
static void
LOG_PRINTF(3, 0)
vlog_strerror(int priority, int err, const char *fmt, va_list ap)
{
	char msg[LOG_MSG_MAX];

	vsnprintf(msg, sizeof msg, fmt, ap);
	logit(priority, "%s: %s", msg, strerror(err));
}

void
log_warn(const char *fmt, ...)
{
	int saved_errno = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog_strerror(LOG_WARNING, saved_errno, fmt, ap);
	va_end(ap);
	errno = saved_errno;
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, fmt, ap);
	va_end(ap);
}

/* With errno 0 there is no error to name: the message alone. */
void
fatal(const char *fmt, ...)
{
	int saved_errno = errno;
	va_list ap;

	va_start(ap, fmt);
	if (saved_errno != 0)
		vlog_strerror(LOG_CRIT, saved_errno, fmt, ap);
	else
		vlog(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(1);
}
