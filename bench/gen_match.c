/* gen_match.c — a municipal bank for the matching benchmark: M mentors and
 * N mentees of many schools, each with a form (4 levels), 1–4 of 12 areas
 * (offered or requested, with per-form preferences and one area, «работа с
 * родителями», asked for far more than offered) and, for mentors, how many
 * mentees they take (1–3).  About 2 % refuse consent.
 * Usage: gen_match M N OUTDIR   writes OUTDIR/mentors.csv, OUTDIR/mentees.csv,
 * and the curator's lists: OUTDIR/keep.csv (pairs that continue: the first
 * M/10 mentors with consent, one mentee each, in the shape of last year's
 * annex) and OUTDIR/exclude.csv (N/100 pairs that must not be formed:
 * conflicts and relatives are few).  Mentees have two wish columns (wish1,
 * wish2: a mentor of their own form each, for about a fifth of them, for
 * --prefer), drawn from a second generator so that every other cell is
 * what it was before the columns existed.
 * (deterministic: fixed seeds) */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>

enum { N_FORMS = 4, N_AREAS = 12 };
static const char *const forms[N_FORMS] = {"Учитель – учитель", "Ученик – ученик",
                                           "Студент – ученик", "Работодатель – ученик"};
static const char *const areas[N_AREAS] = {
    "методика преподавания", "классное руководство", "цифровые инструменты",
    "подготовка к олимпиадам", "проектная деятельность", "работа с родителями",
    "профориентация", "адаптация в коллективе", "инклюзивное образование",
    "функциональная грамотность", "воспитательная работа", "исследовательская работа"};

/* weight of area a for form f: every form prefers a few areas */
static double weight(int f, int a, int mentor)
{
    double w = 1 + 3 * ((a + f) % 4 == 0) + 2 * ((a * 7 + f) % 5 == 0);
    if (a == 5)
        w *= mentor ? 0.3 : 3;
    return w;
}

/* Mentors' forms, for the mentees' wishes. */
typedef struct {
    gsl_rng *r2;
    int *form;
    long n;
} wishes;

static void write_wishes(FILE *f, const wishes *w, int form)
{
    for (int k = 0; k < 2; k++) {
        long pick = -1;
        if (gsl_rng_uniform(w->r2) < (k ? 0.1 : 0.2))
            for (int t = 0; t < 50 && pick < 0; t++) {
                long i = (long)gsl_rng_uniform_int(w->r2, (unsigned long)w->n);
                pick = w->form[i] == form ? i : -1;
            }
        if (pick >= 0)
            fprintf(f, ",M%06ld", pick + 1);
        else
            fputc(',', f);
    }
}

static void write_bank(gsl_rng *r, const char *path, long n, int mentor, char *consent,
                       wishes *wl)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    fprintf(f, "id,school,form,areas%s,consent\n", mentor ? ",capacity" : ",wish1,wish2");
    for (long i = 0; i < n; i++) {
        int form = (int)gsl_rng_uniform_int(r, N_FORMS);
        double w[N_AREAS];
        for (int a = 0; a < N_AREAS; a++)
            w[a] = weight(form, a, mentor);
        gsl_ran_discrete_t *d = gsl_ran_discrete_preproc(N_AREAS, w);
        int chosen[N_AREAS] = {0}, k = 1 + (int)gsl_rng_uniform_int(r, 4);
        for (int t = 0; t < k; t++)
            chosen[gsl_ran_discrete(r, d)] = 1;
        gsl_ran_discrete_free(d);
        fprintf(f, "%s%06ld,Школа %d,%s,\"", mentor ? "M" : "N", i + 1,
                1 + (int)gsl_rng_uniform_int(r, 60), forms[form]);
        for (int a = 0, first = 1; a < N_AREAS; a++)
            if (chosen[a]) {
                fprintf(f, "%s%s", first ? "" : ", ", areas[a]);
                first = 0;
            }
        fputc('"', f);
        if (mentor)
            fprintf(f, ",%d", 1 + (int)gsl_rng_uniform_int(r, 3));
        else
            write_wishes(f, wl, form);
        if (mentor)
            wl->form[i] = form;
        consent[i] = gsl_rng_uniform(r) >= 0.02;
        fprintf(f, ",%s\n", consent[i] ? "да" : "нет");
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: gen_match MENTORS MENTEES OUTDIR\n");
        return 2;
    }
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    wishes w = {gsl_rng_alloc(gsl_rng_taus2), NULL, atol(argv[1])};
    if (!r || !w.r2 || !(w.form = calloc((size_t)w.n + 1, sizeof *w.form)))
        return 2;
    gsl_rng_set(r, 20261201);
    gsl_rng_set(w.r2, 20261207);
    char path[4096];
    long m = atol(argv[1]), n = atol(argv[2]);
    char *mc = calloc((size_t)m + 1, 1), *ec = calloc((size_t)n + 1, 1);
    if (!mc || !ec)
        return 2;
    snprintf(path, sizeof path, "%s/mentors.csv", argv[3]);
    write_bank(r, path, m, 1, mc, &w);
    snprintf(path, sizeof path, "%s/mentees.csv", argv[3]);
    write_bank(r, path, n, 0, ec, &w);
    /* kept: mentor i with mentee i, both with consent (every mentor takes 1+) */
    snprintf(path, sizeof path, "%s/keep.csv", argv[3]);
    FILE *f = fopen(path, "w");
    if (!f)
        return 2;
    fprintf(f, "№ пары/группы,Наставник,Наставляемые\n");
    for (long i = 0, k = 0; i < m && i < n && k < m / 10; i++)
        if (mc[i] && ec[i])
            fprintf(f, "%ld,M%06ld,N%06ld\n", ++k, i + 1, i + 1);
    fclose(f);
    snprintf(path, sizeof path, "%s/exclude.csv", argv[3]);
    if (!(f = fopen(path, "w")))
        return 2;
    fprintf(f, "Наставник,Наставляемый\n");
    for (long k = 0; k < n / 100;) {
        long i = (long)gsl_rng_uniform_int(r, (unsigned long)m);
        long j = m / 10 * 2 + (long)gsl_rng_uniform_int(r, (unsigned long)(n - m / 10 * 2));
        if (j < n && mc[i] && ec[j]) {
            fprintf(f, "M%06ld,N%06ld\n", i + 1, j + 1);
            k++;
        }
    }
    fclose(f);
    free(mc), free(ec), free(w.form);
    gsl_rng_free(r);
    gsl_rng_free(w.r2);
    return 0;
}
