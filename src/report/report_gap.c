/*
 * report_gap.c — the section on the gap between mentors' and mentees' views:
 * per form, the quality index of the construct both satisfaction
 * questionnaires share (matched by construct name, report_answers.c) as
 * mentees see it and as mentors see it, with 95 % CIs, the difference with
 * its Welch CI and p, a dot chart; and, from the pairs where both sides
 * answered, the mean paired difference and how many pairs differ by more
 * than GAP_WARN points (counted, never named).  The difference and its test
 * are ms_results_index_gap's.
 *
 * Privacy: a form is shown only when both sides' one decision shows it
 * (ms_report_groups) and both have min_group answers in it.
 */
#include "report_int.h"
#include "plural.h"
#include "cnum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Index points between a mentee's and a mentor's view of one pair that the
 * section calls a warning sign: a fifth of the scale. */
#define GAP_WARN 20.0

/* One form (or all answers): both sides' groups and the difference. */
typedef struct {
    const char *level;
    ms_rgroup side[2];      /* mentees, mentors */
    bool shown;
    ms_group_hiding hiding; /* hidden: either side too small, else as complement */
    double diff, lo, hi, p; /* mentees − mentors, index points */
} gap_row;

typedef struct {
    const ms_rq *rq[2];
    size_t m[2];
    long b[2];              /* the form variable's --by index on each side */
    gap_row *rows;          /* [0] all answers, then forms */
    size_t n_rows;
} gap;

static long by_index(const ms_rq *rq, const char *name)
{
    for (size_t b = 0; name && b < rq->n_user_by; b++)
        if ((long)b != rq->year_by &&
            !strcasecmp(rq->cb->vars[ms_aggregate_by(rq->cur, b)->var].name, name))
            return (long)b;
    return -1;
}

/* The difference as ms_results computes it (one implementation of every
 * comparison): both sides as 0–100 indices, Welch CI and p. */
static void difference(const gap *gp, gap_row *row)
{
    double amin = NAN, amax = NAN, bmin = NAN, bmax = NAN;
    ms_index_gap d;
    row->diff = row->lo = row->hi = row->p = NAN;
    if (!ms_measure_range(gp->rq[0]->cur, gp->m[0], &amin, &amax) ||
        !ms_measure_range(gp->rq[1]->cur, gp->m[1], &bmin, &bmax))
        return;
    ms_results_index_gap(&row->side[0].mo, amin, amax, &row->side[1].mo, bmin, bmax, &d);
    row->diff = d.diff;
    row->lo = d.ci_low;
    row->hi = d.ci_high;
    row->p = d.p;
}

static gap_row *find_level(gap *gp, const char *level)
{
    for (size_t i = 1; i < gp->n_rows; i++)
        if (!strcmp(gp->rows[i].level, level))
            return &gp->rows[i];
    gap_row *row = &gp->rows[gp->n_rows++];
    memset(row, 0, sizeof *row);
    row->level = level;
    return row;
}

/* Each side's groups of the form variable, matched by label. */
static ms_status fill_side(ms_report *r, gap *gp, int s)
{
    const ms_rq *rq = gp->rq[s];
    size_t n = 0;
    ms_rgroup *g = ms_calloc(ms_report_n_levels(rq->cur, (size_t)gp->b[s]) + 1, sizeof *g);
    if (!g)
        return NOMEM(r);
    ms_status st = ms_report_groups(r, rq->cur, (size_t)gp->b[s], gp->m[s], g, &n);
    for (size_t i = 0; st == MS_OK && i < n; i++)
        find_level(gp, g[i].level)->side[s] = g[i];
    ms_report_cell_group(r, rq->cur, ms_aggregate_all(rq->cur), gp->m[s], &gp->rows[0].side[s]);
    ms_free(g);
    return st;
}

static ms_status gap_figures(ms_report *r, gap *gp)
{
    size_t cap = 2 + ms_report_n_levels(gp->rq[0]->cur, (size_t)gp->b[0]) +
                 ms_report_n_levels(gp->rq[1]->cur, (size_t)gp->b[1]);
    if (!(gp->rows = ms_calloc(cap, sizeof *gp->rows)))
        return NOMEM(r);
    gp->n_rows = 1;
    gp->rows[0].level = MS_TR(r, "Все формы", "All forms");
    ms_status st = fill_side(r, gp, 0);
    if (st == MS_OK)
        st = fill_side(r, gp, 1);
    for (size_t i = 0; i < gp->n_rows; i++) {
        gap_row *row = &gp->rows[i];
        row->shown = row->side[0].shown && row->side[1].shown;
        bool small = false;
        for (int s = 0; s < 2; s++)
            small = small || row->side[s].hiding == MS_GROUP_SMALL ||
                    (!row->side[s].shown && row->side[s].hiding == MS_GROUP_SHOWN);
        row->hiding = row->shown ? MS_GROUP_SHOWN : small ? MS_GROUP_SMALL : MS_GROUP_COMPLEMENT;
        if (row->shown)
            difference(gp, row);
    }
    return st;
}

/* ---------- the table and the chart ---------- */

static void side_cells(ms_rtable *t, const gap_row *row, int s)
{
    const ms_rgroup *g = &row->side[s];
    if (!row->shown || !isfinite(g->index.estimate)) {
        ms_rtable_hidden_why(t, row->hiding);
        ms_rtable_hidden_why(t, row->hiding);
        ms_rtable_hidden_range_why(t, row->hiding);
        return;
    }
    ms_rtable_num(t, g->n, 0);
    ms_rtable_num(t, g->index.estimate, 0);
    ms_rtable_range(t, g->index.ci_low, g->index.ci_high, 0);
}

static ms_status gap_table(ms_report *r, const gap *gp, ms_sbuf *b, bool *hidden,
                           bool *complement)
{
    ms_rtable t;
    ms_rtable_begin(&t, &r->pr, "gap-by-form");
    ms_rtable_head(&t, MS_TR(r, "Форма", "Form"));
    ms_rtable_head(&t, MS_TR(r, "n наставляемых", "n mentees"));
    ms_rtable_head(&t, MS_TR(r, "Индекс: наставляемые", "Index: mentees"));
    ms_rtable_head_range(&t, MS_TR(r, "95 % ДИ", "95 % CI"));
    ms_rtable_head(&t, MS_TR(r, "n наставников", "n mentors"));
    ms_rtable_head(&t, MS_TR(r, "Индекс: наставники", "Index: mentors"));
    ms_rtable_head_range(&t, MS_TR(r, "95 % ДИ", "95 % CI"));
    ms_rtable_head(&t, MS_TR(r, "Разница", "Difference"));
    ms_rtable_head_range(&t, MS_TR(r, "95 % ДИ разницы", "95 % CI of the difference"));
    ms_rtable_head(&t, "p");
    ms_rtable_end_row(&t);
    for (size_t i = 0; i < gp->n_rows; i++) {
        const gap_row *row = &gp->rows[i];
        *hidden = *hidden || (!row->shown && row->hiding != MS_GROUP_COMPLEMENT);
        *complement = *complement || row->hiding == MS_GROUP_COMPLEMENT;
        ms_rtable_text(&t, row->level);
        side_cells(&t, row, 0);
        side_cells(&t, row, 1);
        if (row->shown && isfinite(row->diff)) {
            ms_rtable_num(&t, row->diff, 0);
            ms_rtable_range(&t, row->lo, row->hi, 0);
            ms_rtable_p(&t, row->p);
        } else {
            ms_rtable_hidden_why(&t, row->hiding);
            ms_rtable_hidden_range_why(&t, row->hiding);
            ms_rtable_hidden_why(&t, row->hiding);
        }
        ms_rtable_end_row(&t);
    }
    return ms_rtable_finish(&t, &r->pr,
                            MS_TR(r, "Индекс качества (0–100) глазами наставляемых и наставников",
                                  "Quality index (0–100) as mentees and mentors see it"),
                            b);
}

static ms_status gap_chart(ms_report *r, const gap *gp, ms_sbuf *b)
{
    const char **rows = ms_calloc(gp->n_rows + 1, sizeof *rows);
    ms_cpoint *p = ms_calloc(2 * gp->n_rows + 1, sizeof *p);
    size_t n_rows = 0, n = 0;
    ms_status st = MS_OK;
    if (!rows || !p) {
        st = NOMEM(r);
        goto cleanup;
    }
    for (size_t i = 0; i < gp->n_rows; i++) {
        const gap_row *row = &gp->rows[i];
        if (!row->shown)
            continue;
        for (int s = 0; s < 2; s++)
            if (isfinite(row->side[s].index.estimate))
                p[n++] = (ms_cpoint){n_rows, (size_t)s, row->side[s].index.estimate, NAN,
                                     row->side[s].index.ci_low, row->side[s].index.ci_high};
        rows[n_rows++] = row->level;
    }
    ms_chart c = {"gap-by-form",
                  MS_TR(r, "Индекс качества по формам: наставляемые и наставники, 95 % ДИ",
                        "Quality index by form: mentees and mentors, 95 % CI"),
                  MS_TR(r, "индекс 0–100", "index 0–100"),
                  0,
                  100,
                  {MS_TR(r, "наставляемые", "mentees"), MS_TR(r, "наставники", "mentors")},
                  2,
                  rows,
                  n_rows};
    char axis[128];
    ms_chart_index_range(r, &c, p, n, false, axis, sizeof axis);
    if (n)
        st = ms_chart_dots(r, &c, p, n, 0, b);
cleanup:
    ms_free(rows);
    ms_free(p);
    return st;
}

/* ---------- words ---------- */

/* The gap in one or two sentences; false when there are too few answers. */
/* Whole points, as «Главное» gives each index (one rounding per figure:
 * «72 из 100» there is not «71,8» here); the table keeps a decimal. */
static bool gap_sentence(ms_report *r, const gap *gp, char *text, size_t size)
{
    const gap_row *all = &gp->rows[0], *wide = NULL;
    char e[32], m[32], d[32], pv[32];
    if (!all->shown || !isfinite(all->diff))
        return false;
    /* the form named is the widest gap the test finds significant (its p
     * from the results, as the table's): a wide gap that may be chance is
     * not the one to stress */
    size_t forms = 0;
    for (size_t i = 1; i < gp->n_rows; i++)
        if (gp->rows[i].shown && isfinite(gp->rows[i].diff)) {
            forms++;
            if (gp->rows[i].p < 0.05 && (!wide || fabs(gp->rows[i].diff) > fabs(wide->diff)))
                wide = &gp->rows[i];
        }
    /* «ниже/выше» only for a difference the test finds significant */
    ms_rfmt(r, e, sizeof e, all->side[0].index.estimate, 0);
    ms_rfmt(r, m, sizeof m, all->side[1].index.estimate, 0);
    ms_rfmt(r, d, sizeof d, fabs(all->diff), 0);
    ms_rp(&r->pr, pv, sizeof pv, all->p, false);
    const char *eq = all->p < 0.001 ? "" : "= ";
    int len = all->p < 0.05
                  ? ms_c_snprintf(text, size,
                                  MS_TR(r,
                                        "Наставляемые оценивают работу в %s из 100, наставники — "
                                        "в %s: %s на %s п.; различие статистически значимо (p %s%s).",
                                        "Mentees rate the work at %s of 100, mentors at %s: %s by "
                                        "%s points; the difference is statistically significant "
                                        "(p %s%s)."),
                                  e, m,
                                  all->diff < 0 ? MS_TR(r, "наставляемые ниже", "mentees lower")
                                                : MS_TR(r, "наставляемые выше", "mentees higher"),
                                  d, eq, pv)
                  : ms_c_snprintf(text, size,
                                  MS_TR(r,
                                        "Наставляемые оценивают работу в %s из 100, наставники — "
                                        "в %s; различие в %s п. может быть случайным (p %s%s).",
                                        "Mentees rate the work at %s of 100, mentors at %s; the "
                                        "difference of %s points may be chance (p %s%s)."),
                                  e, m, d, eq, pv);
    if (forms >= 2 && wide && len > 0 && (size_t)len < size)
        ms_c_snprintf(text + len, size - (size_t)len,
                      MS_TR(r, " Значимо расходятся взгляды в форме «%s» (%s п., p %s%s).",
                            " The views differ significantly in \"%s\" (%s points, p %s%s)."),
                      wide->level, ms_rfmt(r, d, sizeof d, wide->diff, 0),
                      wide->p < 0.001 ? "" : "= ", ms_rp(&r->pr, pv, sizeof pv, wide->p, false));
    else if (forms >= 2 && len > 0 && (size_t)len < size)
        ms_c_snprintf(text + len, size - (size_t)len, "%s",
                      MS_TR(r, " По отдельным формам значимых расхождений нет.",
                            " No single form shows a significant difference."));
    return true;
}

static void lead(ms_report *r, const gap *gp, ms_sbuf *b)
{
    char text[1024];
    if (!gap_sentence(r, gp, text, sizeof text))
        ms_c_snprintf(text, sizeof text, "%s",
                      MS_TR(r,
                            "Ответов слишком мало, чтобы сравнить взгляды наставников и "
                            "наставляемых.",
                            "Too few answers to compare mentors' and mentees' views."));
    ms_html_p(b, "lead", text);
}

/* One pair's views: the last index of each side and how many rows gave one. */
typedef struct {
    double x[2];
    int k[2];
} pair_views;

/* Mentee minus mentor index in the pairs where both answered (rows bucketed
 * by pair in one pass). */
static void paired_sentence(ms_report *r, ms_sbuf *b)
{
    const ms_ranswers *a = r->answers;
    ms_accum acc = {0, 0, 0};
    double warn = 0;
    pair_views *v = a && a->n_pairs ? ms_calloc(a->n_pairs, sizeof *v) : NULL;
    if (!v) {
        if (a && a->n_pairs)
            ms_sbuf_fail(b);
        return;
    }
    for (size_t i = 0; i < a->n_rows; i++) {
        const ms_rrow *row = &a->rows[i];
        if (row->pair != MS_NO_PAIR && isfinite(row->index))
            v[row->pair].k[row->mentor]++, v[row->pair].x[row->mentor] = row->index;
    }
    for (size_t p = 0; p < a->n_pairs; p++) {
        if (v[p].k[0] != 1 || v[p].k[1] != 1)
            continue; /* one view from each side, or the pair is not compared */
        double d = v[p].x[0] - v[p].x[1];
        ms_accum_add(&acc, d);
        warn += fabs(d) > GAP_WARN;
    }
    ms_free(v);
    if (!ms_report_enough(r, acc.n))
        return;
    ms_moments mo = ms_accum_moments(&acc);
    ms_paired pt;
    const char *why;
    ms_paired_t(&mo, &pt, &why); /* p stays NAN (printed "—") when undefined */
    double n = pt.n, mean = pt.mean_diff, p = pt.p_t;
    char text[768], a1[32], a2[32], pv[32], w[32];
    /* «ниже/выше» only for a difference the test finds significant */
    int len = p < 0.05
                  ? ms_c_snprintf(
                        text, sizeof text,
                        MS_TR(r,
                              "В %.0f %s ответили и наставник, и наставляемый: оценка наставляемого "
                              "в среднем на %s п. %s оценки его наставника (парный t-критерий, p %s%s).",
                              "In %.0f %s both the mentor and the mentee answered: the mentee's index is "
                              "on average %s points %s the mentor's (paired t-test, p %s%s)."),
                        n, ms_plural(r->pr.ru, n, "паре", "парах", "парах", "pair", "pairs"),
                        ms_rfmt(r, a1, sizeof a1, fabs(mean), 0),
                        mean < 0 ? MS_TR(r, "ниже", "below") : MS_TR(r, "выше", "above"),
                        p < 0.001 ? "" : "= ", ms_rp(&r->pr, pv, sizeof pv, p, false))
                  : ms_c_snprintf(
                        text, sizeof text,
                        MS_TR(r,
                              "В %.0f %s ответили и наставник, и наставляемый: оценки наставляемого "
                              "и его наставника различаются в среднем на %s п., и это различие может "
                              "быть случайным (парный t-критерий, p %s%s).",
                              "In %.0f %s both the mentor and the mentee answered: the mentee's and "
                              "the mentor's index differ by %s points on average, which may be "
                              "chance (paired t-test, p %s%s)."),
                        n, ms_plural(r->pr.ru, n, "паре", "парах", "парах", "pair", "pairs"),
                        ms_rfmt(r, a1, sizeof a1, fabs(mean), 0), p < 0.001 ? "" : "= ",
                        ms_rp(&r->pr, pv, sizeof pv, p, false));
    if (len > 0 && (size_t)len < sizeof text && warn > 0)
        ms_c_snprintf(text + len, sizeof text - (size_t)len,
                      MS_TR(r,
                            " Больше чем на %s п. оценки расходятся в %s %s — о них стоит "
                            "поговорить с кураторами.",
                            " The views differ by more than %s points in %s %s — worth a word "
                            "with the coordinators."),
                      ms_rfmt(r, a2, sizeof a2, GAP_WARN, 0), ms_rfmt(r, w, sizeof w, warn, 0),
                      ms_plural(r->pr.ru, warn, "паре", "парах", "парах", "pair", "pairs"));
    else if (len > 0 && (size_t)len < sizeof text)
        ms_c_snprintf(text + len, sizeof text - (size_t)len,
                      MS_TR(r, " Ни в одной паре оценки не расходятся больше чем на %s п.",
                            " In no pair do the views differ by more than %s points."),
                      ms_rfmt(r, a2, sizeof a2, GAP_WARN, 0));
    ms_html_p(b, NULL, text);
}

/* Both satisfaction questionnaires share a construct and are by form. */
static bool comparable(const ms_report *r, gap *gp)
{
    const ms_ranswers *a = r->answers;
    *gp = (gap){{NULL, NULL}, {0, 0}, {-1, -1}, NULL, 0};
    for (int s = 0; a && s < 2; s++)
        if (a->q[s] >= 0 && a->m[s] >= 0) {
            gp->rq[s] = &r->q[a->q[s]];
            gp->m[s] = (size_t)a->m[s];
            gp->b[s] = by_index(gp->rq[s], a->form_var);
        }
    return gp->rq[0] && gp->rq[1] && gp->b[0] >= 0 && gp->b[1] >= 0;
}

/* The findings' line on the gap: the section's first sentences. */
ms_status ms_report_gap_finding(ms_report *r, ms_sbuf *ul)
{
    gap gp;
    char text[1024];
    if (!comparable(r, &gp))
        return MS_OK;
    ms_status st = gap_figures(r, &gp);
    if (st == MS_OK && gap_sentence(r, &gp, text, sizeof text)) {
        ms_sbuf_puts(ul, "<li>");
        ms_sbuf_html(ul, text);
        ms_sbuf_puts(ul, "</li>\n");
    }
    ms_free(gp.rows);
    return st;
}

ms_status ms_section_gap(ms_report *r, ms_page *pg)
{
    if (!ms_report_mentoring(r))
        return MS_OK;
    ms_html_section(r, pg, "gap",
                    MS_TR(r, "Взгляды наставников и наставляемых", "Mentors' and mentees' views"));
    ms_sbuf *b = &pg->body;
    const ms_ranswers *a = r->answers;
    gap gp;
    if (!comparable(r, &gp)) {
        ms_html_p(b, "note",
                  MS_TR(r, "Сравнить взгляды нельзя: нужны анкеты удовлетворённости и "
                           "наставляемых, и наставников с общей шкалой и формами наставничества.",
                        "The views cannot be compared: this needs the satisfaction "
                        "questionnaires of both mentees and mentors, with a common scale and "
                        "forms of mentoring."));
        return MS_OK;
    }
    bool hidden = false, complement = false;
    ms_status st = gap_figures(r, &gp);
    if (st == MS_OK) {
        lead(r, &gp, b);
        paired_sentence(r, b);
        st = gap_chart(r, &gp, b);
    }
    if (st == MS_OK)
        st = gap_table(r, &gp, b, &hidden, &complement);
    if (st == MS_OK)
        ms_html_hidden_notes(r, b, hidden, complement);
    char note[768];
    ms_c_snprintf(
        note, sizeof note,
        MS_TR(r,
              "Сравнивается шкала «%s» обеих анкет удовлетворённости, пересчитанная "
              "в индекс 0–100. Разница = "
              "наставляемые − наставники; её 95 %% ДИ и p — по t-критерию Уэлча. "
              "Большой разрыв — повод обсудить, одинаково ли стороны понимают цели "
              "работы.",
              "The scale \"%s\" of both satisfaction questionnaires is compared as a "
              "0–100 index. Difference = mentees − "
              "mentors, with the Welch t-test's 95 %% CI and p. A wide gap is a reason to "
              "ask whether both sides understand the goals alike."),
        a->construct ? a->construct : "");
    ms_html_p(b, "note", note);
    ms_free(gp.rows);
    return st;
}
