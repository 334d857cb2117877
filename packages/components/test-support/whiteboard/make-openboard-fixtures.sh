#!/usr/bin/env bash
# Makes the OpenBoard fixtures with the real program: Debian's openboard (1.6.4) under Xvfb, driven by xdotool.
# Not run in CI (it needs a display server and a desktop program); run it by hand, then commit what it writes.
#   apt-get install -y --no-install-recommends openboard xvfb xdotool xclip imagemagick poppler-utils
#   bash packages/components/test-support/whiteboard/make-openboard-fixtures.sh
# Screen coordinates are those of OpenBoard 1.6.4's default layout on a 1920x1080 screen.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
export DISPLAY=:97 HOME="$work/home" QTWEBENGINE_DISABLE_SANDBOX=1 LIBGL_ALWAYS_SOFTWARE=1
mkdir -p "$HOME" "$work/out"

Xvfb "$DISPLAY" -screen 0 1920x1080x24 >"$work/xvfb.log" 2>&1 &
xvfb=$!
sleep 1
OpenBoard >"$work/openboard.log" 2>&1 &
board=$!
trap 'kill "$board" "$xvfb" 2>/dev/null || true' EXIT
sleep 15

click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-0.5}"; }
# A stroke: button 1 held while the pointer visits each point.
stroke() {
  xdotool mousemove "$1" "$2" mousedown 1; shift 2
  while [ $# -gt 0 ]; do xdotool mousemove "$1" "$2"; sleep 0.02; shift 2; done
  xdotool mouseup 1; sleep 0.3
}
text_at() { click 1163 1042; click "$1" "$2" 0.8; xdotool type --delay 40 "$3"; sleep 0.5; }
paste_image() { (xclip -selection clipboard -t image/png -i "$1" &); sleep 0.5; click 807 1042; click 1450 700 0.2; xdotool key ctrl+v; sleep 1.5; }
PEN="654 1042" HIGHLIGHTER="756 1042" NEW_PAGE="688 24"
BLACK="75 24" RED="104 24" BLUE="133 24" GREEN="162 24" YELLOW="191 24" MEDIUM="269 24" THICK="298 24"

# The imported picture: a gradient with a white disc, made by ImageMagick.
convert -size 240x160 gradient:'#2a6fdb-#f5c518' -fill white -draw "circle 120,80 150,80" "$work/figure.png"

# Page 1: a thin black pen wave, a thick red pen stroke, a text, the picture.
click $PEN
wave=""
for i in $(seq 0 40); do wave="$wave $((400 + i * 15)) $(python3 -c "import math; print(int(300 + 80 * math.sin($i / 4)))")"; done
# shellcheck disable=SC2086
stroke $wave
click $RED; click $THICK
stroke 500 500 600 600 700 520 800 640 900 560 1000 660
text_at 1100 300 "Bonjour la classe : les fractions"
paste_image "$work/figure.png"

# Page 2: a text, blue pen strokes, yellow and green highlighter strokes.
click $NEW_PAGE 1.5
text_at 500 250 "Un demi plus un quart"
click $PEN; click $BLUE; click $MEDIUM
stroke 500 450 700 450 700 650 500 650 500 450
stroke 800 550 850 500 900 550 950 500 1000 550
click $HIGHLIGHTER; click $YELLOW
stroke 480 340 560 342 640 338 760 340 860 341
click $GREEN
stroke 480 700 600 720 720 700 840 720 960 700

# Page 3: the squared background, a thick green pen stroke, a text, the picture over the text's end.
click $NEW_PAGE 1.5
click 489 33 1; click 753 313 0.8; click 549 245 0.8
click $PEN; click $GREEN; click $THICK
stroke 450 300 500 320 550 360 600 420 650 500 700 600 720 700
text_at 900 400 "Exercice 3 : colorie les trois quarts"
paste_image "$work/figure.png"
click 807 1042

# Documents mode: select the document, Export → "Export to OpenBoard Format", then Export → "Export to PDF".
export_as() {
  click 1675 33 2; click 132 128; click 421 30 1.2; click "$1" "$2" 2
  xdotool key ctrl+a; xdotool type --delay 20 "$3"; xdotool key Return; sleep 6
}
export_as 497 80 "$work/out/fractions.ubz"
export_as 452 126 "$work/out/fractions.pdf"

cp "$work/out/fractions.ubz" "$work/out/fractions.pdf" "$here/"
# OpenBoard's own rendering of each page, at 100 dpi (1280x960 for the 1280x960 nominal page).
pdftoppm -r 100 -png "$here/fractions.pdf" "$here/fractions-openboard"
ls -l "$here"
