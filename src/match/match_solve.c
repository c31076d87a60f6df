/*
 * match_solve.c — the exact pairing: a min-cost flow solved by GLPK's
 * out-of-kilter algorithm (glp_mincost_okalg), in two stages.
 *
 * Why a network flow and out-of-kilter: the problem is a transportation
 * problem (mentors supply capacity, mentees demand one mentor), whose
 * constraint matrix is totally unimodular, so with integer data the flow
 * optimum is integral; out-of-kilter works in integer arithmetic only (no
 * simplex tolerances to trust, nothing to round) and returns the node
 * potentials, from which the second stage takes each arc's reduced cost.
 * (GLPK's faster RELAX-IV, glp_mincost_relax4, is disabled in Debian's
 * GLPK 5.0 for licensing reasons: it aborts when called.)
 *
 * Network: source S -> mentor class C (one arc per mentor of C, capacity
 * its capacity), C -> mentee class D (allowed pairs), D -> sink T (one arc
 * per mentee of D, capacity 1), and a bypass S -> T, so that S's supply of
 * n_mentees units always has somewhere to go.
 *
 * Stage 1 (levels 1 and 2 at once): the arc C -> D of score s costs
 * -(K + s) with K = n_mentees * max_score + 1.  Any assignment's total score
 * is at most n_mentees * max_score < K, so one more matched mentee (-K)
 * outweighs every possible difference in score: the minimum has the most
 * matched mentees, and among those the largest total score.
 *
 * Stage 2 (level 3): by LP duality, the optimal flows of stage 1 are exactly
 * the feasible flows that satisfy complementary slackness with stage 1's
 * reduced costs: an arc with reduced cost > 0 carries its lower bound, one
 * with < 0 its capacity.  Fixing those arcs at their flow and re-solving
 * with costs equal to bank positions (mentor i's arcs cost i per unit,
 * mentee j's arc costs j) gives the optimum of level 3 among the optima of
 * levels 1-2 — with small integer costs at each stage, where one weighted
 * objective would need K * n * n and overflow the solver's int costs.
 * Both stages' totals are recomputed from the flows and checked.
 */
#include "mentorstat/match.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <string.h>

typedef struct {
    double rhs, pi;
} vdata;

typedef struct {
    double low, cap, cost, x, rc;
} adata;

enum { ARC_MENTOR, ARC_PAIR, ARC_MENTEE, ARC_BYPASS };

typedef struct {
    glp_arc *a;
    int kind;
    size_t who;      /* mentor, mentee or index into pair arcs */
} arc_ref;

typedef struct {
    const ms_match_problem *p;
    glp_graph *g;
    arc_ref *arcs;
    size_t n_arcs;
    size_t *pair_c, *pair_d;   /* class pair of each ARC_PAIR */
    int *pair_s;
    size_t n_pairs;
    double big;                /* K */
} network;

static adata *ad(glp_arc *a) { return (adata *)a->data; }

static void add_arc(network *nw, int from, int to, int kind, size_t who, double cap,
                    double cost)
{
    glp_arc *a = glp_add_arc(nw->g, from, to);
    *ad(a) = (adata){0, cap, cost, 0, 0};
    nw->arcs[nw->n_arcs++] = (arc_ref){a, kind, who};
}

static ms_status check_problem(const ms_match_problem *p, int *max_score, ms_error *err)
{
    const double large = INT_MAX / 4; /* room for the solver's sums */
    long long supply = 0;
    *max_score = 0;
    for (size_t i = 0; i < p->n_mentors; i++) {
        if (p->capacity[i] < 0 || p->mentor_class[i] >= p->n_mentor_classes)
            return ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0, "invalid matching problem");
        supply += p->capacity[i];
    }
    for (size_t j = 0; j < p->n_mentees; j++)
        if (p->mentee_class[j] >= p->n_mentee_classes)
            return ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0, "invalid matching problem");
    for (size_t k = 0; k < p->n_mentor_classes * p->n_mentee_classes; k++) {
        if (p->score[k] < 0)
            return ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0, "invalid matching problem");
        if (p->score[k] > *max_score)
            *max_score = p->score[k];
    }
    double k1 = (double)p->n_mentees * *max_score + 1;
    if ((double)supply > large || k1 + *max_score > large ||
        (double)(p->n_mentors + p->n_mentees) > large)
        return ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0,
                            "too large to solve exactly (%zu mentors, %zu mentees)",
                            p->n_mentors, p->n_mentees);
    return MS_OK;
}

static ms_status build(network *nw, int max_score, ms_error *err)
{
    const ms_match_problem *p = nw->p;
    size_t nc = p->n_mentor_classes, nd = p->n_mentee_classes;
    long long *class_cap = ms_calloc(nc ? nc : 1, sizeof *class_cap);
    size_t *class_size = ms_calloc(nd ? nd : 1, sizeof *class_size), n_pairs = 0;
    for (size_t k = 0; k < nc * nd; k++)
        n_pairs += p->score[k] > 0;
    size_t max_arcs = p->n_mentors + p->n_mentees + n_pairs + 1;
    nw->arcs = ms_malloc(max_arcs * sizeof *nw->arcs);
    nw->pair_c = ms_malloc((n_pairs + 1) * sizeof *nw->pair_c);
    nw->pair_d = ms_malloc((n_pairs + 1) * sizeof *nw->pair_d);
    nw->pair_s = ms_malloc((n_pairs + 1) * sizeof *nw->pair_s);
    ms_status st = MS_OK;
    if (!class_cap || !class_size || !nw->arcs || !nw->pair_c || !nw->pair_d || !nw->pair_s) {
        st = ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    nw->big = (double)p->n_mentees * max_score + 1;
    /* vertices: 1 = S, 2 = T, then mentor classes, then mentee classes */
    nw->g = glp_create_graph(sizeof(vdata), sizeof(adata));
    glp_add_vertices(nw->g, (int)(2 + nc + nd));
    for (int v = 1; v <= nw->g->nv; v++)
        ((vdata *)nw->g->v[v]->data)->rhs = 0;
    ((vdata *)nw->g->v[1]->data)->rhs = (double)p->n_mentees;
    ((vdata *)nw->g->v[2]->data)->rhs = -(double)p->n_mentees;
    for (size_t i = 0; i < p->n_mentors; i++) {
        class_cap[p->mentor_class[i]] += p->capacity[i];
        if (p->capacity[i] > 0)
            add_arc(nw, 1, (int)(3 + p->mentor_class[i]), ARC_MENTOR, i,
                    (double)p->capacity[i], 0);
    }
    for (size_t j = 0; j < p->n_mentees; j++) {
        class_size[p->mentee_class[j]]++;
        add_arc(nw, (int)(3 + nc + p->mentee_class[j]), 2, ARC_MENTEE, j, 1, 0);
    }
    for (size_t c = 0; c < nc; c++)
        for (size_t d = 0; d < nd; d++) {
            int s = p->score[c * nd + d];
            if (s <= 0 || class_cap[c] == 0 || class_size[d] == 0)
                continue;
            double cap = (double)class_cap[c] < (double)class_size[d] ? (double)class_cap[c]
                                                                     : (double)class_size[d];
            nw->pair_c[nw->n_pairs] = c, nw->pair_d[nw->n_pairs] = d, nw->pair_s[nw->n_pairs] = s;
            add_arc(nw, (int)(3 + c), (int)(3 + nc + d), ARC_PAIR, nw->n_pairs++, cap,
                    -(nw->big + s));
        }
    add_arc(nw, 1, 2, ARC_BYPASS, 0, (double)p->n_mentees, 0);
cleanup:
    ms_free(class_cap);
    ms_free(class_size);
    return st;
}

static ms_status okalg(network *nw, ms_error *err)
{
    double sol;
    int rc = glp_mincost_okalg(nw->g, offsetof(vdata, rhs), offsetof(adata, low),
                               offsetof(adata, cap), offsetof(adata, cost), &sol,
                               offsetof(adata, x), offsetof(vdata, pi));
    if (rc != 0)
        return ms_error_set(err, MS_ERR_MATH, NULL, 0, 0,
                            "the min-cost flow solver failed (GLPK code %d)", rc);
    for (size_t k = 0; k < nw->n_arcs; k++) {
        glp_arc *arc = nw->arcs[k].a;
        adata *a = ad(arc);
        if (a->x != floor(a->x) || a->x < a->low || a->x > a->cap)
            return ms_error_set(err, MS_ERR_MATH, NULL, 0, 0,
                                "the solver returned a fractional or infeasible flow");
        /* the LP's reduced cost with GLPK's potentials (Lagrange multipliers) */
        a->rc = a->cost - ((vdata *)arc->tail->data)->pi + ((vdata *)arc->head->data)->pi;
    }
    return MS_OK;
}

/* Stage 2's bounds and costs from stage 1's reduced costs. */
static ms_status restrict_to_optima(network *nw, ms_error *err)
{
    for (size_t k = 0; k < nw->n_arcs; k++) {
        adata *a = ad(nw->arcs[k].a);
        if ((a->rc > 0 && a->x != a->low) || (a->rc < 0 && a->x != a->cap))
            return ms_error_set(err, MS_ERR_MATH, NULL, 0, 0,
                                "the solver's flow and reduced costs disagree");
        if (a->rc != 0)
            a->low = a->cap = a->x;
        int kind = nw->arcs[k].kind;
        a->cost = kind == ARC_MENTOR || kind == ARC_MENTEE ? (double)nw->arcs[k].who : 0;
    }
    return MS_OK;
}

static void totals_of(const network *nw, ms_match_totals *t)
{
    memset(t, 0, sizeof *t);
    for (size_t k = 0; k < nw->n_arcs; k++) {
        const arc_ref *r = &nw->arcs[k];
        long long x = (long long)ad(r->a)->x;
        if (r->kind == ARC_PAIR) {
            t->matched += (size_t)x;
            t->total_score += x * nw->pair_s[r->who];
        } else if (r->kind == ARC_MENTOR || r->kind == ARC_MENTEE) {
            t->order_cost += x * (long long)r->who;
        }
    }
}

/* People from class flows: within a class pair, mentors' units and mentees
 * are taken in bank order. */
static ms_status assign(const network *nw, long *mentor_of, ms_error *err)
{
    const ms_match_problem *p = nw->p;
    size_t nc = p->n_mentor_classes, nd = p->n_mentee_classes;
    size_t *unit_start = ms_calloc(nc + 1, sizeof *unit_start);
    size_t *mentee_start = ms_calloc(nd + 1, sizeof *mentee_start);
    long *units = ms_malloc((p->n_mentees + 1) * sizeof *units);
    long *mentees = ms_malloc((p->n_mentees + 1) * sizeof *mentees);
    long *mflow = ms_calloc(p->n_mentors + 1, sizeof *mflow);
    ms_status st = MS_OK;
    if (!unit_start || !mentee_start || !units || !mentees || !mflow) {
        st = ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    for (size_t j = 0; j < p->n_mentees; j++)
        mentor_of[j] = -1;
    for (size_t k = 0; k < nw->n_arcs; k++) {
        const arc_ref *r = &nw->arcs[k];
        long x = (long)ad(r->a)->x;
        if (r->kind == ARC_MENTOR)
            mflow[r->who] = x, unit_start[p->mentor_class[r->who] + 1] += (size_t)x;
        else if (r->kind == ARC_MENTEE && x)
            mentee_start[p->mentee_class[r->who] + 1]++;
    }
    for (size_t c = 0; c < nc; c++)
        unit_start[c + 1] += unit_start[c];
    for (size_t d = 0; d < nd; d++)
        mentee_start[d + 1] += mentee_start[d];
    if (unit_start[nc] > p->n_mentees || mentee_start[nd] > p->n_mentees) {
        st = ms_error_set(err, MS_ERR_MATH, NULL, 0, 0, "the solver's flow is not balanced");
        goto cleanup;
    }
    {
        size_t *fill_u = ms_malloc((nc + 1) * sizeof *fill_u);
        size_t *fill_m = ms_malloc((nd + 1) * sizeof *fill_m);
        if (!fill_u || !fill_m) {
            ms_free(fill_u), ms_free(fill_m);
            st = ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
            goto cleanup;
        }
        memcpy(fill_u, unit_start, nc * sizeof *fill_u);
        memcpy(fill_m, mentee_start, nd * sizeof *fill_m);
        for (size_t i = 0; i < p->n_mentors; i++)
            for (long u = 0; u < mflow[i]; u++)
                units[fill_u[p->mentor_class[i]]++] = (long)i;
        for (size_t k = 0; k < nw->n_arcs; k++)
            if (nw->arcs[k].kind == ARC_MENTEE && ad(nw->arcs[k].a)->x > 0)
                mentees[fill_m[p->mentee_class[nw->arcs[k].who]]++] = (long)nw->arcs[k].who;
        /* pair arcs were added by (c, d) ascending: take from each class in turn */
        memcpy(fill_u, unit_start, nc * sizeof *fill_u);
        memcpy(fill_m, mentee_start, nd * sizeof *fill_m);
        for (size_t k = 0; k < nw->n_arcs; k++) {
            const arc_ref *r = &nw->arcs[k];
            if (r->kind != ARC_PAIR)
                continue;
            size_t c = nw->pair_c[r->who], d = nw->pair_d[r->who];
            for (long x = (long)ad(r->a)->x; x > 0; x--)
                mentor_of[mentees[fill_m[d]++]] = units[fill_u[c]++];
        }
        ms_free(fill_u);
        ms_free(fill_m);
    }
cleanup:
    ms_free(unit_start);
    ms_free(mentee_start);
    ms_free(units);
    ms_free(mentees);
    ms_free(mflow);
    return st;
}

ms_status ms_match_solve(const ms_match_problem *p, long *mentor_of, ms_match_totals *totals,
                         ms_error *err)
{
    network nw = {.p = p};
    ms_match_totals first, second;
    int max_score;
    ms_status st = check_problem(p, &max_score, err);
    if (st == MS_OK)
        st = build(&nw, max_score, err);
    if (st == MS_OK)
        st = okalg(&nw, err);
    if (st == MS_OK) {
        totals_of(&nw, &first);
        st = restrict_to_optima(&nw, err);
    }
    if (st == MS_OK)
        st = okalg(&nw, err);
    if (st == MS_OK) {
        totals_of(&nw, &second);
        if (second.matched != first.matched || second.total_score != first.total_score)
            st = ms_error_set(err, MS_ERR_MATH, NULL, 0, 0,
                              "the tie-break stage changed the optimum (%zu/%lld to %zu/%lld)",
                              first.matched, first.total_score, second.matched,
                              second.total_score);
    }
    if (st == MS_OK)
        st = assign(&nw, mentor_of, err);
    if (st == MS_OK && totals)
        *totals = second;
    if (nw.g)
        glp_delete_graph(nw.g);
    glp_free_env(); /* this thread's GLPK environment (match.h) */
    ms_free(nw.arcs);
    ms_free(nw.pair_c);
    ms_free(nw.pair_d);
    ms_free(nw.pair_s);
    return st;
}
