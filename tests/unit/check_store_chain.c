/*
 * The chain BLOB: packed chains read back exactly, old raw ones still
 * read, damaged ones read as no chain, and packing saves the bytes it is for.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/store/store_chain.h"

static void
fill(struct wk_chain_entry *chain, uint32_t n)
{
	uint32_t i;

	memset(chain, 0, n * sizeof chain[0]);
	for (i = 0; i < n; i++) {
		chain[i].pid = 4194304 - (int32_t)i;
		chain[i].ppid = i == 0 ? 1 : chain[i - 1].pid;
		chain[i].start_time = UINT64_MAX - i;
		chain[i].uid = i;
		chain[i].euid = i * 1000;
		chain[i].loginuid = i % 2 ? WK_ID_UNSET : 1000;
		snprintf(chain[i].comm, sizeof chain[i].comm, "%s",
		    i % 3 ? "c" : "fifteen-bytes-x");
		memset(chain[i].args, 'a' + (int)i, i % 2 ? 5 :
		    sizeof chain[i].args - 1);
	}
}

START_TEST(a_packed_chain_reads_back_exactly)
{
	struct wk_chain_entry in[WK_CHAIN_MAX], out[WK_CHAIN_MAX];
	unsigned char blob[STORE_CHAIN_PACKED_MAX];
	uint32_t n;
	size_t len;

	for (n = 0; n <= WK_CHAIN_MAX; n++) {
		fill(in, n);
		len = store_chain_pack(in, n, blob);
		ck_assert_uint_le(len, STORE_CHAIN_PACKED_MAX);
		memset(out, 0x55, sizeof out);
		ck_assert_uint_eq(store_chain_unpack(blob, len, out), n);
		ck_assert_mem_eq(in, out, n * sizeof in[0]);
	}
}
END_TEST

START_TEST(an_old_raw_chain_still_reads)
{
	struct wk_chain_entry in[3], out[WK_CHAIN_MAX];

	fill(in, 3);
	ck_assert_uint_eq(store_chain_unpack(in, sizeof in, out), 3);
	ck_assert_mem_eq(in, out, sizeof in);
	/* Not a whole number of entries: no chain. */
	ck_assert_uint_eq(store_chain_unpack(in, sizeof in - 1, out), 0);
	ck_assert_uint_eq(store_chain_unpack(NULL, 0, out), 0);
}
END_TEST

START_TEST(a_damaged_packed_chain_reads_as_none)
{
	struct wk_chain_entry in[4], out[WK_CHAIN_MAX];
	unsigned char blob[STORE_CHAIN_PACKED_MAX];
	size_t len, cut;

	fill(in, 4);
	len = store_chain_pack(in, 4, blob);
	/* Cut anywhere inside the last entry: never a wrong entry. */
	for (cut = len - 1; cut > 4; cut--) {
		uint32_t n = store_chain_unpack(blob, cut, out);

		ck_assert_uint_lt(n, 4);
		if (n > 0)
			ck_assert_mem_eq(in, out, n * sizeof in[0]);
	}
	/* A string longer than its field. */
	blob[len - (strlen(in[3].args) + 1)] = WK_ARGS_SHORT_MAX;
	ck_assert_uint_eq(store_chain_unpack(blob, len, out), 0);
	/* A varint that never ends. */
	memset(blob + 4, 0xff, 20);
	ck_assert_uint_eq(store_chain_unpack(blob, 24, out), 0);
}
END_TEST

START_TEST(packing_keeps_a_typical_chain_small)
{
	struct wk_chain_entry chain[5];
	unsigned char blob[STORE_CHAIN_PACKED_MAX];
	uint32_t i;

	memset(chain, 0, sizeof chain);
	for (i = 0; i < 5; i++) {
		chain[i].pid = 2000 + (int32_t)i;
		chain[i].ppid = 1999 + (int32_t)i;
		chain[i].start_time = 123456 + i;
		chain[i].uid = chain[i].euid = 1000;
		chain[i].loginuid = 1000;
		snprintf(chain[i].comm, sizeof chain[i].comm, "bash");
		snprintf(chain[i].args, sizeof chain[i].args, "-bash");
	}
	ck_assert_uint_lt(store_chain_pack(chain, 5, blob), sizeof chain / 3);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("store_chain");
	TCase *tc = tcase_create("blob");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, a_packed_chain_reads_back_exactly);
	tcase_add_test(tc, an_old_raw_chain_still_reads);
	tcase_add_test(tc, a_damaged_packed_chain_reads_as_none);
	tcase_add_test(tc, packing_keeps_a_typical_chain_small);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
