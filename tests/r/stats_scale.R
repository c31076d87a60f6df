# stats_scale.R — reference values for tests/test_stats_scale.c (R 4.2.2,
# psych 2.2.9, metafor for a cross-check of the shrinkage).
# Run: Rscript tests/r/stats_scale.R  (the build does not run it; its output
# was pasted into the test as literals).  Every value is printed with 17
# significant digits so nothing is lost between R and C.
suppressMessages(library(psych))
data(bfi, package = "psych")
options(warn = 1)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))

f17 <- function(v) paste(ifelse(is.na(v), "NAN", sprintf("%.17g", v)), collapse = ", ")

# Co-moment sums (the input of ms_alpha) and psych::alpha's figures.
# psych::alpha uses nrow(x) as n for the Feldt interval, so x is complete.
#
# The Feldt interval is psych::alpha.ci's definition, 1 - (1 - alpha) qf(...),
# with the F quantiles found by uniroot() on pf(): R 4.2.2's qf() is wrong
# for very large degrees of freedom (qf(0.975, 135449, 541796) = 1.007545
# while pf() of it is 0.9601; the root of pf() = 0.975 is 1.008445, which a
# simulation with rf() confirms), and so is psych's interval built on it.
# Where qf() is sound the two agree to 1e-12; both are printed.

alpha_ref <- function(name, x) {
  x <- as.matrix(x)
  stopifnot(!anyNA(x))
  a <- suppressMessages(psych::alpha(x))
  say("/* %s: n = %d, k = %d */", name, nrow(x), ncol(x))
  say("sum = {%s}", f17(colSums(x)))
  say("cross = {%s}  /* crossprod(x), row-major */", f17(t(crossprod(x))))
  say("psych::alpha(x)$total: raw_alpha = %s, std.alpha = %s, average_r = %s",
      f17(a$total$raw_alpha), f17(a$total$std.alpha), f17(a$total$average_r))
  n <- nrow(x); k <- ncol(x); raw <- a$total$raw_alpha
  feldt <- 1 - (1 - raw) * c(qf_root(0.975, n - 1, (n - 1) * (k - 1)),
                             qf_root(0.025, n - 1, (n - 1) * (k - 1)))
  say("Feldt, 1 - (1 - raw_alpha) * F quantiles by uniroot on pf: lower = %s, upper = %s",
      f17(feldt[1]), f17(feldt[2]))
  say("psych::alpha(x)$feldt (alpha.ci, uses qf): lower.ci = %s, upper.ci = %s",
      f17(a$feldt$lower.ci), f17(a$feldt$upper.ci))
  say("psych::alpha(x)$item.stats$r.drop = {%s}", f17(a$item.stats$r.drop))
  say("psych::alpha(x)$alpha.drop$raw_alpha = {%s}", f17(a$alpha.drop$raw_alpha))
  say("")
}

# bfi Agreeableness, A1 reverse-keyed on its 1..6 scale, listwise complete.
agree <- na.omit(transform(bfi[, paste0("A", 1:5)], A1 = 7 - A1))
alpha_ref("bfi A1..A5, A1 reversed (7 - A1), na.omit", agree)

# bfi Conscientiousness, C4 and C5 reverse-keyed.
consc <- na.omit(transform(bfi[, paste0("C", 1:5)], C4 = 7 - C4, C5 = 7 - C5))
alpha_ref("bfi C1..C5, C4 and C5 reversed (7 - x), na.omit", consc)

# attitude: 7 items, 30 departments, integer ratings.
alpha_ref("attitude (all 7 columns)", attitude)

# The same agreeableness rows stacked 50 times: large n, the sums stay exact.
big <- agree[rep(seq_len(nrow(agree)), 50), ]
alpha_ref("bfi A1..A5 reversed, na.omit, rows repeated 50 times", big)

# Two items: r.drop is their correlation; psych's alpha.drop for k = 2 is
# C12/C22 and C12/C11 (not an alpha), which ms_alpha leaves NAN.
two <- attitude[, c("rating", "complaints")]
alpha_ref("attitude[, c(\"rating\", \"complaints\")]", two)
C <- cov(two)
say("cov(two)[1,2] / cov(two)[2,2] = %s (psych's alpha.drop for k = 2)", f17(C[1, 2] / C[2, 2]))
say("")

# A constant item: psych::alpha deletes it with a warning; ms_alpha refuses.
konst <- cbind(attitude[, c("rating", "complaints")], const = 4)
say("/* attitude rating, complaints and a constant 4: n = %d */", nrow(konst))
say("sum = {%s}", f17(colSums(konst)))
say("cross = {%s}", f17(t(crossprod(as.matrix(konst)))))
say("var(const) = %s", f17(var(konst$const)))
say("")

# Empirical-Bayes shrinkage (normal-normal, DerSimonian-Laird tau^2): the
# expected values are metafor's rma(method = "DL") and blup() (the BLUP with
# its 95 % interval, whose variance includes the uncertainty of the grand
# mean); the same numbers by the formulas of ms_shrink are printed beside.
shrink_ref <- function(name, y, g) {
  n <- c(tapply(y, g, length)); m <- c(tapply(y, g, mean)); v <- c(tapply(y, g, var))
  ok <- n >= 2
  s2 <- v[ok] / n[ok]; w <- 1 / s2
  mw <- sum(w * m[ok]) / sum(w)
  Q <- sum(w * (m[ok] - mw)^2)
  tau2 <- max(0, (Q - (sum(ok) - 1)) / (sum(w) - sum(w^2) / sum(w)))
  ws <- 1 / (s2 + tau2)
  grand <- sum(ws * m[ok]) / sum(ws)
  B <- tau2 / (tau2 + s2)
  post <- grand + B * (m[ok] - grand)
  half <- qnorm(0.975) * sqrt(B * s2 + (1 - B)^2 / sum(ws))
  r <- metafor::rma(yi = m[ok], vi = s2, method = "DL")
  b <- metafor::blup(r)
  say("/* %s: groups %s */", name, paste(names(n), collapse = ", "))
  say("n = {%s}\nmean = {%s}\nvar = {%s}", f17(n), f17(m), f17(v))
  say("metafor::rma(yi = mean, vi = var / n, method = \"DL\"): tau2 = %s, mu = %s, QE = %s",
      f17(r$tau2), f17(as.numeric(r$b)), f17(r$QE))
  say("metafor::blup(rma): pred = {%s}", f17(b$pred))
  say("metafor::blup(rma): pi.lb = {%s}", f17(b$pi.lb))
  say("metafor::blup(rma): pi.ub = {%s}", f17(b$pi.ub))
  say("by the formulas: tau2 = %s, grand = %s", f17(tau2), f17(grand))
  say("by the formulas: post = {%s}", f17(post))
  say("by the formulas: low = {%s}", f17(post - half))
  say("by the formulas: high = {%s}", f17(post + half))
  say("")
}

shrink_ref("InsectSprays count by spray", InsectSprays$count, InsectSprays$spray)
# A group of one added: it gets NAN and takes no part in the estimation.
ins1 <- rbind(InsectSprays, data.frame(count = 7, spray = "G"))
shrink_ref("InsectSprays count by spray plus a group G of one (count 7)", ins1$count, ins1$spray)
a5 <- na.omit(bfi[, c("A5", "education")])
shrink_ref("bfi A5 by education (Q < df: tau2 truncated at 0)", a5$A5, a5$education)

# Issue 22: the Feldt interval at any n.  k items with variance 1 and
# covariance 0.5 (alpha = k/(k-1) (1 - k/(k + k(k-1)/2))), n complete answers:
# sum = 0, cross = (n - 1) C.  qf() is printed beside the root of pf(): for
# df2 > 4e5 R's qf() takes df2 as infinite (qchisq(p, df1)/df1), 1e-4 off.
feldt_ref <- function(n, k) {
  C <- matrix(0.5, k, k); diag(C) <- 1
  raw <- k / (k - 1) * (1 - sum(diag(C)) / sum(C))
  d1 <- n - 1; d2 <- (n - 1) * (k - 1)
  say("/* n = %s, k = %d: raw_alpha = %s */", format(n, scientific = FALSE), k, f17(raw))
  say("1 - (1 - raw) * qf_root(c(0.975, 0.025), n - 1, (n - 1) * (k - 1)) = {%s}",
      f17(1 - (1 - raw) * c(qf_root(0.975, d1, d2), qf_root(0.025, d1, d2))))
  say("1 - (1 - raw) * qf(c(0.975, 0.025), n - 1, (n - 1) * (k - 1)) = {%s}",
      f17(1 - (1 - raw) * qf(c(0.975, 0.025), d1, d2)))
}
feldt_ref(1e4, 2)
feldt_ref(2.5e6, 2)
feldt_ref(1e7, 2)
feldt_ref(1e7, 5)
