/*
 * upload.c — whether an uploaded file is answers the library can read: a CSV
 * (text) or an .xlsx workbook, told by its bytes and, for text, its name.
 *
 * What a school uploads by mistake is answered at once, naming the file:
 * a PDF or RTF (which begin as text), a Word document or an .ods (zip
 * archives like .xlsx, without a workbook), an Excel 97–2003 .xls, Excel's
 * «Unicode text» (UTF-16), a picture.  Text named .csv or .tsv is taken as
 * the table it says it is (the library then answers at its cell).  Other text
 * — most often .txt — is taken only when its first lines split into the same
 * columns: Excel's «Text (tab delimited)» save is a .txt and is what the
 * school meant, while a note or a letter is not a table of answers.
 */
#include "server.h"

#include <fcntl.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "delimiter.h"

enum { SAMPLE = 64 << 10, MAX_ENTRIES = 100000 };

static bool named(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcasecmp(name + n - e, ext) == 0;
}

/* An .xlsx has its workbook under xl/; a .docx has word/, an .ods content.xml.
 * -1: not a readable zip at all although it begins as one — cut short (a
 * download or a copy that stopped) or broken. */
static int has_workbook(const char *path)
{
    int err = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    if (!z)
        return -1;
    bool found = false;
    zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n && i < MAX_ENTRIES && !found; i++) {
        const char *e = zip_get_name(z, (zip_uint64_t)i, 0);
        found = e && !strncmp(e, "xl/", 3);
    }
    zip_discard(z);
    return found;
}

static bool text_is_a_table(const char *path)
{
    char *buf = malloc(SAMPLE), extra;
    int fd = buf ? open(path, O_RDONLY) : -1;
    size_t n = 0;
    ssize_t got;
    while (fd >= 0 && n < SAMPLE && (got = read(fd, buf + n, SAMPLE - n)) > 0)
        n += (size_t)got;
    bool complete = fd >= 0 && read(fd, &extra, 1) == 0;
    bool table = fd >= 0 && ms_looks_like_table(buf, n, complete);
    if (fd >= 0)
        close(fd);
    free(buf);
    return table;
}

const char *ms_upload_refusal(const char *path, const char *name, const unsigned char *b,
                              size_t n)
{
    if (n >= 4 && !memcmp(b, "PK\3\4", 4)) {
        int wb = has_workbook(path);
        return wb > 0    ? NULL
               : wb == 0 ? "a zip archive without an Excel workbook (a Word document or an .ods?)"
                         : MS_UPLOAD_DAMAGED;
    }
    if (n >= 8 && !memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return "an Excel 97-2003 .xls or an old Word file";
    if (n >= 2 && (!memcmp(b, "\xFF\xFE", 2) || !memcmp(b, "\xFE\xFF", 2)))
        return "text in UTF-16 (Excel's Unicode text)";
    if (n >= 5 && !memcmp(b, "%PDF-", 5))
        return "a PDF document";
    if (n >= 5 && !memcmp(b, "{\\rtf", 5))
        return "an RTF document";
    if (n == 0)
        return "an empty file";
    /* text: no NUL, no control bytes but tab, CR, LF, FF, ^Z */
    for (size_t i = 0; i < n; i++)
        if (b[i] < 0x20 && b[i] != '\t' && b[i] != '\r' && b[i] != '\n' && b[i] != '\f' &&
            b[i] != 0x1a)
            return "not text";
    if (named(name, ".csv") || named(name, ".tsv") || text_is_a_table(path))
        return NULL;
    return "text whose lines do not split into the same columns";
}
