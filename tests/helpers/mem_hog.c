/*
 * Takes memory until the kernel stops it: allocates 1 MiB at a time and
 * writes every page, so the memory is really charged to its cgroup.
 *
 *   mem_hog [MAX_MB]
 *
 * With MAX_MB it stops there, prints "full" and waits to be killed (so a
 * test can hold memory without hitting a limit); without, it only ends
 * when killed (by the OOM killer, under a memory limit).  Exits 1 when
 * malloc fails, 2 on bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK	(1024 * 1024)

/* The last chunk taken; each holds the one before: none is ever freed. */
static void *held;

int
main(int argc, char **argv)
{
	unsigned long max = 0, got = 0;
	char *p, *end;

	if (argc > 2) {
		fprintf(stderr, "usage: mem_hog [MAX_MB]\n");
		return 2;
	}
	if (argc == 2) {
		max = strtoul(argv[1], &end, 10);
		if (*end != '\0' || max == 0) {
			fprintf(stderr, "mem_hog: bad size '%s'\n", argv[1]);
			return 2;
		}
	}
	while (max == 0 || got < max) {
		p = malloc(CHUNK);
		if (p == NULL) {
			perror("mem_hog: malloc");
			return 1;
		}
		memset(p, 0x5a, CHUNK);
		memcpy(p, &held, sizeof held);
		held = p;
		got++;
	}
	printf("full\n");
	fflush(stdout);
	for (;;)
		pause();
}
