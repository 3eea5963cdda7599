/*
 * The node's record of an end: one table of fields serves the writer and
 * the reader, as for the signal's record.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "audit_end.h"
#include "audit_value.h"

enum kind {
	K_I32 = WK_AUDIT_I32, K_U32 = WK_AUDIT_U32, K_I64 = WK_AUDIT_I64,
	K_U64 = WK_AUDIT_U64,
	K_STR,
};

/* A field of the record and where it lives in struct wk_death. */
struct field {
	const char *name;
	enum kind kind;
	size_t off;
	size_t size;		/* K_STR: the field's size */
};

#define D(m)		offsetof(struct wk_death, m)
#define NUM(n, k, m)	{ n, k, D(m), 0 }
#define STR(n, m)	{ n, K_STR, D(m), sizeof(((struct wk_death *)0)->m) }

static const struct field fields[] = {
	NUM("end_kind", K_U32, kind),
	NUM("end_flags", K_U32, flags),
	NUM("end_pid", K_I32, pid),
	NUM("end_ppid", K_I32, ppid),
	NUM("end_start", K_U64, start_time),
	NUM("end_uid", K_U32, uid),
	NUM("end_status", K_U32, exit_status),
	NUM("end_code", K_I32, exit_code),
	NUM("end_sig", K_I32, signo),
	NUM("end_sec", K_I64, time.sec),
	NUM("end_nsec", K_I64, time.nsec),
	NUM("end_parent_pid", K_I32, parent_pid),
	NUM("oom_sec", K_I64, oom.time.sec),
	NUM("oom_nsec", K_I64, oom.time.nsec),
	NUM("oom_total_vm_kb", K_U64, oom.total_vm_kb),
	NUM("oom_anon_rss_kb", K_U64, oom.anon_rss_kb),
	NUM("oom_file_rss_kb", K_U64, oom.file_rss_kb),
	NUM("oom_shmem_rss_kb", K_U64, oom.shmem_rss_kb),
	NUM("oom_score_adj", K_I32, oom.score_adj),
	STR("boot", boot_id),
	STR("end_comm", comm),
	STR("end_args", args),
	STR("end_parent_comm", parent_comm),
	STR("oom_constraint", oom.constraint),
	STR("oom_memcg", oom.memcg),
	STR("oom_task_memcg", oom.task_memcg),
	STR("end_unit", cgroup.unit),
	STR("end_cgroup", cgroup.path),
};

#define NFIELDS	(sizeof fields / sizeof fields[0])

int
wk_audit_end_explained(const struct wk_death *d)
{
	if (d->time.sec <= 0 && d->oom.time.sec <= 0)
		return 0;	/* nothing a hub could place in time */
	return d->kind == WK_DEATH_SIGNALED || d->kind == WK_DEATH_OOM ||
	    (d->flags & WK_D_SIGNALLED) != 0;
}

/* " name=value" (value encoded) onto out: 0, or -1 with errno. */
static int
append_string(char *out, size_t size, size_t *len, const char *name,
    const char *value, size_t vlen)
{
	int rc = wk_audit_append_nv(out, size, len, 0, name, value, vlen);

	if (rc == 1)
		errno = EOVERFLOW;	/* the table's fields always fit */
	return rc == 0 ? 0 : -1;
}

/* " name=number" onto out: 0, or -1 (EOVERFLOW). */
static int
append_number(const struct wk_death *d, const struct field *f, char *out,
    size_t size, size_t *len)
{
	char num[32];
	int n;

	wk_audit_number_text((const char *)d + f->off,
	    (enum wk_audit_number)f->kind, num, sizeof num);
	n = snprintf(out + *len, size - *len, " %s=%s", f->name, num);
	if (n < 0 || (size_t)n >= size - *len) {
		out[*len] = '\0';
		errno = EOVERFLOW;
		return -1;
	}
	*len += (size_t)n;
	return 0;
}

int
wk_audit_end_format(const struct wk_death *d, char *out, size_t size)
{
	struct wk_death masked = *d;
	size_t len;
	int rc = 0;

	if (size < WK_AUDIT_END_MAX) {
		errno = EINVAL;
		return -1;
	}
	size = WK_AUDIT_END_MAX;
	masked.flags &= WK_AUDIT_END_FLAGS;
	len = (size_t)snprintf(out, size, "op=%s", WK_AUDIT_END_OP);
	for (size_t i = 0; i < NFIELDS && rc == 0; i++) {
		const struct field *f = &fields[i];
		const char *s = (const char *)&masked + f->off;

		if (f->kind == K_STR)
			rc = append_string(out, size, &len, f->name, s,
			    strnlen(s, f->size));
		else
			rc = append_number(&masked, f, out, size, &len);
	}
	return rc;
}

int
wk_audit_end_field(struct wk_audit_end *e, const char *name, const char *raw)
{
	size_t len;

	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];

		if (strcmp(f->name, name) != 0)
			continue;
		if (f->kind == K_STR)
			return wk_audit_untrusted(raw, (char *)&e->d + f->off,
			    f->size, &len) == -1 ? -1 : 0;
		return wk_audit_number_read((char *)&e->d + f->off,
		    (enum wk_audit_number)f->kind, raw);
	}
	return 0;
}

/* Whether t is a time: seconds after 1970, nanoseconds within a second. */
static int
valid_time(const struct wk_time *t)
{
	return t->sec > 0 && t->nsec >= 0 && t->nsec < 1000000000;
}

int
wk_audit_end_complete(struct wk_audit_end *e)
{
	struct wk_death *d = &e->d;

	d->flags &= WK_AUDIT_END_FLAGS;
	wk_reply_init(&d->hdr, WK_R_DEATH, sizeof *d);
	if (d->pid <= 0 || d->kind < WK_DEATH_EXITED ||
	    d->kind > WK_DEATH_UNKNOWN)
		return 0;
	if (d->signo < 0 || d->signo > WK_SIGNAL_MAX)
		return 0;
	if (d->oom.time.sec != 0 && !valid_time(&d->oom.time))
		return 0;
	return valid_time(&d->time) || valid_time(&d->oom.time);
}
