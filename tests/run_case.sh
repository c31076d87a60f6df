#!/bin/sh
# Golden end-to-end case: tests/cases/NAME/ holds
#   args            the mentorstat arguments, one per line (paths relative to the case)
#   expected.out    expected standard output (byte for byte)
#   expected.err    optional: expected standard error
#   expected.status optional: expected exit status (default 0)
# Run from the case directory so messages name files as the args do.
set -u
bin=$1
dir=$2
cd "$dir" || exit 2
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
set --
while IFS= read -r a || [ -n "$a" ]; do set -- "$@" "$a"; done < args
"$bin" "$@" >"$out" 2>"$err"
status=$?
want=0
[ -f expected.status ] && want=$(cat expected.status)
fail=0
if [ "$status" != "$want" ]; then
    echo "exit status $status, want $want"; cat "$err"; fail=1
fi
if ! diff -u expected.out "$out"; then fail=1; fi
if [ -f expected.err ] && ! diff -u expected.err "$err"; then fail=1; fi
exit $fail
