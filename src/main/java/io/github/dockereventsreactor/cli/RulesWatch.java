package io.github.dockereventsreactor.cli;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * {@code --watch}: reloads when the rules file changes. It watches the directory, not the file,
 * because editors and config management replace the file by renaming a new one over it.
 */
final class RulesWatch implements AutoCloseable {

  /** Editors write in several steps: wait for this much quiet before reloading. */
  private static final long SETTLE_MS = 200;

  private final WatchService service;
  private final Thread thread;

  RulesWatch(Path file, Runnable reload) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path name = absolute.getFileName();
    service = FileSystems.getDefault().newWatchService();
    absolute
        .getParent()
        .register(
            service,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
    thread =
        new Thread(
            () -> {
              try {
                while (true) {
                  if (touches(service.take(), name)) {
                    WatchKey more;
                    while ((more = service.poll(SETTLE_MS, TimeUnit.MILLISECONDS)) != null) {
                      touches(more, name);
                    }
                    reload.run();
                  }
                }
              } catch (InterruptedException | ClosedWatchServiceException e) {
                // closed: the reactor is stopping
              }
            },
            "rules watch");
    thread.setDaemon(true);
    thread.start();
  }

  private static boolean touches(WatchKey key, Path name) {
    boolean touched = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      touched |= name.equals(event.context());
    }
    key.reset();
    return touched;
  }

  @Override
  public void close() throws IOException {
    service.close();
  }
}
