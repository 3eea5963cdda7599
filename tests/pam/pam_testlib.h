/*
 * Shared by the PAM module's tests: a private directory tree, files in it,
 * the path of the built module, and a report socket to catch what the
 * module sends.
 */
#ifndef WHOKILLED_PAM_TESTLIB_H
#define WHOKILLED_PAM_TESTLIB_H

#include <limits.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>

/* The directory all of one test binary's files live under. */
extern char pamwkt_top[PATH_MAX];

/*
 * Creates pamwkt_top (mode 0755, under /tmp); exits 2 when it cannot.
 * Usable outside a test, as is pamwkt_top_remove.
 */
void pamwkt_top_make(void);

/* Removes path and everything under it, not following symbolic links. */
void pamwkt_remove_tree(const char *path);

/* Removes pamwkt_top and everything under it. */
void pamwkt_top_remove(void);

/* out = dir/name; aborts the test when it does not fit. */
void pamwkt_join(char out[PATH_MAX], const char *dir, const char *name);

/* Creates a fresh directory (mode 0755) under pamwkt_top into out. */
void pamwkt_mkdir(char out[PATH_MAX]);

/* Writes text to dir/name (mode 0644), replacing it; aborts the test on error. */
void pamwkt_write_file(const char *dir, const char *name, const char *text);

/*
 * Absolute path of the built pam_whokilled.so, found from this binary's
 * place in build/tests/pam/; NULL (said on stderr) when it is not there.
 * Usable outside a test: it makes no Check assertion.
 */
const char *pamwkt_module_path(void);

/*
 * Binds dir/report.sock as the daemon would (datagram, SO_PASSCRED) and
 * returns its fd.  Aborts the test on error.
 */
int pamwkt_listen(const char *dir);

/*
 * Takes one datagram already queued on fd, without waiting: the module's
 * send has returned before the PAM call did.  Returns its length with the
 * sender's credentials in *cred, or -1 with errno EAGAIN when none is there.
 */
ssize_t pamwkt_take(int fd, void *buf, size_t size, struct ucred *cred);

/* The process's current loginuid (4294967295 when unset). */
unsigned pamwkt_loginuid(void);

/* The process's audit session id (4294967295 when unset). */
unsigned pamwkt_sessionid(void);

/* Field 22 of /proc/self/stat: this process's start time in clock ticks. */
unsigned long long pamwkt_start_time(void);

/*
 * Fails the test, saying why, unless this process's loginuid is unset:
 * the tests that need to see the module stamp it cannot run otherwise.
 */
void pamwkt_require_unset_loginuid(void);

#endif
