/*
 * docs/adding-a-probe-type.md must show code that compiles.
 *
 * The page builds events/type_latency.c step by step, so the check is
 * simple: its ```c blocks, taken one after the other, must be that
 * file, line for line (blank lines and the file's header comment
 * aside).  The kernel build compiles the file, so the page's code
 * compiles as shown.  A block may instead quote another file that
 * compiles (events/type_kretprobe.c for MAXACTIVE, the test in
 * tests/kernel/test_latency.c): then its lines must appear there, in
 * one piece.
 *
 * Run from the top of the tree (tests/run.py does).  Prints TAP; the
 * exit status is 0 only if every check passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINES 4000

struct text {
	char *lines[MAX_LINES];
	int n;
};

static int failures, tests;

static void ok(int cond, const char *what)
{
	tests++;
	if (!cond)
		failures++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", tests, what);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long size;

	if (!f) {
		printf("# cannot open %s (run from the top of the tree)\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
		exit(1);
	buf[size] = '\0';
	fclose(f);
	return buf;
}

/* The non-blank lines of s (s is cut up in place). */
static void split(char *s, struct text *t)
{
	t->n = 0;
	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
		if (strspn(line, " \t") == strlen(line))
			continue;
		if (t->n == MAX_LINES)
			exit(1);
		t->lines[t->n++] = line;
	}
}

/* Does file contain block's lines, in one run? */
static int contains(const struct text *file, const struct text *block)
{
	for (int i = 0; i + block->n <= file->n; i++) {
		int j = 0;
		while (j < block->n && strcmp(file->lines[i + j], block->lines[j]) == 0)
			j++;
		if (j == block->n)
			return 1;
	}
	return 0;
}

int main(void)
{
	static struct text doc, latency, others[2], block;
	char *doc_text = read_file("docs/adding-a-probe-type.md");
	char *lat_text = read_file("events/type_latency.c");
	char *kr_text = read_file("events/type_kretprobe.c");
	char *test_text = read_file("tests/kernel/test_latency.c");
	char *end_of_comment = strstr(lat_text, "*/\n");
	int cursor = 0, blocks = 0, in_block = 0;
	char msg[600];

	printf("TAP version 13\n");
	split(end_of_comment ? end_of_comment + 3 : lat_text, &latency);
	split(kr_text, &others[0]);
	split(test_text, &others[1]);
	split(doc_text, &doc);

	for (int i = 0; i < doc.n; i++) {
		const char *line = doc.lines[i];

		if (!in_block) {
			if (strcmp(line, "```c") == 0) {
				in_block = 1;
				block.n = 0;
			}
			continue;
		}
		if (strcmp(line, "```") != 0) {
			block.lines[block.n++] = doc.lines[i];
			continue;
		}
		in_block = 0;
		blocks++;
		/* The next piece of type_latency.c? */
		int j = 0;
		while (j < block.n && cursor + j < latency.n &&
		       strcmp(latency.lines[cursor + j], block.lines[j]) == 0)
			j++;
		if (j == block.n) {
			cursor += j;
			continue;
		}
		if (contains(&others[0], &block) || contains(&others[1], &block))
			continue;
		snprintf(msg, sizeof(msg),
			 "block %d of the page is neither the next part of events/type_latency.c nor "
			 "a quote of events/type_kretprobe.c or tests/kernel/test_latency.c; "
			 "first line that differs: \"%s\"", blocks, block.lines[j < block.n ? j : 0]);
		ok(0, msg);
	}
	ok(blocks > 0, "the page has C blocks");
	snprintf(msg, sizeof(msg), "the page shows all of events/type_latency.c (%d of %d lines%s%s)",
		 cursor, latency.n, cursor < latency.n ? "; first missing: " : "",
		 cursor < latency.n ? latency.lines[cursor] : "");
	ok(cursor == latency.n, msg);
	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}
