/*
 * getpwuid for the audit tests: a fixed table instead of /etc/passwd.
 */
#include <errno.h>
#include <stddef.h>

#include "fake_passwd.h"

static struct {
	uid_t uid;
	char name[16];
} users[] = {
	{ 0, "root" }, { 33, "www-data" }, { 1000, "alice" }, { 1001, "bob" },
	{ 65534, "nobody" },
};

struct passwd *
__wrap_getpwuid(uid_t uid)
{
	static struct passwd pw;

	for (size_t i = 0; i < sizeof users / sizeof *users; i++) {
		if (users[i].uid == uid) {
			pw.pw_name = users[i].name;
			pw.pw_uid = uid;
			pw.pw_gid = uid;
			return &pw;
		}
	}
	errno = 0;
	return NULL;
}
