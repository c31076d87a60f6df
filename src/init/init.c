/* init.c — exports grouped into questionnaires, files into years or waves,
 * roles guessed, columns named (mentorstat init). */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "init_int.h"
#include "mentorstat/report.h"
#include "util.h"
#include "cnum.h"

static const char *const roles[] = {"mentors_bank", "mentees_requests", "mentees_satisfaction",
                                    "mentors_satisfaction", "entry_exit"};
enum { N_ROLES = 5 };

typedef struct {
    size_t *members;         /* indices into the exports */
    size_t n;
    ms_init_colstat *cols;   /* merged over the members */
    size_t n_cols;
    int score[N_ROLES];
    char why[N_ROLES][128];
} group;

/* ---------- grouping ---------- */

static bool same_headers(const ms_init_export *a, const ms_init_export *b)
{
    if (a->n_cols != b->n_cols)
        return false;
    for (size_t i = 0; i < a->n_cols; i++)
        if (strcmp(a->cols[i].header, b->cols[i].header))
            return false;
    return true;
}

static ms_status group_exports(ms_init_export *x, size_t n, group **out, size_t *n_out)
{
    group *g = ms_calloc(n, sizeof *g);
    size_t ng = 0;
    if (!g)
        return MS_ERR_NOMEM;
    *out = g;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < ng && !same_headers(&x[g[k].members[0]], &x[i]))
            k++;
        if (k == ng) {
            *n_out = ++ng; /* counted first: a failure below frees it too */
            if (!(g[k].members = ms_calloc(n, sizeof *g[k].members)) ||
                !(g[k].cols = ms_calloc(x[i].n_cols + 1, sizeof *g[k].cols)))
                return MS_ERR_NOMEM;
            g[k].n_cols = x[i].n_cols;
            for (size_t c = 0; c < x[i].n_cols; c++)
                if (!(g[k].cols[c].header = ms_strdup(x[i].cols[c].header)))
                    return MS_ERR_NOMEM;
        }
        g[k].members[g[k].n++] = i;
        for (size_t c = 0; c < x[i].n_cols; c++)
            if (ms_init_colstat_merge(&g[k].cols[c], &x[i].cols[c]) != MS_OK)
                return MS_ERR_NOMEM;
    }
    return MS_OK;
}

/* ---------- paths ---------- */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* The absolute form of a directory that may not exist yet (init makes it). */
static bool absolute_dir(const char *dir, char *out)
{
    if (realpath(dir, out))
        return true;
    char parent[PATH_MAX];
    const char *slash = strrchr(dir, '/');
    ms_c_snprintf(parent, sizeof parent, "%.*s", slash ? (int)(slash - dir) : 1, slash ? dir : ".");
    if (!realpath(*parent ? parent : "/", out))
        return false;
    size_t n = strlen(out);
    ms_c_snprintf(out + n, PATH_MAX - n, "%s%s", n > 1 ? "/" : "", slash ? slash + 1 : dir);
    return true;
}

/* `path` relative to the directory `dir` (both made absolute first). */
static char *relative_to(const char *dir, const char *path)
{
    char d[PATH_MAX], p[PATH_MAX];
    if (!absolute_dir(dir, d) || !realpath(path, p))
        return ms_strdup(path);
    size_t common = 0;
    for (size_t i = 0; d[i] && d[i] == p[i]; i++)
        if (d[i] == '/' || (d[i + 1] == '\0' && p[i + 1] == '/'))
            common = d[i] == '/' ? i : i + 1;
    if (!strcmp(d, "/"))
        common = 0;
    ms_sbuf b = {0};
    for (const char *s = d + common; *s; s++)
        if (*s == '/')
            ms_sbuf_puts(&b, "../");
    ms_sbuf_puts(&b, p + common + (p[common] == '/'));
    return ms_sbuf_take(&b);
}

/* ---------- roles ---------- */

/* A cue counts once per questionnaire, however many files or questions hold it. */
static void score(group *g, int role, int points, const char *why)
{
    size_t n = strlen(g->why[role]);
    char quoted[96];
    ms_c_snprintf(quoted, sizeof quoted, "«%s»", why);
    if (strstr(g->why[role], quoted))
        return;
    g->score[role] += points;
    if (n + strlen(quoted) + 3 < sizeof g->why[role])
        ms_c_snprintf(g->why[role] + n, sizeof g->why[role] - n, "%s%s", n ? ", " : "", quoted);
}

typedef struct {
    int role; /* -1: both satisfaction questionnaires */
    const char *word;
} cue;

/* The words name the speaker differently: a file "…наставников" holds the
 * mentors' answers, while a question "…с наставником" is a mentee's. */
static const cue name_cues[] = {
    {0, "bank"},      {0, "банк"},       {1, "request"},   {1, "запрос"},    {1, "заявк"},
    {2, "mentee"},    {2, "наставляем"}, {3, "mentor"},    {3, "наставник"}, {-1, "satisf"},
    {-1, "удовлетвор"}, {-1, "feedback"}, {-1, "обратн"},  {4, "entry"},     {4, "exit"},
    {4, "вход"},      {4, "итог"},       {4, "selfassess"}, {4, "самооцен"}, {4, "компетен"},
    {0, NULL}};
static const cue question_cues[] = {
    {0, "готовы помогать"}, {0, "стаж"},        {0, "готовы уделять"}, {0, "опыт наставничества"},
    {1, "нужна помощь"},    {1, "ожидаете"},    {1, "ваш запрос"},     {2, "наставник"},
    {3, "наставляем"},      {3, "как наставника"}, {-1, "удовлетвор"}, {-1, "порекомендовали"},
    {-1, "ожидания от программы"}, {4, "оцените свои"}, {4, "этап"},   {4, "самооцен"},
    {0, NULL}};

static void score_text(group *g, const char *folded, const cue *cues, int points)
{
    for (const cue *c = cues; c->word; c++)
        if (strstr(folded, c->word)) {
            if (c->role >= 0)
                score(g, c->role, points, c->word);
            else
                score(g, 2, points, c->word), score(g, 3, points, c->word);
        }
}

static void score_group(group *g, const ms_init_export *x)
{
    char f[1024];
    for (size_t m = 0; m < g->n; m++) {
        ms_init_fold(base_name(x[g->members[m]].path), f, sizeof f);
        score_text(g, f, name_cues, 3);
    }
    for (size_t c = 0; c < g->n_cols; c++) {
        ms_init_fold(g->cols[c].header, f, sizeof f);
        score_text(g, f, question_cues, 1);
    }
}

/* A free role almost as well named (one point short) is a guess between two:
 * «банк_наставников.csv» names the bank and the mentors alike.  Said, not hidden. */
static void note_close_role(const group *g, ms_init_questionnaire *q, size_t chosen,
                            const bool *used)
{
    size_t alt = N_ROLES;
    for (size_t r = 0; r < N_ROLES; r++)
        if (r != chosen && !used[r] && g->score[r] >= 2 && g->score[r] + 1 >= g->score[chosen] &&
            (alt == N_ROLES || g->score[r] > g->score[alt]))
            alt = r;
    if (alt == N_ROLES)
        return;
    size_t n = strlen(q->role_reason);
    ms_c_snprintf(q->role_reason + n, sizeof q->role_reason - n,
                  "; почти так же похоже на %s — ПРОВЕРЬТЕ", roles[alt]);
}

/* Greedy: the strongest (questionnaire, role) pair first, one questionnaire per role. */
static void assign_roles(group *g, size_t ng, ms_init_questionnaire *q)
{
    bool used[N_ROLES] = {false};
    for (size_t done = 0; done < ng; done++) {
        int best = 0;
        size_t bq = 0, br = 0;
        for (size_t i = 0; i < ng; i++)
            for (size_t r = 0; r < N_ROLES && !q[i].role; r++)
                if (!used[r] && g[i].score[r] > best)
                    best = g[i].score[r], bq = i, br = r;
        if (best < 2)
            break;
        used[br] = true;
        q[bq].role = roles[br];
        ms_c_snprintf(q[bq].role_reason, sizeof q[bq].role_reason, "по словам %s", g[bq].why[br]);
        note_close_role(&g[bq], &q[bq], br, used);
    }
    /* The rest get the neutral role, never one by position: a course
     * evaluation drafted as a bank of mentors had a supply-and-demand finding
     * invented from its questions.  survey builds only what every
     * questionnaire supports (answers, reliability, comparisons, years). */
    for (size_t i = 0; i < ng; i++) {
        if (q[i].role)
            continue;
        q[i].role = ms_role_name(MS_ROLE_SURVEY);
        size_t named = 0;
        for (size_t k = 1; k < N_ROLES; k++)
            named = g[i].score[k] > g[i].score[named] ? k : named;
        int w = 0;
        if (g[i].score[named] >= 2) { /* the words name a role another questionnaire took */
            q[i].role_check = true;
            w = snprintf(q[i].role_reason, sizeof q[i].role_reason,
                         "слова %s указывают на %s, но эта роль уже у другой анкеты: взята "
                         "нейтральная survey", g[i].why[named], roles[named]);
            if (w < 0 || (size_t)w >= sizeof q[i].role_reason) /* too many words: without them */
                snprintf(q[i].role_reason, sizeof q[i].role_reason,
                         "слова указывают на %s, но эта роль уже у другой анкеты: взята "
                         "нейтральная survey", roles[named]);
        } else {
            snprintf(q[i].role_reason, sizeof q[i].role_reason,
                     "ни имя файла, ни вопросы не называют роль в программе наставничества: "
                     "survey — ответы, надёжность, сравнения и годы, без разделов о ролях");
        }
    }
}

/* ---------- files: years or waves ---------- */

static int file_wave_by_name(const char *path)
{
    char f[1024];
    ms_init_fold(base_name(path), f, sizeof f);
    static const char *const entry[] = {"вход", "entry", "pre", "начал", "старт", "vhod",
                                        "vkhod", NULL};
    static const char *const exit_[] = {"итог", "exit", "post", "конеч", "финал", "выход",
                                        "itog", "vykhod", NULL};
    for (const char *const *w = exit_; *w; w++)
        if (strstr(f, *w))
            return 2;
    for (const char *const *w = entry; *w; w++)
        if (strstr(f, *w))
            return 1;
    return 0;
}

static int cmp_files(const void *a, const void *b)
{
    const ms_init_file *x = a, *y = b;
    if (x->wave != y->wave)
        return x->wave - y->wave;
    if (x->when != y->when)
        return x->when < y->when ? -1 : 1;
    return strcmp(x->path, y->path);
}

/* Two files of one school year, one answered in autumn and one in spring:
 * entry and exit. */
static bool waves_by_season(ms_init_questionnaire *q, const ms_init_export *x, const group *g)
{
    if (q->n_files != 2 || !x[g->members[0]].n_stamps || !x[g->members[1]].n_stamps)
        return false;
    long y[2], m[2], d;
    for (int i = 0; i < 2; i++)
        ms_civil_from_days((long)q->files[i].when, &y[i], &m[i], &d);
    int first = q->files[0].when < q->files[1].when ? 0 : 1, last = 1 - first;
    long sy0 = y[first] + (m[first] >= 9), sy1 = y[last] + (m[last] >= 9);
    if (sy0 != sy1 || m[first] < 8 || m[last] > 7)
        return false;
    q->files[first].wave = 1, q->files[last].wave = 2;
    return true;
}

static ms_status order_files(ms_init_questionnaire *q, const ms_init_export *x, const group *g,
                             const ms_init_options *opt, bool has_wave_column, long year_col,
                             bool has_year)
{
    if (!(q->files = ms_calloc(g->n, sizeof *q->files)))
        return MS_ERR_NOMEM;
    q->n_files = g->n;
    size_t named = 0, kinds = 0;
    for (size_t m = 0; m < g->n; m++) {
        const ms_init_export *e = &x[g->members[m]];
        ms_init_file *f = &q->files[m];
        if (!(f->path = ms_strdup(e->path)) || !(f->relative = relative_to(opt->outdir, e->path)))
            return MS_ERR_NOMEM;
        f->rows = e->rows - e->broken_rows; /* answers: what the report will count at most */
        f->header_rows = e->header_rows;
        f->note_rows = e->note_rows, f->broken_rows = e->broken_rows;
        f->odd_quote_line = e->odd_quote_line, f->odd_quote_col = e->odd_quote_col;
        /* the year column orders the files when there is one, the mean time stamp within it */
        double stamp = e->n_stamps ? e->stamp_sum / (double)e->n_stamps : 0;
        f->when = year_col >= 0 ? e->cols[year_col].max * 1e6 + stamp : stamp;
        f->wave = has_wave_column ? 0 : file_wave_by_name(e->path);
        f->year = ms_year_in_name(e->path);
        named += f->wave != 0;
        kinds |= 1u << f->wave;
    }
    if (!has_wave_column && g->n >= 2 && named == g->n && kinds == 6) {
        q->waves_from_files = true;
        ms_c_snprintf(q->role_reason, sizeof q->role_reason,
                      "файлы входного и итогового анкетирования (по именам файлов)");
    } else if (!has_wave_column && waves_by_season(q, x, g)) {
        q->waves_from_files = true;
        ms_c_snprintf(q->role_reason, sizeof q->role_reason,
                      "два файла одного учебного года, осенний и весенний: входное и итоговое "
                      "(ПРОВЕРЬТЕ, какой из них какой)");
    } else {
        for (size_t m = 0; m < g->n; m++)
            q->files[m].wave = 0;
    }
    if (q->waves_from_files)
        q->role = "entry_exit", q->role_check = false;
    /* no year in the answers: the file names' years, when every file has one */
    size_t named_years = 0;
    for (size_t m = 0; m < q->n_files; m++)
        named_years += q->files[m].year != 0;
    if (!has_year && !q->waves_from_files && named_years == q->n_files) {
        q->years_from_names = true;
        for (size_t m = 0; m < q->n_files; m++)
            q->files[m].when = q->files[m].year * 1e6 + q->files[m].when;
    }
    qsort(q->files, q->n_files, sizeof *q->files, cmp_files);
    return MS_OK;
}

/* ---------- naming ---------- */

static bool name_taken(const ms_init_questionnaire *q, size_t upto, const char *name)
{
    for (size_t i = 0; i < upto; i++)
        if (q->cols[i].name && !strcmp(q->cols[i].name, name))
            return true;
    for (size_t k = 0; k < q->n_constructs; k++) /* one namespace with the constructs */
        if (!strcmp(q->constructs[k], name))
            return true;
    return (!strcmp(name, "wave") && q->waves_from_files) ||
           (!strcmp(name, "year") && q->years_from_names);
}

static ms_status unique_name(ms_init_questionnaire *q, size_t i, const char *base)
{
    char name[80];
    ms_c_snprintf(name, sizeof name, "%.63s", base);
    for (int k = 2; name_taken(q, i, name) && k < 10000; k++)
        ms_c_snprintf(name, sizeof name, "%s_%d", base, k);
    ms_free(q->cols[i].name);
    return (q->cols[i].name = ms_strdup(name)) ? MS_OK : MS_ERR_NOMEM;
}

/* "Title [Row]" (Google Forms) or "Title / Row" (Yandex Forms' matrix): the
 * row text and its length, or NULL when the header is no grid column. */
static const char *grid_row(const char *h, size_t *title_len, size_t *row_len)
{
    size_t n = strlen(h);
    const char *open = strrchr(h, '[');
    const char *slash = strstr(h, " / ");
    if (n >= 3 && h[n - 1] == ']' && open && open != h) {
        *title_len = (size_t)(open - h);
        *row_len = n - (size_t)(open + 1 - h) - 1;
    } else if (slash && slash != h && slash[3]) {
        *title_len = (size_t)(slash - h);
        *row_len = strlen(slash + 3);
        open = slash + 2;
    } else {
        return NULL;
    }
    while (*title_len && h[*title_len - 1] == ' ')
        (*title_len)--;
    return open + 1;
}

/* The grid's title as a construct's name in sentences: up to «по шкале», «от 1»
 * or a parenthesis («Оцените свои умения»), or, when that leaves one word, the
 * title without its parenthesised explanation; cut at about 60 characters. */
static char *short_title(const char *h, size_t len)
{
    static const char *const stops[] = {" по шкале", " от 1", " от 0", " (", "?", ":", NULL};
    size_t cut = len;
    for (const char *const *w = stops; *w; w++) {
        const char *p = strstr(h, *w);
        if (p && (size_t)(p - h) < cut)
            cut = (size_t)(p - h);
    }
    bool words = memchr(h, ' ', cut) != NULL;
    ms_sbuf b = {0};
    int depth = 0;
    for (size_t i = 0; i < (words ? cut : len); i++) {
        depth += h[i] == '(';
        if (!depth)
            ms_sbuf_putn(&b, h + i, 1);
        depth -= h[i] == ')' && depth;
    }
    const char *t = ms_sbuf_str(&b);
    size_t n = b.len;
    while (t && n && strchr(" ?:.", t[n - 1]))
        n--;
    if (t && n > 120) {
        n = 120;
        while (n > 20 && t[n] != ' ')
            n--;
        ms_sbuf_truncate(&b, n);
        ms_sbuf_puts(&b, "…");
    } else {
        ms_sbuf_truncate(&b, n);
    }
    return ms_sbuf_take(&b);
}

static ms_status add_construct(ms_init_questionnaire *q, const char *title, size_t len,
                               char **name)
{
    char base[64], nm[80], *t = ms_strndup(title, len);
    if (!t)
        return MS_ERR_NOMEM;
    ms_init_translit(t, base, sizeof base, 2);
    ms_c_snprintf(nm, sizeof nm, "%s", base);
    for (int k = 2; name_taken(q, q->n_cols, nm); k++)
        ms_c_snprintf(nm, sizeof nm, "%s_%d", base, k);
    ms_free(t);
    char **a = ms_reallocarray(q->constructs, q->n_constructs + 1, sizeof *a);
    if (!a)
        return MS_ERR_NOMEM;
    q->constructs = a;
    char **l = ms_reallocarray(q->construct_labels, q->n_constructs + 1, sizeof *l);
    if (!l)
        return MS_ERR_NOMEM;
    q->construct_labels = l;
    char *cn = ms_strdup(nm), *cl = short_title(title, len);
    if (!cn || !cl) {
        ms_free(cn);
        ms_free(cl);
        return MS_ERR_NOMEM;
    }
    a[q->n_constructs] = cn, l[q->n_constructs] = cl;
    *name = a[q->n_constructs++];
    return MS_OK;
}

/* Grid columns of one title, all scales: one construct, row texts as labels. */
static ms_status make_constructs(ms_init_questionnaire *q)
{
    for (size_t i = 0; i < q->n_cols; i++) {
        size_t tl, tl2, rl, k = 0, scales = 0;
        const char *row = grid_row(q->cols[i].source, &tl, &rl);
        if (!row || q->cols[i].construct || q->cols[i].label)
            continue;
        /* a column decided otherwise already (a year from time stamps, labelled)
         * is no row of the grid */
        for (size_t j = i; j < q->n_cols; j++)
            if (!q->cols[j].label && !q->cols[j].construct &&
                grid_row(q->cols[j].source, &tl2, &rl) && tl2 == tl &&
                !memcmp(q->cols[j].source, q->cols[i].source, tl))
                k++, scales += q->cols[j].type == MS_TYPE_SCALE;
        if (k < 2 && row[-1] == ' ') /* a lone "A / B" is a question, not a matrix */
            continue;
        char *cname = NULL;
        if (k >= 2 && scales == k && add_construct(q, q->cols[i].source, tl, &cname) != MS_OK)
            return MS_ERR_NOMEM;
        size_t idx = 0;
        for (size_t j = i; j < q->n_cols; j++) {
            const char *r = grid_row(q->cols[j].source, &tl2, &rl);
            if (!r || tl2 != tl || memcmp(q->cols[j].source, q->cols[i].source, tl) ||
                q->cols[j].label || q->cols[j].construct)
                continue;
            ms_init_column *c = &q->cols[j];
            /* a row of a grid that is no scale is read alone, without the
             * scale's heading: «Вопрос: строка» (a cold reader could not
             * tell what «Математика» answered) */
            size_t ql = tl;
            while (ql && (q->cols[j].source[ql - 1] == ' ' || q->cols[j].source[ql - 1] == '/'))
                ql--;
            bool alone = cname || k < 2; /* a scale's row, or a lone row */
            /* «Вопрос: строка», «Вопрос? — строка» */
            const char *sep = ql && strchr("?!.:", q->cols[j].source[ql - 1]) ? " — " : ": ";
            int len = alone ? (int)rl : (int)(ql + strlen(sep) + rl);
            if (!(c->label = ms_malloc((size_t)len + 1)))
                return MS_ERR_NOMEM;
            if (alone)
                ms_c_snprintf(c->label, (size_t)len + 1, "%.*s", (int)rl, r);
            else
                ms_c_snprintf(c->label, (size_t)len + 1, "%.*s%s%.*s", (int)ql,
                              q->cols[j].source, sep, (int)rl, r);
            char nm[80];
            ms_c_snprintf(nm, sizeof nm, "%s_%zu", cname ? cname : "grid", ++idx);
            if (cname && !(c->construct = ms_strdup(cname)))
                return MS_ERR_NOMEM;
            size_t n = strlen(c->reason);
            if (cname)
                ms_c_snprintf(c->reason + n, sizeof c->reason - n, "; вопрос из сетки «%s»",
                              q->construct_labels[q->n_constructs - 1]);
            if (!*c->name) {
                ms_free(c->name);
                if (!(c->name = ms_strdup(nm)))
                    return MS_ERR_NOMEM;
            }
        }
    }
    return MS_OK;
}

/* Scales whose range init guessed from their answers share it with their
 * neighbours: the rows of one grid share one range, and the scales of one form
 * that end alike start alike (an item nobody answered 0 on is still 0–10 when
 * the others are), so the 0–100 index of a construct is not moved by who
 * happened to answer.  The reason says why the range is wider than the answers. */
static void share_ranges(ms_init_questionnaire *q)
{
    for (size_t i = 0; i < q->n_cols; i++) {
        ms_init_column *c = &q->cols[i];
        if (c->type != MS_TYPE_SCALE || !c->range_guessed)
            continue;
        double lo = c->min, hi = c->max;
        bool grid = false;
        for (size_t j = 0; j < q->n_cols; j++) {
            const ms_init_column *o = &q->cols[j];
            if (o->type != MS_TYPE_SCALE || !o->range_guessed)
                continue;
            bool same_grid = c->construct && o->construct && !strcmp(c->construct, o->construct);
            if (same_grid || o->max == c->max) {
                lo = o->min < lo ? o->min : lo;
                grid |= same_grid && (o->min < c->min || o->max > c->max);
            }
            if (same_grid)
                hi = o->max > hi ? o->max : hi;
        }
        if (lo == c->min && hi == c->max)
            continue;
        c->min = lo, c->max = hi;
        snprintf(c->reason, sizeof c->reason,
                 "шкала %g–%g: в ответах только целые числа %g–%g; диапазон — как у других "
                 "вопросов %s — ПРОВЕРЬТЕ",
                 lo, hi, c->seen_min, c->seen_max,
                 grid ? "этой сетки" : "анкеты с тем же концом шкалы");
        c->check = true;
    }
}

/* A column with no header is named by its position, source "#N" (the loader's
 * syntax, docs/codebook.md): a time stamp stays the time stamp; anything else
 * has no question text to show, so a person gives it a label. */
static ms_status name_by_position(ms_init_column *c, size_t i)
{
    if (*c->source)
        return MS_OK;
    char pos[32];
    ms_c_snprintf(pos, sizeof pos, "#%zu", i + 1);
    ms_free(c->source);
    if (!(c->source = ms_strdup(pos)))
        return MS_ERR_NOMEM;
    bool stamp = c->type == MS_TYPE_YEAR;
    size_t n = strlen(c->reason);
    ms_c_snprintf(c->reason + n, sizeof c->reason - n,
                  "%sу столбца нет заголовка: он назван по месту в файле, source = %s%s",
                  n ? "; " : "", pos,
                  stamp ? "" : "; вопроса нет — впишите label — ПРОВЕРЬТЕ");
    c->check |= !stamp;
    if (!c->label) {
        char lab[48];
        ms_c_snprintf(lab, sizeof lab, "Столбец %zu", i + 1);
        if (!(c->label = ms_strdup(lab)))
            return MS_ERR_NOMEM;
    }
    return MS_OK;
}

/* Google Forms repeats a question's title when a form asks it several times:
 * the k-th codebook row with a source reads the k-th column so headed, so each
 * is drafted as what it is, with a label that tells them apart. */
static ms_status repeated_header(ms_init_questionnaire *q, size_t i)
{
    ms_init_column *c = &q->cols[i];
    size_t k = 1, first = 0;
    for (size_t j = i; j-- > 0;)
        if (!strcmp(q->cols[j].source, c->source))
            k++, first = j;
    if (k == 1)
        return MS_OK;
    const char *was = c->label ? c->label : c->source;
    size_t len = strlen(was) + 32;
    char *lab = ms_malloc(len);
    if (!lab)
        return MS_ERR_NOMEM;
    ms_c_snprintf(lab, len, "%s (%zu)", was, k);
    ms_free(c->label);
    c->label = lab;
    size_t n = strlen(c->reason);
    ms_c_snprintf(c->reason + n, sizeof c->reason - n,
                  "; заголовок тот же, что у столбца %zu: это %zu-й столбец с ним, его читает "
                  "%zu-я строка с этим source",
                  first + 1, k, k);
    return MS_OK;
}

/* One id, one pair, one year, one wave per questionnaire: a second is kept
 * out of the analysis, with a note. */
static ms_status one_of_each(ms_init_questionnaire *q)
{
    bool seen[MS_TYPE_IGNORE + 1] = {false};
    for (size_t i = 0; i < q->n_cols; i++) {
        ms_init_column *c = &q->cols[i];
        /* headerless empty columns are read by no variable: repeats do no harm */
        bool unread = !*c->source && c->type == MS_TYPE_IGNORE;
        if (!unread && name_by_position(c, i) != MS_OK)
            return MS_ERR_NOMEM;
        if (!unread && repeated_header(q, i) != MS_OK)
            return MS_ERR_NOMEM;
        ms_vartype t = c->type;
        bool single = t == MS_TYPE_ID || t == MS_TYPE_PAIR || t == MS_TYPE_YEAR || t == MS_TYPE_WAVE;
        if (single && (seen[t] || (t == MS_TYPE_WAVE && q->waves_from_files))) {
            c->type = t == MS_TYPE_YEAR || t == MS_TYPE_WAVE ? MS_TYPE_IGNORE : MS_TYPE_PERSONAL;
            c->check = true, c->derive = NULL;
            ms_free(c->choices);
            c->choices = NULL;
            ms_free(c->name);
            c->name = ms_strdup("");
            size_t n = strlen(c->reason);
            ms_c_snprintf(c->reason + n, sizeof c->reason - n,
                          "; второй такой столбец — не читается, ПРОВЕРЬТЕ");
        }
        seen[t] = true;
    }
    return MS_OK;
}

/* A guessed range is one decision for all the scales that share it (a grid,
 * or a form's items that end alike): the first carries the «!», the others
 * point to it, so a person confirms it once, not sixteen times. */
static void mark_ranges_once(ms_init_questionnaire *q)
{
    for (size_t i = 0; i < q->n_cols; i++) {
        ms_init_column *c = &q->cols[i];
        if (c->type != MS_TYPE_SCALE || !c->range_guessed || !c->check ||
            !strstr(c->reason, " — ПРОВЕРЬТЕ"))
            continue;
        const ms_init_column *first = NULL;
        for (size_t j = 0; j < i && !first; j++) {
            const ms_init_column *o = &q->cols[j];
            if (o->type == MS_TYPE_SCALE && o->range_guessed && o->check && o->min == c->min &&
                o->max == c->max)
                first = o;
        }
        if (!first)
            continue;
        /* the reason stays (why the range is wider than the answers), its
         * request moves to the first */
        char *ask = strstr(c->reason, " — ПРОВЕРЬТЕ");
        if (ask)
            memmove(ask, ask + strlen(" — ПРОВЕРЬТЕ"), strlen(ask + strlen(" — ПРОВЕРЬТЕ")) + 1);
        size_t n = strlen(c->reason);
        ms_c_snprintf(c->reason + n, sizeof c->reason - n,
                      "; диапазон тот же, что у %s (отмечен «!»; другой там — другой и здесь)",
                      first->name);
        c->check = strstr(c->reason, "ПРОВЕРЬТЕ") != NULL; /* asked something else too */
    }
}

static ms_status name_columns(ms_init_questionnaire *q)
{
    if (one_of_each(q) != MS_OK)
        return MS_ERR_NOMEM;
    if (make_constructs(q) != MS_OK)
        return MS_ERR_NOMEM;
    share_ranges(q);
    for (size_t i = 0; i < q->n_cols; i++) {
        ms_init_column *c = &q->cols[i];
        char base[64];
        if (c->name && *c->name)
            ms_c_snprintf(base, sizeof base, "%s", c->name);
        else if (c->type == MS_TYPE_PERSONAL)
            ms_c_snprintf(base, sizeof base, "personal");
        else
            ms_init_translit(c->source, base, sizeof base, 3);
        if (unique_name(q, i, base) != MS_OK)
            return MS_ERR_NOMEM;
        if (!c->label && !(c->label = ms_strdup(c->source)))
            return MS_ERR_NOMEM;
        ms_init_flag_negative(c);
        if (c->type == MS_TYPE_GROUP && !q->by && !(q->by = ms_strdup(c->name)))
            return MS_ERR_NOMEM;
    }
    mark_ranges_once(q);
    return MS_OK;
}

/* ---------- the draft ---------- */

static long find_year_column(const group *g)
{
    for (size_t c = 0; c < g->n_cols; c++) {
        char f[256];
        ms_init_fold(g->cols[c].header, f, sizeof f);
        if ((!strcmp(f, "год") || !strcmp(f, "year") || !strncmp(f, "год ", 7)) &&
            g->cols[c].numbers == g->cols[c].nonempty && g->cols[c].nonempty &&
            g->cols[c].min >= 1990 && g->cols[c].max <= 2100)
            return (long)c;
    }
    return -1;
}

static ms_status draft_questionnaire(ms_init_questionnaire *q, group *g, const ms_init_export *x,
                                     const ms_init_options *opt)
{
    long year_col = find_year_column(g);
    bool has_year = year_col >= 0;
    if (!(q->cols = ms_calloc(g->n_cols + 1, sizeof *q->cols)))
        return MS_ERR_NOMEM;
    q->n_cols = g->n_cols;
    bool wave_col = false, year = year_col >= 0;
    for (size_t c = 0; c < g->n_cols; c++) {
        ms_init_column *col = &q->cols[c];
        if (!(col->source = ms_strdup(g->cols[c].header)) ||
            (g->cols[c].label && !(col->label = ms_strdup(g->cols[c].label))))
            return MS_ERR_NOMEM;
        ms_init_decide(&g->cols[c], col, has_year);
        if (!col->name)
            return MS_ERR_NOMEM;
        has_year |= col->derive != NULL; /* one year: a second time stamp is bookkeeping */
        wave_col |= col->type == MS_TYPE_WAVE;
        year |= col->type == MS_TYPE_YEAR;
    }
    if (order_files(q, x, g, opt, wave_col, year_col, year) != MS_OK)
        return MS_ERR_NOMEM;
    return name_columns(q);
}

static ms_status questionnaire_name(ms_init_draft *d, size_t i)
{
    ms_init_questionnaire *q = &d->q[i];
    char base[64], nm[80];
    if (!q->role_check && strcmp(q->role, ms_role_name(MS_ROLE_SURVEY)))
        snprintf(base, sizeof base, "%s", q->role);
    else
        ms_init_translit(base_name(q->files[q->n_files - 1].path), base, sizeof base, 2);
    ms_c_snprintf(nm, sizeof nm, "%s", base);
    for (int k = 2;; k++) {
        size_t j = 0;
        while (j < i && strcmp(d->q[j].name, nm))
            j++;
        if (j == i)
            break;
        ms_c_snprintf(nm, sizeof nm, "%s_%d", base, k);
    }
    return (q->name = ms_strdup(nm)) ? MS_OK : MS_ERR_NOMEM;
}

static void groups_free(group *g, size_t ng)
{
    for (size_t i = 0; g && i < ng; i++) {
        ms_init_export tmp = {0};
        tmp.cols = g[i].cols, tmp.n_cols = g[i].n_cols;
        ms_init_export_free(&tmp);
        ms_free(g[i].members);
    }
    ms_free(g);
}

/* Names with spaces, ';' or '#' (every Google Forms download: «Анкета
 * (Ответы) - Ответы на форму (1).csv») are listed in quotes; what no line of
 * the programme file can hold is refused before anything is read. */
static ms_status check_paths(const char *const *paths, size_t n, const ms_init_options *opt,
                             ms_error *err)
{
    for (size_t i = 0; i < n; i++) {
        char *rel = relative_to(opt->outdir, paths[i]);
        if (!rel)
            return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        size_t len = ms_init_list_word_len(rel);
        bool newline = strpbrk(rel, "\r\n");
        ms_free(rel);
        if (newline)
            return ms_error_set(err, MS_ERR_USAGE, paths[i], 0, 0,
                                "a file name with a line break cannot be listed in the "
                                "programme file: rename it (%s)",
                                base_name(paths[i]));
        if (len > MS_INIT_LIST_WORD_MAX)
            return ms_error_set(err, MS_ERR_USAGE, paths[i], 0, 0,
                                "the path from %s is too long for a line of the programme file "
                                "(%zu bytes, at most %d): move the file nearer or shorten its "
                                "name (%s)",
                                opt->outdir, len, MS_INIT_LIST_WORD_MAX, base_name(paths[i]));
    }
    return MS_OK;
}

ms_status ms_init_draft_from(const ms_init_export *x, size_t n, const ms_init_options *opt,
                             ms_init_draft **out, ms_error *err)
{
    group *g = NULL;
    size_t ng = 0;
    ms_init_draft *d = ms_calloc(1, sizeof *d);
    ms_status st = MS_OK;
    *out = NULL;
    if (!d || group_exports((ms_init_export *)x, n, &g, &ng) != MS_OK ||
        !(d->q = ms_calloc(ng + 1, sizeof *d->q)))
        st = MS_ERR_NOMEM;
    if (st == MS_OK) {
        d->n_q = ng;
        for (size_t i = 0; i < ng; i++)
            score_group(&g[i], x);
        assign_roles(g, ng, d->q);
    }
    for (size_t i = 0; i < ng && st == MS_OK; i++) {
        st = draft_questionnaire(&d->q[i], &g[i], x, opt);
        if (st == MS_OK)
            st = questionnaire_name(d, i);
    }
    groups_free(g, ng);
    if (st != MS_OK) {
        ms_init_draft_destroy(d);
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    *out = d;
    return MS_OK;
}

ms_status ms_init_draft_create(const char *const *paths, size_t n, const ms_init_options *opt,
                               ms_init_draft **out, ms_error *err)
{
    ms_init_export *x = NULL;
    *out = NULL;
    ms_status st = check_paths(paths, n, opt, err);
    if (st != MS_OK)
        return st;
    if (!(x = ms_calloc(n + 1, sizeof *x)))
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n && st == MS_OK; i++)
        st = ms_init_read_export(paths[i], &x[i], err);
    if (st == MS_OK)
        st = ms_init_draft_from(x, n, opt, out, err);
    for (size_t i = 0; i < n; i++)
        ms_init_export_free(&x[i]);
    ms_free(x);
    return st;
}

void ms_init_draft_destroy(ms_init_draft *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_q; i++) {
        ms_init_questionnaire *q = &d->q[i];
        for (size_t c = 0; q->cols && c < q->n_cols; c++) {
            ms_init_column *col = &q->cols[c];
            ms_free(col->source), ms_free(col->name), ms_free(col->label);
            ms_free(col->construct), ms_free(col->choices), ms_free(col->missing);
        }
        for (size_t f = 0; q->files && f < q->n_files; f++)
            ms_free(q->files[f].path), ms_free(q->files[f].relative);
        for (size_t k = 0; k < q->n_constructs; k++)
            ms_free(q->constructs[k]), ms_free(q->construct_labels[k]);
        ms_free(q->constructs), ms_free(q->construct_labels);
        ms_free(q->cols), ms_free(q->files), ms_free(q->name), ms_free(q->by);
    }
    ms_free(d->q);
    ms_free(d);
}
