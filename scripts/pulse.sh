#!/usr/bin/env bash
# Starts (or stops) a private PulseAudio server with a virtual microphone,
# so that tests can play speech into the real capture path:
#   paplay --device=mic_sink speech.wav   is heard by the default source "virtmic".
# usage: scripts/pulse.sh start DIR | stop DIR   (DIR holds the server's runtime files)
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?runtime dir}
export XDG_RUNTIME_DIR=$dir
export PULSE_RUNTIME_PATH=$dir/pulse
case $cmd in
start)
  mkdir -p "$dir" && chmod 0700 "$dir"
  if ! command -v pulseaudio >/dev/null; then
    echo "pulse: pulseaudio is not installed (make deps installs it)" >&2
    exit 1
  fi
  pulseaudio --kill >/dev/null 2>&1 || true
  pulseaudio -D --exit-idle-time=-1 >/dev/null 2>&1
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
  pactl unload-module module-suspend-on-idle >/dev/null 2>&1 || true
  pactl load-module module-null-sink sink_name=mic_sink sink_properties=device.description=MicSink >/dev/null
  pactl load-module module-remap-source master=mic_sink.monitor source_name=virtmic source_properties=device.description=VirtualMic >/dev/null
  pactl set-default-source virtmic
  echo "pulse: virtual microphone ready (XDG_RUNTIME_DIR=$dir)"
  ;;
stop)
  pulseaudio --kill >/dev/null 2>&1 || true
  ;;
esac
