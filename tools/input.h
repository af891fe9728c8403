/* Input files in memory: mapped, or read when they cannot be. */
#ifndef EML_TOOL_INPUT_H
#define EML_TOOL_INPUT_H

#include <stddef.h>

typedef struct mapped {
    const char *data;
    size_t len;
    void *map; /* munmap this when non-NULL */
    size_t map_len;
    char *heap; /* free this */
} mapped;

/* Maps path ("-" reads standard input fully). On failure returns -1 and
 * stores a message (malloc'd) in *error. */
int input_map(const char *path, mapped *m, char **error);
void input_unmap(mapped *m);

#endif /* EML_TOOL_INPUT_H */
