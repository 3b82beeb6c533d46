#!/usr/bin/env bash
# Regenerates the `go test -json` golden stream from fixture/ with the real Go toolchain on this machine
# (Debian golang-go; the committed file came from the version in versions.txt). The fixture has a passing,
# failing, skipped, table-driven (subtests), parallel, benchmark and example test, a package that does
# not compile, a package without tests and a package whose test panics. stderr (the compiler's message
# for the broken package) is merged as a CI log would have it: go 1.19 writes build errors as plain text,
# not as JSON events. Benchmarks go to their own stream: go 1.19 skips every benchmark of a run in which
# any package fails to build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/lightning-golden/go
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
export GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$work/.cache" CGO_ENABLED=0
go test -json -p 1 ./... > go-test.jsonl 2>&1 || true
go test -json -bench . -benchtime 100x ./bench > go-bench.jsonl 2>&1
cp go-test.jsonl go-bench.jsonl "$here/"
go version > "$here/versions.txt"
