/*
 * A process's cgroup and its systemd unit, from the text of
 * /proc/PID/cgroup.  The one parser of that file: the daemon reads it
 * when its process table learns of a process and when a report names a
 * target; the CLI may use the unit rules.  Pure (no I/O, no allocation,
 * no locale).
 *
 * The file has one line per hierarchy, "ID:CONTROLLERS:PATH".  cgroup v2
 * is "0::PATH"; a hybrid or legacy host also has systemd's own named v1
 * hierarchy, "N:name=systemd:PATH".  The kernel prints a path as it is,
 * newlines included, so a cgroup name may forge a line of its own: a
 * second line of the same hierarchy, a line that is not "ID:...:..." or a
 * path that does not start with '/' makes the whole file refused.
 */
#ifndef WHOKILLED_COMMON_CGROUP_UNIT_H
#define WHOKILLED_COMMON_CGROUP_UNIT_H

#include <stddef.h>

/*
 * Parse len bytes (not necessarily NUL-terminated).  The path is the v2
 * line's, unless that is missing or "/" while a name=systemd line gives
 * one (a legacy host, or a hybrid one whose systemd tracks processes
 * there), without the " (deleted)" the kernel adds to a cgroup removed
 * since.  path gets it, NUL-terminated; one longer than pathlen - 1 is
 * cut to pathlen - 4 bytes followed by "...".  unit gets its unit
 * (wk_cgroup_unit, worked out on the whole path), or "".  Returns 0, or
 * -1 with errno EINVAL (malformed, or ambiguous as above) or ENOENT
 * (neither line).  pathlen must be at least 8 and unitlen at least 1.
 */
int wk_cgroup_parse(const char *buf, size_t len, char *path, size_t pathlen,
    char *unit, size_t unitlen);

/*
 * The systemd unit a process of cgroup path (len bytes) belongs to, as
 * systemd itself derives it: the first component after the leading
 * slices (so a delegated service's own sub-cgroups, whatever their
 * names, stay its: /system.slice/docker.service/x -> docker.service).
 * Under a user manager (user@UID.service) the user's own unit is taken
 * the same way below it (.../user@1000.service/app.slice/foo.service ->
 * foo.service; the manager itself is in .../user@1000.service/init.scope
 * -> init.scope); with nothing below, user@UID.service.  A process
 * directly in a slice belongs to that slice.  systemd's escape of a
 * cgroup name (a leading '_') is undone.  Into unit (unitlen bytes,
 * NUL-terminated); returns 0, or -1 when the path names no unit ("/",
 * other managers' paths), unit then "".
 */
int wk_cgroup_unit(const char *path, size_t len, char *unit,
    size_t unitlen);

/* Whether name (len bytes) is a valid systemd unit name of a known type. */
int wk_unit_name_valid(const char *name, size_t len);

#endif
