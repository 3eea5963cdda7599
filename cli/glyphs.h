/*
 * The few symbols of the text answer that are not ASCII: "→" (a chain, a
 * uid change), "—" (a dash), "…" (a span of time).  Where the character
 * set of the locale (LC_CTYPE) is not UTF-8 (LC_ALL=C, a POSIX locale, a
 * Latin-1 one) they are written "->", "-" and "..." instead.  One switch
 * for the whole CLI, set once at start by cli_glyphs_from_locale(); UTF-8
 * until then.  JSON is always UTF-8 and uses none of them.
 */
#ifndef WHOKILLED_CLI_GLYPHS_H
#define WHOKILLED_CLI_GLYPHS_H

/*
 * setlocale(LC_CTYPE, "") and nl_langinfo(CODESET): UTF-8 symbols when the
 * codeset is UTF-8, ASCII ones otherwise.  Returns whether UTF-8.
 */
int cli_glyphs_from_locale(void);

/* Set the switch directly (tests). */
void cli_glyphs_set_utf8(int utf8);

const char *cli_arrow(void);	/* "→" or "->" */
const char *cli_dash(void);	/* "—" or "-" */
const char *cli_ellipsis(void);	/* "…" or "..." */

#endif
