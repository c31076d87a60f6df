#!/usr/bin/env python3
"""tests/server/load_test.py MENTORSTAT SOURCE_DIR [READERS BUILDS] — a
bounded load on 127.0.0.1: READERS clients (default 50) read a built
report and the programme's JSON without pause while BUILDS reports
(default 5) are built at once.  Proves that every request is answered
(200) and every build ends done; prints the read latencies while the
builds ran and the builds' times (figures, not asserted: speed is
measured, README's rule 5)."""
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import msclient  # noqa: E402

ms, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
readers = int(sys.argv[3]) if len(sys.argv) > 3 else 50
builds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
work = tempfile.mkdtemp(prefix="ms_load_")
server = None
try:
    data = os.path.join(work, "data")
    pw = msclient.account(ms, data, "school", "school", "МБОУ СОШ № 1")
    server = msclient.Server(ms, data, os.path.join(work, "server.log"))
    c = msclient.Client(server.base, "school", pw)
    exports = msclient.example_exports(src)
    first = c.drafted_programme(exports)
    job = c.json("POST", "/api/programmes/%d/report" % first, want=202)["id"]
    assert c.wait_job(job)["state"] == "done"
    others = [c.drafted_programme(exports) for _ in range(builds)]

    stop = threading.Event()
    lat, errors, lock = [], [], threading.Lock()
    paths = ["/programmes/%d/report/index.html" % first, "/api/programmes/%d" % first]

    def reader(k):
        n = 0
        while not stop.is_set():
            path = paths[n % 2]
            n += 1
            rq = urllib.request.Request(server.base + path, headers={"Cookie": c.cookie})
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(rq, timeout=60) as r:
                    r.read()
                    ok = r.status == 200
            except Exception as e:  # every request must be answered
                ok = False
                with lock:
                    errors.append("%s: %s" % (path, e))
            with lock:
                if ok:
                    lat.append(time.perf_counter() - t0)
                else:
                    errors.append(path)

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(readers)]
    for t in threads:
        t.start()
    time.sleep(1)
    t0 = time.time()
    jobs = [c.json("POST", "/api/programmes/%d/report" % p, want=202)["id"] for p in others]
    ends = [c.wait_job(j) for j in jobs]
    t_builds = time.time() - t0
    with lock:
        during = list(lat)
    stop.set()
    for t in threads:
        t.join(120)
    assert not errors, errors[:5]
    assert all(j["state"] == "done" for j in ends), [j["message"] for j in ends]
    q = statistics.quantiles(during, n=100)
    print("load: %d readers, %d builds at once: %d reads answered, 0 errors; "
          "read latency while building p50 %.1f ms, p95 %.1f ms, max %.1f ms; "
          "all %d builds done in %.1f s (each %s s)" %
          (readers, builds, len(during), 1e3 * q[49], 1e3 * q[94], 1e3 * max(during), builds,
           t_builds, ", ".join(str(int(j["seconds"])) for j in ends)))
finally:
    if server:
        server.stop()
    shutil.rmtree(work, ignore_errors=True)
