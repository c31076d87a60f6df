#!/usr/bin/env bash
# tests/kopilka_hostile_check.sh MENTORSTAT SOURCE_DIR — issue 22: the
# example with every «Что было наиболее ценным» answer of 2025 made hostile:
# the respondent's own id and pair code, a javascript: link, a remote image,
# a name in lower case and one in capitals, a handle, a profile link, a
# phone with dots and an e-mail with a Cyrillic domain.  None of it may
# reach kopilka.md or kopilka.csv as written, and kopilka.md has no link
# or image syntax left.
set -euo pipefail
ms=$1 src=$2
work=$(mktemp -d /tmp/ms_kopilka_hostile_XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "kopilka_hostile_check: $*" >&2; exit 1; }
cp -r "$src/surveys/example" "$work/ex"
python3 - "$work/ex/data" <<'PY'
import csv, sys
for name in ("mentors_satisfaction_2025.csv", "mentees_satisfaction_2025.csv"):
    path = f"{sys.argv[1]}/{name}"
    rows = list(csv.reader(open(path, encoding="utf-8")))
    col = [i for i, c in enumerate(rows[0]) if c.startswith("Что было наиболее ценным")][0]
    for r in rows[1:]:
        if len(r) > col and r[1]:
            r[col] = (f"Мой код {r[1]}, пара {r[2]}. [жми](javascript:alert(1)) "
                      "![](http://evil.example/t.png) мария иванова, ИВАНОВ ИВАН ИВАНОВИЧ, "
                      "@masha_iv vk.com/id1 8.912.345.67.89 иван@школа.рф")
    csv.writer(open(path, "w", encoding="utf-8", newline="")).writerows(rows)
PY
"$ms" report "$work/ex/programme.ini" -o "$work/out" >/dev/null
# the pair candidate's quotes are in the internal copy only (issue 24)
md=$work/out-internal/kopilka.md csv=$work/out-internal/kopilka.csv
grep -q "Мой код" "$md" || fail "no hostile answer reached kopilka.md: the check proves nothing"
for f in "$md" "$csv" "$work/out/kopilka.md" "$work/out/kopilka.csv"; do
    for bad in "мария иванова" "ИВАНОВ ИВАН" "@masha_iv" "vk.com/id1" "8.912.345.67.89" \
               "иван@школа.рф" "Н-2025-" "П-2025-"; do
        ! grep -qF -- "$bad" "$f" || fail "$(basename "$f") holds \"$bad\""
    done
done
# the example's codes are Н-2025-031 and П-2025-33: only a marker may follow
! grep -qE 'Мой код [^\\]' "$md" || fail "kopilka.md holds a respondent's own code"
! grep -qE '^> .*пара [^\\]' "$md" || fail "kopilka.md holds a pair code"
! grep -qE '(^|[^\\])\]\(|(^|[^\\])!\[' "$md" || fail "kopilka.md holds link or image syntax"
echo "kopilka_hostile_check: ok"
