/*
 * report_sections.c — two sections: satisfaction per questionnaire and the
 * bank of mentors, with the tables of answers (items, choices) they show.
 *
 * Like every section it writes its charts and tables through report_charts.c,
 * present/present.h and report_blocks.c, and reads the model (report_model.c,
 * report_questionnaire.c); it calls no other section.  The privacy rule is applied at the point of printing: a
 * questionnaire, group, year or set of pairs with fewer than min_group
 * people is shown as "*" with the note, and is left out of charts.
 */
#include "report_int.h"
#include "cnum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------- tables of the answers ---------- */

/* Counts of categorical answers (choice, yes/no, multiple choice). */
/* Where the variable is also a `by` of the questionnaire, a level's count
 * is a group's size: hidden as the one decision hides the group. */
static ms_group_hiding level_hiding(const ms_rq *rq, const ms_category_result *c, size_t i)
{
    const ms_suppression *s = ms_results_suppression(rq->res, c->var);
    const ms_levels *lv = ms_aggregate_levels(rq->cur, c->var);
    for (size_t l = 0; s && l < lv->n && l < s->n_levels; l++)
        if (lv->labels[l] == c->levels[i])
            return s->hiding[l];
    /* «другое» of answers typed by respondents holds the small groups */
    return s && s->n_small ? MS_GROUP_SMALL : MS_GROUP_SHOWN;
}

ms_status ms_rq_categories_table(ms_report *r, const ms_rq *rq, ms_sbuf *html, const char *what,
                                 const char *caption)
{
    bool hidden = false, complement = false;
    ms_rtable t;
    char name[96];
    size_t rows = 0;
    ms_rq_table_name(name, sizeof name, rq, what);
    ms_rtable_begin(&t, &r->pr, name);
    ms_rtable_head(&t, MS_TR(r, "Вопрос", "Question"));
    ms_rtable_head(&t, MS_TR(r, "Ответ", "Answer"));
    ms_rtable_head(&t, MS_TR(r, "Выбрали", "Chosen by"));
    ms_rtable_head(&t, MS_TR(r, "Доля ответивших", "Share of respondents"));
    ms_rtable_end_row(&t);
    for (size_t i = 0; i < rq->res->n_categories; i++) {
        const ms_category_result *c = &rq->res->categories[i];
        ms_vartype ty = rq->cb->vars[c->var].type;
        if (ty != MS_TYPE_CHOICE && ty != MS_TYPE_YESNO && ty != MS_TYPE_MULTI)
            continue;
        for (size_t l = 0; l < c->n_levels; l++, rows++) {
            ms_rtable_text(&t, l ? "" : c->label);
            ms_rtable_text(&t, c->levels[l]);
            ms_group_hiding h = level_hiding(rq, c, l);
            hidden = hidden || h == MS_GROUP_SMALL;
            complement = complement || h == MS_GROUP_COMPLEMENT;
            if (h != MS_GROUP_SHOWN) { /* a group of a `by` variable: its size */
                ms_rtable_hidden_why(&t, h);
                ms_rtable_hidden_why(&t, h);
            } else if (!ms_report_enough(r, c->n)) {
                ms_rtable_hidden(&t);
                ms_rtable_hidden(&t);
            } else {
                ms_rtable_num(&t, c->counts[l], 0);
                ms_rtable_pct(&t, c->counts[l] / c->n, 0);
            }
            ms_rtable_end_row(&t);
        }
    }
    if (!rows) {
        ms_rtable_discard(&t);
        return MS_OK;
    }
    ms_status st = ms_rtable_finish(&t, &r->pr, caption, html);
    ms_html_hidden_notes(r, html, hidden, complement);
    return st;
}

/* ---------- satisfaction ---------- */

/* Diverging bars: one chart per distinct scale range among the items. */
static ms_status answer_charts(ms_report *r, const ms_rq *rq, ms_sbuf *html)
{
    const ms_results *res = rq->res;
    const ms_item_result **items = ms_calloc(res->n_items + 1, sizeof *items);
    bool *done = ms_calloc(res->n_items + 1, sizeof *done);
    char (*labels)[256] = ms_calloc(res->n_items + 1, sizeof *labels);
    const char **label_of = ms_calloc(res->n_items + 1, sizeof *label_of);
    ms_status st = MS_OK;
    if (!items || !done || !labels || !label_of) {
        st = NOMEM(r);
        goto cleanup;
    }
    for (size_t first = 0, chart = 0; st == MS_OK && first < res->n_items; first++) {
        const ms_item_result *a = &res->items[first];
        if (done[first] || !ms_rq_is_scale(rq, a->measure) || !a->has_range ||
            !ms_report_enough(r, a->n))
            continue;
        size_t n = 0;
        for (size_t i = first; i < res->n_items; i++) {
            const ms_item_result *b = &res->items[i];
            if (!done[i] && ms_rq_is_scale(rq, b->measure) && b->has_range &&
                ms_report_enough(r, b->n) && b->min == a->min && b->max == a->max &&
                b->max - b->min <= 20) {
                items[n++] = b;
                done[i] = true;
            }
        }
        if (!n)
            continue;
        char name[96], title[512], lo[16], hi[16];
        chart++;
        ms_c_snprintf(name, sizeof name, chart > 1 ? "%s-answers-%zu" : "%s-answers", rq->q->name,
                      chart);
        ms_c_snprintf(title, sizeof title,
                      MS_TR(r, "%s: распределение ответов (шкала %s–%s), %% ответивших",
                            "%s: distribution of answers (scale %s–%s), %% of respondents"),
                      rq->q->title, ms_rfmt(r, lo, sizeof lo, a->min, 0),
                      ms_rfmt(r, hi, sizeof hi, a->max, 0));
        bool reversed = false;
        for (size_t i = 0; i < n; i++) {
            /* a row's label short enough for one line on a slide: what
             * follows « (» goes (the note below says what reversed means) */
            bool rev = ms_rq_reverse(rq, items[i]->measure);
            ms_rq_label(r, rq, items[i]->measure, labels[i], sizeof labels[i]);
            char *cut = strstr(labels[i], " (");
            if (cut && cut > labels[i]) {
                *cut = '\0';
                if (rev)
                    strncat(labels[i], MS_TR(r, " (обратный)", " (reversed)"),
                            sizeof labels[i] - strlen(labels[i]) - 1);
            }
            reversed = reversed || rev;
            label_of[i] = labels[i];
        }
        st = ms_chart_distribution(r, name, title, items, label_of, n, html);
        if (st == MS_OK && reversed) {
            char note[512];
            ms_c_snprintf(note, sizeof note,
                          MS_TR(r,
                                "Обратный вопрос сформулирован отрицательно («не хватало…»): "
                                "его ответы перевёрнуты (%s здесь — это ответ %s, и наоборот), "
                                "чтобы, как у остальных вопросов, высокая оценка значила "
                                "хорошее.",
                                "A reversed item is worded negatively (\"I lacked…\"): its "
                                "answers are turned round (%s here is an answer of %s, and "
                                "back), so that, as for the other items, a high rating means "
                                "good."),
                          hi, lo);
            ms_html_p(html, "note", note);
        }
    }
cleanup:
    ms_free(items);
    ms_free(done);
    ms_free(labels);
    ms_free(label_of);
    return st;
}

/* Means with CI of the scale items and construct scores; on their own
 * scale when all share one, else as the 0–100 index. */
static ms_status means_chart(ms_report *r, const ms_rq *rq, ms_sbuf *html)
{
    const ms_results *res = rq->res;
    ms_cpoint *p = ms_calloc(res->n_items + 1, sizeof *p);
    const char **rows = ms_calloc(res->n_items + 1, sizeof *rows);
    char(*labels)[256] = ms_calloc(res->n_items + 1, sizeof *labels);
    ms_status st = MS_OK;
    if (!p || !rows || !labels) {
        st = NOMEM(r);
        goto cleanup;
    }
    size_t n = 0;
    bool same = true;
    double min = NAN, max = NAN;
    for (size_t i = 0; i < res->n_items; i++) {
        const ms_item_result *it = &res->items[i];
        if (!it->has_range || !ms_report_enough(r, it->n) || !isfinite(it->desc.mean) ||
            !(ms_rq_is_scale(rq, it->measure) || ms_rq_is_construct(rq, it->measure)))
            continue;
        if (n && (it->min != min || it->max != max)) {
            same = false;
            break;
        }
        min = it->min, max = it->max;
        ms_rq_label(r, rq, it->measure, labels[n], sizeof labels[n]);
        rows[n] = labels[n];
        p[n] = (ms_cpoint){n, 0, it->desc.mean, NAN, it->desc.ci_low, it->desc.ci_high};
        n++;
    }
    if (!same) { /* recompute every row as the index */
        n = 0;
        for (size_t i = 0; i < res->n_items; i++) {
            const ms_item_result *it = &res->items[i];
            if (!it->has_range || !ms_report_enough(r, it->n) || !isfinite(it->index.estimate) ||
                !(ms_rq_is_scale(rq, it->measure) || ms_rq_is_construct(rq, it->measure)))
                continue;
            ms_rq_label(r, rq, it->measure, labels[n], sizeof labels[n]);
            rows[n] = labels[n];
            p[n] = (ms_cpoint){n, 0, it->index.estimate, NAN, it->index.ci_low, it->index.ci_high};
            n++;
        }
        min = 0, max = 100;
    }
    if (n) {
        char name[96], title[512];
        ms_c_snprintf(name, sizeof name, "%s-means", rq->q->name);
        ms_c_snprintf(title, sizeof title,
                      same ? MS_TR(r, "%s: средний балл и 95 %% доверительный интервал",
                                   "%s: mean rating with 95 %% confidence interval")
                           : MS_TR(r, "%s: индекс 0–100 и 95 %% доверительный интервал",
                                   "%s: index 0–100 with 95 %% confidence interval"),
                      rq->q->title);
        ms_chart c = {name,
                      title,
                      same ? MS_TR(r, "средний балл", "mean rating")
                           : MS_TR(r, "индекс 0–100", "index 0–100"),
                      min,
                      max,
                      {NULL},
                      1,
                      rows,
                      n};
        st = ms_chart_dots(r, &c, p, n, same ? 1 : 0, html);
    }
cleanup:
    ms_free(p);
    ms_free(rows);
    ms_free(labels);
    return st;
}

ms_status ms_rq_items_table(ms_report *r, const ms_rq *rq, ms_sbuf *html, bool top_box)
{
    ms_rtable t;
    char name[96], label[256];
    ms_rq_table_name(name, sizeof name, rq, "items");
    ms_rtable_begin(&t, &r->pr, name);
    ms_rtable_head(&t, MS_TR(r, "Вопрос", "Question"));
    ms_rtable_head(&t, "n");
    ms_rtable_head(&t, MS_TR(r, "Среднее", "Mean"));
    ms_rtable_head_range(&t, MS_TR(r, "95 % ДИ среднего", "95 % CI of the mean"));
    ms_rtable_head(&t, MS_TR(r, "Медиана", "Median"));
    if (top_box) {
        ms_rtable_head(&t, MS_TR(r, "Высокие оценки", "High ratings"));
        ms_rtable_head_range(&t, MS_TR(r, "95 % ДИ доли", "95 % CI of the share"));
        ms_rtable_head(&t, MS_TR(r, "Индекс 0–100", "Index 0–100"));
    }
    ms_rtable_end_row(&t);
    bool hidden = false;
    for (size_t i = 0; i < rq->res->n_items; i++) {
        const ms_item_result *it = &rq->res->items[i];
        ms_rq_label(r, rq, it->measure, label, sizeof label);
        ms_rtable_text(&t, label);
        ms_rtable_num(&t, it->n, 0);
        if (!ms_report_enough(r, it->n)) {
            hidden = true;
            ms_rtable_hidden(&t);
            ms_rtable_hidden_range(&t);
            ms_rtable_hidden(&t);
            if (top_box) {
                ms_rtable_hidden(&t);
                ms_rtable_hidden_range(&t);
                ms_rtable_hidden(&t);
            }
            ms_rtable_end_row(&t);
            continue;
        }
        ms_rtable_num(&t, it->desc.mean, 2);
        ms_rtable_range(&t, it->desc.ci_low, it->desc.ci_high, 2);
        ms_rtable_num(&t, it->desc.median, 1);
        if (top_box) {
            ms_rtable_pct(&t, it->top_box.estimate, 0);
            ms_rtable_range(&t, 100 * it->top_box.ci_low, 100 * it->top_box.ci_high, 0);
            ms_rtable_num(&t, it->index.estimate, 0);
        }
        ms_rtable_end_row(&t);
    }
    char caption[512];
    ms_c_snprintf(caption, sizeof caption,
                  MS_TR(r, "%s: ответы на вопросы", "%s: answers per question"), rq->q->title);
    ms_status st = ms_rtable_finish(&t, &r->pr, caption, html);
    if (hidden)
        ms_html_hidden_note(r, html);
    return st;
}

/* "High ratings: 8–10 on 1–10 scales, 4–5 on 1–5 scales." */
static void top_box_note(const ms_report *r, const ms_rq *rq, ms_sbuf *html)
{
    ms_sbuf_puts(html, "<p class=\"note\">");
    ms_sbuf_puts(html, MS_TR(r, "Высокие оценки: ", "High ratings: "));
    double seen[8][2];
    size_t n = 0;
    for (size_t i = 0; i < rq->res->n_items && n < 8; i++) {
        const ms_item_result *it = &rq->res->items[i];
        bool dup = !isfinite(it->top_box_from);
        for (size_t j = 0; j < n && !dup; j++)
            dup = seen[j][0] == it->top_box_from && seen[j][1] == it->max;
        if (dup)
            continue;
        char a[16], b[16], c[16];
        ms_sbuf_printf(html, MS_TR(r, "%s%s–%s по шкале %s–%s", "%s%s–%s on the %s–%s scale"),
                       n ? "; " : "", ms_rfmt(r, a, sizeof a, it->top_box_from, 0),
                       ms_rfmt(r, b, sizeof b, it->max, 0), ms_rfmt(r, c, sizeof c, it->min, 0), b);
        seen[n][0] = it->top_box_from, seen[n][1] = it->max;
        n++;
    }
    ms_sbuf_puts(html, MS_TR(r,
                             ". Индекс 0–100: (среднее − минимум) / (максимум − минимум) × 100. "
                             "95 % ДИ — доверительный интервал.</p>\n",
                             ". Index 0–100: (mean − minimum) / (maximum − minimum) × 100. "
                             "95 % CI: confidence interval.</p>\n"));
}

/* A satisfaction questionnaire, or (satisfaction false) a survey: the same
 * answers, charts and tables, without high ratings and the quality index. */
static ms_status questionnaire_one(ms_report *r, ms_page *pg, const ms_rq *rq, bool satisfaction)
{
    char id[96];
    snprintf(id, sizeof id, "%s-%s", satisfaction ? "sat" : "survey", rq->q->name);
    ms_html_section(r, pg, id, rq->q->title);
    ms_sbuf *b = &pg->body;
    ms_sbuf_printf(
        b, MS_TR(r, "<p>Анкет принято: %llu.</p>\n", "<p>Questionnaires accepted: %llu.</p>\n"),
        rq->res->rows.accepted);
    if (!ms_report_enough(r, (double)rq->res->rows.accepted)) {
        ms_html_hidden_note(r, b);
        return MS_OK;
    }
    ms_status st = answer_charts(r, rq, b);
    if (st == MS_OK)
        st = means_chart(r, rq, b);
    if (st == MS_OK && (satisfaction || rq->res->n_items))
        st = ms_rq_items_table(r, rq, b, satisfaction);
    if (st == MS_OK && satisfaction)
        top_box_note(r, rq, b);
    char caption[512];
    ms_c_snprintf(caption, sizeof caption,
                  MS_TR(r, "%s: ответы с выбором", "%s: multiple-choice answers"), rq->q->title);
    return st == MS_OK ? ms_rq_categories_table(r, rq, b, "choices", caption) : st;
}

ms_status ms_section_satisfaction(ms_report *r, ms_page *pg)
{
    size_t shown = 0;
    for (size_t i = 0; i < r->n_q; i++) {
        if (!ms_rq_is_satisfaction(&r->q[i]))
            continue;
        ms_status st = questionnaire_one(r, pg, &r->q[i], true);
        if (st != MS_OK)
            return st;
        shown++;
    }
    if (!shown && ms_report_mentoring(r)) {
        ms_html_section(r, pg, "satisfaction",
                        MS_TR(r, "Удовлетворённость участников", "Satisfaction of participants"));
        ms_html_p(&pg->body, "note",
                  MS_TR(r,
                        "Анкеты удовлетворённости в этом году не проводились.",
                        "There was no satisfaction questionnaire this year."));
    }
    return MS_OK;
}

/* Questionnaires of no mentoring role (role = survey), each its own section. */
ms_status ms_section_surveys(ms_report *r, ms_page *pg)
{
    ms_status st = MS_OK;
    for (size_t i = 0; st == MS_OK && i < r->n_q; i++)
        if (ms_rq_is(&r->q[i], MS_ROLE_SURVEY))
            st = questionnaire_one(r, pg, &r->q[i], false);
    return st;
}

/* ---------- bank of mentors ---------- */

/* The multiple-choice variable listing areas: the same name in both
 * questionnaires when there is one, else the first of each. */
static const ms_category_result *areas(const ms_rq *rq, const char *prefer)
{
    const ms_category_result *first = NULL;
    for (size_t i = 0; i < rq->res->n_categories; i++) {
        const ms_category_result *c = &rq->res->categories[i];
        if (rq->cb->vars[c->var].type != MS_TYPE_MULTI)
            continue;
        if (prefer && !strcasecmp(c->name, prefer))
            return c;
        first = first ? first : c;
    }
    return prefer ? NULL : first;
}

static ms_status supply_demand(ms_report *r, const ms_rq *mentors, const ms_rq *mentees, ms_sbuf *b)
{
    const ms_category_result *s = areas(mentors, NULL), *d = NULL;
    if (s)
        d = areas(mentees, s->name);
    if (!d)
        d = areas(mentees, NULL);
    if (!s || !d) {
        ms_html_p(b, "note",
                  MS_TR(r,
                        "Сравнить предложение и запросы нельзя: в анкетах нет общего "
                        "вопроса об областях помощи.",
                        "Supply and demand cannot be compared: the questionnaires share no "
                        "question about areas of help."));
        return MS_OK;
    }
    if (!ms_report_enough(r, s->n) || !ms_report_enough(r, d->n)) {
        ms_html_hidden_note(r, b);
        return MS_OK;
    }
    size_t cap = s->n_levels + d->n_levels + 1, n = 0;
    const char **rows = ms_calloc(cap, sizeof *rows);
    ms_cpoint *p = ms_calloc(2 * cap, sizeof *p);
    ms_status st = MS_OK;
    if (!rows || !p) {
        st = NOMEM(r);
        goto cleanup;
    }
    for (size_t i = 0; i < s->n_levels; i++)
        rows[n++] = s->levels[i];
    for (size_t i = 0; i < d->n_levels; i++)
        if (ms_find_label(rows, n, d->levels[i]) < 0)
            rows[n++] = d->levels[i];
    ms_rtable t;
    ms_rtable_begin(&t, &r->pr, "bank-areas");
    ms_rtable_head(&t, MS_TR(r, "Область", "Area"));
    ms_rtable_head(&t, MS_TR(r, "Наставников предлагают", "Mentors offering"));
    ms_rtable_head(&t, MS_TR(r, "% наставников", "% of mentors"));
    ms_rtable_head(&t, MS_TR(r, "Наставляемых просят", "Mentees asking"));
    ms_rtable_head(&t, MS_TR(r, "% наставляемых", "% of mentees"));
    ms_rtable_head(&t, MS_TR(r, "Разница, п. п.", "Gap, points"));
    ms_rtable_end_row(&t);
    for (size_t i = 0; i < n; i++) {
        long a = ms_find_label(s->levels, s->n_levels, rows[i]);
        long q = ms_find_label(d->levels, d->n_levels, rows[i]);
        double ca = a >= 0 ? s->counts[a] : 0, cq = q >= 0 ? d->counts[q] : 0;
        p[2 * i] = (ms_cpoint){i, 0, 100 * ca / s->n, ca, NAN, NAN};
        p[2 * i + 1] = (ms_cpoint){i, 1, 100 * cq / d->n, cq, NAN, NAN};
        ms_rtable_text(&t, rows[i]);
        ms_rtable_num(&t, ca, 0);
        ms_rtable_pct(&t, ca / s->n, 0);
        ms_rtable_num(&t, cq, 0);
        ms_rtable_pct(&t, cq / d->n, 0);
        ms_rtable_num(&t, 100 * (ca / s->n - cq / d->n), 0);
        ms_rtable_end_row(&t);
    }
    ms_chart c = {"bank-areas",
                  MS_TR(r,
                        "Банк наставников: чем готовы помочь наставники и в чём просят помощи "
                        "наставляемые, % ответивших",
                        "Bank of mentors: what mentors offer and what mentees ask for, "
                        "% of respondents"),
                  MS_TR(r, "% ответивших", "% of respondents"),
                  0,
                  100,
                  {MS_TR(r, "наставники предлагают", "mentors offer"),
                   MS_TR(r, "наставляемые просят", "mentees ask")},
                  2,
                  rows,
                  n};
    st = ms_chart_bars(r, &c, p, 2 * n, b);
    if (st == MS_OK)
        st = ms_rtable_finish(
            &t, &r->pr, MS_TR(r, "Предложение и запросы по областям", "Supply and demand by area"), b);
    else {
        ms_rtable_discard(&t);
    }
    ms_html_p(b, "note",
              MS_TR(r,
                    "Разница > 0: наставников больше, чем запросов; < 0: запросов "
                    "больше, чем наставников, — на эти области стоит искать наставников.",
                    "Gap > 0: more mentors than requests; < 0: more requests than "
                    "mentors, the areas to look for mentors in."));
cleanup:
    ms_free(rows);
    ms_free(p);
    return st;
}

static ms_status bank_questionnaire(ms_report *r, const ms_rq *rq, ms_sbuf *b)
{
    ms_html_h3(b, rq->q->title);
    ms_sbuf_printf(
        b, MS_TR(r, "<p>Анкет принято: %llu.</p>\n", "<p>Questionnaires accepted: %llu.</p>\n"),
        rq->res->rows.accepted);
    if (!ms_report_enough(r, (double)rq->res->rows.accepted)) {
        ms_html_hidden_note(r, b);
        return MS_OK;
    }
    ms_status st = rq->res->n_items ? ms_rq_items_table(r, rq, b, false) : MS_OK;
    char caption[512];
    ms_c_snprintf(caption, sizeof caption,
                  MS_TR(r, "%s: ответы с выбором", "%s: multiple-choice answers"), rq->q->title);
    return st == MS_OK ? ms_rq_categories_table(r, rq, b, "choices", caption) : st;
}

ms_status ms_section_bank(ms_report *r, ms_page *pg)
{
    const ms_rq *mentors = ms_report_role(r, MS_ROLE_MENTORS_BANK);
    const ms_rq *mentees = ms_report_role(r, MS_ROLE_MENTEES_REQUESTS);
    /* an office's report leaves out what its programme did not include (a
     * school is told that the bank was not collected) */
    if (!ms_report_mentoring(r) || (!mentors && !mentees && r->prog->n_orgs > 0))
        return MS_OK;
    ms_html_section(r, pg, "bank",
                    MS_TR(r, "Банк наставников и запросы наставляемых",
                          "Bank of mentors and mentees' requests"));
    ms_status st = MS_OK;
    if (mentors && mentees)
        st = supply_demand(r, mentors, mentees, &pg->body);
    else
        ms_html_p(&pg->body, "note",
                  MS_TR(r,
                        "Банк наставников и запросы наставляемых в этом году не собирались "
                        "вместе, поэтому сравнить предложение и запросы нельзя.",
                        "The bank of mentors and the mentees' requests were not both collected "
                        "this year, so supply and demand cannot be compared."));
    for (size_t i = 0; st == MS_OK && i < r->n_q; i++)
        if (ms_rq_is(&r->q[i], MS_ROLE_MENTORS_BANK) ||
            ms_rq_is(&r->q[i], MS_ROLE_MENTEES_REQUESTS))
            st = bank_questionnaire(r, &r->q[i], &pg->body);
    return st;
}
