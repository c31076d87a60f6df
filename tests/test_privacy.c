/* Privacy of the published report: build the example report, collect every
 * value of an id, pair or personal variable from the raw example files (and
 * every word of a personal value), and search every output file (HTML, SVG,
 * PNG, .gp, .dat, CSV, the collection's kopilka.csv/.md, slides.html,
 * summary.html, and the XML inside tables.xlsx and spravka.docx) for them, for
 * anything shaped like an e-mail address or a Russian mobile number, and for
 * anything shaped like a pair code (pairs are П1, П2, …).  The pairing's
 * internal document (from [matching]) shows the banks' codes by design: it
 * is checked to be apart — in the sibling OUTDIR-internal/, not in the
 * published directory (which is scanned whole), neither linked nor named by
 * the page, and marked internal on top. */
#define _GNU_SOURCE /* memmem, strndup */
#include <check.h>
#include <dirent.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "mentorstat/codebook.h"
#include "mentorstat/report.h"
#include "ms_suite.h"

#define EXAMPLE MS_SOURCE_DIR "/surveys/example"

typedef struct {
    char **items;
    size_t n, cap;
} strset;

static void strset_add(strset *s, const char *p, size_t n)
{
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->items[i]) == n && !memcmp(s->items[i], p, n))
            return;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->items = realloc(s->items, s->cap * sizeof *s->items);
        ck_assert_ptr_nonnull(s->items);
    }
    s->items[s->n] = strndup(p, n);
    ck_assert_ptr_nonnull(s->items[s->n]);
    s->n++;
}

typedef struct {
    const ms_codebook *cb;
    long *private_col;   /* data column -> 1 when it holds a private variable */
    size_t n_cols;
    bool header_done;
    strset *secrets;
} scan_ctx;

static ms_status on_row(const ms_csv_row *row, void *ctx, ms_error *err)
{
    (void)err;
    scan_ctx *sc = ctx;
    if (!sc->header_done) {
        sc->n_cols = row->n_fields;
        sc->private_col = calloc(row->n_fields + 1, sizeof *sc->private_col);
        for (size_t c = 0; c < row->n_fields; c++)
            for (size_t v = 0; v < sc->cb->n_vars; v++)
                if (ms_vartype_is_private(sc->cb->vars[v].type) &&
                    ms_field_equal_ci(ms_field_trim(row->fields[c]), sc->cb->vars[v].source))
                    sc->private_col[c] = sc->cb->vars[v].type == MS_TYPE_PERSONAL ? 2 : 1;
        sc->header_done = true;
        return MS_OK;
    }
    for (size_t c = 0; c < row->n_fields && c < sc->n_cols; c++) {
        ms_field f = ms_field_trim(row->fields[c]);
        if (sc->private_col[c] && f.len >= 3)
            strset_add(sc->secrets, f.ptr, f.len);
        /* each word of a name too (4 letters or more): a quote may hold
         * "Елена Александровна" without the surname */
        for (size_t i = 0, start = 0; sc->private_col[c] == 2 && i <= f.len; i++)
            if (i == f.len || f.ptr[i] == ' ') {
                if (i - start >= 8 && i - start < f.len)
                    strset_add(sc->secrets, f.ptr + start, i - start);
                start = i + 1;
            }
    }
    return MS_OK;
}

static void collect_secrets(const ms_programme *p, strset *secrets)
{
    for (size_t i = 0; i < p->n_q; i++) {
        const ms_questionnaire *q = &p->q[i];
        ms_codebook *cb;
        ms_error err;
        ck_assert_int_eq(ms_codebook_load(q->codebook, &cb, &err), MS_OK);
        for (size_t k = 0; k < q->n_data + q->n_earlier; k++) {
            const char *path = k < q->n_data ? q->data[k] : q->earlier[k - q->n_data];
            scan_ctx sc = {.cb = cb, .secrets = secrets};
            ck_assert_int_eq(ms_csv_read_file(path, NULL, on_row, &sc, NULL, NULL, &err), MS_OK);
            free(sc.private_col);
        }
        ms_codebook_destroy(cb);
    }
}

static size_t scan_dir(const char *dir, const strset *secrets, const regex_t *patterns, size_t n_pat)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t files = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[2048];
        int plen = snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        ck_assert(plen > 0 && (size_t)plen < sizeof path);
        struct stat st;
        ck_assert_int_eq(stat(path, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            files += scan_dir(path, secrets, patterns, n_pat);
            continue;
        }
        size_t len = 0;
        char *text = ms_test_slurp(path, &len);
        ck_assert_msg(text != NULL, "cannot read %s", path);
        for (size_t i = 0; i < secrets->n; i++)
            ck_assert_msg(!memmem(text, len, secrets->items[i], strlen(secrets->items[i])),
                          "%s contains the private value \"%s\"", path, secrets->items[i]);
        for (size_t i = 0; i < n_pat; i++) {
            regmatch_t m;
            ck_assert_msg(regexec(&patterns[i], text, 1, &m, 0) != 0, "%s contains \"%.*s\"", path,
                          (int)(m.rm_eo - m.rm_so), text + m.rm_so);
        }
        free(text);
        files++;
    }
    closedir(d);
    return files;
}

START_TEST(example_report_holds_no_id_pair_personal_email_or_phone)
{
    char outdir[] = "/tmp/ms_privacy_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(outdir));
    char report[2100];
    snprintf(report, sizeof report, "%s/report", outdir);
    ms_report_summary sum;
    ms_error err;
    ck_assert_msg(ms_report_build(EXAMPLE "/programme.ini", report, &sum, &err) == MS_OK, "%s",
                  err.message);
    ms_programme *p;
    ck_assert_int_eq(ms_programme_load(EXAMPLE "/programme.ini", &p, &err), MS_OK);
    strset secrets = {0};
    collect_secrets(p, &secrets);
    ck_assert_uint_gt(secrets.n, 500); /* the example has hundreds of ids and names */
    regex_t pat[3];
    ck_assert_int_eq(regcomp(&pat[0], "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", REG_EXTENDED), 0);
    ck_assert_int_eq(regcomp(&pat[1], /* +7 9xx… or 8 (9xx)…, not a digit run inside a number */
                             "(\\+7[ (-]*|(^|[^0-9.,])8[ (-]+)9[0-9]{2}[ )-]*[0-9]{3}[ -]?[0-9]{2}[ -]?[0-9]{2}([^0-9.,]|$)",
                             REG_EXTENDED), 0);
    /* a pair is shown as П1, П2, …, never by anything shaped like its code */
    ck_assert_int_eq(regcomp(&pat[2], "П-?[0-9]{4}-[0-9]+", REG_EXTENDED), 0);
    size_t files = scan_dir(report, &secrets, pat, 3);
    char path[2200];
    size_t len;
    snprintf(path, sizeof path, "%s/index.html", report);
    char *page = ms_test_slurp(path, &len);
    ck_assert_ptr_nonnull(page);
    ck_assert_ptr_null(strstr(page, "match"));
    ck_assert_ptr_null(strstr(page, "internal"));
    free(page);
    snprintf(path, sizeof path, "%s/match.html", report);
    ck_assert_int_ne(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/match", report);
    ck_assert_int_ne(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s-internal/match.html", report);
    page = ms_test_slurp(path, &len);
    ck_assert_ptr_nonnull(page);
    ck_assert_ptr_nonnull(strstr(page, "<p class=\"warn\">Внутренний рабочий документ"));
    free(page);
    /* tables.xlsx and spravka.docx are zip files: their XML is read unpacked */
    const char *zipped[] = {"tables.xlsx", "spravka.docx"};
    for (size_t i = 0; i < 2; i++) {
        char cmd[4600], unpacked[2200];
        snprintf(unpacked, sizeof unpacked, "%s/unzipped-%zu", outdir, i);
        snprintf(cmd, sizeof cmd, "unzip -q -o '%s/%s' -d '%s'", report, zipped[i], unpacked);
        ck_assert_msg(system(cmd) == 0, "cannot unzip %s", zipped[i]);
        ck_assert_uint_gt(scan_dir(unpacked, &secrets, pat, 3), 5);
    }
    /* the web site's summary: not a pair, even with pairs = yes */
    regex_t pair_label;
    ck_assert_int_eq(regcomp(&pair_label, "П[0-9]|парам|пары|пар ", REG_EXTENDED), 0);
    char summary[2200];
    snprintf(summary, sizeof summary, "%s/summary.html", report);
    char *site = ms_test_slurp(summary, NULL);
    ck_assert_ptr_nonnull(site);
    regmatch_t m;
    ck_assert_msg(regexec(&pair_label, site, 1, &m, 0) != 0, "summary.html mentions pairs: \"%.*s\"",
                  (int)(m.rm_eo - m.rm_so), site + m.rm_so);
    free(site);
    regfree(&pair_label);
    char kopilka[2200];
    snprintf(kopilka, sizeof kopilka, "%s/kopilka.md", report);
    ck_assert_int_eq(access(kopilka, R_OK), 0); /* the collection was scanned too */
    ck_assert_uint_gt(files, 20);
    regfree(&pat[0]);
    regfree(&pat[1]);
    regfree(&pat[2]);
    for (size_t i = 0; i < secrets.n; i++)
        free(secrets.items[i]);
    free(secrets.items);
    ms_programme_destroy(p);
    char cmd[2200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", outdir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("privacy");
    TCase *tc = tcase_create("privacy");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, example_report_holds_no_id_pair_personal_email_or_phone);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
