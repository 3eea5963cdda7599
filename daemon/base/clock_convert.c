/*
 * Monotonic to wall-clock time by the offset between the two clocks now.
 * The kernel log stamps records with local_clock(), which counts like
 * CLOCK_MONOTONIC (both stop in suspend); checked on this kernel against
 * the realtime stamps of audit records in the same log.
 */
#include <time.h>
#include <unistd.h>

#include "clock_convert.h"

#define NSEC_PER_SEC	1000000000LL

void
clock_mono_to_real_at(uint64_t mono_ns, const struct timespec *real_now,
    const struct timespec *mono_now, struct wk_time *out)
{
	int64_t now_mono = (int64_t)mono_now->tv_sec * NSEC_PER_SEC +
	    mono_now->tv_nsec;
	int64_t ago = now_mono - (int64_t)mono_ns;
	int64_t sec = real_now->tv_sec - ago / NSEC_PER_SEC;
	int64_t nsec = real_now->tv_nsec - ago % NSEC_PER_SEC;

	while (nsec < 0) {
		nsec += NSEC_PER_SEC;
		sec--;
	}
	while (nsec >= NSEC_PER_SEC) {
		nsec -= NSEC_PER_SEC;
		sec++;
	}
	out->sec = sec;
	out->nsec = nsec;
}

int
clock_mono_to_real(uint64_t mono_ns, struct wk_time *out)
{
	struct timespec real, mono;

	if (clock_gettime(CLOCK_REALTIME, &real) == -1 ||
	    clock_gettime(CLOCK_MONOTONIC, &mono) == -1)
		return -1;
	clock_mono_to_real_at(mono_ns, &real, &mono, out);
	return 0;
}

uint64_t
clock_mono_to_boot_ticks(uint64_t mono_ns)
{
	static long hz;
	struct timespec boot, mono;
	int64_t offset;

	if (hz == 0)
		hz = sysconf(_SC_CLK_TCK);
	if (hz <= 0)
		hz = 100;
	/* Both clocks always exist on Linux; a failure leaves offset 0. */
	if (clock_gettime(CLOCK_BOOTTIME, &boot) == -1 ||
	    clock_gettime(CLOCK_MONOTONIC, &mono) == -1)
		offset = 0;
	else
		offset = (boot.tv_sec - mono.tv_sec) * NSEC_PER_SEC +
		    (boot.tv_nsec - mono.tv_nsec);
	if (offset < 0)
		offset = 0;
	return (mono_ns + (uint64_t)offset) / (uint64_t)(NSEC_PER_SEC / hz);
}

uint64_t
clock_mono_now_ns(void)
{
	struct timespec ts;

	/* CLOCK_MONOTONIC cannot fail with a valid pointer. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * (uint64_t)NSEC_PER_SEC +
	    (uint64_t)ts.tv_nsec;
}

void
clock_real_to_mono(const struct wk_time *t, uint64_t *at_ns,
    uint64_t *at_ticks)
{
	struct timespec real, mono;
	int64_t ago, now;

	*at_ns = *at_ticks = 0;
	if (clock_gettime(CLOCK_REALTIME, &real) == -1 ||
	    clock_gettime(CLOCK_MONOTONIC, &mono) == -1)
		return;
	ago = (real.tv_sec - t->sec) * 1000000000LL +
	    (real.tv_nsec - t->nsec);
	if (ago < 0)
		ago = 0;
	now = mono.tv_sec * 1000000000LL + mono.tv_nsec;
	if (ago >= now)
		return;		/* before this boot, or nonsense */
	*at_ns = (uint64_t)(now - ago);
	*at_ticks = clock_mono_to_boot_ticks(*at_ns);
}
