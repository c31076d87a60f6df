/* gen_exports.c — real-shaped raw exports of the example's five questionnaires,
 * for the tests of `mentorstat init`.
 *
 * usage: ms_gen_exports EXAMPLE_DATA_DIR OUTDIR
 *
 * Reads the example's 2024 and 2025 files (libcsv; the bank is CP1251, iconv)
 * and writes them again as the services write them, one directory per shape:
 *   forms/   Google Forms "Download responses": UTF-8, ',', «Отметка времени»
 *            as 05/12/2025 11:50:26 GMT+5 (the 2024 file, from an account in
 *            another locale: 2024/05/12 11:50:26 AM GMT+3), checkboxes joined
 *            by ';', no year column, a phone column in the bank; the
 *            self-assessment as two files named …вход…/…итог…
 *   sheet/   a linked Google Sheet saved as CSV: 12.05.2025 11:50:26,
 *            checkboxes joined by ', ' (one option, «родители, семья», holds
 *            the separator itself), no year column; the self-assessment as
 *            two files whose names do not say which is which (autumn, spring)
 *   excel/   Excel's Russian "CSV (разделители — запятые)": CP1251, ';',
 *            decimal comma, the year column kept (a colleague's sheet)
 *   yandex/  Yandex Forms: «ID», «Время создания» as 2025-05-12 11:50:26, the
 *            bank's agreement grid as words (Совсем не согласен … Полностью
 *            согласен), consent as «Да, согласен(на)» / «Нет, не согласен(на)»
 *   xlsx/    the sheet shape as .xlsx (libxlsxwriter), time stamps as dates
 *   bad/     one row, duplicate headers, an empty column, numbers and words
 *            mixed, a damaged .xlsx, a .xlsx with several sheets
 * and secrets.txt: every value of a name, e-mail, code or pair column, which
 * no draft may contain.
 */
#include <csv.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

enum { MAX_COLS = 32, MAX_ROWS = 200 };

typedef struct {
    char *cell[MAX_ROWS + 1][MAX_COLS];
    int n_cols, n_rows; /* rows after the header */
    int col;
} table;

static void on_field(void *s, size_t len, void *ctx)
{
    table *t = ctx;
    if (t->n_rows <= MAX_ROWS && t->col < MAX_COLS) {
        char *c = malloc(len + 1);
        memcpy(c, s, len);
        c[len] = 0;
        t->cell[t->n_rows][t->col] = c;
    }
    t->col++;
}

static void on_row(int ch, void *ctx)
{
    table *t = ctx;
    (void)ch;
    if (t->n_rows == 0)
        t->n_cols = t->col;
    t->col = 0;
    t->n_rows++;
}

static char *to_utf8(const char *buf, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", "CP1251");
    size_t cap = len * 2 + 1, left = cap;
    char *out = malloc(cap), *o = out, *in = (char *)buf;
    size_t inleft = len;
    iconv(cd, &in, &inleft, &o, &left);
    iconv_close(cd);
    *out_len = cap - left;
    return out;
}

static void free_table(table *t)
{
    for (int r = 0; r <= MAX_ROWS; r++)
        for (int c = 0; c < MAX_COLS; c++)
            free(t->cell[r][c]);
    memset(t, 0, sizeof *t);
}

static bool read_table(const char *path, table *t)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    char *text = buf;
    size_t len = n;
    unsigned char delim = ',';
    bool cp1251 = false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)buf[i] >= 0x80) {
            cp1251 = !((buf[i] & 0xE0) == 0xC0 && (buf[i + 1] & 0xC0) == 0x80);
            break;
        }
    if (cp1251)
        text = to_utf8(buf, n, &len);
    if (memchr(text, ';', strcspn(text, "\n")) && cp1251)
        delim = ';';
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    csv_set_delim(&p, delim);
    free_table(t);
    csv_parse(&p, text, len, on_field, on_row, t);
    csv_fini(&p, on_field, on_row, t);
    csv_free(&p);
    if (text != buf)
        free(text);
    t->n_rows--; /* the header */
    return true;
}

/* ---------- writing ---------- */

typedef enum { FORMS, SHEET, EXCEL, YANDEX } shape;

/* The Forms download of an account with another locale (the 2024 file). */
static bool other_locale;

static void put_cell(FILE *f, const char *s, char delim)
{
    if (strchr(s, delim) || strchr(s, '"') || strchr(s, '\n')) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

static bool is_multi(const char *header) { return !strncmp(header, "В каких вопросах", 30); }

/* "01.09.2024 19:18:51" or "01.09.2024 12:12" into the shape's form. */
static void stamp(const char *in, shape sh, char *out, size_t size)
{
    int d = 1, m = 1, y = 2025, H = 0, M = 0, S = 0;
    sscanf(in, "%d.%d.%d %d:%d:%d", &d, &m, &y, &H, &M, &S);
    switch (sh) {
    case FORMS:
        if (other_locale)
            snprintf(out, size, "%04d/%02d/%02d %d:%02d:%02d %s GMT+3", y, m, d,
                     H % 12 ? H % 12 : 12, M, S, H < 12 ? "AM" : "PM");
        else
            snprintf(out, size, "%02d/%02d/%04d %d:%02d:%02d GMT+5", m, d, y, H, M, S);
        break;
    case SHEET: snprintf(out, size, "%02d.%02d.%04d %d:%02d:%02d", d, m, y, H, M, S); break;
    case EXCEL: snprintf(out, size, "%02d.%02d.%04d %d:%02d", d, m, y, H, M); break;
    default: snprintf(out, size, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, H, M, S); break;
    }
}

/* Which columns a shape drops: the year (forms have none) and, when the
 * waves are files, the wave column. */
static bool dropped(const table *t, int c, shape sh, bool waves_as_files)
{
    const char *h = t->cell[0][c];
    return (sh != EXCEL && !strcmp(h, "Год")) || (waves_as_files && !strcmp(h, "Этап анкетирования"));
}

/* Yandex writes the labels of a scale's points, and the consent as worded. */
static const char *yandex_words(const table *t, int r, int c)
{
    static const char *const agree[] = {"Совсем не согласен", "Скорее не согласен",
                                        "Отчасти согласен", "Скорее согласен",
                                        "Полностью согласен"};
    const char *h = t->cell[0][c], *s = t->cell[r][c] ? t->cell[r][c] : "";
    if (strstr(h, "(1 — совсем не согласен, 5 — полностью согласен)") && s[0] >= '1' &&
        s[0] <= '5' && !s[1])
        return agree[s[0] - '1'];
    if (strstr(h, "Даю согласие"))
        return !strcmp(s, "Да") ? "Да, согласен(на)" : "Нет, не согласен(на)";
    return NULL;
}

static void cell_text(const table *t, int r, int c, shape sh, char *out, size_t size)
{
    const char *s = t->cell[r][c] ? t->cell[r][c] : "";
    const char *w = r > 0 && sh == YANDEX ? yandex_words(t, r, c) : NULL;
    if (c == 0 && r > 0) {
        stamp(s, sh, out, size);
        return;
    }
    if (w) {
        snprintf(out, size, "%s", w);
        return;
    }
    if (r > 0 && sh == SHEET && is_multi(t->cell[0][c])) {
        /* an option whose own label holds the separator */
        const char *p = strstr(s, "работа с родителями");
        if (p) {
            snprintf(out, size, "%.*sродители, семья%s", (int)(p - s), s,
                     p + strlen("работа с родителями"));
            return;
        }
    }
    size_t o = 0;
    bool multi = r > 0 && is_multi(t->cell[0][c]) && sh == FORMS;
    for (; *s && o + 2 < size; s++) {
        if (multi && s[0] == ',' && s[1] == ' ')
            out[o++] = ';', s++;
        else if (sh == EXCEL && s[0] == '.' && s[1] >= '0' && s[1] <= '9' && o && out[o - 1] >= '0' &&
                 out[o - 1] <= '9' && c > 0)
            out[o++] = ',';
        else
            out[o++] = *s;
    }
    out[o] = 0;
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[2200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    return f;
}

static void write_utf8_or_cp1251(FILE *f, const char *s, bool cp1251)
{
    if (!cp1251) {
        fputs(s, f);
        return;
    }
    iconv_t cd = iconv_open("CP1251//TRANSLIT", "UTF-8");
    char buf[8192], *in = (char *)s, *o = buf;
    size_t inleft = strlen(s), left = sizeof buf;
    iconv(cd, &in, &inleft, &o, &left);
    iconv_close(cd);
    fwrite(buf, 1, sizeof buf - left, f);
}

/* wave: 0 every row; else only the rows of that wave («входное» 1, «итоговое» 2). */
static void write_csv(const table *t, shape sh, const char *dir, const char *name, int wave)
{
    FILE *f = open_out(dir, name);
    char delim = sh == EXCEL ? ';' : ',';
    int wave_col = -1;
    for (int c = 0; c < t->n_cols; c++)
        if (!strcmp(t->cell[0][c], "Этап анкетирования"))
            wave_col = c;
    for (int r = 0; r <= t->n_rows; r++) {
        if (r > 0 && wave && wave_col >= 0 &&
            strcmp(t->cell[r][wave_col], wave == 1 ? "входное" : "итоговое"))
            continue;
        bool first = true;
        if (sh == YANDEX) {
            fprintf(f, r ? "%d" : "ID", 1000 + r);
            first = false;
        }
        for (int c = 0; c < t->n_cols; c++) {
            if (dropped(t, c, sh, wave != 0))
                continue;
            char text[4096];
            if (r == 0 && c == 0 && sh == YANDEX)
                snprintf(text, sizeof text, "Время создания");
            else
                cell_text(t, r, c, sh, text, sizeof text);
            if (!first)
                write_utf8_or_cp1251(f, (char[2]){delim, 0}, false);
            first = false;
            if (sh == FORMS && !strcmp(t->cell[0][c], "Адрес электронной почты")) {
                if (r == 0)
                    fputs("Контактный телефон,", f);
                else
                    fprintf(f, "+7 912 %03d-%02d-%02d,", 100 + r, r % 100, (r * 7) % 100);
            }
            char quoted[8192];
            FILE *m = fmemopen(quoted, sizeof quoted, "w");
            put_cell(m, text, delim);
            fputc(0, m);
            fclose(m);
            write_utf8_or_cp1251(f, quoted, sh == EXCEL);
        }
        fputs(sh == EXCEL ? "\r\n" : "\n", f);
    }
    fclose(f);
}

/* ---------- .xlsx ---------- */

static void write_xlsx(const table *t, const char *dir, const char *name, int sheets)
{
    char path[2200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    lxw_workbook *wb = workbook_new(path);
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd.mm.yyyy hh:mm:ss");
    for (int s = 0; s < sheets; s++) {
        lxw_worksheet *ws = workbook_add_worksheet(wb, s ? "Лист2" : "Ответы на форму (1)");
        for (int r = 0; r <= t->n_rows; r++) {
            int oc = 0;
            for (int c = 0; c < t->n_cols; c++) {
                if (dropped(t, c, SHEET, false))
                    continue;
                const char *v = t->cell[r][c] ? t->cell[r][c] : "";
                char *end;
                double x = strtod(v, &end);
                if (r > 0 && c == 0) {
                    lxw_datetime dt = {0};
                    sscanf(v, "%d.%d.%d %d:%d:%lf", &dt.day, &dt.month, &dt.year, &dt.hour,
                           &dt.min, &dt.sec);
                    worksheet_write_datetime(ws, (lxw_row_t)r, (lxw_col_t)oc, &dt, date);
                } else if (r > 0 && *v && !*end) {
                    worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)oc, x, NULL);
                } else if (*v) {
                    worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)oc, v, NULL);
                }
                oc++;
            }
        }
    }
    workbook_close(wb);
}

/* ---------- bad inputs ---------- */

static void write_text(const char *dir, const char *name, const char *text)
{
    FILE *f = open_out(dir, name);
    fputs(text, f);
    fclose(f);
}

static void write_bad(const table *t, const char *dir)
{
    write_text(dir, "one_row.csv",
               "Отметка времени,Код участника,Форма наставничества,Оцените по шкале от 1 до 10 "
               "[Мне было комфортно],Даю согласие на обработку моих персональных данных\n"
               "05/12/2025 11:50:26 GMT+5,Н-1,Учитель – учитель,8,Да\n");
    write_text(dir, "duplicate_headers.csv",
               "Отметка времени,Оценка,Оценка,Год\n12.05.2025 11:50:26,3,4,2025\n"
               "13.05.2025 10:00:00,5,2,2025\n");
    write_text(dir, "empty_column.csv",
               "Отметка времени,Год,Комментарий,Оценка от 1 до 5\n12.05.2025 11:50:26,2025,,3\n"
               "13.05.2025 10:00:00,2025,,4\n");
    write_text(dir, "mixed_column.csv",
               "Отметка времени,Год,Сколько встреч было?\n12.05.2025 11:50:26,2025,3\n"
               "13.05.2025 10:00:00,2025,пять\n14.05.2025 10:00:00,2025,4\n");
    write_xlsx(t, dir, "several_sheets.xlsx", 2);
    /* a workbook cut in half: a damaged download */
    char path[2200];
    write_xlsx(t, dir, "damaged.xlsx", 1);
    snprintf(path, sizeof path, "%s/damaged.xlsx", dir);
    FILE *f = fopen(path, "r+b");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    if (truncate(path, n / 2) != 0)
        perror(path);
}

static void add_secrets(FILE *out, const table *t)
{
    for (int r = 1; r <= t->n_rows; r++) /* the phones the Forms shape adds */
        fprintf(out, "%03d-%02d-%02d\n", 100 + r, r % 100, (r * 7) % 100);
    for (int c = 0; c < t->n_cols; c++) {
        const char *h = t->cell[0][c];
        if (!strstr(h, "Фамилия") && !strstr(h, "почты") && strncmp(h, "Код", 6))
            continue;
        for (int r = 1; r <= t->n_rows; r++)
            if (t->cell[r][c] && *t->cell[r][c])
                fprintf(out, "%s\n", t->cell[r][c]);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: ms_gen_exports EXAMPLE_DATA_DIR OUTDIR\n");
        return 2;
    }
    static const char *const stems[] = {"mentors_bank", "mentees_requests", "mentees_satisfaction",
                                        "mentors_satisfaction", "selfassessment"};
    static const char *const shapes[] = {"forms", "sheet", "excel", "yandex", "xlsx", "bad"};
    char dir[1024], path[1024], name[256];
    mkdir(argv[2], 0777);
    for (int s = 0; s < 6; s++) {
        snprintf(dir, sizeof dir, "%s/%s", argv[2], shapes[s]);
        mkdir(dir, 0777);
    }
    snprintf(path, sizeof path, "%s/secrets.txt", argv[2]);
    FILE *secrets = fopen(path, "w");
    static table t;
    for (int k = 0; k < 5; k++)
        for (int year = 2024; year <= 2025; year++) {
            snprintf(path, sizeof path, "%s/%s_%d.csv", argv[1], stems[k], year);
            if (!read_table(path, &t)) {
                perror(path);
                return 2;
            }
            add_secrets(secrets, &t);
            bool self = k == 4;
            /* a second year only where it is compared: the mentees' satisfaction */
            if (year == 2024 && k != 2)
                continue;
            other_locale = year == 2024;
            for (int sh = FORMS; sh <= YANDEX; sh++) {
                snprintf(dir, sizeof dir, "%s/%s", argv[2], shapes[sh]);
                if (self && sh == FORMS) {
                    write_csv(&t, sh, dir, "самооценка_вход_2025.csv", 1);
                    write_csv(&t, sh, dir, "самооценка_итог_2025.csv", 2);
                } else if (self && sh == SHEET) {
                    write_csv(&t, sh, dir, "selfassessment_a.csv", 1);
                    write_csv(&t, sh, dir, "selfassessment_b.csv", 2);
                } else {
                    snprintf(name, sizeof name, "%s_%d.csv", stems[k], year);
                    write_csv(&t, sh, dir, name, 0);
                }
            }
            snprintf(dir, sizeof dir, "%s/xlsx", argv[2]);
            snprintf(name, sizeof name, "%s_%d.xlsx", stems[k], year);
            write_xlsx(&t, dir, name, 1);
            if (k == 2 && year == 2025) {
                snprintf(dir, sizeof dir, "%s/bad", argv[2]);
                write_bad(&t, dir);
            }
        }
    fclose(secrets);
    free_table(&t);
    return 0;
}
