/* Check suite for the streaming CSV reader: fields come back whole whatever
 * their length, and reading on two threads hands the caller exactly the
 * rows, line numbers, breaks and failures of reading on one, on files that
 * cross many batches and blocks. */
#include <check.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "ms_suite.h"

/* What a reading handed over, as a count and a hash of everything. */
typedef struct {
    size_t rows, broken, progress_calls;
    uint64_t hash;
    size_t stop_at;           /* fail on this row (1-based); 0: never */
    unsigned long long bytes_seen;
} seen;

static void mix(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ s[i]) * 1099511628211ULL;
}

static ms_status on_row(const ms_csv_row *row, void *ctx, ms_error *err)
{
    seen *s = ctx;
    s->rows++;
    s->broken += row->broken != NULL;
    mix(&s->hash, &row->line, sizeof row->line);
    mix(&s->hash, &row->n_fields, sizeof row->n_fields);
    mix(&s->hash, &row->broken_field, sizeof row->broken_field);
    for (size_t i = 0; i < row->n_fields; i++) {
        ck_assert_int_eq(row->fields[i].ptr[row->fields[i].len], '\0');
        mix(&s->hash, &row->fields[i].len, sizeof row->fields[i].len);
        mix(&s->hash, row->fields[i].ptr, row->fields[i].len);
    }
    if (s->stop_at && s->rows == s->stop_at)
        return ms_error_set(err, MS_ERR_DATA, "caller", row->line, 1, "stopped at row %zu", s->rows);
    return MS_OK;
}

static void on_progress(const ms_csv_info *info, void *ctx)
{
    seen *s = ctx;
    ck_assert_uint_ge(info->bytes_read, s->bytes_seen); /* never backwards */
    s->bytes_seen = info->bytes_read;
    s->progress_calls++;
}

/* About 2 MB of awkward but mostly valid CSV: quoted delimiters, quotes and
 * line breaks inside fields, CRLF and LF, blank lines, a 300 kB field, stray
 * quotes every 997 rows, and an unclosed quote at the very end. */
static char *write_awkward_file(size_t rows)
{
    char *path = strdup("/tmp/ms_test_csvread_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("id,text,n\n", f);
    for (size_t i = 0; i < rows; i++) {
        const char *eol = i % 3 ? "\n" : "\r\n";
        if (i % 997 == 5)
            fprintf(f, "R%zu,bad \"quote\" here,%zu%s", i, i % 10, eol);
        else if (i % 101 == 7)
            fprintf(f, "R%zu,\"two\nlines, \"\"quoted\"\"\",%zu%s%s", i, i % 10, eol, eol);
        else
            fprintf(f, "R%zu,plain %zu,%zu%s", i, i * 7919 % 1000, i % 10, eol);
        if (i == rows / 2) {
            fputs("R-big,\"", f);
            for (size_t k = 0; k < 300000; k++)
                fputc('a' + (int)(k % 26), f);
            fputs("\",1\n", f);
        }
    }
    fputs("R-last,\"never closed,1\n", f);
    fclose(f);
    return path;
}

/* Read path on one thread, then on two: both give status `want` and the
 * same rows, reader state and error.  Returns what two threads handed over. */
static seen read_both_ways(const char *path, const char *encoding, size_t stop_at, ms_status want,
                           ms_csv_info *info)
{
    seen s[2] = {{.stop_at = stop_at}, {.stop_at = stop_at}};
    ms_csv_info in[2];
    ms_error e[2];
    memset(e, 0, sizeof e);
    for (unsigned t = 0; t < 2; t++) {
        ms_csv_options opt = {encoding, 0, t + 1};
        s[t].hash = 14695981039346656037ULL;
        ck_assert_int_eq(ms_csv_read_file(path, &opt, on_row, &s[t], on_progress, &in[t], &e[t]), want);
    }
    ck_assert_uint_eq(s[1].rows, s[0].rows);
    ck_assert_uint_eq(s[1].broken, s[0].broken);
    ck_assert(s[1].hash == s[0].hash);
    ck_assert_str_eq(in[1].encoding, in[0].encoding);
    if (want == MS_OK) { /* after a failure the reading thread may have got further */
        ck_assert_uint_eq(in[1].lines, in[0].lines);
        ck_assert_uint_eq(in[1].bytes_read, in[0].bytes_read);
    }
    ck_assert_str_eq(e[1].message, e[0].message);
    ck_assert_uint_eq(e[1].line, e[0].line);
    *info = in[1];
    return s[1];
}

START_TEST(two_threads_hand_over_the_same_rows_lines_and_breaks_as_one)
{
    char *path = write_awkward_file(20000);
    ms_csv_info info;
    seen two = read_both_ways(path, NULL, 0, MS_OK, &info);
    ck_assert_uint_eq(two.rows, 20000 + 3); /* header, the big row, the unclosed one */
    ck_assert_uint_eq(two.broken, (20000 - 5) / 997 + 1 + 1); /* stray quotes, the unclosed one */
    ck_assert_uint_eq(info.bytes_read, info.bytes_total);
    ck_assert_int_eq(info.delimiter, ',');
    ck_assert_uint_gt(two.progress_calls, 10);
    ck_assert_uint_eq(two.bytes_seen, info.bytes_total);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(a_failing_caller_stops_the_reading_thread_with_its_own_error)
{
    char *path = write_awkward_file(20000);
    for (size_t stop = 1; stop <= 12001; stop += 3000) {
        ms_csv_info info;
        ck_assert_uint_eq(read_both_ways(path, NULL, stop, MS_ERR_DATA, &info).rows, stop);
    }
    unlink(path);
    free(path);
}
END_TEST

START_TEST(a_reading_failure_comes_after_the_rows_before_it)
{
    /* 8-bit bytes that ASCII cannot convert, about 1.5 MB into the file */
    char *path = write_awkward_file(12000);
    FILE *f = fopen(path, "a");
    fputs("\nR-x,\xC0\xC1,1\n", f);
    for (int i = 0; i < 1000; i++)
        fputs("R-after,ok,1\n", f);
    fclose(f);
    ms_csv_info info;
    ck_assert_uint_gt(read_both_ways(path, "ASCII", 0, MS_ERR_ENCODING, &info).rows, 1000);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(empty_and_tiny_files_read_the_same_on_two_threads)
{
    const char *texts[] = {"", "a,b\n", "a,b", "\n\n\n", "\"x\ny\",1\r\n2,\"3"};
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        char path[] = "/tmp/ms_test_csvread_tiny_XXXXXX";
        int fd = mkstemp(path);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(write(fd, texts[t], strlen(texts[t])), (ssize_t)strlen(texts[t]));
        close(fd);
        ms_csv_info info;
        read_both_ways(path, NULL, 0, MS_OK, &info);
        unlink(path);
    }
}
END_TEST

typedef struct {
    size_t rows;
    const size_t *want;
} lengths_seen;

static ms_status check_lengths(const ms_csv_row *row, void *ctx, ms_error *err)
{
    (void)err;
    lengths_seen *s = ctx;
    size_t want = s->want[s->rows++];
    ck_assert_uint_eq(row->n_fields, 3);
    ck_assert_uint_eq(row->fields[0].len, want);
    ck_assert_uint_eq(row->fields[1].len, want);
    size_t i = 0;
    while (i < want && row->fields[0].ptr[i] == 'a' + (char)(i % 26) && row->fields[1].ptr[i] == ',')
        i++;
    ck_assert_uint_eq(i, want);
    ck_assert_uint_eq(row->fields[2].len, 1);
    ck_assert_int_eq(row->fields[2].ptr[0], 'z');
    return MS_OK;
}

START_TEST(fields_of_every_length_come_back_whole)
{
    /* lengths around the one-byte boundary of the batch's length table */
    static const size_t lengths[] = {0, 1, 2, 254, 255, 256, 257, 510, 1000, 70000, 3, 255};
    enum { N = sizeof lengths / sizeof *lengths };
    char path[] = "/tmp/ms_test_csvread_len_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    for (int copy = 0; copy < 200; copy++) /* past a batch, and past 1 MB for two threads */
        for (size_t r = 0; r < N; r++) {
            for (size_t i = 0; i < lengths[r]; i++)
                fputc('a' + (int)(i % 26), f);
            fputs(",\"", f);
            for (size_t i = 0; i < lengths[r]; i++)
                fputc(',', f);
            fputs("\",z\n", f);
        }
    fclose(f);
    size_t *want = malloc(200 * N * sizeof *want);
    for (size_t i = 0; i < 200 * N; i++)
        want[i] = lengths[i % N];
    for (unsigned threads = 1; threads <= 2; threads++) {
        lengths_seen s = {0, want};
        ms_csv_options opt = {NULL, ',', threads};
        ms_error err;
        ck_assert_int_eq(ms_csv_read_file(path, &opt, check_lengths, &s, NULL, NULL, &err), MS_OK);
        ck_assert_uint_eq(s.rows, 200 * N);
    }
    free(want);
    unlink(path);
}
END_TEST

/* ms_test_failing_realloc for two threads: the count is atomic. */
typedef struct {
    long fail_at;
    atomic_long count;
} shared_budget;

static void *failing_realloc_mt(void *ptr, size_t size, void *ud)
{
    shared_budget *b = ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    if (atomic_fetch_add(&b->count, 1) == b->fail_at)
        return NULL;
    return realloc(ptr, size);
}

/* A failed allocation is out of memory, or (when it was setting up the
 * second thread) reading falls back to one thread and gives every row. */
START_TEST(every_failed_allocation_on_two_threads_is_out_of_memory_or_one_thread)
{
    char *path = write_awkward_file(3000); /* several batches, a 300 kB field */
    ms_csv_info info;
    seen clean = read_both_ways(path, NULL, 0, MS_OK, &info);
    long total = -1, fell_back = 0;
    for (long at = 0; total < 0 || at <= total; at++) {
        shared_budget b = {at, 0};
        ms_set_allocator(failing_realloc_mt, &b);
        seen s = {.hash = 14695981039346656037ULL};
        ms_csv_options opt = {NULL, 0, 2};
        ms_error err = {{0}, 0, 0, {0}, {0}};
        ms_status st = ms_csv_read_file(path, &opt, on_row, &s, NULL, NULL, &err);
        ms_set_allocator(NULL, NULL);
        if (atomic_load(&b.count) <= at) { /* nothing failed: all allocations seen */
            ck_assert_int_eq(st, MS_OK);
            total = at;
            break;
        }
        if (st == MS_OK) {
            ck_assert_uint_eq(s.rows, clean.rows);
            ck_assert(s.hash == clean.hash);
            fell_back++;
        } else {
            ck_assert_int_eq(st, MS_ERR_NOMEM);
            ck_assert_str_eq(err.message, "out of memory");
        }
        ck_assert_int_lt(at, 10000);
    }
    ck_assert_int_gt(total, 16 * 4); /* every batch's arrays at least */
    ck_assert_int_ge(fell_back, 1); /* the pipeline's own allocation, at least */
    unlink(path);
    free(path);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("csvread");
    TCase *tc = tcase_create("threads");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, two_threads_hand_over_the_same_rows_lines_and_breaks_as_one);
    tcase_add_test(tc, a_failing_caller_stops_the_reading_thread_with_its_own_error);
    tcase_add_test(tc, a_reading_failure_comes_after_the_rows_before_it);
    tcase_add_test(tc, empty_and_tiny_files_read_the_same_on_two_threads);
    tcase_add_test(tc, fields_of_every_length_come_back_whole);
    tcase_add_test(tc, every_failed_allocation_on_two_threads_is_out_of_memory_or_one_thread);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
