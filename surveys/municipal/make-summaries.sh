#!/bin/sh
# make-summaries.sh BUILD_DIR [OUTDIR] — the municipal example's summaries:
# five schools simulated by the example generator (each its own seed and a
# shift of its satisfaction ratings), each summarised as a school would send
# it to the office: this year (2025) and earlier years, mentees' and mentors'
# satisfaction, by form and year.  No raw answer leaves the temporary folder.
set -eu
build=${1:?usage: make-summaries.sh BUILD_DIR [OUTDIR]}
here=$(cd "$(dirname "$0")" && pwd)
out=${2:-$here}
example="$here/../example"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
for spec in "101 0.0" "202 0.8" "303 -1.2" "404 0.2" "505 -0.3"; do
    i=$((i + 1))
    set -- $spec
    "$build/ms_gen_example" "$tmp/s$i" "$1" "$2" >/dev/null
    for q in mentees_satisfaction mentors_satisfaction; do
        "$build/mentorstat" summarize --quiet --codebook "$example/$q.codebook.csv" \
            --by form --by year --org "school$i" --year 2025 \
            "$tmp/s$i/${q}_2025.csv" -o "$out/school${i}_${q}_2025.msum" >/dev/null
        "$build/mentorstat" summarize --quiet --codebook "$example/$q.codebook.csv" \
            --by form --by year --org "school$i" \
            "$tmp/s$i/${q}_2022.csv" "$tmp/s$i/${q}_2023.csv" "$tmp/s$i/${q}_2024.csv" \
            -o "$out/school${i}_${q}_earlier.msum" >/dev/null
    done
done
