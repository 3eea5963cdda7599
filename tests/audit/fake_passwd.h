/*
 * A fixed user table for the audit tests, linked with -Wl,--wrap=getpwuid
 * so that names in outputs do not depend on the machine's /etc/passwd.
 */
#ifndef WHOKILLED_TESTS_FAKE_PASSWD_H
#define WHOKILLED_TESTS_FAKE_PASSWD_H

#include <pwd.h>
#include <sys/types.h>

/* root 0, www-data 33, alice 1000, bob 1001, nobody 65534; NULL otherwise. */
struct passwd *__wrap_getpwuid(uid_t uid);

#endif
