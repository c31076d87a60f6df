/*
 * status.h — the one status type of libmentorstat, its error record and the
 * allocation hook.
 *
 * Contract: every fallible library function returns an ms_status and, when it
 * is given a non-NULL ms_error, fills it with the place (file, line, column;
 * 0 when not applicable) and a one-line message.  The library never prints,
 * never exits and keeps no global state except the allocation hook, which a
 * program sets once before anything else (tests use it to fail the N-th
 * allocation).  ms_strerror() never returns NULL.
 *
 * Requirement: a program calls ms_library_init() once, before any other function
 * and before starting threads (as curl_global_init).  The statistics call
 * GSL, whose default error handler aborts the process on a domain error
 * (a tail probability that underflows, a singular matrix) that mentorstat
 * reports as NAN with MS_ERR_MATH instead; ms_library_init() switches that handler
 * off.  A program that installs a GSL handler of its own afterwards must
 * return from it.
 */
#ifndef MENTORSTAT_STATUS_H
#define MENTORSTAT_STATUS_H

#include <stddef.h>

#if defined(__GNUC__)
#define MS_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define MS_PRINTF(fmt, args)
#endif

typedef enum {
    MS_OK = 0,
    MS_ERR_NOMEM,      /* an allocation failed */
    MS_ERR_IO,         /* a file could not be opened, read or written */
    MS_ERR_USAGE,      /* the caller asked for something impossible */
    MS_ERR_CODEBOOK,   /* the codebook is invalid */
    MS_ERR_ENCODING,   /* the data are not in a readable encoding */
    MS_ERR_PARSE,      /* an input cannot be read as what it should be: a CSV table, a
                          workbook, a summary (.msum); never for a failed allocation */
    MS_ERR_DATA,       /* the data do not fit the codebook (missing column...) */
    MS_ERR_NODATA,     /* nothing usable was left */
    MS_ERR_MATH,       /* a statistic is undefined for these data */
    MS_ERR_PROGRAMME,  /* the programme file is invalid */
    MS_ERR_EXTERNAL    /* an external program (gnuplot) failed or is missing */
} ms_status;

typedef struct {
    char file[256];
    size_t line;      /* 1-based; 0 when not about a line */
    size_t column;    /* 1-based; 0 when not about a column */
    char message[512];
    char sheet[128];  /* .xlsx: the sheet; then the place reads file:sheet!C14 */
} ms_error;

const char *ms_strerror(ms_status status);
/* Once per process, first: GSL's error handler off (see above). */
void ms_library_init(void);

/* Fill err (when non-NULL) and return status, so callers can write
 * `return ms_error_set(err, MS_ERR_IO, path, 0, 0, "cannot open: %s", ...)`. */
ms_status ms_error_set(ms_error *err, ms_status status, const char *file,
                       size_t line, size_t column, const char *fmt, ...)
    MS_PRINTF(6, 7);

/* Format "file:line:col: message" (parts that are 0/empty are left out);
 * with a sheet "file:sheet!C14: message" (column letters, row), or
 * "file:sheet!14: message" without a column. */
void ms_error_format(const ms_error *err, char *buf, size_t size);

/* Allocation hook.  All library allocations go through these. */
typedef void *(*ms_realloc_fn)(void *ptr, size_t size, void *ud);
void ms_set_allocator(ms_realloc_fn fn, void *ud);
void *ms_malloc(size_t size);
void *ms_calloc(size_t n, size_t size);
void *ms_realloc(void *ptr, size_t size);
void *ms_reallocarray(void *ptr, size_t n, size_t size);
void ms_free(void *ptr);
char *ms_strdup(const char *s);
char *ms_strndup(const char *s, size_t n);

#endif
