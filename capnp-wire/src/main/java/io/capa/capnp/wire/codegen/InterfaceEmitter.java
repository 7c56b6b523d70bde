package io.capa.capnp.wire.codegen;

import io.capa.capnp.wire.schema.InterfaceSchema;
import io.capa.capnp.wire.schema.Node;
import io.capa.capnp.wire.schema.StructSchema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Emits an interface's RPC classes: {@code Client}, typed calls over a capability, and
 * {@code Server}, an abstract skeleton that routes calls to one overridable method each.
 * Inherited methods ({@code extends}) are flattened into both, so a sub-interface's client
 * calls and its server answers its superclasses' methods under their own interface ids.
 */
final class InterfaceEmitter {
  /** stream.capnp's StreamResult: the result type of {@code -> stream} methods. */
  static final long STREAM_RESULT = 0x995f9a3377c0b16eL;
  private static final String RPC = StructEmitter.RPC;
  private static final String STAGE = "java.util.concurrent.CompletionStage";

  /** A method as the generated classes see it. */
  private record Call(long interfaceId, InterfaceSchema.Method method, String javaName) {
  }

  private final JavaGenerator gen;
  private final Node node;
  private final String pkg;
  private final String self;

  InterfaceEmitter(JavaGenerator gen, Node node, String pkg) {
    this.gen = gen;
    this.node = node;
    this.pkg = pkg;
    this.self = gen.javaName(node.id(), pkg);
  }

  void emit(SourceWriter w) {
    List<Call> calls = calls();
    emitClient(w, calls);
    emitServer(w, calls);
  }

  /**
   * This interface's methods, then those of its superclasses (breadth first). A name taken
   * already is skipped: a Java class cannot hold both, and the server answers it as unimplemented.
   */
  private List<Call> calls() {
    List<Call> out = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    Set<Long> seen = new LinkedHashSet<>();
    Deque<Long> queue = new ArrayDeque<>(List.of(node.id()));
    while (!queue.isEmpty()) {
      long id = queue.poll();
      if (!seen.add(id)) {
        continue;
      }
      InterfaceSchema iface = (InterfaceSchema) gen.node(id).detail();
      for (InterfaceSchema.Method m : iface.methods()) {
        String name = JavaNames.method(m.name());
        if (taken.add(name)) {
          out.add(new Call(id, m, name));
        }
      }
      queue.addAll(iface.superclasses());
    }
    return out;
  }

  private static boolean streaming(Call c) {
    return c.method().resultStructId() == STREAM_RESULT;
  }

  /** A static member of interface {@code id}'s class: unqualified for this interface's own. */
  private String member(long id, String name) {
    return id == node.id() ? name : gen.javaName(id, pkg) + "." + name;
  }

  /**
   * A name as the Client and Server classes can write it: members of this interface's class
   * without its prefix (they are in scope), anything else fully qualified.
   */
  private String rel(String name) {
    if (name.startsWith(self + ".")) {
      String rest = name.substring(self.length() + 1);
      String first = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
      // Client and Server would name the generated classes themselves.
      if (!first.equals("Client") && !first.equals("Server")) {
        return rest;
      }
    }
    return name;
  }

  private String methodConstant(Call c) {
    return member(c.interfaceId(), "METHOD_" + JavaNames.constant(c.method().name()));
  }

  private String params(Call c) {
    return rel(gen.javaName(c.method().paramStructId(), pkg));
  }

  private String results(Call c) {
    return rel(gen.javaName(c.method().resultStructId(), pkg));
  }

  private String displayName(Call c) {
    return gen.node(c.interfaceId()).shortName() + "." + c.method().name();
  }

  private void emitClient(SourceWriter w, List<Call> calls) {
    w.line("");
    w.line("/**");
    w.line(" * Typed calls on a capability of this interface. The client owns its capability handle");
    w.line(" * and closes it in {@link #close()}, or hands it over to a message's setter. One read out");
    w.line(" * of a message is borrowed (closing does nothing): {@link #dup()} keeps it beyond the message.");
    w.line(" */");
    w.open("public static final class Client implements java.lang.AutoCloseable");
    w.line("private final " + RPC + "Capability cap;");
    w.line("");
    w.open("public Client(" + RPC + "Capability cap)");
    w.line("this.cap = java.util.Objects.requireNonNull(cap, \"cap\");");
    w.close();
    w.line("");
    w.open("public " + RPC + "Capability capability()");
    w.line("return cap;");
    w.close();
    w.line("");
    w.line("/** Another client with its own reference to the same object. */");
    w.open("public Client dup()");
    w.line("return new Client(cap.dup());");
    w.close();
    w.line("");
    w.line("@java.lang.Override");
    w.open("public void close()");
    w.line("cap.close();");
    w.close();
    for (Call c : calls) {
      String p = params(c);
      String consumer = "java.util.function.Consumer<" + p + ".Builder>";
      String returns = streaming(c) ? STAGE + "<java.lang.Void>" : results(c) + ".Promise";
      w.line("");
      if (streaming(c)) {
        w.line("/** A call of a stream: the stage completes when flow control lets the next call go. */");
      }
      w.open("public " + returns + " " + c.javaName() + "(" + consumer + " params)");
      w.line(RPC + "Request r = cap.newCall(" + member(c.interfaceId(), "TYPE_ID") + ", " + methodConstant(c) + ");");
      w.open("if (params != null)");
      w.line("params.accept(new " + p + ".Builder(r.initParams(" + p + ".DATA_WORDS, " + p + ".POINTER_COUNT)));");
      w.close();
      w.line(streaming(c) ? "return r.sendStreaming();" : "return new " + results(c) + ".Promise(r.send());");
      w.close();
      if (((StructSchema) gen.node(c.method().paramStructId()).detail()).fields().isEmpty()) {
        w.line("");
        w.open("public " + returns + " " + c.javaName() + "()");
        w.line("return " + c.javaName() + "(null);");
        w.close();
      }
    }
    w.close();
  }

  private void emitServer(SourceWriter w, List<Call> calls) {
    boolean anyResults = false;
    w.line("");
    w.line("/**");
    w.line(" * The implementation side: override the methods this object answers (the others answer");
    w.line(" * UNIMPLEMENTED). Each returns a stage that completes once the results are written;");
    w.line(" * {@code results.get()} starts them on first use. Parameters and capabilities read from");
    w.line(" * them are valid until that stage completes.");
    w.line(" */");
    w.open("public abstract static class Server implements " + RPC + "Server");
    w.line("/** A new capability served by this object; {@link #released()} runs once its last reference is gone. */");
    w.open("public Client toClient()");
    w.line("return new Client(" + RPC + "Capability.of(this));");
    w.close();
    for (Call c : calls) {
      String args = RPC + "CallContext call, " + params(c) + ".Reader params";
      if (!streaming(c)) {
        args += ", java.util.function.Supplier<" + results(c) + ".Builder> results";
        anyResults = true;
      }
      w.line("");
      w.open("protected " + STAGE + "<?> " + c.javaName() + "(" + args + ")");
      w.line("return java.util.concurrent.CompletableFuture.failedFuture(" + RPC + "RpcException.unimplemented("
          + JavaNames.stringLiteral("method " + displayName(c) + " is not implemented") + "));");
      w.close();
    }
    w.line("");
    w.line("@java.lang.Override");
    w.open("public " + STAGE + "<?> dispatch(" + RPC + "CallContext call)");
    List<Long> ids = new ArrayList<>();
    for (Call c : calls) {
      if (!ids.contains(c.interfaceId())) {
        ids.add(c.interfaceId());
      }
    }
    for (long id : ids) {
      w.open("if (call.interfaceId() == " + member(id, "TYPE_ID") + ")");
      w.open("switch (call.methodId())");
      for (Call c : calls) {
        if (c.interfaceId() != id) {
          continue;
        }
        String p = params(c);
        String read = "new " + p + ".Reader(call.params())";
        w.open("case " + methodConstant(c) + " ->");
        if (streaming(c)) {
          w.line("return " + c.javaName() + "(call, " + read + ");");
        } else {
          String r = results(c);
          w.line("return " + c.javaName() + "(call, " + read + ", lazy(() -> new " + r + ".Builder(call.initResults("
              + r + ".DATA_WORDS, " + r + ".POINTER_COUNT))));");
        }
        w.close();
      }
      w.line("default -> {");
      w.line("}");
      w.close();
      w.close();
    }
    w.line("return java.util.concurrent.CompletableFuture.failedFuture(" + RPC + "RpcException.unimplemented(");
    w.line("    \"method \" + call.methodId() + \" of interface 0x\" + java.lang.Long.toHexString(call.interfaceId())");
    w.line("    + \" is not implemented by " + node.shortName() + "\"));");
    w.close();
    if (anyResults) {
      w.line("");
      w.line("/** Results are started on first use only: results never asked for read as all defaults. */");
      w.open("private static <T> java.util.function.Supplier<T> lazy(java.util.function.Supplier<T> init)");
      w.open("return new java.util.function.Supplier<T>()");
      w.line("private T value;");
      w.line("");
      w.line("@java.lang.Override");
      w.open("public synchronized T get()");
      w.open("if (value == null)");
      w.line("value = init.get();");
      w.close();
      w.line("return value;");
      w.close();
      w.close(";");
      w.close();
    }
    w.close();
  }
}
