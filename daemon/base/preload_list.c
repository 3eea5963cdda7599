/*
 * /etc/ld.so.preload, read for the shim.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "file_read.h"
#include "preload_list.h"

/* Bytes of the file read at most: ld.so.preload holds a few names. */
#define PRELOAD_LIST_MAX	65536

static int
separator(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == ':' || c == '\0';
}

/* Whether word (len bytes) is a path whose file name is the shim's. */
static int
is_shim(const char *word, size_t len)
{
	static const char name[] = PRELOAD_LIST_SHIM;
	const size_t n = sizeof name - 1;

	return len >= n && memcmp(word + len - n, name, n) == 0 &&
	    (len == n || word[len - n - 1] == '/');
}

int
preload_list_names_shim(const char *text, size_t len)
{
	size_t i = 0, start;

	while (i < len) {
		if (separator(text[i])) {
			i++;
			continue;
		}
		if (text[i] == '#') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		start = i;
		while (i < len && !separator(text[i]))
			i++;
		if (is_shim(text + start, i - start))
			return 1;
	}
	return 0;
}

int
preload_list_check(const char *path)
{
	/* One byte more than the list keeps: the reader NUL-terminates. */
	static char buf[PRELOAD_LIST_MAX + 1];
	ssize_t n;

	n = file_read_at(AT_FDCWD, path, buf, sizeof buf);
	if (n == -1)
		return errno == ENOENT ? 0 : -1;
	return preload_list_names_shim(buf, (size_t)n);
}
