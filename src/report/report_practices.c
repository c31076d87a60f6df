/*
 * report_practices.c — the best-practices section: forms and (when the
 * programme allows) pairs ranked by the quality index shrunk toward the
 * overall mean (empirical Bayes, ms_shrink), with 95 % intervals in a forest
 * plot; those whose interval lies wholly above the overall index are the
 * candidates for the methodological collection (report_kopilka.c).  The
 * tests of differences between forms follow.
 *
 * The index here pools mentees' and mentors' answers (report_answers.c):
 * a practice is good when both sides say so, and pooling doubles the answers
 * behind each form.
 *
 * Privacy: a form with fewer than min_group answers is left out (with the
 * complementary rule).  A pair is two people, below any sensible min_group,
 * so pairs are ranked only with `pairs = yes` (an internal copy for the round
 * table) and only when both sides answered.  Pairs are numbered П1, П2, … in
 * the order of the ranking, so the number says nothing about the pair's
 * code; a pair's form is named only when that form is itself shown.
 */
#include "report_int.h"
#include "cnum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plural.h"
#include "report_forms.h"

/* A pair is ranked when both its mentee and its mentor answered. */
#define PAIR_MIN 2

typedef struct {
    ms_rpractice *p;        /* ranked, best first */
    size_t n;
    bool *hit;              /* interval above the overall index */
    size_t hits;
    char (*labels)[32];     /* П1, П2, … */
} ranking;

static void ranking_free(ranking *k)
{
    ms_free(k->p);
    ms_free(k->hit);
    ms_free(k->labels);
    memset(k, 0, sizeof *k);
}

/* Shrink and rank the candidates in k->p (n, raw set; var in vars), flag
 * those above grand. */
static ms_status shrink_rank(ms_report *r, ranking *k, const double *vars, double grand)
{
    if (!(k->hit = ms_calloc(k->n + 1, sizeof *k->hit)))
        return NOMEM(r);
    ms_status st = ms_report_shrink_rank(r, k->p, &k->n, vars);
    for (size_t i = 0; st == MS_OK && i < k->n; i++)
        k->hits += k->hit[i] = k->p[i].lo > grand;
    return st;
}

/* ---------- forms ---------- */

static ms_status rank_forms(ms_report *r, ranking *k, bool *form_shown, double grand,
                            size_t *hidden)
{
    const ms_ranswers *a = r->answers;
    ms_accum *f = ms_calloc(a->n_forms + 1, sizeof *f);
    ms_rgroup *g = ms_calloc(a->n_forms + 1, sizeof *g);
    double *vars = ms_calloc(a->n_forms + 1, sizeof *vars);
    ms_group_hiding *hiding = ms_calloc(a->n_forms + 1, sizeof *hiding);
    ms_status st = MS_OK;
    if (!f || !g || !vars || !hiding || !(k->p = ms_calloc(a->n_forms + 1, sizeof *k->p))) {
        st = NOMEM(r);
        goto cleanup;
    }
    ms_accum all;
    ms_report_form_sums(r, f, &all); /* from the aggregates: the same from summaries */
    ms_report_form_hiding(r, hiding); /* pooled: what either side hides */
    for (size_t j = 0; j < a->n_forms; j++)
        g[j] = (ms_rgroup){a->forms[j], f[j].n, ms_accum_moments(&f[j]), {NAN, NAN, NAN},
                           hiding[j] == MS_GROUP_SHOWN && ms_report_enough(r, f[j].n),
                           hiding[j] ? hiding[j] : MS_GROUP_SMALL};
    *hidden = 0;
    for (size_t j = 0; j < a->n_forms; j++) {
        form_shown[j] = g[j].shown;
        *hidden += f[j].n > 0 && !g[j].shown;
        if (!g[j].shown)
            continue;
        vars[k->n] = g[j].mo.var;
        k->p[k->n++] = (ms_rpractice){a->forms[j], (long)j, MS_NO_PAIR, g[j].n, g[j].mo.mean,
                                      NAN, NAN, NAN, false, NAN};
    }
    st = shrink_rank(r, k, vars, grand);
cleanup:
    ms_free(f), ms_free(g), ms_free(vars), ms_free(hiding);
    return st;
}

/* ---------- pairs ---------- */

/* Per pair: answers, mean; the pooled within-pair variance, since two
 * answers give no usable variance of their own. */
static double pair_sums(const ms_ranswers *a, ms_accum *p)
{
    for (size_t i = 0; i < a->n_rows; i++)
        if (a->rows[i].pair != MS_NO_PAIR && isfinite(a->rows[i].index))
            ms_accum_add(&p[a->rows[i].pair], a->rows[i].index);
    return ms_accum_pooled_var(p, a->n_pairs);
}

static long pair_form(const ms_ranswers *a, size_t pair)
{
    for (size_t i = 0; i < a->n_rows; i++)
        if (a->rows[i].pair == pair && a->rows[i].form >= 0)
            return a->rows[i].form;
    return -1;
}

static ms_status rank_pairs(ms_report *r, ranking *k, double grand, size_t *few)
{
    const ms_ranswers *a = r->answers;
    ms_accum *p = ms_calloc(a->n_pairs + 1, sizeof *p);
    double *vars = ms_calloc(a->n_pairs + 1, sizeof *vars);
    ms_status st = MS_OK;
    if (!p || !vars || !(k->p = ms_calloc(a->n_pairs + 1, sizeof *k->p))) {
        st = NOMEM(r);
        goto cleanup;
    }
    double within = pair_sums(a, p);
    *few = 0;
    for (size_t j = 0; j < a->n_pairs; j++) {
        if (p[j].n < PAIR_MIN || !(within > 0)) {
            *few += 1;
            continue;
        }
        vars[k->n] = within;
        k->p[k->n++] = (ms_rpractice){NULL, pair_form(a, j), j, p[j].n, p[j].mean,
                                      NAN, NAN, NAN, false, NAN};
    }
    if ((st = shrink_rank(r, k, vars, grand)) != MS_OK)
        goto cleanup;
    if (!(k->labels = ms_calloc(k->n + 1, sizeof *k->labels))) {
        st = NOMEM(r);
        goto cleanup;
    }
    for (size_t i = 0; i < k->n; i++) {
        ms_c_snprintf(k->labels[i], sizeof k->labels[i], MS_TR(r, "П%zu", "P%zu"), i + 1);
        k->p[i].label = k->labels[i];
    }
    /* the order, for the internal copy's key of П-numbers to pair codes */
    ms_free(r->answers->ranked);
    r->answers->n_ranked = 0;
    if (!(r->answers->ranked = ms_calloc(k->n + 1, sizeof *r->answers->ranked))) {
        st = NOMEM(r);
        goto cleanup;
    }
    for (size_t i = 0; i < k->n; i++)
        r->answers->ranked[i] = k->p[i].pair;
    r->answers->n_ranked = k->n;
cleanup:
    ms_free(p), ms_free(vars);
    return st;
}

/* ---------- output ---------- */

static ms_status practice_table(ms_report *r, const ranking *k, const char *name,
                                const char *caption, const bool *form_shown, bool pairs,
                                ms_sbuf *b)
{
    ms_rtable t;
    ms_rtable_begin(&t, &r->pr, name);
    ms_rtable_head(&t, MS_TR(r, "Место", "Rank"));
    ms_rtable_head(&t, pairs ? MS_TR(r, "Пара", "Pair") : MS_TR(r, "Форма", "Form"));
    if (pairs)
        ms_rtable_head(&t, MS_TR(r, "Форма", "Form"));
    ms_rtable_head(&t, MS_TR(r, "Ответов", "Answers"));
    if (!pairs)
        ms_rtable_head(&t, MS_TR(r, "Индекс по ответам", "Index as answered"));
    ms_rtable_head(&t, MS_TR(r, "Индекс с поправкой", "Shrunken index"));
    ms_rtable_head_range(&t, MS_TR(r, "95 % интервал", "95 % interval"));
    ms_rtable_head(&t, MS_TR(r, "Кандидат в копилку", "Candidate"));
    ms_rtable_end_row(&t);
    for (size_t i = 0; i < k->n; i++) {
        const ms_rpractice *p = &k->p[i];
        ms_rtable_num(&t, (double)(i + 1), 0);
        ms_rtable_text(&t, p->label);
        if (pairs)
            ms_rtable_text(&t, p->form >= 0 && form_shown[p->form] ? r->answers->forms[p->form]
                                                                   : "*");
        ms_rtable_num(&t, p->n, 0);
        if (!pairs)
            ms_rtable_num(&t, p->raw, 0);
        ms_rtable_num(&t, p->shrunk, 0);
        ms_rtable_range(&t, p->lo, p->hi, 0);
        ms_rtable_text(&t, k->hit[i] ? MS_TR(r, "да", "yes") : "");
        ms_rtable_end_row(&t);
    }
    return ms_rtable_finish(&t, &r->pr, caption, b);
}

static ms_status forest(ms_report *r, const ranking *k, const char *name, const char *title,
                        double grand, ms_sbuf *b)
{
    const char **rows = ms_calloc(k->n + 1, sizeof *rows);
    ms_cpoint *p = ms_calloc(k->n + 1, sizeof *p);
    ms_status st = MS_OK;
    char ref[96], g[32];
    if (!rows || !p) {
        st = NOMEM(r);
        goto cleanup;
    }
    for (size_t i = 0; i < k->n; i++) {
        rows[i] = k->p[i].label;
        p[i] = (ms_cpoint){i, 0, k->p[i].shrunk, NAN, k->p[i].lo, k->p[i].hi};
    }
    ms_c_snprintf(ref, sizeof ref, MS_TR(r, "среднее: %s", "mean: %s"),
                  ms_rfmt(r, g, sizeof g, grand, 0));
    ms_chart c = {name, title, MS_TR(r, "индекс 0–100 с поправкой", "shrunken index 0–100"),
                  0, 100,
                  {MS_TR(r, "кандидат в копилку", "candidate"), MS_TR(r, "остальные", "others")},
                  2, rows, k->n};
    char axis[128];
    ms_chart_index_range(r, &c, p, k->n, false, axis, sizeof axis);
    st = ms_chart_forest(r, &c, p, k->n, grand, ref, k->hit, b);
cleanup:
    ms_free(rows);
    ms_free(p);
    return st;
}

/* "… выше среднего надёжно: «A», «B»." or that none is. */
static void names_sentence(ms_report *r, const ranking *k, const char *what, double grand,
                           ms_sbuf *b)
{
    ms_sbuf s = {0};
    char g[32];
    for (size_t i = 0, j = 0; i < k->n; i++)
        if (k->hit[i]) {
            ms_sbuf_puts(&s, j++ ? ", " : "");
            ms_sbuf_printf(&s, k->p[i].pair == MS_NO_PAIR ? "«%s»" : "%s", k->p[i].label);
        }
    ms_sbuf_puts(b, "<p class=\"lead\">");
    if (k->hits) {
        ms_sbuf_printf(b,
                       MS_TR(r, "Надёжно выше среднего по программе (%s) с учётом числа ответов "
                                "— %s: ",
                             "Reliably above the programme mean (%s), given their answers — %s: "),
                       ms_rfmt(r, g, sizeof g, grand, 0), what);
        if (s.failed)
            ms_sbuf_fail(b);
        else
            ms_sbuf_html(b, ms_sbuf_str(&s));
        ms_sbuf_puts(b, MS_TR(r, ". Это кандидаты в методическую копилку.",
                              ". These are candidates for the methodological collection."));
    } else {
        ms_sbuf_printf(b,
                       MS_TR(r, "Ни один показатель (%s) не выше среднего по программе (%s) "
                                "надёжно: после поправки на малое число ответов интервалы "
                                "перекрывают среднее.",
                             "None (%s) is reliably above the programme mean (%s): after "
                             "allowing for few answers, every interval covers the mean."),
                       what, ms_rfmt(r, g, sizeof g, grand, 0));
    }
    ms_sbuf_puts(b, "</p>\n");
    if (s.failed)
        ms_sbuf_fail(b);
    ms_sbuf_free(&s);
}

static ms_status forms_part(ms_report *r, ranking *k, bool *form_shown, double grand,
                            ms_sbuf *b)
{
    size_t hidden = 0;
    ms_status st = rank_forms(r, k, form_shown, grand, &hidden);
    ms_html_h3(b, MS_TR(r, "Формы наставничества", "Forms of mentoring"));
    if (st != MS_OK || k->n < 2) {
        if (st == MS_OK)
            ms_html_p(b, "note", MS_TR(r, "Для ранжирования нужны хотя бы две формы с "
                                          "достаточным числом ответов.",
                                       "Ranking needs at least two forms with enough answers."));
        return st;
    }
    names_sentence(r, k, MS_TR(r, "формы", "forms"), grand, b);
    st = forest(r, k, "practices-forms",
                MS_TR(r, "Формы наставничества: индекс качества с поправкой на число ответов "
                         "(эмпирический Байес), 95 % интервал",
                      "Forms: quality index adjusted for the number of answers (empirical "
                      "Bayes), 95 % interval"),
                grand, b);
    if (st == MS_OK)
        st = practice_table(r, k, "practices-forms",
                            MS_TR(r, "Рейтинг форм наставничества", "Forms ranked"), form_shown,
                            false, b);
    if (hidden)
        ms_html_hidden_note(r, b);
    return st;
}

static ms_status pairs_part(ms_report *r, ranking *k, const bool *form_shown, double grand,
                            ms_sbuf *b)
{
    ms_html_h3(b, MS_TR(r, "Наставнические пары", "Mentoring pairs"));
    if (!r->prog->pairs || !r->answers->n_pairs) {
        char note[768];
        ms_c_snprintf(note, sizeof note,
                 MS_TR(r, "Пары не ранжируются: в паре два человека — меньше минимального "
                          "размера группы (%d), и по оценке пары каждый из двоих может узнать "
                          "ответы другого.",
                       "Pairs are not ranked: a pair is two people, fewer than the minimum "
                       "group size (%d), and from a pair's figure each can work out the "
                       "other's answers."),
                 r->prog->min_group);
        ms_html_p(b, "note", note);
        return MS_OK;
    }
    if (!r->internal) { /* a pair ranking is never published (issue 24) */
        ms_html_p(b, "note",
                  MS_TR(r, "Рейтинг наставнических пар есть только во внутреннем экземпляре "
                           "отчёта — пары обсуждают по нему, в коллективе; в этом отчёте пар нет.",
                        "The mentoring pairs are ranked only in the internal copy of the "
                        "report: pairs are discussed from it, among staff; this report has no "
                        "pairs."));
        return MS_OK;
    }
    size_t few = 0;
    ms_status st = rank_pairs(r, k, grand, &few);
    if (st != MS_OK || k->n < 2)
        return st;
    names_sentence(r, k, MS_TR(r, "пары", "pairs"), grand, b);
    st = forest(r, k, "practices-pairs",
                MS_TR(r, "Пары: индекс качества по ответам наставника и наставляемого с "
                         "поправкой на число ответов, 95 % интервал",
                      "Pairs: quality index from the mentor's and the mentee's answers, "
                      "adjusted for the number of answers, 95 % interval"),
                grand, b);
    if (st == MS_OK)
        st = practice_table(r, k, "practices-pairs",
                            MS_TR(r, "Рейтинг наставнических пар", "Pairs ranked"), form_shown,
                            true, b);
    char note[1024];
    ms_c_snprintf(note, sizeof note,
             MS_TR(r, "Пары показаны только во внутреннем экземпляре отчёта — для обсуждения "
                      "в коллективе, не для публикации. Номера П1, П2, … даны по месту в рейтинге; "
                      "какой паре какой номер, сказано только во внутреннем каталоге отчёта "
                      "(pairs-key.csv). В рейтинге пары, где ответили и наставник, и наставляемый; "
                      "ещё %zu %s (ответила одна сторона) не ранжируются. Разброс внутри пары "
                      "взят общий для всех пар. Форма пары не называется, если сама форма "
                      "скрыта (*).",
                   "Pairs are shown in the internal copy only — for discussion among staff, "
                   "not for publishing. P1, P2, … follow the ranking; which pair has which "
                   "number is told only in the report's internal directory (pairs-key.csv). "
                   "Ranked are pairs where both the mentor and the mentee "
                   "answered; %zu more %s (one side answered) are not. The spread within a "
                   "pair is pooled over all pairs. A pair's form is not named when the form "
                   "itself is hidden (*)."),
             few, ms_plural(r->pr.ru, (double)few, "пара", "пары", "пар", "pair", "pairs"));
    ms_html_p(b, "note", note);
    return st;
}

/* Candidates of both rankings, forms first. */
static ms_status collection(ms_report *r, const ranking *f, const ranking *p, double grand,
                            ms_sbuf *b)
{
    size_t orgs = ms_report_orgs_candidates(r, NULL);
    ms_rpractice *c = ms_calloc(f->n + p->n + orgs + 1, sizeof *c);
    size_t n = 0;
    if (!c)
        return NOMEM(r);
    /* the organisations the page names first: page and kopilka agree */
    n = ms_report_orgs_candidates(r, c);
    for (size_t i = 0; i < f->n; i++)
        if (f->hit[i])
            c[n++] = f->p[i];
    for (size_t i = 0; i < p->n; i++)
        if (p->hit[i])
            c[n++] = p->p[i];
    ms_status st = ms_report_kopilka(r, c, n, grand, b);
    ms_free(c);
    return st;
}

/* Practices can be ranked: pooled answers by form, enough of them. */
static bool rankable(ms_report *r, double *grand)
{
    const ms_ranswers *a = r->answers;
    ms_accum all = {0, 0, 0};
    if (a && a->form_var)
        ms_report_form_sums(r, NULL, &all);
    *grand = ms_accum_moments(&all).mean;
    return a && a->form_var && isfinite(*grand) && ms_report_enough(r, all.n);
}

/* The findings' line on best practices: the forms whose interval lies above
 * the programme mean, with their figures, or that none does. */
ms_status ms_report_practices_finding(ms_report *r, ms_sbuf *ul)
{
    double grand;
    if (!rankable(r, &grand))
        return MS_OK;
    ranking k = {0};
    size_t hidden;
    bool *form_shown = ms_calloc(r->answers->n_forms + 1, sizeof *form_shown);
    ms_status st = form_shown ? rank_forms(r, &k, form_shown, grand, &hidden) : NOMEM(r);
    char g[32], v[32], lo[32], hi[32];
    ms_rfmt(r, g, sizeof g, grand, 0); /* whole points, as every index of «Главное» */
    if (st == MS_OK && k.n >= 2 && k.hits) {
        ms_sbuf_printf(ul, MS_TR(r, "<li>Кандидаты в методическую копилку — формы, надёжно "
                                    "выше среднего по программе (%s): ",
                                 "<li>Candidates for the methodological collection — forms "
                                 "reliably above the programme mean (%s): "),
                       g);
        for (size_t i = 0, j = 0; i < k.n; i++) {
            if (!k.hit[i])
                continue;
            ms_sbuf_puts(ul, j++ ? "; «" : "«");
            ms_sbuf_html(ul, k.p[i].label);
            ms_sbuf_printf(ul, "» — %s (%s–%s)", ms_rfmt(r, v, sizeof v, k.p[i].shrunk, 0),
                           ms_rfmt(r, lo, sizeof lo, k.p[i].lo, 0),
                           ms_rfmt(r, hi, sizeof hi, k.p[i].hi, 0));
        }
        ms_sbuf_puts(ul, ".</li>\n");
    } else if (st == MS_OK && k.n >= 2) {
        ms_sbuf_printf(ul, MS_TR(r, "<li>Ни одна форма наставничества не выше среднего по "
                                    "программе (%s) надёжно: кандидатов в копилку среди форм "
                                    "нет.</li>\n",
                                 "<li>No form of mentoring is reliably above the programme mean "
                                 "(%s): no form is a candidate for the collection.</li>\n"),
                       g);
    }
    ranking_free(&k);
    ms_free(form_shown);
    return st;
}

ms_status ms_section_practices(ms_report *r, ms_page *pg)
{
    if (!ms_report_mentoring(r)) { /* surveys only: their comparisons, no practices */
        ms_html_section(r, pg, "comparisons", MS_TR(r, "Сравнения групп", "Comparisons of groups"));
        return ms_comparisons_body(r, &pg->body);
    }
    ms_html_section(r, pg, "practices", MS_TR(r, "Лучшие практики", "Best practices"));
    ms_sbuf *b = &pg->body;
    ms_status st = MS_OK;
    const ms_ranswers *a = r->answers;
    double grand;
    if (!rankable(r, &grand)) {
        ms_html_p(b, "note",
                  MS_TR(r, "Лучшие практики не определены: нужна анкета удовлетворённости "
                           "с общей шкалой и формами наставничества.",
                        "Best practices are not found: this needs a satisfaction "
                        "questionnaire with a common scale and forms of mentoring."));
    } else {
        ranking f = {0}, p = {0};
        bool *form_shown = ms_calloc(a->n_forms + 1, sizeof *form_shown);
        char intro[1024], g[32];
        ms_c_snprintf(
            intro, sizeof intro,
            MS_TR(r,
                  "Индекс качества здесь — шкала «%s» по ответам и наставляемых, и "
                  "наставников (0–100; по программе — %s). Оценка малой группы "
                  "ненадёжна, поэтому она «подтягивается» к среднему тем сильнее, чем "
                  "меньше ответов (эмпирический Байес); лучшей считается практика, чей "
                  "95 %% интервал целиком выше среднего.",
                  "The quality index here is the scale \"%s\" from both mentees' and "
                  "mentors' answers (0–100; %s for the programme). A small group's figure "
                  "is unreliable, so it is pulled toward the mean the more, the fewer its "
                  "answers (empirical Bayes); a practice is called best when its whole 95 "
                  "%% interval is above the mean."),
            a->construct ? a->construct : "", ms_rfmt(r, g, sizeof g, grand, 0));
        ms_html_p(b, NULL, intro);
        st = form_shown ? forms_part(r, &f, form_shown, grand, b) : NOMEM(r);
        if (st == MS_OK)
            st = pairs_part(r, &p, form_shown, grand, b);
        if (st == MS_OK)
            st = collection(r, &f, &p, grand, b);
        ranking_free(&f);
        ranking_free(&p);
        ms_free(form_shown);
    }
    if (st == MS_OK) {
        /* a section of its own, in the contents (it was hidden under the
         * best practices) */
        ms_html_section(r, pg, "forms",
                        MS_TR(r, "Сравнение форм наставничества", "Comparison of forms"));
        st = ms_comparisons_body(r, &pg->body);
    }
    return st;
}
