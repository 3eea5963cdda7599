/*
 * The systemd monitor: who asked systemd (PID 1) to stop, restart or
 * kill a unit, and what systemd did, for the signals PID 1 sends.
 *
 * Sources: a monitor connection to the system bus (BecomeMonitor, root
 * only) sees every StopUnit/RestartUnit/KillUnit (and the Unit
 * interface's Stop/Restart/Kill) with its sender, whose pid a second,
 * ordinary connection asks the bus for at once; systemd's JobNew and
 * JobRemoved signals (it sends them for every job, requests on its
 * private socket included, once someone has called Subscribe, which the
 * ordinary connection does) and its units' SubState changes.  Root's
 * systemctl talks to systemd on /run/systemd/private, never on the bus:
 * a systemctl process running with a verb and a unit in its argv when
 * the job is made or PID 1's signal is stored is taken as the asker,
 * marked inferred.  A host without a system bus or without systemd as
 * PID 1 has nothing to follow: the monitor says so once and stays off,
 * trying the bus again every few seconds.
 */
#ifndef WHOKILLED_DAEMON_SYSD_BUS_H
#define WHOKILLED_DAEMON_SYSD_BUS_H

#include <poll.h>
#include <stdint.h>

#include "whokilled/wire.h"

#define SYSD_POLLFDS	3

struct ingest;
struct sysd;

/*
 * Make the monitor for ingest in (whose chains name the askers, and
 * whose stored signals it hears of: it becomes one of in's listeners).
 * The bus is tried at once.  With follow 0 (an audit hub: its store is
 * its nodes', whose systemd is not this one) the monitor stays off and
 * listens to nothing.  NULL with errno only when out of memory.
 */
struct sysd *sysd_open(struct ingest *in, int follow);
void sysd_close(struct sysd *s);

/* The poll loop's part: descriptors, what they said, the timer. */
unsigned sysd_pollfds(struct sysd *s, struct pollfd *pfd);
void sysd_handle(struct sysd *s, const struct pollfd *pfd, unsigned n,
    int64_t now_ms);
int sysd_timeout_ms(struct sysd *s, int64_t now_ms);

/* Read what the bus has queued now (before an answer). */
void sysd_drain(struct sysd *s);

/* Whether the monitor follows the bus now. */
int sysd_following(const struct sysd *s);

/*
 * Who asked for the signal of ev, when PID 1 (of the daemon's pid
 * namespace) sent it and the monitor followed the bus then: 1 with *out
 * filled (its header and event id too), else 0.
 */
int sysd_requested_by(struct sysd *s, const struct wk_event *ev,
    struct wk_request *out);

#endif
