#!/usr/bin/env python3
"""Subtraction attacks on what a report publishes (docs/privacy.md, issue 22).

Reads the published outputs as an outsider would — the tables of index.html,
charts/*.dat and tables.xlsx — and tries to work out a hidden group's size:
every published size of a group (any table, any chart) is a known; every
total (a questionnaire's rows, a measure's answers over all groups) is a sum
over its groups; a pooled table's row is the sum of both questionnaires'
rows of that form.  Knowns are propagated through these equations until
nothing changes (every pair and set of published totals minus published
parts, across all tables).  Then, as an insider, each hidden group adds its
own true figures and the propagation runs again.  It fails if any hidden
group's size becomes known, or if an insider learns the other hidden groups'
sum while it is below min_group.

Cases:
  - the bundled example (issue 22: «Работодатель – ученик» mentors were
    n = 33 − 13 − 9 − 9 = 2, mean index 66,4 by subtraction);
  - a territory of five organisations, one of three answers (an organisation
    knows its own figures: never one or two hidden, their sizes not in the
    data-quality table);
  - small territories made of the example's 2025 rows (issue 22: an
    organisation knows its own figures, per form and per year too): 35 + 2
    and 35 + 2 + 2 are refused (exit 2, nothing published, an old published
    report left byte for byte, the office's copy saying why); 19 + 16 + 2
    and 35 + 3 + 2 are published, and every published file — page, slides,
    site page, tables/*.csv, tables.xlsx, справка, charts' .dat/.gp/.svg and
    those drawn into the HTML — is read: no hidden organisation's row has a
    figure, none is charted, and no organisation, taking its own rows from
    the territory's, a form's or a year's, learns of fewer than min_group
    others (a form 11 of 12 in one school; an earlier year all but two people
    in one);
  - a constructed programme: mentees' forms of 30/12/9/2 people, mentors'
    of 30/25/12/3/2 (groups of 2 and 3), a choice question without
    `choices` where single respondents typed an e-mail, a phone and a full
    name, and six an e-mail.  Also: the page's p (Холм) equals `analyze --json --min-group 5`'s
    p_holm, both equal to R (calls below), and every .dat value carries no
    more decimals than the page prints.

Usage: privacy_attacks.py MENTORSTAT SOURCE_DIR [--keep DIR]
"""
import csv
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import openpyxl

failures = []
MIN_GROUP = 5


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


# ---------- reading what is published ----------

class Tables(html.parser.HTMLParser):
    """Every <table> of the page as rows of cell texts, named by the CSV link
    that follows it (tables/NAME.csv)."""

    def __init__(self):
        super().__init__()
        self.tables, self.cur, self.row, self.cell = [], None, None, None
        self.pending = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.cur = []
        elif tag == "tr" and self.cur is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""
        elif tag == "a" and self.pending is not None:
            href = dict(attrs).get("href", "")
            m = re.match(r"tables/(.+)\.csv$", href)
            if m:
                self.tables.append((m.group(1), self.pending))
                self.pending = None

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row:
                self.cur.append(self.row)
            self.row = None
        elif tag == "table" and self.cur is not None:
            self.pending, self.cur = self.cur, None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def number(text):
    """A number as the page prints it (decimal comma, U+2212, thin spaces), or None."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    t = text.replace("\u2212", "-").replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    t = t.replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def page_tables(report):
    p = Tables()
    with open(os.path.join(report, "index.html"), encoding="utf-8") as f:
        p.feed(f.read())
    return dict(p.tables)


def xlsx_tables(report):
    """tables.xlsx: every sheet after the contents, as text rows like the page's."""
    wb = openpyxl.load_workbook(os.path.join(report, "tables.xlsx"))
    contents = wb.worksheets[0]
    out = {}
    for r in range(2, contents.max_row + 1):
        sheet = contents.cell(row=r, column=1).value
        path = contents.cell(row=r, column=4).value
        name = os.path.basename(path)[:-4]
        rows = []
        for row in wb[sheet].iter_rows(values_only=True):
            cells = ["" if v is None else v for v in row]
            if not any(cells) or (str(cells[0]).startswith("*") and not any(cells[1:])):
                continue  # the notes on * and ** below the table
            rows.append(cells)
        out[name] = rows
    return out


# ---------- what the tables say: knowns and equations ----------

GROUPS_CELL = re.compile(r"^(.*?)(?:: (-?[\d.,\u2212]+))? \((\d+)\)$")


class Facts:
    def __init__(self):
        self.known = {}      # (questionnaire, context, group) -> size
        self.totals = {}     # (questionnaire, context) -> size over every group
        self.pooled = {}     # (context, group) -> (mentees q, mentors q, size)
        self.groups = {}     # questionnaire -> set of group labels seen

    def group(self, q, ctx, g, n):
        if n is None:
            return
        self.groups.setdefault(q, set()).add(g)
        self.known[(q, ctx, g)] = n

    def total(self, q, ctx, n):
        if n is not None:
            self.totals[(q, ctx)] = n


def side_titles(tables):
    """Mentees' and mentors' satisfaction questionnaires' titles, from the
    quality-index table (the gap table names them by side only)."""
    titles = []
    for row in tables.get("quality-index", [])[1:]:
        if row[0] not in titles:
            titles.append(str(row[0]))
    mentees = next((t for t in titles if "наставляемых" in t), None)
    mentors = next((t for t in titles if "наставников" in t), None)
    return mentees, mentors


def read_facts(tables, titles_by_name, construct_labels):
    f = Facts()
    mentees, mentors = side_titles(tables)
    for name, rows in tables.items():
        head, body = rows[0], rows[1:]
        if name == "responses":
            for r in body:
                f.total(str(r[0]), "rows", number(r[1]))
        elif name == "responses-by-group":
            for r in body:
                f.group(str(r[0]), "rows", str(r[2]), number(r[3]))
        elif name == "quality-index":
            for r in body:
                f.group(str(r[0]), "construct", str(r[2]), number(r[3]))
        elif name == "gap-by-form":
            # the CSV and workbook split each range into two columns
            k = 1 if len(head) > 10 else 0
            n_mentors = 4 + k
            for r in body:
                for q, col in ((mentees, 1), (mentors, n_mentors)):
                    if r[0] in ("Все формы", "All forms"):
                        f.total(q, "construct", number(r[col]))
                    else:
                        f.group(q, "construct", str(r[0]), number(r[col]))
        elif name == "practices-forms":
            for r in body:
                f.pooled[("construct", str(r[1]))] = (mentees, mentors, number(r[2]))
        elif name.endswith("-by-form") and name[:-8] in titles_by_name:
            q = titles_by_name[name[:-8]]
            for r in body:
                ctx = "construct" if str(r[0]) in construct_labels else str(r[0])
                for part in str(r[1]).split("; "):
                    m = GROUPS_CELL.match(part)
                    if m and not part.startswith("ещё"):
                        f.group(q, ctx, m.group(1), float(m.group(3)))
        elif name.endswith("-items") and name[:-6] in titles_by_name:
            q = titles_by_name[name[:-6]]
            for r in body:
                ctx = "construct" if str(r[0]) in construct_labels else str(r[0])
                f.total(q, ctx, number(r[1]))
    return f


def propagate(f, known, all_groups):
    """Solve every equation with one unknown until nothing changes."""
    known = dict(known)
    changed = True
    while changed:
        changed = False
        for (q, ctx), total in f.totals.items():
            groups = all_groups.get(q, set())
            unknown = [g for g in groups if (q, ctx, g) not in known]
            if len(unknown) == 1:
                rest = sum(known[(q, ctx, g)] for g in groups if (q, ctx, g) in known)
                known[(q, ctx, unknown[0])] = total - rest
                changed = True
        for (ctx, g), (qa, qb, n) in f.pooled.items():
            a, b = (qa, ctx, g), (qb, ctx, g)
            if n is None:
                continue
            if a in known and b not in known:
                known[b] = n - known[a]
                changed = True
            elif b in known and a not in known:
                known[a] = n - known[b]
                changed = True
    return known


def attack(label, f, truth):
    """truth: (questionnaire, context, group) -> true size, for every group."""
    groups = {}
    for (q, ctx, g) in truth:
        groups.setdefault(q, set()).add(g)
    hidden = [k for k in truth if k not in f.known and truth[k] > 0]
    outsider = propagate(f, f.known, groups)
    leaked = [k for k in hidden if k in outsider and abs(outsider[k] - truth[k]) < 0.5]
    check(not leaked, f"{label}: an outsider derives no hidden group's size "
          f"({len(hidden)} hidden, {len(f.totals)} totals; derived: {leaked})")
    insider_leaks, small_sums = [], []
    for h in hidden:
        q, ctx, _ = h
        knows = dict(f.known)
        knows[h] = truth[h]
        got = propagate(f, knows, groups)
        for k in hidden:
            if k != h and k in got and abs(got[k] - truth[k]) < 0.5:
                insider_leaks.append((h[2], k))
        # the rest of the hidden total, once h takes its own part away
        others = [k for k in hidden if k[0] == q and k[1] == ctx and k != h]
        if (q, ctx) in f.totals and others:
            rest = sum(truth[k] for k in others)
            if rest < MIN_GROUP:
                small_sums.append((h, rest))
    check(not insider_leaks,
          f"{label}: no hidden group, knowing its own figures, derives another's ({insider_leaks})")
    check(not small_sums,
          f"{label}: what an insider learns of the other hidden groups is at least {MIN_GROUP} "
          f"people ({small_sums})")
    return len(hidden)


# ---------- the charts' data ----------

def decimals(text):
    t = text.strip('"').replace(",", ".")
    return len(t.split(".")[1]) if "." in t else 0


def check_dat_precision(report, label):
    """A .dat with an "as printed" column carries no more decimals than it."""
    worst = []
    for name in sorted(os.listdir(os.path.join(report, "charts"))):
        if not name.endswith(".dat"):
            continue
        with open(os.path.join(report, "charts", name), encoding="utf-8") as fh:
            lines = fh.read().splitlines()
        if not lines or "as printed" not in lines[0]:
            continue
        for line in lines[1:]:
            if not line or line.startswith("#"):
                continue
            fields = re.findall(r'"[^"]*"|\S+', line)
            printed = [x for x in fields if x.startswith('"')]
            if not printed:
                continue
            most = max(decimals(p) for p in printed)
            # the first field places the row on the axis
            for x in fields[1:]:
                if not x.startswith('"') and decimals(x) > most:
                    worst.append(f"{name}: {x} beside {printed[0]}")
    check(not worst, f"{label}: chart data carry the page's precision ({worst[:3]})")


# ---------- the cases ----------

def questionnaire_titles(tables):
    """NAME of a questionnaire (table prefix) -> title, from the tables' names
    and the responses table's order."""
    titles = [str(r[0]) for r in tables.get("responses", [])[1:]]
    names = []
    for name in tables:
        m = re.match(r"(.+)-items$", name)
        if m:
            names.append(m.group(1))
    return titles, names


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def truth_from_csv(codebooks, data, titles, by="form"):
    """True group sizes per questionnaire: rows, and answers to the construct."""
    truth = {}
    for qname, (codebook, files) in data.items():
        with open(codebook, encoding="utf-8") as fh:
            cb = list(csv.DictReader(fh))
        source = {v["name"]: v["source"] for v in cb}
        items = [(v["source"], float(v["min"]), float(v["max"])) for v in cb if v.get("construct")]
        consent = next((v["source"] for v in cb if v["type"] == "consent"), None)
        measures = [(v["source"], v["label"], float(v["min"] or "-inf"), float(v["max"] or "inf"))
                    for v in cb if v["type"] in ("scale", "number")]
        q = titles[qname]
        for path in files:
            with open(path, encoding="utf-8-sig") as fh:
                for row in csv.DictReader(fh):
                    if None in row.values() or None in row:
                        continue  # a short or long row: quarantined
                    if consent and row.get(consent, "").strip().lower() not in ("да", "1", "yes"):
                        continue
                    g = row[source[by]]
                    truth[(q, "rows", g)] = truth.get((q, "rows", g), 0) + 1
                    complete = all(number(row.get(i, "")) is not None and
                                   lo <= number(row.get(i, "")) <= hi for i, lo, hi in items)
                    truth[(q, "construct", g)] = truth.get((q, "construct", g), 0) + complete
                    for src, label, lo, hi in measures:
                        x = number(row.get(src, ""))
                        answered = x is not None and lo <= x <= hi
                        truth[(q, label, g)] = truth.get((q, label, g), 0) + answered
    return truth


def example_case(mentorstat, source, tmp):
    out = os.path.join(tmp, "example")
    prog = os.path.join(source, "surveys", "example", "programme.ini")
    r = run([mentorstat, "report", prog, "-o", out])
    check(r.returncode == 0, f"the example report is written ({r.stderr.strip()[:200]})")
    if r.returncode:
        return
    tables = page_tables(out)
    titles = {"mentees_satisfaction": "Удовлетворённость наставляемых",
              "mentors_satisfaction": "Удовлетворённость наставников"}
    ex = os.path.join(source, "surveys", "example")
    data = {q: (os.path.join(ex, f"{q}.codebook.csv"), [os.path.join(ex, "data", f"{q}_2025.csv")])
            for q in titles}
    truth = truth_from_csv(None, data, titles)
    constructs = {"Шкала «Удовлетворённость наставничеством» (среднее)"}
    facts = read_facts(tables, titles, constructs)
    hidden = attack("example page", facts, truth)
    check(hidden >= 1, f"example: the mentors' «Работодатель – ученик» is hidden ({hidden} hidden)")
    check(("Удовлетворённость наставников", "construct", "Работодатель – ученик") not in facts.known,
          "example: the mentors' «Работодатель – ученик» (2 people) has no published size")
    attack("example workbook", read_facts(xlsx_tables(out), titles, constructs), truth)
    check_dat_precision(out, "example")


# A tiny deterministic generator (no dependence on Python's random module).
class Lcg:
    def __init__(self, seed):
        self.x = seed

    def next(self, n):
        self.x = (self.x * 1103515245 + 12345) % 2147483648
        return (self.x >> 8) % n


CODEBOOK = """name,type,source,label,min,max,reverse,construct,choices,missing,construct_label
id,id,Код,Код,,,,,,,
year,year,Год,Год программы,,,,,,,
form,group,Форма,Форма наставничества,,,,,"1=Ф1|2=Ф2|3=Ф3|4=Ф4|5=Ф5",,
s1,scale,Оценка 1,Комфорт,1,10,,satisfaction,,,Удовлетворённость
s2,scale,Оценка 2,Польза,1,10,,satisfaction,,,
s3,scale,Оценка 3,Цели,1,10,,satisfaction,,,
source,choice,Откуда узнали,Откуда узнали о программе,,,,,,,
consent,consent,Согласие,Согласие,,,,,1=Да|0=Нет,,
"""

FREE = ["от учителя", "на сайте", "от друзей"]
PERSONAL = ["ivan.petrov@mail.ru", "+7 912 345-67-89", "Мария Ивановна Сидорова"]
SHARED = "school7@mail.ru"


def constructed_case(mentorstat, source, tmp):
    d = os.path.join(tmp, "constructed")
    os.makedirs(d)
    sizes = {"mentees": [30, 12, 9, 2, 0], "mentors": [30, 25, 12, 3, 2]}
    rng = Lcg(20251207)
    files = {}
    for side, ns in sizes.items():
        with open(os.path.join(d, f"{side}.codebook.csv"), "w", encoding="utf-8") as fh:
            fh.write(CODEBOOK)
        path = os.path.join(d, f"{side}.csv")
        files[side] = path
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["Код", "Год", "Форма", "Оценка 1", "Оценка 2", "Оценка 3",
                        "Откуда узнали", "Согласие"])
            k = 0
            for form, n in enumerate(ns):
                for i in range(n):
                    shift = form  # forms differ a little
                    s = [min(10, 3 + shift + rng.next(6)) for _ in range(3)]
                    if side == "mentees" and k < len(PERSONAL):
                        free = PERSONAL[k]  # one respondent each
                    else:
                        free = FREE[rng.next(len(FREE))]
                    if side == "mentees" and len(PERSONAL) <= k < len(PERSONAL) + 6:
                        free = SHARED  # six respondents: enough people, still personal
                    w.writerow([f"{side[:3]}-{k:03d}", "2025", f"Ф{form + 1}", *s, free, "Да"])
                    k += 1
    with open(os.path.join(d, "programme.ini"), "w", encoding="utf-8") as fh:
        fh.write("[programme]\norganisation = Школа\nyear = 2025\nlanguage = ru\n"
                 f"min_group = {MIN_GROUP}\n\n"
                 "[questionnaire mentees_satisfaction]\nrole = mentees_satisfaction\n"
                 "codebook = mentees.codebook.csv\ndata = mentees.csv\nby = form\n\n"
                 "[questionnaire mentors_satisfaction]\nrole = mentors_satisfaction\n"
                 "codebook = mentors.codebook.csv\ndata = mentors.csv\nby = form\n")
    out = os.path.join(d, "report")
    r = run([mentorstat, "report", os.path.join(d, "programme.ini"), "-o", out])
    check(r.returncode == 0, f"the constructed report is written ({r.stderr.strip()[:300]})")
    if r.returncode:
        return
    tables = page_tables(out)
    titles = {"mentees_satisfaction": "Удовлетворённость наставляемых",
              "mentors_satisfaction": "Удовлетворённость наставников"}
    data = {"mentees_satisfaction": (os.path.join(d, "mentees.codebook.csv"), [files["mentees"]]),
            "mentors_satisfaction": (os.path.join(d, "mentors.codebook.csv"), [files["mentors"]])}
    truth = truth_from_csv(None, data, titles)
    constructs = {"Шкала «Удовлетворённость» (среднее)"}
    facts = read_facts(tables, titles, constructs)
    hidden = attack("constructed page", facts, truth)
    check(hidden >= 6, f"constructed: groups of 2, 3 and their complements are hidden ({hidden})")
    attack("constructed workbook", read_facts(xlsx_tables(out), titles, constructs), truth)
    check_dat_precision(out, "constructed")

    # Free answers: nothing typed by one respondent is published anywhere.
    published = []
    for root, _, names in os.walk(out):
        for n in names:
            if n.endswith((".html", ".csv", ".dat", ".gp", ".svg", ".md")):
                with open(os.path.join(root, n), encoding="utf-8", errors="replace") as fh:
                    published.append((n, fh.read()))
    import zipfile
    for n in ("tables.xlsx", "spravka.docx"):
        path = os.path.join(out, n)
        if os.path.exists(path):  # spravka.docx needs pandoc
            with zipfile.ZipFile(path) as z:
                published.append((n, "".join(z.read(m).decode("utf-8", "replace")
                                             for m in z.namelist() if m.endswith(".xml"))))
    for word in PERSONAL + [SHARED, "ivan.petrov", "345-67-89", "Сидорова"]:
        where = [n for n, text in published if word in text]
        check(not where, f"constructed: the typed answer {word!r} is published nowhere ({where})")
    choices = tables.get("mentees_satisfaction-choices", [])
    levels = [str(r[1]) for r in choices[1:]]
    other = next((number(r[2]) for r in choices[1:] if str(r[1]) == "другое"), None)
    check(other == len(PERSONAL) + 6,
          f"constructed: rare and personal typed answers count as «другое» ({levels}, {other})")

    # Holm: the page prints what analyze --json --min-group prints.
    r = run([mentorstat, "analyze", "--json", "--min-group", str(MIN_GROUP), "--by", "form",
             "--codebook", os.path.join(d, "mentors.codebook.csv"), files["mentors"]])
    res = json.loads(r.stdout)
    holm = {c["variable"]: c for c in res["comparisons"] if c["test"] == "welch_t"}
    with open(os.path.join(out, "tables", "mentors_satisfaction-by-form.csv"),
              encoding="utf-8-sig") as fh:
        page = list(csv.reader(fh, delimiter=";"))  # the page's table, six decimals
    compared = 0
    labels = {"Комфорт": "s1", "Польза": "s2", "Цели": "s3",
              "Шкала «Удовлетворённость» (среднее)": "satisfaction"}
    for row in page[1:]:
        var = labels.get(str(row[0]))
        if not var or var not in holm:
            continue
        compared += 1
        p, p_holm = number(row[4]), number(row[5])
        check(p is not None and p_holm is not None and abs(p - holm[var]["p"]) < 5e-7 and
              abs(p_holm - holm[var]["p_holm"]) < 5e-7,
              f"constructed: {var}: the page's p {row[4]}, p (Холм) {row[5]} are analyze's "
              f"{holm[var]['p']:.6f}, {holm[var]['p_holm']:.6f}")
    check(compared == 4, f"constructed: the mentors' four measures are compared by form ({compared})")
    check(res.get("small_groups", {}).get("by", [{}])[0].get("small") == ["Ф4", "Ф5"] and
          res["small_groups"]["by"][0].get("complement") == ["Ф3"],
          f"constructed: analyze --min-group hides Ф4, Ф5 (small) and Ф3 (complement) "
          f"({res.get('small_groups')})")
    # R (4.2.2), on mentors.csv as written above (groups shown: Ф1, Ф2):
    #   x <- read.csv("mentors.csv", check.names = FALSE)
    #   k <- x[x$Форма %in% c("Ф1", "Ф2"), ]
    #   k$score <- rowMeans(k[, c("Оценка 1", "Оценка 2", "Оценка 3")])
    #   for each v of "Оценка 1", "Оценка 2", "Оценка 3", "score":
    #     t.test(k[[v]] ~ k$Форма)$p.value; wilcox.test(k[[v]] ~ k$Форма)$p.value
    #   chisq.test(table(k$`Откуда узнали`, k$Форма), correct = FALSE)$p.value
    #   p.adjust(c(the nine p-values in that order), method = "holm")
    for var, (p_r, holm_r) in R_REFERENCE.items():
        c = holm.get(var)
        check(c is not None and abs(c["p"] - p_r) <= 1e-6 * abs(p_r) and
              abs(c["p_holm"] - holm_r) <= 1e-6 * abs(holm_r),
              f"constructed: {var}: analyze's Welch p and Holm p equal R's ({c and c['p']}, "
              f"{c and c['p_holm']} vs {p_r}, {holm_r})")


def territory_case(mentorstat, source, tmp):
    """Five organisations of the example's files, one of three answers: an
    organisation knows its own figures (issue 22: one recovered another's
    mean exactly when two were hidden)."""
    d = os.path.join(tmp, "territory")
    os.makedirs(d)
    ex = os.path.join(source, "surveys", "example")
    with open(os.path.join(ex, "data", "mentees_satisfaction_2025.csv"), encoding="utf-8") as fh:
        lines = fh.read().splitlines(True)
    with open(os.path.join(d, "tiny.csv"), "w", encoding="utf-8") as fh:
        fh.writelines(lines[:4])
    files = {"alpha": os.path.join(ex, "data", "mentees_satisfaction_2025.csv"),
             "beta": os.path.join(ex, "data", "mentees_satisfaction_2024.csv"),
             "gamma": os.path.join(ex, "data", "mentees_satisfaction_2023.csv"),
             "delta": os.path.join(d, "tiny.csv"),
             "epsilon": os.path.join(ex, "data", "mentees_satisfaction_2022.csv")}
    codebook = os.path.join(ex, "mentees_satisfaction.codebook.csv")
    with open(os.path.join(d, "programme.ini"), "w", encoding="utf-8") as fh:
        fh.write("[programme]\norganisation = Управление\nyear = 2025\n"
                 f"min_group = {MIN_GROUP}\n[questionnaire mentees]\n"
                 f"role = mentees_satisfaction\ncodebook = {codebook}\nby = form\n")
        for key, path in files.items():
            fh.write(f"[organisation {key}]\nmentees = {path}\n")
    out = os.path.join(d, "report")
    r = run([mentorstat, "report", os.path.join(d, "programme.ini"), "-o", out])
    # exit 1: tiny.csv's third row is quarantined, as test_municipal says
    check(r.returncode in (0, 1), f"the territory report is written ({r.returncode}: {r.stdout.strip()[-300:]} {r.stderr.strip()[:300]})")
    if r.returncode not in (0, 1):
        return
    title = "Удовлетворённость наставляемых"
    sizes = []
    for key, path in files.items():
        t = truth_from_csv(None, {"q": (codebook, [path])}, {"q": title})
        sizes.append(sum(v for (q, ctx, g), v in t.items() if ctx == "construct"))
    for tables, what in ((page_tables(out), "page"), (xlsx_tables(out), "workbook")):
        rows = tables.get("mentees-organisations", [])[1:]
        shown = sorted(number(r[2]) for r in rows if number(r[2]) is not None)
        hidden = list(sizes)
        for n in shown:
            if n in hidden:
                hidden.remove(n)
        check(len(shown) + len(hidden) == len(sizes) and len(rows) == len(sizes),
              f"territory {what}: every organisation listed, the shown ones with their size "
              f"({shown}, true {sorted(sizes)})")
        check(len(hidden) == 0 or len(hidden) >= 3,
              f"territory {what}: never one or two hidden organisations ({sorted(hidden)})")
        rest = [sum(hidden) - h for h in hidden]
        check(all(x >= MIN_GROUP for x in rest),
              f"territory {what}: a hidden organisation learns of the others only a sum of "
              f"{MIN_GROUP} or more ({rest})")
        quality = tables.get("data-quality", [])[1:-1]
        counted = [r for r in quality if number(r[3]) is not None]
        check(len(counted) == len(shown),
              f"territory {what}: the data-quality table gives no hidden organisation's rows "
              f"({len(counted)} with counts, {len(shown)} shown)")
    check_dat_precision(out, "territory")


# ---------- small territories: one organisation against the territory's totals ----------

class AnyTables(html.parser.HTMLParser):
    """Every <table> of an HTML file (slides, site page) as rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.row, self.cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def docx_rows(path):
    """The rows of every table of a .docx, as cell texts."""
    import zipfile
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    rows = []
    for tr in re.findall(r"<w:tr[ >].*?</w:tr>", xml, re.S):
        cells = re.findall(r"<w:tc>.*?</w:tc>", tr, re.S)
        rows.append(["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", c)) for c in cells])
    return rows


def published_rows(report):
    """(file, row) for every table row of every published file: the page, the
    slides, the site page, tables/*.csv, tables.xlsx, the справка; and
    (file, line) of the charts' data, scripts and drawings (in their files
    and drawn into the HTML files), and of kopilka.md."""
    rows, lines = [], []
    for root, _, names in os.walk(report):
        for n in sorted(names):
            path = os.path.join(root, n)
            rel = os.path.relpath(path, report)
            if n.endswith(".html"):
                p = AnyTables()
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                p.feed(text)
                rows += [(rel, r) for t in p.tables for r in t]
                # the charts drawn into the page, the slides and the site page
                lines += [(rel, line) for svg in re.findall(r"<svg.*?</svg>", text, re.S)
                          for line in svg.splitlines()]
            elif n.endswith(".csv"):
                with open(path, encoding="utf-8-sig") as fh:
                    rows += [(rel, r) for r in csv.reader(fh, delimiter=";")]
            elif n.endswith(".xlsx"):
                wb = openpyxl.load_workbook(path)
                rows += [(rel, ["" if v is None else v for v in r])
                         for ws in wb.worksheets for r in ws.iter_rows(values_only=True)]
            elif n.endswith(".docx"):
                rows += [(rel, r) for r in docx_rows(path)]
            elif n.endswith((".dat", ".gp", ".svg", ".md")):
                with open(path, encoding="utf-8") as fh:
                    lines += [(rel, line) for line in fh.read().splitlines()]
    return rows, lines


def small_territory(mentorstat, source, tmp, label, parts, refused, earlier=None):
    """A territory of organisations made of the example's 2025 rows (so every
    answer is of one year): parts maps a key to the data rows it sends.  An
    organisation knows its own figures; whatever the territory's totals are,
    minus one organisation's own, must be nothing or at least min_group
    people.  When no choice of organisations to hide gives that (refused),
    the published copy must not be written at all — only the office's."""
    d = os.path.join(tmp, re.sub(r"\W+", "-", label))  # a programme's lists split at spaces
    os.makedirs(d)
    ex = os.path.join(source, "surveys", "example")
    codebook = os.path.join(ex, "mentees_satisfaction.codebook.csv")
    with open(os.path.join(ex, "data", "mentees_satisfaction_2025.csv"), encoding="utf-8") as fh:
        lines = fh.read().splitlines(True)
    files, years_of = {}, {}
    with open(os.path.join(d, "programme.ini"), "w", encoding="utf-8") as fh:
        fh.write("[programme]\norganisation = Управление\nyear = 2025\n"
                 f"min_group = {MIN_GROUP}\n[questionnaire mentees]\n"
                 f"role = mentees_satisfaction\ncodebook = {codebook}\nby = form\n")
        for key, rows in parts.items():
            files[key] = os.path.join(d, f"{key}.csv")
            with open(files[key], "w", encoding="utf-8") as data:
                data.writelines([lines[0]] + [lines[i] for i in rows])
            fh.write(f"[organisation {key}]\nmentees = {files[key]}\n")
            if key in (earlier or {}):  # rows of the 2024 file
                with open(os.path.join(ex, "data", "mentees_satisfaction_2024.csv"),
                          encoding="utf-8") as old:
                    old_lines = old.read().splitlines(True)
                path = os.path.join(d, f"{key}-2024.csv")
                with open(path, "w", encoding="utf-8") as data:
                    data.writelines([old_lines[0]] + [old_lines[i] for i in earlier[key]])
                fh.write(f"mentees.earlier = {path}\n")
                years_of[key] = path
    title = "Удовлетворённость наставляемых"
    sizes = {}  # every year's rows, as the data-quality table counts them
    for key, path in files.items():
        paths = [path] + ([years_of[key]] if key in years_of else [])
        t = truth_from_csv(None, {"q": (codebook, paths)}, {"q": title})
        sizes[key] = sum(v for (q, ctx, g), v in t.items() if ctx == "rows")
    out = os.path.join(d, "report")
    r = run([mentorstat, "report", os.path.join(d, "programme.ini"), "-o", out])
    what = f"{label} {sorted(sizes.values(), reverse=True)}"
    left = [n for n in os.listdir(d) if ".tmp-" in n or ".old-" in n]
    check(not left, f"{what}: no temporary directory is left ({left})")
    internal = out + "-internal"
    if refused:
        check(r.returncode == 2 and "no report for publishing was written" in r.stderr and
              "fewer than 5" in r.stderr,
              f"{what}: the published copy is refused with a message ({r.returncode}: "
              f"{r.stdout.strip()[-200:]} {r.stderr.strip()[:300]})")
        check(not os.path.exists(out), f"{what}: nothing is published (no {out})")
        page = ""
        if os.path.exists(os.path.join(internal, "index.html")):
            with open(os.path.join(internal, "index.html"), encoding="utf-8") as fh:
                page = fh.read()
        check("Отчёт для публикации не создан: итог по территории не публикуется" in page,
              f"{what}: the office's copy is written and says why nothing is published")
        if not os.path.exists(out):
            return
        # published anyway (as before issue 22 was fixed): show the attack
    else:
        check(r.returncode in (0, 1), f"{what}: the report is written ({r.returncode}: "
              f"{r.stderr.strip()[:300]})")
        if r.returncode not in (0, 1):
            return
    tables = page_tables(out)
    total = number(tables["data-quality"][-1][3])
    check(total == sum(sizes.values()), f"{what}: the territory's answers are published "
          f"({total})")
    # the organisations' rows as the data-quality table gives them (hidden: none)
    quality = {str(row[0]): number(row[3]) for row in tables.get("data-quality", [])[1:-1]}
    shown = {label: n for label, n in quality.items() if n is not None}
    hidden = [label for label, n in quality.items() if n is None]
    check(len(quality) == len(parts), f"{what}: every organisation is listed ({quality})")
    # each organisation, knowing its own size, takes it and the shown ones from the total
    known = sum(shown.values())
    for key, n in sizes.items():
        if n in shown.values():
            continue  # shown: its own figures are published anyway
        rest = total - known - n
        check(rest == 0 or rest >= MIN_GROUP,
              f"{what}: a hidden organisation of {n} learns of the other hidden ones only a "
              f"sum of {MIN_GROUP} or more ({rest})")
    # each organisation also knows its own rows per form: taken from a shown
    # form, or from the forms hidden together, what is left of the others
    # must be nothing or at least min_group people
    own = {key: truth_from_csv(None, {"q": (codebook, [path])}, {"q": title})
           for key, path in files.items()}
    for tables_of, where in ((tables, "page"), (xlsx_tables(out), "workbook")):
        by_form = {str(r[2]): number(r[3]) for r in tables_of.get("responses-by-group", [])[1:]
                   if r[0] == title}
        shown_forms = {g: n for g, n in by_form.items() if n is not None}
        hidden_total = number(tables["responses"][1][1]) - sum(shown_forms.values())
        learnt = []
        for key in files:
            mine = {g: v for (q, ctx, g), v in own[key].items() if ctx == "rows"}
            rests = {g: n - mine.get(g, 0) for g, n in shown_forms.items()}
            rests["(hidden together)"] = hidden_total - sum(
                v for g, v in mine.items() if g not in shown_forms)
            learnt += [(key, g, x) for g, x in rests.items() if 0 < x < MIN_GROUP]
        check(by_form and not learnt,
              f"{what} {where}: no organisation, taking its own rows from a form's, learns of "
              f"fewer than {MIN_GROUP} others ({sorted(by_form)}; learnt: {learnt})")
    # and its own answers per year: the same for each year the trend shows
    if years_of:
        per_year = {str(r[1]): number(r[2]) for r in tables.get("years", [])[1:]}
        shown_years = {y: n for y, n in per_year.items() if n is not None}
        learnt = []
        for key in files:
            t = truth_from_csv(None, {"q": (codebook, [files[key]] + ([years_of[key]] if key in
                                                                       years_of else []))},
                               {"q": title}, by="year")
            mine = {g: v for (q, ctx, g), v in t.items() if ctx == "construct"}
            learnt += [(key, y, n - mine.get(y, 0)) for y, n in shown_years.items()
                       if 0 < n - mine.get(y, 0) < MIN_GROUP]
        check(len(per_year) == 2 and not learnt,
              f"{what}: no organisation, taking its own answers from a year's, learns of fewer "
              f"than {MIN_GROUP} others ({per_year}; learnt: {learnt})")
    # every published file: a hidden organisation's row carries no figure, and
    # it is in no chart
    rows, chart_lines = published_rows(out)
    figures = [(f, row) for f, row in rows
               if any(str(c) in hidden for c in row) and
               any(number(c) is not None for c in row if str(c) not in hidden)]
    check(not figures, f"{what}: no published table gives a hidden organisation a figure "
          f"({figures[:3]})")
    charted = [(f, line) for f, line in chart_lines if any(re.search(rf"\b{h}\b", line)
                                                           for h in hidden)]
    check(not charted, f"{what}: no chart names a hidden organisation ({charted[:3]})")
    read = {f for f, _ in rows} | {f for f, _ in chart_lines}
    check({"index.html", "tables.xlsx", "slides.html", "summary.html", "tables/responses.csv",
           "charts/mentees-funnel.dat"} <= read and
          (shutil.which("pandoc") is None or "spravka.docx" in read),
          f"{what}: every published file was read ({sorted(read)})")


def tree_digest(top):
    """path -> sha256 of every file under top, or None when top is missing."""
    import hashlib
    if not os.path.isdir(top):
        return None
    out = {}
    for root, _, names in os.walk(top):
        for n in names:
            with open(os.path.join(root, n), "rb") as fh:
                out[os.path.relpath(os.path.join(root, n), top)] = \
                    hashlib.sha256(fh.read()).hexdigest()
    return out


def small_territories(mentorstat, source, tmp):
    # data rows of the example's 2025 file: 6, 8 and 9, 10 are two accepted
    # answers each, 11-13 three (checked by the sizes in each message)
    half = list(range(1, 20)), list(range(20, 39))
    small_territory(mentorstat, source, tmp, "two organisations, one small",
                    {"alpha": range(1, 39), "delta": [6, 8]}, refused=True)
    small_territory(mentorstat, source, tmp, "three organisations, one small",
                    {"alpha": half[0], "beta": half[1], "delta": [6, 8]}, refused=False)
    small_territory(mentorstat, source, tmp, "three organisations, two small of 4 together",
                    {"alpha": range(1, 39), "delta": [6, 8], "gamma": [9, 10]}, refused=True)
    small_territory(mentorstat, source, tmp, "three organisations, two small of 5 together",
                    {"alpha": range(1, 39), "delta": [6, 8], "gamma": [11, 12, 13]},
                    refused=False)
    # refused over an old published report: the old one stays byte for byte
    old = os.path.join(tmp, "three-organisations-one-small", "report")
    before = tree_digest(old)
    r = run([mentorstat, "report",
             os.path.join(tmp, "two-organisations-one-small", "programme.ini"), "-o", old])
    check(r.returncode == 2 and before and tree_digest(old) == before and
          "Отчёт для публикации не создан" in open(os.path.join(old + "-internal", "index.html"),
                                                   encoding="utf-8").read(),
          f"a refused territory leaves the old published report as it was and writes the "
          f"office's copy ({r.returncode}, {len(before or {})} files)")
    # both organisations large, but one holds 11 of the 12 «Учитель – учитель»:
    # the form's published size, less its own 11, gave the other's one person
    form = _rows_of_form(source, "Учитель – учитель")
    others = [i for i in range(1, 39) if i not in form][:14]
    small_territory(mentorstat, source, tmp, "two organisations, a form nearly all in one",
                    {"alpha": [i for i in range(1, 39) if i != form[0]],
                     "beta": [form[0]] + others}, refused=False)


    # an earlier year only one large organisation and two rows of another
    # sent: the year's published figure, less the large one's own, gave the
    # two people's answers
    small_territory(mentorstat, source, tmp, "two organisations, an earlier year nearly all "
                    "in one", {"alpha": half[0], "beta": half[1]}, refused=False,
                    earlier={"alpha": range(3, 43), "beta": [1, 2]})


def _rows_of_form(source, form):
    path = os.path.join(source, "surveys", "example", "data", "mentees_satisfaction_2025.csv")
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index("Форма наставничества")
    return [i for i, r in enumerate(rows) if i and r[col] == form]


# Filled from R (see the calls above) on the constructed mentors.csv.
R_REFERENCE = {
    "s1": (0.056210914362255775, 0.28105457181127885),
    "s2": (0.29299960859381219, 0.87899882578143651),
    "s3": (0.0008514819735508162, 0.0059603738148557139),
    "satisfaction": (0.00015076683141441915, 0.0013569014827297724),
}


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    mentorstat, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    keep = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--keep" else None
    tmp = tempfile.mkdtemp(prefix="ms-attacks-")
    try:
        example_case(mentorstat, source, tmp)
        constructed_case(mentorstat, source, tmp)
        territory_case(mentorstat, source, tmp)
        small_territories(mentorstat, source, tmp)
        if keep:
            shutil.copytree(tmp, keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(tmp + "-internal", ignore_errors=True)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
