/* summary.c — exact summaries (.msum): written from an aggregate, read back
 * into one.  The format is described in README.md ("Summaries"). */
#include "mentorstat/summary.h"
#include "aggregate_int.h"
#include "mentorstat/suppress.h"
#include "mentorstat/version.h"
#include "cnum.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>

#include "csvread.h"
#include "sbuf.h"
#include "util.h"

#define NO_INDEX ((size_t)-1)
#define CHECKSUM_TAG "checksum,fnv1a64,"
#define MAX_SUMMARY_BYTES ((size_t)1 << 30)
/* Plausibility: no count above this (a trillion rows; the sums of a
 * merge of millions of such files stay exact in an unsigned long long),
 * and no more sources than this in one summary. */
#define MAX_COUNT 1e12
#define MAX_SOURCES 100000

/* FNV-1a, 64 bits: five lines and no dependency; it is there to catch
 * damage and casual edits, not forgery. */
static uint64_t fnv1a64(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

/* Variables a summary describes: the ones the statistics read, and the id
 * (its presence is what makes paired growth possible after a merge). */
static bool described(ms_vartype t)
{
    return t == MS_TYPE_ID || ms_vartype_is_numeric(t) || ms_vartype_is_categorical(t);
}

/* The shortest decimal that reads back to the same double, so integers
 * stay integers for the eye and nothing is lost for the machine. */
static void format_number(char *buf, size_t size, double x)
{
    for (int prec = 15; prec <= 17; prec++) {
        ms_c_snprintf(buf, size, "%.*g", prec, x);
        if (ms_c_strtod(buf, NULL) == x)
            return;
    }
}

/* ---------- writing ---------- */

/* One CSV field after a comma, quoted when libcsv would otherwise change it. */
static void sb_field(ms_sbuf *b, const char *s)
{
    size_t n = strlen(s);
    bool quote = n && (strpbrk(s, ",\"\r\n") || s[0] == ' ' || s[0] == '\t' ||
                       s[n - 1] == ' ' || s[n - 1] == '\t');
    ms_sbuf_putn(b, ",", 1);
    if (!quote) {
        ms_sbuf_putn(b, s, n);
        return;
    }
    ms_sbuf_putn(b, "\"", 1);
    for (const char *q = s; *q; q++) {
        if (*q == '"')
            ms_sbuf_putn(b, "\"", 1);
        ms_sbuf_putn(b, q, 1);
    }
    ms_sbuf_putn(b, "\"", 1);
}

static void sb_num(ms_sbuf *b, double x)
{
    char buf[40];
    format_number(buf, sizeof buf, x);
    ms_sbuf_putn(b, ",", 1);
    ms_sbuf_puts(b, buf);
}

/* `value=label|…` as in a codebook, numbers written exactly. */
static void choices_string(ms_sbuf *b, const ms_variable *v)
{
    for (size_t i = 0; i < v->n_choices; i++) {
        char num[40];
        format_number(num, sizeof num, v->choices[i].value);
        if (i)
            ms_sbuf_puts(b, "|");
        ms_sbuf_puts(b, num);
        ms_sbuf_puts(b, "=");
        ms_sbuf_puts(b, v->choices[i].label);
    }
}

/* ---------- writing ---------- */

static size_t n_numeric(const ms_aggregate *agg)
{
    return agg->n_measures - agg->cb->n_constructs;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void write_variable(ms_sbuf *b, const ms_variable *v)
{
    ms_sbuf_puts(b, "variable");
    sb_field(b, v->name);
    sb_field(b, ms_vartype_name(v->type));
    if (v->has_range) {
        sb_num(b, v->min);
        sb_num(b, v->max);
    } else {
        ms_sbuf_puts(b, ",,");
    }
    sb_field(b, v->reverse ? "1" : "");
    sb_field(b, v->construct ? v->construct : "");
    ms_sbuf ch = {0};
    choices_string(&ch, v);
    if (ch.failed)
        ms_sbuf_fail(b);
    else
        sb_field(b, ms_sbuf_str(&ch));
    ms_sbuf_free(&ch);
    sb_field(b, v->label ? v->label : "");
    ms_sbuf_puts(b, "\n");
}

static void write_freq(ms_sbuf *b, const ms_freq *f)
{
    for (size_t i = 0; i < f->k; i++)
        if (f->counts[i] != 0) {
            sb_num(b, f->values[i]);
            sb_num(b, f->counts[i]);
        }
}

static void write_cell(ms_sbuf *b, const ms_aggregate *agg, const ms_cell *c, size_t *order)
{
    const ms_codebook *cb = agg->cb;
    for (size_t m = 0; m < agg->n_measures; m++) {
        ms_sbuf_puts(b, m < n_numeric(agg) ? "item" : "score");
        sb_field(b, ms_measure_name(agg, m));
        sb_num(b, c->measures[m].missing);
        write_freq(b, &c->measures[m]);
        ms_sbuf_puts(b, "\n");
    }
    for (size_t i = 0; i < agg->n_categorical; i++) {
        size_t v = agg->categorical[i];
        const ms_freq *f = &c->categories[v];
        const ms_levels *lv = &agg->levels[v];
        ms_sbuf_puts(b, "category");
        sb_field(b, cb->vars[v].name);
        sb_num(b, c->answered[v]);
        sb_num(b, f->missing);
        ms_levels_natural_order(lv, order);
        for (size_t l = 0; l < lv->n; l++)
            for (size_t j = 0; j < f->k; j++)
                if ((size_t)f->values[j] == order[l] && f->counts[j] != 0) {
                    sb_field(b, lv->labels[order[l]]);
                    sb_num(b, f->counts[j]);
                }
        ms_sbuf_puts(b, "\n");
    }
    for (size_t k = 0; k < cb->n_constructs; k++) {
        const ms_comoments *co = &c->constructs[k];
        ms_sbuf_puts(b, "comoments");
        sb_field(b, cb->constructs[k].name);
        sb_num(b, co->n);
        sb_num(b, co->straightlined);
        for (size_t i = 0; i < co->k; i++)
            sb_num(b, co->sum[i]);
        for (size_t i = 0; i < co->k; i++)
            for (size_t j = i; j < co->k; j++)
                sb_num(b, co->cross[i * co->k + j]);
        ms_sbuf_puts(b, "\n");
    }
}

/* Which groups of --by variable b are written: the report's rule
 * (ms_suppress_groups: those below min_group, and more until no withheld
 * group, knowing its own figures, can work out another's from the total),
 * then, so that the total minus the written groups cannot give a small
 * remainder away, while what is not written (withheld groups and rows
 * without a value) is under min_group, the next smallest too. */
static ms_status choose_groups(const ms_aggregate *agg, size_t b, unsigned long min_group,
                               bool *keep, double *groups, double *rows)
{
    const ms_by *by = &agg->by[b];
    double kept = 0, n = (double)min_group;
    double *size = ms_calloc(by->n_cells + 1, sizeof *size);
    ms_group_hiding *h = ms_calloc(by->n_cells + 1, sizeof *h);
    *groups = *rows = 0;
    if (!size || !h) {
        ms_free(size), ms_free(h);
        return MS_ERR_NOMEM;
    }
    for (size_t l = 0; l < by->n_cells; l++)
        size[l] = by->cells[l].rows;
    ms_suppress_groups(size, by->n_cells, n, h);
    for (size_t l = 0; l < by->n_cells; l++)
        keep[l] = size[l] > 0 && h[l] == MS_GROUP_SHOWN;
    for (;;) {
        kept = 0;
        for (size_t l = 0; l < by->n_cells; l++)
            kept += keep[l] ? size[l] : 0;
        double rest = agg->all.rows - kept;
        if (!(rest > 0 && rest < n))
            break;
        size_t smallest = NO_INDEX;
        for (size_t l = 0; l < by->n_cells; l++)
            if (keep[l] && (smallest == NO_INDEX || size[l] < size[smallest]))
                smallest = l;
        if (smallest == NO_INDEX)
            break;
        keep[smallest] = false;
    }
    for (size_t l = 0; l < by->n_cells; l++)
        if (size[l] > 0 && !keep[l])
            *groups += 1, *rows += size[l];
    ms_free(size), ms_free(h);
    return MS_OK;
}

/* paired_item_sums / paired_score_sums,NAME,N,FROM,TO: the pairs' sums at
 * both waves, so a report from summaries has the entry and exit means;
 * paired_links,BOTH,ONLY_FROM,ONLY_TO: respondents linked and answering once,
 * so it has the growth section's counts too. */
static ms_status write_paired_sums(ms_sbuf *b, const ms_aggregate *agg)
{
    double *sums = ms_calloc(3 * agg->n_measures + 1, sizeof *sums);
    ms_link_counts lc;
    bool waves;
    if (!sums || ms_aggregate_paired_sums(agg, sums) ||
        ms_aggregate_link_counts(agg, &lc, &waves)) {
        ms_free(sums);
        return MS_ERR_NOMEM;
    }
    if (waves && lc.both + lc.only_from + lc.only_to > 0) {
        ms_sbuf_puts(b, "paired_links");
        sb_num(b, lc.both);
        sb_num(b, lc.only_from);
        sb_num(b, lc.only_to);
        ms_sbuf_puts(b, "\n");
    }
    for (size_t m = 0; m < agg->n_measures; m++) {
        if (sums[3 * m] == 0)
            continue;
        ms_sbuf_puts(b, m < n_numeric(agg) ? "paired_item_sums" : "paired_score_sums");
        sb_field(b, ms_measure_name(agg, m));
        for (int k = 0; k < 3; k++)
            sb_num(b, sums[3 * m + k]);
        ms_sbuf_puts(b, "\n");
    }
    ms_free(sums);
    return MS_OK;
}

static ms_status write_paired(ms_sbuf *b, const ms_aggregate *agg)
{
    const ms_levels *lv = agg->wave_var >= 0 ? &agg->levels[agg->wave_var] : NULL;
    if (agg->id_var < 0 || !lv || lv->n < 2)
        return MS_OK;
    ms_status st = MS_ERR_NOMEM;
    double dups = 0;
    size_t *order = ms_calloc(lv->n, sizeof *order);
    ms_freq *diffs = ms_calloc(agg->n_measures, sizeof *diffs);
    if (!order || !diffs || ms_aggregate_paired_diffs(agg, diffs, &dups))
        goto cleanup;
    ms_levels_natural_order(lv, order);
    ms_sbuf_puts(b, "paired_waves");
    sb_field(b, lv->labels[order[0]]);
    sb_field(b, lv->labels[order[1]]);
    ms_sbuf_puts(b, "\n");
    for (size_t m = 0; m < agg->n_measures; m++) {
        if (ms_freq_total(&diffs[m]) == 0)
            continue;
        ms_sbuf_puts(b, m < n_numeric(agg) ? "paired_item" : "paired_score");
        sb_field(b, ms_measure_name(agg, m));
        write_freq(b, &diffs[m]);
        ms_sbuf_puts(b, "\n");
    }
    if ((st = write_paired_sums(b, agg)) != MS_OK)
        goto cleanup;
    if (dups > 0) {
        ms_sbuf_puts(b, "paired_duplicates");
        sb_num(b, dups);
        ms_sbuf_puts(b, "\n");
    }
    st = MS_OK;
cleanup:
    for (size_t m = 0; diffs && m < agg->n_measures; m++)
        ms_freq_clear(&diffs[m]);
    ms_free(diffs);
    ms_free(order);
    return st;
}

static ms_status write_body(ms_sbuf *b, const ms_aggregate *agg, const ms_summary_meta *meta,
                            bool **keep)
{
    const ms_codebook *cb = agg->cb;
    char line[64];
    ms_c_snprintf(line, sizeof line, "%s,%d\n", MS_SUMMARY_MAGIC, MS_SUMMARY_VERSION);
    ms_sbuf_puts(b, line);
    ms_sbuf_puts(b, "written_by,mentorstat," MS_VERSION "\n");
    if (meta->min_group) {
        ms_c_snprintf(line, sizeof line, "min_group,%lu\n", meta->min_group);
        ms_sbuf_puts(b, line);
    }
    for (size_t i = 0; i < meta->n_sources; i++) {
        const ms_summary_source *s = &meta->sources[i];
        ms_sbuf_puts(b, "source");
        sb_field(b, s->organisation ? s->organisation : "");
        sb_field(b, s->year ? s->year : "");
        sb_field(b, s->file ? base_name(s->file) : "");
        ms_c_snprintf(line, sizeof line, ",%llu,%llu,%llu,%llu\n", s->rows.read, s->rows.accepted,
                      s->rows.quarantined, s->rows.excluded);
        ms_sbuf_puts(b, line);
    }
    for (size_t j = 0; j < agg->n_by; j++) {
        const ms_by *by = &agg->by[j];
        double groups, rows;
        if (!(keep[j] = ms_calloc(by->n_cells + 1, sizeof *keep[j])))
            return MS_ERR_NOMEM;
        if (choose_groups(agg, j, meta->min_group, keep[j], &groups, &rows) != MS_OK)
            return MS_ERR_NOMEM;
        groups += by->withheld_groups;
        rows += by->withheld_rows;
        if (groups > 0) {
            ms_sbuf_puts(b, "withheld");
            sb_field(b, cb->vars[by->var].name);
            sb_num(b, groups);
            sb_num(b, rows);
            ms_sbuf_puts(b, "\n");
        }
    }
    for (size_t v = 0; v < cb->n_vars; v++)
        if (described(cb->vars[v].type))
            write_variable(b, &cb->vars[v]);
    for (size_t j = 0; j < agg->n_by; j++) {
        ms_sbuf_puts(b, "by");
        sb_field(b, cb->vars[agg->by[j].var].name);
        ms_sbuf_puts(b, "\n");
    }
    size_t most = 1;
    for (size_t i = 0; i < agg->n_categorical; i++)
        most = agg->levels[agg->categorical[i]].n > most ? agg->levels[agg->categorical[i]].n : most;
    size_t *order = ms_calloc(most, sizeof *order);
    if (!order)
        return MS_ERR_NOMEM;
    for (size_t i = 0; i < agg->n_categorical; i++) {
        const ms_levels *lv = &agg->levels[agg->categorical[i]];
        ms_sbuf_puts(b, "levels");
        sb_field(b, cb->vars[agg->categorical[i]].name);
        ms_levels_natural_order(lv, order);
        for (size_t l = 0; l < lv->n; l++)
            sb_field(b, lv->labels[order[l]]);
        ms_sbuf_puts(b, "\n");
    }
    ms_sbuf_puts(b, "total");
    sb_num(b, agg->all.rows);
    ms_sbuf_puts(b, "\n");
    write_cell(b, agg, &agg->all, order);
    for (size_t j = 0; j < agg->n_by; j++) {
        const ms_by *by = &agg->by[j];
        const ms_levels *lv = &agg->levels[by->var];
        size_t *lorder = ms_calloc(lv->n + 1, sizeof *lorder);
        if (!lorder) {
            ms_free(order);
            return MS_ERR_NOMEM;
        }
        ms_levels_natural_order(lv, lorder);
        for (size_t i = 0; i < lv->n; i++) {
            size_t l = lorder[i];
            if (l >= by->n_cells || !keep[j][l])
                continue;
            ms_sbuf_puts(b, "group");
            sb_field(b, cb->vars[by->var].name);
            sb_field(b, lv->labels[l]);
            sb_num(b, by->cells[l].rows);
            ms_sbuf_puts(b, "\n");
            write_cell(b, agg, &by->cells[l], order);
        }
        ms_free(lorder);
    }
    ms_free(order);
    return write_paired(b, agg);
}

ms_status ms_summary_write(const ms_aggregate *agg, const ms_summary_meta *meta, const char *path,
                           ms_error *err)
{
    ms_sbuf b = {0};
    FILE *f = NULL;
    char *tmp = NULL;
    ms_status st = MS_ERR_NOMEM;
    bool **keep = ms_calloc(agg->n_by + 1, sizeof *keep);
    if (!keep || write_body(&b, agg, meta, keep) || b.failed)
        goto cleanup;
    char line[64];
    ms_c_snprintf(line, sizeof line, CHECKSUM_TAG "%016llx\n",
                  (unsigned long long)fnv1a64(ms_sbuf_str(&b), b.len));
    ms_sbuf_puts(&b, line);
    size_t n = strlen(path) + 16;
    if (b.failed || !(tmp = ms_malloc(n)))
        goto cleanup;
    /* beside the target under a name nobody can guess or plant a link at
     * (FILE.msum.tmp followed one), with the mode the umask gives */
    snprintf(tmp, n, "%s.tmp-XXXXXX", path);
    st = MS_ERR_IO;
    int fd = mkstemp(tmp);
    if (fd < 0 || fchmod(fd, 0666 & ~(mode_t)ms_umask()) != 0 || !(f = fdopen(fd, "wb"))) {
        ms_error_set(err, st, tmp, 0, 0, "cannot write: %s", strerror(errno));
        if (fd >= 0) {
            close(fd);
            remove(tmp);
        }
        goto cleanup;
    }
    bool ok = fwrite(ms_sbuf_str(&b), 1, b.len, f) == b.len;
    ok = fclose(f) == 0 && ok;
    f = NULL;
    if (!ok || rename(tmp, path) != 0) {
        ms_error_set(err, st, path, 0, 0, "cannot write: %s", strerror(errno));
        remove(tmp);
        goto cleanup;
    }
    st = MS_OK;
cleanup:
    if (st == MS_ERR_NOMEM)
        ms_error_set(err, st, path, 0, 0, "out of memory");
    if (f)
        fclose(f);
    for (size_t j = 0; keep && j < agg->n_by; j++)
        ms_free(keep[j]);
    ms_free(keep);
    ms_free(tmp);
    ms_sbuf_free(&b);
    return st;
}

/* ---------- the file as bytes: version line and checksum ---------- */

bool ms_summary_sniff(const char *path)
{
    char head[sizeof MS_SUMMARY_MAGIC] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n == sizeof head && memcmp(head, MS_SUMMARY_MAGIC ",", sizeof head) == 0;
}

static size_t line_of(const char *data, size_t at)
{
    size_t line = 1;
    for (size_t i = 0; i < at; i++)
        line += data[i] == '\n';
    return line;
}

static ms_status slurp(const char *path, char **out, size_t *len, ms_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    ms_status st = MS_OK;
    if (!f)
        return ms_error_set(err, MS_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    for (;;) {
        if (ms_grow((void **)&buf, &cap, n + 65536 + 1, 1)) {
            st = ms_error_set(err, MS_ERR_NOMEM, path, 0, 0, "out of memory");
            break;
        }
        size_t got = fread(buf + n, 1, 65536, f);
        n += got;
        if (got < 65536)
            break;
        if (n > MAX_SUMMARY_BYTES) {
            st = ms_error_set(err, MS_ERR_PARSE, path, 0, 0, "too large for a summary");
            break;
        }
    }
    if (st == MS_OK && ferror(f))
        st = ms_error_set(err, MS_ERR_IO, path, 0, 0, "cannot read: %s", strerror(errno));
    fclose(f);
    if (st != MS_OK) {
        ms_free(buf);
        return st;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return MS_OK;
}

/* The version line and the checksum line; *body_len gets the length of
 * what the checksum covers (everything before its line). */
static ms_status verify(const char *path, const char *data, size_t len, size_t *body_len,
                        ms_error *err)
{
    size_t magic = strlen(MS_SUMMARY_MAGIC);
    const char *eol = memchr(data, '\n', len);
    if (len < magic + 1 || memcmp(data, MS_SUMMARY_MAGIC ",", magic + 1) != 0)
        return ms_error_set(err, MS_ERR_PARSE, path, 1, 1,
                            "not a mentorstat summary (the first line is not \"%s,%d\")",
                            MS_SUMMARY_MAGIC, MS_SUMMARY_VERSION);
    size_t vlen = eol ? (size_t)(eol - data) - magic - 1 : len - magic - 1;
    char want[16];
    ms_c_snprintf(want, sizeof want, "%d", MS_SUMMARY_VERSION);
    if (vlen != strlen(want) || memcmp(data + magic + 1, want, vlen) != 0)
        return ms_error_set(err, MS_ERR_PARSE, path, 1, magic + 2,
                            "summary format version \"%.*s\"; this mentorstat reads version %d",
                            (int)(vlen > 20 ? 20 : vlen), data + magic + 1, MS_SUMMARY_VERSION);
    if (data[len - 1] != '\n')
        return ms_error_set(err, MS_ERR_PARSE, path, line_of(data, len), 1,
                            "the file does not end with its checksum line: it is cut short");
    size_t start = len - 1;
    while (start > 0 && data[start - 1] != '\n')
        start--;
    size_t line = line_of(data, start), tag = strlen(CHECKSUM_TAG);
    if (start == 0 || len - start != tag + 17 || memcmp(data + start, CHECKSUM_TAG, tag) != 0)
        return ms_error_set(err, MS_ERR_PARSE, path, line, 1,
                            "the last line is not \"%s<16 hex digits>\": the file is cut short "
                            "or was edited", CHECKSUM_TAG);
    char got[17];
    ms_c_snprintf(got, sizeof got, "%016llx", (unsigned long long)fnv1a64(data, start));
    if (memcmp(got, data + start + tag, 16) != 0)
        return ms_error_set(err, MS_ERR_PARSE, path, line, tag + 1,
                            "checksum mismatch (the file says %.16s, its contents give %s): "
                            "it was damaged or edited after it was written",
                            data + start + tag, got);
    *body_len = start;
    return MS_OK;
}

/* ---------- reading rows ---------- */

/* A variable as the summary describes it. */
typedef struct {
    char *name, *construct, *choices, *label;
    ms_vartype type;
    bool has_range, reverse;
    double min, max;
    size_t line;
    size_t target;           /* index in the target codebook, or NO_INDEX */
} fvar;

typedef struct {
    char *var;
    double groups, rows;
    size_t line;
} pending_withheld;

enum { ST_META, ST_VARS, ST_BY, ST_LEVELS, ST_CELLS, ST_PAIRED, ST_END };

typedef struct {
    const char *path;
    ms_aggregate *agg;       /* where figures go; NULL: read only what the file says of itself */
    bool strict;             /* merge: the summary may not have variables the target lacks */
    int stage;
    ms_summary_info *info;
    fvar *vars;
    size_t n_vars, vars_cap;
    pending_withheld *withheld;
    size_t n_withheld, withheld_cap;
    size_t *by_target;       /* per summary --by: index in agg->by, or NO_INDEX */
    size_t **item_pos;       /* per target construct: summary position of each item */
    ms_cell *cell;           /* the cell being read; NULL: one the target does not keep */
    bool in_cells, saw_total;
    char *wave_from, *wave_to;
    const ms_row *row;
    ms_error *err;
    /* plausibility: what this file says, each record once, within its rows */
    size_t total_line;
    double cell_rows;        /* rows of the cell being read */
    unsigned char *seen;     /* per cell: item/score by measure, category, comoments */
    unsigned char *paired_seen; /* paired_item/score, _sums by measure; waves, duplicates, links */
    unsigned char **group_seen; /* per target --by: levels whose group row came */
    double *group_rows;      /* per summary --by: rows of its groups */
} reader;

static ms_status bad(reader *r, size_t field, const char *fmt, ...) MS_PRINTF(3, 4);

static ms_status bad(reader *r, size_t field, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    ms_c_vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ms_error_set(r->err, MS_ERR_PARSE, r->path, r->row ? r->row->line : 0, field + 1, "%s",
                        msg);
}

static ms_status nomem(reader *r)
{
    return ms_error_set(r->err, MS_ERR_NOMEM, r->path, 0, 0, "out of memory");
}

static const char *fld(const reader *r, size_t i) { return r->row->fields[i].ptr; }

static ms_status number(reader *r, size_t i, double *x)
{
    const char *s = fld(r, i);
    char *end;
    errno = 0;
    *x = ms_c_strtod(s, &end);
    if (!*s || *end || errno == ERANGE || !isfinite(*x))
        return bad(r, i, "not a number (%.40s)", s);
    return MS_OK;
}

static ms_status count(reader *r, size_t i, double *x)
{
    ms_status st = number(r, i, x);
    if (st == MS_OK && !(*x >= 0 && *x == floor(*x)))
        return bad(r, i, "not a count (%.40s)", fld(r, i));
    if (st == MS_OK && *x > MAX_COUNT)
        return bad(r, i, "implausible count (%.40s): more than %g", fld(r, i), MAX_COUNT);
    return st;
}

static ms_status need_fields(reader *r, size_t at_least, bool pairs_after)
{
    size_t n = r->row->n_fields;
    if (n < at_least)
        return bad(r, n ? n - 1 : 0, "a %s row needs at least %zu fields, it has %zu", fld(r, 0),
                   at_least, n);
    if (pairs_after && (n - at_least) % 2)
        return bad(r, n - 1, "a %s row ends with a value without its count", fld(r, 0));
    return MS_OK;
}

static long find_fvar(const reader *r, const char *name)
{
    for (size_t i = 0; i < r->n_vars; i++)
        if (strcasecmp(r->vars[i].name, name) == 0)
            return (long)i;
    return -1;
}

/* Index of a label among the target's levels of var; -1 when absent. */
static long find_level(ms_aggregate *agg, size_t var, const char *label)
{
    ms_levels *lv = &agg->levels[var];
    bool fixed = lv->fixed;
    lv->fixed = true; /* find only */
    long i = ms_levels_intern(lv, label, strlen(label));
    lv->fixed = fixed;
    return i;
}

static ms_status row_meta(reader *r, const char *tag)
{
    ms_status st;
    ms_summary_info *in = r->info;
    if (!strcmp(tag, "written_by")) {
        if ((st = need_fields(r, 3, false)))
            return st;
        if (in->written_by)
            return bad(r, 0, "a second written_by row");
        size_t n = strlen(fld(r, 1)) + strlen(fld(r, 2)) + 2;
        if (!(in->written_by = ms_malloc(n)))
            return nomem(r);
        ms_c_snprintf(in->written_by, n, "%s %s", fld(r, 1), fld(r, 2));
        return MS_OK;
    }
    if (!strcmp(tag, "min_group")) {
        double x;
        if ((st = need_fields(r, 2, false)) || (st = count(r, 1, &x)))
            return st;
        in->min_group = (unsigned long)x > in->min_group ? (unsigned long)x : in->min_group;
        return MS_OK;
    }
    if (!strcmp(tag, "source")) {
        double x[4];
        if ((st = need_fields(r, 8, false)))
            return st;
        for (int i = 0; i < 4; i++)
            if ((st = count(r, 4 + (size_t)i, &x[i])))
                return st;
        if (x[0] != x[1] + x[2] + x[3])
            return bad(r, 4, "read is not accepted + quarantined + excluded");
        if (in->n_sources == MAX_SOURCES)
            return bad(r, 0, "more than %d sources: not a summary mentorstat wrote", MAX_SOURCES);
        size_t cap = in->n_sources;
        if (ms_grow((void **)&in->sources, &cap, in->n_sources + 1, sizeof *in->sources))
            return nomem(r);
        ms_summary_source *s = &in->sources[in->n_sources];
        memset(s, 0, sizeof *s);
        s->organisation = ms_strdup(fld(r, 1));
        s->year = ms_strdup(fld(r, 2));
        s->file = ms_strdup(fld(r, 3));
        s->line = r->row->line;
        in->n_sources++;
        if (!s->organisation || !s->year || !s->file)
            return nomem(r);
        s->rows = (ms_tally){(unsigned long long)x[0], (unsigned long long)x[1],
                             (unsigned long long)x[2], (unsigned long long)x[3]};
        return MS_OK;
    }
    /* withheld */
    double g, n;
    if ((st = need_fields(r, 4, false)) || (st = count(r, 2, &g)) || (st = count(r, 3, &n)))
        return st;
    if (ms_grow((void **)&r->withheld, &r->withheld_cap, r->n_withheld + 1, sizeof *r->withheld))
        return nomem(r);
    pending_withheld *w = &r->withheld[r->n_withheld];
    if (!(w->var = ms_strdup(fld(r, 1))))
        return nomem(r);
    w->groups = g;
    w->rows = n;
    w->line = r->row->line;
    r->n_withheld++;
    in->withheld_groups += g;
    in->withheld_rows += n;
    return MS_OK;
}

static ms_status row_variable(reader *r)
{
    ms_status st;
    if ((st = need_fields(r, 9, false)))
        return st;
    size_t t = 0;
    while (t <= MS_TYPE_IGNORE && strcmp(ms_vartype_name((ms_vartype)t), fld(r, 2)) != 0)
        t++;
    if (t > MS_TYPE_IGNORE || !described((ms_vartype)t))
        return bad(r, 2, "not a type a summary describes (%.40s)", fld(r, 2));
    if (find_fvar(r, fld(r, 1)) >= 0)
        return bad(r, 1, "variable %.60s is described twice", fld(r, 1));
    if (ms_grow((void **)&r->vars, &r->vars_cap, r->n_vars + 1, sizeof *r->vars))
        return nomem(r);
    fvar *v = &r->vars[r->n_vars];
    memset(v, 0, sizeof *v);
    v->name = ms_strdup(fld(r, 1));
    v->construct = ms_strdup(fld(r, 6));
    v->choices = ms_strdup(fld(r, 7));
    v->label = ms_strdup(fld(r, 8));
    r->n_vars++;
    if (!v->name || !v->construct || !v->choices || !v->label)
        return nomem(r);
    v->type = (ms_vartype)t;
    v->line = r->row->line;
    v->target = NO_INDEX;
    v->reverse = !strcmp(fld(r, 5), "1");
    v->has_range = *fld(r, 3) || *fld(r, 4);
    if (v->has_range && ((st = number(r, 3, &v->min)) || (st = number(r, 4, &v->max))))
        return st;
    return MS_OK;
}

/* ---------- the fingerprint against the target codebook ---------- */

static void describe_range(char *buf, size_t size, bool has, double min, double max)
{
    char a[40], b[40];
    format_number(a, sizeof a, min);
    format_number(b, sizeof b, max);
    if (has)
        ms_c_snprintf(buf, size, "%s..%s", a, b);
    else
        ms_c_snprintf(buf, size, "no range");
}

/* The first way the summary's variable differs from the target's, as
 * "what here vs what there", with the field it is in; false when none. */
static bool differs(const fvar *f, const ms_variable *v, char *what, size_t size, size_t *field,
                    ms_status *st)
{
    char here[120], there[120];
    *st = MS_OK;
    if (f->type != v->type) {
        ms_c_snprintf(what, size, "%s vs %s", ms_vartype_name(f->type), ms_vartype_name(v->type));
        *field = 2;
        return true;
    }
    describe_range(here, sizeof here, f->has_range, f->min, f->max);
    describe_range(there, sizeof there, v->has_range, v->min, v->max);
    if (f->has_range != v->has_range || (f->has_range && (f->min != v->min || f->max != v->max))) {
        ms_c_snprintf(what, size, "%s %s vs %s", ms_vartype_name(f->type), here, there);
        *field = 3;
        return true;
    }
    if (f->reverse != v->reverse) {
        ms_c_snprintf(what, size, "%s vs %s", f->reverse ? "reverse-keyed" : "not reverse-keyed",
                      v->reverse ? "reverse-keyed" : "not reverse-keyed");
        *field = 5;
        return true;
    }
    const char *vc = v->construct ? v->construct : "";
    if (strcmp(f->construct, vc) != 0) {
        ms_c_snprintf(what, size, "construct \"%.50s\" vs \"%.50s\"", f->construct, vc);
        *field = 6;
        return true;
    }
    /* levels are matched by label: choices of a categorical variable must agree */
    if (ms_vartype_is_categorical(v->type) && v->type != MS_TYPE_YESNO) {
        ms_sbuf ch = {0};
        choices_string(&ch, v);
        if (ch.failed) {
            *st = MS_ERR_NOMEM;
            return true;
        }
        bool same = strcmp(f->choices, ms_sbuf_str(&ch)) == 0;
        if (!same)
            ms_c_snprintf(what, size, "choices \"%.80s\" vs \"%.80s\"", f->choices,
                          ms_sbuf_str(&ch));
        ms_sbuf_free(&ch);
        *field = 7;
        return !same;
    }
    return false;
}

static ms_status check_fingerprint(reader *r)
{
    const ms_codebook *cb = r->agg->cb;
    const char *there = cb->path ? cb->path : "the codebook";
    char what[300];
    size_t field;
    ms_status st;
    for (size_t t = 0; t < cb->n_vars; t++) {
        const ms_variable *v = &cb->vars[t];
        if (!described(v->type))
            continue;
        long i = find_fvar(r, v->name);
        if (i < 0)
            return ms_error_set(r->err, MS_ERR_DATA, r->path, 0, 0,
                                "variable %s differs: not in this summary, but in %s", v->name,
                                there);
        fvar *f = &r->vars[i];
        if (differs(f, v, what, sizeof what, &field, &st)) {
            if (st)
                return nomem(r);
            return ms_error_set(r->err, MS_ERR_DATA, r->path, f->line, field + 1,
                                "variable %s differs: %s in %s", v->name, what, there);
        }
        f->target = t;
    }
    for (size_t i = 0; r->strict && i < r->n_vars; i++)
        if (r->vars[i].target == NO_INDEX)
            return ms_error_set(r->err, MS_ERR_DATA, r->path, r->vars[i].line, 2,
                                "variable %s differs: in this summary, not in %s",
                                r->vars[i].name, there);
    /* a construct's co-moments are kept in the order of its items */
    if (!(r->item_pos = ms_calloc(cb->n_constructs + 1, sizeof *r->item_pos)))
        return nomem(r);
    for (size_t k = 0; k < cb->n_constructs; k++) {
        const ms_construct *c = &cb->constructs[k];
        size_t n = 0;
        if (!(r->item_pos[k] = ms_calloc(c->n_items, sizeof **r->item_pos)))
            return nomem(r);
        for (size_t i = 0; i < r->n_vars; i++) {
            if (strcmp(r->vars[i].construct, c->name) != 0)
                continue;
            for (size_t j = 0; j < c->n_items; j++)
                if (c->items[j] == r->vars[i].target)
                    r->item_pos[k][j] = n;
            n++;
        }
        if (n != c->n_items)
            return ms_error_set(r->err, MS_ERR_DATA, r->path, 0, 0,
                                "construct %s differs: %zu items in this summary, %zu in %s",
                                c->name, n, c->n_items, there);
    }
    return MS_OK;
}

static ms_status map_by(reader *r)
{
    ms_aggregate *agg = r->agg;
    ms_summary_info *in = r->info;
    if (!(r->by_target = ms_calloc(in->n_by + 1, sizeof *r->by_target)))
        return nomem(r);
    for (size_t j = 0; j < in->n_by; j++) {
        r->by_target[j] = NO_INDEX;
        for (size_t b = 0; b < agg->n_by; b++)
            if (strcasecmp(agg->cb->vars[agg->by[b].var].name, in->by[j]) == 0)
                r->by_target[j] = b;
    }
    for (size_t b = 0; b < agg->n_by; b++) {
        bool found = false;
        for (size_t j = 0; j < in->n_by; j++)
            found = found || r->by_target[j] == b;
        if (!found)
            return ms_error_set(r->err, MS_ERR_USAGE, r->path, 0, 0,
                                "no groups by %s in this summary (summarize it with --by %s)",
                                agg->cb->vars[agg->by[b].var].name,
                                agg->cb->vars[agg->by[b].var].name);
    }
    for (size_t w = 0; w < r->n_withheld; w++) {
        size_t j = 0;
        while (j < in->n_by && strcasecmp(in->by[j], r->withheld[w].var) != 0)
            j++;
        if (j == in->n_by)
            return ms_error_set(r->err, MS_ERR_PARSE, r->path, r->withheld[w].line, 2,
                                "withheld groups of %s, which is not a --by variable here",
                                r->withheld[w].var);
        if (r->by_target[j] != NO_INDEX) {
            agg->by[r->by_target[j]].withheld_groups += r->withheld[w].groups;
            agg->by[r->by_target[j]].withheld_rows += r->withheld[w].rows;
        }
    }
    return MS_OK;
}

/* Rows come in a fixed order of sections; leaving one settles it. */
static ms_status enter(reader *r, int stage)
{
    ms_status st;
    if (stage < r->stage)
        return bad(r, 0, "a %s row out of place (the order is: written_by, min_group, source, "
                   "withheld; variable; by; levels; total, group; paired)", fld(r, 0));
    if (r->agg && r->stage <= ST_VARS && stage > ST_VARS && (st = check_fingerprint(r)))
        return st;
    if (r->agg && r->stage <= ST_BY && stage > ST_BY && (st = map_by(r)))
        return st;
    r->stage = stage;
    return MS_OK;
}

static ms_status row_by(reader *r)
{
    ms_status st;
    ms_summary_info *in = r->info;
    if ((st = need_fields(r, 2, false)))
        return st;
    long i = find_fvar(r, fld(r, 1));
    if (i < 0 || !ms_vartype_is_grouping(r->vars[i].type))
        return bad(r, 1, "%.60s is not a grouping variable of this summary", fld(r, 1));
    size_t cap = in->n_by;
    if (ms_grow((void **)&in->by, &cap, in->n_by + 1, sizeof *in->by) ||
        !(in->by[in->n_by] = ms_strdup(fld(r, 1))))
        return nomem(r);
    in->n_by++;
    return MS_OK;
}

static ms_status row_levels(reader *r)
{
    ms_status st;
    if ((st = need_fields(r, 2, false)))
        return st;
    long i = find_fvar(r, fld(r, 1));
    if (i < 0 || !ms_vartype_is_categorical(r->vars[i].type))
        return bad(r, 1, "%.60s is not a categorical variable of this summary", fld(r, 1));
    size_t t = r->vars[i].target;
    if (t == NO_INDEX)
        return MS_OK;
    ms_levels *lv = &r->agg->levels[t];
    for (size_t f = 2; f < r->row->n_fields; f++) {
        bool fixed = lv->fixed;
        lv->fixed = false; /* as ms_aggregate_merge does: levels are kept by label */
        long l = ms_levels_intern(lv, fld(r, f), r->row->fields[f].len);
        lv->fixed = fixed;
        if (l < 0)
            return nomem(r);
    }
    return MS_OK;
}

/* The per-record flags, allocated once the target's shape is known. */
static ms_status make_seen(reader *r)
{
    const ms_aggregate *agg = r->agg;
    size_t n = agg->n_measures + agg->cb->n_vars + agg->cb->n_constructs;
    if (!r->seen && !(r->seen = ms_calloc(n + 1, 1)))
        return nomem(r);
    memset(r->seen, 0, n + 1);
    if (!r->group_seen && !(r->group_seen = ms_calloc(agg->n_by + 1, sizeof *r->group_seen)))
        return nomem(r);
    if (!r->group_rows && !(r->group_rows = ms_calloc(r->info->n_by + 1, sizeof *r->group_rows)))
        return nomem(r);
    return MS_OK;
}

/* A record of the cell (or of the paired part) that came before: refused,
 * else it would be added twice. */
static ms_status once(reader *r, unsigned char *flag, const char *what)
{
    if (*flag)
        return bad(r, 1, "a second %s row for %.60s in the same %s", fld(r, 0), fld(r, 1), what);
    *flag = 1;
    return MS_OK;
}

static ms_status row_cell(reader *r, const char *tag)
{
    ms_status st;
    double rows;
    r->cell = NULL;
    r->in_cells = true;
    if ((st = make_seen(r)))
        return st;
    if (!strcmp(tag, "total")) {
        if ((st = need_fields(r, 2, false)) || (st = count(r, 1, &rows)))
            return st;
        if (r->saw_total)
            return bad(r, 0, "a second total");
        r->saw_total = true;
        r->total_line = r->row->line;
        r->cell = &r->agg->all;
        r->cell->rows += rows;
        r->cell_rows = rows;
        return MS_OK;
    }
    if ((st = need_fields(r, 4, false)) || (st = count(r, 3, &rows)))
        return st;
    ms_summary_info *in = r->info;
    size_t j = 0;
    while (j < in->n_by && strcasecmp(in->by[j], fld(r, 1)) != 0)
        j++;
    if (j == in->n_by)
        return bad(r, 1, "%.60s is not a --by variable of this summary", fld(r, 1));
    r->group_rows[j] += rows;
    r->cell_rows = rows;
    if (r->by_target[j] == NO_INDEX)
        return MS_OK;
    size_t b = r->by_target[j];
    const ms_levels *lv = &r->agg->levels[r->agg->by[b].var];
    long l = find_level(r->agg, r->agg->by[b].var, fld(r, 2));
    if (l < 0)
        return bad(r, 2, "level \"%.60s\" is not among the levels of %s", fld(r, 2), fld(r, 1));
    if (!r->group_seen[b] && !(r->group_seen[b] = ms_calloc(lv->n + 1, 1)))
        return nomem(r);
    if (r->group_seen[b][l])
        return bad(r, 2, "a second group row for %.60s = %.60s", fld(r, 1), fld(r, 2));
    r->group_seen[b][l] = 1;
    if (ms_aggregate_by_cell(r->agg, b, (size_t)l, &r->cell))
        return nomem(r);
    r->cell->rows += rows;
    return MS_OK;
}

/* n answers (or complete cases) of a cell: no more than its rows. */
static ms_status within_rows(reader *r, size_t field, double n, const char *what)
{
    if (n > r->cell_rows)
        return bad(r, field, "%s %.17g, more than the %.17g rows of its cell", what, n,
                   r->cell_rows);
    return MS_OK;
}

/* Measure of a variable or construct name in the target; NO_INDEX if none. */
static size_t target_measure(const reader *r, const char *name, bool construct)
{
    const ms_aggregate *agg = r->agg;
    size_t from = construct ? n_numeric(agg) : 0;
    size_t to = construct ? agg->n_measures : n_numeric(agg);
    for (size_t m = from; m < to; m++)
        if (strcasecmp(ms_measure_name(agg, m), name) == 0)
            return m;
    return NO_INDEX;
}

/* Value, count pairs from field `from` on; values of a measure with a range
 * must lie in it (differences have none to check). */
static ms_status add_pairs(reader *r, ms_freq *f, size_t from, size_t m, bool in_range,
                           double *total)
{
    ms_status st;
    double lo = -INFINITY, hi = INFINITY, min, max;
    if (in_range && ms_measure_range(r->agg, m, &min, &max))
        lo = min, hi = max;
    *total = 0;
    for (size_t i = from; i + 1 < r->row->n_fields; i += 2) {
        double x, c;
        if ((st = number(r, i, &x)) || (st = count(r, i + 1, &c)))
            return st;
        if (x < lo || x > hi)
            return bad(r, i, "%s outside %g..%g", fld(r, i), lo, hi);
        *total += c;
        if (ms_freq_add(f, x, c))
            return nomem(r);
    }
    return MS_OK;
}

static ms_status row_measure(reader *r, const char *tag)
{
    ms_status st;
    double missing;
    if ((st = need_fields(r, 3, true)) || (st = count(r, 2, &missing)))
        return st;
    size_t m = target_measure(r, fld(r, 1), !strcmp(tag, "score"));
    if (m == NO_INDEX || !r->cell)
        return MS_OK;
    if ((st = once(r, &r->seen[m], "cell")))
        return st;
    ms_freq *f = &r->cell->measures[m];
    f->missing += missing;
    double answers;
    if ((st = add_pairs(r, f, 3, m, true, &answers)))
        return st;
    return within_rows(r, 2, missing + answers, "answers and missing");
}

static ms_status row_category(reader *r)
{
    ms_status st;
    double answered, missing;
    if ((st = need_fields(r, 4, true)) || (st = count(r, 2, &answered)) ||
        (st = count(r, 3, &missing)))
        return st;
    long i = find_fvar(r, fld(r, 1));
    if (i < 0 || !ms_vartype_is_categorical(r->vars[i].type))
        return bad(r, 1, "%.60s is not a categorical variable of this summary", fld(r, 1));
    size_t t = r->vars[i].target;
    if (t == NO_INDEX || !r->cell)
        return MS_OK;
    if ((st = once(r, &r->seen[r->agg->n_measures + t], "cell")) ||
        (st = within_rows(r, 2, answered + missing, "answered and missing")))
        return st;
    ms_freq *f = &r->cell->categories[t];
    r->cell->answered[t] += answered;
    f->missing += missing;
    /* one level per answer; several for a multiple choice, each once */
    bool multi = r->vars[i].type == MS_TYPE_MULTI;
    double levels = 0;
    for (size_t k = 4; k + 1 < r->row->n_fields; k += 2) {
        double c;
        long l = find_level(r->agg, t, fld(r, k));
        if (l < 0)
            return bad(r, k, "level \"%.60s\" is not among the levels of %s", fld(r, k), fld(r, 1));
        if ((st = count(r, k + 1, &c)))
            return st;
        if (c > answered)
            return bad(r, k + 1, "%.17g answers of one level, more than the %.17g answered", c,
                       answered);
        levels += c;
        if (!multi && levels > answered)
            return bad(r, k + 1, "the levels' counts add up to more than the %.17g answered",
                       answered);
        if (ms_freq_add(f, (double)l, c))
            return nomem(r);
    }
    return MS_OK;
}

/* x within lo..hi, allowing for the rounding of sums of non-integers. */
static bool within(double x, double lo, double hi)
{
    double slack = 1e-9 * (fabs(lo) + fabs(hi)) + 1e-9;
    return x >= lo - slack && x <= hi + slack;
}

/* The largest absolute value a variable takes (infinite without a range). */
static double largest(const ms_variable *v)
{
    return v->has_range ? fmax(fabs(v->min), fabs(v->max)) : INFINITY;
}

static ms_status row_comoments(reader *r)
{
    ms_status st;
    const ms_codebook *cb = r->agg->cb;
    size_t k = 0;
    while (k < cb->n_constructs && strcmp(cb->constructs[k].name, fld(r, 1)) != 0)
        k++;
    if (k == cb->n_constructs || !r->cell)
        return MS_OK;
    size_t n = cb->constructs[k].n_items, want = 4 + n + n * (n + 1) / 2;
    if (r->row->n_fields != want)
        return bad(r, r->row->n_fields - 1, "comoments of %zu items take %zu fields, not %zu", n,
                   want, r->row->n_fields);
    double x[3 + 1];
    ms_comoments *co = &r->cell->constructs[k];
    if ((st = once(r, &r->seen[r->agg->n_measures + cb->n_vars + k], "cell")) ||
        (st = count(r, 2, &x[0])) || (st = count(r, 3, &x[1])) ||
        (st = within_rows(r, 2, x[0], "complete cases")))
        return st;
    if (x[1] > x[0])
        return bad(r, 3, "more straightlined (%.17g) than complete cases (%.17g)", x[1], x[0]);
    double cases = x[0];
    co->n += x[0];
    co->straightlined += x[1];
    const size_t *pos = r->item_pos[k];
    const ms_construct *c = &cb->constructs[k];
    for (size_t i = 0; i < n; i++) {
        if ((st = number(r, 4 + pos[i], &x[2])))
            return st;
        const ms_variable *v = &cb->vars[c->items[i]];
        if (v->has_range && !within(x[2], cases * v->min, cases * v->max))
            return bad(r, 4 + pos[i], "the sum of %s over %.17g cases is outside %.17g..%.17g",
                       v->name, cases, cases * v->min, cases * v->max);
        co->sum[i] += x[2];
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            /* the file's upper triangle, row by row, in the summary's item order */
            size_t p = pos[i] < pos[j] ? pos[i] : pos[j], q = pos[i] < pos[j] ? pos[j] : pos[i];
            size_t at = 4 + n + p * n - p * (p - 1) / 2 + (q - p);
            if ((st = number(r, at, &x[2])))
                return st;
            const ms_variable *a = &cb->vars[c->items[i]], *b = &cb->vars[c->items[j]];
            double bound = cases == 0 ? 0 : cases * largest(a) * largest(b);
            if ((i == j && x[2] < 0) || !within(x[2], -bound, bound))
                return bad(r, at, "a cross-product sum of %s and %s is outside %s%.17g..%.17g",
                           a->name, b->name, i == j ? "" : "-", i == j ? 0 : bound, bound);
            co->cross[i * n + j] += x[2];
        }
    /* what squares and products of real answers always satisfy (Cauchy-Schwarz) */
    const double *sum = co->sum, *cross = co->cross;
    for (size_t i = 0; i < n; i++) {
        if (sum[i] * sum[i] > co->n * cross[i * n + i] * (1 + 1e-9) + 1e-9)
            return bad(r, 4 + pos[i], "the sums of %s are not those of any answers (sum^2 > n * "
                       "sum of squares)", cb->vars[c->items[i]].name);
        for (size_t j = i + 1; j < n; j++)
            if (cross[i * n + j] * cross[i * n + j] >
                cross[i * n + i] * cross[j * n + j] * (1 + 1e-9) + 1e-9)
                return bad(r, 4 + n, "the cross-product sums of %s and %s are not those of any "
                           "answers", cb->vars[c->items[i]].name, cb->vars[c->items[j]].name);
    }
    return MS_OK;
}

/* Respondents in both waves: each has at least two of the summary's rows. */
static ms_status within_pairs(reader *r, size_t field, double n, const char *what)
{
    double rows = r->agg->all.rows;
    if (2 * n > rows)
        return bad(r, field, "%s %.17g: more than the %.17g rows allow (two each)", what, n, rows);
    return MS_OK;
}

/* The paired records' flags: by measure for differences and for sums,
 * then paired_waves, paired_duplicates, paired_links. */
static ms_status paired_once(reader *r, size_t slot)
{
    size_t n = 2 * r->agg->n_measures + 3;
    if (!r->paired_seen && !(r->paired_seen = ms_calloc(n, 1)))
        return nomem(r);
    return once(r, &r->paired_seen[slot], "summary");
}

static ms_status row_paired_sums(reader *r, const char *tag)
{
    ms_status st;
    ms_aggregate *agg = r->agg;
    double x[3];
    if ((st = need_fields(r, 5, false)) || (st = count(r, 2, &x[0])) ||
        (st = number(r, 3, &x[1])) || (st = number(r, 4, &x[2])))
        return st;
    size_t m = target_measure(r, fld(r, 1), !strcmp(tag, "paired_score_sums"));
    if (m == NO_INDEX)
        return MS_OK;
    double min, max;
    if ((st = paired_once(r, agg->n_measures + m)) ||
        (st = within_pairs(r, 2, x[0], "respondents in both waves")))
        return st;
    for (int k = 1; k < 3 && ms_measure_range(agg, m, &min, &max); k++)
        if (!within(x[k], x[0] * min, x[0] * max))
            return bad(r, 2 + (size_t)k, "the sum of %s over %.17g respondents is outside "
                       "%.17g..%.17g", fld(r, 1), x[0], x[0] * min, x[0] * max);
    if (!agg->pair_sums && !(agg->pair_sums = ms_calloc(3 * agg->n_measures, sizeof *agg->pair_sums)))
        return nomem(r);
    for (int k = 0; k < 3; k++)
        agg->pair_sums[3 * m + k] += x[k];
    return MS_OK;
}

static ms_status row_paired(reader *r, const char *tag)
{
    ms_status st;
    ms_aggregate *agg = r->agg;
    size_t flags = 2 * agg->n_measures;
    if (!strcmp(tag, "paired_waves")) {
        if ((st = need_fields(r, 3, false)) || (st = paired_once(r, flags)))
            return st;
        ms_free(r->wave_from);
        ms_free(r->wave_to);
        r->wave_from = ms_strdup(fld(r, 1));
        r->wave_to = ms_strdup(fld(r, 2));
        return r->wave_from && r->wave_to ? MS_OK : nomem(r);
    }
    if (!strcmp(tag, "paired_duplicates")) {
        double x;
        if ((st = need_fields(r, 2, false)) || (st = count(r, 1, &x)) ||
            (st = paired_once(r, flags + 1)))
            return st;
        if (x > agg->all.rows)
            return bad(r, 1, "%.17g duplicates, more than the %.17g rows", x, agg->all.rows);
        agg->pair_duplicates += x;
        return MS_OK;
    }
    if (!strcmp(tag, "paired_links")) {
        double x[3];
        if ((st = need_fields(r, 4, false)) || (st = count(r, 1, &x[0])) ||
            (st = count(r, 2, &x[1])) || (st = count(r, 3, &x[2])) ||
            (st = paired_once(r, flags + 2)))
            return st;
        if (2 * x[0] + x[1] + x[2] > agg->all.rows)
            return bad(r, 1, "%.17g respondents in both waves and %.17g in one, more than the "
                       "%.17g rows allow", x[0], x[1] + x[2], agg->all.rows);
        for (int k = 0; k < 3; k++)
            agg->pair_links[k] += x[k];
        return MS_OK;
    }
    if (!strcmp(tag, "paired_item_sums") || !strcmp(tag, "paired_score_sums"))
        return row_paired_sums(r, tag);
    if ((st = need_fields(r, 2, true)))
        return st;
    size_t m = target_measure(r, fld(r, 1), !strcmp(tag, "paired_score"));
    if (m == NO_INDEX)
        return MS_OK;
    if ((st = paired_once(r, m)))
        return st;
    if (!agg->pair_diffs && !(agg->pair_diffs = ms_calloc(agg->n_measures, sizeof *agg->pair_diffs)))
        return nomem(r);
    double pairs;
    if ((st = add_pairs(r, &agg->pair_diffs[m], 2, m, false, &pairs)))
        return st;
    return within_pairs(r, 2, pairs, "differences of");
}

static ms_status on_row(const ms_row *row, void *ctx, ms_error *err)
{
    reader *r = ctx;
    ms_status st;
    r->row = row;
    r->err = err;
    if (row->broken)
        return bad(r, row->broken_field ? row->broken_field - 1 : 0, "%s", row->broken);
    if (row->line == 1)
        return MS_OK; /* the version line, checked already */
    const char *tag = fld(r, 0);
    if (!strcmp(tag, "written_by") || !strcmp(tag, "min_group") || !strcmp(tag, "source") ||
        !strcmp(tag, "withheld"))
        return (st = enter(r, ST_META)) ? st : row_meta(r, tag);
    if (!strcmp(tag, "variable"))
        return (st = enter(r, ST_VARS)) ? st : row_variable(r);
    if (!strcmp(tag, "by"))
        return (st = enter(r, ST_BY)) ? st : row_by(r);
    bool cells = !strcmp(tag, "total") || !strcmp(tag, "group"), content = !strcmp(tag, "item") ||
                 !strcmp(tag, "score") || !strcmp(tag, "category") || !strcmp(tag, "comoments");
    bool paired = !strncmp(tag, "paired_", 7);
    int stage = !strcmp(tag, "levels") ? ST_LEVELS : cells || content ? ST_CELLS
                                                   : paired ? ST_PAIRED : -1;
    if (stage < 0)
        return bad(r, 0, "unknown row (%.40s)", tag);
    if ((st = enter(r, stage)))
        return st;
    if (!r->agg)
        return MS_OK; /* figures are not wanted */
    if (stage == ST_LEVELS)
        return row_levels(r);
    if (cells)
        return row_cell(r, tag);
    if (content && !r->in_cells)
        return bad(r, 0, "a %s row before the first total or group row", tag);
    if (!strcmp(tag, "item") || !strcmp(tag, "score"))
        return row_measure(r, tag);
    if (!strcmp(tag, "category"))
        return row_category(r);
    if (!strcmp(tag, "comoments"))
        return row_comoments(r);
    if (!strcmp(tag, "paired_waves") || !strcmp(tag, "paired_duplicates") ||
        !strcmp(tag, "paired_item") || !strcmp(tag, "paired_score") ||
        !strcmp(tag, "paired_item_sums") || !strcmp(tag, "paired_score_sums") ||
        !strcmp(tag, "paired_links"))
        return row_paired(r, tag);
    return bad(r, 0, "unknown row (%.40s)", tag);
}

static void reader_free(reader *r)
{
    for (size_t i = 0; i < r->n_vars; i++) {
        ms_free(r->vars[i].name);
        ms_free(r->vars[i].construct);
        ms_free(r->vars[i].choices);
        ms_free(r->vars[i].label);
    }
    ms_free(r->vars);
    for (size_t i = 0; i < r->n_withheld; i++)
        ms_free(r->withheld[i].var);
    ms_free(r->withheld);
    ms_free(r->by_target);
    for (size_t k = 0; r->item_pos && r->agg && k < r->agg->cb->n_constructs; k++)
        ms_free(r->item_pos[k]);
    ms_free(r->item_pos);
    ms_free(r->wave_from);
    ms_free(r->wave_to);
    ms_free(r->seen);
    ms_free(r->paired_seen);
    for (size_t b = 0; r->group_seen && b < r->agg->n_by; b++)
        ms_free(r->group_seen[b]);
    ms_free(r->group_seen);
    ms_free(r->group_rows);
}

void ms_summary_info_destroy(ms_summary_info *info)
{
    if (!info)
        return;
    for (size_t i = 0; i < info->n_sources; i++) {
        ms_free(info->sources[i].organisation);
        ms_free(info->sources[i].year);
        ms_free(info->sources[i].file);
    }
    ms_free(info->sources);
    for (size_t i = 0; i < info->n_by; i++)
        ms_free(info->by[i]);
    ms_free(info->by);
    ms_free(info->written_by);
    ms_free(info);
}

static int source_cmp(const ms_summary_source *a, const ms_summary_source *b)
{
    int c = strcmp(a->organisation, b->organisation);
    if (!c)
        c = strcmp(a->year, b->year);
    if (!c)
        c = strcmp(a->file, b->file);
    if (!c)
        c = memcmp(&a->rows, &b->rows, sizeof a->rows);
    return c;
}

/* A source and the summary it is in (its index among the files read). */
typedef struct {
    const ms_summary_source *s;
    size_t file;
} source_at;

static int source_at_cmp(const void *a, const void *b)
{
    const source_at *x = a, *y = b;
    int c = source_cmp(x->s, y->s);
    if (!c)
        c = (x->file > y->file) - (x->file < y->file);
    return c ? c : (x->s->line > y->s->line) - (x->s->line < y->s->line);
}

/* No source twice among the summaries infos[0..n) of paths: the same
 * file's figures would be counted twice.  The later one is named. */
static ms_status no_source_twice(const char *const *paths, ms_summary_info *const *infos,
                                 size_t n, ms_error *err)
{
    size_t total = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        total += infos[i]->n_sources;
    source_at *all = ms_calloc(total + 1, sizeof *all);
    if (!all)
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < infos[i]->n_sources; j++)
            all[k++] = (source_at){&infos[i]->sources[j], i};
    qsort(all, total, sizeof *all, source_at_cmp);
    ms_status st = MS_OK;
    for (size_t i = 1; i < total && st == MS_OK; i++) {
        const source_at *a = &all[i - 1], *b = &all[i];
        if (source_cmp(a->s, b->s))
            continue;
        if (a->file == b->file)
            st = ms_error_set(err, MS_ERR_PARSE, paths[b->file], b->s->line, 1,
                              "source %s, %s, %s (%llu rows) listed twice (line %zu too): its "
                              "rows would be counted twice",
                              b->s->organisation, b->s->year, b->s->file, b->s->rows.read,
                              a->s->line);
        else
            st = ms_error_set(err, MS_ERR_PARSE, paths[b->file], b->s->line, 1,
                              "source %s, %s, %s (%llu rows) is also in %s, line %zu: its rows "
                              "would be counted twice",
                              b->s->organisation, b->s->year, b->s->file, b->s->rows.read,
                              paths[a->file], a->s->line);
    }
    ms_free(all);
    return st;
}

static ms_status check_sources(reader *r)
{
    return no_source_twice(&r->path, &r->info, 1, r->err);
}

ms_status ms_summary_check_sources(const char *const *paths, size_t n_paths, ms_error *err)
{
    const char **sums = ms_calloc(n_paths + 1, sizeof *sums);
    ms_summary_info **infos = ms_calloc(n_paths + 1, sizeof *infos);
    size_t n = 0;
    ms_status st = sums && infos ? MS_OK
                                 : ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; st == MS_OK && i < n_paths; i++)
        if (ms_summary_sniff(paths[i]) &&
            (st = ms_summary_info_load(paths[i], &infos[n], err)) == MS_OK)
            sums[n++] = paths[i];
    if (st == MS_OK && n > 1)
        st = no_source_twice(sums, infos, n, err);
    for (size_t i = 0; infos && i < n; i++)
        ms_summary_info_destroy(infos[i]);
    ms_free(infos);
    ms_free(sums);
    return st;
}

/* The rows the file gives add up: its sources accepted the total, and no
 * grouping variable has more rows in its groups than the total. */
static ms_status check_totals(reader *r)
{
    const ms_summary_info *in = r->info;
    double total = r->agg->all.rows, accepted = 0;
    for (size_t i = 0; i < in->n_sources; i++)
        accepted += (double)in->sources[i].rows.accepted;
    if (in->n_sources && accepted != total)
        return ms_error_set(r->err, MS_ERR_PARSE, r->path, r->total_line, 2,
                            "total of %.17g rows, but its sources accepted %.17g", total,
                            accepted);
    for (size_t j = 0; r->group_rows && j < in->n_by; j++)
        if (r->group_rows[j] > total)
            return ms_error_set(r->err, MS_ERR_PARSE, r->path, r->total_line, 2,
                                "the groups of %s have %.17g rows, more than the total of %.17g",
                                in->by[j], r->group_rows[j], total);
    for (size_t w = 0; w < r->n_withheld; w++)
        if (r->withheld[w].rows > total || r->withheld[w].groups > r->withheld[w].rows)
            return ms_error_set(r->err, MS_ERR_PARSE, r->path, r->withheld[w].line, 3,
                                "%.17g groups of %.17g rows withheld, of a total of %.17g rows",
                                r->withheld[w].groups, r->withheld[w].rows, total);
    return MS_OK;
}

/* Read the file at path; with r->agg set its figures go there. */
static ms_status parse(reader *r, const char *path, ms_error *err)
{
    char *data = NULL;
    size_t len = 0, body = 0;
    ms_status st = slurp(path, &data, &len, err);
    r->path = path;
    r->err = err;
    if (st == MS_OK)
        st = verify(path, data, len, &body, err);
    if (st == MS_OK && !(r->info = ms_calloc(1, sizeof *r->info)))
        st = ms_error_set(err, MS_ERR_NOMEM, path, 0, 0, "out of memory");
    ms_csv_options opt = {"UTF-8", ',', 0, NULL};
    if (st == MS_OK)
        st = ms_csv_read_mem(data, body, path, &opt, on_row, r, NULL, err);
    r->row = NULL;
    if (st == MS_OK)
        st = enter(r, ST_END);
    if (st == MS_OK && r->agg && !r->saw_total)
        st = ms_error_set(err, MS_ERR_PARSE, path, line_of(data, body), 1,
                          "no total row: the summary has no figures");
    if (st == MS_OK)
        st = check_sources(r);
    if (st == MS_OK && r->agg)
        st = check_totals(r);
    if (st == MS_OK && r->agg)
        for (size_t i = 0; i < r->info->n_sources; i++) {
            ms_tally_add(&r->agg->rows, &r->info->sources[i].rows);
        }
    ms_free(data);
    return st;
}

/* ---------- public ---------- */

ms_status ms_summary_info_load(const char *path, ms_summary_info **out, ms_error *err)
{
    reader r = {0};
    *out = NULL;
    ms_status st = parse(&r, path, err);
    if (st == MS_OK) {
        *out = r.info;
        r.info = NULL;
    }
    ms_summary_info_destroy(r.info);
    reader_free(&r);
    return st;
}

/* The waves of the summary's paired differences must be the first two of
 * the target's as well, else its differences would have the wrong sign. */
static ms_status check_waves(const reader *r, const ms_aggregate *dst, const ms_aggregate *src,
                             ms_error *err)
{
    if (!r->wave_from || dst->wave_var < 0)
        return MS_OK;
    const ms_levels *a = &dst->levels[dst->wave_var], *b = &src->levels[src->wave_var];
    ms_levels all = {0};
    size_t *order = NULL;
    ms_status st = MS_ERR_NOMEM;
    for (size_t i = 0; i < a->n; i++)
        if (ms_levels_intern(&all, a->labels[i], strlen(a->labels[i])) < 0)
            goto cleanup;
    for (size_t i = 0; i < b->n; i++)
        if (ms_levels_intern(&all, b->labels[i], strlen(b->labels[i])) < 0)
            goto cleanup;
    for (size_t i = 0; i < a->n; i++)
        all.numbers[i] = a->numbers[i];
    all.fixed = a->fixed;
    if (!(order = ms_calloc(all.n + 2, sizeof *order)))
        goto cleanup;
    ms_levels_natural_order(&all, order);
    st = MS_OK;
    if (all.n < 2 || strcmp(all.labels[order[0]], r->wave_from) != 0 ||
        strcmp(all.labels[order[1]], r->wave_to) != 0)
        st = ms_error_set(err, MS_ERR_DATA, r->path, 0, 0,
                          "its paired differences are from \"%s\" to \"%s\", but here the first "
                          "two waves are others; give the wave variable `choices` in the codebook",
                          r->wave_from, r->wave_to);
cleanup:
    if (st == MS_ERR_NOMEM)
        ms_error_set(err, st, r->path, 0, 0, "out of memory");
    ms_levels_clear(&all);
    ms_free(order);
    return st;
}

static ms_status read_into(ms_aggregate *agg, const char *path, bool strict, ms_error *err)
{
    reader r = {0};
    ms_aggregate *tmp = NULL;
    ms_status st = MS_ERR_NOMEM;
    size_t *by = ms_calloc(agg->n_by + 1, sizeof *by);
    if (!by) {
        ms_error_set(err, st, path, 0, 0, "out of memory");
        goto cleanup;
    }
    for (size_t b = 0; b < agg->n_by; b++)
        by[b] = agg->by[b].var;
    /* read into a fresh aggregate first: a bad line leaves agg untouched */
    if ((st = ms_aggregate_create(agg->cb, by, agg->n_by, &tmp, err)))
        goto cleanup;
    r.agg = tmp;
    r.strict = strict;
    if ((st = parse(&r, path, err)) || (st = check_waves(&r, agg, tmp, err)))
        goto cleanup;
    st = ms_aggregate_merge(agg, tmp, err);
cleanup:
    ms_summary_info_destroy(r.info);
    reader_free(&r);
    ms_aggregate_destroy(tmp);
    ms_free(by);
    return st;
}

ms_status ms_summary_read(ms_aggregate *agg, const char *path, ms_error *err)
{
    return read_into(agg, path, false, err);
}

ms_status ms_summary_codebook(const char *path, ms_codebook **out, ms_error *err)
{
    reader r = {0};
    ms_sbuf b = {0};
    *out = NULL;
    ms_status st = parse(&r, path, err);
    if (st != MS_OK)
        goto cleanup;
    ms_sbuf_puts(&b, "name,type,label,min,max,reverse,construct,choices\n");
    for (size_t i = 0; i < r.n_vars; i++) {
        const fvar *v = &r.vars[i];
        ms_sbuf_puts(&b, v->name);
        sb_field(&b, ms_vartype_name(v->type));
        sb_field(&b, v->label);
        if (v->has_range) {
            sb_num(&b, v->min);
            sb_num(&b, v->max);
        } else {
            ms_sbuf_puts(&b, ",,");
        }
        sb_field(&b, v->reverse ? "1" : "");
        sb_field(&b, v->construct);
        sb_field(&b, v->choices);
        ms_sbuf_puts(&b, "\n");
    }
    if (b.failed) {
        st = ms_error_set(err, MS_ERR_NOMEM, path, 0, 0, "out of memory");
        goto cleanup;
    }
    st = ms_codebook_parse(ms_sbuf_str(&b), b.len, path, out, err);
cleanup:
    ms_sbuf_free(&b);
    ms_summary_info_destroy(r.info);
    reader_free(&r);
    return st;
}

ms_status ms_summary_merge(const char *const *paths, size_t n_paths, unsigned long min_group,
                           const char *out, ms_error *err)
{
    ms_summary_info **infos = ms_calloc(n_paths + 1, sizeof *infos);
    ms_codebook *cb = NULL;
    ms_aggregate *agg = NULL;
    size_t *by = NULL, n_by = 0, n_sources = 0;
    ms_summary_source *sources = NULL;
    ms_status st = MS_ERR_NOMEM;
    if (!infos)
        goto cleanup;
    if (n_paths == 0) {
        st = ms_error_set(err, MS_ERR_USAGE, NULL, 0, 0, "no summaries to merge");
        goto cleanup;
    }
    for (size_t i = 0; i < n_paths; i++) {
        if ((st = ms_summary_info_load(paths[i], &infos[i], err)))
            goto cleanup;
        n_sources += infos[i]->n_sources;
        min_group = infos[i]->min_group > min_group ? infos[i]->min_group : min_group;
    }
    if ((st = ms_summary_codebook(paths[0], &cb, err)))
        goto cleanup;
    st = MS_ERR_NOMEM;
    if (!(by = ms_calloc(infos[0]->n_by + 1, sizeof *by)))
        goto cleanup;
    /* only groups every summary has can be merged exactly */
    for (size_t j = 0; j < infos[0]->n_by; j++) {
        bool everywhere = true;
        for (size_t i = 1; i < n_paths; i++) {
            bool here = false;
            for (size_t k = 0; k < infos[i]->n_by; k++)
                here = here || strcasecmp(infos[i]->by[k], infos[0]->by[j]) == 0;
            everywhere = everywhere && here;
        }
        long v = ms_codebook_find(cb, infos[0]->by[j]);
        if (everywhere && v >= 0)
            by[n_by++] = (size_t)v;
    }
    if ((st = ms_aggregate_create(cb, by, n_by, &agg, err)))
        goto cleanup;
    for (size_t i = 0; i < n_paths; i++)
        if ((st = read_into(agg, paths[i], true, err)))
            goto cleanup;
    if ((st = no_source_twice(paths, infos, n_paths, err)))
        goto cleanup;
    st = MS_ERR_NOMEM;
    if (!(sources = ms_calloc(n_sources + 1, sizeof *sources)))
        goto cleanup;
    n_sources = 0;
    for (size_t i = 0; i < n_paths; i++)
        for (size_t s = 0; s < infos[i]->n_sources; s++)
            sources[n_sources++] = infos[i]->sources[s];
    ms_summary_meta meta = {sources, n_sources, min_group};
    st = ms_summary_write(agg, &meta, out, err);
cleanup:
    if (st == MS_ERR_NOMEM)
        ms_error_set(err, st, NULL, 0, 0, "out of memory");
    ms_free(sources);
    for (size_t i = 0; infos && i < n_paths; i++)
        ms_summary_info_destroy(infos[i]);
    ms_free(infos);
    ms_free(by);
    ms_aggregate_destroy(agg);
    ms_codebook_destroy(cb);
    return st;
}
