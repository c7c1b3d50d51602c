package io.github.dockereventsreactor.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The connections the short requests share (inspect, info, the lists): at most {@code size} at
 * once, each on a client of one connection of its own. A call takes a slot for its duration and
 * gives it back with its answer; a call abandoned at its deadline has its client closed, which
 * aborts its connection (a Unix socket has no read timeout: the engine may never answer) and ends
 * its wait, and the slot is free again at once. One pool shared by every call held a connection for
 * each abandoned call until the engine answered: sixteen containers whose shim hangs took the whole
 * pool, and every later inspect and container action failed until a restart.
 */
final class RequestSlots implements AutoCloseable {

  private final Supplier<DockerHttpClient> fresh;
  private final int size;
  private final Semaphore free;
  // Clients whose connection answered and is kept alive for the next call.
  private final Deque<DockerHttpClient> idle = new ArrayDeque<>();
  private boolean closed;

  RequestSlots(int size, Supplier<DockerHttpClient> fresh) {
    this.size = size;
    this.fresh = fresh;
    this.free = new Semaphore(size);
  }

  /**
   * A slot for one call, waited for until {@code deadlineNanos} on {@link System#nanoTime}; throws
   * when every slot stayed taken until then.
   */
  Slot take(String what, long deadlineNanos) {
    try {
      if (!free.tryAcquire(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
        throw new EngineException(
            "no answer to "
                + what
                + " within "
                + Engine.REQUEST_TIMEOUT.toSeconds()
                + " s: the "
                + size
                + " connections to the engine were all waiting for answers");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while waiting for " + what);
    }
    DockerHttpClient client;
    synchronized (this) {
      client = idle.poll();
    }
    try {
      return new Slot(client != null ? client : fresh.get());
    } catch (RuntimeException e) {
      free.release();
      throw e;
    }
  }

  /** One call's client: given back when the call ends, or cut when it is abandoned. */
  final class Slot {
    private final DockerHttpClient client;
    private boolean over;

    private Slot(DockerHttpClient client) {
      this.client = client;
    }

    DockerHttpClient client() {
      return client;
    }

    /** The call ended, answered or not: its client serves the next call. */
    void giveBack() {
      if (end()) {
        boolean keep;
        synchronized (RequestSlots.this) {
          keep = !closed;
          if (keep) {
            idle.push(client);
          }
        }
        if (!keep) {
          closeQuietly(client);
        }
        free.release();
      }
    }

    /** The call was abandoned at its deadline: its connection is aborted, its slot freed. */
    void cut() {
      if (end()) {
        closeQuietly(client);
        free.release();
      }
    }

    /** True for the first of giveBack and cut only: the call and its deadline race. */
    private synchronized boolean end() {
      boolean first = !over;
      over = true;
      return first;
    }
  }

  private static void closeQuietly(DockerHttpClient client) {
    try {
      client.close();
    } catch (IOException e) {
      // its connection is gone either way
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      idle.forEach(RequestSlots::closeQuietly);
      idle.clear();
    }
  }
}
