/*
 * The node's whokilled record: one table of fields serves the writer and
 * the reader, so the two cannot drift apart.
 */
#include <errno.h>
#include <inttypes.h>
#include <libaudit.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_note.h"
#include "audit_value.h"

enum kind {
	/* numbers, in decimal */
	K_I32 = WK_AUDIT_I32, K_U32 = WK_AUDIT_U32, K_I64 = WK_AUDIT_I64,
	K_U64 = WK_AUDIT_U64,
	K_STR,		/* a fixed NUL-terminated field */
	K_ARGV,		/* argv, caller.argv_len bytes (after the fixed event) */
	K_CHAIN,	/* the chain, packed as text */
};

/* A field of the record and where it lives in struct wk_event. */
struct field {
	const char *name;
	enum kind kind;
	size_t off;
	size_t size;		/* K_STR: the field's size */
	int session;		/* written only with a known session */
};

#define EV(m)		offsetof(struct wk_event, m)
#define NUM(n, k, m)	{ n, k, EV(m), 0, 0 }
#define STR(n, m)	{ n, K_STR, EV(m), sizeof(((struct wk_event *)0)->m), 0 }
#define SNUM(n, k, m)	{ n, k, EV(m), 0, 1 }
#define SSTR(n, m)	{ n, K_STR, EV(m), sizeof(((struct wk_event *)0)->m), 1 }

/* In the order written: short fields first, the long ones last. */
static const struct field fields[] = {
	NUM("kill_sec", K_I64, report.time.sec),
	NUM("kill_nsec", K_I64, report.time.nsec),
	NUM("sig", K_I32, report.signo),
	NUM("call", K_U32, report.call),
	NUM("arg_pid", K_I32, report.arg_pid),
	NUM("arg_tid", K_I32, report.arg_tid),
	NUM("kill_result", K_I32, report.result),
	NUM("kill_errno", K_I32, report.error),
	NUM("kill_flags", K_U32, report.flags),
	NUM("reached", K_U32, report.reached),
	NUM("sources", K_U32, sources),
	NUM("killer_pid", K_I32, report.caller.pid),
	NUM("killer_ppid", K_I32, report.caller.ppid),
	NUM("killer_tid", K_I32, report.caller.tid),
	NUM("killer_sid", K_I32, report.caller.sid),
	NUM("killer_pgid", K_I32, report.caller.pgid),
	NUM("killer_tty_nr", K_I32, report.caller.tty_nr),
	NUM("killer_start", K_U64, report.caller.start_time),
	NUM("killer_uid", K_U32, report.caller.uid),
	NUM("killer_euid", K_U32, report.caller.euid),
	NUM("killer_suid", K_U32, report.caller.suid),
	NUM("killer_gid", K_U32, report.caller.gid),
	NUM("killer_egid", K_U32, report.caller.egid),
	NUM("killer_sgid", K_U32, report.caller.sgid),
	NUM("killer_auid", K_U32, report.caller.loginuid),
	NUM("killer_ses", K_U32, report.caller.sessionid),
	NUM("killer_argc", K_U32, report.caller.argc),
	NUM("killer_argv_cut_head", K_U32, report.caller.argv_cut.head),
	NUM("killer_argv_cut_flags", K_U32, report.caller.argv_cut.flags),
	NUM("killer_argv_cut_args", K_U32, report.caller.argv_cut.args),
	NUM("killer_argv_cut_bytes", K_U64, report.caller.argv_cut.bytes),
	STR("killer_comm", report.caller.comm),
	STR("killer_tty", tty),
	NUM("target_pid", K_I32, report.target.pid),
	NUM("target_ppid", K_I32, report.target.ppid),
	NUM("target_start", K_U64, report.target.start_time),
	NUM("target_uid", K_U32, report.target.uid),
	STR("target_comm", report.target.comm),
	NUM("ns_id", K_U64, pid_ns.id),
	NUM("ns_killer_pid", K_I32, pid_ns.caller_pid),
	NUM("ns_target_pid", K_I32, pid_ns.target_pid),
	STR("boot", boot_id),
	SNUM("login_flags", K_U32, session.flags),
	SNUM("login_uid", K_U32, session.uid),
	SNUM("login_auid", K_U32, session.loginuid),
	SNUM("login_ses", K_U32, session.sessionid),
	SNUM("login_pid", K_I32, session.pid),
	SNUM("login_start", K_U64, session.start_time),
	SNUM("login_opened", K_I64, session.opened.sec),
	SNUM("login_closed", K_I64, session.closed.sec),
	SSTR("login_user", session.user),
	SSTR("login_service", session.service),
	SSTR("login_tty", session.tty),
	SSTR("login_rhost", session.rhost),
	SSTR("login_ruser", session.ruser),
	STR("killer_exe", report.caller.exe),
	{ "killer_argv", K_ARGV, 0, 0, 0 },
	{ "chain", K_CHAIN, 0, 0, 0 },
};

#define NFIELDS	(sizeof fields / sizeof fields[0])

/* Room kept for "cut=exe,argv,chain" at the end. */
#define CUT_ROOM	32

/* Chain text: entries split by RS, an entry's members by US. */
#define CHAIN_RS	'\x1e'
#define CHAIN_US	'\x1f'

/* The chain as text, at most size - 1 bytes of whole entries; its length. */
static size_t
chain_text(const struct wk_event *ev, char *out, size_t size, int *cut)
{
	size_t len = 0;
	int n;

	*cut = 0;
	for (uint32_t i = 0; i < ev->chain_len && i < WK_CHAIN_MAX; i++) {
		const struct wk_chain_entry *e = &ev->chain[i];

		n = snprintf(out + len, size - len, "%s%" PRId32 "%c%" PRId32
		    "%c%" PRIu64 "%c%" PRIu32 "%c%" PRIu32 "%c%" PRIu32 "%c%.*s%c%.*s",
		    i > 0 ? "\x1e" : "", e->pid, CHAIN_US, e->ppid, CHAIN_US,
		    e->start_time, CHAIN_US, e->uid, CHAIN_US, e->euid, CHAIN_US,
		    e->loginuid, CHAIN_US, (int)strnlen(e->comm, sizeof e->comm),
		    e->comm, CHAIN_US, (int)strnlen(e->args, sizeof e->args),
		    e->args);
		if (n < 0 || (size_t)n >= size - len) {
			out[len] = '\0';
			*cut = 1;
			break;
		}
		len += (size_t)n;
	}
	return len;
}

/*
 * Append a long value, cut to what fits (an encoded byte may take two):
 * 0, 1 when it was cut, -1 with errno.
 */
static int
append_long(char *out, size_t size, size_t *len, const char *name,
    const char *value, size_t vlen)
{
	size_t room;
	int rc;

	rc = wk_audit_append_nv(out, size, len, CUT_ROOM, name, value, vlen);
	if (rc != 1)
		return rc;
	room = size - *len - CUT_ROOM - strlen(name) - 4;
	vlen = room / 2 < vlen ? room / 2 : vlen;
	while (vlen > 0) {
		rc = wk_audit_append_nv(out, size, len, CUT_ROOM, name, value, vlen);
		if (rc != 1)
			return rc == 0 ? 1 : rc;
		vlen = vlen * 3 / 4;
	}
	return 1;
}

int
wk_audit_note_format(const struct wk_event *ev, char *out, size_t size)
{
	char num[32], chain[WK_CHAIN_MAX * (WK_COMM_MAX + WK_ARGS_SHORT_MAX + 80)];
	const char *cuts[3];
	size_t len, clen, ncut = 0;
	int known = (ev->session.flags & WK_SI_KNOWN) != 0, rc = 0, ccut;

	if (size < WK_AUDIT_NOTE_MAX) {
		errno = EINVAL;
		return -1;
	}
	size = WK_AUDIT_NOTE_MAX;
	len = (size_t)snprintf(out, size, "op=%s", WK_AUDIT_NOTE_OP);
	for (size_t i = 0; i < NFIELDS && rc != -1; i++) {
		const struct field *f = &fields[i];
		const char *s = (const char *)ev + f->off;

		if (f->session && !known)
			continue;
		switch (f->kind) {
		case K_STR:
			if (f->off == EV(report.caller.exe)) {
				rc = append_long(out, size, &len, f->name, s,
				    strnlen(s, f->size));
				if (rc == 1)
					cuts[ncut++] = "exe";
				break;
			}
			rc = wk_audit_append_nv(out, size, &len, CUT_ROOM, f->name,
			    s, strnlen(s, f->size));
			break;
		case K_ARGV:
			rc = append_long(out, size, &len, f->name, ev->argv,
			    ev->report.caller.argv_len <= WK_ARGV_MAX ?
			    ev->report.caller.argv_len : 0);
			if (rc == 1)
				cuts[ncut++] = "argv";
			break;
		case K_CHAIN:
			clen = chain_text(ev, chain, sizeof chain, &ccut);
			rc = append_long(out, size, &len, f->name, chain, clen);
			if (rc == 1 || ccut)
				cuts[ncut++] = "chain";
			break;
		default:
			wk_audit_number_text((const char *)ev + f->off,
			    (enum wk_audit_number)f->kind, num, sizeof num);
			len += (size_t)snprintf(out + len, size - len, " %s=%s",
			    f->name, num);
			rc = 0;
			break;
		}
	}
	if (rc == -1)
		return -1;
	for (size_t i = 0; i < ncut; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s",
		    i == 0 ? " cut=" : ",", cuts[i]);
	return 0;
}

/* The chain from its text; entries that are not whole are left out. */
static void
chain_read(struct wk_event *ev, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	ev->chain_len = 0;
	while (p < end && ev->chain_len < WK_CHAIN_MAX) {
		const char *rs = memchr(p, CHAIN_RS, (size_t)(end - p));
		const char *stop = rs != NULL ? rs : end;
		char entry[WK_COMM_MAX + WK_ARGS_SHORT_MAX + 128], *part[8], *q;
		struct wk_chain_entry *e = &ev->chain[ev->chain_len];
		size_t n = (size_t)(stop - p), k = 0;
		int64_t v[6];
		int ok = 1;

		if (n < sizeof entry) {
			memcpy(entry, p, n);
			entry[n] = '\0';
			for (q = entry, part[k++] = q; *q != '\0' && k < 8; q++)
				if (*q == CHAIN_US) {
					*q = '\0';
					part[k++] = q + 1;
				}
			ok = k == 8;
			for (size_t j = 0; ok && j < 6; j++)
				ok = wk_audit_decimal(part[j], j == 2 ? 0 : INT32_MIN,
				    j == 2 ? INT64_MAX : UINT32_MAX, &v[j]) == 0;
			if (ok) {
				memset(e, 0, sizeof *e);
				e->pid = (int32_t)v[0];
				e->ppid = (int32_t)v[1];
				e->start_time = (uint64_t)v[2];
				e->uid = (uint32_t)v[3];
				e->euid = (uint32_t)v[4];
				e->loginuid = (uint32_t)v[5];
				wk_audit_copy(e->comm, sizeof e->comm, part[6]);
				wk_audit_copy(e->args, sizeof e->args, part[7]);
				ev->chain_len++;
			}
		}
		p = stop + (rs != NULL);
	}
}

int
wk_audit_note_field(struct wk_audit_note *n, const char *name, const char *raw)
{
	char buf[WK_CHAIN_MAX * (WK_COMM_MAX + WK_ARGS_SHORT_MAX + 80)];
	struct wk_event *ev = &n->ev;
	size_t len;
	int rc;

	if (strcmp(name, "cut") == 0) {
		n->cut |= strstr(raw, "exe") ? WK_AUDIT_NOTE_CUT_EXE : 0;
		n->cut |= strstr(raw, "argv") ? WK_AUDIT_NOTE_CUT_ARGV : 0;
		n->cut |= strstr(raw, "chain") ? WK_AUDIT_NOTE_CUT_CHAIN : 0;
		return 0;
	}
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];

		if (strcmp(f->name, name) != 0)
			continue;
		switch (f->kind) {
		case K_STR:
			return wk_audit_untrusted(raw, (char *)ev + f->off,
			    f->size, &len) == -1 ? -1 : 0;
		case K_ARGV:
			rc = wk_audit_untrusted(raw, ev->argv, sizeof ev->argv,
			    &len);
			if (rc == -1)
				return -1;
			ev->report.caller.argv_len = (uint32_t)len;
			if (len > 0 && ev->argv[len - 1] != '\0') {
				if (len == sizeof ev->argv)
					len--;
				ev->argv[len] = '\0';
				ev->report.caller.argv_len = (uint32_t)len + 1;
			}
			return 0;
		case K_CHAIN:
			if (wk_audit_untrusted(raw, buf, sizeof buf, &len) == -1)
				return -1;
			chain_read(ev, buf, len);
			return 0;
		default:
			return wk_audit_number_read((char *)ev + f->off,
			    (enum wk_audit_number)f->kind, raw);
		}
	}
	return 0;
}

int
wk_audit_note_complete(const struct wk_audit_note *n)
{
	const struct wk_kill_report *r = &n->ev.report;

	return r->caller.pid > 0 && r->signo > 0 && r->signo <= WK_SIGNAL_MAX &&
	    r->time.sec > 0 && r->time.nsec >= 0 && r->time.nsec < 1000000000;
}

void
wk_audit_note_finish(struct wk_audit_note *n)
{
	struct wk_kill_report *r = &n->ev.report;
	const char *why;

	if (n->cut & WK_AUDIT_NOTE_CUT_ARGV)
		r->flags |= WK_F_ARGV_TRUNCATED;
	/* A cut in the middle that the record's own cut at the end spoiled
	 * (or that does not add up) is told as "cut, by how much not known". */
	if (!wk_argv_valid(&r->caller, r->flags, n->ev.argv, &why))
		memset(&r->caller.argv_cut, 0, sizeof r->caller.argv_cut);
}
