#!/usr/bin/env bash
# Regenerates the go cover golden profiles from fixture/ with the Go toolchain on this machine (Debian golang-go;
# version in versions.txt), once per mode:
#   cover-set.out, cover-count.out, cover-atomic.out   go test -covermode=<mode> -coverpkg=./... -coverprofile=...
#   cover-func.txt                                     go tool cover -func on the count profile: the tool's own
#                                                      per-function summary that the tests compare with
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/tmp/lightning-golden/coverage/go
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/fixture/." "$work/"
cd "$work"
export GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$work/.cache" CGO_ENABLED=0
for mode in set count atomic; do
    go test -p 1 -covermode=$mode -coverpkg=./... -coverprofile=cover-$mode.out ./...
done
go tool cover -func=cover-count.out > cover-func.txt
cp cover-set.out cover-count.out cover-atomic.out cover-func.txt "$here/"
go version > "$here/versions.txt"
