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

/*
 * A command line that exec did not lay out in one piece (ld.so --argv0), or
 * that is longer than WK_ARGV_MAX, is packed at load: up to this size into
 * the library's .bss, which shares the page the loader already zeroes after
 * .data, a longer one into a mapping.  A 33 KiB .bss cost every exec about
 * 4 us (bench/RESULTS.md).
 */
#define SHIM_ARGV_INLINE	1024

struct shim_config {
	int ready;			/* set last by shim_config_init */
	/* DIR/report.sock when WHOKILLED_SOCKET_DIR gave DIR, else "" for
	 * the default (shim_config_socket). */
	char socket_path[SHIM_SOCKET_PATH_MAX];
	/* AT_EXECFN where exec put it, above the environment (setproctitle
	 * rewrites stop below it), or NULL; copied into a report when sent. */
	const char *exe;
	uint32_t argc;			/* arguments the process had */
	/*
	 * The usual command line: one run of NUL-terminated strings where
	 * exec put them, read when a report is sent (shim_config_argv) and
	 * sent from there.  NULL when the command line was packed instead.
	 */
	const char *argv_area;
	uint32_t argv_area_len;
	/* The packed command line (argv_inline or a mapping), its length
	 * and where it was cut. */
	const char *argv_packed;
	uint32_t argv_packed_len;
	struct wk_argv_cut argv_cut;
	char argv_inline[SHIM_ARGV_INLINE];
};

/* The command line a report carries, as shim_config_argv reads it. */
struct shim_argv {
	const char *bytes;		/* NUL-terminated strings, the */
	uint32_t len;			/* last one's NUL missing when */
	int add_nul;			/* add_nul is set: send one more */
	uint32_t argc;			/* strings in bytes (and the NUL) */
	struct wk_argv_cut cut;		/* where a packed one was cut */
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
 * Takes argc/argv into cfg.  When the strings lie one after the other (as
 * exec lays them out) and take at most WK_ARGV_MAX bytes, cfg only notes
 * where they are: nothing is copied.  Otherwise they are packed,
 * NUL-separated: whole when they fit in WK_ARGV_MAX, else their beginning
 * and their end with argv_cut saying where they were cut (wk_argv_pack);
 * up to SHIM_ARGV_INLINE bytes into argv_inline, more into a mapping (one
 * made by an earlier call is unmapped), or, if none can be made, cut to fit
 * argv_inline.  A NULL argv or a NULL entry (a nonconforming loader) ends
 * the arguments there, and argc counts those before it.
 */
void shim_config_capture_argv(struct shim_config *cfg, int argc,
    char *const *argv);

/* Keeps the executable name (AT_EXECFN; NULL gives ""). */
void shim_config_capture_exe(struct shim_config *cfg, const char *execfn);

/* Copies cfg's executable name into exe (WK_EXE_MAX bytes), cut to fit. */
void shim_config_copy_exe(const struct shim_config *cfg, char *exe);

/*
 * The command line as a report sends it: the packed one, or the strings
 * where exec put them as they read now.  A program that rewrote them
 * (setproctitle) is seen with its title, as ps shows it: the strings then
 * found are counted afresh, and a last one without its NUL gets one.
 * Async-signal-safe; reads only.
 */
void shim_config_argv(const struct shim_config *cfg, struct shim_argv *out);

/* Where the command line's bytes are, and how many (*len): no counting. */
const char *shim_config_argv_bytes(const struct shim_config *cfg,
    uint32_t *len);

/* Where reports go: cfg's socket_path, or the default one. */
const char *shim_config_socket(const struct shim_config *cfg);

/*
 * Fills the global shim_config from the constructor's argc, argv and envp
 * and the auxiliary vector, then marks it ready.  Called once, from the
 * constructor, before the process can have threads of its own.  Every
 * process pays for it, so it only notes where things are and copies
 * nothing in the usual case.
 */
void shim_config_init(int argc, char *const *argv, char *const *envp);

#endif
