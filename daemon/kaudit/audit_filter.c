/*
 * The record types of kill and exec events, by number and by name.
 */
#include <linux/audit.h>
#include <string.h>

#include "audit_filter.h"

#ifndef AUDIT_TRUSTED_APP
#define AUDIT_TRUSTED_APP	1121
#endif
#ifndef AUDIT_PROCTITLE
#define AUDIT_PROCTITLE	1327
#endif

static const struct {
	int type;
	const char *name;
} wanted[] = {
	{ AUDIT_SYSCALL, "SYSCALL" },
	{ AUDIT_OBJ_PID, "OBJ_PID" },
	{ AUDIT_EXECVE, "EXECVE" },
	{ AUDIT_PROCTITLE, "PROCTITLE" },
	{ AUDIT_EOE, "EOE" },
	{ AUDIT_TRUSTED_APP, "TRUSTED_APP" },	/* a node's whokilled record */
};

int
audit_filter_type(int type)
{
	size_t i;

	for (i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
		if (wanted[i].type == type)
			return 1;
	return 0;
}

/* The length of the field at p up to a space or the end; p..end. */
static size_t
field_len(const char *p, const char *end)
{
	const char *sp = memchr(p, ' ', (size_t)(end - p));

	return (size_t)((sp != NULL ? sp : end) - p);
}

int
audit_filter_line(const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	size_t n, i;

	if (len >= 5 && memcmp(p, "node=", 5) == 0) {
		p += field_len(p, end);
		if (p < end)
			p++;
	}
	if ((size_t)(end - p) < 5 || memcmp(p, "type=", 5) != 0)
		return 0;
	p += 5;
	n = field_len(p, end);
	for (i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
		if (strlen(wanted[i].name) == n &&
		    memcmp(wanted[i].name, p, n) == 0)
			return 1;
	return 0;
}

int
audit_filter_is_record(const char *line, size_t len)
{
	const char *p = line, *end = line + len;

	if (len >= 5 && memcmp(p, "node=", 5) == 0) {
		p += field_len(p, end);
		if (p < end)
			p++;
	}
	if ((size_t)(end - p) < 5 || memcmp(p, "type=", 5) != 0)
		return 0;
	p += field_len(p, end);
	return (size_t)(end - p) > 11 && memcmp(p, " msg=audit(", 11) == 0;
}
