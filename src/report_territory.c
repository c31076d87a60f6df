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

#include <math.h>
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
        tally_add(sum, &tallies[i]);
        ms_sbuf_puts(names, names->len ? ", " : "");
        ms_sbuf_puts(names, base_name(paths[i]));
        files++;
    }
    return files;
}

static void tally_cells(ms_rtable *t, const ms_tally *x)
{
    ms_rtable_num(t, (double)x->read, 0);
    ms_rtable_num(t, (double)x->accepted, 0);
    ms_rtable_num(t, (double)x->quarantined, 0);
    ms_rtable_num(t, (double)x->excluded, 0);
}

/* One row per organisation: every questionnaire and year of it. */
static void org_row(ms_report *r, size_t o, ms_rtable *t)
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
        snprintf(count, sizeof count, "%zu %s", files,
                 ms_plural(r->ru, (double)files, "файл", "файла", "файлов", "file", "files"));
        ms_rtable_text(t, r->prog->orgs[o].name ? r->prog->orgs[o].name : label);
        ms_rtable_text(t, r->prog->orgs[o].name ? names.s : count);
        tally_cells(t, &sum);
        ms_rtable_end_row(t);
    }
    if (names.failed)
        t->html.failed = true;
    ms_sbuf_free(&names);
}

/* One row per questionnaire and period over every organisation. */
static ms_status questionnaire_table(ms_report *r, ms_sbuf *b)
{
    ms_rtable t;
    ms_rtable_begin(&t, r, "data-quality-questionnaires");
    const char *heads[] = {MS_TR(r, "Анкета", "Questionnaire"), MS_TR(r, "Период", "Period"),
                           MS_TR(r, "Файлов", "Files"), MS_TR(r, "Прочитано строк", "Rows read"),
                           MS_TR(r, "Принято", "Accepted"), MS_TR(r, "В карантине", "Quarantined"),
                           MS_TR(r, "Исключено: нет согласия", "Excluded: no consent")};
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        ms_rtable_head(&t, heads[i]);
    ms_rtable_end_row(&t);
    for (size_t i = 0; i < r->n_q; i++)
        for (int earlier = 0; earlier < 2; earlier++) {
            const ms_questionnaire *q = r->q[i].q;
            const ms_tally *tl = earlier ? r->q[i].tally_earlier : r->q[i].tally_cur;
            size_t n = earlier ? q->n_earlier : q->n_data;
            ms_tally sum = {0, 0, 0, 0};
            for (size_t f = 0; f < n; f++)
                tally_add(&sum, &tl[f]);
            if (!n)
                continue;
            ms_rtable_text(&t, q->title);
            ms_rtable_text(&t, earlier ? MS_TR(r, "прошлые годы", "earlier years")
                                       : MS_TR(r, "этот год", "this year"));
            ms_rtable_num(&t, (double)n, 0);
            tally_cells(&t, &sum);
            ms_rtable_end_row(&t);
        }
    return ms_rtable_finish(&t, r, MS_TR(r, "Данные по анкетам", "Data by questionnaire"), b);
}

ms_status ms_report_org_files_table(ms_report *r, ms_sbuf *b)
{
    ms_status st = questionnaire_table(r, b);
    ms_rtable t;
    ms_rtable_begin(&t, r, "data-quality");
    const char *heads[] = {MS_TR(r, "Организация", "Organisation"),
                           MS_TR(r, "Файлы", "Files"),
                           MS_TR(r, "Прочитано строк", "Rows read"),
                           MS_TR(r, "Принято", "Accepted"),
                           MS_TR(r, "В карантине", "Quarantined"),
                           MS_TR(r, "Исключено: нет согласия", "Excluded: no consent")};
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        ms_rtable_head(&t, heads[i]);
    ms_rtable_end_row(&t);
    for (size_t o = 0; o < r->prog->n_orgs; o++)
        org_row(r, o, &t);
    ms_rtable_text(&t, MS_TR(r, "Всего", "Total"));
    ms_rtable_text(&t, "");
    tally_cells(&t, &r->rows);
    ms_rtable_end_row(&t);
    ms_status done = ms_rtable_finish(
            &t, r,
            MS_TR(r, "Данные по организациям (все анкеты и годы): прочитано = принято + в "
                     "карантине + исключено",
                  "Data by organisation (every questionnaire and year): read = accepted + "
                  "quarantined + excluded"),
            b);
    st = st == MS_OK ? done : st;
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

void ms_report_orgs_appendix(ms_report *r, ms_sbuf *b)
{
    if (!r->orgs || !r->orgs->appendix.len)
        return;
    ms_html_h3(b, MS_TR(r, "Все организации", "Every organisation"));
    ms_sbuf_putn(b, r->orgs->appendix.s, r->orgs->appendix.len);
    if (r->orgs->appendix.failed)
        b->failed = true;
}

/* ---------- a histogram of organisations ---------- */

static void extreme_label(ms_sbuf *gp, const char *label, double x, double y)
{
    ms_sbuf_puts(gp, "set label ");
    ms_sbuf_gp(gp, label);
    ms_sbuf_printf(gp, " at %.6g,%.6g center offset 0,1.2 front font ',9'\n", x, y);
}

ms_status ms_chart_org_histogram(ms_report *r, const char *name, const char *title,
                                 const double *x, const char *const *labels, size_t n,
                                 double centre, ms_sbuf *html)
{
    enum { BINS = 40 };
    double lo = 100, hi = 0, count[BINS] = {0};
    size_t lowest = 0, highest = 0;
    for (size_t i = 0; i < n; i++) {
        lowest = x[i] < x[lowest] ? i : lowest;
        highest = x[i] > x[highest] ? i : highest;
    }
    if (!n)
        return MS_OK;
    lo = floor(x[lowest] / 2.5) * 2.5, hi = fmax(lo + 2.5, ceil(x[highest] / 2.5) * 2.5);
    double width = fmax(2.5, ceil((hi - lo) / BINS / 2.5) * 2.5);
    size_t bins = (size_t)ceil((hi - lo) / width);
    bins = bins < 1 ? 1 : bins > BINS ? BINS : bins;
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)((x[i] - lo) / width);
        count[k < bins ? k : bins - 1] += 1;
    }
    double top = 0;
    for (size_t k = 0; k < bins; k++)
        top = fmax(top, count[k]);
    ms_sbuf gp = {0}, dat = {0};
    int h = 360;
    ms_chart_preamble(r, &gp, name, title, h);
    ms_sbuf_printf(&gp, "set xrange [%g:%g]\nset yrange [0:%g]\n", lo - width, hi + width,
                   top * 1.3 + 1);
    ms_sbuf_puts(&gp, "set xlabel ");
    ms_sbuf_gp(&gp, MS_TR(r, "индекс 0–100", "index 0–100"));
    ms_sbuf_puts(&gp, "\nset ylabel ");
    ms_sbuf_gp(&gp, MS_TR(r, "организаций", "organisations"));
    ms_sbuf_printf(&gp, "\nset style fill solid 0.85 border rgb 'white'\nset boxwidth %g\n"
                        "set arrow from %.6g, graph 0 to %.6g, graph 1 nohead dt 2 lw 1.5 "
                        "lc rgb '#%06x'\n",
                   width, centre, centre, MS_COLOUR_B);
    double ylow = count[(size_t)fmin(bins - 1, (x[lowest] - lo) / width)];
    double yhigh = count[(size_t)fmin(bins - 1, (x[highest] - lo) / width)];
    extreme_label(&gp, labels[lowest], x[lowest], ylow);
    if (highest != lowest)
        extreme_label(&gp, labels[highest], x[highest], yhigh);
    ms_sbuf_puts(&dat, "# bin_centre organisations\n");
    for (size_t k = 0; k < bins; k++)
        ms_sbuf_printf(&dat, "%.6g %g\n", lo + (k + 0.5) * width, count[k]);
    ms_sbuf_printf(&gp, "plot '%s.dat' using 1:2 with boxes lc rgb '#%06x' notitle\n", name,
                   MS_COLOUR_A);
    ms_chart_postamble(r, &gp, name, h);
    ms_status st = ms_chart_render(r, name, &gp, &dat, title, html);
    ms_sbuf_free(&gp);
    ms_sbuf_free(&dat);
    return st;
}
