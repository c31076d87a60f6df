#!/usr/bin/env python3
"""Writes the bad-input corpus (tests/bad/*.csv) from one clean table.
Run once; the files are committed.  Each case is listed in cases.txt."""
import random

header = ["Код", "Форма", "Оценка 1", "Оценка 2", "Оценка 3", "Часы", "Согласие"]
rows = [
    ["A01", "Учитель – учитель", "7", "8", "6", "2.5", "Да"],
    ["A02", "Ученик – ученик", "5", "6", "5", "1", "Да"],
    ["A03", "Учитель – учитель", "9", "9", "8", "4", "Да"],
    ["A04", "Ученик – ученик", "4", "5", "6", "0.5", "Нет"],
    ["A05", "Студент – ученик", "6", "7", "7", "3", "Да"],
    ["A06", "Учитель – учитель", "8", "7", "9", "2", "Да"],
    ["A07", "Студент – ученик", "3", "4", "2", "1.5", "Да"],
]

def csv(rows, sep=",", eol="\n", header=header):
    def cell(c):
        return '"' + c.replace('"', '""') + '"' if (sep in c or '"' in c or "\n" in c) else c
    return eol.join(sep.join(cell(c) for c in r) for r in [header] + rows) + eol

def write(name, text, enc="utf-8"):
    with open(name, "wb") as f:
        f.write(text.encode(enc) if isinstance(text, str) else text)

clean = csv(rows)
write("clean.csv", clean)
write("bom.csv", "\ufeff" + clean)
comma_rows = [r[:5] + [r[5].replace(".", ",")] + r[6:] for r in rows]
write("cp1251.csv", csv(comma_rows, sep=";", eol="\r\n"), "cp1251")
write("utf16.csv", "\ufeff" + clean, "utf-16-le")
write("mixed_eol.csv", clean.replace("\n", "\r\n", 3).replace("A03", "A03", 1)
      .replace("\nA05", "\rA05").replace("\nA06", "\r\nA06"))
write("ragged.csv", csv(rows[:2]) + "A08,Ученик – ученик,5,6\n" + "A09,Ученик – ученик,5,6,7,1,Да,лишнее\n")
write("unterminated_quote.csv", clean + 'A10,"Ученик – ученик,5,6,7,1,Да\nA11,X,1,1,1,1,Да\n')
write("empty.csv", "")
write("header_only.csv", csv([]))
random.seed(3)
write("garbage.bin", bytes(random.randrange(256) for _ in range(4096)))
write("nul.csv", clean.replace("A02,Ученик", "A02,Уче\0ник"))
write("duplicate_header.csv", csv(rows, header=header[:3] + ["Оценка 1"] + header[4:]))
write("missing_column.csv", csv([r[:4] + r[5:] for r in rows], header=header[:4] + header[5:]))
big = "x" * (2 * 1024 * 1024)
write("big_field.csv", csv([r + [big if i == 0 else "коротко"] for i, r in enumerate(rows)],
                          header=header + ["Комментарий"]))
extra = [f"c{i}" for i in range(100000 - len(header))]
write("wide.csv", csv([r + ["1"] * len(extra) for r in rows], header=header + extra))
awkward = [r[:] for r in rows]
awkward[0][2], awkward[1][2], awkward[2][2] = "7,5", " 8 ", "8.0"
twin = [r[:] for r in rows]
twin[0][2], twin[1][2], twin[2][2] = "7.5", "8", "8"
write("numbers_ok.csv", csv(awkward))
write("numbers_ok_twin.csv", csv(twin))
bad = [r[:] for r in rows]
bad[0][2], bad[1][3], bad[2][4], bad[4][2] = "1e3", "NaN", "inf", "\u22123"
write("numbers_bad.csv", csv(bad))
