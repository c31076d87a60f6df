# stats_desc.R — reference values for tests/test_stats_desc.c (R 4.2.2).
# Run: Rscript tests/r/stats_desc.R   (the build does not run it; its output
# was pasted into the test as literals).  Every value is printed with 17
# significant digits so nothing is lost between R and C.
data(bfi, package = "psych")

f17 <- function(v) paste(ifelse(is.na(v), "NAN", sprintf("%.17g", v)), collapse = ", ")

freq <- function(name, x) {
  t <- table(x)
  cat(sprintf("/* %s: table(%s) */\n", name, name))
  cat(sprintf("values = {%s}\ncounts = {%s}\n", f17(as.numeric(names(t))), f17(as.vector(t))))
}

desc <- function(name, x) {
  x <- x[!is.na(x)]
  freq(name, x)
  ci <- if (length(x) > 1 && sd(x) > 0) t.test(x)$conf.int else c(NA, NA)
  q <- quantile(x, c(0.25, 0.5, 0.75), type = 7)
  cat(sprintf("n=%d mean=%s sd=%s\nq1,median,q3 (quantile type 7) = %s\nmin,max = %s\nt.test(x)$conf.int = %s\n\n",
              length(x), f17(mean(x)), f17(sd(x)), f17(q), f17(range(x)), f17(ci)))
}

desc("InsectSprays$count", InsectSprays$count)
desc("ToothGrowth$len", ToothGrowth$len)
desc("bfi$A1", bfi$A1)
desc("mtcars$carb", mtcars$carb)
desc("c(7)", c(7))
cat("sd(c(4,4,4,4,4)) =", sd(c(4, 4, 4, 4, 4)), "; t.test(c(4,4,4,4,4)) fails:",
    tryCatch(t.test(c(4, 4, 4, 4, 4))$p.value, error = function(e) conditionMessage(e)), "\n\n")

p <- c(0, 0.1, 1/3, 0.9, 0.999, 1)
cat(sprintf("quantile(warpbreaks$breaks, c(0, 0.1, 1/3, 0.9, 0.999, 1), type = 7) = %s\n",
            f17(quantile(warpbreaks$breaks, p, type = 7))))
freq("warpbreaks$breaks", warpbreaks$breaks)
cat(sprintf("quantile(mtcars$carb, c(0, 0.1, 1/3, 0.9, 0.999, 1), type = 7) = %s\n\n",
            f17(quantile(mtcars$carb, p, type = 7))))

wil <- function(x, n) {
  r <- prop.test(x, n, correct = FALSE)
  cat(sprintf("prop.test(%s, %s, correct = FALSE): estimate=%s conf.int=%s\n",
              x, n, f17(unname(r$estimate)), f17(r$conf.int)))
}
wil(sum(mtcars$am), nrow(mtcars))
wil(sum(bfi$A1 >= 5, na.rm = TRUE), sum(!is.na(bfi$A1)))
wil(0, 10)
wil(10, 10)

# Quality index of bfi$A1 on its 1..6 scale: (mean - 1)/(6 - 1) * 100, the
# t.test interval rescaled the same way.
x <- bfi$A1[!is.na(bfi$A1)]
qi <- (c(mean(x), t.test(x)$conf.int) - 1) / (6 - 1) * 100
cat(sprintf("\nquality index bfi$A1 on 1..6: (c(mean(x), t.test(x)$conf.int) - 1) / 5 * 100 = %s\n", f17(qi)))
x <- InsectSprays$count
qi <- (c(mean(x), t.test(x)$conf.int) - 0) / (26 - 0) * 100
cat(sprintf("quality index InsectSprays$count on 0..26: (c(mean(x), t.test(x)$conf.int) - 0) / 26 * 100 = %s\n", f17(qi)))

# ms_accum (tests/test_stats_desc.c: accum_*): values one at a time.
x <- ToothGrowth$len
cat(sprintf("accum: mean %.17g var %.17g\n", mean(x), var(x)))
x <- 1e9 + c(4, 7, 13, 16)
cat(sprintf("accum large values: mean %.17g var %.17g\n", mean(x), var(x)))
cat(sprintf("pooled var: %.17g\n", sigma(lm(len ~ factor(dose), ToothGrowth))^2))
# ms_accum_add_n (accum_of_counted_values_*): counted values, then single ones.
y <- c(rep(c(1, 2, 3, 4, 5, 100), c(3, 0, 7, 2, 5, 0)), ToothGrowth$len[1:10])
cat(sprintf("accum counted: n %d mean %.17g var %.17g\n", length(y), mean(y), var(y)))
x <- rep(1e9 + c(4, 7, 13, 16), c(2, 1, 1, 2))
cat(sprintf("accum counted large values: mean %.17g var %.17g\n", mean(x), var(x)))
# ms_funnel_limits (funnel_limits_match_r_qnorm_*): two-sided normal limits.
for (cov in c(0.95, 0.998)) {
  z <- qnorm(1 - (1 - cov) / 2)
  cat(sprintf("funnel %g: z %.16g limits %.16g %.16g\n", cov, z, 70 - z * 15 / sqrt(25),
              70 + z * 15 / sqrt(25)))
}
