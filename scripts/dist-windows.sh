#!/usr/bin/env bash
# Makes dist/NeverMind-Setup-<version>.exe: the two programs cross-built with
# MinGW-w64 (the app with -H windowsgui, so no console opens; the command line
# as a console program), whisper.cpp linked statically, the C and C++
# runtimes linked statically (the programs import only Windows' own DLLs),
# libvpx and libopus linked statically (scripts/codecs-windows.sh),
# ONNX Runtime's DLL (pinned by checksum in models/manifest.json), the ONNX
# models and the fonts, packed by NSIS into a per-user installer. Nothing is
# made again when the setup file is newer than everything it is made of.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${VERSION:?set VERSION (make dist does)}
native=dist/native/windows-amd64
out=dist/NeverMind-Setup-${version}.exe
stage=dist/windows/NeverMind
W=$PWD/$native/lib/whisper
for f in "$native/lib/onnxruntime.dll" "$W/build/src/libwhisper.a"; do
  [[ -e $f ]] || { echo "dist: $f is missing (make dist-windows fetches and builds it)"; exit 1; }
done

# a.b.c.d for the version resources: the numbers of a.b.c and the commits.
IFS=. read -r v1 v2 rest <<<"${version%%+*}"
v3=${rest%%[^0-9]*}; v4=$(git rev-list --count HEAD 2>/dev/null || echo 0)
v1=${v1:-0}; v2=${v2:-0}; v3=${v3:-0}

mkdir -p dist/windows
icon=dist/windows/nevermind.ico
[[ -f $icon && $icon -nt assets/icon.png ]] || convert assets/icon.png -define icon:auto-resize=256,128,64,48,32,16 "$icon"
rc=dist/windows/nevermind.rc
sed -e "s|@ICON@|$PWD/$icon|" -e "s/@VERSION@/$version/g" -e "s/@V1@/$v1/g" -e "s/@V2@/$v2/g" -e "s/@V3@/$v3/g" -e "s/@V4@/$v4/g" \
  packaging/windows/nevermind.rc.in > "$rc.new"
cmp -s "$rc.new" "$rc" && rm "$rc.new" || mv "$rc.new" "$rc"
syso=cmd/nevermind/zz_nevermind_windows_amd64.syso # ignored by git; linked only into Windows builds
[[ -f $syso && $syso -nt $rc ]] || x86_64-w64-mingw32-windres -O coff -i "$rc" -o "$syso"

mkdir -p "$stage/lib" "$stage/models" "$stage/fonts"
export GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc-posix CXX=x86_64-w64-mingw32-g++-posix
# The paths are the cache's own (the links resolved), not this checkout's:
# they are part of Go's build cache key, and a fresh clone elsewhere must
# not rebuild every cgo package for Windows (7 minutes).
inc=$(readlink -f "$W/include"); ggml=$(readlink -f "$W/ggml"); build=$(readlink -f "$W/build")
# libvpx and libopus for the recordings (the codecs tag), built by
# scripts/codecs-windows.sh from Debian's source packages.
codecs=$(readlink -f "${CODECS:?set CODECS (make dist-windows does)}")
[[ -f $codecs/lib/libvpx.a && -f $codecs/lib/libopus.a ]] || { echo "dist: $codecs has no libvpx.a/libopus.a (scripts/codecs-windows.sh builds them)"; exit 1; }
export CGO_CFLAGS="-O2 -I$inc -I$ggml/include -I$codecs/include" CGO_LDFLAGS="-static -L$build/src -L$build/ggml/src -L$codecs/lib"
unset C_INCLUDE_PATH LIBRARY_PATH
ld="-X main.version=$version"
# The C sources of the bindings print warnings under MinGW; they are not ours.
scripts/gobuild.sh "$stage/nevermind.exe" -tags 'whisper codecs' -ldflags "$ld" ./cmd/nevermind 2> >(grep -v -e warning -e note: -e '^ *[0-9]* |' -e '^ *|' -e 'In function' -e 'inlined from' -e 'In file included' -e '^ *from ' -e '^# ' >&2)
scripts/gobuild.sh "$stage/nevermind-app.exe" -tags 'whisper codecs gui' -ldflags "$ld -H windowsgui" ./cmd/nevermind 2> >(grep -v -e warning -e note: -e '^ *[0-9]* |' -e '^ *|' -e 'In function' -e 'inlined from' -e 'In file included' -e '^ *from ' -e '^# ' >&2)
install -C -m 0644 "$native/lib/onnxruntime.dll" "$stage/lib/"
# What is bundled, and its NOTICE, come from models/manifest.json.
bundle() { GOOS= GOARCH= CGO_ENABLED=0 "${GO:-go}" run ./tools/bundle -platform windows/amd64 "$@"; }
mapfile -t models < <(bundle -list models)
((${#models[@]} > 0)) || { echo "dist: no model list from tools/bundle"; exit 1; }
for m in "${models[@]}"; do
  install -C -m 0644 "models/$m" "$stage/models/"
done
install -C -m 0644 fonts/NotoSansKR-Regular.ttf fonts/NotoSansKR-Bold.ttf "$stage/fonts/"
{ bundle -notice; echo 'Your data lives in %LOCALAPPDATA%\NeverMind; uninstalling keeps it.'; } > "$stage/NOTICE.txt.new"
cmp -s "$stage/NOTICE.txt.new" "$stage/NOTICE.txt" && rm "$stage/NOTICE.txt.new" || mv "$stage/NOTICE.txt.new" "$stage/NOTICE.txt"

# Nothing else in the stage: what is there is installed.
expected=" nevermind.exe nevermind-app.exe NOTICE.txt lib/onnxruntime.dll fonts/NotoSansKR-Regular.ttf fonts/NotoSansKR-Bold.ttf "
for m in "${models[@]}"; do
  expected+="models/$m "
done
(cd "$stage" && find . -type f | sed 's|^\./||') | while read -r f; do
  [[ $expected == *" $f "* ]] || rm -f "$stage/$f"
done

newest=$(find "$stage" packaging/windows scripts/dist-windows.sh -type f -newer "$out" 2>/dev/null | head -n1 || true)
if [[ -f $out && -z $newest ]]; then
  echo "dist: $out is up to date"
  exit 0
fi
makensis -V2 -DVERSION="$version" -DVERSION4="$v1.$v2.$v3.$v4" -DSRC="$PWD/$stage" -DOUT="$PWD/$out.tmp" -DICON="$PWD/$icon" \
  packaging/windows/nevermind.nsi
mv "$out.tmp" "$out"
echo "dist: $out"
