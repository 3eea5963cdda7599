/* The wire decoders: everything well-formed passes, everything else is refused with a reason. */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "whokilled/wire.h"

static const char good_argv[] = "kill\0-9\0" "2089";
/* Where decoders put the argv of a report they need not look at. */
static char any_argv[WK_ARGV_MAX];

static struct wk_kill_report
good_report(void)
{
	struct wk_kill_report r;

	wk_report_init(&r);
	r.time.sec = 1763737961;
	r.time.nsec = 123456789;
	r.call = WK_CALL_KILL;
	r.signo = SIGKILL;
	r.arg_pid = 2089;
	r.flags = WK_F_TARGET_READ | WK_F_CALLER_STAT_READ;
	r.caller.pid = 1784;
	r.caller.ppid = 1770;
	strcpy(r.caller.comm, "kill");
	strcpy(r.caller.exe, "/usr/bin/kill");
	r.caller.argc = 3;
	r.caller.argv_len = sizeof good_argv;
	r.hdr.size = sizeof r + sizeof good_argv;
	r.target.pid = 2089;
	r.target.start_time = 4242;
	strcpy(r.target.comm, "sleep");
	return r;
}

/* A datagram: a report (its hdr.size set to fit), then argv_len bytes. */
static unsigned char dgram_buf[sizeof(struct wk_kill_report) + WK_ARGV_MAX +
    WK_TARGET_CGROUP_MAX + 16];

static size_t
dgram(struct wk_kill_report *r, const char *argv)
{
	r->hdr.size = (uint32_t)(sizeof *r + r->caller.argv_len);
	memcpy(dgram_buf, r, sizeof *r);
	memcpy(dgram_buf + sizeof *r, argv, r->caller.argv_len);
	return r->hdr.size;
}

/* Decode r with argv and return the reason it was refused, or NULL. */
static const char *
refusal_argv(struct wk_kill_report *r, const char *argv)
{
	static char argv_out[WK_ARGV_MAX];
	struct wk_kill_report out;
	const char *why = NULL;
	size_t len = dgram(r, argv);

	if (wk_decode_report(dgram_buf, len, &out, argv_out, &why) == 0)
		return NULL;
	ck_assert_ptr_nonnull(why);
	return why;
}

static const char *
refusal(struct wk_kill_report *r)
{
	return refusal_argv(r, good_argv);
}

START_TEST(good_report_round_trips)
{
	struct wk_kill_report r = good_report(), out;
	static char argv[WK_ARGV_MAX];
	const char *why = NULL;
	size_t len = dgram(&r, good_argv);

	ck_assert_uint_eq(len, 472 + sizeof good_argv);
	ck_assert_int_eq(wk_decode_report(dgram_buf, len, &out, argv, &why),
	    0);
	ck_assert_mem_eq(&r, &out, sizeof r);
	ck_assert_mem_eq(argv, good_argv, sizeof good_argv);
}
END_TEST

START_TEST(report_length_faults_are_refused)
{
	struct wk_kill_report r = good_report(), out;
	static char argv[WK_ARGV_MAX];
	const char *why = NULL;
	size_t len = dgram(&r, good_argv);

	ck_assert_int_eq(wk_decode_report(dgram_buf, 0, &out, argv, &why), -1);
	ck_assert_str_eq(why, "shorter than a header");
	ck_assert_int_eq(wk_decode_report(dgram_buf, len - 1, &out, argv, &why),
	    -1);
	ck_assert_str_eq(why, "declared size differs from datagram length");

	/* Bytes past argv whose header agrees with the length. */
	r.hdr.size = (uint32_t)len + 8;
	memcpy(dgram_buf, &r, sizeof r);
	memset(dgram_buf + len, 0, 8);
	ck_assert_int_eq(wk_decode_report(dgram_buf, len + 8, &out, argv,
	    &why), -1);
	ck_assert_str_eq(why, "length differs from the message and its argv");
	/* Shorter than a report, header agreeing. */
	r.hdr.size = sizeof r - 8;
	memcpy(dgram_buf, &r, sizeof r);
	ck_assert_int_eq(wk_decode_report(dgram_buf, sizeof r - 8, &out, argv,
	    &why), -1);
	ck_assert_str_eq(why, "wrong length for a kill report");
}
END_TEST

/* A target's cgroup file after argv: sent by a parent, checked. */
START_TEST(a_targets_cgroup_follows_argv)
{
	static const char cg[] = "0::/system.slice/victim.service\n";
	struct wk_kill_report r = good_report(), out;
	static char argv[WK_ARGV_MAX];
	const char *why = NULL, *tail;
	size_t len;

	r.target.cgroup_len = sizeof cg - 1;
	len = dgram(&r, good_argv);
	memcpy(dgram_buf + len, cg, sizeof cg - 1);
	len += sizeof cg - 1;
	r.hdr.size = (uint32_t)len;
	memcpy(dgram_buf, &r, sizeof r);
	ck_assert_msg(wk_decode_report(dgram_buf, len, &out, argv, &why) == 0,
	    "%s", why);
	ck_assert_mem_eq(argv, good_argv, sizeof good_argv);
	tail = wk_report_cgroup(dgram_buf, &out);
	ck_assert_ptr_nonnull(tail);
	ck_assert_mem_eq(tail, cg, sizeof cg - 1);
	/* A length that does not add up. */
	r.hdr.size = (uint32_t)len - 1;
	memcpy(dgram_buf, &r, sizeof r);
	ck_assert_int_eq(wk_decode_report(dgram_buf, len - 1, &out, argv,
	    &why), -1);
	ck_assert_str_eq(why, "length differs from the message and its argv");
	/* Longer than its field, or longer than the datagram. */
	r.target.cgroup_len = WK_TARGET_CGROUP_MAX + 1;
	r.hdr.size = (uint32_t)len;
	memcpy(dgram_buf, &r, sizeof r);
	ck_assert_int_eq(wk_decode_report(dgram_buf, len, &out, argv, &why),
	    -1);
	ck_assert_str_eq(why, "a target's cgroup longer than its field");
	r.target.cgroup_len = (uint32_t)len;
	memcpy(dgram_buf, &r, sizeof r);
	ck_assert_int_eq(wk_decode_report(dgram_buf, len, &out, argv, &why),
	    -1);
	ck_assert_str_eq(why, "a target's cgroup longer than its field");
	/* No target read: no cgroup of it. */
	r.target.cgroup_len = sizeof cg - 1;
	r.flags &= ~WK_F_TARGET_READ;
	memcpy(dgram_buf, &r, sizeof r);
	ck_assert_int_eq(wk_decode_report(dgram_buf, len, &out, argv, &why),
	    -1);
	ck_assert_str_eq(why, "a target's cgroup where none is sent");
	/* None: NULL. */
	r = good_report();
	len = dgram(&r, good_argv);
	ck_assert_int_eq(wk_decode_report(dgram_buf, len, &out, argv, &why), 0);
	ck_assert_ptr_null(wk_report_cgroup(dgram_buf, &out));
}
END_TEST

START_TEST(report_header_faults_are_refused)
{
	struct wk_kill_report r;
	static char argv[WK_ARGV_MAX];
	struct wk_kill_report out;
	const char *why;
	size_t len;

	r = good_report(); r.hdr.magic ^= 1;
	ck_assert_str_eq(refusal(&r), "bad magic: not a whokilled report");
	/* Version 1 (a 1 KiB argv inside the report) is not read. */
	r = good_report(); len = dgram(&r, good_argv);
	((struct wk_header *)(void *)dgram_buf)->version = 1;
	ck_assert_int_eq(wk_decode_report(dgram_buf, len, &out, argv, &why),
	    -1);
	ck_assert_str_eq(why, "unsupported wire version");
	r = good_report(); r.hdr.type = 99;
	ck_assert_str_eq(refusal(&r), "unknown report type");
	r = good_report(); r.hdr.type = WK_MSG_SESSION_OPEN;
	ck_assert_str_eq(refusal(&r), "unknown report type");
}
END_TEST

START_TEST(report_field_faults_are_refused)
{
	struct wk_kill_report r;

	r = good_report(); r.call = 0;
	ck_assert_str_eq(refusal(&r), "unknown call");
	r = good_report(); r.call = WK_CALL_MAX + 1;
	ck_assert_str_eq(refusal(&r), "unknown call");
	r = good_report(); r.signo = 0;
	ck_assert_str_eq(refusal(&r), "signal out of range");
	r = good_report(); r.signo = WK_SIGNAL_MAX + 1;
	ck_assert_str_eq(refusal(&r), "signal out of range");
	r = good_report(); r.time.nsec = 1000000000;
	ck_assert_str_eq(refusal(&r), "bad time");
	r = good_report(); r.result = 1;
	ck_assert_str_eq(refusal(&r), "result is neither 0 nor -1");
	r = good_report(); r.result = -1;
	ck_assert_str_eq(refusal(&r), "errno inconsistent with result");
	r = good_report(); r.error = 1;
	ck_assert_str_eq(refusal(&r), "errno inconsistent with result");
	r = good_report(); r.flags |= 0x8000;
	ck_assert_str_eq(refusal(&r), "unknown flags");
	r = good_report(); r.caller.pid = 0;
	ck_assert_str_eq(refusal(&r), "caller pid not positive");
	r = good_report(); r.target.pid = 0;
	ck_assert_str_eq(refusal(&r), "target read but target pid not positive");

	r = good_report(); r.result = -1; r.error = 1;
	ck_assert_ptr_null(refusal(&r));
}
END_TEST

START_TEST(unterminated_strings_are_refused)
{
	struct wk_kill_report r;

	r = good_report(); memset(r.caller.comm, 'A', sizeof r.caller.comm);
	ck_assert_str_eq(refusal(&r), "unterminated string");
	r = good_report(); memset(r.caller.exe, 'A', sizeof r.caller.exe);
	ck_assert_str_eq(refusal(&r), "unterminated string");
	r = good_report(); memset(r.target.comm, 'A', sizeof r.target.comm);
	ck_assert_str_eq(refusal(&r), "unterminated string");
}
END_TEST

START_TEST(malformed_argv_is_refused)
{
	static char big[WK_ARGV_MAX + 1];
	struct wk_kill_report r;

	r = good_report(); r.caller.argv_len = WK_ARGV_MAX + 1;
	memset(big, 0, sizeof big);
	ck_assert_str_eq(refusal_argv(&r, big), "argv longer than its field");
	/* Last argument not terminated inside argv_len. */
	r = good_report(); r.caller.argv_len -= 1;
	ck_assert_str_eq(refusal(&r), "argv does not end with a NUL");
	/* A full field, terminated at its last byte, is fine. */
	r = good_report();
	memset(big, 'a', WK_ARGV_MAX);
	big[WK_ARGV_MAX - 1] = '\0';
	r.caller.argc = 1;
	r.caller.argv_len = WK_ARGV_MAX;
	ck_assert_ptr_null(refusal_argv(&r, big));
	/* No argv at all (argc kept: it was not read) is fine too. */
	r = good_report(); r.caller.argv_len = 0;
	ck_assert_ptr_null(refusal(&r));
}
END_TEST

/* "kill -9 1 ... 2089" cut after "kill -9 1": 2087 arguments left out. */
static const char cut_argv[] = "kill\0-9\0" "1\0" "2089";

static struct wk_kill_report
cut_report(void)
{
	struct wk_kill_report r = good_report();

	r.flags |= WK_F_ARGV_TRUNCATED;
	r.caller.argc = 2091;
	r.caller.argv_len = sizeof cut_argv;
	r.caller.argv_cut.head = 3;
	r.caller.argv_cut.args = 2087;
	r.caller.argv_cut.bytes = 7785;
	return r;
}

START_TEST(argv_cut_is_checked)
{
	struct wk_kill_report r;

	r = cut_report();
	ck_assert_ptr_null(refusal_argv(&r, cut_argv));
	/* A cut says it is one. */
	r = cut_report(); r.flags &= ~WK_F_ARGV_TRUNCATED;
	ck_assert_str_eq(refusal_argv(&r, cut_argv),
	    "argv cut but not flagged so");
	/* ...at a string argv holds, with something after it. */
	r = cut_report(); r.caller.argv_cut.head = 4;
	ck_assert_str_eq(refusal_argv(&r, cut_argv),
	    "argv cut after its last string");
	/* ...whose counts add up to argc. */
	r = cut_report(); r.caller.argc = 2090;
	ck_assert_str_eq(refusal_argv(&r, cut_argv),
	    "argv cut counts do not add up to argc");
	r = cut_report(); r.caller.argv_cut.flags = 0x80;
	ck_assert_str_eq(refusal_argv(&r, cut_argv),
	    "unknown argv cut flags");
	r = cut_report(); r.caller.argv_cut.reserved = 1;
	ck_assert_str_eq(refusal_argv(&r, cut_argv), "reserved field set");
	/* One argument cut inside: both its parts shown, none left whole. */
	r = cut_report(); r.caller.argv_cut.flags = WK_CUT_ONE_ARG;
	ck_assert_str_eq(refusal_argv(&r, cut_argv),
	    "argv cut inside one argument, inconsistently");
	/* Amounts without a place. */
	r = good_report(); r.caller.argv_cut.args = 1;
	ck_assert_str_eq(refusal(&r), "argv cut without a place");
	/* Cut at an end not known (a kernel record): flag, no place. */
	r = good_report(); r.flags |= WK_F_ARGV_TRUNCATED;
	ck_assert_ptr_null(refusal(&r));
}
END_TEST

/* Random bytes never pass and never crash; random flips of a good report never crash. */
START_TEST(random_bytes_are_refused)
{
	unsigned char buf[sizeof(struct wk_kill_report) + 64];
	static char argv[WK_ARGV_MAX];
	struct wk_kill_report out, r;
	const char *why;
	size_t len;

	srand(12345);
	for (int i = 0; i < 20000; i++) {
		len = (size_t)rand() % sizeof buf;

		for (size_t j = 0; j < len; j++)
			buf[j] = (unsigned char)rand();
		why = NULL;
		ck_assert_int_eq(wk_decode_report(buf, len, &out, argv, &why),
		    -1);
		ck_assert_ptr_nonnull(why);
	}
	for (int i = 0; i < 20000; i++) {
		r = i % 2 ? good_report() : cut_report();
		len = dgram(&r, i % 2 ? good_argv : cut_argv);
		dgram_buf[16 + (size_t)rand() % (len - 16)] ^=
		    (unsigned char)(1 + rand() % 255);
		why = NULL;
		if (wk_decode_report(dgram_buf, len, &out, argv, &why) == 0) {
			ck_assert(memchr(out.caller.comm, 0, WK_COMM_MAX) != NULL);
			ck_assert(memchr(out.caller.exe, 0, WK_EXE_MAX) != NULL);
			ck_assert_uint_eq(sizeof out + out.caller.argv_len, len);
			ck_assert(wk_argv_valid(&out.caller, out.flags, argv,
			    &why));
		} else {
			ck_assert_ptr_nonnull(why);
		}
	}
}
END_TEST

START_TEST(query_decoder)
{
	struct wk_query q, out;
	const char *why = NULL;

	wk_query_init(&q, WK_Q_BY_PID);
	q.pid = 42;
	ck_assert_int_eq(wk_decode_query(&q, sizeof q, &out, &why), 0);
	ck_assert_int_eq(out.pid, 42);
	ck_assert_int_eq(wk_decode_query(&q, sizeof q - 1, &out, &why), -1);
	ck_assert_str_eq(why, "wrong length for a query");
	q.pid = 0;
	ck_assert_int_eq(wk_decode_query(&q, sizeof q, &out, &why), -1);
	ck_assert_str_eq(why, "pid not positive");
	q.pid = 1; q.signo = 65;
	ck_assert_int_eq(wk_decode_query(&q, sizeof q, &out, &why), -1);
	ck_assert_str_eq(why, "signal out of range");
	q.signo = 0; q.flags = 0x100;
	ck_assert_int_eq(wk_decode_query(&q, sizeof q, &out, &why), -1);
	ck_assert_str_eq(why, "unknown query flags");
	q.flags = WK_QF_FOLLOW;
	ck_assert_int_eq(wk_decode_query(&q, sizeof q, &out, &why), -1);
	ck_assert_str_eq(why, "list flags on a query that is not a list");
	q.type = WK_Q_LIST; q.pid = 0;
	ck_assert_int_eq(wk_decode_query(&q, sizeof q, &out, &why), 0);
	memset(q.name, 'x', sizeof q.name);
	ck_assert_int_eq(wk_decode_query(&q, sizeof q, &out, &why), -1);
	ck_assert_str_eq(why, "unterminated name");
	strcpy(q.name, "a\nb");
	ck_assert_int_eq(wk_decode_query(&q, sizeof q, &out, &why), -1);
	ck_assert_str_eq(why, "a process name holds no newline or slash");
	q.name[0] = '\0'; q.type = WK_Q_BY_PID; q.pid = 1;
	q.flags = 0; q.since = -1;
	ck_assert_int_eq(wk_decode_query(&q, sizeof q, &out, &why), -1);
	ck_assert_str_eq(why, "negative time bound");
	wk_query_init(&q, 7);
	ck_assert_int_eq(wk_decode_query(&q, sizeof q, &out, &why), -1);
	ck_assert_str_eq(why, "unknown query type");
	wk_query_init(&q, WK_Q_STATS);
	ck_assert_int_eq(wk_decode_query(&q, sizeof q, &out, &why), 0);
}
END_TEST

START_TEST(reply_decoders)
{
	static struct wk_event ev, evout;
	struct wk_end end, endout;
	uint16_t type;
	uint32_t size;
	const char *why = NULL;

	memset(&ev, 0, sizeof ev);
	wk_reply_init(&ev.hdr, WK_R_EVENT, sizeof ev);
	ev.report = good_report();
	memcpy(ev.argv, good_argv, sizeof good_argv);
	ev.hdr.size = (uint32_t)wk_event_size(&ev);
	ev.sources = WK_SRC_SHIM;
	ev.chain_len = 1;
	strcpy(ev.chain[0].comm, "kill");
	ck_assert_int_eq(wk_peek_reply(&ev, sizeof ev.hdr, &type, &size, &why), 0);
	ck_assert_uint_eq(type, WK_R_EVENT);
	/* The frame carries the used bytes of argv only. */
	ck_assert_uint_eq(size, WK_EVENT_FIXED + sizeof good_argv);
	ck_assert_int_eq(wk_decode_event(&ev, size, &evout, &why), 0);
	ck_assert_str_eq(evout.argv + 8, "2089");
	/* A frame is its fixed part and argv_len bytes, exactly. */
	ev.report.caller.argv_len--;
	ck_assert_int_eq(wk_decode_event(&ev, size, &evout, &why), -1);
	ck_assert_str_eq(why, "length differs from the message and its argv");
	ev.report.caller.argv_len++;

	ev.chain_len = WK_CHAIN_MAX + 1;
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &evout, &why), -1);
	ck_assert_str_eq(why, "chain too long");
	ev.chain_len = 1;
	memset(ev.chain[0].args, 'x', sizeof ev.chain[0].args);
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &evout, &why), -1);
	ck_assert_str_eq(why, "unterminated string in chain");
	memset(ev.chain[0].args, 0, sizeof ev.chain[0].args);
	/* A killer in another pid namespace: its pid there, the target's. */
	ev.pid_ns.id = 4026532291u;
	ev.pid_ns.caller_pid = 9;
	ev.pid_ns.target_pid = 7;
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &evout, &why), 0);
	ck_assert_int_eq(evout.pid_ns.caller_pid, 9);
	ev.pid_ns.target_pid = 0;	/* none */
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &evout, &why), 0);
	ev.pid_ns.caller_pid = 0;
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &evout, &why), -1);
	ck_assert_str_eq(why, "pid namespace pids out of range");
	ev.pid_ns.caller_pid = 9;
	ev.pid_ns.target_pid = -7;
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &evout, &why), -1);
	/* No namespace, no pids in it. */
	ev.pid_ns.id = 0;
	ev.pid_ns.target_pid = 0;
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &evout, &why), -1);
	ck_assert_str_eq(why, "pid namespace pids out of range");
	ev.pid_ns.caller_pid = 0;
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &evout, &why), 0);
	ev.report.signo = 0;
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &evout, &why), -1);
	ck_assert_str_eq(why, "signal out of range");

	/* A header that lies about its size for the type. */
	ev.hdr.size = 100;
	ck_assert_int_eq(wk_peek_reply(&ev, sizeof ev.hdr, &type, &size, &why), -1);
	ck_assert_str_eq(why, "wrong size for the reply type");

	memset(&end, 0, sizeof end);
	wk_reply_init(&end.hdr, WK_R_END, sizeof end);
	strcpy(end.message, "nothing");
	ck_assert_int_eq(wk_decode_end(&end, sizeof end, &endout, &why), 0);
	ck_assert_int_eq(wk_decode_event(&end, sizeof end, &evout, &why), -1);
	ck_assert_str_eq(why, "unexpected reply type");
	memset(end.message, 'm', sizeof end.message);
	ck_assert_int_eq(wk_decode_end(&end, sizeof end, &endout, &why), -1);
	ck_assert_str_eq(why, "unterminated message");

	/* What a filter left out: a real signal at a valid time. */
	memset(end.message, 0, sizeof end.message);
	end.filtered_out = 1;
	end.excluded.signo = 15;
	end.excluded.time.sec = 1763737961;
	ck_assert_int_eq(wk_decode_end(&end, sizeof end, &endout, &why), 0);
	ck_assert_uint_eq(endout.filtered_out, 1);
	end.excluded.signo = 0;
	ck_assert_int_eq(wk_decode_end(&end, sizeof end, &endout, &why), -1);
	ck_assert_str_eq(why, "signal out of range");
	end.excluded.signo = WK_SIGNAL_MAX + 1;
	ck_assert_int_eq(wk_decode_end(&end, sizeof end, &endout, &why), -1);
	end.excluded.signo = 15;
	end.excluded.time.nsec = -1;
	ck_assert_int_eq(wk_decode_end(&end, sizeof end, &endout, &why), -1);
	ck_assert_str_eq(why, "bad time");
	/* Nothing left out: the brief is not looked at. */
	end.filtered_out = 0;
	ck_assert_int_eq(wk_decode_end(&end, sizeof end, &endout, &why), 0);
}
END_TEST

static struct wk_death
good_death(void)
{
	struct wk_death d;

	memset(&d, 0, sizeof d);
	wk_reply_init(&d.hdr, WK_R_DEATH, sizeof d);
	d.kind = WK_DEATH_OOM;
	d.flags = WK_D_SUBJECT | WK_D_EXIT_KNOWN | WK_D_OOM_CONTEXT;
	d.pid = 2089;
	d.signo = 9;
	d.time.sec = 1763737961;
	strcpy(d.comm, "mem_hog");
	strcpy(d.oom.memcg, "/x");
	return d;
}

/* Who asked systemd: a request frame, with and without its caller. */
START_TEST(request_decoder)
{
	static struct wk_request r, out;
	const char *why = NULL;
	size_t n = WK_REQUEST_FIXED;	/* no caller: its argv is empty */

	memset(&r, 0, sizeof r);
	wk_reply_init(&r.hdr, WK_R_REQUEST, (uint32_t)n);
	ck_assert_uint_eq(wk_request_size(&r), n);
	r.event = 7;
	r.via = WK_VIA_SYSTEMD;
	r.verb = WK_VERB_RESTART_POLICY;
	strcpy(r.unit, "crashy.service");
	ck_assert_int_eq(wk_decode_request(&r, n, &out, &why), 0);
	ck_assert_mem_eq(&r, &out, n);
	ck_assert_int_eq(wk_decode_request(&r, n - 1, &out, &why), -1);
	r.via = WK_VIA_MAX + 1;
	ck_assert_int_eq(wk_decode_request(&r, n, &out, &why), -1);
	ck_assert_str_eq(why, "unknown request via");
	r.via = WK_VIA_BUS;
	r.verb = WK_VERB_MAX + 1;
	ck_assert_int_eq(wk_decode_request(&r, n, &out, &why), -1);
	r.verb = WK_VERB_STOP;
	memset(r.method, 'x', sizeof r.method);
	ck_assert_int_eq(wk_decode_request(&r, n, &out, &why), -1);
	ck_assert_str_eq(why, "unterminated string in request");
	strcpy(r.method, "StopUnit");
	/* A caller is checked like a killer. */
	r.flags = WK_RQ_CALLER | WK_RQ_EXACT;
	ck_assert_int_eq(wk_decode_request(&r, n, &out, &why), -1);
	ck_assert_str_eq(why, "caller pid not positive");
	r.caller.report.caller.pid = 4711;
	r.caller.chain_len = WK_CHAIN_MAX + 1;
	ck_assert_int_eq(wk_decode_request(&r, n, &out, &why), -1);
	r.caller.chain_len = 1;
	ck_assert_int_eq(wk_decode_request(&r, n, &out, &why), 0);
	/* Its command line follows, only the bytes it uses. */
	memcpy(r.caller.argv, "systemctl\0stop\0nginx", 21);
	r.caller.report.caller.argc = 3;
	r.caller.report.caller.argv_len = 21;
	n = wk_request_size(&r);
	ck_assert_uint_eq(n, WK_REQUEST_FIXED + 21);
	wk_reply_init(&r.hdr, WK_R_REQUEST, (uint32_t)n);
	ck_assert_int_eq(wk_decode_request(&r, n, &out, &why), 0);
	ck_assert_mem_eq(out.caller.argv, "systemctl\0stop\0nginx", 21);
	ck_assert_int_eq(wk_decode_request(&r, n - 1, &out, &why), -1);
	r.flags = WK_RQ_ALL + 1;
	ck_assert_int_eq(wk_decode_request(&r, n, &out, &why), -1);
	ck_assert_str_eq(wk_request_verb_name(WK_VERB_STOP_TIMEOUT),
	    "stop-timeout");
	ck_assert_str_eq(wk_request_via_name(WK_VIA_SYSTEMCTL), "systemctl");
}
END_TEST

START_TEST(death_decoder)
{
	struct wk_death d, out;
	struct wk_stats st, stout;
	const char *why = NULL;

	d = good_death();
	ck_assert_int_eq(wk_decode_death(&d, sizeof d, &out, &why), 0);
	ck_assert_mem_eq(&d, &out, sizeof d);
	ck_assert_int_eq(wk_decode_death(&d, sizeof d - 1, &out, &why), -1);

	d.kind = 0;
	ck_assert_int_eq(wk_decode_death(&d, sizeof d, &out, &why), -1);
	ck_assert_str_eq(why, "unknown death kind");
	d = good_death();
	d.kind = WK_DEATH_KIND_MAX + 1;
	ck_assert_int_eq(wk_decode_death(&d, sizeof d, &out, &why), -1);
	d = good_death();
	d.flags |= WK_D_ALL + 1;
	ck_assert_int_eq(wk_decode_death(&d, sizeof d, &out, &why), -1);
	ck_assert_str_eq(why, "unknown death flags");
	d = good_death();
	d.pid = 0;
	ck_assert_int_eq(wk_decode_death(&d, sizeof d, &out, &why), -1);
	d = good_death();
	d.signo = WK_SIGNAL_MAX + 1;
	ck_assert_int_eq(wk_decode_death(&d, sizeof d, &out, &why), -1);
	d = good_death();
	memset(d.oom.task_memcg, 'x', sizeof d.oom.task_memcg);
	ck_assert_int_eq(wk_decode_death(&d, sizeof d, &out, &why), -1);
	ck_assert_str_eq(why, "unterminated string");
	d = good_death();
	memset(d.sender.via, 'x', sizeof d.sender.via);
	ck_assert_int_eq(wk_decode_death(&d, sizeof d, &out, &why), -1);
	d = good_death();
	d.watch.gap_to.nsec = 1000000000;
	ck_assert_int_eq(wk_decode_death(&d, sizeof d, &out, &why), -1);
	ck_assert_str_eq(why, "bad time");

	/* The stats frame refuses death sources it does not know. */
	memset(&st, 0, sizeof st);
	wk_reply_init(&st.hdr, WK_R_STATS, sizeof st);
	st.death_sources = WK_DS_ALL;
	ck_assert_int_eq(wk_decode_stats(&st, sizeof st, &stout, &why), 0);
	st.death_sources = WK_DS_ALL + 1;
	ck_assert_int_eq(wk_decode_stats(&st, sizeof st, &stout, &why), -1);
	/* Nor sight flags. */
	st.death_sources = WK_DS_ALL;
	st.sight = WK_SEE_ALL;
	ck_assert_int_eq(wk_decode_stats(&st, sizeof st, &stout, &why), 0);
	st.sight = WK_SEE_ALL + 1;
	ck_assert_int_eq(wk_decode_stats(&st, sizeof st, &stout, &why), -1);
	ck_assert_str_eq(why, "unknown sight flags");
	d = good_death();
	d.sight = WK_SEE_ALL + 1;
	ck_assert_int_eq(wk_decode_death(&d, sizeof d, &out, &why), -1);
	ck_assert_str_eq(why, "unknown sight flags");
}
END_TEST

START_TEST(signal_names)
{
	char buf[32];

	ck_assert_str_eq(wk_signal_name(SIGKILL), "SIGKILL");
	ck_assert_str_eq(wk_signal_name(SIGTERM), "SIGTERM");
	ck_assert_ptr_null(wk_signal_name(0));
	ck_assert_ptr_null(wk_signal_name(40));
	ck_assert_str_eq(wk_signal_format(34, buf, sizeof buf), "SIGRTMIN+2");
	ck_assert_str_eq(wk_signal_format(99, buf, sizeof buf), "signal 99");
	ck_assert_int_eq(wk_signal_parse("9"), 9);
	ck_assert_int_eq(wk_signal_parse("KILL"), SIGKILL);
	ck_assert_int_eq(wk_signal_parse("sigterm"), SIGTERM);
	ck_assert_int_eq(wk_signal_parse("SIGRTMIN+3"), 35);
	ck_assert_int_eq(wk_signal_parse("RTMIN"), 32);
	ck_assert_int_eq(wk_signal_parse("0"), -1);
	ck_assert_int_eq(wk_signal_parse("65"), -1);
	ck_assert_int_eq(wk_signal_parse("9x"), -1);
	ck_assert_int_eq(wk_signal_parse("SIGNOPE"), -1);
	ck_assert_int_eq(wk_signal_parse(""), -1);
	ck_assert_str_eq(wk_call_name(WK_CALL_TGKILL), "tgkill");
}
END_TEST

static struct wk_session_report
good_session(void)
{
	struct wk_session_report r;

	wk_session_init(&r, WK_MSG_SESSION_OPEN);
	r.time.sec = 1763737961;
	r.pid = 1702;
	r.uid = 1001;
	r.loginuid = 1001;
	r.sessionid = 3;
	strcpy(r.user, "alice");
	strcpy(r.service, "sshd");
	strcpy(r.tty, "ssh");
	strcpy(r.rhost, "127.0.0.1");
	return r;
}

START_TEST(session_reports)
{
	struct wk_session_report r = good_session(), out;
	union wk_report_any any;
	const char *why = NULL;

	ck_assert_int_eq(wk_decode_session(&r, sizeof r, &out, &why), 0);
	ck_assert_mem_eq(&r, &out, sizeof r);
	ck_assert_int_eq(wk_decode_any(&r, sizeof r, &any, any_argv, &why), 0);
	ck_assert_uint_eq(any.hdr.type, WK_MSG_SESSION_OPEN);
	ck_assert_str_eq(any.session.rhost, "127.0.0.1");

	r = good_session(); r.pid = 0;
	ck_assert_int_eq(wk_decode_session(&r, sizeof r, &out, &why), -1);
	ck_assert_str_eq(why, "session pid not positive");
	r = good_session(); memset(r.rhost, 'h', sizeof r.rhost);
	ck_assert_int_eq(wk_decode_any(&r, sizeof r, &any, any_argv, &why), -1);
	ck_assert_str_eq(why, "unterminated string");
	r = good_session(); r.flags = WK_SF_OWN_ID;
	ck_assert_int_eq(wk_decode_session(&r, sizeof r, &out, &why), -1);
	ck_assert_str_eq(why, "own session id missing");
	r = good_session(); r.flags = 0x8000;
	ck_assert_int_eq(wk_decode_session(&r, sizeof r, &out, &why), -1);
	ck_assert_str_eq(why, "unknown flags");
	/* A session header on a kill-sized datagram, and the reverse. */
	r = good_session(); r.hdr.type = WK_MSG_KILL;
	ck_assert_int_eq(wk_decode_any(&r, sizeof r, &any, any_argv, &why), -1);
	ck_assert_str_eq(why, "length differs from the message and its argv");
	r = good_session(); r.hdr.type = 77;
	ck_assert_int_eq(wk_decode_any(&r, sizeof r, &any, any_argv, &why), -1);
	ck_assert_str_eq(why, "unknown report type");
}
END_TEST

/* A failed-login datagram: r, then its argv_len bytes of argv. */
static size_t
authfail_dgram(struct wk_authfail_report *r, const char *argv)
{
	r->hdr.size = (uint32_t)(sizeof *r + r->caller.argv_len);
	memcpy(dgram_buf, r, sizeof *r);
	memcpy(dgram_buf + sizeof *r, argv, r->caller.argv_len);
	return r->hdr.size;
}

START_TEST(authfail_reports)
{
	struct wk_authfail_report r, out;
	struct wk_kill_report k = good_report();
	static char argv[WK_ARGV_MAX];
	union wk_report_any any;
	const char *why = NULL;
	size_t len;

	wk_authfail_init(&r);
	strcpy(r.user, "postgres");
	strcpy(r.service, "su");
	r.caller = k.caller;
	len = authfail_dgram(&r, good_argv);
	ck_assert_int_eq(wk_decode_authfail(dgram_buf, len, &out, argv, &why),
	    0);
	ck_assert_mem_eq(argv, good_argv, sizeof good_argv);
	ck_assert_int_eq(wk_decode_any(dgram_buf, len, &any, argv, &why), 0);
	ck_assert_uint_eq(any.hdr.type, WK_MSG_AUTH_FAIL);
	ck_assert_str_eq(any.authfail.user, "postgres");
	/* Its argv, too, ends with a NUL and fills the datagram. */
	len = authfail_dgram(&r, "kill\0-9\0" "2089x");
	ck_assert_int_eq(wk_decode_authfail(dgram_buf, len, &out, argv, &why),
	    -1);
	ck_assert_str_eq(why, "argv does not end with a NUL");
	len = authfail_dgram(&r, good_argv);
	ck_assert_int_eq(wk_decode_authfail(dgram_buf, len - 1, &out, argv,
	    &why), -1);
	/* ...and a long one's cut adds up. */
	r.caller.argc = 2091;
	r.caller.argv_len = sizeof cut_argv;
	r.caller.argv_cut.head = 3;
	r.caller.argv_cut.args = 2087;
	len = authfail_dgram(&r, cut_argv);
	ck_assert_int_eq(wk_decode_any(dgram_buf, len, &any, argv, &why), 0);
	r.caller.argv_cut.args = 1;
	len = authfail_dgram(&r, cut_argv);
	ck_assert_int_eq(wk_decode_any(dgram_buf, len, &any, argv, &why), -1);
	ck_assert_str_eq(why, "argv cut counts do not add up to argc");
	r.caller = k.caller;
	r.caller.pid = -4;
	len = authfail_dgram(&r, good_argv);
	ck_assert_int_eq(wk_decode_any(dgram_buf, len, &any, argv, &why), -1);
	ck_assert_str_eq(why, "caller pid not positive");
}
END_TEST

static struct wk_kill_result
good_result(void)
{
	struct wk_kill_result m;

	wk_kill_result_init(&m);
	m.time.sec = 1763737961;
	m.time.nsec = 123456789;
	m.pid = 1784;
	m.tid = 1784;
	m.start_time = 4242;
	m.signo = SIGTERM;
	m.result = -1;
	m.error = 3;
	return m;
}

/* Decode m and return the reason it was refused, or NULL when accepted. */
static const char *
result_refusal(const struct wk_kill_result *m)
{
	struct wk_kill_result out;
	const char *why = NULL;

	if (wk_decode_kill_result(m, sizeof *m, &out, &why) == 0)
		return NULL;
	ck_assert_ptr_nonnull(why);
	return why;
}

START_TEST(kill_results)
{
	struct wk_kill_result m = good_result(), out;
	union wk_report_any any;
	unsigned char big[sizeof m + 8];
	const char *why = NULL;

	ck_assert_uint_eq(sizeof m, 64);
	ck_assert_int_eq(wk_decode_kill_result(&m, sizeof m, &out, &why), 0);
	ck_assert_mem_eq(&m, &out, sizeof m);
	ck_assert_int_eq(wk_decode_any(&m, sizeof m, &any, any_argv, &why), 0);
	ck_assert_uint_eq(any.hdr.type, WK_MSG_KILL_RESULT);
	ck_assert_int_eq(any.result.error, 3);
	m.result = 0;
	m.error = 0;
	ck_assert_ptr_null(result_refusal(&m));

	/* Length: exactly one result. */
	m = good_result();
	ck_assert_int_eq(wk_decode_kill_result(&m, sizeof m - 1, &out, &why),
	    -1);
	ck_assert_str_eq(why, "declared size differs from datagram length");
	memset(big, 0, sizeof big);
	m.hdr.size = sizeof big;
	memcpy(big, &m, sizeof m);
	ck_assert_int_eq(wk_decode_any(big, sizeof big, &any, any_argv, &why), -1);
	ck_assert_str_eq(why, "wrong length for a kill result");
	/* A kill report's header on a result, and the reverse. */
	m = good_result(); m.hdr.type = WK_MSG_KILL;
	ck_assert_int_eq(wk_decode_any(&m, sizeof m, &any, any_argv, &why), -1);
	ck_assert_str_eq(why, "wrong length for a kill report");
	m = good_result(); m.hdr.type = WK_MSG_SESSION_OPEN;
	ck_assert_str_eq(result_refusal(&m), "unknown report type");

	/* Every field. */
	m = good_result(); m.hdr.magic ^= 1;
	ck_assert_str_eq(result_refusal(&m), "bad magic: not a whokilled report");
	m = good_result(); m.hdr.dropped = 1;
	ck_assert_str_eq(result_refusal(&m),
	    "a kill result carries no dropped count");
	m = good_result(); m.time.nsec = -1;
	ck_assert_str_eq(result_refusal(&m), "bad time");
	m = good_result(); m.pid = 0;
	ck_assert_str_eq(result_refusal(&m), "caller pid or tid not positive");
	m = good_result(); m.tid = -5;
	ck_assert_str_eq(result_refusal(&m), "caller pid or tid not positive");
	m = good_result(); m.signo = 0;
	ck_assert_str_eq(result_refusal(&m), "signal out of range");
	m = good_result(); m.signo = WK_SIGNAL_MAX + 1;
	ck_assert_str_eq(result_refusal(&m), "signal out of range");
	m = good_result(); m.result = 1;
	ck_assert_str_eq(result_refusal(&m), "result is neither 0 nor -1");
	m = good_result(); m.error = 0;
	ck_assert_str_eq(result_refusal(&m), "errno inconsistent with result");
	m = good_result(); m.result = 0;
	ck_assert_str_eq(result_refusal(&m), "errno inconsistent with result");
	m = good_result(); m.error = -3;
	ck_assert_str_eq(result_refusal(&m), "errno inconsistent with result");
	m = good_result(); m.reserved = 1;
	ck_assert_str_eq(result_refusal(&m), "reserved field set");
}
END_TEST

START_TEST(pending_reports_and_daemon_flags)
{
	struct wk_kill_report r;
	static struct wk_event ev, out;
	const char *why = NULL;

	/* A report sent before delivery: result 0 until its result comes. */
	r = good_report(); r.flags |= WK_F_RESULT_PENDING;
	ck_assert_ptr_null(refusal(&r));
	r.result = -1; r.error = 1;
	ck_assert_str_eq(refusal(&r), "a pending result is not 0");
	/* What only the daemon says is refused from a sender. */
	r = good_report(); r.flags |= WK_F_GROUP_MEMBER | WK_F_TARGET_GROUP;
	ck_assert_str_eq(refusal(&r), "unknown flags");
	r = good_report(); r.flags |= WK_F_RESULT_PENDING | WK_F_SENDER_ENDED;
	ck_assert_str_eq(refusal(&r), "unknown flags");
	r = good_report(); r.reached = 3;
	ck_assert_str_eq(refusal(&r), "reached set by a sender");

	/* ...and accepted in a stored event, when consistent. */
	memset(&ev, 0, sizeof ev);
	wk_reply_init(&ev.hdr, WK_R_EVENT, sizeof ev);
	ev.report = good_report();
	memcpy(ev.argv, good_argv, sizeof good_argv);
	ev.hdr.size = (uint32_t)wk_event_size(&ev);
	ev.report.flags |= WK_F_TARGET_GROUP | WK_F_GROUP_MEMBER |
	    WK_F_RESULT_PENDING | WK_F_SENDER_ENDED;
	ev.report.reached = 70;
	ev.sources = WK_SRC_SHIM;
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &out, &why), 0);
	ck_assert_uint_eq(out.report.reached, 70);
	ev.report.flags &= ~WK_F_RESULT_PENDING;
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &out, &why), -1);
	ck_assert_str_eq(why, "sender ended without a pending result");
	ev.report.flags = WK_F_TARGET_READ | WK_F_GROUP_MEMBER;
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &out, &why), -1);
	ck_assert_str_eq(why, "group member of a call to no group");
	ev.report.flags = WK_F_TARGET_READ | 0x100;
	ck_assert_int_eq(wk_decode_event(&ev, ev.hdr.size, &out, &why), -1);
	ck_assert_str_eq(why, "unknown flags");
}
END_TEST

static Suite *
wire_suite(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, good_report_round_trips);
	tcase_add_test(tc, report_length_faults_are_refused);
	tcase_add_test(tc, a_targets_cgroup_follows_argv);
	tcase_add_test(tc, report_header_faults_are_refused);
	tcase_add_test(tc, report_field_faults_are_refused);
	tcase_add_test(tc, unterminated_strings_are_refused);
	tcase_add_test(tc, malformed_argv_is_refused);
	tcase_add_test(tc, argv_cut_is_checked);
	tcase_add_test(tc, random_bytes_are_refused);
	tcase_add_test(tc, query_decoder);
	tcase_add_test(tc, reply_decoders);
	tcase_add_test(tc, death_decoder);
	tcase_add_test(tc, request_decoder);
	tcase_add_test(tc, signal_names);
	tcase_add_test(tc, session_reports);
	tcase_add_test(tc, authfail_reports);
	tcase_add_test(tc, kill_results);
	tcase_add_test(tc, pending_reports_and_daemon_flags);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(wire_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
