/*
 * api.c — the JSON API (docs/server.md lists every call) and the report
 * files.  Every handler looks a programme, job or file up with the
 * session's organisation, so another organisation's anything is "not
 * found" (404), never "forbidden": its existence is not revealed.  State
 * changes need the session's CSRF token in X-CSRF-Token (403 without).
 */
#include "server.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mentorstat/codebook.h"
#include "mentorstat/report.h"
#include "mentorstat/version.h"

enum { SESSION_SECONDS = 12 * 3600, LOGIN_FAILS = 5, CLIENT_FAILS = 20, LIMIT_SECONDS = 300,
       MAX_ATTEMPTS = 1024 };

/* ---------- replies ---------- */

void ms_reply_json(ms_reply *rp, int status, char *json)
{
    free(rp->body);
    rp->status = status;
    rp->body = json;
    rp->len = json ? strlen(json) : 0;
    rp->type = "application/json; charset=utf-8";
}

static void reply_cjson(ms_reply *rp, int status, cJSON *o)
{
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    /* cJSON allocates with malloc (its default hooks), so MHD may free() it */
    ms_reply_json(rp, status, s);
}

void ms_reply_error(ms_reply *rp, int status, const char *field, const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", msg);
    if (field)
        cJSON_AddStringToObject(o, "field", field);
    reply_cjson(rp, status, o);
}

bool ms_path_unsafe(const char *rel)
{
    if (!*rel || strchr(rel, '\\') || rel[0] == '/')
        return true;
    for (const char *p = rel; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.') ||
            p[0] == '.')
            return true;
        p += n + (e != NULL);
    }
    return false;
}

/* ---------- login rate limit ---------- */

typedef struct ms_attempt {
    char key[200];
    int fails;
    long long first;
} attempt;

/* The slot of key in a fixed table (its pointer stays valid): the key's own,
 * else an unused or expired one, else the oldest. */
static attempt *attempt_of(ms_server *srv, const char *key, long long now)
{
    attempt *slot = NULL;
    if (!srv->attempts && !(srv->attempts = calloc(MAX_ATTEMPTS, sizeof *srv->attempts)))
        return NULL;
    srv->n_attempts = MAX_ATTEMPTS;
    for (size_t i = 0; i < srv->n_attempts; i++) {
        attempt *a = &srv->attempts[i];
        if (!strcmp(a->key, key)) {
            if (now - a->first > LIMIT_SECONDS)
                a->fails = 0, a->first = now;
            return a;
        }
        if (!slot || (slot->key[0] && (!a->key[0] || now - a->first > LIMIT_SECONDS ||
                                       a->first < slot->first)))
            slot = a;
    }
    snprintf(slot->key, sizeof slot->key, "%s", key);
    slot->fails = 0;
    slot->first = now;
    return slot;
}

/* Seconds to wait when the login or the client has failed too often, else 0. */
static int limited(ms_server *srv, const char *login, const char *client)
{
    char k1[200], k2[200];
    long long now = ms_now();
    snprintf(k1, sizeof k1, "l:%s", login);
    snprintf(k2, sizeof k2, "a:%s", client);
    pthread_mutex_lock(&srv->limit_lock);
    attempt *a = attempt_of(srv, k1, now), *b = attempt_of(srv, k2, now);
    int wait = 0;
    if (a && a->fails >= LOGIN_FAILS)
        wait = (int)(a->first + LIMIT_SECONDS - now);
    if (b && b->fails >= CLIENT_FAILS && (int)(b->first + LIMIT_SECONDS - now) > wait)
        wait = (int)(b->first + LIMIT_SECONDS - now);
    pthread_mutex_unlock(&srv->limit_lock);
    return wait > 0 ? wait : 0;
}

static void count_attempt(ms_server *srv, const char *login, const char *client, bool ok)
{
    char k1[200], k2[200];
    long long now = ms_now();
    snprintf(k1, sizeof k1, "l:%s", login);
    snprintf(k2, sizeof k2, "a:%s", client);
    pthread_mutex_lock(&srv->limit_lock);
    attempt *a = attempt_of(srv, k1, now), *b = attempt_of(srv, k2, now);
    if (a && ok)
        a->fails = 0;
    else if (a && !a->fails++)
        a->first = now;
    if (b && !ok && !b->fails++)
        b->first = now;
    pthread_mutex_unlock(&srv->limit_lock);
}

/* ---------- JSON bodies ---------- */

/* The body as a JSON object, else a 400 naming where it broke. */
static cJSON *body_object(const ms_request *rq, ms_reply *rp)
{
    if (!rq->body || !rq->body_len) {
        ms_reply_error(rp, 400, "", "a JSON object is expected as the body");
        return NULL;
    }
    const char *end = NULL;
    cJSON *o = strlen(rq->body) == rq->body_len ? cJSON_ParseWithOpts(rq->body, &end, 1) : NULL;
    if (!o) {
        const char *at = cJSON_GetErrorPtr();
        ms_reply_error(rp, 400, "", "the body is not valid JSON (at byte %ld)",
                       at && at >= rq->body && at <= rq->body + rq->body_len
                           ? (long)(at - rq->body) : 0L);
        return NULL;
    }
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        ms_reply_error(rp, 400, "", "a JSON object is expected as the body");
        return NULL;
    }
    return o;
}

/* A string member (NULL and a 400 naming it when absent or not a string). */
static const char *member_string(cJSON *o, const char *name, ms_reply *rp, bool required)
{
    cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!m && !required)
        return NULL;
    if (!cJSON_IsString(m)) {
        ms_reply_error(rp, 400, name, "\"%s\" must be a string", name);
        return NULL;
    }
    return m->valuestring;
}

/* ---------- session calls ---------- */

static void session_json(ms_reply *rp, int status, const ms_session *se)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "login", se->login);
    cJSON_AddStringToObject(o, "role", se->role == MS_ROLE_OFFICE ? "office" : "school");
    cJSON_AddStringToObject(o, "organisation", se->org_name);
    cJSON_AddStringToObject(o, "csrf", se->csrf);
    reply_cjson(rp, status, o);
}

static void api_login(ms_server *srv, const ms_request *rq, ms_reply *rp)
{
    cJSON *o = body_object(rq, rp);
    const char *login = o ? member_string(o, "login", rp, true) : NULL;
    const char *password = login ? member_string(o, "password", rp, true) : NULL;
    char hash[256], token[65], th[65];
    int64_t account;
    ms_session se;
    if (!password)
        goto cleanup;
    int wait = limited(srv, login, rq->client);
    if (wait) {
        ms_reply_error(rp, 429, NULL, "too many failed logins: try again in %d s", wait);
        rp->retry_after = wait;
        goto cleanup;
    }
    if (ms_store_account_hash(srv->store, login, hash, sizeof hash, &account) ||
        !ms_auth_verify(hash, password)) {
        count_attempt(srv, login, rq->client, false);
        ms_reply_error(rp, 401, NULL, "wrong login or password");
        goto cleanup;
    }
    count_attempt(srv, login, rq->client, true);
    ms_auth_token(token);
    ms_auth_token_hash(token, th);
    ms_auth_token(se.csrf);
    if (ms_store_session_create(srv->store, account, th, se.csrf, ms_now() + SESSION_SECONDS) ||
        ms_store_session_get(srv->store, th, ms_now(), &se)) {
        ms_reply_error(rp, 500, NULL, "cannot open a session");
        goto cleanup;
    }
    snprintf(rp->cookie, sizeof rp->cookie,
             "ms_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
             SESSION_SECONDS, rq->tls ? "; Secure" : "");
    session_json(rp, 200, &se);
cleanup:
    cJSON_Delete(o);
}

static void api_logout(ms_server *srv, ms_request const *rq, ms_reply *rp, const char *token)
{
    (void)rq;
    char th[65];
    if (token) {
        ms_auth_token_hash(token, th);
        ms_store_session_delete(srv->store, th);
    }
    snprintf(rp->cookie, sizeof rp->cookie,
             "ms_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
             rq->tls ? "; Secure" : "");
    ms_reply_json(rp, 200, ms_xasprintf("{\"ok\":true}"));
}

/* ---------- programmes ---------- */

static cJSON *prog_json(const ms_prog *p)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)p->id);
    cJSON_AddNumberToObject(o, "year", p->year);
    cJSON_AddStringToObject(o, "title", p->title);
    cJSON_AddNumberToObject(o, "created", (double)p->created);
    return o;
}

static void add_prog(const ms_prog *p, void *ctx)
{
    cJSON_AddItemToArray(ctx, prog_json(p));
}

static void add_file(int64_t id, const char *shown, const char *stored, long long size, void *ctx)
{
    (void)stored; /* the server's name stays inside */
    cJSON *f = cJSON_CreateObject();
    cJSON_AddNumberToObject(f, "id", (double)id);
    cJSON_AddStringToObject(f, "name", shown);
    cJSON_AddNumberToObject(f, "size", (double)size);
    cJSON_AddItemToArray(ctx, f);
}

static cJSON *job_json(const ms_job *j)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)j->id);
    cJSON_AddStringToObject(o, "kind", j->kind);
    cJSON_AddStringToObject(o, "state", j->state);
    cJSON_AddStringToObject(o, "message", j->message);
    if (!strcmp(j->kind, "territory"))
        cJSON_AddNumberToObject(o, "year", j->year);
    else
        cJSON_AddNumberToObject(o, "programme", (double)j->programme);
    cJSON_AddNumberToObject(o, "created", (double)j->created);
    cJSON_AddNumberToObject(o, "started", (double)j->started);
    cJSON_AddNumberToObject(o, "finished", (double)j->finished);
    long long end = j->finished ? j->finished : ms_now();
    cJSON_AddNumberToObject(o, "seconds", j->started ? (double)(end - j->started) : 0);
    return o;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The questionnaires of the drafts: [{name, role}] (empty before init). */
static cJSON *questionnaires_json(ms_server *srv, int64_t id)
{
    cJSON *a = cJSON_CreateArray();
    char path[1300];
    ms_programme *p = NULL;
    ms_work_paths(srv, id, "drafts/programme.ini", path, sizeof path);
    if (exists(path) && ms_programme_load(path, &p, NULL) == MS_OK)
        for (size_t i = 0; i < p->n_q; i++) {
            cJSON *q = cJSON_CreateObject();
            cJSON_AddStringToObject(q, "name", p->q[i].name);
            cJSON_AddStringToObject(q, "role", ms_role_name(p->q[i].role));
            cJSON_AddItemToArray(a, q);
        }
    ms_programme_destroy(p);
    return a;
}

static void api_programme(ms_server *srv, const ms_prog *p, ms_reply *rp)
{
    cJSON *o = prog_json(p), *files = cJSON_AddArrayToObject(o, "files");
    char path[1300];
    ms_job j;
    ms_store_file_list(srv->store, p->id, add_file, files);
    cJSON_AddItemToObject(o, "questionnaires", questionnaires_json(srv, p->id));
    if (ms_store_job_latest(srv->store, p->id, p->org, 0, &j) == 0)
        cJSON_AddItemToObject(o, "job", job_json(&j));
    int data_year = ms_work_data_year(srv, p->id);
    if (data_year) /* the school year of the newest answers; "year" is the programme's */
        cJSON_AddNumberToObject(o, "data_year", data_year);
    ms_work_paths(srv, p->id, "report/index.html", path, sizeof path);
    bool built = exists(path);
    cJSON_AddBoolToObject(o, "report", built);
    /* built before the drafts' last save: its files and match.html show the old codebook */
    cJSON_AddBoolToObject(o, "report_stale", built && ms_store_report_stale(srv->store, p->id));
    cJSON_AddBoolToObject(o, "kopilka", built && ms_work_has_kopilka(srv, p->id));
    ms_work_paths(srv, p->id, "report-internal/match.html", path, sizeof path);
    cJSON_AddBoolToObject(o, "matching", exists(path));
    reply_cjson(rp, 200, o);
}

static bool year_ok(double y)
{
    return y >= 2000 && y <= 2100 && y == (int)y;
}

static void api_programme_create(ms_server *srv, const ms_request *rq, ms_reply *rp)
{
    cJSON *o = body_object(rq, rp);
    if (!o)
        return;
    cJSON *y = cJSON_GetObjectItemCaseSensitive(o, "year");
    const char *title = NULL;
    if (!cJSON_IsNumber(y) || !year_ok(y->valuedouble))
        ms_reply_error(rp, 400, "year", "\"year\" must be the school year's end, 2000–2100");
    else if ((title = member_string(o, "title", rp, false)) == NULL && rp->status)
        ;
    else if (title && strlen(title) > 200)
        ms_reply_error(rp, 400, "title", "\"title\" is longer than 200 bytes");
    else {
        int64_t id = ms_store_programme_create(srv->store, rq->session->org, (int)y->valuedouble,
                                               title ? title : "");
        ms_prog p;
        if (id <= 0 || ms_store_programme_get(srv->store, id, rq->session->org, &p))
            ms_reply_error(rp, 500, NULL, "cannot create the programme");
        else
            reply_cjson(rp, 201, prog_json(&p));
    }
    cJSON_Delete(o);
}

/* ---------- questionnaires ---------- */

static const char *const cols[] = {"name", "type", "source", "label", "min", "max", "reverse",
                                   "construct", "construct_label", "choices", "missing", "derive"};
enum { N_COLS = sizeof cols / sizeof *cols };

static bool name_ok(const char *s)
{
    if (!*s || strlen(s) > 64 || (*s >= '0' && *s <= '9'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_'))
            return false;
    return true;
}

static const ms_questionnaire *find_q(const ms_programme *p, const char *name)
{
    for (size_t i = 0; p && i < p->n_q; i++)
        if (!strcmp(p->q[i].name, name))
            return &p->q[i];
    return NULL;
}

typedef struct {
    cJSON *notes;
} notes_ctx;

static void add_note(const char *var, int check, const char *reason, void *ctx)
{
    cJSON *n = cJSON_CreateObject();
    cJSON_AddBoolToObject(n, "check", check);
    cJSON_AddStringToObject(n, "reason", reason);
    cJSON_AddItemToObject(((notes_ctx *)ctx)->notes, var, n);
}

static void num(char *buf, size_t size, double v)
{
    snprintf(buf, size, "%.15g", v); /* the server never calls setlocale: "C" numbers */
}

static cJSON *variable_json(const ms_variable *v, cJSON *notes)
{
    cJSON *c = cJSON_CreateObject();
    char b[64];
    char *s;
    cJSON_AddStringToObject(c, "name", v->name);
    cJSON_AddStringToObject(c, "type", ms_vartype_name(v->type));
    cJSON_AddStringToObject(c, "source", v->source ? v->source : "");
    cJSON_AddStringToObject(c, "label", v->label ? v->label : "");
    num(b, sizeof b, v->min);
    cJSON_AddStringToObject(c, "min", v->has_range ? b : "");
    num(b, sizeof b, v->max);
    cJSON_AddStringToObject(c, "max", v->has_range ? b : "");
    cJSON_AddStringToObject(c, "reverse", v->reverse ? "1" : "");
    cJSON_AddStringToObject(c, "construct", v->construct ? v->construct : "");
    cJSON_AddStringToObject(c, "construct_label", v->construct_label ? v->construct_label : "");
    size_t len = 1;
    for (size_t i = 0; i < v->n_choices; i++)
        len += strlen(v->choices[i].label) + 40;
    for (size_t i = 0; i < v->n_missing; i++)
        len += strlen(v->missing[i]) + 2;
    if ((s = calloc(1, len))) {
        for (size_t i = 0; i < v->n_choices; i++) {
            num(b, sizeof b, v->choices[i].value);
            sprintf(s + strlen(s), "%s%s=%s", i ? "|" : "", b, v->choices[i].label);
        }
        cJSON_AddStringToObject(c, "choices", s);
        s[0] = 0;
        for (size_t i = 0; i < v->n_missing; i++)
            sprintf(s + strlen(s), "%s%s", i ? "|" : "", v->missing[i]);
        cJSON_AddStringToObject(c, "missing", s);
        free(s);
    }
    cJSON_AddStringToObject(c, "derive", v->derive == MS_DERIVE_SCHOOL_YEAR
                                             ? (v->day_first ? "school_year_dmy" : "school_year")
                                         : v->derive == MS_DERIVE_CALENDAR_YEAR
                                             ? (v->day_first ? "calendar_year_dmy" : "calendar_year")
                                             : "");
    cJSON *n = cJSON_GetObjectItemCaseSensitive(notes, v->name);
    cJSON *chk = n ? cJSON_GetObjectItemCaseSensitive(n, "check") : NULL;
    cJSON *why = n ? cJSON_GetObjectItemCaseSensitive(n, "reason") : NULL;
    cJSON_AddBoolToObject(c, "check", cJSON_IsTrue(chk));
    cJSON_AddStringToObject(c, "reason", cJSON_IsString(why) ? why->valuestring : "");
    return c;
}

static void api_questionnaire_get(ms_server *srv, const ms_prog *pr, const char *name,
                                  ms_reply *rp)
{
    char path[1300];
    ms_programme *p = NULL;
    ms_codebook *cb = NULL;
    ms_error err = {0};
    const ms_questionnaire *q;
    ms_work_paths(srv, pr->id, "drafts/programme.ini", path, sizeof path);
    if (!exists(path) || ms_programme_load(path, &p, &err) != MS_OK || !(q = find_q(p, name))) {
        ms_reply_error(rp, 404, NULL, "no such questionnaire");
        goto cleanup;
    }
    if (ms_codebook_load(q->codebook, &cb, &err) != MS_OK) {
        ms_reply_error(rp, 422, NULL, "the codebook cannot be read: line %zu: %s", err.line,
                       err.message);
        goto cleanup;
    }
    notes_ctx nc = {cJSON_CreateObject()};
    ms_store_notes(srv->store, pr->id, name, add_note, &nc);
    cJSON *o = cJSON_CreateObject(), *a;
    cJSON_AddStringToObject(o, "name", q->name);
    cJSON_AddStringToObject(o, "role", ms_role_name(q->role));
    a = cJSON_AddArrayToObject(o, "columns");
    /* the rows init marked first, then the rest, each in the codebook's order */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < cb->n_vars; i++) {
            cJSON *c = variable_json(&cb->vars[i], nc.notes);
            if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "check")) == !pass)
                cJSON_AddItemToArray(a, c);
            else
                cJSON_Delete(c);
        }
    cJSON_Delete(nc.notes);
    reply_cjson(rp, 200, o);
cleanup:
    ms_codebook_destroy(cb);
    ms_programme_destroy(p);
}

static void csv_cell(FILE *f, const char *s)
{
    if (!strpbrk(s, ",;\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Replace the role line of [questionnaire NAME] in the programme file. */
static int set_role(const char *path, const char *name, const char *role)
{
    FILE *in = fopen(path, "r");
    char tmp[1400], line[4096], head[300];
    if (!in)
        return -1;
    /* a name too long for its section line is no questionnaire of ours */
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp ||
        (size_t)snprintf(head, sizeof head, "[questionnaire %s]", name) >= sizeof head) {
        fclose(in);
        return -1;
    }
    FILE *out = fopen(tmp, "w");
    bool inside = false;
    while (out && fgets(line, sizeof line, in)) {
        if (line[0] == '[')
            inside = !strncmp(line, head, strlen(head));
        if (inside && !strncmp(line, "role", 4) && strchr(line, '=')) {
            fprintf(out, "role = %s\n", role);
            continue;
        }
        fputs(line, out);
    }
    fclose(in);
    if (!out || fclose(out) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

static void api_questionnaire_put(ms_server *srv, const ms_request *rq, const ms_prog *pr,
                                  const char *name, ms_reply *rp)
{
    char path[1300], tmp[1400], field[96], ini[1300];
    ms_programme *p = NULL;
    ms_codebook *cb = NULL;
    ms_error err = {0};
    const ms_questionnaire *q;
    FILE *f = NULL;
    cJSON *o = NULL;
    ms_work_paths(srv, pr->id, "drafts/programme.ini", ini, sizeof ini);
    if (!exists(ini) || ms_programme_load(ini, &p, &err) != MS_OK || !(q = find_q(p, name))) {
        ms_reply_error(rp, 404, NULL, "no such questionnaire");
        goto cleanup;
    }
    if (!(o = body_object(rq, rp)))
        goto cleanup;
    const char *role = member_string(o, "role", rp, false);
    if (!role && rp->status)
        goto cleanup;
    bool role_known = !role;
    for (int r = MS_ROLE_MENTORS_BANK; role && r <= MS_ROLE_ENTRY_EXIT; r++)
        role_known |= !strcmp(role, ms_role_name((ms_role)r));
    if (!role_known) {
        ms_reply_error(rp, 400, "role", "unknown role (%s)", role);
        goto cleanup;
    }
    cJSON *rows = cJSON_GetObjectItemCaseSensitive(o, "columns");
    if (!cJSON_IsArray(rows) || cJSON_GetArraySize(rows) == 0) {
        ms_reply_error(rp, 400, "columns", "\"columns\" must be a non-empty array of rows");
        goto cleanup;
    }
    snprintf(path, sizeof path, "%s", q->codebook);
    snprintf(tmp, sizeof tmp, "%s.put-%lld.csv", path, (long long)pr->id);
    if (!(f = fopen(tmp, "w"))) {
        ms_reply_error(rp, 500, NULL, "cannot write the codebook");
        goto cleanup;
    }
    for (int c = 0; c < N_COLS; c++)
        fprintf(f, "%s%s", c ? "," : "", cols[c]);
    fputc('\n', f);
    int i = 0;
    cJSON *row;
    cJSON_ArrayForEach(row, rows) {
        if (!cJSON_IsObject(row)) {
            snprintf(field, sizeof field, "columns[%d]", i);
            ms_reply_error(rp, 400, field, "each row must be an object");
            goto cleanup;
        }
        for (int c = 0; c < N_COLS; c++) {
            cJSON *v = cJSON_GetObjectItemCaseSensitive(row, cols[c]);
            if (v && !cJSON_IsString(v) && !cJSON_IsNull(v)) {
                snprintf(field, sizeof field, "columns[%d].%s", i, cols[c]);
                ms_reply_error(rp, 400, field, "\"%s\" must be a string", cols[c]);
                goto cleanup;
            }
            if (c)
                fputc(',', f);
            csv_cell(f, cJSON_IsString(v) ? v->valuestring : "");
        }
        fputc('\n', f);
        i++;
    }
    if (fclose(f) != 0) {
        f = NULL;
        ms_reply_error(rp, 500, NULL, "cannot write the codebook");
        goto cleanup;
    }
    f = NULL;
    if (ms_codebook_load(tmp, &cb, &err) != MS_OK) {
        /* the file's line 1 is the header: row = line - 2; its column names the cell */
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "error", err.message);
        if (err.line >= 2)
            cJSON_AddNumberToObject(e, "row", (double)(err.line - 2));
        if (err.column >= 1 && err.column <= N_COLS)
            cJSON_AddStringToObject(e, "field", cols[err.column - 1]);
        reply_cjson(rp, 422, e);
        goto cleanup;
    }
    if (rename(tmp, path) != 0 || (role && set_role(ini, name, role))) {
        ms_reply_error(rp, 500, NULL, "cannot save the codebook");
        goto cleanup;
    }
    ms_store_edited(srv->store, pr->id); /* the report built before is out of date */
    /* a pairing made from the old drafts is made again by its button */
    char pairing[1300];
    ms_work_paths(srv, pr->id, "drafts/pairing.ini", pairing, sizeof pairing);
    unlink(pairing);
    ms_programme_destroy(p);
    p = NULL;
    if (ms_programme_load(ini, &p, &err) != MS_OK) {
        ms_reply_error(rp, 422, "role", "saved, but the programme does not read: %s", err.message);
        goto cleanup;
    }
    api_questionnaire_get(srv, pr, name, rp);
cleanup:
    if (f)
        fclose(f);
    unlink(tmp);
    cJSON_Delete(o);
    ms_codebook_destroy(cb);
    ms_programme_destroy(p);
}

/* ---------- jobs ---------- */

static void api_report(ms_server *srv, const ms_prog *p, ms_reply *rp)
{
    char path[1300];
    ms_job j;
    ms_work_paths(srv, p->id, "drafts/programme.ini", path, sizeof path);
    if (!exists(path)) {
        ms_reply_error(rp, 409, NULL, "upload the exports and draft the questionnaires first");
        return;
    }
    if (ms_store_job_latest(srv->store, p->id, p->org, 0, &j) == 0 &&
        (!strcmp(j.state, "queued") || !strcmp(j.state, "running"))) {
        reply_cjson(rp, 202, job_json(&j)); /* the build already under way */
        return;
    }
    int64_t id = ms_store_job_create(srv->store, p->id, p->org, "report", p->year);
    if (id <= 0 || ms_store_job_get(srv->store, id, p->org, &j)) {
        ms_reply_error(rp, 500, NULL, "cannot queue the build");
        return;
    }
    ms_work_wake(srv);
    reply_cjson(rp, 202, job_json(&j));
}

/* ---------- the pairing ---------- */

static const ms_questionnaire *q_of_role(const ms_programme *p, ms_role role)
{
    for (size_t i = 0; i < p->n_q; i++)
        if (p->q[i].role == role)
            return &p->q[i];
    return NULL;
}

/* A copy of a codebook (written with the name first on each line, as
 * init's drafts and the review table's saves are) with variable `from`
 * named `to`. */
static int rename_variable(const char *path, const char *copy, const char *from, const char *to)
{
    char tmp[1400], line[8192];
    size_t n = strlen(from);
    snprintf(tmp, sizeof tmp, "%s.tmp", copy);
    FILE *in = fopen(path, "r"), *out = in ? fopen(tmp, "w") : NULL;
    while (out && fgets(line, sizeof line, in)) {
        if (!strncmp(line, from, n) && line[n] == ',')
            fprintf(out, "%s%s", to, line + n);
        else
            fputs(line, out);
    }
    if (in)
        fclose(in);
    if (!out || fclose(out) != 0 || rename(tmp, copy) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* pairing.ini: the programme file without its [matching] section, with the
 * one given, and when codebook is given, that codebook for questionnaire q. */
static int write_pairing(const char *path, const char *pairing, const char *section,
                         const char *q, const char *codebook)
{
    char tmp[1400], line[4096], head[300];
    snprintf(tmp, sizeof tmp, "%s.tmp", pairing);
    snprintf(head, sizeof head, "[questionnaire %s]", q);
    FILE *in = fopen(path, "r"), *out = in ? fopen(tmp, "w") : NULL;
    bool inside = false, in_q = false;
    while (out && fgets(line, sizeof line, in)) {
        if (line[0] == '[') {
            inside = !strncmp(line, "[matching]", 10);
            in_q = !strncmp(line, head, strlen(head));
        }
        if (in_q && codebook && !strncmp(line, "codebook", 8) && strchr(line, '='))
            fprintf(out, "codebook = %s\n", codebook);
        else if (!inside)
            fputs(line, out);
    }
    if (out)
        fputs(section, out);
    if (in)
        fclose(in);
    if (!out || fclose(out) != 0 || rename(tmp, pairing) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* POST /api/programmes/{id}/matching: pairs from the two banks, as
 * `[matching]` (docs/match.md) in drafts/pairing.ini, which the report is
 * built from while it exists — the areas are the multi variable both banks
 * have by name (when each has one, the mentees' is named as the mentors' in
 * a copy of their codebook, so that the summaries sent to the office keep
 * init's names, as every school's do), capacity the mentors' «Скольких
 * наставляемых…» number (else 1), same the group variables both have. */
static void api_matching(ms_server *srv, const ms_prog *pr, ms_reply *rp)
{
    char ini[1300], pini[1300], copy[1400], copy_name[200], section[1024];
    ms_programme *p = NULL;
    ms_codebook *ma = NULL, *me = NULL;
    ms_error err = {0};
    const ms_questionnaire *qa, *qe;
    ms_work_paths(srv, pr->id, "drafts/programme.ini", ini, sizeof ini);
    if (!exists(ini) || ms_programme_load(ini, &p, &err) != MS_OK) {
        ms_reply_error(rp, 409, NULL, "upload the exports and draft the questionnaires first");
        goto cleanup;
    }
    if (!(qa = q_of_role(p, MS_ROLE_MENTORS_BANK)) || !(qe = q_of_role(p, MS_ROLE_MENTEES_REQUESTS))) {
        ms_reply_error(rp, 409, "role", "pairs need a questionnaire of role mentors_bank and one "
                                        "of mentees_requests");
        goto cleanup;
    }
    if (ms_codebook_load(qa->codebook, &ma, &err) != MS_OK ||
        ms_codebook_load(qe->codebook, &me, &err) != MS_OK) {
        ms_reply_error(rp, 422, NULL, "a bank's codebook does not read: %s", err.message);
        goto cleanup;
    }
    const ms_variable *area_a = NULL, *area_e = NULL;
    size_t multi_a = 0, multi_e = 0;
    bool shared = false;
    for (size_t i = 0; i < ma->n_vars; i++)
        if (ma->vars[i].type == MS_TYPE_MULTI) {
            area_a = &ma->vars[i], multi_a++;
            long j = ms_codebook_find(me, ma->vars[i].name);
            shared |= j >= 0 && me->vars[j].type == MS_TYPE_MULTI;
        }
    for (size_t i = 0; i < me->n_vars; i++)
        if (me->vars[i].type == MS_TYPE_MULTI)
            area_e = &me->vars[i], multi_e++;
    if (!shared && (multi_a != 1 || multi_e != 1)) {
        ms_reply_error(rp, 422, "name", "give the areas (a multi variable) the same name in both "
                                        "banks in the review table, then pair again");
        goto cleanup;
    }
    ms_work_paths(srv, pr->id, "drafts/pairing.ini", pini, sizeof pini);
    snprintf(copy_name, sizeof copy_name, "%s.pairing.codebook.csv", qe->name);
    ms_work_paths(srv, pr->id, "drafts", copy, sizeof copy);
    strncat(copy, "/", sizeof copy - strlen(copy) - 1);
    strncat(copy, copy_name, sizeof copy - strlen(copy) - 1);
    if (!shared && (ms_codebook_find(me, area_a->name) >= 0 ||
                    rename_variable(qe->codebook, copy, area_e->name, area_a->name))) {
        ms_reply_error(rp, 422, "name", "cannot name the mentees' areas %s as the mentors'",
                       area_a->name);
        goto cleanup;
    }
    const char *capacity = "1";
    for (size_t i = 0; i < ma->n_vars; i++)
        if (ma->vars[i].type == MS_TYPE_NUMBER && ma->vars[i].source &&
            strstr(ma->vars[i].source, "кольк") && strstr(ma->vars[i].source, "наставляем"))
            capacity = ma->vars[i].name;
    int n = snprintf(section, sizeof section,
                     "\n; added by mentorstat serve: pairs from the two banks (internal)\n"
                     "[matching]\nmentors = %s\nmentees = %s\ncapacity = %s\n", qa->name,
                     qe->name, capacity);
    bool first = true;
    for (size_t i = 0; i < ma->n_vars && n > 0 && (size_t)n < sizeof section - 80; i++) {
        long j = ms_codebook_find(me, ma->vars[i].name);
        if (ma->vars[i].type == MS_TYPE_GROUP && j >= 0 && me->vars[j].type == MS_TYPE_GROUP) {
            n += snprintf(section + n, sizeof section - (size_t)n, "%s%s", first ? "same = " : " ",
                          ma->vars[i].name);
            first = false;
        }
    }
    if (!first)
        strcat(section, "\n");
    if (write_pairing(ini, pini, section, qe->name, shared ? NULL : copy_name)) {
        ms_reply_error(rp, 500, NULL, "cannot write the programme file");
        goto cleanup;
    }
    ms_programme_destroy(p);
    p = NULL;
    if (ms_programme_load(pini, &p, &err) != MS_OK) {
        unlink(pini);
        ms_reply_error(rp, 422, NULL, "the pairing does not read: %s", err.message);
        goto cleanup;
    }
    api_report(srv, pr, rp);
cleanup:
    ms_codebook_destroy(ma);
    ms_codebook_destroy(me);
    ms_programme_destroy(p);
}

/* ---------- the office ---------- */

static void add_sub(int64_t id, int64_t org, const char *name, int year, long long created,
                    void *ctx)
{
    cJSON *s = cJSON_CreateObject();
    (void)id, (void)org;
    cJSON_AddStringToObject(s, "organisation", name);
    cJSON_AddNumberToObject(s, "year", year);
    cJSON_AddNumberToObject(s, "submitted", (double)created);
    cJSON_AddItemToArray(ctx, s);
}

static void api_territory(ms_server *srv, const ms_session *se, ms_reply *rp)
{
    cJSON *o = cJSON_CreateObject(), *a = cJSON_AddArrayToObject(o, "submissions");
    cJSON *reports = cJSON_AddArrayToObject(o, "reports");
    ms_store_submissions(srv->store, 0, add_sub, a);
    cJSON *s;
    int last = 0;
    cJSON_ArrayForEach(s, a) {
        int y = (int)cJSON_GetObjectItem(s, "year")->valuedouble;
        ms_job j;
        if (y == last || ms_store_job_latest(srv->store, 0, se->org, y, &j))
            continue;
        last = y;
        cJSON_AddItemToArray(reports, job_json(&j));
    }
    reply_cjson(rp, 200, o);
}

static void api_territory_report(ms_server *srv, const ms_request *rq, ms_reply *rp)
{
    cJSON *o = body_object(rq, rp);
    if (!o)
        return;
    cJSON *y = cJSON_GetObjectItemCaseSensitive(o, "year");
    ms_job j;
    int n = 0;
    if (!cJSON_IsNumber(y) || !year_ok(y->valuedouble)) {
        ms_reply_error(rp, 400, "year", "\"year\" must be a school year, 2000–2100");
    } else if (ms_store_submissions(srv->store, (int)y->valuedouble, add_sub,
                                    cJSON_AddArrayToObject(o, "s")) ||
               (n = cJSON_GetArraySize(cJSON_GetObjectItem(o, "s"))) == 0) {
        ms_reply_error(rp, 409, "year", "no school has sent summaries for %d",
                       (int)y->valuedouble);
    } else {
        int64_t id = ms_store_job_create(srv->store, 0, rq->session->org, "territory",
                                         (int)y->valuedouble);
        if (id <= 0 || ms_store_job_get(srv->store, id, rq->session->org, &j))
            ms_reply_error(rp, 500, NULL, "cannot queue the build");
        else {
            ms_work_wake(srv);
            reply_cjson(rp, 202, job_json(&j));
        }
    }
    cJSON_Delete(o);
}

/* ---------- files of reports ---------- */

static const char *type_of(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {{".html", "text/html; charset=utf-8"},
                 {".csv", "text/csv; charset=utf-8"},
                 {".md", "text/markdown; charset=utf-8"},
                 {".svg", "image/svg+xml"},
                 {".png", "image/png"},
                 {".gp", "text/plain; charset=utf-8"},
                 {".dat", "text/plain; charset=utf-8"},
                 {".txt", "text/plain; charset=utf-8"},
                 {".zip", "application/zip"},
                 {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
                 {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
                 {".msum", "text/plain; charset=utf-8"}};
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
        if (!strcmp(dot, types[i].ext))
            return types[i].type;
    return "application/octet-stream";
}

/* The report's own pages: sandboxed, no script, inline style and images only.
 * allow-same-origin without allow-scripts: nothing in the page can run, so
 * the origin gives it nothing, but its requests stay same-site — a frame
 * restored by Back (after a contents link) sends the SameSite=Strict session
 * cookie instead of getting the login page (which may not be framed). */
#define REPORT_CSP                                                                          \
    "sandbox allow-same-origin allow-popups allow-downloads; default-src 'none'; "          \
    "style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'"

static void send_file(ms_reply *rp, const char *base, const char *rel, const char *download)
{
    char path[2400];
    struct stat st;
    if (ms_path_unsafe(rel)) {
        ms_reply_error(rp, 404, NULL, "no such file");
        return;
    }
    snprintf(path, sizeof path, "%s/%s", base, rel);
    /* a symbolic link is never followed out: the server makes none */
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        ms_reply_error(rp, 404, NULL, "no such file");
        return;
    }
    rp->status = 200;
    rp->file = strdup(path);
    rp->type = type_of(path);
    rp->csp = REPORT_CSP;
    const char *slash = strrchr(rel, '/');
    if (download || !strstr(rp->type, "html"))
        snprintf(rp->disposition, sizeof rp->disposition, "%s; filename=\"%s\"",
                 strstr(rp->type, "html") || strstr(rp->type, "svg") || strstr(rp->type, "png")
                     ? "inline" : "attachment",
                 download ? download : slash ? slash + 1 : rel);
}

/* /programmes/ID/report/FILE, /programmes/ID/report.zip, /programmes/ID/internal/FILE */
static void programme_files(ms_server *srv, const ms_request *rq, ms_reply *rp, int64_t id,
                            const char *rest)
{
    ms_prog p;
    char base[1300];
    if (!rq->session) {
        ms_reply_error(rp, 401, NULL, "log in first");
        return;
    }
    if (rq->session->role != MS_ROLE_SCHOOL ||
        ms_store_programme_get(srv->store, id, rq->session->org, &p)) {
        ms_reply_error(rp, 404, NULL, "no such programme");
        return;
    }
    if (!strcmp(rest, "report.zip")) {
        ms_work_paths(srv, id, "", base, sizeof base);
        send_file(rp, base, "report.zip", "report.zip");
    } else if (!strncmp(rest, "report/", 7)) {
        ms_work_paths(srv, id, "report", base, sizeof base);
        send_file(rp, base, rest + 7, NULL);
    } else if (!strncmp(rest, "internal/", 9)) {
        ms_work_paths(srv, id, "report-internal", base, sizeof base);
        send_file(rp, base, rest + 9, NULL);
    } else {
        ms_reply_error(rp, 404, NULL, "no such file");
    }
}

/* /territory/YEAR/report/FILE (published), /territory/YEAR/internal/FILE (with names) */
static void territory_files(ms_server *srv, const ms_request *rq, ms_reply *rp, int year,
                            const char *rest)
{
    char base[1300];
    if (!rq->session) {
        ms_reply_error(rp, 401, NULL, "log in first");
        return;
    }
    if (rq->session->role != MS_ROLE_OFFICE) {
        ms_reply_error(rp, 404, NULL, "no such report");
        return;
    }
    bool internal = !strncmp(rest, "internal/", 9);
    if (!internal && strncmp(rest, "report/", 7)) {
        ms_reply_error(rp, 404, NULL, "no such file");
        return;
    }
    snprintf(base, sizeof base, "%s/t/%lld-%d/%s", srv->dir, (long long)rq->session->org, year,
             internal ? "report-internal" : "report");
    send_file(rp, base, rest + (internal ? 9 : 7), NULL);
}

/* ---------- routing ---------- */

static bool state_changing(const char *method)
{
    return strcmp(method, "GET") && strcmp(method, "HEAD");
}

void ms_api_handle(ms_server *srv, const ms_request *rq, ms_reply *rp)
{
    const char *url = rq->url, *m = rq->method;
    long long id = 0;
    int n = 0, year = 0;
    ms_prog p;
    char rest[600] = "";
    /* a path with a ".." (MHD has decoded %2e%2e already) never names anything */
    if (strstr(url, "/../") || strstr(url, "/./") || (strlen(url) >= 3 &&
        !strcmp(url + strlen(url) - 3, "/..")) || strchr(url, '\\')) {
        ms_reply_error(rp, 404, NULL, "no such file");
        return;
    }
    if (!strcmp(url, "/api/health")) {
        int jobs = -1;
        sqlite3_stmt *st = NULL;
        pthread_mutex_lock(&srv->store->lock);
        if (sqlite3_prepare_v2(srv->store->db, "SELECT count(*) FROM jobs WHERE state IN "
                               "('queued','running')", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            jobs = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        pthread_mutex_unlock(&srv->store->lock);
        ms_reply_json(rp, jobs < 0 ? 503 : 200,
                      ms_xasprintf("{\"status\":\"%s\",\"version\":\"%s\",\"builds_pending\":%d}",
                                   jobs < 0 ? "database unavailable" : "ok", MS_VERSION, jobs));
        return;
    }
    if (!strcmp(url, "/api/login")) {
        if (strcmp(m, "POST"))
            ms_reply_error(rp, 405, NULL, "use POST");
        else
            api_login(srv, rq, rp);
        return;
    }
    if (!strncmp(url, "/api/", 5) && !rq->session) {
        ms_reply_error(rp, 401, NULL, "log in first");
        return;
    }
    if (sscanf(url, "/programmes/%lld/%n", &id, &n) == 1 && n) {
        programme_files(srv, rq, rp, id, url + n);
        return;
    }
    if (sscanf(url, "/territory/%d/%n", &year, &n) == 1 && n) {
        territory_files(srv, rq, rp, year, url + n);
        return;
    }
    if (strncmp(url, "/api/", 5))
        return; /* a page */
    if (state_changing(m) && !rq->csrf_ok) {
        ms_reply_error(rp, 403, NULL, "the CSRF token (X-CSRF-Token from /api/session) is "
                                      "missing or wrong");
        return;
    }
    const ms_session *se = rq->session;
    bool school = se->role == MS_ROLE_SCHOOL, get = !strcmp(m, "GET"), post = !strcmp(m, "POST");
    if (!strcmp(url, "/api/logout") && post) {
        /* the token is the cookie's; the session row is found by its hash */
        api_logout(srv, rq, rp, rq->session_token);
        return;
    }
    if (!strcmp(url, "/api/session") && get) {
        session_json(rp, 200, se);
        return;
    }
    if (!strcmp(url, "/api/programmes")) {
        if (get) {
            cJSON *a = cJSON_CreateArray();
            if (school)
                ms_store_programme_list(srv->store, se->org, add_prog, a);
            reply_cjson(rp, 200, a);
        } else if (post && school)
            api_programme_create(srv, rq, rp);
        else if (post)
            ms_reply_error(rp, 403, NULL, "an office has no programmes of its own");
        else
            ms_reply_error(rp, 405, NULL, "use GET or POST");
        return;
    }
    if (!strncmp(url, "/api/jobs/", 10) && sscanf(url, "/api/jobs/%lld%n", &id, &n) == 1 &&
        !url[n] && get) {
        ms_job j;
        if (ms_store_job_get(srv->store, id, se->org, &j))
            ms_reply_error(rp, 404, NULL, "no such job");
        else
            reply_cjson(rp, 200, job_json(&j));
        return;
    }
    if (!strcmp(url, "/api/territory") && get) {
        if (school)
            ms_reply_error(rp, 404, NULL, "no such resource");
        else
            api_territory(srv, se, rp);
        return;
    }
    if (!strcmp(url, "/api/territory/report") && post) {
        if (school)
            ms_reply_error(rp, 404, NULL, "no such resource");
        else
            api_territory_report(srv, rq, rp);
        return;
    }
    if (sscanf(url, "/api/programmes/%lld%n", &id, &n) == 1) {
        snprintf(rest, sizeof rest, "%s", url + n);
        if (!school || ms_store_programme_get(srv->store, id, se->org, &p)) {
            ms_reply_error(rp, 404, NULL, "no such programme");
            return;
        }
        const char *qn = !strncmp(rest, "/questionnaires/", 16) ? rest + 16 : NULL;
        if (!rest[0] && get)
            api_programme(srv, &p, rp);
        else if (!strcmp(rest, "/files") && get) {
            cJSON *a = cJSON_CreateArray();
            ms_store_file_list(srv->store, p.id, add_file, a);
            reply_cjson(rp, 200, a);
        } else if (!strcmp(rest, "/files") && post && rq->upload) {
            if (rq->upload->status)
                ms_reply_error(rp, rq->upload->status, "file", "%s", rq->upload->error);
            else if (!rq->upload->n_files && rq->upload->n_same)
                ms_reply_error(rp, 409, "file", "%s", rq->upload->same);
            else if (!rq->upload->n_files)
                ms_reply_error(rp, 400, "file", "no file in the form (field \"file\")");
            else {
                cJSON *a = cJSON_CreateArray();
                ms_store_file_list(srv->store, p.id, add_file, a);
                reply_cjson(rp, 201, a);
            }
        } else if (!strcmp(rest, "/init") && post) {
            char why[1400];
            if (ms_work_init(srv, se, &p, why, sizeof why))
                ms_reply_error(rp, 422, NULL, "%s", why);
            else {
                ms_store_edited(srv->store, p.id);
                cJSON *o = cJSON_CreateObject();
                cJSON_AddItemToObject(o, "questionnaires", questionnaires_json(srv, p.id));
                reply_cjson(rp, 200, o);
            }
        } else if (!strcmp(rest, "/questionnaires") && get)
            reply_cjson(rp, 200, questionnaires_json(srv, p.id));
        else if (qn && name_ok(qn) && get)
            api_questionnaire_get(srv, &p, qn, rp);
        else if (qn && name_ok(qn) && !strcmp(m, "PUT"))
            api_questionnaire_put(srv, rq, &p, qn, rp);
        else if (!strcmp(rest, "/check") && get) {
            char *s = ms_work_check(srv, p.id);
            if (s)
                ms_reply_json(rp, 200, s);
            else
                ms_reply_error(rp, 409, NULL, "upload the exports and draft the questionnaires "
                                              "first");
        } else if (!strcmp(rest, "/report") && post)
            api_report(srv, &p, rp);
        else if (!strcmp(rest, "/matching") && post)
            api_matching(srv, &p, rp);
        else if (!strcmp(rest, "/submit") && post) {
            char why[1400];
            if (ms_work_submit(srv, se, &p, why, sizeof why))
                ms_reply_error(rp, 422, NULL, "%s", why);
            else
                ms_reply_json(rp, 200, ms_xasprintf("{\"submitted\":true,\"year\":%d}", p.year));
        } else
            ms_reply_error(rp, 404, NULL, "no such resource");
        return;
    }
    ms_reply_error(rp, 404, NULL, "no such resource");
}
