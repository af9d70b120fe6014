#!/usr/bin/env bash
# Builds libvpx (VP8) and libopus for Windows with MinGW-w64, as static
# libraries, from Debian's source packages (the upstream tarball pinned by
# its checksum below, Debian's patches on top), once per version, into
# CACHE/codecs-windows-amd64/{include,lib}. The apt sources are the
# system's own, with deb-src added in a private copy: nothing on the system
# is changed. Needs nasm (libvpx's assembly) and MinGW-w64.
#
#   scripts/codecs-windows.sh CACHE
set -euo pipefail
cache=${1:?usage: codecs-windows.sh CACHE}
mkdir -p "$cache"
cache=$(readlink -f "$cache")
out=$cache/codecs-windows-amd64
VPX_VERSION=1.12.0
VPX_ORIG_SHA256=f1acc15d0fd0cb431f4bf6eac32d5e932e40ea1186fe78e074254d6d003957bb
OPUS_VERSION=1.3.1
OPUS_ORIG_SHA256=65b58e1e25b2a114157014736a3d9dfeaad8d41be1c8179866f144a2fb44ff9d
stamp="vpx $VPX_VERSION $VPX_ORIG_SHA256 opus $OPUS_VERSION $OPUS_ORIG_SHA256 mingw posix"

if [[ -f $out/.stamp && $(cat "$out/.stamp") == "$stamp" && -f $out/lib/libvpx.a && -f $out/lib/libopus.a ]]; then
  echo "codecs: libvpx $VPX_VERSION and libopus $OPUS_VERSION for Windows already built ($out)"
  exit 0
fi
command -v nasm >/dev/null || { echo "codecs: nasm is missing (scripts/deps-system.sh installs it)"; exit 1; }
command -v x86_64-w64-mingw32-gcc-posix >/dev/null || { echo "codecs: MinGW-w64 is missing (scripts/deps-system.sh installs it)"; exit 1; }

work=$cache/codecs-src
mkdir -p "$work"
# A private apt with the system's sources plus their deb-src twins.
apt=$work/apt
mkdir -p "$apt/sources" "$apt/lists/partial" "$apt/cache/archives/partial"
rm -f "$apt/sources/"*
n=0
for f in /etc/apt/sources.list.d/*.sources; do
  [[ -f $f ]] || continue
  sed -E 's/^Types:.*/Types: deb deb-src/' "$f" > "$apt/sources/$(basename "$f")"; n=$((n+1))
done
if [[ -f /etc/apt/sources.list ]]; then
  { grep -E '^deb ' /etc/apt/sources.list || true; grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' || true; } > "$apt/sources/system.list"
  [[ -s $apt/sources/system.list ]] && n=$((n+1)) || rm "$apt/sources/system.list"
fi
((n > 0)) || { echo "codecs: no apt sources on this system to take Debian's source packages from"; exit 1; }
APTO=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt/sources" -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o "APT::Sandbox::User=root")

fetch() { # package version orig-sha256 -> the unpacked source directory
  local pkg=$1 ver=$2 sum=$3 dir
  dir=$work/$pkg-$ver
  if [[ ! -f $dir/.unpacked ]]; then
    local orig
    orig=$(ls "$work/${pkg}_$ver.orig.tar."* 2>/dev/null | head -1 || true)
    if [[ -z $orig ]] || ! ls "$work/${pkg}_$ver"-*.dsc >/dev/null 2>&1; then
      echo "codecs: fetching Debian's $pkg $ver source" >&2
      apt-get "${APTO[@]}" -qq update >&2
      (cd "$work" && apt-get "${APTO[@]}" -qq source --download-only "$pkg" >/dev/null)
      orig=$(ls "$work/${pkg}_$ver.orig.tar."* | head -1)
    fi
    echo "$sum  $orig" | sha256sum -c --quiet - >&2 || { echo "codecs: $orig does not have the pinned checksum" >&2; rm -f "$orig"; exit 1; }
    rm -rf "$dir"
    local dsc
    dsc=$(ls "$work/${pkg}_$ver"-*.dsc | sort -V | tail -1)
    (cd "$work" && dpkg-source --no-check -x "$dsc" "$dir" >/dev/null)
    touch "$dir/.unpacked"
  fi
  echo "$dir"
}

vpx=$(fetch libvpx $VPX_VERSION $VPX_ORIG_SHA256)
opus=$(fetch opus $OPUS_VERSION $OPUS_ORIG_SHA256)
rm -rf "$out.new"
mkdir -p "$out.new"
t0=$SECONDS
echo "codecs: building libvpx $VPX_VERSION for Windows (about 4 minutes on 2 cores)"
b=$work/build-vpx
rm -rf "$b"; mkdir -p "$b"
(cd "$b" && CROSS=x86_64-w64-mingw32- CC=x86_64-w64-mingw32-gcc-posix CXX=x86_64-w64-mingw32-g++-posix \
  "$vpx/configure" --target=x86_64-win64-gcc --prefix="$out.new" --as=nasm \
  --disable-examples --disable-tools --disable-docs --disable-unit-tests --enable-static --disable-shared \
  --enable-vp8 --disable-vp9 > "$work/vpx-build.log" 2>&1 \
  && make -j"$(nproc)" >> "$work/vpx-build.log" 2>&1 && make install >> "$work/vpx-build.log" 2>&1) \
  || { echo "codecs: building libvpx failed (see $work/vpx-build.log)"; tail -20 "$work/vpx-build.log"; exit 1; }
echo "codecs: building libopus $OPUS_VERSION for Windows"
b=$work/build-opus
rm -rf "$b"; mkdir -p "$b"
(cd "$b" && CC=x86_64-w64-mingw32-gcc-posix "$opus/configure" --host=x86_64-w64-mingw32 --prefix="$out.new" \
  --disable-shared --enable-static --disable-doc --disable-extra-programs > "$work/opus-build.log" 2>&1 \
  && make -j"$(nproc)" >> "$work/opus-build.log" 2>&1 && make install >> "$work/opus-build.log" 2>&1) \
  || { echo "codecs: building libopus failed (see $work/opus-build.log)"; tail -20 "$work/opus-build.log"; exit 1; }
cp "$vpx/LICENSE" "$out.new/LICENSE.libvpx"; cp "$vpx/PATENTS" "$out.new/PATENTS.libvpx"; cp "$opus/COPYING" "$out.new/COPYING.libopus"
echo "$stamp" > "$out.new/.stamp"
rm -rf "$out"; mv "$out.new" "$out"
echo "codecs: built in $((SECONDS - t0)) s ($out)"
