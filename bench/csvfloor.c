/* csvfloor.c — the benchmark floor: parse a CSV file with libcsv and count
 * fields and rows, nothing else.  Usage: csvfloor FILE */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static void on_field(void *s, size_t len, void *data)
{
    (void)s, (void)len;
    ((unsigned long long *)data)[0]++;
}

static void on_row(int c, void *data)
{
    (void)c;
    ((unsigned long long *)data)[1]++;
}

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    FILE *f = fopen(argv[1], "rb");
    struct csv_parser p;
    if (!f || csv_init(&p, 0) != 0)
        return 2;
    static char buf[1 << 18];
    unsigned long long counts[2] = {0, 0};
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_row, counts) != n)
            return 1;
    csv_fini(&p, on_field, on_row, counts);
    csv_free(&p);
    fclose(f);
    printf("%llu fields, %llu rows\n", counts[0], counts[1]);
    return 0;
}
