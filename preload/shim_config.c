/*
 * The preload shim's configuration, captured once in its constructor.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#include "common/argv_pack.h"
#include "shim_config.h"

struct shim_config shim_config;

/* Copies src into dst (size bytes), cutting it; returns 1 when it was cut. */
static int
copy_cut(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	int cut = n >= size;

	if (cut)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return cut;
}

int
shim_config_socket_path(char *path, size_t size, const char *env_dir,
    int secure)
{
	const char *dir = WK_DEFAULT_SOCKET_DIR;
	int rc = 1;
	size_t len;

	if (env_dir != NULL && !secure) {
		len = strlen(env_dir);
		if (len == 0 || env_dir[0] != '/') {
			errno = EINVAL;
			rc = -1;
		} else if (len > WK_SOCKET_DIR_MAX) {
			errno = ENAMETOOLONG;
			rc = -1;
		} else {
			dir = env_dir;
			rc = 0;
		}
	}
	len = strlen(dir);
	if (len + 1 + sizeof WK_REPORT_SOCKET > size) {
		/* Only a caller's too-small buffer gets here. */
		path[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, len);
	path[len] = '/';
	memcpy(path + len + 1, WK_REPORT_SOCKET, sizeof WK_REPORT_SOCKET);
	return rc;
}

void
shim_config_capture_argv(struct shim_config *cfg, int argc,
    char *const *argv)
{
	uint32_t n = 0;

	while (argv != NULL && (int)n < argc && argv[n] != NULL)
		n++;
	cfg->argc = n;
	(void)wk_argv_pack(argv, n, cfg->argv, sizeof cfg->argv,
	    &cfg->argv_len, &cfg->argv_cut);
}

void
shim_config_capture_exe(struct shim_config *cfg, const char *execfn)
{
	copy_cut(cfg->exe, sizeof cfg->exe, execfn != NULL ? execfn : "");
}

void
shim_config_init(int argc, char *const *argv)
{
	/* A rejected value falls back to the default; the shim never logs. */
	(void)shim_config_socket_path(shim_config.socket_path,
	    sizeof shim_config.socket_path, getenv(WK_SOCKET_DIR_ENV),
	    getauxval(AT_SECURE) != 0);
	shim_config_capture_argv(&shim_config, argc, argv);
	shim_config_capture_exe(&shim_config,
	    (const char *)getauxval(AT_EXECFN));
	__atomic_store_n(&shim_config.ready, 1, __ATOMIC_RELEASE);
}
