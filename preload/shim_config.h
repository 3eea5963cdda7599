/*
 * What the preload shim learns once, in its constructor: where to send
 * reports, and the process's argv and executable name.  Written before any
 * wrapper reports and only read afterwards, so the hot path takes no lock.
 */
#ifndef WHOKILLED_SHIM_CONFIG_H
#define WHOKILLED_SHIM_CONFIG_H

#include <stdint.h>
#include <sys/un.h>

#include "whokilled/wire.h"

#define SHIM_SOCKET_PATH_MAX	sizeof(((struct sockaddr_un *)0)->sun_path)

struct shim_config {
	int ready;			/* set last by shim_config_init */
	char socket_path[SHIM_SOCKET_PATH_MAX];	/* DIR/report.sock */
	char exe[WK_EXE_MAX];		/* AT_EXECFN, cut to fit */
	uint32_t argc;			/* arguments the process had */
	uint32_t argv_len;		/* bytes used in argv */
	struct wk_argv_cut argv_cut;	/* where a long one was cut */
	/* NUL-terminated arguments, sent from here (never copied on the
	 * stack); only the bytes used are ever written, so a process's
	 * copy costs the pages its command line needs. */
	char argv[WK_ARGV_MAX];
};

extern struct shim_config shim_config;

/*
 * Writes "<dir>/report.sock" into path, with dir the value of
 * WHOKILLED_SOCKET_DIR (env_dir, may be NULL) or the default.  The value is
 * ignored when secure is set (a setuid or otherwise AT_SECURE program must
 * not let its caller redirect reports), and rejected when it is empty, not
 * absolute or longer than WK_SOCKET_DIR_MAX.  Returns 0 when env_dir was
 * used, 1 when the default was, -1 (EINVAL/ENAMETOOLONG) when env_dir was
 * rejected; path always holds a usable socket path afterwards.
 */
int shim_config_socket_path(char *path, size_t size, const char *env_dir,
    int secure);

/*
 * Copies argc/argv into cfg, NUL-separated: whole when it fits in
 * WK_ARGV_MAX, else its beginning and its end with argv_cut saying where
 * it was cut (wk_argv_pack).  A NULL argv or a NULL entry (a nonconforming
 * loader) ends the arguments there, and argc counts those before it.
 */
void shim_config_capture_argv(struct shim_config *cfg, int argc,
    char *const *argv);

/* Copies the executable name (AT_EXECFN; NULL gives "") into cfg, cut to fit. */
void shim_config_capture_exe(struct shim_config *cfg, const char *execfn);

/*
 * Fills the global shim_config from the environment, the auxiliary vector
 * and the constructor's argc/argv, then marks it ready.  Called once, from
 * the constructor, before the process can have threads of its own.
 */
void shim_config_init(int argc, char *const *argv);

#endif
