/*
 * Started as root outside a service manager, the daemon holds every
 * capability; it needs a few only to open its sources (the kernel audit
 * multicast group: CAP_AUDIT_READ; the process-events connector:
 * CAP_NET_ADMIN; /dev/kmsg when dmesg_restrict is 1: CAP_SYSLOG) and two
 * while it runs (listing the kernel's audit rules: CAP_AUDIT_CONTROL;
 * another user's /proc/PID/ns: CAP_SYS_PTRACE).  Once the sources are
 * open it keeps those two and drops the rest: from the bounding set (while
 * it still may: CAP_SETPCAP), the ambient, inheritable, permitted and
 * effective sets, and sets no_new_privs.  It stays uid 0: its store, its
 * sockets and the audit log are root's files, reachable without
 * CAP_DAC_OVERRIDE.  capget/capset and prctl, no libcap.
 */
#ifndef WHOKILLED_DAEMON_PRIVDROP_H
#define WHOKILLED_DAEMON_PRIVDROP_H

#include <stddef.h>
#include <stdint.h>

/*
 * The capabilities the daemon keeps while it runs (a mask of 1 << CAP_*);
 * with audit_write also CAP_AUDIT_WRITE, for the whokilled record it adds
 * to the audit trail per signal (audit_records, a node of an audit hub).
 */
uint64_t privdrop_runtime_caps(int audit_write);

/*
 * Keep only the capabilities of keep (1 << CAP_* bits) that the process
 * has; drop all others as described above.  A bounding set the process may
 * not change (no CAP_SETPCAP: a service manager's) is left as it is.
 * Returns 0 with a sentence for the log in msg ("kept CAP_..; ..."), or
 * -1 with errno and what failed in msg.
 */
int privdrop_keep(uint64_t keep, char *msg, size_t len);

/* "CAP_AUDIT_CONTROL CAP_SYS_PTRACE": the names of the bits of mask. */
void privdrop_names(uint64_t mask, char *buf, size_t len);

#endif
