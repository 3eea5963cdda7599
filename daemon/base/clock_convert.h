/*
 * Kernel event times (CLOCK_MONOTONIC: the process-events connector, and
 * the kernel log's timestamps) turned into wall-clock time.
 */
#ifndef WHOKILLED_DAEMON_CLOCK_CONVERT_H
#define WHOKILLED_DAEMON_CLOCK_CONVERT_H

#include <stdint.h>
#include <time.h>

#include "whokilled/wire.h"

/*
 * The realtime of a moment mono_ns on the monotonic clock, given both
 * clocks read at one instant (real_now, mono_now).  A moment after
 * mono_now is allowed and lands after real_now.
 */
void clock_mono_to_real_at(uint64_t mono_ns, const struct timespec *real_now,
    const struct timespec *mono_now, struct wk_time *out);

/*
 * The same with the clocks read now.  Exact while the wall clock has not
 * been stepped since the moment; 0, or -1 with errno.
 */
int clock_mono_to_real(uint64_t mono_ns, struct wk_time *out);

/*
 * The clock tick after boot (the unit of start times in /proc, which
 * count CLOCK_BOOTTIME) of a CLOCK_MONOTONIC moment: the boot-time clock
 * runs ahead of the monotonic one by the time spent suspended.
 */
uint64_t clock_mono_to_boot_ticks(uint64_t mono_ns);

/* CLOCK_MONOTONIC now in nanoseconds. */
uint64_t clock_mono_now_ns(void);

/*
 * The moment stamped t (CLOCK_REALTIME) on the monotonic clock (*at_ns)
 * and in clock ticks after boot (*at_ticks), read against the clocks now;
 * both 0 when it makes no sense (before this boot).  A stamp "later" than
 * now (a clock step) is taken as now.
 */
void clock_real_to_mono(const struct wk_time *t, uint64_t *at_ns,
    uint64_t *at_ticks);

#endif
