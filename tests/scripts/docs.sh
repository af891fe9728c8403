#!/bin/sh
# The manual is complete and clean:
#  - every function exported by the library or declared EML_API has a page
#    under man/man3 (its own, or a .so link to a page that names it in NAME
#    and declares it in SYNOPSIS);
#  - every error code and defect code of include/eml.h is in eml_errors.3
#    with its value and description, and no code is listed that is not;
#  - every page has the sections of its kind, every eml_*(3) page it cites
#    exists, and groff -ww and man --warnings report nothing;
#  - the EXAMPLE code of every function page compiles, and the complete
#    program of libeml.3 builds and runs;
#  - eml.1 describes every command and option the eml tool knows.
BUILD=${BUILD:-build}
CC=${CC:-cc}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
# A sanitizer build (make asan) needs the same runtime in what links to it.
SAN=
nm "$BUILD/libeml.a" 2>/dev/null | grep -q '__asan_\|__ubsan_' && SAN="-fsanitize=address,undefined"
fail=0
err() { echo "docs: $*"; fail=1; }

command -v groff >/dev/null 2>&1 || { echo "docs: groff not installed (package groff-base), skipped"; exit 77; }

# ---- every function has a page ---------------------------------------------
sed -n 's/^EML_API[^(]*[^a-z0-9_]\(eml_[a-z0-9_]*\)(.*/\1/p' include/eml.h > "$tmp/funcs"
[ -s "$tmp/funcs" ] || err "no EML_API prototypes found in include/eml.h"
if [ -f "$BUILD/libeml.so" ] && command -v nm >/dev/null 2>&1; then
    nm -D --defined-only "$BUILD/libeml.so" | awk 'NF >= 3 { print $3 }' | sed 's/@.*//' >> "$tmp/funcs"
fi
sort -u "$tmp/funcs" -o "$tmp/funcs"

# The names listed in a page's NAME section.
names_of() { sed -n '/^\.SH NAME/{n;p;}' "$1" | sed 's/ \\- .*//' | tr ',' '\n' | tr -d ' '; }

for f in $(cat "$tmp/funcs"); do
    page=man/man3/$f.3
    if [ ! -f "$page" ]; then err "$f: no page man/man3/$f.3"; continue; fi
    target=$page
    so=$(sed -n 's/^\.so  *//p' "$page")
    if [ -n "$so" ]; then
        target=man/$so
        [ -f "$target" ] || { err "$page: .so target $so missing"; continue; }
    fi
    names_of "$target" | grep -qx "$f" || err "$f: not listed in NAME of $target"
    sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$target" | grep -q "$f(" ||
        err "$f: not declared in SYNOPSIS of $target"
done
nfuncs=$(wc -l < "$tmp/funcs")

# ---- every code is documented ----------------------------------------------
codes=man/man3/eml_errors.3
for kind in errors defects; do
    CC=$CC sh man/codes.sh $kind > "$tmp/$kind" || err "man/codes.sh $kind failed"
done
[ "$(wc -l < "$tmp/errors")" -ge 5 ] || err "too few error codes read from include/eml.h"
[ "$(wc -l < "$tmp/defects")" -ge 20 ] || err "too few defect codes read from include/eml.h"
tab=$(printf '\t')
check_code() { # prefix name value text
    v=$(printf '%s' "$3" | sed 's/^-/\\\\-/')
    grep -qx "\.BR $1$2 \" ($v)\"" "$codes" || { err "$1$2 ($3) not documented in $codes"; return; }
    # The description follows the tag line.
    want=$(printf '%s' "$4" | cut -c2-)
    grep -A1 -x "\.BR $1$2 \" ($v)\"" "$codes" | tail -n 1 | grep -qF -- "$want" ||
        err "$1$2: description in $codes differs from include/eml.h ('$4')"
}
while IFS="$tab" read -r name value text; do check_code EML_ "$name" "$value" "$text"; done < "$tmp/errors"
while IFS="$tab" read -r name value text; do check_code EML_DEFECT_ "$name" "$value" "$text"; done < "$tmp/defects"
# Nothing documented that the header does not define.
sed -n 's/^\.BR EML_DEFECT_\([A-Z0-9_]*\) .*/\1/p' "$codes" | sort > "$tmp/doc-defects"
sed -n 's/^\.BR EML_\([A-Z0-9_]*\) .*/\1/p' "$codes" | grep -v '^DEFECT_' | sort > "$tmp/doc-errors"
cut -f1 "$tmp/defects" | sort | comm -13 - "$tmp/doc-defects" | sed 's/^/docs: stale defect in eml_errors.3: /' > "$tmp/stale"
cut -f1 "$tmp/errors" | sort | comm -13 - "$tmp/doc-errors" | sed 's/^/docs: stale error in eml_errors.3: /' >> "$tmp/stale"
[ -s "$tmp/stale" ] && { cat "$tmp/stale"; fail=1; }
ncodes=$(($(wc -l < "$tmp/errors") + $(wc -l < "$tmp/defects")))

# ---- sections, references, formatter warnings --------------------------------
npages=0
for page in man/man3/*.3 man/man1/*.1; do
    grep -q '^\.so ' "$page" && continue
    npages=$((npages + 1))
    base=$(basename "$page")
    case $base in
        eml.1) need="NAME|SYNOPSIS|DESCRIPTION|OPTIONS|EXIT STATUS|SEE ALSO" ;;
        eml_errors.3) need="NAME|SYNOPSIS|DESCRIPTION|ERRORS|DEFECTS|EXAMPLE|SEE ALSO" ;;
        *) need="NAME|SYNOPSIS|DESCRIPTION|RETURN VALUE|EXAMPLE|SEE ALSO" ;;
    esac
    got=$(sed -n 's/^\.SH  *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$page" | grep -xE "$need" | tr '\n' '|' | sed 's/|$//')
    [ "$got" = "$need" ] || err "$page: sections '$got', expected '$need' in that order"
    for ref in $(grep -o '^\.BR [a-z_0-9]* ([0-9])' "$page" | sed 's/^\.BR \([a-z_0-9]*\) (\([0-9]\))/\1.\2/'); do
        case $ref in
            eml_*|libeml.*|eml.1) [ -f "man/man${ref##*.}/$ref" ] || err "$page: cites $ref, which has no page" ;;
        esac
    done
    # groff: warnings of every kind (-ww), output discarded (-z).
    w=$(cd man && groff -ww -man -z -Tutf8 "${page#man/}" 2>&1)
    [ -z "$w" ] || err "$page: groff -ww: $w"
    if command -v man >/dev/null 2>&1; then
        w=$(cd man && MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -E UTF-8 -l "${page#man/}" 2>&1 >/dev/null)
        [ -z "$w" ] || err "$page: man --warnings: $w"
    fi
done
for page in man/man3/*.3; do # every link resolves and renders
    grep -q '^\.so ' "$page" || continue
    w=$(cd man && groff -ww -man -z -Tutf8 "${page#man/}" 2>&1)
    [ -z "$w" ] || err "$page: groff -ww: $w"
done

# ---- examples in the pages compile ------------------------------------------
# Each EXAMPLE block is un-escaped from troff; blocks that define functions
# compile as they are, statement blocks inside a function that has the
# variables the pages use (msg, root, part, alt, buf, len, out).
extract() { # page -> blocks tmp/ex.N
    awk -v dir="$tmp" -v base="$2" '
        /^\.SH EXAMPLE/ { inex = 1; next }
        /^\.SH / { inex = 0 }
        inex && /^\.EX/ { n++; file = sprintf("%s/%s.%d", dir, base, n); next }
        inex && /^\.EE/ { close(file); file = ""; next }
        file != "" { print > file }
    ' "$1"
}
prelude='#include <eml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
'
nex=0
for page in man/man3/*.3; do
    grep -q '^\.so ' "$page" && continue
    base=$(basename "$page" .3)
    extract "$page" "$base"
    for block in "$tmp/$base".[0-9]*; do
        [ -f "$block" ] || continue
        nex=$((nex + 1))
        sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e "s/\\\\('e/e/g" -e "s/\\\\(aq/'/g" "$block" > "$block.body"
        {
            printf '%s' "$prelude"
            if grep -qE '^(#include|static|int main)' "$block.body"; then
                grep -v '^#include' "$block.body"
            else
                printf 'int example(eml_message *msg, const eml_part *root, const eml_part *part,\n'
                printf '            const eml_part *alt, const char *buf, size_t len, FILE *out);\n'
                printf 'int example(eml_message *msg, const eml_part *root, const eml_part *part,\n'
                printf '            const eml_part *alt, const char *buf, size_t len, FILE *out)\n{\n{\n'
                cat "$block.body"
                printf '}\nreturn 0;\n}\n'
            fi
        } > "$block.c"
        $CC -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-function -Wno-unused-parameter \
            -Wno-unused-variable -Wno-unused-but-set-variable -Iinclude -fsyntax-only "$block.c" 2> "$block.err" ||
            { err "$page: EXAMPLE block does not compile:"; sed 's/^/   /' "$block.err" | head -n 8; }
    done
done
[ "$nex" -ge 20 ] || err "only $nex EXAMPLE blocks found"

# The overview's complete program builds, links and runs on the sample.
if [ -f "$tmp/libeml.1.c" ] && [ -f "$BUILD/libeml.a" ]; then
    if $CC $SAN -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Iinclude -o "$tmp/overview" "$tmp/libeml.1.c" "$BUILD/libeml.a" -lpthread 2> "$tmp/ov.err"; then
        if [ -f examples/sample.eml ]; then
            "$tmp/overview" examples/sample.eml > "$tmp/ov.out" 2>&1 || err "libeml.3 example failed on examples/sample.eml"
            grep -q '^Subject: ' "$tmp/ov.out" || err "libeml.3 example printed no Subject line"
            grep -q '^ *multipart/' "$tmp/ov.out" || err "libeml.3 example printed no multipart in the tree"
        fi
    else
        err "libeml.3 EXAMPLE does not link:"; sed 's/^/   /' "$tmp/ov.err" | head -n 8
    fi
else
    err "libeml.3 has no complete program in its EXAMPLE"
fi

# ---- option defaults in eml_options_set.3 match eml_option_bounds() ---------
if [ -f "$BUILD/libeml.a" ]; then
    opts=$(sed -n 's/^ *\(EML_OPT_[A-Z_]*\) *= *[0-9]*,\{0,1\}.*/\1/p' include/eml.h)
    {
        printf '#include <eml.h>\n#include <stdio.h>\nint main(void)\n{\n    int64_t d;\n'
        for o in $opts; do
            printf '    if (eml_option_bounds(%s, NULL, NULL, &d) == EML_OK) printf("%s %%lld\\n", (long long)d);\n' "$o" "$o"
        done
        printf '    return 0;\n}\n'
    } > "$tmp/defaults.c"
    if $CC $SAN -std=c11 -Iinclude -o "$tmp/defaults" "$tmp/defaults.c" "$BUILD/libeml.a" -lpthread 2> "$tmp/def.err"; then
        "$tmp/defaults" > "$tmp/defaults.txt"
        [ -s "$tmp/defaults.txt" ] || err "no option defaults read"
        while read -r o d; do
            grep -qx "\.BR $o \" (default $d)\"" man/man3/eml_options_set.3 ||
                err "eml_options_set.3: $o not documented with its default $d"
        done < "$tmp/defaults.txt"
    else
        err "option defaults probe does not build"; head -n 5 "$tmp/def.err"
    fi
fi

# ---- eml.1 covers the tool ------------------------------------------------------
tool=$BUILD/eml
if [ -x "$tool" ] && "$tool" --help > "$tmp/help" 2>/dev/null; then
    sed -n '/^Commands:/,/^$/p' "$tmp/help" | awk 'NR > 1 && NF { print $1 }' > "$tmp/cmds"
    [ -s "$tmp/cmds" ] || err "eml --help lists no commands"
    for c in $(cat "$tmp/cmds"); do
        sed -n '/^\.SH COMMANDS/,/^\.SH /p' man/man1/eml.1 | grep -qx "\.B $c" ||
            err "eml.1: command '$c' not described under COMMANDS"
        "$tool" "$c" --help >> "$tmp/help" 2>/dev/null
    done
    for o in $(grep -o -- '--[a-z][a-z-]*' "$tmp/help" | sort -u); do
        esc=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
        grep -q -- "$esc" man/man1/eml.1 || err "eml.1: option $o (from eml --help) not documented"
    done
else
    echo "docs: $tool not built; eml.1 not compared with the tool"
fi

[ $fail -eq 0 ] && echo "docs: $nfuncs functions, $ncodes codes, $npages pages, $nex examples checked"
exit $fail
