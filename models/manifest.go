// Package manifest embeds models/manifest.json: every native library, model
// and font that `make deps` fetches, with its source package and SHA-256.
// internal/models reads it; so does `nevermind doctor`.
package manifest

import _ "embed"

// JSON is the manifest document.
//
//go:embed manifest.json
var JSON []byte
