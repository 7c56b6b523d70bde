package io.capa.files.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * INTERNAL API. Writes a content stream to a temporary file, one buffer at a time: it asks for one
 * buffer, writes it on the blocking executor, then asks for the next, so at most one buffer is in
 * hand whatever the publisher's speed. Completes with the temporary file (flushed to disk); on any
 * failure the temporary file is deleted and the stage fails.
 */
final class FileUpload implements Flow.Subscriber<ByteBuffer> {
  private final Path temp;
  private final Executor blocking;
  private final CompletableFuture<Path> done = new CompletableFuture<>();
  private FileChannel channel;
  private Flow.Subscription subscription;
  // The publisher calls onX one at a time, but the work they start runs on a pool: chaining keeps
  // it in order (an onComplete arriving while the last write runs must not close the file under it).
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  FileUpload(Path temp, Executor blocking) {
    this.temp = temp;
    this.blocking = blocking;
  }

  CompletableFuture<Path> done() {
    return done;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (subscription != null) {
      s.cancel();
      return;
    }
    subscription = s;
    run(
        () -> {
          try {
            channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          } catch (IOException | RuntimeException e) {
            s.cancel();
            fail(e);
            return;
          }
          s.request(1);
        });
  }

  @Override
  public void onNext(ByteBuffer item) {
    run(
        () -> {
          if (done.isDone()) {
            return;
          }
          try {
            while (item.hasRemaining()) {
              channel.write(item);
            }
          } catch (IOException | RuntimeException e) {
            subscription.cancel();
            fail(e);
            return;
          }
          subscription.request(1);
        });
  }

  @Override
  public void onError(Throwable t) {
    run(() -> fail(t));
  }

  @Override
  public void onComplete() {
    run(
        () -> {
          if (done.isDone()) {
            return;
          }
          try {
            channel.force(true);
            channel.close();
            done.complete(temp);
          } catch (IOException | RuntimeException e) {
            fail(e);
          }
        });
  }

  private void run(Runnable step) {
    tail = tail.thenRunAsync(step, blocking);
  }

  private void fail(Throwable t) {
    if (done.isDone()) {
      return;
    }
    try {
      if (channel != null) {
        channel.close();
      }
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      t.addSuppressed(e);
    }
    done.completeExceptionally(t);
  }
}
