package io.github.dockereventsreactor.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The client every request but the stream and the pings goes through (inspect, info, the list): a
 * pool of connections, swapped for a fresh one as soon as a call on it is abandoned at its
 * deadline. An abandoned call keeps its connection until the engine answers, which on a Unix socket
 * (no read timeout) may be never: sixteen of them held the whole pool, and every later inspect
 * waited for a connection in vain, a thread more each time. The old client is closed once the calls
 * still running on it have ended, which also ends the abandoned ones' wait and frees their threads.
 */
final class RequestPool implements AutoCloseable {

  private final Supplier<DockerHttpClient> fresh;
  private Generation current;

  RequestPool(Supplier<DockerHttpClient> fresh) {
    this.fresh = fresh;
    this.current = new Generation(fresh.get());
  }

  /** One client and the calls still running on it that were not abandoned. */
  private static final class Generation {
    private final DockerHttpClient client;
    private int running;
    private boolean retired;

    Generation(DockerHttpClient client) {
      this.client = client;
    }
  }

  /** One call's use of the pool: closed when the call ends, abandoned at its deadline. */
  final class Lease implements AutoCloseable {
    private final Generation generation;
    private boolean over;

    private Lease(Generation generation) {
      this.generation = generation;
    }

    DockerHttpClient client() {
      return generation.client;
    }

    /** The call was given up: its client is replaced for every later call. */
    void abandon() {
      end(true);
    }

    /** The call ended, answered or failed. */
    @Override
    public void close() {
      end(false);
    }

    private void end(boolean abandoned) {
      DockerHttpClient retired = null;
      synchronized (RequestPool.this) {
        if (over) {
          return;
        }
        over = true;
        generation.running--;
        if (abandoned && generation == current) {
          generation.retired = true;
          current = new Generation(fresh.get());
        }
        if (generation.retired && generation.running == 0) {
          retired = generation.client;
        }
      }
      if (retired != null) {
        closeQuietly(retired);
      }
    }
  }

  /** A lease on the current client, for one call. */
  synchronized Lease lease() {
    current.running++;
    return new Lease(current);
  }

  private static void closeQuietly(DockerHttpClient client) {
    try {
      client.close();
    } catch (IOException e) {
      // its connections are gone either way
    }
  }

  @Override
  public void close() {
    DockerHttpClient last;
    synchronized (this) {
      current.retired = true;
      last = current.client;
    }
    closeQuietly(last);
  }
}
