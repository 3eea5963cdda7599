/*
 * Dropping the capabilities the daemon no longer needs once its sources
 * are open.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <linux/capability.h>

#include "privdrop.h"

#define BIT(cap)	((uint64_t)1 << (cap))

/*
 * The C library's wrappers of the two system calls, which no glibc header
 * declares (libcap's <sys/capability.h> does; this avoids depending on
 * it).  Not syscall(2): the shim defines that symbol too.
 */
int capget(cap_user_header_t hdrp, cap_user_data_t datap);
int capset(cap_user_header_t hdrp, const cap_user_data_t datap);

uint64_t
privdrop_runtime_caps(int audit_write)
{
	return BIT(CAP_AUDIT_CONTROL) | BIT(CAP_SYS_PTRACE) |
	    (audit_write ? BIT(CAP_AUDIT_WRITE) : 0);
}

static const struct {
	unsigned cap;
	const char *name;
} names[] = {
	{ CAP_AUDIT_CONTROL, "CAP_AUDIT_CONTROL" },
	{ CAP_AUDIT_READ, "CAP_AUDIT_READ" },
	{ CAP_AUDIT_WRITE, "CAP_AUDIT_WRITE" },
	{ CAP_NET_ADMIN, "CAP_NET_ADMIN" },
	{ CAP_SYSLOG, "CAP_SYSLOG" },
	{ CAP_SYS_PTRACE, "CAP_SYS_PTRACE" },
	{ CAP_SETPCAP, "CAP_SETPCAP" },
	{ CAP_SYS_ADMIN, "CAP_SYS_ADMIN" },
	{ CAP_DAC_OVERRIDE, "CAP_DAC_OVERRIDE" },
};

void
privdrop_names(uint64_t mask, char *buf, size_t len)
{
	size_t i, n = 0;
	unsigned cap;
	int w;

	buf[0] = '\0';
	for (cap = 0; cap < 64 && n < len; cap++) {
		if ((mask & BIT(cap)) == 0)
			continue;
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (names[i].cap == cap)
				break;
		if (i < sizeof names / sizeof names[0])
			w = snprintf(buf + n, len - n, "%s%s", n > 0 ? " " : "",
			    names[i].name);
		else
			w = snprintf(buf + n, len - n, "%scap %u",
			    n > 0 ? " " : "", cap);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	if (buf[0] == '\0')
		snprintf(buf, len, "none");
}

/* The process's capability sets (version 3: 64 bits in two words). */
static int
caps_get(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0,
	};

	return capget(&hdr, data);
}

static int
caps_set(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0,
	};

	return capset(&hdr, data);
}

static uint64_t
mask_of(const struct __user_cap_data_struct data[2], int which)
{
	uint32_t lo = which == 0 ? data[0].permitted : data[0].effective;
	uint32_t hi = which == 0 ? data[1].permitted : data[1].effective;

	return (uint64_t)hi << 32 | lo;
}

int
privdrop_keep(uint64_t keep, char *msg, size_t len)
{
	struct __user_cap_data_struct data[2];
	uint64_t had, kept;
	unsigned cap;
	int bound_locked = 0, rc;
	char kept_names[256];

	if (caps_get(data) == -1) {
		snprintf(msg, len, "capget: %s", strerror(errno));
		return -1;
	}
	had = mask_of(data, 0);
	if (had == 0) {
		snprintf(msg, len, "capabilities: none held, none to drop");
		return 0;
	}
	/* The bounding set first, while CAP_SETPCAP is still held. */
	for (cap = 0; cap < 64; cap++) {
		rc = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		if (rc == -1)
			break;	/* EINVAL: past the kernel's last */
		if (rc == 0 || (keep & BIT(cap)))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1) {
			if (errno != EPERM) {
				snprintf(msg, len, "PR_CAPBSET_DROP %u: %s",
				    cap, strerror(errno));
				return -1;
			}
			bound_locked = 1;
		}
	}
	/* Cannot fail with these arguments on Linux >= 4.3. */
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	kept = had & keep;
	data[0].permitted = data[0].effective = (uint32_t)kept;
	data[1].permitted = data[1].effective = (uint32_t)(kept >> 32);
	data[0].inheritable = data[1].inheritable = 0;
	if (caps_set(data) == -1) {
		snprintf(msg, len, "capset: %s", strerror(errno));
		return -1;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		snprintf(msg, len, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
		return -1;
	}
	privdrop_names(kept, kept_names, sizeof kept_names);
	snprintf(msg, len, "capabilities: kept %s, dropped the rest%s",
	    kept_names, bound_locked ? " (the bounding set is the service "
	    "manager's)" : " (bounding set too)");
	return 0;
}
