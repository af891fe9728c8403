#!/bin/sh
# No cast in lib/ turns a pointer to a library object into a non-const
# one: what a const part computes on demand lives behind its non-const
# state pointer, so a const object is never written through a cast.
# Flags casts to a non-const eml_* / eml__* pointer type, e.g.
# "(eml_part *)part" or "(eml__defect_list *)&part->defects". Casts of an
# untyped buffer (void *, a growable buffer's .ptr) to its element type
# remove no const and are allowed.
hits=$(grep -rnE '\((struct +)?eml_{1,2}[a-z0-9_]+ *\*+ *\)' lib/ --include='*.c' --include='*.h' |
       grep -vE '\(const ' |
       grep -vE '\*+ *\) *(\(void \*\)|[A-Za-z0-9_>.-]*(\.|->)ptr\b)')
if [ -n "$hits" ]; then
    echo "const_casts: casts to a non-const library pointer in lib/:"
    echo "$hits" | sed 's/^/   /'
    exit 1
fi
echo "const_casts: no cast to a non-const library pointer in lib/"
