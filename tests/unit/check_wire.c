/* The wire decoders: everything well-formed passes, everything else is refused with a reason. */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "whokilled/wire.h"

static struct wk_kill_report
good_report(void)
{
	struct wk_kill_report r;
	static const char argv[] = "kill\0-9\0" "2089";

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
	r.caller.argv_len = sizeof argv;
	memcpy(r.caller.argv, argv, sizeof argv);
	r.target.pid = 2089;
	r.target.start_time = 4242;
	strcpy(r.target.comm, "sleep");
	return r;
}

/* Decode r and return the reason it was refused, or NULL when accepted. */
static const char *
refusal(const struct wk_kill_report *r)
{
	struct wk_kill_report out;
	const char *why = NULL;

	if (wk_decode_report(r, sizeof *r, &out, &why) == 0)
		return NULL;
	ck_assert_ptr_nonnull(why);
	return why;
}

START_TEST(good_report_round_trips)
{
	struct wk_kill_report r = good_report(), out;
	const char *why = NULL;

	ck_assert_int_eq(wk_decode_report(&r, sizeof r, &out, &why), 0);
	ck_assert_mem_eq(&r, &out, sizeof r);
}
END_TEST

START_TEST(report_length_faults_are_refused)
{
	struct wk_kill_report r = good_report(), out;
	unsigned char big[sizeof r + 8];
	const char *why = NULL;

	ck_assert_int_eq(wk_decode_report(&r, 0, &out, &why), -1);
	ck_assert_str_eq(why, "shorter than a header");
	ck_assert_int_eq(wk_decode_report(&r, sizeof r - 1, &out, &why), -1);
	ck_assert_str_eq(why, "declared size differs from datagram length");

	/* Oversized datagram whose header agrees with its length. */
	memset(big, 0, sizeof big);
	r.hdr.size = sizeof big;
	memcpy(big, &r, sizeof r);
	ck_assert_int_eq(wk_decode_report(big, sizeof big, &out, &why), -1);
	ck_assert_str_eq(why, "wrong length for a kill report");
}
END_TEST

START_TEST(report_header_faults_are_refused)
{
	struct wk_kill_report r;

	r = good_report(); r.hdr.magic ^= 1;
	ck_assert_str_eq(refusal(&r), "bad magic: not a whokilled report");
	r = good_report(); r.hdr.version = 2;
	ck_assert_str_eq(refusal(&r), "unsupported wire version");
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
	struct wk_kill_report r;

	r = good_report(); r.caller.argv_len = WK_ARGV_MAX + 1;
	ck_assert_str_eq(refusal(&r), "malformed argv");
	/* Last argument not terminated inside argv_len. */
	r = good_report(); r.caller.argv_len -= 1;
	ck_assert_str_eq(refusal(&r), "malformed argv");
	/* Bytes hidden behind the declared length. */
	r = good_report(); r.caller.argv[WK_ARGV_MAX - 1] = 'x';
	ck_assert_str_eq(refusal(&r), "malformed argv");
	/* A full field, terminated at its last byte, is fine. */
	r = good_report();
	memset(r.caller.argv, 'a', WK_ARGV_MAX);
	r.caller.argv[WK_ARGV_MAX - 1] = '\0';
	r.caller.argv_len = WK_ARGV_MAX;
	ck_assert_ptr_null(refusal(&r));
}
END_TEST

/* Random bytes never pass and never crash; random flips of a good report never crash. */
START_TEST(random_bytes_are_refused)
{
	unsigned char buf[sizeof(struct wk_kill_report) + 16];
	struct wk_kill_report out, r;
	const char *why;

	srand(12345);
	for (int i = 0; i < 20000; i++) {
		size_t len = (size_t)rand() % sizeof buf;

		for (size_t j = 0; j < len; j++)
			buf[j] = (unsigned char)rand();
		why = NULL;
		ck_assert_int_eq(wk_decode_report(buf, len, &out, &why), -1);
		ck_assert_ptr_nonnull(why);
	}
	for (int i = 0; i < 20000; i++) {
		unsigned char *p = (unsigned char *)&r;

		r = good_report();
		p[16 + (size_t)rand() % (sizeof r - 16)] ^= (unsigned char)(1 + rand() % 255);
		why = NULL;
		if (wk_decode_report(&r, sizeof r, &out, &why) == 0) {
			ck_assert(memchr(out.caller.comm, 0, WK_COMM_MAX) != NULL);
			ck_assert(memchr(out.caller.exe, 0, WK_EXE_MAX) != NULL);
			ck_assert_uint_le(out.caller.argv_len, WK_ARGV_MAX);
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
	q.signo = 0; q.flags = 2;
	ck_assert_int_eq(wk_decode_query(&q, sizeof q, &out, &why), -1);
	ck_assert_str_eq(why, "unknown query flags");
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
	struct wk_event ev, evout;
	struct wk_end end, endout;
	uint16_t type;
	uint32_t size;
	const char *why = NULL;

	memset(&ev, 0, sizeof ev);
	wk_reply_init(&ev.hdr, WK_R_EVENT, sizeof ev);
	ev.report = good_report();
	ev.sources = WK_SRC_SHIM;
	ev.chain_len = 1;
	strcpy(ev.chain[0].comm, "kill");
	ck_assert_int_eq(wk_peek_reply(&ev, sizeof ev.hdr, &type, &size, &why), 0);
	ck_assert_uint_eq(type, WK_R_EVENT);
	ck_assert_uint_eq(size, sizeof ev);
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &evout, &why), 0);
	ck_assert_str_eq(evout.report.caller.argv + 8, "2089");

	ev.chain_len = WK_CHAIN_MAX + 1;
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &evout, &why), -1);
	ck_assert_str_eq(why, "chain too long");
	ev.chain_len = 1;
	memset(ev.chain[0].args, 'x', sizeof ev.chain[0].args);
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &evout, &why), -1);
	ck_assert_str_eq(why, "unterminated string in chain");
	memset(ev.chain[0].args, 0, sizeof ev.chain[0].args);
	/* A killer in another pid namespace: its pid there, the target's. */
	ev.pid_ns.id = 4026532291u;
	ev.pid_ns.caller_pid = 9;
	ev.pid_ns.target_pid = 7;
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &evout, &why), 0);
	ck_assert_int_eq(evout.pid_ns.caller_pid, 9);
	ev.pid_ns.target_pid = 0;	/* none */
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &evout, &why), 0);
	ev.pid_ns.caller_pid = 0;
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &evout, &why), -1);
	ck_assert_str_eq(why, "pid namespace pids out of range");
	ev.pid_ns.caller_pid = 9;
	ev.pid_ns.target_pid = -7;
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &evout, &why), -1);
	/* No namespace, no pids in it. */
	ev.pid_ns.id = 0;
	ev.pid_ns.target_pid = 0;
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &evout, &why), -1);
	ck_assert_str_eq(why, "pid namespace pids out of range");
	ev.pid_ns.caller_pid = 0;
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &evout, &why), 0);
	ev.report.signo = 0;
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &evout, &why), -1);
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

	memset(&r, 0, sizeof r);
	wk_reply_init(&r.hdr, WK_R_REQUEST, sizeof r);
	r.event = 7;
	r.via = WK_VIA_SYSTEMD;
	r.verb = WK_VERB_RESTART_POLICY;
	strcpy(r.unit, "crashy.service");
	ck_assert_int_eq(wk_decode_request(&r, sizeof r, &out, &why), 0);
	ck_assert_mem_eq(&r, &out, sizeof r);
	ck_assert_int_eq(wk_decode_request(&r, sizeof r - 1, &out, &why), -1);
	r.via = WK_VIA_MAX + 1;
	ck_assert_int_eq(wk_decode_request(&r, sizeof r, &out, &why), -1);
	ck_assert_str_eq(why, "unknown request via");
	r.via = WK_VIA_BUS;
	r.verb = WK_VERB_MAX + 1;
	ck_assert_int_eq(wk_decode_request(&r, sizeof r, &out, &why), -1);
	r.verb = WK_VERB_STOP;
	memset(r.method, 'x', sizeof r.method);
	ck_assert_int_eq(wk_decode_request(&r, sizeof r, &out, &why), -1);
	ck_assert_str_eq(why, "unterminated string in request");
	strcpy(r.method, "StopUnit");
	/* A caller is checked like a killer. */
	r.flags = WK_RQ_CALLER | WK_RQ_EXACT;
	ck_assert_int_eq(wk_decode_request(&r, sizeof r, &out, &why), -1);
	ck_assert_str_eq(why, "caller pid not positive");
	r.caller.report.caller.pid = 4711;
	r.caller.chain_len = WK_CHAIN_MAX + 1;
	ck_assert_int_eq(wk_decode_request(&r, sizeof r, &out, &why), -1);
	r.caller.chain_len = 1;
	ck_assert_int_eq(wk_decode_request(&r, sizeof r, &out, &why), 0);
	r.flags = WK_RQ_ALL + 1;
	ck_assert_int_eq(wk_decode_request(&r, sizeof r, &out, &why), -1);
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
	ck_assert_int_eq(wk_decode_any(&r, sizeof r, &any, &why), 0);
	ck_assert_uint_eq(any.hdr.type, WK_MSG_SESSION_OPEN);
	ck_assert_str_eq(any.session.rhost, "127.0.0.1");

	r = good_session(); r.pid = 0;
	ck_assert_int_eq(wk_decode_session(&r, sizeof r, &out, &why), -1);
	ck_assert_str_eq(why, "session pid not positive");
	r = good_session(); memset(r.rhost, 'h', sizeof r.rhost);
	ck_assert_int_eq(wk_decode_any(&r, sizeof r, &any, &why), -1);
	ck_assert_str_eq(why, "unterminated string");
	r = good_session(); r.flags = WK_SF_OWN_ID;
	ck_assert_int_eq(wk_decode_session(&r, sizeof r, &out, &why), -1);
	ck_assert_str_eq(why, "own session id missing");
	r = good_session(); r.flags = 0x8000;
	ck_assert_int_eq(wk_decode_session(&r, sizeof r, &out, &why), -1);
	ck_assert_str_eq(why, "unknown flags");
	/* A session header on a kill-sized datagram, and the reverse. */
	r = good_session(); r.hdr.type = WK_MSG_KILL;
	ck_assert_int_eq(wk_decode_any(&r, sizeof r, &any, &why), -1);
	ck_assert_str_eq(why, "wrong length for a kill report");
	r = good_session(); r.hdr.type = 77;
	ck_assert_int_eq(wk_decode_any(&r, sizeof r, &any, &why), -1);
	ck_assert_str_eq(why, "unknown report type");
}
END_TEST

START_TEST(authfail_reports)
{
	struct wk_authfail_report r, out;
	struct wk_kill_report k = good_report();
	union wk_report_any any;
	const char *why = NULL;

	wk_authfail_init(&r);
	strcpy(r.user, "postgres");
	strcpy(r.service, "su");
	r.caller = k.caller;
	ck_assert_int_eq(wk_decode_authfail(&r, sizeof r, &out, &why), 0);
	ck_assert_int_eq(wk_decode_any(&r, sizeof r, &any, &why), 0);
	ck_assert_uint_eq(any.hdr.type, WK_MSG_AUTH_FAIL);
	ck_assert_str_eq(any.authfail.user, "postgres");
	r.caller.argv[WK_ARGV_MAX - 1] = 'x';
	ck_assert_int_eq(wk_decode_authfail(&r, sizeof r, &out, &why), -1);
	ck_assert_str_eq(why, "malformed argv");
	r.caller = k.caller;
	r.caller.pid = -4;
	ck_assert_int_eq(wk_decode_any(&r, sizeof r, &any, &why), -1);
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
	ck_assert_int_eq(wk_decode_any(&m, sizeof m, &any, &why), 0);
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
	ck_assert_int_eq(wk_decode_any(big, sizeof big, &any, &why), -1);
	ck_assert_str_eq(why, "wrong length for a kill result");
	/* A kill report's header on a result, and the reverse. */
	m = good_result(); m.hdr.type = WK_MSG_KILL;
	ck_assert_int_eq(wk_decode_any(&m, sizeof m, &any, &why), -1);
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
	struct wk_event ev, out;
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
	ev.report.flags |= WK_F_TARGET_GROUP | WK_F_GROUP_MEMBER |
	    WK_F_RESULT_PENDING | WK_F_SENDER_ENDED;
	ev.report.reached = 70;
	ev.sources = WK_SRC_SHIM;
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &out, &why), 0);
	ck_assert_uint_eq(out.report.reached, 70);
	ev.report.flags &= ~WK_F_RESULT_PENDING;
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &out, &why), -1);
	ck_assert_str_eq(why, "sender ended without a pending result");
	ev.report.flags = WK_F_TARGET_READ | WK_F_GROUP_MEMBER;
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &out, &why), -1);
	ck_assert_str_eq(why, "group member of a call to no group");
	ev.report.flags = WK_F_TARGET_READ | 0x100;
	ck_assert_int_eq(wk_decode_event(&ev, sizeof ev, &out, &why), -1);
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
	tcase_add_test(tc, report_header_faults_are_refused);
	tcase_add_test(tc, report_field_faults_are_refused);
	tcase_add_test(tc, unterminated_strings_are_refused);
	tcase_add_test(tc, malformed_argv_is_refused);
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
