/*
 * Values of audit record fields.
 */
#include <errno.h>
#include <libaudit.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_value.h"

static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
wk_audit_untrusted(const char *raw, char *out, size_t size, size_t *len)
{
	size_t n = 0, rawlen;
	int cut = 0;

	*len = 0;
	if (size == 0) {
		errno = EINVAL;
		return -1;
	}
	out[0] = '\0';
	if (strcmp(raw, "(null)") == 0) {
		errno = ENOENT;
		return -1;
	}
	rawlen = strlen(raw);
	if (raw[0] == '"') {
		if (rawlen < 2 || raw[rawlen - 1] != '"') {
			errno = EINVAL;
			return -1;
		}
		n = rawlen - 2;
		if (n > size - 1) {
			n = size - 1;
			cut = 1;
		}
		memcpy(out, raw + 1, n);
	} else {
		if (rawlen == 0 || rawlen % 2 != 0) {
			errno = EINVAL;
			return -1;
		}
		for (size_t i = 0; i < rawlen; i += 2) {
			int hi = hex_digit(raw[i]), lo = hex_digit(raw[i + 1]);

			if (hi < 0 || lo < 0) {
				errno = EINVAL;
				return -1;
			}
			if (n < size - 1)
				out[n++] = (char)(hi << 4 | lo);
			else
				cut = 1;
		}
	}
	out[n] = '\0';
	*len = n;
	return cut;
}

int
wk_audit_decimal(const char *raw, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (!((raw[0] >= '0' && raw[0] <= '9') || (raw[0] == '-' && raw[1] >= '0' &&
	    raw[1] <= '9'))) {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = strtoll(raw, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max) {
		errno = EINVAL;
		return -1;
	}
	*out = v;
	return 0;
}

int
wk_audit_hex(const char *raw, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; raw[i] != '\0'; i++) {
		int d = hex_digit(raw[i]);

		if (d < 0 || i >= 16) {
			errno = EINVAL;
			return -1;
		}
		v = v << 4 | (uint64_t)d;
	}
	if (i == 0) {
		errno = EINVAL;
		return -1;
	}
	*out = v;
	return 0;
}

int
wk_audit_id(const char *raw, uint32_t *out)
{
	int64_t v;

	if (wk_audit_decimal(raw, -1, UINT32_MAX, &v) == -1)
		return -1;
	*out = v == -1 ? WK_ID_UNSET : (uint32_t)v;
	return 0;
}

void
wk_audit_argv_clear(struct wk_audit_proc *p)
{
	p->argc = 0;
	p->argv_len = 0;
	p->argv[0] = '\0';
	p->flags &= ~(WK_AUDIT_P_ARGV_TRUNCATED | WK_AUDIT_P_ARGV_KNOWN);
}

void
wk_audit_argv_add(struct wk_audit_proc *p, const char *bytes, size_t len,
    int start)
{
	size_t used = p->argv_len, room;

	if (p->flags & WK_AUDIT_P_ARGV_TRUNCATED)
		return;
	if (start || used == 0) {
		if (used + 1 > sizeof p->argv) {
			p->flags |= WK_AUDIT_P_ARGV_TRUNCATED;
			return;
		}
		p->argc++;
	} else {
		used--;		/* write over the last argument's NUL */
	}
	room = sizeof p->argv - 1 - used;
	if (len > room) {
		len = room;
		p->flags |= WK_AUDIT_P_ARGV_TRUNCATED;
	}
	memcpy(p->argv + used, bytes, len);
	used += len;
	p->argv[used++] = '\0';
	p->argv_len = (uint32_t)used;
	p->flags |= WK_AUDIT_P_ARGV_KNOWN;
}

void
wk_audit_argv_from_proctitle(struct wk_audit_proc *p, const char *bytes,
    size_t len)
{
	size_t i = 0;

	wk_audit_argv_clear(p);
	while (i < len) {
		size_t n = strnlen(bytes + i, len - i);

		wk_audit_argv_add(p, bytes + i, n, 1);
		i += n + 1;
	}
	if (len == 0)
		wk_audit_argv_add(p, "", 0, 1);
	if (len >= WK_AUDIT_PROCTITLE_MAX)
		p->flags |= WK_AUDIT_P_ARGV_TRUNCATED;
}

void
wk_audit_copy(char *dst, size_t size, const char *s)
{
	size_t n = strnlen(s, size - 1);

	memcpy(dst, s, n);
	dst[n] = '\0';
}

int
wk_audit_number_read(void *p, enum wk_audit_number kind, const char *raw)
{
	int64_t v;
	int32_t i32;
	uint32_t u32;
	uint64_t u64;

	switch (kind) {
	case WK_AUDIT_I32:
		if (wk_audit_decimal(raw, INT32_MIN, INT32_MAX, &v) == -1)
			return -1;
		i32 = (int32_t)v;
		memcpy(p, &i32, sizeof i32);
		return 0;
	case WK_AUDIT_U32:
		if (wk_audit_decimal(raw, 0, UINT32_MAX, &v) == -1)
			return -1;
		u32 = (uint32_t)v;
		memcpy(p, &u32, sizeof u32);
		return 0;
	case WK_AUDIT_I64:
		if (wk_audit_decimal(raw, INT64_MIN, INT64_MAX, &v) == -1)
			return -1;
		memcpy(p, &v, sizeof v);
		return 0;
	default:
		if (wk_audit_decimal(raw, 0, INT64_MAX, &v) == -1)
			return -1;
		u64 = (uint64_t)v;
		memcpy(p, &u64, sizeof u64);
		return 0;
	}
}

void
wk_audit_number_text(const void *p, enum wk_audit_number kind, char *buf,
    size_t size)
{
	int32_t i32;
	uint32_t u32;
	int64_t i64;
	uint64_t u64;

	switch (kind) {
	case WK_AUDIT_I32:
		memcpy(&i32, p, sizeof i32);
		snprintf(buf, size, "%" PRId32, i32);
		break;
	case WK_AUDIT_U32:
		memcpy(&u32, p, sizeof u32);
		snprintf(buf, size, "%" PRIu32, u32);
		break;
	case WK_AUDIT_I64:
		memcpy(&i64, p, sizeof i64);
		snprintf(buf, size, "%" PRId64, i64);
		break;
	default:
		memcpy(&u64, p, sizeof u64);
		snprintf(buf, size, "%" PRIu64, u64);
		break;
	}
}

int
wk_audit_append_nv(char *out, size_t size, size_t *len, size_t keep,
    const char *name, const char *value, size_t vlen)
{
	char *enc = audit_encode_nv_string(name, value, (unsigned)vlen);
	size_t n;

	if (enc == NULL) {
		errno = ENOMEM;
		return -1;
	}
	n = strlen(enc);
	if (*len + 1 + n + keep >= size) {
		free(enc);
		return 1;
	}
	out[(*len)++] = ' ';
	memcpy(out + *len, enc, n + 1);
	*len += n;
	free(enc);
	return 0;
}
