#!/bin/sh
# One test of `mentorstat init` on the generated exports (tests/init/gen_exports.c).
# usage: run.sh MENTORSTAT WORKDIR GOLDENDIR MODE NAME EXPORT...
#   golden   the drafts and init's output equal GOLDENDIR/NAME/ byte for byte
#   privacy  no value of WORKDIR/exports/secrets.txt is in any draft
#   report   `mentorstat report` runs on the drafts as they are (exit 0 or 1)
#   refused  init exits 2 and writes nothing
# Exports are relative to WORKDIR, where it runs, so the drafts' paths are stable.
# An EXPORT ending in / stands for the files in that directory, in byte order
# (names with ';' do not pass through CMake's lists).
# UPDATE_GOLDEN=1 copies the drafts into GOLDENDIR/NAME/ instead of comparing.
set -u
bin=$1 work=$2 golden=$3 mode=$4 name=$5
shift 5
cd "$work" || exit 2
n=$#
for a; do
    case $a in
    */) for f in "$a"*; do set -- "$@" "$f"; done ;;
    *) set -- "$@" "$a" ;;
    esac
done
shift "$n"
out=out/$name
rm -rf "$out"
"$bin" init -o "$out" "$@" >"$out.stdout" 2>"$out.stderr"
status=$?
case $mode in
refused)
    [ "$status" = 2 ] && [ ! -e "$out/programme.ini" ] || { echo "status $status"; cat "$out.stderr"; exit 1; }
    cat "$out.stderr"; exit 0 ;;
esac
[ "$status" = 0 ] || { echo "init: exit status $status"; cat "$out.stderr"; exit 1; }
case $mode in
golden)
    cp "$out.stdout" "$out/init.out"
    if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
        rm -rf "$golden/$name" && mkdir -p "$golden/$name" && cp "$out"/* "$golden/$name/"
        exit 0
    fi
    diff -ru "$golden/$name" "$out" ;;
privacy)
    if grep -F -x -f exports/secrets.txt -r "$out" >/dev/null ||
       grep -F -f exports/secrets.txt -r "$out" | grep -q .; then
        echo "a personal value is in a draft:"; grep -F -f exports/secrets.txt -r "$out" | head; exit 1
    fi
    [ -s exports/secrets.txt ] ;;
report)
    "$bin" report "$out/programme.ini" -o "$out/report"
    status=$?
    [ "$status" = 0 ] || [ "$status" = 1 ] ;;
esac
