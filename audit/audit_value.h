/*
 * Decoding of the values in audit records: numbers, ids, the quoted or
 * hex form of untrusted strings, argument lists.  Pure functions over
 * strings, no libauparse.
 */
#ifndef WHOKILLED_AUDIT_VALUE_H
#define WHOKILLED_AUDIT_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "audit_record.h"

/*
 * Decodes a string the kernel logs as untrusted: "text" in quotes is taken
 * as it is, anything else must be pairs of hex digits.  Writes at most
 * size - 1 bytes and a NUL to out (the bytes may hold NULs: *len counts
 * them).  Returns 0, 1 when the value was cut to fit, or -1 with errno
 * ENOENT for "(null)" and EINVAL for a value in neither form.
 */
int wk_audit_untrusted(const char *raw, char *out, size_t size, size_t *len);

/* A signed decimal number within [min, max]: 0, or -1 with errno EINVAL. */
int wk_audit_decimal(const char *raw, int64_t min, int64_t max, int64_t *out);

/* A hexadecimal number without prefix (arch=, a0=): 0, or -1 / EINVAL. */
int wk_audit_hex(const char *raw, uint64_t *out);

/*
 * A uid, gid, login uid or session id: decimal, with "4294967295" and "-1"
 * (as OBJ_PID writes an unset oauid) both meaning WK_ID_UNSET.
 * Returns 0, or -1 with errno EINVAL.
 */
int wk_audit_id(const char *raw, uint32_t *out);

/* Empties p's argument list. */
void wk_audit_argv_clear(struct wk_audit_proc *p);

/*
 * Adds len bytes to p's argument list: as a new argument when start is
 * true, else at the end of the last one (EXECVE splits long arguments into
 * pieces).  What does not fit is dropped and flagged
 * WK_AUDIT_P_ARGV_TRUNCATED; argv always ends with a NUL.
 */
void wk_audit_argv_add(struct wk_audit_proc *p, const char *bytes, size_t len,
    int start);

/*
 * Fills p's argument list from a decoded PROCTITLE: the NUL-separated
 * command line, cut by the kernel at WK_AUDIT_PROCTITLE_MAX bytes (a
 * proctitle of that length is flagged truncated).
 */
void wk_audit_argv_from_proctitle(struct wk_audit_proc *p, const char *bytes,
    size_t len);

/* Copies s into a fixed field of size bytes, cut and NUL-terminated. */
void wk_audit_copy(char *dst, size_t size, const char *s);

/*
 * Append " name=value" to out (holding *len of size bytes), the value's
 * vlen bytes through libaudit's encoder (quoted, or hex when it must be),
 * keeping keep bytes free after it.  0 when appended, 1 when it did not
 * fit (nothing appended), -1 with errno ENOMEM.
 */
int wk_audit_append_nv(char *out, size_t size, size_t *len, size_t keep,
    const char *name, const char *value, size_t vlen);

/* The integer types of the fields of whokilled's own records. */
enum wk_audit_number {
	WK_AUDIT_I32, WK_AUDIT_U32, WK_AUDIT_I64, WK_AUDIT_U64,
};

/*
 * A decimal number into the field at p (its type: kind), within the
 * type's range: 0, or -1 with errno EINVAL (nothing written).
 */
int wk_audit_number_read(void *p, enum wk_audit_number kind,
    const char *raw);

/* The field at p (its type: kind) as decimal text into buf. */
void wk_audit_number_text(const void *p, enum wk_audit_number kind,
    char *buf, size_t size);

#endif
