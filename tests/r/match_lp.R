# match_lp.R — the expected optima of tests/data/match/lp_*.txt for
# test_match (instances written by make_lp_instances.py), solved in R by
# lpSolve as three integer programmes in turn, independently of mentorstat's
# weights: (1) the most matched mentees; (2) with that count fixed, the
# largest total score; (3) with both fixed, the smallest sum of positions
# (mentor index + mentee index, 0-based, per pair).
# Run: Rscript tests/r/match_lp.R   (Debian: r-cran-lpsolve)
suppressMessages(library(lpSolve))
dir <- file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))),
                 "..", "data", "match")
for (name in c("lp_small", "lp_medium", "lp_large")) {
  lines <- readLines(file.path(dir, paste0(name, ".txt")))
  dims <- as.integer(strsplit(lines[1], " ")[[1]]); m <- dims[1]; n <- dims[2]
  cap <- as.numeric(strsplit(lines[2], " ")[[1]])
  S <- t(sapply(lines[3:(2 + m)], function(l) as.numeric(strsplit(l, " ")[[1]]), USE.NAMES = FALSE))
  ok <- which(S > 0)                       # allowed pairs only, column-major cells
  i <- (ok - 1) %% m; j <- (ok - 1) %/% m  # 0-based mentor, mentee
  A <- rbind(t(sapply(0:(m - 1), function(r) as.numeric(i == r))),
             t(sapply(0:(n - 1), function(c) as.numeric(j == c))))
  rhs <- c(cap, rep(1, n)); dirs <- rep("<=", m + n)
  one <- rep(1, length(ok)); score <- S[ok]
  p1 <- lp("max", one, A, dirs, rhs, all.int = TRUE)
  p2 <- lp("max", score, rbind(A, one), c(dirs, "="), c(rhs, p1$objval), all.int = TRUE)
  p3 <- lp("min", i + j, rbind(A, one, score), c(dirs, "=", "="),
           c(rhs, p1$objval, p2$objval), all.int = TRUE)
  stopifnot(p1$status == 0, p2$status == 0, p3$status == 0)
  cat(sprintf("{\"%s\", %d, %d, %d},\n", name, round(p1$objval), round(p2$objval), round(p3$objval)))
}
