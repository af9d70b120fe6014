#!/usr/bin/env bash
# Installs the Windows setup the way a user would and uses what it
# installed, under wine and Xvfb: a silent per-user install (/S); the
# installed command line runs `--version`, `doctor --json`, `bank list
# --json` and `analyze --audio` on a WAV, whose median F0 must be within 1 %
# of the Linux build's; an answer in Opus and VP8 WebM imported from an
# archive and analysed again (F0 within 1 %, face presence within 0.02); the installed app opens a window that shows Hangul
# (screenshot: bin/windows-gui.png); a silent uninstall removes the program
# and keeps the user's data.
#
# wine 8.0 lacks bcryptprimitives.dll!ProcessPrng, which Go >= 1.22 needs;
# a ten-line test-only DLL providing it is built here and put into the wine
# prefix's system32. Real Windows has it. Nothing of it ships.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${VERSION:?set VERSION (make test-dist does)}
setup=$PWD/dist/NeverMind-Setup-${version}.exe
[[ -f $setup ]] || { echo "test-windows: run make dist first ($setup)"; exit 1; }
wine=/usr/lib/wine/wine64
command -v wine64 >/dev/null && wine=$(command -v wine64)
[[ -x $wine ]] || { echo "test-windows: wine64 is missing (make deps installs it)"; exit 1; }

work=$(mktemp -d)
disp=":$(( 500 + RANDOM % 400 ))"
xvfb=""
cleanup() {
  [[ -n $xvfb ]] && kill "$xvfb" 2>/dev/null || true
  WINEPREFIX=$work/prefix /usr/lib/wine/wineserver64 -k 2>/dev/null || WINEPREFIX=$work/prefix wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=$disp WINEPREFIX=$work/prefix WINEDEBUG=-all WINEARCH=win64 WINEDLLOVERRIDES="mscoree,mshtml="
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

echo "test-windows: a fresh wine prefix"
"$wine" wineboot --init >/dev/null 2>&1
cat > "$work/prng.c" <<'C'
#include <windows.h>
#include <bcrypt.h>
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    return BCryptGenRandom(NULL, data, (ULONG)len, BCRYPT_USE_SYSTEM_PREFERRED_RNG) == 0;
}
C
printf 'LIBRARY bcryptprimitives\nEXPORTS\nProcessPrng\n' > "$work/prng.def"
x86_64-w64-mingw32-gcc -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" "$work/prng.c" "$work/prng.def" -lbcrypt

user=$(ls "$WINEPREFIX/drive_c/users" | grep -v -i public | head -n1)
local_app="$WINEPREFIX/drive_c/users/$user/AppData/Local"
inst="$local_app/Programs/NeverMind"
data="$local_app/NeverMind"

echo "test-windows: silent install"
"$wine" "$setup" /S
for f in nevermind-app.exe nevermind.exe uninstall.exe lib/onnxruntime.dll models/face_landmark.onnx models/silero_vad.onnx fonts/NotoSansKR-Regular.ttf; do
  [[ -f $inst/$f ]] || { echo "test-windows: $f was not installed in $inst"; ls -R "$local_app" | head -40; exit 1; }
done
ls "$WINEPREFIX/drive_c/users/$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/" | grep -q "NEVER MIND" \
  || { echo "test-windows: no Start-menu shortcut"; exit 1; }
ls "$WINEPREFIX/drive_c/users/$user/Desktop/" 2>/dev/null | grep -q "NEVER MIND" || { echo "test-windows: no desktop shortcut"; exit 1; }

run() { "$wine" "$inst/nevermind.exe" "$@" 2> >(grep -v -e "DXGI" -e "^ALSA lib" >&2); }
echo "test-windows: the installed command line"
run --version | tr -d '\r' | grep -q "NEVER MIND $version (windows/amd64" || { echo "test-windows: --version"; exit 1; }
doc=$(run doctor --json | tr -d '\r')
echo "$doc" | grep -q '"ok": true' || { echo "$doc"; echo "test-windows: doctor's core checks failed"; exit 1; }
echo "$doc" | tr -d '\n' | grep -Eq '"id": "onnxruntime",[^}]*"status": "ok"' || { echo "$doc"; echo "test-windows: ONNX Runtime did not load"; exit 1; }
echo "$doc" | grep -q 'Programs\\\\NeverMind\\\\lib\\\\onnxruntime.dll' || { echo "$doc" | grep -i onnx; echo "test-windows: ONNX Runtime not from the install folder"; exit 1; }
n=$(run bank list --json | tr -d '\r' | grep -c '"text"')
(( n > 150 )) || { echo "test-windows: bank list gave $n questions"; exit 1; }
espeak-ng -v ko -w "$work/answer.wav" "저는 팀 프로젝트에서 일정 관리를 맡았습니다. 마감을 지켰습니다. 결과는 좋았습니다." 2>/dev/null
cp "$work/answer.wav" "$WINEPREFIX/drive_c/answer.wav"
win_f0=$(run analyze --audio 'C:\answer.wav' --json | tr -d '\r' | grep -o '"median_hz": [0-9.]*' | head -n1 | awk '{print $2}')
linux_f0=$(NEVERMIND_HOME="$work/linux-home" bin/nevermind analyze --audio "$work/answer.wav" --json | grep -o '"median_hz": [0-9.]*' | head -n1 | awk '{print $2}')
[[ -n $win_f0 && -n $linux_f0 ]] || { echo "test-windows: analyze gave no pitch (windows $win_f0, linux $linux_f0)"; exit 1; }
awk -v a="$win_f0" -v b="$linux_f0" 'BEGIN{d=(a-b)/b; if (d<0) d=-d; exit !(d <= 0.01)}' \
  || { echo "test-windows: median F0 $win_f0 Hz on Windows, $linux_f0 Hz on Linux: more than 1 % apart"; exit 1; }
echo "test-windows: analyze: median F0 $win_f0 Hz (Linux build: $linux_f0 Hz)"

# An answer stored as Opus and VP8 WebM, brought in an archive made by the
# Linux build, analysed again by the installed program (libvpx inside it).
read -r want_f0 want_pr < <(scripts/webm-answer.sh "$WINEPREFIX/drive_c/answer.nmx")
run import 'C:\answer.nmx' >"$work/import.log" 2>&1 || { cat "$work/import.log"; echo "test-windows: import failed"; exit 1; }
re=$(run practice --reanalyze 1 --json | tr -d '\r') || { echo "$re" | tail -20; echo "test-windows: the imported WebM answer was not analysed"; exit 1; }
got_f0=$(echo "$re" | grep -o '"median_hz": [0-9.]*' | head -n1 | awk '{print $2}')
got_pr=$(echo "$re" | grep -o '"present_ratio": [0-9.]*' | head -n1 | awk '{print $2}')
echo "$re" | grep -q '"codec": "VP80"' || { echo "test-windows: the installed program did not read the VP8 video"; exit 1; }
awk -v a="$got_f0" -v b="$want_f0" -v p="$got_pr" -v q="$want_pr" 'BEGIN{d=(a-b)/b; if (d<0) d=-d; e=p-q; if (e<0) e=-e; exit !(d <= 0.01 && e <= 0.02)}' \
  || { echo "test-windows: the imported WebM answer: F0 $got_f0 Hz, face present $got_pr; Linux: $want_f0 Hz, $want_pr"; exit 1; }
echo "test-windows: the imported WebM answer analysed again: F0 $got_f0 Hz, face present $got_pr (Linux: $want_f0 Hz, $want_pr)"

echo "test-windows: the interviewer's voice"
# SAPI 5 through PowerShell on real Windows; wine 8's powershell.exe is a
# stub that prints nothing, so no voice is found and the interview shows its
# questions as text. Either way the list and a spoken sample must not fail.
vj=$(run voices --try --json | tr -d '\r') || { echo "$vj"; echo "test-windows: voices --try failed"; exit 1; }
for lang in ko en; do
  got=$(echo "$vj" | tr -d '\n' | grep -Eo "\"$lang\": \{[^}]*\}" | tail -n1)
  if grep -q '"spoken": true' <<<"$got"; then
    echo "test-windows: $lang: a voice spoke the sample: $got"
  elif grep -q '"fallback": "' <<<"$got"; then
    echo "test-windows: $lang: no voice under wine: the text fallback ($(grep -o '"fallback": "[^"]*"' <<<"$got"))"
  else
    echo "$vj"; echo "test-windows: $lang: neither a voice nor the text fallback"; exit 1
  fi
done
echo "$vj" | grep -q '"ko": \[' || { echo "$vj"; echo "test-windows: voices lists no Korean entry"; exit 1; }

echo "test-windows: the installed app"
"$wine" "$inst/nevermind-app.exe" >"$work/app.log" 2>&1 &
disown
win=""
for _ in $(seq 120); do
  win=$(xdotool search --name "NEVER MIND" 2>/dev/null | head -n1 || true)
  [[ -n $win ]] && break
  sleep 0.5
done
[[ -n $win ]] || { cat "$work/app.log"; echo "test-windows: no window in 60 s"; exit 1; }
sleep 5
mkdir -p bin
import -window root bin/windows-gui.png
sd=$(convert bin/windows-gui.png -colorspace Gray -format '%[fx:standard_deviation]' info:)
awk -v s="$sd" 'BEGIN{exit !(s > 0.02)}' || { echo "test-windows: the window drew nothing (std dev $sd)"; exit 1; }
echo "test-windows: window drew (std dev $sd); screenshot bin/windows-gui.png"
xdotool windowclose "$win" 2>/dev/null || true
sleep 2
WINEPREFIX=$WINEPREFIX /usr/lib/wine/wineserver64 -k 2>/dev/null || true

echo "test-windows: silent uninstall keeps the data"
[[ -s $data/nevermind.db ]] || { echo "test-windows: no data folder before uninstalling ($data)"; exit 1; }
winst=$(echo "C:\\users\\$user\\AppData\\Local\\Programs\\NeverMind")
"$wine" "$inst/uninstall.exe" /S "_?=$winst"
for f in nevermind-app.exe nevermind.exe lib models fonts; do
  [[ ! -e $inst/$f ]] || { echo "test-windows: $f is still installed"; exit 1; }
done
[[ -s $data/nevermind.db ]] || { echo "test-windows: the user's data is gone"; exit 1; }
echo "test-windows: ok"
