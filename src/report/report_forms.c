/*
 * report_forms.c — the index of the compared construct per form, pooled
 * over mentees' and mentors' answers, read from the aggregates' value
 * counts (report_forms.h): the same from summaries as from raw rows.
 */
#include "report_forms.h"

#include <math.h>
#include <string.h>
#include <strings.h>

/* The cells of the form variable in questionnaire side s (its --by index
 * in *b when b is not NULL), or NULL. */
static const ms_by *form_cells(const ms_report *r, const ms_ranswers *a, int s, size_t *m,
                               size_t *b_out)
{
    if (!a->form_var || a->q[s] < 0 || a->m[s] < 0)
        return NULL;
    const ms_rq *rq = &r->q[a->q[s]];
    *m = (size_t)a->m[s];
    for (size_t b = 0; b < rq->n_user_by; b++)
        if ((long)b != rq->year_by &&
            !strcasecmp(rq->cb->vars[ms_aggregate_by(rq->cur, b)->var].name, a->form_var)) {
            if (b_out)
                *b_out = b;
            return ms_aggregate_by(rq->cur, b);
        }
    return NULL;
}

/* Add the value counts of f, as a 0–100 index of [min, max], to s. */
static void add_freq(const ms_freq *f, double min, double max, ms_accum *s)
{
    for (size_t k = 0; k < f->k; k++)
        ms_accum_add_n(s, (f->values[k] - min) / (max - min) * 100.0, f->counts[k]);
}

static long form_of(const ms_ranswers *a, const char *label)
{
    for (size_t j = 0; j < a->n_forms; j++)
        if (!strcmp(a->forms[j], label))
            return (long)j;
    return -1;
}

void ms_report_form_sums(const ms_report *r, ms_accum *forms, ms_accum *all)
{
    const ms_ranswers *a = r->answers;
    memset(all, 0, sizeof *all);
    if (forms)
        memset(forms, 0, a->n_forms * sizeof *forms);
    for (int s = 0; s < 2; s++) {
        size_t m;
        double min, max;
        const ms_by *by = form_cells(r, a, s, &m, NULL);
        const ms_aggregate *agg = by ? r->q[a->q[s]].cur : NULL;
        if (!agg || !ms_measure_range(agg, m, &min, &max) || !(max > min))
            continue;
        add_freq(&ms_aggregate_all(agg)->measures[m], min, max, all);
        for (size_t l = 0; forms && l < by->n_cells; l++) {
            long j = form_of(a, ms_aggregate_levels(agg, by->var)->labels[l]);
            if (j >= 0)
                add_freq(&by->cells[l].measures[m], min, max, &forms[j]);
        }
    }
}

void ms_report_form_hiding(const ms_report *r, ms_group_hiding *hiding)
{
    const ms_ranswers *a = r->answers;
    memset(hiding, 0, a->n_forms * sizeof *hiding);
    for (int s = 0; s < 2; s++) {
        size_t m, b;
        const ms_by *by = form_cells(r, a, s, &m, &b);
        const ms_aggregate *agg = by ? r->q[a->q[s]].cur : NULL;
        for (size_t l = 0; agg && l < by->n_cells; l++) {
            long j = form_of(a, ms_aggregate_levels(agg, by->var)->labels[l]);
            double n = ms_freq_total(&by->cells[l].measures[m]);
            ms_group_hiding h = ms_report_hiding(r, agg, b, l);
            if (j < 0 || !(n > 0))
                continue; /* no answers on this side: the pooled figure is the other's */
            if (h == MS_GROUP_SHOWN && !ms_report_enough(r, n))
                h = MS_GROUP_SMALL; /* as this side's own tables hide it */
            if (h == MS_GROUP_SMALL || (h == MS_GROUP_COMPLEMENT && !hiding[j]))
                hiding[j] = h;
        }
    }
}

int ms_report_intern_forms(const ms_report *r, ms_ranswers *a,
                           long (*intern)(ms_ranswers *a, const char *label))
{
    for (int s = 0; s < 2; s++) {
        size_t m;
        const ms_by *by = form_cells(r, a, s, &m, NULL);
        if (!by)
            continue;
        const ms_levels *lv = ms_aggregate_levels(r->q[a->q[s]].cur, by->var);
        size_t *order = ms_calloc(lv->n + 1, sizeof *order), i = 0;
        if (!order)
            return -1;
        ms_levels_natural_order(lv, order);
        for (; i < lv->n; i++)
            if (order[i] < by->n_cells && by->cells[order[i]].rows > 0 &&
                intern(a, lv->labels[order[i]]) < 0)
                break;
        ms_free(order);
        if (i < lv->n)
            return -1;
    }
    return 0;
}
