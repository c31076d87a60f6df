/*
 * server.h — `mentorstat serve` and `mentorstat accounts` (private to
 * src/server/).  A front end like the CLI: it calls the library (init,
 * check, report, summaries) and prints only its own log lines.
 *
 * Layout of DIR (every name below is made by the server, never typed by a
 * user):
 *   DIR/mentorstat.db              SQLite (WAL): organisations, accounts,
 *                                  sessions, programmes, files, jobs, submissions
 *   DIR/p/ID/files/fN-WORD.csv     uploads (WORD: the upload's name reduced to
 *                                  letters, digits, '_' and '-', which init reads
 *                                  roles from)
 *   DIR/p/ID/drafts/               init's programme.ini and codebooks
 *   DIR/p/ID/report[-internal]/    the report (and the pairing), report.zip
 *   DIR/s/ID/                      a submission: .msum summaries + codebooks
 *   DIR/t/ORG-YEAR/                an office's territory programme and reports
 *   DIR/tmp/                       uploads being received
 */
#ifndef MS_SERVER_H
#define MS_SERVER_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { MS_ROLE_SCHOOL = 1, MS_ROLE_OFFICE = 2 };

/* ---------- store.c: the database ---------- */

typedef struct {
    sqlite3 *db;
    pthread_mutex_t lock;  /* one statement sequence at a time */
    char dir[1024];
} ms_store;

typedef struct {
    int64_t account, org;
    int role;
    char org_name[256];
    char login[128];
    char csrf[65];
} ms_session;

typedef struct {
    int64_t id, org;
    int year;
    char title[256];
    long long created;
} ms_prog;

typedef struct {
    int64_t id, programme, org;
    char kind[16];        /* "report" or "territory" */
    char state[16];       /* queued, running, done, failed */
    char message[1024];
    int year;             /* territory */
    long long created, started, finished;
} ms_job;

/* Open (creating DIR, its folders and the schema when new); NULL and a
 * message in why on failure. */
ms_store *ms_store_open(const char *dir, char *why, size_t why_size);
void ms_store_close(ms_store *s);
/* Jobs queued or running when the server stopped: failed now. */
int ms_store_fail_unfinished(ms_store *s);

int ms_store_account_add(ms_store *s, const char *login, int role, const char *org,
                         const char *hash, char *why, size_t why_size);
int ms_store_account_passwd(ms_store *s, const char *login, const char *hash);
int ms_store_account_remove(ms_store *s, const char *login);
/* The hash of login's password into hash (empty when no such login). */
int ms_store_account_hash(ms_store *s, const char *login, char *hash, size_t size,
                          int64_t *account);
typedef void (*ms_account_fn)(const char *login, int role, const char *org, void *ctx);
int ms_store_account_list(ms_store *s, ms_account_fn fn, void *ctx);

int ms_store_session_create(ms_store *s, int64_t account, const char *token_hash,
                            const char *csrf, long long expires);
int ms_store_session_get(ms_store *s, const char *token_hash, long long now, ms_session *out);
int ms_store_session_delete(ms_store *s, const char *token_hash);

int64_t ms_store_programme_create(ms_store *s, int64_t org, int year, const char *title);
int ms_store_programme_get(ms_store *s, int64_t id, int64_t org, ms_prog *out);
typedef void (*ms_prog_fn)(const ms_prog *p, void *ctx);
int ms_store_programme_list(ms_store *s, int64_t org, ms_prog_fn fn, void *ctx);

int64_t ms_store_file_add(ms_store *s, int64_t programme, const char *shown, const char *stored,
                          long long size);
typedef void (*ms_file_fn)(int64_t id, const char *shown, const char *stored, long long size,
                           void *ctx);
int ms_store_file_list(ms_store *s, int64_t programme, ms_file_fn fn, void *ctx);
/* The drafts were saved (init, a questionnaire): the report built before is
 * out of date until a build that read them ends (ms_store_built with the
 * count read before it started). */
int ms_store_edited(ms_store *s, int64_t programme);
int64_t ms_store_edit_count(ms_store *s, int64_t programme);
int ms_store_built(ms_store *s, int64_t programme, int64_t count);
bool ms_store_report_stale(ms_store *s, int64_t programme);

/* init's reasons per column, for the review table */
int ms_store_notes_clear(ms_store *s, int64_t programme);
int ms_store_note_add(ms_store *s, int64_t programme, const char *q, const char *var, int check,
                      const char *reason);
typedef void (*ms_note_fn)(const char *var, int check, const char *reason, void *ctx);
int ms_store_notes(ms_store *s, int64_t programme, const char *q, ms_note_fn fn, void *ctx);

int64_t ms_store_job_create(ms_store *s, int64_t programme, int64_t org, const char *kind,
                            int year);
/* A job of org (any organisation when org is 0). */
int ms_store_job_get(ms_store *s, int64_t id, int64_t org, ms_job *out);
/* The latest job of a programme (of the office's year when programme is 0). */
int ms_store_job_latest(ms_store *s, int64_t programme, int64_t org, int year, ms_job *out);
int ms_store_job_claim(ms_store *s, ms_job *out);   /* next queued → running; 0 none */
int ms_store_job_finish(ms_store *s, int64_t id, bool ok, const char *message);

int64_t ms_store_submission_add(ms_store *s, int64_t org, int64_t programme, int year);
typedef void (*ms_sub_fn)(int64_t id, int64_t org, const char *org_name, int year,
                          long long created, void *ctx);
/* The latest submission of every school and year (year 0: all years). */
int ms_store_submissions(ms_store *s, int year, ms_sub_fn fn, void *ctx);

/* ---------- auth.c: passwords, tokens, rate limit ---------- */

/* 22 random characters of [A-Za-z0-9] (about 131 bits). */
/* upload.c: NULL when the uploaded file at path (its first n bytes b, its
 * name as sent) is a CSV or an .xlsx workbook, else what it is instead. */
/* ms_upload_refusal's answer for a zip that does not open (a truncated .xlsx) */
#define MS_UPLOAD_DAMAGED "a damaged .xlsx workbook"
const char *ms_upload_refusal(const char *path, const char *name, const unsigned char *b,
                              size_t n);

void ms_auth_password(char out[23]);
int ms_auth_hash(const char *password, char *hash, size_t size);   /* Argon2id */
bool ms_auth_verify(const char *hash, const char *password);
/* 256 random bits as 64 hex digits. */
void ms_auth_token(char out[65]);
/* SHA-256-sized BLAKE2b of a token as hex: what the database keeps. */
void ms_auth_token_hash(const char *token, char out[65]);
bool ms_auth_equal(const char *a, const char *b);   /* constant time */

/* ---------- accounts.c ---------- */

int ms_accounts_main(int argc, char **argv);

/* ---------- serve.c / api.c / work.c / page.c ---------- */

typedef struct ms_server ms_server;

typedef struct {
    int status;
    char *body;
    size_t len;
    const char *type;        /* Content-Type */
    char *file;              /* or send this file (body NULL) */
    const char *csp;         /* NULL: the page's */
    char cookie[256];
    char location[256];
    char disposition[300];
    int retry_after;
} ms_reply;

typedef struct {
    const char *method, *url;
    const char *body;        /* JSON bodies (NUL-terminated), else NULL */
    size_t body_len;
    const ms_session *session;   /* NULL without a valid session */
    const char *session_token;   /* the cookie's token, or NULL */
    bool csrf_ok;
    const char *client;      /* the peer's address, for the rate limit only */
    bool en;                 /* the page in English */
    bool tls;
    /* a finished upload: */
    struct ms_upload *upload;
} ms_request;

struct ms_server {
    struct MHD_Daemon *daemon;
    uint16_t port;            /* the one bound (--listen HOST:0 takes a free one) */
    ms_store *store;
    char dir[1024];
    unsigned long long max_file;   /* bytes per uploaded file */
    bool tls;                 /* served over HTTPS (here or by a proxy) */
    volatile int stopping;
    pthread_t workers[8];
    int n_workers;
    pthread_mutex_t wake_lock;
    pthread_cond_t wake;
    pthread_mutex_t limit_lock;
    struct ms_attempt *attempts;
    size_t n_attempts;
};

typedef struct ms_upload {
    int status;              /* 0 ok; 413, 415, 400 */
    char error[300];
    size_t n_files;
    int64_t ids[256];
    size_t n_same;           /* files whose bytes were uploaded before: not kept again */
    char same[600];          /* the first: "NAME is already uploaded (as OLD)" */
} ms_upload;

typedef struct {
    const char *dir;
    const char *listen;            /* "127.0.0.1:8080"; port 0: any free one */
    unsigned long long max_file;   /* bytes per uploaded file; 0: 50 MB */
    int workers;                   /* build threads; 0: 2 */
    const char *cert_pem, *key_pem;/* HTTPS when given */
    bool behind_https;             /* a proxy terminates HTTPS: Secure cookies */
} ms_serve_options;

/* Start serving (threads of its own); NULL and the reason in why. */
ms_server *ms_server_start(const ms_serve_options *o, char *why, size_t why_size);
/* Stop: no new requests, builds under way finish, everything closed. */
void ms_server_stop(ms_server *srv);
int ms_serve_main(int argc, char **argv);

/* api.c */
void ms_api_handle(ms_server *srv, const ms_request *rq, ms_reply *rp);
/* Reply helpers (api.c) */
void ms_reply_json(ms_reply *rp, int status, char *json);
void ms_reply_error(ms_reply *rp, int status, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* True when a path component is "..", ".", empty, or holds a NUL or a backslash. */
bool ms_path_unsafe(const char *rel);

/* work.c */
int ms_work_start(ms_server *srv, int n);
void ms_work_stop(ms_server *srv);
void ms_work_wake(ms_server *srv);
void ms_work_cleanup(ms_server *srv);
int ms_work_init(ms_server *srv, const ms_session *se, const ms_prog *p, char *why,
                 size_t why_size);
/* check's figures of every questionnaire as JSON (caller frees) */
char *ms_work_check(ms_server *srv, int64_t programme);
/* The school year (the year it ends) of the newest answers init drafted
 * from, 0 unknown: a report's year is the programme's, and the page warns
 * when the answers are of another year. */
/* The report's kopilka.csv has a candidate (more than its header). */
bool ms_work_has_kopilka(const ms_server *srv, int64_t programme);
int ms_work_data_year(const ms_server *srv, int64_t programme);
int ms_work_submit(ms_server *srv, const ms_session *se, const ms_prog *p, char *why,
                   size_t why_size);
void ms_work_paths(const ms_server *srv, int64_t programme, const char *what, char *out,
                   size_t size);

/* page.c */
void ms_page_handle(ms_server *srv, const ms_request *rq, ms_reply *rp);
extern const unsigned char ms_web_app_js[], ms_web_app_css[];
extern const unsigned long ms_web_app_js_size, ms_web_app_css_size;

/* util */
char *ms_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
long long ms_now(void);

#endif
