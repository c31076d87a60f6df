/*
 * match_write.c — the pairing as the internal working document: match.html
 * with its CSV tables (in tables/, through the table writer of present/), and
 * the JSON of `match --json`.
 *
 * The document shows the banks' codes (and names with --names), so it
 * carries a warning on top and is never linked from the published page.
 * `-o DIR` is replaced as the report is (report.c): everything is written
 * into DIR.tmp-XXXXXX beside it, the old DIR (only when it holds what match
 * writes and nothing else) moved aside to DIR.old-XXXXXX, the new one
 * renamed in and the old one removed, so DIR is always one whole output;
 * the CLI's stop handler (src/cli/stop.c) removes the temporaries and puts
 * a moved-aside old output back.
 */
#include "mentorstat/match.h"
#include "present.h"
#include "plural.h"
#include "text.h"
#include "mentorstat/results.h"
#include "cnum.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The pairs table has eight or more columns of long Russian words, all at
 * their narrowest in 1100 px, which left «Почему эта пара» a sliver: the
 * page is as wide as the screen up to 1500 px, and that column keeps 18em
 * (a narrower screen scrolls the table, not the explanation). */
static const char css[] =
    "body{font:15px/1.45 system-ui,sans-serif;max-width:1500px;margin:0 auto;padding:1em;"
    "color:#222}\n"
    "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}\n"
    ".warn{background:#fff3cd;border:1px solid #d9b44a;padding:.6em 1em;border-radius:4px}\n"
    ".table{overflow-x:auto}table{border-collapse:collapse;margin:.5em 0}"
    "th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}"
    "th{background:#f3f3f3}td.num{text-align:right}caption{text-align:left;font-weight:600}\n"
    ".csv{font-size:.85em;color:#555}\n"
    ".pairs td:nth-child(2),.pairs td:nth-child(3){white-space:nowrap}"
    ".pairs th{font-size:.9em}.pairs td:last-child{width:40%;min-width:18em;font-size:.92em}\n"
    /* the page number at the foot, as the report's page has it: the
     * printed pairing goes into an order with its pages counted */
    "@page{size:A4 landscape;margin:10mm 10mm 13mm;"
    "@bottom-right{content:counter(page) ' / ' counter(pages);font-size:9pt;color:#333}}\n"
    "@media print{.csv{display:none}body{max-width:none;font-size:9pt;padding:0}"
    ".table{overflow:visible}table{width:100%;table-layout:auto}"
    "th,td{padding:.15em .3em;overflow-wrap:break-word;hyphens:manual}"
    "tr{break-inside:avoid}"
    "h2{break-after:avoid}}\n";

static int cmp_area(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* "code" or "code — name" */
static void person_label(const ms_match_result *r, const ms_match_person *p, char *buf,
                         size_t size)
{
    if (r->names && p->name)
        ms_c_snprintf(buf, size, "%s — %s", p->id, p->name);
    else
        ms_c_snprintf(buf, size, "%s", p->id);
}

/* Why a mentee is still without a mentor. */
static const char *unmatched_reason(const ms_match_person *e, bool ru)
{
    if (!e->n_areas)
        return ru ? "не указаны запросы" : "no areas requested";
    if (e->any_allowed)
        return ru ? "все подходящие наставники заняты" : "every suitable mentor is full";
    if (e->below_min)
        return ru ? "нет наставника с достаточным совпадением"
                  : "no mentor with a sufficient match";
    return ru ? "нет подходящего наставника в банке" : "no suitable mentor in the bank";
}

static void score_change(ms_sbuf *b, int now, int then, bool ru)
{
    if (then == now)
        ms_sbuf_puts(b, ru ? "столько же" : "the same");
    else
        ms_sbuf_printf(b, ru ? "на %d %s" : "%d %s", abs(then - now),
                       then < now ? (ru ? "меньше" : "fewer") : (ru ? "больше" : "more"));
}

/* A person in a sentence read aloud: a bank without codes names people by
 * their rows, and a bare number («2 ведёт 2 из 2») cannot be read aloud. */
static void reason_label(const ms_match_result *r, const ms_match_person *p, bool mentor,
                         bool ru, char *buf, size_t size)
{
    const char *prefix = !(mentor ? r->mentors_by_row : r->mentees_by_row) ? ""
                         : ru                                             ? "стр. "
                                                                          : "row ";
    size_t pre = strlen(prefix);
    if (size <= pre) {
        if (size)
            buf[0] = '\0';
        return;
    }
    memcpy(buf, prefix, pre);
    person_label(r, p, buf + pre, size - pre);
}

/* «из 1 запроса», «из 2 запросов», «из 21 запроса». */
static const char *of_requests(size_t n, bool ru)
{
    return ms_plural(ru, (double)n, "запроса", "запросов", "запросов", "request", "requests");
}

/* The first free alternative with the same score: what decided between
 * them.  Moving the mentee there (everyone else as is) is feasible, so by
 * optimality the wishes, then the load spread, then the bank positions
 * favour the chosen mentor; say the level that does, when it is certain. */
static void tie_reason(const ms_match_result *r, const ms_match_pair *p, bool ru, ms_sbuf *b)
{
    const ms_match_person *m = &r->mentors[p->mentor];
    const ms_match_alt *a = NULL;
    for (size_t k = 0; k < p->n_alts && !a; k++)
        if (p->alts[k].free > 0 && p->alts[k].score == p->score)
            a = &p->alts[k];
    if (!a || r->prefer_on)
        return;
    const ms_match_person *o = &r->mentors[a->mentor];
    char who[1024], chosen[1024];
    reason_label(r, o, true, ru, who, sizeof who);
    reason_label(r, m, true, ru, chosen, sizeof chosen);
    long other_load = o->capacity - a->free + 1, own_load = m->assigned - 1;
    if (r->spread_on && other_load > own_load + 1)
        ms_sbuf_printf(b, ru ? " При равном совпадении решила ровная нагрузка: иначе "
                               "наставляемых у %s стало бы %ld%s, у %s — %ld."
                             : " With the same match, the even load decided: otherwise %s "
                               "would have %ld %s and %s %ld.",
                       who, other_load,
                       ms_plural(ru, (double)other_load, "", "", "", "mentee", "mentees"),
                       chosen, own_load);
    else if (p->mentor < a->mentor)
        ms_sbuf_printf(b, ru ? " При равном совпадении решил порядок в банке наставников: "
                               "%s стоит раньше, чем %s."
                             : " With the same match, the order of the mentors' bank "
                               "decided: %s comes before %s.",
                       chosen, who);
}

/* The mentor the mentee asked for, when another was chosen, by name and
 * why not: the pair is not allowed, they are full, or (then the score is
 * lower: wishes come after coverage) what the pair would cover. */
static void wish_not_met(const ms_match_result *r, const ms_match_pair *p, bool ru, ms_sbuf *b)
{
    if (p->wished < 0)
        return;
    const ms_match_person *w = &r->mentors[p->wished];
    char who[1024];
    reason_label(r, w, true, ru, who, sizeof who);
    ms_sbuf_printf(b, ru ? "; пожелание наставляемого — %s (%d-й выбор) — не выполнено: "
                         : "; the mentee's wish, %s (choice %d), was not met: ",
                   who, p->wished_rank);
    if (!p->wished_score)
        ms_sbuf_puts(b, ru ? "эта пара не разрешена (нет общей области или её запрещают "
                             "правила подбора)"
                           : "that pair is not allowed (no shared area, or the rules forbid "
                             "it)");
    else if (w->assigned >= w->capacity)
        ms_sbuf_printf(b, ru ? "у %s нет свободных мест" : "%s has no free place", who);
    else
        ms_sbuf_printf(b, ru ? "совпадение с %s — %d вместо %d" : "%s would cover %d instead of %d",
                       who, p->wished_score, p->score);
}

/* The pair in one line a curator can read aloud at the pedagogical council:
 * the mentor's load, what the pair covers, and the other suitable mentors
 * with what taking them instead (everyone else as is) would change. */
static void pair_reason(const ms_match_result *r, const ms_match_pair *p, bool ru, ms_sbuf *b)
{
    const ms_match_person *m = &r->mentors[p->mentor], *e = &r->mentees[p->mentee];
    char who[1024];
    b->len = 0;
    ms_sbuf_puts(b, "");
    reason_label(r, m, true, ru, who, sizeof who);
    if (p->kept) {
        ms_sbuf_printf(b,
                       ru ? "Пара продолжается (закреплена куратором); %s ведёт %ld из %ld. "
                            "Совпадение %d из %zu %s."
                          : "The pair continues (kept by the curator); %s has %ld of %ld. "
                            "%d of %zu %s covered.",
                       who, m->assigned, m->capacity, p->score, e->n_areas,
                       of_requests(e->n_areas, ru));
        return;
    }
    ms_sbuf_printf(b,
                   ru ? "%s ведёт %ld из %ld; совпадение %d из %zu %s"
                      : "%s has %ld of %ld; %d of %zu %s covered",
                   who, m->assigned, m->capacity, p->score, e->n_areas,
                   of_requests(e->n_areas, ru));
    if (e->wish)
        ms_sbuf_printf(b, ru ? "; наставник из пожеланий наставляемого (%d-й выбор)"
                             : "; a mentor the mentee asked for (choice %d)",
                       e->wish);
    wish_not_met(r, p, ru, b);
    ms_sbuf_puts(b, ".");
    if (!p->n_alts) {
        ms_sbuf_puts(b, ru ? " Других подходящих наставников нет."
                           : " No other suitable mentor.");
        return;
    }
    size_t n_free = 0;
    for (size_t k = 0; k < p->n_alts; k++)
        n_free += p->alts[k].free > 0;
    if (n_free)
        ms_sbuf_printf(b, ru ? " Другие подходящие со свободными местами (%zu): "
                             : " Other suitable mentors with free places (%zu): ",
                       p->n_free_alts);
    else
        ms_sbuf_puts(b, ru ? " Подходящих со свободными местами больше нет."
                           : " No other suitable mentor has a free place.");
    for (size_t k = 0; k < p->n_alts; k++) {
        const ms_match_alt *a = &p->alts[k];
        reason_label(r, &r->mentors[a->mentor], true, ru, who, sizeof who);
        if (a->free > 0) {
            ms_sbuf_printf(b, ru ? "%s%s (свободно %ld) — совпадение %d, "
                                 : "%s%s (%ld free) — %d covered, ",
                           k ? "; " : "", who, a->free, a->score);
            score_change(b, p->score, a->score, ru);
            if (k + 1 == n_free) {
                ms_sbuf_puts(b, ".");
                tie_reason(r, p, ru, b);
            }
            continue;
        }
        if (a->score == p->score)
            ms_sbuf_printf(b, ru ? " Выбрать %s (мест нет; совпадение %d, столько же): "
                                 : " Taking %s (full; %d covered, the same): ",
                           who, a->score);
        else
            ms_sbuf_printf(b, ru ? " Выбрать %s (мест нет; совпадение %d вместо %d): "
                                 : " Taking %s (full; %d covered instead of %d): ",
                           who, a->score, p->score);
        const ms_match_person *d = &r->mentees[a->displaced];
        reason_label(r, d, false, ru, who, sizeof who);
        if (a->rehomed) {
            char to[1024];
            reason_label(r, m, true, ru, to, sizeof to);
            int then = d->score + a->rehomed_delta;
            if (then == d->score)
                ms_sbuf_printf(b, ru ? "%s пришлось бы перевести к %s (совпадение %d, столько "
                                       "же); всего совпадений "
                                     : "%s would have to move to %s (%d covered, the same); "
                                       "covered requests in all: ",
                               who, to, then);
            else
                ms_sbuf_printf(b, ru ? "%s пришлось бы перевести к %s (совпадение %d вместо "
                                       "%d); всего совпадений "
                                     : "%s would have to move to %s (%d covered instead of "
                                       "%d); covered requests in all: ",
                               who, to, then, d->score);
            score_change(b, 0, a->score - p->score + a->rehomed_delta, ru);
            ms_sbuf_puts(b, ".");
        } else {
            ms_sbuf_printf(b, ru ? "%s пришлось бы оставить без наставника."
                                 : "%s would be left without a mentor.",
                           who);
        }
    }
}

static void join_areas(const ms_match_result *r, const size_t *areas, size_t n, ms_sbuf *b)
{
    ms_sbuf_truncate(b, 0);
    ms_sbuf_puts(b, "");
    for (size_t k = 0; k < n; k++) {
        if (k)
            ms_sbuf_puts(b, "; ");
        ms_sbuf_puts(b, r->areas[areas[k]].label);
    }
}

/* Areas of e that m offers (covered) or not. */
static void split_areas(const ms_match_person *m, const ms_match_person *e, bool covered,
                        size_t *out, size_t *n)
{
    *n = 0;
    for (size_t a = 0; a < e->n_areas; a++) {
        bool found = false;
        for (size_t b = 0; b < m->n_areas && !found; b++)
            found = m->areas[b] == e->areas[a];
        if (found == covered)
            out[(*n)++] = e->areas[a];
    }
}

/* The --same answers of a pair or group: the mentor's, else the first mentee's. */
static void same_text(const ms_match_result *r, const ms_match_person *m,
                      const ms_match_person *e, ms_sbuf *b)
{
    ms_sbuf_truncate(b, 0);
    ms_sbuf_puts(b, "");
    for (size_t s = 0; s < r->n_same; s++) {
        long v = m->same[s] >= 0 ? m->same[s] : e ? e->same[s] : -1;
        if (s)
            ms_sbuf_puts(b, "; ");
        ms_sbuf_puts(b, v >= 0 ? r->same_levels[s][v] : "—");
    }
}

typedef struct {
    const ms_match_result *res;
    ms_present pr;      /* where the tables go, language, error */
    ms_sbuf body, cell;
    size_t *scratch;    /* areas of one pair */
    char who[1024];
} page;

#define TR(pg, ru_text, en_text) ((pg)->pr.ru ? (ru_text) : (en_text))

static void h2(page *pg, const char *text)
{
    ms_sbuf_puts(&pg->body, "<h2>");
    ms_sbuf_html(&pg->body, text);
    ms_sbuf_puts(&pg->body, "</h2>\n");
}

static void cell_areas(page *pg, ms_rtable *t, const size_t *areas, size_t n)
{
    join_areas(pg->res, areas, n, &pg->cell);
    if (n)
        ms_rtable_text_of(t, &pg->cell);
    else
        ms_rtable_text(t, "—");
}

enum { RULE_HEAD = 48 }; /* bytes: about 24 Cyrillic letters */

static ms_status pairs_table(page *pg)
{
    const ms_match_result *r = pg->res;
    ms_rtable t;
    ms_rtable_begin(&t, &pg->pr, "pairs");
    ms_rtable_head(&t, TR(pg, "№ пары/группы", "Pair/group"));
    ms_rtable_head(&t, TR(pg, "Наставник", "Mentor"));
    ms_rtable_head(&t, TR(pg, "Наставляемый", "Mentee"));
    /* a rule's question may be long («Ваш класс (для учеников) или класс
     * классного руководства»): clipped on the page, where the text above
     * names it whole, so that its column does not squeeze the others */
    char clipped[RULE_HEAD], page_head[RULE_HEAD + 64];
    for (size_t s = 0; s < r->n_same; s++)
        ms_rtable_head_short(&t, ms_text_clip(clipped, sizeof clipped, r->same_vars[s]),
                             r->same_vars[s]);
    /* --differ: both answers, so the page shows the rule was kept */
    for (size_t s = r->n_same; s < r->n_same + r->n_differ; s++) {
        const char *order = TR(pg, "наставник / наставляемый", "mentor / mentee");
        snprintf(pg->who, sizeof pg->who, "%s (%s)", r->same_vars[s], order);
        snprintf(page_head, sizeof page_head, "%s (%s)",
                 ms_text_clip(clipped, sizeof clipped, r->same_vars[s]), order);
        ms_rtable_head_short(&t, page_head, pg->who);
    }
    ms_rtable_head(&t, TR(pg, "Совпадений", "Score"));
    ms_rtable_head(&t, TR(pg, "Закрытые запросы", "Covered areas"));
    ms_rtable_head(&t, TR(pg, "Незакрытые запросы", "Requested, not covered"));
    ms_rtable_head(&t, TR(pg, "Почему эта пара", "Why this pair"));
    ms_rtable_end_row(&t);
    for (size_t k = 0; k < r->n_pairs; k++) {
        const ms_match_pair *p = &r->pairs[k];
        const ms_match_person *m = &r->mentors[p->mentor], *e = &r->mentees[p->mentee];
        size_t n;
        ms_rtable_num(&t, (double)p->group, 0);
        person_label(r, m, pg->who, sizeof pg->who);
        ms_rtable_text(&t, pg->who);
        person_label(r, e, pg->who, sizeof pg->who);
        ms_rtable_text(&t, pg->who);
        for (size_t s = 0; s < r->n_same; s++) {
            long v = e->same[s] >= 0 ? e->same[s] : m->same[s];
            ms_rtable_text(&t, v >= 0 ? r->same_levels[s][v] : "—");
        }
        for (size_t s = r->n_same; s < r->n_same + r->n_differ; s++) {
            snprintf(pg->who, sizeof pg->who, "%s / %s",
                     m->same[s] >= 0 ? r->same_levels[s][m->same[s]] : "—",
                     e->same[s] >= 0 ? r->same_levels[s][e->same[s]] : "—");
            ms_rtable_text(&t, pg->who);
        }
        ms_rtable_num(&t, p->score, 0);
        split_areas(m, e, true, pg->scratch, &n);
        cell_areas(pg, &t, pg->scratch, n);
        split_areas(m, e, false, pg->scratch, &n);
        cell_areas(pg, &t, pg->scratch, n);
        pair_reason(r, p, pg->pr.ru, &pg->cell);
        ms_rtable_text_of(&t, &pg->cell); /* a failed reason fails the table */
        ms_rtable_end_row(&t);
    }
    ms_sbuf_puts(&pg->body, "<div class=\"pairs\">\n");
    ms_status st = ms_rtable_finish(&t, &pg->pr, NULL, &pg->body);
    ms_sbuf_puts(&pg->body, "</div>\n");
    return st;
}

static ms_status unmatched_table(page *pg)
{
    const ms_match_result *r = pg->res;
    ms_rtable t;
    ms_rtable_begin(&t, &pg->pr, "unmatched");
    ms_rtable_head(&t, TR(pg, "Наставляемый", "Mentee"));
    for (size_t s = 0; s < r->n_same; s++)
        ms_rtable_head(&t, r->same_vars[s]);
    ms_rtable_head(&t, TR(pg, "Запросы", "Requested areas"));
    ms_rtable_head(&t, TR(pg, "Почему без наставника", "Why without a mentor"));
    ms_rtable_head(&t, TR(pg, "Запросы, которые не закрывает ни один подходящий наставник банка",
                          "Requests no compatible mentor of the bank offers"));
    ms_rtable_end_row(&t);
    for (size_t j = 0; j < r->n_mentees; j++) {
        const ms_match_person *e = &r->mentees[j];
        if (e->mentor >= 0)
            continue;
        person_label(r, e, pg->who, sizeof pg->who);
        ms_rtable_text(&t, pg->who);
        for (size_t s = 0; s < r->n_same; s++)
            ms_rtable_text(&t, e->same[s] >= 0 ? r->same_levels[s][e->same[s]] : "—");
        cell_areas(pg, &t, e->areas, e->n_areas);
        ms_rtable_text(&t, unmatched_reason(e, pg->pr.ru));
        cell_areas(pg, &t, e->uncovered, e->n_uncovered);
        ms_rtable_end_row(&t);
    }
    if (r->matched < r->n_mentees)
        return ms_rtable_finish(&t, &pg->pr, NULL, &pg->body);
    /* no one: a sentence, not a table of headers only (the CSV is still written) */
    ms_sbuf_puts(&pg->body, TR(pg, "<p>Нет: все наставляемые получили наставника.</p>\n",
                               "<p>None: every mentee has a mentor.</p>\n"));
    ms_sbuf none = {0};
    ms_status st = ms_rtable_finish(&t, &pg->pr, NULL, &none);
    if (st == MS_OK && none.failed) /* the table's failure lands in its html */
        st = MS_ERR_NOMEM;
    ms_sbuf_free(&none);
    return st;
}

static ms_status free_table(page *pg)
{
    const ms_match_result *r = pg->res;
    ms_rtable t;
    ms_rtable_begin(&t, &pg->pr, "mentors_free");
    ms_rtable_head(&t, TR(pg, "Наставник", "Mentor"));
    ms_rtable_head(&t, TR(pg, "Может взять", "Capacity"));
    ms_rtable_head(&t, TR(pg, "Взял", "Taken"));
    ms_rtable_head(&t, TR(pg, "Свободно", "Free"));
    ms_rtable_head(&t, TR(pg, "Предлагает", "Offered areas"));
    ms_rtable_end_row(&t);
    for (size_t i = 0; i < r->n_mentors; i++) {
        const ms_match_person *m = &r->mentors[i];
        if (m->capacity <= m->assigned)
            continue;
        person_label(r, m, pg->who, sizeof pg->who);
        ms_rtable_text(&t, pg->who);
        ms_rtable_num(&t, (double)m->capacity, 0);
        ms_rtable_num(&t, (double)m->assigned, 0);
        ms_rtable_num(&t, (double)(m->capacity - m->assigned), 0);
        cell_areas(pg, &t, m->areas, m->n_areas);
        ms_rtable_end_row(&t);
    }
    return ms_rtable_finish(&t, &pg->pr,
                            NULL, &pg->body);
}

static ms_status areas_table(page *pg)
{
    const ms_match_result *r = pg->res;
    ms_rtable t;
    ms_rtable_begin(&t, &pg->pr, "areas");
    ms_rtable_head(&t, TR(pg, "Область", "Area"));
    ms_rtable_head(&t, TR(pg, "Запросов", "Requests"));
    ms_rtable_head(&t, TR(pg, "Наставников предлагают", "Mentors offering"));
    ms_rtable_head(&t, TR(pg, "Запросов закрыто подбором", "Requests covered by the pairing"));
    ms_rtable_end_row(&t);
    for (size_t a = 0; a < r->n_areas; a++) {
        ms_rtable_text(&t, r->areas[a].label);
        ms_rtable_num(&t, (double)r->areas[a].requests, 0);
        ms_rtable_num(&t, (double)r->areas[a].offers, 0);
        ms_rtable_num(&t, (double)r->areas[a].covered, 0);
        ms_rtable_end_row(&t);
    }
    return ms_rtable_finish(&t, &pg->pr,
                            NULL, &pg->body);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Rows with errors: who is missing from the pairing, and why.  Beside the
 * row's code (shown for everyone on this page) the reason shows only the
 * offending cell, as on stderr; the other cells stay out. */
static ms_status skipped_table(page *pg)
{
    const ms_match_result *r = pg->res;
    ms_rtable t;
    ms_rtable_begin(&t, &pg->pr, "skipped");
    ms_rtable_head(&t, TR(pg, "Банк", "Bank"));
    ms_rtable_head(&t, TR(pg, "Файл", "File"));
    ms_rtable_head(&t, TR(pg, "Строка", "Line"));
    ms_rtable_head(&t, TR(pg, "Код", "Code"));
    ms_rtable_head(&t, TR(pg, "Причина", "Reason"));
    ms_rtable_end_row(&t);
    for (size_t k = 0; k < r->n_skipped; k++) {
        const ms_match_skipped *q = &r->skipped[k];
        ms_rtable_text(&t, q->neither   ? TR(pg, "ни в одном", "neither")
                           : q->mentors ? TR(pg, "наставников", "mentors")
                                        : TR(pg, "запросов", "requests"));
        ms_rtable_text(&t, base_name(q->file));
        ms_rtable_num(&t, (double)q->line, 0);
        ms_rtable_text(&t, q->id ? q->id : "—");
        ms_rtable_text(&t, q->reason);
        ms_rtable_end_row(&t);
    }
    return ms_rtable_finish(&t, &pg->pr, NULL, &pg->body);
}

/* The annex to the order «О назначении наставников и формировании
 * наставнических пар/групп»: one row per pair or group. */
static ms_status annex_table(page *pg)
{
    const ms_match_result *r = pg->res;
    ms_rtable t;
    ms_sbuf names = {0};
    ms_rtable_begin(&t, &pg->pr, "annex");
    ms_rtable_head(&t, TR(pg, "№ пары/группы", "Pair/group"));
    ms_rtable_head(&t, TR(pg, "Наставник", "Mentor"));
    ms_rtable_head(&t, TR(pg, "Наставляемые", "Mentees"));
    ms_rtable_head(&t, TR(pg, "Форма", "Form"));
    ms_rtable_head(&t, TR(pg, "Области", "Areas"));
    ms_rtable_end_row(&t);
    for (size_t k = 0; k < r->n_pairs;) {
        const ms_match_person *m = &r->mentors[r->pairs[k].mentor];
        size_t end = k, n_areas = 0;
        ms_sbuf_truncate(&names, 0);
        ms_sbuf_puts(&names, "");
        for (; end < r->n_pairs && r->pairs[end].group == r->pairs[k].group; end++) {
            const ms_match_person *e = &r->mentees[r->pairs[end].mentee];
            person_label(r, e, pg->who, sizeof pg->who);
            if (end > k)
                ms_sbuf_puts(&names, "; ");
            ms_sbuf_puts(&names, pg->who);
            size_t n;
            split_areas(m, e, true, pg->scratch + n_areas, &n);
            n_areas += n;
        }
        /* the group's covered areas, once each, in the areas' order */
        qsort(pg->scratch, n_areas, sizeof *pg->scratch, cmp_area);
        size_t u = 0;
        for (size_t a = 0; a < n_areas; a++)
            if (!u || pg->scratch[a] != pg->scratch[u - 1])
                pg->scratch[u++] = pg->scratch[a];
        ms_rtable_num(&t, (double)r->pairs[k].group, 0);
        person_label(r, m, pg->who, sizeof pg->who);
        ms_rtable_text(&t, pg->who);
        ms_rtable_text_of(&t, &names);
        same_text(r, m, &r->mentees[r->pairs[k].mentee], &pg->cell);
        if (r->n_same)
            ms_rtable_text_of(&t, &pg->cell);
        else
            ms_rtable_text(&t, TR(pg, end - k > 1 ? "группа" : "пара",
                                  end - k > 1 ? "group" : "pair"));
        cell_areas(pg, &t, pg->scratch, u);
        ms_rtable_end_row(&t);
        k = end;
    }
    bool failed = names.failed;
    ms_sbuf_free(&names);
    if (failed) {
        ms_rtable_discard(&t);
        return ms_error_set(pg->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    return ms_rtable_finish(&t, &pg->pr,
                            TR(pg, "Приложение к приказу «О назначении наставников и "
                                   "формировании наставнических пар/групп»",
                               "Annex to the order on appointing mentors and forming "
                               "mentoring pairs and groups"),
                            &pg->body);
}

static void summary(page *pg)
{
    const ms_match_result *r = pg->res;
    long long places = 0;
    size_t free_mentors = 0;
    for (size_t i = 0; i < r->n_mentors; i++) {
        places += r->mentors[i].capacity;
        free_mentors += r->mentors[i].capacity > r->mentors[i].assigned;
    }
    ms_sbuf *b = &pg->body, same = {0};
    ms_sbuf_puts(&same, "");
    for (size_t s = 0; s < r->n_same; s++) {
        ms_sbuf_puts(&same, s ? TR(pg, ", и «", ", and «") : TR(pg, ", совпадает «", ", «"));
        ms_sbuf_html(&same, r->same_vars[s]);
        ms_sbuf_puts(&same, TR(pg, "» (где оба ответили)", "» is the same (where both answered)"));
    }
    bool ru = pg->pr.ru;
    double nm = (double)r->n_mentors, ne = (double)r->n_mentees;
    ms_sbuf_printf(b,
                   TR(pg,
                      "<p>В банке наставников %zu %s (мест: %lld), в банке запросов — %zu "
                      "%s. <strong>Наставника получили %zu из %zu</strong> "
                      "%s; сумма совпадений запросов с областями наставников — "
                      "<strong>%lld</strong>. Сформировано пар и групп: %zu. Без наставника: %zu; "
                      "наставников со свободными местами: %zu.</p>\n",
                      "<p>The bank of mentors has %zu %s (%lld places), the bank of "
                      "requests %zu %s. <strong>%zu of %zu %s got a mentor</strong>; "
                      "requests covered by the mentors' areas in total: <strong>%lld</strong>. "
                      "Pairs and groups formed: %zu. Without a mentor: %zu; mentors with free "
                      "places: %zu.</p>\n"),
                   r->n_mentors, ms_plural(ru, nm, "человек", "человека", "человек", "person",
                                           "people"),
                   places, r->n_mentees,
                   ms_plural(ru, ne, "наставляемый", "наставляемых", "наставляемых", "mentee",
                             "mentees"),
                   r->matched, r->n_mentees,
                   ms_plural(ru, ne, "наставляемого", "наставляемых", "наставляемых", "mentee",
                             "mentees"),
                   r->total_score, r->n_groups, r->n_mentees - r->matched, free_mentors);
    if (r->n_skipped)
        ms_sbuf_printf(b,
                       TR(pg,
                          "<p class=\"warn\">Строк с ошибками: в банке наставников %llu, в "
                          "банке запросов %llu. Эти люди <strong>не вошли в подбор</strong>: "
                          "исправьте строки (список ниже) и подберите снова.</p>\n",
                          "<p class=\"warn\">Rows with errors: %llu in the bank of mentors, "
                          "%llu in the bank of requests. These people <strong>are not in the "
                          "pairing</strong>: correct the rows (listed below) and match "
                          "again.</p>\n"),
                       r->mentor_rows.quarantined, r->mentee_rows.quarantined);
    for (size_t s = r->n_same; s < r->n_same + r->n_differ; s++) {
        ms_sbuf_puts(&same, TR(pg, ", различается «", ", «"));
        ms_sbuf_html(&same, r->same_vars[s]);
        ms_sbuf_puts(&same, TR(pg, "» (где оба ответили)", "» differs (where both answered)"));
    }
    if (r->n_excluded)
        ms_sbuf_printf(&same, TR(pg, ", пара не входит в список исключённых (%zu)",
                                 ", the pair is not on the list of excluded pairs (%zu)"),
                       r->n_excluded);
    if (r->min_score > 1)
        ms_sbuf_printf(&same, TR(pg, ", совпадает не меньше %d областей",
                                 ", at least %d areas are shared"),
                       r->min_score);
    if (r->min_share)
        ms_sbuf_printf(&same, TR(pg, ", закрыто не меньше %d%% запросов наставляемого",
                                 ", at least %d%% of the mentee's requests are covered"),
                       r->min_share);
    ms_sbuf levels = {0};
    ms_sbuf_puts(&levels, "");
    if (r->n_kept)
        ms_sbuf_printf(&levels,
                       TR(pg,
                          "Пары, которые продолжаются (%zu), закреплены куратором, их места "
                          "вычтены из свободных; остальные подобраны так. ",
                          "The pairs that continue (%zu) were kept by the curator and their "
                          "places taken from the capacities; the rest were formed as "
                          "follows. "),
                       r->n_kept);
    ms_sbuf_puts(&levels, TR(pg,
                             "Из всех допустимых распределений выбрано точно (задача о "
                             "назначениях, решатель GLPK): сначала наибольшее число "
                             "наставляемых с наставником; среди них — наибольшая сумма "
                             "совпадений",
                             "Among all allowed assignments the exact optimum was chosen (the "
                             "assignment problem, solved by GLPK): first the most mentees with "
                             "a mentor; among those the largest number of covered requests"));
    if (r->prefer_on)
        ms_sbuf_puts(&levels, TR(pg,
                                 "; среди них — больше исполненных пожеланий наставляемых "
                                 "(первый выбор весит больше)",
                                 "; among those the most wishes of the mentees honoured (a "
                                 "first choice weighs more)"));
    if (r->spread_on)
        ms_sbuf_puts(&levels, TR(pg,
                                 "; среди них — самая ровная нагрузка наставников (наименьшая "
                                 "сумма квадратов числа наставляемых)",
                                 "; among those the most even load of the mentors (the least "
                                 "sum of squares of their numbers of mentees)"));
    ms_sbuf_puts(&levels, TR(pg,
                             "; среди равных — меньшая сумма номеров строк в банках (раньше "
                             "поданные запросы и раньше записавшиеся наставники идут первыми).",
                             "; among equals the smallest sum of row numbers in the banks "
                             "(earlier requests and earlier mentors first)."));
    ms_sbuf_printf(b,
                   TR(pg,
                      "<p class=\"rule\">Как подобраны пары. Пара допустима, когда наставник "
                      "предлагает хотя бы одну область, о которой просит наставляемый%s, и это "
                      "не один и тот же человек. %s Наставник, готовый взять нескольких, ведёт "
                      "группу. В столбце «Почему эта пара» — кто ещё подходил и что изменил бы "
                      "другой выбор.</p>\n",
                      "<p class=\"rule\">How the pairs were formed. A pair is allowed when the "
                      "mentor offers at least one area the mentee asks for%s, and they are not "
                      "the same person. %s A mentor who takes several mentees leads a group. "
                      "The column «Why this pair» says who else was suitable and what another "
                      "choice would change.</p>\n"),
                   same.failed ? "" : ms_sbuf_str(&same), levels.failed ? "" : ms_sbuf_str(&levels));
    if (same.failed || levels.failed) /* the rule would miss a clause */
        ms_sbuf_fail(b);
    ms_sbuf_free(&levels);
    ms_sbuf_free(&same);
}

static void page_head(page *pg, ms_sbuf *html)
{
    const char *title = TR(pg, "Подбор наставников: пары и группы",
                           "Matching mentors: pairs and groups");
    ms_sbuf_printf(html,
                   "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"robots\" content=\"noindex\">\n<title>",
                   pg->pr.ru ? "ru" : "en");
    ms_sbuf_html(html, title);
    ms_sbuf_printf(html, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
    ms_sbuf_html(html, title);
    ms_sbuf_puts(html, "</h1>\n<p class=\"warn\">");
    if (pg->res->names)
        ms_sbuf_puts(html, TR(pg,
                              "<strong>Содержит персональные данные</strong> (фамилии, имена, "
                              "отчества и коды участников). ",
                              "<strong>Contains personal data</strong> (names and codes of the "
                              "participants). "));
    ms_sbuf_puts(html, TR(pg,
                          "Внутренний рабочий документ: показывает коды анкет банков; не "
                          "публикуется и не входит в отчёт для сайта.",
                          "An internal working document: it shows the banks' codes; it is not "
                          "published and is not part of the report for the web site."));
    ms_sbuf_puts(html, "</p>\n");
}

static ms_status build_page(page *pg, ms_sbuf *html)
{
    summary(pg);
    ms_status st;
    h2(pg, TR(pg, "Пары и группы", "Pairs and groups"));
    if ((st = pairs_table(pg)) != MS_OK)
        return st;
    h2(pg, TR(pg, "Наставляемые без наставника (поиск продолжается)",
              "Mentees without a mentor (the search goes on)"));
    if ((st = unmatched_table(pg)) != MS_OK)
        return st;
    h2(pg, TR(pg, "Наставники со свободными местами", "Mentors with free places"));
    if ((st = free_table(pg)) != MS_OK)
        return st;
    h2(pg, TR(pg, "Запросы и предложения по областям", "Requests and offers per area"));
    if ((st = areas_table(pg)) != MS_OK)
        return st;
    h2(pg, TR(pg, "Приложение", "Annex"));
    if ((st = annex_table(pg)) != MS_OK)
        return st;
    if (pg->res->n_skipped) {
        h2(pg, TR(pg, "Не вошли в подбор (строки с ошибками)",
                  "Left out of the pairing (rows with errors)"));
        if ((st = skipped_table(pg)) != MS_OK)
            return st;
    }
    page_head(pg, html);
    ms_sbuf_append(html, &pg->body);
    ms_sbuf_puts(html, "</body>\n</html>\n");
    return html->failed || pg->body.failed || pg->cell.failed
               ? ms_error_set(pg->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory")
               : MS_OK;
}

static const char *const table_names[] = {"pairs", "unmatched", "mentors_free", "areas",
                                          "annex", "skipped"};

static bool our_table(const char *name)
{
    for (size_t k = 0; k < sizeof table_names / sizeof *table_names; k++) {
        size_t n = strlen(table_names[k]);
        if (strncmp(name, table_names[k], n) == 0 && strcmp(name + n, ".csv") == 0)
            return true;
    }
    return false;
}

/* The first entry of dir (tables: of dir/tables) that match did not write:
 * anything but match.html and tables/ holding our CSV files, a symbolic
 * link included; "" when there is none.  NULL when dir cannot be read. */
static const char *foreign_entry(const char *dir, bool tables, char *name, size_t size)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    name[0] = '\0';
    struct dirent *e;
    while (!name[0] && (e = readdir(d))) {
        char path[4200];
        struct stat sb;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        ms_c_snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        bool ok = lstat(path, &sb) == 0;
        if (tables)
            ok = ok && S_ISREG(sb.st_mode) && our_table(e->d_name);
        else if (strcmp(e->d_name, "tables") == 0)
            ok = ok && S_ISDIR(sb.st_mode) && foreign_entry(path, true, name, size) &&
                 !name[0];
        else
            ok = ok && S_ISREG(sb.st_mode) && strcmp(e->d_name, "match.html") == 0;
        if (!ok && !name[0])
            ms_c_snprintf(name, size, "%s", path);
    }
    closedir(d);
    return name;
}

/* An existing DIR is replaced only when it holds what match writes and
 * nothing else (or nothing): `-o ~/Documents` must never lose a file. */
static ms_status check_replaceable(const char *dir, ms_error *err)
{
    struct stat sb;
    char name[4200];
    if (lstat(dir, &sb) != 0)
        return errno == ENOENT ? MS_OK
                               : ms_error_set(err, MS_ERR_IO, dir, 0, 0, "cannot read: %s",
                                              strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return ms_error_set(err, MS_ERR_IO, dir, 0, 0,
                            "is not a directory (or is a symbolic link): refusing to replace it");
    if (!foreign_entry(dir, false, name, sizeof name))
        return ms_error_set(err, MS_ERR_IO, dir, 0, 0, "cannot read: %s", strerror(errno));
    if (name[0])
        return ms_error_set(err, MS_ERR_IO, dir, 0, 0,
                            "cannot replace: it holds files mentorstat did not write (%s); "
                            "give -o a new or empty directory",
                            name);
    return MS_OK;
}

/* What match writes into dir, removed (dir too); only our names, so a
 * directory that gained someone else's file meanwhile is left with it. */
static void remove_ours(const char *dir)
{
    char path[4200];
    for (size_t k = 0; k < sizeof table_names / sizeof *table_names; k++) {
        ms_c_snprintf(path, sizeof path, "%s/tables/%s.csv", dir, table_names[k]);
        unlink(path);
    }
    ms_c_snprintf(path, sizeof path, "%s/tables", dir);
    rmdir(path);
    ms_c_snprintf(path, sizeof path, "%s/match.html", dir);
    unlink(path);
    rmdir(dir);
}

/* The finished tmp to dir, as the report is swapped: the old output moved
 * aside to DIR.old-XXXXXX, the new one renamed in, the old one removed; a
 * failure (or a stop: the CLI's handler) puts the old one back, so DIR is
 * always the whole old output or the whole new one. */
static ms_status swap_into_place(const char *tmp, const char *dir, ms_error *err)
{
    ms_status st = check_replaceable(dir, err); /* again: it may have changed meanwhile */
    if (st != MS_OK)
        return st;
    if (rename(tmp, dir) == 0) /* no old output, or an empty directory */
        return MS_OK;
    if (errno != ENOTEMPTY && errno != EEXIST)
        return ms_error_set(err, MS_ERR_IO, dir, 0, 0, "cannot move into place: %s",
                            strerror(errno));
    return ms_present_swap(tmp, dir, "output", remove_ours, err);
}

/* -o DIR is made, not its parents (a mistyped path should not grow a tree
 * of folders holding an internal document): a missing parent is named,
 * with what to do. */
static ms_status cannot_create(const char *dir, ms_error *err)
{
    int e = errno;
    char parent[3100];
    ms_c_snprintf(parent, sizeof parent, "%s", dir);
    size_t n = strlen(parent);
    while (n > 1 && parent[n - 1] == '/')
        parent[--n] = '\0';
    char *slash = strrchr(parent, '/');
    if (e != ENOENT || !slash)
        return ms_error_set(err, MS_ERR_IO, dir, 0, 0, "cannot create the directory: %s",
                            strerror(e));
    slash[slash == parent] = '\0';
    return ms_error_set(err, MS_ERR_IO, dir, 0, 0,
                        "cannot create the directory: its parent %s does not exist (create "
                        "it first, e.g. mkdir -p %s, or give -o a path in an existing "
                        "directory)",
                        parent, parent);
}

ms_status ms_match_write_into(const ms_match_result *r, const char *dir, bool ru, ms_error *err)
{
    ms_error local;
    err = err ? err : &local;
    if (strlen(dir) > 4000)
        return ms_error_set(err, MS_ERR_USAGE, dir, 0, 0, "directory name too long");
    char path[4200], at[4096]; /* the writer's dir is not const */
    ms_c_snprintf(at, sizeof at, "%s", dir);
    size_t scratch = 1;
    for (size_t j = 0; j < r->n_mentees; j++)
        scratch += r->mentees[j].n_areas;
    page pg = {.res = r, .pr = {.dir = at, .ru = ru, .err = err}};
    ms_sbuf html = {0};
    ms_status st = MS_OK;
    ms_c_snprintf(path, sizeof path, "%s/tables", dir);
    if (!(pg.scratch = ms_malloc(scratch * sizeof *pg.scratch)))
        st = ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    else if (mkdir(path, 0777) != 0)
        st = ms_error_set(err, MS_ERR_IO, path, 0, 0, "cannot create: %s", strerror(errno));
    if (st == MS_OK)
        st = build_page(&pg, &html);
    if (st == MS_OK)
        st = ms_present_write(&pg.pr, "match.html", &html);
    ms_sbuf_free(&html);
    ms_sbuf_free(&pg.body);
    ms_sbuf_free(&pg.cell);
    ms_free(pg.scratch);
    return st;
}

ms_status ms_match_write_dir(const ms_match_result *r, const char *dir, bool ru, ms_error *err)
{
    ms_error local;
    err = err ? err : &local;
    if (strlen(dir) > 3000)
        return ms_error_set(err, MS_ERR_USAGE, dir, 0, 0, "directory name too long");
    char target[3100], tmp[3200];
    ms_c_snprintf(target, sizeof target, "%s", dir);
    for (size_t n = strlen(target); n > 1 && target[n - 1] == '/'; n--)
        target[n - 1] = '\0'; /* DIR/ and DIR are one place; DIR/.tmp- is not beside it */
    ms_status st = check_replaceable(target, err); /* before anything is written */
    if (st != MS_OK)
        return st;
    ms_c_snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", target);
    if (!mkdtemp(tmp))
        return cannot_create(target, err);
    st = ms_match_write_into(r, tmp, ru, err);
    if (st == MS_OK)
        st = swap_into_place(tmp, target, err);
    if (st != MS_OK)
        remove_ours(tmp);
    return st;
}

/* ---------- JSON ---------- */

static void json_rows(FILE *f, const char *name, const ms_tally *t)
{
    ms_c_fprintf(f,
                 "\"%s\":{\"read\":%llu,\"accepted\":%llu,\"quarantined\":%llu,"
                 "\"excluded\":%llu}",
                 name, t->read, t->accepted, t->quarantined, t->excluded);
}

ms_status ms_match_write_json(const ms_match_result *r, bool ru, FILE *f)
{
    size_t *covered = ms_malloc((r->n_areas + 1) * sizeof *covered), n;
    ms_sbuf why = {0};
    if (!covered)
        return MS_ERR_NOMEM;
    fprintf(f, "{\"matched\":%zu,\"total_score\":%lld,", r->matched, r->total_score);
    if (r->n_kept)
        fprintf(f, "\"kept\":%zu,", r->n_kept);
    if (r->prefer_on)
        fprintf(f, "\"wishes\":%lld,\"wishes_unknown\":%zu,", r->wishes, r->n_wish_unknown);
    if (r->spread_on)
        fprintf(f, "\"spread\":%lld,", r->spread);
    fputs("\"pairs\":[", f);
    for (size_t k = 0; k < r->n_pairs; k++) {
        const ms_match_pair *p = &r->pairs[k];
        const ms_match_person *m = &r->mentors[p->mentor];
        const ms_match_person *e = &r->mentees[p->mentee];
        fputs(k ? ",\n{\"mentor\":" : "\n{\"mentor\":", f);
        ms_json_string(f, m->id);
        fputs(",\"mentee\":", f);
        ms_json_string(f, e->id);
        fprintf(f, ",\"score\":%d,\"areas\":[", p->score);
        split_areas(m, e, true, covered, &n);
        for (size_t a = 0; a < n; a++) {
            if (a)
                fputc(',', f);
            ms_json_string(f, r->areas[covered[a]].label);
        }
        fprintf(f, "],\"kept\":%s,\"load\":%ld,\"capacity\":%ld,", p->kept ? "true" : "false",
                m->assigned, m->capacity);
        if (r->prefer_on)
            fprintf(f, "\"wish\":%d,", e->wish);
        fprintf(f, "\"others_free\":%zu,\"alternatives\":[", p->n_free_alts);
        for (size_t a = 0; a < p->n_alts; a++) {
            const ms_match_alt *alt = &p->alts[a];
            fputs(a ? ",{\"mentor\":" : "{\"mentor\":", f);
            ms_json_string(f, r->mentors[alt->mentor].id);
            fprintf(f, ",\"free\":%ld,\"score\":%d", alt->free, alt->score);
            if (alt->displaced >= 0) {
                fputs(",\"displaces\":", f);
                ms_json_string(f, r->mentees[alt->displaced].id);
                fprintf(f, ",\"displaced_moves\":%s", alt->rehomed ? "true" : "false");
                if (alt->rehomed)
                    fprintf(f, ",\"displaced_score_change\":%d", alt->rehomed_delta);
            }
            fputc('}', f);
        }
        fputs("],\"why\":", f);
        pair_reason(r, p, ru, &why);
        /* a failed reason makes the whole write fail below */
        ms_json_string(f, why.failed ? "" : ms_sbuf_str(&why));
        fputc('}', f);
    }
    fputs("],\n\"unmatched\":[", f);
    for (size_t j = 0, first = 1; j < r->n_mentees; j++)
        if (r->mentees[j].mentor < 0) {
            if (!first)
                fputc(',', f);
            first = 0;
            ms_json_string(f, r->mentees[j].id);
        }
    fputs("],\n\"unmatched_why\":[", f);
    for (size_t j = 0, first = 1; j < r->n_mentees; j++)
        if (r->mentees[j].mentor < 0) {
            fputs(first ? "{\"mentee\":" : ",{\"mentee\":", f);
            first = 0;
            ms_json_string(f, r->mentees[j].id);
            fputs(",\"why\":", f);
            ms_json_string(f, unmatched_reason(&r->mentees[j], ru));
            fputc('}', f);
        }
    fputs("],\n\"mentors_free\":[", f);
    for (size_t i = 0, first = 1; i < r->n_mentors; i++) {
        const ms_match_person *m = &r->mentors[i];
        if (m->capacity <= m->assigned)
            continue;
        fputs(first ? "{\"mentor\":" : ",{\"mentor\":", f);
        first = 0;
        ms_json_string(f, m->id);
        ms_c_fprintf(f, ",\"free\":%ld}", m->capacity - m->assigned);
    }
    fputs("],\n", f);
    json_rows(f, "mentors_rows", &r->mentor_rows);
    fputs(",\n", f);
    json_rows(f, "mentees_rows", &r->mentee_rows);
    if (r->split) {
        fputs(",\n", f);
        json_rows(f, "other_rows", &r->other_rows);
    }
    fputs("}\n", f);
    bool failed = why.failed;
    ms_sbuf_free(&why);
    ms_free(covered);
    return failed ? MS_ERR_NOMEM : ferror(f) ? MS_ERR_IO : MS_OK;
}
