/*
 * report_territory.c — a municipal report that reads at 5 or 1,000
 * organisations (report_territory.h).
 *
 * Privacy: the appendix lists rows per organisation label, in label order;
 * an unnamed organisation's files are counted, not named (a file's name,
 * like its folder, may name the school), and a named one's are given by
 * base name only.
 */
#include "report_territory.h"

#include <string.h>

#include "plural.h"

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void tally_add(ms_tally *t, const ms_tally *x)
{
    t->read += x->read, t->accepted += x->accepted;
    t->quarantined += x->quarantined, t->excluded += x->excluded;
}

/* One row: organisation o's files of questionnaire rq in one period. */
static void org_row(ms_report *r, size_t o, const ms_rq *rq, bool earlier, ms_rtable *t)
{
    const ms_questionnaire *q = rq->q;
    const size_t *org = earlier ? q->earlier_org : q->data_org;
    char *const *paths = earlier ? q->earlier : q->data;
    const ms_tally *tallies = earlier ? rq->tally_earlier : rq->tally_cur;
    size_t n = earlier ? q->n_earlier : q->n_data, files = 0;
    ms_tally sum = {0, 0, 0, 0};
    ms_sbuf names = {0};
    for (size_t i = 0; org && i < n; i++) {
        if (org[i] != o)
            continue;
        tally_add(&sum, &tallies[i]);
        ms_sbuf_puts(&names, files++ ? ", " : "");
        ms_sbuf_puts(&names, base_name(paths[i]));
    }
    if (files) {
        char label[128], count[64];
        ms_report_org_label(r, o, label, sizeof label);
        snprintf(count, sizeof count, "%zu %s", files,
                 ms_plural(r->ru, (double)files, "файл", "файла", "файлов", "file", "files"));
        ms_rtable_text(t, label);
        ms_rtable_text(t, q->title);
        ms_rtable_text(t, earlier ? MS_TR(r, "прошлые годы", "earlier years")
                                  : MS_TR(r, "этот год", "this year"));
        ms_rtable_text(t, r->prog->orgs[o].name ? names.s : count);
        ms_rtable_num(t, (double)sum.read, 0);
        ms_rtable_num(t, (double)sum.accepted, 0);
        ms_rtable_num(t, (double)sum.quarantined, 0);
        ms_rtable_num(t, (double)sum.excluded, 0);
        ms_rtable_end_row(t);
    }
    if (names.failed)
        t->html.failed = true;
    ms_sbuf_free(&names);
}

ms_status ms_report_org_files_table(ms_report *r, ms_sbuf *b)
{
    ms_rtable t;
    ms_rtable_begin(&t, r, "data-quality");
    const char *heads[] = {MS_TR(r, "Организация", "Organisation"),
                           MS_TR(r, "Анкета", "Questionnaire"),
                           MS_TR(r, "Период", "Period"),
                           MS_TR(r, "Файлы", "Files"),
                           MS_TR(r, "Прочитано строк", "Rows read"),
                           MS_TR(r, "Принято", "Accepted"),
                           MS_TR(r, "В карантине", "Quarantined"),
                           MS_TR(r, "Исключено: нет согласия", "Excluded: no consent")};
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        ms_rtable_head(&t, heads[i]);
    ms_rtable_end_row(&t);
    for (size_t o = 0; o < r->prog->n_orgs; o++)
        for (size_t i = 0; i < r->n_q; i++) {
            org_row(r, o, &r->q[i], false, &t);
            org_row(r, o, &r->q[i], true, &t);
        }
    ms_rtable_text(&t, MS_TR(r, "Всего", "Total"));
    for (int i = 0; i < 3; i++)
        ms_rtable_text(&t, "");
    ms_rtable_num(&t, (double)r->rows.read, 0);
    ms_rtable_num(&t, (double)r->rows.accepted, 0);
    ms_rtable_num(&t, (double)r->rows.quarantined, 0);
    ms_rtable_num(&t, (double)r->rows.excluded, 0);
    ms_rtable_end_row(&t);
    ms_status st = ms_rtable_finish(
        &t, r,
        MS_TR(r, "Данные по организациям: прочитано = принято + в карантине + исключено",
              "Data by organisation: read = accepted + quarantined + excluded"),
        b);
    ms_html_p(b, "note",
              MS_TR(r, "Строки в карантине не вошли в расчёты: в них ответ вне шкалы, "
                       "неизвестный вариант или испорченная строка; причины с номерами строк "
                       "выводит mentorstat check по файлам организации. Файлы организаций без "
                       "названия в programme.ini не называются, только считаются.",
                    "Quarantined rows are not in any figure: an answer outside the scale, an "
                    "unknown choice or a broken row; mentorstat check on an organisation's files "
                    "lists the reasons with line numbers. Files of organisations without a name "
                    "in programme.ini are counted, not named."));
    return st;
}
