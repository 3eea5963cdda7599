/*
 * The preload shim's configuration, captured once in its constructor.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>

#include "common/argv_pack.h"
#include "shim_config.h"

struct shim_config shim_config;

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

/* Bytes argv[0..n) takes NUL-separated, counted only up to limit + 1. */
static size_t
argv_bytes(char *const *argv, uint32_t n, size_t limit)
{
	size_t total = 0;

	for (uint32_t i = 0; i < n && total <= limit; i++)
		total += strlen(argv[i]) + 1;
	return total;
}

/*
 * Bytes of argv[0..n) when each string starts right after the previous
 * one's NUL (exec's layout), counted only up to WK_ARGV_MAX + 1; 0 when
 * they do not.  A plain loop: every process runs it, and libc's string
 * functions would be code the process has not touched yet.
 */
static size_t
argv_area_bytes(char *const *argv, uint32_t n)
{
	const char *p = argv[0];

	for (uint32_t i = 0; i < n; i++) {
		if (argv[i] != p)
			return 0;
		while (*p != '\0' && p - argv[0] <= WK_ARGV_MAX)
			p++;
		if (p - argv[0] > WK_ARGV_MAX)
			return WK_ARGV_MAX + 1;
		p++;
	}
	return (size_t)(p - argv[0]);
}

static void
pack_argv(struct shim_config *cfg, char *const *argv, uint32_t n)
{
	char *out = cfg->argv_inline;
	size_t cap = sizeof cfg->argv_inline;
	void *map;

	if (argv_bytes(argv, n, cap) > cap) {
		map = mmap(NULL, WK_ARGV_MAX, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (map != MAP_FAILED) {
			out = map;
			cap = WK_ARGV_MAX;
		}
	}
	(void)wk_argv_pack(argv, n, out, cap, &cfg->argv_packed_len,
	    &cfg->argv_cut);
	cfg->argv_packed = out;
}

void
shim_config_capture_argv(struct shim_config *cfg, int argc,
    char *const *argv)
{
	uint32_t n = 0;
	size_t area;

	if (cfg->argv_packed != NULL && cfg->argv_packed != cfg->argv_inline)
		(void)munmap((void *)(uintptr_t)cfg->argv_packed, WK_ARGV_MAX);
	cfg->argv_packed = NULL;
	cfg->argv_packed_len = 0;
	memset(&cfg->argv_cut, 0, sizeof cfg->argv_cut);
	cfg->argv_area = NULL;
	cfg->argv_area_len = 0;
	while (argv != NULL && (int)n < argc && argv[n] != NULL)
		n++;
	cfg->argc = n;
	if (n == 0)
		return;
	area = argv_area_bytes(argv, n);
	if (area != 0 && area <= WK_ARGV_MAX) {
		cfg->argv_area = argv[0];
		cfg->argv_area_len = (uint32_t)area;
		return;
	}
	pack_argv(cfg, argv, n);
}

const char *
shim_config_argv_bytes(const struct shim_config *cfg, uint32_t *len)
{
	if (cfg->argv_area != NULL) {
		*len = cfg->argv_area_len;
		return cfg->argv_area;
	}
	*len = cfg->argv_packed != NULL ? cfg->argv_packed_len : 0;
	return cfg->argv_packed;
}

void
shim_config_argv(const struct shim_config *cfg, struct shim_argv *out)
{
	uint32_t nuls = 0;

	memset(out, 0, sizeof *out);
	out->bytes = shim_config_argv_bytes(cfg, &out->len);
	if (cfg->argv_area == NULL) {
		out->argc = cfg->argc;
		out->cut = cfg->argv_cut;
		return;
	}
	/* Volatile: a rewrite by another thread is read once, not assumed
	 * to hold between two reads. */
	for (uint32_t i = 0; i < out->len; i++)
		if (((const volatile char *)out->bytes)[i] == '\0')
			nuls++;
	out->add_nul = out->bytes[out->len - 1] != '\0';
	out->argc = nuls + (uint32_t)out->add_nul;
}

void
shim_config_capture_exe(struct shim_config *cfg, const char *execfn)
{
	cfg->exe = execfn;
}

void
shim_config_copy_exe(const struct shim_config *cfg, char *exe)
{
	const char *src = cfg->exe != NULL ? cfg->exe : "";
	size_t n = strnlen(src, WK_EXE_MAX - 1);

	/* All WK_EXE_MAX bytes: none of the stack's goes out with it. */
	memcpy(exe, src, n);
	memset(exe + n, 0, WK_EXE_MAX - n);
}

const char *
shim_config_socket(const struct shim_config *cfg)
{
	return cfg->socket_path[0] != '\0' ? cfg->socket_path :
	    WK_DEFAULT_SOCKET_DIR "/" WK_REPORT_SOCKET;
}

/* The value of WHOKILLED_SOCKET_DIR in envp, or NULL; a plain loop, as above. */
static const char *
socket_dir_in(char *const *envp)
{
	static const char name[] = WK_SOCKET_DIR_ENV "=";

	for (; envp != NULL && *envp != NULL; envp++) {
		size_t i = 0;

		while (name[i] != '\0' && (*envp)[i] == name[i])
			i++;
		if (name[i] == '\0')
			return *envp + i;
	}
	return NULL;
}

void
shim_config_init(int argc, char *const *argv, char *const *envp)
{
	const char *dir = socket_dir_in(envp);

	/* A rejected value falls back to the default; the shim never logs. */
	if (dir == NULL || shim_config_socket_path(shim_config.socket_path,
	    sizeof shim_config.socket_path, dir,
	    getauxval(AT_SECURE) != 0) != 0)
		shim_config.socket_path[0] = '\0';
	shim_config_capture_argv(&shim_config, argc, argv);
	shim_config_capture_exe(&shim_config,
	    (const char *)getauxval(AT_EXECFN));
	__atomic_store_n(&shim_config.ready, 1, __ATOMIC_RELEASE);
}
