/*
 * store.c — the server's database (DIR/mentorstat.db, SQLite in WAL mode).
 * One connection, serialized by ms_store.lock; every function runs its
 * statements under the lock and returns 0 (or an id > 0) on success, -1 on
 * a failure of the database.  Rows of one organisation are looked up with
 * its id, so a handler that passes the session's organisation can never
 * read another's (the API then answers 404).
 */
#include "server.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS orgs(id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "  role INTEGER NOT NULL, UNIQUE(name, role));"
    "CREATE TABLE IF NOT EXISTS accounts(id INTEGER PRIMARY KEY, login TEXT UNIQUE NOT NULL, "
    "  org INTEGER NOT NULL REFERENCES orgs(id), hash TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS sessions(token TEXT PRIMARY KEY, account INTEGER NOT NULL "
    "  REFERENCES accounts(id) ON DELETE CASCADE, csrf TEXT NOT NULL, expires INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS programmes(id INTEGER PRIMARY KEY, org INTEGER NOT NULL, "
    "  year INTEGER NOT NULL, title TEXT NOT NULL, created INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS files(id INTEGER PRIMARY KEY, programme INTEGER NOT NULL, "
    "  shown TEXT NOT NULL, stored TEXT NOT NULL, size INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS notes(programme INTEGER NOT NULL, q TEXT NOT NULL, "
    "  var TEXT NOT NULL, checkme INTEGER NOT NULL, reason TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS jobs(id INTEGER PRIMARY KEY, programme INTEGER NOT NULL, "
    "  org INTEGER NOT NULL, kind TEXT NOT NULL, year INTEGER NOT NULL, state TEXT NOT NULL, "
    "  message TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL, started INTEGER NOT NULL "
    "  DEFAULT 0, finished INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS submissions(id INTEGER PRIMARY KEY, org INTEGER NOT NULL, "
    "  programme INTEGER NOT NULL, year INTEGER NOT NULL, created INTEGER NOT NULL);"
    /* drafts saved (edited counts up) and the count the last report was built from */
    "CREATE TABLE IF NOT EXISTS edits(programme INTEGER PRIMARY KEY, edited INTEGER NOT NULL "
    "  DEFAULT 0, built INTEGER NOT NULL DEFAULT 0);";

long long ms_now(void)
{
    return (long long)time(NULL);
}

static int mkdir_p(const char *dir)
{
    return mkdir(dir, 0750) == 0 || errno == EEXIST ? 0 : -1;
}

ms_store *ms_store_open(const char *dir, char *why, size_t why_size)
{
    ms_store *s = calloc(1, sizeof *s);
    char path[1200];
    char *msg = NULL;
    if (!s) {
        snprintf(why, why_size, "out of memory");
        return NULL;
    }
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    const char *subs[] = {"", "/p", "/s", "/t", "/tmp"};
    for (size_t i = 0; i < sizeof subs / sizeof *subs; i++) {
        snprintf(path, sizeof path, "%s%s", dir, subs[i]);
        if (mkdir_p(path)) {
            snprintf(why, why_size, "%s: cannot create: %s", path, strerror(errno));
            free(s);
            return NULL;
        }
    }
    snprintf(path, sizeof path, "%s/mentorstat.db", dir);
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK ||
        sqlite3_busy_timeout(s->db, 5000) != SQLITE_OK ||
        sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
                            "PRAGMA synchronous=NORMAL;", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(s->db, schema, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(why, why_size, "%s: %s", path, msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        sqlite3_close(s->db);
        free(s);
        return NULL;
    }
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

void ms_store_close(ms_store *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    pthread_mutex_destroy(&s->lock);
    free(s);
}

/* ---------- one statement ---------- */

/* Prepare sql and bind args by the letters of types: 'i' int64, 't' text. */
static sqlite3_stmt *prep(ms_store *s, const char *sql, const char *types, va_list ap)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    for (int i = 0; types[i]; i++) {
        int rc = types[i] == 'i' ? sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t))
                                 : sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1,
                                                     SQLITE_TRANSIENT);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(st);
            return NULL;
        }
    }
    return st;
}

/* Run a statement without rows; the last row id for an INSERT, the number
 * of changed rows otherwise; -1 on failure. */
static int64_t exec(ms_store *s, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    pthread_mutex_lock(&s->lock);
    sqlite3_stmt *st = prep(s, sql, types, ap);
    int64_t r = -1;
    if (st && sqlite3_step(st) == SQLITE_DONE)
        r = !strncmp(sql, "INSERT", 6) ? sqlite3_last_insert_rowid(s->db) : sqlite3_changes(s->db);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    va_end(ap);
    return r;
}

typedef void (*row_fn)(sqlite3_stmt *st, void *ctx);

/* Run a query, calling fn per row; the number of rows, -1 on failure. */
static int query(ms_store *s, row_fn fn, void *ctx, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    pthread_mutex_lock(&s->lock);
    sqlite3_stmt *st = prep(s, sql, types, ap);
    int n = st ? 0 : -1, rc = SQLITE_DONE;
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        fn(st, ctx);
        n++;
    }
    if (rc != SQLITE_DONE)
        n = -1;
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->lock);
    va_end(ap);
    return n;
}

static void text(sqlite3_stmt *st, int col, char *out, size_t size)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(out, size, "%s", t ? (const char *)t : "");
}

/* ---------- accounts ---------- */

int ms_store_account_add(ms_store *s, const char *login, int role, const char *org,
                         const char *hash, char *why, size_t why_size)
{
    if (exec(s, "INSERT OR IGNORE INTO orgs(name, role) VALUES(?, ?)", "ti", org,
             (int64_t)role) < 0 ||
        exec(s, "INSERT INTO accounts(login, org, hash) SELECT ?, id, ? FROM orgs "
                "WHERE name = ? AND role = ?", "ttti", login, hash, org, (int64_t)role) <= 0) {
        snprintf(why, why_size, "cannot add %s: %s", login,
                 sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE
                     ? "the login exists" : sqlite3_errmsg(s->db));
        return -1;
    }
    return 0;
}

int ms_store_account_passwd(ms_store *s, const char *login, const char *hash)
{
    int64_t n = exec(s, "UPDATE accounts SET hash = ? WHERE login = ?", "tt", hash, login);
    if (n == 1)
        exec(s, "DELETE FROM sessions WHERE account IN (SELECT id FROM accounts WHERE login = ?)",
             "t", login);
    return n == 1 ? 0 : -1;
}

int ms_store_account_remove(ms_store *s, const char *login)
{
    exec(s, "DELETE FROM sessions WHERE account IN (SELECT id FROM accounts WHERE login = ?)",
         "t", login);
    return exec(s, "DELETE FROM accounts WHERE login = ?", "t", login) == 1 ? 0 : -1;
}

typedef struct {
    char *hash;
    size_t size;
    int64_t *account;
} hash_ctx;

static void hash_row(sqlite3_stmt *st, void *ctx)
{
    hash_ctx *h = ctx;
    text(st, 0, h->hash, h->size);
    *h->account = sqlite3_column_int64(st, 1);
}

int ms_store_account_hash(ms_store *s, const char *login, char *hash, size_t size,
                          int64_t *account)
{
    hash_ctx h = {hash, size, account};
    hash[0] = 0;
    *account = 0;
    return query(s, hash_row, &h, "SELECT hash, id FROM accounts WHERE login = ?", "t", login) < 0
               ? -1 : 0;
}

typedef struct {
    ms_account_fn fn;
    void *ctx;
} list_ctx;

static void account_row(sqlite3_stmt *st, void *ctx)
{
    list_ctx *l = ctx;
    l->fn((const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1),
          (const char *)sqlite3_column_text(st, 2), l->ctx);
}

int ms_store_account_list(ms_store *s, ms_account_fn fn, void *ctx)
{
    list_ctx l = {fn, ctx};
    return query(s, account_row, &l,
                 "SELECT login, role, name FROM accounts JOIN orgs ON orgs.id = accounts.org "
                 "ORDER BY login", "") < 0 ? -1 : 0;
}

/* ---------- sessions ---------- */

int ms_store_session_create(ms_store *s, int64_t account, const char *token_hash,
                            const char *csrf, long long expires)
{
    exec(s, "DELETE FROM sessions WHERE expires < ?", "i", (int64_t)ms_now());
    return exec(s, "INSERT INTO sessions(token, account, csrf, expires) VALUES(?, ?, ?, ?)",
                "titi", token_hash, account, csrf, (int64_t)expires) > 0 ? 0 : -1;
}

static void session_row(sqlite3_stmt *st, void *ctx)
{
    ms_session *se = ctx;
    se->account = sqlite3_column_int64(st, 0);
    se->org = sqlite3_column_int64(st, 1);
    se->role = sqlite3_column_int(st, 2);
    text(st, 3, se->org_name, sizeof se->org_name);
    text(st, 4, se->login, sizeof se->login);
    text(st, 5, se->csrf, sizeof se->csrf);
}

int ms_store_session_get(ms_store *s, const char *token_hash, long long now, ms_session *out)
{
    memset(out, 0, sizeof *out);
    int n = query(s, session_row, out,
                  "SELECT a.id, o.id, o.role, o.name, a.login, s.csrf FROM sessions s "
                  "JOIN accounts a ON a.id = s.account JOIN orgs o ON o.id = a.org "
                  "WHERE s.token = ? AND s.expires > ?", "ti", token_hash, (int64_t)now);
    return n == 1 ? 0 : -1;
}

int ms_store_session_delete(ms_store *s, const char *token_hash)
{
    return exec(s, "DELETE FROM sessions WHERE token = ?", "t", token_hash) < 0 ? -1 : 0;
}

/* ---------- programmes and files ---------- */

int64_t ms_store_programme_create(ms_store *s, int64_t org, int year, const char *title)
{
    return exec(s, "INSERT INTO programmes(org, year, title, created) VALUES(?, ?, ?, ?)", "iiti",
                org, (int64_t)year, title, (int64_t)ms_now());
}

static void prog_row(sqlite3_stmt *st, void *ctx)
{
    ms_prog *p = ctx;
    p->id = sqlite3_column_int64(st, 0);
    p->org = sqlite3_column_int64(st, 1);
    p->year = sqlite3_column_int(st, 2);
    text(st, 3, p->title, sizeof p->title);
    p->created = sqlite3_column_int64(st, 4);
}

int ms_store_programme_get(ms_store *s, int64_t id, int64_t org, ms_prog *out)
{
    memset(out, 0, sizeof *out);
    return query(s, prog_row, out, "SELECT id, org, year, title, created FROM programmes "
                                   "WHERE id = ? AND org = ?", "ii", id, org) == 1 ? 0 : -1;
}

typedef struct {
    ms_prog_fn fn;
    void *ctx;
} prog_list;

static void prog_each(sqlite3_stmt *st, void *ctx)
{
    prog_list *l = ctx;
    ms_prog p;
    prog_row(st, &p);
    l->fn(&p, l->ctx);
}

int ms_store_programme_list(ms_store *s, int64_t org, ms_prog_fn fn, void *ctx)
{
    prog_list l = {fn, ctx};
    return query(s, prog_each, &l, "SELECT id, org, year, title, created FROM programmes "
                                   "WHERE org = ? ORDER BY year DESC, id DESC", "i", org) < 0
               ? -1 : 0;
}

int64_t ms_store_file_add(ms_store *s, int64_t programme, const char *shown, const char *stored,
                          long long size)
{
    return exec(s, "INSERT INTO files(programme, shown, stored, size) VALUES(?, ?, ?, ?)", "itti",
                programme, shown, stored, (int64_t)size);
}

typedef struct {
    ms_file_fn fn;
    void *ctx;
} file_list;

static void file_row(sqlite3_stmt *st, void *ctx)
{
    file_list *l = ctx;
    l->fn(sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
          (const char *)sqlite3_column_text(st, 2), sqlite3_column_int64(st, 3), l->ctx);
}

int ms_store_file_list(ms_store *s, int64_t programme, ms_file_fn fn, void *ctx)
{
    file_list l = {fn, ctx};
    return query(s, file_row, &l, "SELECT id, shown, stored, size FROM files WHERE programme = ? "
                                  "ORDER BY id", "i", programme) < 0 ? -1 : 0;
}

/* ---------- init's notes ---------- */

int ms_store_notes_clear(ms_store *s, int64_t programme)
{
    return exec(s, "DELETE FROM notes WHERE programme = ?", "i", programme) < 0 ? -1 : 0;
}

int ms_store_note_add(ms_store *s, int64_t programme, const char *q, const char *var, int check,
                      const char *reason)
{
    return exec(s, "INSERT INTO notes(programme, q, var, checkme, reason) VALUES(?, ?, ?, ?, ?)",
                "ittit", programme, q, var, (int64_t)check, reason) > 0 ? 0 : -1;
}

typedef struct {
    ms_note_fn fn;
    void *ctx;
} note_list;

static void note_row(sqlite3_stmt *st, void *ctx)
{
    note_list *l = ctx;
    l->fn((const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1),
          (const char *)sqlite3_column_text(st, 2), l->ctx);
}

int ms_store_notes(ms_store *s, int64_t programme, const char *q, ms_note_fn fn, void *ctx)
{
    note_list l = {fn, ctx};
    return query(s, note_row, &l, "SELECT var, checkme, reason FROM notes WHERE programme = ? "
                                  "AND q = ?", "it", programme, q) < 0 ? -1 : 0;
}

/* ---------- jobs ---------- */

int64_t ms_store_job_create(ms_store *s, int64_t programme, int64_t org, const char *kind,
                            int year)
{
    return exec(s, "INSERT INTO jobs(programme, org, kind, year, state, created) "
                   "VALUES(?, ?, ?, ?, 'queued', ?)", "iitii", programme, org, kind,
                (int64_t)year, (int64_t)ms_now());
}

static void job_row(sqlite3_stmt *st, void *ctx)
{
    ms_job *j = ctx;
    j->id = sqlite3_column_int64(st, 0);
    j->programme = sqlite3_column_int64(st, 1);
    j->org = sqlite3_column_int64(st, 2);
    text(st, 3, j->kind, sizeof j->kind);
    j->year = sqlite3_column_int(st, 4);
    text(st, 5, j->state, sizeof j->state);
    text(st, 6, j->message, sizeof j->message);
    j->created = sqlite3_column_int64(st, 7);
    j->started = sqlite3_column_int64(st, 8);
    j->finished = sqlite3_column_int64(st, 9);
}

#define JOB_COLS "SELECT id, programme, org, kind, year, state, message, created, started, " \
                 "finished FROM jobs "

int ms_store_job_get(ms_store *s, int64_t id, int64_t org, ms_job *out)
{
    memset(out, 0, sizeof *out);
    return query(s, job_row, out, JOB_COLS "WHERE id = ? AND (org = ? OR ? = 0)", "iii", id, org,
                 org) == 1 ? 0 : -1;
}

int ms_store_job_latest(ms_store *s, int64_t programme, int64_t org, int year, ms_job *out)
{
    memset(out, 0, sizeof *out);
    return query(s, job_row, out, JOB_COLS "WHERE programme = ? AND org = ? AND (? = 0 OR year = ?) "
                                  "ORDER BY id DESC LIMIT 1", "iiii", programme, org,
                 (int64_t)year, (int64_t)year) == 1 ? 0 : -1;
}

int ms_store_job_claim(ms_store *s, ms_job *out)
{
    memset(out, 0, sizeof *out);
    for (;;) {
        if (query(s, job_row, out, JOB_COLS "WHERE state = 'queued' ORDER BY id LIMIT 1", "") != 1)
            return 0;
        /* another worker may have taken it in between */
        if (exec(s, "UPDATE jobs SET state = 'running', started = ? WHERE id = ? AND "
                    "state = 'queued'", "ii", (int64_t)ms_now(), out->id) == 1) {
            snprintf(out->state, sizeof out->state, "running");
            return 1;
        }
    }
}

int ms_store_job_finish(ms_store *s, int64_t id, bool ok, const char *message)
{
    return exec(s, "UPDATE jobs SET state = ?, message = ?, finished = ? WHERE id = ?", "ttii",
                ok ? "done" : "failed", message, (int64_t)ms_now(), id) == 1 ? 0 : -1;
}

int ms_store_fail_unfinished(ms_store *s)
{
    return (int)exec(s, "UPDATE jobs SET state = 'failed', finished = ?, message = "
                        "'the server stopped during the build; build again' "
                        "WHERE state IN ('queued', 'running')", "i", (int64_t)ms_now());
}

/* ---------- drafts edited after the report ---------- */

int ms_store_edited(ms_store *s, int64_t programme)
{
    return exec(s, "INSERT INTO edits(programme, edited) VALUES(?, 1) ON CONFLICT(programme) "
                   "DO UPDATE SET edited = edited + 1", "i", programme) < 0 ? -1 : 0;
}

static void first_int(sqlite3_stmt *st, void *ctx)
{
    *(int64_t *)ctx = sqlite3_column_int64(st, 0);
}

int64_t ms_store_edit_count(ms_store *s, int64_t programme)
{
    int64_t n = 0;
    query(s, first_int, &n, "SELECT edited FROM edits WHERE programme = ?", "i", programme);
    return n;
}

int ms_store_built(ms_store *s, int64_t programme, int64_t count)
{
    return exec(s, "INSERT INTO edits(programme, edited, built) VALUES(?, ?, ?) "
                   "ON CONFLICT(programme) DO UPDATE SET built = max(built, excluded.built)",
                "iii", programme, count, count) < 0 ? -1 : 0;
}

bool ms_store_report_stale(ms_store *s, int64_t programme)
{
    int64_t stale = 0;
    query(s, first_int, &stale, "SELECT edited > built FROM edits WHERE programme = ?", "i",
          programme);
    return stale != 0;
}

/* ---------- submissions ---------- */

int64_t ms_store_submission_add(ms_store *s, int64_t org, int64_t programme, int year)
{
    return exec(s, "INSERT INTO submissions(org, programme, year, created) VALUES(?, ?, ?, ?)",
                "iiii", org, programme, (int64_t)year, (int64_t)ms_now());
}

typedef struct {
    ms_sub_fn fn;
    void *ctx;
} sub_list;

static void sub_row(sqlite3_stmt *st, void *ctx)
{
    sub_list *l = ctx;
    l->fn(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
          (const char *)sqlite3_column_text(st, 2), sqlite3_column_int(st, 3),
          sqlite3_column_int64(st, 4), l->ctx);
}

int ms_store_submissions(ms_store *s, int year, ms_sub_fn fn, void *ctx)
{
    sub_list l = {fn, ctx};
    return query(s, sub_row, &l,
                 "SELECT s.id, s.org, o.name, s.year, s.created FROM submissions s "
                 "JOIN orgs o ON o.id = s.org WHERE s.id IN (SELECT max(id) FROM submissions "
                 "GROUP BY org, year) AND (? = 0 OR s.year = ?) ORDER BY s.year DESC, o.name",
                 "ii", (int64_t)year, (int64_t)year) < 0 ? -1 : 0;
}
