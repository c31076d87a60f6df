/*
 * report_tests.c — the sections about the instruments and the differences:
 * reliability of the scales (Cronbach's alpha, weak items) and comparisons
 * by form, stated in words.  Only the groups the one small-group decision
 * shows take part in a comparison; the tests and their Holm adjustment are
 * ms_results' (report_model.c).
 */
#include "report_int.h"
#include "cnum.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* ---------- reliability ---------- */

static const char *alpha_words(const ms_report *r, double a)
{
    if (!isfinite(a))
        return "—";
    return a >= 0.9   ? MS_TR(r, "отличная", "excellent")
           : a >= 0.8 ? MS_TR(r, "хорошая", "good")
           : a >= 0.7 ? MS_TR(r, "приемлемая", "acceptable")
           : a >= 0.6 ? MS_TR(r, "сомнительная", "questionable")
                      : MS_TR(r, "низкая", "poor");
}

static void weak_reason(const ms_report *r, const ms_construct_result *c, size_t i, char *buf,
                        size_t size)
{
    char a[16], b[16];
    buf[0] = '\0';
    if (isfinite(c->corrected_r[i]) && c->corrected_r[i] < 0.3)
        ms_c_snprintf(buf, size,
                      MS_TR(r, "слабая связь со шкалой (r = %s < 0,3)",
                            "weak link to the scale (r = %s < 0.3)"),
                      ms_rfmt(r, a, sizeof a, c->corrected_r[i], 2));
    else if (isfinite(c->alpha_if_deleted[i]) && c->alpha_if_deleted[i] > c->alpha.alpha)
        ms_c_snprintf(
            buf, size,
            MS_TR(r, "без вопроса α выше (%s > %s)", "alpha is higher without it (%s > %s)"),
            ms_rfmt(r, a, sizeof a, c->alpha_if_deleted[i], 2),
            ms_rfmt(r, b, sizeof b, c->alpha.alpha, 2));
}

static ms_status reliability_items(ms_report *r, ms_sbuf *b)
{
    ms_rtable t;
    ms_rtable_begin(&t, &r->pr, "reliability-items");
    ms_rtable_head(&t, MS_TR(r, "Анкета", "Questionnaire"));
    ms_rtable_head(&t, MS_TR(r, "Шкала", "Scale"));
    ms_rtable_head(&t, MS_TR(r, "Вопрос", "Question"));
    ms_rtable_head(&t, MS_TR(r, "r с остальными", "Corrected r"));
    ms_rtable_head(&t, MS_TR(r, "α без вопроса", "Alpha if deleted"));
    ms_rtable_head(&t, MS_TR(r, "Замечание", "Flag"));
    ms_rtable_end_row(&t);
    for (size_t q = 0; q < r->n_q; q++) {
        const ms_rq *rq = &r->q[q];
        for (size_t k = 0; k < rq->res->n_constructs; k++) {
            const ms_construct_result *c = &rq->res->constructs[k];
            if (!ms_report_enough(r, c->n))
                continue;
            for (size_t i = 0; i < c->k; i++) {
                char why[160];
                weak_reason(r, c, i, why, sizeof why);
                ms_rtable_text(&t, rq->q->title);
                ms_rtable_text(&t, c->label);
                ms_rtable_text(&t, rq->cb->vars[rq->cb->constructs[k].items[i]].label);
                ms_rtable_num(&t, c->corrected_r[i], 2);
                ms_rtable_num(&t, c->alpha_if_deleted[i], 2);
                ms_rtable_text(&t, why);
                ms_rtable_end_row(&t);
            }
        }
    }
    return ms_rtable_finish(&t, &r->pr, MS_TR(r, "Вопросы шкал", "Items of the scales"), b);
}

ms_status ms_section_reliability(ms_report *r, ms_page *pg)
{
    ms_html_section(r, pg, "reliability",
                    MS_TR(r, "Надёжность анкет", "Reliability of the questionnaires"));
    ms_sbuf *b = &pg->body;
    ms_rtable t;
    size_t rows = 0;
    bool hidden = false;
    ms_rtable_begin(&t, &r->pr, "reliability");
    ms_rtable_head(&t, MS_TR(r, "Анкета", "Questionnaire"));
    ms_rtable_head(&t, MS_TR(r, "Шкала", "Scale"));
    ms_rtable_head(&t, MS_TR(r, "Вопросов", "Items"));
    ms_rtable_head(&t, MS_TR(r, "n (полные ответы)", "n (complete)"));
    ms_rtable_head(&t, MS_TR(r, "α Кронбаха", "Cronbach's alpha"));
    ms_rtable_head_range(&t, MS_TR(r, "95 % ДИ", "95 % CI"));
    ms_rtable_head(&t, MS_TR(r, "Оценка", "Rating"));
    ms_rtable_end_row(&t);
    for (size_t q = 0; q < r->n_q; q++)
        for (size_t k = 0; k < r->q[q].res->n_constructs; k++, rows++) {
            const ms_construct_result *c = &r->q[q].res->constructs[k];
            ms_rtable_text(&t, r->q[q].q->title);
            ms_rtable_text(&t, c->label);
            ms_rtable_num(&t, (double)c->k, 0);
            ms_rtable_num(&t, c->n, 0);
            if (!ms_report_enough(r, c->n)) {
                hidden = true;
                ms_rtable_hidden(&t);
                ms_rtable_hidden_range(&t);
                ms_rtable_hidden(&t);
            } else {
                ms_rtable_num(&t, c->alpha.alpha, 2);
                ms_rtable_range(&t, c->alpha.alpha_ci_low, c->alpha.alpha_ci_high, 2);
                ms_rtable_text(&t, c->why ? c->why : alpha_words(r, c->alpha.alpha));
            }
            ms_rtable_end_row(&t);
        }
    if (!rows) {
        ms_rtable_discard(&t);
        ms_html_p(b, "note",
                  MS_TR(r, "В кодбуках нет шкал (столбец construct).",
                        "The codebooks define no scales (column construct)."));
        return MS_OK;
    }
    ms_status st = ms_rtable_finish(
        &t, &r->pr,
        MS_TR(r, "Согласованность шкал (α Кронбаха)", "Internal consistency (Cronbach's alpha)"),
        b);
    if (hidden)
        ms_html_hidden_note(r, b);
    if (st == MS_OK)
        st = reliability_items(r, b);
    ms_html_p(b, "note",
              MS_TR(r,
                    "α ≥ 0,8 — хорошая согласованность, 0,7–0,8 — приемлемая, ниже 0,7 — "
                    "вопросы шкалы плохо измеряют одно и то же. Вопрос помечен, если его "
                    "связь с остальными вопросами шкалы слабая (r < 0,3) или без него α выше.",
                    "Alpha ≥ 0.8 good, 0.7–0.8 acceptable, below 0.7 the items hardly measure "
                    "one thing. An item is flagged when its correlation with the rest of the "
                    "scale is weak (r < 0.3) or alpha is higher without it."));
    return st;
}

/* ---------- comparisons ---------- */

static void groups_text(const ms_report *r, const ms_rcomparison *c, bool means, ms_sbuf *out)
{
    for (size_t j = 0; j < c->n_groups; j++) {
        char m[32];
        if (means)
            ms_sbuf_printf(out, "%s%s: %s (%.0f)", j ? "; " : "", c->groups[j].level,
                           ms_rfmt(r, m, sizeof m, c->groups[j].mo.mean, 2), c->groups[j].n);
        else
            ms_sbuf_printf(out, "%s%s (%.0f)", j ? "; " : "", c->groups[j].level, c->groups[j].n);
    }
    if (c->n_hidden)
        ms_sbuf_printf(out,
                       MS_TR(r, "%sещё групп меньше %d человек: %zu (не показаны)",
                             "%sgroups under %d people: %zu (not shown)"),
                       c->n_groups ? "; " : "", r->prog->min_group, c->n_hidden);
    if (c->n_complement)
        ms_sbuf_printf(out,
                       MS_TR(r, "%sещё групп скрыто, чтобы нельзя было вычислить другую: %zu",
                             "%sgroups hidden so that no other can be worked out: %zu"),
                       c->n_groups || c->n_hidden ? "; " : "", c->n_complement);
}

static void statistic_text(const ms_report *r, const ms_rcomparison *c, char *buf, size_t size)
{
    char s[32], d1[32], d2[32];
    const char *sym = !strcmp(c->test, "welch_t") ? "t" : !strcmp(c->test, "anova") ? "F" : "χ²";
    ms_rfmt(r, s, sizeof s, c->t.statistic, 2);
    ms_rfmt(r, d1, sizeof d1, c->t.df, !strcmp(c->test, "welch_t") ? 1 : 0);
    if (!strcmp(c->test, "anova"))
        ms_c_snprintf(buf, size, "%s = %s; df = %s; %s", sym, s, d1,
                      ms_rfmt(r, d2, sizeof d2, c->t.df2, 1));
    else
        ms_c_snprintf(buf, size, "%s = %s; df = %s", sym, s, d1);
}

static void comparison_row(ms_report *r, const char *label, const ms_rcomparison *c, bool means,
                           ms_rtable *t)
{
    ms_sbuf groups = {0};
    groups_text(r, c, means, &groups);
    ms_rtable_text(t, label);
    ms_rtable_text_of(t, &groups);
    ms_sbuf_free(&groups);
    if (!c->test) {
        ms_rtable_text(t, MS_TR(r, "—", "—"));
        for (int i = 0; i < 4; i++)
            ms_rtable_text(t, "");
        ms_rtable_text(t, MS_TR(r, "меньше двух групп достаточного размера",
                                "fewer than two groups large enough"));
        ms_rtable_end_row(t);
        return;
    }
    char stat[128], eff[128], e[32];
    statistic_text(r, c, stat, sizeof stat);
    ms_c_snprintf(eff, sizeof eff, isfinite(c->t.effect) ? "%s = %s (%s)" : "—",
                  ms_effect_symbol(c->t.effect_name), ms_rfmt(r, e, sizeof e, c->t.effect, 2),
                  ms_effect_words(r, c->t.effect_name, c->t.effect));
    ms_rtable_text(t, ms_test_words(r, c->test));
    ms_rtable_text(t, stat);
    ms_rtable_p(t, c->t.p);
    ms_rtable_p(t, c->p_holm);
    ms_rtable_text(t, eff);
    ms_rtable_text(t, !isfinite(c->p_holm) ? (c->why ? c->why : "—")
                      : c->p_holm < 0.05
                          ? MS_TR(r, "различие статистически значимо",
                                  "the difference is statistically significant")
                          : MS_TR(r, "различие не значимо", "the difference is not significant"));
    ms_rtable_end_row(t);
}

/* «CAPTION не проводится: …» with why and a link to the table. */
static void untested_note(const ms_report *r, const char *caption, const char *name,
                          size_t shown, size_t hidden, size_t complement, ms_sbuf *html)
{
    ms_sbuf_puts(html, "<p class=\"note\">");
    ms_sbuf_html(html, caption);
    ms_sbuf_puts(html, shown ? MS_TR(r, " не проводится: достаточно ответов только у одной группы",
                                     " is not made: only one group has enough answers")
                             : MS_TR(r, " не проводится: ни у одной группы нет достаточного "
                                        "числа ответов",
                                     " is not made: no group has enough answers"));
    if (hidden)
        ms_sbuf_printf(html, MS_TR(r, "; групп меньше %d человек: %zu", "; groups below %d: %zu"),
                       r->prog->min_group, hidden);
    if (complement)
        ms_sbuf_printf(html,
                       MS_TR(r, "; скрыто, чтобы нельзя было вычислить другую: %zu",
                             "; hidden so that no other can be worked out: %zu"),
                       complement);
    ms_sbuf_printf(html, MS_TR(r, ". <a href=\"tables/%s.csv\">Таблица (CSV)</a></p>\n",
                               ". <a href=\"tables/%s.csv\">Table (CSV)</a></p>\n"),
                   name);
}

static ms_status comparisons_one(ms_report *r, const ms_rq *rq, size_t b, ms_sbuf *html)
{
    return ms_rq_comparisons_table(r, rq, b, rq->cur, html);
}

/* Every measure of rq compared across the groups of its by-variable b, in
 * the answers of agg (this year's, or all years' for the year). */
ms_status ms_rq_comparisons_table(ms_report *r, const ms_rq *rq, size_t b,
                                  const ms_aggregate *agg, ms_sbuf *html)
{
    ms_rcomparison *c;
    size_t n;
    ms_status st = ms_report_comparisons(r, rq, b, agg, &c, &n);
    if (st != MS_OK)
        return st;
    const ms_variable *by = &rq->cb->vars[ms_aggregate_by(rq->cur, b)->var];
    char name[160], caption[512], by_label[256];
    snprintf(name, sizeof name, "%s-by-%s", rq->q->name, by->name);
    snprintf(caption, sizeof caption, MS_TR(r, "%s: сравнение групп по признаку «%s»",
                                             "%s: comparison by \"%s\""),
             rq->q->title, ms_text_clip(by_label, sizeof by_label, by->label));
    ms_rtable t;
    ms_rtable_begin(&t, &r->pr, name);
    const char *heads[] = {MS_TR(r, "Показатель", "Measure"),
                           MS_TR(r, "Группы: среднее (n)", "Groups: mean (n)"),
                           MS_TR(r, "Критерий", "Test"),
                           MS_TR(r, "Статистика", "Statistic"),
                           "p",
                           MS_TR(r, "p (Холм)", "p (Holm)"),
                           MS_TR(r, "Размер эффекта", "Effect size"),
                           MS_TR(r, "Вывод", "Conclusion")};
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        ms_rtable_head(&t, heads[i]);
    ms_rtable_end_row(&t);
    bool hidden = false, complement = false;
    size_t tested = 0, shown = 0, hidden_n = 0, complement_n = 0;
    for (size_t i = 0; i < n; i++) {
        if (!c[i].n_groups && !c[i].n_hidden && !c[i].n_complement)
            continue;
        tested += c[i].test != NULL;
        shown = c[i].n_groups > shown ? c[i].n_groups : shown;
        hidden_n = c[i].n_hidden > hidden_n ? c[i].n_hidden : hidden_n;
        complement_n = c[i].n_complement > complement_n ? c[i].n_complement : complement_n;
        char label[256];
        bool measure = i < ms_aggregate_n_measures(rq->cur);
        if (measure)
            ms_rq_label(r, rq, i, label, sizeof label);
        else
            ms_text_clip(label, sizeof label, c[i].label);
        hidden = hidden || c[i].n_hidden;
        complement = complement || c[i].n_complement;
        comparison_row(r, label, &c[i], measure, &t);
    }
    if (tested) {
        st = ms_rtable_finish(&t, &r->pr, caption, html);
        ms_html_hidden_notes(r, html, hidden, complement);
    } else { /* rows of «fewer than two groups» say nothing on the page: one
              * sentence, the table still in tables/ and the workbook */
        ms_sbuf scratch = {0};
        st = ms_rtable_finish(&t, &r->pr, caption, &scratch);
        ms_sbuf_free(&scratch);
        untested_note(r, caption, name, shown, hidden_n, complement_n, html);
    }
    ms_report_comparisons_free(c, n);
    return st;
}

/* Inside the best-practices section: whether forms differ at all, by the
 * tests, before ranking them. */
ms_status ms_comparisons_body(ms_report *r, ms_sbuf *body)
{
    ms_page one = {{0}, {0}}, *pg = &one;
    size_t shown = 0;
    ms_status st = MS_OK;
    for (size_t i = 0; st == MS_OK && i < r->n_q; i++)
        for (size_t b = 0; st == MS_OK && b < r->q[i].n_user_by; b++) {
            if ((long)b == r->q[i].year_by)
                continue;
            ms_sbuf_puts(&pg->body, "<h4>");
            ms_sbuf_html(&pg->body, r->q[i].q->title);
            ms_sbuf_puts(&pg->body, "</h4>\n");
            shown++;
            if (ms_aggregate_wave_var(r->q[i].cur) < 0) {
                st = comparisons_one(r, &r->q[i], b, &pg->body);
                continue;
            }
            /* answers of both waves are pooled in every group: comparing
             * them would mix entry with exit */
            ms_html_p(&pg->body, "note",
                      MS_TR(r,
                            "Анкета заполняется на двух этапах (вход и выход), поэтому формы "
                            "по ней здесь не сравниваются: смотрите рост в разделе о входном "
                            "и итоговом анкетировании.",
                            "The questionnaire has two stages (entry and exit), so forms are "
                            "not compared on it here: see growth in its own section."));
            break;
        }
    if (!shown)
        ms_html_p(&pg->body, "note",
                  MS_TR(r,
                        "Группы (например, формы наставничества) в анкетах не выделены, "
                        "поэтому сравнивать нечего.",
                        "The questionnaires name no groups (such as forms of mentoring), so "
                        "there is nothing to compare."));
    else
        ms_html_p(&pg->body, "note",
                  MS_TR(r,
                        "Две группы — t-критерий Уэлча (g Хеджеса), больше двух — дисперсионный "
                        "анализ (η²), ответы с выбором — χ² (V Крамера). p (Холм) — с поправкой "
                        "на множественные сравнения в одной таблице; значимо при p (Холм) < 0,05. "
                        "Группы меньше минимального размера в сравнении не участвуют.",
                        "Two groups: Welch t-test (Hedges' g); more: ANOVA (eta squared); choices: "
                        "chi-square (Cramér's V). p (Holm) is adjusted for the comparisons of one "
                        "table; significant when p (Holm) < 0.05. Groups below the minimum size "
                        "take no part."));
    ms_sbuf_append(body, &one.body);
    ms_sbuf_free(&one.body);
    return st;
}
