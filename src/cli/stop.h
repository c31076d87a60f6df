/* stop.h — what the program removes when SIGINT, SIGTERM or SIGHUP stops it
 * mid-way: the temporaries the library makes beside an output (see stop.c). */
#ifndef MS_CLI_STOP_H
#define MS_CLI_STOP_H

#include <stdbool.h>

/* Watch dir for entries named BASE MARKER XXXXXX (the six characters of
 * mkstemp/mkdtemp; with base NULL any name ending so): those made after this
 * call are removed, directories with what they hold, if a signal stops the
 * program.  With restore, such an entry is renamed back to BASE instead when
 * BASE is missing (the old report moved aside while the new one goes in).
 * The first watch installs the handlers.  False when the watch could not be
 * set (too many, or a name too long): nothing is then removed for it. */
bool ms_stop_watch(const char *dir, const char *base, const char *marker, bool restore);

/* ms_stop_watch on the directory and last component of path (trailing '/'
 * removed), for PATH MARKER XXXXXX beside it. */
bool ms_stop_watch_beside(const char *path, const char *marker, bool restore);

/* The file at path, just opened on fd (--quarantine FILE, written as rows
 * are read), is removed if a signal stops the program before
 * ms_stop_partial(NULL, -1) says it is whole: a partial list of refused rows
 * would pass for the whole.  Only that file: the handler unlinks path only
 * while it is still the same regular file (device and inode). */
void ms_stop_partial(const char *path, int fd);

#endif
