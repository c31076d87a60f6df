#!/usr/bin/env python3
"""tests/server/fault_test.py MENTORSTAT SOURCE_DIR — the server killed
with SIGKILL during a build and started again: the programme is intact
(its files, drafts and questionnaires), the job is marked failed, a new
build succeeds, and SQLite's PRAGMA integrity_check says ok."""
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import msclient  # noqa: E402

ms, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
work = tempfile.mkdtemp(prefix="ms_fault_")
server = None
try:
    data = os.path.join(work, "data")
    pw = msclient.account(ms, data, "school", "school", "МБОУ СОШ № 1")
    # A report takes well under a second; a gnuplot that starts 5 s late
    # keeps the build running while the server is killed.
    slow = os.path.join(work, "bin")
    os.mkdir(slow)
    with open(os.path.join(slow, "gnuplot"), "w") as f:
        f.write("#!/bin/sh\nsleep 5\nPATH=${PATH#*:}\nexec gnuplot \"$@\"\n")
    os.chmod(os.path.join(slow, "gnuplot"), 0o755)
    env = dict(os.environ, PATH=slow + ":" + os.environ["PATH"])
    server = msclient.Server(ms, data, os.path.join(work, "server.log"), env)
    c = msclient.Client(server.base, "school", pw)
    pid = c.drafted_programme(msclient.example_exports(src))
    before = c.json("GET", "/api/programmes/%d" % pid)
    job = c.json("POST", "/api/programmes/%d/report" % pid, want=202)["id"]
    t0 = time.time()
    while c.json("GET", "/api/jobs/%d" % job)["state"] != "running":
        assert time.time() - t0 < 60, "the build did not start"
        time.sleep(0.01)
    time.sleep(0.3)  # inside the build
    assert c.json("GET", "/api/jobs/%d" % job)["state"] == "running", "the build ended too soon"
    server.stop(signal.SIGKILL)
    killed_at = time.time() - t0
    server = msclient.Server(ms, data, os.path.join(work, "server.log"))
    c = msclient.Client(server.base, "school", pw)
    after = c.json("GET", "/api/programmes/%d" % pid)
    for k in ("files", "questionnaires", "year"):
        assert after[k] == before[k], (k, before[k], after[k])
    j = c.json("GET", "/api/jobs/%d" % job)
    assert j["state"] == "failed", j
    assert not after["report"], "a half-built report is shown"
    left = [f for f in os.listdir(os.path.join(data, "p", str(pid))) if ".tmp" in f]
    assert not left, "the killed build's temporaries are still there: %s" % left
    t1 = time.time()
    job2 = c.json("POST", "/api/programmes/%d/report" % pid, want=202)["id"]
    j2 = c.wait_job(job2)
    assert j2["state"] == "done", j2
    st, _, body = c.call("GET", "/programmes/%d/report/index.html" % pid)
    assert st == 200 and b"<h1>" in body
    assert server.stop() == 0, "SIGTERM did not stop the server cleanly"
    server = None
    db = sqlite3.connect(os.path.join(data, "mentorstat.db"))
    check = db.execute("PRAGMA integrity_check").fetchone()[0]
    db.close()
    assert check == "ok", check
    print("fault: SIGKILL %.2f s into a build; after restart the programme is intact (%d files, "
          "%d questionnaires), job %d failed (%s), the new build done in %.1f s, "
          "integrity_check %s" % (killed_at, len(after["files"]), len(after["questionnaires"]),
                                  job, j["message"], time.time() - t1, check))
finally:
    if server:
        server.stop()
    shutil.rmtree(work, ignore_errors=True)
