#!/bin/sh
# One real export of tests/real/data through `mentorstat init`, then the
# unedited drafts through `analyze --json` and `report`.
# usage: run.sh MENTORSTAT SRCDIR WORKDIR MODE FILE...
#   golden   the drafts and init's output equal SRCDIR/golden/NAME/ byte for byte
#            (NAME: the first file's name without .csv/.xlsx);
#            UPDATE_GOLDEN=1 copies them there instead
#   figures  every option count, n and mean equals the independent count of
#            count.py from the raw cells (several files: the years of one
#            questionnaire, pooled), and `report` runs (exit 0 or 1)
#   years    figures, and a year variable counting each file's rows under the
#            year its name holds (intro-logic-2023.csv, …-2025.csv)
# It works in WORKDIR (under the build tree) and removes its own files.
set -u
bin=$1 src=$2 work=$3 mode=$4
shift 4
# years: the figures, and the years of the files from their names
[ "$mode" = years ] && REAL_YEARS=1 exec sh "$0" "$bin" "$src" "$work" figures "$@"
first=$(basename "$1")
name=${first%.*}
dir=$work/$mode${REAL_YEARS:+-years}-$name # the years run of a file beside its figures run (ctest -j)
rm -rf "$dir"
mkdir -p "$dir" || exit 2
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/data" && for f; do cp "$f" "$dir/data/"; done
cd "$dir" || exit 2
files=
for f; do files="$files data/$(basename "$f")"; done
# shellcheck disable=SC2086
"$bin" init -o out $files >init.out 2>init.err
status=$?
[ "$status" = 0 ] || { echo "init: exit $status"; cat init.err; exit 1; }
case $mode in
golden)
    cp init.out out/init.out
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        rm -rf "$src/golden/$name" && mkdir -p "$src/golden/$name" &&
            cp out/* "$src/golden/$name/"
        exit $?
    fi
    diff -ru "$src/golden/$name" out ;;
figures)
    fail=0
    for cb in out/*.codebook.csv; do
        # two questionnaires (entry and exit): each codebook with its own file
        stem=$(basename "$cb" .codebook.csv) own=
        for f in $files; do case ${f%.*} in *"$stem") own="$own $f" ;; esac; done
        # else the files the programme gives that codebook (init names a
        # questionnaire naiss_python_2 when two files share a stem)
        [ -n "$own" ] || own=$(awk -v cb="$(basename "$cb")" '
            /^\[/ { mine = 0 } /^codebook = / { mine = ($3 == cb) }
            mine && /^data = / { sub(/^data = (\.\.\/)?/, ""); print }' out/programme.ini)
        [ -n "$own" ] && [ "$(ls out/*.codebook.csv | wc -l)" -gt 1 ] || own=$files
        # shellcheck disable=SC2086
        "$bin" analyze --json --codebook "$cb" $own >analyze.json 2>analyze.err
        st=$?
        [ "$st" = 0 ] || [ "$st" = 1 ] || { echo "analyze: exit $st"; cat analyze.err; exit 1; }
        # shellcheck disable=SC2086
        python3 "$src/count.py" $own analyze.json "$cb" || fail=1
    done
    "$bin" report out/programme.ini -o report >report.out 2>&1
    st=$?
    [ "$st" = 0 ] || [ "$st" = 1 ] || { echo "report: exit $st"; cat report.out; exit 1; }
    exit $fail ;;
*) echo "run.sh: unknown mode $mode"; exit 2 ;;
esac
