#!/bin/sh
# The shared library exports eml_* and nothing else, under the soname
# libeml.so.MAJOR (visibility + version script; STYLE.md "ABI").
BUILD=${BUILD:-build}
so=$BUILD/libeml.so
command -v nm >/dev/null 2>&1 || { echo "symbols: nm not found, skipped"; exit 77; }
[ -f "$so" ] || { echo "symbols: $so missing"; exit 1; }
fail=0

syms=$(nm -D --defined-only "$so" | awk 'NF >= 3 { print $3 }' | sed 's/@.*//' | sort -u)
[ -n "$syms" ] || { echo "symbols: no exported symbols in $so"; exit 1; }
bad=$(printf '%s\n' "$syms" | grep -v '^eml_[a-z0-9_]*$' || true)
if [ -n "$bad" ]; then
    echo "symbols: exported names without the eml_ prefix:"
    printf '   %s\n' $bad
    fail=1
fi
internal=$(printf '%s\n' "$syms" | grep '^eml__' || true)
if [ -n "$internal" ]; then
    echo "symbols: internal eml__ names exported:"
    printf '   %s\n' $internal
    fail=1
fi

# Every exported function is declared EML_API in the public header, and
# every EML_API function is exported.
declared=$(sed -n 's/^EML_API[^(]*[^a-z0-9_]\(eml_[a-z0-9_]*\)(.*/\1/p' include/eml.h | sort -u)
extra=$(printf '%s\n' "$syms" | grep -vxF "$declared" || true)
missing=$(printf '%s\n' "$declared" | grep -vxF "$syms" || true)
[ -z "$extra" ] || { echo "symbols: exported but not in include/eml.h:"; printf '   %s\n' $extra; fail=1; }
[ -z "$missing" ] || { echo "symbols: declared EML_API but not exported:"; printf '   %s\n' $missing; fail=1; }

major=$(sed -n 's/^#define EML_VERSION_MAJOR *\([0-9]*\).*/\1/p' include/eml.h)
soname=$(readelf -d "$so" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
if [ "$soname" != "libeml.so.$major" ]; then
    echo "symbols: soname is '$soname', expected libeml.so.$major"
    fail=1
fi
[ -L "$BUILD/libeml.so.$major" ] || { echo "symbols: $BUILD/libeml.so.$major link missing"; fail=1; }

n=$(printf '%s\n' "$syms" | wc -l)
[ $fail -eq 0 ] && echo "symbols: $n exported, all eml_*, soname $soname"
exit $fail
