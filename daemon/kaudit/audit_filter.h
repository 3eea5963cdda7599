/*
 * Which kernel audit records the daemon reads: those of signal and
 * program-start events (SYSCALL, OBJ_PID, EXECVE, PROCTITLE and EOE).
 * The rest of a busy audit trail (file watches, logins, SELinux) is left
 * unparsed, by number for netlink messages and by name for log lines.
 */
#ifndef WHOKILLED_DAEMON_AUDIT_FILTER_H
#define WHOKILLED_DAEMON_AUDIT_FILTER_H

#include <stddef.h>

/* Whether a record of this netlink type is read. */
int audit_filter_type(int type);

/*
 * Whether a log line ("node=N type=NAME msg=..." or "type=NAME msg=...",
 * len bytes, newline or not) is a record that is read.
 */
int audit_filter_line(const char *line, size_t len);

/*
 * Whether a line has the shape of an audit record: "[node=NAME ]type=T
 * msg=audit(...": anything else on an auditd plugin's input is refused.
 */
int audit_filter_is_record(const char *line, size_t len);

#endif
