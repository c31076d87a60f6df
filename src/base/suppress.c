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

void ms_suppress_groups(const double *n, size_t k, double min_group, ms_group_hiding *out)
{
    for (size_t i = 0; i < k; i++)
        out[i] = n[i] > 0 && n[i] < min_group ? MS_GROUP_SMALL : MS_GROUP_SHOWN;
    while (!ms_suppression_safe(n, k, min_group, out)) {
        size_t next = k;
        for (size_t i = 0; i < k; i++)
            if (n[i] > 0 && out[i] == MS_GROUP_SHOWN && (next == k || n[i] < n[next]))
                next = i;
        if (next == k)
            return; /* everything hidden: nothing of the breakdown is shown */
        out[next] = MS_GROUP_COMPLEMENT;
    }
}
