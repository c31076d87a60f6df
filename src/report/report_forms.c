/*
 * report_forms.c — the index of the compared construct per form, pooled
 * over mentees' and mentors' answers, read from the aggregates' value
 * counts (report_forms.h): the same from summaries as from raw rows.
 */
#include "report_forms.h"

#include <math.h>
#include <string.h>
#include <strings.h>

/* The cells of the form variable in questionnaire side s, or NULL. */
static const ms_by *form_cells(const ms_report *r, const ms_ranswers *a, int s, size_t *m)
{
    if (!a->form_var || a->q[s] < 0 || a->m[s] < 0)
        return NULL;
    const ms_rq *rq = &r->q[a->q[s]];
    *m = (size_t)a->m[s];
    for (size_t b = 0; b < rq->n_user_by; b++)
        if ((long)b != rq->year_by &&
            !strcasecmp(rq->cb->vars[rq->cur->by[b].var].name, a->form_var))
            return &rq->cur->by[b];
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
        const ms_by *by = form_cells(r, a, s, &m);
        const ms_aggregate *agg = by ? r->q[a->q[s]].cur : NULL;
        if (!agg || !ms_measure_range(agg, m, &min, &max) || !(max > min))
            continue;
        add_freq(&agg->all.measures[m], min, max, all);
        for (size_t l = 0; forms && l < by->n_cells; l++) {
            long j = form_of(a, agg->levels[by->var].labels[l]);
            if (j >= 0)
                add_freq(&by->cells[l].measures[m], min, max, &forms[j]);
        }
    }
}

int ms_report_intern_forms(const ms_report *r, ms_ranswers *a,
                           long (*intern)(ms_ranswers *a, const char *label))
{
    for (int s = 0; s < 2; s++) {
        size_t m;
        const ms_by *by = form_cells(r, a, s, &m);
        if (!by)
            continue;
        const ms_levels *lv = &r->q[a->q[s]].cur->levels[by->var];
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
