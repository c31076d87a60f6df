/* status.c — status messages, error records and the allocation hook. */
#include "mentorstat/status.h"

#include <gsl/gsl_errno.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *default_realloc(void *ptr, size_t size, void *ud)
{
    (void)ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

/* The only process-wide state of the library: set once, before use. */
static ms_realloc_fn alloc_fn = default_realloc;
static void *alloc_ud;

void ms_set_allocator(ms_realloc_fn fn, void *ud)
{
    alloc_fn = fn ? fn : default_realloc;
    alloc_ud = fn ? ud : NULL;
}

void *ms_malloc(size_t size) { return alloc_fn(NULL, size ? size : 1, alloc_ud); }

void *ms_realloc(void *ptr, size_t size) { return alloc_fn(ptr, size ? size : 1, alloc_ud); }

void *ms_reallocarray(void *ptr, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return ms_realloc(ptr, n * size);
}

void *ms_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    size_t bytes = n * size;
    void *p = ms_malloc(bytes);
    if (p)
        memset(p, 0, bytes ? bytes : 1);
    return p;
}

void ms_free(void *ptr)
{
    if (ptr)
        alloc_fn(ptr, 0, alloc_ud);
}

char *ms_strndup(const char *s, size_t n)
{
    char *d = ms_malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *ms_strdup(const char *s) { return ms_strndup(s, strlen(s)); }

const char *ms_strerror(ms_status status)
{
    switch (status) {
    case MS_OK: return "success";
    case MS_ERR_NOMEM: return "out of memory";
    case MS_ERR_IO: return "input/output error";
    case MS_ERR_USAGE: return "usage error";
    case MS_ERR_CODEBOOK: return "invalid codebook";
    case MS_ERR_ENCODING: return "unreadable text encoding";
    case MS_ERR_PARSE: return "unreadable CSV";
    case MS_ERR_DATA: return "data do not match the codebook";
    case MS_ERR_NODATA: return "no usable data";
    case MS_ERR_MATH: return "statistic undefined for these data";
    case MS_ERR_PROGRAMME: return "invalid programme file";
    case MS_ERR_EXTERNAL: return "external program failed";
    }
    return "unknown status";
}

ms_status ms_error_set(ms_error *err, ms_status status, const char *file,
                       size_t line, size_t column, const char *fmt, ...)
{
    if (!err)
        return status;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->sheet[0] = '\0';
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

/* 1 -> "A", 27 -> "AA": the column as a spreadsheet names it. */
static void column_letters(size_t col, char *buf)
{
    char rev[16];
    size_t n = 0;
    for (; col && n < sizeof rev; col = (col - 1) / 26)
        rev[n++] = (char)('A' + (col - 1) % 26);
    for (size_t i = 0; i < n; i++)
        buf[i] = rev[n - 1 - i];
    buf[n] = '\0';
}

static void format_in_sheet(const ms_error *err, char *buf, size_t size)
{
    char col[17];
    column_letters(err->column, col);
    if (err->line)
        snprintf(buf, size, "%s:%s!%s%zu: %s", err->file, err->sheet, col, err->line,
                 err->message);
    else
        snprintf(buf, size, "%s:%s: %s", err->file, err->sheet, err->message);
}

void ms_error_format(const ms_error *err, char *buf, size_t size)
{
    if (err->file[0] && err->sheet[0])
        format_in_sheet(err, buf, size);
    else if (err->file[0] && err->line && err->column)
        snprintf(buf, size, "%s:%zu:%zu: %s", err->file, err->line, err->column, err->message);
    else if (err->file[0] && err->line)
        snprintf(buf, size, "%s:%zu: %s", err->file, err->line, err->message);
    else if (err->file[0])
        snprintf(buf, size, "%s: %s", err->file, err->message);
    else
        snprintf(buf, size, "%s", err->message);
}

void ms_init(void) { gsl_set_error_handler_off(); }
