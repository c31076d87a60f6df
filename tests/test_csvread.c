/* Check suite for the streaming CSV reader: fields come back whole whatever
 * their length, and reading on two threads hands the caller exactly the
 * rows, line numbers, breaks and failures of reading on one, on files that
 * cross many batches and blocks. */
#include <check.h>
#include <csv.h>
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
    size_t rows, broken, odd, progress_calls;
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

static ms_status on_row(const ms_row *row, void *ctx, ms_error *err)
{
    seen *s = ctx;
    s->rows++;
    s->broken += row->broken != NULL;
    s->odd += row->odd_quote != 0;
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

static void on_progress(const ms_rows_info *info, void *ctx)
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
    char *path = ms_test_template_dup("ms_test_csvread_XXXXXX");
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
                           ms_rows_info *info)
{
    seen s[2] = {{.stop_at = stop_at}, {.stop_at = stop_at}};
    ms_rows_info in[2];
    ms_error e[2];
    memset(e, 0, sizeof e);
    for (unsigned t = 0; t < 2; t++) {
        ms_csv_options opt = {encoding, 0, t + 1, NULL};
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

typedef struct {
    char cells[8][96];
    size_t n, odd, line;
    bool broken, got;
} one_row;

static ms_status keep_row(const ms_row *row, void *ctx, ms_error *err)
{
    (void)err;
    one_row *o = ctx;
    if (row->line == 1 || o->got) /* the header, or a row after the first data row */
        return MS_OK;
    o->got = true;
    o->n = row->n_fields < 8 ? row->n_fields : 8;
    for (size_t i = 0; i < o->n; i++)
        snprintf(o->cells[i], sizeof o->cells[i], "%.*s", (int)row->fields[i].len, row->fields[i].ptr);
    o->odd = row->odd_quote, o->line = row->line, o->broken = row->broken != NULL;
    return MS_OK;
}

static one_row read_second_row(const char *text)
{
    one_row o = {0};
    ms_csv_options opt = {NULL, ',', 1, NULL};
    ms_rows_info info;
    ms_error err;
    ck_assert_int_eq(ms_csv_read_mem(text, strlen(text), "t.csv", &opt, keep_row, &o, &info, &err),
                     MS_OK);
    return o;
}

START_TEST(stray_quotes_are_read_as_python_csv_reads_them_with_their_column)
{
    /* what Python's csv.reader gives, cell by cell (written from its rules:
     * python3 -c 'import csv,sys; print(list(csv.reader(sys.stdin)))') */
    one_row o = read_second_row("h1,h2,h3\n\"id\",\"\"1. What?\"\",x\n");
    ck_assert(!o.broken);
    ck_assert_uint_eq(o.n, 3);
    ck_assert_str_eq(o.cells[0], "id");
    ck_assert_str_eq(o.cells[1], "1. What?\"\"");
    ck_assert_str_eq(o.cells[2], "x");
    ck_assert_uint_eq(o.odd, 7); /* the quote closing field 2 at column 7 */
    o = read_second_row("h1,h2\nbad \"quote\" here,5\n");
    ck_assert(!o.broken);
    ck_assert_str_eq(o.cells[0], "bad \"quote\" here");
    ck_assert_str_eq(o.cells[1], "5");
    ck_assert_uint_eq(o.odd, 5);
    o = read_second_row("h1,h2\n\"a, b\"c,\"d\"\"e\"\n");
    ck_assert_str_eq(o.cells[0], "a, bc");
    ck_assert_str_eq(o.cells[1], "d\"e");
    ck_assert_uint_eq(o.odd, 6);
    /* well-formed rows carry no mark */
    o = read_second_row("h1,h2\n\"a \"\"b\"\"\",c\n");
    ck_assert_uint_eq(o.odd, 0);
    ck_assert_str_eq(o.cells[0], "a \"b\"");
}
END_TEST

START_TEST(a_quote_open_past_its_line_still_breaks_the_row)
{
    /* a tolerant reader would swallow the next lines: the row is refused */
    one_row o = read_second_row("h1,h2\nx\"y,\"open\nz,1\n");
    ck_assert(o.broken);
    ck_assert_uint_eq(o.line, 2);
}
END_TEST

START_TEST(two_threads_hand_over_the_same_rows_lines_and_breaks_as_one)
{
    char *path = write_awkward_file(20000);
    ms_rows_info info;
    seen two = read_both_ways(path, NULL, 0, MS_OK, &info);
    ck_assert_uint_eq(two.rows, 20000 + 3); /* header, the big row, the unclosed one */
    /* stray quotes in one-line rows are read as a tolerant reader reads them;
     * only the unclosed quote at the end breaks its row */
    ck_assert_uint_eq(two.odd, (20000 - 5) / 997 + 1);
    ck_assert_uint_eq(two.broken, 1);
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
        ms_rows_info info;
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
    ms_rows_info info;
    ck_assert_uint_gt(read_both_ways(path, "ASCII", 0, MS_ERR_ENCODING, &info).rows, 1000);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(empty_and_tiny_files_read_the_same_on_two_threads)
{
    const char *texts[] = {"", "a,b\n", "a,b", "\n\n\n", "\"x\ny\",1\r\n2,\"3"};
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
        char path[96];
    ms_test_template(path, sizeof path, "ms_test_csvread_tiny_XXXXXX");
        int fd = mkstemp(path);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(write(fd, texts[t], strlen(texts[t])), (ssize_t)strlen(texts[t]));
        close(fd);
        ms_rows_info info;
        read_both_ways(path, NULL, 0, MS_OK, &info);
        unlink(path);
    }
}
END_TEST

typedef struct {
    size_t rows;
    const size_t *want;
} lengths_seen;

static ms_status check_lengths(const ms_row *row, void *ctx, ms_error *err)
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
    char path[96];
    ms_test_template(path, sizeof path, "ms_test_csvread_len_XXXXXX");
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
        ms_csv_options opt = {NULL, ',', threads, NULL};
        ms_error err;
        ck_assert_int_eq(ms_csv_read_file(path, &opt, check_lengths, &s, NULL, NULL, &err), MS_OK);
        ck_assert_uint_eq(s.rows, 200 * N);
    }
    free(want);
    unlink(path);
}
END_TEST

/* Rows as text: each field closed by \x1f, each row by \x1e. */
typedef struct {
    char *text;
    size_t len, cap;
} rows_text;

static void rows_put(rows_text *t, const void *p, size_t n, char end)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = 2 * (t->len + n + 1);
        t->text = realloc(t->text, t->cap);
        ck_assert_ptr_nonnull(t->text);
    }
    memcpy(t->text + t->len, p, n);
    t->len += n;
    t->text[t->len++] = end;
}

static void libcsv_field(void *p, size_t n, void *ctx) { rows_put(ctx, p, n, '\x1f'); }
static void libcsv_row(int c, void *ctx) { (void)c; rows_put(ctx, "", 0, '\x1e'); }

static ms_status reader_row(const ms_row *row, void *ctx, ms_error *err)
{
    (void)err;
    for (size_t i = 0; i < row->n_fields; i++)
        rows_put(ctx, row->fields[i].ptr, row->fields[i].len, '\x1f');
    rows_put(ctx, "", 0, '\x1e');
    return MS_OK;
}

/* A random ASCII document: blanks, letters, delimiters of all three kinds,
 * CR, LF and CRLF, blank and blanks-only lines, and now and then a quoted
 * field (with doubled quotes and line breaks inside) so that lines without
 * quotes follow libcsv's state in and out of a quoted field. */
static size_t random_document(char *out, size_t cap, char delim, uint64_t *seed)
{
    static const char *const bits[] = {"a", "bc", " ", "\t", ",", ";", "\n", "\r\n", "\r",
                                       "7", "  x  ", "\t\t", ", ,", "\n\n", " \n"};
    size_t n = 0;
    while (n + 32 < cap) {
        *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
        unsigned k = (unsigned)(*seed >> 33) % 40;
        if (k < sizeof bits / sizeof *bits) {
            size_t l = strlen(bits[k]);
            memcpy(out + n, bits[k], l);
            n += l;
        } else if (k == 39 && (n == 0 || out[n - 1] == delim || out[n - 1] == '\n')) {
            /* a whole field with a line inside free of quotes, a blank, its line's end */
            static const char quoted[] = "\"q,;\"\"\nmid, dle\t;\n\tz\" \n";
            memcpy(out + n, quoted, sizeof quoted - 1);
            n += sizeof quoted - 1;
        } else {
            out[n++] = (char)('d' + k % 5);
        }
    }
    out[n++] = '\n';
    return n;
}

START_TEST(lines_without_quotes_split_as_libcsv_splits_them)
{
    enum { DOC = 4000 };
    static char doc[DOC];
    uint64_t seed = 27;
    size_t compared = 0;
    for (int round = 0; round < 600; round++) {
        char delim = ",;\t"[round % 3];
        size_t n = random_document(doc, sizeof doc, delim, &seed);
        rows_text want = {0}, got = {0};
        struct csv_parser p;
        ck_assert_int_eq(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
        csv_set_delim(&p, (unsigned char)delim);
        bool valid = csv_parse(&p, doc, n, libcsv_field, libcsv_row, &want) == n &&
                     csv_fini(&p, libcsv_field, libcsv_row, &want) == 0;
        csv_free(&p);
        ms_csv_options opt = {NULL, delim, 1, NULL};
        ms_error err;
        if (valid) { /* strict libcsv read it all: the reader must read it the same */
            ck_assert_int_eq(ms_csv_read_mem(doc, n, "doc", &opt, reader_row, &got, NULL, &err),
                             MS_OK);
            ck_assert_uint_eq(got.len, want.len);
            ck_assert_mem_eq(got.text, want.text, want.len);
            compared++;
        }
        free(want.text);
        free(got.text);
    }
    ck_assert_uint_ge(compared, 300); /* most documents are valid CSV */
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
START_TEST(utf8_is_told_from_overlong_forms_surrogates_and_beyond_unicode)
{
    const char *valid[] = {"plain", "Анкета", "\xe2\x80\x93", "\xf0\x9f\x98\x80", "\xed\x9f\xbf",
                           "\xf4\x8f\xbf\xbf"};
    const char *invalid[] = {"\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xed\xa0\x80" /* D800 */,
                             "\xed\xbf\xbf", "\xf0\x80\x80\x80", "\xf4\x90\x80\x80",
                             "\xf5\x80\x80\x80", "\xff", "\xd8\xea" /* CP1251 */};
    for (size_t i = 0; i < sizeof valid / sizeof *valid; i++)
        ck_assert_msg(ms_utf8_valid(valid[i], strlen(valid[i]), NULL), "%zu", i);
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++)
        ck_assert_msg(!ms_utf8_valid(invalid[i], strlen(invalid[i]), NULL), "%zu", i);
    char s[] = "a\xed\xa0\x80" "b\xd0\xaf";
    ck_assert_uint_eq(ms_utf8_repair(s, strlen(s)), 3);
    ck_assert_str_eq(s, "a???bЯ");
}
END_TEST

typedef struct {
    size_t rows, broken_line, broken_field;
    char broken_text[64];
    bool all_valid;
} utf8_seen;

static ms_status utf8_row(const ms_row *row, void *ctx, ms_error *err)
{
    (void)err;
    utf8_seen *u = ctx;
    u->rows++;
    for (size_t i = 0; i < row->n_fields; i++)
        u->all_valid &= ms_utf8_valid(row->fields[i].ptr, row->fields[i].len, NULL);
    if (row->broken && !u->broken_line) {
        u->broken_line = row->line;
        u->broken_field = row->broken_field;
        snprintf(u->broken_text, sizeof u->broken_text, "%s", row->fields[1].ptr);
    }
    return MS_OK;
}

/* Issue 22: a UTF-8 file (as its first block says) with a CP1251 line far
 * down gave invalid UTF-8 to every output.  That row is quarantined at the
 * field, its bytes shown as ?, and no field handed over is invalid. */
START_TEST(a_line_of_another_encoding_in_a_utf8_file_is_quarantined_at_its_place)
{
    size_t rows = 30000, cap = rows * 24 + 64, n = 0;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    n += (size_t)sprintf(text + n, "id,text\n");
    for (size_t i = 0; i < rows; i++)
        n += (size_t)sprintf(text + n, i == 20000 ? "R%zu,\xd8\xea\xee\xeb\xe0\n" : "R%zu,Школа\n", i);
    char path[] = "/tmp/ms_test_mixed_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, n), (ssize_t)n);
    close(fd);
    for (unsigned t = 1; t <= 2; t++) {
        utf8_seen u = {.all_valid = true};
        ms_csv_options opt = {NULL, 0, t, NULL};
        ms_rows_info info;
        ms_error err;
        ck_assert_int_eq(ms_csv_read_file(path, &opt, utf8_row, &u, NULL, &info, &err), MS_OK);
        ck_assert_str_eq(info.encoding, "UTF-8");
        ck_assert_uint_eq(u.rows, rows + 1);
        ck_assert_uint_eq(u.broken_line, 20002);
        ck_assert_uint_eq(u.broken_field, 2);
        ck_assert_str_eq(u.broken_text, "?????");
        ck_assert(u.all_valid);
    }
    unlink(path);
    free(text);
}
END_TEST

START_TEST(every_failed_allocation_on_two_threads_is_out_of_memory_or_one_thread)
{
    char *path = write_awkward_file(3000); /* several batches, a 300 kB field */
    ms_rows_info info;
    seen clean = read_both_ways(path, NULL, 0, MS_OK, &info);
    long total = -1, fell_back = 0;
    for (long at = 0; total < 0 || at <= total; at++) {
        shared_budget b = {at, 0};
        ms_set_allocator(failing_realloc_mt, &b);
        seen s = {.hash = 14695981039346656037ULL};
        ms_csv_options opt = {NULL, 0, 2, NULL};
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
    tcase_add_test(tc, stray_quotes_are_read_as_python_csv_reads_them_with_their_column);
    tcase_add_test(tc, a_quote_open_past_its_line_still_breaks_the_row);
    tcase_add_test(tc, a_failing_caller_stops_the_reading_thread_with_its_own_error);
    tcase_add_test(tc, a_reading_failure_comes_after_the_rows_before_it);
    tcase_add_test(tc, empty_and_tiny_files_read_the_same_on_two_threads);
    tcase_add_test(tc, fields_of_every_length_come_back_whole);
    tcase_add_test(tc, lines_without_quotes_split_as_libcsv_splits_them);
    tcase_add_test(tc, every_failed_allocation_on_two_threads_is_out_of_memory_or_one_thread);
    tcase_add_test(tc, utf8_is_told_from_overlong_forms_surrogates_and_beyond_unicode);
    tcase_add_test(tc, a_line_of_another_encoding_in_a_utf8_file_is_quarantined_at_its_place);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
