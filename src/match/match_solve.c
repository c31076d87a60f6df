/*
 * match_solve.c — the exact pairing: a min-cost flow solved by GLPK's
 * out-of-kilter algorithm (glp_mincost_okalg), one stage per level of the
 * objective.
 *
 * Why a network flow and out-of-kilter: the problem is a transportation
 * problem (mentors supply places, mentees demand one mentor), whose
 * constraint matrix is totally unimodular, so with integer data the flow
 * optimum is integral; out-of-kilter works in integer arithmetic only (no
 * simplex tolerances to trust, nothing to round) and returns the node
 * potentials, from which the next stage takes each arc's reduced cost.
 * (GLPK's faster RELAX-IV, glp_mincost_relax4, is disabled in Debian's
 * GLPK 5.0 for licensing reasons: it aborts when called.  glp_simplex on
 * the same network as an LP took 15 s on the benchmark, and its duals are
 * floating point.)
 *
 * Speed (docs/match.md, bench/README.md): GLPK's out-of-kilter always
 * starts from the zero flow and zero potentials, and pushing every unit of
 * supply from nothing through 130,000 pair arcs whose costs are about -K
 * was 80 % of a large bank's time.  So each solve is a round on the
 * residual network of the flow so far, costed by the reduced costs of the
 * potentials so far (okalg_round): the same optimum, with a warm start.
 * And a stage solves by pricing (okalg): a small set of arcs first, then
 * every arc left out whose reduced cost is negative, until there is none,
 * which proves the flow optimal on the whole network.
 *
 * Network: source S -> mentor class C (per mentor of C: their places, one
 * arc, or with the load spread one arc per place, see below), C -> mentee
 * class D (allowed pairs of classes), D -> sink T (per mentee of D, capacity
 * 1); and a bypass S -> T, so that S's supply of n_mentees units always has
 * somewhere to go.  Classes keep the pair arcs few (a bank of thousands has
 * a few hundred classes); the per-person arcs carry what is personal:
 * places, load, bank positions.  A wish needs an arc of its own between its
 * two people, so a mentor or mentee with a wish arc gets a vertex of their
 * own on their path: S -> M_i -> C and D -> N_j -> T, and the wish arc
 * M_i -> N_j (the others keep the shorter paths: fewer vertices, a faster
 * solve).
 *
 * Levels, each a stage (section "Objective" of docs/match.md):
 *  1+2  pair and wish arcs of score s cost -(K + s), K = n_mentees *
 *       max_score + 1.  Any assignment's total score is at most n_mentees *
 *       max_score < K, so one more matched mentee (-K) outweighs every
 *       possible difference in score: the minimum has the most matched
 *       mentees, and among those the largest total score.
 *  3    wishes: a wish arc costs -gain (its rank's weight).
 *  4    load spread: the t-th mentee of a mentor (counting kept pairs)
 *       costs t - 1 on the t-th of the mentor's unit arcs from S, so a load
 *       of L costs L(L-1)/2, a strictly convex function: for a given number
 *       of mentees their sum is least exactly when the loads are as even as
 *       the allowed pairs permit (sum of L^2 least).  Convexity makes the
 *       cheaper units fill first, so unit arcs model it exactly.
 *  5    bank positions: mentor i's units cost i, mentee j's arc to T costs j.
 *       This settles which mentees are matched and each mentor's load,
 *       not who goes with whom among assignments equal at all five levels
 *       (two mentees of one score with each of two mentors): that is the
 *       solver's path, the same for the same input, changed when the path
 *       changes (the warm start and pricing changed 2 of the example's 41
 *       pairs and 1,185 of the benchmark's 3,981, every level equal).
 * Between stages, by LP duality, the optimal flows of a stage are exactly
 * the feasible flows that satisfy complementary slackness with its reduced
 * costs: an arc with reduced cost > 0 carries its lower bound, one with
 * < 0 its capacity.  Fixing those arcs at their flow and solving with the
 * next level's costs gives that level's optimum among the previous optima,
 * with small integer costs at each stage (one weighted objective would
 * need K * n^4 and overflow the solver's int costs).  Every stage's totals
 * are recomputed from the flows and the earlier levels checked unchanged.
 */
#include "mentorstat/match.h"

#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <string.h>

typedef struct {
    double rhs, pi;
    double p;        /* the stage's potential so far: the sum of the rounds' pi */
} vdata;

typedef struct {
    double low, cap, cost, x, rc;
} adata;

enum { ARC_MENTOR, ARC_UNIT, ARC_MCLASS, ARC_PAIR, ARC_DMENTEE, ARC_MENTEE, ARC_WISH, ARC_BYPASS };
enum { STAGE_COVER, STAGE_WISH, STAGE_SPREAD, STAGE_ORDER };

typedef struct {
    glp_arc *a;
    int kind;
    size_t who;      /* mentor, mentee, pair arc or wish index */
    long unit;       /* ARC_UNIT: the mentor's t-th mentee, counting kept pairs */
} arc_ref;

typedef struct {
    const ms_match_problem *p;
    glp_graph *g;
    arc_ref *arcs;
    size_t n_arcs;
    size_t *pair_c, *pair_d;   /* class pair of each ARC_PAIR */
    int *pair_s;
    int *wish_s;               /* score of each wish's pair, 0: not allowed, no arc */
    int *mnode, *enode;        /* a person's own vertex, 0: none (no wish arc of theirs) */
    size_t n_pairs;
    double big;                /* K */
    char *active;              /* the arc is in the rounds' network (pricing) */
} network;

static adata *ad(glp_arc *a) { return (adata *)a->data; }

static void add_arc(network *nw, int from, int to, int kind, size_t who, long unit,
                    double cap)
{
    glp_arc *a = glp_add_arc(nw->g, from, to);
    *ad(a) = (adata){0, cap, 0, 0, 0};
    nw->arcs[nw->n_arcs++] = (arc_ref){a, kind, who, unit};
}

static long load_of(const ms_match_problem *p, size_t i)
{
    return p->load ? p->load[i] : 0;
}

static ms_status check_problem(const ms_match_problem *p, int *max_score, ms_error *err)
{
    const double large = INT_MAX / 4; /* room for the solver's sums */
    double supply = 0;
    *max_score = 0;
    for (size_t i = 0; i < p->n_mentors; i++) {
        if (p->capacity[i] < 0 || load_of(p, i) < 0 || p->mentor_class[i] >= p->n_mentor_classes)
            return ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0, "invalid matching problem");
        supply += (double)(p->capacity[i] < (long)p->n_mentees ? p->capacity[i]
                                                                 : (long)p->n_mentees);
        if ((double)load_of(p, i) + (double)p->n_mentees > large)
            return ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0, "invalid matching problem");
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
    for (size_t w = 0; w < p->n_wishes; w++)
        if (p->wishes[w].mentor >= p->n_mentors || p->wishes[w].mentee >= p->n_mentees ||
            p->wishes[w].gain <= 0 || p->wishes[w].gain > 1000)
            return ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0, "invalid matching problem");
    double k1 = (double)p->n_mentees * *max_score + 1;
    if (supply > large || k1 + *max_score > large ||
        (double)(p->n_mentors + p->n_mentees) > large)
        return ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0,
                            "too large to solve exactly (%zu mentors, %zu mentees)",
                            p->n_mentors, p->n_mentees);
    return MS_OK;
}

/* a mentor's places that can be used: no more than there are mentees */
static long places(const ms_match_problem *p, size_t i)
{
    return p->capacity[i] < (long)p->n_mentees ? p->capacity[i] : (long)p->n_mentees;
}

static ms_status build(network *nw, int max_score, ms_error *err)
{
    const ms_match_problem *p = nw->p;
    size_t nm = p->n_mentors, ne = p->n_mentees, nc = p->n_mentor_classes,
           nd = p->n_mentee_classes;
    long long *class_cap = ms_calloc(nc ? nc : 1, sizeof *class_cap);
    size_t *class_size = ms_calloc(nd ? nd : 1, sizeof *class_size), n_pairs = 0, n_units = 0;
    for (size_t k = 0; k < nc * nd; k++)
        n_pairs += p->score[k] > 0;
    for (size_t i = 0; i < nm; i++)
        n_units += p->spread ? (size_t)places(p, i) : 1;
    size_t max_arcs = n_units + nm + n_pairs + 2 * ne + p->n_wishes + 1;
    nw->arcs = ms_malloc(max_arcs * sizeof *nw->arcs);
    nw->pair_c = ms_malloc((n_pairs + 1) * sizeof *nw->pair_c);
    nw->pair_d = ms_malloc((n_pairs + 1) * sizeof *nw->pair_d);
    nw->pair_s = ms_malloc((n_pairs + 1) * sizeof *nw->pair_s);
    nw->wish_s = ms_calloc(p->n_wishes + 1, sizeof *nw->wish_s);
    nw->mnode = ms_calloc(nm + 1, sizeof *nw->mnode);
    nw->enode = ms_calloc(ne + 1, sizeof *nw->enode);
    ms_status st = MS_OK;
    if (!class_cap || !class_size || !nw->arcs || !nw->pair_c || !nw->pair_d || !nw->pair_s ||
        !nw->wish_s || !nw->mnode || !nw->enode) {
        st = ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    nw->big = (double)ne * max_score + 1;
    /* vertices: 1 = S, 2 = T, mentor classes, mentee classes, then the
     * people with a wish arc */
    int v_c = 3, v_d = v_c + (int)nc, nv = v_d + (int)nd - 1;
    for (size_t w = 0; w < p->n_wishes; w++) {
        size_t i = p->wishes[w].mentor, j = p->wishes[w].mentee;
        nw->wish_s[w] = p->score[p->mentor_class[i] * nd + p->mentee_class[j]];
        if (nw->wish_s[w] <= 0 || places(p, i) <= 0)
            continue;
        if (!nw->mnode[i])
            nw->mnode[i] = ++nv;
        if (!nw->enode[j])
            nw->enode[j] = ++nv;
    }
    nw->g = glp_create_graph(sizeof(vdata), sizeof(adata));
    glp_add_vertices(nw->g, nv);
    for (int v = 1; v <= nw->g->nv; v++)
        ((vdata *)nw->g->v[v]->data)->rhs = 0;
    ((vdata *)nw->g->v[1]->data)->rhs = (double)ne;
    ((vdata *)nw->g->v[2]->data)->rhs = -(double)ne;
    for (size_t i = 0; i < nm; i++) {
        long u = places(p, i);
        if (u <= 0)
            continue;
        class_cap[p->mentor_class[i]] += u;
        int c = v_c + (int)p->mentor_class[i], to = nw->mnode[i] ? nw->mnode[i] : c;
        if (!p->spread)
            add_arc(nw, 1, to, ARC_MENTOR, i, 0, (double)u);
        for (long t = 1; p->spread && t <= u; t++)
            add_arc(nw, 1, to, ARC_UNIT, i, load_of(p, i) + t, 1);
        if (nw->mnode[i])
            add_arc(nw, to, c, ARC_MCLASS, i, 0, (double)u);
    }
    for (size_t j = 0; j < ne; j++) {
        int d = v_d + (int)p->mentee_class[j];
        class_size[p->mentee_class[j]]++;
        if (nw->enode[j])
            add_arc(nw, d, nw->enode[j], ARC_DMENTEE, j, 0, 1);
        add_arc(nw, nw->enode[j] ? nw->enode[j] : d, 2, ARC_MENTEE, j, 0, 1);
    }
    for (size_t c = 0; c < nc; c++)
        for (size_t d = 0; d < nd; d++) {
            int s = p->score[c * nd + d];
            if (s <= 0 || class_cap[c] == 0 || class_size[d] == 0)
                continue;
            double cap = (double)class_cap[c] < (double)class_size[d] ? (double)class_cap[c]
                                                                     : (double)class_size[d];
            nw->pair_c[nw->n_pairs] = c, nw->pair_d[nw->n_pairs] = d, nw->pair_s[nw->n_pairs] = s;
            add_arc(nw, v_c + (int)c, v_d + (int)d, ARC_PAIR, nw->n_pairs++, 0, cap);
        }
    for (size_t w = 0; w < p->n_wishes; w++) {
        size_t i = p->wishes[w].mentor, j = p->wishes[w].mentee;
        if (nw->wish_s[w] > 0 && places(p, i) > 0)
            add_arc(nw, nw->mnode[i], nw->enode[j], ARC_WISH, w, 0, 1);
    }
    /* the first flow, where the first round starts: every mentee's unit on
     * the bypass */
    add_arc(nw, 1, 2, ARC_BYPASS, 0, 0, (double)ne);
    ad(nw->arcs[nw->n_arcs - 1].a)->x = (double)ne;
cleanup:
    ms_free(class_cap);
    ms_free(class_size);
    return st;
}

/* Pricing starts from every arc but the pair arcs, and of those the
 * first_arcs (default FIRST_ARCS) of the highest score at each mentee class
 * and at each mentor class (ties: the earlier class); the rounds add what
 * the optimum needs.  5 was the fastest on the benchmark (2,000 x 6,000:
 * 3 adds 22,000 arcs in the second round, 20 starts with 36,500). */
enum { FIRST_ARCS = 5 };

static ms_status activate_best(network *nw, const size_t *cls, size_t n_cls, int max_score,
                               ms_error *err)
{
    size_t w = (size_t)max_score + 1;
    size_t *take = ms_calloc(n_cls * w + 1, sizeof *take);
    if (!take)
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < nw->n_pairs; k++)
        take[cls[k] * w + (size_t)nw->pair_s[k]]++;
    /* per class, how many arcs of each score to take, the best first */
    size_t first = nw->p->first_arcs ? nw->p->first_arcs : FIRST_ARCS;
    for (size_t x = 0; x < n_cls; x++) {
        size_t left = first;
        for (size_t sc = w; sc-- > 1;) {
            size_t *t = &take[x * w + sc];
            *t = *t < left ? *t : left;
            left -= *t;
        }
    }
    for (size_t k = 0; k < nw->n_arcs; k++) {
        const arc_ref *r = &nw->arcs[k];
        size_t *t = r->kind == ARC_PAIR ? &take[cls[r->who] * w + (size_t)nw->pair_s[r->who]]
                                        : NULL;
        if (t && *t)
            nw->active[k] = 1, (*t)--;
    }
    ms_free(take);
    return MS_OK;
}

static ms_status select_first_arcs(network *nw, int max_score, ms_error *err)
{
    if (!(nw->active = ms_calloc(nw->n_arcs + 1, 1)))
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < nw->n_arcs; k++)
        nw->active[k] = nw->arcs[k].kind != ARC_PAIR;
    ms_status st = activate_best(nw, nw->pair_d, nw->p->n_mentee_classes, max_score, err);
    return st == MS_OK ? activate_best(nw, nw->pair_c, nw->p->n_mentor_classes, max_score, err)
                       : st;
}

/* The costs of one stage. */
static void set_costs(network *nw, int stage)
{
    for (size_t k = 0; k < nw->n_arcs; k++) {
        const arc_ref *r = &nw->arcs[k];
        double c = 0;
        switch (stage) {
        case STAGE_COVER:
            if (r->kind == ARC_PAIR)
                c = -(nw->big + nw->pair_s[r->who]);
            else if (r->kind == ARC_WISH)
                c = -(nw->big + nw->wish_s[r->who]);
            break;
        case STAGE_WISH:
            if (r->kind == ARC_WISH)
                c = -nw->p->wishes[r->who].gain;
            break;
        case STAGE_SPREAD:
            if (r->kind == ARC_UNIT)
                c = (double)(r->unit - 1);
            break;
        default:
            if (r->kind == ARC_MENTOR || r->kind == ARC_UNIT || r->kind == ARC_MENTEE)
                c = (double)r->who;
        }
        ad(r->a)->cost = c;
    }
}

/* The rounds solve the arcs still free (low < cap) only: an arc fixed by an
 * earlier stage keeps its flow and leaves the network, so the later stages,
 * on the optimal face, are small.  The potentials give every arc, in the
 * network or not, its reduced cost. */
static double pot(glp_graph *g, int v) { return ((vdata *)g->v[v]->data)->p; }

static double reduced(glp_graph *g, const glp_arc *a)
{
    return ((const adata *)a->data)->cost - pot(g, a->tail->i) + pot(g, a->head->i);
}

/* One round: the residual network of the current flow over the free
 * arcs in the round's set, costed by the reduced costs of the potentials
 * so far.  Its optimal circulation added to the flow is the optimal flow
 * of those arcs (the same optimum: a circulation's cost does not change
 * with potentials), and its potentials added to ours are optimal duals;
 * out-of-kilter then starts where the last round ended rather than from
 * nothing, which is most of its time on a network of this shape. */
/* Potentials only speed the rounds up, and out-of-kilter wants costs in
 * int: should the reduced costs grow past a quarter of INT_MAX (a bank far
 * larger than any school's), the round starts from zero potentials, where
 * the costs are the stage's own, which check_problem bounds. */
static void keep_costs_small(network *nw)
{
    double largest = 0;
    for (size_t k = 0; k < nw->n_arcs; k++)
        if (nw->active[k] && fabs(reduced(nw->g, nw->arcs[k].a)) > largest)
            largest = fabs(reduced(nw->g, nw->arcs[k].a));
    for (int v = 1; largest > INT_MAX / 4 && v <= nw->g->nv; v++)
        ((vdata *)nw->g->v[v]->data)->p = 0;
}

/* The residual network of the set's free arcs: room forward at the reduced
 * cost, flow backward at its negative. */
static void build_residual(const network *nw, glp_graph *res, glp_arc **fwd, glp_arc **back)
{
    glp_graph *g = nw->g;
    glp_add_vertices(res, g->nv);
    for (int v = 1; v <= g->nv; v++)
        ((vdata *)res->v[v]->data)->rhs = 0;
    for (size_t k = 0; k < nw->n_arcs; k++) {
        glp_arc *a = nw->arcs[k].a;
        const adata *d = ad(a);
        if (d->low == d->cap || !nw->active[k])
            continue;
        double c = reduced(g, a);
        if (d->x < d->cap) {
            fwd[k] = glp_add_arc(res, a->tail->i, a->head->i);
            *ad(fwd[k]) = (adata){0, d->cap - d->x, c, 0, 0};
        }
        if (d->x > d->low) {
            back[k] = glp_add_arc(res, a->head->i, a->tail->i);
            *ad(back[k]) = (adata){0, d->x - d->low, -c, 0, 0};
        }
    }
}

static ms_status okalg_round(network *nw, ms_error *err)
{
    keep_costs_small(nw);
    glp_graph *g = nw->g, *res = glp_create_graph(sizeof(vdata), sizeof(adata));
    glp_arc **fwd = ms_calloc(nw->n_arcs + 1, sizeof *fwd);
    glp_arc **back = ms_calloc(nw->n_arcs + 1, sizeof *back);
    ms_status st = MS_OK;
    if (!fwd || !back) {
        st = ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    build_residual(nw, res, fwd, back);
    double sol;
    int rc = glp_mincost_okalg(res, offsetof(vdata, rhs), offsetof(adata, low),
                               offsetof(adata, cap), offsetof(adata, cost), &sol,
                               offsetof(adata, x), offsetof(vdata, pi));
    if (rc != 0) {
        st = ms_error_set(err, MS_ERR_MATH, NULL, 0, 0,
                          "the min-cost flow solver failed (GLPK code %d)", rc);
        goto cleanup;
    }
    for (int v = 1; v <= g->nv; v++)
        ((vdata *)g->v[v]->data)->p += ((vdata *)res->v[v]->data)->pi;
    for (size_t k = 0; st == MS_OK && k < nw->n_arcs; k++) {
        glp_arc *arc = nw->arcs[k].a;
        adata *a = ad(arc);
        a->x += (fwd[k] ? ad(fwd[k])->x : 0) - (back[k] ? ad(back[k])->x : 0);
        if (a->x != floor(a->x) || a->x < a->low || a->x > a->cap)
            st = ms_error_set(err, MS_ERR_MATH, NULL, 0, 0,
                              "the solver returned a fractional or infeasible flow");
        a->rc = reduced(g, arc);
    }
cleanup:
    glp_delete_graph(res);
    ms_free(fwd);
    ms_free(back);
    return st;
}

/* A stage's optimum by pricing: solve the arcs of the set, then add every
 * free arc left out whose reduced cost is negative, until there is none.
 * Then the flow (the arcs left out at their lower bound, 0) and the
 * potentials satisfy complementary slackness on every arc of the network,
 * which proves the flow optimal for the whole network, not only for the
 * set (restrict_to_optima checks it arc by arc).  The set starts small
 * (select_first_arcs): of the benchmark's 123,800 pair arcs 12,300 ever
 * enter it. */
static ms_status okalg(network *nw, ms_error *err)
{
    for (;;) {
        ms_status st = okalg_round(nw, err);
        if (st != MS_OK)
            return st;
        size_t added = 0;
        for (size_t k = 0; k < nw->n_arcs; k++) {
            const adata *a = ad(nw->arcs[k].a);
            if (!nw->active[k] && a->low < a->cap && a->rc < 0)
                nw->active[k] = 1, added++;
        }
        if (!added)
            return MS_OK;
    }
}

/* A stage's first potentials.  Any potentials give the same optimum; these
 * only make out-of-kilter's work short.  In the first stage a pair arc
 * costs about -K: a mentee class (and a mentee's own vertex) starts at K +
 * its best score and the sink at K, so that the cheapest pair arcs start
 * near zero reduced cost.  Later stages' costs are small and start at 0. */
static void first_potentials(network *nw, int level)
{
    glp_graph *g = nw->g;
    for (int v = 1; v <= g->nv; v++)
        ((vdata *)g->v[v]->data)->p = 0;
    if (level != STAGE_COVER)
        return;
    for (size_t k = 0; k < nw->n_arcs; k++) {
        const arc_ref *r = &nw->arcs[k];
        vdata *d = (vdata *)r->a->head->data;
        if (r->kind == ARC_PAIR && nw->big + nw->pair_s[r->who] > d->p)
            d->p = nw->big + nw->pair_s[r->who];
    }
    for (size_t k = 0; k < nw->n_arcs; k++)
        if (nw->arcs[k].kind == ARC_DMENTEE)
            ((vdata *)nw->arcs[k].a->head->data)->p = pot(g, nw->arcs[k].a->tail->i);
    ((vdata *)g->v[2]->data)->p = nw->big;
}

/* The next stage's bounds from this stage's reduced costs. */
static ms_status restrict_to_optima(network *nw, ms_error *err)
{
    for (size_t k = 0; k < nw->n_arcs; k++) {
        adata *a = ad(nw->arcs[k].a);
        if ((a->rc > 0 && a->x != a->low) || (a->rc < 0 && a->x != a->cap))
            return ms_error_set(err, MS_ERR_MATH, NULL, 0, 0,
                                "the solver's flow and reduced costs disagree");
        if (a->rc != 0)
            a->low = a->cap = a->x;
    }
    return MS_OK;
}

static void totals_of(const network *nw, ms_match_totals *t)
{
    const ms_match_problem *p = nw->p;
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < p->n_mentors; i++)
        t->spread += (long long)load_of(p, i) * (load_of(p, i) - 1) / 2;
    for (size_t k = 0; k < nw->n_arcs; k++) {
        const arc_ref *r = &nw->arcs[k];
        long long x = (long long)ad(r->a)->x;
        switch (r->kind) {
        case ARC_PAIR: t->total_score += x * nw->pair_s[r->who]; break;
        case ARC_WISH:
            t->total_score += x * nw->wish_s[r->who];
            t->wishes += x * p->wishes[r->who].gain;
            break;
        case ARC_MENTEE: t->matched += (size_t)x; t->order_cost += x * (long long)r->who; break;
        case ARC_MENTOR: t->order_cost += x * (long long)r->who; break;
        case ARC_UNIT:
            t->order_cost += x * (long long)r->who;
            t->spread += x * (r->unit - 1);
            break;
        default: break;
        }
    }
}

/* People from the flows: wish arcs pair their two; within a class pair,
 * mentors' units and mentees are taken in bank order. */
static ms_status assign(const network *nw, long *mentor_of, ms_error *err)
{
    const ms_match_problem *p = nw->p;
    size_t nc = p->n_mentor_classes, nd = p->n_mentee_classes;
    size_t *unit_start = ms_calloc(nc + 1, sizeof *unit_start);
    size_t *mentee_start = ms_calloc(nd + 1, sizeof *mentee_start);
    size_t *fill_u = ms_malloc((nc + 1) * sizeof *fill_u);
    size_t *fill_m = ms_malloc((nd + 1) * sizeof *fill_m);
    long *units = ms_malloc((p->n_mentees + 1) * sizeof *units);
    long *mentees = ms_malloc((p->n_mentees + 1) * sizeof *mentees);
    long *mflow = ms_calloc(p->n_mentors + 1, sizeof *mflow);
    char *via_class = ms_calloc(p->n_mentees + 1, 1);
    ms_status st = MS_OK;
    if (!unit_start || !mentee_start || !fill_u || !fill_m || !units || !mentees || !mflow ||
        !via_class) {
        st = ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto cleanup;
    }
    for (size_t j = 0; j < p->n_mentees; j++)
        mentor_of[j] = -1;
    for (size_t k = 0; k < nw->n_arcs; k++) {
        const arc_ref *r = &nw->arcs[k];
        long x = (long)ad(r->a)->x;
        bool own = r->kind == ARC_MCLASS || r->kind == ARC_DMENTEE ||
                   ((r->kind == ARC_MENTOR || r->kind == ARC_UNIT) && !nw->mnode[r->who]) ||
                   (r->kind == ARC_MENTEE && !nw->enode[r->who]);
        if (!own || !x) {
            if (r->kind == ARC_WISH && x)
                mentor_of[p->wishes[r->who].mentee] = (long)p->wishes[r->who].mentor;
            continue;
        }
        /* the flow a person sends through their class path */
        if (r->kind == ARC_DMENTEE || r->kind == ARC_MENTEE)
            mentee_start[p->mentee_class[r->who] + 1]++, via_class[r->who] = 1;
        else
            mflow[r->who] += x, unit_start[p->mentor_class[r->who] + 1] += (size_t)x;
    }
    for (size_t c = 0; c < nc; c++)
        unit_start[c + 1] += unit_start[c];
    for (size_t d = 0; d < nd; d++)
        mentee_start[d + 1] += mentee_start[d];
    if (unit_start[nc] > p->n_mentees || mentee_start[nd] != unit_start[nc]) {
        st = ms_error_set(err, MS_ERR_MATH, NULL, 0, 0, "the solver's flow is not balanced");
        goto cleanup;
    }
    memcpy(fill_u, unit_start, nc * sizeof *fill_u);
    memcpy(fill_m, mentee_start, nd * sizeof *fill_m);
    for (size_t i = 0; i < p->n_mentors; i++)
        for (long u = 0; u < mflow[i]; u++)
            units[fill_u[p->mentor_class[i]]++] = (long)i;
    for (size_t j = 0; j < p->n_mentees; j++)
        if (via_class[j])
            mentees[fill_m[p->mentee_class[j]]++] = (long)j;
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
cleanup:
    ms_free(unit_start);
    ms_free(mentee_start);
    ms_free(fill_u);
    ms_free(fill_m);
    ms_free(units);
    ms_free(mentees);
    ms_free(mflow);
    ms_free(via_class);
    return st;
}

static ms_status stage(network *nw, int level, ms_match_totals *before, ms_error *err)
{
    ms_match_totals now;
    set_costs(nw, level);
    first_potentials(nw, level);
    ms_status st = okalg(nw, err);
    if (st != MS_OK)
        return st;
    totals_of(nw, &now);
    if (level > STAGE_COVER &&
        (now.matched != before->matched || now.total_score != before->total_score ||
         (level > STAGE_WISH && now.wishes != before->wishes) ||
         (level > STAGE_SPREAD && nw->p->spread && now.spread != before->spread)))
        return ms_error_set(err, MS_ERR_MATH, NULL, 0, 0,
                            "a later stage changed an earlier level's optimum (%zu/%lld to "
                            "%zu/%lld)",
                            before->matched, before->total_score, now.matched, now.total_score);
    *before = now;
    return restrict_to_optima(nw, err);
}

ms_status ms_match_solve(const ms_match_problem *p, long *mentor_of, ms_match_totals *totals,
                         ms_error *err)
{
    network nw = {.p = p};
    ms_match_totals t = {0};
    int max_score;
    ms_status st = check_problem(p, &max_score, err);
    if (st == MS_OK)
        st = build(&nw, max_score, err);
    if (st == MS_OK)
        st = select_first_arcs(&nw, max_score, err);
    if (st == MS_OK)
        st = stage(&nw, STAGE_COVER, &t, err);
    if (st == MS_OK && p->n_wishes)
        st = stage(&nw, STAGE_WISH, &t, err);
    if (st == MS_OK && p->spread)
        st = stage(&nw, STAGE_SPREAD, &t, err);
    if (st == MS_OK)
        st = stage(&nw, STAGE_ORDER, &t, err);
    if (st == MS_OK)
        st = assign(&nw, mentor_of, err);
    if (st == MS_OK && totals)
        *totals = t;
    if (nw.g)
        glp_delete_graph(nw.g);
    glp_free_env(); /* this thread's GLPK environment (match.h) */
    ms_free(nw.arcs);
    ms_free(nw.pair_c);
    ms_free(nw.pair_d);
    ms_free(nw.pair_s);
    ms_free(nw.wish_s);
    ms_free(nw.mnode);
    ms_free(nw.enode);
    ms_free(nw.active);
    return st;
}
