/*
 * Who may see what: root sees everything; others the events of their own
 * processes or sent by themselves, and never another user's command line.
 */
#ifndef WHOKILLED_DAEMON_QUERY_VISIBILITY_H
#define WHOKILLED_DAEMON_QUERY_VISIBILITY_H

#include <sys/types.h>

#include "whokilled/wire.h"

/*
 * Whether asker may see ev: root sees all; others see kills of their
 * processes, or by a process whose uid, euid or login uid is theirs.
 */
int query_may_see(const struct wk_event *ev, uid_t asker);

/*
 * Blank every command line of ev (the killer's argv, argc kept, and each
 * chain entry's args) unless asker is root or the killer's uid or login uid
 * is asker's: command lines may hold secrets.
 */
void query_redact(struct wk_event *ev, uid_t asker);

/*
 * Whether asker, whose user name is asker_name ("" when it has none), may
 * see a group of failed logins: root sees all; others the failures of
 * their own programs (the caller's real uid) and those for their own
 * account.
 */
int query_may_see_authfail(const struct wk_authfail_event *ev, uid_t asker,
    const char *asker_name);

/*
 * Blank the program's argv (argc kept) and every chain entry's args
 * unless asker is root or the program's real uid: a user shown a failure
 * for their account by another user's program does not get to read that
 * program's command lines, which may hold secrets.
 */
void query_redact_authfail(struct wk_authfail_event *ev, uid_t asker);

#endif
