# built by `make kernel-selftests`; one PASS or FAIL line each
/source/testing/kernel/run-selftests /source/build/selftests
