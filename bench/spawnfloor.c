/* The spawn floor: posix_spawn + wait of the stamp program, N times; prints each duration in ns. */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static long long now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv) {
  int n = atoi(argv[1]);
  char *args[] = {argv[2], argv[3], "0", NULL};
  for (int i = 0; i < n; i++) {
    long long start = now();
    pid_t pid;
    if (posix_spawn(&pid, argv[2], NULL, NULL, args, environ) != 0) {
      return 1;
    }
    int status;
    waitpid(pid, &status, 0);
    printf("%lld\n", now() - start);
  }
  return 0;
}
