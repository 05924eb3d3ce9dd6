// libFuzzer front end for a .NET fuzz target (SharpFuzz's Fuzzer.LibFuzzer.Run), built by deploy/fuzz.sh with
// `clang-14 -fsanitize=fuzzer`. libFuzzer owns the loop, the mutations and the corpus; the target runs in one long-lived
// .NET child process that this file starts. They share one System V segment: the first MAP_BYTES are the edge map
// SharpFuzz's instrumentation writes, the rest carries the input. Per input: clear the map, copy the input, send its
// length on the control pipe, wait for a 4-byte status on the status pipe, hand the map to libFuzzer as extra counters
// (that is the coverage libFuzzer sees), and abort on a non-zero status so libFuzzer keeps the input as a crash.
//
// Flags (libFuzzer ignores flags that start with "--"):
//   --target_path=EXE   the program to start (e.g. dotnet)
//   --target_arg=ARG    one argument for it; repeat in order (e.g. --target_arg=Broker.Fuzz.dll --target_arg=tree-head)
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <unistd.h>

enum { MAP_BYTES = 1 << 16, INPUT_BYTES = 1 << 20, CONTROL_FD = 198, STATUS_FD = 199, MAX_ARGS = 32 };

__attribute__((section("__libfuzzer_extra_counters"))) uint8_t broker_edge_counters[MAP_BYTES];

static uint8_t *segment;
static int segment_id = -1;
static int control_fd = -1;
static int status_fd = -1;

static void fail(const char *what) {
  fprintf(stderr, "libfuzzer-dotnet: %s: %s\n", what, strerror(errno));
  exit(1);
}

static void drop_segment(void) {
  if (segment_id >= 0) shmctl(segment_id, IPC_RMID, NULL);
}

static const char *flag_value(const char *arg, const char *name) {
  size_t n = strlen(name);
  return strncmp(arg, name, n) == 0 && arg[n] == '=' ? arg + n + 1 : NULL;
}

// Reads exactly four bytes; returns 0 when the child closed the pipe (it died).
static int read_status(int32_t *status) {
  uint8_t *p = (uint8_t *)status;
  size_t got = 0;
  while (got < sizeof *status) {
    ssize_t n = read(status_fd, p + got, sizeof *status - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("read status");
    if (n == 0) return 0;
    got += (size_t)n;
  }
  return 1;
}

static void write_length(int32_t length) {
  const uint8_t *p = (const uint8_t *)&length;
  size_t put = 0;
  while (put < sizeof length) {
    ssize_t n = write(control_fd, p + put, sizeof length - put);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("write control");
    put += (size_t)n;
  }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  const char *path = NULL;
  char *args[MAX_ARGS + 2];
  int count = 1;
  for (int i = 1; i < *argc; i++) {
    const char *v;
    if ((v = flag_value((*argv)[i], "--target_path"))) path = v;
    else if ((v = flag_value((*argv)[i], "--target_arg")) && count <= MAX_ARGS) args[count++] = (char *)v;
  }
  if (!path) {
    fprintf(stderr, "libfuzzer-dotnet: --target_path=EXE is required\n");
    exit(1);
  }
  args[0] = (char *)path;
  args[count] = NULL;

  segment_id = shmget(IPC_PRIVATE, MAP_BYTES + INPUT_BYTES, IPC_CREAT | IPC_EXCL | 0600);
  if (segment_id < 0) fail("shmget");
  atexit(drop_segment);
  segment = shmat(segment_id, NULL, 0);
  if (segment == (void *)-1) fail("shmat");

  int control[2], status[2];
  if (pipe(control) || pipe(status)) fail("pipe");
  pid_t child = fork();
  if (child < 0) fail("fork");
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the fuzzer
    if (dup2(control[0], CONTROL_FD) < 0 || dup2(status[1], STATUS_FD) < 0) fail("dup2");
    close(control[0]); close(control[1]); close(status[0]); close(status[1]);
    char id[16];
    snprintf(id, sizeof id, "%d", segment_id);
    setenv("__LIBFUZZER_SHM_ID", id, 1);
    setenv("__LIBFUZZER_CONTROL_PIPE_ID", "198", 1);
    setenv("__LIBFUZZER_STATUS_PIPE_ID", "199", 1);
    execvp(path, args);
    fail("exec target");
  }
  close(control[0]);
  close(status[1]);
  control_fd = control[1];
  status_fd = status[0];

  int32_t ready;
  if (!read_status(&ready)) {
    fprintf(stderr, "libfuzzer-dotnet: the target exited before it was ready\n");
    exit(1);
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > INPUT_BYTES) return 0;  // deploy/fuzz.sh sets -max_len far below this
  memset(segment, 0, MAP_BYTES);
  memcpy(segment + MAP_BYTES, data, size);
  write_length((int32_t)size);
  int32_t status;
  int alive = read_status(&status);
  memcpy(broker_edge_counters, segment, MAP_BYTES);
  if (!alive) {
    fprintf(stderr, "libfuzzer-dotnet: the target process died on this input\n");
    abort();
  }
  if (status != 0) {
    fprintf(stderr, "libfuzzer-dotnet: the target reported a crash (status %d)\n", status);
    abort();
  }
  return 0;
}
