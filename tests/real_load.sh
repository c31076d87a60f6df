#!/bin/sh
# End to end on real exports kept in tests/data/real-TOPIC/ (their SOURCE.md
# says where each comes from and what was changed):
#   init     its output and drafts equal tests/data/real-TOPIC/expected/init/
#   check    `check` with the drafted codebook (and the drafted programme's
#            files) prints expected/check.out, exit expected/check.status (default 1 or 0)
#   report   `report` on the unedited drafts exits 0 or 1; every file it writes
#            is valid UTF-8; index.html holds each line of expected/page.has
#            and none of expected/page.hasnt (fixed strings)
# usage: real_load.sh MENTORSTAT SOURCEDIR WORKDIR TOPIC
# UPDATE_GOLDEN=1 copies init's drafts and check's output into expected/.
set -u
bin=$1 src=$2 work=$3 topic=$4
data=$src/tests/data/real-$topic
exp=$data/expected
dir=$work/real-$topic
rm -rf "$dir" && mkdir -p "$dir/exports" || exit 2
trap 'rm -rf "$dir"' EXIT
for f in "$data"/*.csv "$data"/*.xlsx; do
    [ -f "$f" ] && cp "$f" "$dir/exports/"
done
cd "$dir" || exit 2
fail=0

# init: drafts and decisions
"$bin" init -o draft exports/* >init.out 2>init.err
status=$?
[ "$status" = 0 ] || { echo "init: exit $status"; cat init.err; exit 1; }
cp init.out draft/init.out
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    rm -rf "$exp/init" && mkdir -p "$exp/init" && cp draft/* "$exp/init/"
elif ! diff -ru "$exp/init" draft; then
    fail=1
fi

# check: every questionnaire of the drafts with its own files
: >check.out
for cb in draft/*.codebook.csv; do
    name=$(basename "$cb" .codebook.csv)
    files=$(sed -n "/^\[questionnaire $name\]/,/^\[/p" draft/programme.ini |
        grep -o 'exports/[^ "]*')
    "$bin" check --quiet --codebook "$cb" $files >>check.out 2>&1
    echo "exit $?" >>check.out
done
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cp check.out "$exp/check.out"
elif ! diff -u "$exp/check.out" check.out; then
    fail=1
fi

# report on the drafts as they are
"$bin" report draft/programme.ini -o report >report.out 2>&1
status=$?
if [ "$status" != 0 ] && [ "$status" != 1 ]; then
    echo "report: exit $status"; cat report.out; exit 1
fi
for f in $(find report -type f ! -name '*.png' ! -name '*.xlsx' ! -name '*.docx'); do
    iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || { echo "not valid UTF-8: $f"; fail=1; }
done
if [ -f "$exp/page.has" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        [ -z "$line" ] && continue
        grep -F -q -- "$line" report/index.html || { echo "index.html lacks: $line"; fail=1; }
    done <"$exp/page.has"
fi
if [ -f "$exp/page.hasnt" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
        [ -z "$line" ] && continue
        ! grep -F -q -- "$line" report/index.html || { echo "index.html holds: $line"; fail=1; }
    done <"$exp/page.hasnt"
fi
exit $fail
