# e2e.R — reference values for tests/test_results.c: every figure of
# `mentorstat analyze --codebook tests/data/e2e.codebook.csv --by form --by year
# --json tests/data/e2e.csv`, computed in R 4.2.2 (psych 2.2.9, effectsize
# 0.8.3) from the raw CSV, read as DESIGN.md's contract defines it.
# Run from the project root:  Rscript tests/r/e2e.R > /tmp/e2e_ref.c
# The build does not run it; its output (C initialisers, each group with the
# R call that produced it) was pasted into tests/test_results.c as literals.
# Every number is printed with 17 significant digits.
#
# Reading (DESIGN.md, "Codebook format" and "analyze --json"):
#   - cells are trimmed; a blank cell or one of the variable's `missing`
#     answers is NA;
#   - rows whose consent is not 1 (label "Да" or value 1) are dropped before
#     anything else;
#   - choice/wave/consent cells equal to a choice's value or label (trimmed,
#     case-insensitive) take that choice; yes/no cells are да/нет (any case);
#   - numbers accept a decimal comma; a `reverse` item becomes min + max - x;
#   - levels: the codebook's choices in order; else numeric order when every
#     label is a number (year); else the order first seen in accepted rows;
#   - items are pairwise; the construct score is the mean of a respondent's
#     five items (NA unless all five are answered); alpha is listwise;
#   - comparisons per --by variable: per measure (q1..q5, hours, quality)
#     welch_t + mann_whitney (two levels) or anova + kruskal_wallis (three),
#     then chi_square for every other grouping variable in codebook order;
#     Holm and BH within one --by variable over all of them in that order;
#   - paired: by id from "вход" to "выход"; the first answer of an id in a
#     wave (file order) is its answer.
#
# Effect-size intervals are effectsize's definitions solved with uniroot()
# as in tests/r/stats_compare.R (effectsize's own optim() is good to ~1e-5);
# d_z's interval is the normal approximation ms_paired_from_counts documents.
suppressMessages({library(psych); library(effectsize)})
options(warn = 1)

dir <- "tests/data"
cb <- read.csv(file.path(dir, "e2e.codebook.csv"), colClasses = "character",
               check.names = FALSE, fileEncoding = "UTF-8", na.strings = character(0))
raw <- read.csv(file.path(dir, "e2e.csv"), colClasses = "character",
                check.names = FALSE, fileEncoding = "UTF-8", na.strings = character(0))
names(raw) <- trimws(names(raw))

f17 <- function(v) paste(ifelse(is.na(v), "NAN", sprintf("%.17g", v)), collapse = ", ")
say <- function(fmt, ...) cat(sprintf(fmt, ...), "\n", sep = "")
cstr <- function(s) paste0("\"", s, "\"")

var_of <- function(name) as.list(cb[cb$name == name, ])
cell <- function(name) {
  v <- var_of(name)
  x <- trimws(raw[[if (nzchar(v$source)) v$source else v$name]])
  miss <- if (nzchar(v$missing)) strsplit(v$missing, "|", fixed = TRUE)[[1]] else character(0)
  x[x == "" | tolower(x) %in% tolower(trimws(miss))] <- NA
  x
}
choices_of <- function(v) {
  if (!nzchar(v$choices)) return(NULL)
  parts <- strsplit(strsplit(v$choices, "|", fixed = TRUE)[[1]], "=", fixed = TRUE)
  data.frame(value = as.numeric(sapply(parts, `[`, 1)), label = sapply(parts, `[`, 2),
             stringsAsFactors = FALSE)
}
# A cell matching a choice's label (case-insensitive) or its value -> the label.
choice_label <- function(x, ch) {
  num <- suppressWarnings(as.numeric(sub(",", ".", x, fixed = TRUE)))
  i <- match(tolower(x), tolower(ch$label))
  j <- match(num, ch$value)
  out <- ch$label[ifelse(is.na(i), j, i)]
  stopifnot(all(is.na(x) == is.na(out)))
  out
}

# ---------- rows: consent first ----------
consent_ch <- choices_of(var_of("consent"))
consent <- choice_label(cell("consent"), consent_ch)
keep <- !is.na(consent) & consent_ch$value[match(consent, consent_ch$label)] == 1
read_rows <- nrow(raw)
d <- raw[keep, ]
raw <- d   # cell() reads the accepted rows from here on

numeric_var <- function(name) {
  v <- var_of(name)
  x <- as.numeric(sub(",", ".", cell(name), fixed = TRUE))
  stopifnot(all(is.na(x) == is.na(cell(name))))
  if (v$reverse == "1") x <- as.numeric(v$min) + as.numeric(v$max) - x
  x
}
level_var <- function(name) {
  v <- var_of(name)
  x <- cell(name)
  ch <- choices_of(v)
  if (!is.null(ch)) return(factor(choice_label(x, ch), levels = ch$label))
  if (v$type == "yesno") {
    yn <- ifelse(tolower(x) %in% c("да", "yes", "1", "true"), "да",
                 ifelse(tolower(x) %in% c("нет", "no", "0", "false"), "нет", NA))
    stopifnot(all(is.na(x) == is.na(yn)))
    return(factor(yn, levels = c("нет", "да")))
  }
  if (v$type == "year") x <- ifelse(is.na(x), NA, sprintf("%.0f", as.numeric(x)))
  lv <- unique(x[!is.na(x)])
  num <- suppressWarnings(as.numeric(lv))
  if (!anyNA(num)) lv <- lv[order(num)]
  factor(x, levels = lv)
}

items <- c("q1", "q2", "q3", "q4", "q5")
X <- sapply(items, numeric_var)
measures <- list(q1 = X[, 1], q2 = X[, 2], q3 = X[, 3], q4 = X[, 4], q5 = X[, 5],
                 hours = numeric_var("hours"), quality = rowMeans(X))
ranges <- list(q1 = c(1, 10), q2 = c(1, 10), q3 = c(1, 10), q4 = c(1, 10), q5 = c(1, 10),
               hours = NULL, quality = c(1, 10))
grouping <- cb$name[cb$type %in% c("group", "year", "wave", "choice", "yesno")]
cats <- lapply(setNames(grouping, grouping), level_var)

say("/* ---- generated by tests/r/e2e.R (R %s, psych %s, effectsize %s) ---- */",
    paste(R.version$major, R.version$minor, sep = "."), packageVersion("psych"),
    packageVersion("effectsize"))
say("/* rows: nrow(read.csv(e2e.csv)) = %d read; consent == 1: %d accepted; %d excluded */",
    read_rows, sum(keep), sum(!keep))
say("#define REF_READ %d\n#define REF_ACCEPTED %d\n#define REF_EXCLUDED %d\n",
    read_rows, sum(keep), sum(!keep))

# ---------- items ----------
say("/* items: x = the measure over the accepted rows, NA dropped (pairwise).");
say(" * n = sum(!is.na(x)), missing = sum(is.na(x)), mean(x), sd(x),");
say(" * quantile(x, c(0.5, 0.25, 0.75), type = 7), range(x), t.test(x)$conf.int;");
say(" * scale items: top box x >= 8 (10 - round(10 * 0.3) + 1):");
say(" *   prop.test(sum(x >= 8), n, correct = FALSE)$estimate, $conf.int;");
say(" * with a range: quality index (c(mean(x), t.test(x)$conf.int) - min) / (max - min) * 100;");
say(" * counts: table(factor(x, levels = every level of the scale)), or of");
say(" * sort(unique(x)) for a number; for quality, levels seq(1, 10, by = 0.2)");
say(" * written as (5:50) / 5, the grid the aggregate keeps. */")
item_rows <- character(0)
for (m in names(measures)) {
  x0 <- measures[[m]]; x <- x0[!is.na(x0)]
  r <- ranges[[m]]
  v <- if (m == "quality") (5:50) / 5 else if (!is.null(r)) r[1]:r[2] else sort(unique(x))
  say("static const double %s_values[] = {%s};", m, f17(v))
  say("static const double %s_counts[] = {%s};", m, f17(tabulate(match(x, v), length(v))))
  stopifnot(all(x %in% v))
  q <- quantile(x, c(0.5, 0.25, 0.75), type = 7)
  ci <- t.test(x)$conf.int
  top <- c(NA, NA, NA, NA); qi <- c(NA, NA, NA)
  if (m %in% items) {
    pt <- prop.test(sum(x >= 8), length(x), correct = FALSE)
    top <- c(8, unname(pt$estimate), pt$conf.int)
  }
  if (!is.null(r)) qi <- (c(mean(x), ci) - r[1]) / (r[2] - r[1]) * 100
  item_rows <- c(item_rows, sprintf(
    "    {%s, %d, %d, %s, %s, %s, %s,\n     %s, LEN(%s_values), %s_values, %s_counts},",
    cstr(m), length(x), sum(is.na(x0)), f17(c(mean(x), sd(x))), f17(q), f17(range(x)),
    f17(ci), f17(c(top, qi)), m, m, m))
}
say("static const item_ref item_refs[] = {\n%s\n};\n", paste(item_rows, collapse = "\n"))

# ---------- categories ----------
say("/* categories: table(f) with every level (f = the variable as a factor");
say(" * with the contract's levels), n = sum(!is.na(f)), missing = sum(is.na(f)). */")
cat_rows <- character(0)
for (nm in cb$name[cb$type %in% c("group", "year", "wave", "choice", "yesno", "multi")]) {
  f <- cats[[nm]]
  say("static const char *const %s_levels[] = {%s};", nm, paste(cstr(levels(f)), collapse = ", "))
  say("static const double %s_level_counts[] = {%s};", nm, f17(as.vector(table(f))))
  cat_rows <- c(cat_rows, sprintf("    {%s, %d, %d, LEN(%s_levels), %s_levels, %s_level_counts},",
                                  cstr(nm), sum(!is.na(f)), sum(is.na(f)), nm, nm, nm))
}
say("static const category_ref category_refs[] = {\n%s\n};\n", paste(cat_rows, collapse = "\n"))

# ---------- construct ----------
qf_root <- function(p, df1, df2)
  uniroot(function(x) pf(x, df1, df2) - p, c(1e-3, 1e3), tol = 1e-15, maxiter = 10000)$root
Xc <- na.omit(X)
a <- suppressMessages(psych::alpha(Xc))
nn <- nrow(Xc); kk <- ncol(Xc)
feldt <- 1 - (1 - a$total$raw_alpha) * c(qf_root(0.975, nn - 1, (nn - 1) * (kk - 1)),
                                         qf_root(0.025, nn - 1, (nn - 1) * (kk - 1)))
straight <- sum(apply(Xc, 1, function(r) all(r == r[1])))
say("/* construct quality: Xc = na.omit(cbind(q1, ..., q5)) after reverse keying, a = psych::alpha(Xc):");
say(" * n = nrow(Xc); a$total$raw_alpha; Feldt 1 - (1 - raw_alpha) * qf(c(.975, .025), n - 1, (n - 1)(k - 1))");
say(" * (quantiles by uniroot on pf; psych's a$feldt = %s); a$total$std.alpha; a$total$average_r;",
    f17(c(a$feldt$lower.ci, a$feldt$upper.ci)))
say(" * straightlined = sum(apply(Xc, 1, function(r) all(r == r[1])));")
say(" * a$item.stats$r.drop; a$alpha.drop$raw_alpha.  The score is item \"quality\" above. */")
say("static const construct_ref construct_ref_quality = {\n    \"quality\", %d, %s, %s,\n    %s, %d,\n    {%s},\n    {%s},\n    %d, {%s}};\n",
    nn, f17(a$total$raw_alpha), f17(feldt), f17(c(a$total$std.alpha, a$total$average_r)),
    straight, f17(a$item.stats$r.drop), f17(a$alpha.drop$raw_alpha), kk,
    paste(cstr(items), collapse = ", "))

# ---------- comparisons ----------
root <- function(f, lo, hi) uniroot(f, c(lo, hi), tol = 1e-14, maxiter = 10000)$root
# pt(ncp =) may warn "full precision may not have been achieved" while
# uniroot() probes the far ends of the bracket, where p is within 1e-10 of 0
# or 1; the roots (p = 0.025, 0.975) are far from there (and effectsize's
# own bounds, printed beside, agree to ~1e-7).
ncp_t <- function(t, df) suppressWarnings(c(root(function(d) pt(t, df, ncp = d) - 0.975, t - 30, t + 30),
                           root(function(d) pt(t, df, ncp = d) - 0.025, t - 30, t + 30)))
ncp_pos <- function(cdf) c(if (cdf(0) <= 0.975) 0 else root(function(l) cdf(l) - 0.975, 0, 1e4),
                           if (cdf(0) <= 0.025) 0 else root(function(l) cdf(l) - 0.025, 0, 1e4))
groups_c <- function(x, g) {
  lv <- levels(g)
  paste(sprintf("{%s, %d, %s}", cstr(lv), as.vector(table(g)),
                sapply(lv, function(l) f17(c(mean(x[g == l]), sd(x[g == l]))))), collapse = ", ")
}

comparisons <- list()   # per --by: a list of rows (strings) and p-values
for (by in c("form", "year")) {
  B <- cats[[by]]
  rows <- list(); p <- numeric(0)
  add <- function(s, pv) { rows[[length(rows) + 1]] <<- s; p <<- c(p, pv) }
  say("/* comparisons by %s (levels %s) */", by, paste(levels(B), collapse = ", "))
  for (m in names(measures)) {
    ok <- !is.na(measures[[m]]) & !is.na(B)
    x <- measures[[m]][ok]; g <- droplevels(B[ok])
    gs <- groups_c(x, g)
    if (nlevels(g) == 2) {
      x1 <- x[g == levels(g)[1]]; x2 <- x[g == levels(g)[2]]
      tt <- t.test(x1, x2)
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
                  f17(c(hg$Hedges_g, hci)), gs), tt$p.value)
      w <- suppressWarnings(wilcox.test(x1, x2))
      exact <- grepl("exact", w$method, fixed = TRUE)
      rb <- rank_biserial(x1, x2)
      say("/* %s ~ %s: wilcox.test(x1, x2) W=%s p=%s (%s); effectsize::rank_biserial(x1, x2)=%s CI=%s */",
          m, by, f17(w$statistic), f17(w$p.value), w$method, f17(rb$r_rank_biserial),
          f17(c(rb$CI_low, rb$CI_high)))
      add(sprintf("{%s, %s, \"mann_whitney\", %s, NAN, NAN, %s, %d, \"rank_biserial\", %s, NAN, 0, 2, {%s}}",
                  cstr(m), cstr(by), f17(w$statistic), f17(w$p.value), exact,
                  f17(c(rb$r_rank_biserial, rb$CI_low, rb$CI_high)), gs), w$p.value)
    } else {
      fit <- lm(x ~ g); an <- anova(fit)
      Fv <- an$`F value`[1]; d1 <- an$Df[1]; d2 <- an$Df[2]
      eta <- an$`Sum Sq`[1] / sum(an$`Sum Sq`)
      eci <- ncp_pos(function(l) pf(Fv, d1, d2, ncp = l)); eci <- eci / (eci + d2)
      om <- omega_squared(fit, verbose = FALSE)$Omega2
      es <- eta_squared(fit, alternative = "two.sided", verbose = FALSE)
      say("/* %s ~ %s: anova(lm(x ~ g)) F=%s df=%d,%d p=%s; eta2 = SSb/SSt = %s, CI by uniroot on pf(ncp=), l/(l+df2) = %s (effectsize two.sided: %s %s); effectsize::omega_squared = %s */",
          m, by, f17(Fv), d1, d2, f17(an$`Pr(>F)`[1]), f17(eta), f17(eci), f17(es$Eta2),
          f17(c(es$CI_low, es$CI_high)), f17(om))
      add(sprintf("{%s, %s, \"anova\", %s, %d, %d, %s, 0, \"eta_squared\", %s, %s, 0, %d, {%s}}",
                  cstr(m), cstr(by), f17(Fv), d1, d2, f17(an$`Pr(>F)`[1]), f17(c(eta, eci)), f17(om),
                  nlevels(g), gs), an$`Pr(>F)`[1])
      kw <- kruskal.test(x, g)
      n <- length(x)
      eps <- rank_epsilon_squared(x, g, ci = NULL)$rank_epsilon_squared
      kci <- pmin(ncp_pos(function(l) pchisq(kw$statistic, kw$parameter, ncp = l)) / (n - 1), 1)
      say("/* %s ~ %s: kruskal.test(x, g) H=%s df=%d p=%s; effectsize::rank_epsilon_squared=%s (H/(n-1)=%s), CI by uniroot on pchisq(ncp=), l/(n-1) = %s */",
          m, by, f17(kw$statistic), kw$parameter, f17(kw$p.value), f17(eps),
          f17(kw$statistic / (n - 1)), f17(kci))
      add(sprintf("{%s, %s, \"kruskal_wallis\", %s, %d, NAN, %s, 0, \"epsilon_squared\", %s, %s, NAN, 0, %d, {%s}}",
                  cstr(m), cstr(by), f17(kw$statistic), kw$parameter, f17(kw$p.value),
                  f17(kw$statistic / (n - 1)), f17(kci), nlevels(g), gs), kw$p.value)
    }
  }
  for (v in grouping) {
    if (v == by) next
    ok <- !is.na(cats[[v]]) & !is.na(B)
    tab <- table(cats[[v]][ok], B[ok])
    tab <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]
    warned <- FALSE
    cs <- withCallingHandlers(chisq.test(tab, correct = FALSE),
                              warning = function(w) { warned <<- TRUE; invokeRestart("muffleWarning") })
    n <- sum(tab); div <- n * (min(dim(tab)) - 1)
    cv <- cramers_v(tab, adjust = FALSE, alternative = "two.sided")
    vci <- pmin(sqrt(ncp_pos(function(l) pchisq(cs$statistic, cs$parameter, ncp = l)) / div), 1)
    say("/* %s ~ %s: table(%s, %s) = {%s} (row-major); chisq.test(tab, correct = FALSE) X2=%s df=%d p=%s warning=%s; effectsize::cramers_v(adjust = FALSE)=%s, CI by uniroot on pchisq(ncp=), sqrt(l/(n(min(r,c)-1))) = %s (effectsize: %s) */",
        v, by, v, by, f17(as.vector(t(tab))), f17(cs$statistic), cs$parameter, f17(cs$p.value),
        warned, f17(cv$Cramers_v), f17(vci), f17(c(cv$CI_low, cv$CI_high)))
    gs <- paste(sprintf("{%s, %d, NAN, NAN}", cstr(colnames(tab)), colSums(tab)), collapse = ", ")
    add(sprintf("{%s, %s, \"chi_square\", %s, %d, NAN, %s, 0, \"cramers_v\", %s, %s, NAN, %d, %d, {%s}}",
                cstr(v), cstr(by), f17(cs$statistic), cs$parameter, f17(cs$p.value),
                f17(cv$Cramers_v), f17(vci), warned, ncol(tab), gs), cs$p.value)
  }
  holm <- p.adjust(p, "holm"); bh <- p.adjust(p, "BH")
  say("/* by %s: p = c(%s) in the order above;\n * p.adjust(p, \"holm\") = c(%s);\n * p.adjust(p, \"BH\") = c(%s) */",
      by, f17(p), f17(holm), f17(bh))
  comparisons[[by]] <- list(rows = rows, holm = holm, bh = bh)
}
# Rows: variable, by, test, statistic, df, df2, p, exact, effect_name, effect,
# effect_low, effect_high, omega2, warning, n_groups, groups; then p_holm, p_bh.
out <- character(0)
for (by in names(comparisons)) {
  cmp <- comparisons[[by]]
  for (i in seq_along(cmp$rows))
    out <- c(out, sprintf("    %s,\n     %s},", sub("\\}$", "", cmp$rows[[i]]), f17(c(cmp$holm[i], cmp$bh[i]))))
}
say("static const comparison_ref comparison_refs[] = {\n%s\n};\n", paste(out, collapse = "\n"))

# ---------- paired ----------
wave <- cats[["wave"]]
id <- cell("id")
ok <- !is.na(id) & !is.na(wave)
first <- ok & !duplicated(data.frame(id, wave)) # first answer of an id in a wave
from_i <- which(first & wave == "вход"); to_i <- which(first & wave == "выход")
both <- intersect(id[from_i], id[to_i])
fi <- from_i[match(both, id[from_i])]; ti <- to_i[match(both, id[to_i])]
say("/* paired: ids answering both waves (first answer of an id in a wave wins): %d;", length(both))
say(" * duplicate (id, wave) answers: sum(duplicated(data.frame(id, wave)[ok, ])) = %d", sum(ok & !first))
say(" * per measure: from = x[вход row], to = x[выход row], pairs with both answered; d = to - from;")
say(" * t.test(to, from, paired = TRUE); wilcox.test(to, from, paired = TRUE); mean(d), sd(d);")
say(" * dz = mean(d)/sd(d), dz -/+ qnorm(0.975) * sqrt(1/n + dz^2/(2n)); mean(d > 0), mean(d == 0), mean(d < 0) */")
say("#define REF_DUPLICATES %d", sum(ok & !first))
prs <- character(0)
for (m in names(measures)) {
  from <- measures[[m]][fi]; to <- measures[[m]][ti]
  okp <- !is.na(from) & !is.na(to); from <- from[okp]; to <- to[okp]
  dd <- to - from
  tt <- t.test(to, from, paired = TRUE)
  wt <- suppressWarnings(wilcox.test(to, from, paired = TRUE))
  exact <- grepl("exact", wt$method, fixed = TRUE)
  dz <- mean(dd) / sd(dd); se <- sqrt(1 / length(dd) + dz^2 / (2 * length(dd)))
  es <- suppressWarnings(effectsize::cohens_d(to, from, paired = TRUE))
  say("/* %s: t.test t=%s df=%s p=%s; wilcox.test V=%s p=%s (%s); (comparison) effectsize::cohens_d(paired) %s [%s] */",
      m, f17(tt$statistic), f17(tt$parameter), f17(tt$p.value), f17(wt$statistic), f17(wt$p.value),
      wt$method, f17(es[[1]]), f17(c(es$CI_low, es$CI_high)))
  prs <- c(prs, sprintf("    {%s, %d, %s, %s, %s, %s, %d,\n     %s,\n     %s},",
                        cstr(m), length(dd), f17(c(mean(dd), sd(dd))),
                        f17(c(tt$statistic, tt$parameter, tt$p.value)), f17(wt$statistic),
                        f17(wt$p.value), exact,
                        f17(c(dz, dz + c(-1, 1) * qnorm(0.975) * se)),
                        f17(c(mean(dd > 0), mean(dd == 0), mean(dd < 0)))))
}
say("static const paired_ref paired_refs[] = {\n%s\n};\n", paste(prs, collapse = "\n"))

# ---------- privacy ----------
say("/* privacy: unique(raw ids) and unique(raw ФИО), every row including the refused ones */")
all_raw <- read.csv(file.path(dir, "e2e.csv"), colClasses = "character", check.names = FALSE,
                    fileEncoding = "UTF-8")
vals <- cstr(unique(c(trimws(all_raw[["Код участника"]]), trimws(all_raw[["ФИО"]]))))
lines <- tapply(vals, (seq_along(vals) - 1) %/% 4, paste, collapse = ", ")
say("static const char *const private_values[] = {\n    %s};", paste(lines, collapse = ",\n    "))
