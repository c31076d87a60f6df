#!/usr/bin/env python3
"""Issue 22: a mentorstat stopped by SIGINT or SIGTERM mid-way leaves no
temporaries and the previous output whole, and dies of the signal.

`mentorstat report` on the example programme with a generated earlier year of
200,000 rows is stopped at several moments: while it reads, once its
OUTDIR.tmp-XXXXXX exists, while gnuplot draws, while pandoc runs, and (through
stop_preload.so, which raises the signal right after a given call) between
the two renames that swap the old report for the new one, after the pairing's
swap, and right after the old report's place-holder is made.  Then
summarize, merge, match -o and init are stopped right after they make their
temporary; match -o at each of its moves (its temporary made, the old
output's place-holder made, the old moved aside, the new moved in).  After each stop: the exit status is the signal's (or 1), no
*.tmp-*, *.old-*, .match-* or NAME.tmpXXXXXX is left, and the old outputs are
byte for byte what they were (after the pairing's swap: the old report and a
whole new pairing; after match's last rename: the whole new output).  analyze stopped while its --quarantine file is written
leaves no such file; run to its end it leaves the whole list.

Usage: stop_check.py MENTORSTAT SOURCE_DIR STOP_PRELOAD_SO
"""
import glob
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BIN, SRC, PRELOAD = sys.argv[1:4]
TEMP = re.compile(r"(\.tmp-|\.old-|^\.match-)[A-Za-z0-9]{6}$|\.tmp[A-Za-z0-9]{6}$")
failures = []
stops = []


# The report's files are compared across runs: the справка carries the time
# pandoc wrote it unless SOURCE_DATE_EPOCH fixes it (reproducible builds).
os.environ["SOURCE_DATE_EPOCH"] = "1733529600"


def manifest(top):
    """path -> sha256 of every file under top (None when top is missing)."""
    if not os.path.isdir(top):
        return None
    out = {}
    for root, dirs, files in os.walk(top):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, top)] = hashlib.sha256(fh.read()).hexdigest()
    return out


def temporaries(top):
    return [os.path.join(r, n) for r, ds, fs in os.walk(top) for n in ds + fs if TEMP.search(n)]


def run(args, moment, sig, wait_for=None, preload=None, cwd=None):
    """Start mentorstat, stop it with sig when wait_for() is true (or through
    the preload), and return its exit status (None if it finished first)."""
    env = dict(os.environ)
    if preload:
        env["LD_PRELOAD"] = PRELOAD
        env["MS_STOP_AFTER"] = f"{preload} {int(sig)}"
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"
    stops.append(moment)
    p = subprocess.Popen([BIN] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env=env, cwd=cwd)
    if wait_for:
        deadline = time.monotonic() + 300
        while p.poll() is None and not wait_for() and time.monotonic() < deadline:
            time.sleep(0.001)
        if p.poll() is None:
            p.send_signal(sig)
    try:
        p.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        p.kill()
        failures.append(f"{moment}: still running 300 s after the signal")
        return None
    if p.returncode not in (-sig, 1):
        failures.append(f"{moment}: exit status {p.returncode}, not the signal's ({-sig}) or 1"
                        + (" (it finished before the moment)" if p.returncode == 0 else ""))
    return p.returncode


def expect(moment, top, before):
    left = temporaries(top)
    if left:
        failures.append(f"{moment}: temporaries left: {left[:3]}")
    for path, old in before.items():
        now = manifest(path)
        if now != old:
            what = "missing" if now is None else "changed"
            failures.append(f"{moment}: {os.path.relpath(path, top)} {what}")


def big_programme(top):
    """The example with a 200,000-row earlier year of the self-assessment."""
    prog = os.path.join(top, "prog")
    shutil.copytree(os.path.join(SRC, "surveys/example"), prog,
                    ignore=shutil.ignore_patterns("*.msum", "reports"))
    path = os.path.join(prog, "data/selfassessment_2024.csv")
    with open(path, encoding="utf-8") as f:
        header, *rows = f.read().splitlines()
    with open(path, "w", encoding="utf-8") as f:
        f.write(header + "\n")
        for i in range(200000 // len(rows) + 1):
            f.write("\n".join(rows) + "\n")
    return os.path.join(prog, "programme.ini")


def after(seconds):
    """True from `seconds` after its first call (made right after the start)."""
    start = []
    return lambda: bool(start.append(time.monotonic()) or
                        time.monotonic() - start[0] >= seconds)


def glob1(pattern):
    return lambda: bool(glob.glob(pattern))


def report_moments(top, programme):
    out = os.path.join(top, "report")
    internal = out + "-internal"
    first = subprocess.run([BIN, "report", programme, "-o", out], capture_output=True)
    if first.returncode not in (0, 1):
        sys.exit(f"the first report failed: {first.stderr.decode()}")
    before = {out: manifest(out), internal: manifest(internal)}
    args = ["report", programme, "-o", out]
    timed = [
        ("reading", after(0.05)),
        ("its tmp made", glob1(out + ".tmp-*")),
        ("gnuplot drawing", glob1(out + ".tmp-*/charts/*.svg")),
        ("pandoc running", glob1(out + ".tmp-*/spravka-source.*")),
    ]
    for i, (moment, cond) in enumerate(timed):
        for sig in (signal.SIGINT, signal.SIGTERM):
            name = f"report, {moment}, {sig.name}"
            run(args, name, sig, wait_for=cond)
            expect(name, top, before)
    exact = [
        ("old report's place-holder made", "mkdtemp */report.old-*"),
        ("old report moved aside, new not yet in", "rename */report.old-*"),
    ]
    for moment, spec in exact:
        for sig in (signal.SIGINT, signal.SIGTERM):
            name = f"report, {moment}, {sig.name}"
            run(args, name, sig, preload=spec)
            expect(name, top, before)
    # the pairing is swapped first: the old report stays, the new pairing is whole
    name = "report, after the pairing's swap, SIGTERM"
    run(args, name, signal.SIGTERM, preload="rename */report-internal")
    expect(name, top, {out: before[out]})
    if not os.path.exists(os.path.join(internal, "match.html")):
        failures.append(f"{name}: the pairing in place is not whole")
    shutil.rmtree(out)
    shutil.rmtree(internal)
    # no old report: nothing is left at all
    name = "report, first run, tmp made, SIGTERM"
    run(args, name, signal.SIGTERM, preload="mkdtemp */report.tmp-*")
    expect(name, top, {})
    for p in (out, internal):
        if os.path.exists(p):
            failures.append(f"{name}: {os.path.basename(p)} exists after a stopped first run")


def other_commands(top):
    ex = os.path.join(SRC, "surveys/example")
    cb = os.path.join(ex, "mentors_satisfaction.codebook.csv")
    data = os.path.join(ex, "data/mentors_satisfaction_2025.csv")
    a, b, all_ = (os.path.join(top, n) for n in ("a.msum", "b.msum", "all.msum"))
    for path, org in ((a, "A"), (b, "B")):
        subprocess.run([BIN, "summarize", "--codebook", cb, "--org", org, "--year", "2025",
                        data, "-o", path], check=True, capture_output=True)
    subprocess.run([BIN, "merge", a, b, "-o", all_], check=True, capture_output=True)
    match_dir = os.path.join(top, "match")
    mentors = ["--mentors", os.path.join(ex, "mentors_bank.codebook.csv"),
               os.path.join(ex, "data/mentors_bank_2025.csv")]
    mentees = ["--mentees", os.path.join(ex, "mentees_requests.codebook.csv"),
               os.path.join(ex, "data/mentees_requests_2025.csv")]
    m = subprocess.run([BIN, "match"] + mentors + mentees + ["-o", match_dir],
                       capture_output=True)
    if m.returncode not in (0, 1):
        sys.exit(f"match failed: {m.stderr.decode()}")
    drafts = os.path.join(top, "drafts")
    subprocess.run([BIN, "init", "-o", drafts, data], check=True, capture_output=True)
    before = {top: manifest(top)}
    cases = [
        ("summarize", ["summarize", "--codebook", cb, "--org", "A", "--year", "2025", data,
                       "-o", a], "mkstemp */a.msum.tmp-*"),
        ("merge", ["merge", a, b, "-o", all_], "mkstemp */all.msum.tmp-*"),
        ("init --force", ["init", "--force", "-o", drafts, data], "mkstemp */drafts/*.tmp*"),
    ]
    for cmd, args, spec in cases:
        for sig in (signal.SIGINT, signal.SIGTERM):
            name = f"{cmd}, its temporary made, {sig.name}"
            run(args, name, sig, preload=spec)
            expect(name, top, before)


def match_moments(top):
    """match -o DIR stopped at each of its moves: DIR is afterwards the whole
    old output (English) or the whole new one (Russian), never a mix, and no
    DIR.tmp-XXXXXX or DIR.old-XXXXXX is left."""
    ex = os.path.join(SRC, "surveys/example")
    banks = ["--mentors", os.path.join(ex, "mentors_bank.codebook.csv"),
             os.path.join(ex, "data/mentors_bank_2025.csv"),
             "--mentees", os.path.join(ex, "mentees_requests.codebook.csv"),
             os.path.join(ex, "data/mentees_requests_2025.csv")]
    out, new = os.path.join(top, "match"), os.path.join(top, "fresh")
    outputs = {}
    for path, lang in ((new, "ru"), (out, "en")):
        m = subprocess.run([BIN, "match"] + banks + ["--language", lang, "-o", path],
                           capture_output=True)
        if m.returncode not in (0, 1):
            sys.exit(f"match failed: {m.stderr.decode()}")
        outputs[lang] = manifest(path)
    shutil.rmtree(new)
    if outputs["ru"] == outputs["en"] or "match.html" not in outputs["ru"]:
        failures.append("match -o: the old and the new output cannot be told apart")
    args = ["match"] + banks + ["--language", "ru", "-o", out]
    moments = [
        ("its temporary made", "mkdtemp */match.tmp-*", "en"),
        ("the old output's place-holder made", "mkdtemp */match.old-*", "en"),
        ("the old output moved aside, the new not yet in", "rename */match.old-*", "en"),
        ("the new output in, the old not yet removed", "rename */match", "ru"),
    ]
    for moment, spec, whole in moments:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            name = f"match -o, {moment}, {sig.name}"
            run(args, name, sig, preload=spec)
            expect(name, top, {})
            now = manifest(out)
            if now != outputs[whole]:
                got = ("missing" if now is None else "a mix" if now not in outputs.values()
                       else "the ru one" if now == outputs["ru"] else "the en one")
                failures.append(f"{name}: DIR is not the whole {whole} output ({got})")
            if whole == "ru":  # back to the old one for the next signal
                subprocess.run([BIN, "match"] + banks + ["--language", "en", "-o", out],
                               capture_output=True)
    # no old output: a stop leaves nothing at all
    shutil.rmtree(out)
    name = "match -o, first run, its temporary made, SIGTERM"
    run(args, name, signal.SIGTERM, preload="mkdtemp */match.tmp-*")
    expect(name, top, {})
    if os.path.exists(out):
        failures.append(f"{name}: DIR exists after a stopped first run")


def quarantine_moments(top):
    """analyze --quarantine Q on 200,000 rows, every other one refused: a
    stop while Q is written removes it (a partial list would pass for the
    whole); a run to its end keeps it whole."""
    import csv
    ex = os.path.join(SRC, "surveys/example")
    cb = os.path.join(ex, "mentors_satisfaction.codebook.csv")
    with open(os.path.join(ex, "data/mentors_satisfaction_2025.csv"), encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    big = os.path.join(top, "big.csv")
    with open(big, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for i in range(200000):
            row = list(rows[i % len(rows)])
            if i % 2:
                row[5] = "много"  # a scale answer that is no number: quarantined
            w.writerow(row)
    q = os.path.join(top, "refused.csv")
    args = ["analyze", "--quiet", "--codebook", cb, "--quarantine", q, big]
    for sig in (signal.SIGINT, signal.SIGTERM):
        name = f"analyze --quarantine, while it is written, {sig.name}"
        run(args, name, sig, wait_for=lambda: os.path.exists(q) and os.path.getsize(q) > 0)
        if os.path.exists(q):
            failures.append(f"{name}: the partial {os.path.basename(q)} is left")
    whole = subprocess.run([BIN, "analyze", "--json"] + args[1:], capture_output=True)
    with open(q, encoding="utf-8") as f:
        lines = sum(1 for _ in csv.reader(f))
    refused = json.loads(whole.stdout)["rows"]["quarantined"] if whole.returncode == 1 else None
    if refused is None or refused < 90000 or lines != refused:
        failures.append(f"analyze --quarantine to its end: exit {whole.returncode}, {lines} "
                        f"rows in the file, {refused} quarantined")


def main():
    with tempfile.TemporaryDirectory() as top:
        report_moments(top, big_programme(top))
        other = os.path.join(top, "other")
        os.mkdir(other)
        other_commands(other)
        moves = os.path.join(top, "moves")
        os.mkdir(moves)
        match_moments(moves)
        quarantine_moments(top)
    for f in failures:
        print(f)
    if failures:
        return 1
    print(f"stopped {len(stops)} times (report at {sum(s.startswith('report') for s in stops)} "
          "moments, summarize/merge/match/init right after their temporary, analyze while "
          "its --quarantine file is written): no temporaries, no partial file, old outputs "
          "whole, exit by the signal")
    return 0


sys.exit(main())
