package io.capa.capnp.rpc.internal;

import io.capa.capnp.rpc.RpcException;
import io.capa.capnp.rpc.RpcOptions;
import io.capa.capnp.rpc.RpcStats;
import io.capa.capnp.rpc.gen.RpcCapnp;
import io.capa.capnp.wire.CapnpDecodeException;
import io.capa.capnp.wire.MessageBuilder;
import io.capa.capnp.wire.MessageReader;
import io.capa.capnp.wire.PointerBuilder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * INTERNAL API: one end of an RPC connection (rpc.capnp, Level 1, two parties). It owns the
 * four tables and turns received messages into calls, answers and releases, and calls into
 * messages. Every method runs in the connection's loop (the RPC stage's thread); other
 * threads hand work to it through {@link #execute}.
 */
public final class ConnectionState {
  /** What the hosting stage provides. */
  public interface Transport {
    /** Runs {@code task} in the loop; callable from any thread. */
    void post(Runnable task);

    boolean inLoop();

    /** Queues a message for the peer (loop only). */
    void send(MessageBuilder message);

    /** Ends the connection once queued messages are written (loop only). */
    void shutdown();

    long queuedBytes();
  }

  /** A call this side made and the peer has not finished with. */
  static final class Question {
    final ConnectionState conn;
    final CallState state;
    int id;
    boolean returned;
    boolean finishSent;
    int[] paramExports;

    Question(ConnectionState conn, CallState state) {
      this.conn = conn;
      this.state = state;
    }

    ConnectionState connection() {
      return conn;
    }
  }

  /** A call the peer made. */
  private static final class Answer {
    final int id;
    final CallState state = new CallState();
    boolean returnSent;
    boolean finishReceived;
    boolean resultsToYourself;
    int[] resultExports;
    ResponseImpl response;
    ReturnSink sink;
    long bytes;

    Answer(int id) {
      this.id = id;
    }
  }

  private static final class Export {
    final Hook hook;
    int refs = 1;
    int resolutionExport = -1;

    Export(Hook hook) {
      this.hook = hook;
    }
  }

  private record Import(Hook hook, ImportHook imported, int[] remoteRefs) {
  }

  private record Embargo(PromiseHook hook, Hook target) {
  }

  /** The Call message of a request built for this connection, and where its parts are. */
  record CallMessage(MessageBuilder message, RpcCapnp.Call.Builder call, RpcCapnp.Payload.Builder payload,
      PointerBuilder content) {
  }

  private static final int MAX_TRANSFORM = 64;
  private static final int MAX_CAP_TABLE = 8192;

  private final RpcOptions options;
  private final Transport transport;
  private final Hook bootstrap;
  /**
   * Work for the loop from every thread, in one queue: a caller whose calls move from its own
   * thread to a callback on the loop keeps their order (E-order), which a separate in-loop
   * queue overtaking the stage's mailbox would break.
   */
  private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> pending =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private static final Runnable WAKE_UP = () -> { };
  private final IdTable<Question> questions = new IdTable<>();
  private final Map<Integer, Answer> answers = new HashMap<>();
  private final Map<Integer, Import> imports = new HashMap<>();
  private final IdTable<Export> exports = new IdTable<>();
  private final IdentityHashMap<Hook, Integer> exportsByHook = new IdentityHashMap<>();
  private final IdTable<Embargo> embargoes = new IdTable<>();
  private RpcException closedWith;
  private long inboundCallBytes;
  private long peakInboundCallBytes;

  public ConnectionState(RpcOptions options, Transport transport) {
    this.options = options;
    this.transport = transport;
    this.bootstrap = options.bootstrap() == null ? null : options.bootstrap().hook().retain();
  }

  long streamWindowBytes() {
    return options.streamWindowBytes();
  }

  /** Runs {@code task} in the loop: now-ish when already there (after the current step), else posted. */
  public void execute(Runnable task) {
    pending.add(task);
    if (!transport.inLoop()) {
      transport.post(WAKE_UP);
    }
  }

  /** Runs what the current step queued (the stage calls this at the end of every step). */
  public void drain() {
    Runnable r;
    while ((r = pending.poll()) != null) {
      try {
        r.run();
      } catch (RuntimeException e) {
        abort("internal error: " + e);
      }
    }
  }

  public boolean isClosed() {
    return closedWith != null;
  }

  public RpcStats stats() {
    return new RpcStats(questions.size(), answers.size(), imports.size(), exports.size(), embargoes.size(),
        transport.queuedBytes(), inboundCallBytes, peakInboundCallBytes);
  }

  /** Whether the stage should read more: the peer's calls in progress fit the limit. */
  public boolean wantsInput() {
    return closedWith == null;
  }

  // ---------------------------------------------------------------------------------------
  // Bootstrap

  /** The peer's bootstrap capability, usable at once (calls are pipelined on the question). */
  public Hook bootstrap() {
    CallState cs = new CallState();
    Hook h = cs.pipeline(new int[0]);
    // The response only carries the capability, which the pipeline holds on its own.
    cs.future.thenAccept(r -> r.close());
    execute(() -> {
      if (closedWith != null) {
        cs.fail(closedWith);
        return;
      }
      Question q = new Question(this, cs);
      q.id = questions.add(q);
      MessageBuilder mb = new MessageBuilder();
      RpcCapnp.Message.initRoot(mb).initBootstrap().setQuestionId(q.id);
      transport.send(mb);
      cs.sentAs(this, q);
    });
    return h;
  }

  // ---------------------------------------------------------------------------------------
  // Receiving

  /** Handles one received message (loop only). */
  public void handle(MessageReader reader, long frameBytes) {
    if (closedWith != null) {
      return;
    }
    RpcCapnp.Message.Reader m = null;
    try {
      m = RpcCapnp.Message.read(reader);
      switch (m.which()) {
        case CALL -> handleCall(m.getCall(), reader, frameBytes);
        case RETURN -> handleReturn(m.getReturn(), reader);
        case FINISH -> handleFinish(m.getFinish());
        case RESOLVE -> handleResolve(m.getResolve());
        case RELEASE -> handleRelease(m.getRelease());
        case DISEMBARGO -> handleDisembargo(m, m.getDisembargo());
        case BOOTSTRAP -> handleBootstrap(m.getBootstrap());
        case ABORT -> handleAbort(m.getAbort());
        case UNIMPLEMENTED -> handleUnimplemented(m.getUnimplemented());
        default -> sendUnimplemented(m);
      }
    } catch (ProtocolException e) {
      abort(e.getMessage());
    } catch (CapnpDecodeException e) {
      abort("malformed message: " + e.getMessage());
    } catch (RuntimeException e) {
      abort("cannot handle " + (m == null ? "message" : "a " + safeWhich(m) + " message") + ": " + e);
    }
  }

  private static String safeWhich(RpcCapnp.Message.Reader m) {
    try {
      return m.which().name().toLowerCase(java.util.Locale.ROOT);
    } catch (RuntimeException e) {
      return "malformed";
    }
  }

  private void handleBootstrap(RpcCapnp.Bootstrap.Reader b) {
    int id = (int) b.getQuestionId();
    if (answers.containsKey(id)) {
      throw new ProtocolException("Bootstrap reuses question id " + id + ", which is still in use");
    }
    Answer a = new Answer(id);
    answers.put(id, a);
    a.returnSent = true;
    MessageBuilder mb = new MessageBuilder();
    RpcCapnp.Return.Builder r = RpcCapnp.Message.initRoot(mb).initReturn();
    r.setAnswerId(id);
    r.setReleaseParamCaps(false);
    if (bootstrap == null) {
      RpcException e = RpcException.failed("this peer serves no bootstrap capability");
      writeException(r.initException(), e);
      a.state.fail(e);
    } else {
      RpcCapnp.Payload.Builder p = r.initResults();
      CapList caps = new CapList();
      mb.capTable(caps);
      caps.addHook(bootstrap.retain());
      p.getContent().setCapability(0);
      a.resultExports = writeCapTable(caps, p);
      a.response = new ResponseImpl(p.getContent().asReader(), caps);
    }
    transport.send(mb);
  }

  private void handleCall(RpcCapnp.Call.Reader c, MessageReader reader, long frameBytes) {
    int id = (int) c.getQuestionId();
    if (answers.containsKey(id)) {
      throw new ProtocolException("Call reuses question id " + id + ", which is still in use");
    }
    RpcCapnp.Call.SendResultsTo.Reader to = c.getSendResultsTo();
    boolean yourself = switch (to.which()) {
      case CALLER -> false;
      case YOURSELF -> true;
      default -> throw new ProtocolException("Call " + id + " asks to send results to a third party, "
          + "which a two-party connection cannot do");
    };
    if (answers.size() >= options.maxAnswers()) {
      // Past the bound the call is refused without reading its capabilities: it costs one
      // small answer, not a task.
      Answer a = new Answer(id);
      a.returnSent = true;
      answers.put(id, a);
      MessageBuilder mb = new MessageBuilder();
      RpcCapnp.Return.Builder r = RpcCapnp.Message.initRoot(mb).initReturn();
      r.setAnswerId(id);
      r.setReleaseParamCaps(true);
      writeException(r.initException(), RpcException.overloaded("too many calls in progress on this connection (limit "
          + options.maxAnswers() + ")"));
      transport.send(mb);
      return;
    }
    Hook target = messageTarget(c.getTarget());
    CapList caps;
    try {
      RpcCapnp.Payload.Reader p = c.getParams();
      caps = readCapTable(p.getCapTable());
      reader.capTable(caps);
      Answer a = new Answer(id);
      a.resultsToYourself = yourself;
      a.bytes = frameBytes;
      answers.put(id, a);
      inboundCallBytes += frameBytes;
      peakInboundCallBytes = Math.max(peakInboundCallBytes, inboundCallBytes);
      OutgoingCall oc = new OutgoingCall(c.getInterfaceId(), c.getMethodId(), null, null, p.getContent(), caps,
          a.state);
      oc.onParamsReleased = () -> execute(() -> paramsReleased(a));
      if (target.resolved() instanceof LocalHook && !yourself) {
        a.sink = new ReturnSink(a);
        oc.sink = a.sink;
      }
      a.state.future.whenComplete((r, e) -> execute(() -> sendReturn(a, (ResponseImpl) r, e)));
      target.deliver(oc);
    } finally {
      target.release();
    }
  }

  private void paramsReleased(Answer a) {
    inboundCallBytes -= a.bytes;
    a.bytes = 0;
  }

  private void sendReturn(Answer a, ResponseImpl r, Throwable e) {
    if (closedWith != null || a.returnSent) {
      if (r != null && a.sink == null) {
        r.close();
      }
      if (a.sink != null) {
        a.sink.caps.releaseAll();
      }
      return;
    }
    a.returnSent = true;
    MessageBuilder mb;
    if (e != null) {
      mb = new MessageBuilder();
      RpcCapnp.Return.Builder ret = RpcCapnp.Message.initRoot(mb).initReturn();
      ret.setAnswerId(a.id);
      ret.setReleaseParamCaps(false);
      writeException(ret.initException(), RpcException.from(e));
    } else if (a.resultsToYourself) {
      mb = new MessageBuilder();
      RpcCapnp.Return.Builder ret = RpcCapnp.Message.initRoot(mb).initReturn();
      ret.setAnswerId(a.id);
      ret.setReleaseParamCaps(false);
      ret.setResultsSentElsewhere();
      a.response = r;
    } else if (a.sink != null && a.sink.message != null) {
      mb = a.sink.message;
      a.resultExports = writeCapTable(a.sink.caps, a.sink.payload);
      a.response = r;
    } else {
      mb = new MessageBuilder();
      RpcCapnp.Return.Builder ret = RpcCapnp.Message.initRoot(mb).initReturn();
      ret.setAnswerId(a.id);
      ret.setReleaseParamCaps(false);
      RpcCapnp.Payload.Builder p = ret.initResults();
      p.getContent().set(r.resultsPointer());
      a.resultExports = writeCapTable(r.caps(), p);
      a.response = r;
    }
    transport.send(mb);
    if (a.finishReceived) {
      removeAnswer(a);
    }
  }

  private void removeAnswer(Answer a) {
    answers.remove(a.id);
    if (a.response != null) {
      a.response.close();
      a.response = null;
    }
  }

  private void handleReturn(RpcCapnp.Return.Reader ret, MessageReader reader) {
    int id = (int) ret.getAnswerId();
    Question q = questions.get(id);
    if (q == null || q.returned) {
      throw new ProtocolException("Return for question id " + id + ", which is not an outstanding question");
    }
    q.returned = true;
    if (ret.getReleaseParamCaps()) {
      releaseExports(q.paramExports);
    }
    q.paramExports = null;
    switch (ret.which()) {
      case RESULTS -> {
        RpcCapnp.Payload.Reader p = ret.getResults();
        CapList caps = readCapTable(p.getCapTable());
        reader.capTable(caps);
        ResponseImpl resp = new ResponseImpl(p.getContent(), caps);
        if (q.state.isDone()) {
          resp.close();
        } else {
          q.state.settle(resp, null, ph -> resolvePipelined(q, ph, resp));
        }
      }
      case EXCEPTION -> q.state.fail(fromWire(ret.getException()));
      case CANCELED -> q.state.fail(RpcException.failed("call canceled"));
      case RESULTS_SENT_ELSEWHERE -> q.state.fail(RpcException.failed(
          "peer sent the results elsewhere, which this side never asks for"));
      case TAKE_FROM_OTHER_QUESTION -> takeFromOtherQuestion(q, (int) ret.getTakeFromOtherQuestion());
      default -> throw new ProtocolException("Return for question " + id + " is of a kind this side does not know");
    }
    if (!q.finishSent) {
      sendFinish(q);
    }
    questions.remove(id);
  }

  private void takeFromOtherQuestion(Question q, int answerId) {
    Answer other = answers.get(answerId);
    if (other == null) {
      throw new ProtocolException("Return takes the results of question " + answerId + ", which is not an answer here");
    }
    other.state.future.whenComplete((r, e) -> execute(() -> {
      if (e != null) {
        q.state.fail(RpcException.from(e));
      } else {
        ResponseImpl orig = (ResponseImpl) r;
        CapList copy = new CapList();
        for (int i = 0; i < orig.caps().size(); i++) {
          Hook h = orig.caps().hook(i);
          copy.addHook(h == null ? null : h.retain());
        }
        ResponseImpl mine = new ResponseImpl(orig.resultsPointer(), copy);
        q.state.settle(mine, null, ph -> mine.capabilityAt(ph.path));
      }
    }));
  }

  /** What a pipelined capability becomes when its question returns: behind an embargo if needed. */
  private Hook resolvePipelined(Question q, PipelineHook ph, ResponseImpl resp) {
    Hook t = resp.capabilityAt(ph.path);
    Hook r = t.resolved();
    if (ph.sentRemote && r.connection() != this && !(r instanceof BrokenHook)) {
      // Calls already sent to the promised answer travel back to the target through the peer;
      // later calls must not overtake them, so they wait for the disembargo's round trip.
      PromiseHook held = new PromiseHook();
      int eid = embargoes.add(new Embargo(held, t));
      MessageBuilder mb = new MessageBuilder();
      RpcCapnp.Disembargo.Builder d = RpcCapnp.Message.initRoot(mb).initDisembargo();
      writePromisedAnswer(d.initTarget().initPromisedAnswer(), q.id, ph.path);
      d.getContext().setSenderLoopback(eid);
      transport.send(mb);
      return held;
    }
    return t;
  }

  private void handleFinish(RpcCapnp.Finish.Reader f) {
    int id = (int) f.getQuestionId();
    Answer a = answers.get(id);
    if (a == null || a.finishReceived) {
      throw new ProtocolException("Finish for question id " + id + ", which is not an outstanding call");
    }
    a.finishReceived = true;
    if (f.getReleaseResultCaps()) {
      releaseExports(a.resultExports);
      a.resultExports = null;
    }
    if (!a.returnSent) {
      a.returnSent = true;
      a.state.canceled.complete(null);
      MessageBuilder mb = new MessageBuilder();
      RpcCapnp.Return.Builder ret = RpcCapnp.Message.initRoot(mb).initReturn();
      ret.setAnswerId(id);
      ret.setReleaseParamCaps(false);
      ret.setCanceled();
      transport.send(mb);
      a.state.fail(RpcException.failed("call canceled by the caller"));
    }
    removeAnswer(a);
  }

  private void handleRelease(RpcCapnp.Release.Reader r) {
    int id = (int) r.getId();
    long count = r.getReferenceCount();
    Export e = exports.get(id);
    if (e == null) {
      throw new ProtocolException("Release of export id " + id + ", which is not exported (released twice?)");
    }
    if (count > e.refs) {
      throw new ProtocolException("Release of " + count + " references to export id " + id + ", which has only "
          + e.refs);
    }
    releaseExport(id, (int) count);
  }

  private void handleResolve(RpcCapnp.Resolve.Reader res) {
    int pid = (int) res.getPromiseId();
    Hook target = switch (res.which()) {
      case CAP -> readDescriptor(res.getCap());
      case EXCEPTION -> new BrokenHook(fromWire(res.getException()));
      default -> throw new ProtocolException("Resolve of an unknown kind for promise " + pid);
    };
    Import imp = imports.get(pid);
    if (imp == null || !(imp.hook() instanceof ImportPromiseHook iph) || iph.target() != null) {
      // Released meanwhile (or not a promise): the resolution is not wanted.
      if (target != null) {
        target.release();
      }
      return;
    }
    if (target == null) {
      target = new BrokenHook(RpcException.failed("promise resolved to a null capability"));
    }
    Hook r = target.resolved();
    if (iph.callsSent && r.connection() != this && !(r instanceof BrokenHook)) {
      PromiseHook held = new PromiseHook();
      int eid = embargoes.add(new Embargo(held, target));
      MessageBuilder mb = new MessageBuilder();
      RpcCapnp.Disembargo.Builder d = RpcCapnp.Message.initRoot(mb).initDisembargo();
      d.initTarget().setImportedCap(pid);
      d.getContext().setSenderLoopback(eid);
      transport.send(mb);
      iph.resolve(held);
    } else {
      iph.resolve(target);
    }
  }

  private void handleDisembargo(RpcCapnp.Message.Reader m, RpcCapnp.Disembargo.Reader d) {
    RpcCapnp.Disembargo.Context.Reader ctx = d.getContext();
    switch (ctx.which()) {
      case SENDER_LOOPBACK -> {
        Hook t = messageTarget(d.getTarget());
        try {
          Hook r = t.resolved();
          MessageBuilder mb = new MessageBuilder();
          RpcCapnp.Disembargo.Builder back = RpcCapnp.Message.initRoot(mb).initDisembargo();
          if (r instanceof ImportHook ih && ih.conn == this) {
            back.initTarget().setImportedCap(ih.importId);
          } else if (r instanceof ImportPromiseHook ip && ip.imported.conn == this) {
            back.initTarget().setImportedCap(ip.imported.importId);
          } else if (r instanceof PipelineHook ph && ph.remote() == this && ph.call.question() != null) {
            writePromisedAnswer(back.initTarget().initPromisedAnswer(), ph.call.question().id, ph.path);
          } else {
            throw new ProtocolException("Disembargo (senderLoopback) names a target that does not point back "
                + "at the sender");
          }
          back.getContext().setReceiverLoopback(ctx.getSenderLoopback());
          transport.send(mb);
        } finally {
          t.release();
        }
      }
      case RECEIVER_LOOPBACK -> {
        long eid = ctx.getReceiverLoopback();
        Embargo e = embargoes.remove(eid);
        if (e == null) {
          throw new ProtocolException("Disembargo (receiverLoopback) for embargo " + eid + ", which was never issued");
        }
        e.hook().resolve(e.target());
      }
      default -> sendUnimplemented(m);
    }
  }

  private void handleAbort(RpcCapnp.Exception.Reader ex) {
    RpcException e = fromWire(ex);
    close(new RpcException(RpcException.Kind.DISCONNECTED, "peer aborted the connection: " + e.reason()));
    transport.shutdown();
  }

  private void handleUnimplemented(RpcCapnp.Message.Reader inner) {
    switch (inner.which()) {
      case RESOLVE -> {
        RpcCapnp.Resolve.Reader r = inner.getResolve();
        if (r.isCap()) {
          RpcCapnp.CapDescriptor.Reader d = r.getCap();
          long id = d.isSenderHosted() ? d.getSenderHosted() : d.isSenderPromise() ? d.getSenderPromise() : -1;
          if (id >= 0 && exports.get(id) != null) {
            releaseExport((int) id, 1);
          }
        }
      }
      case BOOTSTRAP -> failQuestion((int) inner.getBootstrap().getQuestionId(),
          RpcException.unimplemented("peer does not implement Bootstrap"));
      case CALL -> {
        Question q = questions.get(inner.getCall().getQuestionId());
        if (q != null) {
          releaseExports(q.paramExports);
          q.paramExports = null;
        }
        failQuestion((int) inner.getCall().getQuestionId(), RpcException.unimplemented("peer does not implement Call"));
      }
      default -> {
        // Nothing was waiting on it.
      }
    }
  }

  private void failQuestion(int id, RpcException e) {
    Question q = questions.remove(id);
    if (q != null) {
      q.state.fail(e);
    }
  }

  private void sendUnimplemented(RpcCapnp.Message.Reader m) {
    MessageBuilder mb = new MessageBuilder();
    RpcCapnp.Message.initRoot(mb).setUnimplemented(m);
    transport.send(mb);
  }

  // ---------------------------------------------------------------------------------------
  // Sending calls

  /** A fresh Call message for this kind of connection, with its parameter slot. */
  static CallMessage newCallMessage() {
    MessageBuilder mb = new MessageBuilder();
    RpcCapnp.Call.Builder call = RpcCapnp.Message.initRoot(mb).initCall();
    RpcCapnp.Payload.Builder payload = call.initParams();
    return new CallMessage(mb, call, payload, payload.getContent());
  }

  void sendCall(OutgoingCall c, ImportHook target) {
    sendQuestion(c, t -> t.setImportedCap(target.importId));
  }

  void sendPipelined(PipelineHook ph, OutgoingCall c) {
    Question q = ph.call.question();
    synchronized (ph) {
      if (ph.target() == null && q != null && !q.returned && q.conn == this) {
        ph.sentRemote = true;
        sendQuestion(c, t -> writePromisedAnswer(t.initPromisedAnswer(), q.id, ph.path));
        return;
      }
    }
    if (ph.target() == null) {
      c.fail(RpcException.failed("pipelined call has no target"));
      return;
    }
    // The answer came in while this call waited in the loop's queue. Calls made since then went
    // straight to the target and are queued behind this one; handing it to the target's deliver
    // would queue it again, behind them. An import of this connection is sent right here instead.
    Hook resolved = ph.resolved();
    if (resolved instanceof ImportHook ih && ih.conn == this) {
      sendCall(c, ih);
      return;
    }
    ph.deliver(c);
  }

  private void sendQuestion(OutgoingCall c, Consumer<RpcCapnp.MessageTarget.Builder> target) {
    if (closedWith != null) {
      c.fail(closedWith);
      return;
    }
    if (c.state.isDone()) {
      c.releaseParams();
      return;
    }
    if (questions.size() >= options.maxQuestions()) {
      c.fail(RpcException.overloaded("too many calls outstanding on this connection (limit "
          + options.maxQuestions() + ")"));
      return;
    }
    Question q = new Question(this, c.state);
    q.id = questions.add(q);
    CallMessage cm = c.callMessage != null && c.builtFor == this ? c.callMessage : null;
    if (cm == null) {
      cm = newCallMessage();
      cm.content().set(c.params);
    }
    cm.call().setQuestionId(q.id);
    cm.call().setInterfaceId(c.interfaceId);
    cm.call().setMethodId(c.methodId);
    target.accept(cm.call().initTarget());
    q.paramExports = writeCapTable(c.caps, cm.payload());
    c.releaseParams();
    transport.send(cm.message());
    c.state.sentAs(this, q);
  }

  void cancelQuestion(Question q) {
    if (closedWith == null && !q.returned && !q.finishSent) {
      sendFinish(q);
    }
  }

  private void sendFinish(Question q) {
    q.finishSent = true;
    MessageBuilder mb = new MessageBuilder();
    RpcCapnp.Finish.Builder f = RpcCapnp.Message.initRoot(mb).initFinish();
    f.setQuestionId(q.id);
    f.setReleaseResultCaps(false);
    transport.send(mb);
  }

  // ---------------------------------------------------------------------------------------
  // Capability tables

  private int[] writeCapTable(CapList caps, RpcCapnp.Payload.Builder payload) {
    int n = caps.size();
    if (n == 0) {
      return null;
    }
    List<RpcCapnp.CapDescriptor.Builder> list = payload.initCapTable(n);
    int[] exported = new int[n];
    for (int i = 0; i < n; i++) {
      Hook h = caps.hook(i);
      exported[i] = h == null ? -1 : writeDescriptor(h, list.get(i));
      if (h == null) {
        list.get(i).setNone();
      }
    }
    return exported;
  }

  /** Describes {@code h} to the peer; returns the export id it took a reference on, or -1. */
  private int writeDescriptor(Hook h, RpcCapnp.CapDescriptor.Builder d) {
    Hook r = h.resolved();
    if (r.connection() == this) {
      if (r instanceof ImportHook ih) {
        d.setReceiverHosted(ih.importId);
        return -1;
      }
      if (r instanceof ImportPromiseHook ip) {
        d.setReceiverHosted(ip.imported.importId);
        return -1;
      }
      if (r instanceof PipelineHook ph && ph.call.question() != null && !ph.call.question().returned) {
        writePromisedAnswer(d.initReceiverAnswer(), ph.call.question().id, ph.path);
        return -1;
      }
    }
    boolean promise = r.isPromise() || r instanceof BrokenHook;
    Integer existing = exportsByHook.get(r);
    if (existing != null) {
      exports.get(existing).refs++;
    } else {
      existing = exports.add(new Export(r.retain()));
      exportsByHook.put(r, existing);
      if (promise) {
        int id = existing;
        r.whenResolved().whenComplete((v, e) -> execute(() -> resolveExport(id, r)));
      }
    }
    if (promise) {
      d.setSenderPromise(existing);
    } else {
      d.setSenderHosted(existing);
    }
    return existing;
  }

  private void resolveExport(int id, Hook promise) {
    Export e = exports.get(id);
    if (closedWith != null || e == null || e.hook != promise) {
      return;
    }
    Hook r = promise.resolved();
    MessageBuilder mb = new MessageBuilder();
    RpcCapnp.Resolve.Builder res = RpcCapnp.Message.initRoot(mb).initResolve();
    res.setPromiseId(id);
    if (r instanceof BrokenHook b) {
      writeException(res.initException(), b.error());
    } else {
      e.resolutionExport = writeDescriptor(r, res.initCap());
    }
    transport.send(mb);
  }

  private CapList readCapTable(List<RpcCapnp.CapDescriptor.Reader> descriptors) {
    int n = descriptors.size();
    if (n > MAX_CAP_TABLE) {
      throw new ProtocolException("capability table of " + n + " entries (limit " + MAX_CAP_TABLE + ")");
    }
    List<Hook> hooks = new ArrayList<>(n);
    try {
      for (int i = 0; i < n; i++) {
        hooks.add(readDescriptor(descriptors.get(i)));
      }
    } catch (RuntimeException e) {
      for (Hook h : hooks) {
        if (h != null) {
          h.release();
        }
      }
      throw e;
    }
    return new CapList(hooks);
  }

  /** The hook a descriptor stands for, retained, or null for {@code none}. */
  private Hook readDescriptor(RpcCapnp.CapDescriptor.Reader d) {
    return switch (d.which()) {
      case NONE -> null;
      case SENDER_HOSTED -> importHook((int) d.getSenderHosted(), false);
      case SENDER_PROMISE -> importHook((int) d.getSenderPromise(), true);
      case RECEIVER_HOSTED -> {
        Export e = exports.get(d.getReceiverHosted());
        if (e == null) {
          throw new ProtocolException("capability descriptor names export id " + d.getReceiverHosted()
              + ", which is not exported");
        }
        yield e.hook.retain();
      }
      case RECEIVER_ANSWER -> {
        RpcCapnp.PromisedAnswer.Reader pa = d.getReceiverAnswer();
        Answer a = answers.get((int) pa.getQuestionId());
        if (a == null) {
          throw new ProtocolException("capability descriptor names the answer to question " + pa.getQuestionId()
              + ", which is not an outstanding call");
        }
        yield answerTarget(a, readTransform(pa.getTransform()));
      }
      // Level 3 is not implemented; the vine (a plain import) reaches the same object.
      case THIRD_PARTY_HOSTED -> importHook((int) d.getThirdPartyHosted().getVineId(), false);
      default -> throw new ProtocolException("capability descriptor of an unknown kind");
    };
  }

  private Hook importHook(int id, boolean promise) {
    Import imp = imports.get(id);
    if (imp != null) {
      if (imp.hook().tryRetain()) {
        imp.remoteRefs()[0]++;
        return imp.hook();
      }
      // Dropped here but its Release is not out yet: send it now, then import afresh.
      imports.remove(id);
      sendRelease(id, imp.remoteRefs()[0]);
    }
    ImportHook ih = new ImportHook(this, id);
    Hook h = promise ? new ImportPromiseHook(ih) : ih;
    imports.put(id, new Import(h, ih, new int[] {1}));
    return h;
  }

  void releaseImport(ImportHook ih) {
    Import imp = imports.get(ih.importId);
    if (imp != null && imp.imported() == ih) {
      imports.remove(ih.importId);
      if (closedWith == null) {
        sendRelease(ih.importId, imp.remoteRefs()[0]);
      }
    }
  }

  private void sendRelease(int id, int count) {
    MessageBuilder mb = new MessageBuilder();
    RpcCapnp.Release.Builder r = RpcCapnp.Message.initRoot(mb).initRelease();
    r.setId(id);
    r.setReferenceCount(count);
    transport.send(mb);
  }

  private void releaseExports(int[] ids) {
    if (ids == null) {
      return;
    }
    for (int id : ids) {
      if (id >= 0 && exports.get(id) != null) {
        releaseExport(id, 1);
      }
    }
  }

  private void releaseExport(int id, int count) {
    Export e = exports.get(id);
    e.refs -= count;
    if (e.refs <= 0) {
      exports.remove(id);
      exportsByHook.remove(e.hook, id);
      e.hook.release();
    }
  }

  /** The hook a call or disembargo is addressed to, retained. */
  private Hook messageTarget(RpcCapnp.MessageTarget.Reader t) {
    return switch (t.which()) {
      case IMPORTED_CAP -> {
        Export e = exports.get(t.getImportedCap());
        if (e == null) {
          throw new ProtocolException("message addressed to export id " + t.getImportedCap()
              + ", which is not exported");
        }
        yield e.hook.retain();
      }
      case PROMISED_ANSWER -> {
        RpcCapnp.PromisedAnswer.Reader pa = t.getPromisedAnswer();
        Answer a = answers.get((int) pa.getQuestionId());
        if (a == null) {
          throw new ProtocolException("message addressed to the answer of question " + pa.getQuestionId()
              + ", which is not an outstanding call");
        }
        yield answerTarget(a, readTransform(pa.getTransform()));
      }
      default -> throw new ProtocolException("message target of an unknown kind");
    };
  }

  private static Hook answerTarget(Answer a, int[] path) {
    if (a.response != null) {
      return a.response.capabilityAt(path);
    }
    return a.state.pipeline(path);
  }

  private static int[] readTransform(List<RpcCapnp.PromisedAnswer.Op.Reader> ops) {
    if (ops.size() > MAX_TRANSFORM) {
      throw new ProtocolException("promised answer transform of " + ops.size() + " steps (limit " + MAX_TRANSFORM
          + ")");
    }
    int[] path = new int[ops.size()];
    int n = 0;
    for (RpcCapnp.PromisedAnswer.Op.Reader op : ops) {
      switch (op.which()) {
        case NOOP -> {
        }
        case GET_POINTER_FIELD -> path[n++] = op.getGetPointerField();
        default -> throw new ProtocolException("promised answer transform step of an unknown kind");
      }
    }
    return java.util.Arrays.copyOf(path, n);
  }

  private static void writePromisedAnswer(RpcCapnp.PromisedAnswer.Builder pa, int questionId, int[] path) {
    pa.setQuestionId(questionId);
    List<RpcCapnp.PromisedAnswer.Op.Builder> ops = pa.initTransform(path.length);
    for (int i = 0; i < path.length; i++) {
      ops.get(i).setGetPointerField(path[i]);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Exceptions and the end of the connection

  static void writeException(RpcCapnp.Exception.Builder b, RpcException e) {
    b.setReason(e.reason());
    b.setType(RpcCapnp.Exception.Type.valueOf(e.kind().name()));
  }

  static RpcException fromWire(RpcCapnp.Exception.Reader ex) {
    RpcCapnp.Exception.Type type = ex.getType();
    RpcException.Kind kind = switch (type) {
      case OVERLOADED -> RpcException.Kind.OVERLOADED;
      case DISCONNECTED -> RpcException.Kind.DISCONNECTED;
      case UNIMPLEMENTED -> RpcException.Kind.UNIMPLEMENTED;
      default -> RpcException.Kind.FAILED;
    };
    return new RpcException(kind, ex.getReason());
  }

  /** Ends the connection from this side (loop only). */
  public void closeLocally() {
    close(RpcException.disconnected("connection closed by this side"));
    transport.shutdown();
  }

  /** Sends Abort with {@code reason}, then ends the connection. */
  public void abort(String reason) {
    if (closedWith != null) {
      return;
    }
    MessageBuilder mb = new MessageBuilder();
    RpcCapnp.Exception.Builder ex = RpcCapnp.Message.initRoot(mb).initAbort();
    ex.setReason(reason);
    ex.setType(RpcCapnp.Exception.Type.FAILED);
    transport.send(mb);
    close(RpcException.disconnected("connection aborted: " + reason));
    transport.shutdown();
  }

  /**
   * Ends the connection: every outstanding call fails with {@code why}, every call from the
   * peer is canceled, and every capability it held is released.
   */
  public void close(RpcException why) {
    if (closedWith != null) {
      return;
    }
    closedWith = why;
    List<Question> qs = new ArrayList<>();
    questions.forEach(qs::add);
    questions.clear();
    for (Question q : qs) {
      q.state.fail(why);
    }
    List<Answer> as = new ArrayList<>(answers.values());
    answers.clear();
    for (Answer a : as) {
      a.state.canceled.complete(null);
      a.returnSent = true;
      if (a.response != null) {
        a.response.close();
      }
      a.state.fail(why);
    }
    inboundCallBytes = 0;
    List<Export> es = new ArrayList<>();
    exports.forEach(es::add);
    exports.clear();
    exportsByHook.clear();
    for (Export e : es) {
      e.hook.release();
    }
    imports.clear();
    List<Embargo> em = new ArrayList<>();
    embargoes.forEach(em::add);
    embargoes.clear();
    for (Embargo e : em) {
      e.hook().resolve(new BrokenHook(why));
      e.target().release();
    }
    if (bootstrap != null) {
      bootstrap.release();
    }
  }

  /** A protocol violation by the peer: the connection is aborted with this message. */
  static final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
      super(message, null, false, false);
    }
  }

  /** Results of a peer's call answered in this process, written straight into the Return. */
  private final class ReturnSink implements ResultSink {
    private final Answer answer;
    final CapList caps = new CapList();
    MessageBuilder message;
    RpcCapnp.Payload.Builder payload;
    private PointerBuilder content;

    ReturnSink(Answer answer) {
      this.answer = answer;
    }

    @Override
    public synchronized PointerBuilder resultsPointer() {
      if (message == null) {
        message = new MessageBuilder().capTable(caps);
        RpcCapnp.Return.Builder ret = RpcCapnp.Message.initRoot(message).initReturn();
        ret.setAnswerId(answer.id);
        ret.setReleaseParamCaps(false);
        payload = ret.initResults();
        content = payload.getContent();
      }
      return content;
    }

    @Override
    public void complete() {
      ResponseImpl view = new ResponseImpl(resultsPointer().asReader(), caps);
      execute(() -> answer.state.complete(view));
    }

    @Override
    public void fail(RpcException error) {
      execute(() -> {
        caps.releaseAll();
        answer.sink = null;
        answer.state.fail(error);
      });
    }
  }
}
