/*
 * whokilledd --audit-plugin: run as auditd's plugin.  auditd writes every
 * audit record to the plugin's standard input (format = string); the
 * plugin forwards those the daemon reads to the audit socket in the
 * socket directory (audit_forward), reading its input as fast as it comes
 * whatever the daemon does, so that auditd, and behind it the kernel, is
 * never held up.  It exits when its input ends, or on SIGTERM.
 */
#ifndef WHOKILLED_DAEMON_AUDIT_PLUGIN_H
#define WHOKILLED_DAEMON_AUDIT_PLUGIN_H

#define AUDIT_PLUGIN_READ	(64 * 1024)	/* bytes read from auditd at once */

/*
 * Forward standard input to socket_dir/audit.sock until it ends.  Logs to
 * stderr when it is a terminal (debug messages too with debug), else to
 * syslog.  Returns the exit status: 0, or 1 when it cannot start.
 */
int audit_plugin_run(const char *socket_dir, int debug);

#endif
