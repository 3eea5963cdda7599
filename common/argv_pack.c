/*
 * Head and tail of a long command line.  Lengths are counted in bytes of
 * the NUL-joined form (each argument with its NUL), which is what argv_len
 * counts on the wire.
 */
#include <string.h>

#include "argv_pack.h"

/* Bytes of argument i with its NUL. */
static size_t
arg_size(char *const *argv, uint32_t i)
{
	return strlen(argv[i]) + 1;
}

/* Appends the first n bytes of s and a NUL at out + *used. */
static void
put(char *out, size_t *used, const char *s, size_t n)
{
	memcpy(out + *used, s, n);
	out[*used + n] = '\0';
	*used += n + 1;
}

int
wk_argv_pack(char *const *argv, uint32_t n, char *out, size_t cap,
    uint32_t *len, struct wk_argv_cut *cut)
{
	size_t total = 0, head = 0, tail = 0, used = 0, s;
	size_t head_chars = 0, tail_chars = 0, last_len = 0;
	uint32_t h = 0, t = 0;
	uint64_t kept_text = 0, all_text = 0;
	int head_part = 0, tail_part = 0, one_arg = 0;

	memset(cut, 0, sizeof *cut);
	for (uint32_t i = 0; i < n; i++)
		total += arg_size(argv, i);
	if (total <= cap) {
		for (uint32_t i = 0; i < n; i++) {
			s = arg_size(argv, i);
			memcpy(out + used, argv[i], s);
			used += s;
		}
		*len = (uint32_t)used;
		return 0;
	}
	all_text = total - n;

	/* The head: whole arguments in half of cap, else the first's start. */
	while (h < n && head + (s = arg_size(argv, h)) <= cap / 2) {
		head += s;
		h++;
	}
	if (h == 0) {
		head_chars = cap / 2 - 1;
		head = head_chars + 1;
		head_part = 1;
		h = 1;
	}
	/* The tail: whole arguments in what the head left, else the last's end
	 * (of the head's own argument when it is the only one). */
	while (n - t > h && tail + (s = arg_size(argv, n - 1 - t)) <= cap - head) {
		tail += s;
		t++;
	}
	if (t == 0) {
		last_len = strlen(argv[n - 1]);
		one_arg = n - 1 < h;
		tail_chars = cap - head - 1;
		if (tail_chars > last_len - (one_arg ? head_chars : 0))
			tail_chars = last_len - (one_arg ? head_chars : 0);
		tail = tail_chars + 1;
		tail_part = 1;
	}
	/* What is left goes to the head, in whole arguments. */
	while (!head_part && h < n - t - (uint32_t)(tail_part && !one_arg) &&
	    head + tail + (s = arg_size(argv, h)) <= cap) {
		head += s;
		h++;
	}

	for (uint32_t i = 0; i < h; i++) {
		s = head_part ? head_chars : strlen(argv[i]);
		put(out, &used, argv[i], s);
		kept_text += s;
	}
	if (tail_part) {
		put(out, &used, argv[n - 1] + last_len - tail_chars,
		    tail_chars);
		kept_text += tail_chars;
	}
	for (uint32_t i = n - t; i < n; i++) {
		s = strlen(argv[i]);
		put(out, &used, argv[i], s);
		kept_text += s;
	}
	*len = (uint32_t)used;
	cut->head = h;
	cut->flags = (head_part ? WK_CUT_HEAD_PART : 0) |
	    (tail_part ? WK_CUT_TAIL_PART : 0) | (one_arg ? WK_CUT_ONE_ARG : 0);
	cut->args = n - h - t - (uint32_t)(tail_part && !one_arg);
	cut->bytes = all_text - kept_text;
	return 1;
}
