/* datetime.c — the date-time shapes of form exports (grammar in datetime.h). */
#include "datetime.h"

#include <string.h>

typedef struct {
    const char *p, *end;
} scanner;

static bool at_end(const scanner *s) { return s->p == s->end; }

static bool lit(scanner *s, char c)
{
    if (s->p < s->end && *s->p == c) {
        s->p++;
        return true;
    }
    return false;
}

/* Between min and max digits (a digit after max is left for the caller,
 * whose next token then fails on it, or reads it: +0300). */
static bool digits(scanner *s, int min, int max, long *out)
{
    long v = 0;
    int n = 0;
    while (n < max && s->p < s->end && *s->p >= '0' && *s->p <= '9') {
        n++;
        v = v * 10 + (*s->p++ - '0');
    }
    *out = v;
    return n >= min;
}

static size_t spaces(scanner *s)
{
    size_t n = 0;
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t'))
        s->p++, n++;
    return n;
}

/* A word, case-insensitive for ASCII letters (other bytes, such as the
 * UTF-8 of ДП, must match as written). */
static bool word(scanner *s, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(s->end - s->p) < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((s->p[i] | 0x20) != (w[i] | 0x20))
            return false;
    s->p += n;
    return true;
}

static bool leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(long y, long m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

static bool set_date(ms_datetime *dt, long y, long m, long d)
{
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
        return false;
    *dt = (ms_datetime){.year = (int)y, .month = (int)m, .day = (int)d};
    return true;
}

static bool set_time(ms_datetime *dt, long h, long mi, long sec)
{
    if (h > 23 || mi > 59 || sec > 59)
        return false;
    dt->hour = (int)h, dt->minute = (int)mi, dt->second = (int)sec;
    return true;
}

/* h:mm[:ss] */
static bool clock(scanner *s, long *h, long *mi, long *sec)
{
    *sec = 0;
    if (!digits(s, 1, 2, h) || !lit(s, ':') || !digits(s, 2, 2, mi))
        return false;
    return !lit(s, ':') || digits(s, 2, 2, sec);
}

/* GMT, GMT+5, GMT-3, GMT+05:30 */
static bool gmt_zone(scanner *s)
{
    long h, m;
    if (!word(s, "GMT") && !word(s, "UTC"))
        return false;
    if (!lit(s, '+') && !lit(s, '-'))
        return true;
    if (!digits(s, 1, 2, &h) || h > 14)
        return false;
    return !lit(s, ':') || (digits(s, 2, 2, &m) && m < 60);
}

/* The optional time after a date: `h:mm[:ss]`, with AM/PM and a GMT zone
 * where the shape allows them (Google Forms). */
static bool time_tail(scanner *s, ms_datetime *dt, bool forms)
{
    if (at_end(s))
        return true;
    if (!spaces(s))
        return false;
    long h, mi, sec;
    if (!clock(s, &h, &mi, &sec))
        return false;
    if (forms) {
        size_t gap = spaces(s);
        /* ДП/ПП (до/после полудня) are the Russian AM/PM of Google Forms */
        bool pm = false, ampm = word(s, "AM") || word(s, "\xD0\x94\xD0\x9F") ||
                                (pm = word(s, "PM") || word(s, "\xD0\x9F\xD0\x9F"));
        if (ampm) {
            if (h < 1 || h > 12)
                return false;
            h = h % 12 + (pm ? 12 : 0); /* 12 AM is 0 h, 12 PM is 12 h */
            gap = spaces(s);
        }
        if (!at_end(s) && (!gap || !gmt_zone(s)))
            return false;
        spaces(s);
    }
    return at_end(s) && set_time(dt, h, mi, sec);
}

/* ISO 8601 after the date: [( |T)hh:mm[:ss[.fff]]][Z|±hh[:mm]] */
static bool iso_tail(scanner *s, ms_datetime *dt)
{
    if (at_end(s))
        return true;
    if (!lit(s, 'T') && !lit(s, 't') && !spaces(s))
        return false;
    long h, mi, sec, frac, zh, zm = 0;
    if (!clock(s, &h, &mi, &sec))
        return false;
    if (lit(s, '.') && !digits(s, 1, 9, &frac))
        return false;
    if (!lit(s, 'Z') && (lit(s, '+') || lit(s, '-'))) {
        if (!digits(s, 2, 2, &zh) || zh > 14)
            return false;
        bool colon = lit(s, ':');
        if ((colon || !at_end(s)) && (!digits(s, 2, 2, &zm) || zm > 59))
            return false;
    }
    spaces(s);
    return at_end(s) && set_time(dt, h, mi, sec);
}

/* H. Hinnant's algorithms. */
long ms_days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void ms_civil_from_days(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* 1900 system: serial 1 is 1900-01-01 and Excel counts a 1900-02-29 (60). */
static bool excel_serial(scanner *s, ms_datetime *dt)
{
    long whole, frac = 0;
    double scale = 1;
    if (!digits(s, 1, 7, &whole))
        return false;
    if (lit(s, '.') || lit(s, ',')) {
        const char *start = s->p;
        if (!digits(s, 1, 9, &frac))
            return false;
        for (const char *q = start; q < s->p; q++)
            scale *= 10;
    }
    if (!at_end(s) || whole < 1 || whole > 2958465)
        return false;
    long secs = (long)((double)frac / scale * 86400.0 + 0.5);
    if (secs >= 86400) /* 23:59:59.9 rounds to the next day */
        whole++, secs = 0;
    if (whole > 2958465)
        return false;
    if (whole == 60) {
        *dt = (ms_datetime){.year = 1900, .month = 2, .day = 29};
    } else {
        long y, m, d;
        /* day 0 of the count is 1899-12-31 up to 59, 1899-12-30 after the
         * fictitious leap day; 1899-12-30 is 25569 days before 1970 */
        ms_civil_from_days(whole - 25569 + (whole < 60), &y, &m, &d);
        *dt = (ms_datetime){.year = (int)y, .month = (int)m, .day = (int)d};
    }
    dt->hour = (int)(secs / 3600), dt->minute = (int)(secs / 60 % 60), dt->second = (int)(secs % 60);
    return true;
}

/* dd.mm.yyyy, mm/dd/yyyy (dd/mm/yyyy when day_first), yyyy/mm/dd, yyyy-mm-dd:
 * which one the separators tell. */
static bool date_part(scanner *s, ms_datetime *dt, char *shape, bool day_first)
{
    long a, b, c;
    const char *start = s->p;
    if (digits(s, 1, 2, &a) && (lit(s, '.') || lit(s, '/'))) {
        char sep = s->p[-1];
        if (!digits(s, 1, 2, &b) || !lit(s, sep) || !digits(s, 4, 4, &c))
            return false;
        *shape = sep;
        return sep == '.' || day_first ? set_date(dt, c, b, a) : set_date(dt, c, a, b);
    }
    s->p = start;
    if (!digits(s, 4, 4, &a) || !(lit(s, '-') || lit(s, '/')))
        return false;
    char sep = s->p[-1];
    int width = sep == '-' ? 2 : 1;
    if (!digits(s, width, 2, &b) || !lit(s, sep) || !digits(s, width, 2, &c))
        return false;
    *shape = sep == '-' ? 'i' : 'y';
    return set_date(dt, a, b, c);
}

bool ms_datetime_parse(const char *str, size_t len, ms_datetime *out)
{
    return ms_datetime_parse_order(str, len, false, out);
}

bool ms_datetime_parse_order(const char *str, size_t len, bool day_first, ms_datetime *out)
{
    scanner s = {str, str + len};
    while (s.end > s.p && (s.end[-1] == ' ' || s.end[-1] == '\t'))
        s.end--;
    spaces(&s);
    ms_datetime dt = {0};
    char shape = 0;
    scanner num = s;
    if (excel_serial(&num, &dt)) {
        *out = dt;
        return true;
    }
    if (!date_part(&s, &dt, &shape, day_first))
        return false;
    bool ok = shape == 'i' ? iso_tail(&s, &dt) : time_tail(&s, &dt, shape != '.');
    if (ok)
        *out = dt;
    return ok;
}

int ms_school_year(const ms_datetime *d) { return d->month >= 9 ? d->year + 1 : d->year; }

int ms_year_in_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *s = slash ? slash + 1 : path;
    for (size_t i = 0; s[i]; i++) {
        bool four = true;
        for (size_t k = 0; k < 4 && four; k++)
            four = s[i + k] >= '0' && s[i + k] <= '9';
        if (!four || (i && s[i - 1] >= '0' && s[i - 1] <= '9') ||
            (s[i + 4] >= '0' && s[i + 4] <= '9'))
            continue;
        int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + s[i + 3] - '0';
        if (y >= 1990 && y <= 2100)
            return y;
    }
    return 0;
}
