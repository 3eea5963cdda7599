/*
 * conf/audit/: every signal system call is recorded for 64- and 32-bit
 * programs, each with signal 0 filtered on the argument that holds the
 * signal; the exec rules and the plugin file's template say what they
 * must.  Read as text: loading rules would change the machine's audit
 * configuration.
 */
#include <libaudit.h>

#include "../../audit/audit_syscall.h"
#include "audit_testutil.h"

#define RULES		"conf/audit/whokilled.rules"
#define EXEC_RULES	"conf/audit/whokilled-exec.rules"
/* The template make turns into the plugin file for the build's paths
 * (tests/e2e/build_and_install.sh checks what it makes and installs). */
#define PLUGIN		"conf/audit/whokilled.conf.in"

static const char *const calls[] = {
	"kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo",
	"pidfd_send_signal",
};

struct rule {
	char arch[8];		/* "b64" or "b32" */
	char syscalls[256];	/* the -S list */
	int filter_arg;		/* N of "-F aN!=0", or -1 */
	char key[64];
};

/* Reads "-a always,exit -F arch=bXX -S a,b [-F aN!=0] -k KEY"; 0 or -1. */
static int
parse_rule(const char *line, struct rule *r)
{
	char copy[512], *save = NULL, *w, *prev = NULL;

	memset(r, 0, sizeof r[0]);
	r->filter_arg = -1;
	snprintf(copy, sizeof copy, "%s", line);
	if (strncmp(copy, "-a always,exit ", 15) != 0)
		return -1;
	for (w = strtok_r(copy, " \n", &save); w; prev = w, w = strtok_r(NULL, " \n", &save)) {
		if (prev == NULL)
			continue;
		if (strcmp(prev, "-F") == 0 && strncmp(w, "arch=", 5) == 0)
			snprintf(r->arch, sizeof r->arch, "%s", w + 5);
		else if (strcmp(prev, "-F") == 0 && w[0] == 'a' && strcmp(w + 2, "!=0") == 0)
			r->filter_arg = w[1] - '0';
		else if (strcmp(prev, "-S") == 0)
			snprintf(r->syscalls, sizeof r->syscalls, "%s", w);
		else if (strcmp(prev, "-k") == 0)
			snprintf(r->key, sizeof r->key, "%s", w);
	}
	return r->arch[0] && r->syscalls[0] && r->key[0] ? 0 : -1;
}

/* The rules of a file; comments and blank lines skipped, anything else must parse. */
static size_t
read_rules(const char *path, struct rule *rules, size_t max)
{
	FILE *f = fopen(path, "r");
	char line[512];
	size_t n = 0;

	ck_assert_msg(f != NULL, "%s (run from the repository root)", path);
	while (fgets(line, sizeof line, f) != NULL) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		ck_assert_uint_lt(n, max);
		ck_assert_msg(parse_rule(line, &rules[n]) == 0, "%s: cannot read: %s", path, line);
		n++;
	}
	fclose(f);
	return n;
}

/* True when name is one of the comma-separated list. */
static int
listed(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; p != NULL; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, name, len) == 0 && (p[len] == ',' || p[len] == '\0'))
			return 1;
	return 0;
}

START_TEST(test_every_signal_call_on_both_architectures)
{
	static const struct {
		const char *arch;
		int machine;
		uint32_t audit_arch;
	} arches[] = {
		{ "b64", MACH_86_64, 0xc000003eu }, { "b32", MACH_X86, 0x40000003u },
	};
	struct rule rules[16];
	size_t n = read_rules(RULES, rules, 16);

	for (size_t a = 0; a < 2; a++) {
		for (size_t c = 0; c < sizeof calls / sizeof *calls; c++) {
			int nr = audit_name_to_syscall(calls[c], arches[a].machine);
			enum wk_audit_call call;
			int found = 0;

			ck_assert_msg(nr >= 0, "%s unknown on %s", calls[c], arches[a].arch);
			ck_assert_int_eq(wk_audit_classify(arches[a].audit_arch, nr, &call),
			    WK_AUDIT_SIGNAL);
			for (size_t i = 0; i < n; i++) {
				if (strcmp(rules[i].arch, arches[a].arch) != 0 ||
				    !listed(rules[i].syscalls, calls[c]))
					continue;
				found++;
				ck_assert_str_eq(rules[i].key, "whokilled");
				ck_assert_msg(rules[i].filter_arg == wk_audit_signal_arg(call),
				    "%s on %s: signal 0 filtered on a%d, the signal is a%d",
				    calls[c], arches[a].arch, rules[i].filter_arg,
				    wk_audit_signal_arg(call));
			}
			ck_assert_msg(found == 1, "%s on %s is in %d rules", calls[c],
			    arches[a].arch, found);
		}
	}
}
END_TEST

START_TEST(test_exec_rules)
{
	struct rule rules[8];
	size_t n = read_rules(EXEC_RULES, rules, 8);
	int b64 = 0, b32 = 0;

	for (size_t i = 0; i < n; i++) {
		ck_assert_str_eq(rules[i].key, "whokilled-exec");
		ck_assert_int_eq(rules[i].filter_arg, -1);
		ck_assert(listed(rules[i].syscalls, "execve"));
		b64 += strcmp(rules[i].arch, "b64") == 0;
		b32 += strcmp(rules[i].arch, "b32") == 0;
	}
	ck_assert_int_eq(b64, 1);
	ck_assert_int_eq(b32, 1);
}
END_TEST

START_TEST(test_plugin_file)
{
	static const char *const want[] = {
		"active = no", "direction = out", "path = @SBINDIR@/whokilledd",
		"type = always", "args = --audit-plugin", "format = string",
	};
	size_t len;
	char *text = read_text(PLUGIN, &len);
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		char line[128];

		snprintf(line, sizeof line, "\n%s\n", want[i]);
		ck_assert_msg(strstr(text, line) != NULL, "%s lacks '%s'", PLUGIN, want[i]);
	}
	free(text);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("audit_rules");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_every_signal_call_on_both_architectures);
	tcase_add_test(tc, test_exec_rules);
	tcase_add_test(tc, test_plugin_file);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
