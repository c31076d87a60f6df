#!/usr/bin/env python3
"""tests/server/e2e_browser.py MENTORSTAT SOURCE_DIR — the school's and the
office's paths in a real browser (Chromium through chromedriver and
Selenium): log in, create a programme, upload the example's exports, change
a type in the review table and save, check the data, build the report, open
it, download the справка, send the summaries; a second school sends its
summaries through the API; the office logs in, sees both and builds the
territory report.  With MS_SCREENSHOTS=DIR every screen is saved there.
Leaves nothing behind in /tmp."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

ms, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
shots = os.environ.get("MS_SCREENSHOTS")
work = tempfile.mkdtemp(prefix="ms_e2e_")
data, downloads = os.path.join(work, "data"), os.path.join(work, "downloads")
os.makedirs(downloads)
server = driver = log = None
t_start = time.time()


def step(what):
    """Where the run is, with the seconds since its start: a failure's
    output says which step failed and after how long."""
    print("e2e %5.1f s: %s" % (time.time() - t_start, what), flush=True)


def account(login, role, name):
    out = subprocess.run([ms, "accounts", "--data", data, "add", login, "--role", role,
                          "--name", name], check=True, capture_output=True, text=True).stdout
    m = re.fullmatch(r"password: (\S+)\n", out)
    assert m, out
    return m.group(1)


def shot(name, at=None):
    if at:
        driver.execute_script("arguments[0].scrollIntoView()", driver.find_element(By.ID, at))
    if shots:
        os.makedirs(shots, exist_ok=True)
        driver.save_screenshot(os.path.join(shots, name + ".png"))


def wait(cond, seconds=60):
    """Until COND holds.  A look that the page's own navigation cuts short
    (the script's location.href after login, a new programme, init or
    logout: chromedriver answers «aborted by navigation») is not an answer:
    the condition is looked at again, on the page that follows.  On a
    starved CPU this failed the run at once (seen: 1 of 3 runs on one busy
    core, at the logout)."""
    def looked(d):
        try:
            return cond(d)
        except StaleElementReferenceException:
            return False
        except WebDriverException as e:
            if "aborted by navigation" in (e.msg or "") or "navigated or closed" in (e.msg or ""):
                return False
            raise
    return WebDriverWait(driver, seconds).until(looked)


def ready(css, seconds=60):
    """The element of a page that has loaded and whose script has run
    (app.js marks the body last): a page still arriving, or the page
    before a navigation, does not match."""
    return wait(EC.presence_of_element_located((By.CSS_SELECTOR, "body[data-ready] " + css)),
                seconds)


def said(text, seconds=60):
    """The status line says TEXT; an error there fails at once."""
    def check(d):
        el = d.find_element(By.ID, "status")
        assert "error" not in (el.get_attribute("class") or ""), el.text
        return text in el.text
    wait(check, seconds)


def refused(text, seconds=60):
    """The status line says TEXT as an error."""
    wait(lambda d: text in d.find_element(By.ID, "status").text
         and "error" in (d.find_element(By.ID, "status").get_attribute("class") or ""), seconds)


def api(base, method, path, body=None, cookie=None, csrf=None, files=None):
    headers = {}
    if cookie:
        headers["Cookie"] = cookie
    if csrf:
        headers["X-CSRF-Token"] = csrf
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if files:
        boundary = "msboundary7f3a"
        parts = []
        for f in files:
            with open(f, "rb") as fh:
                parts.append(b"--" + boundary.encode() + b"\r\nContent-Disposition: form-data; "
                             b"name=\"file\"; filename=\"" + os.path.basename(f).encode() +
                             b"\"\r\nContent-Type: text/csv\r\n\r\n" + fh.read() + b"\r\n")
        payload = b"".join(parts) + b"--" + boundary.encode() + b"--\r\n"
        headers["Content-Type"] = "multipart/form-data; boundary=" + boundary
    rq = urllib.request.Request(base + path, data=payload, method=method, headers=headers)
    with urllib.request.urlopen(rq, timeout=120) as r:
        return r.status, dict(r.headers), r.read()


try:
    pw1 = account("school1", "school", "МБОУ «Средняя школа № 7»")
    pw2 = account("school2", "school", "МБОУ «Гимназия № 2»")
    pwo = account("office", "office", "Управление образования")
    # The server's log goes to a file (a pipe nobody reads would fill and
    # stop the server); its first line says where it listens.
    log = open(os.path.join(work, "server.log"), "w+")
    server = subprocess.Popen([ms, "serve", "--data", data, "--listen", "127.0.0.1:0"],
                              stderr=log, text=True)
    m = None
    while not m and server.poll() is None:
        log.seek(0)
        m = re.search(r"on (http://127\.0\.0\.1:\d+)", log.read())
        time.sleep(0.05)
    assert m, "the server did not start"
    base = m.group(1)
    exports = sorted(glob.glob(os.path.join(src, "surveys/example/data/*.csv")))
    assert len(exports) == 20, exports

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
              "--user-data-dir=" + os.path.join(work, "profile")):
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {"download.default_directory": downloads,
                                           "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"),
                              options=opts)

    # --- the school
    step("Chromium started; the school logs in")
    driver.get(base + "/")
    ready("#login")
    shot("1-login")
    driver.find_element(By.ID, "login-name").send_keys("school1")
    driver.find_element(By.ID, "login-password").send_keys(pw1)
    driver.find_element(By.CSS_SELECTOR, "#login button").click()
    ready("#new-programme")
    shot("2-programmes")
    step("a programme for 2024/25")
    Select(driver.find_element(By.ID, "np-year")).select_by_visible_text("2024/25")
    driver.find_element(By.ID, "np-title").send_keys("Наставничество 2024/25")
    driver.find_element(By.CSS_SELECTOR, "#new-programme button").click()
    ready("#file-input")
    step("draft before any upload: told in Russian what to do first")
    driver.find_element(By.ID, "init").click()
    refused("Сначала загрузите выгрузки")
    step("upload the 20 exports and a PDF: the PDF refused by name, the exports kept")
    pdf = os.path.join(work, "otchet.pdf")
    with open(pdf, "wb") as fh:
        fh.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    driver.find_element(By.ID, "file-input").send_keys("\n".join(exports[:10] + [pdf] + exports[10:]))
    refused("Не приняты:", 120)
    wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#file-list li")) == 20)
    status = driver.find_element(By.ID, "status").text
    assert "Загружено файлов: 20 из 21" in status and "«otchet.pdf» — не CSV" in status, status
    step("an export again, and a copy of one under another name: «уже загружен», not twice")
    again = os.path.join(work, "povtor.csv")
    shutil.copy(exports[0], again)
    driver.find_element(By.ID, "file-input").send_keys("\n".join([exports[1], again]))
    refused("Загружено файлов: 0 из 2")
    status = driver.find_element(By.ID, "status").text
    assert "«povtor.csv» уже загружен (как «%s»)" % os.path.basename(exports[0]) in status, status
    assert "«%s» уже загружен" % os.path.basename(exports[1]) in status, status
    assert len(driver.find_elements(By.CSS_SELECTOR, "#file-list li")) == 20
    shot("3-uploaded")
    step("draft the questionnaires")
    driver.find_element(By.ID, "init").click()
    # the page reloads with the drafts; the first questionnaire's table is open
    ready("details[open] .editor table")
    shot("4-review", "review")
    box = driver.find_element(By.CSS_SELECTOR, "details[open]")
    qname = box.get_attribute("data-q")
    # change a type: the first variable drafted as text becomes ignore
    row = None
    for tr in box.find_elements(By.CSS_SELECTOR, "tbody tr"):
        sel = Select(tr.find_element(By.CSS_SELECTOR, "select[data-field=type]"))
        if sel.first_selected_option.get_attribute("value") == "text":
            row = tr
            break
    assert row is not None, "no text column to change"
    var = row.find_elements(By.TAG_NAME, "td")[1].text.split("\n")[0]
    step("change %s.%s to ignore and save" % (qname, var))
    Select(row.find_element(By.CSS_SELECTOR, "select[data-field=type]")).select_by_value("ignore")
    # unsaved: leaving or reloading asks (chromedriver accepts that question
    # itself on navigation, so the page's handler is asked directly)
    leave = ("var e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e);"
             "return e.defaultPrevented;")
    assert driver.execute_script(leave) is True
    box.find_element(By.CSS_SELECTOR, "button.save").click()
    said("Сохранено: " + qname)
    assert driver.execute_script(leave) is False
    step("the table at 1280 px: «подпись» and «варианты» readable; at 800 px the question column stays")
    for f in ("label", "choices"):
        w = box.find_element(By.CSS_SELECTOR, "input[data-field=%s]" % f).size["width"]
        assert w >= 115, (f, w)
    driver.set_window_size(800, 1000)
    wrap = box.find_element(By.CSS_SELECTOR, ".table-scroll")
    driver.execute_script("arguments[0].scrollLeft = 400", wrap)
    left = driver.execute_script("return arguments[0].getBoundingClientRect().left", wrap)
    src = box.find_element(By.CSS_SELECTOR, "tbody td.src")
    at = driver.execute_script("return arguments[0].getBoundingClientRect().left", src)
    assert driver.execute_script("return arguments[0].scrollLeft", wrap) > 0
    assert abs(at - left) <= 2, (at, left)
    shot("4-review-tablet-scrolled", "review")
    driver.execute_script("arguments[0].scrollLeft = 0", wrap)
    driver.set_window_size(1280, 1000)
    cookie = "ms_session=" + driver.get_cookie("ms_session")["value"]
    st, _, body = api(base, "GET", "/api/programmes/1/questionnaires/" + qname, cookie=cookie)
    cols = {c["name"]: c for c in json.loads(body)["columns"]}
    assert cols[var]["type"] == "ignore", cols[var]
    step("mentees_satisfaction: the «!» rows first; a max that is a word refused at its cell, then fixed")
    box = driver.find_element(By.CSS_SELECTOR, "details[data-q=mentees_satisfaction]")
    box.find_element(By.TAG_NAME, "summary").click()
    wait(lambda d: box.find_elements(By.CSS_SELECTOR, ".editor tbody tr"))
    rows = box.find_elements(By.CSS_SELECTOR, ".editor tbody tr")
    marks = [r.find_element(By.CSS_SELECTOR, "td.mark").text for r in rows]
    assert "!" in marks and marks == sorted(marks, reverse=True), marks  # «!» then ""
    scale = [r for r in rows if Select(r.find_element(By.CSS_SELECTOR, "select[data-field=type]"))
             .first_selected_option.get_attribute("value") == "scale"][0]
    mx = scale.find_element(By.CSS_SELECTOR, "input[data-field=max]")
    was = mx.get_attribute("value")
    mx.clear()
    mx.send_keys("пять")
    box.find_element(By.CSS_SELECTOR, "button.save").click()
    bad = wait(EC.presence_of_element_located((By.CSS_SELECTOR,
                                                "details[data-q=mentees_satisfaction] [aria-invalid=true]")))
    assert bad.get_attribute("aria-label").endswith(": макс"), bad.get_attribute("aria-label")
    assert "нужно число" in driver.find_element(By.ID, "status").text
    bad.clear()
    bad.send_keys(was)
    step("a min above the max: said in Russian at its cell")
    mn = scale.find_element(By.CSS_SELECTOR, "input[data-field=min]")
    low = mn.get_attribute("value")
    mn.clear()
    mn.send_keys("20")
    box.find_element(By.CSS_SELECTOR, "button.save").click()
    refused("«Мин» должен быть меньше «макс» (сейчас 20 и " + was + ")")
    assert "must be" not in driver.find_element(By.ID, "status").text
    mn.clear()
    mn.send_keys(low)
    box.find_element(By.CSS_SELECTOR, "button.save").click()
    said("Сохранено: mentees_satisfaction")
    step("check")
    driver.find_element(By.ID, "check").click()
    wait(EC.presence_of_element_located((By.CSS_SELECTOR, "#check-out table")))
    shot("5-quality", "quality")
    # build, see the progress, then the report in the page
    step("build the report")
    driver.find_element(By.ID, "build").click()
    wait(lambda d: d.find_element(By.ID, "report-out").is_displayed(), 300)
    shot("6-report", "report")
    frame = driver.find_element(By.ID, "report-frame")
    driver.switch_to.frame(frame)
    h1 = wait(EC.presence_of_element_located((By.TAG_NAME, "h1"))).text
    assert "наставничеств" in h1, h1
    # a contents link inside the frame, another page, Back: the frame's
    # restored request must carry the session (a same-site frame), not end
    # on the login page that frame-ancestors 'none' refuses in a frame
    step("a contents link in the report frame, another page, Back")
    toc = [a for a in driver.find_elements(By.CSS_SELECTOR, "a[href^='#']") if a.is_displayed()]
    assert toc, "the report has no contents link"
    toc[0].click()
    driver.switch_to.default_content()
    driver.get(base + "/")
    ready("#new-programme")
    driver.back()
    ready("#report-frame")
    driver.switch_to.frame(driver.find_element(By.ID, "report-frame"))
    h1 = wait(EC.presence_of_element_located((By.TAG_NAME, "h1"))).text
    assert "наставничеств" in h1, h1
    driver.switch_to.default_content()
    # open the report alone, as a reader would
    driver.get(base + "/programmes/1/report/index.html")
    assert "наставничеств" in driver.find_element(By.TAG_NAME, "h1").text
    shot("7-report-page")
    step("download the справка")
    driver.back()
    ready("a[href$='spravka.docx']")
    driver.find_element(By.CSS_SELECTOR, "a[href$='spravka.docx']").click()
    for _ in range(300):
        # Chromium makes the file under its final name, empty, before the
        # download ends (then NAME.crdownload is renamed over it)
        names = os.listdir(downloads)
        done = [f for f in names if f.endswith(".docx")
                and os.path.getsize(os.path.join(downloads, f)) > 0]
        if done and not any(f.endswith(".crdownload") for f in names):
            break
        time.sleep(0.2)
    assert done, os.listdir(downloads)
    with open(os.path.join(downloads, done[0]), "rb") as fh:
        assert fh.read(4) == b"PK\x03\x04", "the справка is not a .docx"
    # the pairing from the two banks: an internal page beside the report
    step("pair mentors and mentees")
    driver.find_element(By.ID, "pair").click()
    wait(lambda d: d.find_element(By.ID, "match-link").is_displayed(), 300)
    driver.get(base + "/programmes/1/internal/match.html")
    assert "<h1" in driver.page_source and "no such" not in driver.page_source
    shot("8-pairs")
    driver.back()
    step("a questionnaire saved after the build: the report marked out of date, sending asks first")
    ready("#send")
    assert not driver.find_element(By.ID, "stale").is_displayed()
    box = driver.find_element(By.CSS_SELECTOR, "details[data-q=mentees_satisfaction]")
    if box.get_attribute("open") is None:
        box.find_element(By.TAG_NAME, "summary").click()
    wait(lambda d: box.find_elements(By.CSS_SELECTOR, ".editor button.save"))
    box.find_element(By.CSS_SELECTOR, "button.save").click()
    said("Сохранено: mentees_satisfaction")
    assert "постройте заново" in driver.find_element(By.ID, "stale").text
    driver.refresh()  # the state is the server's, not the page's
    ready("#send")
    assert driver.find_element(By.ID, "stale").is_displayed()
    st, _, body = api(base, "GET", "/api/programmes/1", cookie=cookie)
    assert json.loads(body)["report_stale"] is True, body
    driver.find_element(By.ID, "send").click()
    alert = wait(EC.alert_is_present())
    assert "до последних изменений" in alert.text, alert.text
    alert.dismiss()
    assert "отправлены" not in driver.find_element(By.ID, "status").text
    step("build again: current; send the summaries")
    driver.find_element(By.ID, "build").click()
    wait(lambda d: not d.find_element(By.ID, "stale").is_displayed(), 300)
    driver.find_element(By.ID, "send").click()
    said("2024/25 учебный год отправлены", 300)  # slow under ASan and -j2
    step("a programme for 2023/24 with answers of 2024/25: sending asks, naming both years")
    st, _, body = api(base, "GET", "/api/session", cookie=cookie)
    csrf = json.loads(body)["csrf"]
    st, _, body = api(base, "POST", "/api/programmes", {"year": 2024}, cookie, csrf)
    other = json.loads(body)["id"]
    api(base, "POST", "/api/programmes/%d/files" % other, None, cookie, csrf,
        files=[e for e in exports if e.endswith("_2025.csv")])
    api(base, "POST", "/api/programmes/%d/init" % other, None, cookie, csrf)
    driver.get(base + "/programmes/%d" % other)
    ready("#send")
    driver.find_element(By.ID, "send").click()
    alert = wait(EC.alert_is_present())
    assert "2024/25" in alert.text and "2023/24" in alert.text, alert.text
    alert.dismiss()
    driver.get(base + "/programmes/1")
    ready("#send")
    shot("8-sent", "report")
    driver.find_element(By.ID, "logout").click()
    ready("#login")
    step("an old link to the report: the login page there, and back to it after logging in")
    driver.get(base + "/programmes/1/report/index.html")
    ready("#login")
    driver.find_element(By.ID, "login-name").send_keys("school1")
    driver.find_element(By.ID, "login-password").send_keys(pw1)
    driver.find_element(By.CSS_SELECTOR, "#login button").click()
    wait(lambda d: d.find_elements(By.TAG_NAME, "h1") and "наставничеств" in d.find_element(By.TAG_NAME, "h1").text)
    assert driver.current_url == base + "/programmes/1/report/index.html", driver.current_url
    driver.get(base + "/")
    ready("#logout")
    driver.find_element(By.ID, "logout").click()
    ready("#login")

    step("a second school sends its summaries through the API")
    st, hd, body = api(base, "POST", "/api/login", {"login": "school2", "password": pw2})
    c2 = hd["Set-Cookie"].split(";")[0]
    csrf2 = json.loads(body)["csrf"]
    st, _, body = api(base, "POST", "/api/programmes", {"year": 2025}, c2, csrf2)
    pid = json.loads(body)["id"]
    api(base, "POST", "/api/programmes/%d/files" % pid, None, c2, csrf2, files=exports)
    api(base, "POST", "/api/programmes/%d/init" % pid, None, c2, csrf2)
    st, _, _ = api(base, "POST", "/api/programmes/%d/submit" % pid, None, c2, csrf2)
    assert st == 200

    step("the office, in English, from a link whose next= is another site: stays here")
    driver.get(base + "/?lang=en&next=//example.com/x")
    ready("#login")
    driver.find_element(By.ID, "login-name").send_keys("office")
    driver.find_element(By.ID, "login-password").send_keys(pwo)
    driver.find_element(By.CSS_SELECTOR, "#login button").click()
    ready("button.territory-build")
    assert driver.current_url.startswith(base + "/"), driver.current_url
    text = driver.find_element(By.TAG_NAME, "main").text
    assert "Средняя школа № 7" in text and "Гимназия № 2" in text, text
    shot("9-territory")
    step("build the territory report")
    driver.find_element(By.CSS_SELECTOR, "button.territory-build").click()
    wait(lambda d: d.find_element(By.CSS_SELECTOR, "li[data-year] .links").is_displayed(), 300)
    driver.get(base + "/territory/2025/internal/index.html")
    assert "Гимназия № 2" in driver.page_source
    shot("10-territory-internal")
    driver.get(base + "/territory/2025/report/index.html")
    assert "Гимназия № 2" not in driver.page_source
    shot("11-territory-published")
    # the office never reaches a school's raw files
    driver.get(base + "/programmes/1/report/index.html")
    assert "not your organisation's" in driver.page_source, driver.page_source
    print("e2e: school and office paths passed in Chromium")
except BaseException:
    step("FAILED")
    if driver:
        shot("failed")
        print("page %s, status line: %r" % (driver.current_url,
              driver.execute_script("var s = document.getElementById('status');"
                                    "return s ? s.textContent : null;")))
    if log:
        log.seek(0)
        print("the server's last lines:\n" + "".join(log.readlines()[-30:]))
    raise
finally:
    if driver:
        driver.quit()
    if server:
        server.terminate()
        server.wait(60)
    if log:
        log.close()
    shutil.rmtree(work, ignore_errors=True)
