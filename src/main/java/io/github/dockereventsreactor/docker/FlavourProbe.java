package io.github.dockereventsreactor.docker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Asks the engine's {@code /version} what it is, within the request deadline. */
final class FlavourProbe implements Supplier<EngineFlavour> {

  private final Engine engine;
  private final ExecutorService caller = Executors.newSingleThreadExecutor(Engine.daemon("engine flavour"));

  FlavourProbe(Engine engine) {
    this.engine = engine;
  }

  @Override
  public EngineFlavour get() {
    CompletableFuture<EngineFlavour> call =
        CompletableFuture.supplyAsync(() -> EngineFlavour.of(engine.client().versionCmd().exec()), caller);
    try {
      return call.get(Engine.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new EngineException("no answer to /version within " + Engine.REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException ? (RuntimeException) cause : new EngineException(String.valueOf(cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while asking the engine's version");
    }
  }
}
