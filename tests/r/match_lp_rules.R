# match_lp_rules.R — the expected optima of tests/data/match/lp_rules_*.txt
# for test_match (instances written by make_lp_rules.py): kept pairs,
# excluded pairs, a minimum score, wishes and the load spread, solved in R by
# lpSolve as five integer programmes in turn, independently of mentorstat's
# network: (1) the most matched new mentees; (2) with that fixed, the largest
# total score of the new pairs; (3) with both fixed, the largest sum of the
# honoured wishes' gains; (4) with those fixed, the least sum over mentors of
# L(L-1)/2, L = kept + new mentees, written as sum_k max(0, L - k) with
# auxiliary variables z_ik >= L_i - k (k = 1..capacity-1), not as unit arcs;
# (5) with all fixed, the smallest sum of positions (mentor + mentee index,
# 0-based, per new pair).
# Run: Rscript tests/r/match_lp_rules.R   (Debian: r-cran-lpsolve)
suppressMessages(library(lpSolve))
dir <- file.path(dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE))),
                 "..", "data", "match")
ints <- function(l) as.numeric(strsplit(trimws(l), " +")[[1]])
for (name in c("lp_rules_small", "lp_rules_medium", "lp_rules_nospread")) {
  lines <- readLines(file.path(dir, paste0(name, ".txt")))
  h <- ints(lines[1]); m <- h[1]; n <- h[2]; min_score <- h[3]; spread <- h[4]
  cap <- ints(lines[2])
  S <- t(sapply(lines[3:(2 + m)], ints, USE.NAMES = FALSE))
  W <- t(sapply(lines[(3 + m):(2 + 2 * m)], ints, USE.NAMES = FALSE))
  at <- 3 + 2 * m
  nk <- ints(lines[at]); kept <- if (nk) t(sapply(lines[at + seq_len(nk)], ints, USE.NAMES = FALSE)) else matrix(0, 0, 2)
  at <- at + nk + 1
  ne <- ints(lines[at]); excl <- t(sapply(lines[at + seq_len(ne)], ints, USE.NAMES = FALSE))
  load <- sapply(0:(m - 1), function(r) sum(kept[, 1] == r))
  ok <- S >= max(1, min_score)
  ok[excl + 1] <- FALSE
  ok[, kept[, 2] + 1] <- FALSE
  cells <- which(ok)
  i <- (cells - 1) %% m; j <- (cells - 1) %/% m
  nx <- length(cells)
  # auxiliary z_ik for the spread: one per mentor and k = 1..cap-1
  zi <- unlist(lapply(0:(m - 1), function(r) rep(r, max(0, cap[r + 1] - 1))))
  zk <- unlist(lapply(0:(m - 1), function(r) seq_len(max(0, cap[r + 1] - 1))))
  nz <- length(zi)
  X <- function(v) c(v, rep(0, nz))
  A <- rbind(t(sapply(0:(m - 1), function(r) X(as.numeric(i == r)))),
             t(sapply(0:(n - 1), function(c) X(as.numeric(j == c)))))
  rhs <- c(cap - load, rep(1, n)); dirs <- rep("<=", m + n)
  # z_ik - sum_j x_ij >= load_i - k
  if (nz) {
    Z <- t(sapply(seq_len(nz), function(q) c(-as.numeric(i == zi[q]), as.numeric(seq_len(nz) == q))))
    A <- rbind(A, Z); rhs <- c(rhs, load[zi + 1] - zk); dirs <- c(dirs, rep(">=", nz))
  }
  one <- X(rep(1, nx)); score <- X(S[cells]); wish <- X(W[cells])
  zcost <- c(rep(0, nx), rep(1, nz)); order <- X(i + j)
  p1 <- lp("max", one, A, dirs, rhs, all.int = TRUE)
  A <- rbind(A, one); dirs <- c(dirs, "="); rhs <- c(rhs, p1$objval)
  p2 <- lp("max", score, A, dirs, rhs, all.int = TRUE)
  A <- rbind(A, score); dirs <- c(dirs, "="); rhs <- c(rhs, p2$objval)
  p3 <- lp("max", wish, A, dirs, rhs, all.int = TRUE)
  A <- rbind(A, wish); dirs <- c(dirs, "="); rhs <- c(rhs, p3$objval)
  sp <- 0
  if (spread) {
    p4 <- lp("min", zcost, A, dirs, rhs, all.int = TRUE)
    stopifnot(p4$status == 0)
    sp <- p4$objval
    A <- rbind(A, zcost); dirs <- c(dirs, "="); rhs <- c(rhs, sp)
  }
  p5 <- lp("min", order, A, dirs, rhs, all.int = TRUE)
  stopifnot(p1$status == 0, p2$status == 0, p3$status == 0, p5$status == 0)
  cat(sprintf("{\"%s\", %d, %d, %d, %d, %d},\n", name, round(p1$objval), round(p2$objval),
              round(p3$objval), round(sp), round(p5$objval)))
}
