/*
 * Safe output of strings that came from other processes: a comm or an
 * argv can hold terminal escape sequences and bytes that are not UTF-8.
 */
#ifndef WHOKILLED_CLI_ESCAPE_H
#define WHOKILLED_CLI_ESCAPE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Decodes one well-formed UTF-8 sequence at s (no overlong forms, no
 * surrogates, nothing above U+10FFFF).  Returns its length with the code
 * point in *cp, or 0 when the bytes at s are not valid UTF-8.
 */
size_t cli_utf8_char(const unsigned char *s, size_t len, uint32_t *cp);

/* True for a code point a terminal shows as text rather than acts on. */
int cli_printable(uint32_t cp);

/*
 * Writes len bytes of s, with a backslash as "\\" and every byte that is
 * not part of a printable UTF-8 character as "\xHH".
 */
void cli_term_write(FILE *out, const char *s, size_t len);

/* cli_term_write of a string that ends at its NUL or after max bytes. */
void cli_term_puts(FILE *out, const char *s, size_t max);

#endif
