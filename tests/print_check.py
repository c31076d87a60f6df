#!/usr/bin/env python3
"""The page and the pairing printed on A4 by Chromium, read back with
pdftotext: every page numbered «N / M» (the page's and match.html's print
CSS, @page margin boxes), and no section heading left at a page foot: the
last lines of a page are never a heading, nor a heading with the one line
under it («Удовлетворённость наставляемых / Анкет принято: 35.») while its
chart or table starts the next page.

Usage: print_check.py MENTORSTAT SOURCE_DIR CHROMIUM
"""
import html
import os
import re
import subprocess
import sys
import tempfile

failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        failures.append(what)


def printed(chromium, page, pdf):
    profile = os.path.join(os.path.dirname(pdf), "chromium-profile")  # nothing left in /tmp
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", "file://" + page],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True,
                          text=True).stdout
    return [[" ".join(l.split()) for l in p.splitlines() if l.strip()] for p in text.split("\f")
            if p.strip()]


def numbered(pages, what):
    n = len(pages)
    for k, lines in enumerate(pages, start=1):
        check(any(l.endswith(f"{k} / {n}") for l in lines[-3:]), f"{what}: page {k} numbered {k} / {n}")


def heads_kept(pages, page_html, what):
    """The headings (h2, h3) and the line right after each."""
    plain = lambda s: " ".join(html.unescape(re.sub(r"<[^>]+>", "", s)).split())
    heads = [plain(h) for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page_html, re.S)]
    heads = [h for h in heads if len(h) > 3]
    for k, lines in enumerate(pages[:-1], start=1):
        body = [l for l in lines if not re.fullmatch(r"\d+ / \d+", l)]
        # a heading among the page's last two lines, as a whole line
        left = [h for h in heads if any(l == h for l in body[-2:])]
        check(not left, f"{what}: page {k} does not end with a heading {left or ''}")


def main():
    binary, source, chromium = sys.argv[1:4]
    with tempfile.TemporaryDirectory() as tmp:
        for name, ini in (("example", "surveys/example/programme.ini"),
                          ("municipal", "surveys/municipal/programme.ini")):
            out = os.path.join(tmp, name)
            subprocess.run([binary, "report", os.path.join(source, ini), "-o", out], check=True,
                           stdout=subprocess.DEVNULL)
            index = os.path.join(out, "index.html")
            pages = printed(chromium, index, os.path.join(tmp, name + ".pdf"))
            check(len(pages) >= 5, f"{name}: the page printed ({len(pages)} pages)")
            numbered(pages, name)
            heads_kept(pages, open(index, encoding="utf-8").read(), name)
        match = os.path.join(tmp, "example-internal", "match.html")
        numbered(printed(chromium, match, os.path.join(tmp, "match.pdf")), "match.html")
    print(f"{len(failures)} failures" if failures else "all printed checks passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
