/*
 * The text answer's symbols, UTF-8 or ASCII by the locale's codeset.
 */
#include <langinfo.h>
#include <locale.h>
#include <string.h>

#include "glyphs.h"

static int glyphs_utf8 = 1;

int
cli_glyphs_from_locale(void)
{
	const char *codeset;

	/* A locale that does not exist leaves "C", whose codeset is ASCII. */
	(void)setlocale(LC_CTYPE, "");
	codeset = nl_langinfo(CODESET);
	glyphs_utf8 = codeset != NULL && (strcmp(codeset, "UTF-8") == 0 ||
	    strcmp(codeset, "utf8") == 0);
	return glyphs_utf8;
}

void
cli_glyphs_set_utf8(int utf8)
{
	glyphs_utf8 = utf8 != 0;
}

const char *
cli_arrow(void)
{
	return glyphs_utf8 ? "→" : "->";
}

const char *
cli_dash(void)
{
	return glyphs_utf8 ? "—" : "-";
}

const char *
cli_ellipsis(void)
{
	return glyphs_utf8 ? "…" : "...";
}
