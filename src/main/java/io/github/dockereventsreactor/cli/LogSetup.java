package io.github.dockereventsreactor.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The log set-up, in code rather than logback.xml: parsing XML loaded Joran and Xerces, classes
 * that stayed in the daemon's memory for a dozen lines of configuration. Found by logback through
 * {@code META-INF/services}.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

  private static final String APPENDER = "STDERR";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName(APPENDER);
    appender.setTarget("System.err");
    appender.setEncoder(encoder(context, new HumanLogLayout()));
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    // docker-java and its HTTP client log every request: keep their warnings only.
    context.getLogger("com.github.dockerjava").setLevel(Level.WARN);
    context.getLogger("org.apache.hc").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Switches the lines already configured to another layout. */
  static void use(LoggerContext context, Layout<ILoggingEvent> layout) {
    ConsoleAppender<ILoggingEvent> appender =
        (ConsoleAppender<ILoggingEvent>)
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
    appender.stop();
    appender.setEncoder(encoder(context, layout));
    appender.start();
  }

  private static LayoutWrappingEncoder<ILoggingEvent> encoder(
      LoggerContext context, Layout<ILoggingEvent> layout) {
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    return encoder;
  }
}
