/* Check suite for the aggregates: merging summaries of two parts gives
 * exactly the figures of reading both parts in one go, for every statistic
 * the results print (the JSON is compared byte for byte). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mentorstat/aggregate.h"
#include "mentorstat/input.h"
#include "mentorstat/results.h"
#include "aggregate_int.h" /* all_deferred: the streaming state is over */
#include "ms_r_reference.h"
#include "ms_suite.h"

#define HEADER "name,type,source,label,min,max,reverse,construct,choices,missing\n"

static const char *codebook_text = HEADER
    "id,id,id,,,,,,,\n"
    "wave,wave,wave,,,,,,1=entry|2=exit,\n"
    "form,group,form,,,,,,,\n"
    "q1,scale,q1,,1,10,,quality,,\n"
    "q2,scale,q2,,1,10,,quality,,\n"
    "q3,scale,q3,,1,10,1,quality,,\n"
    "hours,number,hours,,,,,,,\n"
    "meet,choice,meet,,,,,,1=often|2=rarely,\n"
    "rec,yesno,rec,,,,,,,\n";

/* Two parts with different level order, ties, zeros and a missing answer. */
static const char *part_a =
    "id,wave,form,q1,q2,q3,hours,meet,rec\n"
    "a1,entry,T-S,5,6,4,2.5,often,yes\n"
    "a1,exit,T-S,7,8,3,3,often,yes\n"
    "a2,entry,S-S,3,3,8,1,rarely,no\n"
    "a2,exit,S-S,4,5,6,1,rarely,yes\n"
    "a3,entry,T-T,6,,5,4,often,yes\n"
    "a3,exit,T-T,6,7,5,4,often,yes\n";
static const char *part_b =
    "id,wave,form,q1,q2,q3,hours,meet,rec\n"
    "b1,exit,T-T,9,9,2,5,often,yes\n"
    "b1,entry,T-T,8,7,3,5,rarely,yes\n"
    "b2,entry,T-S,2,3,9,0.5,rarely,no\n"
    "b2,exit,T-S,5,4,7,1.5,often,no\n"
    "b3,entry,S-S,7,7,4,2,often,yes\n"
    "b3,exit,S-S,7,8,4,2,often,yes\n"
    "b4,exit,S-S,10,10,1,6,often,yes\n";

static ms_codebook *codebook(void)
{
    ms_codebook *cb;
    ms_error err;
    ck_assert_int_eq(ms_codebook_parse(codebook_text, strlen(codebook_text), "cb.csv", &cb, &err), MS_OK);
    return cb;
}

static ms_status add(const ms_record *rec, void *ctx, ms_error *err)
{
    return ms_aggregate_add(ctx, rec, err);
}

static void read_into(ms_aggregate *agg, const char *const *parts, size_t n)
{
    ms_load_options o = {.on_record = add, .record_ctx = agg};
    ms_loader *ld;
    ms_error err;
    ck_assert_int_eq(ms_loader_create(agg->cb, &o, &ld, &err), MS_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(ms_loader_read_mem(ld, parts[i], strlen(parts[i]), "part.csv", &err), MS_OK);
    agg->rows = ms_loader_total(ld);
    ms_loader_destroy(ld);
}

static char *json_of(const ms_aggregate *agg)
{
    ms_results *res;
    ms_error err;
    ck_assert_int_eq(ms_results_compute(agg, NULL, &res, &err), MS_OK);
    char *buf = results_json(res, NULL);
    ms_results_destroy(res);
    return buf;
}

static ms_aggregate *new_aggregate(const ms_codebook *cb)
{
    size_t by[2] = {2, 1}; /* form, wave */
    ms_aggregate *agg;
    ms_error err;
    ck_assert_int_eq(ms_aggregate_create(cb, by, 2, &agg, &err), MS_OK);
    return agg;
}

START_TEST(merge_of_parts_equals_reading_them_in_one_go)
{
    ms_codebook *cb = codebook();
    const char *both[2] = {part_a, part_b};
    ms_aggregate *whole = new_aggregate(cb), *a = new_aggregate(cb), *b = new_aggregate(cb);
    read_into(whole, both, 2);
    read_into(a, both, 1);
    read_into(b, both + 1, 1);
    ms_error err;
    ck_assert_int_eq(ms_aggregate_merge(a, b, &err), MS_OK);
    char *j_whole = json_of(whole), *j_merged = json_of(a);
    ck_assert_str_eq(j_merged, j_whole);
    /* and the figures are not trivial: both parts contribute */
    ck_assert(strstr(j_whole, "\"read\":13") != NULL);
    ck_assert(strstr(j_whole, "\"test\":\"kruskal_wallis\"") != NULL);
    ck_assert(strstr(j_whole, "\"paired\":[{") != NULL);
    free(j_whole);
    free(j_merged);
    ms_aggregate_destroy(whole);
    ms_aggregate_destroy(a);
    ms_aggregate_destroy(b);
    ms_codebook_destroy(cb);
}
END_TEST

/* Levels without choices are ordered as first seen (docs/codebook.md), so B then A
 * is compared with reading B then A. */
START_TEST(merge_in_the_other_order_equals_reading_in_that_order)
{
    ms_codebook *cb = codebook();
    const char *both[2] = {part_a, part_b};
    const char *reversed[2] = {part_b, part_a};
    ms_aggregate *a = new_aggregate(cb), *b = new_aggregate(cb);
    read_into(a, both, 1);
    read_into(b, both + 1, 1);
    ms_error err;
    ck_assert_int_eq(ms_aggregate_merge(b, a, &err), MS_OK);
    ms_aggregate *whole = new_aggregate(cb);
    read_into(whole, reversed, 2);
    char *j_whole = json_of(whole), *j_merged = json_of(b);
    ck_assert_str_eq(j_merged, j_whole);
    free(j_whole);
    free(j_merged);
    ms_aggregate_destroy(whole);
    ms_aggregate_destroy(a);
    ms_aggregate_destroy(b);
    ms_codebook_destroy(cb);
}
END_TEST

static char *write_temp(const char *text)
{
    char *path = ms_test_template_dup("ms_test_aggregate_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* ms_aggregate_files adds rows only to the first --by variable's cells and
 * derives the overall cell from them (and from rows without a form). */
START_TEST(reading_files_gives_the_overall_figures_of_adding_row_by_row)
{
    static const char *no_form =
        "id,wave,form,q1,q2,q3,hours,meet,rec\n"
        "c1,entry,,4,4,4,7.25,often,yes\n"
        "c1,exit,,6,5,4,7.25,rarely,yes\n";
    ms_codebook *cb = codebook();
    const char *texts[3] = {part_a, part_b, no_form};
    char *paths[3];
    for (size_t i = 0; i < 3; i++)
        paths[i] = write_temp(texts[i]);
    ms_aggregate *by_rows = new_aggregate(cb), *by_files = new_aggregate(cb);
    read_into(by_rows, texts, 3);
    ms_loader *ld = NULL;
    ms_error err;
    ck_assert_int_eq(ms_aggregate_files(by_files, (const char *const *)paths, 3, NULL, &ld, &err), MS_OK);
    ck_assert(!by_files->all_deferred);
    char *j_rows = json_of(by_rows), *j_files = json_of(by_files);
    ck_assert_str_eq(j_files, j_rows);
    ck_assert(strstr(j_files, "\"read\":15") != NULL);
    free(j_rows);
    free(j_files);
    for (size_t i = 0; i < 3; i++) {
        remove(paths[i]);
        free(paths[i]);
    }
    ms_loader_destroy(ld);
    ms_aggregate_destroy(by_rows);
    ms_aggregate_destroy(by_files);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(identical_rows_are_named_in_file_and_line_order_with_the_row_they_repeat)
{
    /* part_a pasted again below itself, then once more in a second file; a1's
     * exit answered again with one cell changed is a repeated code, not an
     * identical row */
    static const char *changed =
        "id,wave,form,q1,q2,q3,hours,meet,rec\n"
        "a1,exit,T-S,7,8,3,3,often,no\n";
    char twice[1024];
    snprintf(twice, sizeof twice, "%s%s", part_a, strchr(part_a, '\n') + 1);
    ms_codebook *cb = codebook();
    ms_aggregate *agg = new_aggregate(cb);
    agg->count_duplicates = true;
    const char *parts[3] = {twice, part_a, changed};
    read_into(agg, parts, 3);
    double identical;
    ms_row_key first[4], of[4];
    size_t n;
    ck_assert_int_eq(ms_aggregate_identical_rows(agg, &identical, first, of, 4, &n), MS_OK);
    ck_assert(identical == 6 + 6);
    ck_assert_uint_eq(n, 4);
    /* the pasted copy: lines 8.. of the first file repeat lines 2.. */
    for (size_t i = 0; i < 4; i++) {
        ck_assert_uint_eq(first[i].file, 0);
        ck_assert_uint_eq(first[i].line, 8 + i);
        ck_assert_uint_eq(of[i].file, 0);
        ck_assert_uint_eq(of[i].line, 2 + i);
        ck_assert(first[i].hash == of[i].hash);
    }
    ms_results *res;
    ms_error err;
    ck_assert_int_eq(ms_results_compute(agg, NULL, &res, &err), MS_OK);
    ck_assert(res->identical_rows == 12);
    ms_results_destroy(res);
    ms_aggregate_destroy(agg);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(without_count_duplicates_no_row_is_kept)
{
    ms_codebook *cb = codebook();
    ms_aggregate *agg = new_aggregate(cb);
    const char *parts[2] = {part_a, part_a};
    read_into(agg, parts, 2);
    double identical;
    ms_row_key first[1];
    size_t n;
    ck_assert_int_eq(ms_aggregate_identical_rows(agg, &identical, first, NULL, 1, &n), MS_OK);
    ck_assert(identical == 0 && n == 0 && agg->n_row_keys == 0);
    ms_aggregate_destroy(agg);
    ms_codebook_destroy(cb);
}
END_TEST

START_TEST(freq_table_keeps_values_sorted_and_counts_exact)
{
    ms_freq f = {0};
    double xs[] = {3, 1, 2.5, 3, 10, 1};
    for (size_t i = 0; i < 6; i++)
        ck_assert_int_eq(ms_freq_add(&f, xs[i], 1), MS_OK);
    ck_assert_uint_eq(f.k, 4);
    ck_assert(f.values[0] == 1 && f.values[1] == 2.5 && f.values[2] == 3 && f.values[3] == 10);
    ck_assert(f.counts[0] == 2 && f.counts[2] == 2);
    ck_assert(ms_freq_total(&f) == 6);
    ms_freq_clear(&f);
}
END_TEST

START_TEST(destroy_null_is_a_no_op)
{
    ms_aggregate_destroy(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("aggregate");
    TCase *tc = tcase_create("aggregate");
    tcase_add_test(tc, merge_of_parts_equals_reading_them_in_one_go);
    tcase_add_test(tc, merge_in_the_other_order_equals_reading_in_that_order);
    tcase_add_test(tc, reading_files_gives_the_overall_figures_of_adding_row_by_row);
    tcase_add_test(tc, freq_table_keeps_values_sorted_and_counts_exact);
    tcase_add_test(tc, identical_rows_are_named_in_file_and_line_order_with_the_row_they_repeat);
    tcase_add_test(tc, without_count_duplicates_no_row_is_kept);
    tcase_add_test(tc, destroy_null_is_a_no_op);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
