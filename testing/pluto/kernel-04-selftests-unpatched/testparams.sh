# the kernel without the series: every selftest must fail here
KERNEL=unpatched
COMMAND_TIMEOUT=900
