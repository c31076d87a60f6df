/*
 * test_server.c — the server's store and its handlers, through
 * libmicrohttpd on a loopback port with libcurl as the client: sessions,
 * CSRF, limits, the access rules (another organisation's anything is 404),
 * the headers of every reply, and a school's whole path to the office.
 * Each test starts a server of its own on a free port over one DIR whose
 * accounts the unchecked fixture made once (Argon2id is slow on purpose).
 */
#include <check.h>
#include <curl/curl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "mentorstat/status.h"
#include "server.h"

static char dir[256];
static char pw_school1[32], pw_school2[32], pw_office[32];
static ms_server *srv;

/* ---------- fixtures ---------- */

static void add_account(ms_store *s, const char *login, int role, const char *org, char *pw)
{
    char hash[256], why[256];
    ms_auth_password(pw);
    ck_assert_int_eq(ms_auth_hash(pw, hash, sizeof hash), 0);
    ck_assert_msg(ms_store_account_add(s, login, role, org, hash, why, sizeof why) == 0, "%s", why);
}

static void make_dir(void)
{
    char why[512];
    snprintf(dir, sizeof dir, "/tmp/ms_test_server_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ms_store *s = ms_store_open(dir, why, sizeof why);
    ck_assert_msg(s != NULL, "%s", why);
    add_account(s, "school1", MS_ROLE_SCHOOL, "МБОУ СОШ № 1", pw_school1);
    add_account(s, "school2", MS_ROLE_SCHOOL, "МБОУ Гимназия № 2", pw_school2);
    add_account(s, "office", MS_ROLE_OFFICE, "Управление образования", pw_office);
    ms_store_close(s);
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char sub[1024];
    while (d && (e = readdir(d))) {
        struct stat st;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(sub);
        else
            unlink(sub);
    }
    if (d)
        closedir(d);
    rmdir(path);
}

static void remove_dir(void)
{
    remove_tree(dir);
}

static void start(void)
{
    char why[512];
    ms_serve_options o = {dir, "127.0.0.1:0", 64 * 1024, 2, NULL, NULL, false};
    srv = ms_server_start(&o, why, sizeof why);
    ck_assert_msg(srv != NULL, "%s", why);
}

static void stop(void)
{
    ms_server_stop(srv);
    srv = NULL;
}

/* ---------- the client ---------- */

typedef struct {
    long status;
    char *body;
    size_t len;
    char headers[8192];
} reply;

typedef struct {
    char cookie[128];
    char csrf[80];
} client;

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
    reply *r = ctx;
    char *g = realloc(r->body, r->len + size * n + 1);
    if (!g)
        return 0;
    memcpy(g + r->len, p, size * n);
    r->body = g;
    r->len += size * n;
    g[r->len] = 0;
    return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
    reply *r = ctx;
    size_t used = strlen(r->headers);
    if (used + size * n + 1 < sizeof r->headers)
        memcpy(r->headers + used, p, size * n), r->headers[used + size * n] = 0;
    return size * n;
}

/* One request; files (NULL-terminated) are sent as multipart field "file". */
static reply req(const client *c, const char *method, const char *path, const char *json,
                 const char *const *files, bool csrf)
{
    reply r = {0};
    char url[1024], h1[256], h2[256];
    CURL *cu = curl_easy_init();
    struct curl_slist *hs = NULL;
    curl_mime *mime = NULL;
    snprintf(url, sizeof url, "http://127.0.0.1:%u%s", (unsigned)srv->port, path);
    curl_easy_setopt(cu, CURLOPT_URL, url);
    curl_easy_setopt(cu, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(cu, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(cu, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(cu, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(cu, CURLOPT_HEADERDATA, &r);
    if (c && c->cookie[0]) {
        snprintf(h1, sizeof h1, "Cookie: ms_session=%s", c->cookie);
        hs = curl_slist_append(hs, h1);
    }
    if (c && csrf) {
        snprintf(h2, sizeof h2, "X-CSRF-Token: %s", c->csrf);
        hs = curl_slist_append(hs, h2);
    }
    if (json) {
        hs = curl_slist_append(hs, "Content-Type: application/json");
        curl_easy_setopt(cu, CURLOPT_POSTFIELDS, json);
    }
    if (files) {
        mime = curl_mime_init(cu);
        for (size_t i = 0; files[i]; i++) {
            curl_mimepart *part = curl_mime_addpart(mime);
            curl_mime_name(part, "file");
            curl_mime_filedata(part, files[i]);
        }
        curl_easy_setopt(cu, CURLOPT_MIMEPOST, mime);
    }
    curl_easy_setopt(cu, CURLOPT_HTTPHEADER, hs);
    CURLcode rc = curl_easy_perform(cu);
    ck_assert_msg(rc == CURLE_OK, "%s %s: %s", method, path, curl_easy_strerror(rc));
    curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &r.status);
    curl_mime_free(mime);
    curl_slist_free_all(hs);
    curl_easy_cleanup(cu);
    if (!r.body)
        r.body = calloc(1, 1);
    return r;
}

static long status_of(const client *c, const char *method, const char *path, const char *json)
{
    reply r = req(c, method, path, json, NULL, true);
    free(r.body);
    return r.status;
}

/* The value of "key":"…" in a JSON body (test bodies only). */
static void json_str(const char *body, const char *key, char *out, size_t size)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(body, pat);
    out[0] = 0;
    if (p) {
        p += strlen(pat);
        const char *e = strchr(p, '"');
        snprintf(out, size, "%.*s", (int)(e ? e - p : 0), p);
    }
}

static long json_num(const char *body, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(body, pat);
    return p ? strtol(p + strlen(pat), NULL, 10) : -1;
}

static client login(const char *who, const char *pw)
{
    client c = {{0}, {0}};
    char body[256];
    snprintf(body, sizeof body, "{\"login\":\"%s\",\"password\":\"%s\"}", who, pw);
    reply r = req(NULL, "POST", "/api/login", body, NULL, false);
    ck_assert_int_eq(r.status, 200);
    const char *ck = strstr(r.headers, "ms_session=");
    ck_assert_ptr_nonnull(ck);
    snprintf(c.cookie, sizeof c.cookie, "%.64s", ck + 11);
    json_str(r.body, "csrf", c.csrf, sizeof c.csrf);
    ck_assert_uint_eq(strlen(c.csrf), 64);
    free(r.body);
    return c;
}

static long new_programme(const client *c)
{
    reply r = req(c, "POST", "/api/programmes", "{\"year\":2025,\"title\":\"test\"}", NULL, true);
    ck_assert_int_eq(r.status, 201);
    long id = json_num(r.body, "id");
    free(r.body);
    return id;
}

static const char *const *example_files(void)
{
    static char paths[20][512];
    static const char *list[21];
    static const char *qs[] = {"mentors_bank", "mentees_requests", "mentees_satisfaction",
                               "mentors_satisfaction", "selfassessment"};
    size_t n = 0;
    for (size_t q = 0; q < 5; q++)
        for (int y = 2022; y <= 2025; y++, n++) {
            snprintf(paths[n], sizeof paths[n], "%s/surveys/example/data/%s_%d.csv", MS_SOURCE_DIR,
                     qs[q], y);
            list[n] = paths[n];
        }
    list[n] = NULL;
    return list;
}

/* A programme with the example's exports uploaded and drafted. */
static long drafted_programme(const client *c)
{
    char path[64];
    long id = new_programme(c);
    snprintf(path, sizeof path, "/api/programmes/%ld/files", id);
    reply r = req(c, "POST", path, NULL, example_files(), true);
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    free(r.body);
    snprintf(path, sizeof path, "/api/programmes/%ld/init", id);
    r = req(c, "POST", path, NULL, NULL, true);
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    ck_assert_ptr_nonnull(strstr(r.body, "\"mentors_bank\""));
    free(r.body);
    return id;
}

/* Wait for a job to end; its final body. */
static reply wait_job(const client *c, long job)
{
    char path[64];
    snprintf(path, sizeof path, "/api/jobs/%ld", job);
    for (int i = 0; i < 600; i++) {
        reply r = req(c, "GET", path, NULL, NULL, false);
        ck_assert_int_eq(r.status, 200);
        if (strstr(r.body, "\"state\":\"done\"") || strstr(r.body, "\"state\":\"failed\""))
            return r;
        free(r.body);
        usleep(200 * 1000);
    }
    ck_abort_msg("job %ld did not end in 120 s", job);
    return (reply){0};
}

/* Build the report (what = "report") or pair and build (what = "matching"). */
static long build_as(const client *c, long id, const char *what)
{
    char path[64];
    snprintf(path, sizeof path, "/api/programmes/%ld/%s", id, what);
    reply r = req(c, "POST", path, NULL, NULL, true);
    ck_assert_int_eq(r.status, 202);
    long job = json_num(r.body, "id");
    free(r.body);
    r = wait_job(c, job);
    ck_assert_msg(strstr(r.body, "\"state\":\"done\""), "%s", r.body);
    free(r.body);
    return job;
}

static long build(const client *c, long id)
{
    return build_as(c, id, "report");
}

/* ---------- the store ---------- */

START_TEST(store_refuses_a_second_account_with_the_same_login)
{
    char why[512], hash[256];
    ms_store *s = ms_store_open(dir, why, sizeof why);
    ck_assert_int_eq(ms_auth_hash("x", hash, sizeof hash), 0);
    ck_assert_int_ne(ms_store_account_add(s, "school1", MS_ROLE_SCHOOL, "Другая", hash, why,
                                          sizeof why), 0);
    ck_assert_ptr_nonnull(strstr(why, "exists"));
    ms_store_close(s);
}
END_TEST

START_TEST(store_keeps_only_an_argon2id_hash_and_verifies_it)
{
    char why[512], hash[256];
    int64_t account;
    ms_store *s = ms_store_open(dir, why, sizeof why);
    ck_assert_int_eq(ms_store_account_hash(s, "school1", hash, sizeof hash, &account), 0);
    ck_assert_int_eq(strncmp(hash, "$argon2id$", 10), 0);
    ck_assert(ms_auth_verify(hash, pw_school1));
    ck_assert(!ms_auth_verify(hash, pw_school2));
    ck_assert_int_eq(ms_store_account_hash(s, "nobody", hash, sizeof hash, &account), 0);
    ck_assert_str_eq(hash, "");
    ms_store_close(s);
}
END_TEST

START_TEST(store_finds_a_programme_only_with_its_organisation)
{
    char why[512];
    ms_prog p;
    ms_store *s = ms_store_open(dir, why, sizeof why);
    int64_t id = ms_store_programme_create(s, 1, 2025, "t");
    ck_assert_int_gt(id, 0);
    ck_assert_int_eq(ms_store_programme_get(s, id, 1, &p), 0);
    ck_assert_int_eq(p.year, 2025);
    ck_assert_int_ne(ms_store_programme_get(s, id, 2, &p), 0);
    ms_store_close(s);
}
END_TEST

START_TEST(store_marks_jobs_left_running_as_failed)
{
    char why[512];
    ms_job j;
    ms_store *s = ms_store_open(dir, why, sizeof why);
    int64_t id = ms_store_job_create(s, 99, 1, "report", 2025);
    ck_assert_int_eq(ms_store_job_claim(s, &j), 1);
    ck_assert_int_eq(j.id, id);
    ck_assert_str_eq(j.state, "running");
    ck_assert_int_ge(ms_store_fail_unfinished(s), 1);
    ck_assert_int_eq(ms_store_job_get(s, id, 1, &j), 0);
    ck_assert_str_eq(j.state, "failed");
    ck_assert_int_ne(ms_store_job_get(s, id, 2, &j), 0);
    ms_store_close(s);
}
END_TEST

START_TEST(store_session_ends_at_its_expiry)
{
    char why[512], th[65];
    ms_session se;
    ms_store *s = ms_store_open(dir, why, sizeof why);
    ms_auth_token_hash("abc", th);
    ck_assert_int_eq(ms_store_session_create(s, 1, th, "csrf", ms_now() + 10), 0);
    ck_assert_int_eq(ms_store_session_get(s, th, ms_now(), &se), 0);
    ck_assert_str_eq(se.csrf, "csrf");
    ck_assert_int_ne(ms_store_session_get(s, th, ms_now() + 11, &se), 0);
    ms_store_close(s);
}
END_TEST

/* ---------- sessions, CSRF, bad requests ---------- */

START_TEST(health_answers_without_a_session)
{
    reply r = req(NULL, "GET", "/api/health", NULL, NULL, false);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "\"status\":\"ok\""));
    free(r.body);
}
END_TEST

START_TEST(no_session_gets_401)
{
    const char *paths[] = {"/api/session", "/api/programmes", "/api/programmes/1",
                           "/api/jobs/1", "/api/territory", "/programmes/1/report/index.html",
                           "/programmes/1/report.zip"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        /* a report's link (not /api/) gets the login page, the API JSON */
        reply r = req(NULL, "GET", paths[i], NULL, NULL, false);
        ck_assert_msg(r.status == 401, "%s: %ld", paths[i], r.status);
        ck_assert_msg(strncmp(paths[i], "/api/", 5) ? strstr(r.body, "id=\"login\"") != NULL
                                                    : strstr(r.body, "\"error\"") != NULL,
                      "%s: %s", paths[i], r.body);
        free(r.body);
    }
    /* a programme's page sends to the login with the way back (app.js
     * follows only a same-site path) */
    reply r = req(NULL, "GET", "/programmes/7", NULL, NULL, false);
    ck_assert_int_eq(r.status, 303);
    ck_assert_msg(strstr(r.headers, "Location: /?next=/programmes/7\r\n"), "%s", r.headers);
    free(r.body);
}
END_TEST

START_TEST(login_sets_an_httponly_samesite_strict_cookie)
{
    reply r = req(NULL, "POST", "/api/login", NULL, NULL, false);
    free(r.body);
    char body[128];
    snprintf(body, sizeof body, "{\"login\":\"school1\",\"password\":\"%s\"}", pw_school1);
    r = req(NULL, "POST", "/api/login", body, NULL, false);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.headers, "HttpOnly"));
    ck_assert_ptr_nonnull(strstr(r.headers, "SameSite=Strict"));
    ck_assert_ptr_null(strstr(r.headers, "Secure")); /* plain HTTP: no Secure */
    ck_assert_ptr_nonnull(strstr(r.body, "\"role\":\"school\""));
    free(r.body);
}
END_TEST

START_TEST(wrong_password_gets_401_and_the_sixth_try_429)
{
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(status_of(NULL, "POST", "/api/login",
                                   "{\"login\":\"school2\",\"password\":\"wrong\"}"), 401);
    char body[128];
    snprintf(body, sizeof body, "{\"login\":\"school2\",\"password\":\"%s\"}", pw_school2);
    reply r = req(NULL, "POST", "/api/login", body, NULL, false);
    ck_assert_int_eq(r.status, 429); /* even the right password, until the window ends */
    ck_assert_ptr_nonnull(strstr(r.headers, "Retry-After:"));
    free(r.body);
}
END_TEST

START_TEST(state_change_without_csrf_gets_403)
{
    client c = login("school1", pw_school1);
    reply r = req(&c, "POST", "/api/programmes", "{\"year\":2025}", NULL, false);
    ck_assert_int_eq(r.status, 403);
    free(r.body);
    client wrong = c;
    memset(wrong.csrf, 'a', 64);
    r = req(&wrong, "POST", "/api/programmes", "{\"year\":2025}", NULL, true);
    ck_assert_int_eq(r.status, 403);
    free(r.body);
    r = req(&c, "POST", "/api/logout", NULL, NULL, false);
    ck_assert_int_eq(r.status, 403);
    free(r.body);
}
END_TEST

START_TEST(malformed_json_gets_400_naming_the_field)
{
    client c = login("school1", pw_school1);
    reply r = req(&c, "POST", "/api/programmes", "{\"year\":", NULL, true);
    ck_assert_int_eq(r.status, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "not valid JSON"));
    free(r.body);
    r = req(&c, "POST", "/api/programmes", "{\"year\":\"2025\"}", NULL, true);
    ck_assert_int_eq(r.status, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "\"field\":\"year\""));
    free(r.body);
    r = req(&c, "POST", "/api/programmes", "{\"year\":2025,\"title\":7}", NULL, true);
    ck_assert_int_eq(r.status, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "\"field\":\"title\""));
    free(r.body);
    r = req(NULL, "POST", "/api/login", "[1,2]", NULL, false);
    ck_assert_int_eq(r.status, 400);
    free(r.body);
}
END_TEST

START_TEST(logout_ends_the_session)
{
    client c = login("school1", pw_school1);
    ck_assert_int_eq(status_of(&c, "GET", "/api/session", NULL), 200);
    ck_assert_int_eq(status_of(&c, "POST", "/api/logout", NULL), 200);
    ck_assert_int_eq(status_of(&c, "GET", "/api/session", NULL), 401);
}
END_TEST

START_TEST(every_reply_carries_the_security_headers)
{
    client c = login("school1", pw_school1);
    const char *paths[] = {"/", "/api/health", "/api/session", "/static/app.js", "/nowhere"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        reply r = req(&c, "GET", paths[i], NULL, NULL, false);
        ck_assert_msg(strstr(r.headers, "Content-Security-Policy: default-src 'none'"), "%s",
                      paths[i]);
        ck_assert_msg(strstr(r.headers, "X-Content-Type-Options: nosniff"), "%s", paths[i]);
        ck_assert_msg(strstr(r.headers, "Referrer-Policy: no-referrer"), "%s", paths[i]);
        free(r.body);
    }
}
END_TEST

START_TEST(upload_over_the_limit_gets_413_and_the_server_serves_on)
{
    client c = login("school1", pw_school1);
    char path[64], big[600];
    long id = new_programme(&c);
    snprintf(big, sizeof big, "%s/big.csv", dir);
    FILE *f = fopen(big, "w");
    fputs("a;b\n", f);
    for (int i = 0; i < 20000; i++)
        fputs("1;2\n", f); /* 80 KB > the test server's 64 KB */
    fclose(f);
    const char *files[] = {big, NULL};
    snprintf(path, sizeof path, "/api/programmes/%ld/files", id);
    reply r = req(&c, "POST", path, NULL, files, true);
    ck_assert_int_eq(r.status, 413);
    ck_assert_ptr_nonnull(strstr(r.body, "larger than"));
    free(r.body);
    unlink(big);
    ck_assert_int_eq(status_of(&c, "GET", "/api/health", NULL), 200);
    r = req(&c, "GET", path, NULL, NULL, false);
    ck_assert_str_eq(r.body, "[]"); /* nothing kept */
    free(r.body);
}
END_TEST

START_TEST(the_same_bytes_uploaded_again_are_kept_once_and_said_so)
{
    client c = login("school1", pw_school1);
    char path[64], copy[600], src[600];
    long id = new_programme(&c);
    snprintf(src, sizeof src, "%s/surveys/example/data/mentors_bank_2025.csv", MS_SOURCE_DIR);
    snprintf(copy, sizeof copy, "%s/kopiya.csv", dir); /* the same bytes, another name */
    FILE *in = fopen(src, "rb"), *out = fopen(copy, "wb");
    char b[4096];
    size_t n;
    while ((n = fread(b, 1, sizeof b, in)) > 0)
        fwrite(b, 1, n, out);
    fclose(in);
    fclose(out);
    const char *first[] = {src, NULL}, *twice[] = {src, NULL}, *renamed[] = {copy, NULL};
    snprintf(path, sizeof path, "/api/programmes/%ld/files", id);
    reply r = req(&c, "POST", path, NULL, first, true);
    ck_assert_int_eq(r.status, 201);
    free(r.body);
    r = req(&c, "POST", path, NULL, twice, true);
    ck_assert_int_eq(r.status, 409);
    ck_assert_msg(strstr(r.body, "mentors_bank_2025.csv is already uploaded"), "%s", r.body);
    free(r.body);
    r = req(&c, "POST", path, NULL, renamed, true);
    ck_assert_int_eq(r.status, 409);
    ck_assert_msg(strstr(r.body, "kopiya.csv is already uploaded (as mentors_bank_2025.csv)"),
                  "%s", r.body);
    free(r.body);
    r = req(&c, "GET", path, NULL, NULL, false);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "mentors_bank_2025.csv"));
    ck_assert_ptr_null(strstr(strstr(r.body, "mentors_bank_2025.csv") + 1, "mentors_bank_2025"));
    ck_assert_ptr_null(strstr(r.body, "kopiya"));
    free(r.body);
    unlink(copy);
}
END_TEST

START_TEST(upload_neither_csv_nor_xlsx_gets_415)
{
    client c = login("school1", pw_school1);
    char path[64], png[600];
    long id = new_programme(&c);
    snprintf(png, sizeof png, "%s/picture.csv", dir); /* the name does not matter: the bytes do */
    FILE *f = fopen(png, "wb");
    fwrite("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 1, 16, f);
    fclose(f);
    const char *files[] = {png, NULL};
    snprintf(path, sizeof path, "/api/programmes/%ld/files", id);
    reply r = req(&c, "POST", path, NULL, files, true);
    ck_assert_int_eq(r.status, 415);
    free(r.body);
    unlink(png);
}
END_TEST

START_TEST(upload_of_a_pdf_that_begins_as_text_gets_415)
{
    client c = login("school1", pw_school1);
    char path[64], pdf[600];
    long id = new_programme(&c);
    snprintf(pdf, sizeof pdf, "%s/report.csv", dir); /* a PDF saved under a CSV's name */
    FILE *f = fopen(pdf, "wb");
    fputs("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", f);
    fclose(f);
    const char *files[] = {pdf, NULL};
    snprintf(path, sizeof path, "/api/programmes/%ld/files", id);
    reply r = req(&c, "POST", path, NULL, files, true);
    ck_assert_int_eq(r.status, 415);
    free(r.body);
    snprintf(path, sizeof path, "/api/programmes/%ld/files", id);
    r = req(&c, "GET", path, NULL, NULL, false);
    ck_assert_int_eq(r.status, 200);
    ck_assert_str_eq(r.body, "[]"); /* nothing kept */
    free(r.body);
    unlink(pdf);
}
END_TEST

/* A file of the test's directory with these bytes; its path. */
static const char *bytes_file(const char *name, const void *data, size_t n)
{
    static char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static const char *upload_refusal_of(const char *name, const void *data, size_t n)
{
    const char *path = bytes_file(name, data, n);
    const char *why = ms_upload_refusal(path, name, data, n < 512 ? n : 512);
    unlink(path);
    return why;
}

static const char *zip_with(const char *entry)
{
    static char path[600];
    snprintf(path, sizeof path, "%s/made.zip", dir);
    int err = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    ck_assert_ptr_nonnull(z);
    zip_source_t *src = zip_source_buffer(z, "<x/>", 4, 0);
    ck_assert_int_ge(zip_file_add(z, entry, src, 0), 0);
    ck_assert_int_eq(zip_close(z), 0);
    return path;
}

/* Issue 26: a .txt was taken as CSV whatever it held.  What a school means:
 * Excel's «Text (tab delimited)» save is a .txt and is its answers; a note
 * is not; a Word document, an .xls, Excel's «Unicode text» are refused
 * saying what they are.  Text named .csv is taken as the table it says it
 * is (the library answers at its cell). */
START_TEST(upload_kind_is_told_by_bytes_and_for_text_by_name_and_columns)
{
    static const char tsv[] = "Отметка времени\tКод\tОценка\n10.04.2025 10:43\tМ-1\t7\n"
                              "11.04.2025 11:00\tМ-2\t9\n";
    static const char semi[] = "a;b;c\n1;2;3\n4;5;6";
    static const char note[] = "Добрый день, коллеги!\nОтправляю ответы анкеты наставников.\n"
                               "Результаты обсудим в пятницу, после уроков.\nС уважением, завуч\n";
    ck_assert_ptr_null(upload_refusal_of("ответы.txt", tsv, sizeof tsv - 1));
    ck_assert_ptr_null(upload_refusal_of("answers", semi, sizeof semi - 1));
    ck_assert_ptr_null(upload_refusal_of("записка.csv", note, sizeof note - 1));
    ck_assert_str_eq(upload_refusal_of("записка.txt", note, sizeof note - 1),
                     "text whose lines do not split into the same columns");
    ck_assert_str_eq(upload_refusal_of("ответы.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0", 10),
                     "an Excel 97-2003 .xls or an old Word file");
    ck_assert_str_eq(upload_refusal_of("ответы.txt", "\xFF\xFE" "a\0;\0b\0", 8),
                     "text in UTF-16 (Excel's Unicode text)");
    const char *docx = zip_with("word/document.xml");
    unsigned char head[4] = "PK\3\4";
    ck_assert_str_eq(ms_upload_refusal(docx, "ответы.xlsx", head, 4),
                     "a zip archive without an Excel workbook (a Word document or an .ods?)");
    const char *xlsx = zip_with("xl/workbook.xml");
    ck_assert_ptr_null(ms_upload_refusal(xlsx, "ответы.xlsx", head, 4));
    unlink(xlsx);
    ck_assert_ptr_null(ms_upload_refusal(MS_SOURCE_DIR "/tests/real/data/ru_forms_flares_2018.xlsx",
                                         "Форма.xlsx", head, 4)); /* Google Forms' own */
}
END_TEST

/* A real .xlsx cut in half (a download that stopped) is a damaged workbook,
 * not «a zip without a workbook: a Word document?»; through the API too. */
START_TEST(truncated_xlsx_is_said_to_be_damaged)
{
    FILE *f = fopen(MS_SOURCE_DIR "/tests/real/data/ru_forms_flares_2018.xlsx", "rb");
    ck_assert_ptr_nonnull(f);
    static char whole[1 << 20];
    size_t n = fread(whole, 1, sizeof whole, f);
    fclose(f);
    ck_assert_uint_gt(n, 1000);
    ck_assert_str_eq(upload_refusal_of("Форма.xlsx", whole, n / 2), MS_UPLOAD_DAMAGED);
    client c = login("school1", pw_school1);
    char path[64];
    long id = new_programme(&c);
    snprintf(path, sizeof path, "/api/programmes/%ld/files", id);
    const char *files[] = {bytes_file("Форма.xlsx", whole, n / 2), NULL};
    reply r = req(&c, "POST", path, NULL, files, true);
    unlink(files[0]);
    ck_assert_int_eq(r.status, 415);
    ck_assert_msg(strstr(r.body, "Форма.xlsx is a damaged .xlsx workbook"), "%s", r.body);
    ck_assert_ptr_null(strstr(r.body, "Word"));
    free(r.body);
}
END_TEST

/* The same through the API: the .txt export is kept, the note gets 415
 * naming the file and why, and nothing of it is kept. */
START_TEST(uploaded_txt_is_kept_when_a_table_and_refused_when_a_note)
{
    client c = login("school1", pw_school1);
    char path[64];
    long id = new_programme(&c);
    snprintf(path, sizeof path, "/api/programmes/%ld/files", id);
    static const char note[] = "Добрый день, коллеги!\nОтправляю ответы анкеты наставников.\n"
                               "Результаты обсудим в пятницу, после уроков.\n";
    const char *files[] = {bytes_file("записка.txt", note, sizeof note - 1), NULL};
    reply r = req(&c, "POST", path, NULL, files, true);
    ck_assert_int_eq(r.status, 415);
    ck_assert_msg(strstr(r.body, "записка.txt is neither a CSV file nor an .xlsx workbook: text "
                                 "whose lines do not split into the same columns"),
                  "%s", r.body);
    free(r.body);
    unlink(files[0]);
    static const char tsv[] = "Отметка времени\tКод\tОценка\n10.04.2025 10:43\tМ-1\t7\n"
                              "11.04.2025 11:00\tМ-2\t9\n";
    files[0] = bytes_file("ответы.txt", tsv, sizeof tsv - 1);
    r = req(&c, "POST", path, NULL, files, true);
    ck_assert_msg(r.status == 201, "%ld %s", r.status, r.body);
    free(r.body);
    unlink(files[0]);
    r = req(&c, "GET", path, NULL, NULL, false);
    ck_assert_msg(strstr(r.body, "ответы.txt") && !strstr(r.body, "записка"), "%s", r.body);
    free(r.body);
}
END_TEST

/* Issue 26: a programme for 2026/27 drafted from the example's exports
 * (newest answers 2024/25) gave a report headed «2027 год» and no word of
 * it.  The programme's JSON gives the answers' school year beside its own,
 * and its page says so where the files are and where the report is; a
 * programme of the answers' year says nothing. */
START_TEST(answers_of_another_school_year_than_the_programme_are_said_so)
{
    client c = login("school1", pw_school1);
    char path[64];
    reply r = req(&c, "POST", "/api/programmes", "{\"year\":2027,\"title\":\"год\"}", NULL, true);
    ck_assert_int_eq(r.status, 201);
    long id = json_num(r.body, "id");
    free(r.body);
    snprintf(path, sizeof path, "/api/programmes/%ld/files", id);
    r = req(&c, "POST", path, NULL, example_files(), true);
    ck_assert_int_eq(r.status, 201);
    free(r.body);
    snprintf(path, sizeof path, "/api/programmes/%ld/init", id);
    r = req(&c, "POST", path, NULL, NULL, true);
    ck_assert_int_eq(r.status, 200);
    free(r.body);
    snprintf(path, sizeof path, "/api/programmes/%ld", id);
    r = req(&c, "GET", path, NULL, NULL, false);
    ck_assert_int_eq(json_num(r.body, "year"), 2027);
    ck_assert_int_eq(json_num(r.body, "data_year"), 2025);
    free(r.body);
    snprintf(path, sizeof path, "/programmes/%ld", id);
    r = req(&c, "GET", path, NULL, NULL, false);
    const char *warn = "Самые новые ответы в выгрузках — за 2024/25 учебный год, а программа — "
                       "за 2026/27";
    const char *first = strstr(r.body, warn);
    ck_assert_msg(first && strstr(first + 1, warn), "the warning, twice, in %s", r.body);
    free(r.body);
    long same = drafted_programme(&c); /* 2025, the answers' year */
    snprintf(path, sizeof path, "/programmes/%ld", same);
    r = req(&c, "GET", path, NULL, NULL, false);
    ck_assert_ptr_null(strstr(r.body, "Самые новые ответы"));
    free(r.body);
}
END_TEST

START_TEST(dot_dot_and_encoded_dot_dot_get_404)
{
    client c = login("school1", pw_school1);
    long id = new_programme(&c);
    char path[256];
    const char *tails[] = {"report/../../../mentorstat.db", "report/%2e%2e/%2e%2e/mentorstat.db",
                           "report/%2E%2E/files", "internal/..%2f..%2fmentorstat.db",
                           "report/.hidden", "report/..", "report/"};
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        snprintf(path, sizeof path, "/programmes/%ld/%s", id, tails[i]);
        ck_assert_msg(status_of(&c, "GET", path, NULL) == 404, "%s", path);
    }
    ck_assert_int_eq(status_of(&c, "GET", "/territory/2025/report/%2e%2e/x", NULL), 404);
}
END_TEST

START_TEST(codebook_error_comes_back_at_its_cell)
{
    client c = login("school1", pw_school1);
    long id = drafted_programme(&c);
    char path[128];
    snprintf(path, sizeof path, "/api/programmes/%ld/questionnaires/mentors_bank", id);
    /* row 0 is a scale with an impossible range */
    reply r = req(&c, "PUT", path,
                  "{\"columns\":[{\"name\":\"q\",\"type\":\"scale\",\"source\":\"Q\","
                  "\"min\":\"abc\",\"max\":\"5\"}]}", NULL, true);
    ck_assert_int_eq(r.status, 422);
    ck_assert_ptr_nonnull(strstr(r.body, "\"row\":0"));
    ck_assert_ptr_nonnull(strstr(r.body, "\"field\":\"min\""));
    free(r.body);
    r = req(&c, "PUT", path, "{\"columns\":[{\"name\":7}]}", NULL, true);
    ck_assert_int_eq(r.status, 400);
    ck_assert_ptr_nonnull(strstr(r.body, "\"field\":\"columns[0].name\""));
    free(r.body);
    r = req(&c, "PUT", path, "{\"role\":\"boss\",\"columns\":[]}", NULL, true);
    ck_assert_int_eq(r.status, 400);
    free(r.body);
}
END_TEST

/* ---------- a school's path and the access rules ---------- */

START_TEST(second_school_gets_404_on_everything_of_the_first)
{
    client a = login("school1", pw_school1), b = login("school2", pw_school2);
    long id = drafted_programme(&a);
    long job = build_as(&a, id, "matching"); /* the report and the pairing */
    char p[40][128];
    int n = 0;
    const char *gets[] = {"/api/programmes/%ld", "/api/programmes/%ld/files",
                          "/api/programmes/%ld/questionnaires",
                          "/api/programmes/%ld/questionnaires/mentors_bank",
                          "/api/programmes/%ld/check", "/programmes/%ld/report/index.html",
                          "/programmes/%ld/report/spravka.docx", "/programmes/%ld/report.zip",
                          "/programmes/%ld/internal/match.html", "/programmes/%ld"};
    for (size_t i = 0; i < sizeof gets / sizeof *gets; i++)
        snprintf(p[n++], sizeof p[0], gets[i], id);
    for (int i = 0; i < n; i++)
        ck_assert_msg(status_of(&a, "GET", p[i], NULL) == 200, "owner %s", p[i]);
    for (int i = 0; i < n; i++) {
        /* a link (not /api/) gets the page in the reader's language, not JSON */
        reply r = req(&b, "GET", p[i], NULL, NULL, false);
        ck_assert_msg(r.status == 404, "second school %s: %ld", p[i], r.status);
        ck_assert_msg(strncmp(p[i], "/api/", 5) ? strstr(r.body, "не вашей организации") != NULL
                                                : strstr(r.body, "\"error\"") != NULL,
                      "second school %s: %s", p[i], r.body);
        free(r.body);
    }
    snprintf(p[0], sizeof p[0], "/api/jobs/%ld", job);
    ck_assert_int_eq(status_of(&b, "GET", p[0], NULL), 404);
    const char *posts[] = {"/api/programmes/%ld/init", "/api/programmes/%ld/report",
                           "/api/programmes/%ld/submit"};
    for (size_t i = 0; i < sizeof posts / sizeof *posts; i++) {
        snprintf(p[0], sizeof p[0], posts[i], id);
        ck_assert_msg(status_of(&b, "POST", p[0], NULL) == 404, "%s", p[0]);
    }
    snprintf(p[0], sizeof p[0], "/api/programmes/%ld/questionnaires/mentors_bank", id);
    ck_assert_int_eq(status_of(&b, "PUT", p[0], "{\"columns\":[]}"), 404);
    snprintf(p[0], sizeof p[0], "/api/programmes/%ld/files", id);
    reply r = req(&b, "POST", p[0], NULL, example_files(), true);
    ck_assert_int_eq(r.status, 404);
    free(r.body);
    /* and its list of programmes does not hold the first's */
    r = req(&b, "GET", "/api/programmes", NULL, NULL, false);
    ck_assert_str_eq(r.body, "[]");
    free(r.body);
}
END_TEST

START_TEST(report_page_is_sandboxed_and_zip_holds_the_deliverables)
{
    client a = login("school1", pw_school1);
    long id = drafted_programme(&a);
    build(&a, id);
    char path[128];
    snprintf(path, sizeof path, "/programmes/%ld/report/index.html", id);
    reply r = req(&a, "GET", path, NULL, NULL, false);
    ck_assert_int_eq(r.status, 200);
    /* same-origin (the frame's requests carry the session after Back) but
     * never scripts: nothing in the report can run */
    ck_assert_ptr_nonnull(strstr(r.headers, "Content-Security-Policy: sandbox allow-same-origin"));
    ck_assert_ptr_null(strstr(r.headers, "allow-scripts"));
    ck_assert_ptr_nonnull(strstr(r.headers, "default-src 'none'"));
    ck_assert_ptr_nonnull(strstr(r.headers, "X-Content-Type-Options: nosniff"));
    ck_assert_ptr_nonnull(strstr(r.body, "<h1>"));
    ck_assert_ptr_null(strstr(r.body, "<script"));
    free(r.body);
    snprintf(path, sizeof path, "/programmes/%ld", id);
    r = req(&a, "GET", path, NULL, NULL, false);
    const char *frame = strstr(r.body, "<iframe id=\"report-frame\"");
    ck_assert_ptr_nonnull(frame);
    const char *sb = strstr(frame, "sandbox=\"");
    ck_assert_ptr_nonnull(sb);
    ck_assert_int_eq(strncmp(sb, "sandbox=\"allow-same-origin ", 26), 0);
    ck_assert_ptr_null(memmem(sb, strcspn(sb + 9, "\"") + 9, "allow-scripts", 13));
    free(r.body);
    /* the kopilka link only when the collection has a candidate */
    snprintf(path, sizeof path, "/programmes/%ld/report/kopilka.csv", id);
    r = req(&a, "GET", path, NULL, NULL, false);
    ck_assert_int_eq(r.status, 200);
    const char *nl = strchr(r.body, '\n');
    bool candidates = nl && nl[1];
    free(r.body);
    snprintf(path, sizeof path, "/programmes/%ld", id);
    r = req(&a, "GET", path, NULL, NULL, false);
    ck_assert_ptr_nonnull(strstr(r.body, candidates ? "<li id=\"kopilka-link\"><a"
                                                    : "<li id=\"kopilka-link\" hidden>"));
    free(r.body);
    char csv[600];
    snprintf(csv, sizeof csv, "%s/p/%ld/report/kopilka.csv", dir, id);
    FILE *k = fopen(csv, "w"); /* as the report writes it without candidates: the header */
    fputs("Тип,Практика,Ответов\r\n", k);
    fclose(k);
    r = req(&a, "GET", path, NULL, NULL, false);
    ck_assert_ptr_nonnull(strstr(r.body, "<li id=\"kopilka-link\" hidden>"));
    free(r.body);
    /* a NUL does not end the path early: index.html%00.png is no file */
    snprintf(path, sizeof path, "/programmes/%ld/report/index.html%%00.png", id);
    ck_assert_int_eq(status_of(&a, "GET", path, NULL), 404);
    snprintf(path, sizeof path, "/programmes/%ld/report/index.html%%00", id);
    ck_assert_int_eq(status_of(&a, "GET", path, NULL), 404);
    snprintf(path, sizeof path, "/programmes/%ld/report.zip", id);
    r = req(&a, "GET", path, NULL, NULL, false);
    ck_assert_int_eq(r.status, 200);
    ck_assert_int_eq(memcmp(r.body, "PK\3\4", 4), 0);
    ck_assert_ptr_nonnull(memmem(r.body, r.len, "spravka.docx", 12));
    ck_assert_ptr_nonnull(memmem(r.body, r.len, "index.html", 10));
    free(r.body);
}
END_TEST

/* A questionnaire saved after the build leaves the report out of date (the
 * store says so, the page shows it) until it is built again. */
START_TEST(report_is_out_of_date_after_a_save_until_built_again)
{
    client a = login("school1", pw_school1);
    long id = drafted_programme(&a);
    char path[128];
    snprintf(path, sizeof path, "/api/programmes/%ld", id);
    reply r = req(&a, "GET", path, NULL, NULL, false);
    ck_assert_msg(strstr(r.body, "\"report\":false,\"report_stale\":false"), "%s", r.body);
    free(r.body);
    build(&a, id);
    r = req(&a, "GET", path, NULL, NULL, false);
    ck_assert_msg(strstr(r.body, "\"report\":true,\"report_stale\":false"), "%s", r.body);
    free(r.body);
    snprintf(path, sizeof path, "/api/programmes/%ld/questionnaires/mentors_bank", id);
    reply q = req(&a, "GET", path, NULL, NULL, false);
    r = req(&a, "PUT", path, q.body, NULL, true);
    ck_assert_int_eq(r.status, 200);
    free(r.body);
    free(q.body);
    snprintf(path, sizeof path, "/api/programmes/%ld", id);
    r = req(&a, "GET", path, NULL, NULL, false);
    ck_assert_msg(strstr(r.body, "\"report\":true,\"report_stale\":true"), "%s", r.body);
    free(r.body);
    snprintf(path, sizeof path, "/programmes/%ld", id);
    r = req(&a, "GET", path, NULL, NULL, false);
    ck_assert_msg(strstr(r.body, "<p id=\"stale\" class=\"warn\" role=\"note\">"), "%s", r.body);
    free(r.body);
    build(&a, id);
    snprintf(path, sizeof path, "/api/programmes/%ld", id);
    r = req(&a, "GET", path, NULL, NULL, false);
    ck_assert_msg(strstr(r.body, "\"report_stale\":false"), "%s", r.body);
    free(r.body);
}
END_TEST

START_TEST(office_sees_summaries_but_never_raw_files_and_builds_the_territory)
{
    client a = login("school1", pw_school1), b = login("school2", pw_school2);
    client o = login("office", pw_office);
    long ia = drafted_programme(&a), ib = drafted_programme(&b);
    char path[128];
    snprintf(path, sizeof path, "/api/programmes/%ld/submit", ia);
    ck_assert_int_eq(status_of(&a, "POST", path, NULL), 200);
    snprintf(path, sizeof path, "/api/programmes/%ld/submit", ib);
    ck_assert_int_eq(status_of(&b, "POST", path, NULL), 200);
    const char *raw[] = {"/api/programmes/%ld", "/api/programmes/%ld/files",
                         "/api/programmes/%ld/questionnaires/mentors_bank",
                         "/api/programmes/%ld/check", "/programmes/%ld/report/index.html",
                         "/programmes/%ld/report.zip", "/programmes/%ld/internal/match.html"};
    for (size_t i = 0; i < sizeof raw / sizeof *raw; i++) {
        snprintf(path, sizeof path, raw[i], ia);
        ck_assert_msg(status_of(&o, "GET", path, NULL) == 404, "office %s", path);
    }
    reply r = req(&o, "GET", "/api/territory", NULL, NULL, false);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "МБОУ СОШ № 1"));
    ck_assert_ptr_nonnull(strstr(r.body, "МБОУ Гимназия № 2"));
    free(r.body);
    /* each year's button says its year to a screen reader */
    r = req(&o, "GET", "/", NULL, NULL, false);
    ck_assert_msg(strstr(r.body, "aria-label=\"Построить отчёт по территории за 2024/25\""), "%s",
                  r.body);
    free(r.body);
    /* a school has no territory */
    ck_assert_int_eq(status_of(&a, "GET", "/api/territory", NULL), 404);
    ck_assert_int_eq(status_of(&a, "GET", "/territory/2025/report/index.html", NULL), 404);
    r = req(&o, "POST", "/api/territory/report", "{\"year\":2025}", NULL, true);
    ck_assert_int_eq(r.status, 202);
    long job = json_num(r.body, "id");
    free(r.body);
    r = wait_job(&o, job);
    ck_assert_msg(strstr(r.body, "\"state\":\"done\""), "%s", r.body);
    free(r.body);
    r = req(&o, "GET", "/territory/2025/internal/index.html", NULL, NULL, false);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_nonnull(strstr(r.body, "Гимназия № 2"));
    /* the office's copy says it is not for publishing (one build, as `report`) */
    ck_assert_msg(strstr(r.body, "Внутренний экземпляр управления"), "no banner: %.300s", r.body);
    free(r.body);
    r = req(&o, "GET", "/territory/2025/report/index.html", NULL, NULL, false);
    ck_assert_int_eq(r.status, 200);
    ck_assert_ptr_null(strstr(r.body, "Гимназия № 2")); /* published: О1, О2 */
    free(r.body);
    snprintf(path, sizeof path, "/api/jobs/%ld", job);
    ck_assert_int_eq(status_of(&a, "GET", path, NULL), 404);
}
END_TEST

/* One school ticks «обратный» on a question, the other not: the office's
 * build is refused in Russian, naming the question by its words, both
 * schools and what to ask of which (not the library's file:line:col). */
START_TEST(territory_refusal_names_the_question_and_the_schools_that_differ)
{
    client a = login("school1", pw_school1), b = login("school2", pw_school2);
    client o = login("office", pw_office);
    long ia = drafted_programme(&a), ib = drafted_programme(&b);
    char path[128], label[256];
    snprintf(path, sizeof path, "/api/programmes/%ld/questionnaires/mentees_satisfaction", ib);
    reply q = req(&b, "GET", path, NULL, NULL, false);
    ck_assert_int_eq(q.status, 200);
    char *scale = strstr(q.body, "\"type\":\"scale\"");
    ck_assert_ptr_nonnull(scale);
    char *rev = strstr(scale, "\"reverse\":\"\"");
    ck_assert_ptr_nonnull(rev);
    json_str(scale, "label", label, sizeof label);
    ck_assert_uint_gt(strlen(label), 0);
    char *put = malloc(q.len + 8);
    snprintf(put, q.len + 8, "%.*s\"reverse\":\"1\"%s", (int)(rev - q.body), q.body,
             rev + strlen("\"reverse\":\"\""));
    reply r = req(&b, "PUT", path, put, NULL, true);
    ck_assert_msg(r.status == 200, "%ld %s", r.status, r.body);
    free(r.body);
    free(put);
    free(q.body);
    snprintf(path, sizeof path, "/api/programmes/%ld/submit", ia);
    ck_assert_int_eq(status_of(&a, "POST", path, NULL), 200);
    snprintf(path, sizeof path, "/api/programmes/%ld/submit", ib);
    ck_assert_int_eq(status_of(&b, "POST", path, NULL), 200);
    r = req(&o, "POST", "/api/territory/report", "{\"year\":2025}", NULL, true);
    ck_assert_int_eq(r.status, 202);
    long job = json_num(r.body, "id");
    free(r.body);
    r = wait_job(&o, job);
    ck_assert_msg(strstr(r.body, "\"state\":\"failed\""), "%s", r.body);
    ck_assert_msg(strstr(r.body, label), "no label «%s»: %s", label, r.body);
    ck_assert_msg(strstr(r.body, "МБОУ СОШ № 1") && strstr(r.body, "МБОУ Гимназия № 2"), "%s",
                  r.body);
    ck_assert_msg(strstr(r.body, "в «МБОУ Гимназия № 2» он отмечен как обратный"), "%s", r.body);
    ck_assert_msg(strstr(r.body, "Попросите"), "%s", r.body);
    ck_assert_msg(!strstr(r.body, "differs") && !strstr(r.body, ".msum"), "%s", r.body);
    free(r.body);
}
END_TEST

static Suite *server_suite(void)
{
    Suite *s = suite_create("server");
    TCase *st = tcase_create("store");
    tcase_add_unchecked_fixture(st, make_dir, remove_dir);
    tcase_add_test(st, store_refuses_a_second_account_with_the_same_login);
    tcase_add_test(st, store_keeps_only_an_argon2id_hash_and_verifies_it);
    tcase_add_test(st, store_finds_a_programme_only_with_its_organisation);
    tcase_add_test(st, store_marks_jobs_left_running_as_failed);
    tcase_add_test(st, store_session_ends_at_its_expiry);
    suite_add_tcase(s, st);
    TCase *h = tcase_create("handlers");
    tcase_add_unchecked_fixture(h, make_dir, remove_dir);
    tcase_add_checked_fixture(h, start, stop);
    tcase_set_timeout(h, 240);
    tcase_add_test(h, health_answers_without_a_session);
    tcase_add_test(h, no_session_gets_401);
    tcase_add_test(h, login_sets_an_httponly_samesite_strict_cookie);
    tcase_add_test(h, wrong_password_gets_401_and_the_sixth_try_429);
    tcase_add_test(h, state_change_without_csrf_gets_403);
    tcase_add_test(h, malformed_json_gets_400_naming_the_field);
    tcase_add_test(h, logout_ends_the_session);
    tcase_add_test(h, every_reply_carries_the_security_headers);
    tcase_add_test(h, upload_over_the_limit_gets_413_and_the_server_serves_on);
    tcase_add_test(h, the_same_bytes_uploaded_again_are_kept_once_and_said_so);
    tcase_add_test(h, upload_neither_csv_nor_xlsx_gets_415);
    tcase_add_test(h, upload_of_a_pdf_that_begins_as_text_gets_415);
    tcase_add_test(h, upload_kind_is_told_by_bytes_and_for_text_by_name_and_columns);
    tcase_add_test(h, truncated_xlsx_is_said_to_be_damaged);
    tcase_add_test(h, uploaded_txt_is_kept_when_a_table_and_refused_when_a_note);
    tcase_add_test(h, answers_of_another_school_year_than_the_programme_are_said_so);
    tcase_add_test(h, dot_dot_and_encoded_dot_dot_get_404);
    tcase_add_test(h, codebook_error_comes_back_at_its_cell);
    tcase_add_test(h, second_school_gets_404_on_everything_of_the_first);
    tcase_add_test(h, report_page_is_sandboxed_and_zip_holds_the_deliverables);
    tcase_add_test(h, report_is_out_of_date_after_a_save_until_built_again);
    tcase_add_test(h, office_sees_summaries_but_never_raw_files_and_builds_the_territory);
    tcase_add_test(h, territory_refusal_names_the_question_and_the_schools_that_differ);
    suite_add_tcase(s, h);
    return s;
}

int main(void)
{
    ms_library_init();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    SRunner *sr = srunner_create(server_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    curl_global_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
