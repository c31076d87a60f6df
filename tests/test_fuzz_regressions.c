/* Every input that once crashed a fuzz target (tests/data/fuzz_regressions/,
 * named by target: codebook_*, load_*, programme_*, xlsx_*) is read again here:
 * it must give a clean status, no crash (the CI runs this under ASan/UBSan). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorstat/codebook.h"
#include "mentorstat/report.h"
#include "ms_suite.h"
#include "xlsxread.h"

#define DIR_PATH MS_TEST_DATA "/fuzz_regressions"

/* What fuzz_xlsx asserts of every row a workbook hands over. */
static ms_status sound_row(const ms_csv_row *row, void *ctx, ms_error *err)
{
    (void)ctx, (void)err;
    ck_assert_uint_gt(row->n_fields, 0);
    ck_assert_uint_le(row->n_fields, 16384);
    ck_assert_uint_gt(row->line, 0);
    for (size_t i = 0; i < row->n_fields; i++)
        ck_assert_int_eq(row->fields[i].ptr[row->fields[i].len], '\0');
    return MS_OK;
}

static size_t read_all(const char *path, char **out)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[4096];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n > cap) {
            cap = (len + n) * 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
        memcpy(buf + len, chunk, n);
        len += n;
    }
    fclose(f);
    *out = buf;
    return len;
}

START_TEST(every_former_crash_now_gives_a_status)
{
    DIR *d = opendir(DIR_PATH);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    int seen = 0;
    while ((e = readdir(d))) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", DIR_PATH, e->d_name);
        ms_error err;
        if (!strncmp(e->d_name, "programme_", 10)) {
            ms_programme *p = NULL;
            ms_status st = ms_programme_load(path, &p, &err);
            ck_assert_msg(st == MS_OK || st == MS_ERR_PROGRAMME || st == MS_ERR_IO, "%s: %d", path, st);
            ms_programme_destroy(p);
            seen++;
        } else if (!strncmp(e->d_name, "xlsx_", 5)) {
            char *data;
            size_t len = read_all(path, &data);
            ms_xlsx_read_mem(data, len, path, NULL, sound_row, NULL, NULL, &err);
            free(data);
            seen++;
        } else if (!strncmp(e->d_name, "codebook_", 9)) {
            char *text;
            size_t len = read_all(path, &text);
            ms_codebook *cb = NULL;
            ms_codebook_parse(text, len, path, &cb, &err);
            ms_codebook_destroy(cb);
            free(text);
            seen++;
        }
    }
    closedir(d);
    ck_assert_int_gt(seen, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fuzz_regressions");
    TCase *tc = tcase_create("fuzz_regressions");
    tcase_add_test(tc, every_former_crash_now_gives_a_status);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
