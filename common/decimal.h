/*
 * Decimal numbers in text that need not be NUL-terminated, as the kernel
 * prints them in /proc: digits only, no '+', no spaces, no locale.  Pure
 * and async-signal-safe (no errno, no allocation): the preload shim calls
 * them inside kill(), possibly from a signal handler.
 *
 * The wk_parse_* that take p read the number at *p, stopping at end or at
 * the first byte that is not a digit, and return 0 with *p moved past it;
 * or -1, leaving *p and *v alone, when no digit is there or the value does
 * not fit.
 */
#ifndef WHOKILLED_COMMON_DECIMAL_H
#define WHOKILLED_COMMON_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

/* An unsigned number, 0..UINT64_MAX. */
int wk_parse_u64(const char **p, const char *end, uint64_t *v);

/* An optionally negative ('-') number, INT64_MIN..INT64_MAX. */
int wk_parse_i64(const char **p, const char *end, int64_t *v);

/* An optionally negative ('-') number, INT32_MIN..INT32_MAX. */
int wk_parse_i32(const char **p, const char *end, int32_t *v);

/*
 * The whole text of a one-number file such as /proc/self/loginuid: an
 * unsigned number up to UINT32_MAX, optionally followed by one newline,
 * and nothing else.  Returns 0 with *v, or -1.
 */
int wk_parse_u32_text(const char *buf, size_t len, uint32_t *v);

#endif
