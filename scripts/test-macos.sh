#!/usr/bin/env bash
# What can be checked of the macOS build on Linux (the build itself needs a
# Mac: .github/workflows/release-macos.yml runs it on macOS runners):
#  1. the workflow passes actionlint;
#  2. every package that needs no cgo compiles for darwin/arm64 and amd64;
#  3. the pinned ONNX Runtime for macOS fetches and matches its checksum;
#  4. scripts/macos-app.sh, run on a bundle shaped as `fyne package` makes
#     it, produces the expected tree and Info.plist.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${DEPS_CACHE:-$HOME/.cache/nevermind-deps}

echo "test-macos: actionlint"
go run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12 .github/workflows/*.yml

for arch in arm64 amd64; do
  # Every package is compiled for darwin with cgo off. One that needs cgo
  # (directly or through an import) fails with "build constraints exclude
  # all Go files"; any other failure is a real error.
  ok=0; cgo=0
  for p in $(go list ./...); do
    if out=$(CGO_ENABLED=0 GOOS=darwin GOARCH=$arch go build -o /dev/null "$p" 2>&1); then
      ok=$((ok + 1))
    elif grep -q "build constraints exclude all Go files" <<<"$out"; then
      cgo=$((cgo + 1))
    else
      echo "$out"; echo "test-macos: $p does not compile for darwin/$arch"; exit 1
    fi
  done
  (( ok > 0 )) || { echo "test-macos: no package compiles for darwin without cgo"; exit 1; }
  echo "test-macos: darwin/$arch: $ok packages compile without cgo; $cgo need cgo (whisper, malgo, ONNX Runtime's loader, Fyne, the camera) and are built by the workflow"
done

echo "test-macos: ONNX Runtime for macOS (pinned)"
native=dist/native/darwin-arm64
go run ./tools/fetchdeps -root "$native" -cache "$cache" -platform darwin/arm64 -whisper=false >/dev/null

echo "test-macos: laying out the .app"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
app="$work/NEVER MIND.app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
printf '#!/bin/sh\necho app\n' > "$app/Contents/MacOS/NEVER MIND"; chmod +x "$app/Contents/MacOS/NEVER MIND"
printf 'icns' > "$app/Contents/Resources/icon.icns"
cat > "$app/Contents/Info.plist" <<'PLIST'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleName</key>
	<string>NEVER MIND</string>
	<key>CFBundleExecutable</key>
	<string>NEVER MIND</string>
	<key>CFBundleIdentifier</key>
	<string>app.nevermind.desktop</string>
</dict>
</plist>
PLIST
printf '#!/bin/sh\necho cli\n' > "$work/nevermind"
root=$work/root
mkdir -p "$root/lib" "$root/models" "$root/fonts"
cp "$native/lib/libonnxruntime.dylib" "$root/lib/"
cp models/*.onnx models/*.binarypb "$root/models/"
cp fonts/*.ttf "$root/fonts/"
scripts/macos-app.sh "$app" "$work/nevermind" "$root" >/dev/null
scripts/macos-app.sh "$app" "$work/nevermind" "$root" >/dev/null # twice: nothing doubles
want="Contents/Frameworks/libonnxruntime.dylib
Contents/Info.plist
Contents/MacOS/NEVER MIND
Contents/MacOS/nevermind
Contents/MacOS/nevermind-app
Contents/Resources/fonts/NotoSansKR-Bold.ttf
Contents/Resources/fonts/NotoSansKR-Regular.ttf
Contents/Resources/icon.icns
Contents/Resources/models/blazeface_front_128.onnx
Contents/Resources/models/face_landmark.onnx
Contents/Resources/models/geometry_pipeline_metadata_landmarks.binarypb
Contents/Resources/models/pose_detection.onnx
Contents/Resources/models/pose_landmark_lite.onnx
Contents/Resources/models/silero_vad.onnx"
got=$(cd "$app" && find . \( -type f -o -type l \) | sed 's|^\./||' | LC_ALL=C sort)
[[ $got == "$want" ]] || { echo "test-macos: the .app tree differs:"; diff <(echo "$want") <(echo "$got") || true; exit 1; }
[[ $(readlink "$app/Contents/MacOS/nevermind-app") == "NEVER MIND" ]] || { echo "test-macos: nevermind-app does not lead to the bundle's program"; exit 1; }
for k in NSMicrophoneUsageDescription NSCameraUsageDescription; do
  [[ $(grep -c "<key>$k</key>" "$app/Contents/Info.plist") == 1 ]] || { echo "test-macos: Info.plist has no (or a doubled) $k"; exit 1; }
done
cmp -s "$app/Contents/Frameworks/libonnxruntime.dylib" "$native/lib/libonnxruntime.dylib"
echo "test-macos: ok (the build, signing and the disk image run on macOS runners only)"
