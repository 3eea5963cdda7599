/*
 * Golden files: each canned log in tests/audit/cases/ goes through the
 * audit reader (NAME.dump.golden: every parsed event, then the reader's
 * counters) and through the offline mode once per line of NAME.args
 * (NAME.out.golden: the output, its diagnostics and exit status), and the
 * results must equal the golden files byte for byte.
 *
 *   check_audit_golden               compare (run from the repository root)
 *   check_audit_golden --regenerate  rewrite the golden files instead
 *                                    (make audit-golden); never done by the test
 *
 * NAME.args: one run per line, "#" starts a comment; words are --json,
 * --all, --signal=SIG, --since=EPOCH, --until=EPOCH, --limit=N, --node=NAME
 * and the PID.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit_dump.h"
#include "../../audit/audit_reader.h"
#include "cli/offline.h"

#define CASES_DIR	"tests/audit/cases"
#define MAX_CASES	64

static char *cases[MAX_CASES];
static int ncases;

/* Why a helper below returned NULL, for the test's message. */
static char failure[1024];

/* Output written to a memory stream. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static int
capture_open(struct capture *c)
{
	memset(c, 0, sizeof *c);
	c->f = open_memstream(&c->buf, &c->len);
	return c->f == NULL ? -1 : 0;
}

/* Closes the stream; the text stays in c->buf (NUL-terminated) for the caller to free. */
static int
capture_close(struct capture *c)
{
	int ret = fclose(c->f);

	c->f = NULL;
	return ret == 0 ? 0 : -1;
}

static void
dump_kill(const struct wk_audit_kill *k, void *arg)
{
	wk_audit_dump_kill(arg, k);
}

static void
dump_exec(const struct wk_audit_exec *x, void *arg)
{
	wk_audit_dump_exec(arg, x);
}

/* The reader's view of NAME.log: every event, then the counters; NULL on failure. */
static char *
make_dump(const char *name)
{
	struct capture c;
	struct wk_audit_sink sink = { .kill = dump_kill, .exec = dump_exec };
	struct wk_audit_reader_stats st;
	struct wk_audit_reader *r;
	char path[256];
	FILE *log;
	int ok;

	snprintf(path, sizeof path, "%s.log", name);
	log = fopen(path, "r");
	if (log == NULL || capture_open(&c) == -1) {
		snprintf(failure, sizeof failure, "%s: %s", path, strerror(errno));
		if (log != NULL)
			fclose(log);
		return NULL;
	}
	sink.arg = c.f;
	r = wk_audit_reader_new(&sink);
	ok = r != NULL && wk_audit_reader_read_fd(r, fileno(log)) == 0;
	if (ok) {
		wk_audit_reader_stats(r, &st);
		wk_audit_dump_stats(c.f, &st);
	} else {
		snprintf(failure, sizeof failure, "reading %s: %s", path, strerror(errno));
	}
	wk_audit_reader_free(r);
	fclose(log);
	if (capture_close(&c) == -1 || !ok) {
		free(c.buf);
		return NULL;
	}
	return c.buf;
}

/* One NAME.args line as options and a pid: 1, 0 for a blank line, -1 without PID. */
static int
parse_run(char *line, struct cli_offline_opts *o, int32_t *pid)
{
	char *save = NULL;
	int words = 0;

	memset(o, 0, sizeof *o);
	*pid = 0;
	line[strcspn(line, "#\n")] = '\0';
	for (char *w = strtok_r(line, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		words++;
		if (strcmp(w, "--json") == 0)
			o->json = 1;
		else if (strcmp(w, "--all") == 0)
			o->all = 1;
		else if (strncmp(w, "--signal=", 9) == 0)
			o->signo = wk_signal_parse(w + 9);
		else if (strncmp(w, "--since=", 8) == 0)
			o->since = strtoll(w + 8, NULL, 10);
		else if (strncmp(w, "--until=", 8) == 0)
			o->until = strtoll(w + 8, NULL, 10);
		else if (strncmp(w, "--limit=", 8) == 0)
			o->limit = (uint32_t)strtoul(w + 8, NULL, 10);
		else if (strncmp(w, "--node=", 7) == 0)
			o->node = w + 7;
		else
			*pid = (int32_t)strtol(w, NULL, 10);
	}
	if (words == 0)
		return 0;
	return *pid > 0 ? 1 : -1;
}

/*
 * Every run of NAME.args with its output, diagnostics and exit status;
 * NULL with *missing set when there is no NAME.args, NULL on failure.
 */
static char *
make_out(const char *name, int *missing)
{
	struct capture all, out, err;
	char path[256], logname[256], line[512];
	const char *logs[1] = { logname };
	FILE *args;
	int bad = 0;

	snprintf(path, sizeof path, "%s.args", name);
	snprintf(logname, sizeof logname, "%s.log", name);
	args = fopen(path, "r");
	*missing = args == NULL;
	if (args == NULL || capture_open(&all) == -1) {
		snprintf(failure, sizeof failure, "%s: %s", path, strerror(errno));
		if (args != NULL)
			fclose(args);
		return NULL;
	}
	while (!bad && fgets(line, sizeof line, args) != NULL) {
		struct cli_offline_opts o;
		char shown[512];
		int32_t pid;
		int status, run;
		size_t n;

		n = strcspn(line, "#\n");
		while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
			n--;
		snprintf(shown, sizeof shown, "%.*s", (int)n, line);
		run = parse_run(line, &o, &pid);
		if (run == 0)
			continue;
		if (run == -1 || capture_open(&out) == -1 || capture_open(&err) == -1) {
			snprintf(failure, sizeof failure, "%s: a line without PID: %s", path, shown);
			bad = 1;
			break;
		}
		status = cli_offline_run(logs, 1, pid, &o, out.f, err.f);
		bad = capture_close(&out) == -1 || capture_close(&err) == -1;
		fprintf(all.f, "$ whokilled --audit-log %s %s\n%s", logname, shown, out.buf);
		if (err.len > 0)
			fprintf(all.f, "[stderr]\n%s", err.buf);
		fprintf(all.f, "[exit %d]\n\n", status);
		free(out.buf);
		free(err.buf);
	}
	fclose(args);
	if (capture_close(&all) == -1 || bad) {
		free(all.buf);
		return NULL;
	}
	return all.buf;
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, len = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = (cap + 4096 + 1) * 2;
			char *b = realloc(buf, cap);

			if (b == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = b;
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* Fails with the first line where got and the golden file differ. */
static void
compare(const char *golden_path, const char *got)
{
	char *want = read_file(golden_path);
	const char *w, *g;
	int line = 1;

	ck_assert_msg(want != NULL, "%s is missing: run 'make audit-golden' and review it",
	    golden_path);
	for (w = want, g = got; *w && *w == *g; w++, g++)
		line += *w == '\n';
	if (*w != '\0' || *g != '\0') {
		const char *ws = w, *gs = g;

		while (ws > want && ws[-1] != '\n')
			ws--;
		while (gs > got && gs[-1] != '\n')
			gs--;
		ck_abort_msg("%s differs at line %d:\n  golden: %.*s\n  got:    %.*s\n"
		    "(if the change is intended: make audit-golden, then review the diff)",
		    golden_path, line, (int)strcspn(ws, "\n"), ws, (int)strcspn(gs, "\n"), gs);
	}
	free(want);
}

START_TEST(test_golden)
{
	const char *name = cases[_i];
	char path[256];
	char *dump, *out;
	int missing;

	dump = make_dump(name);
	ck_assert_msg(dump != NULL, "%s", failure);
	snprintf(path, sizeof path, "%s.dump.golden", name);
	compare(path, dump);
	free(dump);
	out = make_out(name, &missing);
	ck_assert_msg(out != NULL, "%s", failure);
	snprintf(path, sizeof path, "%s.out.golden", name);
	compare(path, out);
	free(out);
}
END_TEST

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Finds the canned logs; exits when the cases are not where they belong. */
static void
find_cases(void)
{
	DIR *d;
	struct dirent *e;

	if (chdir(CASES_DIR) == -1) {
		fprintf(stderr, "check_audit_golden: %s: %s (run from the repository root)\n",
		    CASES_DIR, strerror(errno));
		exit(EXIT_FAILURE);
	}
	d = opendir(".");
	if (d == NULL) {
		perror("check_audit_golden: opendir");
		exit(EXIT_FAILURE);
	}
	while ((e = readdir(d)) != NULL && ncases < MAX_CASES) {
		size_t n = strlen(e->d_name);

		if (n > 4 && strcmp(e->d_name + n - 4, ".log") == 0)
			cases[ncases++] = strndup(e->d_name, n - 4);
	}
	closedir(d);
	qsort(cases, (size_t)ncases, sizeof *cases, by_name);
	if (ncases == 0) {
		fprintf(stderr, "check_audit_golden: no *.log in %s\n", CASES_DIR);
		exit(EXIT_FAILURE);
	}
}

static void
write_golden(const char *name, const char *suffix, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s.%s.golden", name, suffix);
	f = fopen(path, "w");
	if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0) {
		fprintf(stderr, "check_audit_golden: cannot write %s: %s\n", path,
		    strerror(errno));
		exit(EXIT_FAILURE);
	}
	printf("wrote %s/%s\n", CASES_DIR, path);
}

/* make audit-golden: writes what the code produces now. */
static int
regenerate(void)
{
	for (int i = 0; i < ncases; i++) {
		char *dump = make_dump(cases[i]);
		int missing;
		char *out = make_out(cases[i], &missing);

		if (dump == NULL || (out == NULL && !missing)) {
			fprintf(stderr, "check_audit_golden: %s\n", failure);
			return EXIT_FAILURE;
		}
		write_golden(cases[i], "dump", dump);
		if (out != NULL)
			write_golden(cases[i], "out", out);
		free(dump);
		free(out);
	}
	return EXIT_SUCCESS;
}

int
main(int argc, char **argv)
{
	Suite *s = suite_create("audit_golden");
	TCase *tc = tcase_create("cases");
	SRunner *sr;
	int failed;

	setenv("TZ", "UTC0", 1);
	tzset();
	find_cases();
	if (argc == 2 && strcmp(argv[1], "--regenerate") == 0)
		return regenerate();
	tcase_add_loop_test(tc, test_golden, 0, ncases);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
