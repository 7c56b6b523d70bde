package io.capa.files.spi;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Publishers and subscribers of file content for the conformance suite, none holding a whole file. */
public final class Streams {
  private Streams() {}

  /**
   * {@code chunks} buffers of {@code chunkSize} bytes, byte i of the stream being a function of
   * (seed, i); each buffer is made when asked for. Records the most buffers ever asked for and not
   * yet delivered, which a store that streams keeps small. Fails after {@code failAfter} chunks
   * when that is not negative.
   */
  public static final class Generated implements Flow.Publisher<ByteBuffer> {
    private final int chunks;
    private final int chunkSize;
    private final int seed;
    private final int failAfter;
    private final Executor executor;
    public final AtomicLong maxOutstanding = new AtomicLong();

    public Generated(int chunks, int chunkSize, int seed, int failAfter, Executor executor) {
      this.chunks = chunks;
      this.chunkSize = chunkSize;
      this.seed = seed;
      this.failAfter = failAfter;
      this.executor = executor;
    }

    public long size() {
      return (long) chunks * chunkSize;
    }

    public static byte byteAt(int seed, long i) {
      return (byte) ((i * 31 + seed * 17 + (i >>> 13)) & 0xff);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
      AtomicLong demand = new AtomicLong();
      AtomicLong sent = new AtomicLong();
      AtomicBoolean cancelled = new AtomicBoolean();
      AtomicBoolean running = new AtomicBoolean();
      Runnable[] drain = new Runnable[1];
      drain[0] =
          () -> {
            if (!running.compareAndSet(false, true)) {
              return;
            }
            try {
              while (!cancelled.get() && demand.get() > 0 && sent.get() < chunks) {
                if (failAfter >= 0 && sent.get() == failAfter) {
                  cancelled.set(true);
                  s.onError(new IllegalStateException("the upload broke off on purpose"));
                  return;
                }
                long n = sent.getAndIncrement();
                ByteBuffer b = ByteBuffer.allocate(chunkSize);
                long base = n * chunkSize;
                for (int i = 0; i < chunkSize; i++) {
                  b.put(byteAt(seed, base + i));
                }
                demand.decrementAndGet();
                s.onNext(b.flip());
              }
              if (!cancelled.get() && sent.get() == chunks && cancelled.compareAndSet(false, true)) {
                s.onComplete();
              }
            } finally {
              running.set(false);
            }
            if (!cancelled.get() && demand.get() > 0 && sent.get() < chunks) {
              executor.execute(drain[0]);
            }
          };
      s.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              long d = demand.addAndGet(n);
              maxOutstanding.accumulateAndGet(d, Math::max);
              executor.execute(drain[0]);
            }

            @Override
            public void cancel() {
              cancelled.set(true);
            }
          });
      if (chunks == 0 && cancelled.compareAndSet(false, true)) {
        s.onComplete();
      }
    }
  }

  /** The SHA-256 and length of what a publisher sends, asking for one buffer at a time. */
  public static final class Digesting implements Flow.Subscriber<ByteBuffer> {
    public final CompletableFuture<String> digest = new CompletableFuture<>();
    private final MessageDigest md;
    private Flow.Subscription subscription;
    public long bytes;

    public Digesting() {
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(ByteBuffer item) {
      bytes += item.remaining();
      md.update(item);
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      digest.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      digest.complete(HexFormat.of().formatHex(md.digest()));
    }
  }

  public static String digestOf(int seed, long size) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] block = new byte[8192];
      for (long at = 0; at < size; at += block.length) {
        int n = (int) Math.min(block.length, size - at);
        for (int i = 0; i < n; i++) {
          block[i] = Generated.byteAt(seed, at + i);
        }
        md.update(block, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A publisher of one buffer's bytes. */
  public static Flow.Publisher<ByteBuffer> of(byte[] bytes) {
    return s ->
        s.onSubscribe(
            new Flow.Subscription() {
              boolean done;

              @Override
              public synchronized void request(long n) {
                if (!done) {
                  done = true;
                  if (bytes.length > 0) {
                    s.onNext(ByteBuffer.wrap(bytes.clone()));
                  }
                  s.onComplete();
                }
              }

              @Override
              public synchronized void cancel() {
                done = true;
              }
            });
  }

  /** Everything a publisher sends, as bytes (for small files only). */
  public static CompletableFuture<byte[]> collect(Flow.Publisher<ByteBuffer> p) {
    CompletableFuture<byte[]> out = new CompletableFuture<>();
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    p.subscribe(
        new Flow.Subscriber<>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(ByteBuffer item) {
            byte[] b = new byte[item.remaining()];
            item.get(b);
            buf.writeBytes(b);
          }

          @Override
          public void onError(Throwable t) {
            out.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            out.complete(buf.toByteArray());
          }
        });
    return out;
  }
}
