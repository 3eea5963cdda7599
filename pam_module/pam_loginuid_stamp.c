/*
 * Writing /proc/self/loginuid once, when it is unset.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "whokilled/wire.h"

#include "pam_loginuid_stamp.h"
#include "pam_procself.h"

/*
 * Writes uid in decimal to path, emptying the file first (a no-op for the
 * /proc file, needed for a regular one).  Returns 0, or -1 with errno.
 * The kernel acts on the write itself, so the close cannot undo or fail it;
 * its result is ignored.
 */
static int write_uid(const char *path, uint32_t uid)
{
	char text[16];
	int len = snprintf(text, sizeof text, "%u", (unsigned)uid);
	int rc = -1;
	ssize_t n;
	int saved;
	int fd;

	fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, 0) < 0)
		goto out;
	do
		n = write(fd, text, (size_t)len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		goto out;
	if (n != len) {
		errno = EIO;
		goto out;
	}
	rc = 0;
out:
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int pamwk_loginuid_stamp(const char *loginuid_path,
    const char *sessionid_path, uint32_t uid, int may_stamp,
    struct pamwk_audit_ids *ids)
{
	uint32_t before;
	int rc = 0;

	memset(ids, 0, sizeof *ids);
	ids->loginuid = WK_ID_UNSET;
	ids->sessionid = WK_ID_UNSET;
	if (pamwk_read_id(loginuid_path, &before) < 0) {
		if (errno == ENOENT)
			ids->flags |= WK_SF_NO_AUDIT;
		rc = -1;
		ids->error = errno;
		goto done;
	}
	if (before == WK_ID_UNSET && may_stamp && uid != WK_ID_UNSET) {
		if (write_uid(loginuid_path, uid) == 0) {
			ids->flags |= WK_SF_STAMPED;
		} else {
			ids->flags |= WK_SF_LOGINUID_REFUSED;
			rc = -1;
			ids->error = errno;
		}
	}
	if (pamwk_read_id(loginuid_path, &ids->loginuid) < 0)
		ids->loginuid = WK_ID_UNSET;
done:
	/* The session id only names a session; unreadable, it stays unset. */
	if (pamwk_read_id(sessionid_path, &ids->sessionid) < 0)
		ids->sessionid = WK_ID_UNSET;
	if (rc < 0)
		errno = ids->error;
	return rc;
}
