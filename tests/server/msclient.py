"""msclient.py — what the server's Python tests share: a DIR with
accounts, the server started on a free port (and stopped), and calls to
the JSON API with the session's cookie and CSRF token."""
import glob
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request


def account(ms, data, login, role, name):
    out = subprocess.run([ms, "accounts", "--data", data, "add", login, "--role", role,
                          "--name", name], check=True, capture_output=True, text=True).stdout
    m = re.fullmatch(r"password: (\S+)\n", out)
    assert m, out
    return m.group(1)


class Server:
    def __init__(self, ms, data, log, env=None):
        self.log = open(log, "a")
        self.proc = subprocess.Popen([ms, "serve", "--data", data, "--listen", "127.0.0.1:0"],
                                     stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stderr.readline()
        while line.startswith("mentorstat: serve:"):   # e.g. builds marked failed
            self.log.write(line)
            line = self.proc.stderr.readline()
        m = re.search(r"on (http://127\.0\.0\.1:\d+)", line)
        assert m, line
        self.base = m.group(1)
        # the log lines go on to a file (a full pipe would stop the server)
        self.tee = subprocess.Popen(["cat"], stdin=self.proc.stderr, stdout=self.log)

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        rc = self.proc.wait(120)
        self.tee.wait(10)
        self.log.close()
        return rc


def example_exports(src):
    files = sorted(glob.glob(os.path.join(src, "surveys/example/data/*.csv")))
    assert len(files) == 20, files
    return files


class Client:
    def __init__(self, base, login, password):
        self.base = base
        st, hd, body = self.call("POST", "/api/login", {"login": login, "password": password})
        assert st == 200, (st, body)
        self.cookie = hd["Set-Cookie"].split(";")[0]
        self.csrf = json.loads(body)["csrf"]

    def call(self, method, path, body=None, files=None, timeout=300):
        headers = {}
        if getattr(self, "cookie", None):
            headers["Cookie"] = self.cookie
            headers["X-CSRF-Token"] = self.csrf
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if files:
            b = "msboundary7f3a"
            parts = []
            for f in files:
                with open(f, "rb") as fh:
                    parts.append(b"--" + b.encode() + b"\r\nContent-Disposition: form-data; "
                                 b"name=\"file\"; filename=\"" + os.path.basename(f).encode() +
                                 b"\"\r\nContent-Type: text/csv\r\n\r\n" + fh.read() + b"\r\n")
            payload = b"".join(parts) + b"--" + b.encode() + b"--\r\n"
            headers["Content-Type"] = "multipart/form-data; boundary=" + b
        rq = urllib.request.Request(self.base + path, data=payload, method=method, headers=headers)
        try:
            with urllib.request.urlopen(rq, timeout=timeout) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def json(self, method, path, body=None, files=None, want=200):
        st, _, data = self.call(method, path, body, files)
        assert st == want, (method, path, st, data[:300])
        return json.loads(data)

    def drafted_programme(self, exports, year=2025):
        pid = self.json("POST", "/api/programmes", {"year": year}, want=201)["id"]
        self.json("POST", "/api/programmes/%d/files" % pid, files=exports, want=201)
        self.json("POST", "/api/programmes/%d/init" % pid)
        return pid

    def wait_job(self, job, seconds=600):
        end = time.time() + seconds
        while time.time() < end:
            j = self.json("GET", "/api/jobs/%d" % job)
            if j["state"] in ("done", "failed"):
                return j
            time.sleep(0.1)
        raise AssertionError("job %d did not end" % job)
