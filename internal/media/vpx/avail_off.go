//go:build !(cgo && codecs)

package vpx

// Available reports whether this binary has libvpx.
const Available = false
