/* The pairing (match.h): the solver's optimum against a brute-force search
 * over every assignment of small random instances (all three levels), and
 * against integer programmes solved in R on larger ones; the banks' rules
 * (self-pairs, --same with blanks, consent, capacity, names); determinism;
 * nothing left behind when writing fails; quarantined rows left out of the
 * pairing, counted and listed. */
#include <check.h>
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
    long cap[8];
    int score[8][8];        /* person level */
    long best_count, best_score, best_order;
    long left[8];
} brute;

/* every mentee: no mentor, or any allowed mentor with room */
static void search(brute *b, size_t j, long count, long score, long order)
{
    if (j == b->ne) {
        if (count > b->best_count || (count == b->best_count && score > b->best_score) ||
            (count == b->best_count && score == b->best_score && order < b->best_order))
            b->best_count = count, b->best_score = score, b->best_order = order;
        return;
    }
    search(b, j + 1, count, score, order);
    for (size_t i = 0; i < b->nm; i++)
        if (b->score[i][j] > 0 && b->left[i] > 0) {
            b->left[i]--;
            search(b, j + 1, count + 1, score + b->score[i][j], order + (long)(i + j));
            b->left[i]++;
        }
}

/* A random instance in classes: people of one class share a score row. */
static void random_instance(unsigned *seed, brute *b, size_t *mc, size_t *ec, size_t *nmc,
                            size_t *nec, int *cscore)
{
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
    }
    for (size_t j = 0; j < b->ne; j++)
        ec[j] = (size_t)rand_r(seed) % *nec;
    for (size_t i = 0; i < b->nm; i++)
        for (size_t j = 0; j < b->ne; j++)
            b->score[i][j] = cscore[mc[i] * *nec + ec[j]];
    b->best_count = b->best_score = -1;
    b->best_order = 0;
}

/* The assignment is feasible and its totals are the ones reported. */
static void check_assignment(const brute *b, const long *mentor_of, const ms_match_totals *t)
{
    long used[8] = {0}, count = 0, score = 0, order = 0;
    for (size_t j = 0; j < b->ne; j++) {
        if (mentor_of[j] < 0)
            continue;
        size_t i = (size_t)mentor_of[j];
        ck_assert_uint_lt(i, b->nm);
        ck_assert_int_gt(b->score[i][j], 0);
        used[i]++;
        count++, score += b->score[i][j], order += (long)(i + j);
    }
    for (size_t i = 0; i < b->nm; i++)
        ck_assert_int_le(used[i], b->cap[i]);
    ck_assert_int_eq(count, (long)t->matched);
    ck_assert_int_eq(score, t->total_score);
    ck_assert_int_eq(order, t->order_cost);
}

START_TEST(optimum_equals_brute_force_on_2000_random_instances)
{
    unsigned seed = 17;
    for (int run = 0; run < 2000; run++) {
        brute b;
        size_t mc[8], ec[8], nmc, nec;
        int cscore[64];
        random_instance(&seed, &b, mc, ec, &nmc, &nec, cscore);
        search(&b, 0, 0, 0, 0);
        ms_match_problem p = {b.nm, b.ne, b.cap, mc, ec, nmc, nec, cscore};
        long mentor_of[8];
        ms_match_totals t;
        ms_error err;
        ck_assert_int_eq(ms_match_solve(&p, mentor_of, &t, &err), MS_OK);
        ck_assert_msg((long)t.matched == b.best_count && t.total_score == b.best_score &&
                          t.order_cost == b.best_order,
                      "run %d: %zu/%lld/%lld, brute force %ld/%ld/%ld", run, t.matched,
                      t.total_score, t.order_cost, b.best_count, b.best_score, b.best_order);
        check_assignment(&b, mentor_of, &t);
    }
}
END_TEST

/* ---------- against R ---------- */

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
    ms_match_problem p = {m, n, cap, mc, ec, m, n, score};
    ms_match_totals t;
    ms_error err;
    ck_assert_int_eq(ms_match_solve(&p, mentor_of, &t, &err), MS_OK);
    ck_assert_int_eq((long)t.matched, want->matched);
    ck_assert_int_eq(t.total_score, want->score);
    ck_assert_int_eq(t.order_cost, want->order);
    free(cap), free(mentor_of), free(mc), free(ec), free(score);
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
    ck_assert_int_eq(ms_match_write_json(r, f), MS_OK);
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

START_TEST(allocation_failures_fail_cleanly)
{
    ms_match_options o = _i ? bad_rows_options() : small_options();
    for (long k = 0;; k++) {
        ms_test_budget budget = {k, 0};
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
        ms_test_budget budget = {k, 0};
        ms_set_allocator(ms_test_failing_realloc, &budget);
        ms_error err;
        ms_status written = ms_match_write_dir(r, dir, k % 2 == 0, &err), json_st = MS_OK;
        char *json = NULL;
        size_t len = 0;
        FILE *f = written == MS_OK ? open_memstream(&json, &len) : NULL;
        if (f) {
            json_st = ms_match_write_json(r, f);
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
    tcase_add_loop_test(tc, optimum_equals_lpsolve_in_r, 0,
                        (int)(sizeof r_optima / sizeof *r_optima));
    tcase_add_test(tc, banks_rules_self_same_blank_consent_capacity);
    tcase_add_test(tc, names_only_when_asked);
    tcase_add_test(tc, same_input_same_pairs);
    tcase_add_test(tc, capacity_zero_for_all_is_no_feasible_pair);
    tcase_add_test(tc, failed_write_leaves_nothing);
    tcase_add_test(tc, quarantined_rows_are_left_out_counted_and_listed);
    tcase_add_test(tc, a_negative_capacity_is_quarantined_at_its_cell);
    tcase_add_test(tc, page_lists_rows_with_errors_by_file_line_and_reason_only);
    tcase_add_test(tc, a_row_out_of_line_shows_no_code);
    tcase_add_test(tc, duplicate_ids_stay_an_error);
    tcase_add_loop_test(tc, allocation_failures_fail_cleanly, 0, 2);
    tcase_add_loop_test(tc, failing_any_allocation_of_the_written_pairing_gives_nomem, 0, 2);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
