#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include <sqlite3.h>

#include "store_error.h"

int
store_sqlite_errno(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return ENOMEM;
	case SQLITE_FULL:
		return ENOSPC;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return EBUSY;
	case SQLITE_PERM:
	case SQLITE_AUTH:
	case SQLITE_READONLY:
		return EACCES;
	case SQLITE_CANTOPEN:
		return ENOENT;
	case SQLITE_TOOBIG:
	case SQLITE_RANGE:
	case SQLITE_MISUSE:
		return EINVAL;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return EBADMSG;
	default:
		return EIO;
	}
}

void
store_format_error(char *buf, size_t size, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (buf != NULL && size > 0) {
		va_start(ap, fmt);
		vsnprintf(buf, size, fmt, ap);
		va_end(ap);
	}
	errno = saved;
}
