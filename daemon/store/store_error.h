/*
 * Error reporting shared by the store's files: SQLite codes to errno, and
 * messages into caller-supplied buffers.
 */
#ifndef WHOKILLED_STORE_ERROR_H
#define WHOKILLED_STORE_ERROR_H

#include <stddef.h>

/* errno for an SQLite result code (primary or extended). */
int store_sqlite_errno(int rc);

/* snprintf into buf when buf is not NULL; errno is preserved. */
void store_format_error(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
