/*
 * report_growth.c — the sections over time: growth from entry to exit in the
 * same participants (paired), and the comparison with earlier years.
 * Sets of pairs and years with fewer than min_group people are not shown.
 */
#include "report_int.h"
#include "cnum.h"

#include <gsl/gsl_heapsort.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* ---------- growth ---------- */

static const char *change_words(const ms_report *r, const ms_paired *p)
{
    if (!isfinite(p->p_t))
        return "—";
    if (p->p_t >= 0.05)
        return MS_TR(r, "не значимо", "not significant");
    return p->mean_diff > 0 ? MS_TR(r, "значимый рост", "significant growth")
                            : MS_TR(r, "значимое снижение", "significant decline");
}

static void growth_row(ms_report *r, const ms_rq *rq, size_t m, const ms_rpaired_means *pm,
                       ms_rtable *t)
{
    const ms_paired_result *pr = &rq->res->paired[m];
    char label[256];
    ms_rq_label(r, rq, m, label, sizeof label);
    ms_rtable_text(t, label);
    ms_rtable_num(t, pr->p.n, 0);
    if (!ms_report_enough(r, pr->p.n)) {
        for (int c = 0; c < 6; c++)
            ms_rtable_hidden(t);
        ms_rtable_hidden_range(t);
        for (int c = 0; c < 2; c++)
            ms_rtable_hidden(t);
    } else {
        ms_rtable_num(t, pm[m].from, 2);
        ms_rtable_num(t, pm[m].to, 2);
        ms_rtable_num(t, pr->p.mean_diff, 2);
        ms_rtable_p(t, pr->p.p_t);
        ms_rtable_p(t, pr->p.p_wilcoxon);
        ms_rtable_num(t, pr->p.dz, 2);
        ms_rtable_range(t, pr->p.dz_ci_low, pr->p.dz_ci_high, 2);
        ms_rtable_pct(t, pr->p.improved, 0);
        ms_rtable_text(t, change_words(r, &pr->p));
    }
    ms_rtable_end_row(t);
}

/* «от входного к итоговому анкетированию» for the usual waves; other
 * wave names quoted as they are («от «осень» к «весна»»). */
static const char *waves_phrase(const ms_report *r, const char *from, const char *to, char *buf,
                                size_t size)
{
    if (r->pr.ru && !strcmp(from, "входное") && !strcmp(to, "итоговое"))
        ms_c_snprintf(buf, size, "от входного к итоговому анкетированию");
    else
        ms_c_snprintf(buf, size, MS_TR(r, "от «%s» к «%s»", "from \"%s\" to \"%s\""), from, to);
    return buf;
}

static ms_status growth_table(ms_report *r, const ms_rq *rq, const ms_rpaired_means *pm, ms_sbuf *b)
{
    ms_rtable t;
    char name[96], caption[512], waves[256];
    ms_rq_table_name(name, sizeof name, rq, "growth");
    ms_rtable_begin(&t, &r->pr, name);
    const char *heads[] = {MS_TR(r, "Показатель", "Measure"),
                           /* people with both questionnaires, not mentoring pairs */
                           MS_TR(r, "Участников с обеими анкетами", "Participants with both"),
                           MS_TR(r, "Вход", "Entry"),
                           MS_TR(r, "Выход", "Exit"),
                           MS_TR(r, "Разница", "Difference"),
                           MS_TR(r, "p (t)", "p (t)"),
                           MS_TR(r, "p (Уилкоксон)", "p (Wilcoxon)"),
                           "d"}; /* d_z, paired: said as d, explained in the note */
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        ms_rtable_head(&t, heads[i]);
    ms_rtable_head_range(&t, MS_TR(r, "95 % ДИ d", "95 % CI d"));
    ms_rtable_head(&t, MS_TR(r, "Улучшились", "Improved"));
    ms_rtable_head(&t, MS_TR(r, "Вывод", "Conclusion"));
    ms_rtable_end_row(&t);
    bool hidden = false;
    for (size_t m = 0; m < rq->res->n_paired; m++) {
        if (rq->res->paired[m].p.n <= 0)
            continue;
        hidden = hidden || !ms_report_enough(r, rq->res->paired[m].p.n);
        growth_row(r, rq, m, pm, &t);
    }
    ms_c_snprintf(caption, sizeof caption,
                  MS_TR(r, "%s: изменение %s у одних и тех же участников",
                        "%s: change %s in the same participants"),
                  rq->q->title, waves_phrase(r, rq->res->paired[0].from, rq->res->paired[0].to,
                                             waves, sizeof waves));
    ms_status st = ms_rtable_finish(&t, &r->pr, caption, b);
    if (hidden)
        ms_html_hidden_note(r, b);
    return st;
}

/* Measure m has enough pairs, a range and both waves' means (summaries
 * hold only the differences, so from them it has no means). */
static bool plotted(const ms_report *r, const ms_rq *rq, const ms_rpaired_means *pm, size_t m,
                    double *lo, double *hi)
{
    return ms_report_enough(r, rq->res->paired[m].p.n) && isfinite(pm[m].from) &&
           isfinite(pm[m].to) && ms_measure_range(rq->cur, m, lo, hi);
}

static ms_status growth_chart(ms_report *r, const ms_rq *rq, const ms_rpaired_means *pm, ms_sbuf *b)
{
    size_t nm = rq->res->n_paired, n = 0;
    ms_cpoint *p = ms_calloc(nm + 1, sizeof *p);
    const char **rows = ms_calloc(nm + 1, sizeof *rows);
    char(*labels)[256] = ms_calloc(nm + 1, sizeof *labels);
    ms_status st = MS_OK;
    if (!p || !rows || !labels) {
        st = NOMEM(r);
        goto cleanup;
    }
    double min = NAN, max = NAN, lo, hi;
    bool same = true, enough = false;
    for (size_t m = 0; m < nm; m++)
        enough = enough || ms_report_enough(r, rq->res->paired[m].p.n);
    for (size_t m = 0; m < nm; m++)
        if (plotted(r, rq, pm, m, &lo, &hi)) {
            same = same && (!n || (lo == min && hi == max));
            min = lo, max = hi;
            ms_rq_label(r, rq, m, labels[n], sizeof labels[n]);
            rows[n] = labels[n];
            p[n] = (ms_cpoint){n, 0, 0, 0, pm[m].from, pm[m].to};
            n++;
        }
    if (!same) /* different scales: every row as the 0–100 index */
        for (size_t i = 0, m = 0; m < nm && i < n; m++)
            if (plotted(r, rq, pm, m, &lo, &hi)) {
                p[i].lo = (pm[m].from - lo) / (hi - lo) * 100;
                p[i].hi = (pm[m].to - lo) / (hi - lo) * 100;
                i++;
            }
    if (n) {
        char name[96], title[512];
        ms_c_snprintf(name, sizeof name, "%s-growth", rq->q->name);
        ms_c_snprintf(title, sizeof title,
                      MS_TR(r, "%s: средние «%s» и «%s» у одних и тех же участников",
                            "%s: means at \"%s\" and \"%s\" in the same participants"),
                      rq->q->title, rq->res->paired[0].from, rq->res->paired[0].to);
        ms_chart c = {name,
                      title,
                      same ? MS_TR(r, "средний балл", "mean rating")
                           : MS_TR(r, "индекс 0–100", "index 0–100"),
                      same ? min : 0,
                      same ? max : 100,
                      {rq->res->paired[0].from, rq->res->paired[0].to},
                      2,
                      rows,
                      n};
        st = ms_chart_dumbbell(r, &c, p, n, b);
    } else if (enough) { /* pairs, but no means: from summaries */
        ms_html_p(b, "note",
                  MS_TR(r, "Средние на входе и на выходе не показаны: в сводках (.msum) нет "
                           "сумм ответов по этапам (сводки сделаны прежней версией; пересоздайте "
                           "их командой summarize).",
                        "Entry and exit means are not shown: the summaries (.msum) lack the "
                        "sums at each stage (made by an earlier version; make them again with "
                        "summarize)."));
    }
cleanup:
    ms_free(p);
    ms_free(rows);
    ms_free(labels);
    return st;
}

/* How many were linked by their code across the waves, and how many
 * answered once (counts, never codes); from summaries only the pairs. */
static void link_sentence(ms_report *r, const ms_rq *rq, double pairs, ms_sbuf *b)
{
    ms_link_counts lc;
    bool waves;
    if (ms_aggregate_link_counts(rq->cur, &lc, &waves) != MS_OK) {
        ms_sbuf_fail(b);
        return;
    }
    if (!waves || lc.both == 0) {
        ms_sbuf_printf(b,
                       MS_TR(r, "<p>Участников с анкетами на обоих этапах: %.0f.</p>\n",
                             "<p>Participants who answered at both stages: %.0f.</p>\n"),
                       pairs);
        return;
    }
    ms_sbuf_printf(b,
                   MS_TR(r,
                         "<p>Участников с анкетами на обоих этапах (по коду участника): %.0f; "
                         "ответили только на входе: %.0f, только на выходе: %.0f.</p>\n",
                         "<p>Participants who answered at both stages (linked by their code): "
                         "%.0f; answered only at entry: %.0f, only at exit: %.0f.</p>\n"),
                   lc.both, lc.only_from, lc.only_to);
}

static ms_status growth_one(ms_report *r, const ms_rq *rq, ms_sbuf *b)
{
    ms_html_h3(b, rq->q->title);
    double pairs = 0;
    for (size_t m = 0; m < rq->res->n_paired; m++)
        pairs = fmax(pairs, rq->res->paired[m].p.n);
    if (pairs <= 0) {
        ms_html_p(b, "note",
                  MS_TR(r,
                        "Пар «вход — выход» нет: нужны переменные type = id и "
                        "type = wave и ответы одних и тех же участников на обоих этапах.",
                        "No entry–exit pairs: the codebook needs type = id and "
                        "type = wave, and the same participants at both stages."));
        return MS_OK;
    }
    ms_rpaired_means *pm = ms_calloc(ms_aggregate_n_measures(rq->cur) + 1, sizeof *pm);
    if (!pm || ms_report_paired_means(rq->cur, pm) != MS_OK) {
        ms_free(pm);
        return NOMEM(r);
    }
    link_sentence(r, rq, pairs, b);
    ms_status st = growth_chart(r, rq, pm, b);
    if (st == MS_OK)
        st = growth_table(r, rq, pm, b);
    ms_free(pm);
    return st;
}

ms_status ms_section_growth(ms_report *r, ms_page *pg)
{
    size_t shown = 0;
    ms_status st = MS_OK;
    for (size_t i = 0; i < r->n_q; i++)
        shown += ms_rq_is(&r->q[i], MS_ROLE_ENTRY_EXIT) || r->q[i].res->n_paired;
    /* an office's report leaves out what its programme did not include
     * (a school is told that it held no entry and exit questionnaire) */
    if (!shown && (!ms_report_mentoring(r) || r->prog->n_orgs > 0))
        return MS_OK;
    shown = 0;
    ms_html_section(
        r, pg, "growth",
        MS_TR(r, "Рост от входного к итоговому анкетированию", "Growth from entry to exit"));
    for (size_t i = 0; st == MS_OK && i < r->n_q; i++)
        if (ms_rq_is(&r->q[i], MS_ROLE_ENTRY_EXIT) ||
            (r->q[i].res->n_paired && !ms_rq_is_satisfaction(&r->q[i]))) {
            st = growth_one(r, &r->q[i], &pg->body);
            shown++;
        }
    if (!shown)
        ms_html_p(&pg->body, "note",
                  MS_TR(r, "Входное и итоговое анкетирование в этом году не проводилось.",
                        "There was no entry and exit questionnaire this year."));
    else
        ms_html_p(&pg->body, "note",
                  MS_TR(r,
                        "Разница = выход − вход у одного и того же участника. p (t) — парный "
                        "t-критерий, p (Уилкоксон) — знаково-ранговый критерий; d — размер "
                        "изменения в стандартных отклонениях разницы (0,2 малое, 0,5 среднее, "
                        "0,8 большое). Значимо: p < 0,05.",
                        "Difference = exit − entry of the same participant. p (t): paired t-test; "
                        "p (Wilcoxon): signed-rank test; d: size of the change in standard "
                        "deviations of the difference (0.2 small, 0.5 medium, 0.8 large). "
                        "Significant: p < 0.05."));
    return st;
}

/* ---------- years ---------- */

typedef struct {
    const ms_rq *rq;
    ms_rgroup *g;
    size_t n;
} year_series;

/* The index is called the quality of the programme only when a satisfaction
 * questionnaire is among the series; a survey's is its mean rescaled. */
static bool quality_words(const year_series *ys, size_t n)
{
    for (size_t s = 0; s < n; s++)
        if (ms_rq_is_satisfaction(ys[s].rq))
            return true;
    return false;
}

static int label_cmp(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    char *ex, *ey;
    double dx = ms_c_strtod(x, &ex), dy = ms_c_strtod(y, &ey);
    if (!*ex && !*ey && ex != x && ey != y)
        return (dx > dy) - (dx < dy);
    return strcmp(x, y);
}

static ms_status years_table(ms_report *r, year_series *ys, size_t n, ms_sbuf *b)
{
    ms_rtable t;
    ms_rtable_begin(&t, &r->pr, "years");
    ms_rtable_head(&t, MS_TR(r, "Анкета", "Questionnaire"));
    ms_rtable_head(&t, MS_TR(r, "Год", "Year"));
    ms_rtable_head(&t, "n");
    ms_rtable_head(&t, MS_TR(r, "Средний балл", "Mean"));
    ms_rtable_head(&t, MS_TR(r, "Индекс 0–100", "Index 0–100"));
    ms_rtable_head_range(&t, MS_TR(r, "95 % ДИ индекса", "95 % CI of the index"));
    ms_rtable_end_row(&t);
    bool hidden = false, complement = false;
    for (size_t s = 0; s < n; s++)
        for (size_t i = 0; i < ys[s].n; i++) {
            const ms_rgroup *g = &ys[s].g[i];
            ms_rtable_text(&t, ys[s].rq->q->title);
            ms_rtable_text(&t, g->level);
            if (!g->shown) {
                hidden = hidden || g->hiding != MS_GROUP_COMPLEMENT;
                complement = complement || g->hiding == MS_GROUP_COMPLEMENT;
                ms_rtable_hidden_why(&t, g->hiding);
                ms_rtable_hidden_why(&t, g->hiding);
                ms_rtable_hidden_why(&t, g->hiding);
                ms_rtable_hidden_range_why(&t, g->hiding);
            } else {
                ms_rtable_num(&t, g->n, 0);
                ms_rtable_num(&t, g->mo.mean, 2);
                ms_rtable_num(&t, g->index.estimate, 0);
                ms_rtable_range(&t, g->index.ci_low, g->index.ci_high, 0);
            }
            ms_rtable_end_row(&t);
        }
    ms_status st =
        ms_rtable_finish(&t, &r->pr,
                         quality_words(ys, n) ? MS_TR(r, "Индекс качества по годам", "Quality index by year")
                                              : MS_TR(r, "Индекс 0–100 по годам", "Index 0–100 by year"),
                         b);
    ms_html_hidden_notes(r, b, hidden, complement);
    return st;
}

static ms_status trend_chart(ms_report *r, year_series *ys, size_t n, ms_sbuf *b)
{
    size_t total = 0, k = 0, s_used = 0;
    for (size_t s = 0; s < n; s++)
        total += ys[s].n;
    const char **years = ms_calloc(total + 1, sizeof *years);
    ms_cpoint *p = ms_calloc(total + 1, sizeof *p);
    ms_status st = MS_OK;
    if (!years || !p) {
        st = NOMEM(r);
        goto cleanup;
    }
    size_t ny = 0;
    for (size_t s = 0; s < n; s++)
        for (size_t i = 0; i < ys[s].n; i++)
            if (ys[s].g[i].shown && ms_find_label(years, ny, ys[s].g[i].level) < 0)
                years[ny++] = ys[s].g[i].level;
    gsl_heapsort(years, ny, sizeof *years, label_cmp);
    ms_chart c = {"trend",
                  quality_words(ys, n)
                      ? MS_TR(r, "Индекс качества реализации по годам (0–100, 95 % ДИ)",
                              "Quality index by year (0–100, 95 % CI)")
                      : MS_TR(r, "Средний балл по годам как индекс 0–100 (95 % ДИ)",
                              "Mean by year as an index 0–100 (95 % CI)"),
                  MS_TR(r, "индекс 0–100", "index 0–100"),
                  0,
                  100,
                  {NULL},
                  0,
                  years,
                  ny};
    for (size_t s = 0; s < n && s_used < 4; s++) {
        size_t shown = 0;
        for (size_t i = 0; i < ys[s].n; i++)
            shown += ys[s].g[i].shown;
        if (shown < 2)
            continue;
        c.series[s_used] = ys[s].rq->q->title;
        for (size_t i = 0; i < ys[s].n; i++)
            if (ys[s].g[i].shown) {
                const ms_rgroup *g = &ys[s].g[i];
                p[k++] = (ms_cpoint){0,
                                     s_used,
                                     (double)ms_find_label(years, ny, g->level) + 1,
                                     g->index.estimate,
                                     g->index.ci_low,
                                     g->index.ci_high};
            }
        s_used++;
    }
    c.n_series = s_used;
    char axis[128];
    ms_chart_index_range(r, &c, p, k, true, axis, sizeof axis);
    if (s_used)
        st = ms_chart_trend(r, &c, p, k, b);
cleanup:
    ms_free(years);
    ms_free(p);
    return st;
}

/* The test across years of the main score, over years large enough to show. */
static ms_status years_test(ms_report *r, const ms_rq *rq, ms_sbuf *b)
{
    ms_rcomparison *c;
    size_t n;
    ms_status st = ms_report_comparisons(r, rq, (size_t)rq->year_by, rq->all, &c, &n);
    if (st != MS_OK)
        return st;
    const ms_rcomparison *m = &c[rq->main_m];
    char p[32], e[32];
    if (m->test && isfinite(m->t.p)) {
        ms_sbuf_puts(b, "<p>");
        ms_sbuf_html(b, rq->q->title);
        ms_sbuf_printf(
            b,
            MS_TR(r, ": различие между годами %s (%s, %s; %s = %s, эффект %s).</p>\n",
                  ": the difference between years is %s (%s, %s; %s = %s, %s effect).</p>\n"),
            m->t.p < 0.05 ? MS_TR(r, "статистически значимо", "statistically significant")
                          : MS_TR(r, "не значимо", "not significant"),
            ms_test_words(r, m->test), ms_rp_html(&r->pr, p, sizeof p, m->t.p),
            ms_effect_symbol(m->t.effect_name), ms_rfmt(r, e, sizeof e, m->t.effect, 2),
            ms_effect_words(r, m->t.effect_name, m->t.effect));
    }
    ms_report_comparisons_free(c, n);
    return MS_OK;
}

/* One year of data said plainly: no year in the answers, or one, is the
 * first year of the monitoring or earlier years not added — never a defect
 * of the forms (a cold reader read «в анкетах нет года» as one). */
static const char *one_year(const ms_report *r)
{
    return MS_TR(r,
                 "Данные только за один год, сравнить с прошлыми годами пока не с чем. Если это "
                 "первый год мониторинга, сравнение появится в следующем году; если анкеты "
                 "прошлых лет есть, их можно добавить к отчёту.",
                 "The data cover one year: there is nothing earlier to compare with yet. If "
                 "this is the monitoring's first year, the comparison appears next year; if "
                 "earlier years' answers exist, they can be added to the report.");
}

ms_status ms_section_years(ms_report *r, ms_page *pg)
{
    ms_html_section(r, pg, "years",
                    MS_TR(r, "Сравнение с прошлыми годами", "Comparison with earlier years"));
    year_series *ys = ms_calloc(r->n_q + 1, sizeof *ys);
    size_t n = 0, multi = 0, items = 0;
    ms_status st = MS_OK;
    if (!ys)
        return NOMEM(r);
    /* a survey of items and no scale (a course evaluation): each item by year */
    for (size_t i = 0; st == MS_OK && i < r->n_q; i++) {
        const ms_rq *rq = &r->q[i];
        if (!ms_rq_is(rq, MS_ROLE_SURVEY) || rq->year_by < 0 || rq->main_m >= 0 ||
            ms_aggregate_wave_var(rq->cur) >= 0 || ms_report_n_levels(rq->all, (size_t)rq->year_by) < 2)
            continue;
        items++;
        st = ms_rq_comparisons_table(r, rq, (size_t)rq->year_by, rq->all, &pg->body);
    }
    for (size_t i = 0; st == MS_OK && i < r->n_q; i++) {
        const ms_rq *rq = &r->q[i];
        /* the quality index is that of satisfaction; a questionnaire with two
         * stages pooled per year would mix entry with exit */
        if (!ms_rq_has_index(rq) || rq->year_by < 0 || rq->main_m < 0 ||
            ms_aggregate_wave_var(rq->cur) >= 0)
            continue;
        year_series *s = &ys[n];
        s->rq = rq;
        if (!(s->g =
                  ms_calloc(ms_report_n_levels(rq->all, (size_t)rq->year_by) + 1, sizeof *s->g))) {
            st = NOMEM(r);
            break;
        }
        n++;
        st = ms_report_groups(r, rq->all, (size_t)rq->year_by, (size_t)rq->main_m, s->g, &s->n);
        size_t shown = 0;
        for (size_t j = 0; j < s->n; j++)
            shown += s->g[j].shown;
        multi += shown >= 2;
    }
    bool scale = false; /* a quality index to compare, were there earlier years */
    for (size_t i = 0; i < r->n_q; i++)
        scale = scale || (ms_rq_has_index(&r->q[i]) && r->q[i].main_m >= 0);
    /* no year in the answers is one year of data: the first, as a reader
     * is told, not a defect of the forms (a cold reader took it for one) */
    if (st == MS_OK && n == 0 && !items)
        ms_html_p(&pg->body, "note",
                  scale ? one_year(r)
                        : MS_TR(r,
                                "Сравнения по годам нет: в анкетах нет шкалы удовлетворённости "
                                "(индекса качества), которую можно сравнить.",
                                "No comparison by year: the questionnaires have no "
                                "satisfaction scale (quality index) to compare."));
    else if (st == MS_OK && n) {
        if (!multi)
            ms_html_p(&pg->body, "note", one_year(r));
        st = trend_chart(r, ys, n, &pg->body);
        if (st == MS_OK)
            st = years_table(r, ys, n, &pg->body);
        for (size_t s = 0; st == MS_OK && s < n; s++)
            st = years_test(r, ys[s].rq, &pg->body);
    }
    for (size_t s = 0; s < n; s++)
        ms_free(ys[s].g);
    ms_free(ys);
    return st;
}
