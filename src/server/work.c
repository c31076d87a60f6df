/*
 * work.c — what the server asks of the library: init's drafts from the
 * uploads, check's figures, the report and the territory report (in worker
 * threads, one job at a time each, so requests are answered while a build
 * runs), report.zip, and the summaries a school sends to the office.
 */
#include "server.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include <cjson/cJSON.h>

#include "mentorstat/aggregate.h"
#include "mentorstat/codebook.h"
#include "mentorstat/init.h"
#include "mentorstat/input.h"
#include "mentorstat/report.h"
#include "mentorstat/results.h"
#include "mentorstat/summary.h"
#include "datetime.h"
#include "text.h"

void ms_work_paths(const ms_server *srv, int64_t programme, const char *what, char *out,
                   size_t size)
{
    snprintf(out, size, "%s/p/%lld%s%s", srv->dir, (long long)programme, *what ? "/" : "", what);
}

static void mkdirs(const char *path)
{
    char b[1400];
    snprintf(b, sizeof b, "%s", path);
    for (char *p = b + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(b, 0750);
            *p = '/';
        }
    mkdir(b, 0750);
}

/* rm -r of a directory the server made (no symbolic links inside). */
static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char sub[2400];
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        struct stat st;
        if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(sub);
        else
            unlink(sub);
    }
    if (d)
        closedir(d);
    rmdir(path);
}

/* An error as a sentence without the server's folders: the file's own name. */
static void error_text(const ms_error *err, char *out, size_t size)
{
    ms_error e = *err;
    const char *slash = strrchr(e.file, '/');
    if (slash)
        memmove(e.file, slash + 1, strlen(slash + 1) + 1);
    /* a path in the message keeps its last part only */
    for (char *m = e.message; (m = strchr(m, '/'));) {
        char *end = m + strcspn(m, " ,;:()\"'");
        char *last = m;
        for (char *c = m; c < end; c++)
            if (*c == '/')
                last = c;
        if (m != e.message && m[-1] != ' ' && m[-1] != '(') {
            m = end;
            continue;
        }
        memmove(m, last + 1, strlen(last + 1) + 1);
    }
    ms_error_format(&e, out, size);
}

/* A killed server's gnuplot or pandoc outlives it and may still write a
 * chart into its temporary directory while we empty it (rmdir then fails,
 * ENOTEMPTY); such a child cannot create anything in a directory once it
 * is gone, so trying again for a few seconds ends the race. */
static void remove_leftover(const char *path)
{
    struct stat st;
    for (int i = 0; i < 100 && lstat(path, &st) == 0; i++) {
        if (S_ISDIR(st.st_mode))
            remove_tree(path);
        else
            unlink(path);
        if (lstat(path, &st) == 0)
            nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
    }
}

/* What a server killed mid-way left: the report's temporaries beside
 * DIR/p/ID/report (the library's OUTDIR.tmp-XXXXXX), a half-written
 * report.zip.tmp or drafts.new, uploads in DIR/tmp.  Called at start,
 * before any worker runs. */
void ms_work_cleanup(ms_server *srv)
{
    static const char *const parents[] = {"p", "t", "tmp"};
    char dir[1300], sub[2600];
    for (size_t i = 0; i < sizeof parents / sizeof *parents; i++) {
        snprintf(dir, sizeof dir, "%s/%s", srv->dir, parents[i]);
        DIR *d = opendir(dir);
        struct dirent *e, *f;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
            if (!strcmp(parents[i], "tmp")) {
                unlink(sub);
                continue;
            }
            DIR *d2 = opendir(sub);
            while (d2 && (f = readdir(d2))) {
                char path[2900];
                if (f->d_name[0] == '.' || (!strstr(f->d_name, ".tmp-") &&
                                            !strstr(f->d_name, ".tmp") &&
                                            strcmp(f->d_name, "drafts.new")))
                    continue;
                snprintf(path, sizeof path, "%s/%s", sub, f->d_name);
                remove_leftover(path);
            }
            if (d2)
                closedir(d2);
        }
        if (d)
            closedir(d);
    }
}

/* ---------- init ---------- */

typedef struct {
    char **paths;
    size_t n, cap;
} paths;

static void add_path(int64_t id, const char *shown, const char *stored, long long size, void *ctx)
{
    paths *p = ctx;
    (void)id, (void)shown, (void)size;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 32;
        char **g = realloc(p->paths, cap * sizeof *g);
        if (!g)
            return;
        p->paths = g;
        p->cap = cap;
    }
    p->paths[p->n++] = strdup(stored);
}

static void paths_free(paths *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->paths[i]);
    free(p->paths);
}

/* The school's name and the programme's year for the title, where init
 * leaves them commented out for a person to fill in. */
static int fill_title(const char *ini, const char *org, int year)
{
    char tmp[1600], line[4096];
    snprintf(tmp, sizeof tmp, "%s.title", ini);
    FILE *in = fopen(ini, "r"), *out = in ? fopen(tmp, "w") : NULL;
    while (out && fgets(line, sizeof line, in)) {
        if (!strncmp(line, "; organisation =", 16)) {
            fputs("organisation = ", out);
            for (const char *c = org; *c; c++)
                fputc(*c == '\n' || *c == '\r' ? ' ' : *c, out);
            fputc('\n', out);
        } else if (!strncmp(line, "; year =", 8))
            fprintf(out, "year = %d\n", year);
        else
            fputs(line, out);
    }
    if (in)
        fclose(in);
    if (!out || fclose(out) != 0 || rename(tmp, ini) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* The school year (the year it ends) of a drafted file: its year column's
 * largest year or the year in its name (init's `when` is then YEAR·10^6 +
 * days), else its median time stamp, September on being the next school
 * year; 0 unknown. */
static int file_school_year(const ms_init_file *f)
{
    if (f->when >= 1e6)
        return (int)(f->when / 1e6);
    if (f->when <= 0)
        return f->year;
    long y, m, d;
    ms_civil_from_days((long)f->when, &y, &m, &d);
    return (int)(m >= 9 ? y + 1 : y);
}

/* drafts/data-year: the school year of the newest answers of the drafts,
 * which the programme page compares with the programme's own. */
static void write_data_year(const ms_init_draft *d, const char *drafts)
{
    int newest = 0;
    for (size_t i = 0; i < d->n_q; i++)
        for (size_t f = 0; f < d->q[i].n_files; f++) {
            int y = file_school_year(&d->q[i].files[f]);
            newest = y > newest ? y : newest;
        }
    char path[1500];
    snprintf(path, sizeof path, "%s/data-year", drafts);
    FILE *out = newest ? fopen(path, "w") : NULL;
    if (out) {
        fprintf(out, "%d\n", newest);
        fclose(out);
    }
}

int ms_work_data_year(const ms_server *srv, int64_t programme)
{
    char path[1300];
    int y = 0;
    ms_work_paths(srv, programme, "drafts/data-year", path, sizeof path);
    FILE *in = fopen(path, "r");
    if (in) {
        if (fscanf(in, "%d", &y) != 1)
            y = 0;
        fclose(in);
    }
    return y;
}

int ms_work_init(ms_server *srv, const ms_session *se, const ms_prog *pr, char *why,
                 size_t why_size)
{
    int64_t programme = pr->id;
    paths ps = {0};
    char files[1300], drafts[1300], tmp[1400], *full[1024];
    ms_init_draft *d = NULL;
    ms_error err = {0};
    int rc = -1;
    size_t n = 0;
    ms_work_paths(srv, programme, "files", files, sizeof files);
    ms_work_paths(srv, programme, "drafts", drafts, sizeof drafts);
    ms_store_file_list(srv->store, programme, add_path, &ps);
    if (ps.n == 0) {
        snprintf(why, why_size, "upload the exports first");
        goto cleanup;
    }
    for (; n < ps.n && n < 1024; n++)
        full[n] = ms_xasprintf("%s/%s", files, ps.paths[n]);
    /* drafted beside the files, then put in place of the old drafts whole */
    snprintf(tmp, sizeof tmp, "%s.new", drafts);
    remove_tree(tmp);
    mkdir(tmp, 0750);
    ms_init_options io = {tmp};
    if (ms_init_draft_create((const char *const *)full, n, &io, &d, &err) != MS_OK ||
        ms_init_draft_write(d, &io, true, &err) != MS_OK) {
        error_text(&err, why, why_size);
        remove_tree(tmp);
        goto cleanup;
    }
    char ini[1500];
    snprintf(ini, sizeof ini, "%s/programme.ini", tmp);
    if (fill_title(ini, se->org_name, pr->year)) {
        snprintf(why, why_size, "cannot write the drafts");
        remove_tree(tmp);
        goto cleanup;
    }
    write_data_year(d, tmp);
    /* programme.ini names the files relative to the drafts' folder: ../files/… either way */
    remove_tree(drafts);
    if (rename(tmp, drafts) != 0) {
        snprintf(why, why_size, "cannot keep the drafts: %s", strerror(errno));
        goto cleanup;
    }
    ms_store_notes_clear(srv->store, programme);
    for (size_t i = 0; i < d->n_q; i++) {
        const ms_init_questionnaire *q = &d->q[i];
        for (size_t c = 0; c < q->n_cols; c++)
            ms_store_note_add(srv->store, programme, q->name, q->cols[c].name, q->cols[c].check,
                              q->cols[c].reason);
    }
    rc = 0;
cleanup:
    for (size_t i = 0; i < n; i++)
        free(full[i]);
    ms_init_draft_destroy(d);
    paths_free(&ps);
    return rc;
}

/* ---------- one questionnaire's files into an aggregate ---------- */

typedef struct {
    cJSON *reasons;
    int shown;
} check_ctx;

static void on_quarantine(const ms_quarantined *q, void *ctx)
{
    check_ctx *c = ctx;
    char line[1200];
    if (c->shown++ >= 10)
        return;
    error_text(q->reason, line, sizeof line);
    cJSON_AddItemToArray(c->reasons, cJSON_CreateString(line));
}

/* The files of q (this year's, or the earlier years') with their waves. */
static size_t files_of(const ms_questionnaire *q, bool earlier, const char ***out, int **waves)
{
    size_t n = earlier ? q->n_earlier : q->n_data, nw = earlier ? q->n_earlier_wave
                                                                : q->n_data_wave;
    const int *w = earlier ? q->earlier_wave : q->data_wave;
    *out = (const char **)(earlier ? q->earlier : q->data);
    *waves = calloc(n + 1, sizeof **waves);
    for (size_t i = 0; *waves && i < n; i++)
        (*waves)[i] = w && i < nw ? w[i] : -1;
    return n;
}

static ms_status aggregate(const ms_questionnaire *q, const ms_codebook *cb, const size_t *by,
                           size_t n_by, bool earlier, bool both, check_ctx *cc,
                           ms_aggregate **agg, ms_error *err)
{
    const char **f1, **f2;
    int *w1 = NULL, *w2 = NULL;
    size_t n1 = files_of(q, earlier, &f1, &w1), n2 = both ? files_of(q, true, &f2, &w2) : 0;
    const char **all = calloc(n1 + n2 + 1, sizeof *all);
    int *waves = calloc(n1 + n2 + 1, sizeof *waves);
    ms_loader *ld = NULL;
    ms_status st = MS_ERR_NOMEM;
    if (all && waves && w1 && (!both || w2)) {
        for (size_t i = 0; i < n1; i++)
            all[i] = f1[i], waves[i] = w1[i];
        for (size_t i = 0; i < n2; i++)
            all[n1 + i] = f2[i], waves[n1 + i] = w2[i];
        st = ms_aggregate_create(cb, by, n_by, agg, err);
        if (st == MS_OK) {
            ms_aggregate_set_count_duplicates(*agg, cc != NULL);
            /* the programme's years =: data's files then earlier's, as `all` lists them */
            const int *years = !q->years ? NULL : !earlier ? q->years
                               : !both   ? q->years + q->n_data
                                         : NULL;
            ms_read_options ro = {NULL, 0, cc ? on_quarantine : NULL, NULL, cc, 1, waves,
                                  q->sheet, NULL, NULL, years};
            st = ms_aggregate_files(*agg, all, n1 + n2, &ro, &ld, err);
        }
    }
    ms_loader_destroy(ld);
    free(all);
    free(waves);
    free(w1);
    free(w2);
    return st;
}

/* ---------- check ---------- */

char *ms_work_check(ms_server *srv, int64_t programme)
{
    char ini[1300];
    ms_programme *p = NULL;
    ms_error err = {0};
    ms_work_paths(srv, programme, "drafts/programme.ini", ini, sizeof ini);
    if (access(ini, R_OK) != 0)
        return NULL;
    cJSON *out = cJSON_CreateObject(), *qs = cJSON_AddArrayToObject(out, "questionnaires");
    char line[1200];
    if (ms_programme_load(ini, &p, &err) != MS_OK) {
        error_text(&err, line, sizeof line);
        cJSON_AddStringToObject(out, "error", line);
    }
    for (size_t i = 0; p && i < p->n_q; i++) {
        const ms_questionnaire *q = &p->q[i];
        ms_codebook *cb = NULL;
        ms_aggregate *agg = NULL;
        ms_results *res = NULL;
        cJSON *o = cJSON_CreateObject();
        check_ctx cc = {cJSON_CreateArray(), 0};
        cJSON_AddStringToObject(o, "name", q->name);
        cJSON_AddStringToObject(o, "role", ms_role_name(q->role));
        ms_status st = ms_codebook_load(q->codebook, &cb, &err);
        if (st == MS_OK)
            st = aggregate(q, cb, NULL, 0, false, true, &cc, &agg, &err);
        if (st == MS_OK && ms_aggregate_rows(agg)->accepted)
            st = ms_results_compute(agg, NULL, &res, &err);
        if (st != MS_OK) {
            error_text(&err, line, sizeof line);
            cJSON_AddStringToObject(o, "error", line);
        }
        if (agg) {
            cJSON *r = cJSON_AddObjectToObject(o, "rows");
            cJSON_AddNumberToObject(r, "read", (double)ms_aggregate_rows(agg)->read);
            cJSON_AddNumberToObject(r, "accepted", (double)ms_aggregate_rows(agg)->accepted);
            cJSON_AddNumberToObject(r, "quarantined", (double)ms_aggregate_rows(agg)->quarantined);
            cJSON_AddNumberToObject(r, "excluded", (double)ms_aggregate_rows(agg)->excluded);
        }
        cJSON_AddItemToObject(o, "reasons", cc.reasons);
        if (res) {
            cJSON *m = cJSON_AddArrayToObject(o, "missing");
            for (size_t k = 0; k < res->n_items; k++) {
                const ms_item_result *it = &res->items[k];
                if (it->is_construct)
                    continue;
                cJSON *x = cJSON_CreateObject();
                cJSON_AddStringToObject(x, "item", it->name);
                cJSON_AddStringToObject(x, "label", it->label ? it->label : it->name);
                cJSON_AddNumberToObject(x, "missing", it->missing);
                cJSON_AddNumberToObject(x, "of", it->n + it->missing);
                cJSON_AddItemToArray(m, x);
            }
            cJSON_AddNumberToObject(o, "repeated_codes", res->duplicate_ids);
        }
        cJSON_AddItemToArray(qs, o);
        ms_results_destroy(res);
        ms_aggregate_destroy(agg);
        ms_codebook_destroy(cb);
    }
    ms_programme_destroy(p);
    char *s = cJSON_PrintUnformatted(out);
    cJSON_Delete(out);
    return s;
}

/* ---------- submit: the programme's summaries for the office ---------- */

/* DIR/s/ID/: per questionnaire ROLE.codebook.csv, ROLE.msum (this year)
 * and ROLE.earlier.msum, and manifest.txt (ROLE TAB BY per line). */
int ms_work_submit(ms_server *srv, const ms_session *se, const ms_prog *pr, char *why,
                   size_t why_size)
{
    char ini[1300], dir[1300], path[1500], year[16], line[1200];
    ms_programme *p = NULL;
    ms_error err = {0};
    int rc = -1;
    FILE *man = NULL;
    ms_work_paths(srv, pr->id, "drafts/programme.ini", ini, sizeof ini);
    if (access(ini, R_OK) != 0) {
        snprintf(why, why_size, "upload the exports and draft the questionnaires first");
        return -1;
    }
    if (ms_programme_load(ini, &p, &err) != MS_OK) {
        error_text(&err, why, why_size);
        return -1;
    }
    snprintf(dir, sizeof dir, "%s/s/new-%lld-%lld", srv->dir, (long long)pr->id,
             (long long)ms_now());
    remove_tree(dir);
    mkdirs(dir);
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    snprintf(year, sizeof year, "%d", pr->year);
    if (!(man = fopen(path, "w"))) {
        snprintf(why, why_size, "cannot write the summaries");
        goto cleanup;
    }
    for (size_t i = 0; i < p->n_q; i++) {
        const ms_questionnaire *q = &p->q[i];
        const char *role = ms_role_name(q->role);
        ms_codebook *cb = NULL;
        size_t by[2], n_by = 0;
        ms_status st = ms_codebook_load(q->codebook, &cb, &err);
        /* the programme's by variable, then the year (docs/programme.md) */
        for (size_t b = 0; st == MS_OK && b < q->n_by && n_by < 1; b++)
            st = ms_codebook_check_by(cb, q->by[b], &by[n_by++], &err);
        for (size_t v = 0; st == MS_OK && v < cb->n_vars; v++)
            if (cb->vars[v].type == MS_TYPE_YEAR) {
                by[n_by++] = v;
                break;
            }
        for (int earlier = 0; st == MS_OK && earlier < 2; earlier++) {
            ms_aggregate *agg = NULL;
            if (earlier && q->n_earlier == 0)
                break;
            st = aggregate(q, cb, by, n_by, earlier, false, NULL, &agg, &err);
            if (st == MS_OK && ms_aggregate_rows(agg)->accepted == 0)
                st = ms_error_set(&err, MS_ERR_NODATA, q->name, 0, 0, "no usable rows");
            ms_summary_source src = {(char *)se->org_name, earlier ? "" : year, q->name,
                                     agg ? *ms_aggregate_rows(agg) : (ms_tally){0}, 0};
            ms_summary_meta meta = {&src, 1, (unsigned long)p->min_group};
            snprintf(path, sizeof path, "%s/%s%s.msum", dir, role, earlier ? ".earlier" : "");
            if (st == MS_OK)
                st = ms_summary_write(agg, &meta, path, &err);
            ms_aggregate_destroy(agg);
        }
        if (st == MS_OK) {
            snprintf(path, sizeof path, "%s/%s.codebook.csv", dir, role);
            FILE *in = fopen(q->codebook, "rb"), *out = fopen(path, "wb");
            size_t k;
            while (in && out && (k = fread(line, 1, sizeof line, in)) > 0)
                fwrite(line, 1, k, out);
            if (!in || !out)
                st = ms_error_set(&err, MS_ERR_IO, q->codebook, 0, 0, "cannot copy");
            if (in)
                fclose(in);
            if (out && fclose(out) != 0)
                st = ms_error_set(&err, MS_ERR_IO, path, 0, 0, "cannot write");
            fprintf(man, "%s\t%s\t%d\n", role, q->n_by ? q->by[0] : "", q->n_earlier > 0);
        }
        ms_codebook_destroy(cb);
        if (st != MS_OK) {
            error_text(&err, line, sizeof line);
            snprintf(why, why_size, "%s: %s", q->name, line);
            goto cleanup;
        }
    }
    if (fclose(man) != 0) {
        man = NULL;
        snprintf(why, why_size, "cannot write the summaries");
        goto cleanup;
    }
    man = NULL;
    int64_t id = ms_store_submission_add(srv->store, se->org, pr->id, pr->year);
    snprintf(path, sizeof path, "%s/s/%lld", srv->dir, (long long)id);
    if (id <= 0 || rename(dir, path) != 0) {
        snprintf(why, why_size, "cannot keep the summaries");
        goto cleanup;
    }
    rc = 0;
cleanup:
    if (man)
        fclose(man);
    if (rc)
        remove_tree(dir);
    ms_programme_destroy(p);
    return rc;
}

/* ---------- report.zip ---------- */

static int zip_tree(zip_t *z, const char *base, const char *rel)
{
    char path[2400];
    snprintf(path, sizeof path, "%s%s%s", base, *rel ? "/" : "", rel);
    DIR *d = opendir(path);
    struct dirent *e;
    int rc = d ? 0 : -1;
    while (d && rc == 0 && (e = readdir(d))) {
        char sub[1200], full[2400];
        struct stat st;
        if (e->d_name[0] == '.')
            continue;
        snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
        snprintf(full, sizeof full, "%s/%s", base, sub);
        if (lstat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            rc = zip_dir_add(z, sub, ZIP_FL_ENC_UTF_8) < 0 ? -1 : zip_tree(z, base, sub);
        else if (S_ISREG(st.st_mode)) {
            zip_source_t *src = zip_source_file(z, full, 0, -1);
            if (!src || zip_file_add(z, sub, src, ZIP_FL_ENC_UTF_8) < 0) {
                zip_source_free(src);
                rc = -1;
            }
        }
    }
    if (d)
        closedir(d);
    return rc;
}

static int make_zip(const char *dir, const char *out)
{
    char tmp[1400];
    int ze;
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    unlink(tmp);
    zip_t *z = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    if (!z)
        return -1;
    if (zip_tree(z, dir, "") != 0) {
        zip_discard(z);
        unlink(tmp);
        return -1;
    }
    if (zip_close(z) != 0) {
        zip_discard(z);
        unlink(tmp);
        return -1;
    }
    return rename(tmp, out);
}

/* The report's kopilka.csv holds a candidate: a line after its header. */
bool ms_work_has_kopilka(const ms_server *srv, int64_t programme)
{
    char path[1300];
    ms_work_paths(srv, programme, "report/kopilka.csv", path, sizeof path);
    FILE *f = fopen(path, "r");
    int c, lines = 0;
    bool row = false;
    while (f && !row && (c = fgetc(f)) != EOF) {
        if (c == '\n')
            lines++;
        else if (lines > 0 && c != '\r' && c != ' ')
            row = true;
    }
    if (f)
        fclose(f);
    return row;
}

/* ---------- the jobs ---------- */

static int report_job(ms_server *srv, const ms_job *j, char *msg, size_t size)
{
    char ini[1300], out[1300], zip[1300];
    ms_report_summary sum = {0};
    ms_error err = {0};
    /* with the pairing when it was asked for (api.c, api_matching) */
    ms_work_paths(srv, j->programme, "drafts/pairing.ini", ini, sizeof ini);
    if (access(ini, R_OK) != 0)
        ms_work_paths(srv, j->programme, "drafts/programme.ini", ini, sizeof ini);
    ms_work_paths(srv, j->programme, "report", out, sizeof out);
    ms_work_paths(srv, j->programme, "report.zip", zip, sizeof zip);
    int64_t edits = ms_store_edit_count(srv->store, j->programme); /* before reading them */
    if (ms_report_build(ini, out, &sum, &err) != MS_OK) {
        error_text(&err, msg, size);
        return -1;
    }
    if (make_zip(out, zip) != 0) {
        snprintf(msg, size, "the report is built, but report.zip could not be written");
        return -1;
    }
    ms_store_built(srv->store, j->programme, edits);
    snprintf(msg, size, "%zu charts; rows: %llu read, %llu accepted, %llu quarantined, %llu "
             "excluded%s", sum.charts, sum.rows.read, sum.rows.accepted, sum.rows.quarantined,
             sum.rows.excluded, sum.no_pandoc ? "; pandoc missing: no spravka.docx" : "");
    return 0;
}

/* Read DIR/s/ID/manifest.txt: role, by, has earlier per line. */
static void read_manifest(const char *dir, int64_t id, cJSON *roles, FILE *org_out)
{
    char path[1400], line[512];
    snprintf(path, sizeof path, "%s/s/%lld/manifest.txt", dir, (long long)id);
    FILE *f = fopen(path, "r");
    while (f && fgets(line, sizeof line, f)) {
        char role[64] = "", by[128] = "";
        int earlier = 0;
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t1 || !t2)
            continue;
        snprintf(role, sizeof role, "%.*s", (int)(t1 - line), line);
        snprintf(by, sizeof by, "%.*s", (int)(t2 - t1 - 1), t1 + 1);
        earlier = atoi(t2 + 1);
        if (!cJSON_GetObjectItem(roles, role)) {
            cJSON *r = cJSON_AddObjectToObject(roles, role);
            cJSON_AddStringToObject(r, "by", by);
            cJSON_AddNumberToObject(r, "sub", (double)id);
        }
        if (org_out) {
            fprintf(org_out, "%s = ../../s/%lld/%s.msum\n", role, (long long)id, role);
            if (earlier)
                fprintf(org_out, "%s.earlier = ../../s/%lld/%s.earlier.msum\n", role,
                        (long long)id, role);
        }
    }
    if (f)
        fclose(f);
}

static void org_name_of(int64_t id, int64_t org, const char *name, int year, long long created,
                        void *ctx)
{
    (void)org, (void)year, (void)created;
    cJSON *e = cJSON_CreateObject();
    cJSON_AddNumberToObject(e, "id", (double)id);
    cJSON_AddStringToObject(e, "name", name);
    cJSON_AddItemToArray(ctx, e);
}

/* The territory's programme: every school by its name, shown only in the
 * office's copy (`names = internal`). */
static int territory_ini(ms_server *srv, const ms_job *j, const char *base,
                         const char *office, cJSON *schools, char *msg, size_t size)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/territory.ini", base);
    FILE *f = fopen(path, "w");
    cJSON *roles = cJSON_CreateObject(), *s;
    if (!f) {
        snprintf(msg, size, "cannot write the territory programme");
        return -1;
    }
    cJSON_ArrayForEach(s, schools) read_manifest(srv->dir,
                                                 (int64_t)cJSON_GetObjectItem(s, "id")->valuedouble,
                                                 roles, NULL);
    fprintf(f, "[programme]\norganisation = %s\nyear = %d\nlanguage = ru\nmin_group = 5\n"
               "names = internal\n",
            office, j->year);
    cJSON *r;
    cJSON_ArrayForEach(r, roles) {
        const char *by = cJSON_GetObjectItem(r, "by")->valuestring;
        fprintf(f, "\n[questionnaire %s]\nrole = %s\ncodebook = ../../s/%lld/%s.codebook.csv\n",
                r->string, r->string, (long long)cJSON_GetObjectItem(r, "sub")->valuedouble,
                r->string);
        if (*by)
            fprintf(f, "by = %s\n", by);
    }
    int k = 0;
    cJSON_ArrayForEach(s, schools) {
        fprintf(f, "\n[organisation s%d]\n", ++k);
        /* a name on one line of the programme file */
        const char *n = cJSON_GetObjectItem(s, "name")->valuestring;
        fputs("name = ", f);
        for (; *n; n++)
            fputc(*n == '\n' || *n == '\r' ? ' ' : *n, f);
        fputc('\n', f);
        read_manifest(srv->dir, (int64_t)cJSON_GetObjectItem(s, "id")->valuedouble, roles, f);
    }
    cJSON_Delete(roles);
    return fclose(f) == 0 ? 0 : -1;
}

/* The submission a path of DIR/s/SUB/… belongs to (the last "/s/" in it), or -1. */
static long long sub_of_path(const char *path, const char *end)
{
    long long sub = -1;
    for (const char *p = path; (p = strstr(p, "/s/")) && (!end || p < end); p++) {
        char *after;
        long long v = strtoll(p + 3, &after, 10);
        if (after != p + 3 && *after == '/')
            sub = v;
    }
    return sub;
}

static const char *school_of(cJSON *schools, long long sub)
{
    cJSON *s;
    cJSON_ArrayForEach(s, schools) if ((long long)cJSON_GetObjectItem(s, "id")->valuedouble == sub)
        return cJSON_GetObjectItem(s, "name")->valuestring;
    return "?";
}

/* The question's words from the codebook a school sent (its name when none). */
static void question_label(const char *dir, long long sub, const char *role, const char *var,
                           char *out, size_t size)
{
    char path[1400];
    ms_codebook *cb = NULL;
    const char *words = var;
    snprintf(path, sizeof path, "%s/s/%lld/%s.codebook.csv", dir, sub, role);
    if (ms_codebook_load(path, &cb, NULL) == MS_OK) {
        long i = ms_codebook_find(cb, var);
        if (i >= 0 && cb->vars[i].label && *cb->vars[i].label)
            words = cb->vars[i].label;
    }
    ms_text_clip(out, size < 204 ? size : 204, words); /* ≤ 200 bytes and «…» */
    ms_codebook_destroy(cb);
}

/* A questionnaire's role as the page names it (app.js, ROLE_RU). */
static const char *role_ru(const char *role)
{
    static const char *const names[][2] = {
        {"mentors_bank", "банк наставников"}, {"mentees_requests", "запросы наставляемых"},
        {"mentees_satisfaction", "удовлетворённость наставляемых"},
        {"mentors_satisfaction", "удовлетворённость наставников"},
        {"entry_exit", "входное и итоговое анкетирование"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(role, names[i][0]))
            return names[i][1];
    return role;
}

/* A territory build refused because two schools describe a question
 * differently.  The library's error names the summary (…/s/SUB/ROLE.msum,
 * line, column = what differs), the variable and the codebook it was held
 * against (…/s/SUB2/ROLE.codebook.csv, the first school's); the office
 * needs the question's words, the schools and what to ask of whom. */
static bool territory_differs(const ms_server *srv, const ms_error *err, cJSON *schools,
                              char *msg, size_t size)
{
    char var[128], role[128], label[256], how[600];
    const char *m = err->message, *kind = "variable ";
    if (strncmp(m, kind, strlen(kind)) != 0)
        return false;
    const char *sp = strchr(m + strlen(kind), ' ');
    if (!sp || strncmp(sp, " differs: ", 10) != 0)
        return false;
    snprintf(var, sizeof var, "%.*s", (int)(sp - m - strlen(kind)), m + strlen(kind));
    const char *base = strrchr(err->file, '/');
    base = base ? base + 1 : err->file;
    snprintf(role, sizeof role, "%.*s", (int)strcspn(base, "."), base);
    long long here = sub_of_path(err->file, NULL), there = sub_of_path(sp, NULL);
    if (here < 0 || there < 0)
        return false;
    const char *a = school_of(schools, here), *b = school_of(schools, there);
    question_label(srv->dir, there, role, var, label, sizeof label);
    const char *what = sp + 10;
    if (err->column == 6)
        snprintf(how, sizeof how, "в «%s» он отмечен как обратный, в «%s» — нет",
                 strncmp(what, "reverse-keyed", 13) == 0 ? a : b,
                 strncmp(what, "reverse-keyed", 13) == 0 ? b : a);
    else {
        static const char *const parts[] = {[3] = "тип", [4] = "диапазон", [7] = "конструкт",
                                            [8] = "варианты ответа"};
        const char *part = err->column < 9 && parts[err->column] ? parts[err->column]
                                                                  : "описание";
        snprintf(how, sizeof how, "у «%s» и «%s» у него разный %s", a, b,
                 err->column == 8 ? "набор вариантов ответа" : part);
    }
    if (here == there)
        snprintf(msg, size, "сводки «%s» за разные годы по-разному описывают вопрос «%s» (анкета "
                 "«%s»). Попросите школу описать его так же, как раньше, и отправить сводки "
                 "заново.", a, label, role_ru(role));
    else {
        /* written whole first, then clipped to the job's message */
        char text[4096];
        snprintf(text, sizeof text, "школы по-разному описали вопрос «%s» (анкета «%s»): %s. "
                 "Попросите «%s» отметить этот вопрос так же, как в «%s» (или «%s» — как в «%s»; "
                 "таблица анкеты на странице программы), и отправить сводки заново.",
                 label, role_ru(role), how, a, b, b, a);
        ms_text_clip(msg, size, text);
    }
    return true;
}

/* The library refused the published copy (docs/privacy.md: the territory's
 * totals would let one school work out another's figures) and wrote only the
 * office's: say so in the office's words, without the server's paths. */
static bool territory_refused(const ms_error *err, char *msg, size_t size)
{
    if (strncmp(err->message, "no report for publishing", 24))
        return false;
    snprintf(msg, size,
             "Отчёт для публикации не создан: по итогу по территории одна из школ могла бы "
             "вычислить цифры другой, где меньше 5 ответов. Внутренний экземпляр с названиями "
             "школ построен и объясняет это в начале. Для публикации дождитесь сводок ещё от "
             "одной-двух школ.");
    return true;
}

static int territory_job(ms_server *srv, const ms_job *j, char *msg, size_t size)
{
    char base[1300], ini[1400], out[1400];
    cJSON *schools = cJSON_CreateArray();
    ms_report_summary sum = {0};
    ms_error err = {0};
    int rc = -1;
    char office[300] = "";
    sqlite3_stmt *st = NULL;
    pthread_mutex_lock(&srv->store->lock);
    if (sqlite3_prepare_v2(srv->store->db, "SELECT name FROM orgs WHERE id = ?", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_int64(st, 1, j->org);
        if (sqlite3_step(st) == SQLITE_ROW)
            snprintf(office, sizeof office, "%s", sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&srv->store->lock);
    for (char *p = office; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    ms_store_submissions(srv->store, j->year, org_name_of, schools);
    snprintf(base, sizeof base, "%s/t/%lld-%d", srv->dir, (long long)j->org, j->year);
    mkdirs(base);
    /* One build, as `mentorstat report` makes it: the published copy (О1, О2,
     * …: `names = internal`) in report/, the office's copy naming the schools,
     * with its «не публиковать» banner, in report-internal/, and one privacy
     * decision for both. */
    if (territory_ini(srv, j, base, office, schools, msg, size))
        goto cleanup;
    snprintf(ini, sizeof ini, "%s/territory.ini", base);
    snprintf(out, sizeof out, "%s/report", base);
    if (ms_report_build(ini, out, &sum, &err) != MS_OK) {
        if (!territory_differs(srv, &err, schools, msg, size) &&
            !territory_refused(&err, msg, size))
            error_text(&err, msg, size);
        goto cleanup;
    }
    snprintf(msg, size, "%d schools; %zu charts; rows: %llu read, %llu accepted",
             cJSON_GetArraySize(schools), sum.charts, sum.rows.read, sum.rows.accepted);
    rc = 0;
cleanup:
    cJSON_Delete(schools);
    return rc;
}

static void *worker(void *arg)
{
    ms_server *srv = arg;
    while (!srv->stopping) {
        ms_job j;
        char msg[1024] = "";
        if (!ms_store_job_claim(srv->store, &j)) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_sec += 1;
            pthread_mutex_lock(&srv->wake_lock);
            if (!srv->stopping)
                pthread_cond_timedwait(&srv->wake, &srv->wake_lock, &ts);
            pthread_mutex_unlock(&srv->wake_lock);
            continue;
        }
        int rc = !strcmp(j.kind, "territory") ? territory_job(srv, &j, msg, sizeof msg)
                                              : report_job(srv, &j, msg, sizeof msg);
        ms_store_job_finish(srv->store, j.id, rc == 0, msg);
        fprintf(stderr, "job %lld %s %s\n", (long long)j.id, j.kind, rc == 0 ? "done" : "failed");
    }
    return NULL;
}

int ms_work_start(ms_server *srv, int n)
{
    pthread_mutex_init(&srv->wake_lock, NULL);
    pthread_cond_init(&srv->wake, NULL);
    for (srv->n_workers = 0; srv->n_workers < n; srv->n_workers++)
        if (pthread_create(&srv->workers[srv->n_workers], NULL, worker, srv) != 0)
            break;
    return srv->n_workers == n ? 0 : -1;
}

void ms_work_wake(ms_server *srv)
{
    pthread_mutex_lock(&srv->wake_lock);
    pthread_cond_broadcast(&srv->wake);
    pthread_mutex_unlock(&srv->wake_lock);
}

/* Waits for the builds under way to finish (their jobs end done or failed). */
void ms_work_stop(ms_server *srv)
{
    pthread_mutex_lock(&srv->wake_lock);
    srv->stopping = 1;
    pthread_cond_broadcast(&srv->wake);
    pthread_mutex_unlock(&srv->wake_lock);
    for (int i = 0; i < srv->n_workers; i++)
        pthread_join(srv->workers[i], NULL);
    pthread_cond_destroy(&srv->wake);
    pthread_mutex_destroy(&srv->wake_lock);
}
