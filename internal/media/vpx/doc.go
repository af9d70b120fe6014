// Package vpx encodes and decodes VP8 through libvpx, for the recordings
// of issue 27: realtime, one thread, a key frame every second, the
// frame's time in milliseconds (the WebM timecode). It is built with the
// vpx tag (and cgo), against the libvpx the build installs (Debian's
// libvpx-dev); without them the package is empty.
package vpx
