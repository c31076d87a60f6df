/*
 * report_municipal.c — each organisation's figures (model: reduced from its
 * aggregates as report.c loads them) and the section that compares
 * organisations: the quality index of every construct per organisation, a
 * funnel plot (index against number of answers with 95 % and 99.8 % control
 * limits around the territory's index, so a small school is not called the
 * worst by chance), and best practices across organisations (the same
 * empirical-Bayes shrinkage as for forms).  Everything else — the trend of
 * the territory over years, satisfaction, reliability — is the school
 * report's sections on the pooled data (programme.c pools every
 * organisation's files into its questionnaire).
 *
 * Privacy: an organisation is shown as О1, О2, … by rank of the main
 * index (number_orgs) unless the programme names it; its [organisation KEY]
 * is never printed, and nothing is listed in the programme file's order
 * (an office lists its schools in its own official order).  Which
 * organisations are hidden is decided once per questionnaire from their
 * rows (ms_suppress_groups, the rule of the groups: the territory's total is
 * shown, and an organisation knows its own figures) and every table and
 * chart reads that decision; a figure with fewer than min_group answers is
 * hidden too.
 */
#include "report_int.h"
#include "plural.h"
#include "report_territory.h"
#include "util.h"
#include "cnum.h"

#include <gsl/gsl_heapsort.h>
#include <gsl/gsl_sort.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---------- loading ---------- */

static ms_status number_orgs(ms_report *r);

/* Organisation o's rows in each level of pooled's --by variables (agg has
 * the same ones), added to parts[b][o * levels + l], its levels matched to
 * the pooled ones by label. */
static void add_org_parts(double **parts, const ms_aggregate *pooled, const ms_aggregate *agg,
                          size_t o)
{
    for (size_t b = 0; b < ms_aggregate_n_by(pooled); b++) {
        const ms_by *own = ms_aggregate_by(agg, b);
        const ms_levels *mine = ms_aggregate_levels(agg, own->var),
                        *all = ms_aggregate_levels(pooled, own->var);
        for (size_t l = 0; l < own->n_cells && l < mine->n; l++) {
            /* levels given by choices are in the same order in both: the
             * search is for the others (typed answers, years) */
            size_t j = l < all->n && strcmp(mine->labels[l], all->labels[l]) == 0 ? l : 0;
            while (j < all->n && strcmp(mine->labels[l], all->labels[j]) != 0)
                j++;
            if (j < all->n)
                parts[b][o * all->n + j] += own->cells[l].rows;
        }
    }
}

/* One organisation's files of one questionnaire, read with the same --by
 * variables as the pooled aggregates (cur and all have the same). */
static ms_status read_org(ms_report *r, const ms_org_files *f, ms_aggregate **agg)
{
    const ms_rq *rq = &r->q[f->q];
    size_t n_by = ms_aggregate_n_by(rq->cur), *by = ms_calloc(n_by + 1, sizeof *by);
    ms_loader *ld = NULL;
    if (!by)
        return NOMEM(r);
    for (size_t b = 0; b < n_by; b++)
        by[b] = ms_aggregate_by(rq->cur, b)->var;
    ms_status st = ms_aggregate_create(rq->cb, by, n_by, agg, r->pr.err);
    if (st == MS_OK)
        st = ms_aggregate_files(*agg, (const char *const *)f->files, f->n_files,
                                &(ms_read_options){.sheet = rq->q->sheet}, &ld, r->pr.err);
    ms_loader_destroy(ld);
    ms_free(by);
    return st;
}

/* One organisation's files of one questionnaire: this year's reduced to its
 * constructs' figures and its rows, and every year's rows per group added
 * to the questionnaire's org_parts (this year's) and org_parts_all. */
static ms_status load_org(ms_report *r, const ms_org_files *f, size_t o, ms_rgroup **out,
                          double *rows)
{
    ms_rq *rq = &r->q[f->q];
    size_t n_c = rq->cb->n_constructs, first = ms_aggregate_n_measures(rq->cur) - n_c;
    ms_aggregate *agg = NULL;
    if (!f->earlier && !*out && !(*out = ms_calloc(n_c + 1, sizeof **out)))
        return NOMEM(r);
    ms_status st = read_org(r, f, &agg);
    if (st == MS_OK && !f->earlier) {
        for (size_t k = 0; k < n_c; k++)
            ms_report_cell_group(r, agg, ms_aggregate_all(agg), first + k, &(*out)[k]);
        *rows += (double)ms_aggregate_rows(agg)->accepted;
        add_org_parts(rq->org_parts, rq->cur, agg, o);
    }
    if (st == MS_OK && rq->all != rq->cur)
        add_org_parts(rq->org_parts_all, rq->all, agg, o);
    ms_aggregate_destroy(agg);
    return st;
}

static double **alloc_parts(const ms_aggregate *pooled, size_t n_orgs)
{
    size_t n_by = ms_aggregate_n_by(pooled);
    double **parts = ms_calloc(n_by + 1, sizeof *parts);
    for (size_t b = 0; parts && b < n_by; b++)
        if (!(parts[b] = ms_calloc(n_orgs * ms_report_n_levels(pooled, b) + 1, sizeof **parts))) {
            ms_report_free_parts(parts, n_by);
            return NULL;
        }
    return parts;
}

ms_status ms_report_load_orgs(ms_report *r)
{
    const ms_programme *p = r->prog;
    if (p->n_orgs == 0)
        return MS_OK;
    if (!(r->orgs = ms_calloc(1, sizeof *r->orgs)) ||
        !(r->orgs->fig = ms_calloc(p->n_orgs * p->n_q, sizeof *r->orgs->fig)) ||
        !(r->orgs->rows = ms_calloc(p->n_orgs * p->n_q, sizeof *r->orgs->rows)) ||
        !(r->orgs->hiding = ms_calloc(p->n_orgs * p->n_q, sizeof *r->orgs->hiding)))
        return NOMEM(r);
    for (size_t q = 0; q < r->n_q; q++) {
        ms_rq *rq = &r->q[q];
        if (!(rq->org_parts = alloc_parts(rq->cur, p->n_orgs)) ||
            (rq->all != rq->cur && !(rq->org_parts_all = alloc_parts(rq->all, p->n_orgs))))
            return NOMEM(r);
    }
    for (size_t o = 0; o < p->n_orgs; o++)
        for (size_t j = 0; j < p->orgs[o].n_files; j++) {
            const ms_org_files *f = &p->orgs[o].files[j];
            if (f->earlier && r->q[f->q].all == r->q[f->q].cur)
                continue;
            ms_status st = load_org(r, f, o, &r->orgs->fig[o * p->n_q + f->q],
                                    &r->orgs->rows[o * p->n_q + f->q]);
            if (st != MS_OK)
                return st;
        }
    /* the groups of each questionnaire decided again, against the
     * organisations too: then every table reads that decision */
    for (size_t q = 0; q < r->n_q; q++) {
        ms_status st = ms_report_decide_again(r, &r->q[q]);
        if (st != MS_OK)
            return st;
    }
    return number_orgs(r);
}

void ms_report_unload_orgs(ms_report *r)
{
    for (size_t i = 0; r->orgs && r->orgs->fig && i < r->prog->n_orgs * r->prog->n_q; i++)
        ms_free(r->orgs->fig[i]);
    if (r->orgs) {
        ms_free(r->orgs->fig);
        ms_free(r->orgs->rows);
        ms_free(r->orgs->hiding);
        ms_sbuf_free(&r->orgs->appendix);
        ms_free(r->orgs->cand);
        ms_free(r->orgs->keyed);
        ms_free(r->orgs->label);
        ms_free(r->orgs->by_label);
    }
    ms_free(r->orgs);
    r->orgs = NULL;
}

/* ---------- figures per organisation ---------- */

void ms_report_orgs_new_page(ms_report *r)
{
    if (r->orgs) {
        ms_sbuf_free(&r->orgs->appendix);
        ms_free(r->orgs->cand);
        r->orgs->cand = NULL;
        r->orgs->n_cand = 0;
    }
}

const char *ms_report_org_name(const ms_report *r, size_t o)
{
    const ms_organisation *org = &r->prog->orgs[o];
    return r->names_orgs || !r->prog->names_internal ? org->name : NULL;
}

void ms_report_org_label(const ms_report *r, size_t o, char *buf, size_t size)
{
    const ms_organisation *org = &r->prog->orgs[o];
    const char *name = ms_report_org_name(r, o);
    if (name)
        ms_c_snprintf(buf, size, "%s", name);
    else if (r->names_orgs) /* the office knows its own schools by their keys */
        ms_c_snprintf(buf, size, "%s", org->key);
    else
        ms_c_snprintf(buf, size, "%s%zu", MS_TR(r, "О", "O"), r->orgs->label[o]);
}

typedef struct {
    size_t n;               /* organisations */
    size_t *org;            /* each one's index into the programme's orgs */
    const char **labels;    /* the programme's name, or num[i] */
    char (*num)[128];       /* О1, О2, … (the key in the office's copy) */
    ms_rgroup *g;           /* per organisation, for one measure */
    ms_rgroup territory;    /* the same measure over every organisation */
    size_t *order;          /* shown ones by index, highest first; then the rest */
    size_t n_shown;         /* with a finite index */
} org_table;

static void org_table_free(org_table *t)
{
    ms_free(t->org);
    ms_free(t->labels);
    ms_free(t->num);
    ms_free(t->g);
    ms_free(t->order);
}

static bool org_shown(const ms_rgroup *g)
{
    return g->shown && isfinite(g->index.estimate);
}

typedef struct {
    double index;
    size_t label, i;
} ranked_org;

/* Highest index first, ties by label: a total order, so the ranking does
 * not depend on the sorting algorithm, and for the main index it is the
 * labels' order (О3 is third). */
static int by_index(const void *x, const void *y)
{
    const ranked_org *a = x, *b = y;
    if (a->index != b->index)
        return a->index < b->index ? 1 : -1;
    return (a->label > b->label) - (a->label < b->label);
}

/* t->order: the shown organisations by index, then the hidden ones. */
static ms_status sort_by_index(const ms_report *r, org_table *t)
{
    ranked_org *k = ms_calloc(t->n + 1, sizeof *k);
    size_t n = 0;
    if (!k)
        return NOMEM(r);
    for (size_t i = 0; i < t->n; i++)
        if (org_shown(&t->g[i]))
            k[n++] = (ranked_org){t->g[i].index.estimate, r->orgs->label[t->org[i]], i};
    gsl_heapsort(k, n, sizeof *k, by_index);
    for (size_t j = 0; j < n; j++)
        t->order[j] = k[j].i;
    t->n_shown = n;
    for (size_t i = 0; i < t->n; i++)
        if (!org_shown(&t->g[i]))
            t->order[n++] = i;
    ms_free(k);
    return MS_OK;
}

/* Figures of measure m of questionnaire qi for every organisation that has
 * data for it, in keyed order, hidden as the questionnaire's decision
 * (decide_orgs) says. */
static ms_status gather_figures(const ms_report *r, size_t qi, size_t m, org_table *t)
{
    const ms_programme *p = r->prog;
    t->n = 0;
    t->org = ms_calloc(p->n_orgs + 1, sizeof *t->org);
    t->labels = ms_calloc(p->n_orgs + 1, sizeof *t->labels);
    t->num = ms_calloc(p->n_orgs + 1, sizeof *t->num);
    t->g = ms_calloc(p->n_orgs + 1, sizeof *t->g);
    t->order = ms_calloc(p->n_orgs + 1, sizeof *t->order);
    if (!t->org || !t->labels || !t->num || !t->g || !t->order)
        return NOMEM(r);
    size_t first = ms_aggregate_n_measures(r->q[qi].cur) - r->q[qi].cb->n_constructs;
    for (size_t j = 0; j < p->n_orgs; j++) {
        size_t o = r->orgs->keyed[j];
        const ms_rgroup *fig = r->orgs->fig[o * p->n_q + qi];
        if (!fig)
            continue;
        t->org[t->n] = o;
        t->g[t->n] = fig[m - first]; /* m is a construct */
        ms_group_hiding h = r->orgs->hiding[o * p->n_q + qi];
        if (h != MS_GROUP_SHOWN)
            t->g[t->n].shown = false, t->g[t->n].hiding = h;
        t->n++;
    }
    ms_report_cell_group(r, r->q[qi].cur, ms_aggregate_all(r->q[qi].cur), m, &t->territory);
    return MS_OK;
}

/* gather_figures, labelled and ranked by index. */
static ms_status org_figures(const ms_report *r, size_t qi, size_t m, org_table *t)
{
    ms_status st = gather_figures(r, qi, m, t);
    if (st != MS_OK)
        return st;
    for (size_t i = 0; i < t->n; i++) {
        ms_report_org_label(r, t->org[i], t->num[i], sizeof t->num[i]);
        const char *name = ms_report_org_name(r, t->org[i]);
        t->labels[i] = name ? name : t->num[i];
        t->g[i].level = t->labels[i];
    }
    return sort_by_index(r, t);
}

/* The questionnaire the comparison is about: the first satisfaction
 * questionnaire with a construct, else any with a construct. */
static long main_questionnaire(const ms_report *r)
{
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < r->n_q; i++)
            if (r->q[i].main_m >= 0 && (pass || ms_rq_is_satisfaction(&r->q[i])))
                return (long)i;
    return -1;
}

/* ---------- numbering ---------- */

/* FNV-1a (64 bits) of an organisation's key: a fixed order that has nothing
 * to do with the programme file's order or the keys' alphabetical one. */
static uint64_t key_hash(const char *key)
{
    return ms_fnv1a(MS_FNV_SEED, key, strlen(key));
}

typedef struct {
    bool shown;             /* with a figure for the main index */
    double index, n;        /* that index and its number of answers */
    uint64_t hash;
    const char *key;
    size_t o;
} numbered_org;

/* The keyed order: the hash of the key, which the programme's order (an
 * office's official list, by number or name) does not predict; the key
 * itself only if two hashes collide. */
static int by_hash(const void *x, const void *y)
{
    const numbered_org *a = x, *b = y;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return strcmp(a->key, b->key);
}

/* The labels' order.  The main index, highest first: a label says what the
 * section's ranking says and no more.  Ties: more answers first (the firmer
 * figure; a count the page shows anyway), then the keyed order.  Without a
 * figure (no answers, or hidden below min_group) last, by answers and the
 * keyed order, so their labels say nothing of their index.  Answers come
 * before the hash because the hash is public code: whoever can guess every
 * key could recompute it, so it decides only exact ties. */
static int by_number(const void *x, const void *y)
{
    const numbered_org *a = x, *b = y;
    if (a->shown != b->shown)
        return a->shown ? -1 : 1;
    if (a->shown && a->index != b->index)
        return a->index < b->index ? 1 : -1;
    if (a->n != b->n)
        return a->n < b->n ? 1 : -1;
    return by_hash(a, b);
}

double ms_report_orgs_insider(const ms_report *r, size_t q, size_t *with_rows)
{
    const ms_programme *p = r->prog;
    double hidden = 0, largest = 0;
    *with_rows = 0;
    for (size_t o = 0; o < p->n_orgs; o++) {
        double n = r->orgs->rows[o * p->n_q + q];
        *with_rows += n > 0;
        if (n > 0 && r->orgs->hiding[o * p->n_q + q] != MS_GROUP_SHOWN) {
            hidden += n;
            largest = n > largest ? n : largest;
        }
    }
    return hidden - largest;
}

/* The one decision per questionnaire: organisations' rows in keyed order
 * (so that of equally small ones the choice does not follow the programme
 * file either), by the rule of the groups (ms_suppress_groups). */
static ms_status decide_orgs(ms_report *r)
{
    const ms_programme *p = r->prog;
    struct ms_rorgs *ro = r->orgs;
    double *n = ms_calloc(p->n_orgs + 1, sizeof *n);
    ms_group_hiding *h = ms_calloc(p->n_orgs + 1, sizeof *h);
    if (!n || !h) {
        ms_free(n), ms_free(h);
        return NOMEM(r);
    }
    ro->refused_q = -1;
    for (size_t q = 0; q < p->n_q; q++) {
        for (size_t j = 0; j < p->n_orgs; j++)
            n[j] = ro->rows[ro->keyed[j] * p->n_q + q];
        ms_suppress_groups(n, p->n_orgs, p->min_group, h);
        for (size_t j = 0; j < p->n_orgs; j++)
            ro->hiding[ro->keyed[j] * p->n_q + q] = h[j];
        size_t with_rows;
        double rest = ms_report_orgs_insider(r, q, &with_rows);
        if (ro->refused_q < 0 && rest > 0 && rest < p->min_group)
            ro->refused_q = (long)q;
    }
    ms_free(n), ms_free(h);
    return MS_OK;
}

/* r->orgs->keyed, label and by_label, once per report, from the figures
 * every table then shows (so raw files and summaries number alike). */
static ms_status number_orgs(ms_report *r)
{
    const ms_programme *p = r->prog;
    struct ms_rorgs *ro = r->orgs;
    numbered_org *k = ms_calloc(p->n_orgs + 1, sizeof *k);
    ro->keyed = ms_calloc(p->n_orgs + 1, sizeof *ro->keyed);
    ro->label = ms_calloc(p->n_orgs + 1, sizeof *ro->label);
    ro->by_label = ms_calloc(p->n_orgs + 1, sizeof *ro->by_label);
    org_table t = {0};
    ms_status st = MS_OK;
    long qi = main_questionnaire(r);
    if (!k || !ro->keyed || !ro->label || !ro->by_label) {
        st = NOMEM(r);
        goto cleanup;
    }
    for (size_t o = 0; o < p->n_orgs; o++)
        k[o] = (numbered_org){false, NAN, 0, key_hash(p->orgs[o].key), p->orgs[o].key, o};
    gsl_heapsort(k, p->n_orgs, sizeof *k, by_hash);
    for (size_t j = 0; j < p->n_orgs; j++)
        ro->keyed[j] = k[j].o;
    if ((st = decide_orgs(r)) != MS_OK)
        goto cleanup;
    if (qi >= 0)
        st = gather_figures(r, (size_t)qi, (size_t)r->q[qi].main_m, &t);
    for (size_t i = 0, x = 0; st == MS_OK && i < t.n; i++, x++) {
        while (k[x].o != t.org[i]) /* k is in keyed order, as t */
            x++;
        k[x].shown = org_shown(&t.g[i]);
        k[x].index = t.g[i].index.estimate;
        k[x].n = t.g[i].n;
    }
    gsl_heapsort(k, p->n_orgs, sizeof *k, by_number);
    for (size_t j = 0; j < p->n_orgs; j++) {
        ro->by_label[j] = k[j].o;
        ro->label[k[j].o] = j + 1;
    }
cleanup:
    org_table_free(&t);
    ms_free(k);
    return st;
}

static bool many(const org_table *t)
{
    return t->n > MS_FEW_ORGS;
}

/* ---------- lists that may be long ---------- */

/* A table of organisations: heads and rows of the whole list, or (part) of
 * the few the section shows. */
typedef void org_rows(ms_report *r, const void *ctx, bool part, ms_rtable *t);

typedef struct {
    const char *name[2];    /* after the questionnaire's name: the whole list, its part */
    const char *caption[2];
    const char *whole;      /* the note's subject: «Полный список» */
    org_rows *rows;
    const void *ctx;
} org_list;

static ms_status org_list_table(ms_report *r, const ms_rq *rq, const org_list *l, bool part,
                                ms_sbuf *b)
{
    ms_rtable t;
    char name[160];
    ms_rq_table_name(name, sizeof name, rq, l->name[part]);
    ms_rtable_begin(&t, &r->pr, name);
    l->rows(r, l->ctx, part, &t);
    return ms_rtable_finish(&t, &r->pr, l->caption[part], b);
}

/* At most `few` in the list: all of it in the section.  More: its part
 * there, all of it in the appendix (and its CSV), and a note saying so. */
static ms_status org_list_tables(ms_report *r, const ms_rq *rq, const org_list *l, size_t count,
                                 size_t few, ms_sbuf *b)
{
    if (count <= few)
        return org_list_table(r, rq, l, false, b);
    ms_status st = org_list_table(r, rq, l, true, b);
    if (st == MS_OK)
        st = org_list_table(r, rq, l, false, &r->orgs->appendix);
    char name[160];
    ms_rq_table_name(name, sizeof name, rq, l->name[0]);
    ms_sbuf_printf(b,
                   MS_TR(r, "<p class=\"note\">%s (%zu) — в приложении и в "
                            "<a href=\"tables/%s.csv\">таблице для Excel</a>.</p>\n",
                         "<p class=\"note\">%s (%zu) is in the appendix and in "
                         "<a href=\"tables/%s.csv\">a table for Excel</a>.</p>\n"),
                   l->whole, count, name);
    return st;
}

/* ---------- the comparison table and chart ---------- */

/* Every organisation by the main index (order of `main`), each construct's
 * n, index and CI; with many organisations the table goes to the appendix
 * (and its CSV), the section says so. */

/* A column of index values is headed as one: «Индекс 0–100: шкала «X»»
 * (ms_rq_label says «(среднее)», the mean's header). */
static void index_label(const ms_report *r, const ms_rq *rq, size_t m, char *buf, size_t size)
{
    char inner[200];
    ms_text_clip(inner, sizeof inner, ms_measure_label(rq->cur, m));
    ms_c_snprintf(buf, size,
                  ms_rq_is_construct(rq, m) ? MS_TR(r, "Индекс 0–100: шкала «%s»", "Index 0–100: scale \"%s\"")
                                            : MS_TR(r, "Индекс 0–100: «%s»", "Index 0–100: \"%s\""),
                  inner);
}

static ms_status index_table(ms_report *r, size_t qi, const org_table *main, ms_sbuf *b)
{
    const ms_rq *rq = &r->q[qi];
    size_t first = ms_aggregate_n_measures(rq->cur) - rq->cb->n_constructs,
           n_c = rq->cb->n_constructs;
    org_table *ts = ms_calloc(n_c + 1, sizeof *ts);
    ms_status st = MS_OK;
    if (!ts)
        return NOMEM(r);
    for (size_t k = 0; st == MS_OK && k < n_c; k++)
        st = org_figures(r, qi, first + k, &ts[k]);
    ms_rtable t;
    char name[160], caption[512], label[256], period[64];
    bool hidden = false, complement = false;
    if (st != MS_OK)
        goto cleanup;
    ms_rq_table_name(name, sizeof name, rq, "organisations");
    ms_rtable_begin(&t, &r->pr, name);
    ms_rtable_head(&t, MS_TR(r, "Место", "Rank"));
    ms_rtable_head(&t, MS_TR(r, "Организация", "Organisation"));
    for (size_t k = 0; k < n_c; k++) {
        index_label(r, rq, first + k, label, sizeof label);
        ms_rtable_head(&t, "n");
        ms_rtable_head(&t, label);
        ms_rtable_head_range(&t, MS_TR(r, "95 % ДИ", "95 % CI"));
    }
    ms_rtable_end_row(&t);
    for (size_t j = 0; j < ts[0].n; j++) {
        size_t i = main->order[j];
        if (j < main->n_shown)
            ms_rtable_num(&t, (double)(j + 1), 0);
        else
            ms_rtable_text(&t, "");
        ms_rtable_text(&t, ts[0].labels[i]);
        for (size_t k = 0; k < n_c; k++) {
            const ms_rgroup *g = &ts[k].g[i];
            if (!g->shown) {
                hidden = hidden || g->hiding != MS_GROUP_COMPLEMENT;
                complement = complement || g->hiding == MS_GROUP_COMPLEMENT;
                ms_rtable_hidden_why(&t, g->hiding);
                ms_rtable_hidden_why(&t, g->hiding);
                ms_rtable_hidden_range_why(&t, g->hiding);
                continue;
            }
            ms_rtable_num(&t, g->n, 0);
            ms_rtable_num(&t, g->index.estimate, 0);
            ms_rtable_range(&t, g->index.ci_low, g->index.ci_high, 0);
        }
        ms_rtable_end_row(&t);
    }
    ms_c_snprintf(caption, sizeof caption,
                  MS_TR(r, "%s: индекс качества (0–100) по организациям, %s, по убыванию",
                        "%s: quality index (0–100) by organisation, %s, highest first"),
                  rq->q->title, ms_report_period(r, false, period, sizeof period));
    ms_sbuf *to = many(main) ? &r->orgs->appendix : b;
    st = ms_rtable_finish(&t, &r->pr, caption, to);
    ms_html_hidden_notes(r, to, hidden, complement);
    if (many(main)) {
        ms_sbuf s = {0};
        ms_sbuf_printf(&s,
                       MS_TR(r, "Таблица всех %zu %s по индексу — в приложении и в "
                                "<a href=\"tables/%s.csv\">таблице для Excel</a>.",
                             "The table of all %zu %s by index is in the appendix and in "
                             "<a href=\"tables/%s.csv\">a table for Excel</a>."),
                       main->n,
                       ms_plural(r->pr.ru, (double)main->n, "организации", "организаций",
                                 "организаций", "organisation", "organisations"),
                       name);
        /* markup of our own (the link) around words and a table's slug */
        ms_sbuf_puts(b, "<p class=\"note\">");
        ms_sbuf_append(b, &s);
        ms_sbuf_puts(b, "</p>\n");
        if (s.failed)
            ms_sbuf_fail(b);
        ms_sbuf_free(&s);
    }
cleanup:
    for (size_t k = 0; k < n_c; k++)
        org_table_free(&ts[k]);
    ms_free(ts);
    return st;
}

/* Organisations order[from..to) as a dot chart with their CIs. */
static ms_status dots_of(ms_report *r, const ms_rq *rq, const org_table *t, const size_t *rows_of,
                         size_t n_rows, const char *name, const char *title, ms_sbuf *b)
{
    ms_cpoint *p = ms_calloc(n_rows + 1, sizeof *p);
    const char **rows = ms_calloc(n_rows + 1, sizeof *rows);
    ms_status st = MS_OK;
    if (!p || !rows) {
        st = NOMEM(r);
        goto cleanup;
    }
    for (size_t j = 0; j < n_rows; j++) {
        const ms_rgroup *g = &t->g[rows_of[j]];
        rows[j] = t->labels[rows_of[j]];
        p[j] = (ms_cpoint){j, 0, g->index.estimate, 0, g->index.ci_low, g->index.ci_high};
    }
    ms_chart c = {name, title, MS_TR(r, "индекс 0–100", "index 0–100"), 0, 100,
                  {rq->q->title}, 1, rows, n_rows};
    char axis[128];
    ms_chart_index_range(r, &c, p, n_rows, false, axis, sizeof axis);
    if (n_rows)
        st = ms_chart_dots(r, &c, p, n_rows, 0, b);
cleanup:
    ms_free(p);
    ms_free(rows);
    return st;
}

/* A few organisations: every one as a dot.  Many: the distribution as a
 * histogram, then the five highest and five lowest as dots. */
static ms_status index_chart(ms_report *r, size_t qi, const org_table *t, ms_sbuf *b)
{
    const ms_rq *rq = &r->q[qi];
    char name[160], title[512], label[256];
    ms_rq_table_name(name, sizeof name, rq, "organisations");
    ms_rq_label(r, rq, (size_t)rq->main_m, label, sizeof label);
    if (!many(t)) {
        ms_c_snprintf(title, sizeof title,
                      MS_TR(r, "%s: индекс качества (0–100) по организациям, 95 %% ДИ",
                            "%s: quality index (0–100) by organisation, 95 %% CI"),
                      rq->q->title);
        return dots_of(r, rq, t, t->order, t->n_shown, name, title, b);
    }
    double *x = ms_calloc(t->n_shown + 1, sizeof *x);
    const char **labels = ms_calloc(t->n_shown + 1, sizeof *labels);
    size_t ext[10], n_ext = 0;
    ms_status st = MS_OK;
    if (!x || !labels) {
        st = NOMEM(r);
        goto cleanup;
    }
    for (size_t j = 0; j < t->n_shown; j++) {
        x[j] = t->g[t->order[j]].index.estimate;
        labels[j] = t->labels[t->order[j]];
    }
    char hname[176], num[32];
    ms_c_snprintf(hname, sizeof hname, "%s-histogram", name);
    ms_c_snprintf(title, sizeof title,
                  MS_TR(r,
                        "Распределение организаций по индексу качества (0–100), %s; пунктир — "
                        "по территории (%s)",
                        "Organisations by quality index (0–100), %s; dashed: the territory (%s)"),
                  label, ms_rfmt(r, num, sizeof num, t->territory.index.estimate, 0));
    st = ms_chart_org_histogram(r, hname, title, x, labels, t->n_shown,
                                t->territory.index.estimate, b);
    for (size_t j = 0; j < t->n_shown && n_ext < 10; j++)
        if (j < 5 || j >= t->n_shown - 5)
            ext[n_ext++] = t->order[j];
    ms_c_snprintf(title, sizeof title,
                  MS_TR(r,
                        "Пять организаций с самым высоким и пять с самым низким индексом, %s, "
                        "95 %% ДИ",
                        "The five highest and five lowest organisations, %s, 95 %% CI"),
                  label);
    if (st == MS_OK)
        st = dots_of(r, rq, t, ext, n_ext, name, title, b);
cleanup:
    ms_free(x);
    ms_free(labels);
    return st;
}

/* ---------- funnel plot ---------- */

typedef struct {
    double centre, sd;      /* the territory's index and its sd (index units) */
    double z95, z998;
} funnel;

static bool funnel_of(const ms_rq *rq, const org_table *t, funnel *f)
{
    const ms_rgroup all = t->territory;
    double min, max;
    if (!(all.n > 1) || !ms_measure_range(rq->cur, (size_t)rq->main_m, &min, &max) ||
        !isfinite(all.index.estimate))
        return false;
    f->centre = all.index.estimate;
    f->sd = sqrt(all.mo.var) * 100.0 / (max - min);
    ms_interval l95, l998;
    ms_funnel_limits(f->centre, f->sd, 1, 0.95, &l95);
    ms_funnel_limits(f->centre, f->sd, 1, 0.998, &l998);
    f->z95 = l95.estimate;
    f->z998 = l998.estimate;
    return f->sd > 0;
}

/* +1 above the limit of this coverage, -1 below it, 0 within. */
static int funnel_side(const funnel *f, const ms_rgroup *g, double coverage)
{
    ms_interval l;
    ms_funnel_limits(f->centre, f->sd, g->n, coverage, &l);
    double x = g->index.estimate;
    return x > l.ci_high ? 1 : x < l.ci_low ? -1 : 0;
}

static int side_of(const funnel *f, const ms_rgroup *g)
{
    return funnel_side(f, g, 0.998);
}

/* Labels beyond the limits: all when they are few, else the most extreme
 * FUNNEL_LABELS / 2 on each side (the table lists them all). */
#define FUNNEL_LABELS 12

static double funnel_z(const funnel *f, const ms_rgroup *g)
{
    return (g->index.estimate - f->centre) / (f->sd / sqrt(g->n));
}

/* The |z| an organisation beyond the limits needs for a label, above (cut[1])
 * and below (cut[0]). */
static ms_status funnel_cuts(ms_report *r, const org_table *t, const funnel *f, double cut[2])
{
    double *z[2] = {ms_calloc(t->n + 1, sizeof *z[0]), ms_calloc(t->n + 1, sizeof *z[1])};
    size_t n[2] = {0, 0};
    ms_status st = MS_OK;
    cut[0] = cut[1] = 0;
    if (!z[0] || !z[1]) {
        st = NOMEM(r);
        goto cleanup;
    }
    for (size_t i = 0; i < t->n; i++) {
        int side = org_shown(&t->g[i]) ? side_of(f, &t->g[i]) : 0;
        if (side)
            z[side > 0][n[side > 0]++] = fabs(funnel_z(f, &t->g[i]));
    }
    if (n[0] + n[1] <= FUNNEL_LABELS)
        goto cleanup;
    for (int s = 0; s < 2; s++) {
        double top[FUNNEL_LABELS / 2];
        size_t k = n[s] < FUNNEL_LABELS / 2 ? n[s] : FUNNEL_LABELS / 2;
        gsl_sort_largest(top, k, z[s], 1, n[s]);
        cut[s] = k ? top[k - 1] : 0;
    }
cleanup:
    ms_free(z[0]);
    ms_free(z[1]);
    return st;
}

static ms_status funnel_chart(ms_report *r, const ms_rq *rq, const org_table *t, const funnel *f,
                              ms_sbuf *b)
{
    double cut[2];
    ms_status st = funnel_cuts(r, t, f, cut);
    if (st != MS_OK)
        return st;
    char name[160], title[512], num[64];
    ms_rq_table_name(name, sizeof name, rq, "funnel");
    ms_c_snprintf(title, sizeof title,
                  MS_TR(r,
                        "%s: индекс качества организаций и число их ответов (воронкообразная "
                        "диаграмма); линии — границы 95 %% и 99,8 %% вокруг индекса по "
                        "территории (%s); подписаны организации за границей 99,8 %% (если их "
                        "много — самые далёкие)",
                        "%s: the organisations' quality index against their number of answers "
                        "(funnel plot); lines: 95 %% and 99.8 %% limits around the territory's "
                        "index (%s); labelled: organisations beyond the 99.8 %% limit (when "
                        "many, the farthest)"),
                  rq->q->title, ms_rfmt(r, num, sizeof num, f->centre, 0));
    double nmax = 0, lo = f->centre, hi = f->centre;
    for (size_t i = 0; i < t->n; i++)
        if (org_shown(&t->g[i])) {
            nmax = fmax(nmax, t->g[i].n);
            lo = fmin(lo, t->g[i].index.estimate);
            hi = fmax(hi, t->g[i].index.estimate);
        }
    double nmin = fmax(2, r->prog->min_group), wide = f->z998 * f->sd / sqrt(nmin);
    nmax = fmax(nmax * 1.3, nmin + 10); /* room for a label right of the last dot */
    lo = fmax(0, fmin(lo, f->centre - wide) - 3);
    hi = fmin(100, fmax(hi, f->centre + wide) + 3);
    ms_sbuf gp = {0}, dat = {0};
    int h = 460;
    ms_chart_preamble(r, &gp, name, title, h);
    ms_sbuf_printf(&gp, "set xrange [%g:%g]\nset yrange [%g:%g]\nset samples 300\n", nmin * 0.8,
                   nmax, lo, hi);
    ms_sbuf_puts(&gp, "set xlabel ");
    ms_sbuf_gp(&gp, MS_TR(r, "число ответов", "number of answers"));
    ms_sbuf_puts(&gp, "\nset ylabel ");
    ms_sbuf_gp(&gp, MS_TR(r, "индекс 0–100", "index 0–100"));
    ms_sbuf_printf(&gp,
                   "\nset grid ytics lc rgb '#dddddd' lt 1\n"
                   "set key outside top center horizontal samplen 4\n"
                   "c = %.1f; s = %.1f; z95 = %.10g; z998 = %.10g\n",
                   f->centre, f->sd, f->z95, f->z998); /* as printed: no extra digits */
    ms_sbuf_puts(&dat, "# n index ; organisations large enough to show (labels in the .gp "
                       "for those beyond the 99.8 % limits)\n");
    size_t n_side[2] = {0, 0};
    ms_sbuf side_text[2] = {{0}, {0}}; /* the labelled ones below and above, for the slide */
    for (size_t i = 0; i < t->n; i++) {
        if (!org_shown(&t->g[i]))
            continue;
        ms_sbuf_printf(&dat, "%g ", t->g[i].n);
        ms_chart_value(&dat, t->g[i].index.estimate, 1);
        ms_sbuf_puts(&dat, "\n");
        int side = side_of(f, &t->g[i]);
        if (!side || fabs(funnel_z(f, &t->g[i])) < cut[side > 0])
            continue; /* within the limits (or many beyond): a dot without a label */
        ms_sbuf_printf(&gp, "set label ");
        ms_sbuf_gp(&gp, t->labels[i]);
        /* to the right of its dot, away from the limits: they narrow
         * toward more answers, so a label going right stays outside them
         * (going left it ran through the 99,8 % line); nudged away from
         * the centre line, a second one at one side a line further */
        static const char *const above[] = {"left offset 0.8,0.4", "left offset 0.8,1.4"};
        static const char *const below[] = {"left offset 0.8,-0.4", "left offset 0.8,-1.4"};
        ms_sbuf_printf(&gp, " at %g,%.1f %s front font ',11'\n", t->g[i].n,
                       t->g[i].index.estimate,
                       side > 0 ? above[n_side[1]++ % 2] : below[n_side[0]++ % 2]);
        ms_sbuf *st_ = &side_text[side > 0];
        ms_sbuf_puts(st_, st_->len ? ", " : "");
        ms_sbuf_html(st_, t->labels[i]);
    }
    ms_sbuf_printf(&gp, "plot c + z998*s/sqrt(x) with lines dt 2 lw 1.5 lc rgb '#%06x' title ",
                   MS_COLOUR_C);
    ms_sbuf_gp(&gp, MS_TR(r, "99,8 %", "99.8 %"));
    ms_sbuf_printf(&gp,
                   ", \\\n     c - z998*s/sqrt(x) with lines dt 2 lw 1.5 lc rgb '#%06x' notitle"
                   ", \\\n     c + z95*s/sqrt(x) with lines lw 1.5 lc rgb '#%06x' title ",
                   MS_COLOUR_C, MS_COLOUR_C);
    ms_sbuf_gp(&gp, "95 %");
    ms_sbuf_printf(&gp,
                   ", \\\n     c - z95*s/sqrt(x) with lines lw 1.5 lc rgb '#%06x' notitle"
                   ", \\\n     c with lines lw 1 lc rgb '#%06x' title ",
                   MS_COLOUR_C, MS_COLOUR_B);
    ms_sbuf_gp(&gp, MS_TR(r, "по территории", "territory"));
    ms_sbuf_printf(&gp, ", \\\n     '%s.dat' using 1:2 with points pt 7 ps 1.4 lc rgb '#%06x' title ",
                   name, MS_COLOUR_A);
    ms_sbuf_gp(&gp, MS_TR(r, "организации", "organisations"));
    ms_chart_postamble(r, &gp, name, h);
    st = ms_chart_render(r, name, &gp, &dat, title, b);
    if (st == MS_OK && (side_text[0].len || side_text[1].len)) {
        /* what the funnel shows, heading its slide: who is beyond the limits */
        ms_sbuf head = {0};
        ms_sbuf_html(&head, rq->q->title);
        if (side_text[1].len)
            ms_sbuf_printf(&head, MS_TR(r, ": выше территории — %s", ": above the territory: %s"),
                           ms_sbuf_str(&side_text[1]));
        if (side_text[0].len)
            ms_sbuf_printf(&head, MS_TR(r, "%sниже территории — %s", "%sbelow the territory: %s"),
                           side_text[1].len ? "; " : ": ", ms_sbuf_str(&side_text[0]));
        ms_sbuf_puts(&head, MS_TR(r, " (за пределами случайных колебаний, граница 99,8 %).",
                                  " (beyond chance variation, the 99.8 % limit)."));
        ms_deliver_chart_headline(r, ms_sbuf_str(&head));
        ms_sbuf_free(&head);
    }
    ms_sbuf_free(&side_text[0]);
    ms_sbuf_free(&side_text[1]);
    ms_sbuf_free(&gp);
    ms_sbuf_free(&dat);
    return st;
}

/* The organisations beyond the 99.8 % limits, by index, with their limit:
 * all of them, or (part) only those labelled on the chart (beyond cut). */
typedef struct {
    const org_table *t;
    const funnel *f;
    double cut[2];
} funnel_list;

static void funnel_rows(ms_report *r, const void *ctx, bool part, ms_rtable *tb)
{
    const funnel_list *l = ctx;
    const funnel *f = l->f;
    ms_rtable_head(tb, MS_TR(r, "Организация", "Organisation"));
    ms_rtable_head(tb, MS_TR(r, "Ответов", "Answers"));
    ms_rtable_head(tb, MS_TR(r, "Индекс", "Index"));
    ms_rtable_head(tb, MS_TR(r, "Граница 99,8 %", "99.8 % limit"));
    ms_rtable_head(tb, MS_TR(r, "Где", "Where"));
    ms_rtable_end_row(tb);
    for (size_t j = 0; j < l->t->n_shown; j++) {
        const ms_rgroup *g = &l->t->g[l->t->order[j]];
        int side = side_of(f, g);
        if (!side || (part && fabs(funnel_z(f, g)) < l->cut[side > 0]))
            continue;
        ms_rtable_text(tb, g->level);
        ms_rtable_num(tb, g->n, 0);
        ms_rtable_num(tb, g->index.estimate, 0);
        ms_rtable_num(tb, f->centre + side * f->z998 * f->sd / sqrt(g->n), 0);
        ms_rtable_text(tb, side > 0 ? MS_TR(r, "выше", "above") : MS_TR(r, "ниже", "below"));
        ms_rtable_end_row(tb);
    }
}

/* A few beyond the limits: all in the section.  Many: the labelled ones
 * there, the full list in the appendix (and its CSV). */
static ms_status funnel_tables(ms_report *r, const ms_rq *rq, const org_table *t,
                               const funnel *f, size_t outside, ms_sbuf *b)
{
    funnel_list fl = {t, f, {0, 0}};
    ms_status st = outside > FUNNEL_LABELS ? funnel_cuts(r, t, f, fl.cut) : MS_OK;
    org_list l = {
        {"funnel-outside", "funnel-farthest"},
        {MS_TR(r, "Организации за границами 99,8 % воронкообразной диаграммы",
               "Organisations beyond the funnel plot's 99.8 % limits"),
         MS_TR(r, "Организации, дальше всех ушедшие за границы 99,8 % (подписаны на диаграмме)",
               "Organisations farthest beyond the 99.8 % limits (labelled on the chart)")},
        MS_TR(r, "Полный список", "The full list"),
        funnel_rows,
        &fl};
    return st == MS_OK ? org_list_tables(r, rq, &l, outside, FUNNEL_LABELS, b) : st;
}

/* How many lie beyond the limits (they follow in a table), or that all lie within. */
static ms_status funnel_sentence(ms_report *r, const ms_rq *rq, const org_table *t,
                                 const funnel *f, ms_sbuf *b)
{
    ms_sbuf s = {0};
    size_t above = 0, below = 0, warn = 0;
    for (size_t j = 0; j < t->n_shown; j++) {
        const ms_rgroup *g = &t->g[t->order[j]];
        int side = side_of(f, g);
        above += side > 0, below += side < 0;
        warn += side == 0 && funnel_side(f, g, 0.95) != 0;
    }
    size_t outside = above + below;
    ms_status st = MS_OK;
    if (outside) {
        ms_sbuf_printf(&s,
                       MS_TR(r, "За границами случайных колебаний (99,8 %%) — %zu %s из %zu: "
                                "%zu выше верхней границы, %zu ниже нижней; они перечислены в "
                                "таблице ниже. Различия остальных объяснимы случайностью при их "
                                "числе ответов.",
                             "Beyond chance variation (99.8 %%): %zu %s of %zu, %zu above the "
                             "upper limit and %zu below the lower one, listed in the table "
                             "below. The others differ no more than chance allows for their "
                             "number of answers."),
                       outside,
                       ms_plural(r->pr.ru, (double)outside, "организация", "организации",
                                 "организаций", "organisation", "organisations"),
                       t->n_shown, above, below);
    } else {
        ms_sbuf_printf(&s,
                       MS_TR(r, "Все организации лежат внутри границ 99,8 %%%s: различия между "
                                "ними не больше случайных при их числе ответов, и ни одну не "
                                "следует называть лучшей или худшей по этому показателю.",
                             "Every organisation lies within the 99.8 %% limits%s: they differ "
                             "no more than chance allows for their number of answers, and none "
                             "should be called the best or the worst on this measure."),
                       warn ? MS_TR(r, " (за границей 95 % — только как повод присмотреться)",
                                    " (beyond the 95 % limit only as a hint to look closer)")
                            : "");
    }
    ms_html_p_of(b, NULL, &s);
    if (s.failed)
        st = NOMEM(r);
    ms_sbuf_free(&s);
    if (st == MS_OK && outside)
        st = funnel_tables(r, rq, t, f, outside, b);
    return st;
}

/* The organisations on one side of the funnel's 99.8 % limits, best first,
 * each with its index in whole points: «А (80 из 100), Б (78)». */
static size_t side_list(const ms_report *r, const org_table *t, const funnel *f, int side,
                        ms_sbuf *out)
{
    size_t k = 0;
    for (size_t j = 0; j < t->n_shown; j++) {
        const ms_rgroup *g = &t->g[t->order[j]];
        if (side_of(f, g) != side)
            continue;
        char v[32];
        ms_sbuf_puts(out, k ? ", " : "");
        ms_sbuf_html(out, t->labels[t->order[j]]);
        ms_sbuf_printf(out, k ? " (%s)" : MS_TR(r, " (%s из 100)", " (%s of 100)"),
                       ms_rfmt(r, v, sizeof v, g->index.estimate, 0));
        k++;
    }
    return k;
}

/* The same in plain words for the site page and the slides (no funnel). */
static bool orgs_brief(ms_report *r, const ms_rq *rq, const org_table *t, size_t a, size_t b,
                       const ms_sbuf *above, const ms_sbuf *below)
{
    ms_sbuf s = {0};
    if (!a && !b)
        ms_sbuf_printf(&s,
                       MS_TR(r, "Организации (%zu) оценивают работу наставников примерно "
                                "одинаково: различия между ними в пределах случайных колебаний.",
                             "The organisations (%zu) rate their mentoring about alike: they "
                             "differ within chance variation."),
                       t->n_shown);
    else {
        ms_sbuf_puts(&s, MS_TR(r, "По анкете «", "By the questionnaire \""));
        ms_sbuf_html(&s, rq->q->title);
        ms_sbuf_puts(&s, MS_TR(r, "» среди организаций выделяются",
                               "\", organisations that stand out"));
        if (a) {
            ms_sbuf_puts(&s, MS_TR(r, ": выше среднего по территории — ", ": above the territory, "));
            ms_sbuf_append(&s, above);
        }
        if (b) {
            ms_sbuf_puts(&s, a ? MS_TR(r, "; ниже — ", "; below, ")
                               : MS_TR(r, ": ниже среднего по территории — ",
                                       ": below the territory, "));
            ms_sbuf_append(&s, below);
        }
        ms_sbuf_printf(&s,
                       MS_TR(r, "; остальные %zu — на уровне территории.",
                             "; the other %zu are at the territory's level."),
                       t->n_shown - a - b);
    }
    /* the plain sentence is the site page's and the slides' brief and the
     * справка's conclusion (Выводы) alike */
    ms_deliver_brief_set(r, ms_sbuf_str(&s));
    ms_deliver_advice(r, ms_sbuf_str(&s), NULL);
    bool ok = !s.failed;
    ms_sbuf_free(&s);
    return ok;
}

/* «Главное» on the organisations: who stands out, both ways, by the funnel
 * plot's 99.8 % limits (ms_funnel_limits, stats), the others within chance. */
static void orgs_sentence(ms_report *r, const ms_rq *rq, const org_table *t, const funnel *f,
                          ms_sbuf *ul)
{
    ms_sbuf above = {0}, below = {0}, action = {0};
    size_t a = side_list(r, t, f, 1, &above), b = side_list(r, t, f, -1, &below);
    ms_sbuf_puts(ul, "<li>");
    if (!a && !b) {
        ms_sbuf_printf(ul,
                       MS_TR(r,
                             "Организации (%zu) не отличаются друг от друга больше, чем "
                             "допускает случайность при их числе ответов: ни одну не стоит "
                             "называть лучшей или худшей.",
                             "The organisations (%zu) differ no more than chance allows for "
                             "their number of answers: none should be called the best or the "
                             "worst."),
                       t->n_shown);
    } else {
        /* which questionnaire: «Лучшие практики» rank the other one too */
        ms_sbuf_puts(ul, MS_TR(r, "По анкете «", "By the questionnaire \""));
        ms_sbuf_html(ul, rq->q->title);
        ms_sbuf_puts(ul, MS_TR(r, "» выделяются организации", "\", organisations that stand out"));
        if (a) {
            ms_sbuf_puts(ul, MS_TR(r, ": выше территории — ", ": above the territory, "));
            ms_sbuf_append(ul, &above);
        }
        if (b) {
            ms_sbuf_puts(ul, a ? MS_TR(r, "; ниже — ", "; below, ")
                               : MS_TR(r, ": ниже территории — ", ": below the territory, "));
            ms_sbuf_append(ul, &below);
        }
        ms_sbuf_printf(ul,
                       MS_TR(r,
                             "; остальные %zu — в пределах случайных колебаний (граница 99,8 %% "
                             "воронкообразной диаграммы).",
                             "; the other %zu lie within chance variation (the funnel plot's "
                             "99.8 %% limits)."),
                       t->n_shown - a - b);
        /* the recommendation names the schools (by name in the office's
         * copy), so the office can act on it */
        if (a) {
            ms_sbuf_puts(&action, MS_TR(r, "Изучить и распространить опыт организаций выше "
                                           "территории: ",
                                        "Study and share the experience of the organisations "
                                        "above the territory: "));
            ms_sbuf_append(&action, &above);
        }
        if (b) {
            ms_sbuf_puts(&action, a ? MS_TR(r, "; разобрать, что мешает работе наставников, с "
                                               "организациями ниже территории: ",
                                            "; go through what hinders the mentors with those "
                                            "below: ")
                                    : MS_TR(r, "Разобрать, что мешает работе наставников, с "
                                               "организациями ниже территории: ",
                                            "Go through what hinders the mentors with the "
                                            "organisations below the territory: "));
            ms_sbuf_append(&action, &below);
        }
        ms_sbuf_puts(&action, ".");
    }
    ms_sbuf_puts(ul, "</li>\n");
    bool told = ms_deliver_finding(r, ul, "organisations", "");
    if (told && action.len)
        ms_deliver_advice(r, NULL, ms_sbuf_str(&action));
    if (told && !orgs_brief(r, rq, t, a, b, &above, &below))
        ms_sbuf_fail(ul);
    if (action.failed)
        ms_sbuf_fail(ul);
    ms_sbuf_free(&above);
    ms_sbuf_free(&below);
    ms_sbuf_free(&action);
}

ms_status ms_report_orgs_finding(ms_report *r, ms_sbuf *ul)
{
    long qi = main_questionnaire(r);
    if (r->prog->n_orgs == 0 || qi < 0)
        return MS_OK;
    const ms_rq *rq = &r->q[qi];
    org_table t = {0};
    funnel f;
    ms_status st = org_figures(r, (size_t)qi, (size_t)rq->main_m, &t);
    if (st == MS_OK && t.n_shown >= 2 && funnel_of(rq, &t, &f))
        orgs_sentence(r, rq, &t, &f, ul);
    org_table_free(&t);
    return st;
}

/* ---------- best practices across organisations ---------- */

/* Index-scale moments of the shown organisations, shrunk and ranked as
 * forms are (ms_report_shrink_rank, report_rank.c): those shrunk, best first, into p. */
static ms_status shrink_orgs(ms_report *r, const ms_rq *rq, const org_table *t, ms_rpractice *p,
                             size_t *n)
{
    double min, max;
    *n = 0;
    if (!ms_measure_range(rq->cur, (size_t)rq->main_m, &min, &max))
        return MS_OK;
    double scale = 100.0 / (max - min);
    double *vars = ms_calloc(t->n + 1, sizeof *vars);
    if (!vars)
        return NOMEM(r);
    for (size_t i = 0; i < t->n; i++)
        if (t->g[i].shown && t->g[i].n > 1) {
            vars[*n] = t->g[i].mo.var * scale * scale;
            p[(*n)++] = (ms_rpractice){t->labels[i], (long)r->orgs->label[t->org[i]],
                                       MS_NO_PAIR, t->g[i].mo.n,
                                       (t->g[i].mo.mean - min) * scale, NAN, NAN, NAN, false, NAN};
        }
    ms_status st = ms_report_shrink_rank(r, p, n, vars);
    ms_free(vars);
    return st;
}

/* The candidates, best first: rank, answers, index as answered and shrunk;
 * all of them, or (part) only the first ten places. */
typedef struct {
    const ms_rpractice *s;
    size_t n;
    double grand;
} candidate_list;

static void candidate_rows(ms_report *r, const void *ctx, bool part, ms_rtable *t)
{
    const candidate_list *l = ctx;
    const ms_rpractice *s = l->s;
    ms_rtable_head(t, MS_TR(r, "Место", "Rank"));
    ms_rtable_head(t, MS_TR(r, "Организация", "Organisation"));
    ms_rtable_head(t, MS_TR(r, "Ответов", "Answers"));
    ms_rtable_head(t, MS_TR(r, "Индекс по ответам", "Index as answered"));
    ms_rtable_head(t, MS_TR(r, "Индекс с поправкой", "Shrunken index"));
    ms_rtable_head_range(t, MS_TR(r, "95 % интервал", "95 % interval"));
    ms_rtable_end_row(t);
    for (size_t j = 0; j < l->n && (!part || j < 10); j++) {
        if (!(s[j].lo > l->grand))
            continue;
        ms_rtable_num(t, (double)(j + 1), 0);
        ms_rtable_text(t, s[j].label);
        ms_rtable_num(t, s[j].n, 0);
        ms_rtable_num(t, s[j].raw, 0);
        ms_rtable_num(t, s[j].shrunk, 0);
        ms_rtable_range(t, s[j].lo, s[j].hi, 0);
        ms_rtable_end_row(t);
    }
}

/* A few candidates: all in the section; many: the first ten there, all of
 * them in the appendix (and its CSV). */
static ms_status candidates_tables(ms_report *r, const ms_rq *rq, const ms_rpractice *s,
                                   size_t n, double grand, size_t candidates, ms_sbuf *b)
{
    candidate_list cl = {s, n, grand};
    org_list l = {
        {"org-candidates", "org-candidates-top"},
        {MS_TR(r, "Кандидаты в методическую копилку муниципалитета",
               "Candidates for the municipal methodological collection"),
         MS_TR(r, "Первые десять кандидатов в методическую копилку муниципалитета",
               "The first ten candidates for the municipal methodological collection")},
        MS_TR(r, "Все кандидаты", "Every candidate"),
        candidate_rows,
        &cl};
    return org_list_tables(r, rq, &l, candidates, MS_FEW_ORGS, b);
}

/* The candidates the page names, for the collection (ms_report_orgs_candidates). */
static ms_status keep_candidates(ms_report *r, const ms_rq *rq, const ms_rpractice *s, size_t n,
                                 double grand)
{
    struct ms_rorgs *o = r->orgs;
    struct ms_rorg_candidate *c = ms_realloc(o->cand, (o->n_cand + n + 1) * sizeof *c);
    if (!c)
        return NOMEM(r);
    o->cand = c;
    for (size_t j = 0; j < n; j++) {
        if (!(s[j].lo > grand))
            continue;
        struct ms_rorg_candidate *k = &c[o->n_cand++];
        k->p = s[j];
        k->p.org = true;
        k->p.mean = grand;
        k->p.pair = MS_NO_PAIR;
        ms_c_snprintf(k->label, sizeof k->label, MS_TR(r, "%s (анкета «%s»)", "%s (questionnaire \"%s\")"),
                      s[j].label, rq->q->title);
    }
    return MS_OK;
}

size_t ms_report_orgs_candidates(ms_report *r, ms_rpractice *out)
{
    size_t n = r->orgs ? r->orgs->n_cand : 0;
    for (size_t i = 0; out && i < n; i++) {
        out[i] = r->orgs->cand[i].p;
        out[i].label = r->orgs->cand[i].label;
    }
    return n;
}

static ms_status practices(ms_report *r, const ms_rq *rq, const org_table *t, ms_sbuf *b)
{
    ms_rpractice *s = ms_calloc(t->n + 1, sizeof *s);
    ms_cpoint *p = ms_calloc(t->n + 1, sizeof *p);
    const char **rows = ms_calloc(t->n + 1, sizeof *rows);
    ms_sbuf text = {0};
    size_t n = 0, candidates = 0;
    double grand = t->territory.index.estimate;
    ms_status st = (!s || !p || !rows) ? NOMEM(r) : shrink_orgs(r, rq, t, s, &n);
    char num[64];
    if (st != MS_OK || n < 2)
        goto cleanup;
    for (size_t j = 0; j < n; j++) {
        rows[j] = s[j].label;
        p[j] = (ms_cpoint){j, 0, s[j].shrunk, 0, s[j].lo, s[j].hi};
        candidates += s[j].lo > grand;
    }
    if (candidates)
        ms_sbuf_printf(&text,
                       MS_TR(r, "Надёжно выше среднего по территории (%s) с учётом числа "
                                "ответов — %zu %s из %zu: кандидаты в методическую копилку "
                                "муниципалитета (таблица ниже).",
                             "Reliably above the territory's average (%s), given their number "
                             "of answers: %zu %s of %zu, candidates for the municipal "
                             "methodological collection (table below)."),
                       ms_rfmt(r, num, sizeof num, grand, 0), candidates,
                       ms_plural(r->pr.ru, (double)candidates, "организация", "организации",
                                 "организаций", "organisation", "organisations"),
                       n);
    else
        ms_sbuf_printf(&text,
                       MS_TR(r, "Ни одна организация не выше среднего по территории (%s) "
                                "надёжно: интервалы после поправки на малое число ответов "
                                "перекрывают среднее.",
                             "No organisation is reliably above the territory's average (%s): "
                             "after allowing for few answers, every interval covers the "
                             "average."),
                       ms_rfmt(r, num, sizeof num, grand, 0));
    ms_html_p_of(b, "lead", &text);
    if (candidates)
        st = keep_candidates(r, rq, s, n, grand);
    if (candidates && st == MS_OK)
        st = candidates_tables(r, rq, s, n, grand, candidates, b);
    if (st != MS_OK || many(t))
        goto cleanup; /* many: the table, not a chart of hundreds of rows */
    char name[160], title[512];
    ms_rq_table_name(name, sizeof name, rq, "org-practices");
    ms_c_snprintf(title, sizeof title,
                  MS_TR(r,
                        "%s: индекс качества организаций с поправкой на число ответов "
                        "(эмпирический Байес), 95 %% интервал; среднее по территории — %s",
                        "%s: the organisations' quality index adjusted for the number of answers "
                        "(empirical Bayes), 95 %% interval; territory average %s"),
                  rq->q->title, ms_rfmt(r, num, sizeof num, grand, 0));
    ms_chart c = {name, title, MS_TR(r, "индекс 0–100", "index 0–100"), 0, 100,
                  {rq->q->title}, 1, rows, n};
    char axis[128];
    ms_chart_index_range(r, &c, p, n, false, axis, sizeof axis);
    st = ms_chart_dots(r, &c, p, n, 0, b);
cleanup:
    if (text.failed && st == MS_OK)
        st = NOMEM(r);
    ms_sbuf_free(&text);
    ms_free(s);
    ms_free(p);
    ms_free(rows);
    return st;
}

/* ---------- the section ---------- */

static ms_status lead(ms_report *r, const ms_rq *rq, const org_table *t, ms_sbuf *b)
{
    char a[64], c[64], d[64], label[256];
    const ms_rgroup all = t->territory;
    ms_sbuf s = {0};
    ms_text_clip(label, sizeof label, ms_measure_label(rq->cur, (size_t)rq->main_m));
    const char *orgs = ms_plural(r->pr.ru, (double)t->n, "организация", "организации",
                                 "организаций", "organisation", "organisations");
    ms_rfmt(r, a, sizeof a, all.index.estimate, 0);
    if (r->pr.ru)
        ms_sbuf_printf(&s, "%s %zu %s (%s). Индекс качества по шкале «%s» по территории — %s из 100.",
                       ms_plural_ru((double)t->n, "Сравнивается", "Сравниваются",
                                    "Сравниваются"),
                       t->n, orgs, rq->q->title, label, a);
    else
        ms_sbuf_printf(&s, "%zu %s %s compared (%s). Quality index on the scale \"%s\" for the "
                           "territory: %s of 100.",
                       t->n, orgs, t->n == 1 ? "is" : "are", rq->q->title, label, a);
    if (t->n_shown >= 2) {
        const ms_rgroup *best = &t->g[t->order[0]], *worst = &t->g[t->order[t->n_shown - 1]];
        ms_sbuf_printf(&s,
                       MS_TR(r, " По организациям — от %s (%s) до %s (%s); насколько эти "
                                "различия больше случайных, показывает воронкообразная "
                                "диаграмма.",
                             " By organisation: from %s (%s) to %s (%s); the funnel plot shows "
                             "how far these differences exceed chance."),
                       ms_rfmt(r, c, sizeof c, worst->index.estimate, 0), worst->level,
                       ms_rfmt(r, d, sizeof d, best->index.estimate, 0), best->level);
    }
    ms_html_p_of(b, "lead", &s);
    ms_status st = s.failed ? NOMEM(r) : MS_OK;
    ms_sbuf_free(&s);
    return st;
}

/* One questionnaire's comparison of organisations: its index per
 * organisation, the funnel plot and the best practices. */
static ms_status compare_orgs(ms_report *r, size_t qi, bool titled, ms_sbuf *b)
{
    const ms_rq *rq = &r->q[qi];
    const char *sub = titled ? "h4" : "h3";
    if (titled)
        ms_html_h3(b, rq->q->title);
    org_table t = {0};
    funnel f;
    ms_status st = org_figures(r, qi, (size_t)rq->main_m, &t);
    if (st == MS_OK)
        st = lead(r, rq, &t, b);
    if (st == MS_OK)
        st = index_chart(r, qi, &t, b);
    if (st == MS_OK)
        st = index_table(r, qi, &t, b);
    if (st == MS_OK && funnel_of(rq, &t, &f)) {
        /* the chart right under its heading: in print they stay on one page */
        ms_sbuf_printf(b, "<%s>%s</%s>\n", sub,
                       MS_TR(r, "Воронкообразная диаграмма", "Funnel plot"), sub);
        st = funnel_chart(r, rq, &t, &f, b);
        if (st == MS_OK)
            st = funnel_sentence(r, rq, &t, &f, b);
    }
    if (st == MS_OK) {
        ms_sbuf_printf(b, "<%s>%s</%s>\n", sub,
                       MS_TR(r, "Лучшие практики организаций", "Best practices of organisations"),
                       sub);
        st = practices(r, rq, &t, b);
    }
    org_table_free(&t);
    return st;
}

/* The main questionnaire first, then every other satisfaction questionnaire
 * with a scale: mentees' and mentors' views of their schools alike. */
ms_status ms_section_organisations(ms_report *r, ms_page *pg)
{
    long qi = main_questionnaire(r);
    if (r->prog->n_orgs == 0 || qi < 0)
        return MS_OK;
    ms_html_section(r, pg, "organisations",
                    MS_TR(r, "Сравнение организаций", "Organisations compared"));
    size_t others = 0;
    for (size_t i = 0; i < r->n_q; i++)
        others += (long)i != qi && r->q[i].main_m >= 0 && ms_rq_is_satisfaction(&r->q[i]);
    ms_status st = compare_orgs(r, (size_t)qi, others > 0, &pg->body);
    for (size_t i = 0; st == MS_OK && i < r->n_q; i++)
        if ((long)i != qi && r->q[i].main_m >= 0 && ms_rq_is_satisfaction(&r->q[i]))
            st = compare_orgs(r, i, true, &pg->body);
    return st;
}
