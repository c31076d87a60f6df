#!/bin/sh
# install_check.sh prefix|deb BUILD_DIR VERSION SOURCE_DIR — mentorstat as installed:
#   prefix  `cmake --install BUILD_DIR --prefix TMP`
#   deb     `cpack -G DEB` in BUILD_DIR, then `dpkg-deb -x` into an empty root
#           (its control fields checked too)
# then, from another directory and with no MENTORSTAT_DATADIR, the installed
# binary prints VERSION, `report` without a programme reads the installed
# example (its organisation renamed first, so a copy elsewhere would show)
# and writes the report into the current directory with the deliverables
# beside its page (and the pairing in reports/example-internal, not in
# reports/example), and nothing under the installation is written.  The manual
# page is installed and reads; every file of the source tree's docs/ is
# installed.
set -eu
mode=$1 build=$2 version=$3 src=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset MENTORSTAT_DATADIR
fail() { echo "$mode: $*"; exit 1; }

case $mode in
prefix)
    root=$tmp/prefix
    cmake --install "$build" --prefix "$root" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "cmake --install failed"; }
    ;;
deb)
    cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/log" 2>&1 ||
        { cat "$tmp/log"; fail "cpack failed"; }
    deb=$(ls "$tmp"/pkg/mentorstat_"$version"_*.deb) || fail "no mentorstat_${version}_*.deb"
    dpkg-deb --info "$deb" >"$tmp/info"
    for field in 'Package: mentorstat' "Version: $version" 'Section: math' \
                 'Depends: .*libgsl' 'Depends: .*libcsv' 'Depends: .*libinih' 'Depends: .*libxlsxwriter' \
                 'Recommends: gnuplot.*pandoc' 'программы наставничества'; do
        grep -q "$field" "$tmp/info" || { cat "$tmp/info"; fail "control lacks: $field"; }
    done
    root=$tmp/root/usr
    dpkg-deb -x "$deb" "$tmp/root"
    ;;
*) fail "unknown mode" ;;
esac

bin=$root/bin/mentorstat
share=$root/share/mentorstat
for f in "$bin" "$root/share/man/man1/mentorstat.1.gz" "$root/share/doc/mentorstat/README.md" \
         "$share/example/programme.ini" "$share/example/data/mentees_satisfaction_2025.csv" \
         "$share/municipal/programme.ini"; do
    [ -f "$f" ] || fail "not installed: ${f#"$tmp"/}"
done
if [ -d "$src/docs" ]; then
    (cd "$src" && find docs -type f) | while IFS= read -r f; do
        [ -f "$root/share/doc/mentorstat/$f" ] || fail "not installed: $f"
    done
fi
[ ! -e "$share/example/generate.c" ] || fail "the generator's source is installed"
if command -v man >/dev/null; then read_man="man -l"; else read_man="mandoc -T utf8"; fi
$read_man "$root/share/man/man1/mentorstat.1.gz" 2>/dev/null | grep -q 'mentorstat report' ||
    fail "the installed manual page does not read"
[ "$("$bin" --version)" = "mentorstat $version" ] || fail "--version: $("$bin" --version)"

sed -i 's/^organisation = .*/organisation = Installed Example School/' "$share/example/programme.ini"
touch "$tmp/stamp"
mkdir "$tmp/work"
cd "$tmp/work"
"$bin" report >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "report failed"; }
grep -q '^report written to reports/example/index.html' "$tmp/out" || { cat "$tmp/out"; fail "unexpected output"; }
page=$tmp/work/reports/example/index.html
grep -q 'Installed Example School' "$page" || fail "the report did not read the installed example"
grep -q "mentorstat $version" "$page" || fail "the report does not name mentorstat $version"
[ "$(ls "$tmp/work/reports/example/charts" | grep -c '\.svg$')" -gt 0 ] || fail "no charts"
# the deliverables beside the page (spravka.docx through the built-in
# reference document, where pandoc is installed)
deliverables="tables.xlsx slides.html summary.html"
if command -v pandoc >/dev/null; then deliverables="$deliverables spravka.docx"; fi
for f in $deliverables; do
    [ -s "$tmp/work/reports/example/$f" ] || fail "the report lacks $f"
done
# the example's [matching]: the pairing beside the report, never inside it
grep -q '^pairs and groups written to reports/example-internal/match.html' "$tmp/out" ||
    { cat "$tmp/out"; fail "no line naming reports/example-internal/match.html"; }
[ -s "$tmp/work/reports/example-internal/match.html" ] || fail "no reports/example-internal/match.html"
[ ! -e "$tmp/work/reports/example/match" ] && [ ! -e "$tmp/work/reports/example/match.html" ] ||
    fail "the pairing is inside the published reports/example"
written=$(find "$root" -newer "$tmp/stamp")
[ -z "$written" ] || fail "written into the installation: $written"
"$bin" report "$share/municipal/programme.ini" -o municipal >/dev/null || fail "municipal report failed"
written=$(find "$root" -newer "$tmp/stamp")
[ -z "$written" ] || fail "written into the installation: $written"
echo "$mode: installed, --version, man page, example and municipal reports written outside: ok"
