/*
 * Who asked systemd: a running process read from /proc into the killer's
 * shape (the caller, its terminal, its ancestry chain), and the systemctl
 * processes running at a moment, with the verb and units their command
 * lines name.
 */
#ifndef WHOKILLED_DAEMON_SYSD_CALLER_H
#define WHOKILLED_DAEMON_SYSD_CALLER_H

#include <stddef.h>
#include <stdint.h>

#include "whokilled/wire.h"

struct ingest;

/*
 * Read process pid into out (report.caller, tty, chain through the
 * daemon's chain resolution, boot id); its target and signal stay zero.
 * 0, or -1 with errno (ESRCH or ENOENT: it is gone, exiting or a
 * zombie: its command line is gone).
 */
int sysd_caller_read(struct ingest *in, int32_t pid, struct wk_event *out);

/*
 * What a systemctl command line asks (argv: NUL-separated, len bytes):
 * the verb (WK_VERB_STOP, _RESTART or _KILL; try-restart and
 * reload-or-restart are restarts) and the first unit it names, with
 * ".service" added when it has no type, as systemctl does.  1 with both
 * set, or 0 when it asks none of those.
 */
int sysd_systemctl_request(const char *argv, size_t len, uint32_t *verb,
    char *unit, size_t size);

/* Called for each systemctl process found, with what its argv asks. */
typedef void (*sysd_systemctl_cb)(int32_t pid, uint32_t verb,
    const char *unit, void *arg);

/* Every running process named systemctl whose argv asks a stop, restart
 * or kill, at most 4096 entries of /proc looked at.  Returns how many. */
unsigned sysd_systemctl_scan(sysd_systemctl_cb cb, void *arg);

#endif
