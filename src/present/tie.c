/*
 * tie.c — a figure never broken from its unit or operator (present.h,
 * ms_sbuf_tie): every document a reader gets passes here once, when it is
 * written, so no sentence builder has to remember the no-break space and
 * «p =⏎0,092», «95⏎% ДИ», «в 5⏎п.», «из⏎10», «7⏎декабря» cannot happen in
 * the page, the slides, the site page or the справка (pandoc keeps a
 * literal U+00A0 in the .docx).
 *
 * Only text is touched: markup (<…>), <style> and <script> pass unchanged.
 */
#include "present.h"

#include <stdbool.h>
#include <string.h>

#define NBSP "\xC2\xA0"

/* What follows a number and belongs to it: a unit, a scale, a date.
 * (Counted nouns — «35 анкет» — may break: a line ending in a figure still
 * reads.) */
static const char *const UNITS[] = {
    "%", "п.", "из ", "балл", "января", "февраля", "марта", "апреля", "мая ", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря", "г.",
};
/* Words that lead a number and belong to it (as whole words): an operator,
 * the ends of a range, the top of a scale. */
static const char *const LEADS[] = {
    "p", "=", "<", "&lt;", ">", "&gt;", "≈", "±", "от", "до", "из", "с",
};

static bool starts(const char *s, const char *w)
{
    return strncmp(s, w, strlen(w)) == 0;
}

/* The same, a Markdown escape («п\\.» in the справка's source) read
 * through. */
static bool starts_text(const char *s, const char *w)
{
    for (; *w; w++, s++) {
        if (*s == '\\' && *w != '\\')
            s++;
        if (*s != *w)
            return false;
    }
    return true;
}

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A number starts at s: a digit, or U+2212 / '-' before one. */
static bool number_at(const char *s)
{
    if (starts(s, "\xE2\x88\x92"))
        s += 3;
    else if (*s == '-')
        s++;
    return digit(*s);
}

/* The word that ends at text[end) (back to a space, a no-break space, '(',
 * '>', '«' or the start) is one of LEADS. */
static bool lead_before(const char *text, size_t end)
{
    size_t b = end;
    while (b > 0) {
        char c = text[b - 1];
        if (c == ' ' || c == '(' || c == '>' || c == '\n' || c == '\t')
            break;
        if (b >= 2 && starts(text + b - 2, NBSP))
            break;
        if (b >= 2 && starts(text + b - 2, "«"))
            break;
        b--;
    }
    size_t n = end - b;
    for (size_t k = 0; k < sizeof LEADS / sizeof *LEADS; k++)
        if (n == strlen(LEADS[k]) && strncmp(text + b, LEADS[k], n) == 0)
            return true;
    return false;
}

/* The space at text[i] joins what is either side of it. */
static bool ties(const char *text, size_t i)
{
    const char *next = text + i + 1;
    char prev = i > 0 ? text[i - 1] : '\0';
    if (digit(prev))
        for (size_t k = 0; k < sizeof UNITS / sizeof *UNITS; k++)
            if (starts_text(next, UNITS[k]))
                return true;
    if (prev == '%' && starts(next, "ДИ"))
        return true;
    if (prev == 'p' && (i < 2 || text[i - 2] == ' ' || text[i - 2] == '(' || text[i - 2] == '>'))
        return *next == '=' || *next == '<' || starts(next, "&lt;");
    return number_at(next) && lead_before(text, i);
}

/* The end of a markup run starting at s[0] == '<' (a tag, or the whole of
 * a <style> or <script> element); s itself when '<' starts no tag. */
static const char *markup_end(const char *s)
{
    char c = s[1];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!' || c == '?'))
        return s;
    const char *close = NULL;
    if (starts(s, "<style"))
        close = "</style>";
    else if (starts(s, "<script"))
        close = "</script>";
    const char *e = close ? strstr(s, close) : NULL;
    if (e)
        return e + strlen(close);
    e = strchr(s, '>');
    return e ? e + 1 : s + strlen(s);
}

void ms_sbuf_tie(ms_sbuf *out, const char *text)
{
    size_t i = 0, from = 0;
    while (text[i]) {
        if (text[i] == '<') {
            const char *e = markup_end(text + i);
            if (e != text + i) {
                i = (size_t)(e - text);
                continue;
            }
        }
        if (text[i] == ' ' && ties(text, i)) {
            ms_sbuf_putn(out, text + from, i - from);
            ms_sbuf_puts(out, NBSP);
            from = i + 1;
        }
        i++;
    }
    ms_sbuf_putn(out, text + from, i - from);
}
