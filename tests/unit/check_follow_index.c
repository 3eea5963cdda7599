/*
 * Followers filed by name (daemon/query/query_follow_index.c): a row is
 * offered to every follower whose filter takes it, each once, and not
 * to the followers of other exact names.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "whokilled/wire.h"
#include "daemon/query/query_follow.h"
#include "daemon/query/query_follow_index.h"

static const char *names[] = {
	"nginx", "postgres", "sshd", "ng*", "", "postgres-serverd",
	"postgres-serverx", "[ps]*", "nginx", "averyveryverylongprogramname",
};
#define N_NAMES	(sizeof names / sizeof names[0])

/* A follower of name as query_list_filter makes one (root asks). */
static void
follower_of(struct query_follow *f, const char *name)
{
	memset(f, 0, sizeof *f);
	snprintf(f->filter.name, sizeof f->filter.name, "%s", name);
	snprintf(f->filter.comm, sizeof f->filter.comm, "%s", name);
	f->filter.glob = strpbrk(name, "*?[") != NULL;
	f->filter.comm_whole = f->filter.glob ||
	    strcmp(f->filter.comm, f->filter.name) == 0;
}

struct seen {
	unsigned count[FOLLOW_INDEX_SLOTS];
	unsigned total;
};

static int
note(unsigned slot, void *arg)
{
	struct seen *s = arg;

	s->count[slot]++;
	s->total++;
	return 0;
}

static struct query_follow fws[N_NAMES + 2];
static const struct query_follow *slots[N_NAMES + 2];

/* Slots 0..N_NAMES-1 follow names[i]; the last two slots do not. */
static struct follow_index *
filed(void)
{
	static struct follow_index x;
	unsigned i;

	for (i = 0; i < N_NAMES; i++) {
		follower_of(&fws[i], names[i]);
		slots[i] = &fws[i];
	}
	slots[N_NAMES] = slots[N_NAMES + 1] = NULL;
	follow_index_build(&x, slots, N_NAMES + 2);
	return &x;
}

START_TEST(every_follower_that_takes_a_row_is_offered_it_once)
{
	struct follow_index *x = filed();
	struct store_kill_key k;
	struct seen s;
	unsigned c, e, i;

	/* Every row whose comm and exe are among the names (the comm cut
	 * as the kernel cuts it), and without an exe. */
	for (c = 0; c < N_NAMES; c++)
		for (e = 0; e <= N_NAMES; e++) {
			memset(&k, 0, sizeof k);
			k.id = 1;
			snprintf(k.target_comm, sizeof k.target_comm, "%s",
			    names[c]);
			if (e < N_NAMES)
				snprintf(k.target_exe, sizeof k.target_exe,
				    "%s", names[e]);
			memset(&s, 0, sizeof s);
			follow_index_walk(x, k.target_comm, k.target_exe, note,
			    &s);
			for (i = 0; i < N_NAMES + 2; i++) {
				ck_assert_uint_le(s.count[i], 1);
				if (slots[i] != NULL &&
				    query_follow_key(slots[i], &k))
					ck_assert_msg(s.count[i] == 1,
					    "comm %s exe %s: follower of %s "
					    "not offered", k.target_comm,
					    k.target_exe, names[i]);
				if (slots[i] == NULL)
					ck_assert_uint_eq(s.count[i], 0);
			}
		}
}
END_TEST

START_TEST(followers_of_other_names_are_not_asked)
{
	struct follow_index *x = filed();
	struct seen s;

	/* Asked of every row: the globs and the follower of no name. */
	memset(&s, 0, sizeof s);
	follow_index_walk(x, "bash", "bash", note, &s);
	ck_assert_uint_eq(s.total, 3);
	ck_assert_uint_eq(s.count[3] + s.count[4] + s.count[7], 3);
	/* Both followers of nginx, by comm; and by exe alone. */
	memset(&s, 0, sizeof s);
	follow_index_walk(x, "nginx", "", note, &s);
	ck_assert_uint_eq(s.total, 5);
	ck_assert_uint_eq(s.count[0] + s.count[8], 2);
	memset(&s, 0, sizeof s);
	follow_index_walk(x, "worker", "nginx", note, &s);
	ck_assert_uint_eq(s.count[0] + s.count[8], 2);
	/* A long name is filed under its whole name and its comm's 15. */
	memset(&s, 0, sizeof s);
	follow_index_walk(x, "averyveryverylo", "", note, &s);
	ck_assert_uint_eq(s.count[9], 1);
}
END_TEST

static int
stop_at_first(unsigned slot, void *arg)
{
	(void)slot;
	(*(unsigned *)arg)++;
	return 7;
}

START_TEST(a_walk_stops_when_asked)
{
	struct follow_index *x = filed();
	unsigned calls = 0;

	ck_assert_int_eq(follow_index_walk(x, "nginx", "nginx", stop_at_first,
	    &calls), 7);
	ck_assert_uint_eq(calls, 1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("follow_index");
	TCase *tc = tcase_create("index");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, every_follower_that_takes_a_row_is_offered_it_once);
	tcase_add_test(tc, followers_of_other_names_are_not_asked);
	tcase_add_test(tc, a_walk_stops_when_asked);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
