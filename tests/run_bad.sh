#!/bin/sh
# One case of the bad-input corpus (tests/bad/cases.txt): run
# `mentorstat analyze --json --by form` on it and check the exit status, the
# message on stderr, that read = accepted + quarantined + excluded, and for
# valid-but-awkward files that the JSON equals that of the clean twin; and
# that reading on two threads gives the same output, messages and status.
set -u
bin=$1 dir=$2 name=$3
cd "$dir" || exit 2
line=$(grep "^$name|" cases.txt) || { echo "no case $name"; exit 2; }
IFS='|' read -r _ codebook file want msg twin <<EOT
$line
EOT
out=$(mktemp) err=$(mktemp) tout=$(mktemp) terr=$(mktemp)
trap 'rm -f "$out" "$err" "$tout" "$terr"' EXIT
"$bin" analyze --threads 1 --json --by form --codebook "$codebook" "$file" >"$out" 2>"$err"
status=$?
fail=0
[ "$status" = "$want" ] || { echo "exit status $status, want $want"; fail=1; }
"$bin" analyze --threads 2 --json --by form --codebook "$codebook" "$file" >"$tout" 2>"$terr"
tstatus=$?
[ "$tstatus" = "$status" ] || { echo "on two threads: exit status $tstatus, on one $status"; fail=1; }
cmp -s "$out" "$tout" || { echo "on two threads the JSON differs:"; diff "$out" "$tout" | head -20; fail=1; }
cmp -s "$err" "$terr" || { echo "on two threads stderr differs:"; diff "$err" "$terr" | head -20; fail=1; }
if [ -n "$msg" ] && ! grep -qF -- "$msg" "$err"; then
    echo "stderr lacks: $msg"; fail=1
fi
if [ "$status" != 2 ]; then
    # "rows":{"read":R,"accepted":A,"quarantined":Q,"excluded":E}
    set -- $(sed -n 's/.*"rows":{"read":\([0-9]*\),"accepted":\([0-9]*\),"quarantined":\([0-9]*\),"excluded":\([0-9]*\)}.*/\1 \2 \3 \4/p' "$out")
    if [ $# != 4 ] || [ "$1" != $(($2 + $3 + $4)) ]; then
        echo "read != accepted + quarantined + excluded: $*"; fail=1
    fi
fi
if [ -n "$twin" ]; then
    "$bin" analyze --json --by form --codebook "$codebook" "$twin" >"$tout" 2>/dev/null
    cmp -s "$out" "$tout" || { echo "JSON differs from that of $twin:"; diff "$tout" "$out" | head -20; fail=1; }
fi
[ $fail = 0 ] || { echo "--- stderr:"; head -c 2000 "$err"; }
exit $fail
