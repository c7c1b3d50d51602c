package io.github.dockereventsreactor.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import io.github.dockereventsreactor.process.PosixSpawn.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A command {@link PosixSpawn} started, as a {@link Process}: its status as the JDK reports it (the
 * exit code, or 128 + the signal), its output and input on the pipes' descriptors. Its exit is seen
 * through a pidfd (Linux 5.3 or later) by whichever thread waits for it, so that a lane's worker
 * can wait for the exit and read the output itself ({@link #drain}): no other thread is woken or
 * created while the command starts, when it would take the CPU from the command's own exec
 * (docs/benchmarks-history.md). Without a pidfd, waitpid(2) on a pooled thread sees the exit (the
 * JDK's own reaper only reaps what the JDK started).
 */
final class SpawnedProcess extends Process {

  private static final int SIGKILL = 9;
  private static final int SIGTERM = 15;
  private static final int POLLIN = 1;
  private static final int WNOHANG = 1;

  /**
   * Each draining thread's buffer for the output, kept from one command to the next: a lane's
   * worker drains one command after another, and the output is handed on before the next read.
   */
  private static final ThreadLocal<byte[]> BUFFERS =
      ThreadLocal.withInitial(() -> new byte[16 * 1024]);

  /** How often a reader blocked on the output looks whether it was closed under it. */
  private static final int POLL_MS = 100;

  private static final ExecutorService WAITERS =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "command wait");
            thread.setDaemon(true);
            return thread;
          });

  private final LibC libc;
  private final int pid;
  private final OutputPipe output;
  private final OutputStream input;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private boolean reaped;
  // The process's pidfd, or -1 without one. Polled only under watching, which closes it once the
  // exit is reaped, so that no thread ever waits on a descriptor number the kernel reused.
  private final int pidfd;
  private final ReentrantLock watching = new ReentrantLock();
  private boolean pidfdOpen;
  private final AtomicBoolean waiterStarted = new AtomicBoolean();

  /** {@code pidfd}: the process's, or -1 to have a pooled thread wait for it. */
  SpawnedProcess(LibC libc, int pid, int pidfd, int outputFd, int inputFd) {
    this.libc = libc;
    this.pid = pid;
    this.output = new OutputPipe(outputFd);
    this.input = inputFd < 0 ? OutputStream.nullOutputStream() : new InputPipe(inputFd);
    this.pidfd = pidfd;
    this.pidfdOpen = pidfd >= 0;
    if (pidfd < 0) {
      startWaiter();
    }
  }

  /** A pooled thread that waits for the exit, for what cannot wait itself. */
  private void startWaiter() {
    if (waiterStarted.getAndSet(true)) {
      return;
    }
    WAITERS.execute(
        () -> {
          try {
            if (pidfd < 0) {
              reaped(reap(0));
            } else {
              waitFor();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            exit.completeExceptionally(e);
          }
        });
  }

  /** waitpid(2): the raw status, or -1 when WNOHANG finds it still running. */
  private int reap(int options) {
    int[] status = new int[1];
    while (true) {
      try {
        return PosixSpawn.Calls.waitpid(pid, status, options) == 0 ? -1 : status[0];
      } catch (LastErrorException e) {
        if (!PosixSpawn.interrupted(e)) {
          throw e;
        }
      }
    }
  }

  private void reaped(int raw) {
    synchronized (this) {
      reaped = true;
    }
    int signal = raw & 0x7f;
    exit.complete(signal == 0 ? (raw >> 8) & 0xff : 0x80 + signal);
  }

  /** True when the exit can be waited for on the caller's thread ({@link #drain}). */
  boolean drains() {
    return pidfd >= 0;
  }

  /**
   * Under watching: reaps the process if its pidfd says it exited, waiting up to {@code timeoutMs}
   * for that; then closes the pidfd.
   */
  private void watchExit(int timeoutMs) {
    if (exit.isDone()) {
      return;
    }
    int[] poll = {pidfd, POLLIN};
    if (poll(poll, timeoutMs) > 0) {
      reapExited();
    }
  }

  /** Under watching, the pidfd readable: the process exited. */
  private void reapExited() {
    int raw = reap(WNOHANG);
    if (raw != -1) {
      reaped(raw);
      if (pidfdOpen) {
        pidfdOpen = false;
        PosixSpawn.Calls.close(pidfd);
      }
    }
  }

  private int poll(int[] fds, int timeoutMs) {
    while (true) {
      try {
        return PosixSpawn.Calls.poll(fds, fds.length / 2, timeoutMs);
      } catch (LastErrorException e) {
        if (!PosixSpawn.interrupted(e)) {
          throw e;
        }
      }
    }
  }

  /** A wait of at most {@link #POLL_MS}, so that an interrupt is seen within that. */
  private static int slice(long nanos) {
    return (int) Math.min(POLL_MS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
  }

  /** What a command writes, to the one thread that {@link #drain drains} it. */
  interface Output {
    void take(byte[] bytes, int length);
  }

  /**
   * Waits on this thread for the exit, reading the output meanwhile (a command never blocks on a
   * full pipe), until the command exited and its output ended: at its end, after {@link #POLL_MS}
   * of silence once the command exited (what holds the pipe then is what it left behind, which the
   * JDK's streams also stop reading at the exit), or {@code graceNanos} after the exit. The output
   * is closed then. Returns the {@link System#nanoTime} at which the exit was seen, or empty when
   * {@code deadline} came first. Only when {@link #drains}.
   */
  OptionalLong drain(Output to, long deadline, long graceNanos) throws InterruptedException {
    byte[] buffer = BUFFERS.get();
    boolean open = true;
    long exited = 0;
    watching.lockInterruptibly();
    try {
      while (true) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        long now = System.nanoTime();
        if (exited == 0 && exit.isDone()) {
          exited = now;
        }
        int[] fds = awaited(open, exited != 0, output.fd, pidfd);
        long left = exited == 0 ? deadline - now : exited + graceNanos - now;
        if (fds.length == 0 || left <= 0) {
          break;
        }
        if (poll(fds, slice(left)) == 0) {
          if (exited != 0) {
            break;
          }
          continue;
        }
        if (open && (fds[1] >>> 16) != 0) {
          open = readInto(to, buffer);
        }
        if (exited == 0 && (fds[fds.length - 1] >>> 16) != 0) {
          reapExited();
        }
      }
      return exited == 0 && !exit.isDone() ? OptionalLong.empty() : OptionalLong.of(exited);
    } finally {
      watching.unlock();
      output.close();
    }
  }

  /**
   * What a drain polls next: the output while it is {@code open}, the pidfd until the exit is
   * {@code reaped}; nothing once both are over. Never the pidfd after the reaping, which closed it:
   * its number may be another descriptor's by then.
   */
  static int[] awaited(boolean open, boolean reaped, int output, int pidfd) {
    if (open) {
      return reaped ? new int[] {output, POLLIN} : new int[] {output, POLLIN, pidfd, POLLIN};
    }
    return reaped ? new int[0] : new int[] {pidfd, POLLIN};
  }

  /** One read of the output; false at its end (or an error reading it). */
  private boolean readInto(Output to, byte[] buffer) {
    try {
      long n = PosixSpawn.Calls.read(output.fd, buffer, buffer.length);
      if (n > 0) {
        to.take(buffer, (int) n);
        return true;
      }
      return false;
    } catch (LastErrorException e) {
      return PosixSpawn.interrupted(e);
    }
  }

  @Override
  public OutputStream getOutputStream() {
    return input;
  }

  @Override
  public InputStream getInputStream() {
    return output;
  }

  /** Standard error shares the output's pipe, as with redirectErrorStream. */
  @Override
  public InputStream getErrorStream() {
    return InputStream.nullInputStream();
  }

  @Override
  public int waitFor() throws InterruptedException {
    while (pidfd >= 0 && !exit.isDone()) {
      watchFor(POLL_MS, TimeUnit.MILLISECONDS.toNanos(POLL_MS));
    }
    try {
      return exit.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("waitpid " + pid, e.getCause());
    }
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    if (pidfd >= 0) {
      long deadline = System.nanoTime() + unit.toNanos(timeout);
      while (!exit.isDone()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        watchFor(slice(left), left);
      }
    }
    try {
      exit.get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("waitpid " + pid, e.getCause());
    }
  }

  /** Waits up to {@code timeoutMs} on the pidfd, or up to {@code lockNanos} for another waiter. */
  private void watchFor(int timeoutMs, long lockNanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (watching.tryLock(lockNanos, TimeUnit.NANOSECONDS)) {
      try {
        watchExit(timeoutMs);
      } finally {
        watching.unlock();
      }
    }
  }

  /** Reaps the process if it has exited, without waiting. */
  private void look() {
    if (pidfd >= 0 && !exit.isDone() && watching.tryLock()) {
      try {
        watchExit(0);
      } finally {
        watching.unlock();
      }
    }
  }

  @Override
  public int exitValue() {
    look();
    if (!exit.isDone()) {
      throw new IllegalThreadStateException("process " + pid + " has not exited");
    }
    return exit.join();
  }

  @Override
  public boolean isAlive() {
    look();
    return !exit.isDone();
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public void destroy() {
    signal(SIGTERM);
  }

  @Override
  public Process destroyForcibly() {
    signal(SIGKILL);
    return this;
  }

  @Override
  public boolean supportsNormalTermination() {
    return true;
  }

  @Override
  public ProcessHandle toHandle() {
    return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("exited: " + pid));
  }

  @Override
  public Stream<ProcessHandle> children() {
    return ProcessHandle.of(pid).map(ProcessHandle::children).orElseGet(Stream::empty);
  }

  @Override
  public Stream<ProcessHandle> descendants() {
    return ProcessHandle.of(pid).map(ProcessHandle::descendants).orElseGet(Stream::empty);
  }

  @Override
  public CompletableFuture<Process> onExit() {
    startWaiter();
    return exit.thenApply(code -> this);
  }

  /** Never a signal to a PID the kernel may have given to another process since the reaping. */
  private synchronized void signal(int signal) {
    if (!reaped) {
      try {
        libc.kill(pid, signal);
      } catch (LastErrorException e) {
        // Already gone.
      }
    }
  }

  /**
   * The read end of the command's output. A reader waits in poll(2), not read(2), so that close()
   * from another thread ends its wait instead of leaving it on a descriptor number the kernel may
   * reuse; the reader closes the descriptor itself.
   */
  private final class OutputPipe extends InputStream {
    private final int fd;
    private volatile boolean closed;
    private boolean released;

    OutputPipe(int fd) {
      this.fd = fd;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      int[] poll = {fd, POLLIN};
      while (!closed) {
        try {
          if (libc.poll(poll, 1, POLL_MS) == 0) {
            if (exit.isDone()) {
              // Exited, and nothing written for a while: what holds the pipe is what the command
              // left behind, which the JDK's streams also stop reading at the exit.
              break;
            }
            continue;
          }
          byte[] chunk = offset == 0 ? buffer : new byte[length];
          long n = libc.read(fd, chunk, new NativeLong(length)).longValue();
          if (n <= 0) {
            return -1;
          }
          if (chunk != buffer) {
            System.arraycopy(chunk, 0, buffer, offset, (int) n);
          }
          return (int) n;
        } catch (LastErrorException e) {
          if (!PosixSpawn.interrupted(e)) {
            throw new IOException("reading the output of pid " + pid, e);
          }
        }
      }
      release();
      return -1;
    }

    @Override
    public void close() {
      closed = true;
      synchronized (this) {
        release();
      }
    }

    private void release() {
      if (!released) {
        released = true;
        PosixSpawn.Calls.close(fd);
      }
    }
  }

  /** The write end of the command's standard input. */
  private final class InputPipe extends OutputStream {
    private final int fd;
    private boolean released;

    InputPipe(int fd) {
      this.fd = fd;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] buffer, int offset, int length) throws IOException {
      if (released) {
        throw new IOException("stdin of pid " + pid + " closed");
      }
      byte[] rest = offset == 0 ? buffer : Arrays.copyOfRange(buffer, offset, offset + length);
      int done = 0;
      while (done < length) {
        byte[] chunk = done == 0 ? rest : Arrays.copyOfRange(rest, done, length);
        try {
          done += (int) libc.write(fd, chunk, new NativeLong(length - done)).longValue();
        } catch (LastErrorException e) {
          if (!PosixSpawn.interrupted(e)) {
            // EPIPE: the command closed its input; the JVM ignores SIGPIPE, so this is the news.
            throw new IOException("writing the input of pid " + pid, e);
          }
        }
      }
    }

    @Override
    public synchronized void close() {
      if (!released) {
        released = true;
        libc.close(fd);
      }
    }
  }
}
