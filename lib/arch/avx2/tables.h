/* Lookup tables of the AVX2 kernels. */
#ifndef EML_ARCH_AVX2_TABLES_H
#define EML_ARCH_AVX2_TABLES_H

extern const unsigned char eml__avx2_compact8[256][8];

#endif
