/*
 * Parsing the kernel log's OOM-kill lines.  Fields are found by their
 * keys from the end of the line inward where a free-form value (a command
 * name, a cgroup path) could itself hold a key, and every number must be
 * whole and followed by what the kernel prints after it, so a record cut
 * short is refused rather than read as a smaller value.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "common/decimal.h"
#include "kmsg_oom.h"

#define LIT(s)	(s), (sizeof(s) - 1)

/* The literal lit at *p: step over it and return 0, else -1. */
static int
expect(const char **p, const char *end, const char *lit, size_t n)
{
	if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
		return -1;
	*p += n;
	return 0;
}

/* The last occurrence of a needle in [s, end), or NULL. */
static const char *
find_last(const char *s, const char *end, const char *needle, size_t n)
{
	const char *p;

	if ((size_t)(end - s) < n)
		return NULL;
	for (p = end - n; p >= s; p--)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

static const char *
find_first(const char *s, const char *end, const char *needle, size_t n)
{
	return memmem(s, (size_t)(end - s), needle, n);
}

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Copy [s, end) into dst, undoing the kernel log's "\xNN" escapes of
 * unprintable bytes.  Returns 1 when it had to cut, else 0.
 */
static int
copy_field(char *dst, size_t size, const char *s, const char *end)
{
	size_t n = 0;
	int hi, lo;

	while (s < end) {
		if (n + 1 >= size) {
			dst[n] = '\0';
			return 1;
		}
		if (end - s >= 4 && s[0] == '\\' && s[1] == 'x' &&
		    (hi = hex_digit(s[2])) >= 0 && (lo = hex_digit(s[3])) >= 0) {
			dst[n++] = (char)(hi * 16 + lo);
			s += 4;
		} else {
			dst[n++] = *s++;
		}
	}
	dst[n] = '\0';
	return 0;
}

int
kmsg_parse_record(const char *buf, size_t len, struct kmsg_record *out)
{
	const char *p = buf, *semi, *nl, *end = buf + len;
	uint64_t pri;

	memset(out, 0, sizeof *out);
	semi = memchr(buf, ';', len);
	if (semi == NULL ||
	    wk_parse_u64(&p, semi, &pri) == -1 || expect(&p, semi, LIT(",")) ||
	    wk_parse_u64(&p, semi, &out->seq) == -1 ||
	    expect(&p, semi, LIT(",")) ||
	    wk_parse_u64(&p, semi, &out->ts_us) == -1 ||
	    expect(&p, semi, LIT(",")) || p >= semi)
		goto bad;
	out->flag = *p++;
	/* Newer kernels may add fields after the flag; they are skipped. */
	if (p != semi && *p != ',')
		goto bad;
	if (pri > 0x7fffffffu)
		goto bad;
	out->level = (int)(pri & 7);
	out->facility = (int)(pri >> 3);
	out->msg = semi + 1;
	nl = memchr(out->msg, '\n', (size_t)(end - out->msg));
	out->msg_len = (size_t)((nl != NULL ? nl : end) - out->msg);
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

int
oom_parse_context(const char *msg, size_t len, struct oom_kill *out)
{
	const char *end = msg + len, *p = msg, *q, *comma;
	const char *uid_at, *pid_at, *task_at, *tm_at, *om_at;
	uint64_t pid;
	int32_t uid;

	if (expect(&p, end, LIT("oom-kill:constraint=")) == -1)
		goto bad;
	comma = memchr(p, ',', (size_t)(end - p));
	if (comma == NULL)
		goto bad;

	uid_at = find_last(p, end, LIT(",uid="));
	if (uid_at == NULL)
		goto bad;
	q = uid_at + 5;
	if (wk_parse_i32(&q, end, &uid) == -1 || q != end)
		goto bad;
	pid_at = find_last(p, uid_at, LIT(",pid="));
	if (pid_at == NULL)
		goto bad;
	q = pid_at + 5;
	if (wk_parse_u64(&q, uid_at, &pid) == -1 || q != uid_at ||
	    pid == 0 || pid > INT32_MAX)
		goto bad;
	task_at = find_last(p, pid_at, LIT(",task="));
	if (task_at == NULL)
		goto bad;
	om_at = find_first(p, task_at, LIT(",oom_memcg="));
	tm_at = find_first(om_at != NULL ? om_at : p, task_at,
	    LIT(",task_memcg="));
	if (tm_at == NULL || comma > tm_at)
		goto bad;

	out->pid = (int32_t)pid;
	out->uid = (uint32_t)uid;
	if (copy_field(out->constraint, sizeof out->constraint, p, comma) |
	    copy_field(out->comm, sizeof out->comm, task_at + 6, pid_at) |
	    copy_field(out->task_memcg, sizeof out->task_memcg, tm_at + 12,
	    task_at))
		out->flags |= OOM_F_TRUNCATED;
	if (om_at != NULL) {
		if (copy_field(out->oom_memcg, sizeof out->oom_memcg,
		    om_at + 11, tm_at))
			out->flags |= OOM_F_TRUNCATED;
	} else {
		out->oom_memcg[0] = '\0';
		if (find_first(p, tm_at, LIT(",global_oom")) != NULL)
			out->flags |= OOM_F_GLOBAL;
	}
	out->flags |= OOM_F_CONTEXT;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

/* "KEY:NkB" at *p into out; 0 or -1. */
static int
parse_kb(const char **p, const char *end, const char *key, size_t n,
    uint64_t *out)
{
	if (expect(p, end, key, n) == -1 || wk_parse_u64(p, end, out) == -1 ||
	    expect(p, end, LIT("kB")) == -1)
		return -1;
	return 0;
}

/* The message before ": Killed process" names an OOM killer. */
static int
is_oom_message(const char *s, const char *end)
{
	static const char word[] = "out of memory";
	size_t n = sizeof word - 1;

	for (; (size_t)(end - s) >= n; s++)
		if (strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

int
oom_parse_victim(const char *msg, size_t len, struct oom_kill *out)
{
	const char *end = msg + len, *kp, *p, *close;
	uint64_t pid, uid;
	int32_t adj;

	kp = find_first(msg, end, LIT(": Killed process "));
	if (kp == NULL || !is_oom_message(msg, kp))
		goto bad;
	p = kp + 17;
	if (wk_parse_u64(&p, end, &pid) == -1 || pid == 0 || pid > INT32_MAX ||
	    expect(&p, end, LIT(" (")) == -1)
		goto bad;
	close = find_last(p, end, LIT(") total-vm:"));
	if (close == NULL)
		goto bad;
	out->pid = (int32_t)pid;
	if (copy_field(out->comm, sizeof out->comm, p, close) |
	    copy_field(out->message, sizeof out->message, msg, kp))
		out->flags |= OOM_F_TRUNCATED;
	p = close + 1;
	if (parse_kb(&p, end, LIT(" total-vm:"), &out->total_vm_kb) == -1 ||
	    parse_kb(&p, end, LIT(", anon-rss:"), &out->anon_rss_kb) == -1 ||
	    parse_kb(&p, end, LIT(", file-rss:"), &out->file_rss_kb) == -1 ||
	    parse_kb(&p, end, LIT(", shmem-rss:"), &out->shmem_rss_kb) == -1)
		goto bad;
	/* Kernels since 5.x go on; each part, once begun, must be whole. */
	if (expect(&p, end, LIT(", UID:")) == 0) {
		if (wk_parse_u64(&p, end, &uid) == -1 || uid > UINT32_MAX)
			goto bad;
		out->uid = (uint32_t)uid;
		if (parse_kb(&p, end, LIT(" pgtables:"), &out->pgtables_kb) ==
		    -1 || expect(&p, end, LIT(" oom_score_adj:")) == -1 ||
		    wk_parse_i32(&p, end, &adj) == -1)
			goto bad;
		out->oom_score_adj = adj;
	}
	if (p != end)
		goto bad;
	out->flags |= OOM_F_VICTIM;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

void
kmsg_oom_init(struct kmsg_oom_state *s)
{
	memset(s, 0, sizeof *s);
}

/* "Tasks in PATH are going to be killed due to memory.oom.group set". */
static int
parse_group_line(const char *msg, size_t len, char *path, size_t size)
{
	static const char tail[] =
	    " are going to be killed due to memory.oom.group set";
	const char *end = msg + len, *p = msg;

	if (expect(&p, end, LIT("Tasks in ")) == -1 ||
	    (size_t)(end - p) < sizeof tail - 1 ||
	    memcmp(end - (sizeof tail - 1), tail, sizeof tail - 1) != 0)
		return -1;
	copy_field(path, size, p, end - (sizeof tail - 1));
	return 0;
}

/* Fill the parts of the victim line k that only the context line gives. */
static void
merge_context(struct oom_kill *k, const struct oom_kill *ctx)
{
	memcpy(k->constraint, ctx->constraint, sizeof k->constraint);
	memcpy(k->oom_memcg, ctx->oom_memcg, sizeof k->oom_memcg);
	memcpy(k->task_memcg, ctx->task_memcg, sizeof k->task_memcg);
	k->flags |= ctx->flags & (OOM_F_CONTEXT | OOM_F_GLOBAL |
	    OOM_F_TRUNCATED);
	if ((k->flags & OOM_F_VICTIM) != 0 && k->comm[0] == '\0')
		memcpy(k->comm, ctx->comm, sizeof k->comm);
}

int
kmsg_oom_feed(struct kmsg_oom_state *s, const struct kmsg_record *rec,
    struct oom_kill *out)
{
	struct oom_kill k;

	/* Only the kernel writes facility 0; user space cannot forge it. */
	if (rec->facility != 0)
		return 0;
	memset(&k, 0, sizeof k);
	if (rec->msg_len >= 9 && memcmp(rec->msg, "oom-kill:", 9) == 0) {
		if (oom_parse_context(rec->msg, rec->msg_len, &k) == 0) {
			k.seq = rec->seq;
			k.mono_us = rec->ts_us;
			s->context = k;
			s->have_context = 1;
			s->group_active = 0;
		}
		return 0;
	}
	if (parse_group_line(rec->msg, rec->msg_len, s->group_memcg,
	    sizeof s->group_memcg) == 0) {
		s->group_active = 1;
		s->group_last_seq = rec->seq;
		return 0;
	}
	if (oom_parse_victim(rec->msg, rec->msg_len, &k) == -1)
		return 0;
	if (s->have_context && s->context.pid == k.pid) {
		merge_context(&k, &s->context);
		s->have_context = 0;
	} else if (s->group_active && rec->seq == s->group_last_seq + 1) {
		/* The other members of the group, printed one after another. */
		k.flags |= OOM_F_GROUP;
		memcpy(k.constraint, s->context.constraint,
		    sizeof k.constraint);
		memcpy(k.oom_memcg, s->group_memcg, sizeof k.oom_memcg);
		s->group_last_seq = rec->seq;
	}
	k.seq = rec->seq;
	k.mono_us = rec->ts_us;
	*out = k;
	return 1;
}
