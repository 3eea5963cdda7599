/*
 * Terminal-safe output of untrusted strings.
 */
#include <string.h>

#include "escape.h"

size_t
cli_utf8_char(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c, min;
	size_t n;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/*
 * C0 and C1 controls and DEL drive the terminal; the bidirectional
 * embedding, override and isolate characters reorder what is shown, so a
 * name could pose as another.
 */
int
cli_printable(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7f)
		return 0;
	if (cp >= 0x80 && cp < 0xa0)
		return 0;
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return 1;
}

void
cli_term_write(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = cli_utf8_char(p + i, len - i, &cp);

		if (n == 0 || !cli_printable(cp)) {
			n = n ? n : 1;
			for (size_t k = 0; k < n; k++)
				fprintf(out, "\\x%02x", p[i + k]);
		} else if (cp == '\\') {
			fputs("\\\\", out);
		} else {
			fwrite(p + i, 1, n, out);
		}
		i += n;
	}
}

void
cli_term_puts(FILE *out, const char *s, size_t max)
{
	cli_term_write(out, s, strnlen(s, max));
}
