/* quarantine_csv.c — a quarantined row as a line of the --quarantine CSV. */
#include "quarantine_csv.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sbuf.h"

void ms_quarantine_csv_line(FILE *f, const ms_quarantined *q)
{
    ms_sbuf b = {0};
    ms_sbuf_csv_cell(&b, q->file, strlen(q->file));
    ms_sbuf_printf(&b, ",%zu,", q->line);
    ms_sbuf_csv_cell(&b, q->reason->message, strlen(q->reason->message));
    for (size_t i = 0; i < q->n_fields; i++) {
        ms_sbuf_putn(&b, ",", 1);
        ms_sbuf_csv_cell(&b, q->fields[i], q->lengths[i]);
    }
    ms_sbuf_putn(&b, "\n", 1);
    if (!b.failed)
        fwrite(ms_sbuf_str(&b), 1, b.len, f);
    ms_sbuf_free(&b);
}

FILE *ms_quarantine_open(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return NULL;
    FILE *f = fchmod(fd, 0600) == 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}
