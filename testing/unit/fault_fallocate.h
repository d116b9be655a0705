/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For tests linked with -Wl,--wrap=fallocate and fault_fallocate.c: while
 * fallocate_errno is not 0, fallocate() fails with it (a full file
 * system: ENOSPC; one without fallocate: EOPNOTSUPP).
 */
#ifndef TESTING_FAULT_FALLOCATE_H
#define TESTING_FAULT_FALLOCATE_H

extern int fallocate_errno;

#endif
