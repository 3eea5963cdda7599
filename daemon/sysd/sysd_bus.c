/*
 * The systemd monitor on the system bus (see sysd_bus.h).  Two sd-bus
 * connections: the monitor, which only receives, and an ordinary one for
 * Subscribe and for asking the bus daemon who a caller is.  Neither ever
 * blocks the daemon after it started: their descriptors are in the poll
 * loop and the credentials are asked asynchronously.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <systemd/sd-bus.h>

#include "daemon/base/file_read.h"
#include "daemon/base/log.h"
#include "daemon/ingest/ingest.h"
#include "sysd_bus.h"
#include "sysd_caller.h"
#include "sysd_exec_watch.h"
#include "sysd_memory.h"
#include "sysd_private_peer.h"

#define SYSTEM_BUS_ADDRESS	"unix:path=/run/dbus/system_bus_socket"
#define SYSTEMD_NAME		"org.freedesktop.systemd1"
#define MANAGER_IFACE		"org.freedesktop.systemd1.Manager"
#define UNIT_IFACE		"org.freedesktop.systemd1.Unit"
#define SERVICE_IFACE		"org.freedesktop.systemd1.Service"
#define RETRY_MS		5000	/* the bus is tried again after */
#define MESSAGES_PER_ROUND	256	/* then the other parts get a turn */
#define SCAN_EVERY_NS		(10 * 1000000LL)	/* systemctl scans */
#define HELLO_TIMEOUT_US	(1000 * 1000)
/* After systemctl started: scans at 0, 1, 2, 4, ... 64 ms. */
#define SCANS_AFTER_EXEC	8

/*
 * A client of the bus, read from /proc when it connected: a quick one
 * (busctl) is gone about 2 ms after its call, before the bus answers
 * who sent it.  A small ring: only the newest connections matter.
 */
#define PEERS_MAX	32
struct peer {
	char name[32];		/* its unique name, ":1.42" */
	uint64_t cookie;	/* the credentials call while pending */
	int read;		/* caller holds it */
	struct wk_event caller;
};

struct sysd {
	struct ingest *in;
	sd_bus *monitor;	/* NULL while not following */
	sd_bus *conn;		/* the ordinary connection */
	int64_t retry_ms;	/* when to try the bus again; 0: now */
	int told_off;		/* why it is off was logged */
	int off;		/* never follows (an audit hub) */
	int64_t last_scan_ns;
	int64_t followed_since;	/* realtime ns of the last connect; 0 */
	int exec_fd;		/* the watch on systemctl's program; -1 */
	struct peer peers[PEERS_MAX];
	unsigned npeers;
	int64_t scan_base_ms;	/* systemctl was started then; -1: none */
	unsigned scans;		/* scans made since */
	struct sysd_memory mem;
};

/* The match rules the monitor asks for. */
static const char *const monitor_rules[] = {
	"type='method_call',destination='" SYSTEMD_NAME "'",
	"type='signal',interface='" MANAGER_IFACE "',member='JobNew'",
	"type='signal',interface='" MANAGER_IFACE "',member='JobRemoved'",
	"type='signal',interface='org.freedesktop.DBus.Properties',"
	    "member='PropertiesChanged',arg0='" UNIT_IFACE "'",
	"type='signal',interface='org.freedesktop.DBus.Properties',"
	    "member='PropertiesChanged',arg0='" SERVICE_IFACE "'",
	/* New connections, read while they run (see struct peer). */
	"type='signal',sender='org.freedesktop.DBus',"
	    "interface='org.freedesktop.DBus',member='NameOwnerChanged'",
};


static int64_t
realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Whether systemd is PID 1 (sd_booted's test). */
static int
systemd_booted(void)
{
	return access("/run/systemd/system/", F_OK) == 0;
}

static const char *
bus_address(void)
{
	const char *a = secure_getenv("DBUS_SYSTEM_BUS_ADDRESS");

	return a != NULL && a[0] != '\0' ? a : SYSTEM_BUS_ADDRESS;
}

static void
disconnect(struct sysd *s)
{
	s->monitor = sd_bus_flush_close_unref(s->monitor);
	s->conn = sd_bus_flush_close_unref(s->conn);
}

/* The monitor connection: Hello, then BecomeMonitor; 0 or -errno. */
static int
open_monitor(sd_bus **out)
{
	sd_bus_message *m = NULL;
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus *b = NULL;
	size_t i;
	int r;

	r = sd_bus_new(&b);
	if (r >= 0)
		r = sd_bus_set_monitor(b, 1);
	if (r >= 0)
		r = sd_bus_set_bus_client(b, 1);
	if (r >= 0)
		r = sd_bus_set_address(b, bus_address());
	if (r >= 0)
		r = sd_bus_start(b);
	if (r >= 0)
		r = sd_bus_message_new_method_call(b, &m, "org.freedesktop.DBus",
		    "/org/freedesktop/DBus", "org.freedesktop.DBus.Monitoring",
		    "BecomeMonitor");
	if (r >= 0)
		r = sd_bus_message_open_container(m, 'a', "s");
	for (i = 0; r >= 0 && i < sizeof monitor_rules /
	    sizeof monitor_rules[0]; i++)
		r = sd_bus_message_append(m, "s", monitor_rules[i]);
	if (r >= 0)
		r = sd_bus_message_close_container(m);
	if (r >= 0)
		r = sd_bus_message_append(m, "u", (uint32_t)0);
	if (r >= 0)
		r = sd_bus_call(b, m, HELLO_TIMEOUT_US, &error, NULL);
	if (r < 0 && sd_bus_error_is_set(&error))
		log_debug("BecomeMonitor: %s", error.message);
	sd_bus_error_free(&error);
	sd_bus_message_unref(m);
	if (r < 0) {
		sd_bus_flush_close_unref(b);
		return r;
	}
	*out = b;
	return 0;
}

/* Connect both; on failure say once why the monitor is off. */
static void
connect_bus(struct sysd *s, int64_t now_ms)
{
	int r;

	s->retry_ms = now_ms + RETRY_MS;
	if (!systemd_booted()) {
		if (!s->told_off)
			log_info("systemd is not PID 1: who asked it to stop "
			    "units is not followed");
		s->told_off = 1;
		return;
	}
	r = open_monitor(&s->monitor);
	if (r >= 0)
		r = sd_bus_open_system(&s->conn);
	if (r >= 0)
		r = sd_bus_call_method_async(s->conn, NULL, SYSTEMD_NAME,
		    "/org/freedesktop/systemd1", MANAGER_IFACE, "Subscribe",
		    NULL, NULL, "");
	if (r < 0) {
		if (!s->told_off)
			log_info("who asked systemd to stop units is not "
			    "followed: the system bus (%s): %s; tried again "
			    "every %d s", bus_address(), strerror(-r),
			    RETRY_MS / 1000);
		s->told_off = 1;
		disconnect(s);
		return;
	}
	log_info("following who asks systemd to stop, restart and kill "
	    "units on the system bus");
	if (s->exec_fd == -1) {
		s->exec_fd = sysd_exec_watch_open();
		if (s->exec_fd == -1)
			log_info("root's systemctl is caught only when systemd's "
			    "job or signal is seen: cannot watch the systemctl "
			    "program: %s", strerror(errno));
	}
	s->followed_since = realtime_ns();
	s->told_off = 0;
}

/*
 * A systemctl caught asking: remembered with who it is (once), and with
 * how it is known: its connection to systemd's private socket seen, or
 * only its command line.  One caught before it connected is told again
 * by a later look.
 */
static void
found_systemctl(int32_t pid, uint32_t verb, const char *unit, void *arg)
{
	struct sysd *s = arg;
	struct sysd_call c, *known;
	int connected;
	const char *method;

	memset(&c, 0, sizeof c);
	if (sysd_caller_read(s->in, pid, &c.caller) == -1)
		return;
	connected = sysd_private_peer(pid, SYSD_PRIVATE_SOCKET) == 1;
	method = connected ? WK_METHOD_PRIVATE_SOCKET : WK_METHOD_ARGV;
	known = sysd_memory_call_of(&s->mem, pid,
	    c.caller.report.caller.start_time);
	if (known != NULL) {
		if (connected)
			snprintf(known->method, sizeof known->method, "%s",
			    method);
		return;
	}
	c.has_caller = 1;
	c.ns = realtime_ns();
	c.via = WK_VIA_SYSTEMCTL;
	c.verb = verb;
	snprintf(c.unit, sizeof c.unit, "%s", unit);
	snprintf(c.method, sizeof c.method, "%s", method);
	sysd_memory_add_call(&s->mem, &c);
	log_debug("systemd: systemctl pid %d asks %s %s (%s; inferred)",
	    (int)pid, wk_request_verb_name(verb), unit, method);
}

/* Look for systemctl processes, at most every SCAN_EVERY_NS. */
static void
scan_systemctl(struct sysd *s)
{
	int64_t now = realtime_ns();

	if (now - s->last_scan_ns < SCAN_EVERY_NS)
		return;
	s->last_scan_ns = now;
	sysd_systemctl_scan(found_systemctl, s);
}

/*
 * ingest's listener: a signal of PID 1 was stored.  Its target's unit is
 * read now if the target is still there (systemd reaps within a
 * millisecond, so often it is not), and a systemctl still waiting for its
 * job is caught.  Noted while the bus is gone too, once it was followed:
 * at a shutdown the bus stops before most units, and what it said before
 * (the poweroff job) explains their signals.
 */
static void
listen_signal_stored(void *arg, const struct wk_event *ev)
{
	struct sysd *s = arg;
	const struct wk_kill_report *r = &ev->report;
	struct sysd_note n;
	char path[64], text[4096];

	if (s->followed_since == 0 || r->caller.pid != 1 ||
	    ev->pid_ns.id != 0)
		return;
	memset(&n, 0, sizeof n);
	n.ns = r->time.sec * 1000000000LL + r->time.nsec;
	n.pid = r->target.pid;
	n.signo = r->signo;
	n.start_time = r->target.start_time;
	snprintf(path, sizeof path, "/proc/%d/cgroup", (int)r->target.pid);
	if (r->target.pid > 0 &&
	    file_read_at(AT_FDCWD, path, text, sizeof text) > 0)
		(void)sysd_unit_of_cgroup(text, n.unit, sizeof n.unit);
	sysd_memory_note(&s->mem, &n);
	scan_systemctl(s);
}

/* Realtime ns now. */
static int64_t
real_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * Store who asked for each signal of PID 1 noted SYSD_SETTLE_NS ago or
 * more (all of them with all set: at exit), once: what the bus says of a
 * signal has been read by then.  Through ingest's write path, so a store
 * that fails keeps them waiting like any row.
 */
static void
keep_settled(struct sysd *s, int64_t now_ns, int all)
{
	static struct store_request sr;	/* one thread; 37 KB off the stack */
	unsigned i, n = s->mem.nnotes < SYSD_NOTES_MAX ? s->mem.nnotes :
	    SYSD_NOTES_MAX;

	for (i = 0; i < n; i++) {
		struct sysd_note *note = &s->mem.notes[i];

		if (note->kept || (!all && now_ns - note->ns < SYSD_SETTLE_NS))
			continue;
		note->kept = 1;
		memset(&sr, 0, offsetof(struct store_request, req));
		if (sysd_memory_explain(&s->mem, note->ns, note->signo,
		    note->pid, note->start_time, &sr.req) != 1)
			continue;
		wk_reply_init(&sr.req.hdr, WK_R_REQUEST,
		    (uint32_t)wk_request_size(&sr.req));
		memcpy(sr.boot_id, s->in->boot_id, sizeof sr.boot_id);
		sr.time.sec = note->ns / 1000000000LL;
		sr.time.nsec = note->ns % 1000000000LL;
		sr.target_pid = note->pid;
		sr.signo = note->signo;
		(void)ingest_store_row(s->in, INGEST_ROW_REQUEST, &sr,
		    offsetof(struct store_request, req) +
		    wk_request_size(&sr.req));
	}
}

/* Milliseconds until the next noted signal settles; -1: none waits. */
static int
settle_timeout_ms(const struct sysd *s, int64_t now_ns)
{
	unsigned i, n = s->mem.nnotes < SYSD_NOTES_MAX ? s->mem.nnotes :
	    SYSD_NOTES_MAX;
	int64_t due = -1, t;

	for (i = 0; i < n; i++) {
		const struct sysd_note *note = &s->mem.notes[i];

		if (note->kept)
			continue;
		t = note->ns + SYSD_SETTLE_NS - now_ns;
		if (due == -1 || t < due)
			due = t < 0 ? 0 : t;
	}
	return due < 0 ? -1 : (int)((due + 999999) / 1000000);
}

struct sysd *
sysd_open(struct ingest *in, int follow)
{
	static const struct ingest_listener none;
	struct sysd *s = calloc(1, sizeof *s);
	unsigned i;

	if (s == NULL)
		return NULL;
	s->in = in;
	s->scan_base_ms = -1;
	s->exec_fd = -1;
	sysd_memory_init(&s->mem);
	if (!follow) {
		s->off = 1;
		s->retry_ms = -1;
		log_info("an audit hub: this host's systemd is not followed");
		return s;
	}
	for (i = 0; i < INGEST_LISTENERS_MAX; i++) {
		if (memcmp(&in->listeners[i], &none, sizeof none) == 0) {
			in->listeners[i].signal_stored = listen_signal_stored;
			in->listeners[i].arg = s;
			break;
		}
	}
	connect_bus(s, 0);
	/* The loop's clock is not this one: retry at its first timeout. */
	s->retry_ms = s->monitor == NULL ? -1 : 0;
	return s;
}

void
sysd_close(struct sysd *s)
{
	unsigned i;

	if (s == NULL)
		return;
	/* What is known now of the signals not yet settled, rather than
	 * nothing after a restart. */
	keep_settled(s, real_now_ns(), 1);
	for (i = 0; i < INGEST_LISTENERS_MAX; i++)
		if (s->in->listeners[i].arg == s)
			memset(&s->in->listeners[i], 0,
			    sizeof s->in->listeners[i]);
	disconnect(s);
	if (s->exec_fd >= 0)
		close(s->exec_fd);
	free(s);
}

int
sysd_following(const struct sysd *s)
{
	return s != NULL && s->monitor != NULL;
}

/* A connection's identity, asked when it appeared (struct peer). */
static int
got_peer(struct sysd *s, sd_bus_message *m, uint64_t key)
{
	uint32_t pid = 0;
	const char *name;
	unsigned i;
	int r;

	for (i = 0; i < PEERS_MAX; i++)
		if (s->peers[i].cookie == key && key != 0)
			break;
	if (i == PEERS_MAX || sd_bus_message_is_method_error(m, NULL))
		return 0;
	s->peers[i].cookie = 0;
	r = sd_bus_message_enter_container(m, 'a', "{sv}");
	while (r > 0 && (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		r = sd_bus_message_read(m, "s", &name);
		if (r >= 0 && strcmp(name, "ProcessID") == 0)
			r = sd_bus_message_read(m, "v", "u", &pid);
		else if (r >= 0)
			r = sd_bus_message_skip(m, "v");
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	}
	if (pid != 0 &&
	    sysd_caller_read(s->in, (int32_t)pid, &s->peers[i].caller) == 0)
		s->peers[i].read = 1;
	return 0;
}

static int got_credentials(sd_bus_message *m, void *userdata,
    sd_bus_error *error);

/* Ask the bus who the connection name is: GetConnectionCredentials,
 * answered to got_credentials; *cookie names the call.  0 or -errno. */
static int
ask_credentials(struct sysd *s, const char *name, uint64_t *cookie)
{
	sd_bus_message *q = NULL;
	int r;

	r = sd_bus_message_new_method_call(s->conn, &q, "org.freedesktop.DBus",
	    "/org/freedesktop/DBus", "org.freedesktop.DBus",
	    "GetConnectionCredentials");
	if (r >= 0)
		r = sd_bus_message_append(q, "s", name);
	if (r >= 0)
		r = sd_bus_call_async(s->conn, NULL, q, got_credentials, s, 0);
	if (r >= 0)
		r = sd_bus_message_get_cookie(q, cookie);
	sd_bus_message_unref(q);
	return r;
}

/* A new connection to the bus: read who it is while it runs. */
static void
seen_owner(struct sysd *s, sd_bus_message *m)
{
	const char *name, *old, *owner;
	struct peer *p;

	if (sd_bus_message_read(m, "sss", &name, &old, &owner) < 0 ||
	    name[0] != ':' || owner[0] == '\0' || s->conn == NULL)
		return;
	p = &s->peers[s->npeers++ % PEERS_MAX];
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "%s", name);
	if (ask_credentials(s, name, &p->cookie) < 0)
		p->cookie = 0;
}

/* What was read of the connection name when it appeared, or NULL. */
static const struct wk_event *
peer_caller(const struct sysd *s, const char *name)
{
	unsigned i;

	for (i = 0; i < PEERS_MAX; i++)
		if (s->peers[i].read && strcmp(s->peers[i].name, name) == 0)
			return &s->peers[i].caller;
	return NULL;
}

/* GetConnectionCredentials answered: who the caller of call key is. */
static int
got_credentials(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
	struct sysd *s = userdata;
	const struct wk_event *peer;
	uint64_t key = 0;
	struct sysd_call *c;
	uint32_t pid = 0, uid = WK_ID_UNSET;
	const char *name;
	int r;

	(void)error;
	if (sd_bus_message_get_reply_cookie(m, &key) < 0)
		return 0;
	c = sysd_memory_call_by_key(&s->mem, key);
	if (c == NULL)
		return got_peer(s, m, key);
	c->key = 0;
	if (sd_bus_message_is_method_error(m, NULL)) {
		/* Disconnected already: what was read when it connected. */
		peer = peer_caller(s, c->sender);
		if (peer != NULL) {
			c->caller = *peer;
			c->has_caller = 1;
		} else {
			log_debug("systemd: the caller of %s is unknown: %s",
			    c->method, sd_bus_message_get_error(m)->message);
		}
		return 0;
	}
	r = sd_bus_message_enter_container(m, 'a', "{sv}");
	while (r > 0 && (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		r = sd_bus_message_read(m, "s", &name);
		if (r >= 0 && strcmp(name, "ProcessID") == 0)
			r = sd_bus_message_read(m, "v", "u", &pid);
		else if (r >= 0 && strcmp(name, "UnixUserID") == 0)
			r = sd_bus_message_read(m, "v", "u", &uid);
		else if (r >= 0)
			r = sd_bus_message_skip(m, "v");
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	}
	if (pid == 0)
		return 0;
	if (sysd_caller_read(s->in, (int32_t)pid, &c->caller) == -1 &&
	    (peer = peer_caller(s, c->sender)) != NULL &&
	    peer->report.caller.pid == (int32_t)pid) {
		/* Gone already, but read when it connected. */
		c->caller = *peer;
	} else if (c->caller.report.caller.pid != (int32_t)pid) {
		/* Gone already: what the bus said of it. */
		memset(&c->caller, 0, sizeof c->caller);
		c->caller.report.caller.pid = (int32_t)pid;
		c->caller.report.caller.uid = uid;
		c->caller.report.caller.euid = uid;
		c->caller.report.caller.loginuid = WK_ID_UNSET;
		c->caller.report.caller.sessionid = WK_ID_UNSET;
	}
	c->has_caller = 1;
	return 0;
}

/* The verb of a method that ends processes, or 0. */
static uint32_t
method_verb(const char *iface, const char *member, int *by_path)
{
	static const struct {
		const char *name;
		uint32_t verb;
	} methods[] = {
		{ "Stop", WK_VERB_STOP }, { "Restart", WK_VERB_RESTART },
		{ "TryRestart", WK_VERB_RESTART },
		{ "ReloadOrRestart", WK_VERB_RESTART },
		{ "ReloadOrTryRestart", WK_VERB_RESTART },
		{ "Kill", WK_VERB_KILL },
	};
	size_t i, len = strlen(member);

	*by_path = strcmp(iface, UNIT_IFACE) == 0;
	if (!*by_path && strcmp(iface, MANAGER_IFACE) != 0)
		return 0;
	/* The manager's are the unit's with "Unit" after them. */
	if (!*by_path) {
		if (len <= 4 || strcmp(member + len - 4, "Unit") != 0)
			return 0;
		len -= 4;
	}
	for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strlen(methods[i].name) == len &&
		    strncmp(member, methods[i].name, len) == 0)
			return methods[i].verb;
	return 0;
}

/* A method call to systemd: remembered, and its caller asked for. */
static void
seen_call(struct sysd *s, sd_bus_message *m, int64_t now)
{
	const char *iface = sd_bus_message_get_interface(m);
	const char *member = sd_bus_message_get_member(m);
	const char *sender = sd_bus_message_get_sender(m);
	const char *unit = NULL;
	struct sysd_call c;
	int by_path, r;

	if (iface == NULL || member == NULL || sender == NULL)
		return;
	memset(&c, 0, sizeof c);
	c.verb = method_verb(iface, member, &by_path);
	if (c.verb == 0)
		return;
	if (by_path) {
		if (sysd_unit_of_path(sd_bus_message_get_path(m), c.unit,
		    sizeof c.unit) == -1)
			return;
	} else {
		if (sd_bus_message_read(m, "s", &unit) < 0 || unit == NULL)
			return;
		snprintf(c.unit, sizeof c.unit, "%s", unit);
	}
	c.ns = now;
	c.via = WK_VIA_BUS;
	c.exact = 1;
	snprintf(c.method, sizeof c.method, "%s", member);
	snprintf(c.sender, sizeof c.sender, "%s", sender);
	/* The request's cookie names the call when the answer comes. */
	r = ask_credentials(s, sender, &c.key);
	if (r < 0)
		log_debug("systemd: cannot ask who %s is: %s", sender,
		    strerror(-r));
	sysd_memory_add_call(&s->mem, &c);
	log_debug("systemd: %s %s from %s", member, c.unit, sender);
}

/*
 * A unit's PropertiesChanged: its SubState or its main process, when
 * they changed.  A state is stamped with systemd's StateChangeTimestamp
 * from the same message, the moment it entered it (and signalled, for a
 * stopping state): the monitor may read the message much later on a busy
 * machine.  The read time stands in when systemd sent none.
 */
static void
seen_properties(struct sysd *s, sd_bus_message *m, int64_t now)
{
	char unit[WK_UNIT_MAX];
	const char *iface, *name, *sub = NULL;
	uint32_t main_pid = 0;
	uint64_t changed_us = 0;
	int64_t at = now;
	int r;

	if (sysd_unit_of_path(sd_bus_message_get_path(m), unit,
	    sizeof unit) == -1)
		return;
	r = sd_bus_message_read(m, "s", &iface);
	if (r >= 0)
		r = sd_bus_message_enter_container(m, 'a', "{sv}");
	while (r > 0 &&
	    (r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
		r = sd_bus_message_read(m, "s", &name);
		if (r >= 0 && strcmp(name, "SubState") == 0)
			r = sd_bus_message_read(m, "v", "s", &sub);
		else if (r >= 0 && strcmp(name, "MainPID") == 0)
			r = sd_bus_message_read(m, "v", "u", &main_pid);
		else if (r >= 0 && strcmp(name, "StateChangeTimestamp") == 0)
			r = sd_bus_message_read(m, "v", "t", &changed_us);
		else if (r >= 0)
			r = sd_bus_message_skip(m, "v");
		if (r >= 0)
			r = sd_bus_message_exit_container(m);
	}
	if (changed_us != 0 && changed_us <= (uint64_t)now / 1000)
		at = (int64_t)changed_us * 1000;
	if (sub != NULL) {
		sysd_memory_state(&s->mem, unit, sub, at);
		log_debug("systemd: %s is %s (%.3f s before it was read)",
		    unit, sub, (double)(now - at) / 1e9);
	}
	if (main_pid != 0) {
		sysd_memory_main_pid(&s->mem, unit, (int32_t)main_pid, now);
		log_debug("systemd: %s has main pid %u", unit, main_pid);
	}
}

/* One message the monitor received. */
static void
seen_message(struct sysd *s, sd_bus_message *m)
{
	int64_t now = realtime_ns();
	const char *unit, *path, *result;
	uint32_t id;
	uint8_t type;

	if (sd_bus_message_is_signal(m, MANAGER_IFACE, "JobNew") > 0) {
		if (sd_bus_message_read(m, "uos", &id, &path, &unit) < 0)
			return;
		sysd_memory_job_new(&s->mem, id, unit, now);
		log_debug("systemd: job %u %s", id, unit);
		scan_systemctl(s);
	} else if (sd_bus_message_is_signal(m, MANAGER_IFACE,
	    "JobRemoved") > 0) {
		if (sd_bus_message_read(m, "uoss", &id, &path, &unit,
		    &result) < 0)
			return;
		sysd_memory_job_removed(&s->mem, id, now);
	} else if (sd_bus_message_is_signal(m, "org.freedesktop.DBus",
	    "NameOwnerChanged") > 0) {
		seen_owner(s, m);
	} else if (sd_bus_message_is_signal(m,
	    "org.freedesktop.DBus.Properties", "PropertiesChanged") > 0) {
		seen_properties(s, m, now);
	} else if (sd_bus_message_get_type(m, &type) >= 0 &&
	    type == SD_BUS_MESSAGE_METHOD_CALL) {
		seen_call(s, m, now);
	}
}

/* Read what both connections have; a lost bus is retried later. */
static void
process(struct sysd *s, int64_t now_ms)
{
	sd_bus_message *m;
	unsigned i;
	int r;

	for (i = 0; s->monitor != NULL && i < MESSAGES_PER_ROUND; i++) {
		m = NULL;
		r = sd_bus_process(s->monitor, &m);
		if (m != NULL) {
			if (sd_bus_message_is_signal(m, "org.freedesktop.DBus.Local",
			    "Disconnected") > 0)
				r = -ECONNRESET;
			else
				seen_message(s, m);
			sd_bus_message_unref(m);
		}
		if (r <= 0) {
			if (r < 0)
				goto lost;
			break;
		}
	}
	for (i = 0; s->conn != NULL && i < MESSAGES_PER_ROUND; i++) {
		r = sd_bus_process(s->conn, NULL);
		if (r < 0)
			goto lost;
		if (r == 0)
			break;
	}
	return;
lost:
	log_info("the system bus is gone (%s): who asks systemd to stop "
	    "units is not followed; tried again every %d s", strerror(-r),
	    RETRY_MS / 1000);
	s->told_off = 1;
	disconnect(s);
	s->retry_ms = now_ms + RETRY_MS;
}

unsigned
sysd_pollfds(struct sysd *s, struct pollfd *pfd)
{
	sd_bus *buses[2] = { s->monitor, s->conn };
	unsigned n = 0, i;
	int events;

	if (s->exec_fd >= 0 && s->monitor != NULL) {
		pfd[n].fd = s->exec_fd;
		pfd[n].events = POLLIN;
		pfd[n].revents = 0;
		n++;
	}
	for (i = 0; i < 2; i++) {
		if (buses[i] == NULL)
			continue;
		events = sd_bus_get_events(buses[i]);
		pfd[n].fd = sd_bus_get_fd(buses[i]);
		pfd[n].events = (short)(events > 0 ? events : POLLIN);
		pfd[n].revents = 0;
		if (pfd[n].fd >= 0)
			n++;
	}
	return n;
}

/* When the next scan after a start of systemctl is due, or -1. */
static int64_t
next_scan_ms(const struct sysd *s)
{
	if (s->scan_base_ms < 0 || s->scans >= SCANS_AFTER_EXEC)
		return -1;
	return s->scan_base_ms + (s->scans == 0 ? 0 : 1LL << (s->scans - 1));
}

/* systemctl started: look for it now and a few times after. */
static void
exec_scans(struct sysd *s, int64_t now_ms)
{
	int64_t due;

	if (s->exec_fd >= 0 && sysd_exec_watch_read(s->exec_fd)) {
		s->scan_base_ms = now_ms;
		s->scans = 0;
	}
	due = next_scan_ms(s);
	if (due < 0 || now_ms < due)
		return;
	sysd_systemctl_scan(found_systemctl, s);
	while (next_scan_ms(s) >= 0 && next_scan_ms(s) <= now_ms)
		s->scans++;
}

void
sysd_handle(struct sysd *s, const struct pollfd *pfd, unsigned n,
    int64_t now_ms)
{
	(void)pfd;
	(void)n;
	if (s->off)
		return;
	/* Also while the bus is gone: what was seen before still explains. */
	keep_settled(s, real_now_ns(), 0);
	if (s->monitor == NULL) {
		if (s->retry_ms == -1)
			s->retry_ms = now_ms;
		if (now_ms >= s->retry_ms)
			connect_bus(s, now_ms);
		return;
	}
	/* sd-bus keeps what it read: process whether or not poll said so. */
	process(s, now_ms);
	exec_scans(s, now_ms);
}

/* The bus's and the scans' timer: as sysd_timeout_ms, settling aside. */
static int
bus_timeout_ms(struct sysd *s, int64_t now_ms)
{
	uint64_t usec = UINT64_MAX, other = UINT64_MAX;
	struct timespec ts;
	uint64_t mono;
	int64_t scan = next_scan_ms(s);

	if (s->off)
		return -1;
	if (scan >= 0 && s->monitor != NULL)
		return scan <= now_ms ? 0 : (int)(scan - now_ms);
	if (s->monitor == NULL) {
		if (s->retry_ms == -1 || s->retry_ms <= now_ms)
			return 0;
		return (int)(s->retry_ms - now_ms);
	}
	/* Messages already read wait in sd-bus: serve them now. */
	if (sd_bus_get_timeout(s->monitor, &usec) < 0 ||
	    sd_bus_get_timeout(s->conn, &other) < 0)
		return 0;
	if (other < usec)
		usec = other;
	if (usec == UINT64_MAX)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	mono = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
	if (usec <= mono)
		return 0;
	usec -= mono;
	return usec > 60000000u ? 60000 : (int)((usec + 999) / 1000);
}

int
sysd_timeout_ms(struct sysd *s, int64_t now_ms)
{
	int bus = bus_timeout_ms(s, now_ms);
	int settle = settle_timeout_ms(s, real_now_ns());

	if (settle < 0)
		return bus;
	return bus < 0 || settle < bus ? settle : bus;
}

void
sysd_drain(struct sysd *s)
{
	if (s != NULL && s->monitor != NULL)
		process(s, 0);
}

int
sysd_requested_by(struct sysd *s, const struct wk_event *ev,
    struct wk_request *out)
{
	const struct wk_kill_report *r = &ev->report;
	int64_t ns = r->time.sec * 1000000000LL + r->time.nsec;

	/* Only PID 1 of the daemon's own pid namespace is the systemd
	 * this monitor follows. */
	if (s == NULL || r->caller.pid != 1 || ev->pid_ns.id != 0 ||
	    !s->followed_since || ns < s->followed_since)
		return 0;
	if (sysd_memory_explain(&s->mem, ns, r->signo, r->target.pid,
	    r->target.start_time, out) != 1)
		return 0;
	wk_reply_init(&out->hdr, WK_R_REQUEST, (uint32_t)wk_request_size(out));
	out->event = ev->id;
	return 1;
}
