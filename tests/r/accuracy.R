# accuracy.R — the largest relative difference between mentorstat and R seen
# in every suite that checks figures against R, per statistic: writes the
# table of tests/r/ACCURACY.md to stdout.
# Run from the project root after a build:  Rscript tests/r/accuracy.R build-r
#
# It runs each suite with MS_TEST_SHOW_DIFF=1 CK_FORK=no, which makes every
# relative or p-value comparison print "reldiff D  where what" (or
# "reldiff what D" in test_stats_paired/scale), and sorts each line into a
# statistic by the R call named in it.  Differences are |ours - R| / |R|
# (|ours| where R says 0).  Counts (n, table counts, V) are compared exactly
# and do not appear.
args <- commandArgs(trailingOnly = TRUE)
build <- if (length(args)) args[1] else "build-r"
suites <- c(test_stats_desc = "public datasets (InsectSprays, ToothGrowth, bfi, mtcars)",
            test_stats_compare = "public datasets (ToothGrowth, mtcars, InsectSprays, warpbreaks, bfi)",
            test_stats_paired = "public datasets (sleep, anorexia, depression) and questionnaires",
            test_stats_scale = "public datasets (bfi, attitude, InsectSprays)",
            test_results = "tests/data/e2e.csv",
            test_example_vs_r = "surveys/example and tests/data/edge.csv")

rows <- list()
for (s in names(suites)) {
  out <- suppressWarnings(system2(file.path(build, "tests", s), stdout = TRUE, stderr = TRUE,
                                  env = c("MS_TEST_SHOW_DIFF=1", "CK_FORK=no")))
  status <- attr(out, "status")
  if (!is.null(status) && status != 0) stop(s, " failed")
  out <- out[startsWith(out, "reldiff ")]
  for (l in out) {
    f <- strsplit(sub("^reldiff +", "", l), " +")[[1]]
    if (grepl("^[0-9.e+-]+$", f[1])) {
      d <- as.numeric(f[1]); what <- paste(f[-1], collapse = " ")
    } else {
      d <- as.numeric(f[length(f)]); what <- paste(f[-length(f)], collapse = " ")
    }
    rows[[length(rows) + 1]] <- data.frame(suite = s, what = what, d = d)
  }
}
x <- do.call(rbind, rows)

# statistic, R function, pattern (first match wins)
rules <- matrix(ncol = 3, byrow = TRUE, c(
  "group mean, sd", "mean, sd per group", "group mean|group sd",
  "p_holm, p_bh", "p.adjust(p, \"holm\"), p.adjust(p, \"BH\")", "holm|BH|p\\.adjust|out\\[i\\]",
  "Hedges' g with 95 % CI", "effectsize::hedges_g (CI: noncentral t, uniroot)", "\\(welch_t\\).*(hedges|effect)|check_welch t->effect",
  "Welch t, df, p", "t.test(x1, x2)", "\\(welch_t\\)|check_welch",
  "rank-biserial r with 95 % CI", "effectsize::rank_biserial", "\\(mann_whitney\\).*(rank_biserial|effect)|check_mw t->effect|mann_whitney.*t\\.effect",
  "Mann-Whitney W, p (exact and normal with tie/continuity correction)", "wilcox.test(x1, x2)", "\\(mann_whitney\\)|check_mw|mann_whitney",
  "omega²", "effectsize::omega_squared", "omega",
  "eta² with 95 % CI", "anova(lm) SS ratio; CI: noncentral F, uniroot (effectsize::eta_squared)", "\\(anova\\).*(eta_squared|effect)|check_anova t->effect",
  "ANOVA F, df, p", "anova(lm(x ~ g)) = aov = oneway.test(var.equal = TRUE)", "\\(anova\\)|check_anova",
  "epsilon² with 95 % CI", "H/(n-1) (effectsize::rank_epsilon_squared); CI: noncentral chi-square, uniroot", "\\(kruskal_wallis\\).*(epsilon|effect)|check_kw t->effect",
  "Kruskal-Wallis H, df, p (tie-corrected)", "kruskal.test", "\\(kruskal_wallis\\)|check_kw",
  "Cramér's V with 95 % CI", "effectsize::cramers_v(adjust = FALSE); CI: noncentral chi-square, uniroot", "\\(chi_square\\).*(cramers_v|effect)|check_chi t->effect",
  "chi-square X², df, p", "chisq.test(tab, correct = FALSE)", "\\(chi_square\\)|check_chi",
  "d_z with 95 % CI", "mean(d)/sd(d), normal-approximation CI", "d_z",
  "shares improved / unchanged / worse", "mean(d > 0), mean(d == 0), mean(d < 0)", "mean\\(d [<>=]|share ",
  "Wilcoxon signed-rank p (V exact)", "wilcox.test(to, from, paired = TRUE)", "wilcox\\.test",
  "paired t, df, p; mean and sd of differences", "t.test(to, from, paired = TRUE)", "t\\.test\\(paired\\)|t\\.test t|t\\.test p|mean\\(d\\)|sd\\(d\\)",
  "Feldt 95 % CI of alpha", "psych::alpha()$feldt (qf by uniroot)", "[Ff]eldt",
  "standardized alpha, mean inter-item r", "psych::alpha std.alpha, average_r", "std\\.alpha|average_r",
  "corrected item-total r", "psych::alpha item.stats$r.drop", "r\\.drop",
  "alpha if item deleted", "psych::alpha alpha.drop$raw_alpha", "alpha\\.drop",
  "Cronbach's alpha (raw)", "psych::alpha total$raw_alpha", "raw_alpha",
  "empirical-Bayes shrinkage", "metafor::rma(method = \"DL\"), blup()", "tau2|blup|pred|pi\\.lb|pi\\.ub",
  "top-box share with Wilson 95 % CI", "Wilson score, no continuity correction = prop.test(x, n, correct = FALSE)", "Wilson|top box|w\\.ci|w\\.estimate",
  "quality index with 95 % CI", "(c(mean, t.test(x)$conf.int) - min)/(max - min)*100", "quality index|q\\.estimate|q\\.ci",
  "t-based 95 % CI of the mean", "t.test(x)$conf.int", "conf\\.int|d\\.ci_",
  "median, quartiles (type 7), min, max", "quantile(x, type = 7), range", "quantile|d\\.median|d\\.q1|d\\.q3|min\\(x\\)|max\\(x\\)|d\\.min|d\\.max",
  "mean, sd (n - 1)", "mean, sd, var", "mean\\(x\\)|sd\\(x\\)|d\\.mean|d\\.sd|m\\.mean|m\\.var|d\\.n|m\\.n",
  "value grid of table(x)", "table(x) names", "value of table"))
cls <- rep(NA_integer_, nrow(x))
for (i in seq_len(nrow(rules))) {
  hit <- is.na(cls) & grepl(rules[i, 3], x$what)
  cls[hit] <- i
}
if (anyNA(cls)) {
  print(unique(x[is.na(cls), c("suite", "what")]))
  stop("unclassified comparisons above")
}
x$cls <- cls
cat(sprintf("%d comparisons in %d suites\n\n", nrow(x), length(suites)))
cat("| statistic | R function it matches | max rel diff | where (suite: figure) | comparisons |\n")
cat("|---|---|---|---|---|\n")
for (i in seq_len(nrow(rules))) {
  y <- x[x$cls == i, ]
  if (!nrow(y)) next
  j <- which.max(y$d)
  per <- tapply(y$d, y$suite, max)
  cat(sprintf("| %s | `%s` | %.1e | %s: %s | %d (%s) |\n", rules[i, 1], rules[i, 2], y$d[j],
              y$suite[j], y$what[j], nrow(y),
              paste(sprintf("%s %.0e", sub("^test_", "", names(per)), per), collapse = ", ")))
}
