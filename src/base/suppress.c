/* suppress.c — the small-group rule (suppress.h, docs/privacy.md). */
#include "mentorstat/suppress.h"

bool ms_suppression_safe(const double *n, size_t k, double min_group, const ms_group_hiding *h)
{
    double hidden = 0;
    for (size_t i = 0; i < k; i++)
        hidden += n[i] > 0 && h[i] != MS_GROUP_SHOWN ? n[i] : 0;
    for (size_t i = 0; i < k; i++)
        if (n[i] > 0 && h[i] != MS_GROUP_SHOWN && hidden - n[i] < min_group)
            return false;
    return true;
}

/* The smallest group still shown, k when none is. */
static size_t smallest_shown(const double *n, size_t k, const ms_group_hiding *h)
{
    size_t next = k;
    for (size_t i = 0; i < k; i++)
        if (n[i] > 0 && h[i] == MS_GROUP_SHOWN && (next == k || n[i] < n[next]))
            next = i;
    return next;
}

void ms_suppress_groups(const double *n, size_t k, double min_group, ms_group_hiding *out)
{
    for (size_t i = 0; i < k; i++)
        out[i] = n[i] > 0 && n[i] < min_group ? MS_GROUP_SMALL : MS_GROUP_SHOWN;
    while (!ms_suppression_safe(n, k, min_group, out)) {
        size_t next = smallest_shown(n, k, out);
        if (next == k)
            return; /* everything hidden: nothing of the breakdown is shown */
        out[next] = MS_GROUP_COMPLEMENT;
    }
}

/* What insider p learns of the others: each shown group's rows less its
 * share, and the hidden ones' together; each 0 or at least min_group.  With
 * `bad`, the smallest shown group breaking it is named there (k: none). */
static bool parts_safe(const double *n, size_t k, const double *part, size_t n_parts,
                       double min_group, const ms_group_hiding *h, size_t *bad)
{
    bool safe = true;
    *bad = k;
    for (size_t p = 0; p < n_parts; p++) {
        double hidden = 0;
        for (size_t i = 0; i < k; i++) {
            double rest = n[i] - part[p * k + i];
            if (n[i] <= 0)
                continue;
            if (h[i] != MS_GROUP_SHOWN) {
                hidden += rest;
            } else if (rest > 0 && rest < min_group) {
                safe = false;
                *bad = *bad == k || n[i] < n[*bad] ? i : *bad;
            }
        }
        safe = safe && !(hidden > 0 && hidden < min_group);
    }
    return safe;
}

void ms_suppress_groups_parts(const double *n, size_t k, const double *part, size_t n_parts,
                              double min_group, ms_group_hiding *out)
{
    size_t bad;
    ms_suppress_groups(n, k, min_group, out);
    if (min_group <= 0)
        return;
    while (!parts_safe(n, k, part, n_parts, min_group, out, &bad) ||
           !ms_suppression_safe(n, k, min_group, out)) {
        if (bad == k)
            bad = smallest_shown(n, k, out);
        if (bad == k)
            return; /* everything hidden */
        out[bad] = MS_GROUP_COMPLEMENT;
    }
}
