#!/bin/sh
# The Go binding's tests (bindings/go), linked with $BUILD/libeml.a through
# cgo. The corpus comparison inside them skips itself when ../shared/corpus
# is absent. The Go caches live in the build folder.
BUILD=${BUILD:-build}
command -v go >/dev/null 2>&1 || { echo "go: go not installed, skipped"; exit 77; }
if [ "$BUILD" != build ]; then
    # The package links build/libeml.a, the plain build, whatever BUILD says.
    echo "go: links build/libeml.a only, skipped for $BUILD"; exit 77
fi
[ -f build/libeml.a ] || { echo "go: build/libeml.a missing"; exit 1; }
[ -x build/eml ] || { echo "go: build/eml missing"; exit 1; }
top=$(pwd)
GOCACHE="$top/build/go/cache" GOPATH="$top/build/go/path" GOPROXY=off GOFLAGS= GOTOOLCHAIN=local \
    EML_TOOL="$top/build/eml" sh -c 'cd bindings/go && go vet ./... && go test -count=1 ./... 2>&1'
