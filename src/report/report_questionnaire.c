/*
 * report_questionnaire.c — a questionnaire of the report as the sections ask
 * about it: its role, the kind and display label of a measure, unique
 * names for its tables and charts.
 */
#include "report_int.h"

#include <stdio.h>

bool ms_rq_is(const ms_rq *rq, ms_role role) { return rq->q->role == role; }

bool ms_rq_is_satisfaction(const ms_rq *rq)
{
    return ms_rq_is(rq, MS_ROLE_MENTEES_SATISFACTION) || ms_rq_is(rq, MS_ROLE_MENTORS_SATISFACTION);
}

bool ms_rq_is_scale(const ms_rq *rq, size_t m)
{
    size_t v = rq->cur->measure_var[m];
    return m < rq->cur->n_measures - rq->cb->n_constructs && rq->cb->vars[v].type == MS_TYPE_SCALE;
}

bool ms_rq_is_construct(const ms_rq *rq, size_t m)
{
    return m >= rq->cur->n_measures - rq->cb->n_constructs;
}

void ms_rq_label(const ms_report *r, const ms_rq *rq, size_t m, char *buf, size_t size)
{
    if (ms_rq_is_construct(rq, m))
        snprintf(buf, size, MS_TR(r, "Шкала «%s» (среднее)", "Scale \"%s\" (mean)"),
                 ms_measure_label(rq->cur, m));
    else
        snprintf(buf, size, "%s", ms_measure_label(rq->cur, m));
}

/* A table name unique in the report: questionnaire name + what. */
void ms_rq_table_name(char *buf, size_t size, const ms_rq *rq, const char *what)
{
    snprintf(buf, size, "%s-%s", rq->q->name, what);
}

const ms_rq *ms_report_role(const ms_report *r, ms_role role)
{
    for (size_t i = 0; i < r->n_q; i++)
        if (ms_rq_is(&r->q[i], role))
            return &r->q[i];
    return NULL;
}
