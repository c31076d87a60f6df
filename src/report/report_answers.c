/*
 * report_answers.c — this year's rows of the mentees' and mentors'
 * satisfaction questionnaires, read a second time for pairs and quotes.
 *
 * The aggregates count answers by form and year; they cannot tell which
 * mentee and mentor worked together, and they drop free text.  Here each
 * accepted row keeps its construct score (0–100), its form, a pair number
 * and its open answers, scrubbed of e-mails, phones and names (scrub.h) as
 * they are read.  Pair codes are copied only to be compared: they are sorted
 * to number the pairs and freed before this stage returns; personal values
 * are handed to the scrubber and never stored.
 */
#include "report_int.h"
#include "mentorstat/summary.h"
#include "cnum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mentorstat/scrub.h"
#include "report_forms.h"
#include "util.h"

#define MAX_PERSONAL 16
#define MAX_TEXT 32

typedef struct {
    ms_report *r;
    ms_ranswers *a;
    size_t q;
    bool mentor;
    const ms_codebook *cb;
    long pair_var, form_var;
    const ms_construct *con;
    size_t text_vars[MAX_TEXT], n_text;
    size_t personal[MAX_PERSONAL], n_personal;
    size_t own[MAX_PERSONAL], n_own; /* id and pair variables: the respondent's own codes */
    char **codes;           /* parallel to a->rows; freed by the caller */
    size_t codes_cap;
    size_t *scopes;         /* parallel to a->rows: the organisation of the row's file */
    size_t scopes_cap;
    size_t scope;           /* of the file being read */
} row_ctx;

/* ---------- what is compared ---------- */

static long measure_of_construct(const ms_rq *rq, size_t k)
{
    return (long)(ms_aggregate_n_measures(rq->cur) - rq->cb->n_constructs + k);
}

/* The first construct of mentees' questionnaire that mentors' has under the
 * same name; else each one's first construct. */
static void match_construct(const ms_report *r, ms_ranswers *a)
{
    const ms_rq *me = a->q[0] >= 0 ? &r->q[a->q[0]] : NULL;
    const ms_rq *mt = a->q[1] >= 0 ? &r->q[a->q[1]] : NULL;
    a->m[0] = me ? me->main_m : -1;
    a->m[1] = mt ? mt->main_m : -1;
    a->construct = me && me->cb->n_constructs ? me->cb->constructs[0].label
                   : mt && mt->cb->n_constructs ? mt->cb->constructs[0].label
                                                : NULL;
    for (size_t i = 0; me && mt && i < me->cb->n_constructs; i++)
        for (size_t j = 0; j < mt->cb->n_constructs; j++)
            if (!strcasecmp(me->cb->constructs[i].name, mt->cb->constructs[j].name)) {
                a->m[0] = measure_of_construct(me, i);
                a->m[1] = measure_of_construct(mt, j);
                a->construct = me->cb->constructs[i].label;
                return;
            }
}

/* The grouping variable: mentees' first `by` (not the year), which
 * mentors' codebook must also have. */
static void match_form(const ms_report *r, ms_ranswers *a)
{
    a->form_var = NULL;
    for (int side = 0; side < 2 && !a->form_var; side++) {
        if (a->q[side] < 0)
            continue;
        const ms_rq *rq = &r->q[a->q[side]];
        for (size_t b = 0; b < rq->n_user_by && !a->form_var; b++)
            if ((long)b != rq->year_by)
                a->form_var = rq->cb->vars[ms_aggregate_by(rq->cur, b)->var].name;
    }
}

const char *ms_report_text_label(const ms_report *r, size_t q, size_t k)
{
    const ms_codebook *cb = r->q[q].cb;
    for (size_t v = 0; v < cb->n_vars; v++)
        if (cb->vars[v].type == MS_TYPE_TEXT && k-- == 0)
            return cb->vars[v].label;
    return "";
}

/* ---------- one row ---------- */

static double construct_index(const ms_construct *c, const ms_record *rec)
{
    double s = 0;
    if (!c || !(c->max > c->min))
        return NAN;
    for (size_t i = 0; i < c->n_items; i++) {
        const ms_value *v = &rec->values[c->items[i]];
        if (v->missing)
            return NAN;
        s += v->value;
    }
    return (s / (double)c->n_items - c->min) / (c->max - c->min) * 100.0;
}

static long intern_form(ms_ranswers *a, const char *label)
{
    for (size_t i = 0; i < a->n_forms; i++)
        if (!strcmp(a->forms[i], label))
            return (long)i;
    if (ms_grow((void **)&a->forms, &a->forms_cap, a->n_forms + 1, sizeof *a->forms))
        return -2;
    if (!(a->forms[a->n_forms] = ms_strdup(label)))
        return -2;
    return (long)a->n_forms++;
}

static ms_status row_texts(row_ctx *c, const ms_record *rec, ms_rrow *row, ms_error *err)
{
    const char *pers[3 * MAX_PERSONAL];
    char typed[MAX_PERSONAL][128];
    size_t np = 0;
    if (!c->r->prog->quotes || !c->n_text)
        return MS_OK;
    for (size_t i = 0; i < c->n_personal; i++)
        if (!rec->values[c->personal[i]].missing)
            pers[np++] = rec->values[c->personal[i]].text;
    /* the respondent's own id and pair code, as typed and as their key */
    for (size_t i = 0; i < c->n_own; i++) {
        const ms_value *v = &rec->values[c->own[i]];
        if (v->missing)
            continue;
        pers[np++] = v->text;
        if (v->typed && v->typed_len < sizeof typed[i]) {
            memcpy(typed[i], v->typed, v->typed_len);
            typed[i][v->typed_len] = '\0';
            pers[np++] = typed[i];
        }
    }
    if (!(row->texts = ms_calloc(c->n_text, sizeof *row->texts)))
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; k < c->n_text; k++) {
        const ms_value *v = &rec->values[c->text_vars[k]];
        if (v->missing || !v->text_len)
            continue;
        ms_status st = ms_scrub_text(v->text, pers, np, c->r->pr.ru, &row->texts[k], NULL, err);
        if (st != MS_OK)
            return st;
    }
    return MS_OK;
}

static ms_status on_row(const ms_record *rec, void *ctx, ms_error *err)
{
    row_ctx *c = ctx;
    ms_ranswers *a = c->a;
    if (ms_grow((void **)&a->rows, &a->cap, a->n_rows + 1, sizeof *a->rows) ||
        ms_grow((void **)&c->codes, &c->codes_cap, a->n_rows + 1, sizeof *c->codes) ||
        ms_grow((void **)&c->scopes, &c->scopes_cap, a->n_rows + 1, sizeof *c->scopes))
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ms_rrow *row = &a->rows[a->n_rows];
    memset(row, 0, sizeof *row);
    c->codes[a->n_rows] = NULL;
    c->scopes[a->n_rows] = c->scope;
    a->n_rows++; /* counted now, so a failure below still frees its texts */
    row->q = c->q;
    row->mentor = c->mentor;
    row->index = construct_index(c->con, rec);
    row->pair = MS_NO_PAIR;
    row->form = -1;
    if (c->form_var >= 0 && !rec->values[c->form_var].missing) {
        const ms_levels *lv = &rec->levels[c->form_var];
        size_t l = (size_t)rec->values[c->form_var].value;
        if (l < lv->n && (row->form = intern_form(a, lv->labels[l])) == -2)
            return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    const ms_value *pv = c->pair_var >= 0 ? &rec->values[c->pair_var] : NULL;
    if (pv && !pv->missing && pv->text_len &&
        !(c->codes[a->n_rows - 1] = ms_strndup(pv->text, pv->text_len)))
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    return row_texts(c, rec, row, err);
}

/* ---------- reading ---------- */

static void find_vars(row_ctx *c)
{
    c->pair_var = c->form_var = -1;
    c->n_text = c->n_personal = c->n_own = 0;
    for (size_t v = 0; v < c->cb->n_vars; v++) {
        ms_vartype t = c->cb->vars[v].type;
        if (t == MS_TYPE_PAIR && c->pair_var < 0)
            c->pair_var = (long)v;
        if (t == MS_TYPE_TEXT && c->n_text < MAX_TEXT)
            c->text_vars[c->n_text++] = v;
        if (t == MS_TYPE_PERSONAL && c->n_personal < MAX_PERSONAL)
            c->personal[c->n_personal++] = v;
        if ((t == MS_TYPE_ID || t == MS_TYPE_PAIR) && c->n_own < MAX_PERSONAL)
            c->own[c->n_own++] = v;
    }
    if (c->a->form_var)
        c->form_var = ms_codebook_find(c->cb, c->a->form_var);
}

static ms_status read_side(ms_report *r, ms_ranswers *a, int side, row_ctx *c)
{
    const ms_rq *rq = &r->q[a->q[side]];
    ms_loader *ld = NULL;
    c->q = (size_t)a->q[side];
    c->mentor = side == 1;
    c->cb = rq->cb;
    c->con = NULL;
    if (a->m[side] >= 0)
        c->con = &rq->cb->constructs[(size_t)a->m[side] -
                                     (ms_aggregate_n_measures(rq->cur) - rq->cb->n_constructs)];
    find_vars(c);
    ms_load_options opt = {.on_record = on_row, .record_ctx = c,
                           .keep_personal = r->prog->quotes, .sheet = rq->q->sheet};
    ms_status st = ms_loader_create(rq->cb, &opt, &ld, r->pr.err);
    /* a summary holds no rows: its pairs and open answers are not known */
    for (size_t i = 0; st == MS_OK && i < rq->q->n_data; i++) {
        /* pair codes are the organisation's own, like respondents' */
        c->scope = rq->q->data_org ? rq->q->data_org[i] : 0;
        if (!ms_summary_sniff(rq->q->data[i]))
            st = ms_loader_read_file(ld, rq->q->data[i], r->pr.err);
    }
    ms_loader_destroy(ld);
    return st;
}

/* A row with a pair code: pairs are (organisation, code). */
typedef struct {
    size_t scope;
    const char *code;
    size_t row;
} coded_row;

static int by_code(const void *x, const void *y)
{
    const coded_row *a = x, *b = y;
    if (a->scope != b->scope)
        return a->scope < b->scope ? -1 : 1;
    int d = strcmp(a->code, b->code);
    return d ? d : (a->row > b->row) - (a->row < b->row);
}

static bool same_pair(const coded_row *a, const coded_row *b)
{
    return a->scope == b->scope && !strcmp(a->code, b->code);
}

/* A pair's code for the internal key, with its organisation's key in a
 * territory (codes are the organisation's own). */
static char *pair_code(const ms_report *r, const coded_row *c)
{
    if (!r->prog->n_orgs || c->scope >= r->prog->n_orgs)
        return ms_strdup(c->code);
    const char *key = r->prog->orgs[c->scope].key;
    size_t n = strlen(key) + strlen(c->code) + 4;
    char *s = ms_malloc(n);
    if (s)
        ms_c_snprintf(s, n, "%s / %s", key, c->code);
    return s;
}

static ms_status number_pairs(ms_report *r, ms_ranswers *a, char **codes, const size_t *scopes)
{
    coded_row *idx = ms_calloc(a->n_rows + 1, sizeof *idx);
    size_t n = 0;
    if (!idx)
        return NOMEM(r);
    for (size_t i = 0; i < a->n_rows; i++)
        if (codes[i])
            idx[n++] = (coded_row){scopes[i], codes[i], i};
    qsort(idx, n, sizeof *idx, by_code);
    ms_status st = MS_OK;
    bool keep = r->prog->pairs && (a->pair_codes = ms_calloc(n + 1, sizeof *a->pair_codes));
    if (r->prog->pairs && !keep)
        st = NOMEM(r);
    for (size_t i = 0; st == MS_OK && i < n; i++) {
        if (i == 0 || !same_pair(&idx[i], &idx[i - 1])) {
            a->n_pairs++;
            if (keep && !(a->pair_codes[a->n_pairs - 1] = pair_code(r, &idx[i])))
                st = NOMEM(r);
        }
        a->rows[idx[i].row].pair = a->n_pairs - 1;
    }
    ms_free(idx);
    return st;
}

size_t ms_report_pairs_ranked(const ms_report *r)
{
    const ms_ranswers *a = r->answers;
    return a && a->pair_codes ? a->n_ranked : 0;
}

const char *ms_report_pair_code(const ms_report *r, size_t i)
{
    const ms_ranswers *a = r->answers;
    return a && a->pair_codes && i < a->n_ranked ? a->pair_codes[a->ranked[i]] : NULL;
}

ms_status ms_report_write_pair_key(const ms_report *r, const char *dir)
{
    const ms_ranswers *a = r->answers;
    if (!a || !a->pair_codes || !a->n_ranked)
        return MS_OK;
    ms_sbuf csv = {0};
    const char *sep = r->pr.ru ? ";" : ",";
    ms_sbuf_puts(&csv, "\xEF\xBB\xBF"); /* BOM, as the tables' CSV files */
    ms_sbuf_printf(&csv, "%s%s%s\r\n", MS_TR(r, "\"Пара в рейтинге\"", "\"Pair in the ranking\""),
                   sep, MS_TR(r, "\"Код пары\"", "\"Pair code\""));
    for (size_t i = 0; i < a->n_ranked; i++) {
        char label[32];
        ms_c_snprintf(label, sizeof label, MS_TR(r, "П%zu", "P%zu"), i + 1);
        ms_sbuf_csv_cell(&csv, label, strlen(label));
        ms_sbuf_puts(&csv, sep);
        const char *code = a->pair_codes[a->ranked[i]];
        ms_sbuf_csv_cell(&csv, code ? code : "", code ? strlen(code) : 0);
        ms_sbuf_puts(&csv, "\r\n");
    }
    ms_present at = r->pr;
    at.dir = (char *)dir;
    ms_status st = ms_present_write(&at, "pairs-key.csv", &csv);
    ms_sbuf_free(&csv);
    return st;
}

ms_status ms_report_load_answers(ms_report *r)
{
    const ms_rq *me = ms_report_role(r, MS_ROLE_MENTEES_SATISFACTION);
    const ms_rq *mt = ms_report_role(r, MS_ROLE_MENTORS_SATISFACTION);
    if (!me && !mt)
        return MS_OK;
    ms_ranswers *a = ms_calloc(1, sizeof *a);
    if (!a)
        return NOMEM(r);
    r->answers = a;
    a->q[0] = me ? (long)(me - r->q) : -1;
    a->q[1] = mt ? (long)(mt - r->q) : -1;
    match_construct(r, a);
    match_form(r, a);
    /* forms as the aggregates know them, so summaries (no rows) rank them too */
    if (ms_report_intern_forms(r, a, intern_form))
        return NOMEM(r);
    row_ctx c = {.r = r, .a = a};
    ms_status st = MS_OK;
    for (int side = 0; st == MS_OK && side < 2; side++)
        if (a->q[side] >= 0)
            st = read_side(r, a, side, &c);
    if (st == MS_OK)
        st = number_pairs(r, a, c.codes, c.scopes);
    for (size_t i = 0; i < a->n_rows; i++)
        ms_free(c.codes[i]);
    ms_free(c.codes);
    ms_free(c.scopes);
    return st;
}

void ms_report_free_answers(ms_report *r)
{
    ms_ranswers *a = r->answers;
    if (!a)
        return;
    for (size_t i = 0; i < a->n_rows; i++) {
        const ms_rq *rq = &r->q[a->rows[i].q];
        size_t n_text = 0;
        for (size_t v = 0; v < rq->cb->n_vars && n_text < MAX_TEXT; v++)
            n_text += rq->cb->vars[v].type == MS_TYPE_TEXT;
        for (size_t k = 0; a->rows[i].texts && k < n_text; k++)
            ms_free(a->rows[i].texts[k]);
        ms_free(a->rows[i].texts);
    }
    for (size_t i = 0; i < a->n_forms; i++)
        ms_free(a->forms[i]);
    ms_free(a->forms);
    for (size_t i = 0; a->pair_codes && i < a->n_pairs; i++)
        ms_free(a->pair_codes[i]);
    ms_free(a->pair_codes);
    ms_free(a->ranked);
    ms_free(a->rows);
    ms_free(a);
    r->answers = NULL;
}
