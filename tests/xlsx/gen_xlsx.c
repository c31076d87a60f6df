/* gen_xlsx — .xlsx test workbooks, written by libxlsxwriter (and, for what
 * it never writes — inline strings, rich text, the 1904 date system, damaged
 * parts — by hand into a zip with libzip), so that no binary file is
 * committed.
 *
 *   gen_xlsx fixtures DIR            the fixtures of test_xlsxread and run.sh
 *   gen_xlsx csv2xlsx IN.csv OUT.xlsx [SHEET] [--stream] [--decoy] [--semicolon]
 *       a UTF-8 CSV (',', or ';' with --semicolon) as a workbook: cells that
 *       read whole as numbers become numbers, others strings, empty cells are
 *       left out; --stream writes in libxlsxwriter's constant-memory mode
 *       (inline strings); --decoy puts a sheet "Инструкция" before it.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h>

static void die(const char *what)
{
    fprintf(stderr, "gen_xlsx: %s\n", what);
    exit(1);
}

static void close_book(lxw_workbook *wb)
{
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR)
        die(lxw_strerror(e));
}

static char *path_in(const char *dir, const char *name)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

/* Every kind of cell libxlsxwriter writes, with shared strings; two sheets. */
static void write_types(const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        die("cannot create types.xlsx");
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Лист1");
    lxw_worksheet *other = workbook_add_worksheet(wb, "Данные");
    lxw_format *datetime = workbook_add_format(wb);
    format_set_num_format(datetime, "dd.mm.yyyy hh:mm:ss");
    lxw_format *date14 = workbook_add_format(wb);
    format_set_num_format_index(date14, 14);
    lxw_format *quoted_d = workbook_add_format(wb); /* not a date: the d is quoted */
    format_set_num_format(quoted_d, "0.00 \"d\";[Red]-0.00");
    const char *head[] = {"Код", "Форма", "Оценка", "Доля", "Отметка времени", "Дата",
                          "Флаг", "Текст", "Сумма"};
    for (int c = 0; c < 9; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    lxw_datetime when = {2025, 5, 12, 11, 50, 26};
    /* row 2: everything */
    worksheet_write_string(ws, 1, 0, "A01", NULL);
    worksheet_write_string(ws, 1, 1, "Учитель – учитель", NULL);
    worksheet_write_number(ws, 1, 2, 7, NULL);
    worksheet_write_number(ws, 1, 3, 0.1, NULL);
    worksheet_write_datetime(ws, 1, 4, &when, datetime);
    worksheet_write_number(ws, 1, 5, 45789, date14); /* 2025-05-12 */
    worksheet_write_boolean(ws, 1, 6, 1, NULL);
    worksheet_write_string(ws, 1, 7, "да, конечно", NULL);
    worksheet_write_number(ws, 1, 8, 1234.5, quoted_d);
    /* row 3: column C skipped, a string shared with row 2, 1/3, FALSE */
    worksheet_write_string(ws, 2, 0, "A02", NULL);
    worksheet_write_string(ws, 2, 1, "Учитель – учитель", NULL);
    worksheet_write_number(ws, 2, 3, 1.0 / 3.0, NULL);
    worksheet_write_boolean(ws, 2, 6, 0, NULL);
    /* row 4 left out: an empty row; row 5 has only its first and last cells */
    worksheet_write_string(ws, 4, 0, "A03", NULL);
    worksheet_write_number(ws, 4, 2, -2.5e-7, NULL);
    worksheet_write_number(ws, 4, 8, 1e21, NULL);
    /* row 6: a formatted blank cell only, which is no row */
    worksheet_write_blank(ws, 5, 3, datetime);
    worksheet_write_string(other, 0, 0, "x", NULL);
    worksheet_write_string(other, 0, 1, "y", NULL);
    worksheet_write_number(other, 1, 0, 1, NULL);
    worksheet_write_number(other, 1, 1, 2, NULL);
    close_book(wb);
}

typedef struct {
    const char *name, *text;
} zip_part;

/* stored: without compression, as some writers do (and as fuzzing wants:
 * a changed byte then changes the XML, not the inflation) */
static void write_zip(const char *path, const zip_part *parts, size_t n, int stored)
{
    int code;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (!z)
        die("cannot create a zip");
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(z, parts[i].text, strlen(parts[i].text), 0);
        zip_int64_t at = s ? zip_file_add(z, parts[i].name, s, ZIP_FL_OVERWRITE) : -1;
        if (at < 0 || (stored && zip_set_file_compression(z, (zip_uint64_t)at, ZIP_CM_STORE, 0)))
            die(zip_strerror(z));
    }
    if (zip_close(z) != 0)
        die(zip_strerror(z));
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"/xl/sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";
static const char workbook1904[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<x:workbookPr date1904=\"1\"/><x:sheets><x:sheet name=\"Ответы\" sheetId=\"1\" r:id=\"rId1\"/>"
    "</x:sheets></x:workbook>";
/* a rich-text string with a phonetic run, and a CR written as _x000D_ */
static const char shared[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"2\" uniqueCount=\"2\">"
    "<si><r><rPr><b/></rPr><t>Полностью </t></r><r><t xml:space=\"preserve\">согласен</t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>ignored</t></rPh></si>"
    "<si><t>строка_x000D_вторая</t></si></sst>";
static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"[$-419]d\\ mmmm\\ yyyy\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"10\" applyNumberFormat=\"1\"><alignment/></xf></cellXfs></styleSheet>";
/* inline strings, cells and a row without references, a formula's string,
 * an error value, column AA, a date in the 1904 system, a bad shared index,
 * and a row of formulas only (a calculation under the answers) */
static const char sheet_by_hand[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Код</t></is></c>"
    "<c t=\"inlineStr\"><is><r><t>Отв</t></r><r><t>ет</t></r></is></c>"
    "<c t=\"inlineStr\"><is><t>Дата</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>Доля</t></is></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> B&amp;1 </t></is></c>"
    "<c r=\"B3\" t=\"s\"><v>0</v></c><c r=\"C3\" s=\"1\"><v>0.5</v></c><c r=\"D3\" s=\"2\"><v>0.25</v></c></row>"
    "<row><c r=\"A4\" t=\"str\"><f>A3</f><v>B&amp;1</v></c><c r=\"B4\" t=\"s\"><v>1</v></c>"
    "<c r=\"C4\" t=\"e\"><v>#N/A</v></c><c r=\"AA4\"><v>3</v></c></row>"
    "<row r=\"5\"><c r=\"A5\" t=\"s\"><v>7</v></c><c r=\"B5\" t=\"b\"><v>1</v></c></row>"
    "<row r=\"7\"><c r=\"C7\"><f>SUM(C3:C5)</f><v>0.5</v></c><c r=\"D7\"><f>MAX(D3:D5)</f><v>0.25</v></c></row>"
    "</sheetData></worksheet>";

/* The same parts where the package's _rels/.rels says, not under xl/. */
static const char package_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"book/wb.xml\"/>"
    "</Relationships>";
static const char moved_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"sheets/s1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"/book/strings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"st.xml\"/>"
    "</Relationships>";

static void write_by_hand(const char *dir)
{
    zip_part parts[] = {{"[Content_Types].xml", content_types}, {"xl/workbook.xml", workbook1904},
                        {"xl/_rels/workbook.xml.rels", rels}, {"xl/sharedStrings.xml", shared},
                        {"xl/styles.xml", styles}, {"xl/worksheets/sheet1.xml", sheet_by_hand}};
    write_zip(path_in(dir, "by_hand.xlsx"), parts, sizeof parts / sizeof *parts, 0);
    write_zip(path_in(dir, "by_hand_stored.xlsx"), parts, sizeof parts / sizeof *parts, 1);
    zip_part moved[] = {{"_rels/.rels", package_rels}, {"book/wb.xml", workbook1904},
                        {"book/_rels/wb.xml.rels", moved_rels}, {"book/strings.xml", shared},
                        {"book/st.xml", styles}, {"book/sheets/s1.xml", sheet_by_hand}};
    write_zip(path_in(dir, "by_hand_moved.xlsx"), moved, sizeof moved / sizeof *moved, 0);
    /* the same with the sheet XML cut inside row 3 */
    char cut[sizeof sheet_by_hand];
    memcpy(cut, sheet_by_hand, sizeof sheet_by_hand);
    cut[strstr(cut, "<row r=\"3\">") - cut + 40] = '\0';
    parts[5].text = cut;
    write_zip(path_in(dir, "bad_xml.xlsx"), parts, sizeof parts / sizeof *parts, 0);
    /* a zip that is no workbook, and a workbook whose sheet part is missing */
    zip_part odt[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}};
    write_zip(path_in(dir, "not_a_workbook.xlsx"), odt, 1, 0);
    write_zip(path_in(dir, "no_sheet_part.xlsx"), parts, 5, 0);
}

static void write_damaged(const char *dir)
{
    FILE *f = fopen(path_in(dir, "not_a_zip.xlsx"), "wb");
    if (!f)
        die("cannot write not_a_zip.xlsx");
    fputs("Код,Оценка\nA01,7\n", f);
    fclose(f);
    /* types.xlsx cut in half: the zip's directory is gone */
    FILE *in = fopen(path_in(dir, "types.xlsx"), "rb");
    if (!in)
        die("cannot read types.xlsx");
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    FILE *out = fopen(path_in(dir, "truncated.xlsx"), "wb");
    if (!out || fwrite(buf, 1, n / 2, out) != n / 2)
        die("cannot write truncated.xlsx");
    fclose(out);
}

/* A hidden first sheet, as forms' linked spreadsheets keep lookups. */
static void write_hidden_first(const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        die("cannot create hidden_first.xlsx");
    lxw_worksheet *hidden = workbook_add_worksheet(wb, "Служебный");
    lxw_worksheet *answers = workbook_add_worksheet(wb, "Ответы");
    worksheet_write_string(hidden, 0, 0, "справочник", NULL);
    worksheet_write_string(answers, 0, 0, "Код", NULL);
    worksheet_write_string(answers, 1, 0, "A01", NULL);
    worksheet_activate(answers);
    worksheet_hide(hidden);
    close_book(wb);
}

/* Issue 22's hostile workbooks: odd cell references, DTDs, parts that
 * unpack far beyond their size, a styles part of many date formats. */
static const char sheet_odd_refs[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Код</t></is></c>"
    "<c r=\"B1\" t=\"inlineStr\"><is><t>Оценка</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>K2</t></is></c><c r=\"A0\"><v>9</v></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>K3</t></is></c><c r=\"A-1\"><v>9</v></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>K4</t></is></c><c r=\"B4\"><v>5</v></c>"
    "<c r=\"B4\"><v>9</v></c></row>"
    "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>K5</t></is></c><c r=\"B5\"><v>7</v></c></row>"
    "<row r=\"6\"><c r=\"A6\" t=\"inlineStr\"><is><t>K6</t></is></c><c r=\"B7\"><v>9</v></c></row>"
    "<row r=\"0\"><c t=\"inlineStr\"><is><t>K0</t></is></c></row>"
    "</sheetData></worksheet>";
static const char dtd_prolog[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a comment first -->"
    "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>";
static const char plain_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";
static const char workbook_plain[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Лист1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char sheet_small[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"%zu\"><v>45789.5</v></c></row>"
    "</sheetData></worksheet>";

static const char sheet_surrogates[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Текст</t></is></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>x_xD83D__xDE00_y</t></is></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>a_xD800_b</t></is></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>0</v></c></row>"
    "</sheetData></worksheet>";
static const char shared_surrogate[] =
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<si><t>c_xDFFF_d_x0000_</t></si></sst>";

static char *text_of(size_t size)
{
    char *t = malloc(size);
    if (!t)
        die("out of memory");
    return t;
}

static void write_hostile(const char *dir)
{
    zip_part odd[] = {{"[Content_Types].xml", content_types}, {"xl/workbook.xml", workbook_plain},
                      {"xl/_rels/workbook.xml.rels", plain_rels},
                      {"xl/worksheets/sheet1.xml", sheet_odd_refs}};
    write_zip(path_in(dir, "odd_refs.xlsx"), odd, 4, 0);
    /* a DTD with entities in the sheet, and in the (held) styles part */
    char *dtd_sheet = text_of(sizeof dtd_prolog + sizeof sheet_odd_refs);
    const char *body = strstr(sheet_odd_refs, "<worksheet");
    snprintf(dtd_sheet, sizeof dtd_prolog + sizeof sheet_odd_refs, "%s%s", dtd_prolog, body);
    odd[3].text = dtd_sheet;
    write_zip(path_in(dir, "dtd_sheet.xlsx"), odd, 4, 0);
    char *dtd_styles = text_of(sizeof dtd_prolog + sizeof styles);
    snprintf(dtd_styles, sizeof dtd_prolog + sizeof styles, "%s%s", dtd_prolog,
             strstr(styles, "<styleSheet"));
    zip_part styled[] = {{"[Content_Types].xml", content_types}, {"xl/workbook.xml", workbook_plain},
                         {"xl/_rels/workbook.xml.rels", plain_rels},
                         {"xl/styles.xml", dtd_styles}, {"xl/worksheets/sheet1.xml", sheet_odd_refs}};
    write_zip(path_in(dir, "dtd_styles.xlsx"), styled, 5, 0);
    zip_part sur[] = {{"[Content_Types].xml", content_types}, {"xl/workbook.xml", workbook_plain},
                      {"xl/_rels/workbook.xml.rels", plain_rels},
                      {"xl/sharedStrings.xml", shared_surrogate},
                      {"xl/worksheets/sheet1.xml", sheet_surrogates}};
    write_zip(path_in(dir, "surrogates.xlsx"), sur, 5, 0);
    /* shared strings of 16 MB that deflate to some 16 KB */
    size_t n = 1 << 20, size = 64 + n * 18;
    char *sst = text_of(size), *q = sst;
    q += sprintf(q, "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
    for (size_t i = 0; i < n; i++)
        q += sprintf(q, "<si><t>a</t></si>");
    sprintf(q, "</sst>");
    char sheet[1024];
    snprintf(sheet, sizeof sheet, sheet_small, (size_t)0);
    zip_part bomb[] = {{"[Content_Types].xml", content_types}, {"xl/workbook.xml", workbook_plain},
                       {"xl/_rels/workbook.xml.rels", plain_rels}, {"xl/sharedStrings.xml", sst},
                       {"xl/worksheets/sheet1.xml", sheet}};
    write_zip(path_in(dir, "bomb_strings.xlsx"), bomb, 5, 0);
    /* 30000 custom date formats and 30000 styles, the last a date */
    size_t m = 30000;
    char *st = text_of(200 + m * 96), *t = st;
    t += sprintf(t, "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts>");
    for (size_t i = 0; i < m; i++)
        t += sprintf(t, "<numFmt numFmtId=\"%zu\" formatCode=\"dd.mm.yyyy\"/>", 200 + i);
    t += sprintf(t, "</numFmts><cellXfs>");
    for (size_t i = 0; i < m; i++)
        t += sprintf(t, "<xf numFmtId=\"%zu\"/>", i + 1 < m ? (size_t)1 : 200 + m - 1);
    sprintf(t, "</cellXfs></styleSheet>");
    snprintf(sheet, sizeof sheet, sheet_small, m - 1);
    zip_part many[] = {{"[Content_Types].xml", content_types}, {"xl/workbook.xml", workbook_plain},
                       {"xl/_rels/workbook.xml.rels", plain_rels}, {"xl/sharedStrings.xml", shared},
                       {"xl/styles.xml", st}, {"xl/worksheets/sheet1.xml", sheet}};
    write_zip(path_in(dir, "many_styles.xlsx"), many, 6, 0);
    free(dtd_sheet);
    free(dtd_styles);
    free(sst);
    free(st);
}

static void fixtures(const char *dir)
{
    write_hostile(dir);
    write_types(path_in(dir, "types.xlsx"));
    write_hidden_first(path_in(dir, "hidden_first.xlsx"));
    write_by_hand(dir);
    write_damaged(dir);
}

/* ---------- csv2xlsx ---------- */

typedef struct {
    lxw_worksheet *ws;
    lxw_row_t row;
    lxw_col_t col;
} conversion;

static void on_field(void *s, size_t len, void *data)
{
    conversion *c = data;
    if (c->row == 0 && c->col == 0 && len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
        s = (char *)s + 3; /* a BOM is the CSV file's, not the header's */
        len -= 3;
    }
    char *text = malloc(len + 1);
    if (!text)
        die("out of memory");
    memcpy(text, s, len);
    text[len] = '\0';
    char *end;
    double x = strtod(text, &end);
    if (len && *end == '\0' && !strchr(text, ' ') && !strchr("+.", text[0]) &&
        !strpbrk(text, "xXnNiI") && (text[0] != '0' || len == 1 || text[1] == '.'))
        worksheet_write_number(c->ws, c->row, c->col, x, NULL);
    else if (len)
        worksheet_write_string(c->ws, c->row, c->col, text, NULL);
    free(text);
    c->col++;
}

static void on_row(int ch, void *data)
{
    (void)ch;
    conversion *c = data;
    c->row++;
    c->col = 0;
}

typedef struct {
    const char *sheet;
    int stream, decoy, semicolon;
} conversion_options;

static void csv2xlsx(const char *in, const char *out, const conversion_options *o)
{
    lxw_workbook_options opt = {.constant_memory = (uint8_t)o->stream};
    lxw_workbook *wb = workbook_new_opt(out, &opt);
    if (!wb)
        die("cannot create the workbook");
    if (o->decoy)
        worksheet_write_string(workbook_add_worksheet(wb, "Инструкция"), 0, 0,
                               "Ответы на втором листе", NULL);
    conversion c = {workbook_add_worksheet(wb, o->sheet), 0, 0};
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        die("csv_init");
    if (o->semicolon)
        csv_set_delim(&p, ';');
    FILE *f = fopen(in, "rb");
    if (!f)
        die("cannot open the CSV file");
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_row, &c) != n)
            die(csv_strerror(csv_error(&p)));
    csv_fini(&p, on_field, on_row, &c);
    csv_free(&p);
    fclose(f);
    close_book(wb);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "fixtures") == 0) {
        fixtures(argv[2]);
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "csv2xlsx") == 0) {
        conversion_options o = {"Лист1", 0, 0, 0};
        for (int i = 4; i < argc; i++) {
            if (!strcmp(argv[i], "--stream"))
                o.stream = 1;
            else if (!strcmp(argv[i], "--decoy"))
                o.decoy = 1;
            else if (!strcmp(argv[i], "--semicolon"))
                o.semicolon = 1;
            else
                o.sheet = argv[i];
        }
        csv2xlsx(argv[2], argv[3], &o);
        return 0;
    }
    fprintf(stderr, "usage: gen_xlsx fixtures DIR | csv2xlsx IN.csv OUT.xlsx [SHEET] [--stream] "
                    "[--decoy] [--semicolon]\n");
    return 2;
}
