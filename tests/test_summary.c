/* Check suite for summaries (.msum): the exactness property — analyze on
 * merge(summarize(part)...) prints the JSON of analyze on the pooled raw
 * files, byte for byte, for random splits of the example data into
 * organisations — and the refusals: damage, another version, a codebook
 * that disagrees; merge order; nothing private in a summary; --min-group. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentorstat/aggregate.h"
#include "mentorstat/input.h"
#include "mentorstat/report.h"
#include "mentorstat/results.h"
#include "mentorstat/summary.h"
#include "mentorstat/version.h"
#include "ms_r_reference.h"
#include "ms_suite.h"

#define EXAMPLE MS_SOURCE_DIR "/surveys/example/"
#define MAX_PARTS 6
#define N_YEARS 4

static char tmpdir[256];

static void make_tmpdir(void)
{
    ms_test_template(tmpdir, sizeof tmpdir, "ms_test_summary_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static void write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

/* ---------- the questionnaires of the example ---------- */

typedef struct {
    const char *name;     /* file prefix and codebook */
    size_t id_column;     /* 0-based column of the id in the data files */
    const char *by[2];
    size_t n_by;
} questionnaire;

static const questionnaire questionnaires[] = {
    {"mentees_satisfaction", 1, {"form", "year"}, 2},
    {"selfassessment", 1, {"form", "wave"}, 2},
    {"mentors_bank", 3, {"form", "year"}, 2},
};

static void example_paths(const char *q, char paths[N_YEARS][512])
{
    for (int y = 0; y < N_YEARS; y++)
        snprintf(paths[y], sizeof paths[y], EXAMPLE "data/%s_%d.csv", q, 2022 + y);
}

static ms_codebook *codebook_of(const char *q)
{
    char path[512];
    ms_codebook *cb = NULL;
    ms_error err;
    snprintf(path, sizeof path, EXAMPLE "%s.codebook.csv", q);
    ck_assert_msg(ms_codebook_load(path, &cb, &err) == MS_OK, "%s", err.message);
    return cb;
}

static ms_aggregate *aggregate_of(const ms_codebook *cb, const char *const *by, size_t n_by)
{
    size_t idx[4];
    ms_aggregate *agg = NULL;
    ms_error err;
    for (size_t i = 0; i < n_by; i++)
        ck_assert_int_eq(ms_codebook_check_by(cb, by[i], &idx[i], &err), MS_OK);
    ck_assert_int_eq(ms_aggregate_create(cb, idx, n_by, &agg, &err), MS_OK);
    return agg;
}

/* analyze --json on these files (data or summaries), as a string. */
static char *analyze_json(const ms_codebook *cb, const char *const *by, size_t n_by,
                          const char *const *paths, size_t n_paths)
{
    ms_aggregate *agg = aggregate_of(cb, by, n_by);
    ms_loader *ld = NULL;
    ms_results *res = NULL;
    ms_error err;
    ms_status st = ms_aggregate_files(agg, paths, n_paths, NULL, &ld, &err);
    ck_assert_msg(st == MS_OK, "%s:%zu:%zu: %s", err.file, err.line, err.column, err.message);
    ck_assert_int_eq(ms_results_compute(agg, NULL, &res, &err), MS_OK);
    char *buf = results_json(res, NULL);
    ms_results_destroy(res);
    ms_loader_destroy(ld);
    ms_aggregate_destroy(agg);
    return buf;
}

static ms_status summarize(const ms_codebook *cb, const char *const *by, size_t n_by,
                           const char *const *paths, size_t n_paths, const char *org,
                           unsigned long min_group, const char *out, ms_error *err)
{
    ms_aggregate *agg = aggregate_of(cb, by, n_by);
    ms_loader *ld = NULL;
    ms_status st = ms_aggregate_files(agg, paths, n_paths, NULL, &ld, err);
    ms_summary_source src[N_YEARS * 2];
    size_t n = ms_loader_n_files(ld);
    ck_assert_uint_le(n, N_YEARS * 2);
    for (size_t i = 0; i < n; i++)
        src[i] = (ms_summary_source){(char *)org, "2025", ms_loader_file(ld, i)->path,
                                     ms_loader_file(ld, i)->tally, 0};
    ms_summary_meta meta = {src, n, min_group};
    if (st == MS_OK)
        st = ms_summary_write(agg, &meta, out, err);
    ms_loader_destroy(ld);
    ms_aggregate_destroy(agg);
    return st;
}

/* ---------- splitting a data file by respondent ---------- */

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdu;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53u;
    return x ^ (x >> 33);
}

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 0x100000001b3u;
    return h;
}

/* Field `col` of the record [p, end): unquoted bytes, for hashing only. */
static void field_of(const char *p, const char *end, char delim, size_t col, const char **f,
                     size_t *n)
{
    size_t c = 0;
    bool quoted = false;
    const char *start = p;
    for (; p < end; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == delim) {
            if (c++ == col)
                break;
            start = p + 1;
        }
    }
    if (c < col) {
        *f = end, *n = 0;
        return;
    }
    *f = start;
    *n = (size_t)(p - start);
    while (*n && (start[*n - 1] == '\r' || start[*n - 1] == '\n'))
        (*n)--;
}

/* Write the rows of src into k files part<j>_<tag>.csv under tmpdir, each
 * with the header; a respondent's rows all go to one part (seeded). */
static void split_file(const char *src, size_t id_col, unsigned seed, size_t k, const char *tag,
                       char out[MAX_PARTS][512])
{
    size_t len = 0;
    char *data = ms_test_slurp(src, &len);
    ck_assert_ptr_nonnull(data);
    FILE *f[MAX_PARTS];
    const char *p = data, *end = data + len;
    char delim = 0;
    size_t rec = 0;
    while (p < end) {
        bool quoted = false;
        const char *q = p;
        for (; q < end; q++) {
            if (*q == '"')
                quoted = !quoted;
            else if (*q == '\n' && !quoted) {
                q++;
                break;
            }
        }
        if (rec++ == 0) {
            size_t commas = 0, semis = 0;
            for (const char *s = p; s < q; s++)
                commas += *s == ',', semis += *s == ';';
            delim = semis > commas ? ';' : ',';
            for (size_t j = 0; j < k; j++) {
                snprintf(out[j], sizeof out[j], "%s/part%zu_%s.csv", tmpdir, j, tag);
                f[j] = fopen(out[j], "wb");
                ck_assert_ptr_nonnull(f[j]);
                fwrite(p, 1, (size_t)(q - p), f[j]);
            }
        } else {
            const char *id;
            size_t n;
            field_of(p, q, delim, id_col, &id, &n);
            size_t part = (size_t)(mix(hash_bytes(id, n) ^ mix(seed)) % k);
            fwrite(p, 1, (size_t)(q - p), f[part]);
        }
        p = q;
    }
    for (size_t j = 0; j < k; j++)
        ck_assert_int_eq(fclose(f[j]), 0);
    free(data);
}

/* Pairs and their sums at both waves (ms_aggregate_paired_sums) of these
 * files: 3 per measure, in sums (room for 64 measures). */
static size_t paired_sums_of(const ms_codebook *cb, const char *const *by, size_t n_by,
                             const char *const *paths, size_t n_paths, double *sums)
{
    ms_aggregate *agg = aggregate_of(cb, by, n_by);
    ms_loader *ld = NULL;
    ms_error err;
    ck_assert_int_eq(ms_aggregate_files(agg, paths, n_paths, NULL, &ld, &err), MS_OK);
    size_t n = ms_aggregate_n_measures(agg);
    ck_assert_uint_le(n, 64);
    ck_assert_int_eq(ms_aggregate_paired_sums(agg, sums), MS_OK);
    ms_loader_destroy(ld);
    ms_aggregate_destroy(agg);
    return n;
}

/* The entry and exit sums of the pairs travel in summaries: merged, they
 * are the pooled files' (counts exactly, sums to rounding). */
static void check_paired_sums(const ms_codebook *cb, const questionnaire *q,
                              const char *const *raw, const char *merged)
{
    double pooled[192], summed[192];
    const char *m[1] = {merged};
    size_t n = paired_sums_of(cb, q->by, q->n_by, raw, N_YEARS, pooled);
    ck_assert_uint_eq(paired_sums_of(cb, q->by, q->n_by, m, 1, summed), n);
    double pairs = 0;
    for (size_t i = 0; i < 3 * n; i++) {
        ck_assert_msg(fabs(pooled[i] - summed[i]) <= 1e-9 * fmax(1, fabs(pooled[i])),
                      "%s: paired sum %zu: %.17g pooled, %.17g from summaries", q->name, i,
                      pooled[i], summed[i]);
        pairs += i % 3 == 0 ? pooled[i] : 0;
    }
    ck_assert(pairs > 0);
}

/* Respondents linked across the waves and answering once
 * (ms_aggregate_link_counts) of these files. */
static ms_link_counts links_of(const ms_codebook *cb, const char *const *by, size_t n_by,
                               const char *const *paths, size_t n_paths)
{
    ms_aggregate *agg = aggregate_of(cb, by, n_by);
    ms_loader *ld = NULL;
    ms_error err;
    ms_link_counts lc;
    bool waves;
    ck_assert_int_eq(ms_aggregate_files(agg, paths, n_paths, NULL, &ld, &err), MS_OK);
    ck_assert_int_eq(ms_aggregate_link_counts(agg, &lc, &waves), MS_OK);
    ck_assert(waves);
    ms_loader_destroy(ld);
    ms_aggregate_destroy(agg);
    return lc;
}

/* The growth section's counts travel in summaries (paired_links): merged,
 * they are the pooled files' exactly. */
static void check_links(const ms_codebook *cb, const questionnaire *q, const char *const *raw,
                        const char *merged)
{
    const char *m[1] = {merged};
    ms_link_counts pooled = links_of(cb, q->by, q->n_by, raw, N_YEARS);
    ms_link_counts summed = links_of(cb, q->by, q->n_by, m, 1);
    ck_assert(pooled.both > 0);
    ck_assert_msg(pooled.both == summed.both && pooled.only_from == summed.only_from &&
                      pooled.only_to == summed.only_to,
                  "%s: linked %.0f/%.0f/%.0f pooled, %.0f/%.0f/%.0f from summaries", q->name,
                  pooled.both, pooled.only_from, pooled.only_to, summed.both, summed.only_from,
                  summed.only_to);
}

/* One random split of questionnaire q into 2..6 organisations: summarize
 * each part, merge them in a shuffled order, analyze; the JSON must be that
 * of the pooled raw files. */
static void check_split(const questionnaire *q, unsigned seed)
{
    char raw[N_YEARS][512], parts[N_YEARS][MAX_PARTS][512], sums[MAX_PARTS][512], all[512];
    const char *raw_p[N_YEARS], *part_p[N_YEARS], *sum_p[MAX_PARTS];
    size_t k = 2 + mix(seed * 7919u + 1) % 5;
    ms_codebook *cb = codebook_of(q->name);
    ms_error err;
    example_paths(q->name, raw);
    for (int y = 0; y < N_YEARS; y++) {
        char tag[16];
        snprintf(tag, sizeof tag, "%d", 2022 + y);
        split_file(raw[y], q->id_column, seed, k, tag, parts[y]);
        raw_p[y] = raw[y];
    }
    for (size_t j = 0; j < k; j++) {
        char org[16];
        snprintf(org, sizeof org, "O%zu", j + 1);
        snprintf(sums[j], sizeof sums[j], "%s/part%zu.msum", tmpdir, j);
        for (int y = 0; y < N_YEARS; y++)
            part_p[y] = parts[y][j];
        ck_assert_msg(summarize(cb, q->by, q->n_by, part_p, N_YEARS, org, 0, sums[j], &err) == MS_OK,
                      "%s", err.message);
    }
    for (size_t j = 0; j < k; j++) /* a seeded shuffle: the merge order must not matter */
        sum_p[j] = sums[j];
    for (size_t j = k - 1; j > 0; j--) {
        size_t i = mix(seed + j) % (j + 1);
        const char *t = sum_p[i];
        sum_p[i] = sum_p[j];
        sum_p[j] = t;
    }
    snprintf(all, sizeof all, "%s/all.msum", tmpdir);
    ck_assert_msg(ms_summary_merge(sum_p, k, 0, all, &err) == MS_OK, "%s:%zu: %s", err.file,
                  err.line, err.message);
    const char *all_p[1] = {all};
    char *pooled = analyze_json(cb, q->by, q->n_by, raw_p, N_YEARS);
    char *merged = analyze_json(cb, q->by, q->n_by, all_p, 1);
    char *direct = analyze_json(cb, q->by, q->n_by, sum_p, k);
    ck_assert_msg(strcmp(pooled, merged) == 0, "%s, seed %u, %zu parts: merged summaries differ",
                  q->name, seed, k);
    ck_assert_msg(strcmp(pooled, direct) == 0, "%s, seed %u: summaries read together differ",
                  q->name, seed);
    ck_assert_ptr_nonnull(strstr(pooled, "\"comparisons\":[{"));
    if (!strcmp(q->name, "selfassessment")) {
        ck_assert_ptr_nonnull(strstr(pooled, "\"paired\":[{"));
        check_paired_sums(cb, q, raw_p, all);
        check_links(cb, q, raw_p, all);
    }
    free(pooled);
    free(merged);
    free(direct);
    ms_codebook_destroy(cb);
}

START_TEST(exact_on_random_splits)
{
    make_tmpdir();
    for (size_t i = 0; i < sizeof questionnaires / sizeof *questionnaires; i++)
        check_split(&questionnaires[i], 1000u + (unsigned)_i);
    remove_tmpdir();
}
END_TEST

/* ---------- refusals ---------- */

/* A summary of selfassessment 2025 by form, in tmpdir; returns its path. */
static const char *one_summary(const char *name, const char *codebook_text, unsigned long min_group)
{
    static char path[512];
    static const char *by[] = {"form"};
    char raw[N_YEARS][512];
    const char *p[1];
    ms_codebook *cb = NULL;
    ms_error err;
    example_paths("selfassessment", raw);
    p[0] = raw[3];
    if (codebook_text)
        ck_assert_int_eq(ms_codebook_parse(codebook_text, strlen(codebook_text), "variant.csv",
                                           &cb, &err), MS_OK);
    else
        cb = codebook_of("selfassessment");
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    ck_assert_int_eq(summarize(cb, by, 1, p, 1, "О1", min_group, path, &err), MS_OK);
    ms_codebook_destroy(cb);
    return path;
}

static ms_status read_summary(const char *path, ms_error *err)
{
    ms_codebook *cb = codebook_of("selfassessment");
    static const char *by[] = {"form"};
    ms_aggregate *agg = aggregate_of(cb, by, 1);
    ms_status st = ms_summary_read(agg, path, err);
    ms_aggregate_destroy(agg);
    ms_codebook_destroy(cb);
    return st;
}

/* The file with its checksum line made right again, as an editor would. */
static void rewrite_with_checksum(const char *path, char *body, size_t len)
{
    uint64_t h = hash_bytes(body, len);
    char line[64];
    int n = snprintf(line, sizeof line, "checksum,fnv1a64,%016llx\n", (unsigned long long)h);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(body, 1, len, f);
    fwrite(line, 1, (size_t)n, f);
    fclose(f);
}

static size_t body_length(const char *data, size_t len)
{
    size_t start = len - 1;
    while (start > 0 && data[start - 1] != '\n')
        start--;
    return start;
}

START_TEST(damage_is_refused)
{
    make_tmpdir();
    const char *path = one_summary("a.msum", NULL, 0);
    ms_error err;
    ck_assert_int_eq(read_summary(path, &err), MS_OK);
    size_t len = 0;
    char *data = ms_test_slurp(path, &len);
    char *c = strstr(data, "\nitem,c1,");
    ck_assert_ptr_nonnull(c);
    c[strlen("\nitem,c1,")] ^= 1; /* one bit of one count */
    write_file(path, data, len);
    ck_assert_int_eq(read_summary(path, &err), MS_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "checksum mismatch"));
    ck_assert_str_eq(err.file, path);
    ck_assert_uint_gt(err.line, 10);
    ck_assert_uint_eq(err.column, strlen("checksum,fnv1a64,") + 1);
    write_file(path, data, body_length(data, len)); /* cut short */
    ck_assert_int_eq(read_summary(path, &err), MS_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "cut short"));
    /* an edit with the checksum recomputed is still read with care */
    c[strlen("\nitem,c1,")] ^= 1;
    char *row = strstr(data, "\nitem,c2,");
    memcpy(row + strlen("\nitem,c2,"), "x", 1);
    rewrite_with_checksum(path, data, body_length(data, len));
    ck_assert_int_eq(read_summary(path, &err), MS_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "not a number (x)"));
    ck_assert_uint_eq(err.column, 3);
    free(data);
    remove_tmpdir();
}
END_TEST

START_TEST(other_version_is_refused)
{
    make_tmpdir();
    const char *path = one_summary("a.msum", NULL, 0);
    size_t len = 0;
    char *data = ms_test_slurp(path, &len);
    ms_error err;
    ck_assert(ms_summary_sniff(path));
    data[strlen("mentorstat-summary,")] = '2';
    rewrite_with_checksum(path, data, body_length(data, len));
    ck_assert(ms_summary_sniff(path)); /* still told from a data file by its first line */
    ck_assert_int_eq(read_summary(path, &err), MS_ERR_PARSE);
    ck_assert_uint_eq(err.line, 1);
    ck_assert_ptr_nonnull(strstr(err.message, "version \"2\""));
    write_file(path, "id,form\n1,2\n", 12);
    ck_assert(!ms_summary_sniff(path));
    ck_assert_int_eq(read_summary(path, &err), MS_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "not a mentorstat summary"));
    free(data);
    remove_tmpdir();
}
END_TEST

/* A summary names the mentorstat that wrote it; one written before that
 * row existed (none) still reads, and the row may not come twice. */
START_TEST(written_by_records_the_version)
{
    make_tmpdir();
    const char *path = one_summary("a.msum", NULL, 0);
    ms_summary_info *info = NULL;
    ms_error err;
    ck_assert_int_eq(ms_summary_info_load(path, &info, &err), MS_OK);
    ck_assert_str_eq(info->written_by, "mentorstat " MS_VERSION);
    ms_summary_info_destroy(info);
    size_t len = 0;
    char *data = ms_test_slurp(path, &len);
    const char *row = "written_by,mentorstat," MS_VERSION "\n";
    char *at = strstr(data, row);
    ck_assert_ptr_eq(at, data + strlen("mentorstat-summary,1\n"));
    size_t body = body_length(data, len), n = strlen(row);
    char *twice = malloc(body + n);
    memcpy(twice, data, (size_t)(at - data) + n);
    memcpy(twice + (at - data) + n, at, body - (size_t)(at - data));
    rewrite_with_checksum(path, twice, body + n);
    ck_assert_int_eq(read_summary(path, &err), MS_ERR_PARSE);
    ck_assert_ptr_nonnull(strstr(err.message, "a second written_by row"));
    ck_assert_uint_eq(err.line, 3);
    memmove(at, at + n, len - (size_t)(at - data) - n);
    rewrite_with_checksum(path, data, body - n);
    ck_assert_int_eq(read_summary(path, &err), MS_OK);
    ck_assert_int_eq(ms_summary_info_load(path, &info, &err), MS_OK);
    ck_assert_ptr_null(info->written_by);
    ms_summary_info_destroy(info);
    free(twice);
    free(data);
    remove_tmpdir();
}
END_TEST

/* The example's codebook with one line changed (or moved). */
static char *codebook_variant(const char *from, const char *to)
{
    char *text = ms_test_slurp(EXAMPLE "selfassessment.codebook.csv", NULL);
    char *at = strstr(text, from);
    ck_assert_ptr_nonnull(at);
    char *out = malloc(strlen(text) + strlen(to) + 1);
    sprintf(out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    free(text);
    return out;
}

START_TEST(codebook_mismatch_names_the_variable)
{
    make_tmpdir();
    char a[512], b[512], out[512];
    snprintf(a, sizeof a, "%s", one_summary("a.msum", NULL, 0));
    char *cb10 = codebook_variant("Анализирую свои результаты и ошибки]\",Анализ своих результатов,1,10",
                                  "Анализирую свои результаты и ошибки]\",Анализ своих результатов,1,12");
    snprintf(b, sizeof b, "%s", one_summary("b.msum", cb10, 0));
    snprintf(out, sizeof out, "%s/out.msum", tmpdir);
    const char *both[2] = {a, b};
    ms_error err;
    ck_assert_int_eq(ms_summary_merge(both, 2, 0, out, &err), MS_ERR_DATA);
    ck_assert_str_eq(err.file, b);
    ck_assert_msg(strstr(err.message, "variable c3 differs: scale 1..12 vs 1..10") != NULL, "%s",
                  err.message);
    ck_assert_int_eq(access(out, F_OK), -1);
    ck_assert_int_eq(read_summary(b, &err), MS_ERR_DATA);
    ck_assert_ptr_nonnull(strstr(err.message, "variable c3 differs"));
    free(cb10);
    remove_tmpdir();
}
END_TEST

/* Codebooks that differ in what a summary does not depend on (here the
 * order of lines, so a construct's items come in another order) still
 * merge by name, and exactly. */
START_TEST(different_codebooks_merge_by_name)
{
    make_tmpdir();
    char *text = ms_test_slurp(EXAMPLE "selfassessment.codebook.csv", NULL);
    char *c1 = strstr(text, "\nc1,");
    char *c2 = strstr(text, "\nc2,");
    ck_assert(c1 && c2);
    /* move c1 after c6: the construct's items come in another order */
    char *c6_end = strstr(strstr(text, "\nc6,") + 1, "\n");
    size_t n = strlen(text);
    char *moved = malloc(n + 64);
    size_t at = 0;
    memcpy(moved + at, text, (size_t)(c1 - text)), at += (size_t)(c1 - text);
    memcpy(moved + at, c2, (size_t)(c6_end - c2)), at += (size_t)(c6_end - c2);
    memcpy(moved + at, c1, (size_t)(c2 - c1)), at += (size_t)(c2 - c1);
    strcpy(moved + at, c6_end);
    char raw[N_YEARS][512], a[512], b[512], all[512];
    example_paths("selfassessment", raw);
    ms_codebook *cb = codebook_of("selfassessment"), *cbm = NULL;
    ms_error err;
    ck_assert_int_eq(ms_codebook_parse(moved, strlen(moved), "moved.csv", &cbm, &err), MS_OK);
    static const char *by[] = {"form", "wave"};
    const char *pa[1] = {raw[2]}, *pb[1] = {raw[3]};
    snprintf(a, sizeof a, "%s/a.msum", tmpdir);
    snprintf(b, sizeof b, "%s/b.msum", tmpdir);
    snprintf(all, sizeof all, "%s/all.msum", tmpdir);
    ck_assert_int_eq(summarize(cbm, by, 2, pa, 1, "A", 0, a, &err), MS_OK);
    ck_assert_int_eq(summarize(cb, by, 2, pb, 1, "B", 0, b, &err), MS_OK);
    const char *ab[2] = {a, b}, *ba[2] = {b, a}, *allp[1] = {all};
    const char *pooled_p[2] = {raw[2], raw[3]};
    char *pooled = analyze_json(cb, by, 2, pooled_p, 2);
    for (int order = 0; order < 2; order++) {
        ck_assert_msg(ms_summary_merge(order ? ba : ab, 2, 0, all, &err) == MS_OK, "%s",
                      err.message);
        char *merged = analyze_json(cb, by, 2, allp, 1);
        ck_assert_str_eq(merged, pooled);
        free(merged);
    }
    free(pooled);
    ms_codebook_destroy(cb);
    ms_codebook_destroy(cbm);
    free(moved);
    free(text);
    remove_tmpdir();
}
END_TEST

START_TEST(merge_order_does_not_matter)
{
    make_tmpdir();
    char raw[N_YEARS][512], s[N_YEARS][512], m1[512], m2[512];
    example_paths("mentees_satisfaction", raw);
    ms_codebook *cb = codebook_of("mentees_satisfaction");
    static const char *by[] = {"form", "year"};
    ms_error err;
    for (int y = 0; y < N_YEARS; y++) {
        const char *p[1] = {raw[y]};
        snprintf(s[y], sizeof s[y], "%s/%d.msum", tmpdir, y);
        ck_assert_int_eq(summarize(cb, by, 2, p, 1, "О", 0, s[y], &err), MS_OK);
    }
    snprintf(m1, sizeof m1, "%s/m1.msum", tmpdir);
    snprintf(m2, sizeof m2, "%s/m2.msum", tmpdir);
    const char *fwd[N_YEARS] = {s[0], s[1], s[2], s[3]}, *rev[N_YEARS] = {s[3], s[1], s[0], s[2]};
    ck_assert_int_eq(ms_summary_merge(fwd, N_YEARS, 0, m1, &err), MS_OK);
    ck_assert_int_eq(ms_summary_merge(rev, N_YEARS, 0, m2, &err), MS_OK);
    const char *p1[1] = {m1}, *p2[1] = {m2}, *rawp[N_YEARS] = {raw[0], raw[1], raw[2], raw[3]};
    char *j1 = analyze_json(cb, by, 2, p1, 1), *j2 = analyze_json(cb, by, 2, p2, 1);
    char *j0 = analyze_json(cb, by, 2, rawp, N_YEARS);
    ck_assert_str_eq(j1, j2);
    ck_assert_str_eq(j1, j0);
    /* merging merged summaries (a region of municipalities) is exact too */
    char h1[512], h2[512];
    snprintf(h1, sizeof h1, "%s/h1.msum", tmpdir);
    snprintf(h2, sizeof h2, "%s/h2.msum", tmpdir);
    const char *first[2] = {s[0], s[1]}, *second[2] = {s[2], s[3]}, *halves[2] = {h2, h1};
    ck_assert_int_eq(ms_summary_merge(first, 2, 0, h1, &err), MS_OK);
    ck_assert_int_eq(ms_summary_merge(second, 2, 0, h2, &err), MS_OK);
    ck_assert_int_eq(ms_summary_merge(halves, 2, 0, m2, &err), MS_OK);
    char *j3 = analyze_json(cb, by, 2, p2, 1);
    ck_assert_str_eq(j3, j0);
    free(j0), free(j1), free(j2), free(j3);
    ms_codebook_destroy(cb);
    remove_tmpdir();
}
END_TEST

/* ---------- privacy ---------- */

typedef struct {
    char **values;
    size_t n, cap;
} value_set;

typedef struct {
    value_set *vs;
    const ms_codebook *cb;
} collect_ctx;

static ms_status collect(const ms_record *rec, void *ctx, ms_error *err)
{
    collect_ctx *c = ctx;
    (void)err;
    for (size_t v = 0; v < c->cb->n_vars; v++) {
        ms_vartype t = c->cb->vars[v].type;
        const ms_value *val = &rec->values[v];
        if (!(ms_vartype_is_private(t) || t == MS_TYPE_TEXT) || val->missing || !val->text ||
            val->text_len == 0)
            continue;
        if (c->vs->n == c->vs->cap) {
            c->vs->cap = c->vs->cap ? 2 * c->vs->cap : 256;
            c->vs->values = realloc(c->vs->values, c->vs->cap * sizeof *c->vs->values);
        }
        c->vs->values[c->vs->n++] = strndup(val->text, val->text_len);
    }
    return MS_OK;
}

START_TEST(nothing_private_in_a_summary)
{
    static const char *names[] = {"mentees_satisfaction", "mentors_satisfaction", "selfassessment",
                                  "mentors_bank", "mentees_requests"};
    make_tmpdir();
    for (size_t q = 0; q < sizeof names / sizeof *names; q++) {
        char raw[N_YEARS][512], out[512];
        const char *p[N_YEARS];
        example_paths(names[q], raw);
        for (int y = 0; y < N_YEARS; y++)
            p[y] = raw[y];
        ms_codebook *cb = codebook_of(names[q]);
        value_set vs = {0};
        collect_ctx cc = {&vs, cb};
        ms_load_options lo = {.on_record = collect, .record_ctx = &cc, .keep_personal = true};
        ms_loader *ld = NULL;
        ms_error err;
        ck_assert_int_eq(ms_loader_create(cb, &lo, &ld, &err), MS_OK);
        for (int y = 0; y < N_YEARS; y++)
            ck_assert_int_eq(ms_loader_read_file(ld, raw[y], &err), MS_OK);
        ms_loader_destroy(ld);
        ck_assert_uint_gt(vs.n, 100);
        static const char *by[] = {"form"};
        snprintf(out, sizeof out, "%s/%s.msum", tmpdir, names[q]);
        ck_assert_int_eq(summarize(cb, by, 1, p, N_YEARS, "О1", 0, out, &err), MS_OK);
        char *sum = ms_test_slurp(out, NULL);
        /* every field of the summary, unquoted, must differ from every
         * private value; longer values must not occur even inside a field */
        for (size_t i = 0; i < vs.n; i++) {
            const char *v = vs.values[i];
            size_t n = strlen(v);
            for (const char *at = strstr(sum, v); at; at = strstr(at + 1, v)) {
                bool starts = at == sum || strchr(",\n\"", at[-1]);
                bool ends = strchr(",\n\"", at[n]) != NULL;
                ck_assert_msg(n < 6 && !(starts && ends), "%s: private value \"%s\" in the summary",
                              names[q], v);
            }
            free(vs.values[i]);
        }
        free(vs.values);
        free(sum);
        ms_codebook_destroy(cb);
    }
    remove_tmpdir();
}
END_TEST

/* ---------- --min-group ---------- */

START_TEST(min_group_withholds_small_groups)
{
    make_tmpdir();
    /* the sizes of the forms in the 2025 file: min_group just above the
     * smallest withholds it; the next smallest must go too, else total − rest
     * would give it away; and a third, else the second, knowing its own
     * figures, would get the smallest's from what is withheld (the insider
     * rule of docs/privacy.md: with the smallest withheld alongside the
     * second, what remains for the second is the smallest alone) */
    ms_codebook *cb = codebook_of("selfassessment");
    static const char *by[] = {"form"};
    char raw[N_YEARS][512];
    example_paths("selfassessment", raw);
    ms_aggregate *agg = aggregate_of(cb, by, 1);
    ms_loader *ld = NULL;
    ms_error err;
    const char *p[1] = {raw[3]};
    ck_assert_int_eq(ms_aggregate_files(agg, p, 1, NULL, &ld, &err), MS_OK);
    double rows[8], small = 1e9, second = 1e9, third = 1e9;
    size_t n = ms_aggregate_by(agg, 0)->n_cells;
    for (size_t l = 0; l < n; l++) {
        rows[l] = ms_aggregate_by(agg, 0)->cells[l].rows;
        if (rows[l] < small)
            third = second, second = small, small = rows[l];
        else if (rows[l] < second)
            third = second, second = rows[l];
        else if (rows[l] < third)
            third = rows[l];
    }
    /* three withheld satisfy the rule: each one's rest is min_group or more */
    ck_assert(small < second && n >= 4 && second + third >= small + 1 &&
              small + third >= small + 1 && ms_aggregate_all(agg)->rows - small - second - third >= small + 1);
    ms_loader_destroy(ld);
    ms_aggregate_destroy(agg);
    unsigned long min_group = (unsigned long)small + 1;
    const char *path = one_summary("mg.msum", NULL, min_group);
    char *text = ms_test_slurp(path, NULL);
    char want[128];
    snprintf(want, sizeof want, "\nmin_group,%lu\n", min_group);
    ck_assert_ptr_nonnull(strstr(text, want));
    snprintf(want, sizeof want, "\nwithheld,form,3,%g\n", small + second + third);
    ck_assert_msg(strstr(text, want) != NULL, "no %s", want + 1);
    size_t groups = 0;
    for (const char *g = strstr(text, "\ngroup,"); g; g = strstr(g + 1, "\ngroup,"))
        groups++;
    ck_assert_uint_eq(groups, n - 3);
    /* analysis says so; overall figures stay those of every answer */
    const char *mp[1] = {path};
    char *json = analyze_json(cb, by, 1, mp, 1), *pooled = analyze_json(cb, by, 1, p, 1);
    snprintf(want, sizeof want, "\"withheld_groups\":[{\"by\":\"form\",\"groups\":3,\"rows\":%g}],"
             "\"note\":", small + second + third);
    ck_assert_msg(strstr(json, want) != NULL, "%s", json);
    ck_assert_ptr_null(strstr(pooled, "withheld"));
    size_t upto = (size_t)(strstr(pooled, "\"comparisons\"") - pooled);
    ck_assert_int_eq(strncmp(json, pooled, upto), 0);
    ms_summary_info *info = NULL;
    ck_assert_int_eq(ms_summary_info_load(path, &info, &err), MS_OK);
    ck_assert_uint_eq(info->min_group, min_group);
    ck_assert(info->withheld_groups == 3);
    ck_assert_uint_eq(info->n_sources, 1);
    ck_assert_str_eq(info->sources[0].file, "selfassessment_2025.csv");
    ms_summary_info_destroy(info);
    free(json);
    free(pooled);
    free(text);
    ms_codebook_destroy(cb);
    remove_tmpdir();
}
END_TEST

/* ---------- plausibility (issue 22) ---------- */

/* The checksum is public: anyone can edit a summary and sign it again.
 * school1's 2025 summary of the municipal example (36 rows) edited so, and
 * read as analyze reads it. */
#define SCHOOL1 MS_SOURCE_DIR "/surveys/municipal/school1_mentees_satisfaction_2025.msum"

static char crafted_path[512];

/* school1's summary with the first `from` (at the start of a line) made
 * `to`, signed again; written to crafted_path and read. */
static ms_status read_crafted(const char *from, const char *to, ms_error *err)
{
    size_t len = 0;
    char *data = ms_test_slurp(SCHOOL1, &len);
    ck_assert_ptr_nonnull(data);
    size_t body = body_length(data, len);
    char *at = strstr(data, from);
    ck_assert_msg(at && (size_t)(at - data) < body, "%s", from);
    size_t head = (size_t)(at - data), tail = body - head - strlen(from);
    char *out = malloc(body + strlen(to) + 1);
    ck_assert_ptr_nonnull(out);
    memcpy(out, data, head);
    memcpy(out + head, to, strlen(to));
    memcpy(out + head + strlen(to), at + strlen(from), tail);
    snprintf(crafted_path, sizeof crafted_path, "%s/crafted.msum", tmpdir);
    rewrite_with_checksum(crafted_path, out, head + strlen(to) + tail);
    free(out);
    free(data);
    ms_codebook *cb = NULL;
    ck_assert_int_eq(ms_summary_codebook(SCHOOL1, &cb, err), MS_OK);
    static const char *by[] = {"form"};
    ms_aggregate *agg = aggregate_of(cb, by, 1);
    ms_status st = ms_summary_read(agg, crafted_path, err);
    ms_aggregate_destroy(agg);
    ms_codebook_destroy(cb);
    return st;
}

typedef struct {
    const char *what, *from, *to;
    size_t line;          /* where the refusal points */
    const char *message;  /* part of it */
} crafted_case;

static const crafted_case crafted[] = {
    {"an item count of 10^15 in a 36-row summary", "item,s1,0,6,5,",
     "item,s1,0,6,1000000000000000,", 23, "implausible count (1000000000000000)"},
    {"an item count above the rows of its cell", "item,s1,0,6,5,", "item,s1,0,6,500,", 23,
     "answers and missing 531, more than the 36 rows of its cell"},
    {"a million sources' rows beside 36 accepted",
     "source,school1,2025,mentees_satisfaction_2025.csv,37,36,0,1\n",
     "source,school1,2025,mentees_satisfaction_2025.csv,37,36,0,1\n"
     "source,x,2025,x.csv,1001384,1001384,0,0\n", 23,
     "total of 36 rows, but its sources accepted 1001420"},
    {"a source listed twice", "source,school1,2025,mentees_satisfaction_2025.csv,37,36,0,1\n",
     "source,school1,2025,mentees_satisfaction_2025.csv,37,36,0,1\n"
     "source,school1,2025,mentees_satisfaction_2025.csv,37,36,0,1\n", 4, "listed twice"},
    {"an item row twice in one cell", "item,s2,", "item,s1,0,6,5,7,10,8,10,9,7,10,4\nitem,s2,",
     24, "a second item row for s1 in the same cell"},
    {"a group row twice", "group,form,Ученик – ученик,11\n",
     "group,form,Учитель – учитель,12\n", 50, "a second group row for form"},
    {"a huge min_group (a cast with undefined behaviour)", "written_by,mentorstat,0.1.0\n",
     "written_by,mentorstat,0.1.0\nmin_group,1e300\n", 3, "implausible count (1e300)"},
    {"a construct's sum beyond cases x range", "comoments,satisfaction,34,0,268,",
     "comoments,satisfaction,34,0,9999,", 35,
     "the sum of s1 over 34 cases is outside 34..340"},
    {"more complete cases than rows", "comoments,satisfaction,34,0,",
     "comoments,satisfaction,37,0,", 35, "complete cases 37, more than the 36 rows"},
    {"a level counted more often than answered", "category,recommend,36,0,нет,5,да,31",
     "category,recommend,36,0,нет,5,да,35", 34, "add up to more than the 36 answered"},
    {"groups with more rows than the total", "group,form,Учитель – учитель,12",
     "group,form,Учитель – учитель,30", 22, "the groups of form have 54 rows"},
};

START_TEST(implausible_summaries_are_refused_at_their_line)
{
    const crafted_case *c = &crafted[_i];
    make_tmpdir();
    ms_error err = {0};
    ck_assert_msg(read_crafted(c->from, c->to, &err) == MS_ERR_PARSE, "%s: read", c->what);
    ck_assert_str_eq(err.file, crafted_path);
    ck_assert_msg(err.line == c->line && strstr(err.message, c->message), "%s: %zu: %s", c->what,
                  err.line, err.message);
    remove_tmpdir();
}
END_TEST

START_TEST(an_unedited_summary_passes_the_plausibility_checks)
{
    make_tmpdir();
    ms_error err = {0};
    ck_assert_int_eq(read_crafted("total,36", "total,36", &err), MS_OK);
    remove_tmpdir();
}
END_TEST

/* Merging a summary with itself would count its rows twice. */
START_TEST(merging_the_same_summary_twice_is_refused)
{
    make_tmpdir();
    char out[600];
    snprintf(out, sizeof out, "%s/merged.msum", tmpdir);
    const char *paths[] = {SCHOOL1, MS_SOURCE_DIR "/surveys/municipal/school2_mentees_satisfaction_2025.msum",
                           SCHOOL1};
    ms_error err = {0};
    ck_assert_int_eq(ms_summary_merge(paths, 3, 0, out, &err), MS_ERR_PARSE);
    ck_assert_str_eq(err.file, SCHOOL1);
    ck_assert_uint_eq(err.line, 3);
    ck_assert_msg(strstr(err.message, "is also in " SCHOOL1 ", line 3"), "%s", err.message);
    ck_assert_int_ne(access(out, F_OK), 0);
    remove_tmpdir();
}
END_TEST

#define SCHOOL2 MS_SOURCE_DIR "/surveys/municipal/school2_mentees_satisfaction_2025.msum"

/* Issue 22: analyze and report read summaries without merging them; a
 * merged summary read beside one of its parts counted the part's rows
 * twice.  Refused before anything is read, at the later listing's line,
 * naming the other summary. */
START_TEST(reading_summaries_that_share_a_source_is_refused_at_its_line)
{
    make_tmpdir();
    char merged[600];
    snprintf(merged, sizeof merged, "%s/merged.msum", tmpdir);
    const char *parts[] = {SCHOOL1, SCHOOL2};
    ms_error err = {0};
    ck_assert_int_eq(ms_summary_merge(parts, 2, 0, merged, &err), MS_OK);
    ms_codebook *cb = NULL;
    ck_assert_int_eq(ms_summary_codebook(SCHOOL1, &cb, &err), MS_OK);
    const char *paths[] = {SCHOOL2, merged};
    ms_aggregate *agg = NULL;
    ms_loader *ld = NULL;
    ck_assert_int_eq(ms_aggregate_create(cb, NULL, 0, &agg, &err), MS_OK);
    ck_assert_int_eq(ms_aggregate_files(agg, paths, 2, NULL, &ld, &err), MS_ERR_PARSE);
    ck_assert_str_eq(err.file, merged);
    ck_assert_msg(strstr(err.message, "is also in " SCHOOL2 ", line 3") &&
                      strstr(err.message, "would be counted twice"),
                  "%s", err.message);
    ck_assert_uint_eq(ms_aggregate_rows(agg)->read, 0); /* refused before reading */
    ms_loader_destroy(ld);
    ms_aggregate_destroy(agg);
    /* the parts alone, and a data file beside a summary, are read as before */
    const char *fine[] = {SCHOOL1, SCHOOL2};
    ck_assert_int_eq(ms_summary_check_sources(fine, 2, &err), MS_OK);
    const char *mixed[] = {SCHOOL1, EXAMPLE "data/mentees_satisfaction_2025.csv", merged};
    ck_assert_int_eq(ms_summary_check_sources(mixed, 3, &err), MS_ERR_PARSE);
    ck_assert_str_eq(err.file, merged);
    ms_codebook_destroy(cb);
    remove_tmpdir();
}
END_TEST

/* A report of the programme `text` is refused, before anything is
 * written, for counting SCHOOL1's rows twice. */
static void report_refused_for_a_source_twice(const char *text)
{
    make_tmpdir();
    char prog[600], out[600];
    snprintf(prog, sizeof prog, "%s/programme.ini", tmpdir);
    snprintf(out, sizeof out, "%s/report", tmpdir);
    write_file(prog, text, strlen(text));
    ms_error err = {0};
    ck_assert_int_eq(ms_report_build(prog, out, NULL, &err), MS_ERR_PARSE);
    ck_assert_str_eq(err.file, SCHOOL1);
    ck_assert_msg(strstr(err.message, "is also in " SCHOOL1) &&
                      strstr(err.message, "would be counted twice"),
                  "%s", err.message);
    ck_assert_int_ne(access(out, F_OK), 0);
    remove_tmpdir();
}

/* The same for a territory whose office gave one school's summary as two
 * schools'. */
START_TEST(a_territory_given_one_summary_for_two_schools_is_refused)
{
    report_refused_for_a_source_twice(
        "[programme]\norganisation = Управление\nyear = 2025\nmin_group = 5\n"
        "[questionnaire mentees]\nrole = mentees_satisfaction\n"
        "codebook = " EXAMPLE "mentees_satisfaction.codebook.csv\nby = form\n"
        "[organisation school1]\nmentees = " SCHOOL1 "\n"
        "[organisation school2]\nmentees = " SCHOOL2 "\n"
        "[organisation school3]\nmentees = " SCHOOL1 "\n");
}
END_TEST

/* Issue 22: a report's `data` and `earlier` are read apart and merged; a
 * summary in both would count its rows twice. */
START_TEST(a_summary_in_both_data_and_earlier_is_refused)
{
    report_refused_for_a_source_twice(
        "[programme]\norganisation = Школа\nyear = 2025\nmin_group = 5\n"
        "[questionnaire mentees]\nrole = mentees_satisfaction\n"
        "codebook = " EXAMPLE "mentees_satisfaction.codebook.csv\nby = form\n"
        "data = " SCHOOL1 "\nearlier = " SCHOOL2 " " SCHOOL1 "\n");
}
END_TEST

/* Issue 22: summarize and merge wrote through FILE.msum.tmp, following a
 * link planted there; now a fresh name beside the target, mode from the
 * umask, nothing left behind. */
START_TEST(a_summary_is_written_through_a_fresh_temporary_not_a_planted_link)
{
    make_tmpdir();
    char victim[600], planted[700], out[600];
    snprintf(victim, sizeof victim, "%s/victim.txt", tmpdir);
    snprintf(out, sizeof out, "%s/a.msum", tmpdir);
    snprintf(planted, sizeof planted, "%s.tmp", out);
    write_file(victim, "keep", 4);
    ck_assert_int_eq(symlink(victim, planted), 0);
    mode_t old = umask(022);
    const char *path = one_summary("a.msum", NULL, 0);
    umask(old);
    ck_assert_str_eq(path, out);
    size_t len;
    char *v = ms_test_slurp(victim, &len);
    ck_assert_str_eq(v, "keep");
    free(v);
    struct stat sb;
    ck_assert_int_eq(stat(out, &sb), 0);
    ck_assert_uint_eq(sb.st_mode & 0777, 0644);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -q 'a.msum.tmp-'", tmpdir);
    ck_assert_int_ne(system(cmd), 0);
    remove_tmpdir();
}
END_TEST

/* ---------- allocation failure ---------- */

static ms_status summary_round_trip(const ms_codebook *cb, const char *data, const char *path)
{
    static const char *by[] = {"form"};
    size_t idx;
    ms_aggregate *agg = NULL, *back = NULL;
    ms_loader *ld = NULL;
    ms_error err;
    ms_status st = ms_codebook_check_by(cb, by[0], &idx, &err);
    if (st == MS_OK)
        st = ms_aggregate_create(cb, &idx, 1, &agg, &err);
    const char *p[1] = {data};
    if (st == MS_OK)
        st = ms_aggregate_files(agg, p, 1, NULL, &ld, &err);
    ms_summary_source src = {"О1", "2025", "d.csv", {8, 7, 1, 0}, 0}; /* q2 = 99 is out of range */
    ms_summary_meta meta = {&src, 1, 3};
    if (st == MS_OK)
        st = ms_summary_write(agg, &meta, path, &err);
    if (st == MS_OK)
        st = ms_aggregate_create(cb, &idx, 1, &back, &err);
    if (st == MS_OK)
        st = ms_summary_read(back, path, &err);
    ms_loader_destroy(ld);
    ms_aggregate_destroy(agg);
    ms_aggregate_destroy(back);
    return st;
}

START_TEST(failing_allocations_give_nomem)
{
    make_tmpdir();
    static const char codebook[] =
        "name,type,source,label,min,max,reverse,construct,choices,missing\n"
        "id,id,id,,,,,,,\nwave,wave,wave,,,,,,1=in|2=out,\nform,group,form,,,,,,,\n"
        "q1,scale,q1,,1,10,,c,,99\nq2,scale,q2,,1,10,1,c,,\nh,number,h,,,,,,,\n"
        "m,multi,m,,,,,,1=a|2=b,\n";
    static const char data[] =
        "id,wave,form,q1,q2,h,m\n"
        "a,in,X,5,6,1.5,a;b\na,out,X,7,8,2,a\nb,in,Y,3,99,1,\nb,out,Y,4,5,1,b\n"
        "c,in,Y,6,6,0,a\nc,out,Z,10,6,0,a\nd,in,Z,8,7,3,b\nd,out,Z,9,9,3,b\n";
    char dpath[512], spath[512];
    snprintf(dpath, sizeof dpath, "%s/d.csv", tmpdir);
    snprintf(spath, sizeof spath, "%s/d.msum", tmpdir);
    write_file(dpath, data, sizeof data - 1);
    ms_codebook *cb = NULL;
    ms_error err;
    ck_assert_int_eq(ms_codebook_parse(codebook, sizeof codebook - 1, "cb.csv", &cb, &err), MS_OK);
    ms_test_budget b = {-1, 0, false};
    ms_set_allocator(ms_test_failing_realloc, &b);
    ck_assert_int_eq(summary_round_trip(cb, dpath, spath), MS_OK);
    long total = b.count, nomem = 0;
    for (long n = 0; n < total; n++) {
        b = (ms_test_budget){n, 0, false};
        ms_status st = summary_round_trip(cb, dpath, spath);
        ck_assert_msg(st == MS_ERR_NOMEM || st == MS_OK, "allocation %ld of %ld gave %d", n,
                      total, st);
        nomem += st == MS_ERR_NOMEM;
    }
    ms_set_allocator(NULL, NULL);
    ck_assert_int_gt(nomem, total * 9 / 10);
    ms_codebook_destroy(cb);
    remove_tmpdir();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("summary");
    TCase *exact = tcase_create("exactness");
    tcase_set_timeout(exact, 120);
    tcase_add_loop_test(exact, exact_on_random_splits, 0, 20);
    suite_add_tcase(s, exact);
    TCase *tc = tcase_create("summary");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, damage_is_refused);
    tcase_add_test(tc, other_version_is_refused);
    tcase_add_test(tc, written_by_records_the_version);
    tcase_add_test(tc, codebook_mismatch_names_the_variable);
    tcase_add_test(tc, different_codebooks_merge_by_name);
    tcase_add_test(tc, merge_order_does_not_matter);
    tcase_add_test(tc, nothing_private_in_a_summary);
    tcase_add_test(tc, min_group_withholds_small_groups);
    tcase_add_test(tc, failing_allocations_give_nomem);
    tcase_add_loop_test(tc, implausible_summaries_are_refused_at_their_line, 0,
                        (int)(sizeof crafted / sizeof crafted[0]));
    tcase_add_test(tc, an_unedited_summary_passes_the_plausibility_checks);
    tcase_add_test(tc, merging_the_same_summary_twice_is_refused);
    tcase_add_test(tc, reading_summaries_that_share_a_source_is_refused_at_its_line);
    tcase_add_test(tc, a_territory_given_one_summary_for_two_schools_is_refused);
    tcase_add_test(tc, a_summary_in_both_data_and_earlier_is_refused);
    tcase_add_test(tc, a_summary_is_written_through_a_fresh_temporary_not_a_planted_link);
    suite_add_tcase(s, tc);
    return ms_run_suite(s);
}
