/* libFuzzer target: any bytes as a response file read through a fixed
 * codebook of every type, into an aggregate and the results, on one thread
 * and on two.  Must never crash or leak; read = accepted + quarantined +
 * excluded must hold, and both readings must give the same JSON.  The same
 * bytes as an upload the server judges by ms_looks_like_table (a whole
 * file, or the first part of a longer one). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorstat/aggregate.h"
#include "mentorstat/results.h"
#include "delimiter.h"

static const char codebook[] =
    "name,type,source,label,min,max,reverse,construct,choices,missing\n"
    "id,id,id,,,,,,,\nfio,personal,fio,,,,,,,\nwave,wave,wave,,,,,,1=in|2=out,\n"
    "form,group,form,,,,,,,\nyear,year,year,,,,,,,\nq1,scale,q1,,1,10,,c,,99\n"
    "q2,scale,q2,,1,10,1,c,,\nh,number,h,,,,,,,\nm,multi,m,,,,,,\"1=a|2=b, c\",\n"
    "r,yesno,r,,,,,,,\nch,choice,ch,,,,,,1=x|2=y,\nt,text,t,,,,,,,\nok,consent,ok,,,,,,,\n";

static ms_status add(const ms_record *rec, void *ctx, ms_error *err)
{
    return ms_aggregate_add(ctx, rec, err);
}

/* One reading on the given number of threads: its status, tally and JSON. */
typedef struct {
    ms_status status;
    ms_tally tally;
    char *json;
    size_t json_len;
} outcome;

static outcome read_once(const uint8_t *data, size_t size, unsigned threads)
{
    ms_codebook *cb = NULL;
    ms_aggregate *agg = NULL;
    ms_loader *ld = NULL;
    ms_results *res = NULL;
    ms_error err;
    outcome out = {0};
    size_t by[2] = {3, 2};
    if (ms_codebook_parse(codebook, sizeof codebook - 1, "cb.csv", &cb, &err) ||
        ms_aggregate_create(cb, by, 2, &agg, &err))
        abort();
    ms_load_options o = {.on_record = add, .record_ctx = agg, .threads = threads};
    if (ms_loader_create(cb, &o, &ld, &err))
        abort();
    out.status = ms_loader_read_mem(ld, (const char *)data, size, "fuzz.csv", &err);
    out.tally = ms_loader_total(ld);
    if (out.tally.read != out.tally.accepted + out.tally.quarantined + out.tally.excluded)
        abort();
    ms_aggregate_count_rows(agg, &out.tally);
    FILE *json = open_memstream(&out.json, &out.json_len);
    if (!json)
        abort();
    if (ms_results_compute(agg, NULL, &res, &err) == MS_OK)
        ms_results_write_json(res, json);
    fclose(json);
    ms_results_destroy(res);
    ms_loader_destroy(ld);
    ms_aggregate_destroy(agg);
    ms_codebook_destroy(cb);
    return out;
}

/* Read on one thread and on two: the same status, tally and JSON. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ms_library_init();
    ms_looks_like_table((const char *)data, size, true);
    ms_looks_like_table((const char *)data, size, false);
    outcome one = read_once(data, size, 1), two = read_once(data, size, 2);
    if (one.status != two.status || memcmp(&one.tally, &two.tally, sizeof one.tally) ||
        one.json_len != two.json_len || memcmp(one.json, two.json, one.json_len))
        abort();
    free(one.json);
    free(two.json);
    return 0;
}
