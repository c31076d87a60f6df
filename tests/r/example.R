# example.R — reference values for tests/test_example_vs_r.c: every figure of
#   mentorstat analyze --codebook surveys/example/Q.codebook.csv --by form --by B
#                      --json surveys/example/data/Q_2022.csv ... Q_2025.csv
# for the bundled example programme (all four years of each questionnaire,
# pooled, as `report` reads them), computed in R 4.2.2 (psych 2.2.9,
# effectsize 0.8.3) from the raw CSV files, read through the codebook as
# docs/codebook.md and src/data/load.c define it.  B is a two-level variable, so that
# Welch's t and Mann-Whitney are checked on the example too (every form has
# four levels):  recommend (mentees, mentors), wave (selfassessment),
# mentored_before (mentors bank, the Windows-1251 ';' file with decimal
# commas); mentees_requests (categories, multi answers) by form alone.
# Then the edge cases of tests/data/edge.csv (see the end of this file).
#
# Run from the project root:  Rscript tests/r/example.R > /tmp/example_ref.c
# With MENTORSTAT=build-r/mentorstat in the environment it also runs the
# binary's `analyze --json` with the same files and options for every data
# set and compares each figure with R's (jsonlite; stops on a difference
# beyond the suite's tolerance, prints the largest to stderr).
# The build does not run it; its output (C initialisers, each group with the
# R call that produced it) is pasted into tests/test_example_vs_r.c between
# the "R's values" markers.  Every number is printed with 17 significant
# digits.  Nothing here was adjusted to mentorstat's output.
#
# Reading (docs/codebook.md, src/data/load.c):
#   - a file that is not valid UTF-8 is Windows-1251; a header with ';' is
#     ';'-delimited, else ','; a UTF-8 BOM is dropped; headers are trimmed and
#     matched to `source` case-insensitively;
#   - cells are trimmed; a blank cell or one of the variable's `missing`
#     answers (case-insensitive) is NA;
#   - rows whose consent is not 1 (label "Да" or value 1; a blank consent too)
#     are dropped before anything else;
#   - choice/group/wave cells equal to a choice's value or label (trimmed,
#     case-insensitive) take that choice; yesno with choices: yes iff the
#     matched choice's value is 1, levels "нет", "да";
#   - numbers accept a decimal comma; a `reverse` item becomes min + max - x;
#   - multi: a cell is split at ';' or ', ' and every part is matched to a
#     choice (no example label contains ", "); n = respondents with >= 1 answer;
#   - levels: the codebook's choices in order; years in numeric order;
#   - items are pairwise; a construct score is the mean of a respondent's
#     items (NA unless all are answered); alpha is listwise;
#   - comparisons per --by variable: per measure (items in codebook order,
#     then construct scores) welch_t + mann_whitney (two levels) or anova +
#     kruskal_wallis (more), then chi_square for every other group, year,
#     wave, choice or yesno variable in codebook order; Holm and BH within
#     one --by variable over all of them in that order;
#   - paired: by id from the first wave level to the second; the first
#     answer of an id in a wave (file order) is its answer.
# Top box: x >= max - round((max - min + 1) * 0.3) + 1 for `scale` items;
# its interval is the Wilson score interval without continuity correction,
# computed here by hand, (p + z²/2n ± z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n),
# and checked against prop.test(x, n, correct = FALSE)$conf.int, which is the
# same interval (stopifnot below).
suppressMessages({library(psych); library(effectsize)})
options(warn = 1)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))

f17 <- function(v) paste(ifelse(is.na(v), "NAN", sprintf("%.17g", v)), collapse = ", ")
wilson <- function(x, n, z = qnorm(0.975)) {
  p <- x / n
  mid <- p + z^2 / (2 * n); half <- z * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))
  ci <- c(mid - half, mid + half) / (1 + z^2 / n)
  pt <- suppressWarnings(prop.test(x, n, correct = FALSE))
  stopifnot(isTRUE(all.equal(ci, pt$conf.int[1:2], tolerance = 1e-12, check.attributes = FALSE)))
  c(p, ci)
}

# Every figure R computes is also recorded here (section, name, field) so that,
# with MENTORSTAT=path/to/mentorstat in the environment, the binary's
# `analyze --json` output for the same files and options is compared with it
# (jsonlite); the largest relative difference per data set goes to stderr.
REC <- NULL
rec <- function(section, name, field, value)
  REC[[length(REC) + 1]] <<- list(section = section, name = name, field = field, value = unname(value))

json_value <- function(d, r) {
  get <- function(o, f) { for (k in strsplit(f, "/", fixed = TRUE)[[1]]) o <- o[[k]]; o }
  pick <- function(lst, key, val) Filter(function(o) identical(o[[key]], val), lst)
  o <- switch(r$section,
    rows = list(d$rows),
    items = { it <- pick(d$items, "name", r$name)
              if (length(it)) it else lapply(pick(d$constructs, "name", r$name), `[[`, "score") },
    constructs = pick(d$constructs, "name", r$name),
    item_total = lapply(d$constructs, function(c) {
      it <- pick(c$item_total, "item", r$name); if (length(it)) it[[1]] else NULL }),
    comparisons = Filter(function(o) paste(o$variable, o$by, o$test) == r$name, d$comparisons),
    paired = pick(d$paired, "variable", r$name))
  o <- Filter(Negate(is.null), o)
  if (length(o) != 1) stop("no unique JSON object for ", r$section, " ", r$name)
  v <- get(o[[1]], r$field)
  if (is.null(v)) NA_real_ else as.numeric(v)
}

compare_json <- function(prefix, cbfile, files, bys) {
  bin <- Sys.getenv("MENTORSTAT")
  if (!nzchar(bin)) return(invisible())
  js <- suppressWarnings(system2(bin, c("analyze", "--codebook", cbfile, rbind("--by", bys), "--json",
                                        "--quiet", files), stdout = TRUE))
  d <- jsonlite::fromJSON(paste(js, collapse = "\n"), simplifyVector = FALSE)
  worst <- 0; where <- ""; n <- 0
  for (r in REC) {
    got <- json_value(d, r)
    if (is.na(r$value)) {
      if (!is.na(got)) stop(sprintf("%s %s %s: JSON %g, R NA", r$section, r$name, r$field, got))
      next
    }
    if (is.na(got)) stop(sprintf("%s %s %s: JSON null, R %.17g", r$section, r$name, r$field, r$value))
    rd <- if (r$value == 0) abs(got) else abs(got - r$value) / abs(r$value)
    tol <- if (grepl("^p", r$field)) max(1e-6 * abs(r$value), 1e-12) else 1e-6 * abs(r$value) + (r$value == 0) * 1e-12
    if (abs(got - r$value) > tol) stop(sprintf("%s %s %s: JSON %.17g, R %.17g", r$section, r$name, r$field, got, r$value))
    n <- n + 1
    if (rd > worst) { worst <- rd; where <- paste(r$section, r$name, r$field) }
  }
  message(sprintf("%s: mentorstat analyze --json agrees with R on %d figures; largest relative difference %.2e (%s)",
                  prefix, n, worst, where))
}

read_one <- function(path) {
  bytes <- readBin(path, "raw", file.info(path)$size)
  enc <- if (validUTF8(rawToChar(bytes))) "UTF-8-BOM" else "CP1251"
  con <- file(path, encoding = enc); first <- readLines(con, n = 1, warn = FALSE); close(con)
  sep <- if (grepl(";", first, fixed = TRUE)) ";" else ","
  d <- read.csv(path, colClasses = "character", check.names = FALSE, fileEncoding = enc,
                sep = sep, na.strings = character(0), strip.white = FALSE)
  names(d) <- trimws(names(d))
  list(data = d, enc = enc, sep = sep)
}

analyse <- function(prefix, cbfile, files, bys) {
  REC <<- list()
  cb <- read.csv(cbfile, colClasses = "character", check.names = FALSE, fileEncoding = "UTF-8",
                 na.strings = character(0))
  parts <- lapply(files, read_one)
  raw <- do.call(rbind, lapply(parts, function(p) {
    d <- p$data
    lc <- tolower(names(d))
    out <- data.frame(row.names = seq_len(nrow(d)))
    for (i in seq_len(nrow(cb))) {
      if (cb$type[i] %in% c("ignore", "personal", "text")) next
      src <- if (nzchar(cb$source[i])) cb$source[i] else cb$name[i]
      j <- match(tolower(trimws(src)), lc)
      stopifnot(!is.na(j))
      out[[cb$name[i]]] <- d[[j]]
    }
    out
  }))
  say("/* ==== %s: %s; files %s (encodings %s; delimiters %s); --by %s ==== */", prefix, cbfile,
      paste(basename(files), collapse = " "), paste(sapply(parts, `[[`, "enc"), collapse = " "),
      paste(sapply(parts, `[[`, "sep"), collapse = " "), paste(bys, collapse = " --by "))

  var_of <- function(name) as.list(cb[cb$name == name, ])
  cell <- function(name) {
    v <- var_of(name)
    x <- trimws(raw[[name]])
    miss <- if (nzchar(v$missing)) strsplit(v$missing, "|", fixed = TRUE)[[1]] else character(0)
    x[x == "" | tolower(x) %in% tolower(trimws(miss))] <- NA
    x
  }
  read_rows <- nrow(raw)
  keep <- rep(TRUE, read_rows)
  for (cn in cb$name[cb$type == "consent"]) {
    ch <- choices_of(var_of(cn))
    lab <- choice_label(cell(cn), ch)
    keep <- keep & !is.na(lab) & ch$value[match(lab, ch$label)] == 1
  }
  raw <- raw[keep, , drop = FALSE]

  numeric_var <- function(name) numeric_cells(var_of(name), cell(name))
  level_var <- function(name) {
    v <- var_of(name)
    x <- cell(name)
    ch <- choices_of(v)
    if (v$type == "yesno") {
      yes <- if (!is.null(ch)) {
        lab <- choice_label(x, ch); ch$value[match(lab, ch$label)] == 1
      } else ifelse(tolower(x) %in% c("да", "yes", "1", "true"), TRUE,
                    ifelse(tolower(x) %in% c("нет", "no", "0", "false"), FALSE, NA))
      stopifnot(all(is.na(x) == is.na(yes)))
      return(factor(ifelse(yes, "да", "нет"), levels = c("нет", "да")))
    }
    if (!is.null(ch)) return(factor(choice_label(x, ch), levels = ch$label))
    if (v$type == "year") x <- ifelse(is.na(x), NA, sprintf("%.0f", as.numeric(x)))
    lv <- unique(x[!is.na(x)])
    num <- suppressWarnings(as.numeric(lv))
    if (!anyNA(num)) lv <- lv[order(num)]
    factor(x, levels = lv)
  }

  item_names <- cb$name[cb$type %in% c("scale", "number")]
  constructs <- unique(cb$construct[cb$type %in% c("scale", "number") & nzchar(cb$construct)])
  measures <- lapply(setNames(item_names, item_names), numeric_var)
  ranges <- lapply(setNames(item_names, item_names), function(n) {
    v <- var_of(n); if (nzchar(v$min) && nzchar(v$max)) as.numeric(c(v$min, v$max)) else NULL })
  cmembers <- list()
  for (cn in constructs) {
    its <- cb$name[cb$construct == cn & cb$type %in% c("scale", "number")]
    cmembers[[cn]] <- its
    measures[[cn]] <- rowMeans(sapply(its, function(i) measures[[i]]))
    ranges[[cn]] <- ranges[[its[1]]]
  }
  grouping <- cb$name[cb$type %in% c("group", "year", "wave", "choice", "yesno")]
  cats <- lapply(setNames(grouping, grouping), level_var)

  say("/* rows: nrow(rbind of the files) = %d read; consent == 1: %d accepted; %d excluded */",
      read_rows, sum(keep), sum(!keep))
  rec("rows", "", "read", read_rows); rec("rows", "", "accepted", sum(keep)); rec("rows", "", "excluded", sum(!keep))

  # ---------- items ----------
  say("/* items: x = the measure over the accepted rows, NA dropped (pairwise).")
  say(" * n = sum(!is.na(x)), missing = sum(is.na(x)), mean(x), sd(x),")
  say(" * quantile(x, c(0.5, 0.25, 0.75), type = 7), range(x), t.test(x)$conf.int;")
  say(" * scale items: top box x >= max - round((max - min + 1) * 0.3) + 1, share and")
  say(" *   Wilson score interval by hand (= prop.test(hits, n, correct = FALSE)$conf.int);")
  say(" * with a range: quality index (c(mean(x), t.test(x)$conf.int) - min) / (max - min) * 100;")
  say(" * counts: table(factor(x, levels = min:max)) for a scale, sort(unique(x)) for a")
  say(" * number, (k*min):(k*max) / k for the score of a k-item construct. */")
  rows <- character(0)
  for (m in names(measures)) {
    x0 <- measures[[m]]; x <- x0[!is.na(x0)]
    r <- ranges[[m]]
    is_c <- m %in% constructs
    if (!length(x)) {
      say("/* %s: every answer missing: n = 0, missing = %d, no statistic (R: mean(numeric(0)) = NaN) */",
          m, length(x0))
      next
    }
    v <- if (is_c) { k <- length(cmembers[[m]]); (k * r[1]):(k * r[2]) / k }
         else if (var_of(m)$type == "scale") r[1]:r[2] else sort(unique(x))
    stopifnot(all(x %in% v) || is_c)
    cnt <- if (is_c) sapply(v, function(g) sum(abs(x - g) < 1e-9)) else tabulate(match(x, v), length(v))
    stopifnot(sum(cnt) == length(x))
    say("static const double %s_%s_values[] = {%s};", prefix, m, f17(v))
    say("static const double %s_%s_counts[] = {%s};", prefix, m, f17(cnt))
    q <- quantile(x, c(0.5, 0.25, 0.75), type = 7)
    ci <- tryCatch(t.test(x)$conf.int, error = function(e) {
      say("/* %s: t.test(x): %s -> no interval (NAN) */", m, conditionMessage(e)); c(NA, NA) })
    top <- c(NA, NA, NA, NA); qi <- c(NA, NA, NA)
    if (!is_c && var_of(m)$type == "scale") {
      from <- r[2] - round((r[2] - r[1] + 1) * 0.3) + 1
      top <- c(from, wilson(sum(x >= from), length(x)))
    }
    if (!is.null(r)) qi <- (c(mean(x), ci) - r[1]) / (r[2] - r[1]) * 100
    for (f in c("n", "mean", "sd", "median", "ci95_low", "ci95_high"))
      rec("items", m, f, switch(f, n = length(x), mean = mean(x), sd = sd(x), median = q[[1]],
                                ci95_low = ci[1], ci95_high = ci[2]))
    if (!is_c) {
      rec("items", m, "missing", sum(is.na(x0))); rec("items", m, "q1", q[[2]]); rec("items", m, "q3", q[[3]])
      rec("items", m, "min", min(x)); rec("items", m, "max", max(x))
    }
    if (!is.na(top[1])) for (k in 1:3) rec("items", m, c("top_box/estimate", "top_box/ci95_low", "top_box/ci95_high")[k], top[k + 1])
    if (!is.na(qi[1])) for (k in 1:3) rec("items", m, c("quality_index/estimate", "quality_index/ci95_low", "quality_index/ci95_high")[k], qi[k])
    rows <- c(rows, sprintf(
      "    {%s, %d, %d, %s, %s, %s, %s,\n     %s, LEN(%s_%s_values), %s_%s_values, %s_%s_counts},",
      cstr(m), length(x), sum(is.na(x0)), f17(c(mean(x), sd(x))), f17(q), f17(range(x)),
      f17(ci), f17(c(top, qi)), prefix, m, prefix, m, prefix, m))
  }
  n_items <- length(rows)
  if (n_items) say("static const item_ref %s_items[] = {\n%s\n};\n", prefix, paste(rows, collapse = "\n"))

  # ---------- categories ----------
  say("/* categories: table(f) with every level (f = the variable as a factor with the")
  say(" * contract's levels), n = sum(!is.na(f)), missing = sum(is.na(f)); multi: counts of")
  say(" * each choice over the parts of strsplit(cell, \";|, \"), n = cells with an answer. */")
  rows <- character(0)
  for (nm in cb$name[cb$type %in% c("group", "year", "wave", "choice", "yesno", "multi")]) {
    if (cb$type[cb$name == nm] == "multi") {
      ch <- choices_of(var_of(nm)); x <- cell(nm)
      sets <- lapply(x, function(s) if (is.na(s)) character(0) else
        unique(choice_label(trimws(strsplit(s, ";|, ")[[1]]), ch)))
      lv <- ch$label; counts <- sapply(lv, function(l) sum(sapply(sets, function(s) l %in% s)))
      n <- sum(lengths(sets) > 0); miss <- length(sets) - n
    } else {
      f <- cats[[nm]]; lv <- levels(f); counts <- as.vector(table(f))
      n <- sum(!is.na(f)); miss <- sum(is.na(f))
    }
    say("static const char *const %s_%s_levels[] = {%s};", prefix, nm, paste(cstr(lv), collapse = ", "))
    say("static const double %s_%s_level_counts[] = {%s};", prefix, nm, f17(counts))
    rows <- c(rows, sprintf("    {%s, %d, %d, LEN(%s_%s_levels), %s_%s_levels, %s_%s_level_counts},",
                            cstr(nm), n, miss, prefix, nm, prefix, nm, prefix, nm))
  }
  say("static const category_ref %s_categories[] = {\n%s\n};\n", prefix, paste(rows, collapse = "\n"))

  # ---------- constructs ----------
  rows <- character(0)
  for (cn in constructs) {
    its <- cmembers[[cn]]
    Xc <- na.omit(sapply(its, function(i) measures[[i]]))
    if (any(apply(Xc, 2, var) == 0)) {
      a <- tryCatch(suppressMessages(suppressWarnings(psych::alpha(Xc, check.keys = FALSE))),
                    error = function(e) conditionMessage(e))
      say("/* construct %s: item %s is constant over na.omit(X) (n = %d): its correlations are undefined;",
          cn, paste(its[apply(Xc, 2, var) == 0], collapse = ", "), nrow(Xc))
      say(" * psych::alpha(Xc): %s;", if (is.character(a)) paste("error:", a) else
          sprintf("raw_alpha = %s, std.alpha = %s", f17(a$total$raw_alpha), f17(a$total$std.alpha)))
      say(" * mentorstat's contract: alpha null with a reason (tests/test_stats_scale.c) */")
      next
    }
    a <- suppressMessages(suppressWarnings(psych::alpha(Xc)))
    nn <- nrow(Xc); kk <- ncol(Xc)
    feldt <- 1 - (1 - a$total$raw_alpha) * c(qf_root(0.975, nn - 1, (nn - 1) * (kk - 1)),
                                             qf_root(0.025, nn - 1, (nn - 1) * (kk - 1)))
    straight <- sum(apply(Xc, 1, function(r) all(r == r[1])))
    rec("constructs", cn, "n", nn); rec("constructs", cn, "alpha", a$total$raw_alpha)
    rec("constructs", cn, "alpha_ci95_low", feldt[1]); rec("constructs", cn, "alpha_ci95_high", feldt[2])
    rec("constructs", cn, "std_alpha", a$total$std.alpha); rec("constructs", cn, "mean_r", a$total$average_r)
    for (k in seq_along(its)) {
      rec("item_total", its[k], "corrected_r", a$item.stats$r.drop[k])
      rec("item_total", its[k], "alpha_if_deleted", a$alpha.drop$raw_alpha[k])
    }
    say("/* construct %s: Xc = na.omit(cbind(%s)) after reverse keying, a = psych::alpha(Xc):",
        cn, paste(its, collapse = ", "))
    say(" * n = nrow(Xc); a$total$raw_alpha; Feldt 1 - (1 - raw_alpha) * qf(c(.975, .025), n - 1, (n - 1)(k - 1))")
    say(" * (quantiles by uniroot on pf; psych's a$feldt = %s); a$total$std.alpha; a$total$average_r;",
        f17(c(a$feldt$lower.ci, a$feldt$upper.ci)))
    say(" * straightlined = sum(apply(Xc, 1, function(r) all(r == r[1]))); a$item.stats$r.drop;")
    say(" * a$alpha.drop$raw_alpha.  The score (rowMeans) is the item \"%s\" above. */", cn)
    rows <- c(rows, sprintf("    {%s, %d, %s, %s,\n     %s, %d,\n     {%s},\n     {%s},\n     %d, {%s}},",
      cstr(cn), nn, f17(a$total$raw_alpha), f17(feldt), f17(c(a$total$std.alpha, a$total$average_r)),
      straight, f17(a$item.stats$r.drop), f17(a$alpha.drop$raw_alpha), kk,
      paste(cstr(its), collapse = ", ")))
  }
  n_constructs <- length(rows)
  if (n_constructs) say("static const construct_ref %s_constructs[] = {\n%s\n};\n", prefix, paste(rows, collapse = "\n"))

  # ---------- comparisons ----------
  groups_c <- function(x, g) {
    lv <- levels(g)
    paste(sprintf("{%s, %d, %s}", cstr(lv), as.vector(table(g)),
                  sapply(lv, function(l) f17(c(mean(x[g == l]), sd(x[g == l]))))), collapse = ", ")
  }
  out <- character(0)
  for (by in bys) {
    B <- cats[[by]]
    crow <- list(); p <- numeric(0)
    keys <- character(0); vals <- list()
    add <- function(s, pv, key = NULL, v = NULL) {
      crow[[length(crow) + 1]] <<- s; p <<- c(p, pv); keys <<- c(keys, key); vals[[length(vals) + 1]] <<- v }
    say("/* comparisons by %s (levels %s) */", by, paste(levels(B), collapse = ", "))
    for (m in names(measures)) {
      ok <- !is.na(measures[[m]]) & !is.na(B)
      x <- measures[[m]][ok]; g <- droplevels(B[ok])
      if (nlevels(g) < 2) {
        say("/* %s ~ %s: answers in %d group(s): nothing to compare */", m, by, nlevels(g))
        next
      }
      gs <- groups_c(x, g)
      if (nlevels(g) == 2) {
        x1 <- x[g == levels(g)[1]]; x2 <- x[g == levels(g)[2]]
        tt <- tryCatch(t.test(x1, x2), error = function(e) e)
        if (inherits(tt, "error")) {
          say("/* %s ~ %s: t.test(x1, x2) (n = %d, %d): %s -> welch_t null with a reason, not in the p.adjust family */",
              m, by, length(x1), length(x2), conditionMessage(tt))
        } else {
        n1 <- length(x1); n2 <- length(x2); df <- n1 + n2 - 2; hn <- 1 / n1 + 1 / n2
        sp <- sqrt(((n1 - 1) * var(x1) + (n2 - 1) * var(x2)) / df)
        J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
        hg <- hedges_g(x1, x2)
        hci <- ncp_t((mean(x1) - mean(x2)) / (sp * sqrt(hn)), df) * sqrt(hn) * J
        say("/* %s ~ %s: t.test(x1, x2) t=%s df=%s p=%s; effectsize::hedges_g(x1, x2)=%s, CI by uniroot on pt(ncp=) * sqrt(1/n1+1/n2) * J = %s (effectsize: %s) */",
            m, by, f17(tt$statistic), f17(tt$parameter), f17(tt$p.value), f17(hg$Hedges_g), f17(hci),
            f17(c(hg$CI_low, hg$CI_high)))
        add(sprintf("{%s, %s, \"welch_t\", %s, NAN, %s, 0, \"hedges_g\", %s, NAN, 0, 2, {%s}}",
                    cstr(m), cstr(by), f17(c(tt$statistic, tt$parameter)), f17(tt$p.value),
                    f17(c(hg$Hedges_g, hci)), gs), tt$p.value, paste(m, by, "welch_t"),
            c(statistic = tt$statistic, df = tt$parameter, p = tt$p.value, effect = hg$Hedges_g,
              effect_ci_low = hci[1], effect_ci_high = hci[2]))
        }
        w <- suppressWarnings(wilcox.test(x1, x2))
        if (is.na(w$p.value)) {
          say("/* %s ~ %s: wilcox.test(x1, x2) p = NaN (every value tied) -> mann_whitney null with a reason */", m, by)
          next
        }
        exact <- grepl("exact", w$method, fixed = TRUE)
        rb <- rank_biserial(x1, x2)
        say("/* %s ~ %s: wilcox.test(x1, x2) W=%s p=%s (%s); effectsize::rank_biserial(x1, x2)=%s CI=%s */",
            m, by, f17(w$statistic), f17(w$p.value), w$method, f17(rb$r_rank_biserial),
            f17(c(rb$CI_low, rb$CI_high)))
        add(sprintf("{%s, %s, \"mann_whitney\", %s, NAN, NAN, %s, %d, \"rank_biserial\", %s, NAN, 0, 2, {%s}}",
                    cstr(m), cstr(by), f17(w$statistic), f17(w$p.value), exact,
                    f17(c(rb$r_rank_biserial, rb$CI_low, rb$CI_high)), gs), w$p.value, paste(m, by, "mann_whitney"),
            c(statistic = w$statistic, p = w$p.value, effect = rb$r_rank_biserial,
              effect_ci_low = rb$CI_low, effect_ci_high = rb$CI_high))
      } else {
        if (var(x) == 0) {
          say("/* %s ~ %s: every value equal: anova and kruskal.test give NaN -> null with a reason */", m, by)
          next
        }
        fit <- lm(x ~ g); an <- anova(fit)
        Fv <- an$`F value`[1]; d1 <- an$Df[1]; d2 <- an$Df[2]
        ao <- summary(aov(x ~ g))[[1]]
        stopifnot(isTRUE(all.equal(ao$`F value`[1], Fv, tolerance = 1e-12)))
        if (min(table(g)) >= 2)
          stopifnot(isTRUE(all.equal(oneway.test(x ~ g, var.equal = TRUE)$statistic[[1]], Fv, tolerance = 1e-12)))
        else
          say("/* %s ~ %s: a group of one: oneway.test refuses (\"not enough observations\"); aov and anova(lm) give F below, with the group in the model */", m, by)
        eta <- an$`Sum Sq`[1] / sum(an$`Sum Sq`)
        eci <- ncp_pos(function(l) pf(Fv, d1, d2, ncp = l)); eci <- eci / (eci + d2)
        om <- omega_squared(fit, verbose = FALSE)$Omega2
        say("/* %s ~ %s: anova(lm(x ~ g)) (= aov, = oneway.test(var.equal = TRUE)) F=%s df=%d,%d p=%s; eta2 = SSb/SSt = %s, CI by uniroot on pf(ncp=), l/(l+df2) = %s; effectsize::omega_squared = %s */",
            m, by, f17(Fv), d1, d2, f17(an$`Pr(>F)`[1]), f17(eta), f17(eci), f17(om))
        add(sprintf("{%s, %s, \"anova\", %s, %d, %d, %s, 0, \"eta_squared\", %s, %s, 0, %d, {%s}}",
                    cstr(m), cstr(by), f17(Fv), d1, d2, f17(an$`Pr(>F)`[1]), f17(c(eta, eci)), f17(om),
                    nlevels(g), gs), an$`Pr(>F)`[1], paste(m, by, "anova"),
            c(statistic = Fv, df = d1, df2 = d2, p = an$`Pr(>F)`[1], effect = eta, effect_ci_low = eci[1],
              effect_ci_high = eci[2], omega_squared = om))
        kw <- kruskal.test(x, g)
        n <- length(x)
        kci <- pmin(ncp_pos(function(l) pchisq(kw$statistic, kw$parameter, ncp = l)) / (n - 1), 1)
        say("/* %s ~ %s: kruskal.test(x, g) H=%s df=%d p=%s; epsilon2 = H/(n-1) = %s, CI by uniroot on pchisq(ncp=), l/(n-1) = %s */",
            m, by, f17(kw$statistic), kw$parameter, f17(kw$p.value), f17(kw$statistic / (n - 1)), f17(kci))
        add(sprintf("{%s, %s, \"kruskal_wallis\", %s, %d, NAN, %s, 0, \"epsilon_squared\", %s, %s, NAN, 0, %d, {%s}}",
                    cstr(m), cstr(by), f17(kw$statistic), kw$parameter, f17(kw$p.value),
                    f17(kw$statistic / (n - 1)), f17(kci), nlevels(g), gs), kw$p.value, paste(m, by, "kruskal_wallis"),
            c(statistic = kw$statistic, df = kw$parameter, p = kw$p.value, effect = kw$statistic / (n - 1),
              effect_ci_low = kci[1], effect_ci_high = kci[2]))
      }
    }
    for (v in grouping) {
      if (v == by) next
      ok <- !is.na(cats[[v]]) & !is.na(B)
      tab <- table(cats[[v]][ok], B[ok])
      tab <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]
      if (nrow(tab) < 2 || ncol(tab) < 2) next
      warned <- FALSE
      cs <- withCallingHandlers(chisq.test(tab, correct = FALSE),
                                warning = function(w) { warned <<- TRUE; invokeRestart("muffleWarning") })
      n <- sum(tab); div <- n * (min(dim(tab)) - 1)
      cv <- sqrt(cs$statistic / div)
      vci <- pmin(sqrt(ncp_pos(function(l) pchisq(cs$statistic, cs$parameter, ncp = l)) / div), 1)
      say("/* %s ~ %s: table(%s, %s) = {%s} (row-major); chisq.test(tab, correct = FALSE) X2=%s df=%d p=%s warning=%s; Cramer's V = sqrt(X2/(n(min(r,c)-1))) = %s, CI by uniroot on pchisq(ncp=) = %s */",
          v, by, v, by, f17(as.vector(t(tab))), f17(cs$statistic), cs$parameter, f17(cs$p.value),
          warned, f17(cv), f17(vci))
      gs <- paste(sprintf("{%s, %d, NAN, NAN}", cstr(colnames(tab)), colSums(tab)), collapse = ", ")
      add(sprintf("{%s, %s, \"chi_square\", %s, %d, NAN, %s, 0, \"cramers_v\", %s, %s, NAN, %d, %d, {%s}}",
                  cstr(v), cstr(by), f17(cs$statistic), cs$parameter, f17(cs$p.value),
                  f17(cv), f17(vci), warned, ncol(tab), gs), cs$p.value, paste(v, by, "chi_square"),
          c(statistic = cs$statistic, df = cs$parameter, p = cs$p.value, effect = cv,
            effect_ci_low = vci[1], effect_ci_high = vci[2]))
    }
    holm <- p.adjust(p, "holm"); bh <- p.adjust(p, "BH")
    say("/* by %s: p = c(%s) in the order above;\n * p.adjust(p, \"holm\") = c(%s);\n * p.adjust(p, \"BH\") = c(%s) */",
        by, f17(p), f17(holm), f17(bh))
    for (i in seq_along(crow)) {
      v <- c(vals[[i]], p_holm = holm[i], p_bh = bh[i])
      for (f in names(v)) rec("comparisons", keys[i], sub("\\..*$", "", f), v[[f]])
    }
    for (i in seq_along(crow))
      out <- c(out, sprintf("    %s,\n     %s},", sub("\\}$", "", crow[[i]]), f17(c(holm[i], bh[i]))))
  }
  say("static const comparison_ref %s_comparisons[] = {\n%s\n};\n", prefix, paste(out, collapse = "\n"))
  stopifnot(length(out) > 0)

  # ---------- paired ----------
  waves <- cb$name[cb$type == "wave"]; ids <- cb$name[cb$type == "id"]
  n_paired <- 0; dups <- 0; from_l <- ""; to_l <- ""
  if (length(waves) == 1 && length(ids) == 1) {
    wave <- cats[[waves]]; id <- cell(ids)
    from_l <- levels(wave)[1]; to_l <- levels(wave)[2]
    ok <- !is.na(id) & !is.na(wave)
    first <- ok & !duplicated(data.frame(id, wave))
    dups <- sum(ok & !first)
    from_i <- which(first & wave == from_l); to_i <- which(first & wave == to_l)
    both <- intersect(id[from_i], id[to_i])
    fi <- from_i[match(both, id[from_i])]; ti <- to_i[match(both, id[to_i])]
    say("/* paired: ids answering both waves (first answer of an id in a wave wins): %d;", length(both))
    say(" * duplicate (id, wave) answers: %d; per measure: from = x[%s row], to = x[%s row],", dups, from_l, to_l)
    say(" * pairs with both answered; d = to - from; t.test(to, from, paired = TRUE);")
    say(" * wilcox.test(to, from, paired = TRUE) (R's defaults: exact iff n < 50, no ties, no zeros);")
    say(" * dz = mean(d)/sd(d), dz -/+ qnorm(0.975) * sqrt(1/n + dz^2/(2n)); mean(d > 0), mean(d == 0), mean(d < 0) */")
    prs <- character(0)
    for (m in names(measures)) {
      from <- measures[[m]][fi]; to <- measures[[m]][ti]
      okp <- !is.na(from) & !is.na(to); from <- from[okp]; to <- to[okp]
      dd <- to - from
      if (length(dd) < 2 || all(dd == 0)) {
        say("/* %s: %d pairs, %d of them zero: t.test(to, from, paired = TRUE) %s; wilcox.test p = NaN -> null with a reason */",
            m, length(dd), sum(dd == 0), if (length(dd) < 2) "refuses (not enough observations)" else "gives t = NaN")
        next
      }
      tt <- t.test(to, from, paired = TRUE)
      wt <- suppressWarnings(wilcox.test(to, from, paired = TRUE))
      exact <- grepl("exact", wt$method, fixed = TRUE)
      dz <- mean(dd) / sd(dd); se <- sqrt(1 / length(dd) + dz^2 / (2 * length(dd)))
      pv <- c(n = length(dd), mean_diff = mean(dd), sd_diff = sd(dd), t = tt$statistic[[1]],
              df = tt$parameter[[1]], p_t = tt$p.value, wilcoxon_v = wt$statistic[[1]],
              p_wilcoxon = wt$p.value, effect_dz = dz, effect_dz_ci_low = dz - qnorm(0.975) * se,
              effect_dz_ci_high = dz + qnorm(0.975) * se, improved = mean(dd > 0),
              unchanged = mean(abs(dd) < 1e-12), worse = mean(dd < 0))
      for (f in names(pv)) rec("paired", m, f, pv[[f]])
      say("/* %s: t.test t=%s df=%s p=%s; wilcox.test V=%s p=%s (%s; %d zero differences dropped) */",
          m, f17(tt$statistic), f17(tt$parameter), f17(tt$p.value), f17(wt$statistic), f17(wt$p.value),
          wt$method, sum(abs(dd) < 1e-12))
      prs <- c(prs, sprintf("    {%s, %d, %s, %s, %s, %s, %d,\n     %s,\n     %s},",
                            cstr(m), length(dd), f17(c(mean(dd), sd(dd))),
                            f17(c(tt$statistic, tt$parameter, tt$p.value)), f17(wt$statistic),
                            f17(wt$p.value), exact,
                            f17(c(dz, dz + c(-1, 1) * qnorm(0.975) * se)),
                            f17(c(mean(dd > 0), mean(abs(dd) < 1e-12), mean(dd < 0)))))
    }
    n_paired <- length(prs)
    say("static const paired_ref %s_paired[] = {\n%s\n};\n", prefix, paste(prs, collapse = "\n"))
  }
  compare_json(prefix, cbfile, files, bys)
  sprintf("    {%s, %s, {%s}, %d, {%s}, %d, %d, %d, %d,\n     %s, %d, %s_categories, LEN(%s_categories), %s, %d,\n     %s_comparisons, LEN(%s_comparisons), %s, %d, %s, %s, %d},",
          cstr(prefix), cstr(cbfile), paste(cstr(files), collapse = ", "), length(files),
          paste(cstr(bys), collapse = ", "), length(bys), read_rows, sum(keep), sum(!keep),
          if (n_items) paste0(prefix, "_items") else "NULL", n_items, prefix, prefix, if (n_constructs) paste0(prefix, "_constructs") else "NULL", n_constructs,
          prefix, prefix, if (n_paired) paste0(prefix, "_paired") else "NULL", n_paired,
          cstr(from_l), cstr(to_l), dups)
}

say("/* ---- generated by tests/r/example.R (%s, psych %s, effectsize %s) ---- */",
    R.version.string, packageVersion("psych"), packageVersion("effectsize"))
ex <- "surveys/example"
yrs <- 2022:2025
data_of <- function(q) sprintf("%s/data/%s_%d.csv", ex, q, yrs)
cb_of <- function(q) sprintf("%s/%s.codebook.csv", ex, q)
sets <- c(
  analyse("mentees", cb_of("mentees_satisfaction"), data_of("mentees_satisfaction"), c("form", "recommend")),
  analyse("mentors", cb_of("mentors_satisfaction"), data_of("mentors_satisfaction"), c("form", "recommend")),
  analyse("self", cb_of("selfassessment"), data_of("selfassessment"), c("form", "wave")),
  analyse("bank", cb_of("mentors_bank"), data_of("mentors_bank"), c("form", "mentored_before")),
  analyse("requests", cb_of("mentees_requests"), data_of("mentees_requests"), c("form")))
if (file.exists("tests/data/edge.csv"))
  sets <- c(sets, analyse("edge", "tests/data/edge.codebook.csv", "tests/data/edge.csv", c("form", "wave", "site")))
say("static const dataset_ref datasets[] = {\n%s\n};", paste(sets, collapse = "\n"))
