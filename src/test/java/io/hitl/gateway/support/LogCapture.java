package io.hitl.gateway.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures everything logged in this JVM while open, formatted, stack traces included. */
public final class LogCapture implements AutoCloseable {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root;

  public LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
  }

  /** Every line logged so far. */
  public List<String> lines() {
    List<ILoggingEvent> logged;
    // Appending happens under the appender's lock (AppenderBase.doAppend); copy under it too.
    synchronized (appender) {
      logged = new ArrayList<>(appender.list);
    }
    return logged.stream().map(e -> {
      StringBuilder line = new StringBuilder(e.getFormattedMessage());
      for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        line.append(" | ").append(t.getMessage());
      }
      return line.toString();
    }).toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
