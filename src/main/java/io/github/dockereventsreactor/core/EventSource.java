package io.github.dockereventsreactor.core;

/** A stream of Docker events that the reactor consumes until it is closed. */
public interface EventSource extends AutoCloseable {

  /**
   * Delivers events to the sink on the calling thread until {@link #close()}; survives failures.
   */
  void run(EventSink sink) throws InterruptedException;

  /** Stops reading; {@link #run} returns soon after. */
  @Override
  void close();
}
