/*
 * header_rows.h (private) — rows under the header that are headers, not
 * answers: a pasted copy of the sheet repeats the header; a Qualtrics export
 * writes two more header rows, the question texts and the ImportId row
 * ({"ImportId":"QID73"}).  The loader and `init` leave them out the same
 * way and count them with their reason (read = accepted + quarantined +
 * excluded still holds: they are excluded).
 *
 * The question texts are known only by the row after them, so the first
 * data row of a file is held (ms_held_row, a deep copy) until the second is
 * seen.
 */
#ifndef MENTORSTAT_HEADER_ROWS_H
#define MENTORSTAT_HEADER_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "csvread.h"
#include "mentorstat/load.h"


/* What a data row is: MS_HEADER_REPEAT when every non-empty cell equals its
 * column's header (trimmed, case-insensitively) and at least half of the
 * header's filled cells are there; MS_HEADER_IMPORT_ID when every non-empty
 * cell is a Qualtrics import id ({"ImportId":…} or {'ImportId': …});
 * MS_HEADER_NOTE when the header has a form's time stamp column
 * («Отметка времени», "Timestamp", «Время создания»), the row leaves it
 * without a date and fills a third of the columns or fewer, or holds a
 * formula (an .xlsx tally beside its caption); else MS_HEADER_NONE. */
ms_header_kind ms_header_row_kind(const ms_row *row, char *const *header, size_t n_header);

/* What ms_header_row_kind needs of the header, worked out once for a file
 * (the loader asks of every row). */
typedef struct {
    size_t filled; /* header cells not empty */
    size_t stamp;  /* the time stamp's column; n_header when none or too few filled */
} ms_header_shape;
ms_header_shape ms_header_shape_of(char *const *header, size_t n_header);
ms_header_kind ms_header_row_kind_shaped(const ms_row *row, char *const *header, size_t n_header,
                                         const ms_header_shape *shape);


/* A row kept past its callback. */
typedef struct {
    bool held;
    ms_row row;      /* fields point into text */
    ms_field *fields;
    char *text;
    char *broken;
    char *sheet;
} ms_held_row;

/* Copy row into h (h->held true); MS_ERR_NOMEM leaves h empty. */
ms_status ms_held_row_set(ms_held_row *h, const ms_row *row);
/* Free what h holds; h->held false. */
void ms_held_row_clear(ms_held_row *h);

#endif
