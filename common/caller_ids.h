/*
 * The calling process's identity in a report (struct wk_caller), filled
 * alike by the preload shim and the PAM module; each reads /proc its own
 * way and hands the results here.  Async-signal-safe: plain system calls
 * and memcpy, for the shim calls it inside kill().
 */
#ifndef WHOKILLED_COMMON_CALLER_IDS_H
#define WHOKILLED_COMMON_CALLER_IDS_H

#include <stdint.h>

#include "procstat.h"
#include "whokilled/wire.h"

/*
 * Fills what the kernel tells the calling thread directly: pid, ppid, tid,
 * POSIX session and process group, and the real, effective and saved user
 * and group ids (left as they were should getresuid or getresgid fail).
 */
void wk_caller_fill_ids(struct wk_caller *c);

/*
 * Fills what the process's own /proc files told: the login uid and audit
 * session as read (WK_ID_UNSET when unset or unreadable) and, when st is
 * not NULL (its /proc/self/stat was read), its terminal, start time and
 * command name.  Without st those fields are left as they were.
 */
void wk_caller_fill_proc(struct wk_caller *c, const struct wk_procstat *st,
    uint32_t loginuid, uint32_t sessionid);

#endif
