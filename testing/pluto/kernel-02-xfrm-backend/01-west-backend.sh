# the UBSan build of the backend test; --stable drops SPIs, ports and byte counts
XFRM_BACKEND_TEST=/source/build/ubsan/programs/xfrm-backend-test XFRM_TEST_ARGS="--expect-features sa_dir,unknown_spi,pfp,activate_on_receipt --stable" /source/testing/kernel/xfrm-backend-test.sh
echo "status $?"
