/*
 * report_charts.c — charts as gnuplot scripts with their data, rendered by
 * the external gnuplot program and inlined into the page as SVG.
 *
 * Every chart is charts/NAME.gp + charts/NAME.dat; the script reads the data
 * and writes NAME.svg (and NAME.png when gnuplot has the pngcairo terminal),
 * all relative to its own directory, so a methodologist can restyle a chart
 * with `cd charts && gnuplot NAME.gp`.  User text reaches a script only as a
 * single-quoted string (ms_sbuf_gp) and a .dat file only in comments: the
 * data columns are numbers and strings we formatted ourselves.
 * One palette everywhere: ColorBrewer RdBu (colour-blind safe).
 */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np (glibc 2.29) */
#include "report_int.h"
#include "cnum.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define GNUPLOT_MISSING "gnuplot not found (Debian: apt-get install gnuplot-nox)"

/* ---------- palette ---------- */

/* ColorBrewer RdBu, 3 to 11 classes (Cynthia Brewer, colorbrewer2.org). */
static const unsigned long rdbu[9][11] = {
    {0xef8a62, 0xf7f7f7, 0x67a9cf},
    {0xca0020, 0xf4a582, 0x92c5de, 0x0571b0},
    {0xca0020, 0xf4a582, 0xf7f7f7, 0x92c5de, 0x0571b0},
    {0xb2182b, 0xef8a62, 0xfddbc7, 0xd1e5f0, 0x67a9cf, 0x2166ac},
    {0xb2182b, 0xef8a62, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x67a9cf, 0x2166ac},
    {0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac},
    {0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac},
    {0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac,
     0x053061},
    {0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de, 0x4393c3,
     0x2166ac, 0x053061},
};

unsigned long ms_chart_diverging(size_t i, size_t k)
{
    if (k < 2)
        return 0x4393c3;
    if (k == 2)
        return i ? 0x2166ac : 0xb2182b;
    if (k <= 11)
        return rdbu[k - 3][i];
    /* more levels than ColorBrewer defines: interpolate the 11 classes */
    double t = (double)i / (double)(k - 1) * 10.0;
    size_t a = (size_t)t, b = a < 10 ? a + 1 : 10;
    double f = t - (double)a;
    unsigned long ca = rdbu[8][a], cb = rdbu[8][b], out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
        double x = (double)((ca >> shift) & 0xff) * (1 - f) + (double)((cb >> shift) & 0xff) * f;
        out |= (unsigned long)lround(x) << shift;
    }
    return out;
}

static bool dark(unsigned long rgb)
{
    double y = 0.2126 * (double)((rgb >> 16) & 0xff) + 0.7152 * (double)((rgb >> 8) & 0xff) +
               0.0722 * (double)(rgb & 0xff);
    return y < 140;
}

static const unsigned long series_colour[] = {MS_COLOUR_A, MS_COLOUR_B, MS_COLOUR_C, 0x92c5de};

/* ---------- script frame ---------- */

void ms_chart_preamble(const ms_report *r, ms_sbuf *gp, const char *name, const char *title,
                       int height)
{
    ms_sbuf_puts(gp, "# mentorstat chart: ");
    ms_sbuf_comment(gp, title);
    ms_sbuf_printf(gp,
                   "\n# Run in this directory: gnuplot %s.gp  (reads %s.dat, writes %s.svg"
                   " and, with the pngcairo terminal, %s.png)\n",
                   name, name, name, name);
    ms_sbuf_puts(gp, "set encoding utf8\n");
    ms_sbuf_printf(gp,
                   "set terminal svg size 800,%d dynamic font 'DejaVu Sans,11' "
                   "background rgb 'white' noenhanced\n",
                   height);
    ms_sbuf_printf(gp, "set output '%s.svg'\n", name);
    /* the slide and phone copies set ms_copy first: they draw a few things
     * their own way (shorter labels, fewer tics) */
    ms_sbuf_puts(gp, "if (!exists('ms_copy')) ms_copy = 'page'\n");
    ms_sbuf_printf(gp, "set decimalsign '%s'\n", r->pr.ru ? "," : ".");
    /* the figures on the bars and dots 11 units like the axes' (they were
     * 9: small at a desk), the tic labels dark, not the border's grey */
    ms_sbuf_puts(gp, "set border 3 lc rgb '#777777'\nset tics nomirror out\n"
                     "set tics textcolor rgb '#222222'\n"
                     "set grid xtics lc rgb '#dddddd' lt 1\n");
}

void ms_chart_postamble(const ms_report *r, ms_sbuf *gp, const char *name, int height)
{
    (void)r;
    ms_sbuf_printf(gp,
                   "\n# the same chart as PNG, when this gnuplot has the cairo terminals\n"
                   "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
                   "    set terminal pngcairo size 800,%d font 'DejaVu Sans,10' "
                   "background rgb 'white' noenhanced\n"
                   "    set output '%s.png'\n    replot\n}\nunset output\n",
                   height, name);
}

/* The length of a row label a slide or a phone shows: without a closing
 * remark in brackets («Время на наставляемого (обратный вопрос: …)»), which
 * the slide's caption gives in full. */
static size_t short_label(const char *s)
{
    size_t n = strlen(s);
    const char *open = strstr(s, " (");
    if (n && s[n - 1] == ')' && open && open - s >= 8)
        return (size_t)(open - s);
    return n;
}

static void tic_list(ms_sbuf *gp, const char *const *rows, size_t n, bool shorten, size_t width)
{
    ms_sbuf_puts(gp, "set ytics (");
    for (size_t i = 0; i < n; i++) {
        ms_sbuf_puts(gp, i ? ", " : "");
        ms_sbuf one = {0};
        ms_sbuf_putn(&one, rows[i], shorten ? short_label(rows[i]) : strlen(rows[i]));
        ms_sbuf_gp_tic(gp, ms_sbuf_str(&one) ? ms_sbuf_str(&one) : "", width);
        if (one.failed)
            ms_sbuf_fail(gp);
        ms_sbuf_free(&one);
        ms_sbuf_printf(gp, " %zu", n - i);
    }
    ms_sbuf_puts(gp, ")\n");
}

/* set ytics ('label' y, ...): row i of n at y = n - i, so the first is on
 * top.  The slide's copy has its labels short and on one line where they
 * fit (larger type in rows as high as the page's: wrapped labels ran into
 * each other), the phone's short and narrow; the labels they shorten are
 * kept in full for the slide's caption. */
static void row_tics(ms_report *r, ms_sbuf *gp, const char *const *rows, size_t n)
{
    tic_list(gp, rows, n, false, 34);
    ms_sbuf_puts(gp, "if (ms_copy eq 'slide') \\\n    ");
    tic_list(gp, rows, n, true, 44);
    ms_sbuf_puts(gp, "if (ms_copy eq 'phone') \\\n    ");
    tic_list(gp, rows, n, true, 16);
    ms_sbuf_printf(gp, "set yrange [0.4:%zu.6]\n", n);
    for (size_t i = 0; i < n; i++)
        if (short_label(rows[i]) < strlen(rows[i])) {
            ms_sbuf_puts(&r->chart_note, r->chart_note.len ? "; " : "");
            ms_sbuf_puts(&r->chart_note, rows[i]);
        }
}

static int rows_height(size_t rows, size_t per_row)
{
    size_t h = 110 + per_row * rows;
    return (int)(h < 240 ? 240 : h > 2400 ? 2400 : h);
}

/* A plotted value in a .dat file with the precision the page prints it: a
 * published data file must not carry digits the page withholds (with six
 * significant digits, subtracting published figures is exact). */
void ms_chart_value(ms_sbuf *b, double x, int decimals)
{
    ms_sbuf_printf(b, "%.*f", decimals, x);
}

static void values(ms_sbuf *b, int decimals, const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ms_chart_value(b, x[i], decimals);
        ms_sbuf_puts(b, " ");
    }
}

static void number_text(const ms_report *r, ms_sbuf *b, double x, int decimals)
{
    char buf[64];
    ms_sbuf_printf(b, "\"%s\"", ms_rnum(&r->pr, buf, sizeof buf, x, decimals, true));
}

/* ---------- running gnuplot ---------- */

static bool on_path(const char *prog)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        return false;
    char buf[4096];
    for (const char *p = path;;) {
        size_t n = strcspn(p, ":");
        int len = n ? ms_c_snprintf(buf, sizeof buf, "%.*s/%s", (int)n, p, prog)
                    : ms_c_snprintf(buf, sizeof buf, "./%s", prog); /* empty entry: cwd */
        struct stat sb;
        if (len > 0 && (size_t)len < sizeof buf && stat(buf, &sb) == 0 && S_ISREG(sb.st_mode) &&
            access(buf, X_OK) == 0)
            return true;
        if (!p[n])
            return false;
        p += n + 1;
    }
}

bool ms_report_on_path(const char *prog)
{
    return on_path(prog);
}

ms_status ms_chart_check_gnuplot(ms_error *err)
{
    return on_path("gnuplot") ? MS_OK
                              : ms_error_set(err, MS_ERR_EXTERNAL, NULL, 0, 0, GNUPLOT_MISSING);
}

/* The last non-empty line of gnuplot.log, for the error message. */
static void last_log_line(const char *log, char *out, size_t size)
{
    out[0] = '\0';
    FILE *f = fopen(log, "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[strspn(line, " \t^")]) {
            /* a long line is cut: the message only needs its start */
            size_t n = strlen(line) < size - 1 ? strlen(line) : size - 1;
            memcpy(out, line, n);
            out[n] = '\0';
        }
    }
    fclose(f);
}

static char *path_join(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 3;
    char *s = ms_malloc(n);
    if (s)
        ms_c_snprintf(s, n, "%s/%s%s", a, b, c);
    return s;
}

/* One gnuplot for the whole report, fed one chart after another: starting
 * gnuplot costs about 0.1 s and a report draws three copies of every chart
 * (page, slides, phone).  It reads commands from a socket rather than a
 * pipe so that writing to a gnuplot that died is EPIPE (MSG_NOSIGNAL), not
 * a SIGPIPE the library has no business handling.  `reset session` before
 * each script gives it the defaults a fresh gnuplot has; only the SVG
 * terminal's colour of an empty group carries over (nothing drawn). */
struct ms_gnuplot {
    pid_t pid;
    int fd;                 /* gnuplot's stdin and stdout; -1 once closed */
};

/* Commands to gnuplot; false when it is gone (EPIPE). */
static bool gp_send(ms_report *r, const ms_sbuf *cmd)
{
    const char *s = ms_sbuf_str(cmd);
    for (size_t done = 0; done < cmd->len;) {
        ssize_t n = send(r->gp->fd, s + done, cmd->len - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        done += (size_t)n;
    }
    return true;
}

/* The next line gnuplot prints ("ms-done" or "ms-fail"), "" at its end. */
static void gp_reply(ms_report *r, char *line, size_t size)
{
    size_t n = 0;
    for (;;) {
        char c;
        ssize_t got = read(r->gp->fd, &c, 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0 || c == '\n')
            break;
        if (n + 1 < size)
            line[n++] = c;
    }
    line[n] = '\0';
}

/* gnuplot -d (no ~/.gnuplot) started in DIR/charts (so that no path of
 * the user's reaches its commands: see report_spawn.c), its messages
 * appended to gnuplot.log, reading commands from and printing replies to a
 * socket. */
static ms_status gp_start(ms_report *r)
{
    char *log = path_join(r->pr.dir, "gnuplot.log", "");
    char *dir = path_join(r->pr.dir, "charts", "");
    ms_status st = MS_OK;
    int sv[2] = {-1, -1};
    posix_spawn_file_actions_t fa;
    bool fa_ready = false;
    if (!log || !dir || !(r->gp = ms_malloc(sizeof *r->gp)))
        goto nomem;
    r->gp->fd = -1;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        st = ms_error_set(r->pr.err, MS_ERR_EXTERNAL, NULL, 0, 0, "cannot run gnuplot: %s",
                          strerror(errno));
        goto cleanup;
    }
    if (posix_spawn_file_actions_init(&fa) != 0)
        goto nomem;
    fa_ready = true;
    if (posix_spawn_file_actions_adddup2(&fa, sv[1], 0) ||
        posix_spawn_file_actions_adddup2(&fa, sv[1], 1) ||
        posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0644) ||
        posix_spawn_file_actions_addchdir_np(&fa, dir))
        goto nomem;
    char *argv[] = {"gnuplot", "-d", NULL};
    int rc = posix_spawnp(&r->gp->pid, "gnuplot", &fa, NULL, argv, environ);
    if (rc != 0) {
        st = rc == ENOENT ? ms_error_set(r->pr.err, MS_ERR_EXTERNAL, NULL, 0, 0, GNUPLOT_MISSING)
                          : ms_error_set(r->pr.err, MS_ERR_EXTERNAL, NULL, 0, 0,
                                         "cannot run gnuplot: %s", strerror(rc));
        goto cleanup;
    }
    r->gp->fd = sv[0];
    sv[0] = -1;
    goto cleanup;
nomem:
    st = NOMEM(r);
cleanup:
    if (fa_ready)
        posix_spawn_file_actions_destroy(&fa);
    for (int i = 0; i < 2; i++)
        if (sv[i] >= 0)
            close(sv[i]);
    if (r->gp && r->gp->fd < 0 && st != MS_OK) {
        ms_free(r->gp);
        r->gp = NULL;
    }
    ms_free(log);
    ms_free(dir);
    return st;
}

static int gp_end(ms_report *r);

/* charts/NAME.gp drawn by the report's gnuplot; an error in the script is
 * gnuplot's GPVAL_ERRNO, told with gnuplot.log's last line. */
static ms_status run_gnuplot(ms_report *r, const char *name)
{
    bool first = !r->gp;
    ms_status st = first ? gp_start(r) : MS_OK;
    if (st != MS_OK)
        return st;
    char script[128], reply[64] = "";
    ms_sbuf cmd = {0};
    if (first)
        ms_sbuf_puts(&cmd, "set print '-'\n");
    ms_c_snprintf(script, sizeof script, "%s.gp", name);
    ms_sbuf_puts(&cmd, "reset session\nreset errors\nload ");
    ms_sbuf_gp(&cmd, script);
    ms_sbuf_puts(&cmd, "\nset output\nprint (GPVAL_ERRNO ? 'ms-fail' : 'ms-done')\n");
    bool nomem = cmd.failed;
    bool sent = !nomem && gp_send(r, &cmd);
    ms_sbuf_free(&cmd);
    if (nomem)
        return NOMEM(r);
    if (sent) /* else gnuplot is gone already (it may fail at its start) */
        gp_reply(r, reply, sizeof reply);
    if (!strcmp(reply, "ms-done"))
        return MS_OK;
    /* an error in the script, or gnuplot gone: how it ended, when it did */
    char how[64] = "";
    if (!*reply) {
        int status = gp_end(r);
        if (status >= 0)
            ms_c_snprintf(how, sizeof how, " (%s %d)",
                          WIFEXITED(status) ? "exit status" : "signal",
                          WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    }
    char *log = path_join(r->pr.dir, "gnuplot.log", "");
    char last[400] = "";
    if (log)
        last_log_line(log, last, sizeof last);
    ms_free(log);
    return ms_error_set(r->pr.err, MS_ERR_EXTERNAL, NULL, 0, 0, "gnuplot failed on charts/%s%s: %s",
                        script, how, last);
}

/* Closes gnuplot's input, so that it exits, and waits for it: its wait
 * status, or -1 when it could not be had. */
static int gp_end(ms_report *r)
{
    int status = 0;
    close(r->gp->fd);
    pid_t got;
    while ((got = waitpid(r->gp->pid, &status, 0)) < 0 && errno == EINTR)
        ;
    ms_free(r->gp);
    r->gp = NULL;
    return got < 0 ? -1 : status;
}

ms_status ms_chart_close(ms_report *r)
{
    if (!r->gp)
        return MS_OK;
    int status = gp_end(r);
    if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return MS_OK;
    if (status < 0)
        return ms_error_set(r->pr.err, MS_ERR_EXTERNAL, NULL, 0, 0, "gnuplot: cannot wait for it");
    return ms_error_set(r->pr.err, MS_ERR_EXTERNAL, NULL, 0, 0, "gnuplot failed (%s %d)",
                        WIFEXITED(status) ? "exit status" : "signal",
                        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
}

/* ---------- inlining the SVG ---------- */

static ms_status read_file(ms_report *r, const char *path, ms_sbuf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ms_error_set(r->pr.err, MS_ERR_EXTERNAL, path, 0, 0, "gnuplot wrote no chart: %s",
                            strerror(errno));
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        ms_sbuf_putn(out, buf, n);
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        return ms_error_set(r->pr.err, MS_ERR_IO, path, 0, 0, "cannot read");
    return out->failed ? ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory") : MS_OK;
}

/* Several gnuplot SVGs in one page would share ids (gpPt0, gnuplot_canvas…):
 * prefix every id and every reference to one with the chart's number, in
 * one pass.  gnuplot's own <title>Gnuplot</title> becomes the caption, and
 * its tooltips "gnuplot_plot_N" go. */
static void copy_svg(ms_sbuf *html, const char *svg, size_t chart, const char *label)
{
    static const char *const refs[] = {" id='", " id=\"", "href='#", "href=\"#", "url(#"};
    static const char gp_title[] = "<title>Gnuplot</title>";
    const char *s = strstr(svg, "<svg");
    s = s ? s + strlen("<svg") : svg;
    ms_sbuf_puts(html, "<svg role=\"img\" aria-label=\"");
    ms_sbuf_html(html, label);
    ms_sbuf_puts(html, "\"");
    const char *run = s; /* start of the text not yet copied */
    for (; *s; s++) {
        if (*s == '<' && !strncmp(s, gp_title, sizeof gp_title - 1)) {
            ms_sbuf_putn(html, run, (size_t)(s - run));
            ms_sbuf_puts(html, "<title>");
            ms_sbuf_html(html, label);
            ms_sbuf_puts(html, "</title>");
            s += sizeof gp_title - 2;
            run = s + 1;
            continue;
        }
        if (*s == '<' && !strncmp(s, "<title>gnuplot_plot_", 20) && strstr(s, "</title>")) {
            ms_sbuf_putn(html, run, (size_t)(s - run)); /* a tooltip naming nothing */
            s = strstr(s, "</title>") + strlen("</title>") - 1;
            run = s + 1;
            continue;
        }
        if (*s != ' ' && *s != 'h' && *s != 'u')
            continue;
        for (size_t i = 0; i < sizeof refs / sizeof *refs; i++) {
            size_t n = strlen(refs[i]);
            if (strncmp(s, refs[i], n))
                continue;
            ms_sbuf_putn(html, run, (size_t)(s - run) + n);
            ms_sbuf_printf(html, "c%zu-", chart);
            s += n - 1;
            run = s + 1;
            break;
        }
    }
    ms_sbuf_putn(html, run, (size_t)(s - run));
}

/* s with every `from` replaced by `to`. */
static void replace_all(ms_sbuf *out, const char *s, const char *from, const char *to)
{
    for (const char *p; (p = strstr(s, from)); s = p + strlen(from)) {
        ms_sbuf_putn(out, s, (size_t)(p - s));
        ms_sbuf_puts(out, to);
    }
    ms_sbuf_puts(out, s);
}

/* A copy of the chart drawn from the same script on a canvas `width` units
 * wide with type of `big` and `small` points (the page's: 800, 11, 11), so
 * gnuplot lays the larger labels and the legend out itself; its inline SVG
 * appended to out (ids numbered from `chart`), its files removed. */
static ms_status draw_copy(ms_report *r, const char *name, const ms_sbuf *gp, const char *suffix,
                           int width, double tall, int big, int small, size_t chart,
                           const char *caption, ms_sbuf *out)
{
    char copy[200], file[220], from[220], to[260];
    ms_c_snprintf(copy, sizeof copy, "%s.%s", name, suffix);
    const char *script = ms_sbuf_str(gp);
    const char *end = script ? strstr(script, "\n# the same chart as PNG") : NULL;
    ms_sbuf steps[6] = {{0}};
    if (script)
        ms_sbuf_putn(&steps[0], script, end ? (size_t)(end - script) + 1 : gp->len);
    else
        ms_sbuf_fail(&steps[0]);
    ms_c_snprintf(from, sizeof from, "set output '%s.svg'", name);
    /* at most five legend entries a line: larger type would run them off
     * the canvas */
    /* tic labels dark (the page's take the border's grey): read from a
     * distance or on a phone */
    ms_c_snprintf(to, sizeof to,
                  "set output '%s.svg'\nms_copy = '%s'\nset key maxcols %d\n"
                  "set tics textcolor rgb '#222222'",
                  copy, suffix, width < 600 ? 1 : 10); /* a phone: one legend entry a line;
                                                          * a slide: one line (its
                                                          * margin is one line high) */
    const char *at = steps[0].failed ? NULL : strstr(ms_sbuf_str(&steps[0]), "svg size 800,");
    long height = at ? strtol(at + strlen("svg size 800,"), NULL, 10) : 0;
    char old_size[48], size[48], bigf[48], smallf[32];
    ms_c_snprintf(old_size, sizeof old_size, "svg size 800,%ld ", height);
    /* the rows as high as the page's in the larger type's units (a
     * phone's labels wrap onto more lines); a phone: room above the plot
     * for the legend, one entry a line */
    if (!strstr(script ? script : "", "\nset ytics (")) /* no rows: lines over years, a funnel */
        tall = width < 600 ? 1.0 : 0.9;
    long h = lround((double)height * tall) + (width < 600 ? 90 : 0);
    /* a slide has about 445 px under a three-line headline: a taller
     * canvas would be shown smaller, and its type under 18 px */
    /* bars of two series print two figures a row: they need the room of a
     * slide of their own (a 520-unit canvas shown at 18.7 px there) */
    long most = script && strstr(script, "boxxyerror") && strstr(script, " index 1 ") ? 520 : 450;
    ms_c_snprintf(size, sizeof size, "svg size %d,%ld ", width,
                  width >= 600 && h > most ? most : h);
    /* on a phone the legend starts at the canvas's left edge: centred over
     * the plot it runs off the right one */
    const char *pairs[5][2] = {{from, to}, {old_size, NULL},
                               {"font 'DejaVu Sans,11'", NULL}, {"font ',11'", NULL},
                               {"set key outside top center horizontal",
                                width < 600 ? "set tmargin 5\nset key at screen 0.02, screen 0.99 left top vertical"
                                            /* centred on the canvas, not over the plot
                                             * (long series names ran off the right) */
                                            : "set tmargin 2.2\nset key at screen 0.5, screen 0.99 "
                                              "center top horizontal"}};
    ms_c_snprintf(bigf, sizeof bigf, "font 'DejaVu Sans,%d'", big);
    ms_c_snprintf(smallf, sizeof smallf, "font ',%d'", small);
    pairs[1][1] = size, pairs[2][1] = bigf, pairs[3][1] = smallf;
    bool failed = steps[0].failed;
    for (size_t i = 0; i < 5 && !failed; i++) {
        replace_all(&steps[i + 1], ms_sbuf_str(&steps[i]), pairs[i][0], pairs[i][1]);
        failed = steps[i + 1].failed;
    }
    ms_status st = failed ? ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory")
                          : MS_OK;
    ms_c_snprintf(file, sizeof file, "charts/%s.gp", copy);
    if (st == MS_OK)
        st = ms_present_write(&r->pr, file, &steps[5]);
    if (st == MS_OK)
        st = run_gnuplot(r, copy);
    char *path = NULL;
    ms_sbuf raw = {0};
    ms_c_snprintf(file, sizeof file, "%s.svg", copy);
    if (st == MS_OK && !(path = path_join(r->pr.dir, "charts/", file)))
        st = ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    if (st == MS_OK)
        st = read_file(r, path, &raw);
    if (st == MS_OK)
        copy_svg(out, ms_sbuf_str(&raw), chart, caption);
    if (path)
        unlink(path);
    ms_free(path);
    ms_c_snprintf(file, sizeof file, "%s.gp", copy);
    if ((path = path_join(r->pr.dir, "charts/", file)))
        unlink(path);
    ms_free(path);
    for (size_t i = 0; i < 6; i++)
        ms_sbuf_free(&steps[i]);
    ms_sbuf_free(&raw);
    return st;
}

/* The chart into the report's model, with a copy for the slides (a
 * projector needs 18 px where the page needs 11) and one for a phone's
 * 390 px. */
static ms_status slide_copy(ms_report *r, const char *name, const ms_sbuf *gp,
                            const char *caption, const char *svg, size_t svg_len)
{
    const char *note = r->chart_note.len ? ms_sbuf_str(&r->chart_note) : "";
    if (r->internal && !r->names_orgs) /* a page without deliverables but the справка */
        return ms_deliver_chart(r, name, caption, svg, svg_len, "", 0, "", 0, note);
    ms_sbuf slide = {0}, phone = {0};
    /* 1100 units shown at about 1100 px on a 1280×720 slide (put_chart in
     * report_slides.c gives the chart a slide of its own when it would be
     * shown smaller): 20 units at least 18 px */
    ms_status st = draw_copy(r, name, gp, "slide", 1100, 1.25, 21, 20, r->charts + 1000,
                             caption, &slide);
    if (st == MS_OK)
        /* 400 units shown about 366 px wide on a 390 px phone: 17 and 16
         * units are 15.6 and 14.6 px */
        st = draw_copy(r, name, gp, "phone", 400, 1.8, 17, 16, r->charts + 2000, caption, &phone);
    if (st == MS_OK)
        st = slide.failed || phone.failed || !note
                 ? ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory")
                 : ms_deliver_chart(r, name, caption, svg, svg_len, ms_sbuf_str(&slide),
                                    slide.len, ms_sbuf_str(&phone), phone.len, note);
    ms_sbuf_free(&slide);
    ms_sbuf_free(&phone);
    return st;
}

ms_status ms_chart_render(ms_report *r, const char *name, const ms_sbuf *gp, const ms_sbuf *dat,
                          const char *caption, ms_sbuf *html)
{
    char file[160];
    ms_sbuf svg = {0};
    ms_c_snprintf(file, sizeof file, "charts/%s.gp", name);
    ms_status st = ms_present_write(&r->pr, file, gp);
    ms_c_snprintf(file, sizeof file, "charts/%s.dat", name);
    if (st == MS_OK)
        st = ms_present_write(&r->pr, file, dat);
    if (st == MS_OK)
        st = run_gnuplot(r, name);
    char *path = NULL;
    if (st == MS_OK) {
        ms_c_snprintf(file, sizeof file, "%s.svg", name);
        if (!(path = path_join(r->pr.dir, "charts/", file)))
            st = ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    }
    if (st == MS_OK)
        st = read_file(r, path, &svg);
    if (st == MS_OK) {
        r->charts++;
        ms_sbuf_printf(html, "<figure class=\"chart\" id=\"chart-%s\">", name);
        size_t at = html->len;
        copy_svg(html, ms_sbuf_str(&svg), r->charts, caption);
        if (!html->failed) /* the chart into the report's model, for the deliverables */
            st = slide_copy(r, name, gp, caption, ms_sbuf_str(html) + at, html->len - at);
        ms_sbuf_puts(html, "<figcaption>");
        ms_sbuf_html(html, caption);
        /* no file names under a chart: the appendix says where the
         * scripts and data are (charts/NAME.gp, NAME.dat) */
        ms_sbuf_puts(html, "</figcaption></figure>\n");
    }
    ms_sbuf_free(&svg);
    ms_sbuf_free(&r->chart_note); /* the next chart's labels start afresh */
    ms_free(path);
    return st;
}

/* ---------- chart types ---------- */

static void legend(ms_sbuf *gp, const ms_chart *c)
{
    if (c->n_series > 1)
        ms_sbuf_puts(gp,
                     "set key outside top center horizontal samplen 1.5 reverse Left width 2\n");
    else
        ms_sbuf_puts(gp, "unset key\n");
}

void ms_chart_index_range(const ms_report *r, ms_chart *c, const ms_cpoint *p, size_t n,
                          bool on_y, char *buf, size_t size)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        const double v[3] = {on_y ? p[i].y : p[i].x, p[i].lo, p[i].hi};
        for (int k = 0; k < 3; k++)
            if (isfinite(v[k]))
                lo = fmin(lo, v[k]), hi = fmax(hi, v[k]);
    }
    if (!(lo <= hi)) /* nothing to plot: the whole scale */
        return;
    /* room for the figure printed after an interval's end */
    c->xmin = lo < 25 ? 0 : floor((lo - 3) / 20) * 20;
    c->xmax = fmin(100, ceil((hi + 8) / 20) * 20);
    if (c->xmin > 0 && c->xlabel) {
        char from[16];
        ms_c_snprintf(buf, size, MS_TR(r, "%s (ось начинается с %s)", "%s (axis starts at %s)"),
                      c->xlabel, ms_rnum(&r->pr, from, sizeof from, c->xmin, 0, false));
        c->xlabel = buf;
    }
}

/* A tic step giving three or four tics over the range: on a phone the
 * row labels leave the plot about 150 px, and more ran into each other
 * («0250751 00»). */
static double phone_step(double lo, double hi)
{
    static const double nice[] = {1, 2, 5, 10, 20, 25, 50, 100};
    for (size_t i = 0; i < sizeof nice / sizeof *nice; i++)
        if ((hi - lo) / nice[i] <= 3.2)
            return nice[i];
    return 100;
}

static void xaxis(ms_sbuf *gp, const ms_chart *c)
{
    ms_sbuf_printf(gp, "set xrange [%g:%g]\n", c->xmin, c->xmax);
    ms_sbuf_printf(gp, "if (ms_copy eq 'phone') set xtics %g\n", phone_step(c->xmin, c->xmax));
    if (c->xlabel) {
        ms_sbuf_puts(gp, "set xlabel ");
        ms_sbuf_gp(gp, c->xlabel);
        /* a phone: the title in lines under the narrow plot */
        ms_sbuf_puts(gp, "\nif (ms_copy eq 'phone') set xlabel ");
        ms_sbuf_gp_lines(gp, c->xlabel, 22);
        ms_sbuf_puts(gp, "\n");
    }
}

/* Series within a row a third of a row apart: at 0.22 a value after one
 * series' interval ran into the other series' dot and bar (slide type). */
static double series_offset(size_t s, size_t n)
{
    return n > 1 ? ((double)n - 1) / 2.0 * 0.34 - (double)s * 0.34 : 0;
}

static void point_name(const ms_report *r, const ms_chart *c, const ms_cpoint *p, int decimals,
                       ms_sbuf *out)
{
    char num[32];
    const char *row = c->rows[p->row];
    bool quote = !strstr(row, "«"); /* «МБОУ «Гимназия № 2»» reads badly */
    ms_sbuf_puts(out, quote ? "«" : "");
    ms_sbuf one = {0};
    ms_sbuf_putn(&one, row, short_label(row));
    ms_sbuf_html(out, ms_sbuf_str(&one) ? ms_sbuf_str(&one) : "");
    ms_sbuf_free(&one);
    ms_sbuf_puts(out, quote ? "»" : "");
    ms_sbuf_printf(out, " — %s", ms_rnum(&r->pr, num, sizeof num, p->x, decimals, false));
}

/* What a chart of dots shows, heading its slide: the highest and the lowest
 * row as drawn («Удовлетворённость наставников: выше всего — «…» (8,2),
 * ниже всего — «…» (7,4)»); the figures are the chart's own. */
static void dots_headline(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                          int decimals)
{
    /* one series (the highest of one and lowest of another compare
     * nothing): the first with two rows apart; not a row of everyone nor
     * a scale's mean among its items.  One group beside everyone: the two. */
    const char *all = MS_TR(r, "Все ответившие", "All respondents");
    const char *scale = MS_TR(r, "Шкала «", "Scale \"");
    size_t hi = n, lo = n, s = 0, total = n;
    for (; s < c->n_series; s++) {
        hi = lo = total = n;
        for (size_t i = 0; i < n; i++) {
            if (p[i].series != s || !isfinite(p[i].x) ||
                !strncmp(c->rows[p[i].row], scale, strlen(scale)))
                continue;
            if (!strcmp(c->rows[p[i].row], all)) {
                total = i;
                continue;
            }
            hi = hi == n || p[i].x > p[hi].x ? i : hi;
            lo = lo == n || p[i].x < p[lo].x ? i : lo;
        }
        if (hi < n && (p[hi].x > p[lo].x || (hi == lo && total < n)))
            break;
    }
    if (s == c->n_series)
        return;
    if (hi == lo) { /* «Учитель – учитель» — 78, все ответившие — 72 */
        lo = total;
        ms_sbuf h1 = {0};
        if (c->series[s] && c->n_series > 1) {
            ms_sbuf_html(&h1, c->series[s]);
            ms_sbuf_puts(&h1, ": ");
        }
        point_name(r, c, &p[hi], decimals, &h1);
        char num[32];
        ms_sbuf_printf(&h1, MS_TR(r, ", все ответившие — %s.", ", all respondents: %s."),
                       ms_rnum(&r->pr, num, sizeof num, p[lo].x, decimals, false));
        ms_deliver_chart_headline(r, ms_sbuf_str(&h1));
        ms_sbuf_free(&h1);
        return;
    }
    ms_sbuf h = {0};
    const char *colon = strstr(c->title, ": ");
    if (colon || (c->n_series > 1 && c->series[s])) {
        ms_sbuf subject = {0};
        if (colon)
            ms_sbuf_putn(&subject, c->title, (size_t)(colon - c->title));
        else
            ms_sbuf_puts(&subject, c->series[s]);
        ms_sbuf_html(&h, ms_sbuf_str(&subject) ? ms_sbuf_str(&subject) : "");
        ms_sbuf_free(&subject);
        ms_sbuf_puts(&h, MS_TR(r, ": выше всего ", ": highest "));
    } else
        ms_sbuf_puts(&h, MS_TR(r, "Выше всего ", "Highest "));
    point_name(r, c, &p[hi], decimals, &h);
    ms_sbuf_puts(&h, MS_TR(r, ", ниже всего ", ", lowest "));
    point_name(r, c, &p[lo], decimals, &h);
    ms_sbuf_puts(&h, ".");
    ms_deliver_chart_headline(r, ms_sbuf_str(&h));
    ms_sbuf_free(&h);
}

/* Estimates with 95 % intervals as dots with horizontal bars, one line per
 * row, series side by side within a row. */
ms_status ms_chart_dots(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n, int decimals,
                        ms_sbuf *html)
{
    ms_sbuf gp = {0}, dat = {0};
    int h = rows_height(c->n_rows, c->n_series > 1 ? 54 : 34);
    ms_chart_preamble(r, &gp, c->name, c->title, h);
    row_tics(r, &gp, c->rows, c->n_rows);
    xaxis(&gp, c);
    legend(&gp, c);
    ms_sbuf_puts(
        &dat,
        "# y estimate ci_low ci_high \"estimate as printed\" label_x ; one block per series\n");
    for (size_t i = 0; i < c->n_rows; i++) {
        ms_sbuf_printf(&dat, "# y=%zu: ", c->n_rows - i);
        ms_sbuf_comment(&dat, c->rows[i]);
        ms_sbuf_puts(&dat, "\n");
    }
    for (size_t s = 0; s < c->n_series; s++) {
        ms_sbuf_puts(&dat, s ? "\n\n# series " : "# series ");
        ms_sbuf_comment(&dat, c->series[s] ? c->series[s] : "");
        ms_sbuf_puts(&dat, "\n");
        for (size_t i = 0; i < n; i++) {
            if (p[i].series != s)
                continue;
            ms_sbuf_printf(&dat, "%.4f ",
                           (double)(c->n_rows - p[i].row) + series_offset(s, c->n_series));
            values(&dat, decimals, (const double[]){p[i].x, p[i].lo, p[i].hi}, 3);
            number_text(r, &dat, p[i].x, decimals);
            ms_sbuf_puts(&dat, " ");
            ms_chart_value(&dat, isfinite(p[i].hi) ? p[i].hi : p[i].x, decimals);
            ms_sbuf_puts(&dat, "\n");
        }
    }
    ms_sbuf_puts(&gp, "plot ");
    for (size_t s = 0; s < c->n_series; s++) {
        ms_sbuf_printf(&gp,
                       "%s'%s.dat' index %zu using 2:1:3:4 with xerrorbars pt 7 ps 1.2 lw 2 "
                       "lc rgb '#%06lx' title ",
                       s ? ", \\\n     " : "", c->name, s, series_colour[s % 4]);
        ms_sbuf_gp(&gp, c->series[s] ? c->series[s] : "");
        /* the value after the interval's end: never on another series' point */
        ms_sbuf_printf(&gp,
                       ", \\\n     '%s.dat' index %zu using 6:1:5 with labels left offset 0.6,0 "
                       "font ',11' tc rgb '#%06lx' notitle",
                       c->name, s, series_colour[s % 4]);
    }
    ms_chart_postamble(r, &gp, c->name, h);
    ms_status st = ms_chart_render(r, c->name, &gp, &dat, c->title, html);
    if (st == MS_OK)
        dots_headline(r, c, p, n, decimals);
    ms_sbuf_free(&gp);
    ms_sbuf_free(&dat);
    return st;
}

/* Entry and exit means joined by a bar: p[i].lo = from, p[i].hi = to. */
ms_status ms_chart_dumbbell(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                            ms_sbuf *html)
{
    ms_sbuf gp = {0}, dat = {0};
    int h = rows_height(c->n_rows, 40);
    ms_chart_preamble(r, &gp, c->name, c->title, h);
    row_tics(r, &gp, c->rows, c->n_rows);
    xaxis(&gp, c);
    ms_sbuf_puts(&gp, "set key outside top center horizontal samplen 1 reverse Left width 2\n");
    ms_sbuf_puts(&dat, "# y from to \"from as printed\" \"to as printed\"\n");
    for (size_t i = 0; i < n; i++) {
        ms_sbuf_puts(&dat, "# ");
        ms_sbuf_comment(&dat, c->rows[p[i].row]);
        ms_sbuf_printf(&dat, "\n%zu ", c->n_rows - p[i].row);
        values(&dat, 1, (const double[]){p[i].lo, p[i].hi}, 2);
        number_text(r, &dat, p[i].lo, 1);
        ms_sbuf_puts(&dat, " ");
        number_text(r, &dat, p[i].hi, 1);
        ms_sbuf_puts(&dat, "\n");
    }
    ms_sbuf_printf(&gp,
                   "plot '%s.dat' using 2:1:($3-$2):(0) with vectors nohead lw 5 "
                   "lc rgb '#cccccc' notitle, \\\n",
                   c->name);
    ms_sbuf_printf(&gp, "     '' using 2:1 with points pt 7 ps 1.6 lc rgb '#%06lx' title ",
                   (unsigned long)MS_COLOUR_B);
    ms_sbuf_gp(&gp, c->series[0]);
    ms_sbuf_printf(&gp, ", \\\n     '' using 3:1 with points pt 7 ps 1.6 lc rgb '#%06lx' title ",
                   (unsigned long)MS_COLOUR_A);
    ms_sbuf_gp(&gp, c->series[1]);
    /* each value beside its dot on its own row, the lower left of the left
     * dot and the higher right of the right one: above the dots they sat
     * under the row above's dots in the slide's larger type */
    ms_sbuf_puts(&gp, ", \\\n     '' using ($2<=$3?$2:$3):1:($2<=$3?stringcolumn(4):stringcolumn(5))"
                      " with labels right offset -1.2,0 font ',11' notitle"
                      ", \\\n     '' using ($2<=$3?$3:$2):1:($2<=$3?stringcolumn(5):stringcolumn(4))"
                      " with labels left offset 1.2,0 font ',11' notitle\n");
    ms_chart_postamble(r, &gp, c->name, h);
    ms_status st = ms_chart_render(r, c->name, &gp, &dat, c->title, html);
    ms_sbuf_free(&gp);
    ms_sbuf_free(&dat);
    return st;
}

/* Lines over years: p[i].x = year, .y = estimate, .lo/.hi its interval. */
ms_status ms_chart_trend(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                         ms_sbuf *html)
{
    ms_sbuf gp = {0}, dat = {0};
    int h = 380;
    ms_chart_preamble(r, &gp, c->name, c->title, h);
    /* years are categories ("2023/24" is a school year): at 1, 2, ... */
    ms_sbuf_printf(&gp, "set xrange [0.5:%zu.5]\nset xtics (", c->n_rows);
    for (size_t i = 0; i < c->n_rows; i++) {
        ms_sbuf_puts(&gp, i ? ", " : "");
        ms_sbuf_gp_tic(&gp, c->rows[i], 20);
        ms_sbuf_printf(&gp, " %zu", i + 1);
    }
    ms_sbuf_puts(&gp, ")\n");
    ms_sbuf_printf(&gp, "set yrange [%g:%g]\nset grid ytics lc rgb '#dddddd'\n", c->xmin, c->xmax);
    ms_sbuf_printf(&gp, "if (ms_copy eq 'phone') set ytics %g\n", phone_step(c->xmin, c->xmax));
    if (c->xlabel) {
        ms_sbuf_puts(&gp, "set ylabel ");
        ms_sbuf_gp(&gp, c->xlabel);
        ms_sbuf_puts(&gp, "\n");
    }
    ms_sbuf_puts(&gp, "set key outside top center horizontal samplen 2 reverse Left width 2\n");
    ms_sbuf_puts(&dat,
                 "# x estimate ci_low ci_high \"estimate as printed\" ; one block per series\n");
    for (size_t i = 0; i < c->n_rows; i++) {
        ms_sbuf_printf(&dat, "# x=%zu: ", i + 1);
        ms_sbuf_comment(&dat, c->rows[i]);
        ms_sbuf_puts(&dat, "\n");
    }
    for (size_t s = 0; s < c->n_series; s++) {
        ms_sbuf_puts(&dat, s ? "\n\n# series " : "# series ");
        ms_sbuf_comment(&dat, c->series[s]);
        ms_sbuf_puts(&dat, "\n");
        for (size_t i = 0; i < n; i++)
            if (p[i].series == s) {
                ms_sbuf_printf(&dat, "%.0f ", p[i].x);
                values(&dat, 0, (const double[]){p[i].y, p[i].lo, p[i].hi}, 3);
                number_text(r, &dat, p[i].y, 0);
                ms_sbuf_puts(&dat, "\n");
            }
    }
    ms_sbuf_puts(&gp, "plot ");
    for (size_t s = 0; s < c->n_series; s++) {
        ms_sbuf_printf(&gp,
                       "%s'%s.dat' index %zu using 1:2:3:4 with yerrorlines pt 7 ps 1.2 lw 2 "
                       "lc rgb '#%06lx' title ",
                       s ? ", \\\n     " : "", c->name, s, series_colour[s % 4]);
        ms_sbuf_gp(&gp, c->series[s]);
        /* the first series' figures left of its points, the others' right:
         * two close values never print over each other */
        /* a phone: only the last year's figure (the others ran together) */
        ms_sbuf_printf(&gp,
                       ", \\\n     '%s.dat' index %zu using 1:2:((ms_copy ne 'phone' || "
                       "$1 == %zu) ? stringcolumn(5) : '') with labels %s "
                       "font ',11' tc rgb '#%06lx' notitle",
                       c->name, s, c->n_rows,
                       /* 1.6 characters: at 1.2 a figure touched the
                        * other series' interval cap on the same year */
                       s == 0 && c->n_series > 1 ? "right offset -1.6,0" : "left offset 1.6,0",
                       series_colour[s % 4]);
    }
    ms_chart_postamble(r, &gp, c->name, h);
    ms_status st = ms_chart_render(r, c->name, &gp, &dat, c->title, html);
    ms_sbuf_free(&gp);
    ms_sbuf_free(&dat);
    return st;
}

/* Series s of n within a row band 0.8 high, the first on top. */
static double bar_offset(size_t s, size_t n)
{
    double band = 0.8 / (double)n;
    return 0.4 - ((double)s + 0.5) * band;
}

/* Horizontal bars, series side by side within a row: p[i].x is the length
 * (a percentage), printed after the bar as the bar's own figure («29 %», not
 * the head-count beside a percentage bar); p[i].y, the count, stays in the
 * data file beside it, as the table gives both. */
ms_status ms_chart_bars(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                        ms_sbuf *html)
{
    ms_sbuf gp = {0}, dat = {0};
    int h = rows_height(c->n_rows, 20 + 18 * c->n_series);
    ms_chart_preamble(r, &gp, c->name, c->title, h);
    row_tics(r, &gp, c->rows, c->n_rows);
    xaxis(&gp, c);
    legend(&gp, c);
    double half = 0.8 / (double)c->n_series / 2 * 0.9;
    ms_sbuf_puts(&dat, "# y percent count ; one block per series\n");
    for (size_t s = 0; s < c->n_series; s++) {
        ms_sbuf_puts(&dat, s ? "\n\n# series " : "# series ");
        ms_sbuf_comment(&dat, c->series[s]);
        ms_sbuf_puts(&dat, "\n");
        for (size_t i = 0; i < n; i++)
            if (p[i].series == s) {
                ms_sbuf_puts(&dat, "# ");
                ms_sbuf_comment(&dat, c->rows[p[i].row]);
                ms_sbuf_printf(&dat, "\n%.4f ",
                               (double)(c->n_rows - p[i].row) + bar_offset(s, c->n_series));
                values(&dat, 0, &p[i].x, 1); /* a share in per cent, as the tables print it */
                ms_sbuf_printf(&dat, "%.0f\n", p[i].y);
            }
    }
    ms_sbuf_puts(&gp, "plot ");
    for (size_t s = 0; s < c->n_series; s++) {
        ms_sbuf_printf(&gp,
                       "%s'%s.dat' index %zu using ($2/2):1:($2/2):(%.3f) with boxxyerror "
                       "fs solid 1.0 noborder lc rgb '#%06lx' title ",
                       s ? ", \\\n     " : "", c->name, s, half, series_colour[s % 4]);
        ms_sbuf_gp(&gp, c->series[s]);
        ms_sbuf_printf(&gp,
                       ", \\\n     '%s.dat' index %zu using 2:1:(sprintf('%%.0f %%%%', $2)) "
                       "with labels left offset 0.4,0 font ',11' notitle",
                       c->name, s);
    }
    ms_chart_postamble(r, &gp, c->name, h);
    ms_status st = ms_chart_render(r, c->name, &gp, &dat, c->title, html);
    ms_sbuf_free(&gp);
    ms_sbuf_free(&dat);
    return st;
}

/* ---------- distribution of answers ---------- */

/* Share of each level drawn left of 0 (below the scale's middle) or right
 * of it; the middle level of an odd scale straddles 0. */
static void diverging_rows(const ms_report *r, ms_sbuf *dat, const ms_item_result *it, size_t y,
                           size_t k)
{
    const ms_freq *f = it->counts;
    double mid = (it->min + it->max) / 2, n = it->n, left = 0;
    for (size_t i = 0; i < f->k; i++)
        left += f->values[i] < mid    ? f->counts[i] / n * 100
                : f->values[i] == mid ? f->counts[i] / n * 50
                                      : 0;
    double x = -left;
    for (size_t i = 0; i < f->k; i++) {
        double pct = f->counts[i] / n * 100;
        size_t level = (size_t)lround(f->values[i] - it->min);
        unsigned long rgb = ms_chart_diverging(level < k ? level : k - 1, k);
        char t[32];
        ms_sbuf_printf(dat, "%zu %.4f %.4f %g %g %.4f %lu \"%s\" %lu\n", y, x, x + pct,
                       f->values[i], f->counts[i], pct, rgb,
                       pct >= 6 ? ms_rnum(&r->pr, t, sizeof t, pct, 0, true) : "",
                       dark(rgb) ? 0xffffffUL : 0x222222UL);
        x += pct;
    }
}

ms_status ms_chart_distribution(ms_report *r, const char *name, const char *title,
                                const ms_item_result *const *items, const char *const *labels,
                                size_t n, ms_sbuf *html)
{
    ms_sbuf gp = {0}, dat = {0};
    const ms_item_result *first = items[0];
    size_t k = (size_t)lround(first->max - first->min) + 1;
    int h = rows_height(n, 38) + 30;
    const char **rows = ms_calloc(n + 1, sizeof *rows);
    if (!rows)
        return ms_error_set(r->pr.err, MS_ERR_NOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++)
        rows[i] = labels[i];
    ms_chart_preamble(r, &gp, name, title, h);
    row_tics(r, &gp, rows, n);
    ms_sbuf_puts(&gp, "set xrange [-100:100]\nset xtics ('100 %%' -100, '75' -75, '50' -50, "
                      "'25' -25, '0' 0, '25' 25, '50' 50, '75' 75, '100 %%' 100)\n"
                      /* larger type: every other tic, or «100 %» runs into «75» */
                      "if (ms_copy eq 'slide') set xtics ('100 %%' -100, '50' -50, '0' 0, "
                      "'50' 50, '100 %%' 100)\n"
                      "if (ms_copy eq 'phone') set xtics ('100 %%' -100, '0' 0, '100 %%' 100)\n");
    /* the axis says what the legend's ends mean: «1 — низкая оценка, 10 — высокая» */
    char lo[32], hi[32], xl[256];
    ms_c_snprintf(xl, sizeof xl,
             MS_TR(r, "← низкие оценки (%s)   доля ответов, %%   высокие (%s) →",
                   "← low ratings (%s)   share of answers, %%   high (%s) →"),
             ms_rnum(&r->pr, lo, sizeof lo, items[0]->min, 0, true),
             ms_rnum(&r->pr, hi, sizeof hi, items[0]->max, 0, true));
    ms_sbuf_puts(&gp, "set xlabel ");
    ms_sbuf_gp(&gp, xl);
    ms_sbuf_puts(&gp, "\nset key outside top center horizontal samplen 1 reverse Left width 0\n"
                      "set arrow from 0, graph 0 to 0, graph 1 nohead lc rgb '#444444' front\n");
    ms_sbuf_puts(&dat, "# y x_from x_to value count percent rgb \"label\" label_rgb\n");
    for (size_t i = 0; i < n; i++) {
        ms_sbuf_printf(&dat, "# y=%zu: ", n - i);
        ms_sbuf_comment(&dat, labels[i]);
        ms_sbuf_printf(&dat, " (n = %.0f)\n", items[i]->n);
        diverging_rows(r, &dat, items[i], n - i, k);
    }
    ms_sbuf_printf(&gp,
                   "plot '%s.dat' using (($2+$3)/2):1:(($3-$2)/2):(0.36):7 with boxxyerror "
                   "fs solid 1.0 border lc rgb '#ffffff' lc rgb variable notitle, \\\n"
                   "     '' using (($2+$3)/2):1:8:9 with labels tc rgb variable font ',11' "
                   "notitle",
                   name);
    for (size_t i = 0; i < k; i++) {
        char v[32];
        ms_sbuf_printf(&gp, ", \\\n     keyentry with boxes fs solid 1.0 lc rgb '#%06lx' title ",
                       ms_chart_diverging(i, k));
        ms_sbuf_gp(&gp, ms_rnum(&r->pr, v, sizeof v, first->min + (double)i, 0, true));
    }
    ms_chart_postamble(r, &gp, name, h);
    ms_status st = ms_chart_render(r, name, &gp, &dat, title, html);
    ms_free(rows);
    ms_sbuf_free(&gp);
    ms_sbuf_free(&dat);
    return st;
}

/* ---------- forest plot ---------- */

static void forest_block(const ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                         const bool *hit, bool want, ms_sbuf *dat)
{
    ms_sbuf_puts(dat, want ? "# above the reference\n" : "\n\n# the others\n");
    for (size_t i = 0; i < n; i++) {
        if (hit[i] != want)
            continue;
        ms_sbuf_puts(dat, "# ");
        ms_sbuf_comment(dat, c->rows[p[i].row]);
        ms_sbuf_printf(dat, "\n%zu ", c->n_rows - p[i].row);
        values(dat, 0, (const double[]){p[i].x, p[i].lo, p[i].hi}, 3);
        number_text(r, dat, p[i].x, 0); /* indices in whole points, as every reader sees them */
        ms_sbuf_puts(dat, " ");
        ms_chart_value(dat, isfinite(p[i].hi) ? p[i].hi : p[i].x, 0);
        ms_sbuf_puts(dat, "\n");
    }
}

/* Shrunken estimates with intervals; the reference (the overall mean) as a
 * dashed line, so "above the mean" is read off the interval's left end. */
ms_status ms_chart_forest(ms_report *r, const ms_chart *c, const ms_cpoint *p, size_t n,
                          double ref, const char *ref_label, const bool *hit, ms_sbuf *html)
{
    ms_sbuf gp = {0}, dat = {0};
    size_t hits = 0;
    int h = rows_height(c->n_rows, 30);
    for (size_t i = 0; i < n; i++)
        hits += hit[i];
    ms_chart_preamble(r, &gp, c->name, c->title, h);
    row_tics(r, &gp, c->rows, c->n_rows);
    xaxis(&gp, c);
    /* three entries: no extra width, or the last one runs off the right edge */
    ms_sbuf_puts(&gp, "set key outside top center horizontal samplen 1.5 reverse Left width 0\n");
    ms_sbuf_printf(&gp,
                   "set arrow 1 from %.1f, graph 0 to %.1f, graph 1 nohead dt 2 lw 1.5 "
                   "lc rgb '#%06lx'\n",
                   ref, ref, (unsigned long)MS_COLOUR_B);
    /* values often end on the dashed line: print them on white */
    ms_sbuf_puts(&gp, "set style textbox opaque noborder margins 1,1\n");
    ms_sbuf_puts(&dat, "# y estimate low high \"estimate as printed\" label_x\n");
    forest_block(r, c, p, n, hit, true, &dat);
    forest_block(r, c, p, n, hit, false, &dat);
    ms_sbuf_puts(&gp, "plot ");
    for (int b = 0; b < 2; b++) {
        if (b == 0 ? !hits : hits == n)
            continue;
        unsigned long col = b == 0 ? MS_COLOUR_A : 0x878787;
        ms_sbuf_printf(&gp,
                       "%s'%s.dat' index %d using 2:1:3:4 with xerrorbars pt 7 ps 1.1 lw 2 "
                       "lc rgb '#%06lx' title ",
                       (b == 1 && hits) ? ", \\\n     " : "", c->name, b, col);
        ms_sbuf_gp(&gp, c->series[b] ? c->series[b] : "");
        ms_sbuf_printf(&gp,
                       ", \\\n     '%s.dat' index %d using 6:1:5 with labels boxed left "
                       "offset 0.6,0 font ',11' tc rgb '#%06lx' notitle",
                       c->name, b, b == 0 ? col : 0x333333UL); /* the others' figures
                                                                  dark: grey text
                                                                  fades (its bars
                                                                  stay grey) */
    }
    ms_sbuf_printf(&gp, ", \\\n     NaN with lines dt 2 lw 1.5 lc rgb '#%06lx' title ",
                   (unsigned long)MS_COLOUR_B);
    ms_sbuf_gp(&gp, ref_label);
    ms_sbuf_puts(&gp, "\n");
    ms_chart_postamble(r, &gp, c->name, h);
    ms_status st = ms_chart_render(r, c->name, &gp, &dat, c->title, html);
    ms_sbuf_free(&gp);
    ms_sbuf_free(&dat);
    return st;
}

/* ---------- a histogram of organisations (municipal report) ---------- */

static void extreme_label(ms_sbuf *gp, const char *label, double x, double y)
{
    ms_sbuf_puts(gp, "set label ");
    ms_sbuf_gp(gp, label);
    ms_sbuf_printf(gp, " at %.1f,%.6g center offset 0,1.2 front font ',11'\n", x, y);
}

ms_status ms_chart_org_histogram(ms_report *r, const char *name, const char *title,
                                 const double *x, const char *const *labels, size_t n,
                                 double centre, ms_sbuf *html)
{
    enum { BINS = 40 };
    double lo = 100, hi = 0, count[BINS] = {0};
    size_t lowest = 0, highest = 0;
    for (size_t i = 0; i < n; i++) {
        lowest = x[i] < x[lowest] ? i : lowest;
        highest = x[i] > x[highest] ? i : highest;
    }
    if (!n)
        return MS_OK;
    lo = floor(x[lowest] / 2.5) * 2.5, hi = fmax(lo + 2.5, ceil(x[highest] / 2.5) * 2.5);
    double width = fmax(2.5, ceil((hi - lo) / BINS / 2.5) * 2.5);
    size_t bins = (size_t)ceil((hi - lo) / width);
    bins = bins < 1 ? 1 : bins > BINS ? BINS : bins;
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)((x[i] - lo) / width);
        count[k < bins ? k : bins - 1] += 1;
    }
    double top = 0;
    for (size_t k = 0; k < bins; k++)
        top = fmax(top, count[k]);
    ms_sbuf gp = {0}, dat = {0};
    int h = 360;
    ms_chart_preamble(r, &gp, name, title, h);
    ms_sbuf_printf(&gp, "set xrange [%g:%g]\nset yrange [0:%g]\n", lo - width, hi + width,
                   top * 1.3 + 1);
    ms_sbuf_puts(&gp, "set xlabel ");
    ms_sbuf_gp(&gp, MS_TR(r, "индекс 0–100", "index 0–100"));
    ms_sbuf_puts(&gp, "\nset ylabel ");
    ms_sbuf_gp(&gp, MS_TR(r, "организаций", "organisations"));
    ms_sbuf_printf(&gp, "\nset style fill solid 0.85 border rgb 'white'\nset boxwidth %g\n"
                        "set arrow from %.1f, graph 0 to %.1f, graph 1 nohead dt 2 lw 1.5 "
                        "lc rgb '#%06x'\n",
                   width, centre, centre, MS_COLOUR_B);
    double ylow = count[(size_t)fmin(bins - 1, (x[lowest] - lo) / width)];
    double yhigh = count[(size_t)fmin(bins - 1, (x[highest] - lo) / width)];
    extreme_label(&gp, labels[lowest], x[lowest], ylow);
    if (highest != lowest)
        extreme_label(&gp, labels[highest], x[highest], yhigh);
    ms_sbuf_puts(&dat, "# bin_centre organisations\n");
    for (size_t k = 0; k < bins; k++)
        ms_sbuf_printf(&dat, "%.6g %g\n", lo + (k + 0.5) * width, count[k]);
    ms_sbuf_printf(&gp, "plot '%s.dat' using 1:2 with boxes lc rgb '#%06x' notitle\n", name,
                   MS_COLOUR_A);
    ms_chart_postamble(r, &gp, name, h);
    ms_status st = ms_chart_render(r, name, &gp, &dat, title, html);
    ms_sbuf_free(&gp);
    ms_sbuf_free(&dat);
    return st;
}
