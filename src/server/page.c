/*
 * page.c — the pages, rendered on the server in Russian (or English with
 * ?lang=en, kept in a cookie): login, a school's programmes, one
 * programme (upload, review of the drafts, data quality, the report, the
 * summaries for the office) and the office's territory.  web/app.js adds
 * what needs a script (drag and drop, the editable table, progress) by
 * calling the JSON API; web/app.css takes the report's type and colours.
 */
#include "server.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "mentorstat/report.h"

typedef struct {
    char *s;
    size_t len, cap;
    bool en;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 8192) + n;
        char *g = realloc(b->s, cap);
        if (!g)
            return;
        b->s = g;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

static void out(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void out(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(s = malloc((size_t)n + 1)))
        return;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    put(b, s, (size_t)n);
    free(s);
}

/* Text into HTML (also inside attribute values in double quotes). */
static void esc(buf *b, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '&': put(b, "&amp;", 5); break;
        case '<': put(b, "&lt;", 4); break;
        case '>': put(b, "&gt;", 4); break;
        case '"': put(b, "&quot;", 6); break;
        case '\'': put(b, "&#39;", 5); break;
        default: put(b, s, 1);
        }
}

#define T(b, ru_, en_) ((b)->en ? (en_) : (ru_))

static void head(buf *b, const char *title, const ms_session *se, const char *url)
{
    out(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
        b->en ? "en" : "ru");
    esc(b, title);
    out(b, " — mentorstat</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n"
           "<script src=\"/static/app.js\" defer></script>\n</head>\n<body data-csrf=\"%s\">\n"
           "<header class=\"top\">\n<a class=\"brand\" href=\"/\">mentorstat</a>\n",
        se ? se->csrf : "");
    if (se) {
        /* the office's name usually says what it is ("Управление образования
           · управление образования" read twice): its role is the page's title */
        out(b, "<span class=\"who\">");
        esc(b, se->org_name);
        if (se->role != MS_ROLE_OFFICE)
            out(b, " · %s", T(b, "школа", "school"));
        out(b, "</span>\n<button type=\"button\" id=\"logout\" class=\"link\">%s</button>\n",
            T(b, "Выйти", "Log out"));
    }
    out(b, "<a class=\"lang\" href=\"");
    esc(b, url);
    out(b, "?lang=%s\" lang=\"%s\">%s</a>\n</header>\n<main>\n<h1>", b->en ? "ru" : "en",
        b->en ? "ru" : "en", b->en ? "По-русски" : "English");
    esc(b, title);
    out(b, "</h1>\n<p id=\"status\" role=\"status\" aria-live=\"polite\"></p>\n");
}

static void foot(buf *b)
{
    out(b, "</main>\n<footer>mentorstat · %s</footer>\n</body>\n</html>\n",
        T(b, "данные остаются на этом сервере; управление получает только сводки без ответов",
          "the data stay on this server; the office receives summaries without answers"));
}

static void page_login(buf *b)
{
    head(b, T(b, "Вход", "Log in"), NULL, "/");
    out(b, "<form id=\"login\" class=\"card narrow\">\n"
           "<label for=\"login-name\">%s</label>\n"
           "<input id=\"login-name\" name=\"login\" autocomplete=\"username\" required>\n"
           "<label for=\"login-password\">%s</label>\n"
           "<input id=\"login-password\" name=\"password\" type=\"password\" "
           "autocomplete=\"current-password\" required>\n"
           "<button type=\"submit\">%s</button>\n</form>\n"
           "<p class=\"note\">%s</p>\n",
        T(b, "Логин", "Login"), T(b, "Пароль", "Password"), T(b, "Войти", "Log in"),
        T(b, "Логин и пароль выдаёт тот, кто ведёт этот сервер (обычно управление образования).",
          "Your login and password come from whoever runs this server (usually the education office)."));
    foot(b);
}

static void prog_item(const ms_prog *p, void *ctx)
{
    buf *b = ctx;
    out(b, "<li><a href=\"/programmes/%lld\">%d/%02d", (long long)p->id, p->year - 1, p->year % 100);
    if (p->title[0]) {
        out(b, " — ");
        esc(b, p->title);
    }
    out(b, "</a></li>\n");
}

static void page_programmes(ms_server *srv, buf *b, const ms_session *se)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    int year = tm.tm_year + 1900 + (tm.tm_mon >= 8); /* a school year ends in the summer */
    head(b, T(b, "Программы наставничества", "Mentoring programmes"), se, "/");
    out(b, "<section class=\"card\">\n<h2>%s</h2>\n<ul class=\"programmes\">\n",
        T(b, "Ваши программы", "Your programmes"));
    size_t before = b->len;
    ms_store_programme_list(srv->store, se->org, prog_item, b);
    if (b->len == before)
        out(b, "<li class=\"note\">%s</li>\n",
            T(b, "Программ пока нет: создайте первую ниже.", "No programmes yet: create one below."));
    /* the school year as people write it, «2024/25»; the API takes the
       year it ends */
    out(b, "</ul>\n</section>\n<form id=\"new-programme\" class=\"card\">\n<h2>%s</h2>\n"
           "<label for=\"np-year\">%s</label>\n<select id=\"np-year\" name=\"year\">\n",
        T(b, "Новая программа", "New programme"), T(b, "Учебный год", "School year"));
    for (int y = year + 1; y >= year - 6; y--)
        out(b, "<option value=\"%d\"%s>%d/%02d</option>\n", y, y == year ? " selected" : "",
            y - 1, y % 100);
    out(b, "</select>\n<label for=\"np-title\">%s</label>\n<input id=\"np-title\" "
           "name=\"title\" maxlength=\"200\">\n<button type=\"submit\">%s</button>\n</form>\n",
        T(b, "Название (необязательно)", "Title (optional)"), T(b, "Создать", "Create"));
    foot(b);
}

static void file_item(int64_t id, const char *shown, const char *stored, long long size,
                      void *ctx)
{
    buf *b = ctx;
    (void)id, (void)stored;
    out(b, "<li>");
    esc(b, shown);
    out(b, " <span class=\"size\">(%.1f %s)</span></li>\n", (double)size / 1024, T(b, "КБ", "KB"));
}

static bool exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

/* The report is headed by the programme's school year; answers of another
 * year are said so where the files are and where the report is. */
static void year_warning(ms_server *srv, buf *b, const ms_prog *p)
{
    int y = ms_work_data_year(srv, p->id);
    if (!y || y == p->year)
        return;
    if (b->en)
        out(b, "<p class=\"warn\" role=\"note\">The newest answers in the exports are of the "
               "school year %d/%02d, and this programme is for %d/%02d: the report is headed by "
               "the programme's year. If the exports are of the wrong year, upload those of "
               "%d/%02d; if the programme is, create one for %d/%02d.</p>\n",
            y - 1, y % 100, p->year - 1, p->year % 100, p->year - 1, p->year % 100, y - 1,
            y % 100);
    else
        out(b, "<p class=\"warn\" role=\"note\">Самые новые ответы в выгрузках — за %d/%02d "
               "учебный год, а программа — за %d/%02d: отчёт озаглавлен годом программы. Если "
               "выгрузки не того года, загрузите выгрузки %d/%02d; если программа создана не за "
               "тот год, создайте программу за %d/%02d.</p>\n",
            y - 1, y % 100, p->year - 1, p->year % 100, p->year - 1, p->year % 100, y - 1,
            y % 100);
}

/* A questionnaire's role as the reader says it (the codebook's word is
   in the role list of its table). */
static const char *role_words(const buf *b, ms_role role)
{
    static const char *const words[][2] = {
        {"", ""},
        {"банк наставников", "bank of mentors"},
        {"запросы наставляемых", "mentees' requests"},
        {"удовлетворённость наставляемых", "satisfaction of mentees"},
        {"удовлетворённость наставников", "satisfaction of mentors"},
        {"входное и итоговое анкетирование", "entry and exit"},
        {"другой опрос", "other survey"},
    };
    return (size_t)role < sizeof words / sizeof *words ? words[role][b->en] : "";
}

static void page_programme(ms_server *srv, buf *b, const ms_session *se, const ms_prog *p,
                           const char *url)
{
    char title[400], path[1300];
    snprintf(title, sizeof title, "%s %d/%02d%s%s", T(b, "Программа", "Programme"), p->year - 1,
             p->year % 100, p->title[0] ? " — " : "", p->title);
    head(b, title, se, url);
    out(b, "<nav class=\"steps\" aria-label=\"%s\"><ol><li><a href=\"#files\">%s</a></li>"
           "<li><a href=\"#review\">%s</a></li><li><a href=\"#quality\">%s</a></li>"
           "<li><a href=\"#report\">%s</a></li><li><a href=\"#submit\">%s</a></li></ol></nav>\n",
        T(b, "Шаги", "Steps"), T(b, "Выгрузки", "Exports"), T(b, "Анкеты", "Questionnaires"),
        T(b, "Качество данных", "Data quality"), T(b, "Отчёт", "Report"),
        T(b, "Отправка в управление", "Send to the office"));
    /* the years for the question before sending when they differ (app.js) */
    out(b, "<div id=\"programme\" data-id=\"%lld\" data-year=\"%d\" data-answers-year=\"%d\">"
           "</div>\n", (long long)p->id, p->year, ms_work_data_year(srv, p->id));
    /* 1. files */
    out(b, "<section id=\"files\" class=\"card\">\n<h2>1. %s</h2>\n<p>%s</p>\n"
           "<div id=\"drop\" class=\"drop\">\n<label for=\"file-input\">%s</label>\n"
           "<input id=\"file-input\" type=\"file\" multiple accept=\".csv,.tsv,.txt,.xlsx,text/csv\">\n"
           "<progress id=\"upload-progress\" max=\"100\" value=\"0\" hidden></progress>\n</div>\n"
           "<ul id=\"file-list\" class=\"files\">\n",
        T(b, "Выгрузки форм", "Form exports"),
        T(b, "CSV или .xlsx из Google/Яндекс Форм или Excel — все файлы года сразу, как есть. "
             "Не больше 50 МБ на файл.",
          "CSV or .xlsx from Google/Yandex Forms or Excel — the whole year's files at once, as "
          "they are. At most 50 MB a file."),
        T(b, "Перетащите файлы сюда или выберите их", "Drop the files here or choose them"));
    ms_store_file_list(srv->store, p->id, file_item, b);
    out(b, "</ul>\n");
    year_warning(srv, b, p);
    out(b, "<button type=\"button\" id=\"init\">%s</button>\n</section>\n",
        T(b, "Составить черновики анкет", "Draft the questionnaires"));
    /* 2. review */
    out(b, "<section id=\"review\" class=\"card\">\n<h2>2. %s</h2>\n<p>%s</p>\n",
        T(b, "Анкеты: проверьте черновики", "Questionnaires: check the drafts"),
        T(b, "Строки с «!» — первыми, с причиной: их надо посмотреть. Обратные вопросы "
             "(«Мне не хватало…») отметьте в столбце «обратный».",
          "Rows marked «!» come first, with the reason: look at them. Tick «reverse» for "
          "negatively worded items."));
    ms_programme *pg = NULL;
    ms_work_paths(srv, p->id, "drafts/programme.ini", path, sizeof path);
    if (exists(path) && ms_programme_load(path, &pg, NULL) == MS_OK) {
        for (size_t i = 0; i < pg->n_q; i++) {
            out(b, "<details class=\"questionnaire\" data-q=\"");
            esc(b, pg->q[i].name);
            out(b, "\"%s>\n<summary>", i == 0 ? " open" : "");
            esc(b, pg->q[i].name);
            out(b, " <span class=\"role\">(%s)</span></summary>\n<div class=\"editor\">%s</div>\n"
                   "</details>\n", role_words(b, pg->q[i].role),
                T(b, "загружается…", "loading…"));
        }
    } else {
        out(b, "<p class=\"note\">%s</p>\n",
            T(b, "Черновиков ещё нет: загрузите выгрузки и нажмите «Составить черновики анкет».",
              "No drafts yet: upload the exports and press «Draft the questionnaires»."));
    }
    ms_programme_destroy(pg);
    out(b, "</section>\n");
    /* 3. quality */
    out(b, "<section id=\"quality\" class=\"card\">\n<h2>3. %s</h2>\n"
           "<button type=\"button\" id=\"check\">%s</button>\n<div id=\"check-out\"></div>\n"
           "</section>\n",
        T(b, "Качество данных", "Data quality"), T(b, "Проверить данные", "Check the data"));
    /* 4. report */
    ms_work_paths(srv, p->id, "report/index.html", path, sizeof path);
    bool built = exists(path);
    out(b, "<section id=\"report\" class=\"card\">\n<h2>4. %s</h2>\n"
           "<p><button type=\"button\" id=\"build\">%s</button></p>\n",
        T(b, "Отчёт", "Report"), T(b, "Построить отчёт", "Build the report"));
    year_warning(srv, b, p);
    out(b, "<p id=\"stale\" class=\"warn\" role=\"note\"%s>%s</p>\n",
        built && ms_store_report_stale(srv->store, p->id) ? "" : " hidden",
        T(b, "Отчёт построен до последних изменений анкет — постройте заново: отчёт, его файлы "
             "и пары (match.html) ещё показывают прежнее.",
          "The report was built before the questionnaires' last changes — build it again: the "
          "report, its files and the pairs (match.html) still show the earlier version."));
    out(b, "<p><button type=\"button\" id=\"pair\">%s</button> <span class=\"note\">%s</span></p>\n",
        T(b, "Подобрать пары из двух банков", "Pair mentors and mentees from the two banks"),
        T(b, "пары — внутренний документ с кодами участников, не для публикации; отчёт при "
             "этом строится заново",
          "the pairs are internal (participants' codes), not for publishing; the report is "
          "built again"));
    out(b, "<div id=\"progress\" hidden><progress aria-label=\"%s\"></progress> "
           "<span id=\"progress-text\"></span></div>\n<div id=\"report-out\"%s>\n"
           "<ul class=\"deliverables\">\n",
        T(b, "Отчёт строится", "The report is being built"), built ? "" : " hidden");
    static const struct {
        const char *file, *ru, *en;
    } files[] = {{"report/index.html", "Отчёт (страница)", "Report (page)"},
                 {"report/spravka.docx", "Справка (.docx)", "Analytical note (.docx)"},
                 {"report/tables.xlsx", "Таблицы (.xlsx)", "Tables (.xlsx)"},
                 {"report/slides.html", "Слайды", "Slides"},
                 {"report/summary.html", "Страница для сайта", "Page for the web site"},
                 {"report/kopilka.csv", "Копилка практик (.csv)", "Best practices (.csv)"},
                 {"report.zip", "Всё одним архивом (.zip)", "Everything as one .zip"}};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        bool kopilka = strstr(files[i].file, "kopilka") != NULL;
        /* no candidates, no collection: a link to a header alone says nothing */
        out(b, "<li%s><a href=\"/programmes/%lld/%s\"%s>%s</a></li>\n",
            !kopilka ? "" : ms_work_has_kopilka(srv, p->id) ? " id=\"kopilka-link\""
                                                              : " id=\"kopilka-link\" hidden",
            (long long)p->id, files[i].file,
            strstr(files[i].file, ".html") ? " target=\"_blank\" rel=\"noopener\"" : " download",
            T(b, files[i].ru, files[i].en));
    }
    ms_work_paths(srv, p->id, "report-internal/match.html", path, sizeof path);
    out(b, "<li id=\"match-link\"%s><a href=\"/programmes/%lld/internal/match.html\" "
           "target=\"_blank\" rel=\"noopener\">%s</a> <span class=\"warn\">%s</span></li>\n",
        exists(path) ? "" : " hidden", (long long)p->id,
        T(b, "Пары и группы (match.html)", "Pairs and groups (match.html)"),
        T(b, "внутренний документ: коды участников, не публиковать",
          "internal: participants' codes, do not publish"));
    out(b, "</ul>\n<iframe id=\"report-frame\" title=\"%s\" sandbox=\"allow-same-origin "
           "allow-popups allow-downloads\" data-src=\"/programmes/%lld/report/index.html\"%s%s%s></iframe>\n"
           "</div>\n</section>\n",
        T(b, "Отчёт", "Report"), (long long)p->id, built ? " src=\"/programmes/" : "",
        built ? strrchr(url, '/') + 1 : "", built ? "/report/index.html\"" : "");
    /* 5. submit */
    out(b, "<section id=\"submit\" class=\"card\">\n<h2>5. %s</h2>\n<p>%s</p>\n"
           "<button type=\"button\" id=\"send\">%s</button>\n</section>\n",
        T(b, "Отправка в управление", "Send to the office"),
        T(b, "Управление получает сводки: только числа по группам не меньше пяти "
             "человек, без ответов, кодов и имён.",
          "The office receives summaries (.msum): figures of groups of five or more, without "
          "answers, codes or names."),
        T(b, "Отправить сводки", "Send the summaries"));
    foot(b);
}

typedef struct {
    buf *b;
    ms_server *srv;
    const ms_session *se;
    int last_year;
} terr_ctx;

static void sub_row(int64_t id, int64_t org, const char *name, int year, long long created,
                    void *ctx)
{
    terr_ctx *t = ctx;
    buf *b = t->b;
    char when[32];
    time_t c = (time_t)created;
    struct tm tm;
    (void)id, (void)org;
    gmtime_r(&c, &tm);
    strftime(when, sizeof when, b->en ? "%Y-%m-%d %H:%M UTC" : "%d.%m.%Y %H:%M UTC", &tm);
    out(b, "<tr><td>%d/%02d</td><td>", year - 1, year % 100);
    esc(b, name);
    out(b, "</td><td>%s</td></tr>\n", when);
}

static void year_row(int64_t id, int64_t org, const char *name, int year, long long created,
                     void *ctx)
{
    terr_ctx *t = ctx;
    buf *b = t->b;
    char path[1400];
    (void)id, (void)org, (void)name, (void)created;
    if (year == t->last_year)
        return;
    t->last_year = year;
    /* the office's copy is written whenever anything is (a refused published
     * copy leaves only it: docs/privacy.md) */
    snprintf(path, sizeof path, "%s/t/%lld-%d/report-internal/index.html", t->srv->dir,
             (long long)t->se->org, year);
    bool built = exists(path);
    snprintf(path, sizeof path, "%s/t/%lld-%d/report/index.html", t->srv->dir,
             (long long)t->se->org, year);
    bool published = exists(path);
    out(b, "<li data-year=\"%d\"><strong>%d/%02d</strong> "
           "<button type=\"button\" class=\"territory-build\" data-year=\"%d\" "
           "aria-label=\"%s %d/%02d\">%s</button> "
           "<span class=\"links\"%s><span class=\"pub\"%s><a href=\"/territory/%d/report/index.html\" "
           "target=\"_blank\" rel=\"noopener\">%s</a> · </span><a "
           "href=\"/territory/%d/internal/index.html\" target=\"_blank\" rel=\"noopener\">%s</a>"
           "</span></li>\n",
        year, year - 1, year % 100, year,
        T(b, "Построить отчёт по территории за", "Build the territory report for"), year - 1,
        year % 100, T(b, "Построить отчёт по территории", "Build the territory report"),
        built ? "" : " hidden", published ? "" : " hidden", year,
        T(b, "для публикации (О1, О2, …)", "published (О1, О2, …)"), year,
        T(b, "внутренний, с названиями школ", "internal, with the schools' names"));
}

static void page_territory(ms_server *srv, buf *b, const ms_session *se)
{
    head(b, T(b, "Территория", "Territory"), se, "/");
    terr_ctx t = {b, srv, se, 0};
    out(b, "<section class=\"card\">\n<h2>%s</h2>\n<table>\n<caption>%s</caption>\n"
           "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
           "</th></tr></thead>\n<tbody>\n",
        T(b, "Присланные сводки", "Summaries received"),
        T(b, "Последняя отправка каждой школы за каждый год",
          "The latest of each school for each year"),
        T(b, "Год", "Year"), T(b, "Школа", "School"), T(b, "Отправлено", "Sent"));
    ms_store_submissions(srv->store, 0, sub_row, &t);
    out(b, "</tbody>\n</table>\n</section>\n<section class=\"card\">\n<h2>%s</h2>\n"
           "<div id=\"progress\" hidden><progress aria-label=\"%s\"></progress> "
           "<span id=\"progress-text\"></span></div>\n<ul class=\"years\">\n",
        T(b, "Отчёты по территории", "Territory reports"),
        T(b, "Отчёт строится", "The report is being built"));
    ms_store_submissions(srv->store, 0, year_row, &t);
    out(b, "</ul>\n<p class=\"note\">%s</p>\n</section>\n",
        T(b, "Управление видит только сводки школ — не ответы, не файлы и не пары.",
          "The office sees the schools' summaries only — never answers, files or pairs."));
    foot(b);
}

/* A page that is not there (or not this organisation's: its existence is
   not revealed), as a page in the reader's language rather than JSON. */
static void page_missing(buf *b, const ms_session *se)
{
    head(b, T(b, "Страница не найдена", "Page not found"), se, "/");
    out(b, "<p>%s</p>\n<p><a href=\"/\">%s</a></p>\n",
        T(b, "Такой страницы нет, или она не вашей организации.",
          "There is no such page, or it is not your organisation's."),
        se && se->role == MS_ROLE_OFFICE ? T(b, "К территории", "To the territory")
                                         : T(b, "К вашим программам", "To your programmes"));
    foot(b);
}

void ms_page_handle(ms_server *srv, const ms_request *rq, ms_reply *rp)
{
    buf b = {NULL, 0, 0, rq->en};
    bool missing = false;
    long long id;
    int n = 0;
    ms_prog p;
    const char *url = rq->url;
    if (strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD")) {
        ms_reply_error(rp, 405, NULL, "use GET");
        return;
    }
    if (!strcmp(url, "/static/app.js") || !strcmp(url, "/static/app.css")) {
        bool js = url[8] == 'a' && url[12] == 'j';
        rp->status = 200;
        rp->len = js ? ms_web_app_js_size : ms_web_app_css_size;
        rp->body = malloc(rp->len + 1);
        if (rp->body)
            memcpy(rp->body, js ? ms_web_app_js : ms_web_app_css, rp->len);
        rp->type = js ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        return;
    }
    if (!strcmp(url, "/") || !strcmp(url, "/login")) {
        if (!rq->session)
            page_login(&b);
        else if (rq->session->role == MS_ROLE_OFFICE)
            page_territory(srv, &b, rq->session);
        else
            page_programmes(srv, &b, rq->session);
    } else if (sscanf(url, "/programmes/%lld%n", &id, &n) == 1 && !url[n]) {
        if (!rq->session) {
            rp->status = 303;
            /* back here after logging in (app.js takes only a same-site path) */
            snprintf(rp->location, sizeof rp->location, "/?next=/programmes/%lld", id);
            rp->body = strdup("");
            rp->type = "text/plain";
            return;
        }
        if (rq->session->role != MS_ROLE_SCHOOL ||
            ms_store_programme_get(srv->store, id, rq->session->org, &p)) {
            page_missing(&b, rq->session);
            missing = true;
        } else
            page_programme(srv, &b, rq->session, &p, url);
    } else if (!strncmp(url, "/api/", 5) || !strncmp(url, "/static/", 8)) {
        ms_reply_error(rp, 404, NULL, "no such page");
        return;
    } else if (!rq->session) { /* a report's link after the session ended */
        page_login(&b);
        rp->status = 401;
    } else {
        page_missing(&b, rq->session);
        missing = true;
    }
    if (!rp->status)
        rp->status = b.s ? (missing ? 404 : 200) : 500;
    else if (!b.s)
        rp->status = 500;
    rp->body = b.s;
    rp->len = b.len;
    rp->type = "text/html; charset=utf-8";
}
