# forms.R — reference values for tests/test_forms.c: raw form exports with no
# year and no wave column (tests/data/forms/, written by make.py), read as the
# codebooks there say, computed in R without mentorstat's code.
# Run from the project root:  Rscript tests/r/forms.R
# Its output was pasted into tests/test_forms.c as literals (17 digits).
#
# - The wave comes from the file (entry / exit); respondents are linked by a
#   code key of R's own: upper case, spaces, dashes (- – —), underscores and
#   dots removed, Latin twins of Cyrillic letters made Cyrillic.  A code that
#   is empty after that links nothing.
# - The year is the school year (September..August, named by its end) of the
#   timestamp; a timestamp that is not a date drops its row (quarantined).
options(digits = 17)
dir <- "tests/data/forms"
rd <- function(f) read.csv(file.path(dir, f), check.names = FALSE, encoding = "UTF-8",
                           stringsAsFactors = FALSE, colClasses = "character")
key <- function(code) {
  k <- toupper(trimws(code))
  k <- gsub("[-\u2013\u2014_. \u00a0]", "", k)
  chartr("ABCEHKMOPTXY", "\u0410\u0412\u0421\u0415\u041d\u041a\u041c\u041e\u0420\u0422\u0425\u0423", k)
}
p17 <- function(name, x) cat(sprintf("%s = %.17g\n", name, x))

# ---- entry / exit ----
en <- rd("selfassessment_entry.csv"); ex <- rd("selfassessment_exit.csv")
items <- c("Целеполагание", "Анализ результатов", "Работа в команде")
prep <- function(d) {
  d$key <- key(d[["Код участника"]])
  for (i in items) d[[i]] <- as.numeric(d[[i]])
  d$score <- rowMeans(d[, items])
  d[d$key != "" & !duplicated(d$key), ]
}
en <- prep(en); ex <- prep(ex)
m <- merge(en, ex, by = "key", suffixes = c(".entry", ".exit"))
p17("linked", nrow(m))
p17("only_entry", sum(!en$key %in% ex$key))
p17("only_exit", sum(!ex$key %in% en$key))
for (v in c(items, "score")) {
  # t.test(exit, entry, paired = TRUE) on the linked pairs
  tt <- t.test(m[[paste0(v, ".exit")]], m[[paste0(v, ".entry")]], paired = TRUE)
  cat(sprintf("# %s: t.test(exit, entry, paired = TRUE)\n", v))
  p17("  n", nrow(m)); p17("  mean_diff", unname(tt$estimate))
  p17("  t", unname(tt$statistic)); p17("  df", unname(tt$parameter)); p17("  p", tt$p.value)
}

# ---- two years from timestamps ----
when <- function(s) {
  s <- trimws(s)
  out <- as.POSIXct(rep(NA_real_, length(s)), origin = "1970-01-01", tz = "UTC")
  try1 <- function(fmt) {
    t <- as.POSIXct(strptime(s, fmt, tz = "UTC"))
    ok <- is.na(out) & !is.na(t)
    out[ok] <<- t[ok]
  }
  for (fmt in c("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M:%S")) try1(fmt)
  serial <- grepl("^[0-9]+$", s)
  out[serial] <- as.POSIXct(as.Date(as.numeric(s[serial]), origin = "1899-12-30"))
  out
}
school_year <- function(t) {
  y <- as.integer(format(t, "%Y")); m <- as.integer(format(t, "%m"))
  ifelse(m >= 9, y + 1L, y)
}
sat <- rbind(rd("satisfaction_2024.csv"), rd("satisfaction_2025.csv"))
sat$year <- school_year(when(sat[["Отметка времени"]]))
p17("quarantined", sum(is.na(sat$year)))
sat <- sat[!is.na(sat$year), ]
p17("n_2024", sum(sat$year == 2024)); p17("n_2025", sum(sat$year == 2025))
s1 <- as.numeric(sat[["Комфорт"]])
# t.test(s1 ~ year) (Welch): first level minus second, 2024 - 2025
tt <- t.test(s1[sat$year == 2024], s1[sat$year == 2025])
cat("# Комфорт by year: t.test(x2024, x2025) (Welch)\n")
p17("  t", unname(tt$statistic)); p17("  df", unname(tt$parameter)); p17("  p", tt$p.value)
p17("  mean_2024", mean(s1[sat$year == 2024])); p17("  mean_2025", mean(s1[sat$year == 2025]))
