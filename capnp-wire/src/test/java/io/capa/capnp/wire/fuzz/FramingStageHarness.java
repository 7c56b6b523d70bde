package io.capa.capnp.wire.fuzz;

import io.capa.capnp.wire.CapnpDecodeException;
import io.capa.capnp.wire.CapnpFraming;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.ReaderOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** Runs the Pekko frame decoder over fuzz input cut into chunks sized by the input's first byte. */
final class FramingStageHarness {
  private static ActorSystem system;

  private FramingStageHarness() {
  }

  private static synchronized ActorSystem system() {
    if (system == null) {
      system = ActorSystem.create("framing-fuzz");
    }
    return system;
  }

  static void decodeAll(byte[] input, ReaderOptions options) {
    if (input.length == 0) {
      return;
    }
    int chunk = 1 + (input[0] & 0x3F);
    List<ByteString> chunks = new ArrayList<>();
    for (int at = 1; at < input.length; at += chunk) {
      chunks.add(ByteString.fromArray(input, at, Math.min(chunk, input.length - at)));
    }
    try {
      List<MessageReader> messages = Source.from(chunks).via(CapnpFraming.decoder(options))
          .runWith(Sink.seq(), system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      for (MessageReader m : messages) {
        try {
          WireFuzzTest.exercise(m);
        } catch (CapnpDecodeException expected) {
          // Framing was fine, the content was not.
        }
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof CapnpDecodeException)) {
        throw new AssertionError("decoder failed with " + e.getCause(), e.getCause());
      }
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
