#!/bin/sh
# Render the report page as people will see it: with headless Chromium, at
# screen width (the first screen and the whole page) and printed to A4 (the
# print CSS), the PDF's pages turned into PNGs when pdftoppm is installed.
# Beside it, slides.html (one PNG per slide, 1280x720, and the slides printed
# to landscape A4) and summary.html (screen and phone).
# Look at the PNGs: tests cannot tell a cut-off label from a good one.
#
# Usage: tests/visual/screenshot.sh [INDEX.html] [OUTDIR]
#   defaults: reports/example/index.html, tests/visual/out
# Needs: chromium (Debian: apt-get install chromium); optional pdftoppm
# (poppler-utils).
set -eu
page=${1:-reports/example/index.html}
out=${2:-tests/visual/out}
[ -f "$page" ] || { echo "screenshot.sh: no page $page (run mentorstat report first)" >&2; exit 2; }
browser=""
for b in chromium chromium-browser google-chrome; do
    command -v "$b" >/dev/null 2>&1 && { browser=$b; break; }
done
[ -n "$browser" ] || { echo "screenshot.sh: chromium not found (apt-get install chromium)" >&2; exit 2; }
mkdir -p "$out"
url="file://$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
shot() { # NAME WIDTH HEIGHT [extra flags]
    name=$1 w=$2 h=$3
    shift 3
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --disable-background-networking --disable-component-update --disable-sync --no-first-run \
        --user-data-dir="$profile" --window-size="$w,$h" "$@" \
        --screenshot="$out/$name.png" "$url" >/dev/null 2>&1
    echo "$out/$name.png"
}
shot screen-top 1280 1000
shot screen-full 1280 16000
shot phone 412 2400
"$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
    --no-pdf-header-footer --print-to-pdf="$out/a4.pdf" "$url" >/dev/null 2>&1
echo "$out/a4.pdf"
if command -v pdftoppm >/dev/null 2>&1; then
    rm -f "$out"/a4-*.png
    pdftoppm -r 50 -png "$out/a4.pdf" "$out/a4"
    echo "$out/a4-*.png ($(ls "$out"/a4-*.png | wc -l) pages)"
fi
dir=$(cd "$(dirname "$page")" && pwd)
if [ -f "$dir/summary.html" ]; then
    url="file://$dir/summary.html"
    shot summary-full 1280 6000
    shot summary-phone 412 6000
fi
if [ -f "$dir/slides.html" ]; then
    n=$(grep -c '<section class="slide"' "$dir/slides.html")
    i=1
    while [ "$i" -le "$n" ]; do
        url="file://$dir/slides.html#$i"
        shot "slide-$(printf %02d "$i")" 1280 720
        i=$((i + 1))
    done
    "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
        --no-pdf-header-footer --print-to-pdf="$out/slides.pdf" "file://$dir/slides.html" >/dev/null 2>&1
    echo "$out/slides.pdf"
fi
