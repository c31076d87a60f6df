/*
 * report_questionnaire.c — a questionnaire of the report as the sections ask
 * about it: its role, the kind and display label of a measure, unique
 * names for its tables and charts.
 */
#include "report_int.h"
#include "cnum.h"

#include <stdio.h>
#include <string.h>

#include "text.h"

bool ms_rq_is(const ms_rq *rq, ms_role role) { return rq->q->role == role; }

bool ms_rq_is_satisfaction(const ms_rq *rq)
{
    return ms_rq_is(rq, MS_ROLE_MENTEES_SATISFACTION) || ms_rq_is(rq, MS_ROLE_MENTORS_SATISFACTION);
}

/* Its main scale is shown in the findings and year by year: satisfaction,
 * and a questionnaire of no mentoring role (survey), which has no other
 * section of its own. */
bool ms_rq_has_index(const ms_rq *rq)
{
    return ms_rq_is_satisfaction(rq) || ms_rq_is(rq, MS_ROLE_SURVEY);
}

/* Some questionnaire has a mentoring role: the sections about the mentoring
 * roles (bank, satisfaction, gap) say so when their questionnaires are
 * missing; a programme of surveys only (a course evaluation) has none of
 * them, not even as a note. */
bool ms_report_mentoring(const ms_report *r)
{
    for (size_t i = 0; i < r->n_q; i++)
        if (!ms_rq_is(&r->q[i], MS_ROLE_SURVEY))
            return true;
    return false;
}

bool ms_rq_is_scale(const ms_rq *rq, size_t m)
{
    size_t v = ms_aggregate_measure_var(rq->cur, m);
    return m < ms_aggregate_n_measures(rq->cur) - rq->cb->n_constructs &&
           rq->cb->vars[v].type == MS_TYPE_SCALE;
}

bool ms_rq_is_construct(const ms_rq *rq, size_t m)
{
    return m >= ms_aggregate_n_measures(rq->cur) - rq->cb->n_constructs;
}

/* A long question is cut at a word with "…" (ms_text_clip), never inside a
 * letter: the label goes into the page, a table's CSV and a chart's data. */
/* A label that already says so («… (обратный вопрос: …)»). */
static bool said_reversed(const char *label)
{
    return label && (strstr(label, "обратн") || strstr(label, "Обратн") ||
                     strstr(label, "revers") || strstr(label, "Revers"));
}

void ms_rq_label(const ms_report *r, const ms_rq *rq, size_t m, char *buf, size_t size)
{
    if (ms_rq_is_construct(rq, m)) {
        const char *fmt = MS_TR(r, "Шкала «%s» (среднее)", "Scale \"%s\" (mean)");
        size_t around = strlen(fmt) - 2;
        char inner[256];
        ms_text_clip(inner, size > around && size - around < sizeof inner ? size - around
                                                                          : sizeof inner,
                     ms_measure_label(rq->cur, m));
        snprintf(buf, size, fmt, inner);
    } else if (ms_rq_reverse(rq, m) && !said_reversed(ms_measure_label(rq->cur, m))) {
        /* its wording reads against the recoded answers */
        const char *mark = MS_TR(r, " (обратный)", " (reversed)");
        size_t room = size > strlen(mark) ? size - strlen(mark) : 1;
        ms_text_clip(buf, room, ms_measure_label(rq->cur, m));
        strncat(buf, mark, size - strlen(buf) - 1);
    } else {
        ms_text_clip(buf, size, ms_measure_label(rq->cur, m));
    }
}

bool ms_rq_reverse(const ms_rq *rq, size_t m)
{
    const char *name = ms_measure_name(rq->cur, m);
    for (size_t v = 0; name && v < rq->cb->n_vars; v++)
        if (rq->cb->vars[v].reverse && !strcmp(rq->cb->vars[v].name, name))
            return true;
    return false;
}

/* A table name unique in the report: questionnaire name + what. */
void ms_rq_table_name(char *buf, size_t size, const ms_rq *rq, const char *what)
{
    ms_c_snprintf(buf, size, "%s-%s", rq->q->name, what);
}

const ms_rq *ms_report_role(const ms_report *r, ms_role role)
{
    for (size_t i = 0; i < r->n_q; i++)
        if (ms_rq_is(&r->q[i], role))
            return &r->q[i];
    return NULL;
}
