#!/usr/bin/env bash
# Makes the Linux packages from what `make build` and `make deps` made:
#   dist/nevermind_<version>_amd64.deb           (apt-get install ./nevermind_….deb)
#   dist/nevermind-<version>-linux-amd64.tar.gz  (runs from wherever it is unpacked)
# Both hold the two programs, ONNX Runtime, the ONNX models and the fonts; the
# programs find them beside themselves (appdata.BundleRoots), so nothing
# depends on where the package is unpacked. A file that is already there and
# newer than everything it is made of is not made again.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${VERSION:?set VERSION (make dist does)}
arch=amd64
deb=dist/nevermind_${version}_${arch}.deb
tarball=dist/nevermind-${version}-linux-${arch}.tar.gz
mkdir -p dist

# What is bundled, and its NOTICE, come from models/manifest.json.
bundle() { "${GO:-go}" run ./tools/bundle -platform linux/$arch "$@"; }
mapfile -t models < <(bundle -list models)
((${#models[@]} > 0)) || { echo "dist: no model list from tools/bundle"; exit 1; }
inputs=(bin/nevermind bin/nevermind-app lib/libonnxruntime.so fonts/NotoSansKR-Regular.ttf fonts/NotoSansKR-Bold.ttf
        assets/icon.png packaging/linux/* scripts/dist-linux.sh models/manifest.json)
for m in "${models[@]}"; do inputs+=("models/$m"); done
for f in "${inputs[@]}"; do [[ -e $f ]] || { echo "dist: $f is missing (run make build)"; exit 1; }; done

uptodate() { # uptodate OUT: OUT exists and is newer than every input
  [[ -e $1 ]] || return 1
  for f in "${inputs[@]}"; do [[ $f -nt $1 ]] && return 1; done
  return 0
}

# lay_out DIR: the programs and what they load, as laid out beside them.
lay_out() {
  local d=$1
  install -d "$d/lib" "$d/models" "$d/fonts"
  install -m 0755 bin/nevermind bin/nevermind-app "$d/"
  install -m 0644 lib/libonnxruntime.so "$d/lib/"
  for m in "${models[@]}"; do install -m 0644 "models/$m" "$d/models/"; done
  install -m 0644 fonts/NotoSansKR-Regular.ttf fonts/NotoSansKR-Bold.ttf "$d/fonts/"
}

notices() { # notices FILE: the licences of what is bundled
  bundle -notice > "$1"
}

if ! uptodate "$deb"; then
  stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
  root=$stage/root
  lay_out "$root/usr/lib/nevermind"
  install -d "$root/usr/bin"
  ln -s ../lib/nevermind/nevermind "$root/usr/bin/nevermind"
  ln -s ../lib/nevermind/nevermind-app "$root/usr/bin/nevermind-app"
  install -D -m 0644 packaging/linux/app.nevermind.desktop.desktop "$root/usr/share/applications/app.nevermind.desktop.desktop"
  install -D -m 0644 assets/icon.png "$root/usr/share/icons/hicolor/512x512/apps/app.nevermind.desktop.png"
  install -d "$root/usr/share/metainfo"
  sed -e "s/@VERSION@/$version/" -e "s/@DATE@/$(date -u +%Y-%m-%d)/" packaging/linux/app.nevermind.desktop.metainfo.xml \
    > "$root/usr/share/metainfo/app.nevermind.desktop.metainfo.xml"
  install -d "$root/usr/share/doc/nevermind"
  notices "$root/usr/share/doc/nevermind/copyright"
  install -d "$root/DEBIAN"
  size=$(du -sk "$root/usr" | cut -f1)
  # Depends: what the programs link (objdump -p: libc, libm, libstdc++,
  # libgcc_s, libgomp; the app also libGL and the X11 libraries GLFW uses)
  # and what they load at run time (malgo: ALSA or PulseAudio).
  cat > "$root/DEBIAN/control" <<CONTROL
Package: nevermind
Version: $version
Architecture: $arch
Maintainer: NEVER MIND <nevermind@localhost>
Installed-Size: $size
Depends: libc6 (>= 2.34), libgl1, libx11-6, libxcursor1, libxrandr2, libxinerama1, libxi6, libxxf86vm1, libasound2 | libasound2t64
Recommends: libpulse0, espeak-ng
Suggests: ffmpeg
Section: education
Priority: optional
Description: private, offline interview practice
 Paste a resume and a job description, answer personalised questions on
 camera and microphone, and get quantitative, timestamped feedback on voice,
 face, posture and content, analysed on this computer only. Korean first,
 English second.
CONTROL
  # The user's data (~/.local/share/nevermind) is never touched: removing
  # or purging the package removes only what it installed.
  dpkg-deb --root-owner-group -Zxz --build "$root" "$deb.tmp" >/dev/null
  mv "$deb.tmp" "$deb"
  rm -rf "$stage"; trap - EXIT
  echo "dist: $deb"
else
  echo "dist: $deb is up to date"
fi

if ! uptodate "$tarball"; then
  stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
  top=nevermind-${version}-linux-${arch}
  lay_out "$stage/$top"
  install -m 0644 assets/icon.png "$stage/$top/nevermind.png"
  sed -e 's|^Exec=nevermind-app|Exec=@DIR@/nevermind-app|' -e 's|^Icon=.*|Icon=@DIR@/nevermind.png|' \
    packaging/linux/app.nevermind.desktop.desktop > "$stage/$top/nevermind.desktop.in"
  notices "$stage/$top/NOTICE.txt"
  cat > "$stage/$top/README.txt" <<'README'
NEVER MIND, unpacked: run ./nevermind-app (the app) or ./nevermind --help (the command line)
from this folder, wherever it is. It needs the system libraries listed in the .deb's Depends
(libGL, the X11 libraries, ALSA or PulseAudio), which desktop Linux systems have.

To add it to your desktop's menu:  ./install-menu-entry.sh   (undo: ./install-menu-entry.sh --remove)
Your data lives in ~/.local/share/nevermind; deleting this folder does not touch it.
README
  cat > "$stage/$top/install-menu-entry.sh" <<'SH'
#!/bin/sh
# Adds (or with --remove, removes) a menu entry for this unpacked copy.
set -e
dir=$(cd "$(dirname "$0")" && pwd)
entry="${XDG_DATA_HOME:-$HOME/.local/share}/applications/app.nevermind.desktop.desktop"
if [ "$1" = --remove ]; then rm -f "$entry"; exit 0; fi
mkdir -p "$(dirname "$entry")"
sed "s|@DIR@|$dir|g" "$dir/nevermind.desktop.in" > "$entry"
echo "added $entry"
SH
  chmod 0755 "$stage/$top/install-menu-entry.sh"
  tar -C "$stage" --owner=0 --group=0 --numeric-owner -czf "$tarball.tmp" "$top"
  mv "$tarball.tmp" "$tarball"
  rm -rf "$stage"; trap - EXIT
  echo "dist: $tarball"
else
  echo "dist: $tarball is up to date"
fi
