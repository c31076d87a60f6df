/*
 * report_forms.h — the compared construct as a 0–100 index per form, pooled
 * over this year's answers of both satisfaction questionnaires, from their
 * aggregates (report_forms.c).
 *
 * Contract: computed from the aggregates' value counts only, so a report
 * from .msum summaries ranks forms exactly as one from the raw files they
 * were made of.  Forms are matched by label; `forms` follows
 * ms_ranswers.forms, into which ms_report_intern_forms puts every level of
 * the form variable the aggregates have (natural order, mentees' first).
 */
#ifndef MENTORSTAT_REPORT_FORMS_H
#define MENTORSTAT_REPORT_FORMS_H

#include "report_int.h"

/* Moments of the index per form (room for answers->n_forms; NULL: none)
 * and over every answer. */
void ms_report_form_sums(const ms_report *r, ms_accum *forms, ms_accum *all);
/* The form levels of both aggregates into answers->forms; -1 on no memory. */
int ms_report_intern_forms(const ms_report *r, ms_ranswers *a,
                           long (*intern)(ms_ranswers *a, const char *label));

#endif
