/*
 * report.c — ms_report_build: the programme is loaded, every questionnaire
 * analysed, the page, charts and tables written into OUTDIR.tmp-XXXXXX beside
 * OUTDIR, and that directory renamed into place only when it is complete.
 *
 * Replacing: the old OUTDIR is first renamed aside, the new one renamed in,
 * then the old one removed, so a failure at any step leaves a whole report.
 * An existing OUTDIR is replaced only when it is empty or carries our marker
 * file: `-o ~/Documents` must never delete someone's documents.
 *
 * With [matching], the pairing (match.html and tables/, the banks' codes)
 * goes to OUTDIR-internal, a sibling built the same way in its own
 * OUTDIR-internal.tmp-XXXXXX — never into OUTDIR, which the school uploads
 * to its web site as a whole.  Both are complete before either is renamed
 * into place, so a failing pairing leaves the old report and the old
 * internal directory whole; the published page never names the sibling.
 * A municipal programme's OUTDIR-internal also holds the office's own copy
 * of the page, index.html, with every organisation named (the programme's
 * name, else its key) where the published page says О1, О2, …; with
 * `pairs = yes`, pairs-key.csv there gives the pair code of П1, П2, ….
 */
#include "report_int.h"
#include "cnum.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARKER ".mentorstat-report"
#define INTERNAL "-internal" /* OUTDIR-internal: the pairing, the named page; not for publishing */

/* ---------- directories ---------- */

/* rm -r without following symbolic links; best effort (used on failure paths
 * and on the old report, whose loss is no longer an error). */
static int remove_tree(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(sb.st_mode))
        return unlink(path);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        size_t n = strlen(path) + strlen(e->d_name) + 2;
        char *child = ms_malloc(n);
        if (!child) {
            rc = -1;
            break;
        }
        ms_c_snprintf(child, n, "%s/%s", path, e->d_name);
        rc |= remove_tree(child);
        ms_free(child);
    }
    closedir(d);
    return rmdir(path) | rc;
}

/* mkdir -p of the directory that will hold OUTDIR. */
static ms_status make_parents(char *path, ms_error *err)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0777);
        int e = errno;
        *p = '/';
        if (rc != 0 && e != EEXIST)
            return ms_error_set(err, MS_ERR_IO, path, 0, 0, "cannot create the directory: %s",
                                strerror(e));
    }
    return MS_OK;
}

/* ---------- the marker: what mentorstat wrote ---------- */

/* The marker: what the directory is, this line, then every file and
 * directory of the report (directories with a trailing /) relative to it,
 * sorted, one a line. */
#define MARKER_LIST "Files and directories mentorstat wrote (anything else here stops the next report):\n"
#define MARKER_MAX (64u << 20) /* a marker larger than this is not one we wrote */

typedef struct {
    char **name;
    size_t n, cap;
} names;

static void names_free(names *l)
{
    for (size_t i = 0; i < l->n; i++)
        ms_free(l->name[i]);
    ms_free(l->name);
    memset(l, 0, sizeof *l);
}

static int names_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* qsort and bsearch want a base that is not NULL, even for no names. */
static void names_sort(names *l)
{
    if (l->n)
        qsort(l->name, l->n, sizeof *l->name, names_cmp);
}

/* Whether sorted l holds name. */
static bool names_has(const names *l, char *const *name)
{
    return l->n && bsearch(name, l->name, l->n, sizeof *l->name, names_cmp);
}

/* Takes name (NULL: out of memory); -1 with errno ENOMEM. */
static int names_add(names *l, char *name)
{
    if (!name || ms_grow((void **)&l->name, &l->cap, l->n + 1, sizeof *l->name)) {
        ms_free(name);
        errno = ENOMEM;
        return -1;
    }
    l->name[l->n++] = name;
    return 0;
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = ms_malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", a, b);
    else
        errno = ENOMEM;
    return s;
}

/* Every entry under root/rel (rel "" or ending in /), not following
 * symbolic links, the marker at the top left out; -1 with errno. */
static int list_tree(const char *root, const char *rel, names *l)
{
    char *path = join(root, rel);
    DIR *d = path ? opendir(path) : NULL;
    ms_free(path);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            (!*rel && !strcmp(e->d_name, MARKER)))
            continue;
        size_t m = strlen(rel) + strlen(e->d_name) + 2;
        char *name = ms_malloc(m), *at = NULL;
        if (name) {
            snprintf(name, m, "%s%s", rel, e->d_name);
            at = join(root, name);
        }
        struct stat sb;
        if (!at) {
            ms_free(name);
            errno = ENOMEM;
            rc = -1;
        } else if (lstat(at, &sb) != 0) {
            ms_free(name);
            rc = -1;
        } else {
            bool dir = S_ISDIR(sb.st_mode);
            if (dir)
                strcat(name, "/");
            if ((rc = names_add(l, name)) == 0 && dir)
                rc = list_tree(root, l->name[l->n - 1], l);
        }
        ms_free(at);
    }
    closedir(d);
    return rc;
}

static ms_status list_error(const char *dir, ms_error *err)
{
    return errno == ENOMEM ? ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory")
                           : ms_error_set(err, MS_ERR_IO, dir, 0, 0, "cannot read: %s",
                                          strerror(errno));
}

/* The marker of the finished report in dir: what it is, then its list. */
static ms_status write_marker(const ms_report *r, char *dir, const char *what)
{
    names l = {0};
    ms_sbuf b = {0};
    ms_status st = MS_OK;
    if (list_tree(dir, "", &l) != 0) {
        st = list_error(dir, r->pr.err);
        goto cleanup;
    }
    names_sort(&l);
    ms_sbuf_puts(&b, what);
    ms_sbuf_puts(&b, MARKER_LIST);
    for (size_t i = 0; i < l.n; i++) {
        ms_sbuf_puts(&b, l.name[i]);
        ms_sbuf_putn(&b, "\n", 1);
    }
    ms_present at = r->pr;
    at.dir = dir;
    st = ms_present_write(&at, MARKER, &b);
cleanup:
    names_free(&l);
    ms_sbuf_free(&b);
    return st;
}

/* The marker's list in dir, sorted; 1 when there is no marker, 2 when it
 * lists nothing (an older mentorstat wrote it), -1 with errno. */
static int read_marker(const char *dir, names *l)
{
    char *path = join(dir, MARKER), *text = NULL;
    struct stat sb;
    int rc = !path ? -1 : lstat(path, &sb) != 0 ? (errno == ENOENT ? 1 : -1) : 0;
    if (rc == 0 && (!S_ISREG(sb.st_mode) || (unsigned long long)sb.st_size > MARKER_MAX))
        rc = 1; /* not a marker mentorstat writes */
    FILE *f = rc == 0 ? fopen(path, "rb") : NULL;
    if (rc == 0 && (!f || !(text = ms_malloc((size_t)sb.st_size + 1))))
        rc = -1;
    size_t len = text ? fread(text, 1, (size_t)sb.st_size, f) : 0;
    if (f)
        fclose(f);
    ms_free(path);
    if (rc == 0) {
        text[len] = '\0';
        char *p = strstr(text, MARKER_LIST);
        if (!p)
            rc = 2;
        for (p = p ? p + strlen(MARKER_LIST) : text + len; rc == 0;) {
            char *nl = strchr(p, '\n');
            if (!nl)
                break; /* a cut last line is not trusted */
            rc = nl > p ? names_add(l, ms_strndup(p, (size_t)(nl - p))) : 0;
            p = nl + 1;
        }
        names_sort(l);
    }
    ms_free(text);
    return rc;
}

/* An existing report directory may be replaced when it is empty, or when
 * it carries our marker and holds nothing the marker does not list. */
static ms_status check_replaceable(const char *dir, ms_error *err)
{
    names mine = {0}, there = {0};
    ms_status st = MS_OK;
    int rc = read_marker(dir, &mine);
    if (rc < 0 || list_tree(dir, "", &there) != 0) {
        st = list_error(dir, err);
        goto cleanup;
    }
    if (rc == 1 && there.n) {
        st = ms_error_set(err, MS_ERR_USAGE, dir, 0, 0,
                          "exists and is not a mentorstat report (no %s file): refusing to "
                          "replace it",
                          MARKER);
        goto cleanup;
    }
    if (rc == 2 && there.n) {
        st = ms_error_set(err, MS_ERR_USAGE, dir, 0, 0,
                          "its %s lists no files (an older mentorstat wrote it), so what "
                          "else it holds is unknown: refusing to replace it; remove the "
                          "directory yourself, or choose another",
                          MARKER);
        goto cleanup;
    }
    names_sort(&there);
    for (size_t i = 0; i < there.n; i++)
        if (!names_has(&mine, &there.name[i])) {
            st = ms_error_set(err, MS_ERR_USAGE, dir, 0, 0,
                              "holds %s, which mentorstat did not write (%s lists what it "
                              "wrote): refusing to replace it; move that away or choose "
                              "another directory",
                              there.name[i], MARKER);
            break;
        }
cleanup:
    names_free(&mine);
    names_free(&there);
    return st;
}

/* OUTDIR without trailing slashes; fails early when it may not be replaced. */
static ms_status check_outdir(const char *outdir, char **out, ms_error *err)
{
    size_t n = strlen(outdir);
    while (n > 1 && outdir[n - 1] == '/')
        n--;
    if (n == 0 || (n == 1 && outdir[0] == '/'))
        return ms_error_set(err, MS_ERR_USAGE, outdir, 0, 0, "not a usable report directory");
    if (!(*out = ms_strndup(outdir, n)))
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    struct stat sb;
    if (lstat(*out, &sb) != 0)
        return errno == ENOENT ? MS_OK
                               : ms_error_set(err, MS_ERR_IO, *out, 0, 0, "%s", strerror(errno));
    if (S_ISLNK(sb.st_mode))
        return ms_error_set(err, MS_ERR_USAGE, *out, 0, 0,
                            "is a symbolic link: refusing to replace it (give the directory it "
                            "points to)");
    if (!S_ISDIR(sb.st_mode))
        return ms_error_set(err, MS_ERR_USAGE, *out, 0, 0,
                            "exists and is not a directory: refusing to replace it");
    return check_replaceable(*out, err);
}

static char *with_suffix(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 1;
    char *s = ms_malloc(n);
    if (s)
        ms_c_snprintf(s, n, "%s%s", a, b);
    return s;
}

static ms_status make_tempdir(const char *outdir, char **tmp, ms_error *err)
{
    char *parent = ms_strdup(outdir);
    if (!parent || !(*tmp = with_suffix(outdir, ".tmp-XXXXXX"))) {
        ms_free(parent);
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    ms_status st = make_parents(parent, err);
    ms_free(parent);
    if (st != MS_OK)
        return st;
    if (!mkdtemp(*tmp)) {
        st = ms_error_set(err, MS_ERR_IO, *tmp, 0, 0, "cannot create the directory: %s",
                          strerror(errno));
        ms_free(*tmp);
        *tmp = NULL;
        return st;
    }
    return MS_OK;
}

/* The published report's mode follows the umask, as mkdir's would (mkdtemp
 * makes 0700, which a web server running as another user cannot read);
 * OUTDIR-internal, with the banks' codes, stays 0700. */
static ms_status publishable(const char *dir, ms_error *err)
{
    if (chmod(dir, 0777 & ~(mode_t)ms_umask()) != 0)
        return ms_error_set(err, MS_ERR_IO, dir, 0, 0, "cannot set the directory's mode: %s",
                            strerror(errno));
    return MS_OK;
}

static ms_status make_subdirs(const ms_report *r)
{
    static const char *const subs[] = {"charts", "tables"};
    for (size_t i = 0; i < 2; i++) {
        char *p = with_suffix(r->pr.dir, i ? "/tables" : "/charts");
        if (!p)
            return ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        /* EEXIST: in the internal copy the pairing made its tables/ first
         * (the directory is our fresh temporary) */
        int rc = mkdir(p, 0777);
        ms_status st = rc == 0 || (errno == EEXIST && r->internal) ? MS_OK
                               : ms_error_set(r->pr.err, MS_ERR_IO, p, 0, 0, "cannot create %s: %s",
                                              subs[i], strerror(errno));
        ms_free(p);
        if (st != MS_OK)
            return st;
    }
    return MS_OK;
}

/* ms_present_swap's remover of the old report (its files are all ours). */
static void remove_old_report(const char *path)
{
    remove_tree(path);
}

/* Put the finished tmp at outdir; the old report stays whole until then. */
static ms_status swap_into_place(const char *tmp, const char *outdir, ms_error *err)
{
    struct stat sb;
    if (lstat(outdir, &sb) != 0) {
        if (rename(tmp, outdir) == 0)
            return MS_OK;
        return ms_error_set(err, MS_ERR_IO, outdir, 0, 0, "cannot move the report into place: %s",
                            strerror(errno));
    }
    /* checked again: it may have changed while the report was made */
    ms_status st = S_ISDIR(sb.st_mode) ? check_replaceable(outdir, err)
                                       : ms_error_set(err, MS_ERR_USAGE, outdir, 0, 0,
                                                      "is no longer a directory: refusing to "
                                                      "replace it");
    if (st != MS_OK)
        return st;
    return ms_present_swap(tmp, outdir, "report", remove_old_report, err);
}

/* ---------- the build ---------- */

static ms_status analyse_all(ms_report *r)
{
    const ms_programme *p = r->prog;
    if (!(r->q = ms_calloc(p->n_q, sizeof *r->q)))
        return ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < p->n_q; i++) {
        ms_status st = ms_report_load(r, &p->q[i], &r->q[r->n_q]);
        r->n_q++; /* unloaded on failure too: it may hold part of its state */
        if (st != MS_OK)
            return st;
    }
    ms_status st = ms_report_load_orgs(r);
    return st == MS_OK ? ms_report_load_answers(r) : st;
}

/* Cut from the finished page: tables.xlsx, spravka.docx (when pandoc is
 * there), slides.html, summary.html. */
static ms_status write_deliverables(ms_report *r)
{
    ms_status st = ms_report_xlsx(r);
    if (st == MS_OK && ms_deliver_pandoc(r))
        st = ms_report_docx(r);
    if (st == MS_OK)
        st = ms_report_slides(r);
    if (st == MS_OK)
        st = ms_report_site(r);
    return st;
}

static ms_status write_outputs(ms_report *r)
{
    ms_sbuf html = {0};
    ms_status st = ms_report_page(r, &html);
    if (st == MS_OK) /* every chart is drawn */
        st = ms_chart_close(r);
    if (st == MS_OK)
        st = ms_present_write(&r->pr, "index.html", &html);
    if (st == MS_OK)
        st = write_deliverables(r);
    ms_sbuf_free(&html);
    if (st == MS_OK) {
        char *log = with_suffix(r->pr.dir, "/gnuplot.log");
        if (log)
            unlink(log); /* only useful when something failed */
        else
            st = NOMEM(r);
        ms_free(log);
    }
    if (st == MS_OK) /* last: it lists what is there */
        st = write_marker(r, r->pr.dir,
                          "This directory is a report written by mentorstat; mentorstat "
                          "report replaces it as a whole.\n");
    return st;
}

/* OUTDIR-internal, checked like OUTDIR: replaced only when it is ours. */
static ms_status check_internal(const char *out, char **internal, ms_error *err)
{
    char *name = with_suffix(out, INTERNAL);
    ms_status st = name ? check_outdir(name, internal, err)
                        : ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ms_free(name);
    return st;
}

/* The office's internal copy of a municipal page into dir: the same page
 * with every organisation named (the programme's name, else its key), and
 * no deliverables (those are for publishing): its model serves the page.  The published page's model
 * and counters are left as they were. */
static ms_status write_named_page(ms_report *r, char *dir)
{
    ms_report named = *r;
    named.pr.dir = dir;
    named.pr.tables = 0;
    named.charts = named.sections = 0;
    named.deliver = NULL;
    named.gp = NULL; /* a gnuplot of its own, in its own charts/ (never the published ones) */
    named.chart_note = (ms_sbuf){0};
    named.names_orgs = r->prog->n_orgs > 0;
    named.internal = true;
    ms_report_orgs_new_page(r); /* the first page's appendix; the copy builds its own */
    ms_sbuf html = {0};
    /* a model of its own, for its «Что сделать»; the published one stays whole */
    ms_status st = ms_deliver_create(&named, ms_deliver_pandoc(r));
    if (st == MS_OK)
        st = make_subdirs(&named);
    if (st == MS_OK)
        st = ms_report_page(&named, &html);
    if (named.gp) { /* every chart is drawn; after a failure the first error is told */
        ms_error ignored;
        if (st != MS_OK)
            named.pr.err = &ignored;
        ms_status closed = ms_chart_close(&named);
        st = st == MS_OK ? closed : st;
    }
    if (st == MS_OK)
        st = ms_present_write(&named.pr, "index.html", &html);
    /* the office's справка and slides name the schools it must act on; a
     * school's internal справка has the pairs' ranking the key traces
     * (issue 24) */
    if (st == MS_OK && ms_deliver_pandoc(&named))
        st = ms_report_docx(&named);
    if (st == MS_OK && named.names_orgs)
        st = ms_report_slides(&named);
    ms_sbuf_free(&html);
    ms_deliver_destroy(&named);
    char *log = st == MS_OK ? with_suffix(dir, "/gnuplot.log") : NULL;
    if (log)
        unlink(log); /* only useful when something failed */
    else if (st == MS_OK)
        st = NOMEM(r);
    ms_free(log);
    return st;
}

/* The pairing and the office's named page into *tmp beside OUTDIR-internal,
 * with the marker that lets the next run replace it. */
static ms_status write_internal(ms_report *r, const char *internal, char **tmp)
{
    ms_status st = make_tempdir(internal, tmp, r->pr.err);
    if (st == MS_OK && r->prog->matching)
        st = ms_report_match(r, *tmp);
    if (st == MS_OK && (r->prog->n_orgs || r->prog->pairs))
        st = write_named_page(r, *tmp); /* it ranks the pairs the key below names */
    if (st == MS_OK)
        st = ms_report_write_pair_key(r, *tmp);
    if (st == MS_OK)
        st = write_marker(r, *tmp,
                          "This directory is the internal copy written by mentorstat "
                          "report (the pairing with the banks' codes, the office's page "
                          "naming its organisations): not for publishing. mentorstat report "
                          "replaces it as a whole.\n");
    return st;
}

ms_status ms_report_build(const char *programme, const char *outdir, ms_report_summary *summary,
                          ms_error *err)
{
    ms_error local;
    ms_programme *prog = NULL;
    char *out = NULL, *internal = NULL, *internal_tmp = NULL;
    ms_report r = {.pr = {.err = err ? err : &local}};
    if (summary)
        memset(summary, 0, sizeof *summary);
    ms_status st = ms_programme_load(programme, &prog, r.pr.err);
    if (st != MS_OK)
        goto cleanup;
    r.prog = prog;
    r.pr.ru = strcmp(prog->language, "en") != 0;
    if ((st = ms_chart_check_gnuplot(r.pr.err)) != MS_OK ||
        (st = check_outdir(outdir, &out, r.pr.err)) != MS_OK ||
        ((prog->matching || prog->n_orgs || prog->pairs) &&
         (st = check_internal(out, &internal, r.pr.err)) != MS_OK))
        goto cleanup;
    if ((st = analyse_all(&r)) != MS_OK || (st = ms_deliver_create(&r, ms_report_on_path("pandoc"))) != MS_OK)
        goto cleanup;
    /* a territory whose totals would give a small organisation's figures to
     * another (docs/privacy.md): only the office's copy, which says why */
    bool refused = !ms_report_orgs_publishable(&r);
    if ((!refused && ((st = make_tempdir(out, &r.pr.dir, r.pr.err)) != MS_OK ||
                      (st = publishable(r.pr.dir, r.pr.err)) != MS_OK ||
                      (st = make_subdirs(&r)) != MS_OK || (st = write_outputs(&r)) != MS_OK)) ||
        (internal && (st = write_internal(&r, internal, &internal_tmp)) != MS_OK))
        goto cleanup;
    /* the pairing first: a report in place always has its own beside it */
    if (internal && (st = swap_into_place(internal_tmp, internal, r.pr.err)) != MS_OK)
        goto cleanup;
    ms_free(internal_tmp); /* in place: nothing to remove after a failure below */
    internal_tmp = NULL;
    if ((refused && (st = ms_report_orgs_refused(&r, programme, internal)) != MS_OK) ||
        (st = swap_into_place(r.pr.dir, out, r.pr.err)) != MS_OK)
        goto cleanup;
    if (summary) {
        summary->rows = r.rows;
        summary->charts = r.charts;
        summary->sections = r.sections;
        summary->no_pandoc = !ms_deliver_pandoc(&r);
        summary->matching = prog->matching != NULL;
        summary->named_copy = prog->n_orgs > 0;
        const char *other = ms_report_year_mismatch(&r);
        ms_c_snprintf(summary->other_year, sizeof summary->other_year, "%s", other ? other : "");
        summary->match_left_out = r.match_left_out;
    }
cleanup:
    if (r.gp) { /* after a failure: the first error is the one told */
        ms_error ignored;
        r.pr.err = &ignored;
        ms_chart_close(&r);
    }
    if (st != MS_OK && r.pr.dir)
        remove_tree(r.pr.dir);
    if (st != MS_OK && internal_tmp)
        remove_tree(internal_tmp);
    if (r.prog)
        ms_report_unload_orgs(&r);
    ms_report_free_answers(&r);
    ms_deliver_destroy(&r);
    for (size_t i = 0; i < r.n_q; i++)
        ms_report_unload(&r.q[i]);
    ms_free(r.q);
    ms_free(r.pr.dir);
    ms_free(out);
    ms_free(internal);
    ms_free(internal_tmp);
    ms_programme_destroy(prog);
    return st;
}
