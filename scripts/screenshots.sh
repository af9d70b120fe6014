#!/usr/bin/env bash
# Takes a screenshot of every screen of the real app under Xvfb, into
# docs/screenshots/, clicking through as a new user would: the welcome, an
# interview added on the plan screen (D-10), today's routine answered by
# speech played into a virtual microphone, the report, the records and one
# answer opened, questions from a pasted resume, settings, the bank and the
# system check, in Korean at 1280x800; then Home and a practice report in
# English at 1024x640 (the smallest screen the layout is made for).
# usage: scripts/screenshots.sh   (after make build; needs xclip for pasting Korean)
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
mkdir -p "$out"
home=$(mktemp -d)
rt=$(mktemp -d)
disp=":$(( 500 + RANDOM % 400 ))"
xvfb=""; app=""
start_x() {
  [[ -n $xvfb ]] && kill "$xvfb" 2>/dev/null && wait "$xvfb" 2>/dev/null || true
  Xvfb "$disp" -screen 0 "$1"x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
}
cleanup() { [[ -n $app ]] && kill "$app" 2>/dev/null || true; scripts/pulse.sh stop "$rt" || true; [[ -n $xvfb ]] && kill "$xvfb" 2>/dev/null || true; rm -rf "$home" "$rt"; }
trap cleanup EXIT
export DISPLAY=$disp NEVERMIND_HOME=$home OLLAMA_HOST=127.0.0.1:9
scripts/pulse.sh start "$rt" >/dev/null
export XDG_RUNTIME_DIR=$rt PULSE_RUNTIME_PATH=$rt/pulse

open_app() { # LANG WIDTH HEIGHT
  LANG=$1 LANGUAGE= ./bin/nevermind >>"$home/app.log" 2>&1 &
  app=$!
  win=""
  for _ in $(seq 100); do win=$(xdotool search --onlyvisible --name "NEVER MIND" 2>/dev/null | head -n1 || true); [[ -n $win ]] && break; sleep 0.2; done
  [[ -n $win ]] || { echo "screenshots: no window"; cat "$home/app.log"; exit 1; }
  xdotool windowmove "$win" 0 0 windowsize "$win" "$2" "$3"
  sleep 2
}
close_app() { kill "$app"; wait "$app" 2>/dev/null || true; app=""; }
shot() { import -window root "$out/$1.png"; echo "screenshots: $out/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-1.5}"; }
paste() { printf '%s' "$1" | xclip -selection clipboard; sleep 0.2; xdotool key ctrl+a ctrl+v; sleep 0.3; }
say() { espeak-ng -v "$1" -w "$home/say.wav" "$2"; paplay --device=mic_sink "$home/say.wav"; }
answer() { xdotool key space; sleep 1; say "$1" "$2"; xdotool key space; sleep 8; }
ko1="안녕하세요. 저는 데이터 분석가로 지원한 김지원입니다. 캡스톤 프로젝트에서 매출 예측 모델을 만들어 예측 오차를 이십 퍼센트 줄였습니다. 감사합니다."
ko2="저를 한 단어로 표현하면 끈기입니다. 프로젝트가 막혔을 때 끝까지 원인을 찾아서 해결했습니다."

# Korean, 1280x800.
start_x 1280x800
open_app ko_KR.UTF-8 1280 800
shot welcome
click 640 541                                   # 시작하기
click 166 70                                    # 면접·계획
click 300 113 0.3; paste "토스랩"
click 880 113 0.3; paste "$(date -d '+10 days' +%F)"
click 1222 113 2                                # 면접 추가
shot plan
click 18 70                                     # 홈
shot home
click 640 289 2                                 # 오늘의 연습 시작
shot practice
answer ko "$ko1"
shot report
xdotool key Return; sleep 1.5; answer ko "$ko2"
xdotool key Return; sleep 1.5; answer ko "$ko1"
click 104 70                                    # 기록
shot records
click 1232 491 2                                # the newest answer
shot answer
click 262 70                                    # 자기소개서·공고
click 600 112 0.3; paste "데이터 분석가"
click 600 200 0.3; paste "저는 캡스톤 프로젝트에서 SQL로 매출 데이터를 분석해 재고 비용을 15% 줄였습니다. 팀장으로 4명을 이끌며 매주 회고를 진행했습니다."
click 600 330 0.3; paste "SQL 필수, 파이썬 우대, A/B 테스트 경험자 우대"
click 148 415 5                                 # 맞춤 질문 만들기
shot profile
click 344 70 2; shot settings
click 405 70; click 300 156; shot bank
click 481 70 5; shot doctor
close_app

# English, 1024x640.
start_x 1024x640
open_app en_US.UTF-8 1024 640
# (the app starts in English: LANG=en_US.UTF-8 is the system language)
shot home-en
click 96 70                                     # Practice
click 440 114 1; click 140 327 0.7              # English interview
click 980 114 2                                 # Start
answer en "In my last internship I built a dashboard in SQL and Python. The team used it every day, and it cut reporting time by thirty percent."
shot practice-en
close_app
