/* Allocation failure: the library allocates only through ms_set_allocator's
 * hook, so failing the N-th allocation, for every N of a small run (codebook,
 * loader, aggregate, results, JSON), must give MS_ERR_NOMEM and no crash; the
 * sanitizer build of the CI checks that nothing leaks either. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorstat/aggregate.h"
#include "mentorstat/results.h"
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
    ms_test_budget b = {-1, 0};
    ms_set_allocator(ms_test_failing_realloc, &b);
    ck_assert_int_eq(run_once(), MS_OK);
    long total = b.count;
    ck_assert_int_gt(total, 20);
    long nomem = 0;
    for (long n = 0; n < total; n++) {
        b = (ms_test_budget){n, 0};
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

int main(void)
{
    Suite *s = suite_create("alloc_failure");
    TCase *tc = tcase_create("alloc_failure");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, failing_any_allocation_gives_nomem_and_no_crash);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
