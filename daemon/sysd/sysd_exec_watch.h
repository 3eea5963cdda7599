/*
 * Root's systemctl asks systemd on its private socket, never on the bus,
 * and may be gone a few milliseconds later: to catch it while it runs,
 * the daemon hears every start of the systemctl program (inotify's
 * IN_OPEN on its file: execve opens it) and then looks for systemctl
 * processes a few times over the next milliseconds.
 */
#ifndef WHOKILLED_DAEMON_SYSD_EXEC_WATCH_H
#define WHOKILLED_DAEMON_SYSD_EXEC_WATCH_H

/* The watch's descriptor (non-blocking), or -1 with errno when no
 * systemctl program is found or inotify fails. */
int sysd_exec_watch_open(void);

/* Read every event queued; 1 when systemctl was opened since, else 0. */
int sysd_exec_watch_read(int fd);

#endif
