# The benchmark workload in R 4.2: fread + psych::alpha + t.test + kruskal.test + chisq.test.
# Usage: Rscript workload.R FILE
suppressMessages({library(data.table); library(psych)})
d <- fread(commandArgs(TRUE)[1], encoding = "UTF-8")
q <- paste0("q", 1:30)
desc <- lapply(q, function(v) { x <- d[[v]]; c(mean(x, na.rm = TRUE), sd(x, na.rm = TRUE),
                                             quantile(x, c(.25, .5, .75), na.rm = TRUE, type = 7)) })
for (c in 0:5) invisible(alpha(na.omit(as.data.frame(d[, q[c * 5 + 1:5], with = FALSE]))))
for (v in q) {
  invisible(t.test(d[[v]][d$year == 2021], d[[v]][d$year == 2024]))
  invisible(kruskal.test(d[[v]], factor(d$year)))
}
invisible(chisq.test(table(d$form, d$year), correct = FALSE))
cat("done\n")
