#!/usr/bin/env bash
# Takes a screenshot of every screen of the real app under Xvfb, into
# docs/screenshots/. A demo data folder gets an interview, one imported
# answer (speech with a pause, video with the face leaving the picture)
# and a recorded answer on the practice screen (played into a virtual
# microphone).
# usage: scripts/screenshots.sh   (after make build and make testmedia)
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
mkdir -p "$out"
home=$(mktemp -d)
disp=":$(( 500 + RANDOM % 400 ))"
Xvfb "$disp" -screen 0 1100x760x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
rt=$(mktemp -d)
cleanup() { pkill -f "NEVERMIND_HOME=$home" 2>/dev/null || true; [[ -n ${app:-} ]] && kill "$app" 2>/dev/null; scripts/pulse.sh stop "$rt" || true; kill "$xvfb" 2>/dev/null || true; rm -rf "$home" "$rt"; }
trap cleanup EXIT
export DISPLAY=$disp NEVERMIND_HOME=$home OLLAMA_HOST=127.0.0.1:9
scripts/pulse.sh start "$rt" >/dev/null
export XDG_RUNTIME_DIR=$rt PULSE_RUNTIME_PATH=$rt/pulse
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# Demo data: an interview a week away and an answer with a planted pause.
./bin/nevermind plan --interview-date "$(date -d '+7 days' +%F)" --company 한빛페이 >/dev/null 2>&1
espeak-ng -v ko -w "$home/a.wav" "저는 캡스톤 프로젝트에서 백엔드 개발을 맡았습니다. 사용자가 천 이백 명으로 늘면서 응답이 느려졌습니다."
espeak-ng -v ko -w "$home/b.wav" "제가 쿼리를 분석하고 캐시를 도입해서 응답 시간을 팔십 퍼센트 줄였습니다. 감사합니다."
sox "$home/a.wav" "$home/a2.wav" pad 1 3.2
sox "$home/a2.wav" "$home/b.wav" "$home/answer.wav"
./bin/nevermind practice --headless --question 1 --audio "$home/answer.wav" >/dev/null 2>&1 || true

./bin/nevermind >"$home/app.log" 2>&1 &
app=$!
win=""
for _ in $(seq 100); do win=$(xdotool search --name "NEVER MIND" 2>/dev/null | head -n1 || true); [[ -n $win ]] && break; sleep 0.2; done
[[ -n $win ]] || { echo "screenshots: no window"; cat "$home/app.log"; exit 1; }
xdotool windowmove "$win" 0 0 windowsize "$win" 1100 720
sleep 3
shot() { import -window "$win" "$out/$1.png"; echo "screenshots: $out/$1.png"; }
tab() { xdotool mousemove "$1" 70 click 1; sleep 1.5; }
shot welcome
xdotool mousemove 550 502 click 1; sleep 1 # 시작하기
shot home
tab 104; shot records
tab 166; shot plan
tab 262; shot profile
tab 336; shot settings
tab 402; shot bank
tab 478; sleep 4; shot doctor
# Practice: today's routine, record an answer played into the virtual mic.
tab 58
xdotool mousemove 1040 114 click 1; sleep 1
shot practice
xdotool mousemove 400 650 click 1; xdotool key space; sleep 1.5
paplay --device=mic_sink "$home/answer.wav"; sleep 0.5
xdotool key space; sleep 10
shot report
