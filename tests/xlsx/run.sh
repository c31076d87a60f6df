#!/bin/sh
# .xlsx through the commands: analyze --json of a workbook equals that of the
# same data as CSV (shared strings, and inline strings as libxlsxwriter's
# constant-memory mode writes them); quarantine places read file:sheet!C14;
# --sheet picks a sheet, a wrong one lists them; damaged workbooks fail with
# exit 2 naming the file.
set -u
bin=$1 gen=$2 dir=$3 src=$4
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
check() { # what, expected status, stderr must contain, command...
    what=$1 want=$2 msg=$3
    shift 3
    "$@" >"$work/out" 2>"$work/err"
    st=$?
    [ "$st" = "$want" ] || { echo "$what: exit status $st, want $want"; cat "$work/err"; fail=1; }
    if [ -n "$msg" ] && ! grep -qF -- "$msg" "$work/err"; then
        echo "$what: stderr lacks: $msg"; cat "$work/err"; fail=1
    fi
}

# the same data as CSV and as a workbook: the same JSON
cd "$src/data" || exit 2
for mode in shared --stream; do
    "$gen" csv2xlsx e2e.csv "$work/e2e.xlsx" "Лист1" $([ $mode = --stream ] && echo --stream) || exit 2
    "$bin" analyze --json --by form --codebook e2e.codebook.csv e2e.csv >"$work/csv.json"
    s1=$?
    cp "$work/e2e.xlsx" "$work/e2e_copy.xlsx"
    "$bin" analyze --json --by form --codebook e2e.codebook.csv "$work/e2e.xlsx" >"$work/xlsx.json"
    s2=$?
    [ "$s1" = "$s2" ] || { echo "$mode: exit status $s2 for the workbook, $s1 for the CSV"; fail=1; }
    cmp -s "$work/csv.json" "$work/xlsx.json" || { echo "$mode: analyze --json differs:"; diff "$work/csv.json" "$work/xlsx.json" | head -5; fail=1; }
done

# quarantine places in a sheet; CSV places unchanged
printf 'Код,Оценка 1,Согласие\nA1,7,да\nA2,x,да\nA3,11,да\n' >"$work/q.csv"
printf 'name,type,source,min,max\nid,id,Код,,\nq1,scale,Оценка 1,1,10\nok,consent,Согласие,,\n' >"$work/q.codebook.csv"
"$gen" csv2xlsx "$work/q.csv" "$work/q.xlsx" "Ответы на форму" || exit 2
cd "$work" || exit 2
check "csv places" 1 "q.csv:3:2: q1: not a number (x)" "$bin" check --codebook q.codebook.csv q.csv
check "sheet places" 1 "q.xlsx:Ответы на форму!B3: q1: not a number (x)" "$bin" check --codebook q.codebook.csv q.xlsx
grep -qF "q.xlsx:Ответы на форму!B4: q1: outside 1..10 (11)" err || { echo "no B4 place"; fail=1; }
grep -qF 'xlsx workbook, sheet "Ответы на форму"' out || { echo "check does not name the sheet"; cat out; fail=1; }
grep -qF "3 read = 1 accepted + 2 quarantined + 0 excluded" out || { echo "row accounting:"; cat out; fail=1; }
check "--sheet by name" 1 "" "$bin" check --sheet "Ответы на форму" --codebook q.codebook.csv q.xlsx
check "--sheet naming no sheet" 2 'q.xlsx: no sheet "Лист9" in the workbook (its sheets: "Ответы на форму")' \
    "$bin" analyze --sheet Лист9 --codebook q.codebook.csv q.xlsx
cp "$dir/types.xlsx" types.xlsx
printf 'name,type,source\nz,number,Нет\n' >z.codebook.csv
check "a missing column in a sheet" 2 'types.xlsx:Лист1!1: no column "Нет"' \
    "$bin" check --codebook z.codebook.csv types.xlsx

# damaged workbooks: exit 2, the file named
printf 'name,type,source\nid,id,Код\n' >id.codebook.csv
for f in not_a_zip truncated bad_xml not_a_workbook no_sheet_part; do
    check "$f" 2 "$dir/$f.xlsx: " "$bin" analyze --codebook id.codebook.csv "$dir/$f.xlsx"
done
exit $fail
