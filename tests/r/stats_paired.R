# stats_paired.R — reference values for tests/test_stats_paired.c (R 4.2.2,
# effectsize for comparison only).  Run: Rscript tests/r/stats_paired.R
# (the build does not run it; its output was pasted into the test as
# literals).  Every value is printed with 17 significant digits.
#
# d_z = mean(d) / sd(d); its 95 % interval in ms_paired_from_counts is the
# normal approximation d_z -/+ qnorm(0.975) * sqrt(1/n + d_z^2 / (2 n)), so
# that is what is computed here.  effectsize's noncentral-t interval is
# printed beside it for comparison (not expected by the tests).
suppressMessages(library(MASS))
data(bfi, package = "psych")
options(warn = 1)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))

f17 <- function(v) paste(ifelse(is.na(v), "NAN", sprintf("%.17g", v)), collapse = ", ")
try_num <- function(expr)
  tryCatch(expr, error = function(e) { say("  (error: %s)", conditionMessage(e)); NA })

paired_ref <- function(name, to, from) {
  d <- to - from
  v <- sort(unique(d))   # exact doubles: table() would round names to 15 digits
  say("/* %s: d = to - from, n = %d */", name, length(d))
  say("diffs = {%s}", f17(v))
  say("counts = {%s}", f17(tabulate(match(d, v), length(v))))
  tt <- try_num(t.test(to, from, paired = TRUE))
  if (is.list(tt))
    say("t.test(to, from, paired = TRUE): t = %s, df = %s, p = %s, mean_diff = %s",
        f17(tt$statistic), f17(tt$parameter), f17(tt$p.value), f17(tt$estimate))
  wt <- suppressWarnings(wilcox.test(to, from, paired = TRUE))
  say("wilcox.test(to, from, paired = TRUE): V = %s, p = %s, method = \"%s\"",
      f17(wt$statistic), f17(wt$p.value), wt$method)
  dz <- mean(d) / sd(d); se <- sqrt(1 / length(d) + dz^2 / (2 * length(d)))
  say("mean(d) = %s, sd(d) = %s", f17(mean(d)), f17(sd(d)))
  say("dz = mean(d)/sd(d) = %s, dz -/+ qnorm(0.975)*sqrt(1/n + dz^2/(2n)) = %s",
      f17(dz), f17(dz + c(-1, 1) * qnorm(0.975) * se))
  say("shares mean(d > 0), mean(d == 0), mean(d < 0) = %s",
      f17(c(mean(d > 0), mean(d == 0), mean(d < 0))))
  es <- try(suppressWarnings(effectsize::cohens_d(to, from, paired = TRUE)), silent = TRUE)
  if (!inherits(es, "try-error"))
    say("(comparison) effectsize::cohens_d(to, from, paired = TRUE): %s [%s]",
        f17(es[[1]]), f17(c(es$CI_low, es$CI_high)))
  say("")
}

# sleep: extra hours of the same 10 patients under drug 2 and drug 1; one
# zero difference and a tie (1.3 twice): the normal approximation.
with(sleep, paired_ref("sleep: extra[group == 2] vs extra[group == 1]",
                       extra[group == 2], extra[group == 1]))

# Hollander & Wolfe's depression scale (the wilcox.test help example), first
# visit x and second visit y: tie-free, 9 pairs, exact.
x <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
y <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
paired_ref("depression: y (second visit) vs x (first visit)", y, x)

# MASS::anorexia, family therapy: weight after vs before, 17 tie-free pairs.
ft <- subset(anorexia, Treat == "FT")
paired_ref("MASS::anorexia FT: Postwt vs Prewt", ft$Postwt, ft$Prewt)

# MASS::anorexia, CBT: 29 pairs with ties and no zero, so n < 50 yet normal.
cbt <- subset(anorexia, Treat == "CBT")
paired_ref("MASS::anorexia CBT: Postwt vs Prewt", cbt$Postwt, cbt$Prewt)

# swiss: 47 tie-free pairs, the largest exact size in the data sets here
# (n < 50: exact, 2^47 subsets).
paired_ref("swiss: Agriculture vs Examination", swiss$Agriculture, swiss$Examination)

# LifeCycleSavings: 50 tie-free pairs, one past the exact limit: normal.
paired_ref("LifeCycleSavings: pop15 vs pop75", LifeCycleSavings$pop15, LifeCycleSavings$pop75)

# bfi: two agreeableness items of the same respondents on one 1..6 scale
# (A1 reverse-keyed), a Likert pre/post stand-in with many zeros and ties.
b <- na.omit(bfi[, c("A1", "A2")])
paired_ref("bfi: A2 vs 7 - A1, na.omit", b$A2, 7 - b$A1)

# Degenerate cases.
paired_ref("one pair: 5 vs 3", 5, 3)
paired_ref("all differences zero (4 pairs)", c(3, 4, 5, 2), c(3, 4, 5, 2))
paired_ref("all differences +1 (5 pairs)", c(2, 3, 4, 5, 6), c(1, 2, 3, 4, 5))

# ms_paired_t (tests/test_stats_paired.c: paired_t_from_moments_*): the sleep differences.
d <- with(sleep, extra[group == 1] - extra[group == 2])
tp <- with(sleep, t.test(extra[group == 1], extra[group == 2], paired = TRUE))
say("paired_t sleep: t %.17g df %.17g p %.17g mean %.17g sd %.17g dz %.17g",
    tp$statistic, tp$parameter, tp$p.value, mean(d), sd(d), mean(d) / sd(d))
