/*
 * Who may see what: events and their command lines, failed logins.
 */
#include <string.h>

#include "query_visibility.h"

int
query_may_see(const struct wk_event *ev, uid_t asker)
{
	const struct wk_caller *c = &ev->report.caller;

	if (asker == 0)
		return 1;
	/* A node's uids are the node's, not this host's users. */
	if (ev->node[0] != '\0')
		return 0;
	return ev->report.target.uid == asker || c->uid == asker ||
	    c->euid == asker || c->loginuid == asker;
}

void
query_redact(struct wk_event *ev, uid_t asker)
{
	struct wk_caller *c = &ev->report.caller;
	uint32_t i;

	if (asker == 0 || c->uid == asker || c->loginuid == asker)
		return;
	memset(ev->argv, 0, c->argv_len < sizeof ev->argv ? c->argv_len :
	    sizeof ev->argv);
	c->argv_len = 0;
	memset(&c->argv_cut, 0, sizeof c->argv_cut);
	for (i = 0; i < ev->chain_len && i < WK_CHAIN_MAX; i++)
		memset(ev->chain[i].args, 0, sizeof ev->chain[i].args);
}

int
query_may_see_authfail(const struct wk_authfail_event *ev, uid_t asker,
    const char *asker_name)
{
	if (asker == 0 || ev->report.caller.uid == asker)
		return 1;
	return asker_name[0] != '\0' &&
	    strncmp(ev->report.user, asker_name, sizeof ev->report.user) == 0;
}

void
query_redact_authfail(struct wk_authfail_event *ev, uid_t asker)
{
	struct wk_caller *c = &ev->report.caller;
	uint32_t i;

	if (asker == 0 || c->uid == asker)
		return;
	memset(ev->argv, 0, c->argv_len < sizeof ev->argv ? c->argv_len :
	    sizeof ev->argv);
	c->argv_len = 0;
	memset(&c->argv_cut, 0, sizeof c->argv_cut);
	for (i = 0; i < ev->chain_len && i < WK_CHAIN_MAX; i++)
		memset(ev->chain[i].args, 0, sizeof ev->chain[i].args);
}
