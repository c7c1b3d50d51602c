package io.github.dockereventsreactor.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The daemon's signal handling: SIGTERM and SIGINT stop it gracefully (a second one exits at once);
 * SIGHUP is caught, because the JVM's default for it is to die.
 *
 * <p>{@code sun.misc.Signal} is the JDK's only way to catch a signal (it stays in jdk.unsupported
 * for exactly this). javac's warning about it cannot be suppressed by {@code @SuppressWarnings}, so
 * pom.xml drops it with {@code -XDignore.symbol.file}, and ArchitectureTest keeps this class the
 * only one that names {@code sun.*}.
 */
public final class Signals {

  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  public static void onTermination(Runnable stop) {
    Runnable once =
        new Runnable() {
          private boolean stopping;

          @Override
          public synchronized void run() {
            if (stopping) {
              LOG.warn("second stop signal: exiting at once");
              Runtime.getRuntime().halt(130);
            }
            stopping = true;
            new Thread(stop, "stop").start();
          }
        };
    Signal.handle(new Signal("TERM"), s -> once.run());
    Signal.handle(new Signal("INT"), s -> once.run());
  }

  public static void onHangup(Runnable action) {
    Signal.handle(new Signal("HUP"), s -> action.run());
  }
}
