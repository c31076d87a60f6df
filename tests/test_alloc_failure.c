/* Allocation failure: the library allocates only through ms_set_allocator's
 * hook, so failing the N-th allocation, for every N of a small run (codebook,
 * loader, aggregate, results, JSON; the scrubber), and for a sample of the N
 * of a whole report, must give MS_ERR_NOMEM, no crash and no partial output;
 * the sanitizer build of the CI checks that nothing leaks either.
 * (match_write: test_match.c, with its banks.) */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentorstat/aggregate.h"
#include "mentorstat/report.h"
#include "mentorstat/results.h"
#include "mentorstat/scrub.h"
#include "ms_suite.h"

static const char codebook[] =
    "name,type,source,label,min,max,reverse,construct,choices,missing\n"
    "id,id,id,,,,,,,\nwave,wave,wave,,,,,,1=in|2=out,\nform,group,form,,,,,,,\n"
    "q1,scale,q1,,1,10,,c,,99\nq2,scale,q2,,1,10,1,c,,\nh,number,h,,,,,,,\n"
    "m,multi,m,,,,,,1=a|2=b,\nok,consent,ok,,,,,,,\n";
static const char data[] =
    "id,wave,form,q1,q2,h,m,ok\n"
    "a,in,X,5,6,1.5,a;b,да\na,out,X,7,8,2,a,да\nb,in,Y,3,99,1,,да\nb,out,Y,4,5,1,b,да\n"
    "c,in,Y,6,6,0,a,нет\nc,out,Z,11,6,0,a,да\nd,in,Z,8,7,3,b,да\nd,out,Z,9,9,3,b,да\n";

static ms_status add(const ms_record *rec, void *ctx, ms_error *err)
{
    return ms_aggregate_add(ctx, rec, err);
}

/* The whole pipeline; returns the first failing status. */
static ms_status run_once(void)
{
    ms_codebook *cb = NULL;
    ms_aggregate *agg = NULL;
    ms_loader *ld = NULL;
    ms_results *res = NULL;
    ms_error err;
    size_t by[1] = {2};
    ms_status st = ms_codebook_parse(codebook, sizeof codebook - 1, "cb.csv", &cb, &err);
    if (st == MS_OK)
        st = ms_aggregate_create(cb, by, 1, &agg, &err);
    ms_load_options o = {.on_record = add, .record_ctx = agg};
    if (st == MS_OK)
        st = ms_loader_create(cb, &o, &ld, &err);
    if (st == MS_OK)
        st = ms_loader_read_mem(ld, data, sizeof data - 1, "d.csv", &err);
    if (st == MS_OK) {
        ms_tally total = ms_loader_total(ld);
        ms_aggregate_count_rows(agg, &total);
        st = ms_results_compute(agg, NULL, &res, &err);
    }
    if (st == MS_OK) {
        FILE *f = fopen("/dev/null", "w");
        st = ms_results_write_json(res, f);
        fclose(f);
    }
    ms_results_destroy(res);
    ms_loader_destroy(ld);
    ms_aggregate_destroy(agg);
    ms_codebook_destroy(cb);
    return st;
}

START_TEST(failing_any_allocation_gives_nomem_and_no_crash)
{
    ms_test_budget b = {-1, 0, false};
    ms_set_allocator(ms_test_failing_realloc, &b);
    ck_assert_int_eq(run_once(), MS_OK);
    long total = b.count;
    ck_assert_int_gt(total, 20);
    long nomem = 0;
    for (long n = 0; n < total; n++) {
        b = (ms_test_budget){n, 0, false};
        ms_status st = run_once();
        /* MS_OK is right only where an allocator retries: libcsv asks again
         * for a smaller buffer when growing fails */
        ck_assert_msg(st == MS_ERR_NOMEM || st == MS_OK, "failing allocation %ld of %ld gave status %d",
                      n, total, st);
        nomem += st == MS_ERR_NOMEM;
    }
    ck_assert_int_gt(nomem, total * 9 / 10);
    ms_set_allocator(NULL, NULL);
}
END_TEST

START_TEST(failing_any_allocation_of_the_scrubber_gives_nomem)
{
    static const char text[] = "Пишите ivan.petrov@school7.ru или +7 (912) 345-67-89; "
                               "спасибо, Иван Петров и Мария!";
    const char *personal[] = {"Иван Петров", "Мария"};
    ms_test_budget b = {-1, 0, false};
    ms_set_allocator(ms_test_failing_realloc, &b);
    char *out = NULL;
    ms_scrub_counts counts;
    ck_assert_int_eq(ms_scrub_text(text, personal, 2, true, &out, &counts, NULL), MS_OK);
    ms_free(out);
    long total = b.count;
    ck_assert_int_gt(total, 2);
    for (long n = 0; n < total; n++) {
        b = (ms_test_budget){n, 0, false};
        out = NULL;
        ms_status st = ms_scrub_text(text, personal, 2, true, &out, &counts, NULL);
        ck_assert_msg(st == MS_ERR_NOMEM, "failing allocation %ld of %ld gave status %d", n,
                      total, st);
        ck_assert_ptr_null(out);
    }
    ms_set_allocator(NULL, NULL);
}
END_TEST

/* ---------- the report: a sample of its allocations ---------- */

static char report_tmp[512];

/* In the parent, under the suite's directory (removed after the suite). */
static void make_report_tmp(void)
{
    ms_test_template(report_tmp, sizeof report_tmp, "ms_alloc_report_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(report_tmp));
}

/* The forms programme (two questionnaires, charts, tables, deliverables):
 * the allocations of the whole build counted, then every one of the first
 * 10 and 20 more spread evenly over the rest made the first to fail, memory
 * staying exhausted from there (ms_test_budget.exhausted).  Each must give
 * MS_ERR_NOMEM and leave no report directory behind. */
START_TEST(failing_a_sample_of_the_report_s_allocations_gives_nomem_and_no_report)
{
    char out[600];
    snprintf(out, sizeof out, "%s/report", report_tmp);
    const char *programme = MS_SOURCE_DIR "/tests/data/forms/programme.ini";
    ms_test_budget b = {-1, 0, false};
    ms_report_summary sum;
    ms_error err;
    ms_set_allocator(ms_test_failing_realloc, &b);
    ck_assert_msg(ms_report_build(programme, out, &sum, &err) == MS_OK, "%s", err.message);
    ms_set_allocator(NULL, NULL);
    long total = b.count;
    ck_assert_int_gt(total, 1000);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
    ck_assert_int_eq(system(cmd), 0);
    for (long i = 0; i < 30; i++) {
        long n = i < 10 ? i : 10 + (i - 10) * (total - 11) / 19;
        b = (ms_test_budget){n, 0, true};
        ms_set_allocator(ms_test_failing_realloc, &b);
        ms_status st = ms_report_build(programme, out, &sum, &err);
        ms_set_allocator(NULL, NULL);
        ck_assert_msg(st == MS_ERR_NOMEM, "failing allocation %ld of %ld gave status %d (%s)", n,
                      total, st, err.message);
        ck_assert_msg(access(out, F_OK) != 0, "failing allocation %ld left %s", n, out);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("alloc_failure");
    TCase *tc = tcase_create("alloc_failure");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, failing_any_allocation_gives_nomem_and_no_crash);
    tcase_add_test(tc, failing_any_allocation_of_the_scrubber_gives_nomem);
    suite_add_tcase(s, tc);
    TCase *report = tcase_create("report");
    tcase_set_timeout(report, 600);
    tcase_add_unchecked_fixture(report, make_report_tmp, NULL);
    tcase_add_test(report, failing_a_sample_of_the_report_s_allocations_gives_nomem_and_no_report);
    suite_add_tcase(s, report);
    return ms_run_suite(s);
}
