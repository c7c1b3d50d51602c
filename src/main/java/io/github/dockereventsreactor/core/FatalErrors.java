package io.github.dockereventsreactor.core;

/**
 * How an error of the JVM (out of memory, a stack overflow) caught on a thread that would swallow
 * it — a task of a scheduled executor or of a {@code CompletableFuture}, whose errors only their
 * future holds — still reaches the thread's uncaught-exception handler, which ends the process with
 * the status the operator's documentation promises.
 */
public final class FatalErrors {

  private FatalErrors() {}

  /** Hands {@code error} to the current thread's uncaught-exception handler. */
  public static void raise(VirtualMachineError error) {
    Thread thread = Thread.currentThread();
    thread.getUncaughtExceptionHandler().uncaughtException(thread, error);
  }

  /**
   * {@code task}, whose errors of the JVM are {@link #raise raised} before its caller sees them.
   */
  public static Runnable raising(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (VirtualMachineError e) {
        raise(e);
        throw e;
      }
    };
  }
}
