package io.capa.files.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * INTERNAL API. One subscription reading a file in chunks on the blocking executor, only as many as
 * the subscriber has asked for. Emissions are serialized by a work-in-progress counter: whoever
 * raises it from zero drains, so request() from any thread never runs two reads at once.
 */
final class FileReader implements Flow.Subscription {
  private final Path path;
  private final String name;
  private final int chunkSize;
  private final Executor blocking;
  private final Flow.Subscriber<? super ByteBuffer> subscriber;
  private final AtomicLong demand = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile boolean cancelled;
  private volatile Throwable badRequest;
  private boolean finished;
  private FileChannel channel;

  FileReader(Path path, String name, int chunkSize, Executor blocking, Flow.Subscriber<? super ByteBuffer> subscriber) {
    this.path = path;
    this.name = name;
    this.chunkSize = chunkSize;
    this.blocking = blocking;
    this.subscriber = subscriber;
  }

  void start() {
    subscriber.onSubscribe(this);
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      badRequest = new IllegalArgumentException("request(" + n + "): demand must be positive");
      schedule();
      return;
    }
    demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
    schedule();
  }

  @Override
  public void cancel() {
    cancelled = true;
    schedule();
  }

  private void schedule() {
    if (wip.getAndIncrement() == 0) {
      blocking.execute(this::drain);
    }
  }

  private void drain() {
    int missed = 1;
    do {
      while (!finished) {
        if (cancelled) {
          close();
          finished = true;
          break;
        }
        if (badRequest != null) {
          finish(badRequest);
          break;
        }
        if (demand.get() == 0) {
          break;
        }
        ByteBuffer chunk;
        try {
          if (channel == null) {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
              throw new NoSuchFileException(path.toString()); // a folder is not a file of the store
            }
            channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
          }
          chunk = ByteBuffer.allocate(chunkSize);
          int read = channel.read(chunk);
          if (read < 0) {
            finish(null);
            break;
          }
        } catch (NoSuchFileException e) {
          finish(new CapaException(ErrorCode.FILE_NOT_FOUND, "no file \"" + name + "\""));
          break;
        } catch (IOException | RuntimeException e) {
          finish(new CapaException(ErrorCode.COMPONENT_FAILED, "reading \"" + name + "\" failed: " + e, e));
          break;
        }
        demand.decrementAndGet();
        subscriber.onNext(chunk.flip());
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void finish(Throwable error) {
    if (finished) {
      return;
    }
    finished = true;
    close();
    if (error == null) {
      subscriber.onComplete();
    } else {
      subscriber.onError(error);
    }
  }

  private void close() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // Read-only: nothing to lose.
    }
  }
}
