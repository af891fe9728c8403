#!/bin/sh
# make install into a temporary DESTDIR, then build an example against the
# installed copy using nothing but pkg-config (shared and --static), read a
# page with man, and make uninstall, which must leave no file behind.
BUILD=${BUILD:-build}
CC=${CC:-cc}
MAKE=${MAKE:-make}
command -v pkg-config >/dev/null 2>&1 || { echo "install: pkg-config not installed, skipped"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/root
fail=0
err() { echo "install: $*"; fail=1; }
SAN=
nm "$BUILD/libeml.a" 2>/dev/null | grep -q '__asan_\|__ubsan_' && SAN="-fsanitize=address,undefined"

if ! $MAKE -s install PREFIX=/usr DESTDIR="$dest" BUILD="$BUILD" > "$tmp/log" 2>&1; then
    cat "$tmp/log"; err "make install failed"; exit 1
fi
major=$(sed -n 's/^#define EML_VERSION_MAJOR *\([0-9]*\).*/\1/p' include/eml.h)
minor=$(sed -n 's/^#define EML_VERSION_MINOR *\([0-9]*\).*/\1/p' include/eml.h)
patch=$(sed -n 's/^#define EML_VERSION_PATCH *\([0-9]*\).*/\1/p' include/eml.h)
version=$major.$minor.$patch
for f in usr/include/eml.h usr/lib/libeml.a "usr/lib/libeml.so.$version" usr/lib/pkgconfig/libeml.pc \
         usr/bin/eml usr/share/man/man1/eml.1 usr/share/man/man3/libeml.3 \
         usr/share/man/man3/eml_parse.3 usr/share/man/man3/eml_errors.3; do
    [ -f "$dest/$f" ] || err "not installed: /$f"
done
[ "$(readlink "$dest/usr/lib/libeml.so.$major")" = "libeml.so.$version" ] || err "libeml.so.$major does not link to libeml.so.$version"
[ "$(readlink "$dest/usr/lib/libeml.so")" = "libeml.so.$major" ] || err "libeml.so does not link to libeml.so.$major"
for page in man/man3/*.3; do
    [ -f "$dest/usr/share/$page" ] || err "page not installed: $page"
done
cmp -s include/eml.h "$dest/usr/include/eml.h" || err "installed eml.h differs from include/eml.h"

# pkg-config sees only the installed copy: its own search path is replaced
# and every path it prints is moved under the DESTDIR.
export PKG_CONFIG_LIBDIR="$dest/usr/lib/pkgconfig" PKG_CONFIG_PATH= PKG_CONFIG_SYSROOT_DIR="$dest"
[ "$(pkg-config --modversion libeml)" = "$version" ] || err "pkg-config --modversion: $(pkg-config --modversion libeml 2>&1)"
cflags=$(pkg-config --cflags libeml) libs=$(pkg-config --libs libeml)
case "$cflags $libs" in
    *"$dest/usr/include"*"$dest/usr/lib"*) ;;
    *) err "pkg-config gives '$cflags $libs', not the installed paths" ;;
esac
# The example is compiled from a folder of its own, so the source tree's
# include/ cannot be found by accident.
mkdir "$tmp/user" && cp examples/summary.c "$tmp/user/" && cp examples/sample.eml "$tmp/user/"
cat > "$tmp/want" <<'OUT'
From: Renée Dupont <renee@example.org>
To: Team <team@example.com>
Date: 2025-06-03 09:15:00 +0200
Subject: Rapport mensuel – juin
OUT
(cd "$tmp/user" && $CC $SAN -o summary summary.c $cflags $libs) || err "example does not build with pkg-config --cflags --libs"
if [ -x "$tmp/user/summary" ]; then
    readelf -d "$tmp/user/summary" | grep -q "NEEDED.*libeml.so.$major" || err "shared build does not need libeml.so.$major"
    LD_LIBRARY_PATH="$dest/usr/lib" "$tmp/user/summary" "$tmp/user/sample.eml" > "$tmp/out" 2>&1 || err "shared example failed: $(cat "$tmp/out")"
    cmp -s "$tmp/want" "$tmp/out" || err "shared example printed: $(cat "$tmp/out")"
    LD_LIBRARY_PATH="$dest/usr/lib" ldd "$tmp/user/summary" | grep -q "$dest/usr/lib/libeml.so.$major" ||
        err "shared example does not load the installed library"
fi

if [ -n "$SAN" ]; then
    echo "install: sanitizer build, static link not tried"
else
    static_libs=$(pkg-config --static --libs libeml)
    (cd "$tmp/user" && $CC -static -o summary-static summary.c $cflags $static_libs) ||
        err "example does not build with pkg-config --static --libs ($static_libs)"
    if [ -x "$tmp/user/summary-static" ]; then
        readelf -d "$tmp/user/summary-static" 2>/dev/null | grep -q 'NEEDED.*libeml' && err "static build still needs libeml.so"
        "$tmp/user/summary-static" "$tmp/user/sample.eml" > "$tmp/out" 2>&1 || err "static example failed: $(cat "$tmp/out")"
        cmp -s "$tmp/want" "$tmp/out" || err "static example printed: $(cat "$tmp/out")"
    fi
fi

# The installed tool and pages work.
LD_LIBRARY_PATH="$dest/usr/lib" "$dest/usr/bin/eml" --version 2>&1 | grep -q "$version" || err "installed eml --version"
if command -v man >/dev/null 2>&1; then
    MANWIDTH=80 man -M "$dest/usr/share/man" 3 eml_part_next 2>/dev/null | grep -q 'eml_part_child_count' ||
        err "man -M DESTDIR 3 eml_part_next does not show the shared page"
    MANWIDTH=80 man -M "$dest/usr/share/man" 1 eml 2>/dev/null | grep -q 'EXIT STATUS' || err "man 1 eml does not render"
fi

# Uninstall removes every file and link it installed.
$MAKE -s uninstall PREFIX=/usr DESTDIR="$dest" BUILD="$BUILD" > "$tmp/log" 2>&1 || { cat "$tmp/log"; err "make uninstall failed"; }
left=$(find "$dest" ! -type d)
[ -z "$left" ] && n=0 || n=$(printf '%s\n' "$left" | wc -l)
[ "$n" -eq 0 ] || { err "make uninstall left $n files:"; printf '%s\n' "$left" | head -n 10 | sed 's/^/   /'; }

# Another PREFIX right after: libeml.pc must follow it, not be reused.
$MAKE -s install PREFIX=/opt/eml DESTDIR="$tmp/opt" BUILD="$BUILD" > "$tmp/log" 2>&1 || { cat "$tmp/log"; err "make install PREFIX=/opt/eml failed"; }
grep -qx 'includedir=/opt/eml/include' "$tmp/opt/opt/eml/lib/pkgconfig/libeml.pc" 2>/dev/null ||
    err "libeml.pc for PREFIX=/opt/eml says: $(grep dir= "$tmp/opt/opt/eml/lib/pkgconfig/libeml.pc" 2>&1 | tr '\n' ' ')"

kinds="shared, static"
[ -n "$SAN" ] && kinds="shared"
[ $fail -eq 0 ] && echo "install: installed, built against with pkg-config ($kinds), uninstalled"
exit $fail
