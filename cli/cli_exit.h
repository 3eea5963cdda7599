/*
 * The CLI's exit statuses, shared by the daemon's answers (run.c) and the
 * offline answer from audit logs (offline.c).
 */
#ifndef WHOKILLED_CLI_EXIT_H
#define WHOKILLED_CLI_EXIT_H

#define CLI_EXIT_FOUND	0	/* at least one event was printed */
#define CLI_EXIT_NONE	1	/* the daemon had none */
#define CLI_EXIT_ERROR	2	/* usage error, daemon unreachable or bad reply */

#endif
