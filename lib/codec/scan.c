/*
 * Scanning kernels used by the parser and the text layer, dispatched to
 * the implementation chosen at run time (lib/codec/cpu.c).
 */
#include "codec/arch/arch.h"

int eml__utf8_valid(int impl, const char *s, size_t len)
{
    if (len == 0)
        return 1;
    return eml__impl_kernels(impl)->utf8_valid(s, len);
}

const char *eml__find_dashdash_line(int impl, const char *from, const char *end)
{
    if (end - from < 2)
        return end;
    return eml__impl_kernels(impl)->find_dashdash_line(from, end);
}
