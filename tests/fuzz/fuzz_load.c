/* libFuzzer target: any bytes as a response file read through a fixed
 * codebook of every type, into an aggregate and the results.  Must never
 * crash or leak, and read = accepted + quarantined + excluded must hold. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentorstat/aggregate.h"
#include "mentorstat/results.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ms_codebook *cb = NULL;
    ms_aggregate *agg = NULL;
    ms_loader *ld = NULL;
    ms_results *res = NULL;
    ms_error err;
    size_t by[2] = {3, 2};
    if (ms_codebook_parse(codebook, sizeof codebook - 1, "cb.csv", &cb, &err) ||
        ms_aggregate_create(cb, by, 2, &agg, &err))
        abort();
    ms_load_options o = {.on_record = add, .record_ctx = agg};
    if (ms_loader_create(cb, &o, &ld, &err))
        abort();
    ms_loader_read_mem(ld, (const char *)data, size, "fuzz.csv", &err);
    ms_tally t = ms_loader_total(ld);
    if (t.read != t.accepted + t.quarantined + t.excluded)
        abort();
    agg->rows = t;
    if (ms_results_compute(agg, NULL, &res, &err) == MS_OK) {
        FILE *devnull = fopen("/dev/null", "w");
        if (devnull) {
            ms_results_write_json(res, devnull);
            fclose(devnull);
        }
    }
    ms_results_destroy(res);
    ms_loader_destroy(ld);
    ms_aggregate_destroy(agg);
    ms_codebook_destroy(cb);
    return 0;
}
