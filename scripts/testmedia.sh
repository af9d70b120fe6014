#!/usr/bin/env bash
# Fetches real media that tests use but the repository does not carry:
# astronaut.png (a frontal face, public domain) from Debian's python3-skimage,
# and face.jpg (640x480, frontal) from the gocv module's images.
# Idempotent: the file is kept in testdata/media/ (ignored by git) and the
# package in the deps cache.
set -euo pipefail
cd "$(dirname "$0")/.."
out=testdata/media
cache=${DEPS_CACHE:-$HOME/.cache/nevermind-deps}/deb
mkdir -p "$out" "$cache"
if [[ ! -s $out/face.jpg ]]; then
  dir=$(${GO:-go} mod download -json gocv.io/x/gocv | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
  cp "$dir/images/face.jpg" "$out/face.jpg.tmp"
  chmod 0644 "$out/face.jpg.tmp"
  mv "$out/face.jpg.tmp" "$out/face.jpg"
  echo "testmedia: face.jpg installed in $out"
fi
if [[ -s $out/astronaut.png ]]; then
  echo "testmedia: astronaut.png present"
  exit 0
fi
if ! ls "$cache"/python3-skimage_*.deb >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null; then
    echo "testmedia: not Debian/Ubuntu; put a frontal face photo at $out/astronaut.png to run the face tests" >&2
    exit 0
  fi
  echo "testmedia: fetching python3-skimage (for astronaut.png)"
  (cd "$cache" && apt-get download python3-skimage >/dev/null 2>&1) || {
    apt-get update -qq && (cd "$cache" && apt-get download python3-skimage >/dev/null)
  }
fi
deb=$(ls "$cache"/python3-skimage_*.deb | head -n1)
dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/lib/python3/dist-packages/skimage/data/astronaut.png > "$out/astronaut.png.tmp"
mv "$out/astronaut.png.tmp" "$out/astronaut.png"
echo "testmedia: astronaut.png installed in $out"
