# 13 selftests in one command: about 90 s on an idle 2-core machine, and
# CI has run them at a third of that speed.  Each selftest has its own
# limit (run-selftests, 180 s); this one only stops a hung guest.
COMMAND_TIMEOUT=900
