/*
 * The kernel's audit rules, asked for and read for kill rules.
 */
#include <errno.h>
#include <libaudit.h>
#include <poll.h>
#include <string.h>
#include <sys/syscall.h>

#include "whokilled/wire.h"
#include "audit_rules.h"
#include "daemon/base/log.h"

/* How long one answer of the kernel is waited for, at most. */
#define RULES_REPLY_MS		500

/* Whether syscall nr is in rule r's mask. */
static int
takes(const struct audit_rule_data *r, unsigned nr)
{
	return nr / 32 < AUDIT_BITMASK_SIZE &&
	    (r->mask[nr / 32] & (1u << (nr % 32))) != 0;
}

void
audit_rules_note(struct audit_rules_calls *c, const struct audit_rule_data *r,
    uint32_t arch)
{
	uint32_t i, n, calls = 0, op;
	int narrow = 0;

	if ((r->flags & ~AUDIT_FILTER_PREPEND) != AUDIT_FILTER_EXIT ||
	    r->action != AUDIT_ALWAYS)
		return;
	n = r->field_count < AUDIT_MAX_FIELDS ? r->field_count :
	    AUDIT_MAX_FIELDS;
	for (i = 0; i < n; i++) {
		op = r->fieldflags[i] & AUDIT_OPERATORS;
		switch (r->fields[i]) {
		case AUDIT_ARCH:
			/* auditctl writes "arch=b64" as equal; anything
			 * else is a rule for another architecture. */
			if (op != AUDIT_EQUAL || r->values[i] != arch)
				return;
			break;
		case AUDIT_ARG0:
		case AUDIT_ARG1:
		case AUDIT_ARG2:
		case AUDIT_ARG3:
		case AUDIT_FILTERKEY:
			break;
		default:
			narrow = 1;
			break;
		}
	}
	if (takes(r, SYS_kill))
		calls |= AUDIT_RULES_KILL;
	if (takes(r, SYS_tkill))
		calls |= AUDIT_RULES_TKILL;
	if (takes(r, SYS_tgkill))
		calls |= AUDIT_RULES_TGKILL;
	if (narrow)
		c->some |= calls;
	else
		c->whole |= calls;
}

uint32_t
audit_rules_sight(const struct audit_rules_calls *c, int enabled)
{
	uint32_t sight = WK_SEE_RULES_READ;

	if ((c->whole & AUDIT_RULES_EVERY) == AUDIT_RULES_EVERY)
		sight |= WK_SEE_KILL_RULES;
	else if (((c->whole | c->some) & AUDIT_RULES_EVERY) != 0)
		sight |= WK_SEE_RULES_PART;
	if (!enabled)
		sight |= WK_SEE_AUDIT_OFF;
	return sight;
}

/*
 * The kernel's next answer on fd into *rep, waiting at most
 * RULES_REPLY_MS: 0, or -1 (with errno; ETIMEDOUT when none came).
 */
static int
next_reply(int fd, struct audit_reply *rep)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int n;

	for (;;) {
		n = poll(&pfd, 1, RULES_REPLY_MS);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		n = audit_get_reply(fd, rep, GET_REPLY_NONBLOCKING, 0);
		if (n > 0)
			return 0;
		if (n < 0 && n != -EAGAIN) {
			errno = -n;
			return -1;
		}
	}
}

/* Auditing enabled (1) or not (0), or -1 when the kernel would not say. */
static int
read_enabled(int fd)
{
	struct audit_reply rep;

	if (audit_request_status(fd) <= 0)
		return -1;
	for (;;) {
		if (next_reply(fd, &rep) == -1)
			return -1;
		if (rep.type == NLMSG_ERROR && rep.error->error != 0) {
			errno = -rep.error->error;
			return -1;
		}
		if (rep.type == AUDIT_GET)
			return rep.status->enabled != 0;
	}
}

/* The kill calls the kernel's rules record, into *c: 0, or -1. */
static int
read_rules(int fd, struct audit_rules_calls *c)
{
	struct audit_reply rep;
	uint32_t arch = audit_machine_to_elf(audit_detect_machine());

	if (audit_request_rules_list_data(fd) <= 0)
		return -1;
	for (;;) {
		if (next_reply(fd, &rep) == -1)
			return -1;
		if (rep.type == NLMSG_DONE)
			return 0;
		if (rep.type == NLMSG_ERROR && rep.error->error != 0) {
			errno = -rep.error->error;
			return -1;
		}
		if (rep.type == AUDIT_LIST_RULES)
			audit_rules_note(c, rep.ruledata, arch);
	}
}

uint32_t
audit_rules_check(void)
{
	struct audit_rules_calls c = { 0, 0 };
	int fd, enabled;
	uint32_t sight = 0;

	/* libaudit would print its own errors on stderr. */
	set_aumessage_mode(MSG_QUIET, DBG_NO);
	fd = audit_open();
	if (fd < 0) {
		log_debug("kill rules: audit netlink socket: %s",
		    strerror(errno));
		return 0;
	}
	enabled = read_enabled(fd);
	if (enabled != -1 && read_rules(fd, &c) == 0)
		sight = audit_rules_sight(&c, enabled);
	else
		log_debug("kill rules: the kernel's audit rules: %s",
		    strerror(errno));
	audit_close(fd);
	return sight;
}
