/*
 * The auditd plugin's loop: standard input in, the forwarder out.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit_forward.h"
#include "audit_plugin.h"
#include "daemon/kaudit/audit_socket.h"
#include "daemon/base/log.h"
#include "daemon/base/stats.h"
#include "daemon/base/unix_socket.h"

static volatile sig_atomic_t plugin_quit;

static void
on_quit(int signo)
{
	plugin_quit = signo;
}

/*
 * SIGTERM and SIGINT end the loop (blocked but inside ppoll, as in the
 * daemon); SIGHUP, which auditd sends on reconfiguration, and SIGPIPE are
 * ignored.  0 or -1.
 */
static int
setup_signals(sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit;
	if (sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGINT, &sa, NULL) == -1)
		return -1;
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGHUP, &sa, NULL) == -1 ||
	    sigaction(SIGPIPE, &sa, NULL) == -1)
		return -1;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	if (sigprocmask(SIG_BLOCK, &block, waitmask) == -1)
		return -1;
	sigdelset(waitmask, SIGTERM);
	sigdelset(waitmask, SIGINT);
	return 0;
}

/* Read once from standard input; 0 at its end, 1 otherwise. */
static int
read_input(struct audit_forward *f, char *buf)
{
	ssize_t n = read(STDIN_FILENO, buf, AUDIT_PLUGIN_READ);

	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n == -1) {
		log_warn("standard input");
		return 0;
	}
	if (n == 0)
		return 0;
	audit_forward_input(f, buf, (size_t)n, wkd_monotonic_ms());
	return 1;
}

int
audit_plugin_run(const char *socket_dir, int debug)
{
	struct audit_forward f;
	struct sockaddr_un addr;
	struct pollfd pfd[2];
	struct timespec ts;
	sigset_t waitmask;
	char *buf;
	int open = 1, timeout;
	unsigned n;

	log_init(isatty(STDERR_FILENO), debug, "whokilledd-plugin");
	if (unix_socket_addr(&addr, socket_dir, AUDIT_SOCKET_NAME) == -1) {
		log_warnx("%s: socket directory name too long", socket_dir);
		return 1;
	}
	buf = malloc(AUDIT_PLUGIN_READ);
	if (buf == NULL || setup_signals(&waitmask) == -1 ||
	    audit_forward_init(&f, &addr, AUDIT_FORWARD_QUEUE) == -1) {
		log_warn("cannot start");
		free(buf);
		return 1;
	}
	log_info("forwarding audit records to %s", addr.sun_path);
	audit_forward_flush(&f, wkd_monotonic_ms());
	while (open && !plugin_quit) {
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		n = 1 + (unsigned)audit_forward_pollfd(&f, &pfd[1]);
		timeout = audit_forward_timeout_ms(&f, wkd_monotonic_ms());
		ts.tv_sec = timeout / 1000;
		ts.tv_nsec = (long)(timeout % 1000) * 1000000;
		if (ppoll(pfd, n, timeout < 0 ? NULL : &ts, &waitmask) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("poll");
			break;
		}
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR))
			open = read_input(&f, buf);
		if (n > 1)
			audit_forward_handle(&f, pfd[1].revents, wkd_monotonic_ms());
		audit_forward_flush(&f, wkd_monotonic_ms());
	}
	/* A last try for what is queued; whatever the socket will not take is lost. */
	audit_forward_flush(&f, wkd_monotonic_ms());
	log_info("%s: %" PRIu64 " records queued, %" PRIu64 " dropped (%"
	    PRIu64 " too long), %" PRIu64 " refused as no audit records, %zu "
	    "bytes left unsent", open ? "stopped by a signal" : "input ended",
	    f.queued, f.dropped, f.too_long, f.refused, f.len);
	audit_forward_free(&f);
	free(buf);
	return 0;
}
