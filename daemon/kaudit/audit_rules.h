/*
 * Whether the kernel records kills: the daemon asks the kernel for its
 * audit rules (libaudit, over a netlink socket of its own; it needs
 * CAP_AUDIT_CONTROL) and for whether auditing is enabled, and looks for
 * the rules of conf/audit/whokilled.rules: "always" rules at syscall exit
 * of this machine's architecture that take every kill, tkill and tgkill
 * (their a1/a2 "not signal 0" conditions and their key do not narrow
 * them).  Without those the kernel does not see what the shim cannot:
 * static binaries and raw syscalls.
 */
#ifndef WHOKILLED_DAEMON_AUDIT_RULES_H
#define WHOKILLED_DAEMON_AUDIT_RULES_H

#include <stdint.h>

#include <linux/audit.h>

/* The kill calls a rule takes (struct audit_rules_calls). */
#define AUDIT_RULES_KILL	0x1u
#define AUDIT_RULES_TKILL	0x2u
#define AUDIT_RULES_TGKILL	0x4u
#define AUDIT_RULES_EVERY	0x7u	/* what "loaded" needs */

/* What the rules seen so far record of the kill calls. */
struct audit_rules_calls {
	uint32_t whole;		/* calls recorded whoever makes them */
	uint32_t some;		/* calls recorded under other conditions too */
};

/*
 * Add what rule r records (its kill calls, for the architecture whose
 * AUDIT_ARCH_* value is arch) to *c: a rule of another list, action or
 * architecture adds nothing; one with a condition beyond the arguments,
 * the architecture and the key adds to c->some only.  Pure.
 */
void audit_rules_note(struct audit_rules_calls *c,
    const struct audit_rule_data *r, uint32_t arch);

/*
 * The WK_SEE_* bits for rules *c (WK_SEE_RULES_READ with WK_SEE_KILL_RULES,
 * or WK_SEE_RULES_PART, or neither) and auditing enabled or not
 * (WK_SEE_AUDIT_OFF).  Pure.
 */
uint32_t audit_rules_sight(const struct audit_rules_calls *c, int enabled);

/*
 * Ask the kernel (at most about a second): audit_rules_sight of its rules,
 * or 0 (WK_SEE_RULES_READ unset: unknown) when it would not say -- no
 * CAP_AUDIT_CONTROL, no audit in this kernel, another pid namespace.
 */
uint32_t audit_rules_check(void);

#endif
