/* The action every contender runs: appends "<now in ns> <arg>" to FILE. One write with O_APPEND,
 * so concurrent calls never interleave. Latency = that time minus the event's own timeNano. */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  if (argc < 3) {
    return 2;
  }
  char line[256];
  int n = snprintf(line, sizeof line, "%lld%09ld %s\n", (long long)now.tv_sec, now.tv_nsec, argv[2]);
  int fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (fd < 0 || write(fd, line, n) != n) {
    return 1;
  }
  return close(fd);
}
