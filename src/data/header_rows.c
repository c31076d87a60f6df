/* header_rows.c — header rows inside the data, told from answers
 * (header_rows.h). */
#include "header_rows.h"

#include <string.h>

#include "datetime.h"
#include "text.h"
#include "util.h"

static bool import_id(ms_field f)
{
    static const char *const starts[] = {"{\"ImportId\"", "{'ImportId'"};
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++) {
        size_t n = strlen(starts[i]);
        if (f.len > n && !memcmp(f.ptr, starts[i], n) && f.ptr[f.len - 1] == '}')
            return true;
    }
    return false;
}

/* The column of a form's time stamp, which the form fills in every answer
 * (Google «Отметка времени»/"Timestamp", Yandex «Время создания»); n_header
 * when there is none. */
static size_t stamp_column(char *const *header, size_t n_header)
{
    static const char *const w[] = {"отметка времени", "timestamp", "время создания"};
    for (size_t c = 0; c < n_header; c++)
        for (size_t k = 0; k < sizeof w / sizeof *w; k++)
            if (ms_field_equal_ci(ms_field_trim((ms_field){header[c], strlen(header[c])}), w[k]))
                return c;
    return n_header;
}

/* A row that may be a note: one when its time stamp cell holds no date
 * (missing, empty, or a caption typed into its column, «Больше 18»). */
static ms_header_kind kind_of_note(const ms_row *row, size_t stamp)
{
    if (stamp >= row->n_fields)
        return MS_HEADER_NOTE;
    ms_datetime dt;
    ms_field f = row->fields[stamp];
    return ms_datetime_parse_order(f.ptr, f.len, false, &dt) ||
                   ms_datetime_parse_order(f.ptr, f.len, true, &dt)
               ? MS_HEADER_NONE
               : MS_HEADER_NOTE;
}

ms_header_shape ms_header_shape_of(char *const *header, size_t n_header)
{
    ms_header_shape sh = {0, n_header};
    for (size_t c = 0; c < n_header; c++)
        sh.filled += *header[c] != '\0';
    if (sh.filled >= 3)
        sh.stamp = stamp_column(header, n_header);
    return sh;
}

ms_header_kind ms_header_row_kind(const ms_row *row, char *const *header, size_t n_header)
{
    ms_header_shape sh = ms_header_shape_of(header, n_header);
    return ms_header_row_kind_shaped(row, header, n_header, &sh);
}

ms_header_kind ms_header_row_kind_shaped(const ms_row *row, char *const *header, size_t n_header,
                                         const ms_header_shape *sh)
{
    if (row->broken)
        return MS_HEADER_NONE;
    size_t filled = 0, ids = 0, same = 0, header_filled = sh->filled;
    /* a note needs the stamp column: without one, or with a formula, the
     * first cell that is neither an ImportId nor its header settles the row */
    bool count_all = sh->stamp < n_header && !row->formulas;
    for (size_t c = 0; c < row->n_fields; c++) {
        ms_field f = row->fields[c];
        /* every row is asked: once a cell was neither an ImportId nor its
         * header, only a note is left to tell, which needs the count of
         * filled cells alone (folding and comparing every cell of every row
         * was ~15 % of a run), and more than a third filled settles that */
        bool neither = ids < filled && same < filled;
        if (neither && !count_all)
            return sh->stamp < n_header ? kind_of_note(row, sh->stamp) : MS_HEADER_NONE;
        /* a visible ASCII first byte is filled, whatever trimming takes */
        if (!(neither && f.len && (unsigned char)(f.ptr[0] - 0x21) < 0x5E)) {
            f = ms_field_trim(f);
            if (!f.len)
                continue;
        }
        filled++;
        if (neither) {
            if (filled * 3 > header_filled)
                return MS_HEADER_NONE;
            continue;
        }
        ids += import_id(f);
        same += c < n_header && *header[c] && ms_field_equal_ci(f, header[c]);
    }
    if (!filled)
        return MS_HEADER_NONE;
    if (ids == filled)
        return MS_HEADER_IMPORT_ID;
    if (same == filled && 2 * same >= header_filled)
        return MS_HEADER_REPEAT;
    /* a third of the columns or fewer, or a formula (=COUNTIF(…) beside its
     * caption), and no time stamp where the form writes one into every
     * answer: someone's note, link or tally among the answers, no answer (a
     * form writes no formula; an answer typed in by hand fills most columns) */
    if ((filled * 3 <= header_filled || row->formulas) && sh->stamp < n_header)
        return kind_of_note(row, sh->stamp);
    return MS_HEADER_NONE;
}

const char *ms_header_kind_words(ms_header_kind kind, bool ru)
{
    switch (kind) {
    case MS_HEADER_REPEAT:
        return ru ? "заголовок повторён (вставлена копия таблицы)"
                  : "the header repeated (a pasted copy of the sheet)";
    case MS_HEADER_QUESTIONS:
        return ru ? "тексты вопросов выгрузки Qualtrics"
                  : "the question texts of a Qualtrics export";
    case MS_HEADER_IMPORT_ID:
        return ru ? "строка ImportId выгрузки Qualtrics" : "the ImportId row of a Qualtrics export";
    case MS_HEADER_NOTE:
        return ru ? "заметка или подсчёт среди ответов: нет отметки времени, и заполнена треть "
                    "столбцов или меньше или есть формула"
                  : "a note or a tally among the answers: no time stamp, and a third of the "
                    "columns or fewer filled, or a formula";
    default:
        return "";
    }
}

void ms_held_row_clear(ms_held_row *h)
{
    ms_free(h->fields);
    ms_free(h->text);
    ms_free(h->broken);
    ms_free(h->sheet);
    memset(h, 0, sizeof *h);
}

ms_status ms_held_row_set(ms_held_row *h, const ms_row *row)
{
    ms_held_row_clear(h);
    size_t bytes = 1;
    for (size_t c = 0; c < row->n_fields; c++)
        bytes += row->fields[c].len + 1;
    h->fields = ms_calloc(row->n_fields + 1, sizeof *h->fields);
    h->text = ms_malloc(bytes);
    h->broken = row->broken ? ms_strdup(row->broken) : NULL;
    h->sheet = row->sheet ? ms_strdup(row->sheet) : NULL;
    if (!h->fields || !h->text || (row->broken && !h->broken) || (row->sheet && !h->sheet)) {
        ms_held_row_clear(h);
        return MS_ERR_NOMEM;
    }
    char *p = h->text;
    for (size_t c = 0; c < row->n_fields; c++) {
        memcpy(p, row->fields[c].ptr, row->fields[c].len);
        p[row->fields[c].len] = '\0';
        h->fields[c] = (ms_field){p, row->fields[c].len};
        p += row->fields[c].len + 1;
    }
    h->row = *row;
    h->row.fields = h->fields;
    h->row.broken = h->broken;
    h->row.sheet = h->sheet;
    h->row.prep = NULL; /* it points into a batch that is not kept */
    h->held = true;
    return MS_OK;
}
