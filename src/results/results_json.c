/* results_json.c — the contract's JSON (docs/results-json.md: mentorstat-results/1). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mentorstat/results.h"

/* A tiny streaming JSON writer: it tracks whether a comma is due. */
typedef struct {
    FILE *f;
    int depth;
    bool first[32];
} jw;

static void jw_sep(jw *w)
{
    if (!w->first[w->depth])
        fputc(',', w->f);
    w->first[w->depth] = false;
}

void ms_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void jw_key(jw *w, const char *k)
{
    jw_sep(w);
    ms_json_string(w->f, k);
    fputc(':', w->f);
}

static void jw_open(jw *w, const char *key, char bracket)
{
    if (key)
        jw_key(w, key);
    else
        jw_sep(w);
    fputc(bracket, w->f);
    w->first[++w->depth] = true;
}

static void jw_close(jw *w, char bracket)
{
    w->depth--;
    fputc(bracket, w->f);
}

static void jw_num(jw *w, const char *key, double x)
{
    if (key)
        jw_key(w, key);
    else
        jw_sep(w);
    if (isfinite(x))
        fprintf(w->f, "%.15g", x == 0 ? 0.0 : x); /* no "-0" */
    else
        fputs("null", w->f);
}

static void jw_str(jw *w, const char *key, const char *s)
{
    if (key)
        jw_key(w, key);
    else
        jw_sep(w);
    if (s)
        ms_json_string(w->f, s);
    else
        fputs("null", w->f);
}

static void write_counts(jw *w, const ms_freq *f)
{
    jw_open(w, "counts", '{');
    for (size_t i = 0; i < f->k; i++) {
        char key[64];
        snprintf(key, sizeof key, "%.15g", f->values[i]);
        jw_num(w, key, f->counts[i]);
    }
    jw_close(w, '}');
}

static void write_interval(jw *w, const char *key, const ms_interval *iv)
{
    jw_open(w, key, '{');
    jw_num(w, "estimate", iv->estimate);
    jw_num(w, "ci95_low", iv->ci_low);
    jw_num(w, "ci95_high", iv->ci_high);
    jw_close(w, '}');
}

static void write_item(jw *w, const ms_item_result *it)
{
    jw_open(w, NULL, '{');
    jw_str(w, "name", it->name);
    jw_str(w, "label", it->label);
    jw_num(w, "n", it->n);
    jw_num(w, "missing", it->missing);
    jw_num(w, "mean", it->desc.mean);
    jw_num(w, "sd", it->desc.sd);
    jw_num(w, "median", it->desc.median);
    jw_num(w, "q1", it->desc.q1);
    jw_num(w, "q3", it->desc.q3);
    jw_num(w, "min", it->desc.min);
    jw_num(w, "max", it->desc.max);
    jw_num(w, "ci95_low", it->desc.ci_low);
    jw_num(w, "ci95_high", it->desc.ci_high);
    if (it->why)
        jw_str(w, "why", it->why);
    if (!isnan(it->top_box_from)) {
        jw_num(w, "top_box_from", it->top_box_from);
        write_interval(w, "top_box", &it->top_box);
    }
    if (it->has_range)
        write_interval(w, "quality_index", &it->index);
    write_counts(w, it->counts);
    jw_close(w, '}');
}

static void write_category(jw *w, const ms_category_result *c)
{
    jw_open(w, NULL, '{');
    jw_str(w, "name", c->name);
    jw_str(w, "label", c->label);
    jw_num(w, "n", c->n);
    jw_num(w, "missing", c->missing);
    jw_open(w, "counts", '{');
    for (size_t i = 0; i < c->n_levels; i++)
        jw_num(w, c->levels[i], c->counts[i]);
    jw_close(w, '}');
    jw_close(w, '}');
}

static void write_construct(jw *w, const ms_results *res, const ms_construct_result *c)
{
    jw_open(w, NULL, '{');
    jw_str(w, "name", c->name);
    jw_open(w, "items", '[');
    (void)res;
    for (size_t i = 0; i < c->k; i++)
        jw_str(w, NULL, c->item_names[i]);
    jw_close(w, ']');
    jw_num(w, "n", c->n);
    jw_num(w, "alpha", c->alpha.alpha);
    jw_num(w, "alpha_ci95_low", c->alpha.alpha_ci_low);
    jw_num(w, "alpha_ci95_high", c->alpha.alpha_ci_high);
    jw_num(w, "std_alpha", c->alpha.std_alpha);
    jw_num(w, "mean_r", c->alpha.mean_r);
    if (c->why)
        jw_str(w, "why", c->why);
    jw_num(w, "straightlined", c->straightlined);
    jw_open(w, "item_total", '[');
    for (size_t i = 0; i < c->k; i++) {
        jw_open(w, NULL, '{');
        jw_str(w, "item", c->item_names[i]);
        jw_num(w, "corrected_r", c->corrected_r[i]);
        jw_num(w, "alpha_if_deleted", c->alpha_if_deleted[i]);
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_open(w, "score", '{');
    jw_num(w, "n", c->score->n);
    jw_num(w, "mean", c->score->desc.mean);
    jw_num(w, "sd", c->score->desc.sd);
    jw_num(w, "median", c->score->desc.median);
    jw_num(w, "ci95_low", c->score->desc.ci_low);
    jw_num(w, "ci95_high", c->score->desc.ci_high);
    if (c->score->has_range)
        write_interval(w, "quality_index", &c->score->index);
    jw_close(w, '}');
    jw_str(w, "label", c->label); /* last: added later, earlier fields keep their place */
    jw_close(w, '}');
}

static void write_comparison(jw *w, const ms_comparison *c)
{
    jw_open(w, NULL, '{');
    jw_str(w, "variable", c->variable);
    jw_str(w, "by", c->by);
    jw_str(w, "test", c->test);
    jw_num(w, "statistic", c->t.statistic);
    jw_num(w, "df", c->t.df);
    if (!isnan(c->t.df2))
        jw_num(w, "df2", c->t.df2);
    jw_num(w, "p", c->t.p);
    jw_str(w, "p_method", c->t.exact ? "exact" : "asymptotic");
    jw_num(w, "p_holm", c->p_holm);
    jw_num(w, "p_bh", c->p_bh);
    jw_str(w, "effect_name", c->t.effect_name);
    jw_num(w, "effect", c->t.effect);
    jw_num(w, "effect_ci_low", c->t.effect_ci_low);
    jw_num(w, "effect_ci_high", c->t.effect_ci_high);
    if (!isnan(c->t.omega2))
        jw_num(w, "omega_squared", c->t.omega2);
    if (c->t.warning)
        jw_str(w, "warning", c->t.warning);
    if (c->why)
        jw_str(w, "why", c->why);
    jw_open(w, "groups", '[');
    for (size_t g = 0; g < c->n_groups; g++) {
        jw_open(w, NULL, '{');
        jw_str(w, "level", c->groups[g].level);
        jw_num(w, "n", c->groups[g].n);
        if (!isnan(c->groups[g].mean)) { /* not applicable to a chi-square's levels */
            jw_num(w, "mean", c->groups[g].mean);
            jw_num(w, "sd", c->groups[g].sd);
        }
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_close(w, '}');
}

static void write_paired(jw *w, const ms_paired_result *p)
{
    jw_open(w, NULL, '{');
    jw_str(w, "variable", p->variable);
    jw_str(w, "from", p->from);
    jw_str(w, "to", p->to);
    jw_num(w, "n", p->p.n);
    jw_num(w, "mean_diff", p->p.mean_diff);
    jw_num(w, "sd_diff", p->p.sd_diff);
    jw_num(w, "t", p->p.t);
    jw_num(w, "df", p->p.df);
    jw_num(w, "p_t", p->p.p_t);
    jw_num(w, "wilcoxon_v", p->p.v);
    jw_num(w, "p_wilcoxon", p->p.p_wilcoxon);
    jw_str(w, "p_wilcoxon_method", p->p.exact ? "exact" : "asymptotic");
    jw_num(w, "effect_dz", p->p.dz);
    jw_num(w, "effect_dz_ci_low", p->p.dz_ci_low);
    jw_num(w, "effect_dz_ci_high", p->p.dz_ci_high);
    jw_num(w, "improved", p->p.improved);
    jw_num(w, "unchanged", p->p.unchanged);
    jw_num(w, "worse", p->p.worse);
    if (p->why)
        jw_str(w, "why", p->why);
    jw_close(w, '}');
}

ms_status ms_results_write_json(const ms_results *res, FILE *out)
{
    jw w = {.f = out, .depth = 0, .first = {true}};
    jw_open(&w, NULL, '{');
    jw_str(&w, "schema", "mentorstat-results/1");
    jw_open(&w, "rows", '{');
    jw_num(&w, "read", (double)res->rows.read);
    jw_num(&w, "accepted", (double)res->rows.accepted);
    jw_num(&w, "quarantined", (double)res->rows.quarantined);
    jw_num(&w, "excluded", (double)res->rows.excluded);
    jw_close(&w, '}');
    jw_open(&w, "items", '[');
    for (size_t i = 0; i < res->n_items; i++)
        if (!res->items[i].is_construct)
            write_item(&w, &res->items[i]);
    jw_close(&w, ']');
    jw_open(&w, "categories", '[');
    for (size_t i = 0; i < res->n_categories; i++)
        write_category(&w, &res->categories[i]);
    jw_close(&w, ']');
    jw_open(&w, "constructs", '[');
    for (size_t i = 0; i < res->n_constructs; i++)
        write_construct(&w, res, &res->constructs[i]);
    jw_close(&w, ']');
    jw_open(&w, "comparisons", '[');
    for (size_t i = 0; i < res->n_comparisons; i++)
        write_comparison(&w, &res->comparisons[i]);
    jw_close(&w, ']');
    jw_open(&w, "paired", '[');
    for (size_t i = 0; i < res->n_paired; i++)
        write_paired(&w, &res->paired[i]);
    jw_close(&w, ']');
    if (res->duplicate_ids > 0)
        jw_num(&w, "duplicate_ids", res->duplicate_ids);
    if (res->n_withheld) { /* only then: other output stays as it was, byte for byte */
        jw_open(&w, "withheld_groups", '[');
        for (size_t i = 0; i < res->n_withheld; i++) {
            jw_open(&w, NULL, '{');
            jw_str(&w, "by", res->withheld[i].by);
            jw_num(&w, "groups", res->withheld[i].groups);
            jw_num(&w, "rows", res->withheld[i].rows);
            jw_close(&w, '}');
        }
        jw_close(&w, ']');
        jw_str(&w, "note", MS_WITHHELD_NOTE);
    }
    jw_close(&w, '}');
    fputc('\n', out);
    return ferror(out) ? MS_ERR_IO : MS_OK;
}
