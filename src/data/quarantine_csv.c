/* quarantine_csv.c — a quarantined row as a line of the --quarantine CSV. */
#include "quarantine_csv.h"

#include <string.h>

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
        fwrite(b.s, 1, b.len, f);
    ms_sbuf_free(&b);
}
