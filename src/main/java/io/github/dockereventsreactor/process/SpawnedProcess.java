package io.github.dockereventsreactor.process;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;
import io.github.dockereventsreactor.process.PosixSpawn.LibC;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A command {@link PosixSpawn} started, as a {@link Process}: its exit seen by waitpid(2) on a
 * pooled thread (the JDK's own reaper only reaps what the JDK started), its status as the JDK
 * reports it (the exit code, or 128 + the signal), its output and input on the pipes' descriptors.
 */
final class SpawnedProcess extends Process {

  private static final int SIGKILL = 9;
  private static final int SIGTERM = 15;
  private static final int POLLIN = 1;

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
  private final CompletableFuture<Integer> exit;
  private boolean reaped;

  SpawnedProcess(LibC libc, int pid, int outputFd, int inputFd) {
    this.libc = libc;
    this.pid = pid;
    this.output = new OutputPipe(outputFd);
    this.input = inputFd < 0 ? OutputStream.nullOutputStream() : new InputPipe(inputFd);
    this.exit = CompletableFuture.supplyAsync(this::reap, WAITERS);
  }

  private int reap() {
    IntByReference status = new IntByReference();
    while (true) {
      try {
        libc.waitpid(pid, status, 0);
        break;
      } catch (LastErrorException e) {
        if (!PosixSpawn.interrupted(e)) {
          throw e;
        }
      }
    }
    synchronized (this) {
      reaped = true;
    }
    int raw = status.getValue();
    int signal = raw & 0x7f;
    return signal == 0 ? (raw >> 8) & 0xff : 0x80 + signal;
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
    try {
      return exit.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("waitpid " + pid, e.getCause());
    }
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      exit.get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("waitpid " + pid, e.getCause());
    }
  }

  @Override
  public int exitValue() {
    if (!exit.isDone()) {
      throw new IllegalThreadStateException("process " + pid + " has not exited");
    }
    return exit.join();
  }

  @Override
  public boolean isAlive() {
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
        libc.close(fd);
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
