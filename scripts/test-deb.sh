#!/usr/bin/env bash
# Installs the .deb the way a user meets it and uses what was installed:
# into a clean Debian 12 root (debootstrap, from the mirror apt already
# uses), `apt-get install ./nevermind_….deb` resolves its Depends; then, as
# a user with an empty home, `nevermind doctor --json` passes its core
# checks, `nevermind analyze` measures a WAV, and the app opens under Xvfb
# with Hangul (screenshot: bin/deb-gui.png). The tarball runs from a folder
# of its own. Removing the package keeps the user's data. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) == 0 ]] || { echo "test-deb: needs root (chroot, mount)"; exit 1; }
cache=${DEPS_CACHE:-$HOME/.cache/nevermind-deps}
version=${VERSION:?set VERSION (make test-dist does)}
deb=$PWD/dist/nevermind_${version}_amd64.deb
tarball=$PWD/dist/nevermind-${version}-linux-amd64.tar.gz
[[ -f $deb && -f $tarball ]] || { echo "test-deb: run make dist first ($deb)"; exit 1; }

# The Debian mirror apt is configured with (deb822 or one-line sources).
mirror=$( { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources || true; grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list || true; } \
         | awk '$1 == "URIs:" {print $2} $1 == "deb" {print ($2 ~ /^\[/ ? $3 : $2)}' | grep -v -e security -e updates | head -n1 || true)
[[ -n $mirror ]] || { echo "test-deb: no Debian mirror configured for apt"; exit 1; }

base=$cache/debootstrap/bookworm-minbase.tar
if [[ ! -f $base ]]; then
  echo "test-deb: making a clean Debian 12 root (debootstrap, once)"
  mkdir -p "$(dirname "$base")"
  tmp=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$tmp/root" "$mirror" >"$tmp/debootstrap.log" 2>&1 \
    || { tail -20 "$tmp/debootstrap.log"; exit 1; }
  tar -C "$tmp/root" -cf "$base.tmp" .
  mv "$base.tmp" "$base"
  rm -rf "$tmp"
fi

work=$(mktemp -d)
root=$work/root
disp=":$(( 500 + RANDOM % 400 ))"
xvfb=""
mounts=()
cleanup() {
  [[ -n $xvfb ]] && kill "$xvfb" 2>/dev/null || true
  pkill -f "$root/usr/lib/nevermind" 2>/dev/null || true
  for ((i=${#mounts[@]}-1; i>=0; i--)); do
    umount -R "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
  done
  # Never delete through a mount that is still there (/dev is bound inside):
  # stop, and say which, if one is left; otherwise delete within this one
  # file system only.
  if left=$(findmnt -rn -o TARGET | grep -F "$root/"); then
    echo "test-deb: mounts still in $root, not removing it:"; echo "$left"
    return 1
  fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
mkdir -p "$root"
tar -C "$root" -xf "$base"
for m in proc sys dev dev/pts tmp/.X11-unix; do mkdir -p "$root/$m"; done
mount -t proc proc "$root/proc"; mounts+=("$root/proc")
mount --rbind /sys "$root/sys"; mounts+=("$root/sys")
mount --bind /dev "$root/dev"; mounts+=("$root/dev")
mount --bind /dev/pts "$root/dev/pts"; mounts+=("$root/dev/pts")
mkdir -p /tmp/.X11-unix && mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"; mounts+=("$root/tmp/.X11-unix")
# Downloaded packages are kept between runs (the root itself is new each time).
mkdir -p "$cache/apt-archives/partial" "$root/var/cache/apt/archives"
mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"; mounts+=("$root/var/cache/apt/archives")
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
echo "deb $mirror bookworm main" > "$root/etc/apt/sources.list"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }
as_user() { chroot --userspec=candidate:candidate "$root" env -i PATH=/usr/bin:/bin HOME=/home/candidate LANG=C.UTF-8 "$@"; }

echo "test-deb: apt-get install ./$(basename "$deb") in the clean root"
cp "$deb" "$root/tmp/"
in_root apt-get update -qq >/dev/null
in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" >"$work/install.log" 2>&1 \
  || { tail -30 "$work/install.log"; exit 1; }
in_root useradd -m -s /bin/sh candidate

echo "test-deb: the installed program, as a user with an empty home"
as_user nevermind --version | grep -q "NEVER MIND $version" || { echo "test-deb: --version"; exit 1; }
doc=$(as_user nevermind doctor --json)
echo "$doc" | grep -q '"ok": true' || { echo "$doc"; echo "test-deb: doctor's core checks failed"; exit 1; }
for id in onnxruntime model:blazeface_front_128 model:silero_vad korean_font; do
  echo "$doc" | tr -d '\n' | grep -Eq "\"id\": \"$id\",[^}]*\"status\": \"ok\"" || { echo "$doc"; echo "test-deb: $id is not ok"; exit 1; }
done
echo "$doc" | grep -q '/usr/lib/nevermind/lib/libonnxruntime.so' || { echo "test-deb: ONNX Runtime not from the package"; exit 1; }
espeak-ng -v ko -w "$root/tmp/answer.wav" "저는 팀 프로젝트에서 일정 관리를 맡았습니다. 마감을 지켰습니다." 2>/dev/null
chmod 644 "$root/tmp/answer.wav"
an=$(as_user nevermind analyze --audio /tmp/answer.wav --json)
f0=$(echo "$an" | grep -o '"median_hz": [0-9.]*' | head -n1 | awk '{print $2}')
[[ -n $f0 ]] && awk -v f="$f0" 'BEGIN{exit !(f > 60 && f < 400)}' || { echo "$an" | head -30; echo "test-deb: analyze gave no pitch"; exit 1; }
echo "test-deb: analyze: median F0 $f0 Hz"

# An answer stored as Opus and VP8 WebM, brought in an archive made by this
# checkout's build, analysed again by the installed program.
read -r want_f0 want_pr < <(scripts/webm-answer.sh "$root/tmp/answer.nmx")
chmod 644 "$root/tmp/answer.nmx"
as_user nevermind import /tmp/answer.nmx >"$work/import.log" 2>&1 || { cat "$work/import.log"; echo "test-deb: import failed"; exit 1; }
re=$(as_user nevermind practice --reanalyze 1 --json) || { echo "$re" | tail -20; echo "test-deb: the imported WebM answer was not analysed"; exit 1; }
got_f0=$(echo "$re" | grep -o '"median_hz": [0-9.]*' | head -n1 | awk '{print $2}')
got_pr=$(echo "$re" | grep -o '"present_ratio": [0-9.]*' | head -n1 | awk '{print $2}')
echo "$re" | grep -q '"codec": "VP80"' || { echo "test-deb: the installed program did not read the VP8 video"; exit 1; }
awk -v a="$got_f0" -v b="$want_f0" -v p="$got_pr" -v q="$want_pr" 'BEGIN{d=(a-b)/b; if (d<0) d=-d; e=p-q; if (e<0) e=-e; exit !(d <= 0.01 && e <= 0.02)}' \
  || { echo "test-deb: the imported WebM answer: F0 $got_f0 Hz, face present $got_pr; the checkout's: $want_f0 Hz, $want_pr"; exit 1; }
echo "test-deb: the imported WebM answer analysed again: F0 $got_f0 Hz, face present $got_pr (the checkout's: $want_f0 Hz, $want_pr)"

echo "test-deb: the app under Xvfb"
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
for _ in $(seq 50); do DISPLAY=$disp xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
chroot --userspec=candidate:candidate "$root" env -i PATH=/usr/bin:/bin HOME=/home/candidate LANG=ko_KR.UTF-8 DISPLAY="$disp" \
  OLLAMA_HOST=127.0.0.1:9 nevermind >"$work/app.log" 2>&1 &
win=""
for _ in $(seq 120); do
  win=$(DISPLAY=$disp xdotool search --name "NEVER MIND" 2>/dev/null | head -n1 || true)
  [[ -n $win ]] && break
  sleep 0.5
done
[[ -n $win ]] || { cat "$work/app.log"; echo "test-deb: no window in 60 s"; exit 1; }
sleep 4
mkdir -p bin
DISPLAY=$disp import -window root bin/deb-gui.png
sd=$(convert bin/deb-gui.png -colorspace Gray -format '%[fx:standard_deviation]' info:)
awk -v s="$sd" 'BEGIN{exit !(s > 0.02)}' || { echo "test-deb: the window drew nothing (std dev $sd)"; exit 1; }
grep -i "korean text may not show" "$work/app.log" && { echo "test-deb: no Hangul font"; exit 1; }
pkill -f "$root/usr/lib/nevermind/nevermind-app" || true
echo "test-deb: window drew (std dev $sd); screenshot bin/deb-gui.png"

echo "test-deb: the tarball, unpacked in the user's own folder"
mkdir -p "$root/home/candidate/apps"
tar -C "$root/home/candidate/apps" -xzf "$tarball"
chroot "$root" chown -R candidate:candidate /home/candidate/apps
top=$(basename "$tarball" .tar.gz)
tdoc=$(as_user "/home/candidate/apps/$top/nevermind" doctor --json)
echo "$tdoc" | grep -q '"ok": true' && echo "$tdoc" | grep -q "/home/candidate/apps/$top/lib/libonnxruntime.so" \
  || { echo "$tdoc"; echo "test-deb: the tarball's doctor"; exit 1; }

echo "test-deb: removing the package keeps the user's data"
in_root apt-get purge -y -qq nevermind >/dev/null
[[ ! -e $root/usr/lib/nevermind ]] || { echo "test-deb: files left in /usr/lib/nevermind"; exit 1; }
[[ -s $root/home/candidate/.local/share/nevermind/nevermind.db ]] || { echo "test-deb: the user's data is gone"; exit 1; }
echo "test-deb: ok"
