/*
 * The daemon's log: stderr while in the foreground, syslog (LOG_DAEMON)
 * once detached.  Every function preserves errno.
 */
#ifndef WHOKILLED_DAEMON_LOG_H
#define WHOKILLED_DAEMON_LOG_H

#define LOG_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Choose the destination and whether log_debug prints anything. */
void log_init(int to_stderr, int debug, const char *ident);

/* warn: appends ": strerror(errno)"; warnx: the message alone. */
void log_warn(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_warnx(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_info(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_debug(const char *fmt, ...) LOG_PRINTF(1, 2);
int log_debug_enabled(void);
/* Turn log_debug on or off (SIGHUP's new settings); the sink stays. */
void log_set_debug(int debug);

/* Log at LOG_CRIT (with / without strerror(errno)) and exit(1). */
void fatal(const char *fmt, ...) LOG_PRINTF(1, 2) __attribute__((noreturn));
void fatalx(const char *fmt, ...) LOG_PRINTF(1, 2) __attribute__((noreturn));

#endif
