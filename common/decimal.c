/*
 * Decimal number parsing without the C library's locale and errno.
 */
#include "decimal.h"

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The digits at s into *v, refusing more than max; the end of them or NULL. */
static const char *
digits(const char *s, const char *end, uint64_t max,
    uint64_t *v)
{
	uint64_t acc = 0;

	if (s >= end || !is_digit(*s))
		return NULL;
	for (; s < end && is_digit(*s); s++) {
		unsigned digit = (unsigned)(*s - '0');

		if (acc > (max - digit) / 10)
			return NULL;
		acc = acc * 10 + digit;
	}
	*v = acc;
	return s;
}

int
wk_parse_u64(const char **p, const char *end, uint64_t *v)
{
	const char *s = digits(*p, end, UINT64_MAX, v);

	if (s == NULL)
		return -1;
	*p = s;
	return 0;
}

/* A number of at most max, or at least -(max + 1) with a '-'. */
static int
parse_signed(const char **p, const char *end, uint64_t max,
    uint64_t *magnitude, int *negative)
{
	const char *s = *p;

	*negative = s < end && *s == '-';
	if (*negative)
		s++;
	s = digits(s, end, *negative ? max + 1 : max, magnitude);
	if (s == NULL)
		return -1;
	*p = s;
	return 0;
}

int
wk_parse_i64(const char **p, const char *end, int64_t *v)
{
	uint64_t m;
	int negative;

	if (parse_signed(p, end, (uint64_t)INT64_MAX, &m, &negative) < 0)
		return -1;
	/* -(INT64_MAX + 1) has no positive counterpart to negate. */
	if (negative)
		*v = m == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)m;
	else
		*v = (int64_t)m;
	return 0;
}

int
wk_parse_i32(const char **p, const char *end, int32_t *v)
{
	uint64_t m;
	int negative;

	if (parse_signed(p, end, (uint64_t)INT32_MAX, &m, &negative) < 0)
		return -1;
	*v = negative ? (int32_t)(-(int64_t)m) : (int32_t)m;
	return 0;
}

int
wk_parse_u32_text(const char *buf, size_t len, uint32_t *v)
{
	const char *end = buf + len;
	uint64_t wide;

	buf = digits(buf, end, UINT32_MAX, &wide);
	if (buf == NULL)
		return -1;
	if (buf < end && *buf == '\n')
		buf++;
	if (buf != end)
		return -1;
	*v = (uint32_t)wide;
	return 0;
}
