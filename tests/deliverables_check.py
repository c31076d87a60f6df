#!/usr/bin/env python3
"""The deliverables beside index.html, read back by independent readers.

tables.xlsx with openpyxl: the first sheet lists every table; every other
sheet equals its CSV (tables/NAME.csv) cell by cell: text as text (the CSV's
leading apostrophe before = + - @ is only a guard for spreadsheets), numbers
as numbers (a % format holds the CSV's percentage / 100), an empty CSV cell
is an empty cell or a suppression mark (`*` below min_group, `**` hidden so
that no other group can be worked out), whose notes follow the table.
spravka.docx with pandoc (to plain text): a school document (title, purpose,
results, conclusions, recommendations, annex, numbered figures and tables,
page numbers), every sentence of the page's main findings in it, one or two
figures, this year's count, no pairs.
summary.html: this year's findings and count, three charts, a date, nothing
internal.  slides.html: a headline and at most four bullets on every slide,
the main indicator first, no pairs.  No reader's output names a key or file of
the configuration.

Usage: deliverables_check.py MENTORSTAT SOURCE_DIR
"""
import csv
import html
import os
import re
import subprocess
import sys
import tempfile
import zipfile

import openpyxl

failures = []
SOURCE = "."  # the source directory, set by main


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)
    return ok


def csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def number(text):
    return float(text.replace(",", "."))


def check_sheet(ws, rows, name):
    """Sheet ws against CSV rows; returns the cells compared."""
    compared = 0
    marks = set()
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            v = cell.value
            compared += 1
            where = f"{name} {cell.coordinate}: CSV {text!r}, sheet {v!r}"
            if r == 1:
                check(v == text, where)
            elif text == "":
                if v in ("*", "**"):
                    marks.add(v)
                check(v is None or v in ("*", "**"), where)
            elif re.fullmatch(r"-?[0-9]+(,[0-9]+)?", text) and not isinstance(v, str):
                check(isinstance(v, (int, float)), where + " (not numeric)")
                x = v * 100 if cell.number_format.endswith("%") else v
                check(abs(x - number(text)) <= 1e-9 * max(1, abs(number(text))), where)
            else:
                expected = text[1:] if text[:1] == "'" and text[1:2] in "=+-@" else text
                check(v == expected, where)
        for c in range(len(row) + 1, ws.max_column + 1):
            check(ws.cell(row=r, column=c).value is None, f"{name} row {r}: extra cell {c}")
    tail = [ws.cell(row=r, column=1).value for r in range(len(rows) + 1, ws.max_row + 1)]
    tail = [t for t in tail if t is not None]
    if marks:  # a note per mark the sheet holds, and none for a mark it lacks
        lines = tail[0].split("\n") if len(tail) == 1 else []
        told = {line.split(" ", 1)[0] for line in lines}
        check(told == marks, f"{name}: the notes on {sorted(marks)} follow the table ({tail})")
    else:
        check(not tail, f"{name}: nothing after the table ({tail})")
    check(ws.freeze_panes == "A2", f"{name}: header row frozen")
    check(ws.cell(row=1, column=1).font.b, f"{name}: header bold")
    check(len(ws.title) <= 31, f"{name}: sheet name within 31 characters")
    return compared


def check_xlsx(report):
    wb = openpyxl.load_workbook(os.path.join(report, "tables.xlsx"))
    contents = wb.worksheets[0]
    listed = [(contents.cell(row=r, column=1).value, contents.cell(row=r, column=4).value)
              for r in range(2, contents.max_row + 1)]
    csvs = sorted(os.listdir(os.path.join(report, "tables")))
    check(sorted(os.path.basename(p) for _, p in listed) == csvs,
          "the contents sheet lists every CSV table once")
    check(len(wb.sheetnames) == len(csvs) + 1, "one sheet per table after the contents")
    check(len({n.lower() for n in wb.sheetnames}) == len(wb.sheetnames), "sheet names unique")
    cells = 0
    for sheet, path in listed:
        cells += check_sheet(wb[sheet], csv_rows(os.path.join(report, path)), sheet)
    print(f"tables.xlsx: {len(listed)} sheets, {cells} cells equal to their CSV")


def findings(report):
    """The page's main findings, no-break spaces read as spaces."""
    page = open(os.path.join(report, "index.html"), encoding="utf-8").read()
    ul = re.search(r'<ul class="findings">\n(.*?)</ul>', page, re.S).group(1)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", li)).split())
            for li in re.findall(r"<li>(.*?)</li>", ul, re.S)]


def key_figure(finding):
    """The figure a finding is about: «72 из 100», else its first number."""
    m = re.search(r"\d+(,\d+)? из 100", finding) or re.search(r"\d+(,\d+)?", finding)
    return m.group(0) if m else finding


def check_docx(report):
    path = os.path.join(report, "spravka.docx")
    text = subprocess.run(["pandoc", "--standalone", "--from=docx", "--to=plain", "--wrap=none", path],
                          check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.replace("\u00a0", " ").split())
    found = findings(report)
    check(len(found) >= 5, "the page has its findings")
    for f in found:
        check(" ".join(f.split()) in flat, f"spravka.docx holds the finding: {f}")
    media = [n for n in zipfile.ZipFile(path).namelist() if n.startswith("word/media/")]
    check(1 <= len(media) <= 2, f"spravka.docx has one or two figures ({len(media)})")
    for part in ("Аналитическая справка", "Цель", "Результаты", "Выводы", "Рекомендации",
                 "Приложение", "Рисунок 1", "Таблица 1", "№"):
        check(part in flat, f"spravka.docx has {part!r}")
    check("Заместитель директора" not in flat or "signatory" in open(
        os.path.join(SOURCE, "surveys/example/programme.ini"), encoding="utf-8").read(),
          "spravka.docx: the signatory only from the programme file")
    accepted = re.search(r"Всего принято (\d+) анкет", flat)
    check(accepted is not None and int(accepted.group(1)) < 939,
          "spravka.docx counts this year's questionnaires, not every year's")
    for word in ("П1", "practices-pairs", "Лучшие пары", "рейтинг пар"):
        check(word not in flat, f"spravka.docx ranks no pairs ({word!r})")
    ini = open(os.path.join(SOURCE, "surveys/example/programme.ini"), encoding="utf-8").read()
    org = re.search(r"^organisation = (.*)$", ini, re.M).group(1).strip()
    z = zipfile.ZipFile(path)
    xml = z.read("word/document.xml").decode("utf-8")
    check(org in flat, "spravka.docx names the organisation")
    styles = z.read("word/styles.xml").decode("utf-8")
    check('w:w="11906"' in xml and 'w:h="16838"' in xml, "spravka.docx: A4 pages")
    check('w:val="ru-RU"' in styles, "spravka.docx: Russian language")
    footers = [n for n in z.namelist() if n.startswith("word/footer")]
    check(any("PAGE" in z.read(n).decode("utf-8") for n in footers) and "footerReference" in xml,
          "spravka.docx: page numbers in the footer")
    # Columns as wide as their texts need: the first table («Ответы на анкеты»)
    # gives its label column the most room; numbers are right-aligned.
    grids = [[int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', g)]
             for g in re.findall(r"<w:tblGrid>(.*?)</w:tblGrid>", xml)]
    check(len(grids) > 0 and grids[0][0] == max(grids[0]) and len(set(grids[0])) > 1,
          f"spravka.docx: the first table's label column is the widest ({grids[0] if grids else []})")
    check('<w:jc w:val="right"' in xml, "spravka.docx: numbers right-aligned")
    rows = re.findall(r"<w:tr>(.*?)</w:tr>", xml, re.S)
    unsplit = [r for r in rows if re.match(r"<w:trPr>(?:(?!</w:trPr>).)*<w:cantSplit/>", r)]
    check(len(rows) > 0 and len(unsplit) == len(rows),
          f"spravka.docx: no table row splits across pages ({len(unsplit)} of {len(rows)} rows)")
    print(f"spravka.docx: {len(found)} findings, {len(media)} images, {len(grids)} tables")


CONFIG_KEYS = ("programme.ini", "pairs = ", "quotes = ", "participants = ", "role = ",
               "min_group", "earlier = ", "type = ", "by = ", "entry_exit", "[questionnaire",
               "[matching]", "construct)")


def readable(path):
    """The text a reader sees in one output (markup, scripts and styles left out)."""
    if path.endswith(".docx"):
        return subprocess.run(["pandoc", "--from=docx", "--to=plain", "--wrap=none", path],
                              check=True, capture_output=True, text=True).stdout
    page = open(path, encoding="utf-8").read()
    page = re.sub(r"<(svg|style|script)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


# Files and commands of the tool itself, which a reader has no use for.
TOOL_WORDS = ("programme.ini", ".md", "mentorstat check", "charts/", "tables/", ".gp")


def check_no_config_keys(report):
    """No reader's output names a key of the configuration, its file, or a
    file or command of the tool (the footer included); the справка names no
    file beside the report either."""
    for name in ("index.html", "spravka.docx", "slides.html", "summary.html"):
        if not os.path.exists(os.path.join(report, name)):
            continue  # the internal copy has no site page
        text = readable(os.path.join(report, name))
        keys = CONFIG_KEYS + TOOL_WORDS + (("kopilka.csv",) if name.endswith(".docx") else ())
        for key in keys:
            check(key not in text, f"{os.path.basename(report)}/{name} says nothing of the "
                                   f"configuration ({key!r})")


# A figure and its unit or operator joined by an ordinary space: «p = 0,092»,
# «95 % ДИ», «5 п.», «из 10», «7 декабря», «от 7,1 до 7,8» must not break.
MONTHS = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
BREAKABLE = re.compile(r"\d (?:%|п\.|из\b|балл|" + "|".join(MONTHS.split()) + r")|% ДИ|\bp [=<]"
                       r"|[=<] \d|\b(?:от|до|из|с) [\d\u2212]")


def check_ties(report):
    """No figure in a reader's output can break from its unit or operator."""
    for name in ("index.html", "spravka.docx", "slides.html", "summary.html"):
        if not os.path.exists(os.path.join(report, name)):
            continue  # the internal copy has no site page
        text = readable(os.path.join(report, name))
        hits = [text[max(0, m.start() - 20):m.end() + 8] for m in BREAKABLE.finditer(text)]
        check(not hits, f"{os.path.basename(report)}/{name}: every figure held to its unit "
                        f"by a no-break space ({hits[:3]})")


def check_site_this_year(report, schools):
    """The site page: this year's charts only (no years' trend, no
    collection's candidates, no funnel); the office's page tells its schools;
    no printf escape reaches a chart («%% ответивших»)."""
    page = open(os.path.join(report, "summary.html"), encoding="utf-8").read()
    ids = re.findall(r'<figure class="chart" id="chart-([^"]+)"', page)
    for bad in ("trend", "practices", "funnel"):
        check(not any(bad in i for i in ids), f"{os.path.basename(report)}/summary.html: "
                                               f"this year's charts only ({bad!r} in {ids})")
    check("копилк" not in page and "Байес" not in page,
          f"{os.path.basename(report)}/summary.html: nothing internal")
    if schools:
        said = re.search(r'<ul class="findings">(.*?)</ul>', page, re.S).group(1)
        check("организац" in said, "the office's site page says how its schools compare")
    for name in ("index.html", "slides.html", "summary.html"):
        text = open(os.path.join(report, name), encoding="utf-8").read()
        check("%%" not in text, f"{os.path.basename(report)}/{name}: no doubled % in any text or chart")


def check_wording(report, municipal):
    """Captions in Russian a reader can say aloud, and every term of the
    findings explained in «Как читать цифры»."""
    for name in ("index.html", "slides.html", "summary.html"):
        text = " ".join(readable(os.path.join(report, name)).split())
        for bad in ("по «Форма наставничества»", "от «входное» к «итоговое»"):
            check(bad not in text, f"{os.path.basename(report)}/{name}: no {bad!r}")
    page = open(os.path.join(report, "index.html"), encoding="utf-8").read()
    check("<th>Пар</th>" not in page, "the growth table does not call people «Пар»")
    glossary = html.unescape(re.search(r'<details class="glossary".*?</details>', page, re.S).group(0))
    terms = ["<dt>п.</dt>", "среднее по программе"] + (["99,8"] if municipal else [])
    for term in terms:
        check(term in glossary, f"{os.path.basename(report)}: «Как читать цифры» explains {term!r}")


def check_office_page(report):
    """The office's page leaves out a section its programme did not include."""
    text = readable(os.path.join(report, "index.html"))
    check("не проводилось" not in text, "the office's page has no empty entry-exit section")
    check("не собирались" not in text, "the office's page has no empty bank section")


def check_office_spravka(report, named):
    """The office's справка says which schools stand out in its conclusions,
    names them in its recommendations and has a table of organisations."""
    flat = " ".join(readable(os.path.join(report, "spravka.docx")).split())
    conclusions = flat[flat.find("Выводы"):flat.find("Рекомендации", flat.find("Выводы"))]
    recommendations = flat[flat.find("Рекомендации", flat.find("Выводы")):flat.find("Приложение")]
    annex = flat[flat.find("Приложение"):]
    where = os.path.basename(report)
    check("выделяются" in conclusions, f"{where}/spravka.docx: the conclusions say which "
                                       f"schools stand out")
    school = "Гимназия № 2" if named else "О5"
    check(school in recommendations, f"{where}/spravka.docx: the recommendations name {school}")
    check("по организациям" in annex, f"{where}/spravka.docx: the annex has a table of organisations")


def check_summary(report):
    page = open(os.path.join(report, "summary.html"), encoding="utf-8").read()
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(svg|style).*?</\1>", "", page, flags=re.S)))
    flat = " ".join(text.split())
    shown = [f for f in findings(report) if "по годам" not in f and "копилк" not in f
             and "p = " not in f]
    for f in shown[:5]:
        check(key_figure(f) in flat, f"summary.html holds the finding's figure ({key_figure(f)}): {f}")
    said = " ".join(html.unescape(re.search(r'<ul class="findings">(.*?)</ul>', page,
                                            re.S).group(1)).split())
    for jargon in ("ДИ", "p = ", "p < ", " d = "):
        check(jargon not in said, f"summary.html: the findings in plain words ({jargon!r})")
    check("копилк" not in flat, "summary.html: nothing internal (the collection's candidates)")
    check(re.search(r"заполнили (\d+) анкет", flat) is not None
          and int(re.search(r"заполнили (\d+) анкет", flat).group(1)) < 939,
          "summary.html: this year's questionnaires, not every year's")
    check(page.count('<figure class="chart"') == 3, "summary.html has three charts")
    check(re.search(r"\d{1,2} [а-я]+ \d{4} г\.", flat) is not None, "summary.html has a date")
    check("<script" not in page and "http://" not in page.replace("http://www.w3.org/", ""),
          "summary.html: no scripts, no external requests")
    for word in ("П1", "пар", "Пар", "pair"):
        check(word not in flat, f"summary.html says nothing about pairs ({word!r})")
    check("practices-pairs" not in page, "summary.html: no chart or table of pairs")


def check_page_charts(page):
    """The page's charts at a desk (800 units shown at 800 px on a 1280 px
    screen): figures at least 11 px, no grey text."""
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    sizes = [float(x) for svg in svgs for x in re.findall(r'font-size="([0-9.]+)"', svg)]
    check(sizes and min(sizes) >= 11, f"page charts: type at least 11 px ({min(sizes or [0])})")
    greys = {g for svg in svgs
             for g in re.findall(r'<g[^>]*fill="rgb\((\d+),\1,\1\)"[^>]*>\s*<text', svg)}
    check(all(int(g) <= 0x33 or int(g) == 255 for g in greys),
          f"page charts: no grey text (rgb {sorted(greys)})")


def check_slides(report):
    page = open(os.path.join(report, "slides.html"), encoding="utf-8").read()
    slides = re.findall(r'<section class="slide".*?</section>', page, re.S)
    check(len(slides) >= 5, f"slides.html has {len(slides)} slides")
    check(page.count('<p class="num">') == len(slides) and f"{len(slides)} / {len(slides)}" in page,
          "every slide has its counter")
    check(re.search(r"@page\{size:A4 landscape", page) is not None, "print: landscape pages")
    check("src=" not in re.sub(r"<svg.*?</svg>", "", page, flags=re.S), "slides.html loads nothing")
    ids = re.findall(r'id="(chart-[^"]+)"', page)
    check(len(ids) == len(set(ids)), "slides.html shows no chart twice")
    check(not any("pair" in i for i in ids), "slides.html: no ranking of pairs on a shared screen")
    heads = re.findall(r"<h2>(.*?)</h2>", page, re.S)
    check(len(heads) == len(set(heads)), "no two slides share a headline")
    check("--fs" not in page, "slide charts keep the type gnuplot laid them out with")
    sizes = [float(s) for svg in re.findall(r"<svg.*?</svg>", page, re.S)
             for s in re.findall(r'font-size="([0-9.]+)"', svg)]
    check(sizes and min(sizes) >= 20, f"slide charts: type at least 20 units ({min(sizes or [0])})")
    # a projector: no grey text; the counter at least 18 px at 1280x720
    css = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    for col in re.findall(r"[^-]color:#([0-9a-f]{3,6})", css):
        rgb = [int(c * 2, 16) for c in col] if len(col) == 3 else [int(col[i:i + 2], 16) for i in (0, 2, 4)]
        check(0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] <= 0x33, f"slides.html: text colour #{col} dark")
    num = re.search(r"p\.num\{[^}]*font-size:([0-9.]+)vh", css)
    check(num and float(num.group(1)) * 7.2 >= 18, "slides.html: the counter at least 18 px")
    for grey in set(re.findall(r'<g[^>]*fill="rgb\((\d+),\1,\1\)"[^>]*>\s*<text', page)):
        check(int(grey) <= 0x33 or int(grey) == 255 or f'fill=\\"rgb({grey},{grey},{grey})\\"' in css or
              f'fill="rgb({grey},{grey},{grey})"' in css, f"slide charts: grey text rgb({grey}) set dark (white: on a dark bar)")
    for k, sl in enumerate(slides, start=1):
        check(re.search(r"<h[12]>", sl) is not None, f"slide {k} has a headline")
        check(sl.count("<li>") <= 4, f"slide {k}: at most four bullets")
    for k, sl in enumerate(slides[2:], start=3):  # after the title and «Главное»
        check("<svg" in sl or "<li>" in sl or 'class="lead"' in sl,
              f"slide {k} carries more than its headline")
        lead = re.search(r'<p class="lead">(.*?)</p>', sl, re.S)
        head = re.search(r"<h2>(.*?)</h2>", sl, re.S)
        if lead and head:
            words = [w.strip(".,;:)»") for w in head.group(1).split() if len(w) >= 3]
            same = sum(w in lead.group(1) for w in words)
            check(same * 10 < len(words) * 6, f"slide {k}: the line under the headline does not repeat it")
    figures = [tuple(t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)
                     if t and re.fullmatch(r"[0-9,.% +-]+", t))
               for svg in re.findall(r"<svg.*?</svg>", page, re.S)]
    check(len(figures) == len(set(figures)), "slides.html shows no chart's figures twice")
    # the slides tell each finding, in words or in a chart's figures; the
    # kopilka's candidates are left off: their figures are shrunk toward
    # the mean and would contradict the plain ones another slide shows
    said = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    for f in findings(report):
        if "копилк" not in f:
            check(key_figure(f) in said, f"slides.html tells the finding ({key_figure(f)}): {f}")
    check("эмпирический Байес" not in page, "slides.html: no shrunk figures beside the plain ones")
    main = " ".join(html.unescape(re.sub(r"<[^>]+>", "", slides[1])).split()) if len(slides) > 1 else ""
    check("из 100" in main, "the main indicator on the second slide")
    print(f"slides.html: {len(slides)} slides, {len(ids)} charts")


def check_names_internal(out):
    """The schools' names (the municipal example names all five) only in the
    office's copy by default (`names = internal`, what `mentorstat serve`
    writes too): never in a published file."""
    names = ("Гимназия № 2", "СОШ № 1", "СОШ № 3", "Лицей № 4", "СОШ № 5")
    for root, _, files in os.walk(out):
        for f in files:
            data = open(os.path.join(root, f), "rb").read()
            if f.endswith((".docx", ".xlsx")):
                z = zipfile.ZipFile(os.path.join(root, f))
                data = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
            text = data.decode("utf-8", "replace").replace("\u00a0", " ")
            for name in names:
                check(name not in text, f"no school's name ({name}) in published {f}")
    inner = open(os.path.join(out + "-internal", "index.html"), encoding="utf-8").read()
    inner = inner.replace("\u00a0", " ")
    check(all(name in inner for name in names), "the office's copy names every school")

def main():
    global SOURCE
    binary, source = sys.argv[1], sys.argv[2]
    SOURCE = source
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report")
        subprocess.run([binary, "report", os.path.join(source, "surveys/example/programme.ini"),
                        "-o", report], check=True, stdout=subprocess.DEVNULL)
        for name in ("index.html", "tables.xlsx", "spravka.docx", "slides.html", "summary.html"):
            check(os.path.exists(os.path.join(report, name)), f"{name} written")
        for left in ("spravka-source.md", "spravka-reference.docx", "pandoc.log"):
            check(not os.path.exists(os.path.join(report, left)), f"{left} removed")
        index = open(os.path.join(report, "index.html"), encoding="utf-8").read()
        for name in ("tables.xlsx", "spravka.docx", "slides.html", "summary.html"):
            check(f'<a href="{name}">' in index, f"the contents link {name}")
        check_page_charts(index)
        check_xlsx(report)
        check_docx(report)
        check_summary(report)
        check_slides(report)
        check_no_config_keys(report)
        check_ties(report)
        check_site_this_year(report, False)
        check_wording(report, False)
        municipal = os.path.join(tmp, "municipal")
        subprocess.run([binary, "report", os.path.join(source, "surveys/municipal/programme.ini"),
                        "-o", municipal], check=True, stdout=subprocess.DEVNULL)
        check_no_config_keys(municipal)
        check_page_charts(open(os.path.join(municipal, "index.html"), encoding="utf-8").read())
        check_no_config_keys(municipal + "-internal")
        check_ties(municipal)
        check_site_this_year(municipal, True)
        check_wording(municipal, True)
        check_office_spravka(municipal, False)
        check_office_page(municipal)
        check_office_spravka(municipal + "-internal", True)
        check_ties(municipal + "-internal")
        check_names_internal(municipal)
        # the internal copies: each a справка; the office's slides naming its schools
        check(os.path.exists(report + "-internal/spravka.docx"), "the school's internal справка")
        inner = zipfile.ZipFile(report + "-internal/spravka.docx").read("word/document.xml").decode("utf-8")
        key = open(report + "-internal/pairs-key.csv", encoding="utf-8-sig").read().splitlines()[1]
        code = key.split(";")[1].strip('"')
        check("Ключ к обозначениям пар" in inner and code in inner,
              "the internal справка keys П1 to its pair's code, as pairs-key.csv")
        check(os.path.exists(municipal + "-internal/spravka.docx") and
              os.path.exists(municipal + "-internal/slides.html"), "the office's справка and slides")
        check_slides(municipal + "-internal")
        inner = open(municipal + "-internal/slides.html", encoding="utf-8").read()
        deck = re.findall(r'<section class="slide".*?</section>', inner, re.S)
        check(deck and all("Внутренний экземпляр — не публиковать" in s for s in deck),
              "every slide of the office's internal deck says it is not for publishing")
        named = open(municipal + "-internal/index.html", encoding="utf-8").read()
        check('<a href="spravka.docx">' in named and '<a href="slides.html">' in named,
              "the office's internal page links its own справка and slides")
        school = open(report + "-internal/index.html", encoding="utf-8").read()
        check('<a href="spravka.docx">' in school, "the school's internal page links its справка")
    if failures:
        print(f"{len(failures)} failures")
        sys.exit(1)
    print("deliverables: all checks passed")


if __name__ == "__main__":
    main()
