#!/bin/sh
# Make the locale NAME (e.g. ru_RU.UTF-8) from the system's definitions into
# DIR, for a test run with LOCPATH=DIR: no system-wide locale is needed.
# usage: make_locale.sh DIR NAME   (fails, saying why, without localedef)
dir=$1 name=$2
command -v localedef >/dev/null 2>&1 || {
    echo "localedef not found: install the locales package (tools/install-deps) to make $name"
    exit 1
}
mkdir -p "$dir" || exit 1
# localedef exits 1 on mere warnings about a definition; what counts is the result
localedef -i "${name%%.*}" -f "${name#*.}" "$dir/$name" || [ -f "$dir/$name/LC_NUMERIC" ] || {
    echo "localedef could not make $name in $dir"
    exit 1
}
