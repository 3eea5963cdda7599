/*
 * /proc/PID/cgroup into a cgroup path and a systemd unit.
 */
#include <errno.h>
#include <string.h>

#include "cgroup_unit.h"

/* systemd's UNIT_NAME_MAX counts the NUL. */
#define UNIT_NAME_MAX	256

static const char *const unit_types[] = {
	"service", "socket", "target", "device", "mount", "automount",
	"swap", "timer", "path", "slice", "scope",
};

static int
unit_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' ||
	    c == '.' || c == '\\' || c == '@';
}

int
wk_unit_name_valid(const char *name, size_t len)
{
	const char *dot = NULL, *at = NULL;
	size_t i, tlen;

	if (len == 0 || len >= UNIT_NAME_MAX || name[0] == '@' ||
	    name[0] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		if (!unit_char(name[i]))
			return 0;
		if (name[i] == '.')
			dot = name + i;
		if (name[i] == '@') {
			if (at != NULL)
				return 0;
			at = name + i;
		}
	}
	if (dot == NULL || (at != NULL && at > dot))
		return 0;
	tlen = len - (size_t)(dot + 1 - name);
	for (i = 0; i < sizeof unit_types / sizeof unit_types[0]; i++)
		if (strlen(unit_types[i]) == tlen &&
		    memcmp(dot + 1, unit_types[i], tlen) == 0)
			return 1;
	return 0;
}

/* One component of a path: [p, p + len). */
struct comp {
	const char *p;
	size_t len;
};

/* The next component at or after *pos (before end); 0 when none. */
static int
next_comp(const char **pos, const char *end, struct comp *c)
{
	const char *s = *pos;

	while (s < end && *s == '/')
		s++;
	if (s == end)
		return 0;
	c->p = s;
	while (s < end && *s != '/')
		s++;
	c->len = (size_t)(s - c->p);
	*pos = s;
	/* systemd's cg_escape(): a leading '_' guards a name. */
	if (c->len > 1 && c->p[0] == '_') {
		c->p++;
		c->len--;
	}
	return 1;
}

static int
has_suffix(const struct comp *c, const char *suffix)
{
	size_t n = strlen(suffix);

	return c->len > n && memcmp(c->p + c->len - n, suffix, n) == 0;
}

static int
is_slice(const struct comp *c)
{
	return has_suffix(c, ".slice") && wk_unit_name_valid(c->p, c->len);
}

/*
 * From *pos: skip slices, then the unit after them.  1 with *unit; 0 with
 * *unit the last slice when only slices follow (or len 0 when none); -1
 * when a component that is no unit comes first.
 */
static int
unit_after_slices(const char **pos, const char *end, struct comp *unit)
{
	struct comp c;

	unit->p = NULL;
	unit->len = 0;
	while (next_comp(pos, end, &c)) {
		if (is_slice(&c)) {
			*unit = c;
			continue;
		}
		if (!wk_unit_name_valid(c.p, c.len))
			return -1;
		*unit = c;
		return 1;
	}
	return 0;
}

static int
is_user_manager(const struct comp *c)
{
	return c->len > 13 && memcmp(c->p, "user@", 5) == 0 &&
	    has_suffix(c, ".service");
}

int
wk_cgroup_unit(const char *path, size_t len, char *unit, size_t unitlen)
{
	const char *pos = path, *end = path + len;
	struct comp sys, user;
	int rc;

	unit[0] = '\0';
	rc = unit_after_slices(&pos, end, &sys);
	if (rc == -1 || sys.len == 0)
		return -1;
	if (rc == 1 && is_user_manager(&sys) &&
	    unit_after_slices(&pos, end, &user) >= 0 && user.len > 0)
		sys = user;
	if (sys.len >= unitlen)
		return -1;
	memcpy(unit, sys.p, sys.len);
	unit[sys.len] = '\0';
	return 0;
}

/* Whether the controllers field [p, p + len) lists name=systemd. */
static int
names_systemd(const char *p, size_t len)
{
	static const char want[] = "name=systemd";
	const char *end = p + len, *comma;

	while (p < end) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		if ((size_t)(comma - p) == sizeof want - 1 &&
		    memcmp(p, want, sizeof want - 1) == 0)
			return 1;
		p = comma + 1;
	}
	return 0;
}

/* The two lines that matter: [p, p + len), p NULL when not seen. */
struct cgroup_lines {
	const char *v2, *v1;
	size_t v2_len, v1_len;
};

/* Split the file into lines and keep the two; 0, or -1 with errno. */
static int
find_lines(const char *buf, size_t len, struct cgroup_lines *out)
{
	const char *p = buf, *end = buf + len, *eol, *c1, *c2;
	size_t i;

	memset(out, 0, sizeof *out);
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		c1 = memchr(p, ':', (size_t)(eol - p));
		c2 = c1 != NULL ? memchr(c1 + 1, ':', (size_t)(eol - c1 - 1)) :
		    NULL;
		if (c1 == NULL || c2 == NULL || c1 == p || c2 + 1 == eol ||
		    c2[1] != '/') {
			errno = EINVAL;
			return -1;
		}
		for (i = 0; p + i < c1; i++)
			if (p[i] < '0' || p[i] > '9') {
				errno = EINVAL;
				return -1;
			}
		if (c1 - p == 1 && p[0] == '0' && c2 == c1 + 1) {
			if (out->v2 != NULL) {
				errno = EINVAL;
				return -1;
			}
			out->v2 = c2 + 1;
			out->v2_len = (size_t)(eol - c2 - 1);
		} else if (names_systemd(c1 + 1, (size_t)(c2 - c1 - 1))) {
			if (out->v1 != NULL) {
				errno = EINVAL;
				return -1;
			}
			out->v1 = c2 + 1;
			out->v1_len = (size_t)(eol - c2 - 1);
		}
		p = eol + 1;
	}
	return 0;
}

int
wk_cgroup_parse(const char *buf, size_t len, char *path, size_t pathlen,
    char *unit, size_t unitlen)
{
	static const char deleted[] = " (deleted)";
	struct cgroup_lines l;
	const char *p;
	size_t n;

	path[0] = '\0';
	unit[0] = '\0';
	if (find_lines(buf, len, &l) == -1)
		return -1;
	p = l.v2;
	n = l.v2_len;
	if (l.v1 != NULL && (p == NULL || (n == 1 && l.v1_len > 1))) {
		p = l.v1;
		n = l.v1_len;
	}
	if (p == NULL) {
		errno = ENOENT;
		return -1;
	}
	/* The kernel marks a v2 cgroup removed since (a unit stopped while
	 * its process lingers as a zombie); the process was in it all the
	 * same. */
	if (n > sizeof deleted - 1 && memcmp(p + n - (sizeof deleted - 1),
	    deleted, sizeof deleted - 1) == 0)
		n -= sizeof deleted - 1;
	/* Not finding a unit is an answer too: "" */
	(void)wk_cgroup_unit(p, n, unit, unitlen);
	if (n < pathlen) {
		memcpy(path, p, n);
		path[n] = '\0';
	} else {
		memcpy(path, p, pathlen - 4);
		memcpy(path + pathlen - 4, "...", 4);
	}
	return 0;
}
