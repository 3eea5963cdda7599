/*
 * The kernel audit events handled lately, to drop a second copy of one at
 * once: with both the auditd plugin and the netlink group live, every
 * event comes twice, a few milliseconds apart.  A fixed ring of the last
 * AUDIT_SEEN_MAX events; older copies are caught by the store's unique
 * key instead.
 */
#ifndef WHOKILLED_DAEMON_AUDIT_SEEN_H
#define WHOKILLED_DAEMON_AUDIT_SEEN_H

#include <stdint.h>

#include "daemon/store/store.h"

#define AUDIT_SEEN_MAX	1024

struct audit_seen {
	struct store_audit_id ids[AUDIT_SEEN_MAX];
	unsigned next;		/* the slot the next event takes */
	unsigned used;
};

void audit_seen_init(struct audit_seen *s);

/* Whether id is among the events remembered. */
int audit_seen_has(const struct audit_seen *s, const struct store_audit_id *id);

/* Remember id, forgetting the oldest when the ring is full. */
void audit_seen_add(struct audit_seen *s, const struct store_audit_id *id);

#endif
