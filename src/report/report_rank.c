/*
 * report_rank.c — practices (forms, pairs, organisations) ranked by their
 * empirical-Bayes shrunken index (ms_shrink), for the sections that name
 * candidates for the methodological collection.
 */
#include "report_int.h"

#include <gsl/gsl_heapsort.h>
#include <math.h>

static int by_shrunk(const void *x, const void *y)
{
    const ms_rpractice *a = x, *b = y;
    if (a->shrunk != b->shrunk)
        return a->shrunk < b->shrunk ? 1 : -1;
    if (a->raw != b->raw)
        return a->raw < b->raw ? 1 : -1;
    if (a->n != b->n)
        return a->n < b->n ? 1 : -1;
    /* a total order (form, then pair index), so the ranking does not depend
     * on the sorting algorithm */
    if (a->form != b->form)
        return a->form < b->form ? -1 : 1;
    return (a->pair > b->pair) - (a->pair < b->pair);
}

ms_status ms_report_shrink_rank(ms_report *r, ms_rpractice *p, size_t *n, const double *vars)
{
    ms_moments *mo = ms_calloc(*n + 1, sizeof *mo);
    double *est = ms_calloc(3 * (*n + 1), sizeof *est);
    if (!mo || !est) {
        ms_free(mo), ms_free(est);
        return NOMEM(r);
    }
    for (size_t i = 0; i < *n; i++)
        mo[i] = (ms_moments){p[i].n, p[i].raw, vars[i]};
    double tau2, *lo = est + *n + 1, *hi = lo + *n + 1;
    const char *why;
    ms_shrink(mo, *n, est, lo, hi, &tau2, &why); /* unshrunk ones stay NAN */
    size_t m = 0;
    for (size_t i = 0; i < *n; i++)
        if (isfinite(est[i])) {
            p[m] = p[i];
            p[m].shrunk = est[i], p[m].lo = lo[i], p[m].hi = hi[i];
            m++;
        }
    *n = m;
    gsl_heapsort(p, m, sizeof *p, by_shrunk);
    ms_free(mo);
    ms_free(est);
    return MS_OK;
}
