/*
 * A ring of recent audit event ids, searched newest first: a duplicate
 * comes right after its original.
 */
#include <string.h>

#include "audit_seen.h"

void
audit_seen_init(struct audit_seen *s)
{
	memset(s, 0, sizeof *s);
}

int
audit_seen_has(const struct audit_seen *s, const struct store_audit_id *id)
{
	unsigned i, slot;

	for (i = 1; i <= s->used; i++) {
		slot = (s->next + AUDIT_SEEN_MAX - i) % AUDIT_SEEN_MAX;
		if (s->ids[slot].serial == id->serial &&
		    s->ids[slot].sec == id->sec &&
		    s->ids[slot].msec == id->msec)
			return 1;
	}
	return 0;
}

void
audit_seen_add(struct audit_seen *s, const struct store_audit_id *id)
{
	s->ids[s->next] = *id;
	s->next = (s->next + 1) % AUDIT_SEEN_MAX;
	if (s->used < AUDIT_SEEN_MAX)
		s->used++;
}
