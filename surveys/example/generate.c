/*
 * generate.c — the bundled example programme's data (surveys/example/data/).
 *
 * Usage: ms_gen_example OUTDIR
 *
 * Writes OUTDIR/<questionnaire>_<year>.csv for the five questionnaires of a
 * school mentoring programme (bank of mentors, mentees' requests, mentees'
 * and mentors' satisfaction, entry/exit self-assessment) and the years
 * 2022-2025.  The answers are simulated with effects planted for the report
 * to find (README.md lists them); the files are committed, and this program
 * proves they are reproducible: one GSL mt19937 stream with a fixed seed,
 * consumed in a fixed order, no clock, no addresses, no locale, so every run
 * writes the same bytes.
 *
 * The files look like real exports: Google Forms' headers ("Отметка
 * времени", grid questions as "Question [row]"), multiple choices joined
 * with ", ", RFC 4180 quoting, a few blank answers, refusals of consent,
 * "Затрудняюсь ответить", open answers with e-mail addresses, phone
 * numbers and names (a mentor's name and patronymic, the respondent's own
 * full name).  mentors_bank_2025.csv is saved as Excel does in a Russian
 * locale (Windows-1251, ';', CRLF, decimal comma, no seconds in times);
 * mentees_requests_2024.csv as Excel's "CSV UTF-8" (BOM, CRLF).
 * Every value is in range: the example loads with nothing quarantined.
 */
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

enum { FIRST_YEAR = 2022, LAST_YEAR = 2025, N_YEARS = LAST_YEAR - FIRST_YEAR + 1 };
enum { N_FORMS = 4, N_AREAS = 8, MAX_PEOPLE = 128 };
#ifndef MS_GEN_SEED
#define MS_GEN_SEED 20250415
#endif

static gsl_rng *rng;

/* ---------- the programme's design ---------- */

static const char *const forms[N_FORMS] = {
    "Учитель – учитель", "Ученик – ученик", "Студент – ученик", "Работодатель – ученик"};
enum { TT = 0, PP = 1, SP = 2, EP = 3 }; /* teacher-teacher, pupil-pupil, student-, employer- */

/* Pairs per form and year: «Работодатель – ученик» shrinks to 3 pairs in
 * 2025, below the report's minimum group size of 5. */
static const int n_pairs[N_YEARS][N_FORMS] = {
    {12, 12, 9, 6}, /* 2022 */
    {13, 11, 9, 7}, /* 2023 */
    {12, 13, 10, 6}, /* 2024 */
    {14, 13, 10, 3}, /* 2025 */
};

static const char *const areas[N_AREAS] = {
    "методика преподавания", "классное руководство",    "цифровые инструменты",
    "подготовка к олимпиадам", "проектная деятельность", "работа с родителями",
    "профориентация",        "адаптация в коллективе"};

/* Probability that a mentor of a form offers help in an area (supply) and
 * that a mentee of a form asks for it (demand): «работа с родителями» is
 * asked for by most young teachers and offered by few mentors. */
static const double supply[N_FORMS][N_AREAS] = {
    {.70, .45, .45, .30, .40, .12, .05, .25},
    {.05, .00, .40, .50, .45, .00, .05, .60},
    {.15, .00, .55, .35, .50, .00, .35, .25},
    {.00, .00, .30, .00, .55, .00, .85, .10},
};
static const double demand[N_FORMS][N_AREAS] = {
    {.50, .40, .30, .05, .15, .85, .00, .20},
    {.05, .00, .25, .40, .45, .05, .10, .40},
    {.05, .00, .35, .35, .45, .05, .40, .20},
    {.00, .00, .20, .00, .45, .00, .85, .10},
};

static const char *const formats[] = {"индивидуально, очно", "в группе, очно",
                                      "индивидуально, онлайн", "смешанный формат"};
static const char *const frequencies[] = {"еженедельно", "раз в две недели", "раз в месяц",
                                          "реже"};

/* Satisfaction (1-10): mean of the other forms in 2022, the advantage of
 * «Учитель – учитель» and the rise per year. */
static const double SAT_BASE = 6.2, SAT_TT = 1.2, SAT_YEAR = 0.3;
/* Added to every satisfaction rating: other schools of a municipal example
 * (ms_gen_example OUTDIR SEED SHIFT); 0 for the bundled school. */
static double school_shift = 0;
static const double MENTOR_BASE = 6.6, MENTOR_TT = 1.0;
/* Self-assessment (1-10): entry level and mean growth to exit. */
static const double SELF_BASE = 5.1, GROWTH = 1.0;

/* ---------- people ---------- */

/* Surnames in the masculine form; the feminine adds "а" (Latin "a"). */
static const char *const surnames[][2] = {
    {"Иванов", "ivanov"},       {"Петров", "petrov"},         {"Смирнов", "smirnov"},
    {"Кузнецов", "kuznetsov"},  {"Соколов", "sokolov"},       {"Попов", "popov"},
    {"Лебедев", "lebedev"},     {"Козлов", "kozlov"},         {"Новиков", "novikov"},
    {"Морозов", "morozov"},     {"Волков", "volkov"},         {"Соловьёв", "solovyov"},
    {"Васильев", "vasiliev"},   {"Зайцев", "zaitsev"},        {"Павлов", "pavlov"},
    {"Семёнов", "semenov"},     {"Голубев", "golubev"},       {"Виноградов", "vinogradov"},
    {"Богданов", "bogdanov"},   {"Воробьёв", "vorobyov"},     {"Фёдоров", "fedorov"},
    {"Михайлов", "mikhailov"},  {"Беляев", "belyaev"},        {"Тарасов", "tarasov"},
    {"Белов", "belov"},         {"Комаров", "komarov"},       {"Орлов", "orlov"},
    {"Киселёв", "kiselev"},     {"Макаров", "makarov"},       {"Андреев", "andreev"},
    {"Ковалёв", "kovalev"},     {"Ильин", "ilyin"},           {"Гусев", "gusev"},
    {"Титов", "titov"},         {"Кузьмин", "kuzmin"},        {"Кудрявцев", "kudryavtsev"},
    {"Баранов", "baranov"},     {"Куликов", "kulikov"},       {"Алексеев", "alekseev"},
    {"Степанов", "stepanov"},   {"Яковлев", "yakovlev"},      {"Сорокин", "sorokin"},
    {"Сергеев", "sergeev"},     {"Романов", "romanov"},       {"Захаров", "zakharov"},
    {"Борисов", "borisov"},     {"Королёв", "korolev"},       {"Герасимов", "gerasimov"},
    {"Пономарёв", "ponomarev"}, {"Григорьев", "grigoriev"},   {"Лазарев", "lazarev"},
    {"Медведев", "medvedev"},   {"Ершов", "ershov"},          {"Никитин", "nikitin"},
    {"Соболев", "sobolev"},     {"Рябов", "ryabov"},          {"Поляков", "polyakov"},
    {"Цветков", "tsvetkov"},    {"Данилов", "danilov"},       {"Жуков", "zhukov"},
    {"Фролов", "frolov"},       {"Журавлёв", "zhuravlev"},    {"Николаев", "nikolaev"},
    {"Крылов", "krylov"},       {"Максимов", "maksimov"},     {"Осипов", "osipov"},
    {"Белоусов", "belousov"},   {"Федотов", "fedotov"},       {"Егоров", "egorov"},
    {"Матвеев", "matveev"},     {"Бобров", "bobrov"},         {"Дмитриев", "dmitriev"},
    {"Калинин", "kalinin"},     {"Анисимов", "anisimov"},     {"Антонов", "antonov"},
    {"Тимофеев", "timofeev"},   {"Никифоров", "nikiforov"},   {"Веселов", "veselov"},
    {"Филиппов", "filippov"},   {"Марков", "markov"},         {"Миронов", "mironov"},
    {"Александров", "aleksandrov"}, {"Коновалов", "konovalov"}, {"Шестаков", "shestakov"},
    {"Казаков", "kazakov"},     {"Ефимов", "efimov"},         {"Денисов", "denisov"},
    {"Громов", "gromov"},       {"Фомин", "fomin"},           {"Давыдов", "davydov"},
    {"Мельников", "melnikov"},  {"Щербаков", "shcherbakov"},  {"Блинов", "blinov"},
    {"Колесников", "kolesnikov"},
};
/* First names with the Latin initial. */
static const char *const male_names[][2] = {
    {"Александр", "a"}, {"Алексей", "a"}, {"Андрей", "a"}, {"Дмитрий", "d"},
    {"Сергей", "s"},    {"Михаил", "m"},  {"Иван", "i"},   {"Николай", "n"},
    {"Владимир", "v"},  {"Евгений", "e"}, {"Павел", "p"},  {"Максим", "m"},
    {"Артём", "a"},     {"Игорь", "i"},   {"Кирилл", "k"}, {"Никита", "n"},
    {"Егор", "e"},      {"Матвей", "m"},  {"Роман", "r"},  {"Денис", "d"},
};
static const char *const female_names[][2] = {
    {"Анна", "a"},      {"Елена", "e"},     {"Ольга", "o"},    {"Наталья", "n"},
    {"Ирина", "i"},     {"Татьяна", "t"},   {"Светлана", "s"}, {"Мария", "m"},
    {"Екатерина", "e"}, {"Юлия", "y"},      {"Марина", "m"},   {"Ксения", "k"},
    {"Дарья", "d"},     {"Анастасия", "a"}, {"Виктория", "v"}, {"Полина", "p"},
    {"Алина", "a"},     {"Софья", "s"},     {"Валентина", "v"}, {"Людмила", "l"},
};
/* Patronymics: masculine, feminine, Latin initial. */
static const char *const patronymics[][3] = {
    {"Александрович", "Александровна", "a"}, {"Алексеевич", "Алексеевна", "a"},
    {"Андреевич", "Андреевна", "a"},         {"Дмитриевич", "Дмитриевна", "d"},
    {"Сергеевич", "Сергеевна", "s"},         {"Михайлович", "Михайловна", "m"},
    {"Иванович", "Ивановна", "i"},           {"Николаевич", "Николаевна", "n"},
    {"Владимирович", "Владимировна", "v"},   {"Евгеньевич", "Евгеньевна", "e"},
    {"Павлович", "Павловна", "p"},           {"Игоревич", "Игоревна", "i"},
    {"Юрьевич", "Юрьевна", "y"},             {"Олегович", "Олеговна", "o"},
    {"Викторович", "Викторовна", "v"},       {"Константинович", "Константиновна", "k"},
    {"Романович", "Романовна", "r"},         {"Денисович", "Денисовна", "d"},
};
static const char *const mail_domains[] = {"mail.ru", "yandex.ru", "gmail.com", "bk.ru",
                                           "school7.ru", "inbox.ru"};

#define COUNT(a) (sizeof(a) / sizeof *(a))

typedef struct {
    char id[32];
    char fio[160];
    char email[96];
    int form;
} person;

/* ---------- open answers ---------- */

static const char *const valuable_teacher[] = {
    "Разбор моих уроков после посещения",
    "Помощь с рабочей программой и КТП",
    "Советы, как удержать дисциплину на уроке",
    "Совместная подготовка к открытому уроку",
    "Поддержка в первые месяцы работы",
    "Готовые приёмы и примеры заданий",
    "Помощь в общении с родителями",
    "Разговоры после трудных уроков, поддержка",
    "Научилась работать с электронным журналом и ЦОК",
    "Подготовка к аттестации",
    "Участие в конкурсе \"Педагогический дебют\"",
};
static const char *const valuable_pupil[] = {
    "Помощь с проектом",
    "Подготовка к олимпиаде по математике",
    "Объясняли трудные темы простым языком",
    "Поддержка, когда я только пришёл в класс",
    "Экскурсия на предприятие",
    "Рассказы о будущей профессии",
    "Совместная работа над исследованием",
    "Участие в конкурсе \"Большая перемена\"",
    "Стала увереннее выступать перед классом",
    "Помощь в выборе профиля обучения",
    "Интересные задачи, которых нет в учебнике",
};
static const char *const lacking_mentee[] = {
    "Больше встреч",
    "Времени, встречи часто переносились",
    "Встреч в неформальной обстановке",
    "Больше практики",
    "Обратной связи по моей работе",
    "Всё устроило",
    "Чёткого плана работы на год",
    "Онлайн-консультаций между встречами",
    "Внимания наставника, он всегда был занят",
    "Хотелось бы больше экскурсий и практических заданий",
    "Больше встреч.\nИ чтобы расписание было известно заранее",
};
static const char *const valuable_mentor[] = {
    "Видеть, как растёт уверенность наставляемого",
    "Сама освоила новые цифровые инструменты",
    "Обмен опытом, свежий взгляд на свои уроки",
    "Совместный проект, который дошёл до конкурса",
    "Благодарность наставляемого",
    "Возможность передать опыт",
    "Работа в паре над открытым уроком",
    "Подготовка подопечного к олимпиаде",
    "Наставляемый выбрал профессию, решил поступать в колледж",
};
static const char *const lacking_mentor[] = {
    "Времени: нагрузка слишком большая",
    "Методических материалов по наставничеству",
    "Учёта часов наставничества в нагрузке",
    "Встреч наставников для обмена опытом",
    "Помощи психолога в сложных случаях",
    "Всё было хорошо",
    "Понятных критериев результата",
    "Поддержки администрации при составлении расписания",
};
static const char *const expectations[] = {
    "Помощь в подготовке уроков",
    "Советы по работе с трудным классом",
    "Научиться общаться с родителями",
    "Помощь в выборе профессии",
    "Подготовка к олимпиаде",
    "Поддержка в новом коллективе",
    "Помощь с проектом",
    "Освоить цифровые сервисы для уроков",
    "Разобраться с документацией классного руководителя",
    "Не знаю, посмотрим",
};

/* ---------- growing strings ---------- */

typedef struct {
    char *p;
    size_t len, cap;
} buf;

static void die(const char *what)
{
    fprintf(stderr, "ms_gen_example: %s\n", what);
    exit(2);
}

static void bput(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            die("out of memory");
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void bputs(buf *b, const char *s) { bput(b, s, strlen(s)); }

static void bprintf(buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        die("formatted text too long");
    bput(b, tmp, (size_t)n);
}

/* ---------- CSV writing (RFC 4180) ---------- */

typedef struct {
    buf b;
    char delim;
    const char *eol;
    int field;   /* fields written in the current row */
    int excel;   /* Excel in a Russian locale: decimal comma, times without seconds */
} csvw;

static void cell(csvw *w, const char *s)
{
    if (w->field++)
        bput(&w->b, &w->delim, 1);
    if (!strchr(s, w->delim) && !strpbrk(s, "\"\r\n")) {
        bputs(&w->b, s);
        return;
    }
    bput(&w->b, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            bput(&w->b, "\"", 1);
        bput(&w->b, p, 1);
    }
    bput(&w->b, "\"", 1);
}

static void celli(csvw *w, int v)
{
    char s[16];
    snprintf(s, sizeof s, "%d", v);
    cell(w, s);
}

/* A number of hours given in half hours: "2.5", or "2,5" as Excel writes it. */
static void cell_half(csvw *w, int halves)
{
    char s[16];
    if (halves % 2)
        snprintf(s, sizeof s, "%d%c5", halves / 2, w->excel ? ',' : '.');
    else
        snprintf(s, sizeof s, "%d", halves / 2);
    cell(w, s);
}

static void endrow(csvw *w)
{
    bputs(&w->b, w->eol);
    w->field = 0;
}

static void header(csvw *w, const char *const *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cell(w, cols[i]);
    endrow(w);
}

enum encoding { UTF8, UTF8_BOM, CP1251 };

static void write_file(const char *dir, const char *name, int year, const buf *b,
                       enum encoding enc)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s_%d.csv", dir, name, year);
    if (n < 0 || (size_t)n >= sizeof path)
        die("output path too long");
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "ms_gen_example: cannot write %s: %s\n", path, strerror(errno));
        exit(2);
    }
    const char *out = b->p;
    size_t out_len = b->len;
    char *converted = NULL;
    if (enc == UTF8_BOM)
        fwrite("\xEF\xBB\xBF", 1, 3, f);
    if (enc == CP1251) {
        iconv_t cd = iconv_open("CP1251", "UTF-8");
        if (cd == (iconv_t)-1)
            die("iconv cannot convert UTF-8 to CP1251");
        converted = malloc(b->len + 1);
        if (!converted)
            die("out of memory");
        char *in = b->p, *o = converted;
        size_t in_left = b->len, out_left = b->len + 1;
        if (iconv(cd, &in, &in_left, &o, &out_left) == (size_t)-1)
            die("a character has no Windows-1251 code");
        iconv_close(cd);
        out = converted;
        out_len = (size_t)(o - converted);
    }
    if (fwrite(out, 1, out_len, f) != out_len || fclose(f) != 0) {
        fprintf(stderr, "ms_gen_example: cannot write %s: %s\n", path, strerror(errno));
        exit(2);
    }
    free(converted);
    printf("%s\n", path);
}

/* ---------- random helpers ---------- */

static int uniform_int(int n) { return (int)gsl_rng_uniform_int(rng, (unsigned long)n); }
static int coin(double p) { return (int)gsl_ran_bernoulli(rng, p); }
static double normal(double sd) { return gsl_ran_gaussian(rng, sd); }

/* A rating: the latent value rounded to the nearest point of lo..hi. */
static int rating(double x, int lo, int hi)
{
    int v = (int)floor(x + 0.5);
    return v < lo ? lo : v > hi ? hi : v;
}

static void shuffle(int *a, int n)
{
    if (n > 1)
        gsl_ran_shuffle(rng, a, (size_t)n, sizeof *a);
}

static void make_person(person *p, int form, const char *prefix, int year, int number)
{
    int female = coin(form == TT ? 0.8 : 0.5); /* most teachers are women */
    int s = uniform_int((int)COUNT(surnames)), pa = uniform_int((int)COUNT(patronymics));
    int fi = uniform_int(female ? (int)COUNT(female_names) : (int)COUNT(male_names));
    const char *const *first = female ? female_names[fi] : male_names[fi];
    snprintf(p->fio, sizeof p->fio, "%s%s %s %s", surnames[s][0], female ? "а" : "", first[0],
             patronymics[pa][female ? 1 : 0]);
    snprintf(p->email, sizeof p->email, "%s%s.%s%s@%s", surnames[s][1], female ? "a" : "",
             first[1], patronymics[pa][2], mail_domains[uniform_int((int)COUNT(mail_domains))]);
    snprintf(p->id, sizeof p->id, "%s-%d-%03d", prefix, year, number);
    p->form = form;
}

/* ---------- dates ---------- */

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return d[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

typedef struct {
    int year, month, day; /* the first day of the window */
    int days;             /* its length */
} window;

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* n sorted moments in the window, seconds from its first midnight: answers
 * come in between 8:00 and 22:00. */
static void moments(const window *wd, long *t, int n)
{
    for (int i = 0; i < n; i++)
        t[i] = 86400L * uniform_int(wd->days) + 8 * 3600L + uniform_int(14 * 3600);
    qsort(t, (size_t)n, sizeof *t, cmp_long);
}

/* Google Forms' "Отметка времени": 15.04.2025 10:23:45 (Excel: 15.04.2025 10:23). */
static void cell_time(csvw *w, const window *wd, long t)
{
    int y = wd->year, m = wd->month, d = wd->day + (int)(t / 86400);
    while (d > days_in_month(y, m)) {
        d -= days_in_month(y, m);
        if (++m > 12)
            m = 1, y++;
    }
    long s = t % 86400;
    char out[32];
    if (w->excel)
        snprintf(out, sizeof out, "%02d.%02d.%04d %ld:%02ld", d, m, y, s / 3600, s / 60 % 60);
    else
        snprintf(out, sizeof out, "%02d.%02d.%04d %ld:%02ld:%02ld", d, m, y, s / 3600,
                 s / 60 % 60, s % 60);
    cell(w, out);
}

/* ---------- answers ---------- */

/* The chosen areas in the form's order, joined as Google Forms does. */
static void cell_areas(csvw *w, const double *p)
{
    char s[512] = "";
    int any = 0;
    while (!any) {
        s[0] = '\0';
        for (int a = 0; a < N_AREAS; a++)
            if (coin(p[a])) {
                if (any++)
                    strcat(s, ", ");
                strcat(s, areas[a]);
            }
    }
    cell(w, s);
}

/* An open answer: a phrase, now and then with the respondent's contact
 * details, which the report has to scrub before quoting. */
static void cell_open(csvw *w, const char *const *phrases, size_t n, double p_blank,
                      const person *who)
{
    if (coin(p_blank)) {
        cell(w, "");
        return;
    }
    buf b = {0};
    bputs(&b, phrases[uniform_int((int)n)]);
    if (coin(0.07)) {
        int op = 900 + uniform_int(100), a = uniform_int(1000), c = uniform_int(100),
            d = uniform_int(100);
        /* one draw whatever the variant: the names reuse the digits drawn */
        switch (uniform_int(6)) {
        case 0: bprintf(&b, ", пишите: %s", who->email); break;
        case 1: bprintf(&b, ". Мой телефон для связи +7 %d %03d-%02d-%02d", op, a, c, d); break;
        case 2: bprintf(&b, " (тел. +7 (%d) %03d-%02d-%02d)", op, a, c, d); break;
        case 4:
            bprintf(&b, ". Наставник — %s %s, спасибо!", female_names[a % COUNT(female_names)][0],
                    patronymics[c % COUNT(patronymics)][1]);
            break;
        case 5: bprintf(&b, ". %s", who->fio); break;
        default: bprintf(&b, ". Если будут вопросы: %s, +7%d%03d%02d%02d", who->email, op, a, c, d);
        }
    }
    cell(w, b.p);
    free(b.p);
}

/* A rating cell: about 2 % of answers are left blank. */
static void cell_rating(csvw *w, int v)
{
    if (coin(0.02))
        cell(w, "");
    else
        celli(w, v);
}

/* Which of n respondents refuse consent: one or two, never one of the
 * group that must stay exactly as planned (protected[i] != 0). */
static void refusals(int *refuse, const int *protected_, int n)
{
    memset(refuse, 0, (size_t)n * sizeof *refuse);
    int k = 1 + coin(0.5);
    while (k > 0) {
        int i = uniform_int(n);
        if (refuse[i] || (protected_ && protected_[i]))
            continue;
        refuse[i] = 1;
        k--;
    }
}

/* ---------- one year ---------- */

typedef struct {
    int form;
    char code[32];
    int mentee, mentor;  /* indices into the year's requests and bank */
    double u;            /* the mentee's satisfaction with the pair */
    double v;            /* the mentor's */
    int frequency;       /* 0..3 */
    double base, growth; /* the mentee's entry self-assessment level and growth */
} pair;

typedef struct {
    int year;
    person mentees[MAX_PEOPLE], mentors[MAX_PEOPLE];
    int n_mentees, n_mentors;
    pair pairs[MAX_PEOPLE];
    int n_pairs;
} programme_year;

/* Shuffled list of forms: the pairs' forms plus `extra` unmatched people. */
static int people_forms(int *form, const int *per_form, int extra, const double *extra_p)
{
    int n = 0;
    for (int f = 0; f < N_FORMS; f++)
        for (int i = 0; i < per_form[f]; i++)
            form[n++] = f;
    for (int i = 0; i < extra; i++) {
        double x = gsl_rng_uniform(rng), acc = 0;
        int f = 0;
        while (f < N_FORMS - 1 && x >= (acc += extra_p[f]))
            f++;
        form[n++] = f;
    }
    shuffle(form, n);
    return n;
}

static void plan_year(programme_year *py, int year)
{
    const int *per_form = n_pairs[year - FIRST_YEAR];
    int form[MAX_PEOPLE], used[MAX_PEOPLE];
    static const double extra_mentee[N_FORMS] = {.40, .30, .20, .10};
    static const double extra_mentor[N_FORMS] = {.45, .25, .20, .10};
    memset(py, 0, sizeof *py);
    py->year = year;

    /* the bank of mentees (requests) and of mentors, in the order they
     * filled in the form; the codes follow that order */
    py->n_mentees = people_forms(form, per_form, 3 + uniform_int(7), extra_mentee);
    for (int i = 0; i < py->n_mentees; i++)
        make_person(&py->mentees[i], form[i], "Н", year, i + 1);
    py->n_mentors = people_forms(form, per_form, 1 + uniform_int(5), extra_mentor);
    for (int i = 0; i < py->n_mentors; i++)
        make_person(&py->mentors[i], form[i], "М", year, i + 1);

    /* pairs, numbered by form: the first free mentee and mentor of the form */
    int used_mentor[MAX_PEOPLE] = {0};
    memset(used, 0, sizeof used);
    int gaps = 0;
    for (int f = 0; f < N_FORMS; f++)
        for (int k = 0; k < per_form[f]; k++) {
            pair *p = &py->pairs[py->n_pairs];
            p->form = f;
            snprintf(p->code, sizeof p->code, "П-%d-%02d", year, py->n_pairs + 1);
            py->n_pairs++;
            p->mentee = p->mentor = -1;
            for (int i = 0; i < py->n_mentees && p->mentee < 0; i++)
                if (!used[i] && py->mentees[i].form == f)
                    used[i] = 1, p->mentee = i;
            for (int i = 0; i < py->n_mentors && p->mentor < 0; i++)
                if (!used_mentor[i] && py->mentors[i].form == f)
                    used_mentor[i] = 1, p->mentor = i;
            if (p->mentee < 0 || p->mentor < 0)
                die("internal: a pair without a mentee or a mentor");
            /* the pair's satisfaction: the mentor's view follows the
             * mentee's, except in two pairs a year where the mentee is
             * unhappy and the mentor does not see it (the gap) */
            p->u = normal(0.75);
            if (gaps < 2 && f != EP && coin(0.08)) {
                gaps++;
                p->u = -2.3 + normal(0.3);
                p->v = 0.6 + normal(0.3);
            } else {
                p->v = 0.6 * p->u + normal(0.65);
            }
            double z = p->u + normal(1.0);
            p->frequency = z > 0.8 ? 0 : z > -0.3 ? 1 : z > -1.3 ? 2 : 3;
            p->base = normal(1.1);
            p->growth = GROWTH + 0.25 * p->u + normal(0.85);
        }
}

/* ---------- the five questionnaires ---------- */

static csvw writer(int excel)
{
    csvw w = {{0}, excel ? ';' : ',', excel ? "\r\n" : "\n", 0, excel};
    return w;
}

static void mentors_bank(const programme_year *py, const char *dir)
{
    static const char *const cols[] = {
        "Отметка времени",
        "Адрес электронной почты",
        "Фамилия, имя, отчество",
        "Код анкеты",
        "Год",
        "Какая форма наставничества вам ближе?",
        "В каких вопросах вы готовы помогать наставляемым? (можно выбрать несколько вариантов)",
        "Ваш стаж работы (педагогический или по профессии), лет",
        "Сколько часов в месяц вы готовы уделять наставничеству?",
        "Скольких наставляемых вы готовы вести одновременно?",
        "Был ли у вас опыт наставничества?",
        "Насколько вы согласны с утверждениями? (1 — совсем не согласен, 5 — полностью "
        "согласен) [Мне интересно делиться своим опытом]",
        "Насколько вы согласны с утверждениями? (1 — совсем не согласен, 5 — полностью "
        "согласен) [Наставничество поможет мне профессионально расти]",
        "Насколько вы согласны с утверждениями? (1 — совсем не согласен, 5 — полностью "
        "согласен) [Я готов(а) регулярно выделять время на встречи]",
        "Насколько вы согласны с утверждениями? (1 — совсем не согласен, 5 — полностью "
        "согласен) [Мне важно помочь новичку освоиться]",
        "Насколько вы согласны с утверждениями? (1 — совсем не согласен, 5 — полностью "
        "согласен) [Мне интересно пробовать новые форматы работы]",
        "Даю согласие на обработку моих персональных данных",
    };
    /* experience: mean, sd, min, max; hours per month in half hours */
    static const double exp_mean[N_FORMS] = {17, 0, 1, 14}, exp_sd[N_FORMS] = {8, 0, 1, 6};
    static const int exp_min[N_FORMS] = {2, 0, 0, 3}, exp_max[N_FORMS] = {42, 0, 4, 35};
    static const int hours[N_FORMS][6] = {
        {4, 6, 8, 10, 12, 16}, {4, 4, 6, 6, 8, 5}, {6, 8, 10, 12, 16, 20}, {3, 4, 5, 6, 8, 4}};
    static const double before[N_FORMS] = {.55, .15, .25, .35};
    static const double mot_off[5] = {0.3, 0.0, -0.4, 0.2, -0.1};
    int excel = py->year == 2025;
    csvw w = writer(excel);
    header(&w, cols, COUNT(cols));
    int n = py->n_mentors, refuse[MAX_PEOPLE];
    long t[MAX_PEOPLE];
    window wd = {py->year - 1, 9, 1, 20};
    moments(&wd, t, n);
    refusals(refuse, NULL, n);
    for (int i = 0; i < n; i++) {
        const person *m = &py->mentors[i];
        int f = m->form;
        cell_time(&w, &wd, t[i]);
        cell(&w, m->email);
        cell(&w, m->fio);
        cell(&w, m->id);
        celli(&w, py->year);
        cell(&w, forms[f]);
        cell_areas(&w, supply[f]);
        int e = f == PP ? 0 : rating(exp_mean[f] + normal(exp_sd[f]), exp_min[f], exp_max[f]);
        if (coin(0.02))
            cell(&w, "");
        else
            celli(&w, e);
        int h = hours[f][uniform_int(6)];
        cell_half(&w, h);
        /* how many mentees at once follows the hours offered, and draws
         * nothing from the stream: every other file stays as it was */
        celli(&w, h < 8 ? 1 : h < 16 ? 2 : 3);
        cell(&w, coin(before[f]) ? "Да" : "Нет");
        double mot = normal(0.6);
        for (int k = 0; k < 5; k++)
            cell_rating(&w, rating(3.9 + mot_off[k] + mot + normal(0.6), 1, 5));
        cell(&w, refuse[i] ? "Нет" : "Да");
        endrow(&w);
    }
    write_file(dir, "mentors_bank", py->year, &w.b, excel ? CP1251 : UTF8);
    free(w.b.p);
}

static void mentees_requests(const programme_year *py, const char *dir)
{
    static const char *const cols[] = {
        "Отметка времени",
        "Фамилия, имя, отчество",
        "Код анкеты",
        "Год",
        "Форма наставничества",
        "В каких вопросах вам нужна помощь наставника? (можно выбрать несколько вариантов)",
        "Какой формат работы с наставником вам удобнее?",
        "Что вы ожидаете от работы с наставником?",
        "Даю согласие на обработку моих персональных данных",
    };
    static const double fmt_p[N_FORMS][4] = {
        {.55, .15, .10, .20}, {.35, .40, .10, .15}, {.30, .25, .25, .20}, {.20, .50, .10, .20}};
    csvw w = writer(0);
    if (py->year == 2024)
        w.eol = "\r\n"; /* Excel's "CSV UTF-8" */
    header(&w, cols, COUNT(cols));
    int n = py->n_mentees, refuse[MAX_PEOPLE];
    long t[MAX_PEOPLE];
    window wd = {py->year - 1, 9, 1, 25};
    moments(&wd, t, n);
    refusals(refuse, NULL, n);
    for (int i = 0; i < n; i++) {
        const person *m = &py->mentees[i];
        int f = m->form;
        cell_time(&w, &wd, t[i]);
        cell(&w, m->fio);
        cell(&w, m->id);
        celli(&w, py->year);
        cell(&w, forms[f]);
        cell_areas(&w, demand[f]);
        double x = gsl_rng_uniform(rng), acc = 0;
        int k = 0;
        while (k < 3 && x >= (acc += fmt_p[f][k]))
            k++;
        cell(&w, coin(0.02) ? "" : formats[k]);
        cell_open(&w, expectations, COUNT(expectations), 0.3, m);
        cell(&w, refuse[i] ? "Нет" : "Да");
        endrow(&w);
    }
    write_file(dir, "mentees_requests", py->year, &w.b, py->year == 2024 ? UTF8_BOM : UTF8);
    free(w.b.p);
}

/* Satisfaction, mentees' side (mentors = 0) or mentors' side (mentors = 1). */
static void satisfaction(const programme_year *py, const char *dir, int mentors)
{
    static const char *const G =
        "Оцените по шкале от 1 до 10 (1 — совсем нет, 10 — полностью да) ";
    static const char *const mentee_items[7] = {
        "[Мне было комфортно общаться с наставником]",
        "[Встречи с наставником были полезны]",
        "[Цели нашей работы были понятны]",
        "[Мои ожидания от программы оправдались]",
        "[Мне не хватало внимания наставника]",
        "[Программа была хорошо организована]",
        "[Я хотел(а) бы продолжить работу с наставником]",
    };
    static const char *const mentor_items[7] = {
        "[Мне было комфортно общаться с наставляемым]",
        "[Встречи были полезны для наставляемого]",
        "[Цели нашей работы были понятны]",
        "[Мои ожидания от программы оправдались]",
        "[Мне не хватало времени на наставляемого]",
        "[Программа была хорошо организована (поддержка администрации)]",
        "[Я готов(а) продолжить работу наставником]",
    };
    /* item offsets; item 5 (index 4) is reverse-keyed, its offset applies
     * to the keyed value */
    static const double off[7] = {0.4, 0.0, -0.2, -0.1, 0.0, -0.4, 0.2};
    char item_cols[7][512];
    const char *cols[19];
    size_t nc = 0;
    cols[nc++] = "Отметка времени";
    cols[nc++] = mentors ? "Код наставника" : "Код участника";
    cols[nc++] = "Код наставнической пары";
    cols[nc++] = "Год";
    cols[nc++] = "Форма наставничества";
    for (int j = 0; j < 7; j++) {
        snprintf(item_cols[j], sizeof item_cols[j], "%s%s", G,
                 mentors ? mentor_items[j] : mentee_items[j]);
        cols[nc++] = item_cols[j];
    }
    cols[nc++] = mentors ? "Как часто проходили ваши встречи с наставляемым?"
                         : "Как часто проходили ваши встречи с наставником?";
    cols[nc++] = mentors ? "Порекомендовали бы вы коллегам стать наставниками?"
                         : "Порекомендовали бы вы участие в программе наставничества другим?";
    cols[nc++] = mentors ? "Что было наиболее ценным для вас как наставника?"
                         : "Что было наиболее ценным в работе с наставником?";
    cols[nc++] = mentors ? "Какой поддержки вам не хватило?" : "Чего вам не хватило?";
    cols[nc++] = "Фамилия, имя, отчество";
    cols[nc++] = "Даю согласие на обработку моих персональных данных";

    csvw w = writer(0);
    header(&w, cols, nc);

    /* who answered: nearly everyone; the small group answers in full */
    int who[MAX_PEOPLE], n = 0, protect[MAX_PEOPLE] = {0}, refuse[MAX_PEOPLE];
    for (int i = 0; i < py->n_pairs; i++) {
        int small = py->year == 2025 && py->pairs[i].form == EP;
        if (small || !coin(mentors ? 0.07 : 0.05))
            who[n++] = i;
    }
    shuffle(who, n);
    for (int i = 0; i < n; i++)
        protect[i] = py->year == 2025 && py->pairs[who[i]].form == EP;
    refusals(refuse, protect, n);
    long t[MAX_PEOPLE];
    window wd = {py->year, 4, 10, 40};
    moments(&wd, t, n);

    int y = py->year - FIRST_YEAR;
    for (int i = 0; i < n; i++) {
        const pair *p = &py->pairs[who[i]];
        const person *me = mentors ? &py->mentors[p->mentor] : &py->mentees[p->mentee];
        double mu = school_shift +
                    (mentors ? MENTOR_BASE + MENTOR_TT * (p->form == TT) + SAT_YEAR * y
                             : SAT_BASE + SAT_TT * (p->form == TT) + SAT_YEAR * y);
        double lat = mentors ? p->v : p->u;
        cell_time(&w, &wd, t[i]);
        cell(&w, me->id);
        cell(&w, p->code);
        celli(&w, py->year);
        cell(&w, forms[p->form]);
        double sum = 0;
        for (int j = 0; j < 7; j++) {
            int v;
            if (j == 4 && !mentors) /* the weak item: mostly noise */
                v = 11 - rating(mu + off[j] + 0.15 * lat + normal(2.0), 1, 10);
            else if (j == 4)
                v = 11 - rating(mu + off[j] + lat + normal(1.1), 1, 10);
            else
                v = rating(mu + off[j] + lat + normal(0.9), 1, 10);
            sum += j == 4 ? 11 - v : v;
            if (j == 5 && coin(0.07))
                cell(&w, "Затрудняюсь ответить");
            else
                cell_rating(&w, v);
        }
        int fr = p->frequency;
        if (mentors && coin(0.15))
            fr = fr == 0 ? 1 : fr == 3 ? 2 : fr + (coin(0.5) ? 1 : -1);
        cell(&w, coin(0.02) ? "" : frequencies[fr]);
        double mean = sum / 7;
        cell(&w, coin(1 / (1 + exp(-1.2 * (mean - 6.0)))) ? "Да" : "Нет");
        if (mentors) {
            cell_open(&w, valuable_mentor, COUNT(valuable_mentor), 0.2, me);
            cell_open(&w, lacking_mentor, COUNT(lacking_mentor), 0.35, me);
        } else if (p->form == TT) {
            cell_open(&w, valuable_teacher, COUNT(valuable_teacher), 0.2, me);
            cell_open(&w, lacking_mentee, COUNT(lacking_mentee), 0.35, me);
        } else {
            cell_open(&w, valuable_pupil, COUNT(valuable_pupil), 0.2, me);
            cell_open(&w, lacking_mentee, COUNT(lacking_mentee), 0.35, me);
        }
        cell(&w, me->fio);
        cell(&w, refuse[i] ? "Нет" : "Да");
        endrow(&w);
    }
    write_file(dir, mentors ? "mentors_satisfaction" : "mentees_satisfaction", py->year, &w.b,
               UTF8);
    free(w.b.p);
}

static void selfassessment(const programme_year *py, const char *dir)
{
    static const char *const C = "Оцените свои умения по шкале от 1 до 10 ";
    static const char *const items[6] = {
        "[Ставлю цели и планирую свою работу]",
        "[Применяю новые методы и цифровые инструменты]",
        "[Анализирую свои результаты и ошибки]",
        "[Работаю в команде и договариваюсь с другими]",
        "[Представляю результаты своей работы публично]",
        "[Знаю, к кому обратиться за помощью, и не боюсь спрашивать]",
    };
    static const double off[6] = {0.2, -0.3, 0.0, 0.6, -0.6, 0.1};
    char item_cols[6][256];
    const char *cols[13];
    size_t nc = 0;
    cols[nc++] = "Отметка времени";
    cols[nc++] = "Код участника";
    cols[nc++] = "Код наставнической пары";
    cols[nc++] = "Год";
    cols[nc++] = "Форма наставничества";
    cols[nc++] = "Этап анкетирования";
    for (int j = 0; j < 6; j++) {
        snprintf(item_cols[j], sizeof item_cols[j], "%s%s", C, items[j]);
        cols[nc++] = item_cols[j];
    }
    cols[nc++] = "Даю согласие на обработку моих персональных данных";
    csvw w = writer(0);
    header(&w, cols, nc);

    int n = py->n_pairs, protect[MAX_PEOPLE] = {0}, refuse[MAX_PEOPLE];
    for (int i = 0; i < n; i++)
        protect[i] = py->year == 2025 && py->pairs[i].form == EP;
    refusals(refuse, protect, n);
    for (int wave = 0; wave < 2; wave++) {
        /* entry: late September of the autumn before; exit: late April */
        window wd = wave ? (window){py->year, 4, 15, 30} : (window){py->year - 1, 9, 20, 25};
        int order[MAX_PEOPLE];
        long t[MAX_PEOPLE];
        for (int i = 0; i < n; i++)
            order[i] = i;
        shuffle(order, n);
        moments(&wd, t, n);
        for (int k = 0; k < n; k++) {
            const pair *p = &py->pairs[order[k]];
            cell_time(&w, &wd, t[k]);
            cell(&w, py->mentees[p->mentee].id);
            cell(&w, p->code);
            celli(&w, py->year);
            cell(&w, forms[p->form]);
            cell(&w, wave ? "итоговое" : "входное");
            for (int j = 0; j < 6; j++)
                cell_rating(&w, rating(SELF_BASE + off[j] + p->base + wave * p->growth +
                                           normal(0.9),
                                       1, 10));
            cell(&w, refuse[order[k]] ? "Нет" : "Да");
            endrow(&w);
        }
    }
    write_file(dir, "selfassessment", py->year, &w.b, UTF8);
    free(w.b.p);
}

int main(int argc, char **argv)
{
    if ((argc != 2 && argc != 4) || argv[1][0] == '-') {
        fprintf(stderr, "usage: ms_gen_example OUTDIR [SEED SHIFT]\n"
                        "writes the example programme's data files OUTDIR/<questionnaire>_<year>.csv;\n"
                        "SEED and SHIFT (added to satisfaction ratings) make another school\n");
        return 2;
    }
    unsigned long seed = MS_GEN_SEED;
    if (argc == 4) {
        char *end1, *end2;
        seed = strtoul(argv[2], &end1, 10);
        school_shift = strtod(argv[3], &end2);
        if (*end1 || *end2 || end1 == argv[2] || end2 == argv[3]) {
            fprintf(stderr, "ms_gen_example: SEED must be a whole number, SHIFT a number\n");
            return 2;
        }
    }
    const char *dir = argv[1];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "ms_gen_example: cannot create %s: %s\n", dir, strerror(errno));
        return 2;
    }
    rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        die("out of memory");
    gsl_rng_set(rng, seed);
    static programme_year py;
    for (int year = FIRST_YEAR; year <= LAST_YEAR; year++) {
        plan_year(&py, year);
        mentors_bank(&py, dir);
        mentees_requests(&py, dir);
        satisfaction(&py, dir, 0);
        satisfaction(&py, dir, 1);
        selfassessment(&py, dir);
    }
    gsl_rng_free(rng);
    return 0;
}
