// Package vpx encodes and decodes VP8 through libvpx, for the app's
// recordings: realtime, one thread, a key frame every second, the frame's
// time in milliseconds (the WebM timecode). It is built with the codecs
// tag (and cgo), against the libvpx the build installs (on Linux Debian's
// libvpx-dev, linked statically); without them the package is empty and
// Available is false.
package vpx
