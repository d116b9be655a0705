/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A FILE* whose lines go to syslog, so log.h's file sink can serve a
 * daemon started without --logfile/--stderrlog (Libreswan's default). */
#ifndef PLUTO_LOG_SYSLOG_H
#define PLUTO_LOG_SYSLOG_H

#include <stdio.h>

FILE *log_syslog_open(const char *ident);

#endif
