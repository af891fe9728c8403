#!/bin/sh
# Part of make bench: the Go binding side by side with Go's standard library
# (net/mail, mime/multipart) doing the same work on the corpus of real
# messages (bindings/go/bench). Prints one line and does nothing without go
# or without the corpus. Arguments go to the benchmark (-rounds N, -repeat N).
BUILD=${BUILD:-build}
corpus=${EML_CORPUS:-../shared/corpus}
command -v go >/dev/null 2>&1 || { echo "go bench: go not installed, skipped"; exit 0; }
[ "$BUILD" = build ] || { echo "go bench: links build/libeml.a only, skipped for $BUILD"; exit 0; }
[ -d "$corpus" ] || { echo "go bench: corpus not found at $corpus, skipped"; exit 0; }
top=$(pwd)
corpus=$(cd "$corpus" && pwd)
mkdir -p build/bench
(cd bindings/go && GOCACHE="$top/build/go/cache" GOPATH="$top/build/go/path" GOPROXY=off GOFLAGS= \
    GOTOOLCHAIN=local go build -o "$top/build/bench/eml-gobench" ./bench) || exit 1
exec build/bench/eml-gobench -corpus "$corpus" "$@"
