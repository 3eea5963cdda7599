/*
 * Logging in the manner of OpenNTPD's log.c: one formatter, two sinks.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

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

int
log_debug_enabled(void)
{
	return log_verbose;
}

/* Format and emit one line; with_errno appends strerror(saved_errno). */
static void LOG_PRINTF(4, 0)
log_emit(int pri, int with_errno, int saved_errno, const char *fmt,
    va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof msg, fmt, ap);
	if (log_to_stderr) {
		if (with_errno)
			fprintf(stderr, "%s: %s: %s\n", log_ident, msg,
			    strerror(saved_errno));
		else
			fprintf(stderr, "%s: %s\n", log_ident, msg);
		fflush(stderr);
	} else if (with_errno) {
		syslog(pri, "%s: %s", msg, strerror(saved_errno));
	} else {
		syslog(pri, "%s", msg);
	}
}

void
log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_WARNING, 1, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_WARNING, 0, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_info(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_INFO, 0, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_debug(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	log_emit(LOG_DEBUG, 0, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_CRIT, saved != 0, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_CRIT, 0, 0, fmt, ap);
	va_end(ap);
	exit(1);
}
