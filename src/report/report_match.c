/*
 * report_match.c — `[matching]` in the programme: the pairing of this year's
 * bank of mentors with this year's requests, written as the internal
 * document (match.html and its CSV tables) into the directory report.c
 * hands over: the temporary of OUTDIR-internal/, a sibling of OUTDIR and
 * never inside it, because the school uploads OUTDIR to its web site as a
 * whole and this page shows the banks' codes (and names with names = yes).
 * The published page neither includes, links nor names it.
 */
#include "mentorstat/match.h"
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

/* The questionnaire named in [matching], or the first with the role. */
static const ms_questionnaire *bank_of(const ms_report *r, const char *name, ms_role role)
{
    const ms_programme *p = r->prog;
    for (size_t i = 0; i < p->n_q; i++)
        if (name ? !strcmp(p->q[i].name, name) : p->q[i].role == role)
            return &p->q[i];
    return NULL;
}

static ms_status options_of(const ms_report *r, ms_match_options *o)
{
    const ms_matching *m = r->prog->matching;
    const ms_questionnaire *mr = bank_of(r, m->mentors, MS_ROLE_MENTORS_BANK);
    const ms_questionnaire *me =
        m->split ? mr : bank_of(r, m->mentees, MS_ROLE_MENTEES_REQUESTS);
    if (!mr || !me)
        return ms_error_set(r->pr.err, MS_ERR_PROGRAMME, r->prog->path, m->line, 0,
                            "[matching] needs the bank of %s: no [questionnaire %s]",
                            !mr ? "mentors" : "mentees",
                            !mr ? (m->mentors ? m->mentors : "NAME] with role = mentors_bank")
                                : (m->mentees ? m->mentees : "NAME] with role = mentees_requests"));
    *o = (ms_match_options){
        .mentors = {mr->codebook, (const char *const *)mr->data, mr->n_data, mr->sheet},
        .mentees = {me->codebook, (const char *const *)me->data, me->n_data, me->sheet},
        .capacity = 1,
        .same = (const char *const *)m->same,
        .n_same = m->n_same,
        .differ = (const char *const *)m->differ,
        .n_differ = m->n_differ,
        .keep = m->keep,
        .exclude = m->exclude,
        .spread = m->spread,
        .min_score = m->min_score,
        .min_share = m->min_share,
        .prefer = (const char *const *)m->prefer,
        .n_prefer = m->n_prefer,
        .split = m->split,
        .names = m->names,
    };
    if (m->capacity) {
        char *end;
        long v = strtol(m->capacity, &end, 10);
        if (end != m->capacity && !*end) {
            if (v < 0)
                return ms_error_set(r->pr.err, MS_ERR_PROGRAMME, r->prog->path, m->line, 0,
                                    "[matching] capacity must be a whole number, 0 or more, "
                                    "or a variable (%s)",
                                    m->capacity);
            o->capacity = v;
        } else {
            o->capacity_var = m->capacity;
        }
    }
    return MS_OK;
}

ms_status ms_report_match(ms_report *r, const char *dir)
{
    ms_match_options o;
    ms_match_result *res = NULL;
    ms_status st = options_of(r, &o);
    if (st == MS_OK)
        st = ms_match_run(&o, &res, r->pr.err);
    if (st == MS_OK) {
        /* listed in match.html; the count goes to the summary line */
        r->match_left_out = res->mentor_rows.quarantined + res->mentee_rows.quarantined +
                            res->other_rows.quarantined;
        st = ms_match_write_into(res, dir, r->pr.ru, r->pr.err);
    }
    ms_match_result_destroy(res);
    return st;
}
