/*
 * serve.c — `mentorstat serve --data DIR [--listen HOST:PORT]`: the HTTP
 * side (libmicrohttpd, a pool of 8 epoll threads: a slow client or an
 * upload is served a chunk at a time and holds up no other; builds run on
 * work.c's threads, and the longest a request itself works is `init` on
 * the uploaded exports), the request's body (JSON up to 1 MB, or
 * multipart uploads streamed to DIR/tmp and checked as they come), the
 * headers every reply carries, one log line per request and a clean stop
 * on SIGTERM or SIGINT.  What a request does is api.c and page.c.
 */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mentorstat/status.h"

enum { MAX_JSON = 1 << 20, MAX_FILES = 256 };

#define PAGE_CSP                                                                            \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "       \
    "connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; "          \
    "frame-ancestors 'none'"

typedef struct {
    ms_server *srv;
    struct timespec start;
    char method[8];
    char url[256];
    int status;
    /* JSON body */
    char *body;
    size_t len;
    bool too_big;
    /* multipart upload */
    struct MHD_PostProcessor *pp;
    ms_upload up;
    int fd;
    char tmp[1200];
    char shown[256];
    unsigned long long got;
    unsigned char head[512];
    size_t head_len;
    char tmps[MAX_FILES][1200];
    char names[MAX_FILES][256];
    size_t n_tmps;
    int64_t programme;
    ms_session session;
    bool has_session;
} conn;

char *ms_xasprintf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    va_end(ap);
    return s;
}

static double since_ms(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* ---------- session from the cookie ---------- */

static bool find_session(ms_server *srv, struct MHD_Connection *c, ms_session *out)
{
    const char *tok = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "ms_session");
    char h[65];
    if (!tok || strlen(tok) != 64)
        return false;
    ms_auth_token_hash(tok, h);
    return ms_store_session_get(srv->store, h, ms_now(), out) == 0;
}

/* ---------- uploads ---------- */

static void upload_fail(conn *cx, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void upload_fail(conn *cx, int status, const char *fmt, ...)
{
    if (cx->up.status)
        return;
    cx->up.status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cx->up.error, sizeof cx->up.error, fmt, ap);
    va_end(ap);
}

static void close_part(conn *cx)
{
    if (cx->fd < 0)
        return;
    close(cx->fd);
    cx->fd = -1;
    const char *why = cx->up.status ? NULL
                                    : ms_upload_refusal(cx->tmp, cx->shown, cx->head, cx->head_len);
    if (why && !strcmp(why, MS_UPLOAD_DAMAGED))
        upload_fail(cx, 415, "%s is a damaged .xlsx workbook (cut short?): save or download it "
                    "again", cx->shown);
    else if (why)
        upload_fail(cx, 415, "%s is neither a CSV file nor an .xlsx workbook: %s", cx->shown, why);
    if (cx->up.status) {
        unlink(cx->tmp);
        return;
    }
    snprintf(cx->tmps[cx->n_tmps], sizeof cx->tmps[0], "%s", cx->tmp);
    snprintf(cx->names[cx->n_tmps], sizeof cx->names[0], "%s", cx->shown);
    cx->n_tmps++;
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    conn *cx = cls;
    ms_server *srv = cx->srv;
    (void)kind, (void)content_type, (void)transfer_encoding;
    if (strcmp(key, "file") || !filename)
        return MHD_YES;
    if (off == 0) {
        close_part(cx);
        if (cx->n_tmps >= MAX_FILES - 1) {
            upload_fail(cx, 413, "at most %d files at once", MAX_FILES - 2);
            return MHD_YES;
        }
        snprintf(cx->shown, sizeof cx->shown, "%s", filename);
        snprintf(cx->tmp, sizeof cx->tmp, "%s/tmp/upload-XXXXXX", srv->dir);
        cx->fd = mkstemp(cx->tmp);
        cx->got = 0;
        cx->head_len = 0;
        if (cx->fd < 0)
            upload_fail(cx, 500, "cannot store the upload: %s", strerror(errno));
    }
    if (cx->up.status || cx->fd < 0)
        return MHD_YES;
    cx->got += size;
    if (cx->got > srv->max_file) {
        upload_fail(cx, 413, "%s is larger than %llu MB, the limit of one file", cx->shown,
                    srv->max_file >> 20);
        return MHD_YES;
    }
    size_t h = sizeof cx->head - cx->head_len < size ? sizeof cx->head - cx->head_len : size;
    memcpy(cx->head + cx->head_len, data, h);
    cx->head_len += h;
    if (write(cx->fd, data, size) != (ssize_t)size)
        upload_fail(cx, 500, "cannot store the upload: %s", strerror(errno));
    return MHD_YES;
}

/* The upload's name reduced to ASCII letters and digits, Cyrillic letters,
 * '_' and '-' (at most 60 bytes): what init reads a role from, and nothing
 * a shell or a path could take for syntax. */
static void safe_word(const char *shown, char *out, size_t size)
{
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)shown;
    const unsigned char *dot = (const unsigned char *)strrchr(shown, '.');
    for (; *s && s != dot && o + 3 < size && o < 60; s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
            *s == '_' || *s == '-')
            out[o++] = (char)*s;
        else if ((*s == 0xd0 || *s == 0xd1) && s[1] >= 0x80 && s[1] <= 0xbf) {
            out[o++] = (char)s[0];
            out[o++] = (char)s[1];
            s++;
        } else if (o && out[o - 1] != '_')
            out[o++] = '_';
    }
    out[o] = 0;
}

/* Files in place: DIR/p/ID/files/fN-WORD.csv|.xlsx, one row each. */
typedef struct {
    const char *dir, *tmp;
    long long size;
    char shown[200];
} same_file;

static bool same_bytes(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    bool same = fa && fb;
    char x[8192], y[8192];
    size_t n;
    while (same && (n = fread(x, 1, sizeof x, fa)) > 0)
        same = fread(y, 1, n, fb) == n && !memcmp(x, y, n);
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}

static void compare_stored(int64_t id, const char *shown, const char *stored, long long size,
                           void *ctx)
{
    same_file *f = ctx;
    char path[1600];
    (void)id;
    if (f->shown[0] || size != f->size || !*stored)
        return;
    snprintf(path, sizeof path, "%s/%s", f->dir, stored);
    if (same_bytes(f->tmp, path))
        snprintf(f->shown, sizeof f->shown, "%s", shown);
}

/* An upload whose bytes are a file of the programme already (the same
 * export chosen twice, under any name) is not kept twice: said instead. */
static bool already_uploaded(ms_server *srv, conn *cx, const char *dir, size_t i,
                             long long size)
{
    same_file f = {dir, cx->tmps[i], size, ""};
    ms_store_file_list(srv->store, cx->programme, compare_stored, &f);
    if (!f.shown[0])
        return false;
    if (!cx->up.n_same++)
        snprintf(cx->up.same, sizeof cx->up.same, "%s is already uploaded (as %s)",
                 cx->names[i], f.shown);
    unlink(cx->tmps[i]);
    return true;
}

static void finish_upload(ms_server *srv, conn *cx)
{
    close_part(cx);
    char dir[1300];
    ms_work_paths(srv, cx->programme, "", dir, sizeof dir);
    mkdir(dir, 0750);
    ms_work_paths(srv, cx->programme, "files", dir, sizeof dir);
    mkdir(dir, 0750);
    for (size_t i = 0; i < cx->n_tmps; i++) {
        if (cx->up.status) {
            unlink(cx->tmps[i]);
            continue;
        }
        char word[128], stored[200], path[1600];
        unsigned char b[4] = {0};
        int fd = open(cx->tmps[i], O_RDONLY);
        bool xlsx = fd >= 0 && read(fd, b, 4) == 4 && !memcmp(b, "PK\3\4", 4);
        if (fd >= 0)
            close(fd);
        struct stat st;
        stat(cx->tmps[i], &st);
        if (already_uploaded(srv, cx, dir, i, (long long)st.st_size))
            continue;
        safe_word(cx->names[i], word, sizeof word);
        int64_t id = ms_store_file_add(srv->store, cx->programme, cx->names[i], "",
                                       (long long)st.st_size);
        snprintf(stored, sizeof stored, "f%lld%s%s.%s", (long long)id, *word ? "-" : "", word,
                 xlsx ? "xlsx" : "csv");
        snprintf(path, sizeof path, "%s/%s", dir, stored);
        if (id <= 0 || rename(cx->tmps[i], path) != 0) {
            upload_fail(cx, 500, "cannot store the upload");
            unlink(cx->tmps[i]);
            continue;
        }
        /* the stored name is the server's */
        pthread_mutex_lock(&srv->store->lock);
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(srv->store->db, "UPDATE files SET stored = ? WHERE id = ?", -1, &q,
                               NULL) == SQLITE_OK) {
            sqlite3_bind_text(q, 1, stored, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(q, 2, id);
            sqlite3_step(q);
        }
        sqlite3_finalize(q);
        pthread_mutex_unlock(&srv->store->lock);
        cx->up.ids[cx->up.n_files++] = id;
    }
    cx->n_tmps = 0;
}

/* ---------- replies ---------- */

static enum MHD_Result send_reply(ms_server *srv, struct MHD_Connection *c, conn *cx, ms_reply *rp)
{
    struct MHD_Response *r = NULL;
    if (rp->file) {
        int fd = open(rp->file, O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
        } else {
            bool busy = fd < 0 && (errno == EMFILE || errno == ENFILE);
            if (fd >= 0)
                close(fd);
            free(rp->body);
            rp->body = NULL;
            if (busy) { /* out of file descriptors: a moment, not a missing file */
                ms_reply_error(rp, 503, NULL, "server busy, try again");
                rp->retry_after = 1;
            } else
                ms_reply_error(rp, 404, NULL, "no such file");
        }
        free(rp->file);
        rp->file = NULL;
    }
    if (!r) {
        if (!rp->body)
            ms_reply_error(rp, rp->status ? rp->status : 500, NULL, "internal error");
        r = MHD_create_response_from_buffer(rp->len, rp->body, MHD_RESPMEM_MUST_FREE);
        rp->body = NULL;
    }
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", rp->type ? rp->type : "application/json");
    MHD_add_response_header(r, "Content-Security-Policy", rp->csp ? rp->csp : PAGE_CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", rp->csp ? "SAMEORIGIN" : "DENY");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (srv->tls)
        MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
    if (rp->cookie[0])
        MHD_add_response_header(r, "Set-Cookie", rp->cookie);
    if (rp->location[0])
        MHD_add_response_header(r, "Location", rp->location);
    if (rp->disposition[0])
        MHD_add_response_header(r, "Content-Disposition", rp->disposition);
    if (rp->retry_after) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", rp->retry_after);
        MHD_add_response_header(r, "Retry-After", ra);
    }
    cx->status = rp->status;
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)rp->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result early(ms_server *srv, struct MHD_Connection *c, conn *cx, int status,
                             const char *msg)
{
    ms_reply rp = {0};
    ms_reply_error(&rp, status, NULL, "%s", msg);
    return send_reply(srv, c, cx, &rp);
}

static bool is_upload(const char *method, const char *url, int64_t *programme)
{
    long long id;
    int n = 0;
    if (strcmp(method, "POST") || sscanf(url, "/api/programmes/%lld/files%n", &id, &n) != 1 ||
        url[n])
        return false;
    *programme = id;
    return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    ms_server *srv = cls;
    conn *cx = *con_cls;
    (void)version;
    if (!cx) {
        if (!(cx = calloc(1, sizeof *cx)))
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &cx->start);
        snprintf(cx->method, sizeof cx->method, "%s", method);
        snprintf(cx->url, sizeof cx->url, "%s", url);
        cx->fd = -1;
        cx->srv = srv;
        *con_cls = cx;
        cx->has_session = find_session(srv, c, &cx->session);
        if (is_upload(method, url, &cx->programme)) {
            ms_prog p;
            const char *csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
            if (!cx->has_session)
                return early(srv, c, cx, 401, "log in first");
            if (cx->session.role != MS_ROLE_SCHOOL ||
                ms_store_programme_get(srv->store, cx->programme, cx->session.org, &p))
                return early(srv, c, cx, 404, "no such programme");
            if (!csrf || !ms_auth_equal(csrf, cx->session.csrf))
                return early(srv, c, cx, 403, "the CSRF token (X-CSRF-Token) is missing or wrong");
            cx->pp = MHD_create_post_processor(c, 64 * 1024, on_part, cx);
            if (!cx->pp)
                return early(srv, c, cx, 415, "send the files as multipart/form-data, field \"file\"");
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (cx->pp) {
            MHD_post_process(cx->pp, upload_data, *upload_data_size);
        } else if (!cx->too_big && cx->len + *upload_data_size <= MAX_JSON) {
            char *b = realloc(cx->body, cx->len + *upload_data_size + 1);
            if (b) {
                memcpy(b + cx->len, upload_data, *upload_data_size);
                cx->body = b;
                cx->len += *upload_data_size;
                b[cx->len] = 0;
            }
        } else {
            cx->too_big = true;
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    ms_reply rp = {0};
    if (cx->too_big) {
        ms_reply_error(&rp, 413, NULL, "the request body is larger than 1 MB");
        return send_reply(srv, c, cx, &rp);
    }
    if (cx->pp) {
        MHD_destroy_post_processor(cx->pp);
        cx->pp = NULL;
        finish_upload(srv, cx);
    }
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char client[64] = "";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, client, sizeof client);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, client,
                      sizeof client);
    }
    const char *csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
    const char *lang = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "ms_lang");
    const char *qlang = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
    ms_request rq = {method, url, cx->body, cx->len, cx->has_session ? &cx->session : NULL,
                     MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "ms_session"),
                     cx->has_session && csrf && ms_auth_equal(csrf, cx->session.csrf), client,
                     qlang ? !strcmp(qlang, "en") : lang && !strcmp(lang, "en"), srv->tls,
                     cx->programme ? &cx->up : NULL};
    if (!strncmp(url, "/api/", 5) || strstr(url, "/report") || strstr(url, "/internal/"))
        ms_api_handle(srv, &rq, &rp);
    /* A report's file that is not there, or not this organisation's, or
       asked for after the session ended, is opened from a link: the reader
       gets the page (not found; the login) in their language, as for
       /programmes/ID, not the API's JSON.  The status stays. */
    if ((rp.status == 404 || rp.status == 401) && strncmp(url, "/api/", 5)) {
        free(rp.body);
        free(rp.file);
        rp = (ms_reply){0};
    }
    if (!rp.status)
        ms_page_handle(srv, &rq, &rp);
    if (qlang && !rp.cookie[0])
        snprintf(rp.cookie, sizeof rp.cookie, "ms_lang=%s; Path=/; SameSite=Strict; Max-Age=31536000",
                 rq.en ? "en" : "ru");
    return send_reply(srv, c, cx, &rp);
}

/* One line per request: method, path (ids and server-made names only),
 * status, milliseconds.  No address, login, cookie or query. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    conn *cx = *con_cls;
    (void)cls, (void)c;
    if (!cx)
        return;
    for (char *p = cx->url; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '"')
            *p = '?';
    fprintf(stderr, "%s %s %d %.1fms%s\n", cx->method, cx->url, cx->status, since_ms(&cx->start),
            toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (connection closed)");
    if (cx->pp)
        MHD_destroy_post_processor(cx->pp);
    if (cx->fd >= 0) {
        close(cx->fd);
        unlink(cx->tmp);
    }
    for (size_t i = 0; i < cx->n_tmps; i++)
        unlink(cx->tmps[i]);
    free(cx->body);
    free(cx);
    *con_cls = NULL;
}

/* ---------- the command ---------- */

static int usage(void)
{
    fputs("usage: mentorstat serve --data DIR [--listen HOST:PORT] [--max-file-mb N]\n"
          "                        [--workers N] [--tls-cert FILE --tls-key FILE | --behind-https]\n", stderr);
    return 2;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *s = NULL;
    long n;
    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (s = malloc((size_t)n + 1)) && fread(s, 1, (size_t)n, f) == (size_t)n)
        s[n] = 0;
    else {
        free(s);
        s = NULL;
    }
    if (f)
        fclose(f);
    return s;
}

/* libmicrohttpd counts a connection (a thread each) until its polling
 * thread has cleaned it up; on a busy machine, with that thread short of
 * CPU, closed connections pile up, and at the default limit (FD_SETSIZE − 4
 * = 1020) new ones were refused with a reset (the load test, 50 readers,
 * on one starved core).  So: the open-file limit raised to its ceiling (at
 * most 16384), and connections up to half of it (each may hold a file
 * too), less room for the database, uploads and builds. */
static unsigned connection_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 1000;
    rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 16384 ? 16384 : rl.rlim_max;
    if (rl.rlim_cur < want) {
        rlim_t old = rl.rlim_cur;
        rl.rlim_cur = want;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            rl.rlim_cur = old;
    }
    /* a connection holds its socket and, for a file, the file until then */
    return rl.rlim_cur > 512 ? (unsigned)(rl.rlim_cur - 256) / 2 : (unsigned)rl.rlim_cur / 4;
}

/* %XX as MHD decodes it, but %00 becomes a backslash: a NUL would end the
 * path early (index.html%00.png read as index.html), while a backslash is
 * refused in every path (ms_path_unsafe) and so ends in 404. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *uri)
{
    (void)cls, (void)c;
    for (char *p = uri; (p = strchr(p, '%'));) {
        if (p[1] == '0' && p[2] == '0') {
            p[1] = '5';
            p[2] = 'C';
        }
        p++;
    }
    return MHD_http_unescape(uri);
}

ms_server *ms_server_start(const ms_serve_options *o, char *why, size_t why_size)
{
    char host[128];
    const char *colon = strrchr(o->listen, ':');
    struct sockaddr_in sa = {0};
    unsigned long port = colon ? strtoul(colon + 1, NULL, 10) : 0;
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (!colon || (size_t)(colon - o->listen) >= sizeof host || port > 65535 ||
        (snprintf(host, sizeof host, "%.*s", (int)(colon - o->listen), o->listen),
         inet_pton(AF_INET, host, &sa.sin_addr) != 1)) {
        snprintf(why, why_size, "--listen takes an IPv4 HOST:PORT (%s)", o->listen);
        return NULL;
    }
    if (sodium_init() < 0) {
        snprintf(why, why_size, "libsodium cannot start");
        return NULL;
    }
    ms_server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    snprintf(srv->dir, sizeof srv->dir, "%s", o->dir);
    srv->max_file = o->max_file ? o->max_file : 50ull << 20;
    srv->tls = o->cert_pem != NULL || o->behind_https;
    if (!(srv->store = ms_store_open(o->dir, why, why_size))) {
        free(srv);
        return NULL;
    }
    int failed = ms_store_fail_unfinished(srv->store);
    if (failed > 0)
        fprintf(stderr, "mentorstat: serve: %d build%s left unfinished by the last run marked "
                        "failed\n", failed, failed == 1 ? "" : "s");
    ms_work_cleanup(srv);
    pthread_mutex_init(&srv->limit_lock, NULL);
    unsigned limit = connection_limit();
    /* A pool of threads, each accepting, answering and cleaning up its own
     * connections (epoll): with a thread per connection, closed connections
     * waited for the one polling thread to reap them, and on a busy machine
     * they piled up to the connection limit (resets in the load test). */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                     (o->cert_pem ? MHD_USE_TLS : 0);
    if (o->cert_pem)
        srv->daemon = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, srv,
                                       MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_NOTIFY_COMPLETED,
                                       on_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, 120u,
                                       MHD_OPTION_CONNECTION_LIMIT, limit, MHD_OPTION_THREAD_POOL_SIZE, 8u,
                                       MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
                                       MHD_OPTION_HTTPS_MEM_CERT, o->cert_pem,
                                       MHD_OPTION_HTTPS_MEM_KEY, o->key_pem, MHD_OPTION_END);
    else
        srv->daemon = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request, srv,
                                       MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_NOTIFY_COMPLETED,
                                       on_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, 120u,
                                       MHD_OPTION_CONNECTION_LIMIT, limit, MHD_OPTION_THREAD_POOL_SIZE, 8u,
                                       MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
    if (!srv->daemon) {
        snprintf(why, why_size, "cannot listen on %s (in use, or not this machine's address?)",
                 o->listen);
        pthread_mutex_destroy(&srv->limit_lock);
        ms_store_close(srv->store);
        free(srv);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : (uint16_t)port;
    ms_work_start(srv, o->workers ? o->workers : 2);
    return srv;
}

void ms_server_stop(ms_server *srv)
{
    if (!srv)
        return;
    MHD_stop_daemon(srv->daemon);
    ms_work_stop(srv);
    free(srv->attempts);
    pthread_mutex_destroy(&srv->limit_lock);
    ms_store_close(srv->store);
    free(srv);
}

int ms_serve_main(int argc, char **argv)
{
    const char *cert = NULL, *key = NULL;
    ms_serve_options o = {NULL, "127.0.0.1:8080", 50ull << 20, 2, NULL, NULL, false};
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long n = v ? strtoul(v, NULL, 10) : 0;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage();
            return 0;
        }
        if (!strcmp(a, "--behind-https")) {
            o.behind_https = true;
            continue;
        }
        if (!v)
            return usage();
        if (!strcmp(a, "--data"))
            o.dir = v;
        else if (!strcmp(a, "--listen"))
            o.listen = v;
        else if (!strcmp(a, "--tls-cert"))
            cert = v;
        else if (!strcmp(a, "--tls-key"))
            key = v;
        else if (!strcmp(a, "--max-file-mb") && n > 0 && n < 100000)
            o.max_file = (unsigned long long)n << 20;
        else if (!strcmp(a, "--workers") && n > 0 && n <= 8)
            o.workers = (int)n;
        else
            return usage();
        i++;
    }
    if (!o.dir || !!cert != !!key)
        return usage();
    char why[1300];
    char *cert_pem = cert ? slurp(cert) : NULL, *key_pem = key ? slurp(key) : NULL;
    if (cert && (!cert_pem || !key_pem)) {
        fprintf(stderr, "mentorstat: serve: cannot read %s\n", cert_pem ? key : cert);
        free(cert_pem);
        free(key_pem);
        return 2;
    }
    o.cert_pem = cert_pem;
    o.key_pem = key_pem;
    signal(SIGPIPE, SIG_IGN);
    /* SIGTERM and SIGINT wait for the main thread's sigwait: every thread
     * started from here on inherits the mask */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    ms_server *srv = ms_server_start(&o, why, sizeof why);
    if (!srv) {
        fprintf(stderr, "mentorstat: serve: %s\n", why);
        free(cert_pem);
        free(key_pem);
        return 2;
    }
    fprintf(stderr, "mentorstat: serving %s on http%s://%.*s:%u (SIGTERM stops)\n", o.dir,
            cert ? "s" : "", (int)(strrchr(o.listen, ':') - o.listen), o.listen,
            (unsigned)srv->port);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "mentorstat: serve: stopping (signal %d; builds under way finish first)\n",
            sig);
    ms_server_stop(srv);
    free(cert_pem);
    free(key_pem);
    fprintf(stderr, "mentorstat: serve: stopped\n");
    return 0;
}
