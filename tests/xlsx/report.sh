#!/bin/sh
# The example programme with every data file as an .xlsx workbook whose
# answers are on its second sheet (`sheet = Ответы` in each [questionnaire];
# the first sheet is a note): `report` gives the same tables, kopilka and
# chart data as from the CSV files.  Without `sheet` the note sheet is read
# and the report fails naming the workbook.
set -u
bin=$1 gen=$2 src=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "$work"
ex="$src/surveys/example"
mkdir -p "$work/data"
cp "$ex"/*.codebook.csv "$ex"/matching_*.csv "$work"/
for f in "$ex"/data/*.csv; do
    b=$(basename "$f" .csv)
    if iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then
        "$gen" csv2xlsx "$f" "$work/data/$b.xlsx" Ответы --decoy || exit 2
    else # Excel's Russian save: CP1251 and ';'
        iconv -f CP1251 -t UTF-8 "$f" >"$work/$b.utf8.csv" || exit 2
        "$gen" csv2xlsx "$work/$b.utf8.csv" "$work/data/$b.xlsx" Ответы --decoy --semicolon || exit 2
    fi
done
sed -e 's/\.csv\b/.xlsx/g' -e 's/codebook\.xlsx/codebook.csv/' -e 's/\(matching_[a-z]*\)\.xlsx/\1.csv/' \
    -e 's/^\(codebook = .*\)$/\1\nsheet = Ответы/' "$ex/programme.ini" >"$work/programme.ini"
"$bin" report "$ex/programme.ini" -o "$work/from_csv" >/dev/null || { echo "report from CSV failed"; exit 1; }
"$bin" report "$work/programme.ini" -o "$work/from_xlsx" >"$work/out" 2>&1 || { echo "report from xlsx failed:"; cat "$work/out"; exit 1; }
fail=0
for d in tables charts; do
    for f in "$work/from_csv/$d"/*.csv "$work/from_csv/$d"/*.dat; do
        [ -f "$f" ] || continue
        g="$work/from_xlsx/$d/$(basename "$f")"
        if [ "$(basename "$f")" = data-quality.csv ]; then
            # the file names and formats differ, nothing else
            sed -e 's/\.csv"/.xlsx"/' -e 's/"UTF-8\( (BOM)\)\?, «,»"/"xlsx, «Ответы»"/' -e 's/"CP1251, «;»"/"xlsx, «Ответы»"/' \
                -e "s|$ex/data/|data/|" "$f" >"$work/dq.csv"
            f="$work/dq.csv"
            sed -e "s|$work/data/|data/|" "$g" >"$work/dq_xlsx.csv"
            g="$work/dq_xlsx.csv"
        fi
        cmp -s "$f" "$g" || { echo "$d/$(basename "$f") differs:"; diff "$f" "$g" | head -6; fail=1; }
    done
done
for f in kopilka.csv kopilka.md; do
    cmp -s "$work/from_csv/$f" "$work/from_xlsx/$f" || { echo "$f differs"; fail=1; }
done
grep -v '^sheet = ' "$work/programme.ini" >"$work/first_sheet.ini"
"$bin" report "$work/first_sheet.ini" -o "$work/wrong" >"$work/out" 2>&1
st=$?
[ "$st" = 2 ] || { echo "without sheet: exit status $st, want 2"; fail=1; }
grep -qF "mentors_bank_2025.xlsx:Инструкция!1: no column" "$work/out" || { echo "without sheet:"; cat "$work/out"; fail=1; }
exit $fail
