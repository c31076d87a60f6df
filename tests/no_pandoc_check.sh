#!/bin/sh
# Without pandoc on PATH the report still writes the page, tables.xlsx,
# slides.html and summary.html, leaves spravka.docx out, and says so on
# stderr and in the page's contents (no link to a file that is not there).
# Usage: no_pandoc_check.sh MENTORSTAT SOURCE_DIR
set -u
bin=$1 src=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
ln -s "$(command -v gnuplot)" "$tmp/bin/gnuplot" || exit 2
PATH="$tmp/bin" "$bin" report "$src/surveys/example/programme.ini" -o "$tmp/report" \
    >"$tmp/out" 2>"$tmp/err" || { echo "report failed: $(cat "$tmp/err")"; exit 1; }
fail=0
grep -q "pandoc not found: spravka.docx was not written" "$tmp/err" || { echo "stderr does not say pandoc is missing"; fail=1; }
[ ! -e "$tmp/report/spravka.docx" ] || { echo "spravka.docx written without pandoc"; fail=1; }
for f in index.html tables.xlsx slides.html summary.html; do
    [ -s "$tmp/report/$f" ] || { echo "$f not written"; fail=1; }
done
grep -q "spravka.docx не создана: не найдена программа pandoc" "$tmp/report/index.html" || { echo "the page does not say pandoc is missing"; fail=1; }
! grep -q 'href="spravka.docx"' "$tmp/report/index.html" || { echo "the page links the missing spravka.docx"; fail=1; }
[ "$fail" = 0 ] && echo "without pandoc: everything but spravka.docx written, stderr and page say why"
exit "$fail"
