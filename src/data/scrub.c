/*
 * scrub.c — e-mails, phone numbers and names out of free-text answers
 * (the rule is in scrub.h).  The text is scanned once for e-mail and phone
 * spans and once split into words for names; the spans are then merged and
 * the text rewritten with markers.  Only UTF-8 Cyrillic is understood as
 * letters with case: a Latin-script name is caught only as a personal value.
 */
#include "mentorstat/scrub.h"

#include <gsl/gsl_heapsort.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { SPAN_EMAIL, SPAN_PHONE, SPAN_NAME };

typedef struct {
    size_t start, end;
    int kind;
} span;

typedef struct {
    size_t start, end;   /* bytes of the word in the text */
    size_t letters;
    bool cap;            /* capitalised Cyrillic: upper first, some lower after */
    bool initial;        /* one upper-case letter followed by '.' */
    char lower[96];      /* lower-cased, cut at 95 bytes */
} word;

typedef struct {
    const char *s;
    size_t len;
    word *w;
    size_t n_w, cap_w;
    bool *name;          /* per word */
    span *sp;
    size_t n_sp, cap_sp;
} scan;

/* ---------- letters ---------- */

/* Bytes of the Cyrillic letter at p (2) or 0; *upper tells its case. */
static size_t cyr_letter(const unsigned char *p, size_t left, bool *upper)
{
    if (left < 2)
        return 0;
    if (p[0] == 0xD0 && (p[1] == 0x81 || (p[1] >= 0x90 && p[1] <= 0xAF))) {
        *upper = true;
        return 2;
    }
    if ((p[0] == 0xD0 && p[1] >= 0xB0 && p[1] <= 0xBF) ||
        (p[0] == 0xD1 && ((p[1] >= 0x80 && p[1] <= 0x8F) || p[1] == 0x91))) {
        *upper = false;
        return 2;
    }
    return 0;
}

static bool ascii_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static bool ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* Append the lower-case form of the letter at p to w->lower. */
static void put_lower(word *w, size_t *k, const unsigned char *p, size_t n, bool upper)
{
    if (*k + n >= sizeof w->lower)
        return;
    unsigned char a = p[0], b = n > 1 ? p[1] : 0;
    if (n == 2 && upper) {
        if (b == 0x81)
            a = 0xD1, b = 0x91;                 /* Ё -> ё */
        else if (b <= 0x9F)
            b = (unsigned char)(b + 0x20);      /* А..П -> а..п */
        else
            a = 0xD1, b = (unsigned char)(b - 0x20); /* Р..Я -> р..я */
    } else if (n == 1) {
        a = (unsigned char)(ascii_alpha(a) ? a | 0x20 : a);
    }
    w->lower[(*k)++] = (char)a;
    if (n == 2)
        w->lower[(*k)++] = (char)b;
    w->lower[*k] = '\0';
}

/* The letter (Cyrillic or Latin) at i: its length, or 0. */
static size_t letter_at(const char *s, size_t len, size_t i, bool *upper, bool *cyr)
{
    const unsigned char *p = (const unsigned char *)s + i;
    size_t n = cyr_letter(p, len - i, upper);
    *cyr = n > 0;
    if (!n && ascii_alpha(*p)) {
        *upper = *p < 'a';
        n = 1;
    }
    return n;
}

/* ---------- words ---------- */

static int push_word(scan *sc, const word *w)
{
    if (ms_grow((void **)&sc->w, &sc->cap_w, sc->n_w + 1, sizeof *sc->w))
        return -1;
    sc->w[sc->n_w++] = *w;
    return 0;
}

/* One word from i: letters with inner hyphens.  Returns its end. */
static size_t read_word(const char *s, size_t len, size_t i, word *w)
{
    size_t k = 0, lower = 0;
    bool upper, cyr, first_upper = false, all_cyr = true;
    memset(w, 0, sizeof *w);
    w->start = i;
    for (;;) {
        size_t n = letter_at(s, len, i, &upper, &cyr);
        if (!n && s[i] == '-' && i + 1 < len && letter_at(s, len, i + 1, &upper, &cyr)) {
            put_lower(w, &k, (const unsigned char *)s + i, 1, false);
            i++;
            continue;
        }
        if (!n)
            break;
        if (w->letters == 0)
            first_upper = upper;
        lower += !upper;
        all_cyr = all_cyr && cyr;
        put_lower(w, &k, (const unsigned char *)s + i, n, upper);
        w->letters++;
        i += n;
    }
    w->end = i;
    w->cap = all_cyr && first_upper && lower > 0;
    w->initial = all_cyr && first_upper && w->letters == 1 && i < len && s[i] == '.';
    return i;
}

static int split_words(scan *sc)
{
    bool upper, cyr;
    for (size_t i = 0; i < sc->len;) {
        if (!letter_at(sc->s, sc->len, i, &upper, &cyr)) {
            i++;
            continue;
        }
        word w;
        i = read_word(sc->s, sc->len, i, &w);
        if (push_word(sc, &w))
            return -1;
    }
    return 0;
}

/* What separates word i from word i + 1: 0 nothing usable, 1 spaces only,
 * 2 spaces and dots (initials), 3 spaces with , : or a dash (a cue). */
static int gap(const scan *sc, size_t i)
{
    if (i + 1 >= sc->n_w)
        return 0;
    const char *a = sc->s + sc->w[i].end, *b = sc->s + sc->w[i + 1].start;
    bool dot = false, punct = false;
    if (a == b)
        return 0;
    for (const char *p = a; p < b; p++) {
        if (*p == ' ')
            continue;
        if (*p == '.')
            dot = true;
        else if (*p == ',' || *p == ':' || *p == '-')
            punct = true;
        else if (b - p >= 3 && !memcmp(p, "\xE2\x80", 2) && (p[2] == '\x93' || p[2] == '\x94'))
            punct = true, p += 2; /* – or — */
        else
            return 0;
    }
    return dot ? (punct ? 0 : 2) : punct ? 3 : 1;
}

/* ---------- names ---------- */

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n > t && !memcmp(s + n - t, tail, t);
}

static bool is_patronymic(const word *w)
{
    static const char *const tails[] = {
        "вич", "вича", "вичу", "вичем", "виче", "вна", "вны", "вне", "вну", "вной",
        "ична", "ичны", "ичне", "ичну", "ичной", "ьич", "ьича", "ьичу", "ьичем"};
    if (!w->cap || w->letters < 5)
        return false;
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++)
        if (ends_with(w->lower, tails[i]))
            return true;
    return false;
}

static bool is_cue(const word *w)
{
    static const char *const cues[] = {"наставни", "наставниц", "учител", "педагог",
                                       "коллег",   "спасибо",   "благодар", "зовут"};
    for (size_t i = 0; i < sizeof cues / sizeof *cues; i++)
        if (!strncmp(w->lower, cues[i], strlen(cues[i])))
            return true;
    return false;
}

/* The patronymic with up to two capitalised words before it, one after. */
static void mark_patronymics(scan *sc)
{
    for (size_t i = 0; i < sc->n_w; i++) {
        if (!is_patronymic(&sc->w[i]))
            continue;
        sc->name[i] = true;
        for (size_t k = 1; k <= 2 && k <= i && sc->w[i - k].cap && !is_cue(&sc->w[i - k]) &&
                           gap(sc, i - k) == 1;
             k++)
            sc->name[i - k] = true;
        if (gap(sc, i) == 1 && sc->w[i + 1].cap)
            sc->name[i + 1] = true;
    }
}

static void mark_cues(scan *sc)
{
    for (size_t i = 0; i < sc->n_w; i++) {
        if (!is_cue(&sc->w[i]))
            continue;
        int g = gap(sc, i);
        for (size_t k = i + 1; k < sc->n_w && k <= i + 3 && sc->w[k].cap && (g == 1 || g == 3);
             k++) {
            sc->name[k] = true;
            g = gap(sc, k) == 1 ? 1 : 0;
        }
    }
}

/* Иванова О. С. and О. С. Иванова. */
static void mark_initials(scan *sc)
{
    for (size_t i = 0; i < sc->n_w; i++) {
        if (!sc->w[i].initial)
            continue;
        size_t a = i, b = i;
        while (b + 1 < sc->n_w && sc->w[b + 1].initial && gap(sc, b) == 2)
            b++;
        /* the word after first: the one before may just open the sentence */
        if (b + 1 < sc->n_w && sc->w[b + 1].cap && gap(sc, b) == 2)
            sc->name[b + 1] = true;
        else if (a > 0 && sc->w[a - 1].cap && gap(sc, a - 1) == 1)
            sc->name[a - 1] = true;
        else
            continue;
        for (size_t k = a; k <= b; k++)
            sc->name[k] = true;
        i = b;
    }
}

/* Words of the text that are a word of the personal value or one of its
 * declined forms: the same word up to its last letter. */
static int mark_personal_words(scan *sc, const char *value)
{
    scan pv = {value, strlen(value), NULL, 0, 0, NULL, NULL, 0, 0};
    if (split_words(&pv)) {
        ms_free(pv.w);
        return -1;
    }
    for (size_t j = 0; j < pv.n_w; j++) {
        const word *p = &pv.w[j];
        if (p->letters < 3 || !p->cap)
            continue;
        size_t stem = strlen(p->lower) - (p->letters >= 4 ? 2 : 0); /* a Cyrillic letter */
        for (size_t i = 0; i < sc->n_w; i++)
            if (sc->w[i].cap && !strncmp(sc->w[i].lower, p->lower, stem) &&
                sc->w[i].letters <= p->letters + 3)
                sc->name[i] = true;
    }
    ms_free(pv.w);
    return 0;
}

/* ---------- spans ---------- */

static int push_span(scan *sc, size_t start, size_t end, int kind)
{
    if (ms_grow((void **)&sc->sp, &sc->cap_sp, sc->n_sp + 1, sizeof *sc->sp))
        return -1;
    sc->sp[sc->n_sp++] = (span){start, end, kind};
    return 0;
}

/* Marked words joined by spaces or initials' dots become one span. */
static int name_spans(scan *sc)
{
    for (size_t i = 0; i < sc->n_w; i++) {
        if (!sc->name[i])
            continue;
        size_t j = i;
        while (j + 1 < sc->n_w && sc->name[j + 1] && (gap(sc, j) == 1 || gap(sc, j) == 2))
            j++;
        if (push_span(sc, sc->w[i].start, sc->w[j].end, SPAN_NAME))
            return -1;
        i = j;
    }
    return 0;
}

/* Every occurrence of a whole personal value (any script). */
static int personal_spans(scan *sc, const char *value)
{
    size_t n = strlen(value);
    for (const char *p = sc->s; n >= 3 && (p = strstr(p, value)) != NULL; p += n)
        if (push_span(sc, (size_t)(p - sc->s), (size_t)(p - sc->s) + n, SPAN_NAME))
            return -1;
    return 0;
}

static bool email_local(unsigned char c)
{
    return ascii_alpha(c) || ascii_digit(c) || (c && strchr("._%+-", c));
}

static bool email_domain(unsigned char c) { return ascii_alpha(c) || ascii_digit(c) || c == '.' || c == '-'; }

static int email_spans(scan *sc)
{
    const unsigned char *s = (const unsigned char *)sc->s;
    for (size_t i = 0; i < sc->len; i++) {
        if (s[i] != '@')
            continue;
        size_t l = i, r = i + 1, dot = 0;
        while (l > 0 && email_local(s[l - 1]))
            l--;
        while (r < sc->len && email_domain(s[r]))
            r++;
        while (r > i + 1 && (s[r - 1] == '.' || s[r - 1] == '-'))
            r--;
        for (size_t k = i + 1; k < r; k++)
            dot = s[k] == '.' ? k : dot;
        if (l < i && dot && r - dot > 2 && push_span(sc, l, r, SPAN_EMAIL))
            return -1;
    }
    return 0;
}

/* ddd-dd-dd not inside a longer number. */
static bool local_number(const unsigned char *s, size_t len, size_t i)
{
    static const char shape[] = "ddd-dd-dd";
    if (len - i < 9 || (i + 9 < len && ascii_digit(s[i + 9])))
        return false;
    for (size_t k = 0; k < 9; k++)
        if (shape[k] == 'd' ? !ascii_digit(s[i + k]) : s[i + k] != '-')
            return false;
    return true;
}

/* The phone-shaped run from i: its end, and its digits in *digits. */
static size_t phone_run(const unsigned char *s, size_t len, size_t i, size_t *digits)
{
    size_t j = i + (s[i] == '+'), end = i;
    int open = 0; /* a ')' belongs to the number only when it closed a '(' in it */
    *digits = 0;
    for (; j < len && (ascii_digit(s[j]) || (s[j] && strchr(" ()-", s[j]))); j++) {
        if (s[j] == '(')
            open++;
        if (s[j] == ')' && open-- <= 0)
            break;
        if (ascii_digit(s[j]) || s[j] == ')') {
            *digits += ascii_digit(s[j]);
            end = j + 1;
        }
    }
    return end;
}

static int phone_spans(scan *sc)
{
    const unsigned char *s = (const unsigned char *)sc->s;
    for (size_t i = 0; i < sc->len; i++) {
        bool start = (s[i] == '+' && i + 1 < sc->len && ascii_digit(s[i + 1])) ||
                     ascii_digit(s[i]) || s[i] == '(';
        if (!start || (i > 0 && (ascii_digit(s[i - 1]) || ascii_alpha(s[i - 1]))))
            continue;
        size_t digits, end = phone_run(s, sc->len, i, &digits);
        if (digits >= 10 && digits <= 15) {
            if (push_span(sc, i, end, SPAN_PHONE))
                return -1;
            i = end - 1;
        } else if (ascii_digit(s[i]) && local_number(s, sc->len, i)) {
            if (push_span(sc, i, i + 9, SPAN_PHONE))
                return -1;
            i += 8;
        }
    }
    return 0;
}

/* ---------- rewriting ---------- */

static int by_start(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return x->start != y->start ? (x->start < y->start ? -1 : 1)
                                : (x->end > y->end) - (x->end < y->end);
}

static const char *marker(int kind, bool ru)
{
    if (kind == SPAN_EMAIL)
        return ru ? "[e-mail скрыт]" : "[e-mail removed]";
    if (kind == SPAN_PHONE)
        return ru ? "[телефон скрыт]" : "[phone removed]";
    return ru ? "[имя скрыто]" : "[name removed]";
}

/* The text with the spans (sorted) replaced; overlapping spans merge and
 * keep the first one's kind. */
static char *rewrite(const scan *sc, bool ru, ms_scrub_counts *counts)
{
    size_t cap = sc->len + 1 + 32 * sc->n_sp, k = 0, at = 0;
    char *out = ms_malloc(cap);
    if (!out)
        return NULL;
    for (size_t i = 0; i < sc->n_sp;) {
        span cur = sc->sp[i++];
        while (i < sc->n_sp && sc->sp[i].start <= cur.end) {
            cur.end = sc->sp[i].end > cur.end ? sc->sp[i].end : cur.end;
            i++;
        }
        if (cur.start < at)
            cur.start = at;
        memcpy(out + k, sc->s + at, cur.start - at);
        k += cur.start - at;
        const char *m = marker(cur.kind, ru);
        memcpy(out + k, m, strlen(m));
        k += strlen(m);
        at = cur.end;
        size_t *c = cur.kind == SPAN_EMAIL   ? &counts->emails
                    : cur.kind == SPAN_PHONE ? &counts->phones
                                             : &counts->names;
        (*c)++;
    }
    memcpy(out + k, sc->s + at, sc->len - at);
    out[k + sc->len - at] = '\0';
    return out;
}

static int find_spans(scan *sc, const char *const *personal, size_t n_personal)
{
    if (email_spans(sc) || phone_spans(sc) || split_words(sc))
        return -1;
    if (!(sc->name = ms_calloc(sc->n_w + 1, sizeof *sc->name)))
        return -1;
    for (size_t i = 0; i < n_personal; i++)
        if (personal[i] && *personal[i] &&
            (personal_spans(sc, personal[i]) || mark_personal_words(sc, personal[i])))
            return -1;
    mark_patronymics(sc);
    mark_cues(sc);
    mark_initials(sc);
    if (name_spans(sc))
        return -1;
    gsl_heapsort(sc->sp, sc->n_sp, sizeof *sc->sp, by_start);
    return 0;
}

ms_status ms_scrub_text(const char *text, const char *const *personal, size_t n_personal,
                        bool ru, char **out, ms_scrub_counts *counts, ms_error *err)
{
    ms_scrub_counts local = {0, 0, 0};
    scan sc = {text, strlen(text), NULL, 0, 0, NULL, NULL, 0, 0};
    ms_status st = MS_OK;
    *out = NULL;
    if (find_spans(&sc, personal, n_personal) || !(*out = rewrite(&sc, ru, &local)))
        st = ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (counts)
        *counts = local;
    ms_free(sc.w);
    ms_free(sc.name);
    ms_free(sc.sp);
    return st;
}
