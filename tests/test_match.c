/* The pairing (match.h): the solver's optimum against a brute-force search
 * over every assignment of small random instances (all three levels), and
 * against integer programmes solved in R on larger ones; the banks' rules
 * (self-pairs, --same with blanks, consent, capacity, names); determinism;
 * nothing left behind when writing fails; quarantined rows left out of the
 * pairing, counted and listed. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentorstat/match.h"
#include "ms_suite.h"

#define DATA MS_TEST_DATA "/match/"

/* ---------- brute force ---------- */

typedef struct {
    size_t nm, ne;
    long cap[8], load[8];   /* places left; mentees already kept with the mentor */
    int score[8][8];        /* person level */
    int wish[8][8];         /* gain of mentee j's wish for mentor i, 0 none */
    bool spread;
    long best[5];           /* matched, score, wishes (maximised), spread, order (minimised) */
    long left[8], taken[8];
} brute;

static long spread_of(const brute *b)
{
    long s = 0;
    for (size_t i = 0; i < b->nm; i++) {
        long l = b->load[i] + b->taken[i];
        s += l * (l - 1) / 2;
    }
    return b->spread ? s : 0;
}

/* every mentee: no mentor, or any allowed mentor with room; the levels
 * compared lexicographically as stated, nothing weighted */
static void search(brute *b, size_t j, long count, long score, long wish, long order)
{
    if (j == b->ne) {
        long now[5] = {count, score, wish, -spread_of(b), -order};
        for (int k = 0; k < 5; k++) {
            if (now[k] == b->best[k])
                continue;
            if (now[k] > b->best[k])
                memcpy(b->best, now, sizeof now);
            return;
        }
        return;
    }
    search(b, j + 1, count, score, wish, order);
    for (size_t i = 0; i < b->nm; i++)
        if (b->score[i][j] > 0 && b->left[i] > 0) {
            b->left[i]--, b->taken[i]++;
            search(b, j + 1, count + 1, score + b->score[i][j], wish + b->wish[i][j],
                   order + (long)(i + j));
            b->left[i]++, b->taken[i]--;
        }
}

/* A random instance in classes: people of one class share a score row.
 * With `extras`, mentors already have kept mentees, some mentees wish for
 * mentors (allowed or not) and the load spread may be on. */
static void random_instance(unsigned *seed, bool extras, brute *b, size_t *mc, size_t *ec,
                            size_t *nmc, size_t *nec, int *cscore, ms_match_wish *wishes,
                            size_t *n_wishes)
{
    memset(b, 0, sizeof *b);
    b->nm = 1 + (size_t)(rand_r(seed) % 4);
    b->ne = 1 + (size_t)(rand_r(seed) % 6);
    *nmc = 1 + (size_t)(rand_r(seed) % b->nm);
    *nec = 1 + (size_t)(rand_r(seed) % b->ne);
    for (size_t c = 0; c < *nmc * *nec; c++)
        cscore[c] = rand_r(seed) % 3 == 0 ? 0 : 1 + rand_r(seed) % 3;
    for (size_t i = 0; i < b->nm; i++) {
        mc[i] = (size_t)rand_r(seed) % *nmc;
        b->cap[i] = rand_r(seed) % 4;
        b->left[i] = b->cap[i];
        b->load[i] = extras ? rand_r(seed) % 3 : 0;
    }
    for (size_t j = 0; j < b->ne; j++)
        ec[j] = (size_t)rand_r(seed) % *nec;
    for (size_t i = 0; i < b->nm; i++)
        for (size_t j = 0; j < b->ne; j++)
            b->score[i][j] = cscore[mc[i] * *nec + ec[j]];
    *n_wishes = 0;
    b->spread = extras && rand_r(seed) % 4 != 0;
    for (size_t j = 0; extras && j < b->ne; j++)
        for (size_t i = 0; i < b->nm; i++)
            if (rand_r(seed) % 3 == 0) {
                b->wish[i][j] = 1 + rand_r(seed) % 3;
                wishes[(*n_wishes)++] = (ms_match_wish){i, j, b->wish[i][j]};
            }
    b->best[0] = -1;
}

/* The assignment is feasible and its totals are the ones reported. */
static void check_assignment(brute *b, const long *mentor_of, const ms_match_totals *t)
{
    long count = 0, score = 0, wish = 0, order = 0;
    memset(b->taken, 0, sizeof b->taken);
    for (size_t j = 0; j < b->ne; j++) {
        if (mentor_of[j] < 0)
            continue;
        size_t i = (size_t)mentor_of[j];
        ck_assert_uint_lt(i, b->nm);
        ck_assert_int_gt(b->score[i][j], 0);
        b->taken[i]++;
        count++, score += b->score[i][j], wish += b->wish[i][j], order += (long)(i + j);
    }
    for (size_t i = 0; i < b->nm; i++)
        ck_assert_int_le(b->taken[i], b->cap[i]);
    ck_assert_int_eq(count, (long)t->matched);
    ck_assert_int_eq(score, t->total_score);
    ck_assert_int_eq(wish, t->wishes);
    if (b->spread)
        ck_assert_int_eq(spread_of(b), t->spread);
    ck_assert_int_eq(order, t->order_cost);
    memset(b->taken, 0, sizeof b->taken);
}

static void brute_force_runs(unsigned seed, bool extras, int runs)
{
    for (int run = 0; run < runs; run++) {
        brute b;
        size_t mc[8], ec[8], nmc, nec, n_wishes;
        int cscore[64];
        ms_match_wish wishes[64];
        random_instance(&seed, extras, &b, mc, ec, &nmc, &nec, cscore, wishes, &n_wishes);
        search(&b, 0, 0, 0, 0, 0);
        ms_match_problem p = {b.nm,   b.ne,   b.cap,   mc,       ec,      nmc,
                              nec,    cscore, b.load,  wishes,   n_wishes, b.spread, 0};
        long mentor_of[8];
        ms_match_totals t;
        ms_error err;
        /* pricing from one pair arc per class: the rounds must find the rest */
        p.first_arcs = (size_t)(run % 2);
        ck_assert_int_eq(ms_match_solve(&p, mentor_of, &t, &err), MS_OK);
        long spread = b.spread ? (long)t.spread : 0;
        ck_assert_msg((long)t.matched == b.best[0] && t.total_score == b.best[1] &&
                          t.wishes == b.best[2] && spread == -b.best[3] &&
                          t.order_cost == -b.best[4],
                      "run %d: %zu/%lld/%lld/%ld/%lld, brute force %ld/%ld/%ld/%ld/%ld", run,
                      t.matched, t.total_score, t.wishes, spread, t.order_cost, b.best[0],
                      b.best[1], b.best[2], -b.best[3], -b.best[4]);
        check_assignment(&b, mentor_of, &t);
    }
}

START_TEST(optimum_equals_brute_force_on_2000_random_instances)
{
    brute_force_runs(17, false, 2000);
}
END_TEST

/* Kept load, wishes (some for pairs that are not allowed) and the load
 * spread: every level of the lexicographic objective against exhaustive
 * search. */
START_TEST(optimum_with_kept_load_wishes_and_spread_equals_brute_force)
{
    brute_force_runs(29, true, 3000);
}
END_TEST

/* ---------- against R ---------- */

/* Pricing (match_solve.c) from its default set, from one pair arc per
 * class, and from every arc: the optimum must not depend on it. */
static const size_t first_arcs[] = {0, 1, SIZE_MAX};

typedef struct {
    const char *name;
    long matched, score, order;
} r_optimum;

/* Rscript tests/r/match_lp.R: lpSolve's integer programmes, level by level */
static const r_optimum r_optima[] = {
    {"lp_small", 25, 89, 950},
    {"lp_medium", 62, 238, 4459},
    {"lp_large", 87, 302, 8114},
};

START_TEST(optimum_equals_lpsolve_in_r)
{
    const r_optimum *want = &r_optima[_i];
    char path[512];
    snprintf(path, sizeof path, DATA "%s.txt", want->name);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    size_t m, n;
    ck_assert_int_eq(fscanf(f, "%zu %zu", &m, &n), 2);
    long *cap = malloc(m * sizeof *cap), *mentor_of = malloc(n * sizeof *mentor_of);
    size_t *mc = malloc(m * sizeof *mc), *ec = malloc(n * sizeof *ec);
    int *score = malloc(m * n * sizeof *score);
    for (size_t i = 0; i < m; i++) {
        ck_assert_int_eq(fscanf(f, "%ld", &cap[i]), 1);
        mc[i] = i;
    }
    for (size_t k = 0; k < m * n; k++)
        ck_assert_int_eq(fscanf(f, "%d", &score[k]), 1);
    for (size_t j = 0; j < n; j++)
        ec[j] = j;
    fclose(f);
    /* the default pricing, pricing from one arc per class, every arc at once */
    for (int k = 0; k < 3; k++) {
        ms_match_problem p = {m,     n,    cap,   mc,    ec,   m, n, score, NULL, NULL, 0, false,
                              first_arcs[k]};
        ms_match_totals t;
        ms_error err;
        ck_assert_int_eq(ms_match_solve(&p, mentor_of, &t, &err), MS_OK);
        ck_assert_int_eq((long)t.matched, want->matched);
        ck_assert_int_eq(t.total_score, want->score);
        ck_assert_int_eq(t.order_cost, want->order);
    }
    free(cap), free(mentor_of), free(mc), free(ec), free(score);
}
END_TEST

/* Rscript tests/r/match_lp_rules.R: kept pairs, exclusions, a minimum
 * score, wishes and the load spread, lpSolve level by level (the spread as
 * sum_k max(0, L - k), not as unit arcs) */
typedef struct {
    const char *name;
    long matched, score, wishes, spread, order;
} r_rules_optimum;

static const r_rules_optimum r_rules_optima[] = {
    {"lp_rules_small", 12, 40, 7, 12, 217},
    {"lp_rules_medium", 42, 124, 10, 45, 1840},
    {"lp_rules_nospread", 35, 121, 4, 0, 1093},
};

/* The instance as the rules make it for the solver (what match.c does on
 * banks): kept mentees out of every new pair and their mentors' places
 * taken, excluded and too poor pairs not allowed, wishes per pair. */
START_TEST(rules_optimum_equals_lpsolve_in_r)
{
    const r_rules_optimum *want = &r_rules_optima[_i];
    char path[512];
    snprintf(path, sizeof path, DATA "%s.txt", want->name);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    size_t m, n, nk, nx;
    int min_score, spread;
    ck_assert_int_eq(fscanf(f, "%zu %zu %d %d", &m, &n, &min_score, &spread), 4);
    long *cap = calloc(m, sizeof *cap), *load = calloc(m, sizeof *load);
    long *mentor_of = malloc(n * sizeof *mentor_of);
    size_t *mc = malloc(m * sizeof *mc), *ec = malloc(n * sizeof *ec);
    int *score = malloc(m * n * sizeof *score), *wish = malloc(m * n * sizeof *wish);
    ms_match_wish *wishes = malloc(m * n * sizeof *wishes);
    bool *kept = calloc(n, sizeof *kept);
    size_t n_wishes = 0;
    for (size_t i = 0; i < m; i++) {
        ck_assert_int_eq(fscanf(f, "%ld", &cap[i]), 1);
        mc[i] = i;
    }
    for (size_t k = 0; k < m * n; k++)
        ck_assert_int_eq(fscanf(f, "%d", &score[k]), 1);
    for (size_t k = 0; k < m * n; k++)
        ck_assert_int_eq(fscanf(f, "%d", &wish[k]), 1);
    ck_assert_int_eq(fscanf(f, "%zu", &nk), 1);
    for (size_t k = 0; k < nk; k++) {
        size_t i, j;
        ck_assert_int_eq(fscanf(f, "%zu %zu", &i, &j), 2);
        load[i]++, cap[i]--, kept[j] = true;
    }
    ck_assert_int_eq(fscanf(f, "%zu", &nx), 1);
    for (size_t k = 0; k < nx; k++) {
        size_t i, j;
        ck_assert_int_eq(fscanf(f, "%zu %zu", &i, &j), 2);
        score[i * n + j] = 0;
    }
    fclose(f);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            int *s = &score[i * n + j];
            if (kept[j] || *s < min_score)
                *s = 0;
            if (wish[i * n + j])
                wishes[n_wishes++] = (ms_match_wish){i, j, wish[i * n + j]};
        }
    for (size_t j = 0; j < n; j++)
        ec[j] = j;
    for (int k = 0; k < 3; k++) {
        ms_match_problem p = {m,     n,        cap,         mc, ec, m, n, score, load, wishes,
                              n_wishes, spread != 0, first_arcs[k]};
        ms_match_totals t;
        ms_error err;
        ck_assert_int_eq(ms_match_solve(&p, mentor_of, &t, &err), MS_OK);
        ck_assert_int_eq((long)t.matched, want->matched);
        ck_assert_int_eq(t.total_score, want->score);
        ck_assert_int_eq(t.wishes, want->wishes);
        if (spread)
            ck_assert_int_eq(t.spread, want->spread);
        ck_assert_int_eq(t.order_cost, want->order);
        for (size_t j = 0; j < n; j++)
            ck_assert(mentor_of[j] < 0 || score[(size_t)mentor_of[j] * n + j] > 0);
    }
    free(cap), free(load), free(mentor_of), free(mc), free(ec), free(score), free(wish);
    free(wishes), free(kept);
}
END_TEST

/* Larger random instances than brute force can search (up to 60 mentors
 * and 150 mentees, in classes, with kept load, wishes and the spread):
 * pricing from one arc per class, from the default set and from every arc
 * gives the same optimum at every level, and the assignment carries the
 * totals reported. */
START_TEST(pricing_gives_the_same_optimum_on_larger_instances)
{
    unsigned seed = 41;
    for (int run = 0; run < 200; run++) {
        size_t nm = 5 + (size_t)(rand_r(&seed) % 56), ne = 5 + (size_t)(rand_r(&seed) % 146);
        size_t nc = 1 + (size_t)(rand_r(&seed) % nm), nd = 1 + (size_t)(rand_r(&seed) % ne);
        long cap[60], load[60], mentor_of[150];
        size_t mc[60], ec[150];
        static int score[60 * 150];
        ms_match_wish wishes[40];
        size_t n_wishes = (size_t)(rand_r(&seed) % 40);
        for (size_t k = 0; k < nc * nd; k++)
            score[k] = rand_r(&seed) % 3 == 0 ? 1 + rand_r(&seed) % 5 : 0;
        for (size_t i = 0; i < nm; i++) {
            mc[i] = (size_t)rand_r(&seed) % nc;
            cap[i] = rand_r(&seed) % 4;
            load[i] = rand_r(&seed) % 4 == 0 ? rand_r(&seed) % 3 : 0;
        }
        for (size_t j = 0; j < ne; j++)
            ec[j] = (size_t)rand_r(&seed) % nd;
        for (size_t w = 0; w < n_wishes; w++) /* mentee w: one wish each, no repeats */
            wishes[w] = (ms_match_wish){(size_t)rand_r(&seed) % nm, w % ne, 1 + rand_r(&seed) % 3};
        if (n_wishes > ne)
            n_wishes = ne;
        ms_match_totals t[3];
        for (int k = 0; k < 3; k++) {
            ms_match_problem p = {nm, ne, cap,  mc,       ec,       nc,          nd,
                                  score, load, wishes, n_wishes, run % 2 == 0, first_arcs[k]};
            ms_error err;
            ck_assert_int_eq(ms_match_solve(&p, mentor_of, &t[k], &err), MS_OK);
            long long total = 0;
            size_t matched = 0;
            long taken[60] = {0};
            for (size_t j = 0; j < ne; j++) {
                if (mentor_of[j] < 0)
                    continue;
                size_t i = (size_t)mentor_of[j];
                int s = score[mc[i] * nd + ec[j]];
                ck_assert_int_gt(s, 0);
                ck_assert_int_le(++taken[i], cap[i]);
                matched++, total += s;
            }
            ck_assert_uint_eq(matched, t[k].matched);
            ck_assert_int_eq(total, t[k].total_score);
        }
        for (int k = 1; k < 3; k++)
            ck_assert_msg(t[k].matched == t[0].matched && t[k].total_score == t[0].total_score &&
                              t[k].wishes == t[0].wishes && t[k].spread == t[0].spread &&
                              t[k].order_cost == t[0].order_cost,
                          "run %d, first_arcs %zu: a level differs", run, first_arcs[k]);
    }
}
END_TEST

/* ---------- the banks ---------- */

static const char *const mentor_files[] = {DATA "mentors.csv"};
static const char *const mentee_files[] = {DATA "mentees.csv"};
static const char *const same_form[] = {"form"};

static ms_match_options small_options(void)
{
    ms_match_options o = {
        .mentors = {DATA "mentors.codebook.csv", mentor_files, 1, NULL},
        .mentees = {DATA "mentees.codebook.csv", mentee_files, 1, NULL},
        .capacity_var = "places",
        .capacity = 1,
        .same = same_form,
        .n_same = 1,
        .threads = 1,
    };
    return o;
}

static long find(const ms_match_person *p, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(p[i].id, id))
            return (long)i;
    return -1;
}

static const char *mentor_of(const ms_match_result *r, const char *mentee)
{
    long j = find(r->mentees, r->n_mentees, mentee);
    ck_assert_int_ge(j, 0);
    return r->mentees[j].mentor < 0 ? NULL : r->mentors[r->mentees[j].mentor].id;
}

START_TEST(banks_rules_self_same_blank_consent_capacity)
{
    ms_match_options o = small_options();
    ms_match_result *r;
    ms_error err;
    ck_assert_int_eq(ms_match_run(&o, &r, &err), MS_OK);
    /* consent: M4 and N5 said no */
    ck_assert_uint_eq(r->n_mentors, 4);
    ck_assert_uint_eq(r->n_mentees, 5);
    ck_assert_int_lt(find(r->mentors, r->n_mentors, "M4"), 0);
    ck_assert_int_lt(find(r->mentees, r->n_mentees, "N5"), 0);
    /* X1 is in both banks and asks for what X1 offers: never with themself */
    ck_assert_str_eq(mentor_of(r, "X1"), "M1");
    /* a blank form is compatible with any; N3 (pupil, parents) has no pupil mentor */
    ck_assert_str_eq(mentor_of(r, "N4"), "M3");
    ck_assert_ptr_null(mentor_of(r, "N3"));
    ck_assert_str_eq(mentor_of(r, "N1"), "M1");
    ck_assert_str_eq(mentor_of(r, "N2"), "M2");
    ck_assert_uint_eq(r->matched, 4);
    ck_assert_int_eq(r->total_score, 5);
    ck_assert_uint_eq(r->n_groups, 3);
    /* M1 takes two (places = 2): a group */
    ck_assert_int_eq(r->mentors[find(r->mentors, r->n_mentors, "M1")].assigned, 2);
    /* N3 asked for parents: only the teacher M1 offers it, so it is not
     * uncovered in the bank, M1 is just incompatible: "no suitable mentor" */
    const ms_match_person *n3 = &r->mentees[find(r->mentees, r->n_mentees, "N3")];
    ck_assert(!n3->any_allowed);
    ck_assert_uint_eq(n3->n_uncovered, 1);
    ck_assert_ptr_null(r->mentees[0].name); /* no names without asking */
    ms_match_result_destroy(r);
}
END_TEST

START_TEST(names_only_when_asked)
{
    ms_match_options o = small_options();
    o.names = true;
    ms_match_result *r;
    ms_error err;
    ck_assert_int_eq(ms_match_run(&o, &r, &err), MS_OK);
    ck_assert_str_eq(r->mentors[0].name, "Иванова Анна Петровна");
    ck_assert(r->names);
    ms_match_result_destroy(r);
}
END_TEST

static char *json_of(const ms_match_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(ms_match_write_json(r, true, f), MS_OK);
    fclose(f);
    return buf;
}

START_TEST(same_input_same_pairs)
{
    ms_match_options o = small_options();
    o.capacity_var = NULL;
    o.capacity = 3;
    o.n_same = 0;
    char *first = NULL;
    for (int k = 0; k < 5; k++) {
        ms_match_result *r;
        ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
        char *json = json_of(r);
        if (!first)
            first = json;
        else {
            ck_assert_str_eq(json, first);
            free(json);
        }
        ms_match_result_destroy(r);
    }
    /* N4 (projects) could go to M2 or M3: bank order prefers M2 */
    ck_assert_ptr_nonnull(strstr(first, "{\"mentor\":\"M2\",\"mentee\":\"N4\""));
    free(first);
}
END_TEST

START_TEST(capacity_zero_for_all_is_no_feasible_pair)
{
    ms_match_options o = small_options();
    o.capacity_var = NULL;
    o.capacity = 0;
    ms_match_result *r = NULL;
    ms_error err;
    ck_assert_int_eq(ms_match_run(&o, &r, &err), MS_ERR_NODATA);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(err.message, "no feasible pair"));
}
END_TEST

/* -o DIR whose parent is missing: an error naming the parent and what to
 * do, and no directory made. */
START_TEST(a_missing_parent_of_the_output_is_named_with_advice)
{
    ms_match_options o = small_options();
    ms_match_result *r;
    ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
    char dir[96], path[320], parent[256];
    ms_test_template(dir, sizeof dir, "ms_match_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(parent, sizeof parent, "%s/missing", dir);
    snprintf(path, sizeof path, "%s/out", parent);
    ms_error err;
    ck_assert_int_eq(ms_match_write_dir(r, path, true, &err), MS_ERR_IO);
    char want[600];
    snprintf(want, sizeof want, "its parent %s does not exist (create it first, e.g. mkdir -p %s",
             parent, parent);
    ck_assert_msg(strstr(err.message, want) != NULL, "%s", err.message);
    ck_assert_int_ne(access(parent, F_OK), 0);
    ck_assert_int_eq(rmdir(dir), 0);
    ms_match_result_destroy(r);
}
END_TEST

START_TEST(failed_write_leaves_nothing)
{
    ms_match_options o = small_options();
    ms_match_result *r;
    ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
    char dir[96], path[256];
    ms_test_template(dir, sizeof dir, "ms_match_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    /* a tables/ holding someone else's file must not be replaced */
    snprintf(path, sizeof path, "%s/tables", dir);
    ck_assert_int_eq(mkdir(path, 0777), 0);
    snprintf(path, sizeof path, "%s/tables/mine.txt", dir);
    FILE *f = fopen(path, "w");
    fclose(f);
    ms_error err;
    ck_assert_int_eq(ms_match_write_dir(r, dir, true, &err), MS_ERR_IO);
    snprintf(path, sizeof path, "%s/match.html", dir);
    ck_assert_int_ne(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/tables/mine.txt", dir);
    ck_assert_int_eq(access(path, F_OK), 0);
    unlink(path);
    snprintf(path, sizeof path, "%s/tables", dir);
    rmdir(path);
    /* and into an empty directory it writes the page and five tables */
    ck_assert_int_eq(ms_match_write_dir(r, dir, true, &err), MS_OK);
    snprintf(path, sizeof path, "%s/match.html", dir);
    ck_assert_int_eq(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/tables/annex.csv", dir);
    ck_assert_int_eq(access(path, F_OK), 0);
    /* written again over its own output */
    ck_assert_int_eq(ms_match_write_dir(r, dir, false, &err), MS_OK);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -r %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    ms_match_result_destroy(r);
}
END_TEST

/* ---------- quarantined rows ---------- */

static const char *const bad_mentor_files[] = {DATA "mentors_bad_rows.csv"};
static const char *const bad_mentee_files[] = {DATA "mentees_bad_rows.csv"};

/* Mentors: M2's capacity is «два», X1's form is not a choice.  Mentees: N3
 * asks for an area not in the choices, line 6 has no code. */
static ms_match_options bad_rows_options(void)
{
    ms_match_options o = small_options();
    o.mentors.files = bad_mentor_files;
    o.mentees.files = bad_mentee_files;
    return o;
}

static void count_quarantined(const ms_quarantined *q, void *ctx)
{
    (void)q;
    ++*(int *)ctx;
}

static void assert_rows(const ms_tally *t, unsigned long long read,
                        unsigned long long accepted, unsigned long long quarantined,
                        unsigned long long excluded)
{
    ck_assert_uint_eq(t->read, read);
    ck_assert_uint_eq(t->accepted, accepted);
    ck_assert_uint_eq(t->quarantined, quarantined);
    ck_assert_uint_eq(t->excluded, excluded);
    ck_assert_uint_eq(t->read, t->accepted + t->quarantined + t->excluded);
}

START_TEST(quarantined_rows_are_left_out_counted_and_listed)
{
    ms_match_options o = bad_rows_options();
    int seen = 0;
    o.on_quarantine = count_quarantined;
    o.ctx = &seen;
    ms_match_result *r;
    ms_error err;
    ck_assert_int_eq(ms_match_run(&o, &r, &err), MS_OK);
    ck_assert_int_eq(seen, 4);
    assert_rows(&r->mentor_rows, 6, 3, 2, 1);
    assert_rows(&r->mentee_rows, 6, 3, 2, 1);
    ck_assert_uint_eq(r->n_mentors, 3);
    ck_assert_uint_eq(r->n_mentees, 3);
    ck_assert_int_lt(find(r->mentors, r->n_mentors, "M2"), 0);
    ck_assert_int_lt(find(r->mentors, r->n_mentors, "X1"), 0);
    ck_assert_int_lt(find(r->mentees, r->n_mentees, "N3"), 0);
    /* the rest are paired as usual: N2 (olympiads, pupil) goes to M5 */
    ck_assert_str_eq(mentor_of(r, "N2"), "M5");
    ck_assert_str_eq(mentor_of(r, "X1"), "M1");
    ck_assert_uint_eq(r->matched, 3);
    ck_assert_uint_eq(r->n_skipped, 4);
    const ms_match_skipped *q = r->skipped;
    ck_assert(q[0].mentors && q[1].mentors && !q[2].mentors && !q[3].mentors);
    ck_assert_uint_eq(q[0].line, 3);
    ck_assert_uint_eq(q[0].col, 6);
    ck_assert_str_eq(q[0].reason, "places: not a number (два)");
    ck_assert_str_eq(q[0].file, DATA "mentors_bad_rows.csv");
    ck_assert_str_eq(q[0].id, "M2");
    ck_assert_uint_eq(q[1].line, 5);
    ck_assert_uint_eq(q[2].line, 5);
    ck_assert_str_eq(q[2].reason, "areas: not one of the choices (астрономия)");
    ck_assert_uint_eq(q[3].line, 6);
    ck_assert_str_eq(q[3].file, DATA "mentees_bad_rows.csv");
    ck_assert_ptr_null(q[3].id); /* the row without a code */
    char *json = json_of(r);
    ck_assert_ptr_nonnull(strstr(json, "\"mentors_rows\":{\"read\":6,\"accepted\":3,"
                                       "\"quarantined\":2,\"excluded\":1}"));
    ck_assert_ptr_nonnull(strstr(json, "\"mentees_rows\":{\"read\":6,\"accepted\":3,"
                                       "\"quarantined\":2,\"excluded\":1}"));
    free(json);
    ms_match_result_destroy(r);
}
END_TEST

START_TEST(a_negative_capacity_is_quarantined_at_its_cell)
{
    static const char *const files[] = {DATA "cap_negative.csv"};
    ms_match_options o = small_options();
    o.mentors.files = files;
    ms_match_result *r;
    ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
    assert_rows(&r->mentor_rows, 5, 3, 1, 1);
    ck_assert_uint_eq(r->n_skipped, 1);
    ck_assert_uint_eq(r->skipped[0].line, 3);
    ck_assert_uint_eq(r->skipped[0].col, 6);
    ck_assert_ptr_nonnull(strstr(r->skipped[0].reason, "whole number of mentees"));
    ck_assert_int_lt(find(r->mentors, r->n_mentors, "M2"), 0);
    ms_match_result_destroy(r);
}
END_TEST

START_TEST(page_lists_rows_with_errors_by_file_line_and_reason_only)
{
    ms_match_options o = bad_rows_options();
    ms_match_result *r;
    ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
    char dir[96], path[256], cmd[300];
    ms_test_template(dir, sizeof dir, "ms_match_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(ms_match_write_dir(r, dir, true, NULL), MS_OK);
    snprintf(path, sizeof path, "%s/match.html", dir);
    char *html = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(html);
    ck_assert_ptr_nonnull(strstr(html, "Не вошли в подбор (строки с ошибками)"));
    ck_assert_ptr_nonnull(strstr(html, "<td>mentors_bad_rows.csv</td><td class=\"num\">3</td>"
                                       "<td>M2</td><td>places: not a number (два)</td>"));
    /* base names only, the code, and no other cell of those rows (their names) */
    ck_assert_ptr_nonnull(strstr(html, "<td class=\"num\">3</td><td>M2</td>"));
    ck_assert_ptr_nonnull(strstr(html, "<td class=\"num\">6</td><td>—</td>"));
    ck_assert_ptr_null(strstr(html, "/match/mentors_bad_rows.csv"));
    ck_assert_ptr_null(strstr(html, "Петров"));
    ck_assert_ptr_null(strstr(html, "Морозова"));
    ck_assert_ptr_null(strstr(html, "Лебедев"));
    free(html);
    snprintf(path, sizeof path, "%s/tables/skipped.csv", dir);
    ck_assert_int_eq(access(path, F_OK), 0);
    ms_match_result_destroy(r);
    /* a clean pairing has no such section, and rewriting drops the old table */
    o = small_options();
    ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
    ck_assert_int_eq(ms_match_write_dir(r, dir, true, NULL), MS_OK);
    ck_assert_int_ne(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/match.html", dir);
    html = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(html);
    ck_assert_ptr_null(strstr(html, "Не вошли в подбор"));
    free(html);
    snprintf(cmd, sizeof cmd, "rm -r %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    ms_match_result_destroy(r);
}
END_TEST

/* A row short of a cell: its cells do not line up with the header, so no
 * cell of it can be taken for the code. */
START_TEST(a_row_out_of_line_shows_no_code)
{
    char path[96];
    ms_test_template(path, sizeof path, "ms_match_rowXXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("ФИО,Код,Форма,Роль,Области,Мест,Согласие\n"
          "Иванова Анна,M1,Учитель – учитель,наставник,методика,2,Да\n"
          "M7,Учитель – учитель,наставник,методика,1,Да\n",
          f);
    fclose(f);
    const char *files[] = {path};
    ms_match_options o = small_options();
    o.mentors.files = files;
    ms_match_result *r;
    ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
    unlink(path);
    ck_assert_uint_eq(r->n_skipped, 1);
    ck_assert_uint_eq(r->skipped[0].line, 3);
    ck_assert_ptr_null(r->skipped[0].id);
    ck_assert_ptr_nonnull(strstr(r->skipped[0].reason, "fields"));
    ms_match_result_destroy(r);
}
END_TEST

START_TEST(duplicate_ids_stay_an_error)
{
    static const char *const files[] = {DATA "duplicate.csv"};
    ms_match_options o = small_options();
    o.mentors.files = files;
    ms_match_result *r = NULL;
    ms_error err;
    ck_assert_int_eq(ms_match_run(&o, &r, &err), MS_ERR_DATA);
    ck_assert_ptr_null(r);
    ck_assert_ptr_nonnull(strstr(err.message, "duplicate id"));
}
END_TEST

/* ---------- the curator's rules ---------- */

/* A temporary file holding text; the caller unlinks it. */
static void temp_file(char *path, const char *text)
{
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static ms_status run_with_list(ms_match_options *o, bool keep, const char *text,
                               ms_match_result **r, ms_error *err)
{
    char path[] = "/tmp/ms_match_listXXXXXX";
    temp_file(path, text);
    if (keep)
        o->keep = path;
    else
        o->exclude = path;
    ms_status st = ms_match_run(o, r, err);
    unlink(path);
    if (keep)
        o->keep = NULL;
    else
        o->exclude = NULL;
    return st;
}

/* Without rules: X1 and N1 with M1 (two places), N2 with M2, N4 with M3,
 * N3 without a mentor.  Keeping N1 with M3 (no shared area: a pair that
 * continues is the curator's) fills M3, so M2 serves N2 (first in the bank)
 * and N4 stays in the search; M1 has X1 only. */
START_TEST(a_kept_pair_is_fixed_and_takes_its_place)
{
    ms_match_options o = small_options();
    ms_match_result *r;
    ms_error err;
    /* the code typed another way is the same person (respondent_code.h) */
    ck_assert_int_eq(run_with_list(&o, true, "m-3,n 1\n", &r, &err), MS_OK);
    ck_assert_str_eq(mentor_of(r, "N1"), "M3");
    ck_assert_str_eq(mentor_of(r, "X1"), "M1");
    ck_assert_str_eq(mentor_of(r, "N2"), "M2");
    ck_assert_ptr_null(mentor_of(r, "N4"));
    ck_assert_uint_eq(r->n_kept, 1);
    ck_assert_uint_eq(r->matched, 3);
    const ms_match_person *m3 = &r->mentors[find(r->mentors, r->n_mentors, "M3")];
    ck_assert_int_eq(m3->assigned, 1);
    ck_assert_int_eq(m3->kept, 1);
    bool kept_seen = false;
    for (size_t k = 0; k < r->n_pairs; k++)
        if (r->pairs[k].kept) {
            kept_seen = true;
            ck_assert_str_eq(r->mentees[r->pairs[k].mentee].id, "N1");
            ck_assert_int_eq(r->pairs[k].score, 0);
        }
    ck_assert(kept_seen);
    char *json = json_of(r);
    ck_assert_ptr_nonnull(strstr(json, "\"kept\":1,"));
    ck_assert_ptr_nonnull(strstr(json, "Пара продолжается (закреплена куратором)"));
    free(json);
    ms_match_result_destroy(r);
}
END_TEST

/* Last year's annex as written (a group: codes `;`-separated, names after
 * « — »): M1 keeps N1 and X1. */
START_TEST(last_years_annex_is_read_as_kept_pairs)
{
    ms_match_options o = small_options();
    ms_match_result *r;
    ck_assert_int_eq(run_with_list(&o, true,
                                   "№ пары/группы,Наставник,Наставляемые,Форма,Области\n"
                                   "1,M1 — Иванова Анна Петровна,\"N1 — Смирнова О. В.; X1\","
                                   "Учитель – учитель,методика\n",
                                   &r, NULL),
                     MS_OK);
    ck_assert_uint_eq(r->n_kept, 2);
    ck_assert_str_eq(mentor_of(r, "N1"), "M1");
    ck_assert_str_eq(mentor_of(r, "X1"), "M1");
    ms_match_result_destroy(r);
}
END_TEST

static void assert_list_error(bool keep, const char *text, size_t line, size_t col,
                              const char *what)
{
    ms_match_options o = small_options();
    ms_match_result *r = NULL;
    ms_error err;
    ck_assert_int_eq(run_with_list(&o, keep, text, &r, &err), MS_ERR_DATA);
    ck_assert_ptr_null(r);
    ck_assert_uint_eq(err.line, line);
    ck_assert_uint_eq(err.column, col);
    ck_assert_msg(strstr(err.message, what), "%s", err.message);
}

START_TEST(an_impossible_kept_pair_is_an_error_at_its_line)
{
    assert_list_error(true, "Наставник,Наставляемый\nM2,N2\nM9,N4\n", 3, 1,
                      "no mentor of the bank has this code: not in the bank's file, or its "
                      "row was quarantined or excluded (no consent); correct the code "
                      "or remove the line (M9)");
    /* N5 refused consent: not in the bank */
    assert_list_error(true, "M1,N5\n", 1, 2, "no mentee of the bank");
    /* M2 takes one mentee */
    assert_list_error(true, "M2,N2\nM2,N4\n", 2, 2, "over the mentor's capacity: M2 takes at most 1");
    assert_list_error(true, "M2,N2\nM3,N2\n", 2, 2, "a mentee kept with two mentors");
    assert_list_error(true, "X1,X1\n", 1, 2, "cannot mentor themself");
    assert_list_error(true, "M2\n", 1, 2, "a pair needs a mentor's code and a mentee's code");
}
END_TEST

/* Excluding M1 with X1: only M1 offers X1's area, so X1 stays in the
 * search; the excluded pair is not "offered" either. */
START_TEST(an_excluded_pair_is_never_formed)
{
    ms_match_options o = small_options();
    ms_match_result *r;
    ck_assert_int_eq(run_with_list(&o, false, "Наставник,Наставляемый,Почему\nM1,X1,родство\n", &r,
                                   NULL),
                     MS_OK);
    ck_assert_ptr_null(mentor_of(r, "X1"));
    ck_assert_str_eq(mentor_of(r, "N1"), "M1");
    const ms_match_person *x1 = &r->mentees[find(r->mentees, r->n_mentees, "X1")];
    ck_assert(!x1->any_allowed);
    ck_assert_uint_eq(x1->n_uncovered, 1);
    ck_assert_uint_eq(r->n_excluded, 1);
    ms_match_result_destroy(r);
    /* a pair both kept and excluded is a contradiction */
    char keep[] = "/tmp/ms_match_keepXXXXXX";
    temp_file(keep, "M1,N1\n");
    o.keep = keep;
    ms_error err;
    ck_assert_int_eq(run_with_list(&o, false, "M2,N2\nM1,N1\n", &r, &err), MS_ERR_DATA);
    unlink(keep);
    ck_assert_uint_eq(err.line, 2);
    ck_assert_ptr_nonnull(strstr(err.message, "also kept"));
}
END_TEST

/* --differ form: a teacher never mentors a teacher (where both answered);
 * a blank form differs from nothing. */
START_TEST(differ_forbids_equal_answers)
{
    static const char *const differ_form[] = {"form"};
    ms_match_options o = small_options();
    o.n_same = 0;
    o.differ = differ_form;
    o.n_differ = 1;
    ms_match_result *r;
    ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
    for (size_t k = 0; k < r->n_pairs; k++) {
        const ms_match_person *m = &r->mentors[r->pairs[k].mentor];
        const ms_match_person *e = &r->mentees[r->pairs[k].mentee];
        ck_assert(m->same[0] < 0 || e->same[0] < 0 || m->same[0] != e->same[0]);
    }
    /* N1 (teacher: methods, parents) had only M1, a teacher */
    ck_assert_ptr_null(mentor_of(r, "N1"));
    /* N3 (pupil: parents) now may have M1 */
    ck_assert_str_eq(mentor_of(r, "N3"), "M1");
    /* the page shows both answers of each pair, so the rule can be checked */
    char dir[] = "/tmp/ms_match_XXXXXX", path[256], cmd[300], want[512];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(ms_match_write_dir(r, dir, true, NULL), MS_OK);
    snprintf(path, sizeof path, "%s/tables/pairs.csv", dir);
    char *csv = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(csv);
    snprintf(want, sizeof want, "\"%s (наставник / наставляемый)\"", r->same_vars[0]);
    ck_assert_msg(strstr(csv, want), "%s", csv);
    const ms_match_person *m1 = NULL, *n3 = NULL;
    for (size_t k = 0; k < r->n_pairs; k++)
        if (!strcmp(r->mentees[r->pairs[k].mentee].id, "N3")) {
            m1 = &r->mentors[r->pairs[k].mentor];
            n3 = &r->mentees[r->pairs[k].mentee];
        }
    ck_assert_ptr_nonnull(n3);
    ck_assert(m1->same[0] >= 0 && n3->same[0] >= 0);
    snprintf(want, sizeof want, "\"M1\";\"N3\";\"%s / %s\"",
             r->same_levels[0][m1->same[0]], r->same_levels[0][n3->same[0]]);
    ck_assert_msg(strstr(csv, want), "%s\n%s", want, csv);
    free(csv);
    snprintf(cmd, sizeof cmd, "rm -r %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    ms_match_result_destroy(r);
}
END_TEST

/* --min-score 2: only N1 with M1 shares two areas; the others stay in the
 * search «нет наставника с достаточным совпадением».  100% of the requests:
 * everyone whose one request is covered is paired as before. */
START_TEST(min_score_leaves_poor_pairs_in_the_search_with_the_reason)
{
    ms_match_options o = small_options();
    o.min_score = 2;
    ms_match_result *r;
    ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
    ck_assert_uint_eq(r->matched, 1);
    ck_assert_str_eq(mentor_of(r, "N1"), "M1");
    const ms_match_person *n2 = &r->mentees[find(r->mentees, r->n_mentees, "N2")];
    ck_assert(n2->below_min && !n2->any_allowed);
    /* N3's only mentor with its area is of another form: not a question of score */
    ck_assert(!r->mentees[find(r->mentees, r->n_mentees, "N3")].below_min);
    char *json = json_of(r);
    ck_assert_ptr_nonnull(strstr(json, "{\"mentee\":\"N2\",\"why\":\"нет наставника с "
                                       "достаточным совпадением\"}"));
    free(json);
    ms_match_result_destroy(r);
    o.min_score = 0;
    o.min_share = 100;
    ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
    ck_assert_uint_eq(r->matched, 4);
    ms_match_result_destroy(r);
}
END_TEST

/* Equal mentors of one place each; N1 wishes for the second, so the wish
 * wins over bank order; a wish for someone not in the bank (M99) is
 * counted.  A wish is no allowed pair by itself: N2 names M1, who does not
 * offer N2's area, and goes to M3, who does. */
START_TEST(wishes_are_honoured_after_coverage)
{
    char cb[] = "/tmp/ms_match_wcbXXXXXX", data[] = "/tmp/ms_match_wdataXXXXXX";
    char mcb[] = "/tmp/ms_match_wmcbXXXXXX", mdata[] = "/tmp/ms_match_wmdataXXXXXX";
    temp_file(mcb, "name,type,source,choices\nid,id,Код,\n"
                   "areas,multi,Области,1=методика|2=проекты\n");
    temp_file(mdata, "Код,Области\nM1,методика\nM2,методика\nM3,\"методика, проекты\"\n");
    temp_file(cb, "name,type,source,choices\nid,id,Код,\n"
                  "areas,multi,Области,1=методика|2=проекты\n"
                  "wish,choice,Желаемый наставник,\n");
    temp_file(data, "Код,Области,Желаемый наставник\nN1,методика,M2\nN2,проекты,M1\n"
                    "N3,методика,M99\n");
    const char *mf[] = {mdata}, *ef[] = {data};
    static const char *const prefer[] = {"wish"};
    ms_match_options o = {.mentors = {mcb, mf, 1, NULL}, .mentees = {cb, ef, 1, NULL},
                          .capacity = 1, .prefer = prefer, .n_prefer = 1, .threads = 1};
    ms_match_result *r;
    ms_error err;
    ms_status st = ms_match_run(&o, &r, &err);
    unlink(cb), unlink(data), unlink(mcb), unlink(mdata);
    ck_assert_msg(st == MS_OK, "%s", err.message);
    ck_assert_str_eq(mentor_of(r, "N1"), "M2");
    ck_assert_str_eq(mentor_of(r, "N2"), "M3"); /* only M3 offers projects */
    ck_assert_str_eq(mentor_of(r, "N3"), "M1");
    ck_assert_int_eq(r->mentees[0].wish, 1);
    ck_assert_int_eq(r->mentees[1].wish, 0);
    ck_assert_int_eq(r->wishes, 1);
    ck_assert_uint_eq(r->n_wish_unknown, 1);
    char *json = json_of(r);
    ck_assert_ptr_nonnull(strstr(json, "; пожелание наставляемого — M1 (1-й выбор) — не "
                                       "выполнено: эта пара не разрешена (нет общей области "
                                       "или её запрещают правила подбора)."));
    free(json);
    ms_match_result_destroy(r);
}
END_TEST

/* The reason line names the wished mentor and why another was chosen: N1
 * asked for M1, who has a place left, but M2 covers both requests (wishes
 * come after coverage); N2 asked for M3, who has no place. */
START_TEST(a_wish_not_met_is_named_with_why)
{
    char cb[] = "/tmp/ms_match_wcbXXXXXX", data[] = "/tmp/ms_match_wdataXXXXXX";
    char mcb[] = "/tmp/ms_match_wmcbXXXXXX", mdata[] = "/tmp/ms_match_wmdataXXXXXX";
    temp_file(mcb, "name,type,source,choices\nid,id,Код,\n"
                   "areas,multi,Области,1=методика|2=проекты\nplaces,number,Места,\n");
    temp_file(mdata, "Код,Области,Места\nM1,методика,2\nM2,\"методика, проекты\",1\n"
                     "M3,методика,0\n");
    temp_file(cb, "name,type,source,choices\nid,id,Код,\n"
                  "areas,multi,Области,1=методика|2=проекты\n"
                  "wish,choice,Желаемый наставник,\n");
    temp_file(data, "Код,Области,Желаемый наставник\nN1,\"методика, проекты\",M1\n"
                    "N2,методика,M3\n");
    const char *mf[] = {mdata}, *ef[] = {data};
    static const char *const prefer[] = {"wish"};
    ms_match_options o = {.mentors = {mcb, mf, 1, NULL}, .mentees = {cb, ef, 1, NULL},
                          .capacity_var = "places", .prefer = prefer, .n_prefer = 1,
                          .threads = 1};
    ms_match_result *r;
    ms_error err;
    ms_status st = ms_match_run(&o, &r, &err);
    unlink(cb), unlink(data), unlink(mcb), unlink(mdata);
    ck_assert_msg(st == MS_OK, "%s", err.message);
    ck_assert_str_eq(mentor_of(r, "N1"), "M2");
    ck_assert_str_eq(mentor_of(r, "N2"), "M1");
    char *json = json_of(r);
    ck_assert_ptr_nonnull(strstr(json, "\"why\":\"M2 ведёт 1 из 1; совпадение 2 из 2 запросов; "
                                       "пожелание наставляемого — M1 (1-й выбор) — не "
                                       "выполнено: совпадение с M1 — 1 вместо 2."));
    ck_assert_ptr_nonnull(strstr(json, "\"why\":\"M1 ведёт 1 из 2; совпадение 1 из 1 запроса; "
                                       "пожелание наставляемого — M3 (1-й выбор) — не "
                                       "выполнено: у M3 нет свободных мест."));
    ck_assert_int_eq(r->pairs[0].wished_rank, 1);
    free(json);
    ms_match_result_destroy(r);
}
END_TEST

/* One real-shaped form holds both banks and no code column: the answer to
 * «Would you like to be a mentor or a mentee?» splits it, each person is
 * their row number, a row that says neither is quarantined and counted
 * apart, a row without consent is counted as excluded of the file. */
START_TEST(one_file_without_codes_is_split_into_both_banks)
{
    char cb[] = "/tmp/ms_match_scbXXXXXX", data[] = "/tmp/ms_match_sdataXXXXXX";
    temp_file(cb, "name,type,source,choices\n"
                  "email,personal,Email Address,\n"
                  "role,choice,Would you like to be a mentor or a mentee?,\n"
                  "areas,multi,Topics,1=Python|2=Statistics|3=Careers\n"
                  "consent,consent,I agree,1=Yes|0=No\n");
    temp_file(data, "Email Address,Would you like to be a mentor or a mentee?,Topics,I agree\n"
                    "a@x.org,Mentor,\"Python, Statistics\",Yes\n"
                    "b@x.org,Mentee,Statistics,Yes\n"
                    "c@x.org,I'd like to be mentored,Python,Yes\n"
                    "d@x.org,Both,Careers,Yes\n"
                    "e@x.org,Mentee,Careers,No\n"
                    "f@x.org,Mentor,Careers,Yes\n");
    const char *files[] = {data};
    ms_match_options o = {.mentors = {cb, files, 1, NULL}, .capacity = 2, .split = "role",
                          .threads = 1};
    ms_match_result *r;
    ms_error err;
    ms_status st = ms_match_run(&o, &r, &err);
    unlink(cb), unlink(data);
    ck_assert_msg(st == MS_OK, "%s", err.message);
    ck_assert(r->split);
    ck_assert_uint_eq(r->n_mentors, 2);
    ck_assert_uint_eq(r->n_mentees, 2);
    ck_assert_str_eq(r->mentors[0].id, "2");
    ck_assert_str_eq(r->mentors[1].id, "7");
    ck_assert_str_eq(mentor_of(r, "3"), "2");
    ck_assert_str_eq(mentor_of(r, "4"), "2");
    ck_assert_ptr_null(r->mentors[0].name); /* e-mail is personal, never read */
    assert_rows(&r->mentor_rows, 2, 2, 0, 0);
    assert_rows(&r->mentee_rows, 2, 2, 0, 0);
    assert_rows(&r->other_rows, 2, 0, 1, 1);
    ck_assert_uint_eq(r->n_skipped, 1);
    ck_assert(r->skipped[0].neither);
    ck_assert_str_eq(r->skipped[0].id, "5");
    ck_assert_uint_eq(r->skipped[0].line, 5);
    /* read aloud, a row is «стр. 2», not a bare «2 ведёт 2 из 2» */
    char *json = json_of(r);
    ck_assert_msg(strstr(json, "\"why\":\"стр. 2 ведёт 2 из 2; совпадение 1 из 1 запроса."),
                  "%s", json);
    free(json);
    ms_match_result_destroy(r);
}
END_TEST

/* Two banks without codes in two files: row 2 of the mentors is no one
 * of the mentees (no self-pair is assumed between row numbers). */
START_TEST(banks_without_codes_pair_rows)
{
    char cb[] = "/tmp/ms_match_ncbXXXXXX", m[] = "/tmp/ms_match_nmXXXXXX",
         e[] = "/tmp/ms_match_neXXXXXX";
    temp_file(cb, "name,type,source,choices\nareas,multi,Области,1=методика|2=проекты\n");
    temp_file(m, "Области\nметодика\nпроекты\n");
    temp_file(e, "Области\nметодика\nпроекты\n");
    const char *mf[] = {m}, *ef[] = {e};
    ms_match_options o = {.mentors = {cb, mf, 1, NULL}, .mentees = {cb, ef, 1, NULL},
                          .capacity = 1, .threads = 1};
    ms_match_result *r;
    ms_status st = ms_match_run(&o, &r, NULL);
    unlink(cb), unlink(m), unlink(e);
    ck_assert_int_eq(st, MS_OK);
    ck_assert_str_eq(mentor_of(r, "2"), "2");
    ck_assert_str_eq(mentor_of(r, "3"), "3");
    ms_match_result_destroy(r);
}
END_TEST

/* Per pair: who else was suitable with free places and what the change
 * would cost, in one line.  With capacity 3 for all and no --same, N4
 * (projects) goes to M2 by bank order; M3 also offers projects and has
 * places: "столько же". */
START_TEST(each_pair_names_the_other_suitable_mentors)
{
    ms_match_options o = small_options();
    o.capacity_var = NULL;
    o.capacity = 3;
    o.n_same = 0;
    ms_match_result *r;
    ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
    const ms_match_pair *p = NULL;
    for (size_t k = 0; k < r->n_pairs; k++)
        if (!strcmp(r->mentees[r->pairs[k].mentee].id, "N4"))
            p = &r->pairs[k];
    ck_assert_ptr_nonnull(p);
    ck_assert_str_eq(r->mentors[p->mentor].id, "M2");
    ck_assert_uint_eq(p->n_free_alts, 1);
    ck_assert_str_eq(r->mentors[p->alts[0].mentor].id, "M3");
    ck_assert_int_eq(p->alts[0].free, 3);
    ck_assert_int_eq(p->alts[0].score, 1);
    char *json = json_of(r);
    /* the tie is told by what decided it (bank order here), no trailing space */
    ck_assert_ptr_nonnull(strstr(json, "\"why\":\"M2 ведёт 2 из 3; совпадение 1 из 1 запроса. "
                                       "Другие подходящие со свободными местами (1): M3 "
                                       "(свободно 3) — совпадение 1, столько же. При равном "
                                       "совпадении решил порядок в банке наставников: M2 стоит "
                                       "раньше, чем M3.\""));
    free(json);
    ms_match_result_destroy(r);
}
END_TEST

/* When every mentee has a mentor the page says so in a sentence, not with
 * a table of headers only; unmatched.csv is still written (empty). */
START_TEST(no_unmatched_mentee_is_a_sentence_not_an_empty_table)
{
    ms_match_options o = small_options();
    o.capacity_var = NULL;
    o.capacity = 3;
    o.n_same = 0;
    ms_match_result *r;
    ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
    ck_assert_uint_eq(r->matched, r->n_mentees);
    char dir[] = "/tmp/ms_match_XXXXXX", path[256], cmd[300];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(ms_match_write_dir(r, dir, true, NULL), MS_OK);
    snprintf(path, sizeof path, "%s/match.html", dir);
    char *html = ms_test_slurp(path, NULL);
    ck_assert_ptr_nonnull(html);
    ck_assert_ptr_nonnull(strstr(html, "<p>Нет: все наставляемые получили наставника.</p>"));
    ck_assert_ptr_null(strstr(html, "Почему без наставника"));
    free(html);
    snprintf(path, sizeof path, "%s/tables/unmatched.csv", dir);
    ck_assert_int_eq(access(path, F_OK), 0);
    snprintf(cmd, sizeof cmd, "rm -r %s", dir);
    ck_assert_int_eq(system(cmd), 0);
    ms_match_result_destroy(r);
}
END_TEST

START_TEST(allocation_failures_fail_cleanly)
{
    ms_match_options o = _i ? bad_rows_options() : small_options();
    for (long k = 0;; k++) {
        ms_test_budget budget = {k, 0, false};
        ms_set_allocator(ms_test_failing_realloc, &budget);
        ms_match_result *r = NULL;
        ms_status st = ms_match_run(&o, &r, NULL);
        ms_set_allocator(NULL, NULL);
        if (st == MS_OK) {
            ms_match_result_destroy(r);
            break;
        }
        ck_assert_int_eq(st, MS_ERR_NOMEM);
        ck_assert_ptr_null(r);
    }
}
END_TEST

/* Every allocation of match.html, its tables and the JSON, failed in turn:
 * MS_ERR_NOMEM each time (never a page with a blank column or a rule
 * missing its --same clause), nothing left in the directory, and then the
 * write that succeeds. */
START_TEST(failing_any_allocation_of_the_written_pairing_gives_nomem)
{
    ms_match_options o = _i ? bad_rows_options() : small_options();
    ms_match_result *r;
    ck_assert_int_eq(ms_match_run(&o, &r, NULL), MS_OK);
    char dir[96];
    ms_test_template(dir, sizeof dir, "ms_match_oom_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    long k = 0;
    for (;; k++) {
        ms_test_budget budget = {k, 0, false};
        ms_set_allocator(ms_test_failing_realloc, &budget);
        ms_error err;
        ms_status written = ms_match_write_dir(r, dir, k % 2 == 0, &err), json_st = MS_OK;
        char *json = NULL;
        size_t len = 0;
        FILE *f = written == MS_OK ? open_memstream(&json, &len) : NULL;
        if (f) {
            json_st = ms_match_write_json(r, k % 2 == 0, f);
            fclose(f);
            free(json);
        }
        ms_set_allocator(NULL, NULL);
        if (written == MS_OK && json_st == MS_OK)
            break;
        char cmd[400];
        /* a failed write leaves the directory empty; after a good one, empty it */
        snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", dir);
        int empty = written == MS_OK ? 0 : system(cmd);
        snprintf(cmd, sizeof cmd, "rm -rf '%s'/* '%s'/.m*", dir, dir);
        ck_assert_int_eq(system(cmd), 0);
        ms_status st = written != MS_OK ? written : json_st;
        ck_assert_msg(st == MS_ERR_NOMEM, "failing allocation %ld gave status %d", k, st);
        ck_assert_msg(empty == 0, "failing allocation %ld left files behind", k);
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    ms_match_result_destroy(r);
    ck_assert_int_gt(k, 20);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("match");
    TCase *tc = tcase_create("match");
    tcase_add_test(tc, optimum_equals_brute_force_on_2000_random_instances);
    tcase_add_test(tc, optimum_with_kept_load_wishes_and_spread_equals_brute_force);
    tcase_add_loop_test(tc, optimum_equals_lpsolve_in_r, 0,
                        (int)(sizeof r_optima / sizeof *r_optima));
    tcase_add_loop_test(tc, rules_optimum_equals_lpsolve_in_r, 0,
                        (int)(sizeof r_rules_optima / sizeof *r_rules_optima));
    tcase_add_test(tc, banks_rules_self_same_blank_consent_capacity);
    tcase_add_test(tc, names_only_when_asked);
    tcase_add_test(tc, same_input_same_pairs);
    tcase_add_test(tc, no_unmatched_mentee_is_a_sentence_not_an_empty_table);
    tcase_add_test(tc, capacity_zero_for_all_is_no_feasible_pair);
    tcase_add_test(tc, failed_write_leaves_nothing);
    tcase_add_test(tc, a_missing_parent_of_the_output_is_named_with_advice);
    tcase_add_test(tc, quarantined_rows_are_left_out_counted_and_listed);
    tcase_add_test(tc, a_negative_capacity_is_quarantined_at_its_cell);
    tcase_add_test(tc, page_lists_rows_with_errors_by_file_line_and_reason_only);
    tcase_add_test(tc, a_row_out_of_line_shows_no_code);
    tcase_add_test(tc, duplicate_ids_stay_an_error);
    tcase_add_test(tc, a_kept_pair_is_fixed_and_takes_its_place);
    tcase_add_test(tc, last_years_annex_is_read_as_kept_pairs);
    tcase_add_test(tc, an_impossible_kept_pair_is_an_error_at_its_line);
    tcase_add_test(tc, an_excluded_pair_is_never_formed);
    tcase_add_test(tc, differ_forbids_equal_answers);
    tcase_add_test(tc, min_score_leaves_poor_pairs_in_the_search_with_the_reason);
    tcase_add_test(tc, wishes_are_honoured_after_coverage);
    tcase_add_test(tc, a_wish_not_met_is_named_with_why);
    tcase_add_test(tc, pricing_gives_the_same_optimum_on_larger_instances);
    tcase_add_test(tc, one_file_without_codes_is_split_into_both_banks);
    tcase_add_test(tc, banks_without_codes_pair_rows);
    tcase_add_test(tc, each_pair_names_the_other_suitable_mentors);
    tcase_add_loop_test(tc, allocation_failures_fail_cleanly, 0, 2);
    tcase_add_loop_test(tc, failing_any_allocation_of_the_written_pairing_gives_nomem, 0, 2);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
