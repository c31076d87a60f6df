/* init_write.c — the drafts as text, and written all together or not at all
 * (mentorstat init). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "init_int.h"
#include "util.h"

/* s in double quotes, a quote inside doubled: the CSV rule, which the
 * programme file's lists follow too (docs/programme.md). */
static void csv_cell(ms_sbuf *b, const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n;") || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (quote)
        ms_sbuf_quoted(b, s, n);
    else
        ms_sbuf_puts(b, s);
}

/* Characters that end or comment out a bare word of a programme list. */
static bool needs_quotes(const char *name)
{
    return !*name || strpbrk(name, " \t\v\f;#\"");
}

size_t ms_init_list_word_len(const char *name)
{
    size_t n = strlen(name);
    if (needs_quotes(name))
        for (const char *s = name, *end = s + n; s < end; s++)
            n += *s == '"';
    return n + (needs_quotes(name) ? 2 : 0);
}

static void list_word(ms_sbuf *b, const char *name)
{
    if (needs_quotes(name))
        ms_sbuf_quoted(b, name, strlen(name));
    else
        ms_sbuf_puts(b, name);
}

static const char *construct_label(const ms_init_questionnaire *q, const char *construct)
{
    for (size_t k = 0; construct && k < q->n_constructs; k++)
        if (!strcmp(q->constructs[k], construct))
            return q->construct_labels[k];
    return NULL;
}

static ms_status finish(ms_sbuf *b, char **text, size_t *len)
{
    if (b->failed) {
        ms_sbuf_free(b);
        return MS_ERR_NOMEM;
    }
    *text = b->s;
    *len = b->len;
    return MS_OK;
}

ms_status ms_init_codebook_text(const ms_init_questionnaire *q, char **text, size_t *len)
{
    bool derive = false, labels = q->n_constructs > 0;
    for (size_t i = 0; i < q->n_cols; i++)
        derive |= q->cols[i].derive != NULL;
    ms_sbuf b = {0};
    ms_sbuf_puts(&b, "name,type,source,label,min,max,reverse,construct,choices,missing");
    ms_sbuf_puts(&b, labels ? ",construct_label" : "");
    ms_sbuf_puts(&b, derive ? ",derive\n" : "\n");
    for (size_t i = 0; i < q->n_cols; i++) {
        const ms_init_column *c = &q->cols[i];
        ms_sbuf_printf(&b, "%s,%s,", c->name, ms_vartype_name(c->type));
        csv_cell(&b, c->source);
        ms_sbuf_putn(&b, ",", 1);
        csv_cell(&b, c->label);
        if (c->has_range)
            ms_sbuf_printf(&b, ",%g,%g,,", c->min, c->max);
        else
            ms_sbuf_puts(&b, ",,,,");
        csv_cell(&b, c->construct);
        ms_sbuf_putn(&b, ",", 1);
        csv_cell(&b, c->choices);
        ms_sbuf_putn(&b, ",", 1);
        csv_cell(&b, c->missing);
        if (labels) {
            ms_sbuf_putn(&b, ",", 1);
            csv_cell(&b, construct_label(q, c->construct));
        }
        if (derive)
            ms_sbuf_printf(&b, ",%s", c->derive ? c->derive : "");
        ms_sbuf_putn(&b, "\n", 1);
    }
    if (q->waves_from_files) /* its value comes from the file (entry = / exit =) */
        ms_sbuf_printf(&b, "wave,wave,,Этап анкетирования,,,,,1=входное|2=итоговое,%s%s\n",
                       labels ? "," : "", derive ? "," : "");
    return finish(&b, text, len);
}

static void file_list(ms_sbuf *b, const char *key, const ms_init_questionnaire *q, int wave)
{
    const ms_init_file *latest = NULL;
    size_t earlier = 0; /* files of this wave, the latest included */
    for (size_t f = 0; f < q->n_files; f++)
        if (q->files[f].wave == wave)
            latest = &q->files[f], earlier++;
    if (!latest)
        return;
    /* a name too long for the key's line goes on the next (init refused
     * longer ones: MS_INIT_LIST_WORD_MAX) */
    bool own_line = strlen(key) + 3 + ms_init_list_word_len(latest->relative) > MS_INIT_LINE_MAX;
    ms_sbuf_printf(b, "%s =%s", key, own_line ? "\n    " : " ");
    list_word(b, latest->relative);
    ms_sbuf_putn(b, "\n", 1);
    if (earlier > 1) { /* the others of the same wave, oldest first, one a line */
        ms_sbuf_printf(b, "%s%searlier =", wave ? key : "", wave ? "." : "");
        for (size_t f = 0; f < q->n_files; f++)
            if (q->files[f].wave == wave && &q->files[f] != latest) {
                ms_sbuf_puts(b, "\n    ");
                list_word(b, q->files[f].relative);
            }
        ms_sbuf_putn(b, "\n", 1);
    }
}

/* A comment of any length as lines the programme parser reads (it refuses a
 * line over MS_INIT_LINE_MAX bytes): broken at spaces, each line opened by «; ». */
static void comment(ms_sbuf *b, const char *head, const char *text)
{
    enum { WIDTH = MS_INIT_LINE_MAX - 4 }; /* with «; »: what the parser reads */
    size_t used = strlen(head);
    ms_sbuf_printf(b, "; %s", head);
    while (*text) {
        size_t n = strlen(text);
        if (used + n > WIDTH) { /* n > room: text[room] is inside */
            size_t cut = WIDTH > used ? WIDTH - used : 0;
            while (cut && text[cut] != ' ')
                cut--;
            if (!cut) { /* one long word: whole, on its line */
                const char *sp = strchr(text, ' ');
                cut = sp ? (size_t)(sp - text) : n;
            }
            n = cut;
        }
        ms_sbuf_putn(b, text, n);
        text += n;
        while (*text == ' ')
            text++;
        if (*text)
            ms_sbuf_puts(b, "\n; ");
        used = 0;
    }
    ms_sbuf_putn(b, "\n", 1);
}

static void questionnaire_section(ms_sbuf *b, const ms_init_questionnaire *q)
{
    size_t checks = 0, negative = 0;
    for (size_t i = 0; i < q->n_cols; i++)
        checks += q->cols[i].check, negative += q->cols[i].negative;
    ms_sbuf_printf(b, "\n[questionnaire %s]\n", q->name);
    comment(b, q->role_check ? "ПРОВЕРЬТЕ: роль " : "роль: ", q->role_reason);
    ms_sbuf_printf(b, "role = %s\n", q->role);
    ms_sbuf_printf(b, "codebook = %s.codebook.csv\n", q->name);
    if (checks)
        ms_sbuf_printf(b, "; ПРОВЕРЬТЕ столбцы кодовой книги, помеченные «!» в выводе init (%zu)%s\n",
                       checks, negative ? ", среди них возможные обратные вопросы" : "");
    if (q->waves_from_files) {
        file_list(b, "entry", q, 1);
        file_list(b, "exit", q, 2);
    } else {
        if (q->n_files > 1)
            ms_sbuf_puts(b, "; годы: последний файл — data, прежние — earlier\n");
        file_list(b, "data", q, 0);
    }
    if (q->by)
        ms_sbuf_printf(b, "by = %s\n", q->by);
    else
        ms_sbuf_puts(b, "; ПРОВЕРЬТЕ: нет столбца формы наставничества: сравнения по формам не будет\n");
}

ms_status ms_init_programme_text(const ms_init_draft *d, char **text, size_t *len)
{
    ms_sbuf b = {0};
    ms_sbuf_printf(&b,
                   "; Черновик программы от `mentorstat init` (%zu анкет). Проверьте строки\n"
                   "; «ПРОВЕРЬТЕ», затем: mentorstat report programme.ini\n"
                   "; Пути к файлам — относительно этого файла.\n\n"
                   "[programme]\n"
                   "; ПРОВЕРЬТЕ: название организации и год для титула отчёта\n"
                   "; organisation = \n; year = \n"
                   "language = ru\nmin_group = 5\n"
                   "; открытые ответы не публикуются, пока их не прочёл человек: очистка от имён\n"
                   "; не узнаёт одинокое имя без подсказки (README, «Цитаты»)\n"
                   "quotes = no\n",
                   d->n_q);
    for (size_t i = 0; i < d->n_q; i++)
        questionnaire_section(&b, &d->q[i]);
    return finish(&b, text, len);
}

/* ---------- writing ---------- */

typedef struct {
    char *final, *tmp;
    char *text;
    size_t len;
} out_file;

static ms_status join_path(const char *dir, const char *name, char **out)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    if (!(*out = ms_malloc(n)))
        return MS_ERR_NOMEM;
    snprintf(*out, n, "%s/%s", dir, name);
    return MS_OK;
}

static ms_status write_tmp(out_file *f, ms_error *err)
{
    size_t n = strlen(f->final) + 16;
    if (!(f->tmp = ms_malloc(n)))
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    snprintf(f->tmp, n, "%s.tmpXXXXXX", f->final);
    int fd = mkstemp(f->tmp);
    if (fd < 0) {
        ms_status st = ms_error_set(err, MS_ERR_IO, f->final, 0, 0, "cannot write: %s",
                                    strerror(errno));
        ms_free(f->tmp);
        f->tmp = NULL;
        return st;
    }
    FILE *fp = fdopen(fd, "wb");
    bool ok = fp && fwrite(f->text, 1, f->len, fp) == f->len;
    if (fp)
        ok = fclose(fp) == 0 && ok;
    else
        close(fd);
    chmod(f->tmp, 0644);
    return ok ? MS_OK
              : ms_error_set(err, MS_ERR_IO, f->final, 0, 0, "cannot write: %s", strerror(errno));
}

static ms_status prepare(const ms_init_draft *d, const ms_init_options *opt, bool force,
                         out_file *files, ms_error *err)
{
    for (size_t i = 0; i <= d->n_q; i++) {
        out_file *f = &files[i];
        char name[128];
        ms_status st;
        if (i < d->n_q) {
            snprintf(name, sizeof name, "%s.codebook.csv", d->q[i].name);
            st = ms_init_codebook_text(&d->q[i], &f->text, &f->len);
        } else {
            snprintf(name, sizeof name, "programme.ini");
            st = ms_init_programme_text(d, &f->text, &f->len);
        }
        if (st != MS_OK || join_path(opt->outdir, name, &f->final) != MS_OK)
            return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
        if (!force && access(f->final, F_OK) == 0)
            return ms_error_set(err, MS_ERR_USAGE, f->final, 0, 0,
                                "exists already: nothing written (--force replaces it) (%s)",
                                name);
    }
    return MS_OK;
}

ms_status ms_init_draft_write(const ms_init_draft *d, const ms_init_options *opt, bool force,
                              ms_error *err)
{
    out_file *files = ms_calloc(d->n_q + 1, sizeof *files);
    if (!files)
        return ms_error_set(err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    ms_status st = MS_OK;
    if (mkdir(opt->outdir, 0777) != 0 && errno != EEXIST)
        st = ms_error_set(err, MS_ERR_IO, opt->outdir, 0, 0, "cannot create the directory: %s",
                          strerror(errno));
    if (st == MS_OK)
        st = prepare(d, opt, force, files, err);
    for (size_t i = 0; st == MS_OK && i <= d->n_q; i++)
        st = write_tmp(&files[i], err);
    for (size_t i = 0; st == MS_OK && i <= d->n_q; i++)
        if (rename(files[i].tmp, files[i].final) != 0)
            st = ms_error_set(err, MS_ERR_IO, files[i].final, 0, 0, "cannot write: %s",
                              strerror(errno));
        else {
            ms_free(files[i].tmp);
            files[i].tmp = NULL;
        }
    for (size_t i = 0; i <= d->n_q; i++) {
        if (files[i].tmp)
            unlink(files[i].tmp);
        ms_free(files[i].tmp), ms_free(files[i].final), ms_free(files[i].text);
    }
    ms_free(files);
    return st;
}
