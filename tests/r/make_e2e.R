# make_e2e.R — writes the end-to-end dataset tests/data/e2e.codebook.csv and
# tests/data/e2e.csv (R 4.2.2).  Run from the project root:
#   Rscript tests/r/make_e2e.R
# The data are invented (no real respondent), deterministic (set.seed), and
# shaped like a Google Forms export of a mentoring-programme questionnaire:
#   - 70 rows: 31 ids answer both waves ("вход", "выход"), 3 only "вход",
#     2 only "выход"; MS-107 answers "выход" twice (the first answer is the
#     one paired); MS-110 first refuses consent in "выход" and then answers
#     again with consent; MS-137 refuses consent (2 rows without consent);
#   - form: three Russian levels, first seen in the order
#     "Ученик – ученик", "Учитель – ученик", "Студент – ученик"; one blank;
#   - year 2023/2024, the first row is 2024 (natural order is numeric);
#   - q1..q5: a 1..10 scale, construct "quality"; q5 reverse-keyed (the raw
#     answer is 11 - the agreeing one); q2 has the missing code 99; blanks;
#   - hours: a number with decimals (two cells with a decimal comma), all
#     distinct, so Mann-Whitney by year and the paired Wilcoxon are exact;
#   - meet: a choice given as labels (one as the code "2", one lower-case);
#   - help: yes/no ("да", "нет", "Да"), blanks;
#   - a timestamp column that the codebook does not read.
# Paired item differences have ties and zeros by construction (integers).
set.seed(20241125)
options(warn = 2)

dir <- "tests/data"
stopifnot(dir.exists(dir))

codebook <- data.frame(
  name = c("id", "fio", "wave", "form", "year", "q1", "q2", "q3", "q4", "q5",
           "hours", "meet", "help", "consent"),
  type = c("id", "personal", "wave", "group", "year", rep("scale", 5),
           "number", "choice", "yesno", "consent"),
  source = c("Код участника", "ФИО", "Этап", "Форма наставничества", "Год",
             "Оценка 1", "Оценка 2", "Оценка 3", "Оценка 4", "Оценка 5",
             "Часов встреч в месяц", "Встречи", "Помощь наставника", "Согласие"),
  label = c("", "", "Этап мониторинга", "Форма наставничества", "Год",
            "Комфорт общения с наставником", "Полезность встреч",
            "Оправдались ли ожидания", "Готовность продолжить работу",
            "Трудности в общении", "Часов встреч в месяц", "Частота встреч",
            "Получена ли помощь наставника", "Согласие на обработку данных"),
  min = c(rep("", 5), rep("1", 5), rep("", 4)),
  max = c(rep("", 5), rep("10", 5), rep("", 4)),
  reverse = c(rep("", 9), "1", rep("", 4)),
  construct = c(rep("", 5), rep("quality", 5), rep("", 4)),
  choices = c("", "", "1=вход|2=выход", "", "", rep("", 5), "",
              "1=Часто|2=Иногда|3=Редко", "", "1=Да|0=Нет"),
  missing = c(rep("", 6), "99", rep("", 7)),
  stringsAsFactors = FALSE)

surnames <- c("Абрамова", "Белов", "Васильева", "Григорьев", "Давыдова", "Егоров",
              "Жукова", "Зайцев", "Ильина", "Калинин", "Лебедева", "Макаров",
              "Никитина", "Орлов", "Павлова", "Романов", "Соколова", "Тихонов",
              "Уварова", "Фёдоров", "Харитонова", "Цветков", "Чернова", "Шаров",
              "Щукина", "Юдин", "Яковлева", "Борисов", "Власова", "Гусев",
              "Денисова", "Ершов", "Зуева", "Исаев", "Карпова", "Лавров", "Морозова")
given <- c("Анна", "Борис", "Вера", "Глеб", "Дарья", "Егор", "Жанна", "Захар",
           "Инна", "Кирилл", "Лидия", "Марк")
patr <- c("Андреевна", "Борисович", "Викторовна", "Григорьевич", "Дмитриевна",
          "Евгеньевич")
n_id <- 37
ids <- sprintf("MS-%03d", 100 + seq_len(n_id))
fio <- sprintf("%s %s %s", surnames, given[(seq_len(n_id) - 1) %% 12 + 1],
               patr[(seq_len(n_id) * 5 - 1) %% 6 + 1])
forms <- c("Ученик – ученик", "Учитель – ученик", "Студент – ученик")
person <- data.frame(
  id = ids, fio = fio,
  form = forms[c(1, 2, 3, sample(rep(1:3, length.out = n_id - 3)))],
  year = sample(c(2023, 2024), n_id, replace = TRUE),
  trait = rnorm(n_id), growth = rnorm(n_id, 0.6, 0.8),
  stringsAsFactors = FALSE)
person$year[1] <- 2024
form_shift <- c(0.8, 0, -0.7)[match(person$form, forms)]

# Which waves each id answers: 1..31 both, 32..34 only "вход", 35..36 only
# "выход", 37 none (only a refused row).
rows <- rbind(
  data.frame(p = 1:34, wave = 1),
  data.frame(p = c(1:31, 35:36), wave = 2))
rows <- rbind(rows, data.frame(p = 7, wave = 2))     # MS-107 twice in "выход"
rows$refused <- FALSE
rows <- rbind(rows, data.frame(p = c(10, 37), wave = 2, refused = TRUE))
# Shuffle, then fix what the data are meant to show: the first row is
# MS-101's "вход" (form "Ученик – ученик", year 2024); the forms are first
# seen in their listed order; MS-107's duplicate and MS-110's refusal come
# after the answers they shadow / before the answer they precede.
rows <- rows[sample(nrow(rows)), ]
first <- which(rows$p == 1 & rows$wave == 1)
rows <- rbind(rows[first, ], rows[-first, ])
for (k in 2:3) {
  at <- which(rows$p == k & rows$wave == 1)
  rows <- rbind(rows[seq_len(k - 1), ], rows[at, ], rows[-c(seq_len(k - 1), at), ])
}
dup <- which(rows$p == 7 & rows$wave == 2)
rows <- rbind(rows[-dup[2], ], rows[dup[2], ])              # the second answer comes last
ref <- which(rows$p == 10 & rows$refused)
ans <- which(rows$p == 10 & rows$wave == 2 & !rows$refused)
if (ref > ans) rows[c(ref, ans), ] <- rows[c(ans, ref), ]
rownames(rows) <- NULL
stopifnot(nrow(rows) == 70)

clamp <- function(x) pmin(10, pmax(1, round(x)))
n <- nrow(rows)
pp <- person[rows$p, ]
mu <- 6 + 1.3 * pp$trait + form_shift[rows$p] + (rows$wave == 2) * pp$growth
q <- sapply(1:5, function(j) clamp(mu + rnorm(n, 0, 1.1) + c(0.3, -0.2, 0, 0.4, -0.5)[j]))
q[, 5] <- 11 - q[, 5]   # answered on the reversed scale
cells <- matrix(as.character(q), n)
cells[c(5, 23, 41, 58), 2] <- "99"
cells[c(12, 47), 1] <- ""
cells[c(30), 3] <- ""
cells[c(64), 4] <- " "
hours <- sample(seq(1, 40, by = 0.25), n) + sample(c(0, 0.1), n, replace = TRUE)
hours_txt <- as.character(hours)
hours_txt[c(8, 35)] <- sub(".", ",", hours_txt[c(8, 35)], fixed = TRUE)
hours_txt[c(19, 52)] <- ""
meet <- c("Часто", "Иногда", "Редко")[pmin(3, pmax(1, round(3.4 - mu / 4 + rnorm(n, 0, 0.6))))]
meet[27] <- "2"
meet[44] <- "часто"
meet[61] <- ""
help <- ifelse(mu + rnorm(n) > 6, "да", "нет")
help[c(16, 50)] <- ""
help[33] <- "Да"
form_cell <- pp$form
form_cell[38] <- ""
stamp <- format(as.POSIXct("2024-09-02 09:00:00", tz = "UTC") + sort(sample(1e6, n)),
                "%d.%m.%Y %H:%M:%S")
wave_cell <- c("вход", "выход")[rows$wave]
data <- data.frame(
  "Отметка времени" = stamp, "Код участника" = ids[rows$p], "ФИО" = pp$fio,
  "Этап" = wave_cell, "Форма наставничества" = form_cell, "Год" = pp$year,
  "Оценка 1" = cells[, 1], "Оценка 2" = cells[, 2], "Оценка 3" = cells[, 3],
  "Оценка 4" = cells[, 4], "Оценка 5" = cells[, 5],
  "Часов встреч в месяц" = hours_txt, "Встречи" = meet, "Помощь наставника" = help,
  "Согласие" = ifelse(rows$refused, "Нет", "Да"),
  check.names = FALSE, stringsAsFactors = FALSE)

write.csv(codebook, file.path(dir, "e2e.codebook.csv"), row.names = FALSE, na = "",
          fileEncoding = "UTF-8")
write.csv(data, file.path(dir, "e2e.csv"), row.names = FALSE, na = "", fileEncoding = "UTF-8")
cat("wrote", file.path(dir, "e2e.codebook.csv"), "and", file.path(dir, "e2e.csv"),
    "(", nrow(data), "rows )\n")
