/*
 * report_summary.c — the first section: main findings in words (each
 * questionnaire's, the gap's and the best practices'), responses and
 * coverage, and the quality index per form.
 */
#include "report_int.h"
#include "cnum.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------- findings ---------- */

/* This year against the year before on the main scale, and the years as a
 * whole: what a finding may say about the direction.  The tests are
 * ms_results': the two years' Welch test on the index
 * (ms_results_index_gap) and the test across every year (the comparison
 * by the year variable). */
typedef struct {
    double was, now, first; /* index of last year, this year, the first year */
    char year[64], first_year[64];
    ms_index_gap d;         /* this year − last year */
    double years_p;         /* across every year, NAN for none */
    size_t shown;
} ms_year_view;

static double years_test_p(ms_report *r, const ms_rq *rq)
{
    const ms_results *res = ms_report_results(r, rq->all);
    const ms_codebook *cb = ms_aggregate_codebook(rq->all);
    const char *by = cb->vars[ms_aggregate_by(rq->all, (size_t)rq->year_by)->var].name;
    const char *name = rq->res->items[rq->main_m].name;
    for (size_t i = 0; res && i < res->n_comparisons; i++) {
        const ms_comparison *x = &res->comparisons[i];
        if ((!strcmp(x->test, "welch_t") || !strcmp(x->test, "anova")) && !strcmp(x->by, by) &&
            !strcmp(x->variable, name))
            return x->t.p;
    }
    return NAN;
}

/* Fill *v; false when there is no year before this one to compare with. */
static bool year_view(ms_report *r, const ms_rq *rq, ms_year_view *v)
{
    *v = (ms_year_view){NAN, NAN, NAN, "", "", {NAN, NAN, NAN, NAN}, NAN, 0};
    if (rq->year_by < 0 || rq->main_m < 0)
        return false;
    const ms_item_result *it = &rq->res->items[rq->main_m];
    size_t n = 0;
    long prev = -1;
    ms_rgroup *g = ms_calloc(ms_report_n_levels(rq->all, (size_t)rq->year_by) + 1, sizeof *g);
    if (g && ms_report_groups(r, rq->all, (size_t)rq->year_by, (size_t)rq->main_m, g, &n) == MS_OK)
        for (size_t i = 0; i < n; i++) { /* levels in natural order: the last is this year */
            if (!g[i].shown || !isfinite(g[i].index.estimate))
                continue;
            if (!v->shown++) {
                v->first = g[i].index.estimate;
                ms_c_snprintf(v->first_year, sizeof v->first_year, "%s", g[i].level);
            }
            if (i + 1 < n) {
                prev = (long)i;
                v->was = g[i].index.estimate;
                ms_c_snprintf(v->year, sizeof v->year, "%s", g[i].level);
            }
        }
    if (prev >= 0 && n && g[n - 1].shown) {
        v->now = g[n - 1].index.estimate;
        ms_results_index_gap(&g[n - 1].mo, it->min, it->max, &g[prev].mo, it->min, it->max, &v->d);
        v->years_p = years_test_p(r, rq);
    }
    ms_free(g);
    return isfinite(v->was);
}

/* This year against last year in one phrase, the same on the page, the
 * slides, the site page and the справка: «в 2024 году было 67 — рост в
 * пределах случайных колебаний» (or «— рост не случаен» when the two years
 * differ by their test), never «на уровне» next to two different figures. */
static void year_phrase(ms_report *r, const ms_year_view *v, const char *now, ms_sbuf *out)
{
    char was[32];
    ms_rfmt(r, was, sizeof was, v->was, 0);
    if (!strcmp(was, now)) {
        ms_sbuf_printf(out, MS_TR(r, "столько же было и в %s году", "the same as in %s"), v->year);
        return;
    }
    bool up = v->d.diff > 0 || (!isfinite(v->d.diff) && v->now > v->was);
    ms_sbuf_printf(out, MS_TR(r, "в %s году было %s — ", "%s in %s: "),
                   r->pr.ru ? v->year : was, r->pr.ru ? was : v->year);
    if (v->d.p < 0.05)
        ms_sbuf_puts(out, up ? MS_TR(r, "рост не случаен", "a rise beyond chance")
                             : MS_TR(r, "снижение не случайно", "a fall beyond chance"));
    else
        ms_sbuf_puts(out, up ? MS_TR(r, "рост в пределах случайных колебаний",
                                     "a rise within chance variation")
                             : MS_TR(r, "снижение в пределах случайных колебаний",
                                     "a fall within chance variation"));
}

/* The conclusion: the index, the year phrase, and the trend over the years
 * when that is not chance. */
static void year_meaning(ms_report *r, const ms_rq *rq, const ms_year_view *v, ms_sbuf *out)
{
    char now[32], first[32];
    ms_rfmt(r, now, sizeof now, isfinite(v->now) ? v->now : rq->res->items[rq->main_m].index.estimate, 0);
    ms_sbuf_html(out, rq->q->title);
    ms_sbuf_printf(out, MS_TR(r, " — %s из 100; ", ": %s out of 100; "), now);
    year_phrase(r, v, now, out);
    if (v->shown >= 3 && v->years_p < 0.05 && isfinite(v->now) && v->now != v->first)
        ms_sbuf_printf(out,
                       MS_TR(r, "; с %s года (%s) индекс %s, и это не случайно",
                             "; since %s (%s) the index has %s beyond chance"),
                       v->first_year, ms_rfmt(r, first, sizeof first, v->first, 0),
                       v->now > v->first ? MS_TR(r, "вырос", "risen") : MS_TR(r, "снизился", "fallen"));
    ms_sbuf_puts(out, ".");
}

/* The scale item rated lowest (mean over its range), or -1. */
static long lowest_item(const ms_report *r, const ms_rq *rq)
{
    long best = -1;
    double low = INFINITY;
    for (size_t m = 0; m < rq->res->n_items; m++) {
        const ms_item_result *it = &rq->res->items[m];
        if (it->is_construct || !it->has_range || !ms_rq_is_scale(rq, m) ||
            !ms_report_enough(r, it->n) || !isfinite(it->desc.mean) || it->max <= it->min)
            continue;
        double share = (it->desc.mean - it->min) / (it->max - it->min);
        if (share < low)
            low = share, best = (long)m;
    }
    return best;
}

/* «Удовлетворённость наставляемых — 72 из 100 (в среднем 7,5 балла из 10;
 * 95 % ДИ 7,1–7,8); в 2024 году было 67 — рост в пределах случайных
 * колебаний.»: one scale, the index, with the mean
 * it comes from in brackets. */
static void finding_satisfaction(ms_report *r, const ms_rq *rq, ms_sbuf *ul)
{
    const ms_item_result *it = &rq->res->items[rq->main_m];
    if (!ms_report_enough(r, it->n) || !isfinite(it->desc.mean))
        return;
    char m[32], lo[32], hi[32], top[32], idx[32];
    /* the index is the quality index of a satisfaction questionnaire; a
     * survey's mean is said on its own scale */
    bool has_index = isfinite(it->index.estimate) && ms_rq_is_satisfaction(rq);
    ms_year_view yv;
    double before = has_index && year_view(r, rq, &yv) ? yv.was : NAN;
    ms_sbuf_puts(ul, "<li>");
    ms_sbuf_html(ul, rq->q->title);
    if (has_index)
        ms_sbuf_printf(ul,
                       MS_TR(r, " — %s из 100 (в среднем %s балла из %s; 95 %% ДИ %s–%s)",
                             ": %s out of 100 (a mean of %s out of %s; 95 %% CI %s–%s)"),
                       ms_rfmt(r, idx, sizeof idx, it->index.estimate, 0),
                       ms_rfmt(r, m, sizeof m, it->desc.mean, 1),
                       ms_rfmt(r, top, sizeof top, it->max, 0),
                       ms_rfmt(r, lo, sizeof lo, it->desc.ci_low, 1),
                       ms_rfmt(r, hi, sizeof hi, it->desc.ci_high, 1));
    else
        ms_sbuf_printf(ul,
                       MS_TR(r, ": %s балла из %s (95 %% ДИ %s–%s)",
                             ": %s out of %s (95 %% CI %s–%s)"),
                       ms_rfmt(r, m, sizeof m, it->desc.mean, 1),
                       ms_rfmt(r, top, sizeof top, it->max, 0),
                       ms_rfmt(r, lo, sizeof lo, it->desc.ci_low, 1),
                       ms_rfmt(r, hi, sizeof hi, it->desc.ci_high, 1));
    ms_sbuf versus = {0}; /* the year phrase: the page's, the brief's, the conclusion's */
    if (isfinite(before)) {
        ms_rfmt(r, idx, sizeof idx, it->index.estimate, 0);
        year_phrase(r, &yv, idx, &versus);
        ms_sbuf_puts(ul, "; ");
        ms_sbuf_append(ul, &versus);
    }
    ms_sbuf_puts(ul, ".</li>\n");
    ms_deliver_finding(r, ul, ms_rq_is_satisfaction(rq) ? "sat-" : "survey-", rq->q->name);
    if (has_index) {
        ms_sbuf brief = {0};
        ms_sbuf_html(&brief, rq->q->title);
        ms_sbuf_printf(&brief, MS_TR(r, " — %s из 100", ": %s out of 100"), idx);
        if (isfinite(before)) {
            ms_sbuf_puts(&brief, "; ");
            ms_sbuf_append(&brief, &versus);
        }
        ms_sbuf_puts(&brief, ".");
        ms_deliver_brief_set(r, ms_sbuf_str(&brief));
        if (brief.failed)
            ms_sbuf_fail(ul);
        ms_sbuf_free(&brief);
    }
    /* what it means and what to do: the direction since last year, the item
     * rated lowest */
    ms_sbuf meaning = {0}, action = {0};
    if (isfinite(before))
        year_meaning(r, rq, &yv, &meaning);
    long low = lowest_item(r, rq);
    if (low >= 0) {
        char v[32];
        const ms_item_result *li = &rq->res->items[low];
        ms_sbuf_puts(&action, MS_TR(r, "Обсудить с участниками пункт с самой низкой оценкой («",
                                    "Discuss with the participants the item rated lowest (\""));
        ms_sbuf_html(&action, li->label ? li->label : li->name);
        ms_sbuf_printf(&action, MS_TR(r, "», в среднем %s из %s; анкета «",
                                      "\", a mean of %s out of %s; questionnaire \""),
                       ms_rfmt(r, v, sizeof v, li->desc.mean, 1), ms_rfmt(r, top, sizeof top, li->max, 0));
        ms_sbuf_html(&action, rq->q->title);
        ms_sbuf_puts(&action, MS_TR(r, "»).", "\")."));
    }
    ms_deliver_advice(r, ms_sbuf_str(&meaning), ms_sbuf_str(&action));
    if (meaning.failed || action.failed)
        ms_sbuf_fail(ul);
    if (versus.failed)
        ms_sbuf_fail(ul);
    ms_sbuf_free(&meaning);
    ms_sbuf_free(&action);
    ms_sbuf_free(&versus);
}

/* Growth of the main scale, or of the first measure with pairs. */
static void finding_growth(ms_report *r, const ms_rq *rq, ms_sbuf *ul)
{
    const ms_results *res = rq->res;
    size_t m = rq->main_m >= 0 ? (size_t)rq->main_m : 0;
    if (!res->n_paired || !ms_report_enough(r, res->paired[m].p.n) ||
        !isfinite(res->paired[m].p.mean_diff))
        return;
    ms_rpaired_means *pm = ms_calloc(ms_aggregate_n_measures(rq->cur) + 1, sizeof *pm);
    if (!pm || ms_report_paired_means(rq->cur, pm) != MS_OK) {
        ms_free(pm);
        ms_sbuf_fail(ul);
        return;
    }
    const ms_paired *p = &res->paired[m].p;
    char label[256], inner[240], a[32], b[32], pv[32], dz[32], imp[32], top[32];
    if (rq->main_m >= 0) /* mid-sentence: «шкала X», lower case */
        ms_c_snprintf(label, sizeof label, MS_TR(r, "шкала «%s»", "scale \"%s\""),
                 ms_text_clip(inner, sizeof inner, ms_measure_label(rq->cur, m)));
    else
        ms_rq_label(r, rq, m, label, sizeof label);
    ms_sbuf_puts(ul, "<li>");
    ms_sbuf_html(ul, rq->q->title);
    ms_sbuf_puts(ul, ": ");
    ms_sbuf_html(ul, label);
    if (isfinite(pm[m].from) && isfinite(pm[m].to))
        ms_sbuf_printf(ul,
                       MS_TR(r, " — с %s до %s из %s у одних и тех же участников; ",
                             ": from %s to %s out of %s in the same participants; "),
                       ms_rfmt(r, a, sizeof a, pm[m].from, 1), ms_rfmt(r, b, sizeof b, pm[m].to, 1),
                       ms_rfmt(r, top, sizeof top, res->items[m].max, 0));
    else /* summaries made before they carried the pairs' sums (paired_item_sums) */
        ms_sbuf_printf(ul,
                       MS_TR(r, " — среднее изменение у одних и тех же участников %s; ",
                             ": mean change in the same participants %s; "),
                       ms_rfmt(r, a, sizeof a, p->mean_diff, 1));
    ms_rp_html(&r->pr, pv, sizeof pv, p->p_t);
    if (p->p_t < 0.05)
        ms_sbuf_printf(
            ul,
            MS_TR(r, "%s не случаен%s (%s; d = %s), улучшение у %s %% участников",
                  "a %s%s that is not chance (%s; d = %s); %s %% improved"),
            p->mean_diff > 0 ? MS_TR(r, "рост", "growth") : MS_TR(r, "снижение", "decline"),
            p->mean_diff > 0 ? "" : MS_TR(r, "о", ""), pv, ms_rfmt(r, dz, sizeof dz, p->dz, 2),
            ms_rfmt(r, imp, sizeof imp, 100 * p->improved, 0));
    else
        ms_sbuf_printf(
            ul, MS_TR(r, "изменение может быть случайным (%s)", "the change may be chance (%s)"), pv);
    ms_sbuf_puts(ul, ".</li>\n");
    ms_deliver_finding(r, ul, "growth", "");
    ms_sbuf brief = {0};
    if (p->p_t < 0.05 && isfinite(pm[m].from) && isfinite(pm[m].to)) {
        ms_sbuf_puts(&brief, MS_TR(r, "Участники выросли: ", "The participants grew: "));
        ms_sbuf_html(&brief, label);
        ms_sbuf_printf(&brief, MS_TR(r, " — с %s до %s из %s.", " from %s to %s out of %s."), a,
                       b, top);
    } else {
        ms_sbuf_puts(&brief, MS_TR(r, "Заметного роста не видно: ", "No clear growth: "));
        ms_sbuf_html(&brief, label);
        ms_sbuf_puts(&brief, ".");
    }
    ms_deliver_brief_set(r, ms_sbuf_str(&brief));
    if (brief.failed)
        ms_sbuf_fail(ul);
    ms_sbuf_free(&brief);
    if (p->p_t < 0.05 && p->mean_diff > 0)
        ms_deliver_advice(r,
                          MS_TR(r, "Самооценка участников к концу года выше, чем в начале; "
                                   "что рост дала именно программа, анкеты не доказывают.",
                                "The participants rate themselves higher at the end of the year "
                                "than at its start; the questionnaires do not prove the programme "
                                "caused it."),
                          MS_TR(r, "Сохранить входное и итоговое анкетирование, чтобы видеть рост "
                                   "и в следующем году.",
                                "Keep the entry and exit questionnaires to see growth next year too."));
    else
        ms_deliver_advice(r,
                          MS_TR(r, "Заметного роста участников за год не видно.",
                                "No clear growth of the participants over the year."),
                          MS_TR(r, "Проверить, ставят ли наставники вместе с наставляемыми цели "
                                   "развития и подводят ли итоги.",
                                "Check that mentors set goals with their mentees and review them."));
    ms_free(pm);
}

/* The quality index year by year, when there are at least two years to show. */
static void finding_years(ms_report *r, const ms_rq *rq, ms_sbuf *ul)
{
    if (rq->year_by < 0 || rq->main_m < 0)
        return;
    size_t n = 0, shown = 0;
    ms_rgroup *g = ms_calloc(ms_report_n_levels(rq->all, (size_t)rq->year_by) + 1, sizeof *g);
    if (!g || ms_report_groups(r, rq->all, (size_t)rq->year_by, (size_t)rq->main_m, g, &n)) {
        ms_sbuf_fail(ul);
        ms_free(g);
        return;
    }
    for (size_t i = 0; i < n; i++)
        shown += g[i].shown && isfinite(g[i].index.estimate);
    if (shown >= 2) {
        ms_sbuf brief = {0};
        ms_sbuf_puts(ul, "<li>");
        ms_sbuf_html(ul, rq->q->title);
        ms_sbuf_html(&brief, rq->q->title);
        ms_sbuf_puts(ul, ms_rq_is_satisfaction(rq)
                             ? MS_TR(r, ": индекс качества по годам — ", ": quality index by year — ")
                             : MS_TR(r, ": индекс 0–100 по годам — ", ": index 0–100 by year — "));
        ms_sbuf_puts(&brief, MS_TR(r, " по годам: ", " by year: "));
        for (size_t i = 0, k = 0; i < n; i++) {
            if (!g[i].shown || !isfinite(g[i].index.estimate))
                continue;
            char v[32];
            ms_sbuf_puts(ul, k ? "; " : "");
            ms_sbuf_puts(&brief, k++ ? " → " : "");
            ms_sbuf_html(ul, g[i].level);
            ms_sbuf_printf(ul, ": %s", ms_rfmt(r, v, sizeof v, g[i].index.estimate, 0));
            ms_sbuf_puts(&brief, v);
        }
        ms_sbuf_puts(ul, ".</li>\n");
        ms_sbuf_puts(&brief, MS_TR(r, " из 100.", " out of 100."));
        ms_deliver_finding(r, ul, "years", "");
        ms_deliver_brief_set(r, ms_sbuf_str(&brief));
        if (brief.failed)
            ms_sbuf_fail(ul);
        ms_sbuf_free(&brief);
    }
    ms_free(g);
}

/* The area where requests exceed offers the most. */
static void finding_bank(ms_report *r, ms_sbuf *ul)
{
    const ms_rq *mt = ms_report_role(r, MS_ROLE_MENTORS_BANK),
                *me = ms_report_role(r, MS_ROLE_MENTEES_REQUESTS);
    if (!mt || !me)
        return;
    const ms_category_result *s = NULL, *d = NULL;
    for (size_t i = 0; i < mt->res->n_categories && !s; i++)
        if (mt->cb->vars[mt->res->categories[i].var].type == MS_TYPE_MULTI)
            s = &mt->res->categories[i];
    for (size_t i = 0; s && i < me->res->n_categories; i++)
        if (me->cb->vars[me->res->categories[i].var].type == MS_TYPE_MULTI &&
            (!d || !strcasecmp(me->res->categories[i].name, s->name)))
            d = &me->res->categories[i];
    if (!s || !d || !ms_report_enough(r, s->n) || !ms_report_enough(r, d->n))
        return;
    double best = 0, bs = 0, bd = 0;
    const char *area = NULL;
    for (size_t j = 0; j < d->n_levels; j++) {
        double supply = 0;
        for (size_t i = 0; i < s->n_levels; i++)
            if (!strcasecmp(s->levels[i], d->levels[j]))
                supply = s->counts[i] / s->n;
        double gap = d->counts[j] / d->n - supply;
        if (gap > best)
            best = gap, area = d->levels[j], bs = supply, bd = d->counts[j] / d->n;
    }
    char a[32], b[32];
    ms_sbuf_puts(ul, "<li>");
    if (!area) {
        ms_sbuf_puts(ul, MS_TR(r, "Банк наставников покрывает все запросы наставляемых.</li>\n",
                               "The bank of mentors covers every area mentees ask about.</li>\n"));
        return;
    }
    ms_sbuf_puts(ul, MS_TR(r, "Наставников больше всего не хватает в области «",
                           "Mentors are most lacking in \""));
    ms_sbuf_html(ul, area);
    ms_sbuf_printf(
        ul,
        MS_TR(r, "»: помощи просят %s %% наставляемых, предлагают %s %% наставников.</li>\n",
              "\": %s %% of mentees ask for help, %s %% of mentors offer it.</li>\n"),
        ms_rfmt(r, a, sizeof a, 100 * bd, 0), ms_rfmt(r, b, sizeof b, 100 * bs, 0));
    ms_deliver_finding(r, ul, "bank", "");
    ms_sbuf brief = {0};
    ms_sbuf_puts(&brief, MS_TR(r, "Наставников не хватает в области «", "Mentors are lacking in \""));
    ms_sbuf_html(&brief, area);
    ms_sbuf_printf(&brief,
                   MS_TR(r, "»: помощи просят %s %% наставляемых, предлагают %s %% наставников.",
                         "\": %s %% of mentees ask for help, %s %% of mentors offer it."),
                   a, b);
    ms_deliver_brief_set(r, ms_sbuf_str(&brief));
    if (brief.failed)
        ms_sbuf_fail(ul);
    ms_sbuf_free(&brief);
    ms_sbuf action = {0};
    ms_sbuf_puts(&action, MS_TR(r, "Найти наставников в области «", "Find mentors for \""));
    ms_sbuf_html(&action, area);
    ms_sbuf_puts(&action, MS_TR(r, "»: обучить желающих или пригласить специалистов.",
                                "\": train volunteers or invite specialists."));
    ms_deliver_advice(r, MS_TR(r, "Запросы наставляемых покрыты наставниками не во всех областях.",
                               "Mentors do not cover every area mentees ask about."),
                      ms_sbuf_str(&action));
    if (action.failed)
        ms_sbuf_fail(ul);
    ms_sbuf_free(&action);
}

ms_status ms_report_findings(ms_report *r, ms_sbuf *ul)
{
    size_t before = ul->len;
    for (size_t i = 0; i < r->n_q; i++)
        if (ms_rq_has_index(&r->q[i]) && r->q[i].main_m >= 0) {
            finding_satisfaction(r, &r->q[i], ul);
            finding_years(r, &r->q[i], ul);
            ms_deliver_finding(r, ul, "years", "");
        }
    ms_status st = ms_report_orgs_finding(r, ul); /* the office's: its schools */
    if (st != MS_OK)
        return st;
    for (size_t i = 0; i < r->n_q; i++)
        if (ms_rq_is(&r->q[i], MS_ROLE_ENTRY_EXIT))
            finding_growth(r, &r->q[i], ul);
    ms_deliver_finding(r, ul, "growth", "");
    st = ms_report_gap_finding(r, ul);
    ms_deliver_finding(r, ul, "gap", "");
    if (st == MS_OK)
        st = ms_report_practices_finding(r, ul);
    if (ms_deliver_finding(r, ul, "practices", ""))
        ms_deliver_advice(r, NULL,
                      MS_TR(r, "Обсудить опыт лучших форм наставничества на методическом объединении и "
                               "включить его в методическую копилку.",
                            "Discuss the experience of the best forms at the teachers' meeting "
                            "and add it to the methodological collection."));
    if (st != MS_OK)
        return st;
    finding_bank(r, ul);
    ms_deliver_finding(r, ul, "bank", "");
    /* no finding: what they are built from and that these forms lack it
     * (a cold reader saw «недостаточно» over 102 answers) */
    if (ul->len == before)
        ms_sbuf_printf(ul, "<li>%s</li>\n",
                       MS_TR(r, "Главных выводов нет: они строятся по шкале удовлетворённости "
                                "(индексу качества), по анкетам в начале и в конце года и по "
                                "банку наставников, а в этих анкетах ничего из этого нет. "
                                "Ответы на каждый вопрос — в разделах ниже.",
                             "No main findings: they are built from a satisfaction scale "
                             "(quality index), entry and exit questionnaires and the mentors' "
                             "bank, and these questionnaires have none of them. The answers to "
                             "every question are in the sections below."));
    return ul->failed ? NOMEM(r) : MS_OK;
}

/* ---------- summary ---------- */

/* Stages (waves) answered in this year's data: 1 without a wave variable.
 * Each participant answers once per stage, so coverage divides by both. */
static double stages(const ms_rq *rq)
{
    if (ms_aggregate_wave_var(rq->cur) < 0)
        return 1;
    double k = 0;
    for (size_t i = 0; i < rq->res->n_categories; i++) {
        const ms_category_result *c = &rq->res->categories[i];
        if ((long)c->var != ms_aggregate_wave_var(rq->cur))
            continue;
        for (size_t l = 0; l < c->n_levels; l++)
            k += c->counts[l] > 0;
    }
    return k > 0 ? k : 1;
}

static ms_status responses_table(ms_report *r, ms_sbuf *b)
{
    ms_rtable t;
    ms_rtable_begin(&t, &r->pr, "responses");
    ms_rtable_head(&t, MS_TR(r, "Анкета", "Questionnaire"));
    ms_rtable_head(&t, MS_TR(r, "Анкет принято", "Accepted"));
    ms_rtable_head(&t, MS_TR(r, "Участников", "Participants"));
    ms_rtable_head(&t, MS_TR(r, "Охват", "Coverage"));
    ms_rtable_head(&t, MS_TR(r, "Анкет прошлых лет", "Earlier years"));
    ms_rtable_end_row(&t);
    for (size_t i = 0; i < r->n_q; i++) {
        const ms_rq *rq = &r->q[i];
        double n = (double)ms_aggregate_rows(rq->cur)->accepted;
        ms_rtable_text(&t, rq->q->title);
        ms_rtable_num(&t, n, 0);
        ms_rtable_num(&t, rq->q->participants ? (double)rq->q->participants : NAN, 0);
        double expected = (double)rq->q->participants * stages(rq);
        ms_rtable_pct(&t, expected > 0 ? n / expected : NAN, 0);
        ms_rtable_num(
            &t,
            (double)(ms_aggregate_rows(rq->all)->accepted - ms_aggregate_rows(rq->cur)->accepted),
            0);
        ms_rtable_end_row(&t);
    }
    ms_status st = ms_rtable_finish(&t, &r->pr, MS_TR(r, "Ответы на анкеты", "Responses"), b);
    ms_html_p(b, "note",
              MS_TR(r,
                    "Охват — доля участников программы, заполнивших анкету (для входной и "
                    "итоговой анкеты — на каждом этапе); «—»: число участников не указано.",
                    "Coverage: the share of the programme's participants who answered (for "
                    "entry and exit questionnaires, at each stage); \"—\": the number of "
                    "participants is not given."));
    return st;
}

static ms_status responses_by_group(ms_report *r, ms_sbuf *b)
{
    ms_rtable t;
    size_t rows = 0;
    bool hidden = false, complement = false;
    ms_status st = MS_OK;
    ms_rtable_begin(&t, &r->pr, "responses-by-group");
    ms_rtable_head(&t, MS_TR(r, "Анкета", "Questionnaire"));
    ms_rtable_head(&t, MS_TR(r, "Группировка", "Grouping"));
    ms_rtable_head(&t, MS_TR(r, "Группа", "Group"));
    ms_rtable_head(&t, MS_TR(r, "Анкет", "Responses"));
    ms_rtable_end_row(&t);
    for (size_t i = 0; st == MS_OK && i < r->n_q; i++) {
        const ms_rq *rq = &r->q[i];
        for (size_t b2 = 0; st == MS_OK && b2 < rq->n_user_by; b2++) {
            size_t n = 0;
            ms_rgroup *g = ms_calloc(ms_report_n_levels(rq->cur, b2) + 1, sizeof *g);
            if (!g) {
                st = NOMEM(r);
                break;
            }
            st = ms_report_groups(r, rq->cur, b2, MS_RALL_ROWS, g, &n);
            for (size_t j = 0; j < n; j++, rows++) {
                ms_rtable_text(&t, rq->q->title);
                ms_rtable_text(&t, rq->cb->vars[ms_aggregate_by(rq->cur, b2)->var].label);
                ms_rtable_text(&t, g[j].level);
                if (g[j].shown)
                    ms_rtable_num(&t, g[j].n, 0);
                else
                    ms_rtable_hidden_why(&t, g[j].hiding);
                hidden = hidden || (!g[j].shown && g[j].hiding != MS_GROUP_COMPLEMENT);
                complement = complement || g[j].hiding == MS_GROUP_COMPLEMENT;
                ms_rtable_end_row(&t);
            }
            ms_free(g);
        }
    }
    if (st != MS_OK || !rows) {
        ms_rtable_discard(&t);
        return st;
    }
    st = ms_rtable_finish(&t, &r->pr, MS_TR(r, "Ответы по группам", "Responses by group"), b);
    ms_html_hidden_notes(r, b, hidden, complement);
    return st;
}

/* The index of every satisfaction questionnaire by one grouping variable
 * (matched by name across questionnaires): a chart and rows of the table. */
typedef struct {
    const char *name, *label;
} by_name;

static long user_by(const ms_rq *rq, const char *name)
{
    for (size_t b = 0; b < rq->n_user_by; b++)
        if ((long)b != rq->year_by &&
            !strcasecmp(rq->cb->vars[ms_aggregate_by(rq->cur, b)->var].name, name))
            return (long)b;
    return -1;
}

static long find_row(const char **rows, size_t n, const char *label)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(rows[i], label))
            return (long)i;
    return -1;
}

typedef struct {
    const char **rows;
    size_t n_rows;
    ms_cpoint *p;
    size_t n_p;
    bool hidden, complement;
} index_chart;

static ms_status index_series(ms_report *r, const ms_rq *rq, long b, size_t s, index_chart *ic,
                              ms_rtable *t)
{
    const ms_item_result *all = &rq->res->items[rq->main_m];
    const ms_variable *by = &rq->cb->vars[ms_aggregate_by(rq->cur, b)->var];
    size_t n = 0;
    ms_rgroup *g = ms_calloc(ms_report_n_levels(rq->cur, (size_t)b) + 1, sizeof *g);
    if (!g)
        return NOMEM(r);
    ms_status st = ms_report_groups(r, rq->cur, (size_t)b, (size_t)rq->main_m, g, &n);
    if (ms_report_enough(r, all->n) && isfinite(all->index.estimate))
        ic->p[ic->n_p++] =
            (ms_cpoint){0, s, all->index.estimate, NAN, all->index.ci_low, all->index.ci_high};
    for (size_t j = 0; st == MS_OK && j < n; j++) {
        ms_rtable_text(t, rq->q->title);
        ms_rtable_text(t, by->label);
        ms_rtable_text(t, g[j].level);
        if (!g[j].shown)
            ms_rtable_hidden_why(t, g[j].hiding); /* even its size: not published */
        else
            ms_rtable_num(t, g[j].n, 0);
        if (!g[j].shown || !isfinite(g[j].index.estimate)) {
            ic->hidden = ic->hidden || (!g[j].shown && g[j].hiding != MS_GROUP_COMPLEMENT);
            ic->complement = ic->complement || (!g[j].shown && g[j].hiding == MS_GROUP_COMPLEMENT);
            ms_rtable_hidden_why(t, g[j].hiding);
            ms_rtable_hidden_range_why(t, g[j].hiding);
            ms_rtable_end_row(t);
            continue;
        }
        ms_rtable_num(t, g[j].index.estimate, 0);
        ms_rtable_range(t, g[j].index.ci_low, g[j].index.ci_high, 0);
        ms_rtable_end_row(t);
        long row = find_row(ic->rows, ic->n_rows, g[j].level);
        if (row < 0)
            ic->rows[row = (long)ic->n_rows++] = g[j].level;
        ic->p[ic->n_p++] = (ms_cpoint){
            (size_t)row, s, g[j].index.estimate, NAN, g[j].index.ci_low, g[j].index.ci_high};
    }
    ms_free(g);
    return st;
}

static ms_status index_chart_for(ms_report *r, const by_name *bn, ms_rtable *t, bool *hidden,
                                 bool *complement, ms_sbuf *html)
{
    size_t cap = 2;
    for (size_t i = 0; i < r->n_q; i++)
        if (user_by(&r->q[i], bn->name) >= 0)
            cap += ms_report_n_levels(r->q[i].cur, (size_t)user_by(&r->q[i], bn->name)) + 1;
    index_chart ic = {ms_calloc(cap, sizeof *ic.rows), 0, ms_calloc(cap * 4, sizeof *ic.p), 0,
                      false, false};
    ms_status st = MS_OK;
    if (!ic.rows || !ic.p) {
        st = NOMEM(r);
        goto cleanup;
    }
    char name[160], title[512], by[256];
    ms_c_snprintf(name, sizeof name, "quality-by-%s", bn->name);
    ms_c_snprintf(title, sizeof title,
             /* the label is a noun phrase in the nominative: «в разрезе: …»
              * reads right whatever it is, «по «Форма …»» does not */
             MS_TR(r, "Индекс качества реализации (0–100), в разрезе: %s; 95 %% ДИ",
                   "Quality index (0–100) by \"%s\", 95 %% CI"),
             ms_text_clip(by, sizeof by, bn->label));
    ms_chart c = {name,    title, MS_TR(r, "индекс 0–100", "index 0–100"), 0, 100, {NULL}, 0,
                  ic.rows, 0};
    ic.rows[ic.n_rows++] = MS_TR(r, "Все ответившие", "All respondents");
    for (size_t i = 0; st == MS_OK && i < r->n_q && c.n_series < 4; i++) {
        const ms_rq *rq = &r->q[i];
        long b = user_by(rq, bn->name);
        if (!ms_rq_is_satisfaction(rq) || rq->main_m < 0 || b < 0)
            continue;
        c.series[c.n_series] = rq->q->title;
        st = index_series(r, rq, b, c.n_series++, &ic, t);
    }
    c.n_rows = ic.n_rows;
    *hidden = *hidden || ic.hidden;
    *complement = *complement || ic.complement;
    char axis[128];
    ms_chart_index_range(r, &c, ic.p, ic.n_p, false, axis, sizeof axis);
    if (st == MS_OK && ic.n_p)
        st = ms_chart_dots(r, &c, ic.p, ic.n_p, 0, html);
cleanup:
    ms_free(ic.rows);
    ms_free(ic.p);
    return st;
}

static ms_status quality_index(ms_report *r, ms_sbuf *b)
{
    by_name names[8];
    size_t n = 0;
    for (size_t i = 0; i < r->n_q; i++) {
        const ms_rq *rq = &r->q[i];
        if (!ms_rq_is_satisfaction(rq) || rq->main_m < 0)
            continue;
        for (size_t k = 0; k < rq->n_user_by && n < 8; k++) {
            const ms_variable *v = &rq->cb->vars[ms_aggregate_by(rq->cur, k)->var];
            bool seen = (long)k == rq->year_by;
            for (size_t j = 0; j < n && !seen; j++)
                seen = !strcasecmp(names[j].name, v->name);
            if (!seen)
                names[n++] = (by_name){v->name, v->label};
        }
    }
    if (!n) {
        ms_html_p(b, "note",
                  MS_TR(r,
                        "Индекс качества по формам не рассчитан: в анкетах "
                        "удовлетворённости нет общей шкалы или форм наставничества.",
                        "The quality index by form is not computed: the satisfaction "
                        "questionnaires have no common scale or forms of mentoring."));
        return MS_OK;
    }
    ms_rtable t;
    bool hidden = false, complement = false;
    ms_status st = MS_OK;
    ms_rtable_begin(&t, &r->pr, "quality-index");
    ms_rtable_head(&t, MS_TR(r, "Анкета", "Questionnaire"));
    ms_rtable_head(&t, MS_TR(r, "Группировка", "Grouping"));
    ms_rtable_head(&t, MS_TR(r, "Группа", "Group"));
    ms_rtable_head(&t, "n");
    ms_rtable_head(&t, MS_TR(r, "Индекс 0–100", "Index 0–100"));
    ms_rtable_head_range(&t, MS_TR(r, "95 % ДИ", "95 % CI"));
    ms_rtable_end_row(&t);
    for (size_t i = 0; st == MS_OK && i < n; i++)
        st = index_chart_for(r, &names[i], &t, &hidden, &complement, b);
    if (st != MS_OK) {
        ms_rtable_discard(&t);
        return st;
    }
    st = ms_rtable_finish(
        &t, &r->pr, MS_TR(r, "Индекс качества реализации по группам", "Quality index by group"), b);
    ms_html_hidden_notes(r, b, hidden, complement);
    ms_html_p(b, "note",
              MS_TR(r,
                    "Индекс качества — средний балл шкалы удовлетворённости, "
                    "пересчитанный в 0–100; если интервалы двух групп не "
                    "перекрываются, различие почти наверняка не случайно.",
                    "The quality index is the mean of the satisfaction scale rescaled to "
                    "0–100; when the intervals of two groups do not overlap, the "
                    "difference is almost surely not chance."));
    return st;
}

ms_status ms_section_summary(ms_report *r, ms_page *pg)
{
    ms_sbuf *b = &pg->body;
    ms_sbuf ul = {0};
    ms_html_section(r, pg, "summary", MS_TR(r, "Итоги", "Summary"));
    ms_status st = ms_report_findings(r, &ul);
    if (st == MS_OK) {
        ms_html_h3(b, MS_TR(r, "Главное", "Main findings"));
        ms_sbuf_puts(b, "<ul class=\"findings\">\n");
        ms_sbuf_append(b, &ul);
        ms_sbuf_puts(b, "</ul>\n");
        ms_sbuf actions = {0};
        ms_deliver_actions_html(r, &actions);
        if (actions.len || actions.failed) {
            ms_html_h3(b, MS_TR(r, "Что сделать", "What to do"));
            ms_sbuf_append(b, &actions);
        }
        if (actions.failed)
            ms_sbuf_fail(b);
        ms_sbuf_free(&actions);
        ms_html_glossary(r, b);
        st = responses_table(r, b);
    }
    ms_sbuf_free(&ul);
    if (st == MS_OK)
        st = responses_by_group(r, b);
    if (st == MS_OK && ms_report_mentoring(r)) {
        ms_html_h3(b, MS_TR(r, "Индекс качества реализации", "Quality of implementation index"));
        st = quality_index(r, b);
    }
    return st;
}
