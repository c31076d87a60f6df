/* init_infer.c — the type of one export column, guessed from its header and
 * its answers, with the reason (mentorstat init). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "init_int.h"
#include "text.h"
#include "util.h"
#include "cnum.h"

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

/* A letter (ASCII or Cyrillic, folded text) ends at p[-1] / begins at p[0]. */
static bool letter_before(const char *text, const char *p)
{
    unsigned char b = p > text ? (unsigned char)p[-1] : 0;
    if (b < 0x80)
        return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9');
    /* a continuation byte: a letter when its lead is Cyrillic (0xD0, 0xD1) */
    return b < 0xC0 && p - 1 > text && ((unsigned char)p[-2] == 0xD0 || (unsigned char)p[-2] == 0xD1);
}

static bool letter_at(const char *p)
{
    unsigned char b = (unsigned char)*p;
    return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == 0xD0 || b == 0xD1;
}

/* `word` at the start of a word of `folded` («почт» is in «почты», not in
 * «предпочтения»); a trailing '$' asks for the whole word («код$» is not in
 * «коде»).  A word that begins with no letter ("[", " от") is found anywhere. */
bool ms_init_has(const char *folded, const char *word)
{
    size_t n = strlen(word);
    bool whole = n && word[n - 1] == '$';
    n -= whole;
    bool lead = n && letter_at(word);
    char w[64];
    if (n == 0 || n >= sizeof w)
        return n == 0;
    memcpy(w, word, n);
    w[n] = '\0';
    for (const char *p = strstr(folded, w); p; p = strstr(p + 1, w))
        if (!(lead && letter_before(folded, p)) && !(whole && letter_at(p + n)))
            return true;
    return false;
}

static bool has_any(const char *folded, const char *const *words)
{
    for (; *words; words++)
        if (ms_init_has(folded, *words))
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
        ms_c_snprintf(buf, size, "q");
}

/* ---------- answer words ---------- */

static const char *const missing_words[] = {"затрудняюсь", "не знаю", "нет ответа",
                                            "не могу ответить", "трудно сказать", "n/a",
                                            "нет мнения", "не определил", "don't know",
                                            "not applicable", NULL};

/* A don't-know answer, a lone dash ("-", «—»: nothing to say), or R's NA
 * (readr and write.csv write it for no answer). */
static bool is_missing_word(const char *folded)
{
    if (!strcmp(folded, "-") || !strcmp(folded, "na"))
        return true;
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
static const step sat5[] = {
    {"Совсем не удовлетворён", {"совсем не удовлетвор", "совершенно не удовлетвор", "очень недовол"}},
    {"Скорее не удовлетворён", {"скорее не удовлетвор", "не удовлетвор", "недовол"}},
    {"Нейтрально", {"нейтрально", "ни то, ни другое", "затрудняюсь"}},
    {"Скорее удовлетворён", {"скорее удовлетвор", "скорее довол", "удовлетворен", "доволен"}},
    {"Полностью удовлетворён", {"полностью удовлетвор", "очень довол", "полностью довол"}},
    {NULL, {NULL}}};
static const step sure4[] = {{"Совсем не уверен", {"совсем не уверен", "не уверен"}},
                             {"Скорее не уверен", {"скорее не уверен"}},
                             {"Скорее уверен", {"скорее уверен", "уверен"}},
                             {"Полностью уверен", {"полностью уверен", "очень уверен"}},
                             {NULL, {NULL}}};
/* English ladders of Google Forms, Qualtrics and Microsoft Forms templates */
static const step agree5_en[] = {
    {"Strongly disagree", {"strongly disagree"}},
    {"Disagree", {"disagree", "somewhat disagree", "tend to disagree"}},
    {"Neither agree nor disagree", {"neither agree nor disagree", "neutral", "undecided"}},
    {"Agree", {"agree", "somewhat agree", "tend to agree"}},
    {"Strongly agree", {"strongly agree"}},
    {NULL, {NULL}}};
static const step extent5_en[] = {{"Not at all", {"not at all"}},
                                  {"Slightly", {"slightly", "a little"}},
                                  {"Moderately", {"moderately", "somewhat"}},
                                  {"Very", {"very", "quite"}},
                                  {"Extremely", {"extremely", "completely"}},
                                  {NULL, {NULL}}};
static const step sat5_en[] = {
    {"Very dissatisfied", {"very dissatisfied", "very unsatisfied"}},
    {"Dissatisfied", {"dissatisfied", "somewhat dissatisfied", "unsatisfied"}},
    {"Neither satisfied nor dissatisfied", {"neither satisfied nor dissatisfied", "neutral"}},
    {"Satisfied", {"satisfied", "somewhat satisfied"}},
    {"Very satisfied", {"very satisfied", "extremely satisfied"}},
    {NULL, {NULL}}};
static const step often5_en[] = {{"Never", {"never"}},
                                 {"Rarely", {"rarely", "seldom"}},
                                 {"Sometimes", {"sometimes", "occasionally"}},
                                 {"Often", {"often", "very often", "usually", "frequently"}},
                                 {"Always", {"always"}},
                                 {NULL, {NULL}}};
static const step good5_en[] = {{"Poor", {"poor", "very poor"}},
                                {"Fair", {"fair"}},
                                {"Good", {"good"}},
                                {"Very good", {"very good"}},
                                {"Excellent", {"excellent"}},
                                {NULL, {NULL}}};
static const step sure4_en[] = {
    {"Not confident", {"not confident", "not at all confident", "not very confident"}},
    {"Slightly confident", {"slightly confident", "a little confident", "somewhat confident"}},
    {"Fairly confident", {"fairly confident", "moderately confident", "confident"}},
    {"Very confident", {"very confident", "extremely confident", "completely confident"}},
    {NULL, {NULL}}};
static const step likely5_en[] = {{"Very unlikely", {"very unlikely", "extremely unlikely"}},
                                  {"Unlikely", {"unlikely", "somewhat unlikely"}},
                                  {"Neither likely nor unlikely", {"neither likely nor unlikely"}},
                                  {"Likely", {"likely", "somewhat likely"}},
                                  {"Very likely", {"very likely", "extremely likely"}},
                                  {NULL, {NULL}}};
static const step *const ladders[] = {agree5,     yes4,      often5,    good5,    sat5,
                                      sure4,      agree5_en, extent5_en, sat5_en, often5_en,
                                      good5_en,   sure4_en,  likely5_en};

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
    ms_c_vsnprintf(o->reason, sizeof o->reason, fmt, ap);
    va_end(ap);
}

static char *join_choices(decide_ctx *d, ms_sbuf *b)
{
    if (b->failed) {
        d->oom = true;
        ms_sbuf_free(b);
        return NULL;
    }
    if (!b->len && !b->cap) /* nothing was appended: no list */
        return NULL;
    return ms_sbuf_take(b);
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

/* The first answer the loader's date grammar does not read in the column's
 * order, or NULL when it reads them all (a derivation is drafted only then). */
static const char *first_non_date(const ms_init_colstat *c, bool day_first)
{
    ms_datetime dt;
    for (size_t i = 0; i < c->n_vals; i++)
        if (!ms_datetime_parse_order(c->vals[i].s, c->vals[i].len, day_first, &dt))
            return c->vals[i].s;
    return NULL;
}

/* A column's slashed dates are day first (24/04/2025, most locales' Google
 * Forms) when some cell can only be read so and none only month first
 * (Google's US download): one order for the whole column.  A column of
 * dates both orders read (03/04/2025 only) stays month first, Google's US
 * download, as before. */
static bool day_first_column(const ms_init_colstat *c)
{
    return c->dmy_only > 0 && c->mdy_only == 0;
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
    /* «по 5-балльной шкале», «10-балльная»: 1 to N */
    for (const char *p = strstr(h, "-балльн"); p && p < h + n; p = NULL) {
        const char *q = p;
        while (q > h && q[-1] >= '0' && q[-1] <= '9')
            q--;
        long b = q < p ? strtol(q, NULL, 10) : 0;
        if (b >= 3 && b <= 100) {
            *lo = 1, *hi = (double)b;
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
    double lo = 0, hi = 0;
    bool text = range_from_text(d->header, &lo, &hi);
    text = text && c->min >= lo; /* a stated range the answers leave is no range to trust */
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
            text ? ", диапазон из текста вопроса"
                 : "; диапазон — ближайшая обычная шкала (0 или 1 – 4, 5, 7, 10) — ПРОВЕРЬТЕ");
        o->has_range = true, o->min = lo, o->max = hi;
        o->range_guessed = !text, o->seen_min = c->min, o->seen_max = c->max;
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
    /* the answer nobody gave in the language of the one given: Yes beside No */
    const char *given = word[1] ? word[1] : word[0];
    bool en = given && (unsigned char)given[0] < 0x80;
    ms_sbuf b = {0};
    ms_sbuf_printf(&b, "1=%s|0=%s", word[1] ? word[1] : en ? "Yes" : "Да",
                   word[0] ? word[0] : en ? "No" : "Нет");
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

/* ---------- options recovered from every cell ----------
 *
 * A form joins the options a person ticked with one separator: Google Forms
 * ", ", Google Sheets and Yandex ";" or "; ", Qualtrics ",".  Every cell is cut
 * at it into pieces; a piece that begins with a small letter and always comes
 * right after one same piece continues it, so «Да, но редко» and «в группе,
 * очно» stay whole (not at ';', which no option holds).  A piece ticked by two people or more is an option; a
 * piece given by one person only is the text typed into «Другое», the residue.
 * All of it is counted over the distinct answers with their counts, so the
 * result does not depend on the order of the rows. */

enum { MAX_PIECES = 256 };

typedef struct {
    const char *s;
    size_t len;
    unsigned long long people; /* cells holding the piece */
    const char *pred;          /* the part before it in the answers, when always the same */
    size_t pred_len;
    bool mixed;                /* stands first somewhere, or after different parts */
    bool alone;                /* a whole answer by itself */
    bool before_option;        /* somewhere right before an option (a piece of two people or
                                  more): no «Другое» text, which a form writes last */
} piece;

typedef struct {
    piece p[MAX_PIECES];
    size_t n;
    bool full;          /* more distinct pieces than MAX_PIECES */
    unsigned long long combos; /* answers of two options or more */
    bool joined;        /* an answer joins a piece others gave alone: options, not labels */
    bool all_alone;     /* every part of every joined answer is also an answer alone */
} pieces;

static bool small_letter(const char *s, size_t len)
{
    unsigned char a = len ? (unsigned char)s[0] : 0, b = len > 1 ? (unsigned char)s[1] : 0;
    return (a >= 'a' && a <= 'z') || (a == 0xD0 && b >= 0xB0 && b <= 0xBF) ||
           (a == 0xD1 && b >= 0x80 && b <= 0x8F) || (a == 0xD1 && b == 0x91);
}

static void trim_span(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t'))
        (*s)++, (*len)--;
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

/* Cut one answer at sep into its trimmed non-empty parts (at most max). */
static size_t cut(const char *s, size_t len, const char *sep, const char **ps, size_t *pl,
                  size_t max)
{
    size_t sl = strlen(sep), n = 0, start = 0;
    int open = 0; /* brackets open in this part: «Приложения (Todo, Notion)» is one */
    for (size_t i = 0; i <= len && n < max; i++) {
        if (i < len) {
            open += (s[i] == '(') - (s[i] == ')');
            if (i + sl > len || memcmp(s + i, sep, sl) || open > 0)
                continue;
        }
        const char *q = s + start;
        size_t ql = i - start;
        trim_span(&q, &ql);
        /* an answer ending in the separator («Стартапер, », trimmed «Стартапер,») */
        if (i == len && sl > 1 && ql && q[ql - 1] == sep[0] && sep[sl - 1] == ' ')
            ql--, trim_span(&q, &ql);
        open = 0;
        if (ql)
            ps[n] = q, pl[n] = ql, n++;
        start = i + sl;
        i += sl ? sl - 1 : 0;
    }
    return n;
}

static piece *piece_of(pieces *ps, const char *s, size_t len)
{
    for (size_t k = 0; k < ps->n; k++)
        if (ps->p[k].len == len && !memcmp(ps->p[k].s, s, len))
            return &ps->p[k];
    if (ps->n == MAX_PIECES) {
        ps->full = true;
        return NULL;
    }
    ps->p[ps->n] = (piece){s, len, 0, NULL, 0, false, false, false};
    return &ps->p[ps->n++];
}

/* The parts of one answer after gluing continuations («но редко») onto the
 * part before them (known from a first pass over every answer, `ps`). */
static size_t parts_of(const pieces *ps, const char *s, size_t len, const char *sep,
                       const char **out, size_t *outl, size_t max)
{
    enum { MAX_PARTS = 32 };
    const char *q[MAX_PARTS];
    size_t ql[MAX_PARTS], n = cut(s, len, sep, q, ql, MAX_PARTS), m = 0;
    for (size_t j = 0; j < n; j++) {
        bool glue = false;
        for (size_t k = 0; ps && j && k < ps->n && !glue; k++)
            glue = !ps->p[k].mixed && ps->p[k].len == ql[j] && !memcmp(ps->p[k].s, q[j], ql[j]);
        if (m && glue) {
            outl[m - 1] = (size_t)(q[j] + ql[j] - out[m - 1]); /* to the end of this part */
            continue;
        }
        if (m < max)
            out[m] = q[j], outl[m] = ql[j], m++;
    }
    return m;
}

/* First pass: which parts continue the one before them. */
static bool find_continuations(const decide_ctx *d, const char *sep, pieces *ps)
{
    const ms_init_colstat *c = d->c;
    const char *q[32];
    size_t ql[32];
    ps->n = 0;
    if (strcmp(sep, ";") == 0)
        return true;
    for (size_t i = 0; i < c->n_vals; i++) {
        if (d->missing[i])
            continue;
        size_t n = cut(c->vals[i].s, c->vals[i].len, sep, q, ql, 32);
        for (size_t j = 0; j < n; j++) {
            piece *p = piece_of(ps, q[j], ql[j]);
            if (!p)
                return false;
            if (!j || !small_letter(q[j], ql[j]))
                p->mixed = true;
            else if (!p->pred)
                p->pred = q[j - 1], p->pred_len = ql[j - 1];
            else if (p->pred_len != ql[j - 1] || memcmp(p->pred, q[j - 1], ql[j - 1]))
                p->mixed = true;
        }
    }
    return true;
}

/* The counted piece that is q[0..ql), or NULL. */
static piece *find_piece(pieces *ps, const char *q, size_t ql)
{
    for (size_t k = 0; k < ps->n; k++)
        if (ps->p[k].len == ql && !memcmp(ps->p[k].s, q, ql))
            return &ps->p[k];
    return NULL;
}

/* Every answer's parts as pieces of ps: which piece stands right before an
 * option, and in how many answers (people) a residue piece — given once and
 * before no option — stands.  A form writes the text typed into «Другое»
 * after the options ticked («…, Что ни говори, а россикий юг это родное,
 * Турция - дешево и сердито»: the middle part is an option one person chose;
 * «…, Артхаус, Порно» at the end is one person's text holding a comma). */
static unsigned long long residue_answers(const decide_ctx *d, const char *sep,
                                          const pieces *starts, pieces *ps)
{
    const ms_init_colstat *c = d->c;
    const char *q[32];
    size_t ql[32];
    unsigned long long people = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < c->n_vals; i++) {
            if (d->missing[i])
                continue;
            size_t m = parts_of(starts, c->vals[i].s, c->vals[i].len, sep, q, ql, 32);
            bool residue = false;
            for (size_t j = 0; j < m; j++) {
                piece *p = find_piece(ps, q[j], ql[j]), *next;
                if (!pass && p && j + 1 < m && (next = find_piece(ps, q[j + 1], ql[j + 1])) &&
                    next->people >= 2)
                    p->before_option = true;
                char raw[512], f[512];
                snprintf(raw, sizeof raw, "%.*s", (int)ql[j], q[j]);
                ms_init_fold(raw, f, sizeof f);
                residue |= pass && p && p->people < 2 && !p->before_option && !is_missing_word(f);
            }
            people += residue ? c->vals[i].count : 0;
        }
    return people;
}

static bool gather_pieces(const decide_ctx *d, const char *sep, pieces *ps, pieces **starts_out)
{
    const ms_init_colstat *c = d->c;
    const char *q[32];
    size_t ql[32];
    ps->n = 0, ps->full = false, ps->combos = 0, ps->joined = false, ps->all_alone = true;
    pieces *starts = *starts_out = ms_calloc(1, sizeof *starts);
    if (!starts)
        return false;
    bool ok = find_continuations(d, sep, starts) && !starts->full;
    for (size_t i = 0; ok && i < c->n_vals; i++) {
        if (d->missing[i])
            continue;
        size_t m = parts_of(starts, c->vals[i].s, c->vals[i].len, sep, q, ql, 32);
        ps->combos += m > 1 ? c->vals[i].count : 0;
        for (size_t j = 0; j < m && ok; j++) {
            bool again = false; /* a piece repeated in one answer counts once */
            for (size_t k = 0; k < j && !again; k++)
                again = ql[k] == ql[j] && !memcmp(q[k], q[j], ql[j]);
            piece *p = again ? NULL : piece_of(ps, q[j], ql[j]);
            if (p)
                p->people += c->vals[i].count, p->alone |= m == 1;
            ok = again || p;
        }
    }
    /* «индивидуально, очно» may be one label of a single choice; it is two
     * options when «очно» or «индивидуально» is also an answer by itself */
    for (size_t i = 0; ok && i < c->n_vals; i++) {
        if (d->missing[i])
            continue;
        size_t m = parts_of(NULL, c->vals[i].s, c->vals[i].len, sep, q, ql, 32);
        for (size_t j = 0; m > 1 && j < m; j++) {
            bool alone = false;
            for (size_t k = 0; k < ps->n && !alone; k++)
                alone = ps->p[k].alone && ps->p[k].len == ql[j] && !memcmp(ps->p[k].s, q[j], ql[j]);
            ps->joined |= alone;
            ps->all_alone &= alone;
        }
    }
    return ok;
}

/* Options in the order of their labels' bytes (alphabetical for Russian but
 * ё): the same in every export, whatever order the answers came in. */
static int by_label(const void *a, const void *b)
{
    const option *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Sorted options without those the loader would take for one another (it
 * matches labels ignoring case and spaces): the first kept, so of «0 ₽» and
 * «0₽» the spelling with the space, as the form wrote its option (a space
 * sorts before any letter or sign). */
static void unique_ci(option_set *os)
{
    size_t kept = 0;
    for (size_t k = 0; k < os->n; k++) {
        bool dup = false;
        for (size_t j = 0; j < kept && !dup; j++) {
            char other[1024]; /* options are substrings of answers: one made a string */
            ms_c_snprintf(other, sizeof other, "%.*s", (int)os->opt[j].len, os->opt[j].s);
            dup = ms_field_same_answer((ms_field){os->opt[k].s, os->opt[k].len}, other);
        }
        if (!dup)
            os->opt[kept++] = os->opt[k];
    }
    os->n = kept;
}

/* The separator of a column's answers: ';' where any answer has one (Sheets,
 * Yandex: a ';'-joined answer is never cut at its commas too), else ", "
 * (Google Forms), else ',' (Qualtrics), else "/ " (answers re-saved with their
 * commas replaced). */
static const char *multi_separator(const decide_ctx *d)
{
    bool comma_space = false, comma = false, slash = false;
    for (size_t i = 0; i < d->c->n_vals; i++) {
        if (d->missing[i])
            continue;
        const char *v = d->c->vals[i].s;
        if (strchr(v, ';'))
            return ";";
        comma_space |= strstr(v, ", ") != NULL;
        comma |= strchr(v, ',') != NULL;
        slash |= strstr(v, "/ ") != NULL;
    }
    return comma_space ? ", " : comma ? "," : slash ? "/ " : NULL;
}

static bool decide_multi(decide_ctx *d)
{
    const ms_init_colstat *c = d->c;
    const char *sep = multi_separator(d);
    if (!sep || c->overflow)
        return false;
    pieces *ps = ms_calloc(1, sizeof *ps);
    if (!ps) {
        d->oom = true;
        return false;
    }
    pieces *starts = NULL;
    bool ok = gather_pieces(d, sep, ps, &starts) && !ps->full;
    option_set os = {.n = 0};
    /* answers holding text typed into «Другое» (people, not its comma-cut pieces) */
    unsigned long long residue = ok ? residue_answers(d, sep, starts, ps) : 0;
    unsigned long long residue_people = residue;
    size_t once_options = 0; /* options one person chose, known by the option after them */
    ms_free(starts);
    for (size_t k = 0; ok && k < ps->n; k++) {
        const piece *p = &ps->p[k];
        char raw[512], f[512];
        snprintf(raw, sizeof raw, "%.*s", (int)p->len, p->s);
        ms_init_fold(raw, f, sizeof f);
        if (is_missing_word(f)) /* «Затрудняюсь ответить» ticked beside options */
            continue;
        if (p->people < 2 && !p->before_option) {
            continue; /* the residue, counted above */
        } else if (os.n == sizeof os.opt / sizeof *os.opt || memchr(p->s, '|', p->len) ||
                   memchr(p->s, '=', p->len)) {
            ok = false;
        } else {
            os.opt[os.n++] = (option){p->s, p->len, p->people};
            once_options += p->people < 2;
        }
    }
    unsigned long long combos = ps->combos;
    /* one answer «Да, Нет» beside many «Да» and «Нет»: rare, but made only of
     * answers others gave alone, so a checkbox (no label of one choice is both) */
    bool only_options = ps->joined && ps->all_alone && residue == 0;
    /* ';' joins options only; ", " also sits inside labels: options only when the
     * question says so or some answer joins what others gave alone */
    static const char *const several_w[] = {"несколько", "нескольк", "all that apply", "select all",
                                            "check all", "tick all", "multiple", NULL};
    ok = ok && (!strcmp(sep, ";") || ps->joined || has_any(d->header, several_w));
    ms_free(ps);
    /* a multi: options ticked together, common and few; free text is not one
     * (most of its pieces are given once) */
    if (!ok || os.n < 2 || os.n > 30 || combos == 0 ||
        (combos < 2 && combos * 4 < d->answered && !only_options) ||
        residue > os.n + 2 || residue_people * 2 > d->answered)
        return false;
    qsort(os.opt, os.n, sizeof *os.opt, by_label);
    unique_ci(&os);
    bool ru = false; /* «Другое» where the question or its options are Russian */
    for (const char *h = c->header; *h && !ru; h++)
        ru = (unsigned char)*h == 0xD0 || (unsigned char)*h == 0xD1;
    for (size_t k = 0; k < os.n && !ru; k++)
        ru = (unsigned char)os.opt[k].s[0] == 0xD0 || (unsigned char)os.opt[k].s[0] == 0xD1;
    ms_sbuf b = {0};
    for (size_t k = 0; k < os.n; k++)
        ms_sbuf_printf(&b, "%s%zu=%.*s", k ? "|" : "", k + 1, (int)os.opt[k].len, os.opt[k].s);
    if (residue)
        ms_sbuf_printf(&b, "|%zu=%s", os.n + 1, ru ? "Другое" : "Other");
    d->out->choices = join_choices(d, &b);
    set(d->out, MS_TYPE_MULTI, "",
        "несколько ответов через «%s»: вариантов %zu (каждый выбран двумя и больше%s), "
        "ответов с несколькими вариантами: %llu",
        sep, os.n, once_options ? " или стоит перед другим вариантом" : "", combos);
    if (once_options) {
        size_t n = strlen(d->out->reason);
        ms_c_snprintf(d->out->reason + n, sizeof d->out->reason - n,
                      "; выбраны одним человеком: %zu (свой текст форма пишет последним, "
                      "так что это варианты формы)",
                      once_options);
    }
    if (residue) {
        size_t n = strlen(d->out->reason);
        ms_c_snprintf(d->out->reason + n, sizeof d->out->reason - n,
                 "; свой текст одного человека (%llu) считается как «%s» — ПРОВЕРЬТЕ, не "
                 "вариант ли это формы",
                 residue, ru ? "Другое" : "Other");
        d->out->check = true;
    }
    return true;
}

/* Answers worded like the steps of a ladder («очень», «скорее», "somewhat",
 * "fairly"…): a scale that is none of the known ladders. */
static bool looks_ordered(const option_set *os)
{
    /* «каждый день», «раз в неделю»: how often, in words */
    static const char *const w[] = {"очень",    "скорее",    "совсем",    "полностью", "отчасти",
                                    "немного",  "частично",  "крайне",    "редко",     "часто",
                                    "всегда",   "никогда",   "иногда",    "постоянно", "каждый",
                                    "раз в ",   "very$",     "extremely", "somewhat",  "slightly",
                                    "strongly", "fairly",    "moderately", "rarely",   "often$",
                                    "always$",  "never$",    "not at all", NULL};
    size_t hits = 0;
    for (size_t k = 0; k < os->n; k++) {
        char f[512];
        char raw[512];
        snprintf(raw, sizeof raw, "%.*s", (int)os->opt[k].len, os->opt[k].s);
        ms_init_fold(raw, f, sizeof f);
        hits += has_any(f, w);
    }
    return hits >= 2;
}

/* words of a question that asks for the person's own words */
static const char *const open_w[] = {"что ", "чего ", "почему", "опишите", "предложени",
                                     "комментар", "пожелани", "расскажите", NULL};
/* English ones, for short answers only: "What is your role?" may well be a choice */
static const char *const open_en[] = {"comment", "feedback", "any other", "suggestion",
                                      "features of", "why ", "describe", NULL};

/* Few people answering a form's options give nearly as many different
 * answers as there are people, yet one answer is half of them, three times or
 * more, the answers are short and the question asks for no own words
 * (ru_techdebt_survey_2025: «Регулярно (раз в месяц)» 3 of 6, four options). */
static bool few_answer_options(const decide_ctx *d)
{
    const ms_init_colstat *c = d->c;
    unsigned long long top = 0;
    for (size_t i = 0; i < c->n_vals; i++)
        if (!d->missing[i] && c->vals[i].count > top)
            top = c->vals[i].count;
    return top >= 3 && top * 2 >= d->answered && !has_any(d->header, open_w) &&
           c->nonempty && c->sumlen / (double)c->nonempty < 25;
}

static bool decide_choice(decide_ctx *d)
{
    const ms_init_colstat *c = d->c;
    size_t distinct = c->n_vals - d->n_missing;
    if (c->overflow || distinct == 0 || distinct > 12)
        return false;
    /* more different answers than half the people is own words, unless few
     * people answered a form's options (few_answer_options) */
    if (distinct > 3 && (double)distinct > 0.5 * (double)d->answered && !few_answer_options(d))
        return false;
    /* open questions repeat answers too: many given once, or a question asking why/what */
    size_t once = 0, optlen = 0; /* the longest answer given twice or more */
    unsigned long long once_people = 0;
    for (size_t i = 0; i < c->n_vals; i++) {
        if (!d->missing[i] && c->vals[i].count == 1)
            once++, once_people++;
        else if (!d->missing[i] && c->vals[i].len > optlen)
            optlen = c->vals[i].len;
    }
    /* the question, not a grid row's text in [...] («["Я собираюсь сделать ему
     * предложение…"]» is a quote to name, no request for suggestions) */
    char question[sizeof d->header];
    ms_c_snprintf(question, sizeof question, "%s", d->header);
    char *row_label = strstr(question, " [");
    if (row_label)
        *row_label = '\0';
    if (distinct > 4 && has_any(question, open_w))
        return false;
    /* no answer given twice: no options seen («Искусство», «английский и
     * психологию»: two people's own words, no choice of two) */
    if (once == distinct && distinct >= 2)
        return false;
    /* a choice with «Другое»: the options given by two people or more answer
     * nine in ten, and the texts given once are what people typed into «Другое» */
    bool other = distinct > 5 && once * 3 > distinct, dominant = false;
    /* (three answers or more given twice are options, and what one person typed
     * beside them is «Другое», however many typed: ru_forms_cinema_2018) */
    if (other && (distinct - once < 2 || (once_people * 10 > d->answered && distinct - once < 3))) {
        /* many answers given once, but one given by a third of the people and
         * all of them short: still a choice ("Консалтинг" ×9 beside "Энергетика") */
        unsigned long long top = 0;
        for (size_t i = 0; i < c->n_vals; i++)
            if (!d->missing[i] && c->vals[i].count > top)
                top = c->vals[i].count;
        /* bytes: 60 Cyrillic letters; a long text typed once into «Другое»
         * («Гражданин Кейн задал…») does not make the options long */
        if (top * 3 < d->answered || optlen > 120)
            return false;
        other = false, dominant = true;
    }
    /* a short list of long answers is still a choice; an answer holding '|'
     * cannot be written in `choices`, so then the levels come as first seen */
    option_set os = {.n = 0};
    bool bar = false;
    for (size_t i = 0; i < c->n_vals; i++) {
        if (d->missing[i] || (other && c->vals[i].count == 1))
            continue;
        bar |= strchr(c->vals[i].s, '|') != NULL;
        os.opt[os.n++] = (option){c->vals[i].s, c->vals[i].len, c->vals[i].count};
    }
    qsort(os.opt, os.n, sizeof *os.opt, by_label);
    unique_ci(&os);
    ms_sbuf b = {0};
    bool ru = false; /* «Другое» where the question or its options are Russian */
    for (const char *h = c->header; *h && !ru; h++)
        ru = (unsigned char)*h == 0xD0 || (unsigned char)*h == 0xD1;
    for (size_t k = 0; k < os.n && !ru; k++)
        ru = (unsigned char)os.opt[k].s[0] == 0xD0 || (unsigned char)os.opt[k].s[0] == 0xD1;
    if (bar && other)
        return false; /* an «Другое» needs the options listed, and '|' cannot be */
    for (size_t k = 0; k < os.n && !bar; k++)
        ms_sbuf_printf(&b, "%s%zu=%s", k ? "|" : "", k + 1, os.opt[k].s);
    if (other)
        ms_sbuf_printf(&b, "|%zu=%s", os.n + 1, ru ? "Другое" : "Other");
    if (!bar)
        d->out->choices = join_choices(d, &b);
    else
        ms_sbuf_free(&b);
    static const char *const group_words[] = {"форма наставничества", "форму наставничества",
                                              "форм наставничества", "роль", "класс", "школ",
                                              "организац", "параллел", "group$", "role$", NULL};
    /* «организац» alone in a long question only mentions the word («Сколько
     * времени вы тратите на организацию задач в неделю?»): a choice, marked */
    static const char *const strong[] = {"форма наставничества", "форму наставничества",
                                         "форм наставничества", "роль", "класс", "школ",
                                         "group$", "role$", NULL};
    size_t words = 1;
    for (const char *p = d->header; *p; p++)
        words += *p == ' ' && p[1] && p[1] != ' ';
    bool mention = words > 4 && !has_any(d->header, strong);
    if (has_any(d->header, group_words) && !mention) {
        const char *name = ms_init_has(d->header, "форм") ? "form"
                           : ms_init_has(d->header, "рол") || ms_init_has(d->header, "role") ? "role"
                           : ms_init_has(d->header, "класс") ? "class"
                           : ms_init_has(d->header, "group") ? "group"
                           : "school";
        set(d->out, MS_TYPE_GROUP, name, "группа: вопрос о форме/роли/классе/школе, разных ответов: %zu",
            distinct);
    } else if (has_any(d->header, group_words)) {
        set(d->out, MS_TYPE_CHOICE, "",
            "выбор одного: разных ответов: %zu — ПРОВЕРЬТЕ: длинный вопрос лишь упоминает "
            "организацию; если ответы — организации для сравнения, type group",
            distinct);
        d->out->check = true;
    } else {
        set(d->out, MS_TYPE_CHOICE, "", "выбор одного: разных ответов: %zu", distinct);
    }
    if (other || dominant) {
        size_t n = strlen(d->out->reason);
        if (other)
            snprintf(d->out->reason + n, sizeof d->out->reason - n,
                     "; ответы одного человека (%zu) считаются как «%s» — ПРОВЕРЬТЕ, не вариант ли "
                     "это формы",
                     once, ru ? "Другое" : "Other");
        else
            snprintf(d->out->reason + n, sizeof d->out->reason - n,
                     "; ответов одного человека %zu, но один ответ у трети — ПРОВЕРЬТЕ, выбор ли "
                     "это (варианты будут в отчёте)",
                     once);
        d->out->check = true;
    }
    if (looks_ordered(&os)) {
        size_t n = strlen(d->out->reason);
        snprintf(d->out->reason + n, sizeof d->out->reason - n,
                 "; ответы похожи на шкалу словами, которой init не знает — ПРОВЕРЬТЕ: если они "
                 "упорядочены, сделайте type scale и choices по порядку");
        d->out->check = true;
    }
    return true;
}

/* The mark of a column taken out of the analysis by its header alone, the
 * answers not confirming it (they do not look like addresses, or repeat). */
static const char *weak(ms_init_column *o, bool confirmed)
{
    if (confirmed)
        return "";
    o->check = true;
    return " — ПРОВЕРЬТЕ: так решено по заголовку, ответы этого не подтверждают";
}

/* The bookkeeping columns of Qualtrics, LimeSurvey, Microsoft Forms and
 * Typeform exports, by their exact (folded) header: what they are, with a
 * leading '!' when they hold a personal value.  NULL for any other header. */
static const char *survey_metadata(const char *h)
{
    static const char *const meta[][2] = {
        {"startdate", "начало заполнения"}, {"enddate", "конец заполнения"},
        {"status", "вид ответа"}, {"ipaddress", "!IP-адрес"}, {"progress", "доля пройденного"},
        {"duration (in seconds)", "длительность"}, {"finished", "закончена ли анкета"},
        {"recordeddate", "время записи"}, {"responseid", "номер ответа"},
        {"recipientlastname", "!фамилия получателя"}, {"recipientfirstname", "!имя получателя"},
        {"recipientemail", "!адрес получателя"}, {"externalreference", "!внешний код"},
        {"externaldatareference", "!внешний код"},
        {"locationlatitude", "!широта"}, {"locationlongitude", "!долгота"},
        {"distributionchannel", "канал рассылки"}, {"userlanguage", "язык анкеты"},
        {"q_recaptchascore", "оценка reCAPTCHA"}, {"q_relevantidduplicate", "проверка дублей"},
        /* LimeSurvey */
        {"submitdate", "время отправки"}, {"lastpage", "последняя страница"},
        {"startlanguage", "язык анкеты"}, {"seed", "случайное зерно"}, {"datestamp", "время записи"},
        {"ipaddr", "!IP-адрес"}, {"refurl", "!адрес перехода"}, {"token", "!личный ключ"},
        {"response id", "номер ответа"}, {"date submitted", "время отправки"},
        {"last page", "последняя страница"}, {"start language", "язык анкеты"},
        {"date started", "начало заполнения"}, {"date last action", "последнее действие"},
        {"ip address", "!IP-адрес"}, {"referrer url", "!адрес перехода"},
        /* Microsoft Forms, Typeform */
        {"start time", "начало заполнения"}, {"completion time", "конец заполнения"},
        {"last modified time", "время правки"}, {"#", "номер ответа"},
        {"start date (utc)", "начало заполнения"}, {"submit date (utc)", "время отправки"},
        {"network id", "!код сети"},
    };
    for (size_t i = 0; i < sizeof meta / sizeof *meta; i++)
        if (!strcmp(h, meta[i][0]))
            return meta[i][1];
    return NULL;
}

static bool decide_by_header(decide_ctx *d, bool has_year)
{
    const ms_init_colstat *c = d->c;
    ms_init_column *o = d->out;
    const char *h = d->header;
    unsigned long long n = c->nonempty;
    /* whole words only (ms_init_has): «предпочтения» holds no «почт», «коде» no «код$» */
    static const char *const email_w[] = {"почт", "e-mail", "email", NULL};
    static const char *const phone_w[] = {"телефон", "phone$", "phone number", NULL};
    static const char *const name_w[] = {"фио$", "фамили", "имя$", "отчество", "name$", "зовут$",
                                         NULL};
    static const char *const not_name_w[] = {"name of", "названи", NULL};
    static const char *const code_w[] = {"код$", "code$", "шифр", "номер участ", NULL};
    /* a header of a few words is a name for the column («Код участника», "Email
     * address"); a longer question may only mention the word ("…code testing…"),
     * and is taken for codes or names only when its answers differ person to
     * person, with a mark */
    size_t words = 1;
    for (const char *p = h; *p; p++)
        words += *p == ' ' && p[1] && p[1] != ' ';
    bool named = words <= 4;
    bool ladder = c->ints == n && c->max - c->min <= 10; /* a scale's answers */
    /* codes and names are a person's own: an answer three people and a third
     * of them gave («Регулярно (раз в месяц)» under «…улучшать код?») is an
     * option of a question that only mentions the word */
    unsigned long long top = 0;
    for (size_t i = 0; i < c->n_vals; i++)
        if (!d->missing[i] && c->vals[i].count > top)
            top = c->vals[i].count;
    bool shared = top >= 3 && top * 3 >= n;
    bool take = named || ((c->overflow || c->n_vals * 3 >= n * 2) && !ladder && !shared);
    char raw[256]; /* bookkeeping is known by its header, not a Qualtrics label */
    ms_init_fold(c->header, raw, sizeof raw);
    const char *meta = survey_metadata(raw);
    if (n == 0 && !*c->header) { /* Excel's save of a sheet with formatted empty columns */
        set(o, MS_TYPE_IGNORE, "", "столбец без заголовка и без ответов (лишний разделитель): не нужен");
    } else if (n == 0) {
        set(o, MS_TYPE_IGNORE, "", "пустой столбец: ни одного ответа — ПРОВЕРЬТЕ");
        o->check = true;
    } else if (d->answered == 0 && !meta) { /* NA, «Не знаю», «-» in every row */
        set(o, MS_TYPE_IGNORE, "", "ни одного ответа: только «нет ответа» (%s) — ПРОВЕРЬТЕ",
            c->vals[0].s);
        o->check = true;
    } else if (words <= 1 && n >= 3 && c->ints == n && c->min == 1 && c->max == (double)n &&
               (c->overflow || c->n_vals == n)) {
        /* 1, 2, … n once each under an empty or one-word header: R's and
         * Excel's row numbers, no question */
        set(o, MS_TYPE_IGNORE, "", "номер строки выгрузки (1…%llu, каждый один раз): не нужен", n);
    } else if (meta) {
        bool personal = *meta == '!';
        set(o, personal ? MS_TYPE_PERSONAL : MS_TYPE_IGNORE, "",
            "служебный столбец выгрузки (%s): %s", personal ? meta + 1 : meta,
            personal ? "личное, не выводится" : "не нужен");
    } else if (is_stamp_header(h) || c->stamps == n || c->stamps_dmy == n) {
        bool dmy = day_first_column(c);
        const char *bad = first_non_date(c, dmy);
        if (!bad && (dmy ? c->dates_dmy : c->dates) < n) /* beyond those kept for counting */
            bad = "…";
        if (has_year && !is_stamp_header(h)) { /* «Когда Вы закончили школу?» */
            set(o, MS_TYPE_IGNORE, "", "даты в ответах (вопрос о дате, не время ответа): не "
                "анализируются; год взят из отметки времени");
        } else if (has_year) {
            set(o, MS_TYPE_IGNORE, "timestamp", "время ответа; год взят из столбца года");
        } else if (bad) { /* the loader would quarantine those rows: no derivation */
            set(o, MS_TYPE_IGNORE, "timestamp",
                "время ответа, но не дата в %llu из %llu ячеек (например «%.60s»): учебный год "
                "из него не выводится — ПРОВЕРЬТЕ",
                n - (dmy ? c->dates_dmy : c->dates), n, bad);
            o->check = true;
        } else {
            set(o, MS_TYPE_YEAR, "year",
                "год из отметки времени: учебный год (сентябрь–август) по году его окончания%s",
                dmy ? "; день впереди месяца (24/04/2025): derive = school_year_dmy" : "");
            o->derive = dmy ? "school_year_dmy" : "school_year";
            ms_free(o->label);
            d->oom |= !(o->label = ms_strdup("Учебный год"));
        }
    } else if (!strcmp(h, "id")) {
        set(o, MS_TYPE_IGNORE, "response_id", "номер ответа в выгрузке (Яндекс Формы): не нужен");
    } else if (c->emails * 2 > n || (has_any(h, email_w) && take)) {
        set(o, MS_TYPE_PERSONAL, "email", "адрес электронной почты: личное, не выводится%s",
            weak(o, named || c->emails * 2 > n));
    } else if (c->phones * 2 > n || (has_any(h, phone_w) && take)) {
        set(o, MS_TYPE_PERSONAL, "phone", "телефон: личное, не выводится%s",
            weak(o, named || c->phones * 2 > n));
    } else if (has_any(h, code_w) && (ms_init_has(h, "пар") || ms_init_has(h, "pair")) && take) {
        set(o, MS_TYPE_PAIR, "pair", "код пары: связывает ответы пары, не выводится%s",
            weak(o, named));
    } else if (has_any(h, code_w) && take) {
        set(o, MS_TYPE_ID, "id", "код участника: связывает анкеты, не выводится%s", weak(o, named));
    } else if (has_any(h, name_w) && !has_any(h, not_name_w) && !ms_init_has(h, "[") && take) {
        set(o, MS_TYPE_PERSONAL, "fio", "фамилия, имя: личное, не выводится%s", weak(o, named));
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

void ms_init_flag_negative(ms_init_column *o)
{
    static const char *const neg[] = {"не хватало", "не хватил", "трудно", "сложно", "мешал",
                                      "не понрав", "не было", "не получ", "не удалось", NULL};
    char f[1024];
    ms_init_fold(o->label ? o->label : o->source, f, sizeof f);
    if (o->type != MS_TYPE_SCALE || !has_any(f, neg))
        return;
    o->negative = o->check = true;
    size_t n = strlen(o->reason);
    ms_c_snprintf(o->reason + n, sizeof o->reason - n,
                  "; отрицательная формулировка: обратный ли вопрос (reverse = 1)? ПРОВЕРЬТЕ");
}

/* A text column is left out of the analysis.  Short answers that half the
 * people share, one of them three times or more, under a question that does
 * not ask for the person's own words, are more likely a question with options
 * (few answers: «Регулярно (раз в месяц)» 3 of 6; many options and
 * «Другое»: more than twelve) than free text: a person is asked. */
static void mark_repeated_text(decide_ctx *d)
{
    const ms_init_colstat *c = d->c;
    unsigned long long repeated = 0, top = 0;
    size_t top_i = 0;
    for (size_t i = 0; i < c->n_vals && !c->overflow; i++) {
        if (d->missing[i] || c->vals[i].count < 2)
            continue;
        repeated += c->vals[i].count;
        if (c->vals[i].count > top)
            top = c->vals[i].count, top_i = i;
    }
    if (c->overflow || top < 3 || repeated * 2 < d->answered || has_any(d->header, open_w) ||
        c->sumlen / (double)c->nonempty >= 25)
        return;
    size_t n = strlen(d->out->reason);
    ms_c_snprintf(d->out->reason + n, sizeof d->out->reason - n,
                  "; но %llu из %llu ответов повторяются, чаще всего «%.60s» (%llu из %llu): если у "
                  "вопроса были варианты, сделайте type choice, а в choices — варианты формы и "
                  "«Другое» (оно примет свои ответы) — ПРОВЕРЬТЕ",
                  repeated, d->answered, c->vals[top_i].s, top, d->answered);
    d->out->check = true;
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
    /* a Qualtrics «Q12» is known by its question's text */
    ms_init_fold(c->label ? c->label : c->header, d->header, sizeof d->header);
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
            mark_repeated_text(d);
        } else if (has_any(d->header, open_w) || has_any(d->header, open_en)) {
            /* «Почему вы бы НЕ стали…», "Any other comments": own words */
            set(o, MS_TYPE_TEXT, "", "текст: короткие разные ответы на открытый вопрос");
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
