# common.R — what the reference scripts share: printing, root finding for the
# effect-size intervals and the Feldt quantiles, and reading a codebook's
# choices.  Each script sources it from its own directory.

say <- function(fmt, ...) cat(sprintf(fmt, ...), "\n", sep = "")
cstr <- function(s) paste0("\"", s, "\"")

root <- function(f, lo, hi) uniroot(f, c(lo, hi), tol = 1e-14, maxiter = 10000)$root
# qf() is wrong at very large df (n = 135k); the quantile solved on pf() is not
qf_root <- function(p, df1, df2)
  uniroot(function(x) pf(x, df1, df2) - p, c(1e-3, 1e3), tol = 1e-15, maxiter = 10000)$root
# pt(ncp =) may warn "full precision may not have been achieved" while
# uniroot() probes the far ends of the bracket, where p is within 1e-10 of 0
ncp_t <- function(t, df) suppressWarnings(c(root(function(d) pt(t, df, ncp = d) - 0.975, t - 30, t + 30),
                           root(function(d) pt(t, df, ncp = d) - 0.025, t - 30, t + 30)))
ncp_pos <- function(cdf) c(if (cdf(0) <= 0.975) 0 else root(function(l) cdf(l) - 0.975, 0, 1e4),
                           if (cdf(0) <= 0.025) 0 else root(function(l) cdf(l) - 0.025, 0, 1e4))

# A codebook row's `choices` ("1=да|0=нет") as a data frame, or NULL.
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
# A numeric cell as the loader reads it: decimal comma, reverse keying.
numeric_cells <- function(v, cells) {
  x <- as.numeric(sub(",", ".", cells, fixed = TRUE))
  stopifnot(all(is.na(x) == is.na(cells)))
  if (v$reverse == "1") x <- as.numeric(v$min) + as.numeric(v$max) - x
  x
}
