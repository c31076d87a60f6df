/*
 * report_territory.c — a municipal report that reads at 5 or 1,000
 * organisations (report_territory.h).
 *
 * Privacy: the appendix lists rows per organisation label, in label order
 * (never the programme's);
 * an unnamed organisation's files are counted, not named (a file's name,
 * like its folder, may name the school), and a named one's are given by
 * base name only.
 */
#include "report_territory.h"
#include "cnum.h"

#include <math.h>
#include <string.h>

#include "plural.h"

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Organisation o's files of questionnaire rq in one period: rows added to
 * sum, base names to names, their number returned. */
static size_t org_files(size_t o, const ms_rq *rq, bool earlier, ms_tally *sum, ms_sbuf *names)
{
    const ms_questionnaire *q = rq->q;
    const size_t *org = earlier ? q->earlier_org : q->data_org;
    char *const *paths = earlier ? q->earlier : q->data;
    const ms_tally *tallies = earlier ? rq->tally_earlier : rq->tally_cur;
    size_t n = earlier ? q->n_earlier : q->n_data, files = 0;
    for (size_t i = 0; org && i < n; i++) {
        if (org[i] != o)
            continue;
        ms_tally_add(sum, &tallies[i]);
        ms_sbuf_puts(names, names->len ? ", " : "");
        ms_sbuf_puts(names, base_name(paths[i]));
        files++;
    }
    return files;
}

void ms_report_tally_cells(ms_rtable *t, const ms_tally *x)
{
    ms_rtable_num(t, (double)x->read, 0);
    ms_rtable_num(t, (double)x->accepted, 0);
    ms_rtable_num(t, (double)x->quarantined, 0);
    ms_rtable_num(t, (double)x->excluded, 0);
}

void ms_report_tally_heads(ms_report *r, ms_rtable *t, const char *const *lead, size_t n_lead)
{
    const char *tally[] = {MS_TR(r, "Прочитано строк", "Rows read"),
                           MS_TR(r, "Принято", "Accepted"),
                           MS_TR(r, "В карантине", "Quarantined"),
                           MS_TR(r, "Исключено: нет согласия или строка заголовка",
                                 "Excluded: no consent or a header row")};
    for (size_t i = 0; i < n_lead; i++)
        ms_rtable_head(t, lead[i]);
    for (size_t i = 0; i < sizeof tally / sizeof *tally; i++)
        ms_rtable_head(t, tally[i]);
    ms_rtable_end_row(t);
}

/* Why organisation o is hidden in some questionnaire (the one decision per
 * questionnaire, report_municipal.c), or MS_GROUP_SHOWN. */
static ms_group_hiding org_hiding(const ms_report *r, size_t o)
{
    ms_group_hiding h = MS_GROUP_SHOWN;
    for (size_t q = 0; q < r->prog->n_q; q++) {
        ms_group_hiding x = r->orgs->hiding[o * r->prog->n_q + q];
        if (x == MS_GROUP_SMALL || (x == MS_GROUP_COMPLEMENT && h == MS_GROUP_SHOWN))
            h = x;
    }
    return h;
}

/* One row per organisation: every questionnaire and year of it; a hidden
 * organisation's counts are its size, so hidden too. */
static void org_row(ms_report *r, size_t o, ms_rtable *t, bool *small, bool *complement)
{
    ms_tally sum = {0, 0, 0, 0};
    ms_sbuf names = {0};
    size_t files = 0;
    for (size_t i = 0; i < r->n_q; i++)
        files += org_files(o, &r->q[i], false, &sum, &names) +
                 org_files(o, &r->q[i], true, &sum, &names);
    if (files) {
        char label[128], count[64];
        ms_report_org_label(r, o, label, sizeof label);
        ms_c_snprintf(
            count, sizeof count, "%zu %s", files,
            ms_plural(r->pr.ru, (double)files, "файл", "файла", "файлов", "file", "files"));
        ms_rtable_text(t, label);
        if (r->names_orgs) /* file names carry keys: the office's copy only */
            ms_rtable_text_of(t, &names);
        else
            ms_rtable_text(t, count);
        ms_group_hiding h = org_hiding(r, o);
        if (h == MS_GROUP_SHOWN)
            ms_report_tally_cells(t, &sum);
        for (int k = 0; h != MS_GROUP_SHOWN && k < 4; k++)
            ms_rtable_hidden_why(t, h);
        *small = *small || h == MS_GROUP_SMALL;
        *complement = *complement || h == MS_GROUP_COMPLEMENT;
        ms_rtable_end_row(t);
    }
    if (names.failed)
        t->failed = true;
    ms_sbuf_free(&names);
}

/* One row per questionnaire and period over every organisation. */
static ms_status questionnaire_table(ms_report *r, ms_sbuf *b)
{
    ms_rtable t;
    ms_rtable_begin(&t, &r->pr, "data-quality-questionnaires");
    const char *heads[] = {MS_TR(r, "Анкета", "Questionnaire"), MS_TR(r, "Период", "Period"),
                           MS_TR(r, "Файлов", "Files")};
    ms_report_tally_heads(r, &t, heads, sizeof heads / sizeof *heads);
    for (size_t i = 0; i < r->n_q; i++)
        for (int earlier = 0; earlier < 2; earlier++) {
            const ms_questionnaire *q = r->q[i].q;
            const ms_tally *tl = earlier ? r->q[i].tally_earlier : r->q[i].tally_cur;
            size_t n = earlier ? q->n_earlier : q->n_data;
            ms_tally sum = {0, 0, 0, 0};
            for (size_t f = 0; f < n; f++)
                ms_tally_add(&sum, &tl[f]);
            if (!n)
                continue;
            ms_rtable_text(&t, q->title);
            ms_rtable_text(&t, earlier ? MS_TR(r, "прошлые годы", "earlier years")
                                       : MS_TR(r, "этот год", "this year"));
            ms_rtable_num(&t, (double)n, 0);
            ms_report_tally_cells(&t, &sum);
            ms_rtable_end_row(&t);
        }
    return ms_rtable_finish(&t, &r->pr, MS_TR(r, "Данные по анкетам", "Data by questionnaire"), b);
}

ms_status ms_report_org_files_table(ms_report *r, ms_sbuf *b)
{
    ms_status st = questionnaire_table(r, b);
    ms_rtable t;
    ms_rtable_begin(&t, &r->pr, "data-quality");
    const char *heads[] = {MS_TR(r, "Организация", "Organisation"), MS_TR(r, "Файлы", "Files")};
    ms_report_tally_heads(r, &t, heads, sizeof heads / sizeof *heads);
    bool small = false, complement = false;
    for (size_t j = 0; j < r->prog->n_orgs; j++)
        org_row(r, r->orgs->by_label[j], &t, &small, &complement);
    ms_rtable_text(&t, MS_TR(r, "Всего", "Total"));
    ms_rtable_text(&t, "");
    ms_report_tally_cells(&t, &r->rows);
    ms_rtable_end_row(&t);
    ms_status done = ms_rtable_finish(
            &t, &r->pr,
            MS_TR(r, "Данные по организациям (все анкеты и годы): прочитано = принято + в "
                     "карантине + исключено",
                  "Data by organisation (every questionnaire and year): read = accepted + "
                  "quarantined + excluded"),
            b);
    st = st == MS_OK ? done : st;
    ms_html_hidden_notes(r, b, small, complement);
    ms_html_p(b, "note",
              MS_TR(r, "Строки в карантине не вошли в расчёты: в них ответ вне шкалы, "
                       "неизвестный вариант или испорченная строка; причины с номерами строк "
                       "показывает проверка файлов организации у составителя отчёта. "
                       "Файлы организаций "
                       "здесь только считаются; их имена — во внутреннем экземпляре управления.",
                    "Quarantined rows are not in any figure: an answer outside the scale, an "
                    "unknown choice or a broken row; the check of an organisation's files lists "
                    "the reasons with line numbers. Files are only counted here; their "
                    "names are in the office's internal copy."));
    return st;
}

bool ms_report_orgs_publishable(const ms_report *r)
{
    return !r->orgs || r->orgs->refused_q < 0;
}

void ms_report_orgs_refusal(const ms_report *r, ms_sbuf *b)
{
    if (!r->orgs || r->orgs->refused_q < 0)
        return;
    size_t q = (size_t)r->orgs->refused_q, k;
    double rest = ms_report_orgs_insider(r, q, &k);
    const char *title = r->prog->q[q].title;
    int m = r->prog->min_group;
    if (k == 2)
        ms_sbuf_printf(b,
                       MS_TR(r, "Отчёт для публикации не создан: итог по территории не "
                                "публикуется — по анкете «%s» из двух организаций одна меньше "
                                "%d человек (%.0f), и по итогу её цифры можно было бы вычислить: "
                                "другая организация знает свои. ",
                             "No report for publishing was written: the territory's totals "
                             "cannot be published — in \"%s\" one of the two organisations "
                             "has fewer than %d people (%.0f), and the other, which knows its "
                             "own figures, could work out its figures from the totals. "),
                       title, m, rest);
    else
        ms_sbuf_printf(b,
                       MS_TR(r, "Отчёт для публикации не создан: итог по территории не "
                                "публикуется — по анкете «%s» у %zu организаций, кроме самой "
                                "большой, вместе меньше %d человек (%.0f), и по итогу самая "
                                "большая могла бы вычислить их цифры: свои она знает. ",
                             "No report for publishing was written: the territory's totals "
                             "cannot be published — in \"%s\" the %zu organisations other "
                             "than the largest have fewer than %d people together (%.0f), and "
                             "the largest, which knows its own figures, could work out theirs "
                             "from the totals. "),
                       title, k - 1, m, rest);
    ms_sbuf_printf(b,
                   MS_TR(r, "Уберите из программы файлы организаций, где меньше %d ответов, "
                            "или объедините такую организацию с соседней в одну "
                            "[organisation].",
                         "Leave out the files of organisations with fewer than %d answers, or "
                         "join such an organisation with a neighbour as one [organisation]."),
                   m);
}

ms_status ms_report_orgs_refused(const ms_report *r, const char *programme, const char *internal)
{
    ms_report en = *r;
    en.pr.ru = false; /* errors are in English, as every other */
    ms_sbuf why = {0};
    ms_report_orgs_refusal(&en, &why);
    const char *text = ms_sbuf_str(&why);
    ms_status st = text ? ms_error_set(r->pr.err, MS_ERR_DATA, programme,
                                       r->prog->q[r->orgs->refused_q].line, 0,
                                       /* «No report…» begins an error: lower case */
                                       "n%s The office's copy naming every organisation was "
                                       "written to %s/index.html (internal: not for "
                                       "publishing); the published directory was left as it "
                                       "was.",
                                       text + 1, internal)
                        : ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ms_sbuf_free(&why);
    return st;
}

void ms_report_orgs_appendix(ms_report *r, ms_sbuf *b)
{
    if (!r->orgs || !r->orgs->appendix.len)
        return;
    ms_html_h3(b, MS_TR(r, "Все организации", "Every organisation"));
    ms_sbuf_append(b, &r->orgs->appendix);
}
