/* Names for error numbers, so messages say "-ENOENT", not "-2". */
#include <sonde/errno.h>

static const struct { int err; const char *name; } errno_names[] = {
	{ EPERM, "EPERM" },   { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
	{ EINTR, "EINTR" },   { EIO, "EIO" },       { E2BIG, "E2BIG" },
	{ ECHILD, "ECHILD" }, { ENOMEM, "ENOMEM" }, { EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" },   { EEXIST, "EEXIST" }, { EINVAL, "EINVAL" },
	{ ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" },
	{ ENAMETOOLONG, "ENAMETOOLONG" },           { EILSEQ, "EILSEQ" },
};

const char *errno_name(int err)
{
	/* Either sign: callers hold -EINVAL, messages print "-" themselves. */
	if (err < 0)
		err = -err;
	for (unsigned i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	return "E?";          /* never NULL: it goes straight into a %s */
}
