/*
 * PAM items and the user's uid.
 */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "pam_items.h"

#define PW_BUF_START	1024
#define PW_BUF_LIMIT	(1024 * 1024)

/* One string item, or NULL when it is unset or PAM cannot give it. */
static const char *string_item(pam_handle_t *pamh, int type)
{
	const void *item = NULL;

	if (pam_get_item(pamh, type, &item) != PAM_SUCCESS)
		return NULL;
	return item;
}

void pamwk_get_items(pam_handle_t *pamh, struct pamwk_items *it)
{
	it->user = string_item(pamh, PAM_USER);
	it->service = string_item(pamh, PAM_SERVICE);
	it->tty = string_item(pamh, PAM_TTY);
	it->rhost = string_item(pamh, PAM_RHOST);
	it->ruser = string_item(pamh, PAM_RUSER);
}

int pamwk_lookup_uid(const char *user, uint32_t *uid)
{
	struct passwd pw, *found = NULL;
	size_t size = PW_BUF_START;
	char *buf = NULL;
	int rc = -1;
	int err;

	for (;;) {
		char *bigger = realloc(buf, size);

		if (bigger == NULL)
			goto out;
		buf = bigger;
		err = getpwnam_r(user, &pw, buf, size, &found);
		if (err != ERANGE || size >= PW_BUF_LIMIT)
			break;
		size *= 2;
	}
	if (err != 0) {
		errno = err;
		goto out;
	}
	if (found == NULL) {
		errno = ENOENT;
		goto out;
	}
	*uid = (uint32_t)pw.pw_uid;
	rc = 0;
out:
	err = errno;
	free(buf);
	errno = err;
	return rc;
}
