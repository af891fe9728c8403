/*
 * What every file of the library includes first: the public header, built
 * with exported symbols visible, and the standard types. Not API.
 *
 * The library is built in layers, each a folder that uses only the ones
 * before it (tests/scripts/layers.sh checks the includes):
 *   base  < codec < text < mime < api
 *   base:  memory, arenas, scratch buffers, ASCII, hashing, defects, errors
 *   codec: transfer decoders and scanning kernels, CPU dispatch
 *   text:  the RFC 5322 lexer, charsets, encoded words, addresses, dates,
 *          message ids, parameter values
 *   mime:  header tokenizer, Content-Type and parameters, tree builder
 *   api:   the public entry points over the tree
 * Functions shared between files carry the eml__ prefix; everything else
 * is static.
 */
#ifndef EML_BASE_H
#define EML_BASE_H

#ifndef EML_BUILDING_LIBRARY
#define EML_BUILDING_LIBRARY 1
#endif
#include "eml.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The highest eml_option + 1: options are stored by number. */
#define EML__OPTION_COUNT 11

#endif /* EML_BASE_H */
