package io.capa.capnp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.testkit.TestPublisher;
import org.apache.pekko.stream.testkit.TestSubscriber;
import org.apache.pekko.stream.testkit.javadsl.TestSink;
import org.apache.pekko.stream.testkit.javadsl.TestSource;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CapnpFramingTest {
  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("CapnpFramingTest");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static MessageBuilder message(int i) {
    MessageBuilder b = new MessageBuilder(3, false);
    StructBuilder root = b.initRoot(1, 2);
    root.setLong(0, i);
    root.setText(0, "frame " + i);
    root.initStructList(1, i % 4, 1, 0);
    return b;
  }

  private static ByteString framed(int count) {
    ByteString all = ByteString.emptyByteString();
    for (int i = 0; i < count; i++) {
      all = all.concat(CapnpFraming.encode(message(i)));
    }
    return all;
  }

  private static List<ByteString> chunks(ByteString all, int size) {
    List<ByteString> out = new ArrayList<>();
    for (int at = 0; at < all.size(); at += size) {
      out.add(all.slice(at, Math.min(all.size(), at + size)));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7, 8, 13, 64, 100000})
  void decoder_reassemblesFramesFromAnyChunking(int chunkSize) throws Exception {
    List<MessageReader> out = Source.from(chunks(framed(5), chunkSize))
        .via(CapnpFraming.decoder(ReaderOptions.DEFAULT))
        .runWith(Sink.seq(), system).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(out).hasSize(5);
    for (int i = 0; i < 5; i++) {
      assertThat(out.get(i).root().getLong(0)).isEqualTo(i);
      assertThat(out.get(i).root().getText(0, null)).isEqualTo("frame " + i);
      assertThat(out.get(i).root().getList(1, ElementSize.INLINE_COMPOSITE, null).size()).isEqualTo(i % 4);
    }
  }

  @Test
  void bidi_joinedWithLoopback_returnsEveryMessage() throws Exception {
    Flow<Message, MessageReader, ?> loop = CapnpFraming.bidi(ReaderOptions.DEFAULT).join(Flow.create());
    List<MessageReader> out = Source.range(0, 19).<Message>map(CapnpFramingTest::message).via(loop)
        .runWith(Sink.seq(), system).toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(out).extracting(m -> m.root().getLong(0)).containsExactlyElementsOf(
        java.util.stream.LongStream.range(0, 20).boxed().toList());
  }

  @Test
  void decoder_hostileHeaderFailsBeforeTheBodyArrives() {
    var probes = TestSource.<ByteString>probe(system)
        .via(CapnpFraming.decoder(ReaderOptions.DEFAULT.withMaxMessageBytes(4096)))
        .toMat(TestSink.probe(system), Keep.both()).run(system);
    TestPublisher.Probe<ByteString> pub = probes.first();
    TestSubscriber.Probe<MessageReader> sub = probes.second();
    sub.request(1);
    // One segment claiming 2^20 words; the body never comes.
    pub.sendNext(ByteString.fromArray(Words.bytes(0, 0, 0, 0, 0, 0, 0x10, 0)));
    Throwable error = sub.expectError();
    assertThat(error).isInstanceOf(CapnpDecodeException.class).hasMessageContaining("4096");
  }

  @Test
  void decoder_streamEndingInsideAFrameFails() {
    ByteString all = framed(2);
    var result = Source.single(all.take(all.size() - 3))
        .via(CapnpFraming.decoder(ReaderOptions.DEFAULT))
        .runWith(Sink.seq(), system).toCompletableFuture();
    assertThat(result).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(CapnpDecodeException.class).withMessageContaining("inside a frame");
  }

  @Test
  void decoder_segmentCountAboveLimitFails() {
    var result = Source.single(ByteString.fromArray(Words.bytes(0xFF, 0xFF, 0xFF, 0xFF)))
        .via(CapnpFraming.decoder(ReaderOptions.DEFAULT))
        .runWith(Sink.seq(), system).toCompletableFuture();
    assertThat(result).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(CapnpDecodeException.class).withMessageContaining("segments");
  }

  @Test
  void decode_singleFrameFromOneOrManyChunks() {
    ByteString one = CapnpFraming.encode(message(3));
    ByteString split = one.take(5).concat(one.drop(5));
    assertThat(CapnpFraming.decode(one, ReaderOptions.DEFAULT).root().getLong(0)).isEqualTo(3);
    assertThat(CapnpFraming.decode(split, ReaderOptions.DEFAULT).root().getText(0, null)).isEqualTo("frame 3");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> CapnpFraming.decode(one.concat(ByteString.fromArray(new byte[8])), ReaderOptions.DEFAULT))
        .isInstanceOf(CapnpDecodeException.class).hasMessageContaining("follow");
  }

  @Test
  void decoder_emitsOnlyOnDemand() {
    var probes = TestSource.<ByteString>probe(system)
        .via(CapnpFraming.decoder(ReaderOptions.DEFAULT))
        .toMat(TestSink.probe(system), Keep.both()).run(system);
    TestPublisher.Probe<ByteString> pub = probes.first();
    TestSubscriber.Probe<MessageReader> sub = probes.second();
    sub.request(1);
    pub.sendNext(framed(3));
    assertThat(sub.expectNext().root().getLong(0)).isZero();
    sub.expectNoMessage(Duration.ofMillis(100));
    sub.request(2);
    assertThat(sub.expectNext().root().getLong(0)).isEqualTo(1);
    assertThat(sub.expectNext().root().getLong(0)).isEqualTo(2);
    pub.sendComplete();
    sub.expectComplete();
  }
}
