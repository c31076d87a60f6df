/*
 * quarantine_csv.h — one quarantined row as a line of the --quarantine CSV
 * (file, line, reason, then the row's original cells), shared by every
 * command that takes --quarantine FILE so that the files read alike.
 */
#ifndef MENTORSTAT_QUARANTINE_CSV_H
#define MENTORSTAT_QUARANTINE_CSV_H

#include <stdio.h>
#include "mentorstat/load.h"

/* Nothing is written when the line cannot be built (out of memory). */
void ms_quarantine_csv_line(FILE *f, const ms_quarantined *q);

#endif
