package io.github.dockereventsreactor;

import io.github.dockereventsreactor.cli.ReactorCommand;
import io.github.dockereventsreactor.core.ErrorWords;
import org.slf4j.LoggerFactory;

/**
 * The entry point: hands the arguments to the command line and exits with its status. A {@link
 * VirtualMachineError} anywhere (out of memory, a stack overflow) ends the process at once with
 * {@link #FATAL}: a JVM that lost a thread to it is half alive, and a supervisor restarting the
 * reactor from its checkpoint does better than anything it could still do.
 */
public final class Main {

  /** Exit status after a VirtualMachineError. */
  public static final int FATAL = 70;

  private Main() {}

  public static void main(String[] args) {
    Thread.setDefaultUncaughtExceptionHandler(Main::uncaught);
    int status;
    try {
      status = ReactorCommand.commandLine(args).execute(args);
    } catch (VirtualMachineError e) {
      throw fatal(Thread.currentThread(), e);
    }
    System.exit(status);
  }

  private static void uncaught(Thread thread, Throwable error) {
    if (error instanceof VirtualMachineError) {
      throw fatal(thread, error);
    }
    LoggerFactory.getLogger(Main.class)
        .error(
            "thread \"{}\" died of an unexpected failure: {}; please report it with this line",
            thread.getName(),
            ErrorWords.bug(error),
            error);
  }

  /**
   * One line on stderr, written without the logging framework (the heap may be full), then halt: no
   * shutdown hooks, no stop path that could hang on what the error broke.
   */
  @SuppressWarnings("finally")
  private static Error fatal(Thread thread, Throwable error) {
    try {
      System.err.println(
          "docker-events-reactor: fatal "
              + error
              + " in thread \""
              + thread.getName()
              + "\": exiting at once with status "
              + FATAL
              + " (the checkpoint on disk stays valid)");
      System.err.flush();
    } finally {
      Runtime.getRuntime().halt(FATAL);
    }
    return new AssertionError("unreachable: halted");
  }
}
