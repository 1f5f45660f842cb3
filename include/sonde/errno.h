/*
 * Error numbers.  Sonde uses Linux's values and names so that code and
 * messages port both ways: a function that fails returns -EINVAL, never
 * a private code.
 */
#ifndef SONDE_ERRNO_H
#define SONDE_ERRNO_H

#define EPERM    1   /* operation not permitted (e.g. a no-probe site) */
#define ENOENT   2   /* no such symbol, task or event */
#define ESRCH    3   /* no such task */
#define EINTR    4
#define EIO      5
#define E2BIG    7   /* argument list too long */
#define ENOMEM  12   /* out of memory */
#define EFAULT  14   /* bad address */
#define EBUSY   16   /* resource busy (e.g. deleting an enabled event) */
#define ENODEV  19   /* no such device */
#define EEXIST  17   /* already registered */
#define EINVAL  22   /* invalid argument */
#define ENOSPC  28   /* no space left (a full table) */
#define ERANGE  34   /* value out of range */
#define ENAMETOOLONG 36
#define ENOSYS  38   /* not implemented on this architecture */
#define EILSEQ  84   /* not on an instruction boundary */
#define ECHILD  10   /* no task to wait for */

/* "EINVAL" for 22 (or for -22); "E?" for a number we do not name. */
const char *errno_name(int err);

#endif
