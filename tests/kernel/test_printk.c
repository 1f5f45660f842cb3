/*
 * printk formats into a 512-byte buffer.  A longer text is cut, but the
 * newline at the end of its format is kept: without it the next line --
 * here the TAP "ok" line the harness looks for -- would be glued to the
 * long one and lost.
 */
#include <sonde/ktest.h>
#include <sonde/printk.h>

KTEST(printk_long_line_keeps_its_newline)
{
	static char text[1500];

	for (unsigned i = 0; i < sizeof(text) - 1; i++)
		text[i] = (char)('a' + i % 26);
	text[sizeof(text) - 1] = '\0';
	/* A '#' line is a TAP diagnostic: the harness shows it only on failure. */
	KT_EXPECT_EQ(printk("# a long line: %s\n", text), 15 + 1499 + 1);
	KT_EXPECT_EQ(printk("# %.600s\n", text), 2 + 600 + 1);
}
