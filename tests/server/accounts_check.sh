#!/bin/sh
# tests/server/accounts_check.sh MENTORSTAT — `mentorstat accounts`: add
# prints one generated password; list shows login, role and organisation
# (never a password or hash); a second add of a login is refused (exit 2);
# passwd prints a new one; remove takes it away; bad roles and logins are
# refused.  Then `serve` on that folder answers /api/health and stops on
# SIGTERM with exit 0, its log naming no login.
set -u
ms=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "accounts_check: $*" >&2; exit 1; }
out=$("$ms" accounts --data "$dir/d" add ivanova --role school --name "МБОУ СОШ № 5") || fail "add failed"
echo "$out" | grep -Eq '^password: [A-Za-z0-9]{22}$' || fail "add printed: $out"
pw1=${out#password: }
"$ms" accounts --data "$dir/d" add office1 --role office --name "Управление образования" >/dev/null || fail "add office"
list=$("$ms" accounts --data "$dir/d" list)
echo "$list" | grep -q '^ivanova  *school  *МБОУ СОШ № 5$' || fail "list: $list"
echo "$list" | grep -q '^office1  *office  *Управление образования$' || fail "list: $list"
echo "$list" | grep -q "$pw1" && fail "list shows a password"
echo "$list" | grep -q 'argon2' && fail "list shows a hash"
"$ms" accounts --data "$dir/d" add ivanova --role school --name X >/dev/null 2>&1; [ $? = 2 ] || fail "a second add of a login was not refused"
"$ms" accounts --data "$dir/d" add petrov --role teacher --name X >/dev/null 2>&1; [ $? = 2 ] || fail "role teacher accepted"
"$ms" accounts --data "$dir/d" add 'a b' --role school --name X >/dev/null 2>&1; [ $? = 2 ] || fail "login with a space accepted"
out=$("$ms" accounts --data "$dir/d" passwd ivanova) || fail "passwd failed"
pw2=${out#password: }
[ "$pw1" != "$pw2" ] && [ ${#pw2} = 22 ] || fail "passwd printed: $out"
"$ms" accounts --data "$dir/d" passwd nobody >/dev/null 2>&1; [ $? = 2 ] || fail "passwd of no such login"
"$ms" accounts --data "$dir/d" remove office1 || fail "remove failed"
"$ms" accounts --data "$dir/d" list | grep -q office1 && fail "removed login still listed"
"$ms" accounts --data "$dir/d" remove office1 2>/dev/null; [ $? = 2 ] || fail "remove twice"
# serve: health, SIGTERM, a log without the login
"$ms" serve --data "$dir/d" --listen 127.0.0.1:0 2>"$dir/log" &
pid=$!
for i in $(seq 50); do grep -q 'serving' "$dir/log" && break; sleep 0.1; done
url=$(sed -n 's/.* on \(http:[^ ]*\) .*/\1/p' "$dir/log")
[ -n "$url" ] || fail "no address in: $(cat "$dir/log")"
python3 - "$url" "$pw2" <<'PY' || fail "health or login failed"
import json, sys, urllib.request
url, pw = sys.argv[1], sys.argv[2]
assert json.load(urllib.request.urlopen(url + "/api/health"))["status"] == "ok"
rq = urllib.request.Request(url + "/api/login", data=json.dumps({"login": "ivanova", "password": pw}).encode(),
                            headers={"Content-Type": "application/json"}, method="POST")
assert urllib.request.urlopen(rq).status == 200
PY
kill -TERM $pid
wait $pid; rc=$?
[ $rc = 0 ] || fail "serve exited $rc after SIGTERM"
grep -q 'serve: stopped' "$dir/log" || fail "no clean stop in the log"
grep -q 'POST /api/login 200' "$dir/log" || fail "no log line for the login"
grep -v '^mentorstat: serving' "$dir/log" | grep -q -e ivanova -e "$pw2" && fail "the log names the login"
# HTTPS with --tls-cert/--tls-key: the session cookie is Secure
if command -v openssl >/dev/null 2>&1; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/key.pem" -out "$dir/cert.pem" -days 1 \
        -subj /CN=localhost >/dev/null 2>&1 || fail "openssl could not make a certificate"
    "$ms" serve --data "$dir/d" --listen 127.0.0.1:0 --tls-cert "$dir/cert.pem" --tls-key "$dir/key.pem" 2>"$dir/tls.log" &
    pid=$!
    for i in $(seq 50); do grep -q 'serving' "$dir/tls.log" && break; sleep 0.1; done
    url=$(sed -n 's/.* on \(https:[^ ]*\) .*/\1/p' "$dir/tls.log")
    [ -n "$url" ] || fail "no https address in: $(cat "$dir/tls.log")"
    python3 - "$url" "$pw2" <<'PY' || fail "login over HTTPS: no Secure cookie"
import json, ssl, sys, urllib.request
url, pw = sys.argv[1], sys.argv[2]
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
rq = urllib.request.Request(url + "/api/login", data=json.dumps({"login": "ivanova", "password": pw}).encode(),
                            headers={"Content-Type": "application/json"}, method="POST")
r = urllib.request.urlopen(rq, context=ctx)
cookie = r.headers["Set-Cookie"]
assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie
assert r.headers["Strict-Transport-Security"], r.headers
PY
    kill -TERM $pid
    wait $pid || fail "HTTPS serve did not stop cleanly"
else
    echo "accounts_check: openssl not found, HTTPS not checked" >&2
fi
echo "accounts_check: ok"
