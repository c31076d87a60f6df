#!/bin/sh
# The example report's pages (index, slides, summary) through an HTML checker: xmllint's HTML parser.
# libxml2 knows HTML 4 only, so it calls every HTML5 and inline-SVG element
# "Tag X invalid"; those lines are dropped, anything else (a tag left open or
# closed twice, a stray &, a bad attribute) fails the test.
# Usage: html_check.sh MENTORSTAT XMLLINT SOURCE_DIR
set -u
bin=$1 xmllint=$2 src=$3
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
"$bin" report "$src/surveys/example/programme.ini" -o "$tmp/report" >/dev/null || exit 1
status=0
for page in index.html slides.html summary.html; do
    "$xmllint" --html --noout "$tmp/report/$page" 2>>"$tmp/log" || status=$?
done
# each message is three lines: file:line: message, the source line, a caret
awk '/HTML parser error|parser warning|validity error/ { keep = ($0 !~ /Tag [A-Za-z0-9]+ invalid/) }
     keep { print }' "$tmp/log" >"$tmp/errors"
if [ "$status" -ne 0 ] || [ -s "$tmp/errors" ]; then
    echo "xmllint: exit status $status"
    head -60 "$tmp/errors"
    exit 1
fi
echo "xmllint --html: index.html, slides.html, summary.html are well formed (HTML5 and SVG element names aside)"
