/*
 * suppress.h — the small-group rule (docs/privacy.md): which groups of a
 * grouping to hide so that neither a reader nor a hidden group knowing its
 * own figures can work out another hidden group from the published total.
 * Used by the results (each `by` variable), the report (organisations) and
 * summaries (`--min-group`); one implementation, src/base/suppress.c.
 */
#ifndef MENTORSTAT_SUPPRESS_H
#define MENTORSTAT_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

/* Why a group of a --by variable is not shown (docs/privacy.md). */
typedef enum {
    MS_GROUP_SHOWN = 0,
    MS_GROUP_SMALL,         /* fewer rows than min_group */
    MS_GROUP_COMPLEMENT     /* large enough, hidden so that no other hidden group can be derived */
} ms_group_hiding;

/* Decide which of k groups of sizes n[0..k) to hide (n <= 0: no group):
 * those below min_group, then, smallest first, as many more as it takes
 * until every hidden group is protected against an outsider and an insider.
 * With H the hidden groups and N_H their rows, the rule holds when H is
 * empty, or when for every h in H: N_H - n_h >= min_group (what remains of
 * the hidden total after one hidden group takes away its own figures is at
 * least a publishable group; it implies at least three hidden groups
 * whenever one is small).  When every group is hidden the rule may still
 * fail (two groups only): nothing of the breakdown is shown then.
 * min_group <= 0 hides nothing.  Documented in docs/privacy.md. */
void ms_suppress_groups(const double *n, size_t k, double min_group, ms_group_hiding *out);
/* ms_suppress_groups against insiders who also know their own share of
 * every group: n_parts of them (the organisations of a territory), insider
 * p holding part[p * k + i] of group i's rows.  Besides the rule above,
 * for every insider a shown group's rows less its share must be 0 or at
 * least min_group (else it takes its share from the published group and
 * learns the few others in it), and so must the hidden groups' rows less
 * its shares of them.  Groups are hidden, those breaking the first
 * condition first (smallest first), then the smallest shown, until both
 * hold or every group is hidden (the report then refuses the published
 * copy: docs/privacy.md).  n_parts 0: ms_suppress_groups. */
void ms_suppress_groups_parts(const double *n, size_t k, const double *part, size_t n_parts,
                              double min_group, ms_group_hiding *out);
/* Whether the rule above holds for a given choice (the tests' oracle). */
bool ms_suppression_safe(const double *n, size_t k, double min_group, const ms_group_hiding *h);

#endif
