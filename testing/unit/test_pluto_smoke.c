/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host-side smoke test of the daemon frame: runs the built pluto, whack
 * and ipsec on this machine (no UML), in a temporary run directory,
 * listening on 127.0.0.1 on two free unprivileged ports.
 *
 * Checks: readiness, ping/status/listen answers and exit codes, the
 * "connection layer not loaded" slots, socket mode 0600, refusal of a
 * non-root client (by mode, and by SO_PEERCRED when the mode is
 * loosened), the pid lock, hostile datagrams and control requests,
 * dropped capabilities, shutdown by whack and by SIGTERM, daemon mode,
 * and `ipsec start|status|stop|initnss|checknss`.
 *
 * Paths of the programs come from the build (PROGRAMS_DIR).  Tests that
 * need root (another uid, capabilities) are skipped when not root.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "whack_msg.h"

#ifndef PROGRAMS_DIR
#error "PROGRAMS_DIR must name build/VARIANT/programs"
#endif

#define PLUTO PROGRAMS_DIR "/pluto"
#define WHACK PROGRAMS_DIR "/whack"
#define IPSEC PROGRAMS_DIR "/ipsec"
#define TIMEOUT_MS 15000	/* ASan builds start slowly on a busy machine */

static char rundir[64];
static char ctl[100];
static char ikeport[8], natport[8];
static pid_t pluto_pid;

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/*
 * Run ARGV, stdout+stderr into OUT; the exit status, or -1.  A child
 * still running after TIMEOUT_MS is killed (-1), so a regression that
 * makes a program hang fails the test instead of stalling `make check`.
 */
static int run(char *const argv[], char *out, size_t outsz)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		dup2(p[1], STDERR_FILENO);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	size_t have = 0;
	bool eof = false;
	int status = 0, waited = 0;
	pid_t reaped = 0;
	while (reaped != pid || !eof) {
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		if (!eof && poll(&pfd, 1, 20) > 0) {
			char sink[512];
			char *dst = have + 1 < outsz ? out + have : sink;
			size_t room = have + 1 < outsz ? outsz - 1 - have : sizeof(sink);
			ssize_t n = read(p[0], dst, room);
			if (n <= 0)
				eof = true;
			else if (dst != sink)
				have += (size_t)n;
		} else if (eof) {
			msleep(20);
		}
		if (reaped != pid)
			reaped = waitpid(pid, &status, WNOHANG);
		waited += 20;
		if (waited > TIMEOUT_MS) {
			if (reaped != pid) {
				kill(pid, SIGKILL);
				waitpid(pid, &status, 0);
			}
			close(p[0]);
			out[have] = '\0';
			fprintf(stderr, "timeout: %s %s\n", argv[0], argv[1] ? argv[1] : "");
			return -1;
		}
	}
	out[have] = '\0';
	close(p[0]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#define RUN(out, ...) run((char *const[]){ __VA_ARGS__, NULL }, out, sizeof(out))

static int whack(char *out, size_t outsz, const char *a1, const char *a2, const char *a3)
{
	char *const argv[] = { WHACK, "--ctlsocket", ctl, (char *)a1, (char *)a2,
			       (char *)a3, NULL };
	return run(argv, out, outsz);
}

static uint16_t free_udp_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	return ntohs(sin.sin_port);
}

static pid_t start_pluto_nofork(const char *dir)
{
	char log[128], cfg[128];

	snprintf(log, sizeof(log), "%s/log", dir);
	snprintf(cfg, sizeof(cfg), "%s/no-ipsec.conf", dir);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		execl(PLUTO, PLUTO, "--nofork", "--rundir", dir, "--logfile", log,
		      "--config", cfg, "--listen", "127.0.0.1", "--ikeport", ikeport,
		      "--natikeport", natport, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Poll until pluto answers a ping; false after TIMEOUT_MS. */
static bool wait_ready(const char *ctlpath)
{
	char out[256];

	for (int waited = 0; waited < TIMEOUT_MS; waited += 20) {
		char *const argv[] = { WHACK, "--ctlsocket", (char *)ctlpath, "--ping", NULL };
		if (run(argv, out, sizeof(out)) == 0)
			return true;
		msleep(20);
	}
	return false;
}

/* Poll for PID's exit; its status, or -1 after TIMEOUT_MS. */
static int wait_exit(pid_t pid)
{
	int status;

	for (int waited = 0; waited < TIMEOUT_MS; waited += 20) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		msleep(20);
	}
	return -1;
}

static int setup_pluto(void **state)
{
	snprintf(rundir, sizeof(rundir), "/tmp/xswan-smoke-XXXXXX");
	if (mkdtemp(rundir) == NULL)
		return -1;
	/* Others must reach the socket for the refusal tests to mean anything. */
	chmod(rundir, 0755);
	snprintf(ctl, sizeof(ctl), "%s/pluto.ctl", rundir);
	snprintf(ikeport, sizeof(ikeport), "%u", free_udp_port());
	do
		snprintf(natport, sizeof(natport), "%u", free_udp_port());
	while (strcmp(ikeport, natport) == 0);
	pluto_pid = start_pluto_nofork(rundir);
	if (pluto_pid < 0 || !wait_ready(ctl)) {
		fprintf(stderr, "pluto did not come up; see %s/log\n", rundir);
		return -1;
	}
	return 0;
}

static int teardown_pluto(void **state)
{
	char out[512];

	if (pluto_pid > 0 && kill(pluto_pid, 0) == 0) {
		kill(pluto_pid, SIGTERM);
		wait_exit(pluto_pid);
	}
	RUN(out, "/bin/rm", "-rf", rundir);
	return 0;
}

static void test_ping_and_status(void **state)
{
	char out[8192], want[128];

	assert_int_equal(whack(out, sizeof(out), "--ping", NULL, NULL), 0);
	assert_non_null(strstr(out, "xswan pluto"));
	assert_int_equal(whack(out, sizeof(out), "--status", NULL, NULL), 0);
	snprintf(want, sizeof(want), "interface lo 127.0.0.1:UDP/%s\n", ikeport);
	if (strstr(out, want) == NULL)
		fail_msg("status lacks '%s':\n%s", want, out);
	snprintf(want, sizeof(want), "interface lo 127.0.0.1:UDP/%s (NAT)\n", natport);
	if (strstr(out, want) == NULL)
		fail_msg("status lacks '%s':\n%s", want, out);
	assert_non_null(strstr(out, "config setup options:"));
}

static void test_listen(void **state)
{
	char out[2048];

	assert_int_equal(whack(out, sizeof(out), "--listen", NULL, NULL), 0);
	assert_non_null(strstr(out, "listening for IKE messages"));
}

/* The connection layer answers its verbs; with no config file and no
 * conns, each says what is missing with Libreswan's status codes. */
static void test_connection_verbs_without_conns(void **state)
{
	static const char *const verbs[] = { "--delete", "--initiate", "--terminate", "--route",
		"--unroute" };
	char out[1024];

	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		assert_int_equal(whack(out, sizeof(out), "--name", "west", verbs[i]),
				 WHACK_RC_UNKNOWN_NAME);
		assert_non_null(strstr(out, "no connection named \"west\""));
	}
	/* add reads the config file, which this pluto does not have */
	assert_int_equal(whack(out, sizeof(out), "--name", "west", "--add"), WHACK_RC_FATAL);
	assert_non_null(strstr(out, "no-ipsec.conf"));
	assert_int_equal(whack(out, sizeof(out), "--name", "west", "--rekey-ike"),
			 WHACK_RC_UNKNOWN_NAME);
	assert_non_null(strstr(out, "no connection named \"west\""));
	assert_int_equal(whack(out, sizeof(out), "--trafficstatus", NULL, NULL), WHACK_RC_OK);
	assert_int_equal(whack(out, sizeof(out), "--deletestate", "3", NULL),
			 WHACK_RC_UNKNOWN_NAME);
	assert_non_null(strstr(out, "no state #3"));
}

static void test_whack_without_pluto(void **state)
{
	char out[512];
	char *const argv[] = { WHACK, "--rundir", "/nonexistent-xswan", "--status", NULL };

	assert_int_equal(run(argv, out, sizeof(out)), WHACK_RC_WHACK_PROBLEM);
	assert_non_null(strstr(out, "Pluto is not running"));
}

static void test_socket_mode_0600(void **state)
{
	struct stat st;

	assert_int_equal(stat(ctl, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_uid, geteuid());
}

static void test_non_root_refused(void **state)
{
	char out[1024];

	if (geteuid() != 0 || access("/sbin/runuser", X_OK) != 0)
		skip();
	/* By the socket's mode. */
	int rc = RUN(out, "/sbin/runuser", "-u", "nobody", "--", WHACK,
		     "--ctlsocket", ctl, "--status");
	assert_int_equal(rc, WHACK_RC_WHACK_PROBLEM);
	assert_non_null(strstr(out, "Permission denied"));
	/* By SO_PEERCRED, with the mode loosened on purpose. */
	assert_int_equal(chmod(ctl, 0666), 0);
	rc = RUN(out, "/sbin/runuser", "-u", "nobody", "--", WHACK,
		 "--ctlsocket", ctl, "--status");
	chmod(ctl, 0600);
	assert_int_equal(rc, WHACK_RC_WHACK_PROBLEM);
	if (strstr(out, "root only") == NULL)
		fail_msg("nobody was not told 'root only':\n%s", out);
	if (strstr(out, "interface") != NULL)
		fail_msg("nobody got status output:\n%s", out);
}

static void test_second_pluto_refused(void **state)
{
	char out[1024];
	int rc = RUN(out, PLUTO, "--nofork", "--stderrlog", "--rundir", rundir,
		     "--listen", "127.0.0.1", "--ikeport", "1", "--natikeport", "2");

	assert_int_equal(rc, 10);	/* Libreswan's PLUTO_EXIT_LOCK_FAIL */
	assert_non_null(strstr(out, "already running"));
	assert_int_equal(kill(pluto_pid, 0), 0);
}

static int udp_to(const char *port, const void *p, size_t n)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons((uint16_t)atoi(port)),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	ssize_t r = sendto(fd, p, n, 0, (struct sockaddr *)&sin, sizeof(sin));
	close(fd);
	return r == (ssize_t)n ? 0 : -1;
}

static void test_hostile_datagrams(void **state)
{
	static uint8_t big[65000];
	static const uint8_t keepalive[1] = { 0xff };
	static const uint8_t short3[3] = { 0, 0, 0 };
	static const uint8_t marker_only[4] = { 0, 0, 0, 0 };
	static const uint8_t ike_behind_marker[32] = { 0, 0, 0, 0, 1, 2, 3 };
	char out[256];

	memset(big, 0xa5, sizeof(big));
	assert_int_equal(udp_to(ikeport, "", 0), 0);
	assert_int_equal(udp_to(ikeport, big, 1), 0);
	assert_int_equal(udp_to(ikeport, big, sizeof(big)), 0);
	assert_int_equal(udp_to(natport, keepalive, sizeof(keepalive)), 0);
	assert_int_equal(udp_to(natport, short3, sizeof(short3)), 0);
	assert_int_equal(udp_to(natport, marker_only, sizeof(marker_only)), 0);
	assert_int_equal(udp_to(natport, ike_behind_marker, sizeof(ike_behind_marker)), 0);
	assert_int_equal(udp_to(natport, big, sizeof(big)), 0);
	assert_int_equal(whack(out, sizeof(out), "--ping", NULL, NULL), 0);
}

/* Send raw bytes to the control socket; the status pluto ends with, or
 * -1 when it closed without one. */
static int raw_control(const void *p, size_t n)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	uint8_t in[4 * WHACK_FRAME_MAX];
	size_t have = 0;
	ssize_t r;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", ctl);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(write(fd, p, n), (ssize_t)n);
	shutdown(fd, SHUT_WR);
	while (have < sizeof(in) && (r = read(fd, in + have, sizeof(in) - have)) > 0)
		have += (size_t)r;
	close(fd);
	size_t off = 0;
	while (off < have) {
		struct whack_frame f;
		struct diag d;
		size_t used;
		if (whack_frame_decode(BYTES(in + off, have - off), &f, &used, &d) != WHACK_FRAME_OK)
			return -1;
		if (f.type == WHACK_FRAME_END)
			return f.rc;
		off += used;
	}
	return -1;
}

static void test_hostile_control_requests(void **state)
{
	static const uint8_t garbage[40] = "GET / HTTP/1.0\r\n\r\nsome more bytes";
	static const uint8_t huge_len[8] = { 0x7f, 0xff, 0xff, 0xff, 0x58, 0x57, 0x4b, 0x01 };
	static const uint8_t tiny_len[4] = { 0, 0, 0, 1 };
	static const uint8_t truncated[10] = { 0, 0, 0, 18, 0x58, 0x57, 0x4b, 0x01, 0, 2 };
	uint8_t extra[WHACK_REQUEST_MAX + 8];
	struct whack_request req = { .verb = WHACK_PING };
	struct buf b = BUF(extra, sizeof(extra));
	struct diag d;
	char out[256];

	assert_int_equal(raw_control(garbage, sizeof(garbage)), WHACK_RC_BADWHACKMESSAGE);
	assert_int_equal(raw_control(huge_len, sizeof(huge_len)), WHACK_RC_BADWHACKMESSAGE);
	assert_int_equal(raw_control(tiny_len, sizeof(tiny_len)), WHACK_RC_BADWHACKMESSAGE);
	/* A request cut short: pluto waits for the rest, sees EOF, drops it. */
	assert_int_equal(raw_control(truncated, sizeof(truncated)), -1);
	/* A valid request followed by more bytes. */
	assert_true(whack_request_encode(&req, &b, &d));
	memcpy(extra + b.len, "more", 4);
	assert_int_equal(raw_control(extra, b.len + 4), WHACK_RC_BADWHACKMESSAGE);
	/* and pluto still answers */
	assert_int_equal(whack(out, sizeof(out), "--ping", NULL, NULL), 0);
}

/* CapEff/CapBnd from /proc: exactly CAP_NET_ADMIN and CAP_NET_BIND_SERVICE. */
static void test_capabilities_dropped(void **state)
{
	char path[64], line[256];
	const unsigned long long want = (1ULL << 12) | (1ULL << 10);
	int found = 0;

	if (geteuid() != 0)
		skip();
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pluto_pid);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		unsigned long long v;
		if (sscanf(line, "CapEff: %llx", &v) == 1 ||
		    sscanf(line, "CapPrm: %llx", &v) == 1 ||
		    sscanf(line, "CapBnd: %llx", &v) == 1) {
			if (v != want)
				fail_msg("pluto kept %s (want %llx)", line, want);
			found++;
		}
	}
	fclose(f);
	assert_int_equal(found, 3);
}

static void test_shutdown_by_whack(void **state)
{
	char out[256], pidpath[128];

	snprintf(pidpath, sizeof(pidpath), "%s/pluto.pid", rundir);
	assert_int_equal(access(pidpath, F_OK), 0);
	assert_int_equal(whack(out, sizeof(out), "--shutdown", NULL, NULL), 0);
	assert_int_equal(wait_exit(pluto_pid), 0);
	pluto_pid = 0;
	assert_int_equal(access(ctl, F_OK), -1);
	assert_int_equal(access(pidpath, F_OK), -1);
}

static char dir2[64];
static pid_t dir2_child;

static int setup_dir2(void **state)
{
	snprintf(dir2, sizeof(dir2), "/tmp/xswan-smoke2-XXXXXX");
	return mkdtemp(dir2) == NULL ? -1 : 0;
}

static int teardown_dir2(void **state)
{
	char out[256], pidpath[128], pidtext[32] = "";

	if (dir2_child > 0 && waitpid(dir2_child, NULL, WNOHANG) == 0) {
		kill(dir2_child, SIGKILL);
		waitpid(dir2_child, NULL, 0);
	}
	snprintf(pidpath, sizeof(pidpath), "%s/pluto.pid", dir2);
	FILE *f = fopen(pidpath, "r");
	if (f != NULL) {
		if (fgets(pidtext, sizeof(pidtext), f) != NULL && atoi(pidtext) > 1)
			kill((pid_t)atoi(pidtext), SIGTERM);
		fclose(f);
	}
	RUN(out, "/bin/rm", "-rf", dir2);
	return 0;
}

static void test_sigterm_and_daemon_mode(void **state)
{
	char path[128], out[512], log[128], pidpath[128], pidtext[32] = "";

	/* --nofork + SIGTERM: orderly exit 0, files removed. */
	dir2_child = start_pluto_nofork(dir2);
	snprintf(path, sizeof(path), "%s/pluto.ctl", dir2);
	assert_true(wait_ready(path));
	assert_int_equal(kill(dir2_child, SIGTERM), 0);
	assert_int_equal(wait_exit(dir2_child), 0);
	dir2_child = 0;
	assert_int_equal(access(path, F_OK), -1);

	/* Daemon mode: pluto returns only once it answers, no polling. */
	snprintf(log, sizeof(log), "%s/log", dir2);
	int rc = RUN(out, PLUTO, "--rundir", dir2, "--logfile", log, "--config",
		     "/nonexistent", "--listen", "127.0.0.1", "--ikeport", ikeport,
		     "--natikeport", natport);
	assert_int_equal(rc, 0);
	assert_int_equal(RUN(out, WHACK, "--ctlsocket", path, "--ping"), 0);
	snprintf(pidpath, sizeof(pidpath), "%s/pluto.pid", dir2);
	FILE *f = fopen(pidpath, "r");
	assert_non_null(f);
	assert_non_null(fgets(pidtext, sizeof(pidtext), f));
	fclose(f);
	pid_t dpid = (pid_t)atoi(pidtext);
	assert_true(dpid > 1);
	assert_int_equal(RUN(out, WHACK, "--ctlsocket", path, "--shutdown"), 0);
	for (int waited = 0; kill(dpid, 0) == 0 && waited < TIMEOUT_MS; waited += 20)
		msleep(20);
	assert_int_not_equal(kill(dpid, 0), 0);
}

static char ipsec_dir[64];

static int setup_ipsec(void **state)
{
	static char env_nss[96], env_opts[256];

	snprintf(ipsec_dir, sizeof(ipsec_dir), "/tmp/xswan-smoke3-XXXXXX");
	if (mkdtemp(ipsec_dir) == NULL)
		return -1;
	snprintf(env_nss, sizeof(env_nss), "%s/nss", ipsec_dir);
	snprintf(env_opts, sizeof(env_opts),
		 "--listen 127.0.0.1 --ikeport %s --natikeport %s --logfile %s/log",
		 ikeport, natport, ipsec_dir);
	setenv("IPSEC_RUNDIR", ipsec_dir, 1);
	setenv("IPSEC_NSSDIR", env_nss, 1);
	setenv("PLUTO_OPTIONS", env_opts, 1);
	setenv("IPSEC_CONF", "/nonexistent/ipsec.conf", 1);
	setenv("IPSEC_EXECDIR", PROGRAMS_DIR, 1);
	return 0;
}

/* Whatever the test did, leave no pluto and no directory behind. */
static int teardown_ipsec(void **state)
{
	char out[1024], pidpath[128], pidtext[32] = "";

	snprintf(pidpath, sizeof(pidpath), "%s/pluto.pid", ipsec_dir);
	FILE *f = fopen(pidpath, "r");
	if (f != NULL) {
		if (fgets(pidtext, sizeof(pidtext), f) != NULL && atoi(pidtext) > 1)
			kill((pid_t)atoi(pidtext), SIGTERM);
		fclose(f);
	}
	RUN(out, "/bin/rm", "-rf", ipsec_dir);
	unsetenv("PLUTO_OPTIONS");
	return 0;
}

static void test_ipsec_command(void **state)
{
	char out[4096];

	assert_int_equal(RUN(out, "/bin/sh", IPSEC, "start"), 0);
	assert_int_equal(RUN(out, "/bin/sh", IPSEC, "status"), 0);
	assert_non_null(strstr(out, "interface lo 127.0.0.1"));
	assert_int_equal(RUN(out, "/bin/sh", IPSEC, "up", "west"), WHACK_RC_UNKNOWN_NAME);
	assert_int_equal(RUN(out, "/bin/sh", IPSEC, "auto", "--add", "west"), WHACK_RC_FATAL);
	assert_int_equal(RUN(out, "/bin/sh", IPSEC, "stop"), 0);
	assert_non_null(strstr(out, "pluto stopped"));
	assert_int_equal(RUN(out, "/bin/sh", IPSEC, "status"), WHACK_RC_WHACK_PROBLEM);
	assert_int_equal(RUN(out, "/bin/sh", IPSEC, "bogus"), 1);
	if (access("/usr/bin/certutil", X_OK) == 0) {
		assert_int_equal(RUN(out, "/bin/sh", IPSEC, "checknss"), 0);
		assert_int_equal(RUN(out, "/bin/sh", IPSEC, "initnss"), 1);
		assert_non_null(strstr(out, "already exists"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ping_and_status),
		cmocka_unit_test(test_listen),
		cmocka_unit_test(test_connection_verbs_without_conns),
		cmocka_unit_test(test_whack_without_pluto),
		cmocka_unit_test(test_socket_mode_0600),
		cmocka_unit_test(test_non_root_refused),
		cmocka_unit_test(test_second_pluto_refused),
		cmocka_unit_test(test_hostile_datagrams),
		cmocka_unit_test(test_hostile_control_requests),
		cmocka_unit_test(test_capabilities_dropped),
		/* these end or replace the shared pluto: keep them last */
		cmocka_unit_test(test_shutdown_by_whack),
		cmocka_unit_test_setup_teardown(test_sigterm_and_daemon_mode, setup_dir2, teardown_dir2),
		cmocka_unit_test_setup_teardown(test_ipsec_command, setup_ipsec, teardown_ipsec),
	};
	return cmocka_run_group_tests(tests, setup_pluto, teardown_pluto);
}
