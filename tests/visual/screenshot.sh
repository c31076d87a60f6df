#!/bin/sh
# Render the report page as people will see it: with headless Chromium, at
# screen width (the first screen and the whole page) and printed to A4 (the
# print CSS), the PDF's pages turned into PNGs when pdftoppm is installed.
# Beside it, slides.html (one PNG per slide, 1280x720, and the slides printed
# to landscape A4) and summary.html (screen and phone).
# Look at the PNGs: tests cannot tell a cut-off label from a good one.
# Chromium cannot capture a window taller than 16,384 px, so the whole page
# is measured first and captured in slices of SLICE px (default 8000):
# screen-full-1.png, -2.png, … (one file, screen-full.png, when it fits).
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
flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --hide-scrollbars"
shot() { # NAME WIDTH HEIGHT [URL]
    name=$1 w=$2 h=$3
    # shellcheck disable=SC2086
    "$browser" $flags --user-data-dir="$profile" --window-size="$w,$h" \
        --allow-file-access-from-files --screenshot="$out/$name.png" "${4:-$url}" >/dev/null 2>&1
    echo "$out/$name.png"
}
# page_height WIDTH: the page's height in px at that width, read through an iframe
page_height() {
    cat > "$profile/measure.html" <<EOF_HTML
<!DOCTYPE html><html><body style="margin:0"><iframe id="f" src="$url" style="width:$1px;height:1000px;border:0"
onload="document.getElementById('h').textContent = 'height=' + this.contentDocument.documentElement.scrollHeight + '.'"></iframe>
<p id="h"></p></body></html>
EOF_HTML
    # shellcheck disable=SC2086
    "$browser" $flags --user-data-dir="$profile" --allow-file-access-from-files \
        --virtual-time-budget=20000 --dump-dom "file://$profile/measure.html" 2>/dev/null |
        sed -n 's/.*height=\([0-9]*\)\..*/\1/p' | head -1
}
# slices NAME WIDTH HEIGHT SLICE: the page from the top in windows of SLICE px
slices() {
    base=$1 sw=$2 total=$3 slice=$4 k=0 # not shot's variables: sh has no locals
    rm -f "$out/$base".png "$out/$base"-*.png
    if [ "$total" -le "$slice" ]; then
        shot "$base" "$sw" "$total"
        return
    fi
    while [ $((k * slice)) -lt "$total" ]; do
        k=$((k + 1))
        sh_=$slice
        [ $((k * slice)) -le "$total" ] || sh_=$((total - (k - 1) * slice))
        cat > "$profile/slice.html" <<EOF_HTML
<!DOCTYPE html><html><body style="margin:0;overflow:hidden"><iframe src="$url" scrolling="no"
style="position:absolute;left:0;top:-$(((k - 1) * slice))px;width:${sw}px;height:${total}px;border:0"></iframe></body></html>
EOF_HTML
        shot "$base-$k" "$sw" "$sh_" "file://$profile/slice.html"
    done
}
shot screen-top 1280 1000
height=$(page_height 1280)
[ -n "$height" ] || height=16000
slices screen-full 1280 "$height" "${SLICE:-8000}"
shot phone 412 2400
# shellcheck disable=SC2086
"$browser" $flags --user-data-dir="$profile" \
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
    # shellcheck disable=SC2086
    "$browser" $flags --user-data-dir="$profile" \
        --no-pdf-header-footer --print-to-pdf="$out/slides.pdf" "file://$dir/slides.html" >/dev/null 2>&1
    echo "$out/slides.pdf"
fi
