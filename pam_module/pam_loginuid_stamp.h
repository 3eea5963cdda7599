/*
 * Stamping the kernel's login uid (the audit "auid"), the rule of
 * Linux-PAM's pam_loginuid except that a login uid already set is never
 * re-stamped: under su, sudo or a nested login it names the person who
 * logged in first, which is what whokilled reports.
 */
#ifndef WHOKILLED_PAM_LOGINUID_STAMP_H
#define WHOKILLED_PAM_LOGINUID_STAMP_H

#include <stdint.h>

/* What the kernel says about this process's audit identity. */
struct pamwk_audit_ids {
	uint32_t loginuid;	/* after stamping; WK_ID_UNSET: unset or unreadable */
	uint32_t sessionid;	/* likewise */
	uint32_t flags;		/* WK_SF_STAMPED, WK_SF_LOGINUID_REFUSED, WK_SF_NO_AUDIT */
	int error;		/* errno of the refusal or failed read, else 0 */
};

/*
 * Reads the login uid at loginuid_path (/proc/self/loginuid).  When it is
 * unset (4294967295), may_stamp is set and uid is a real uid, writes uid
 * there in decimal, as pam_loginuid does.  Then reads both ids back, the
 * session id from sessionid_path (the kernel gives a new one on stamping).
 *
 * Returns 0 when nothing went wrong: the login uid was already set, was
 * stamped (WK_SF_STAMPED), or was left unset because stamping was not
 * allowed.  Returns -1 with errno (also kept in ids->error) when the file
 * is missing (ENOENT: a kernel without audit support, WK_SF_NO_AUDIT),
 * when the write was refused (EPERM in a container, EINVAL in a user
 * namespace that does not map uid, EROFS...: WK_SF_LOGINUID_REFUSED), or
 * when the login uid could not be read at all.  ids is filled in every case.
 */
int pamwk_loginuid_stamp(const char *loginuid_path,
    const char *sessionid_path, uint32_t uid, int may_stamp,
    struct pamwk_audit_ids *ids);

#endif
