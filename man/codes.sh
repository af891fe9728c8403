#!/bin/sh
# Keeps the code tables of man/man3/eml_errors.3 in step with the X-macro
# lists in include/eml.h. Run after adding a code:
#     sh man/codes.sh update        rewrites the tables in the page
#     sh man/codes.sh errors|defects   prints NAME<TAB>VALUE<TAB>TEXT lines
# tests/scripts/docs.sh uses the same expansion to check the committed page.
CC=${CC:-cc}
dir=$(dirname "$0")/..
page=$dir/man/man3/eml_errors.3

rows() {
    # The preprocessor expands the map; every row starts with @@.
    printf '#include "eml.h"\n#define ROW(n, v, t) @@n|v|t\n%s(ROW)\n' "$1" |
        $CC -E -P -I"$dir/include" -x c - |
        { tr -d '\n'; echo; } | sed 's/@@/\n/g' |
        sed -n 's/^ *\([A-Z0-9_]*\) *| *\(-\{0,1\}\) *\([0-9]*\) *| *"\(.*\)" *$/\1\t\2\3\t\4/p'
}

cap='function cap(s) { return toupper(substr(s, 1, 1)) substr(s, 2) }
     function minus(v) { sub(/^-/, "\\-", v); return v }'

# troff rows: a tagged paragraph per code; defects in groups by tens.
troff() {
    rows EML_ERROR_MAP | awk -F '\t' "$cap"'{ printf ".TP\n.BR EML_%s \" (%s)\"\n%s.\n", $1, minus($2), cap($3) }' > "$1.errors"
    rows EML_DEFECT_MAP | awk -F '\t' "$cap"'
        function group(v) {
            if (v < 20) return "Header fields (RFC 5322 section 2)"
            if (v < 50) return "MIME structure (RFC 2045, 2046, 2183)"
            if (v < 60) return "Transfer decoding (RFC 2045 section 6)"
            if (v < 70) return "Charsets"
            if (v < 80) return "Encoded words (RFC 2047)"
            return "Addresses, dates and message ids (RFC 5322 section 3)"
        }
        { g = group($2 + 0)
          if (g != last) { printf ".SS %s\n", g; last = g }
          printf ".TP\n.BR EML_DEFECT_%s \" (%s)\"\n%s.\n", $1, $2, cap($3) }' > "$1.defects"
}

case $1 in
    errors) rows EML_ERROR_MAP ;;
    defects) rows EML_DEFECT_MAP ;;
    update)
        tmp=$(mktemp) || exit 1
        troff "$tmp"
        awk -v ef="$tmp.errors" -v df="$tmp.defects" '
            /^\.\\" END / { skip = 0 }
            !skip { print }
            /^\.\\" BEGIN ERRORS/ { while ((getline l < ef) > 0) print l; skip = 1 }
            /^\.\\" BEGIN DEFECTS/ { while ((getline l < df) > 0) print l; skip = 1 }
        ' "$page" > "$tmp" && cat "$tmp" > "$page"
        rm -f "$tmp" "$tmp.errors" "$tmp.defects" ;;
    *) echo "usage: $0 update|errors|defects" >&2; exit 2 ;;
esac
