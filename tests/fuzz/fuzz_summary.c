/* libFuzzer target: any bytes as a .msum summary.  Must never crash or leak.
 * A summary read twice with others (analyze a.msum a.msum) is refused when
 * it lists a source, and passes when it lists none.
 * Random bytes almost never carry a valid checksum, so when the first byte
 * is odd the target appends the right checksum line itself: the fuzzer then
 * reaches the record parser, not only the checksum check. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "mentorstat/aggregate.h"
#include "mentorstat/summary.h"

static uint64_t fnv1a64(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

static void read_back(const char *path)
{
    ms_error err;
    ms_codebook *cb = NULL;
    ms_aggregate *agg = NULL;
    ms_summary_info *info = NULL;
    if (ms_summary_info_load(path, &info, &err) == MS_OK) {
        const char *twice[] = {path, path};
        if ((ms_summary_check_sources(twice, 2, &err) == MS_OK) != (info->n_sources == 0))
            abort();
        ms_summary_info_destroy(info);
    }
    if (ms_summary_codebook(path, &cb, &err) != MS_OK)
        return;
    if (ms_aggregate_create(cb, NULL, 0, &agg, &err) == MS_OK)
        ms_summary_read(agg, path, &err);
    ms_aggregate_destroy(agg);
    ms_codebook_destroy(cb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ms_library_init();
    char path[] = "/tmp/fuzz_summary_XXXXXX";
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
    if (size && (data[0] & 1))
        fprintf(f, "checksum,fnv1a64,%016llx\n", (unsigned long long)fnv1a64(data, size));
    fclose(f);
    read_back(path);
    unlink(path);
    return 0;
}
