#!/bin/sh
# man_vs_help.sh MENTORSTAT MANPAGE — `mentorstat --help` and the manual page
# name the same commands and the same options.  Commands: the words after
# "mentorstat" on the usage lines of --help, and on the ".B mentorstat WORD"
# lines of the page's SYNOPSIS.  Options: every -x and --long-option token of
# --help, and of the page's SYNOPSIS and OPTIONS sections (roff's \- read as
# -).  Prints what is on one side only, and fails then.
set -u
bin=$1 page=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --help >"$tmp/help" || { echo "mentorstat --help failed"; exit 1; }

# Tokens that are options: -x or --word-word, split on anything else.
options() {
    tr -c 'A-Za-z0-9-' '\n' | grep -E '^(-[A-Za-z]|--[a-z][a-z0-9-]*)$' | sort -u
}

sed -n 's/^\(usage:\)\{0,1\} *mentorstat \([a-z][a-z-]*\).*/\2/p' "$tmp/help" | sort -u >"$tmp/help.commands"
options <"$tmp/help" >"$tmp/help.options"

# The page's sections of interest, font escapes and \& dropped, \- as -.
section() {
    awk -v want="$1" '/^\.SH /{on = ($0 == ".SH " want); next} on' "$page" |
        sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\&//g'
}
section SYNOPSIS | sed -n 's/^\.B mentorstat \([a-z][a-z-]*\).*/\1/p' | sort -u >"$tmp/man.commands"
{ section SYNOPSIS; section OPTIONS; } | grep -v '^\.\\"' | options >"$tmp/man.options"

fail=0
compare() { # what, help file, man file
    only_help=$(comm -23 "$2" "$3" | tr '\n' ' ')
    only_man=$(comm -13 "$2" "$3" | tr '\n' ' ')
    [ -z "$only_help" ] || { echo "$1 in --help, not in the manual page: $only_help"; fail=1; }
    [ -z "$only_man" ] || { echo "$1 in the manual page, not in --help: $only_man"; fail=1; }
}
[ -s "$tmp/help.commands" ] || { echo "no commands found in --help"; fail=1; }
[ -s "$tmp/help.options" ] || { echo "no options found in --help"; fail=1; }
compare commands "$tmp/help.commands" "$tmp/man.commands"
compare options "$tmp/help.options" "$tmp/man.options"
[ $fail = 0 ] && echo "$(wc -l <"$tmp/help.commands") commands, $(wc -l <"$tmp/help.options") options: the same in --help and the manual page"
exit $fail
