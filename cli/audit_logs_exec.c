/*
 * --audit-log handed on: whokilled starts whokilled-audit-log with the same
 * command line.  Only this mode needs libauparse and libaudit; linking them
 * into whokilled cost every answer from the daemon about 0.2 ms of loading
 * and relocation (bench/RESULTS.md).
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "audit_logs.h"
#include "cli_exit.h"

/*
 * The helper beside this program (a build tree), else where make install
 * put it: <this program's directory>/../libexec/whokilled (the Makefile's
 * LIBEXECDIR).  Found from /proc/self/exe, so an install in any PREFIX
 * finds its own.  0 with path set, or -1.
 */
static int
find_helper(char *path, size_t size)
{
	static const char beside[] = CLI_AUDIT_LOG_HELPER;
	static const char installed[] = "../libexec/whokilled/" CLI_AUDIT_LOG_HELPER;
	ssize_t n = readlink("/proc/self/exe", path, size - 1);
	size_t dir;
	char *slash;

	if (n <= 0)
		return -1;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (slash == NULL)
		return -1;
	dir = (size_t)(slash + 1 - path);
	if (dir + sizeof installed > size)
		return -1;
	memcpy(path + dir, beside, sizeof beside);
	if (access(path, X_OK) == 0)
		return 0;
	memcpy(path + dir, installed, sizeof installed);
	return access(path, X_OK);
}

int
cli_audit_logs(const struct cli_options *opt, char **argv, FILE *out,
    FILE *err)
{
	char path[PATH_MAX];

	(void)opt;
	/* Nothing is written yet; a buffered byte must not be lost. */
	if (fflush(out) == EOF)
		return CLI_EXIT_ERROR;
	if (find_helper(path, sizeof path) == -1) {
		fprintf(err, "whokilled: --audit-log needs " CLI_AUDIT_LOG_HELPER
		    ", beside whokilled or in ../libexec/whokilled from it: "
		    "not found\n");
		return CLI_EXIT_ERROR;
	}
	(void)execv(path, argv);
	fprintf(err, "whokilled: cannot run %s: %s\n", path, strerror(errno));
	return CLI_EXIT_ERROR;
}
