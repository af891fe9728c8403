/* Reading inputs: files are mapped rather than copied; standard input,
 * which cannot be mapped, is read fully. */
#include "input.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_all(int fd, mapped *m, char **error, const char *path)
{
    size_t cap = 65536, len = 0;
    char *p = xmalloc(cap);
    for (;;) {
        if (len == cap) {
            cap *= 2;
            p = xrealloc(p, cap);
        }
        ssize_t n = read(fd, p + len, cap - len);
        if (n == 0)
            break;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *error = xasprintf("%s: %s", path, strerror(errno));
            free(p);
            return -1;
        }
        len += (size_t)n;
    }
    m->heap = p;
    m->data = p;
    m->len = len;
    return 0;
}

int input_map(const char *path, mapped *m, char **error)
{
    memset(m, 0, sizeof *m);
    m->data = "";
    if (strcmp(path, "-") == 0)
        return read_all(STDIN_FILENO, m, error, "standard input");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = xasprintf("%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *error = xasprintf("%s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        *error = xasprintf("%s: %s", path, strerror(EISDIR));
        close(fd);
        return -1;
    }
    int rc = 0;
    if (!S_ISREG(st.st_mode)) {
        rc = read_all(fd, m, error, path); /* a pipe or device */
    } else if (st.st_size > 0) {
        if ((uintmax_t)st.st_size > SIZE_MAX) {
            *error = xasprintf("%s: %s", path, strerror(EFBIG));
            rc = -1;
        } else {
            void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
            if (p == MAP_FAILED) {
                rc = read_all(fd, m, error, path);
            } else {
                m->map = p;
                m->map_len = (size_t)st.st_size;
                m->data = p;
                m->len = (size_t)st.st_size;
            }
        }
    }
    close(fd);
    return rc;
}

void input_unmap(mapped *m)
{
    if (m->map)
        munmap(m->map, m->map_len);
    free(m->heap);
    memset(m, 0, sizeof *m);
}
