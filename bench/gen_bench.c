/* gen_bench.c — writes the benchmark workload: N respondents with id, year
 * 2021–2024, form (4 levels), pair, q1..q30 on 1..10 (6 constructs of 5
 * items, correlated within a construct), about 2 % blank answers.
 * Usage: gen_bench N > data.csv   (deterministic: fixed seed) */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const forms[4] = {"Учитель – учитель", "Ученик – ученик", "Студент – ученик",
                                     "Работодатель – ученик"};

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_bench N\n");
        return 2;
    }
    long n = atol(argv[1]);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (!r)
        return 2;
    gsl_rng_set(r, 20261125);
    static char buf[1 << 20];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    printf("id,year,form,pair");
    for (int q = 1; q <= 30; q++)
        printf(",q%d", q);
    putchar('\n');
    for (long i = 0; i < n; i++) {
        int year = 2021 + (int)gsl_rng_uniform_int(r, 4);
        int form = (int)gsl_rng_uniform_int(r, 4);
        printf("R%08ld,%d,%s,P%06ld", i, year, forms[form], i / 2);
        double person = gsl_ran_gaussian(r, 1.0) + 0.1 * (year - 2021) + (form == 0 ? 0.4 : 0);
        for (int c = 0; c < 6; c++) {
            double trait = person + gsl_ran_gaussian(r, 0.7);
            for (int k = 0; k < 5; k++) {
                if (gsl_rng_uniform(r) < 0.02) {
                    fputs(",", stdout);
                    continue;
                }
                double x = 6.5 + 1.6 * (trait + gsl_ran_gaussian(r, 0.8));
                int v = (int)lround(x);
                printf(",%d", v < 1 ? 1 : v > 10 ? 10 : v);
            }
        }
        putchar('\n');
    }
    gsl_rng_free(r);
    return ferror(stdout) ? 1 : 0;
}
