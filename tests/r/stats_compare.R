# stats_compare.R — reference values for tests/test_stats_compare.c (R 4.2.2,
# effectsize 0.8.3).  Run: Rscript tests/r/stats_compare.R  (the build does
# not run it; its output was pasted into the test as literals).
#
# Effect-size intervals: effectsize finds noncentrality bounds with optim()
# (abstol 1e-9), which is only good to about 1e-5, so the expected bounds here
# are the same definition solved tightly with uniroot(); effectsize's own
# numbers are printed beside them for comparison.  All intervals two-sided 95 %.
suppressMessages(library(effectsize))
data(bfi, package = "psych")
options(warn = 1)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))), "common.R"))

f17 <- function(v) paste(ifelse(is.na(v), "NAN", sprintf("%.17g", v)), collapse = ", ")

# Frequency tables of x on the common grid of all groups (row-major g x k).
grid_tables <- function(name, x, g) {
  ok <- !is.na(x) & !is.na(g)
  x <- x[ok]; g <- droplevels(as.factor(g[ok]))
  v <- sort(unique(x))
  say("/* %s: values and per-group counts, groups %s */", name, paste(levels(g), collapse = ", "))
  say("values = {%s}", f17(v))
  for (l in levels(g)) say("counts[%s] = {%s}", l, f17(as.vector(table(factor(x[g == l], levels = v)))))
}


welch <- function(name, x, y) {
  tt <- t.test(x, y)
  df <- length(x) + length(y) - 2; hn <- 1 / length(x) + 1 / length(y)
  sp <- sqrt(((length(x) - 1) * var(x) + (length(y) - 1) * var(y)) / df)
  J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
  g <- hedges_g(x, y, ci = 0.95)
  ci <- ncp_t((mean(x) - mean(y)) / (sp * sqrt(hn)), df) * sqrt(hn) * J
  say("t.test(%s): t=%s df=%s p=%s", name, f17(tt$statistic), f17(tt$parameter), f17(tt$p.value))
  say("  hedges_g=%s  ci(uniroot on pt(ncp=))=%s  effectsize ci=%s", f17(g$Hedges_g), f17(ci), f17(c(g$CI_low, g$CI_high)))
}

mw <- function(name, x, y) {
  w <- suppressWarnings(wilcox.test(x, y))
  n1 <- length(x); n2 <- length(y)
  r <- rank_biserial(x, y)
  exact <- n1 < 50 && n2 < 50 && !anyDuplicated(c(x, y))
  say("wilcox.test(%s): W=%s p=%s exact=%s (%s)", name, f17(w$statistic), f17(w$p.value), exact, w$method)
  say("  rank_biserial=%s ci=%s", f17(r$r_rank_biserial), f17(c(r$CI_low, r$CI_high)))
}

anova_case <- function(name, formula, data) {
  m <- lm(formula, data)
  a <- anova(m)
  e <- eta_squared(m, alternative = "two.sided", verbose = FALSE)
  o <- omega_squared(m, verbose = FALSE)
  ci <- ncp_pos(function(l) pf(a$`F value`[1], a$Df[1], a$Df[2], ncp = l))
  say("anova(lm(%s)): F=%s df=%s df2=%s p=%s", name, f17(a$`F value`[1]), a$Df[1], a$Df[2], f17(a$`Pr(>F)`[1]))
  say("  eta2=%s ci(uniroot on pf(ncp=), l/(l+df2))=%s effectsize two.sided ci=%s omega2=%s",
      f17(e$Eta2), f17(ci / (ci + a$Df[2])), f17(c(e$CI_low, e$CI_high)), f17(o$Omega2))
}

kw <- function(name, x, g) {
  ok <- !is.na(x) & !is.na(g); x <- x[ok]; g <- droplevels(as.factor(g[ok]))
  k <- kruskal.test(x, g)
  n <- length(x)
  e <- rank_epsilon_squared(x, g, ci = NULL)
  ci <- ncp_pos(function(l) pchisq(k$statistic, k$parameter, ncp = l)) / (n - 1)
  say("kruskal.test(%s): H=%s df=%s p=%s", name, f17(k$statistic), k$parameter, f17(k$p.value))
  say("  rank_epsilon_squared=%s ci(uniroot on pchisq(ncp=), l/(n-1))=%s", f17(e$rank_epsilon_squared), f17(pmin(ci, 1)))
}

chi <- function(name, tab) {
  cs <- withCallingHandlers(chisq.test(tab, correct = FALSE),
                            warning = function(w) { say("  warning: %s", conditionMessage(w)); invokeRestart("muffleWarning") })
  n <- sum(tab); div <- n * (min(dim(tab)) - 1)
  v <- cramers_v(tab, adjust = FALSE, alternative = "two.sided")
  ci <- ncp_pos(function(l) pchisq(cs$statistic, cs$parameter, ncp = l))
  say("/* %s: %d x %d table, row-major */", name, nrow(tab), ncol(tab))
  say("table = {%s}", f17(as.vector(t(tab))))
  say("chisq.test(%s, correct = FALSE): X2=%s df=%s p=%s min expected=%s", name, f17(cs$statistic), cs$parameter,
      f17(cs$p.value), f17(min(cs$expected)))
  say("  cramers_v=%s ci(uniroot on pchisq(ncp=), sqrt(l/div))=%s effectsize ci=%s",
      f17(v$Cramers_v), f17(pmin(sqrt(ci / div), 1)), f17(c(v$CI_low, v$CI_high)))
}

cat("## Welch t and Hedges' g\n")
grid_tables("ToothGrowth len by supp", ToothGrowth$len, ToothGrowth$supp)
welch("len ~ supp, ToothGrowth", ToothGrowth$len[ToothGrowth$supp == "OJ"], ToothGrowth$len[ToothGrowth$supp == "VC"])
grid_tables("mtcars mpg by am", mtcars$mpg, mtcars$am)
welch("mpg ~ am, mtcars", mtcars$mpg[mtcars$am == 0], mtcars$mpg[mtcars$am == 1])
welch("c(3,3,3,3), c(1,2,4,5,5)", c(3, 3, 3, 3), c(1, 2, 4, 5, 5))
say("t.test(5, c(1,2,3)): %s", tryCatch(t.test(5, c(1, 2, 3))$p.value, error = conditionMessage))
say("t.test(c(2,2), c(4,4,4)): %s", tryCatch(t.test(c(2, 2), c(4, 4, 4))$p.value, error = conditionMessage))

cat("\n## Mann-Whitney\n")
pg <- droplevels(subset(PlantGrowth, group != "trt1"))
grid_tables("PlantGrowth weight, ctrl vs trt2 (no ties)", pg$weight, pg$group)
mw("weight ~ group, PlantGrowth without trt1", pg$weight[pg$group == "ctrl"], pg$weight[pg$group == "trt2"])
cath <- ifelse(swiss$Catholic > 50, "catholic", "protestant")
grid_tables("swiss Agriculture by Catholic > 50 (no ties)", swiss$Agriculture, factor(cath, c("catholic", "protestant")))
mw("swiss$Agriculture[Catholic > 50], [Catholic <= 50]", swiss$Agriculture[cath == "catholic"], swiss$Agriculture[cath == "protestant"])
mw("1:20, 21:40", 1:20, 21:40)
mw("seq(1, 97, 2), seq(2, 98, 2)", seq(1, 97, 2), seq(2, 98, 2))
mw("c(1:10, 30:68), c(11:29, 69:98)", c(1:10, 30:68), c(11:29, 69:98))
mw("50:98, 1:49", 50:98, 1:49)
mw("5, c(1, 2, 3, 4)", 5, c(1, 2, 3, 4))
grid_tables("mtcars mpg by am (ties)", mtcars$mpg, mtcars$am)
mw("mpg ~ am, mtcars", mtcars$mpg[mtcars$am == 0], mtcars$mpg[mtcars$am == 1])
mw("seq(1, 99, 2), seq(2, 40, 2) (n1 = 50, no ties)", seq(1, 99, 2), seq(2, 40, 2))
grid_tables("bfi A1 by gender", bfi$A1, bfi$gender)
mw("bfi$A1 by gender (1 = male, 2 = female)", na.omit(bfi$A1[bfi$gender == 1]), na.omit(bfi$A1[bfi$gender == 2]))
mw("c(1, 1, 2), c(1, 2, 2, 2) (ties, small)", c(1, 1, 2), c(1, 2, 2, 2))

cat("\n## ANOVA\n")
anova_case("count ~ spray, InsectSprays", count ~ spray, InsectSprays)
grid_tables("InsectSprays count by spray", InsectSprays$count, InsectSprays$spray)
anova_case("breaks ~ tension, warpbreaks", breaks ~ tension, warpbreaks)
grid_tables("warpbreaks breaks by tension", warpbreaks$breaks, warpbreaks$tension)
anova_case("len ~ supp, ToothGrowth", len ~ supp, ToothGrowth)
one <- droplevels(rbind(subset(InsectSprays, spray %in% c("A", "B")), subset(InsectSprays, spray == "C")[1, ]))
say("singleton group: InsectSprays spray A, B and the first C (count %s)", f17(one$count[nrow(one)]))
anova_case("count ~ spray, A, B and one C", count ~ spray, one)

cat("\n## Kruskal-Wallis\n")
kw("count ~ spray, InsectSprays", InsectSprays$count, InsectSprays$spray)
kw("breaks ~ tension, warpbreaks", warpbreaks$breaks, warpbreaks$tension)
grid_tables("bfi A1 by education", bfi$A1, bfi$education)
kw("bfi$A1 ~ bfi$education", bfi$A1, bfi$education)
kw("count ~ spray, A, B and one C", one$count, one$spray)

cat("\n## Chi-square\n")
chi("table(mtcars$cyl, mtcars$am)", table(mtcars$cyl, mtcars$am))
chi("table(mtcars$gear, mtcars$am)", table(mtcars$gear, mtcars$am))
chi("apply(UCBAdmissions, c(1, 3), sum)", apply(UCBAdmissions, c(1, 3), sum))
chi("table(bfi$education, bfi$gender)", table(bfi$education, bfi$gender))
chi("apply(HairEyeColor, c(1, 2), sum)", apply(HairEyeColor, c(1, 2), sum))
chi("matrix(c(10, 10, 10, 11), 2)", matrix(c(10, 10, 10, 11), 2))

cat("\n## p.adjust\n")
p <- c(0.01, NA, 0.04, 0.03, NA, 0.005, 0.5, 0.04)
say("p = c(%s)", f17(p))
say("p.adjust(p, \"holm\") = %s", f17(p.adjust(p, "holm")))
say("p.adjust(p, \"BH\") = %s", f17(p.adjust(p, "BH")))
p2 <- c(0.9, 0.8, 0.95)
say("p.adjust(c(0.9, 0.8, 0.95), \"holm\") = %s; BH = %s", f17(p.adjust(p2, "holm")), f17(p.adjust(p2, "BH")))

# ms_welch_ci (tests/test_stats_compare.c: welch_ci_*): t.test's estimate and conf.int.
for (case in list(list("len ~ supp", len ~ supp, ToothGrowth), list("mpg ~ am", mpg ~ am, mtcars))) {
  tt <- t.test(case[[2]], case[[3]])
  say("welch_ci %s: %.17g [%.17g, %.17g]", case[[1]], unname(tt$estimate[1] - tt$estimate[2]),
      tt$conf.int[1], tt$conf.int[2])
}
