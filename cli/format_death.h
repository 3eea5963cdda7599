/*
 * How a process ended, in words: the first line of an answer, and what
 * each signal event did to its target.
 */
#ifndef WHOKILLED_CLI_FORMAT_DEATH_H
#define WHOKILLED_CLI_FORMAT_DEATH_H

#include <stddef.h>
#include <stdio.h>

#include "whokilled/wire.h"

/* Room for a phrase: a memory cgroup's path and two times fit. */
#define CLI_DEATH_PHRASE_MAX	768

/*
 * What became of the process, in one phrase:
 *   killed by SIGKILL from alice's session via su (pid 1784 kill) at T
 *   killed by the kernel OOM killer in memory cgroup /x at T (rss 31 MiB)
 *   died of SIGSEGV (core dumped) at T, no process sent it
 *   exited with status 3 at T
 *   still running (started T)
 *   no record: the daemon was not running between T and T, ...
 * Strings from the daemon are escaped.  Returns buf.
 */
const char *cli_death_phrase(const struct wk_death *d, char *buf,
    size_t size);

/*
 * "pid 2089 (sleep): <phrase>" and a newline; for a death by a signal no
 * recorded process sent, the blind spots that could explain it follow
 * (format_blind.h).
 */
void cli_text_death(FILE *out, const struct wk_death *d);

/* Whether d says the process has ended (however, or however unknown). */
int cli_death_ended(const struct wk_death *d);

/*
 * The frame among deaths (n of them) about the target of ev: same boot,
 * pid and start time, or the subject's when ev's target start time was
 * not read.  NULL when none.
 */
const struct wk_death *cli_death_of(const struct wk_death *deaths,
    unsigned n, const struct wk_event *ev);

/*
 * Whether ev's signal ended the process d: 1 it did (d names it as the
 * sender), 0 it did not (it failed, or the process ran on or ended
 * otherwise), -1 unknown (d is NULL or knows no end).
 */
int cli_death_ended_it(const struct wk_death *d, const struct wk_event *ev);

/*
 * What a delivered signal did, for its line in a text event:
 * "it ended the process", "handled, ignored or blocked: it ran on until
 * 15:12:43", "... it is still running"; NULL when unknown.  Returns buf.
 */
const char *cli_death_fate(const struct wk_death *d, const struct wk_event *ev,
    char *buf, size_t size);

#endif
