#!/bin/bash
# Issue 22: a report directory's name never reaches gnuplot or pandoc as an
# option or as script text.  The example report is written, end to end, into
# `-oPWNED` (given as `-o -oPWNED`: pandoc once read the source path under it
# as its own -o) and into a name holding a newline, quotes, a colon, a control
# character and gnuplot commands (once `cd '…'` in gnuplot's -e).  Each must
# be whole: every chart drawn (a .svg for every .gp), spravka.docx with its
# figures, no logs of a failed child, no temporaries, nothing run.
# Usage: hostile_paths_check.sh MENTORSTAT SOURCE_DIR
set -u
bin=$1 src=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
no() { echo "$1: $2"; fail=1; }

check() { # check NAME: the report in $tmp/NAME
    local name=$1 dir="$tmp/$1" shown
    shown=$(printf '%q' "$name")
    (cd "$tmp" && "$bin" report "$src/surveys/example/programme.ini" -o "$name") \
        >"$tmp/out" 2>"$tmp/err" || { no "$shown" "report failed: $(cat "$tmp/err")"; return; }
    [ -s "$dir/index.html" ] || no "$shown" "no index.html"
    local gp svg
    gp=$(find "$dir/charts" -name '*.gp' -printf x | wc -c)
    svg=$(find "$dir/charts" -name '*.svg' -printf x | wc -c)
    [ "$gp" -gt 0 ] && [ "$gp" = "$svg" ] || no "$shown" "charts: $gp scripts, $svg drawn"
    grep -q "($gp charts;" "$tmp/out" || no "$shown" "the summary line does not count $gp charts"
    python3 - "$dir/spravka.docx" <<'EOF' || no "$shown" "spravka.docx missing or without figures"
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    sys.exit(0 if any(n.startswith("word/media/") for n in z.namelist()) else 1)
EOF
    for f in gnuplot.log pandoc.log spravka-source.html spravka-reference.docx; do
        [ ! -e "$dir/$f" ] || no "$shown" "$f left in the report"
    done
}

check "-oPWNED"
check $'ctl\n\'"; system "touch PWNED" #\x01:x'
[ -z "$(find "$tmp" -name 'PWNED*' ! -path "$tmp/-oPWNED*")" ] || no "names" "a file named PWNED was written"
left=$(find "$tmp" -name '*.tmp-*' -o -name '*.old-*' -o -name '.match-*' | head -3)
[ -z "$left" ] || no "names" "temporaries left: $left"
[ "$fail" = 0 ] && echo "hostile report directory names: both reports whole, nothing run, nothing left"
exit "$fail"
