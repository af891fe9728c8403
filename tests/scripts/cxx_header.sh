#!/bin/sh
# include/eml.h is valid C99 and C++11 on its own, warning-free, and a C++
# program links against the library and calls it (STYLE.md "ABI").
BUILD=${BUILD:-build}
CC=${CC:-cc}
CXX=${CXX:-g++}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# A sanitizer build (make asan) needs the same runtime in what links to it.
SAN=
nm "$BUILD/libeml.a" 2>/dev/null | grep -q '__asan_\|__ubsan_' && SAN="-fsanitize=address,undefined"
fail=0

printf '#include "eml.h"\n#include "eml.h"\nint main(void) { return eml_version() == EML_VERSION_NUMBER ? 0 : 1; }\n' > "$tmp/c99.c"
if ! $CC -std=c99 -Wall -Wextra -Wpedantic -Werror -Iinclude -c "$tmp/c99.c" -o "$tmp/c99.o"; then
    echo "cxx_header: include/eml.h does not compile as C99"; fail=1
fi

if ! command -v "$CXX" >/dev/null 2>&1; then
    echo "cxx_header: no C++ compiler ($CXX), skipped"; exit 77
fi

cat > "$tmp/prog.cpp" <<'CPP'
#include "eml.h"
#include <cstdio>
#include <cstring>

int main()
{
    // The header's enums and structs are usable from C++ as they are.
    eml_slice s = { "x", 1 };
    eml_error e = EML_ENOMEM;
    eml_defect d = { EML_DEFECT_LINE_TOO_LONG, 0 };
    if (eml_version() != EML_VERSION_NUMBER) return 1;
    if (std::strcmp(eml_error_name(e), "EML_ENOMEM") != 0) return 2;
    if (std::strcmp(eml_defect_name(d.code), "LINE_TOO_LONG") != 0) return 3;
    std::printf("%s %u %d\n", eml_version_string(), eml_version(), (int)s.len);
    return 0;
}
CPP
if ! $CXX -std=c++11 -Wall -Wextra -Wpedantic -Werror -Iinclude -c "$tmp/prog.cpp" -o "$tmp/prog.o"; then
    echo "cxx_header: include/eml.h does not compile as C++11"; exit 1
fi
if ! $CXX $SAN -o "$tmp/prog" "$tmp/prog.o" "$BUILD/libeml.a" -lpthread; then
    echo "cxx_header: C++ program does not link against $BUILD/libeml.a"; exit 1
fi
out=$("$tmp/prog") || { echo "cxx_header: C++ program failed ($?)"; exit 1; }
major=$(sed -n 's/^#define EML_VERSION_MAJOR *\([0-9]*\).*/\1/p' include/eml.h)
minor=$(sed -n 's/^#define EML_VERSION_MINOR *\([0-9]*\).*/\1/p' include/eml.h)
patch=$(sed -n 's/^#define EML_VERSION_PATCH *\([0-9]*\).*/\1/p' include/eml.h)
want="$major.$minor.$patch $((major * 10000 + minor * 100 + patch)) 1"
[ "$out" = "$want" ] || { echo "cxx_header: C++ program printed '$out', expected '$want'"; exit 1; }

# The same through the shared library.
if ! $CXX $SAN -o "$tmp/prog-so" "$tmp/prog.o" -L"$BUILD" -leml; then
    echo "cxx_header: C++ program does not link against $BUILD/libeml.so"; exit 1
fi
out=$(LD_LIBRARY_PATH=$BUILD "$tmp/prog-so") || { echo "cxx_header: shared C++ program failed"; exit 1; }
[ "$out" = "$want" ] || { echo "cxx_header: shared C++ program printed '$out'"; exit 1; }
[ $fail -eq 0 ] && echo "cxx_header: C99 and C++11 compile, C++ links and runs ($out)"
exit $fail
