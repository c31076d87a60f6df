#!/usr/bin/env bash
# tests/territory_check.sh BUILD_DIR SOURCE_DIR WORK_DIR N — a generated
# territory of N schools (bench/territory --make: each school its own seed
# and shift, codes restarting in every school, so the same respondent and
# pair codes recur across schools), reported from the raw files and from the
# schools' .msum summaries.  Proves, one check per point of issue 15:
#  1. every table from raw equals the one from summaries, except what the
#     README lists (the file counts of the data-quality tables), and no code
#     is matched across schools;
#  2. (speed is measured by bench/territory, not asserted here);
#  3. index.html is valid UTF-8 and the section's sentences end whole;
#  4. with N > 25 the organisations section shows a histogram, the extremes,
#     at most 12 funnel labels and tables, not N labels;
#  5. no school's folder or file name appears for unnamed organisations,
#     and labels are ranks (О<k> in place k of the table by index, the
#     appendix in label order), not the schools' order in the programme;
#  6. from summaries: the ranking of forms, kopilka, and no sentence with a
#     missing number.
set -euo pipefail
build=$1 src=$2 work=$3 n=$4
fail() { echo "territory_check: $*" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
BUILD=$build "$src/bench/territory" --make "$n" "$work" >/dev/null
ms="$build/mentorstat"
for k in raw msum; do
    "$ms" report --quiet "$work/$k.ini" -o "$work/report_$k" >/dev/null
done
raw=$work/report_raw msum=$work/report_msum

# 1. raw = summaries, table by table
diff <(cd "$raw/tables" && ls) <(cd "$msum/tables" && ls) || fail "the reports have different tables"
for f in "$raw"/tables/*.csv; do
    b=$(basename "$f")
    case $b in
        data-quality.csv) cut="2" ;;                   # files: CSVs vs .msum
        data-quality-questionnaires.csv) cut="3" ;;
        *) cmp -s "$f" "$msum/tables/$b" || fail "$b differs between raw and summaries"; continue ;;
    esac
    diff <(cut -d';' --complement -f"$cut" "$f") <(cut -d';' --complement -f"$cut" "$msum/tables/$b") \
        >/dev/null || fail "$b differs between raw and summaries beyond columns $cut"
done
grep -q 'повторных анкет' "$raw/index.html" && fail "repeated questionnaires counted across schools"
# the growth section's linked and once-only respondents (paired_links in summaries)
links() { grep -o 'Участников с анкетами на обоих этапах[^<]*' "$1/index.html"; }
[ "$(links "$raw")" = "$(links "$msum")" ] || fail "linked respondents differ: $(links "$raw") / $(links "$msum")"
# the pairs of every school are matched within it: the paired sentence is there
grep -Eq '(паре|парах) ответили и наставник' "$raw/index.html" || fail "no pairs matched in the raw report"

# 3. valid UTF-8, whole sentences
for k in raw msum; do
    iconv -f UTF-8 -t UTF-8 "$work/report_$k/index.html" >/dev/null || fail "$k index.html is not UTF-8"
done
grep -q 'Сравниваются [0-9]* организаци[йи] (' "$raw/index.html" || fail "lead sentence"
grep -Eq 'Различия остальных объяснимы случайностью при их числе ответов\.|Все организации лежат внутри' \
    "$raw/index.html" || fail "the funnel sentence is cut"

# 4. readable at many organisations
if [ "$n" -gt 25 ]; then
    [ -s "$raw/charts/mentees_satisfaction-organisations-histogram.gp" ] || fail "no histogram"
    labels=$(grep -c '^set label' "$raw/charts/mentees_satisfaction-funnel.gp" || true)
    [ "$labels" -le 12 ] || fail "the funnel plot has $labels labels"
    [ -s "$raw/tables/mentees_satisfaction-funnel-outside.csv" ] || fail "no table of organisations outside the limits"
    grep -q 'Все организации' "$raw/index.html" || fail "the full table is not in the appendix"
fi

# 5. nothing ties a label to a school
grep -Eq 's[0-9]+/|_2025\.csv|_2025\.msum|_earlier\.msum' "$raw/index.html" "$msum/index.html" &&
    fail "a school's folder or file appears in the page"
grep -Eq '\[organisation|"s[0-9]+"' "$raw/index.html" && fail "an organisation key appears"
# the programme lists s1, s2, … in order: the labels must not follow it
awk -F';' 'NR > 1 && $1 != "" && $2 != "\"О" $1 "\"" { bad = 1 } END { exit bad }' \
    "$raw/tables/mentees_satisfaction-organisations.csv" || fail "a label is not its place by index"
awk -F';' 'NR > 1 && $1 != "\"Всего\"" && $1 != "\"О" NR - 1 "\"" { bad = 1 } END { exit bad }' \
    "$raw/tables/data-quality.csv" || fail "the appendix is not in label order"

# 6. what summaries give
[ -s "$msum/tables/practices-forms.csv" ] || fail "no ranking of forms from summaries"
[ -s "$msum/kopilka.csv" ] || fail "no kopilka from summaries"
grep -q ' — с — до — \|шкала «[a-z]*» — с —' "$msum/index.html" && fail "a sentence with missing numbers"
[ -s "$msum/charts/selfassessment-growth.gp" ] || fail "no entry/exit chart from summaries"
grep -q 'Средние на входе и на выходе не показаны' "$msum/index.html" && fail "summaries said to lack the entry/exit means"
echo "territory_check: $n schools, raw = summaries, checks passed"
