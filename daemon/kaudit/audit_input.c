/*
 * The kernel audit sources in the daemon's loop.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "audit_input.h"
#include "audit_netlink.h"
#include "daemon/base/log.h"

int
audit_input_open(struct audit_input *ai, struct ingest_kernel *ki,
    struct wkd_counters *counters, int plugin_fd, int netlink_fd,
    const char *log)
{
	struct wk_audit_sink live, backfill;
	int saved;

	memset(ai, 0, sizeof *ai);
	ai->ki = ki;
	ai->counters = counters;
	ai->netlink_fd = -1;
	ai->last_record_ms = -1;
	ai->last_aged_ms = -1;
	ai->overflow_logged_ms = -1;
	ai->backfill.fds[0] = ai->backfill.fds[1] = -1;
	ingest_kernel_sink(ki, INGEST_KERNEL_LIVE, &live);
	ingest_kernel_sink(ki, INGEST_KERNEL_BACKFILL, &backfill);
	if (plugin_fd != -1) {
		if (audit_socket_init(&ai->sock, plugin_fd, &live, counters) == -1) {
			close(plugin_fd);
			goto fail;
		}
		ai->have_sock = 1;
	}
	if (netlink_fd != -1) {
		ai->netlink_fd = netlink_fd;
		ai->netlink_reader = wk_audit_reader_new(&live);
		if (ai->netlink_reader == NULL)
			goto fail;
	}
	if (audit_backfill_start(&ai->backfill, log, &backfill) == -1) {
		if (errno == ENOMEM)
			goto fail;
		log_warn("%s: not read", log);
	}
	return 0;
fail:
	saved = errno;
	if (netlink_fd != -1 && ai->netlink_fd == -1)
		close(netlink_fd);
	audit_input_close(ai);
	errno = saved;
	return -1;
}

unsigned
audit_input_pollfds(const struct audit_input *ai, struct pollfd *pfd)
{
	unsigned n = 0;

	pfd[n].fd = ai->netlink_fd;	/* -1: poll() skips it */
	pfd[n].events = POLLIN;
	pfd[n++].revents = 0;
	if (ai->have_sock)
		n += audit_socket_pollfds(&ai->sock, pfd + n);
	return n;
}

/* Read a turn's worth of the netlink group. */
static void
read_netlink(struct audit_input *ai, int64_t now_ms)
{
	struct audit_netlink_counts c = { 0, 0, 0 };

	if (audit_netlink_drain(ai->netlink_fd, ai->netlink_reader,
	    AUDIT_INPUT_NETLINK_READS, &c) == -1)
		log_warn("audit netlink");
	ai->counters->audit_records += c.records;
	ai->counters->audit_dropped += c.overflows;
	if (c.overflows > 0 && (ai->overflow_logged_ms < 0 ||
	    now_ms - ai->overflow_logged_ms >= AUDIT_INPUT_LOG_MS)) {
		ai->overflow_logged_ms = now_ms;
		log_warnx("audit netlink: the kernel dropped records for us "
		    "(counted in records lost; logged once a minute)");
	}
	if (c.malformed > 0)
		log_debug("audit netlink: %llu messages that are no audit "
		    "records", (unsigned long long)c.malformed);
	if (c.records > 0)
		ai->last_record_ms = now_ms;
}

/*
 * Hand on aged events of the live readers, once per AUDIT_INPUT_AGE_MS, at
 * a quiet moment: the records of one event come together, and one whose
 * own time is long past would otherwise be handed on without those still
 * on their way.  Records that never pause are aged every
 * AUDIT_INPUT_AGE_MAX_MS all the same.
 */
static void
age(struct audit_input *ai, int64_t now_ms)
{
	if (ai->last_record_ms < 0 || now_ms < ai->next_age_ms)
		return;
	if (ai->last_aged_ms < 0)
		ai->last_aged_ms = now_ms;
	if (now_ms - ai->last_record_ms < AUDIT_INPUT_SETTLE_MS &&
	    now_ms - ai->last_aged_ms < AUDIT_INPUT_AGE_MAX_MS) {
		ai->next_age_ms = ai->last_record_ms + AUDIT_INPUT_SETTLE_MS;
		return;
	}
	ai->last_aged_ms = now_ms;
	ai->next_age_ms = now_ms + AUDIT_INPUT_AGE_MS;
	if (ai->netlink_reader != NULL)
		wk_audit_reader_age(ai->netlink_reader);
	if (ai->have_sock)
		audit_socket_age(&ai->sock);
	if (now_ms - ai->last_record_ms > AUDIT_INPUT_QUIET_MS)
		ai->last_record_ms = -1;
}

/* One slice of the backfill; its records are counted. */
static void
backfill_step(struct audit_input *ai)
{
	uint64_t before = ai->backfill.records;
	int rc;

	rc = audit_backfill_step(&ai->backfill);
	ai->counters->audit_records += ai->backfill.records - before;
	if (rc == 1)
		return;
	log_info("backfill: %llu audit records read from the log, %llu kills "
	    "stored", (unsigned long long)ai->backfill.records,
	    (unsigned long long)ai->counters->audit_backfilled);
	audit_backfill_stop(&ai->backfill);
}

void
audit_input_handle(struct audit_input *ai, const struct pollfd *pfd,
    unsigned n, int64_t now_ms)
{
	uint64_t before = ai->counters->audit_records;

	if (n > 0 && ai->netlink_fd != -1 && pfd[0].fd == ai->netlink_fd &&
	    (pfd[0].revents & POLLIN))
		read_netlink(ai, now_ms);
	if (ai->have_sock && n > 1) {
		audit_socket_handle(&ai->sock, pfd + 1, n - 1);
		if (ai->counters->audit_records != before)
			ai->last_record_ms = now_ms;
	}
	if (audit_backfill_active(&ai->backfill))
		backfill_step(ai);
	age(ai, now_ms);
}

int
audit_input_timeout_ms(const struct audit_input *ai, int64_t now_ms)
{
	if (audit_backfill_active(&ai->backfill))
		return 0;
	if (ai->last_record_ms < 0)
		return -1;
	return ai->next_age_ms <= now_ms ? 0 : (int)(ai->next_age_ms - now_ms);
}

void
audit_input_drain(struct audit_input *ai, int64_t now_ms)
{
	uint64_t before = ai->counters->audit_records;

	if (ai->netlink_fd != -1)
		read_netlink(ai, now_ms);
	if (ai->have_sock) {
		audit_socket_drain(&ai->sock);
		if (ai->counters->audit_records != before)
			ai->last_record_ms = now_ms;
	}
}

void
audit_input_close(struct audit_input *ai)
{
	if (ai->have_sock)
		audit_socket_close(&ai->sock);
	ai->have_sock = 0;
	if (ai->netlink_reader != NULL) {
		/* The end of input: nothing is lost that a report could name. */
		(void)wk_audit_reader_finish(ai->netlink_reader);
		wk_audit_reader_free(ai->netlink_reader);
		ai->netlink_reader = NULL;
	}
	if (ai->netlink_fd != -1)
		close(ai->netlink_fd);
	ai->netlink_fd = -1;
	audit_backfill_stop(&ai->backfill);
}
