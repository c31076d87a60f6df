/* delimiter.c — the field delimiter from the field counts of the first records. */
#include "delimiter.h"

enum { SAMPLE_RECORDS = 64 };

static const char candidates[] = {'\t', ';', ','}; /* in order of preference */
enum { N_CANDIDATES = sizeof candidates };

typedef struct {
    size_t fields[SAMPLE_RECORDS];   /* per record */
    size_t n;
} counts;

/* Field counts of the first records split by d; quotes as libcsv reads them. */
static void count_fields(const char *s, size_t len, bool complete, char d, counts *c)
{
    size_t fields = 1, i = 0;
    bool quoted = false, at_field_start = true, any = false;
    c->n = 0;
    for (; i < len && c->n < SAMPLE_RECORDS; i++) {
        char ch = s[i];
        if (quoted) {
            if (ch == '"' && i + 1 < len && s[i + 1] == '"')
                i++;
            else if (ch == '"')
                quoted = false;
            continue;
        }
        if (ch == '"' && at_field_start) {
            quoted = true, at_field_start = false, any = true;
        } else if (ch == d) {
            fields++, at_field_start = true, any = true;
        } else if (ch == '\n' || ch == '\r') {
            if (any)
                c->fields[c->n++] = fields;
            /* a first record of one field rules d out, whatever follows
             * (consistent and like_header): no need to read 64 records */
            if (c->n == 1 && c->fields[0] < 2)
                return;
            if (ch == '\r' && i + 1 < len && s[i + 1] == '\n')
                i++;
            fields = 1, at_field_start = true, any = false;
        } else {
            at_field_start = false, any = true;
        }
    }
    if (complete && any && !quoted && c->n < SAMPLE_RECORDS)
        c->fields[c->n++] = fields;
}

static bool consistent(const counts *c)
{
    if (c->n == 0 || c->fields[0] < 2)
        return false;
    for (size_t i = 1; i < c->n; i++)
        if (c->fields[i] != c->fields[0])
            return false;
    return true;
}

static size_t like_header(const counts *c)
{
    size_t k = 0;
    for (size_t i = 0; c->fields[0] >= 2 && i < c->n; i++)
        k += c->fields[i] == c->fields[0];
    return k;
}

char ms_guess_delimiter(const char *s, size_t n, bool complete)
{
    counts c[N_CANDIDATES];
    for (size_t k = 0; k < N_CANDIDATES; k++) {
        count_fields(s, n, complete, candidates[k], &c[k]);
        if (consistent(&c[k]))
            return candidates[k];
    }
    size_t best = N_CANDIDATES - 1, best_score = 0;
    for (size_t k = 0; k < N_CANDIDATES; k++) {
        size_t score = c[k].n ? like_header(&c[k]) : 0;
        if (score > best_score)
            best = k, best_score = score;
    }
    return candidates[best];
}

bool ms_looks_like_table(const char *s, size_t n, bool complete)
{
    counts c;
    count_fields(s, n, complete, ms_guess_delimiter(s, n, complete), &c);
    return c.n >= 2 && like_header(&c) * 10 >= c.n * 9;
}
