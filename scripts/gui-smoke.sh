#!/usr/bin/env bash
# Opens bin/nevermind on a virtual X display with a fresh data folder, waits
# for its window, screenshots it to bin/gui-smoke.png and checks that the
# window drew something. Fails if the app exits or no window appears in 60 s.
set -euo pipefail
cd "$(dirname "$0")/.."

for c in Xvfb xdotool import convert; do
  command -v "$c" >/dev/null || { echo "gui-smoke: $c is missing (run make deps)"; exit 1; }
done

home=$(mktemp -d)
disp=":$(( 90 + RANDOM % 400 ))"
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
cleanup() {
  [[ -n $app ]] && kill "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT
export DISPLAY=$disp
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

NEVERMIND_HOME=$home OLLAMA_HOST=127.0.0.1:9 ./bin/nevermind >"$home/app.log" 2>&1 &
app=$!
win=""
for _ in $(seq 120); do
  if ! kill -0 "$app" 2>/dev/null; then
    echo "gui-smoke: the app exited early:"; cat "$home/app.log"; exit 1
  fi
  win=$(xdotool search --name "NEVER MIND" 2>/dev/null | head -n1 || true)
  [[ -n $win ]] && break
  sleep 0.5
done
if [[ -z $win ]]; then echo "gui-smoke: no window in 60 s"; cat "$home/app.log"; exit 1; fi
sleep 3 # let the first frame and the system check draw
mkdir -p bin
import -window root bin/gui-smoke.png
sd=$(convert bin/gui-smoke.png -colorspace Gray -format '%[fx:standard_deviation]' info:)
if awk -v s="$sd" 'BEGIN{exit !(s < 0.01)}'; then
  echo "gui-smoke: the window is blank (std dev $sd)"; exit 1
fi
title=$(xdotool getwindowname "$win")
echo "gui-smoke: window \"$title\" drew (std dev $sd); screenshot in bin/gui-smoke.png"

# A 1024×640 screen: the first window fits it, frame and all (it opens at
# 1100×720 where there is room).
kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; app=""
kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
Xvfb "$disp" -screen 0 1024x640x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
NEVERMIND_HOME=$home OLLAMA_HOST=127.0.0.1:9 ./bin/nevermind >"$home/app2.log" 2>&1 &
app=$!
win=""
for _ in $(seq 120); do
  win=$(xdotool search --name "NEVER MIND" 2>/dev/null | head -n1 || true)
  [[ -n $win ]] && break
  sleep 0.5
done
[[ -n $win ]] || { echo "gui-smoke: no window on a 1024x640 screen"; cat "$home/app2.log"; exit 1; }
sleep 2
read -r x y w h < <(xdotool getwindowgeometry --shell "$win" | awk -F= '/^X=/{x=$2} /^Y=/{y=$2} /^WIDTH=/{w=$2} /^HEIGHT=/{h=$2} END{print x, y, w, h}')
if (( x + w > 1024 || y + h > 640 )); then
  echo "gui-smoke: on a 1024x640 screen the window is ${w}x${h} at ${x},${y}: off the screen"; exit 1
fi
echo "gui-smoke: on a 1024x640 screen the window is ${w}x${h} at ${x},${y}"
