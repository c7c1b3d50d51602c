package io.github.dockereventsreactor.daemon;

import io.github.dockereventsreactor.core.ErrorWords;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --watch}: reloads when the rules file changes. It watches the directory, not the file,
 * because editors and config management replace the file by renaming a new one over it.
 */
public final class RulesWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RulesWatch.class);

  /** Editors write in several steps: wait for this much quiet before reloading. */
  private static final long SETTLE_MS = 200;

  private final WatchService service;
  private final Thread thread;

  public RulesWatch(Path file, Runnable reload) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path name = absolute.getFileName();
    service = FileSystems.getDefault().newWatchService();
    Objects.requireNonNull(absolute.getParent())
        .register(
            service,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
    thread = new Thread(() -> watch(name, reload), "rules watch");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Until closed, reloads after each settled change. The reload reports its own failures; anything
   * else thrown here is logged and the watch goes on, so a reload never silently stops watching.
   */
  private void watch(Path name, Runnable reload) {
    while (true) {
      try {
        if (touches(service.take(), name)) {
          WatchKey more;
          while ((more = service.poll(SETTLE_MS, TimeUnit.MILLISECONDS)) != null) {
            touches(more, name);
          }
          reload.run();
        }
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return; // closed: the reactor is stopping
      } catch (RuntimeException e) {
        LOG.error(
            "--watch: {}; still watching, please report it with this line", ErrorWords.bug(e));
      }
    }
  }

  private static boolean touches(WatchKey key, Path name) {
    boolean touched = false;
    for (WatchEvent<?> event : key.pollEvents()) {
      touched |= name.equals(event.context());
    }
    if (!key.reset()) {
      LOG.error(
          "--watch: {} is gone, so changes are no longer seen; SIGHUP still reloads",
          key.watchable());
    }
    return touched;
  }

  @Override
  public void close() throws IOException {
    service.close();
  }
}
