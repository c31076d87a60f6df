/* results_text.c — the aligned text table of `analyze` without --json. */
#include <math.h>
#include <stdio.h>

#include "mentorstat/results.h"

static void num(FILE *f, int width, int prec, double x)
{
    if (isfinite(x))
        fprintf(f, " %*.*f", width, prec, x);
    else
        fprintf(f, " %*s", width, "—");
}

static void item_table(const ms_results *res, FILE *f)
{
    fprintf(f, "%-20s %6s %5s %7s %7s %7s %7s %7s %15s\n", "item", "n", "miss", "mean", "sd",
            "median", "q1", "q3", "95% CI");
    for (size_t i = 0; i < res->n_items; i++) {
        const ms_item_result *it = &res->items[i];
        fprintf(f, "%-20.20s %6.0f %5.0f", it->name, it->n, it->missing);
        num(f, 7, 2, it->desc.mean);
        num(f, 7, 2, it->desc.sd);
        num(f, 7, 2, it->desc.median);
        num(f, 7, 2, it->desc.q1);
        num(f, 7, 2, it->desc.q3);
        num(f, 7, 2, it->desc.ci_low);
        num(f, 7, 2, it->desc.ci_high);
        fputc('\n', f);
    }
}

static void construct_table(const ms_results *res, FILE *f)
{
    if (!res->n_constructs)
        return;
    fprintf(f, "\n%-20s %6s %5s %7s %17s %9s\n", "construct", "n", "items", "alpha", "95% CI (Feldt)",
            "std alpha");
    for (size_t i = 0; i < res->n_constructs; i++) {
        const ms_construct_result *c = &res->constructs[i];
        fprintf(f, "%-20.20s %6.0f %5zu", c->name, c->n, c->k);
        num(f, 7, 3, c->alpha.alpha);
        num(f, 8, 3, c->alpha.alpha_ci_low);
        num(f, 8, 3, c->alpha.alpha_ci_high);
        num(f, 9, 3, c->alpha.std_alpha);
        fprintf(f, "%s%s\n", c->why ? "  " : "", c->why ? c->why : "");
    }
}

static void comparison_table(const ms_results *res, FILE *f)
{
    if (!res->n_comparisons)
        return;
    fprintf(f, "\n%-20s %-10s %-15s %10s %8s %10s %10s %-14s %7s\n", "variable", "by", "test",
            "statistic", "df", "p", "p_holm", "effect", "");
    for (size_t i = 0; i < res->n_comparisons; i++) {
        const ms_comparison *c = &res->comparisons[i];
        fprintf(f, "%-20.20s %-10.10s %-15s", c->variable, c->by, c->test);
        num(f, 10, 3, c->t.statistic);
        num(f, 8, 2, c->t.df);
        num(f, 10, 4, c->t.p);
        num(f, 10, 4, c->p_holm);
        fprintf(f, " %-14s", c->t.effect_name ? c->t.effect_name : "");
        num(f, 7, 3, c->t.effect);
        fputc('\n', f);
    }
}

static void paired_table(const ms_results *res, FILE *f)
{
    if (!res->n_paired)
        return;
    fprintf(f, "\n%-20s %6s %9s %8s %10s %10s %10s %7s\n", "paired", "n", "mean_diff", "t", "p_t",
            "V", "p_wilcox", "d_z");
    for (size_t i = 0; i < res->n_paired; i++) {
        const ms_paired_result *p = &res->paired[i];
        fprintf(f, "%-20.20s %6.0f", p->variable, p->p.n);
        num(f, 9, 3, p->p.mean_diff);
        num(f, 8, 3, p->p.t);
        num(f, 10, 4, p->p.p_t);
        num(f, 10, 1, p->p.v);
        num(f, 10, 4, p->p.p_wilcoxon);
        num(f, 7, 3, p->p.dz);
        fputc('\n', f);
    }
}

ms_status ms_results_write_table(const ms_results *res, FILE *f)
{
    fprintf(f, "rows: %llu read = %llu accepted + %llu quarantined + %llu excluded\n\n",
            res->rows.read, res->rows.accepted, res->rows.quarantined, res->rows.excluded);
    item_table(res, f);
    construct_table(res, f);
    comparison_table(res, f);
    paired_table(res, f);
    for (size_t i = 0; i < res->n_withheld; i++)
        fprintf(f, "\nwithheld: %g groups by %s (%g rows)", res->withheld[i].groups,
                res->withheld[i].by, res->withheld[i].rows);
    if (res->n_withheld)
        fprintf(f, "\nnote: %s\n", MS_WITHHELD_NOTE);
    return ferror(f) ? MS_ERR_IO : MS_OK;
}
