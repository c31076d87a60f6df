#!/usr/bin/env python3
"""tests/data/forms/make.py — writes the raw form exports of the tests for
years from timestamps and entry/exit from two files (issue 14).  Run from this
directory; the output is committed, the build does not run it.

- selfassessment_entry.csv / selfassessment_exit.csv: one Google Forms
  download each (month-first timestamps with GMT zone, autumn and spring of
  one school year), no wave and no year column; codes typed as people type
  them: the exit file writes them in other case, with other dashes, spaces or
  Latin twins of Cyrillic letters.  Two respondents answered only at entry,
  two only at exit; one typed an empty code (only dashes).
- satisfaction_2024.csv (Russian Excel/Google Sheet day-first timestamps) and
  satisfaction_2025.csv (Yandex ISO timestamps plus an Excel serial and one
  cell that is not a date): two years' exports without a year column.
"""
import random

rng = random.Random(14)

def clamp(x, lo, hi):
    return max(lo, min(hi, x))

# ---- entry / exit ----
codes = ["МС-%02d" % i for i in range(1, 15)]
def typed(code, k):
    body = code[3:]
    shapes = [
        "мс-" + body, "MC-" + body, "мс " + body, "MС_" + body, "Мс–" + body,
        "мс—" + body, " МС " + body + " ", "mc." + body, "Mc-" + body, "МC" + body,
    ]
    return shapes[k % len(shapes)]

head = "Отметка времени,Код участника,Целеполагание,Анализ результатов,Работа в команде\n"
entry_rows, exit_rows = [], []
ability = {c: rng.gauss(0, 1) for c in codes}
for i, c in enumerate(codes[:12]):          # МС-13, МС-14 answer only at exit
    items = [clamp(round(3 + ability[c] + rng.gauss(0, 0.7)), 1, 5) for _ in range(3)]
    ts = "09/%02d/2024 %d:%02d:%02d GMT+5" % (10 + i, 9 + i % 8, i * 4 % 60, i * 7 % 60)
    entry_rows.append("%s,%s,%d,%d,%d\n" % (ts, c, *items))
for i, c in enumerate(codes[2:]):            # МС-01, МС-02 answer only at entry
    items = [clamp(round(3.6 + ability[c] + rng.gauss(0, 0.7)), 1, 5) for _ in range(3)]
    ts = "05/%02d/2025 %d:%02d:%02d PM GMT+5" % (5 + i, 1 + i % 11, i * 5 % 60, i * 3 % 60)
    exit_rows.append("%s,%s,%d,%d,%d\n" % (ts, typed(c, i), *items))
exit_rows.append("05/20/2025 3:00:00 PM GMT+5,--,4,4,4\n")  # a code of dashes only
with open("selfassessment_entry.csv", "w", encoding="utf-8") as f:
    f.write(head + "".join(entry_rows))
with open("selfassessment_exit.csv", "w", encoding="utf-8") as f:
    f.write(head + "".join(exit_rows))

# ---- two years without a year column ----
head = "Отметка времени,Форма,Комфорт,Польза\n"
forms = ["Учитель – ученик", "Ученик – ученик"]
def sat_rows(n, shift, stamp):
    rows = []
    for i in range(n):
        a = clamp(round(6 + shift + rng.gauss(0, 1.6)), 1, 10)
        b = clamp(round(6.5 + shift + rng.gauss(0, 1.6)), 1, 10)
        rows.append("%s,%s,%d,%d\n" % (stamp(i), forms[i % 2], a, b))
    return rows
# school year 2024: 01.09.2023 .. 31.08.2024 (one on each boundary day)
y24 = sat_rows(20, 0, lambda i: ["01.09.2023 8:00", "31.08.2024 23:59:59"][i] if i < 2
               else "%02d.%02d.%d %d:%02d:%02d" % (1 + i, [10, 11, 12, 1, 2, 3, 4, 5][i % 8],
                                                 2023 if i % 8 < 3 else 2024, 10, i, i))
# school year 2025: ISO (Yandex), one Excel serial (45790 = 13.05.2025), one bad cell
y25 = sat_rows(22, 1.2, lambda i: "45790" if i == 0 else "31.02.2025" if i == 1
               else "2025-%02d-%02d %02d:%02d:%02d" % (1 + i % 5, 1 + i, 9 + i % 9, i, i))
with open("satisfaction_2024.csv", "w", encoding="utf-8") as f:
    f.write(head + "".join(y24))
with open("satisfaction_2025.csv", "w", encoding="utf-8") as f:
    f.write(head + "".join(y25))
