/*
 * The kept copy of a process's view of itself (see shim_self.h): one
 * static slot, a sequence counter that is odd while the slot is written.
 */
#include <string.h>

#include "shim_proc.h"
#include "shim_self.h"

_Static_assert(__atomic_always_lock_free(sizeof(uint32_t), 0),
    "the sequence counter must be lock-free to be async-signal-safe");

static struct shim_self kept;
static uint32_t kept_seq;	/* 0: never filled; odd: being written */

/* A consistent copy of the slot for pid and sid; 0, or -1 when none. */
static int
copy_kept(uint32_t pid, int32_t sid, struct shim_self *out)
{
	uint32_t before = __atomic_load_n(&kept_seq, __ATOMIC_ACQUIRE);

	if (before == 0 || (before & 1) != 0)
		return -1;
	memcpy(out, &kept, sizeof *out);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (__atomic_load_n(&kept_seq, __ATOMIC_RELAXED) != before)
		return -1;
	return out->pid == pid && out->sid == sid ? 0 : -1;
}

/* Keeps *self, unless someone else is writing the slot right now. */
static void
keep(const struct shim_self *self)
{
	uint32_t seq = __atomic_load_n(&kept_seq, __ATOMIC_RELAXED);

	if ((seq & 1) != 0 || !__atomic_compare_exchange_n(&kept_seq, &seq,
	    seq + 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	memcpy(&kept, self, sizeof kept);
	__atomic_store_n(&kept_seq, seq + 2, __ATOMIC_RELEASE);
}

int
shim_self_get(uint32_t pid, int32_t sid, struct shim_self *out)
{
	struct wk_procstat st;

	if (copy_kept(pid, sid, out) == 0)
		return 1;
	memset(out, 0, sizeof *out);
	out->pid = pid;
	out->sid = sid;
	if (shim_read_id("/proc/self/loginuid", &out->loginuid) < 0)
		out->loginuid = WK_ID_UNSET;
	if (shim_read_id("/proc/self/sessionid", &out->sessionid) < 0)
		out->sessionid = WK_ID_UNSET;
	if (shim_read_stat(0, &st, NULL) == 0 && st.session == sid) {
		out->stat = st;
		out->stat_read = 1;
		/* Only a whole view is kept; a partial one is read again. */
		keep(out);
	}
	return 0;
}

void
shim_self_forget(void)
{
	uint32_t seq = __atomic_load_n(&kept_seq, __ATOMIC_RELAXED);

	while ((seq & 1) == 0 && !__atomic_compare_exchange_n(&kept_seq,
	    &seq, seq + 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		;
	memset(&kept, 0, sizeof kept);
	__atomic_store_n(&kept_seq, 0, __ATOMIC_RELEASE);
}
