#!/usr/bin/env bash
# macos-app.sh APP CLI ROOT: completes the .app that `fyne package -os darwin`
# made from FyneApp.toml, so that it carries everything it loads:
#   APP/Contents/MacOS/nevermind             the command line (CLI)
#   APP/Contents/MacOS/nevermind-app         the app's program, under the name the CLI starts
#   APP/Contents/Frameworks/libonnxruntime.dylib   ONNX Runtime (from ROOT/lib)
#   APP/Contents/Resources/models/, fonts/   the ONNX models and Noto Sans KR (from ROOT)
#   Info.plist                               why the app asks for the microphone and camera
# whisper.cpp is linked into both programs (statically), so nothing else is
# needed. The programs find these through appdata.BundleRoots. The script
# runs on Linux too (make test checks the tree it makes); on a Mac it also
# fixes the library's install name for code signing.
set -euo pipefail
app=${1:?usage: macos-app.sh APP CLI ROOT}; cli=${2:?}; root=${3:?}
contents=$app/Contents
[[ -f $contents/Info.plist && -d $contents/MacOS ]] || { echo "macos-app: $app is not an application bundle (run fyne package first)"; exit 1; }
exe=$(sed -n '/<key>CFBundleExecutable<\/key>/{n;s/.*<string>\(.*\)<\/string>.*/\1/p;}' "$contents/Info.plist")
[[ -n $exe && -f $contents/MacOS/$exe ]] || { echo "macos-app: the bundle's program ($exe) is missing"; exit 1; }

install -m 0755 "$cli" "$contents/MacOS/nevermind"
[[ $exe == nevermind-app ]] || ln -sf "$exe" "$contents/MacOS/nevermind-app"
install -d "$contents/Frameworks" "$contents/Resources/models" "$contents/Resources/fonts"
install -m 0644 "$root/lib/libonnxruntime.dylib" "$contents/Frameworks/"
# The models bundled come from models/manifest.json (tools/bundle).
models=$(cd "$(dirname "$0")/.." && "${GO:-go}" run ./tools/bundle -platform darwin/arm64 -list models)
[[ -n $models ]] || { echo "macos-app: no model list from tools/bundle"; exit 1; }
for m in $models; do
  install -m 0644 "$root/models/$m" "$contents/Resources/models/"
done
install -m 0644 "$root/fonts/NotoSansKR-Regular.ttf" "$root/fonts/NotoSansKR-Bold.ttf" "$contents/Resources/fonts/"

# macOS refuses the microphone and the camera to an app that does not say
# why it wants them.
plist=$contents/Info.plist
add_key() { # add_key KEY TEXT, once
  grep -q "<key>$1</key>" "$plist" && return 0
  if [[ -x /usr/libexec/PlistBuddy ]]; then
    /usr/libexec/PlistBuddy -c "Add :$1 string $2" "$plist"
  else
    awk -v k="$1" -v v="$2" '/<\/dict>/ && !done {print "\t<key>" k "</key>\n\t<string>" v "</string>"; done=1} {print}' "$plist" > "$plist.new"
    mv "$plist.new" "$plist"
  fi
}
add_key NSMicrophoneUsageDescription "NEVER MIND records your answers to analyse your voice on this Mac. Nothing leaves it."
add_key NSCameraUsageDescription "NEVER MIND records your answers to analyse your face and posture on this Mac. Nothing leaves it."
if command -v install_name_tool >/dev/null; then
  install_name_tool -id @rpath/libonnxruntime.dylib "$contents/Frameworks/libonnxruntime.dylib"
fi
echo "macos-app: $app completed"
