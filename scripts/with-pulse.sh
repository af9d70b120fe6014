#!/usr/bin/env bash
# Runs a command with a private PulseAudio server whose default microphone
# is a virtual one that `paplay --device=mic_sink` feeds (see pulse.sh), and
# stops the server afterwards, whatever the command's result.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rt=$(mktemp -d /tmp/nevermind-pulse.XXXXXX)
cleanup() { "$here/pulse.sh" stop "$rt" || true; rm -rf "$rt"; }
trap cleanup EXIT
"$here/pulse.sh" start "$rt"
export XDG_RUNTIME_DIR=$rt PULSE_RUNTIME_PATH=$rt/pulse NEVERMIND_PULSE=1
"$@"
