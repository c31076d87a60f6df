/* libFuzzer target: any bytes as a programme file.  Must never crash or leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "mentorstat/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ms_library_init();
    char path[] = "/tmp/fuzz_programme_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(path);
        return 0;
    }
    fwrite(data, 1, size, f);
    fclose(f);
    ms_programme *p = NULL;
    ms_error err;
    if (ms_programme_load(path, &p, &err) == MS_OK)
        ms_programme_destroy(p);
    unlink(path);
    return 0;
}
