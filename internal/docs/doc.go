// Package docs holds the tests that keep the project's documents true of
// the code: the imports column of docs/ARCHITECTURE.md against `go list`,
// and the documents standing alone (no reference outside the repository).
// It has no code of its own.
package docs
