package io.capa.capnp.rpc.conformance;

import io.capa.capnp.rpc.Capability;
import io.capa.capnp.rpc.RpcServer;
import io.capa.capnp.rpc.RpcTransport;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ActorSystem;

/**
 * {@code capa capnp conformance-server --port N} serves {@code Conformance} as the bootstrap
 * capability on 127.0.0.1 until stopped; {@code capa capnp conformance-client --connect
 * HOST:PORT} runs every RPC scenario against a server, one line each, and exits non-zero if
 * any failed.
 */
public final class ConformanceCommand {
  private ConformanceCommand() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage("no command given");
    }
    int code = switch (args[0]) {
      case "conformance-server", "server" -> server(Arrays.copyOfRange(args, 1, args.length));
      case "conformance-client", "client" -> client(Arrays.copyOfRange(args, 1, args.length));
      default -> usage("unknown command: " + args[0]);
    };
    System.exit(code);
  }

  private static int usage(String problem) {
    System.err.println("capnp conformance: " + problem);
    System.err.println("usage: conformance-server --port N");
    System.err.println("       conformance-client --connect HOST:PORT [--only 1,3,7] [--hold | --expect-disconnect]"
        + " [--timeout SECONDS]");
    System.exit(2);
    return 2;
  }

  private static String value(String[] args, String flag) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(flag)) {
        return args[i + 1];
      }
    }
    return null;
  }

  private static boolean has(String[] args, String flag) {
    return Arrays.asList(args).contains(flag);
  }

  private static int server(String[] args) throws Exception {
    String port = value(args, "--port");
    if (port == null) {
      return usage("conformance-server needs --port N");
    }
    ActorSystem system = ActorSystem.create("capnp-conformance");
    ConformanceService.Shared shared = new ConformanceService.Shared();
    RpcServer server = RpcTransport.serve(system, "127.0.0.1", Integer.parseInt(port),
            () -> ConformanceClient.OPTIONS.withBootstrap(Capability.of(new ConformanceService(shared))))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    System.out.println("listening 127.0.0.1:" + server.address().getPort());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.unbind();
      system.terminate();
    }));
    new CompletableFuture<Void>().join();
    return 0;
  }

  private static int client(String[] args) throws Exception {
    String target = value(args, "--connect");
    if (target == null || target.lastIndexOf(':') < 0) {
      return usage("conformance-client needs --connect HOST:PORT");
    }
    String host = target.substring(0, target.lastIndexOf(':'));
    int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
    String only = value(args, "--only");
    Set<Integer> selected = only == null ? Set.of()
        : Arrays.stream(only.split(",")).map(String::trim).map(Integer::parseInt).collect(Collectors.toSet());
    String timeout = value(args, "--timeout");
    ActorSystem system = ActorSystem.create("capnp-conformance");
    try {
      ConformanceClient client = new ConformanceClient(system, host, port,
          Duration.ofSeconds(timeout == null ? 120 : Long.parseLong(timeout)));
      if (has(args, "--hold")) {
        client.hold(System.out);
        return 0;
      }
      if (has(args, "--expect-disconnect")) {
        return client.expectDisconnect(System.out) ? 0 : 1;
      }
      return client.runAll(selected, System.out) ? 0 : 1;
    } finally {
      system.terminate();
    }
  }
}
