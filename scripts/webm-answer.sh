#!/usr/bin/env bash
# Makes an archive holding one answer in the recordings' format (Opus and
# VP8 in WebM) with this checkout's Linux build, for the install tests to
# import and analyse again with the installed program: Korean speech from
# espeak-ng and a talking head from face.jpg (make testmedia), stored by
# `practice --headless` as WAV and AVI, converted by `records --convert`,
# exported. Prints the checkout's own re-analysis: "F0 PRESENT_RATIO".
#
#   scripts/webm-answer.sh OUT.nmx
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: webm-answer.sh OUT.nmx}
[[ -x bin/nevermind && -f testdata/media/face.jpg ]] || { echo "webm-answer: make build testmedia first" >&2; exit 1; }
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
espeak-ng -v ko -w "$w/answer.wav" "저는 팀 프로젝트에서 일정 관리를 맡았습니다. 마감을 지켰습니다. 결과는 좋았습니다." 2>/dev/null
ffmpeg -v error -loop 1 -i testdata/media/face.jpg -t 5 -r 30 -vf scale=640:480 -c:v mjpeg -q:v 4 "$w/answer.avi"
nm() { NEVERMIND_HOME="$w/home" NEVERMIND_BUNDLE=$PWD bin/nevermind "$@"; }
nm practice --headless --question 1 --audio "$w/answer.wav" --video "$w/answer.avi" --json > /dev/null
nm records --convert > "$w/convert.log" 2>&1 || { cat "$w/convert.log" >&2; exit 1; }
ls "$w/home/media/"*/*.weba "$w/home/media/"*/*.webm > /dev/null 2>&1 || { cat "$w/convert.log" >&2; echo "webm-answer: the answer was not converted" >&2; exit 1; }
nm export --out "$out" > /dev/null
r=$(nm practice --reanalyze 1 --json)
f0=$(grep -o '"median_hz": [0-9.]*' <<<"$r" | head -n1 | awk '{print $2}')
pr=$(grep -o '"present_ratio": [0-9.]*' <<<"$r" | head -n1 | awk '{print $2}')
grep -q '"codec": "VP80"' <<<"$r" || { echo "webm-answer: the re-analysis did not read the VP8 video" >&2; exit 1; }
echo "$f0 $pr"
