/* init_infer.c — the type of one export column, guessed from its header and
 * its answers, with the reason (mentorstat init). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "init_int.h"
#include "text.h"
#include "util.h"

/* ---------- text helpers ---------- */

void ms_init_fold(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && o + 3 < size) {
        unsigned char c = p[0];
        if (c < 0x80) {
            buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            p++;
            continue;
        }
        if (c == 0xD0 && p[1] >= 0x90 && p[1] <= 0x9F) { /* А-П */
            buf[o++] = (char)0xD0, buf[o++] = (char)(p[1] + 0x20);
        } else if (c == 0xD0 && p[1] >= 0xA0 && p[1] <= 0xAF) { /* Р-Я */
            buf[o++] = (char)0xD1, buf[o++] = (char)(p[1] - 0x20);
        } else if ((c == 0xD0 && p[1] == 0x81) || (c == 0xD1 && p[1] == 0x91)) { /* Ё ё */
            buf[o++] = (char)0xD0, buf[o++] = (char)0xB5;
        } else if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94)) { /* – — */
            buf[o++] = '-';
            p += 3;
            continue;
        } else if (p[1]) {
            buf[o++] = (char)c, buf[o++] = (char)p[1];
        } else {
            break;
        }
        p += 2;
    }
    buf[o] = '\0';
}

bool ms_init_has(const char *folded, const char *word) { return strstr(folded, word) != NULL; }

static bool has_any(const char *folded, const char *const *words)
{
    for (; *words; words++)
        if (strstr(folded, *words))
            return true;
    return false;
}

static bool starts(const char *folded, const char *stem)
{
    return !strncmp(folded, stem, strlen(stem));
}

void ms_init_translit(const char *s, char *buf, size_t size, size_t words)
{
    static const char *const lat[] = {"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k",
                                      "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh",
                                      "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"};
    char folded[1024];
    ms_init_fold(s, folded, sizeof folded);
    size_t o = 0, done = 0, wordlen = 0, wordstart = 0;
    const unsigned char *p = (const unsigned char *)folded;
    while (*p && done < words) {
        const char *piece = NULL;
        char one[2] = {0, 0};
        size_t step = 1;
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
            one[0] = (char)*p, piece = one;
        else if (p[0] == 0xD0 && p[1] >= 0xB0 && p[1] <= 0xBF)
            piece = lat[p[1] - 0xB0], step = 2;
        else if (p[0] == 0xD1 && p[1] >= 0x80 && p[1] <= 0x8F)
            piece = lat[16 + p[1] - 0x80], step = 2;
        else if (*p >= 0x80)
            step = p[1] ? 2 : 1;
        if (piece) {
            if (wordlen == 0 && o && o + 1 < size)
                wordstart = o, buf[o++] = '_';
            else if (wordlen == 0)
                wordstart = o;
            for (const char *q = piece; *q && o + 1 < size; q++)
                buf[o++] = *q;
            wordlen++;
        } else if (wordlen) {
            /* words of one or two letters (в, по, от) make no name */
            if (wordlen <= 2)
                o = wordstart;
            else
                done++;
            wordlen = 0;
        }
        p += step;
    }
    if (wordlen && wordlen <= 2)
        o = wordstart;
    while (o && buf[o - 1] == '_')
        o--;
    if (o > 24) { /* names stay short: cut at a word boundary */
        size_t cut = 24;
        while (cut > 8 && buf[cut] != '_')
            cut--;
        o = cut;
    }
    buf[o] = '\0';
    if (!o || (buf[0] >= '0' && buf[0] <= '9'))
        snprintf(buf, size, "q");
}

/* ---------- answer words ---------- */

static const char *const missing_words[] = {"затрудняюсь", "не знаю", "нет ответа",
                                            "не могу ответить", "трудно сказать", "n/a",
                                            "нет мнения", "не определил", NULL};

static bool is_missing_word(const char *folded)
{
    for (const char *const *w = missing_words; *w; w++)
        if (starts(folded, *w))
            return true;
    return false;
}

/* Ladders of answers in words, lowest first; each step lists its stems. */
typedef struct {
    const char *label;      /* written when the step is not among the answers */
    const char *stems[4];
} step;

static const step agree5[] = {
    {"Полностью не согласен", {"полностью не соглас", "совсем не соглас", "категорически не"}},
    {"Скорее не согласен", {"скорее не соглас", "не соглас"}},
    {"Отчасти согласен", {"отчасти", "ни да, ни нет", "нейтрально", "и да, и нет"}},
    {"Скорее согласен", {"скорее соглас"}},
    {"Полностью согласен", {"полностью соглас", "совершенно соглас", "соглас"}},
    {NULL, {NULL}}};
static const step yes4[] = {{"Совсем нет", {"совсем нет", "нет, совсем", "точно нет"}},
                            {"Скорее нет", {"скорее нет"}},
                            {"Скорее да", {"скорее да"}},
                            {"Полностью да", {"полностью да", "да, полностью", "точно да"}},
                            {NULL, {NULL}}};
static const step often5[] = {{"Никогда", {"никогда"}}, {"Редко", {"редко"}},
                              {"Иногда", {"иногда"}},   {"Часто", {"часто"}},
                              {"Всегда", {"всегда"}},   {NULL, {NULL}}};
static const step good5[] = {{"Очень плохо", {"очень плохо"}}, {"Плохо", {"плохо"}},
                             {"Удовлетворительно", {"удовлетвор"}}, {"Хорошо", {"хорошо"}},
                             {"Отлично", {"отлично"}},           {NULL, {NULL}}};
static const step *const ladders[] = {agree5, yes4, often5, good5};

/* The step of a ladder the answer is, -1 if none: the longest stem wins. */
static int ladder_step(const step *l, const char *folded)
{
    int best = -1;
    size_t best_len = 0;
    for (int s = 0; l[s].label; s++)
        for (int k = 0; k < 4 && l[s].stems[k]; k++) {
            size_t n = strlen(l[s].stems[k]);
            if (n > best_len && !strncmp(folded, l[s].stems[k], n) &&
                (folded[n] == '\0' || folded[n] == ' ' || (folded[n] & 0x80) ||
                 (folded[n] >= 'a' && folded[n] <= 'z') == 0))
                best = s, best_len = n;
        }
    return best;
}

/* ---------- the decision ---------- */

typedef struct {
    const ms_init_colstat *c;
    ms_init_column *out;
    char header[1024];   /* folded */
    bool missing[MS_INIT_MAX_DISTINCT];
    size_t n_missing;
    unsigned long long answered; /* non-missing cells */
    bool oom;            /* an allocation failed: the column cannot be drafted */
} decide_ctx;

static void set(ms_init_column *o, ms_vartype t, const char *name, const char *fmt, ...)
    MS_PRINTF(4, 5);

static void set(ms_init_column *o, ms_vartype t, const char *name, const char *fmt, ...)
{
    o->type = t;
    ms_free(o->name);
    o->name = ms_strdup(name);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->reason, sizeof o->reason, fmt, ap);
    va_end(ap);
}

static char *join_choices(decide_ctx *d, ms_sbuf *b)
{
    if (b->failed) {
        d->oom = true;
        ms_sbuf_free(b);
        return NULL;
    }
    return b->s;
}

static void mark_missing(decide_ctx *d)
{
    ms_sbuf b = {0};
    for (size_t i = 0; i < d->c->n_vals; i++) {
        char f[512];
        ms_init_fold(d->c->vals[i].s, f, sizeof f);
        if (is_missing_word(f) && !strchr(d->c->vals[i].s, '|')) {
            d->missing[i] = true;
            ms_sbuf_printf(&b, "%s%s", d->n_missing++ ? "|" : "", d->c->vals[i].s);
        } else {
            d->answered += d->c->vals[i].count;
        }
    }
    d->out->missing = join_choices(d, &b);
}

static bool is_stamp_header(const char *h)
{
    static const char *const w[] = {"отметка времени", "timestamp", "время создания",
                                    "дата и время", "дата заполнения", "время заполнения", NULL};
    return has_any(h, w);
}

/* The scale's range as the question states it: «от 1 до 10», «1 — …, 5 — …». */
static bool range_from_text(const char *h, double *lo, double *hi)
{
    const char *br = strchr(h, '[');
    size_t n = br ? (size_t)(br - h) : strlen(h);
    /* «от A до B» (strtol, not sscanf: a long run of digits must not overflow) */
    for (const char *p = strstr(h, "от "); p && p < h + n; p = strstr(p + 1, "от ")) {
        char *end;
        const char *num = p + strlen("от ");
        if (*num < '0' || *num > '9')
            continue;
        long a = strtol(num, &end, 10);
        if (strncmp(end, " до ", strlen(" до ")) || end[strlen(" до ")] < '0' ||
            end[strlen(" до ")] > '9')
            continue;
        long b = strtol(end + strlen(" до "), &end, 10);
        if (a >= 0 && a < b && b <= 100) {
            *lo = (double)a, *hi = (double)b;
            return true;
        }
    }
    /* «(1-5)», «(0–10)»: a range in parentheses (the header is folded: – is -) */
    for (const char *p = strchr(h, '('); p && p < h + n; p = strchr(p + 1, '(')) {
        char *end;
        if (p[1] < '0' || p[1] > '9')
            continue;
        long a = strtol(p + 1, &end, 10);
        if (*end != '-' || end[1] < '0' || end[1] > '9')
            continue;
        long b = strtol(end + 1, &end, 10);
        if (*end == ')' && (a == 0 || a == 1) && a < b && b <= 100) {
            *lo = (double)a, *hi = (double)b;
            return true;
        }
    }
    int first = -1, last = -1;
    for (const char *p = h; p < h + n; p++) {
        if (*p < '0' || *p > '9' || (p > h && p[-1] >= '0' && p[-1] <= '9'))
            continue;
        char *end;
        long v = strtol(p, &end, 10);
        while (*end == ' ')
            end++;
        if (*end == '-' && (end[1] == ' ' || (unsigned char)end[1] >= 0x80)) {
            if (first < 0)
                first = (int)v;
            last = (int)v;
        }
    }
    if (first >= 0 && first < last && last <= 100) {
        *lo = first, *hi = last;
        return true;
    }
    return false;
}

/* «Сколько часов…», «Скольких наставляемых…», "How many…": a count, not a
 * rating, however small its whole-number answers are. */
static bool asks_how_many(const char *header)
{
    static const char *const words[] = {"сколько", "скольк", "количество", "число ", "how many",
                                        "number of"};
    ms_field h = ms_field_trim((ms_field){header, strlen(header)});
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (ms_prefix_ci(h, words[i]))
            return true;
    return false;
}

static bool decide_numeric(decide_ctx *d)
{
    const ms_init_colstat *c = d->c;
    ms_init_column *o = d->out;
    if (c->numbers != d->answered || d->answered == 0)
        return false;
    double lo, hi;
    bool text = range_from_text(d->header, &lo, &hi);
    if (asks_how_many(d->header) && !text) {
        set(o, MS_TYPE_NUMBER, "", "число: вопрос о количестве («Сколько…»), в ответах числа %g–%g",
            c->min, c->max);
        return true;
    }
    if (c->ints == c->numbers && c->min >= 0 && c->max <= (text ? hi : 10)) {
        if (!text) {
            lo = c->min >= 1 ? 1 : 0;
            hi = c->max <= 4 ? 4 : c->max <= 5 ? 5 : c->max <= 7 ? 7 : 10;
            o->check = true;
        }
        set(o, MS_TYPE_SCALE, "", "шкала %g–%g: в ответах только целые числа %g–%g%s", lo, hi,
            c->min, c->max,
            text ? ", диапазон из текста вопроса" : "; диапазон по ответам — ПРОВЕРЬТЕ");
        o->has_range = true, o->min = lo, o->max = hi;
        return true;
    }
    set(o, MS_TYPE_NUMBER, "", "число: в ответах только числа (%g–%g)", c->min, c->max);
    return true;
}

static bool decide_ladder(decide_ctx *d)
{
    const ms_init_colstat *c = d->c;
    for (size_t l = 0; l < sizeof ladders / sizeof *ladders; l++) {
        const step *lad = ladders[l];
        const char *seen[8] = {0};
        size_t n_seen = 0, n_steps = 0;
        bool all = d->answered > 0;
        while (lad[n_steps].label)
            n_steps++;
        for (size_t i = 0; all && i < c->n_vals; i++) {
            if (d->missing[i])
                continue;
            char f[512];
            ms_init_fold(c->vals[i].s, f, sizeof f);
            int s = ladder_step(lad, f);
            if (s < 0 || (seen[s] && strcmp(seen[s], c->vals[i].s)))
                all = false;
            else if (!seen[s])
                seen[s] = c->vals[i].s, n_seen++;
        }
        if (!all || n_seen < 2 || c->overflow)
            continue;
        ms_sbuf b = {0};
        for (size_t s = 0; s < n_steps; s++)
            ms_sbuf_printf(&b, "%s%zu=%s", s ? "|" : "", s + 1, seen[s] ? seen[s] : lad[s].label);
        d->out->choices = join_choices(d, &b);
        set(d->out, MS_TYPE_SCALE, "", "шкала 1–%zu: ответы словами из лесенки «%s … %s»",
            n_steps, lad[0].label, lad[n_steps - 1].label);
        d->out->has_range = true, d->out->min = 1, d->out->max = (double)n_steps;
        return true;
    }
    return false;
}

/* 1 yes, 0 no, -1 neither. */
static int yes_no_word(const char *f, bool consent)
{
    if (starts(f, "нет") || starts(f, "no") || starts(f, "не ") || starts(f, "false"))
        return 0;
    if (starts(f, "да") || starts(f, "yes") || starts(f, "true") ||
        (consent && (starts(f, "соглас") || starts(f, "даю") || starts(f, "i agree"))))
        return f[0] && (consent || !strcmp(f, "да") || !strcmp(f, "yes") || !strcmp(f, "true"))
                   ? 1
                   : -1;
    return -1;
}

static bool decide_yesno(decide_ctx *d, bool consent)
{
    const ms_init_colstat *c = d->c;
    const char *word[2] = {NULL, NULL};
    if (c->overflow || d->answered == 0)
        return false;
    for (size_t i = 0; i < c->n_vals; i++) {
        if (d->missing[i])
            continue;
        char f[512];
        ms_init_fold(c->vals[i].s, f, sizeof f);
        int yn = yes_no_word(f, consent);
        if (!consent && strcmp(f, "да") && strcmp(f, "нет") && strcmp(f, "yes") && strcmp(f, "no"))
            return false;
        if (yn < 0 || (word[yn] && strcmp(word[yn], c->vals[i].s))) {
            d->out->check = true; /* a third answer: rows giving it will be quarantined */
            continue;
        }
        word[yn] = c->vals[i].s;
        if (strchr(word[yn], '|') || strchr(word[yn], '='))
            return false;
    }
    ms_sbuf b = {0};
    ms_sbuf_printf(&b, "1=%s|0=%s", word[1] ? word[1] : "Да", word[0] ? word[0] : "Нет");
    d->out->choices = join_choices(d, &b);
    return true;
}

/* ---------- multiple answers in one cell ---------- */

typedef struct {
    const char *s;
    size_t len;
    unsigned long long count;
} option;

typedef struct {
    option opt[64];
    size_t n;
} option_set;

static long find_option(const option_set *os, const char *s, size_t len)
{
    for (size_t i = 0; i < os->n; i++)
        if (os->opt[i].len == len && !memcmp(os->opt[i].s, s, len))
            return (long)i;
    return -1;
}

/* Can s[0..len) be cut at separators into known options?  *pieces gets the
 * most pieces any such cut has.  Dynamic programming over the (at most 16)
 * separators, so an answer of many parts costs no more than their square. */
static bool segment(const option_set *os, const char *s, size_t len, const char *sep,
                    size_t *pieces)
{
    enum { MAX_CUTS = 18 };
    size_t sl = strlen(sep), start[MAX_CUTS], stop[MAX_CUTS], n = 0;
    int best[MAX_CUTS]; /* most pieces reaching cut k, -1 unreachable */
    start[n++] = 0;
    for (size_t i = 0; i + sl <= len && n < MAX_CUTS - 1; i++)
        if (!memcmp(s + i, sep, sl)) {
            stop[n - 1] = i;
            start[n++] = i + sl;
        }
    stop[n - 1] = len;
    /* piece from cut a to the end of part b: s[start[a] .. stop[b]) */
    for (size_t b = 0; b < n; b++) {
        best[b] = -1;
        for (size_t a = 0; a <= b; a++) {
            int before = a ? best[a - 1] : 0;
            if (before >= 0 && find_option(os, s + start[a], stop[b] - start[a]) >= 0 &&
                before + 1 > best[b])
                best[b] = before + 1;
        }
    }
    *pieces = best[n - 1] > 0 ? (size_t)best[n - 1] : 0;
    return best[n - 1] > 0;
}

static size_t count_sep(const char *s, const char *sep)
{
    size_t n = 0;
    for (const char *p = strstr(s, sep); p; p = strstr(p + 1, sep))
        n++;
    return n;
}

/* Strip known options from both ends of an answer that is no combination of
 * them: what is left is an option that is never ticked alone. */
static void peel(const option_set *os, const char **s, size_t *len, const char *sep)
{
    size_t sl = strlen(sep);
    for (bool again = true; again;) {
        again = false;
        for (size_t k = 0; k < os->n; k++) {
            size_t n = os->opt[k].len;
            if (*len > n + sl && !memcmp(*s, os->opt[k].s, n) && !memcmp(*s + n, sep, sl)) {
                *s += n + sl, *len -= n + sl, again = true;
            } else if (*len > n + sl && !memcmp(*s + *len - n, os->opt[k].s, n) &&
                       !memcmp(*s + *len - n - sl, sep, sl)) {
                *len -= n + sl, again = true;
            }
        }
    }
    while (*len && **s == ' ')
        (*s)++, (*len)--;
}

/* The options are the answers that stand alone plus, in order of length,
 * every answer that is not a combination of those already known: so an
 * option whose label holds the separator («в группе, очно») stays whole. */
static bool find_options(decide_ctx *d, const char *sep, option_set *os, size_t *combos)
{
    const ms_init_colstat *c = d->c;
    os->n = 0;
    *combos = 0;
    for (size_t i = 0; i < c->n_vals; i++) /* more parts than a form has options: no multi */
        if (!d->missing[i] && count_sep(c->vals[i].s, sep) >= 16)
            return false;
    for (size_t parts = 0; parts < 16; parts++)
        for (size_t i = 0; i < c->n_vals; i++) {
            if (d->missing[i] || count_sep(c->vals[i].s, sep) != parts)
                continue;
            size_t pieces = 0;
            if (parts && segment(os, c->vals[i].s, c->vals[i].len, sep, &pieces) && pieces > 1) {
                (*combos)++;
                continue;
            }
            const char *s = c->vals[i].s;
            size_t len = c->vals[i].len;
            peel(os, &s, &len, sep);
            *combos += len < c->vals[i].len;
            if (find_option(os, s, len) >= 0)
                continue;
            if (os->n == sizeof os->opt / sizeof *os->opt)
                return false;
            os->opt[os->n++] = (option){s, len, 0};
        }
    return true;
}

/* Options in the order of their labels' bytes (alphabetical for Russian but
 * ё): the same in every export, whatever order the answers came in. */
static int by_label(const void *a, const void *b)
{
    const option *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Sorted options without those the loader would take for one another
 * (it matches labels ignoring case). */
static void unique_ci(option_set *os)
{
    size_t kept = 0;
    for (size_t k = 0; k < os->n; k++) {
        bool dup = false;
        for (size_t j = 0; j < kept && !dup; j++) {
            char other[1024]; /* options are substrings of answers: one made a string */
            snprintf(other, sizeof other, "%.*s", (int)os->opt[j].len, os->opt[j].s);
            dup = ms_field_equal_ci((ms_field){os->opt[k].s, os->opt[k].len}, other);
        }
        if (!dup)
            os->opt[kept++] = os->opt[k];
    }
    os->n = kept;
}

/* Options ticked by one respondent only: in a Forms download the text typed
 * into «Другое» is appended as one more option, so these are often free text. */
static size_t lone_options(const decide_ctx *d, const option_set *os)
{
    size_t lone = 0;
    for (size_t k = 0; k < os->n; k++) {
        char opt[1024];
        unsigned long long chosen = 0;
        snprintf(opt, sizeof opt, "%.*s", (int)os->opt[k].len, os->opt[k].s);
        for (size_t i = 0; i < d->c->n_vals && chosen < 2; i++)
            if (!d->missing[i] && strstr(d->c->vals[i].s, opt))
                chosen += d->c->vals[i].count;
        lone += chosen == 1;
    }
    return lone;
}

static bool decide_multi(decide_ctx *d)
{
    const ms_init_colstat *c = d->c;
    const char *sep = c->semicolons ? ";" : ", ";
    option_set os;
    size_t combos;
    /* open answers repeat too: combinations must be common, not one in twenty */
    if (c->overflow || !find_options(d, sep, &os, &combos) || combos == 0 || os.n > 30 ||
        combos * 3 < os.n)
        return false;
    for (size_t k = 0; k < os.n; k++)
        if (memchr(os.opt[k].s, '|', os.opt[k].len) || memchr(os.opt[k].s, '=', os.opt[k].len))
            return false;
    qsort(os.opt, os.n, sizeof *os.opt, by_label);
    unique_ci(&os);
    ms_sbuf b = {0};
    for (size_t k = 0; k < os.n; k++)
        ms_sbuf_printf(&b, "%s%zu=%.*s", k ? "|" : "", k + 1, (int)os.opt[k].len, os.opt[k].s);
    d->out->choices = join_choices(d, &b);
    set(d->out, MS_TYPE_MULTI, "",
        "несколько ответов: варианты (%zu) через «%s» объясняют все ответы, сочетаний: %zu", os.n,
        sep, combos);
    size_t lone = os.n >= 4 ? lone_options(d, &os) : 0;
    if (lone) {
        size_t n = strlen(d->out->reason);
        snprintf(d->out->reason + n, sizeof d->out->reason - n,
                 "; выбранных одним человеком: %zu — не свой ли это ответ «Другое»? В отчёте "
                 "варианты видны — ПРОВЕРЬТЕ", lone);
        d->out->check = true;
    }
    return true;
}

static bool decide_choice(decide_ctx *d)
{
    const ms_init_colstat *c = d->c;
    size_t distinct = c->n_vals - d->n_missing;
    if (c->overflow || distinct == 0 || distinct > 12 ||
        (distinct > 3 && (double)distinct > 0.5 * (double)d->answered))
        return false;
    /* open questions repeat answers too: many given once, or a question asking why/what */
    static const char *const open_w[] = {"что ", "чего ", "почему", "опишите", "предложени",
                                         "комментар", "пожелани", "расскажите", NULL};
    size_t once = 0;
    for (size_t i = 0; i < c->n_vals; i++)
        once += !d->missing[i] && c->vals[i].count == 1;
    if ((distinct > 5 && once * 3 > distinct) || (distinct > 4 && has_any(d->header, open_w)))
        return false;
    option_set os = {.n = 0};
    for (size_t i = 0; i < c->n_vals; i++) {
        if (d->missing[i])
            continue;
        if (strchr(c->vals[i].s, '|') || strchr(c->vals[i].s, '=') || c->vals[i].len > 120)
            return false;
        os.opt[os.n++] = (option){c->vals[i].s, c->vals[i].len, c->vals[i].count};
    }
    qsort(os.opt, os.n, sizeof *os.opt, by_label);
    unique_ci(&os);
    ms_sbuf b = {0};
    for (size_t k = 0; k < os.n; k++)
        ms_sbuf_printf(&b, "%s%zu=%s", k ? "|" : "", k + 1, os.opt[k].s);
    d->out->choices = join_choices(d, &b);
    static const char *const group_words[] = {"форма наставничества", "форму наставничества",
                                              "форм наставничества", "роль", "класс", "школ",
                                              "организац", "параллел", "group", "role", NULL};
    if (has_any(d->header, group_words)) {
        const char *name = ms_init_has(d->header, "форм") ? "form"
                           : ms_init_has(d->header, "рол") || ms_init_has(d->header, "role") ? "role"
                           : ms_init_has(d->header, "класс") ? "class"
                           : "school";
        set(d->out, MS_TYPE_GROUP, name, "группа: вопрос о форме/роли/классе/школе, разных ответов: %zu",
            distinct);
    } else {
        set(d->out, MS_TYPE_CHOICE, "", "выбор одного: разных ответов: %zu", distinct);
    }
    return true;
}

static bool decide_by_header(decide_ctx *d, bool has_year)
{
    const ms_init_colstat *c = d->c;
    ms_init_column *o = d->out;
    const char *h = d->header;
    unsigned long long n = c->nonempty;
    static const char *const email_w[] = {"почт", "e-mail", "email", NULL};
    static const char *const phone_w[] = {"телефон", "phone", NULL};
    static const char *const name_w[] = {"фио", "фамили", "имя", "отчество", "name", NULL};
    static const char *const code_w[] = {"код", "code", "шифр", "номер участ", NULL};
    if (n == 0 && !*c->header) { /* Excel's save of a sheet with formatted empty columns */
        set(o, MS_TYPE_IGNORE, "", "столбец без заголовка и без ответов (лишний разделитель): не нужен");
    } else if (n == 0) {
        set(o, MS_TYPE_IGNORE, "", "пустой столбец: ни одного ответа — ПРОВЕРЬТЕ");
        o->check = true;
    } else if (is_stamp_header(h) || c->stamps == n) {
        if (has_year)
            set(o, MS_TYPE_IGNORE, "timestamp", "время ответа; год взят из столбца года");
        else {
            set(o, MS_TYPE_YEAR, "year",
                "год из отметки времени: учебный год (сентябрь–август) по году его окончания");
            o->derive = "school_year";
            if (c->dates < n) { /* the loader quarantines those rows */
                size_t len = strlen(o->reason);
                snprintf(o->reason + len, sizeof o->reason - len,
                         "; не дата в %llu из %llu ячеек: эти строки уйдут в карантин — ПРОВЕРЬТЕ",
                         n - c->dates, n);
                o->check = true;
            }
            d->oom |= !(o->label = ms_strdup("Учебный год"));
        }
    } else if (!strcmp(h, "id")) {
        set(o, MS_TYPE_IGNORE, "response_id", "номер ответа в выгрузке (Яндекс Формы): не нужен");
    } else if (has_any(h, email_w) || c->emails * 2 > n) {
        set(o, MS_TYPE_PERSONAL, "email", "адрес электронной почты: личное, не выводится");
    } else if (has_any(h, phone_w) || c->phones * 2 > n) {
        set(o, MS_TYPE_PERSONAL, "phone", "телефон: личное, не выводится");
    } else if (has_any(h, code_w) && (ms_init_has(h, "пар") || ms_init_has(h, "pair"))) {
        set(o, MS_TYPE_PAIR, "pair", "код пары: связывает ответы пары, не выводится");
    } else if (has_any(h, code_w)) {
        set(o, MS_TYPE_ID, "id", "код участника: связывает анкеты, не выводится");
    } else if (has_any(h, name_w) && !ms_init_has(h, "[")) {
        set(o, MS_TYPE_PERSONAL, "fio", "фамилия, имя: личное, не выводится");
    } else if ((ms_init_has(h, "соглас") &&
                (ms_init_has(h, "персональн") || ms_init_has(h, "обработк"))) ||
               ms_init_has(h, "consent")) {
        if (c->controls || !decide_yesno(d, true))
            o->check = true;
        set(o, MS_TYPE_CONSENT, "consent",
            "согласие на обработку данных: строки без согласия исключаются%s",
            o->check ? "; не все ответы поняты как да/нет — ПРОВЕРЬТЕ" : "");
    } else if ((!strcmp(h, "год") || !strcmp(h, "year") || starts(h, "год ")) &&
               c->ints == n && c->min >= 1990 && c->max <= 2100) {
        set(o, MS_TYPE_YEAR, "year", "год: целые числа %g–%g", c->min, c->max);
    } else {
        return false;
    }
    return true;
}

static bool decide_wave(decide_ctx *d)
{
    const ms_init_colstat *c = d->c;
    const char *entry = NULL, *exit_ = NULL;
    if (c->overflow || c->n_vals - d->n_missing != 2)
        return false;
    for (size_t i = 0; i < c->n_vals; i++) {
        char f[256];
        ms_init_fold(c->vals[i].s, f, sizeof f);
        if (d->missing[i])
            continue;
        if (starts(f, "вход") || starts(f, "entry") || starts(f, "до ") || starts(f, "pre") ||
            starts(f, "начал"))
            entry = c->vals[i].s;
        else if (starts(f, "итог") || starts(f, "exit") || starts(f, "после") ||
                 starts(f, "post") || starts(f, "конеч") || starts(f, "выход"))
            exit_ = c->vals[i].s;
    }
    if (!entry || !exit_ || strchr(entry, '|') || strchr(exit_, '|'))
        return false;
    ms_sbuf b = {0};
    ms_sbuf_printf(&b, "1=%s|2=%s", entry, exit_);
    d->out->choices = join_choices(d, &b);
    set(d->out, MS_TYPE_WAVE, "wave", "этап: ответы «%s» и «%s»", entry, exit_);
    return true;
}

/* A word of the list at the start of a word of the text. */
static bool has_word(const char *folded, const char *const *words)
{
    for (; *words; words++)
        for (const char *p = strstr(folded, *words); p; p = strstr(p + 1, *words))
            if (p == folded || p[-1] == ' ' || p[-1] == '(' || p[-1] == '[')
                return true;
    return false;
}

void ms_init_flag_negative(ms_init_column *o)
{
    static const char *const neg[] = {"не хватало", "не хватил", "трудно", "сложно", "мешал",
                                      "не понрав", "не было", "не получ", "не удалось", NULL};
    char f[1024];
    ms_init_fold(o->label ? o->label : o->source, f, sizeof f);
    if (o->type != MS_TYPE_SCALE || !has_word(f, neg))
        return;
    o->negative = o->check = true;
    size_t n = strlen(o->reason);
    snprintf(o->reason + n, sizeof o->reason - n,
             "; отрицательная формулировка: обратный ли вопрос (reverse = 1)? ПРОВЕРЬТЕ");
}

void ms_init_decide(const ms_init_colstat *c, ms_init_column *o, bool has_year)
{
    decide_ctx *d = ms_calloc(1, sizeof *d);
    if (!d) {
        set(o, MS_TYPE_IGNORE, "", "out of memory");
        o->check = true;
        return;
    }
    d->c = c, d->out = o;
    ms_init_fold(c->header, d->header, sizeof d->header);
    mark_missing(d);
    bool words = !c->controls; /* answers with control characters are never listed */
    if (!decide_by_header(d, has_year)) {
        if (decide_numeric(d) || (words && (decide_ladder(d) || decide_wave(d))))
            ;
        else if (c->numbers * 2 >= d->answered && c->numbers < d->answered) {
            set(o, MS_TYPE_TEXT, "",
                "текст: числа и слова вперемешку (чисел %llu из %llu) — ПРОВЕРЬТЕ, не шкала ли это",
                c->numbers, d->answered);
            o->check = true;
        }
        else if (words && decide_yesno(d, false))
            set(o, MS_TYPE_YESNO, "", "да/нет: в ответах только «да» и «нет»");
        else if (words && !c->contacts && (decide_multi(d) || decide_choice(d)))
            ;
        else if (c->sumlen / (double)c->nonempty >= 20 || c->n_vals > 12 || c->overflow) {
            set(o, MS_TYPE_TEXT, "", "текст: %s разных ответов, в среднем %.0f знаков",
                c->overflow ? "сотни" : "много", c->sumlen / (double)c->nonempty);
        } else {
            set(o, MS_TYPE_PERSONAL, "",
                "короткие разные ответы (имена? коды?): не выводятся — ПРОВЕРЬТЕ");
            o->check = true;
        }
    }
    if (o->type != MS_TYPE_SCALE && o->type != MS_TYPE_NUMBER &&
        !ms_vartype_is_categorical(o->type)) { /* a choice's «Не знаю» is no level */
        ms_free(o->missing);
        o->missing = NULL;
    }
    if (!ms_vartype_is_categorical(o->type) && o->type != MS_TYPE_SCALE &&
        o->type != MS_TYPE_CONSENT) {
        ms_free(o->choices); /* never a value of text or personal columns */
        o->choices = NULL;
    }
    if (d->oom) { /* the caller sees a column without a name as out of memory */
        ms_free(o->name);
        o->name = NULL;
    }
    ms_free(d);
}
