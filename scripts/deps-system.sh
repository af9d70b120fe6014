#!/usr/bin/env bash
# Installs the system packages NEVER MIND needs to build and test, and only
# those that are missing. On Debian/Ubuntu it uses apt-get (as root, or with
# sudo); elsewhere it prints exactly what to install and fails.
set -euo pipefail

# Build: Fyne (GLFW through cgo), whisper.cpp (cmake, C++), npm for the native
# pieces. Run and test: Xvfb for GUI tests and screenshots, a Hangul font,
# PulseAudio and espeak-ng/sox for audio tests, ffmpeg (videos of other
# kinds, and its tests), OpenCV (the gocv backend, built and tested only).
# Packages: debootstrap (a clean Debian root the .deb is installed into),
# MinGW-w64, NSIS and wine (the Windows build, its installer and its test).
# libvpx-dev and libopus-dev: the VP8 video and Opus audio recordings are
# written in (the codecs tag), linked statically from their .a files; nasm
# for libvpx built for Windows (scripts/codecs-windows.sh). chromium: the
# shared report (internal/share) is opened headless in its tests.
DEB_PACKAGES=(
  pkg-config gcc g++ make cmake git ca-certificates
  libgl1-mesa-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
  nodejs npm
  xvfb xauth imagemagick xdotool xclip
  fonts-nanum
  libasound2 pulseaudio pulseaudio-utils espeak-ng sox praat ffmpeg
  libopencv-dev opencv-data
  libvpx-dev libopus-dev nasm
  chromium
  debootstrap
  gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis wine64
)

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${DEB_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      # nodejs/npm may come from elsewhere (nvm, a vendor build): a working npm is enough.
      if [[ ($p == npm || $p == nodejs) ]] && command -v npm >/dev/null 2>&1; then continue; fi
      missing+=("$p")
    fi
  done
  if ((${#missing[@]} == 0)); then
    echo "deps: system packages: all ${#DEB_PACKAGES[@]} present"
    exit 0
  fi
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "deps: missing system packages: ${missing[*]}" >&2
      echo "deps: run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "deps: installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "deps: system packages installed"
  exit 0
fi

# Not Debian/Ubuntu: say exactly what is needed, and check the tools we can.
need=()
for c in pkg-config cc c++ cmake npm; do command -v "$c" >/dev/null 2>&1 || need+=("$c"); done
case "$(uname -s)" in
  Darwin)
    echo "deps: on macOS install: Xcode command line tools (xcode-select --install), then with Homebrew:"
    echo "      brew install pkg-config cmake node"
    ;;
  MINGW*|MSYS*|CYGWIN*)
    echo "deps: on Windows use MSYS2 MinGW64 and install:"
    echo "      pacman -S mingw-w64-x86_64-gcc mingw-w64-x86_64-pkgconf mingw-w64-x86_64-cmake mingw-w64-x86_64-nodejs make"
    ;;
  *)
    echo "deps: this is not Debian/Ubuntu; install the equivalents of:"
    echo "      ${DEB_PACKAGES[*]}"
    ;;
esac
if ((${#need[@]})); then
  echo "deps: missing commands: ${need[*]}" >&2
  exit 1
fi
echo "deps: build tools present; GUI and audio test tools are not checked on this OS"
