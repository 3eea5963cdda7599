/*
 * libFuzzer target for every decoder of bytes from another process: reports
 * (from any local user), queries (from any local user) and reply frames
 * (from the daemon, read by the CLI), and /proc/PID/cgroup (whose cgroup
 * names a delegated user chooses).  The first byte picks the decoder:
 * 0 any report, 1 query, 2 event, 3 stats, 4 end, 5 error, 6 failed logins,
 * 7 death, 8 a cgroup file.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "whokilled/wire.h"
#include "common/cgroup_unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A decoded report's argv is bounded, fills the datagram's rest (but for
 * a kill's target cgroup, bounded too, after it), ends with a NUL, and
 * its cut names strings it holds.
 */
static int
argv_sound(const union wk_report_any *m, const char *argv, size_t len)
{
	const struct wk_caller *c;
	const char *why;
	size_t fixed;

	if (m->hdr.type == WK_MSG_KILL) {
		c = &m->kill.caller;
		if (m->kill.target.cgroup_len > WK_TARGET_CGROUP_MAX)
			return 0;
		fixed = sizeof m->kill + m->kill.target.cgroup_len;
	} else if (m->hdr.type == WK_MSG_AUTH_FAIL) {
		c = &m->authfail.caller;
		fixed = sizeof m->authfail;
	} else {
		return 1;
	}
	return c->argv_len <= WK_ARGV_MAX && fixed + c->argv_len == len &&
	    (c->argv_len == 0 || argv[c->argv_len - 1] == '\0') &&
	    wk_argv_valid(c, m->hdr.type == WK_MSG_KILL ? m->kill.flags :
	    WK_F_ARGV_TRUNCATED, argv, &why);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static union wk_report_any report;
	static char argv[WK_ARGV_MAX];
	static struct wk_authfail_event authfail;
	static struct wk_query query;
	static struct wk_event event;
	static struct wk_stats stats;
	static struct wk_end end;
	static struct wk_error error;
	static struct wk_death death;
	static struct wk_cgroup cg;
	const char *why = NULL;
	uint16_t type;
	uint32_t frame;

	if (size < 1)
		return 0;
	switch (data[0] % 9) {
	case 0:
		if (wk_decode_any(data + 1, size - 1, &report, argv, &why) == 0 &&
		    report.hdr.type == WK_MSG_KILL &&
		    memchr(report.kill.caller.comm, 0, sizeof report.kill.caller.comm) == NULL)
			__builtin_trap();
		if (wk_decode_any(data + 1, size - 1, &report, argv, &why) == 0 &&
		    !argv_sound(&report, argv, size - 1))
			__builtin_trap();
		if (wk_decode_any(data + 1, size - 1, &report, argv, &why) == 0 &&
		    report.hdr.type == WK_MSG_KILL_RESULT &&
		    (report.result.pid <= 0 || (report.result.result == 0) !=
		    (report.result.error == 0)))
			__builtin_trap();
		break;
	case 1:
		wk_decode_query(data + 1, size - 1, &query, &why);
		break;
	case 2:
		if (wk_decode_event(data + 1, size - 1, &event, &why) == 0 &&
		    (event.chain_len > WK_CHAIN_MAX ||
		    wk_event_size(&event) != size - 1))
			__builtin_trap();
		break;
	case 3:
		wk_decode_stats(data + 1, size - 1, &stats, &why);
		break;
	case 4:
		wk_decode_end(data + 1, size - 1, &end, &why);
		break;
	case 5:
		if (wk_peek_reply(data + 1, size - 1, &type, &frame, &why) == 0)
			wk_decode_error(data + 1, size - 1, &error, &why);
		break;
	case 6:
		if (wk_decode_authfail_event(data + 1, size - 1, &authfail, &why) == 0 &&
		    authfail.chain_len > WK_CHAIN_MAX)
			__builtin_trap();
		break;
	case 7:
		if (wk_decode_death(data + 1, size - 1, &death, &why) == 0 &&
		    (memchr(death.oom.memcg, 0, sizeof death.oom.memcg) == NULL ||
		    death.kind < WK_DEATH_RUNNING ||
		    death.kind > WK_DEATH_KIND_MAX))
			__builtin_trap();
		break;
	case 8:
		if (wk_cgroup_parse((const char *)data + 1, size - 1, cg.path,
		    sizeof cg.path, cg.unit, sizeof cg.unit) == 0 &&
		    (cg.path[0] != '/' || memchr(cg.unit, 0, sizeof cg.unit) ==
		    NULL || (cg.unit[0] != '\0' &&
		    !wk_unit_name_valid(cg.unit, strlen(cg.unit)))))
			__builtin_trap();
		break;
	}
	return 0;
}
