# built by `make kernel-selftests`; the whole output goes to
# OUTPUT/west/tmp/selftests.out, the verdicts to the console (what the
# stock kernel refuses first, and how long each test runs, vary)
/source/testing/kernel/run-selftests /source/build/selftests > /tmp/selftests.out 2>&1
sed -n -e 's/^\(PASS\|FAIL\) \([a-z0-9-]*\).*/\1 \2/p' -e '/^[0-9]* passed, [0-9]* failed$/p' /tmp/selftests.out
