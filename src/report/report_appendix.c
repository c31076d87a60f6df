/*
 * report_appendix.c — the appendix on data quality: every file with its
 * encoding and its rows read = accepted + quarantined + excluded, missing
 * answers, repeated and straight-lined questionnaires, the privacy rules
 * and the method.
 */
#include "report_int.h"
#include "plural.h"
#include "report_territory.h"
#include "cnum.h"

#include <string.h>

/* ---------- appendix: data quality ---------- */

/* A data file by its base name only: the page is published, and the path the
 * programme gives (`../../home/NAME/…`) says where someone keeps their files. */
static const char *display_path(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void file_rows(ms_report *r, const ms_rq *rq, const ms_loader *ld, bool earlier,
                      ms_rtable *t)
{
    for (size_t i = 0; ld && i < ms_loader_n_files(ld); i++) {
        const ms_file_report *f = ms_loader_file(ld, i);
        char format[160];
        if (f->sheet[0])
            ms_c_snprintf(format, sizeof format, "xlsx, «%s»", f->sheet);
        else if (f->delimiter == '\t')
            ms_c_snprintf(format, sizeof format, "%s, tab", f->encoding);
        else
            ms_c_snprintf(format, sizeof format, "%s, «%c»", f->encoding, f->delimiter);
        ms_rtable_text(t, rq->q->title);
        ms_rtable_text(t, display_path(f->path));
        ms_rtable_text(t, earlier ? MS_TR(r, "прошлые годы", "earlier years")
                                  : MS_TR(r, "этот год", "this year"));
        ms_rtable_text(t, format);
        ms_report_tally_cells(t, &f->tally);
        ms_rtable_end_row(t);
    }
}

static ms_status files_table(ms_report *r, ms_sbuf *b)
{
    ms_rtable t;
    ms_rtable_begin(&t, &r->pr, "data-quality");
    const char *heads[] = {MS_TR(r, "Анкета", "Questionnaire"), MS_TR(r, "Файл", "File"),
                           MS_TR(r, "Период", "Period"),
                           MS_TR(r, "Кодировка, разделитель", "Encoding, delimiter")};
    ms_report_tally_heads(r, &t, heads, sizeof heads / sizeof *heads);
    for (size_t i = 0; i < r->n_q; i++) {
        file_rows(r, &r->q[i], r->q[i].ld_cur, false, &t);
        file_rows(r, &r->q[i], r->q[i].ld_earlier, true, &t);
    }
    ms_rtable_text(&t, MS_TR(r, "Всего", "Total"));
    for (int i = 0; i < 3; i++)
        ms_rtable_text(&t, "");
    ms_report_tally_cells(&t, &r->rows);
    ms_rtable_end_row(&t);
    ms_status st =
        ms_rtable_finish(&t, &r->pr,
                         MS_TR(r, "Файлы данных: прочитано = принято + в карантине + исключено",
                               "Data files: read = accepted + quarantined + excluded"),
                         b);
    ms_html_p(b, "note",
              MS_TR(r,
                    "Строки в карантине не вошли в расчёты: в них ответ вне шкалы, "
                    "неизвестный вариант или испорченная строка. Список причин с номерами "
                    "строк — у составителя отчёта: их показывает проверка файлов данных.",
                    "Quarantined rows are not in any figure: an answer outside the scale, an "
                    "unknown choice or a broken row. Whoever prepared the report has the "
                    "reasons with line numbers from the check of the data files."));
    return st;
}

static ms_status missing_table(ms_report *r, ms_sbuf *b)
{
    ms_rtable t;
    size_t rows = 0;
    ms_rtable_begin(&t, &r->pr, "missing");
    ms_rtable_head(&t, MS_TR(r, "Анкета", "Questionnaire"));
    ms_rtable_head(&t, MS_TR(r, "Вопрос", "Question"));
    ms_rtable_head(&t, MS_TR(r, "Ответили", "Answered"));
    ms_rtable_head(&t, MS_TR(r, "Без ответа", "Missing"));
    ms_rtable_head(&t, MS_TR(r, "Доля без ответа", "Share missing"));
    ms_rtable_end_row(&t);
    for (size_t i = 0; i < r->n_q; i++) {
        const ms_results *res = r->q[i].res;
        for (size_t k = 0; k < res->n_items + res->n_categories; k++) {
            bool item = k < res->n_items;
            if (item && res->items[k].is_construct)
                continue;
            const char *label =
                item ? res->items[k].label : res->categories[k - res->n_items].label;
            double n = item ? res->items[k].n : res->categories[k - res->n_items].n;
            double miss = item ? res->items[k].missing : res->categories[k - res->n_items].missing;
            if (miss <= 0)
                continue;
            ms_rtable_text(&t, r->q[i].q->title);
            ms_rtable_text(&t, label);
            ms_rtable_num(&t, n, 0);
            ms_rtable_num(&t, miss, 0);
            ms_rtable_pct(&t, miss / (n + miss), 0);
            ms_rtable_end_row(&t);
            rows++;
        }
    }
    if (!rows) {
        ms_rtable_discard(&t);
        ms_html_p(b, NULL, MS_TR(r, "Пропущенных ответов нет.", "No answer is missing."));
        return MS_OK;
    }
    return ms_rtable_finish(&t, &r->pr, MS_TR(r, "Пропущенные ответы", "Missing answers"), b);
}

/* Without a wave every answer counts, repeats too (a form sent twice, or a
 * mentor of two pairs): said, never dropped; with a pair only (code, pair)
 * repeats. */
static void repeat_note(ms_report *r, const ms_rq *rq, ms_sbuf *b)
{
    double n = rq->res->duplicate_ids;
    bool by_pair = ms_aggregate_pair_var(rq->cur) >= 0;
    ms_sbuf_puts(b, "<li>");
    ms_sbuf_html(b, rq->q->title);
    if (r->pr.ru)
        ms_sbuf_printf(b,
                       ": %s в %.0f %s больше одного раза (учтены все; проверьте, не "
                       "отправлена ли форма повторно).</li>\n",
                       by_pair ? "один и тот же код участника с тем же кодом пары встречается"
                               : "один и тот же код участника встречается",
                       n, ms_plural(true, n, "анкете", "анкетах", "анкетах", "", ""));
    else
        ms_sbuf_printf(b,
                       ": %.0f %s a participant code%s already seen (all are counted; "
                       "check whether the form was sent twice).</li>\n",
                       n,
                       ms_plural(false, n, "", "", "", "questionnaire repeats",
                                 "questionnaires repeat"),
                       by_pair ? " with the same pair code" : "");
}

/* Header rows inside the data of a questionnaire's files, per kind: left out. */
static void header_rows_note(ms_report *r, const ms_rq *rq, ms_sbuf *b)
{
    unsigned long long n[MS_HEADER_KINDS] = {0}, total = 0;
    const ms_loader *lds[2] = {rq->ld_cur, rq->ld_earlier};
    for (int l = 0; l < 2; l++)
        for (size_t i = 0; lds[l] && i < ms_loader_n_files(lds[l]); i++)
            for (int k = 1; k < MS_HEADER_KINDS; k++)
                n[k] += ms_loader_file(lds[l], i)->header_rows[k], total += ms_loader_file(lds[l], i)->header_rows[k];
    if (!total)
        return;
    ms_sbuf_puts(b, "<li>");
    ms_sbuf_html(b, rq->q->title);
    ms_sbuf_printf(b, MS_TR(r, ": строк заголовка внутри данных — %llu, они не анкеты и исключены (",
                           ": %llu header rows inside the data, not answers, excluded ("),
                   total);
    for (int k = 1, j = 0; k < MS_HEADER_KINDS; k++)
        if (n[k]) {
            ms_sbuf_printf(b, "%s%llu: ", j++ ? "; " : "", n[k]);
            ms_sbuf_html(b, ms_header_kind_words((ms_header_kind)k, r->pr.ru));
        }
    ms_sbuf_puts(b, ").</li>\n");
}

static void quality_notes(ms_report *r, ms_sbuf *b)
{
    ms_sbuf_puts(b, "<ul class=\"notes\">\n");
    for (size_t i = 0; i < r->n_q; i++) {
        const ms_results *res = r->q[i].res;
        if (res->duplicate_ids > 0 && ms_aggregate_wave_var(r->q[i].cur) < 0)
            repeat_note(r, &r->q[i], b);
        else if (res->duplicate_ids > 0) {
            ms_sbuf_puts(b, "<li>");
            ms_sbuf_html(b, r->q[i].q->title);
            ms_sbuf_printf(b,
                           MS_TR(r,
                                 ": повторных анкет одного участника на одном этапе — %.0f "
                                 "(учтена первая).</li>\n",
                                 ": %.0f repeated questionnaires of one participant at one stage "
                                 "(the first counts).</li>\n"),
                           res->duplicate_ids);
        }
        header_rows_note(r, &r->q[i], b);
        if (res->identical_rows > 0) {
            double n = res->identical_rows;
            ms_sbuf_puts(b, "<li>");
            ms_sbuf_html(b, r->q[i].q->title);
            if (r->pr.ru)
                ms_sbuf_printf(b,
                               ": %.0f %s во всех ячейках с более ранней строкой (учтены все; "
                               "одинаково могут ответить и разные люди, но ряд таких строк — "
                               "таблица, вставленная повторно: их называет проверка файлов данных)."
                               "</li>\n",
                               n, ms_plural(true, n, "анкета совпадает", "анкеты совпадают",
                                            "анкет совпадают", "", ""));
            else
                ms_sbuf_printf(b,
                               ": %.0f %s an earlier row in every cell (all are counted; people "
                               "may answer alike, but a run of such rows is a sheet pasted twice: "
                               "the check of the data files names them).</li>\n",
                               n, ms_plural(false, n, "", "", "", "questionnaire repeats",
                                            "questionnaires repeat"));
        }
        for (size_t k = 0; k < res->n_constructs; k++) {
            const ms_construct_result *c = &res->constructs[k];
            if (c->straightlined <= 0 || c->k < 3)
                continue;
            ms_sbuf_puts(b, "<li>");
            ms_sbuf_html(b, r->q[i].q->title);
            ms_sbuf_printf(b, MS_TR(r, ": одинаковый ответ на все вопросы шкалы «",
                                    ": one answer to every item of \""));
            ms_sbuf_html(b, c->label);
            ms_sbuf_printf(b,
                           MS_TR(r, "» — %.0f из %.0f %s.</li>\n",
                                 "\" in %.0f of %.0f %s.</li>\n"),
                           c->straightlined, c->n,
                           ms_plural(r->pr.ru, c->n, "анкеты", "анкет", "анкет", "questionnaire",
                                     "questionnaires"));
        }
    }
    ms_sbuf_printf(b,
                   MS_TR(r,
                         "<li>Конфиденциальность: в отчёте нет кодов участников, ФИО и контактов; "
                         "группы меньше %d человек не показываются; открытые ответы в этой "
                         "версии отчёта не публикуются.</li>\n",
                         "<li>Privacy: no participant codes, names or contacts appear; groups of "
                         "fewer than %d people are not shown; open answers are not published in "
                         "this version of the report.</li>\n"),
                   r->prog->min_group);
    ms_sbuf_puts(b, "</ul>\n");
}

ms_status ms_section_appendix(ms_report *r, ms_page *pg)
{
    ms_html_section(r, pg, "appendix",
                    MS_TR(r, "Приложение: качество данных", "Appendix: data quality"));
    /* a territory: rows per organisation label, not per file path */
    ms_status st = r->prog->n_orgs ? ms_report_org_files_table(r, &pg->body)
                                   : files_table(r, &pg->body);
    if (st == MS_OK)
        ms_report_orgs_appendix(r, &pg->body);
    if (st == MS_OK)
        st = missing_table(r, &pg->body);
    if (st == MS_OK)
        quality_notes(r, &pg->body);
    ms_html_p(
        &pg->body, "note",
        MS_TR(r,
              "Методика: среднее с 95 % доверительным интервалом по t-распределению; доля "
              "высоких оценок с интервалом Уилсона; α Кронбаха с интервалом Фелдта; сравнения "
              "групп — t-критерий Уэлча, дисперсионный анализ, χ² Пирсона с поправкой Холма; "
              "рост — парный t-критерий и критерий Уилкоксона. Расчёты совпадают с R "
              "(stats, psych) при настройках по умолчанию.",
              "Method: means with t-based 95 % confidence intervals; shares of high ratings "
              "with Wilson intervals; Cronbach's alpha with Feldt intervals; group comparisons "
              "by Welch t-test, ANOVA, Pearson chi-square with Holm's adjustment; growth by "
              "paired t-test and Wilcoxon signed-rank test. The figures match R (stats, psych) "
              "defaults."));
    return st;
}
