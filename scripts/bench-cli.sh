#!/usr/bin/env bash
# The command line as a user meets it, process against process: start-up of
# `nevermind --help`, and `nevermind analyze --audio` on 60 s of speech side
# by side with Praat's To Pitch and To Intensity on the same file.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
espeak-ng -v ko -w "$tmp/s.wav" "저는 캡스톤 프로젝트에서 백엔드 개발을 맡았습니다. 레디스 캐시를 도입해서 응답 시간을 크게 줄였고, 팀원들과 코드 리뷰 문화를 만들었습니다."
sox "$tmp/s.wav" -r 16000 "$tmp/s16.wav"
parts=(); for _ in $(seq 12); do parts+=("$tmp/s16.wav"); done
sox "${parts[@]}" "$tmp/long.wav"
sox "$tmp/long.wav" "$tmp/a60.wav" trim 0 60
NEVERMIND_HOME="$tmp/home" NEVERMIND_BUNDLE="$PWD" go run ./tools/benchcli -bin bin/nevermind -wav "$tmp/a60.wav" -history 100000
