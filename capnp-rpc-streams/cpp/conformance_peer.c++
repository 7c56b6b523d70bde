// Reference-library peer for the Cap'n Proto RPC conformance scenarios.
//
// Built against the system libcapnp-rpc (see build.sh). One binary, several roles:
//   server        serves the Conformance interface, one bootstrap object per connection
//   client        runs RPC scenarios 1..9 of conformance.md against any conforming server
//   client --hold / --expect-disconnect
//                 parks a hold() call so that a harness can kill one side
//   bench-echo, bench-stream, bench-chain
//                 throughput and latency figures for the benchmark reports
// Every stdout line is flushed at once: a harness reads them while the process runs.

#include "conformance.capnp.h"

#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/rpc-twoparty.h>
#include <capnp/rpc.h>
#include <kj/async-io.h>
#include <kj/async-unix.h>
#include <kj/debug.h>
#include <kj/exception.h>
#include <kj/string.h>
#include <kj/vector.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace {

using VatId = capnp::rpc::twoparty::VatId;
using Clock = std::chrono::steady_clock;

constexpr int EXIT_OK = 0;
constexpr int EXIT_FAILED = 1;
constexpr int EXIT_USAGE = 2;

// ---------------------------------------------------------------------------
// Output helpers

void emit(const char* format, ...) __attribute__((format(printf, 1, 2)));
void emit(const char* format, ...) {
  va_list args;
  va_start(args, format);
  vfprintf(stdout, format, args);
  va_end(args);
  fputc('\n', stdout);
  fflush(stdout);
}

std::string fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* format, ...) {
  va_list args;
  va_start(args, format);
  char stackBuffer[512];
  va_list copy;
  va_copy(copy, args);
  int n = vsnprintf(stackBuffer, sizeof(stackBuffer), format, copy);
  va_end(copy);
  std::string out;
  if (n < 0) {
    out = "(format error)";
  } else if (static_cast<size_t>(n) < sizeof(stackBuffer)) {
    out.assign(stackBuffer, static_cast<size_t>(n));
  } else {
    out.resize(static_cast<size_t>(n) + 1);
    vsnprintf(&out[0], out.size(), format, args);
    out.resize(static_cast<size_t>(n));
  }
  va_end(args);
  return out;
}

// Descriptions of remote exceptions may span lines; the harness parses one line per result.
std::string oneLine(kj::StringPtr text) {
  std::string out(text.cStr());
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

const char* typeName(kj::Exception::Type type) {
  switch (type) {
    case kj::Exception::Type::FAILED: return "FAILED";
    case kj::Exception::Type::OVERLOADED: return "OVERLOADED";
    case kj::Exception::Type::DISCONNECTED: return "DISCONNECTED";
    case kj::Exception::Type::UNIMPLEMENTED: return "UNIMPLEMENTED";
  }
  return "UNKNOWN";
}

double microsBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::micro>(to - from).count();
}

double secondsBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// Nearest-rank percentile of an already sorted sample.
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  if (rank < 1) rank = 1;
  if (rank > sorted.size()) rank = sorted.size();
  return sorted[rank - 1];
}

// ---------------------------------------------------------------------------
// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), slice-by-8 so that the server's
// checksum does not become the bottleneck of the streaming scenario.

class Crc32 {
 public:
  Crc32() {
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
      table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++) {
      for (int t = 1; t < 8; t++) {
        table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xff];
      }
    }
  }

  // `crc` is a finished CRC (0 for no data); the result is the finished CRC of both parts.
  uint32_t update(uint32_t crc, const uint8_t* p, size_t n) const {
    crc = ~crc;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (n >= 8) {
      uint32_t one, two;
      memcpy(&one, p, 4);
      memcpy(&two, p + 4, 4);
      one ^= crc;
      crc = table[7][one & 0xff] ^ table[6][(one >> 8) & 0xff] ^ table[5][(one >> 16) & 0xff] ^
            table[4][one >> 24] ^ table[3][two & 0xff] ^ table[2][(two >> 8) & 0xff] ^
            table[1][(two >> 16) & 0xff] ^ table[0][two >> 24];
      p += 8;
      n -= 8;
    }
#endif
    while (n-- > 0) crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
  }

 private:
  uint32_t table[8][256];
};

const Crc32& crc32() {
  static const Crc32 instance;
  return instance;
}

int64_t wrappingAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

capnp::ReaderOptions readerOptions() {
  capnp::ReaderOptions options;
  // 16 MiB echo payloads travel in one message; leave ample room above that.
  options.traversalLimitInWords = 64ull * 1024 * 1024;
  return options;
}

void setNoDelay(kj::AsyncIoStream& stream) {
  KJ_IF_MAYBE(fd, stream.getFd()) {
    int one = 1;
    setsockopt(*fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  }
}

// ---------------------------------------------------------------------------
// Server

// Process-wide, as the schema asks: liveCounters() and cancellations() are answered from
// these on every connection. The event loop is single-threaded, so plain integers suffice.
uint32_t gLiveCounters = 0;
uint64_t gCancellations = 0;

class CounterImpl final : public Counter::Server {
 public:
  explicit CounterImpl(int64_t start) : value(start) { ++gLiveCounters; }
  ~CounterImpl() noexcept(false) { --gLiveCounters; }

 protected:
  kj::Promise<void> increment(IncrementContext context) override {
    value = wrappingAdd(value, context.getParams().getBy());
    context.getResults().setValue(value);
    return kj::READY_NOW;
  }

  kj::Promise<void> read(ReadContext context) override {
    context.getResults().setValue(value);
    return kj::READY_NOW;
  }

  kj::Promise<void> self(SelfContext context) override {
    context.getResults().setCounter(thisCap());
    return kj::READY_NOW;
  }

 private:
  int64_t value;
};

// Destroyed exactly when the hold() promise is dropped, which for a call that never
// completes means the call was cancelled (Finish from the caller, or the connection died).
struct CancellationWitness {
  ~CancellationWitness() { ++gCancellations; }
};

class ConformanceImpl final : public Conformance::Server {
 protected:
  kj::Promise<void> echo(EchoContext context) override {
    context.getResults().setPayload(context.getParams().getPayload());
    return kj::READY_NOW;
  }

  kj::Promise<void> add(AddContext context) override {
    auto params = context.getParams();
    context.getResults().setSum(wrappingAdd(params.getA(), params.getB()));
    return kj::READY_NOW;
  }

  kj::Promise<void> newCounter(NewCounterContext context) override {
    context.getResults().setCounter(kj::heap<CounterImpl>(context.getParams().getStart()));
    return kj::READY_NOW;
  }

  kj::Promise<void> callBack(CallBackContext context) override {
    auto params = context.getParams();
    auto callback = params.getCallback();
    uint32_t times = params.getTimes();
    auto answers = kj::heap<kj::Vector<int64_t>>(times);
    auto& answersRef = *answers;
    return callSequentially(kj::mv(callback), 0, times, answersRef)
        .then([context, answers = kj::mv(answers)]() mutable {
          auto list = context.getResults().initResults(answers->size());
          for (size_t i = 0; i < answers->size(); i++) list.set(i, (*answers)[i]);
        });
  }

  kj::Promise<void> fail(FailContext context) override {
    auto params = context.getParams();
    kj::Exception::Type type = kj::Exception::Type::FAILED;
    switch (params.getKind()) {
      case Conformance::ErrorKind::FAILED: type = kj::Exception::Type::FAILED; break;
      case Conformance::ErrorKind::OVERLOADED: type = kj::Exception::Type::OVERLOADED; break;
      case Conformance::ErrorKind::DISCONNECTED: type = kj::Exception::Type::DISCONNECTED; break;
      case Conformance::ErrorKind::UNIMPLEMENTED: type = kj::Exception::Type::UNIMPLEMENTED; break;
    }
    return kj::Promise<void>(kj::Exception(type, __FILE__, __LINE__, kj::str(params.getMessage())));
  }

  kj::Promise<void> hold(HoldContext context) override {
    // libcapnp 0.9 ignores Finish for calls that did not opt in to cancellation.
    context.allowCancellation();
    kj::Promise<void> never = kj::NEVER_DONE;
    return never.attach(kj::heap<CancellationWitness>());
  }

  kj::Promise<void> cancellations(CancellationsContext context) override {
    context.getResults().setCount(gCancellations);
    return kj::READY_NOW;
  }

  kj::Promise<void> upload(UploadContext context) override {
    auto chunk = context.getParams().getChunk();
    uploadedBytes += chunk.size();
    uploadedCrc = crc32().update(uploadedCrc, chunk.begin(), chunk.size());
    return kj::READY_NOW;
  }

  kj::Promise<void> uploaded(UploadedContext context) override {
    auto results = context.getResults();
    results.setBytes(uploadedBytes);
    results.setCrc32(uploadedCrc);
    return kj::READY_NOW;
  }

  kj::Promise<void> roundTrip(RoundTripContext context) override {
    context.getResults().setValue(context.getParams().getValue());
    return kj::READY_NOW;
  }

  kj::Promise<void> liveCounters(LiveCountersContext context) override {
    context.getResults().setCount(gLiveCounters);
    return kj::READY_NOW;
  }

 private:
  // Per connection: each connection gets its own ConformanceImpl as bootstrap.
  uint64_t uploadedBytes = 0;
  uint32_t uploadedCrc = 0;

  static kj::Promise<void> callSequentially(Callback::Client callback, uint32_t i, uint32_t times,
                                            kj::Vector<int64_t>& answers) {
    if (i >= times) return kj::READY_NOW;
    auto request = callback.callRequest();
    request.setI(i);
    return request.send().then(
        [callback = kj::mv(callback), i, times,
         &answers](capnp::Response<Callback::CallResults>&& response) mutable {
          answers.add(response.getValue());
          return callSequentially(kj::mv(callback), i + 1, times, answers);
        });
  }
};

struct ServerConnection {
  explicit ServerConnection(kj::Own<kj::AsyncIoStream>&& s)
      : stream(kj::mv(s)),
        network(*stream, capnp::rpc::twoparty::Side::SERVER, readerOptions()),
        rpcSystem(capnp::makeRpcServer(network, Conformance::Client(kj::heap<ConformanceImpl>()))) {}

  // Declaration order is destruction order reversed: RPC state goes before its transport.
  kj::Own<kj::AsyncIoStream> stream;
  capnp::TwoPartyVatNetwork network;
  capnp::RpcSystem<VatId> rpcSystem;
};

class ConnectionErrorLog final : public kj::TaskSet::ErrorHandler {
 public:
  void taskFailed(kj::Exception&& exception) override {
    // A broken connection only ends that connection; the server keeps accepting.
    fprintf(stderr, "capnp-conformance server: connection ended with %s: %s\n",
            typeName(exception.getType()), oneLine(exception.getDescription()).c_str());
  }
};

class Server {
 public:
  Server(kj::ConnectionReceiver& listener, kj::Timer& timer)
      : listener(listener), timer(timer), tasks(errorLog) {}

  kj::Promise<void> acceptLoop() {
    return listener.accept().then(
        [this](kj::Own<kj::AsyncIoStream>&& stream) -> kj::Promise<void> {
          setNoDelay(*stream);
          auto connection = kj::heap<ServerConnection>(kj::mv(stream));
          auto disconnected = connection->network.onDisconnect();
          tasks.add(disconnected.attach(kj::mv(connection)));
          return acceptLoop();
        },
        [this](kj::Exception&& exception) -> kj::Promise<void> {
          // accept() can fail transiently (EMFILE, aborted handshakes); back off and retry.
          fprintf(stderr, "capnp-conformance server: accept failed: %s\n",
                  oneLine(exception.getDescription()).c_str());
          return timer.afterDelay(50 * kj::MILLISECONDS).then([this]() { return acceptLoop(); });
        });
  }

 private:
  kj::ConnectionReceiver& listener;
  kj::Timer& timer;
  ConnectionErrorLog errorLog;
  kj::TaskSet tasks;
};

int runServer(unsigned port) {
  kj::UnixEventPort::captureSignal(SIGTERM);
  kj::UnixEventPort::captureSignal(SIGINT);
  auto io = kj::setupAsyncIo();
  auto& ws = io.waitScope;
  kj::Own<kj::ConnectionReceiver> listener;
  try {
    auto address = io.provider->getNetwork().parseAddress("127.0.0.1", port).wait(ws);
    listener = address->listen();
  } catch (kj::Exception& e) {
    fprintf(stderr, "capnp-conformance server: cannot listen on 127.0.0.1:%u: %s\n", port,
            oneLine(e.getDescription()).c_str());
    return EXIT_FAILED;
  }
  Server server(*listener, io.provider->getTimer());
  auto accepting = server.acceptLoop().eagerlyEvaluate([](kj::Exception&& e) {
    fprintf(stderr, "capnp-conformance server: accept loop ended: %s\n",
            oneLine(e.getDescription()).c_str());
  });
  emit("listening 127.0.0.1:%u", listener->getPort());
  io.unixEventPort.onSignal(SIGTERM)
      .exclusiveJoin(io.unixEventPort.onSignal(SIGINT))
      .wait(ws);
  fflush(stdout);
  // Tearing down live connections buys nothing when the process is about to end.
  _exit(EXIT_OK);
}

// ---------------------------------------------------------------------------
// Client side plumbing

struct Env {
  kj::AsyncIoContext& io;
  std::string host;
  unsigned port;

  kj::WaitScope& ws() { return io.waitScope; }
  kj::Timer& timer() { return io.provider->getTimer(); }
  void sleepMillis(int64_t ms) { timer().afterDelay(ms * kj::MILLISECONDS).wait(ws()); }
};

struct ClientConnection {
  kj::Own<kj::AsyncIoStream> stream;
  kj::Own<capnp::TwoPartyVatNetwork> network;
  kj::Own<capnp::RpcSystem<VatId>> rpc;
  Conformance::Client cap = nullptr;

  ~ClientConnection() noexcept(false) {
    // Capabilities refer into the RPC state, which refers to the network, which refers to
    // the stream: release in that order.
    cap = nullptr;
    rpc = nullptr;
    network = nullptr;
    stream = nullptr;
  }

  // Cuts the TCP connection without sending anything more (no Release, no Abort), as if this
  // process had died, then waits until the local RPC state has noticed.
  void cutAbruptly(Env& env) {
    KJ_IF_MAYBE(fd, stream->getFd()) {
      ::shutdown(*fd, SHUT_RDWR);
    } else {
      KJ_FAIL_REQUIRE("connection has no file descriptor to cut");
    }
    network->onDisconnect()
        .exclusiveJoin(env.timer().afterDelay(5 * kj::SECONDS))
        .wait(env.ws());
  }
};

kj::Own<ClientConnection> connectTo(Env& env) {
  auto connection = kj::heap<ClientConnection>();
  auto address =
      env.io.provider->getNetwork().parseAddress(env.host.c_str(), env.port).wait(env.ws());
  connection->stream = address->connect().wait(env.ws());
  setNoDelay(*connection->stream);
  connection->network = kj::heap<capnp::TwoPartyVatNetwork>(
      *connection->stream, capnp::rpc::twoparty::Side::CLIENT, readerOptions());
  connection->rpc = kj::heap<capnp::RpcSystem<VatId>>(capnp::makeRpcClient(*connection->network));
  capnp::MallocMessageBuilder vatIdMessage(8);
  auto vatId = vatIdMessage.initRoot<VatId>();
  vatId.setSide(capnp::rpc::twoparty::Side::SERVER);
  connection->cap = connection->rpc->bootstrap(vatId).castAs<Conformance>();
  return connection;
}

bool parseHostPort(const std::string& text, std::string& host, unsigned& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= text.size()) return false;
  host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  char* end = nullptr;
  unsigned long value = strtoul(text.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || value > 65535) return false;
  port = static_cast<unsigned>(value);
  return true;
}

uint8_t chunkByte(uint64_t chunk, uint64_t offset) {
  return static_cast<uint8_t>((chunk * 131 + offset * 7) & 0xff);
}

// Streams `chunks` chunks of `chunkSize` bytes through the flow-controlled `-> stream` API.
// Returns the local CRC of everything sent.
uint32_t streamChunks(Env& env, Conformance::Client& cap, uint64_t chunks, uint32_t chunkSize) {
  uint32_t crc = 0;
  for (uint64_t k = 0; k < chunks; k++) {
    auto request = cap.uploadRequest(capnp::MessageSize{chunkSize / 8 + 8, 0});
    auto data = request.initChunk(chunkSize);
    for (uint32_t j = 0; j < chunkSize; j++) data[j] = chunkByte(k, j);
    crc = crc32().update(crc, data.begin(), data.size());
    // Resolves at once while the flow-control window has room, later when it is full.
    request.send().wait(env.ws());
  }
  return crc;
}

// ---------------------------------------------------------------------------
// Scenarios

struct Outcome {
  bool pass;
  std::string text;  // reason when failing, extra figures when passing
};

Outcome pass(std::string extra = "") { return Outcome{true, std::move(extra)}; }
Outcome failure(std::string reason) { return Outcome{false, std::move(reason)}; }

Outcome scenarioEcho(Env& env, ClientConnection& conn) {
  const size_t sizes[] = {0, 1, 8 * 1024, 1024 * 1024, 16 * 1024 * 1024};
  for (size_t size : sizes) {
    auto request = conn.cap.echoRequest(capnp::MessageSize{size / 8 + 16, 0});
    auto payload = request.initPayload(size);
    for (size_t i = 0; i < size; i++) payload[i] = static_cast<uint8_t>((i * 31 + size + 7) & 0xff);
    auto response = request.send().wait(env.ws());
    auto got = response.getPayload();
    if (got.size() != size) {
      return failure(fmt("payload of %zu bytes came back with %zu bytes", size, got.size()));
    }
    for (size_t i = 0; i < size; i++) {
      uint8_t expected = static_cast<uint8_t>((i * 31 + size + 7) & 0xff);
      if (got[i] != expected) {
        return failure(fmt("payload of %zu bytes differs at byte %zu: %u != %u", size, i,
                           static_cast<unsigned>(got[i]), static_cast<unsigned>(expected)));
      }
    }
  }
  return pass();
}

Outcome scenarioAdd(Env& env, ClientConnection& conn) {
  struct Case {
    int64_t a, b, sum;
  };
  const int64_t max = std::numeric_limits<int64_t>::max();
  const int64_t min = std::numeric_limits<int64_t>::min();
  const Case cases[] = {
      {0, 0, 0},   {-5, -7, -12},   {-10, 3, -7},     {40, 2, 42},
      {max, 1, min}, {min, -1, max}, {max, max, -2},
  };
  for (const Case& c : cases) {
    auto request = conn.cap.addRequest();
    request.setA(c.a);
    request.setB(c.b);
    int64_t sum = request.send().wait(env.ws()).getSum();
    if (sum != c.sum) {
      return failure(fmt("add(%" PRId64 ", %" PRId64 ") = %" PRId64 ", expected %" PRId64, c.a,
                         c.b, sum, c.sum));
    }
  }
  return pass();
}

Outcome scenarioPipelining(Env& env, ClientConnection& conn) {
  // Every call is sent before the event loop runs, so no answer can arrive in between.
  auto first = conn.cap.newCounterRequest();
  first.setStart(5);
  auto counterA = first.send();
  auto incrementRequest = counterA.getCounter().incrementRequest();
  incrementRequest.setBy(3);
  auto incremented = incrementRequest.send();

  auto second = conn.cap.newCounterRequest();
  second.setStart(1);
  auto counterB = second.send();
  auto selfOnce = counterB.getCounter().selfRequest().send();
  auto selfTwice = selfOnce.getCounter().selfRequest().send();
  auto readBack = selfTwice.getCounter().readRequest().send();

  int64_t value8 = incremented.wait(env.ws()).getValue();
  int64_t value1 = readBack.wait(env.ws()).getValue();
  counterA.wait(env.ws());
  counterB.wait(env.ws());
  selfOnce.wait(env.ws());
  selfTwice.wait(env.ws());
  if (value8 != 8) return failure(fmt("newCounter(5).increment(3) = %" PRId64 ", expected 8", value8));
  if (value1 != 1) return failure(fmt("newCounter(1).self().self().read() = %" PRId64 ", expected 1", value1));
  return pass();
}

class DoublingCallback final : public Callback::Server {
 public:
  explicit DoublingCallback(std::vector<int64_t>& seen) : seen(seen) {}

 protected:
  kj::Promise<void> call(CallContext context) override {
    int64_t i = context.getParams().getI();
    seen.push_back(i);
    context.getResults().setValue(i * 2);
    return kj::READY_NOW;
  }

 private:
  std::vector<int64_t>& seen;
};

Outcome scenarioCallbacks(Env& env, ClientConnection& conn) {
  std::vector<int64_t> seen;
  const uint32_t times = 100;
  {
    auto request = conn.cap.callBackRequest();
    request.setCallback(kj::heap<DoublingCallback>(seen));
    request.setTimes(times);
    auto response = request.send().wait(env.ws());
    auto results = response.getResults();
    if (results.size() != times) {
      return failure(fmt("%u results, expected %u", results.size(), times));
    }
    for (uint32_t i = 0; i < times; i++) {
      if (results[i] != static_cast<int64_t>(i) * 2) {
        return failure(fmt("results[%u] = %" PRId64 ", expected %u", i, results[i], i * 2));
      }
    }
  }
  if (seen.size() != times) return failure(fmt("callback called %zu times", seen.size()));
  for (uint32_t i = 0; i < times; i++) {
    if (seen[i] != static_cast<int64_t>(i)) {
      return failure(fmt("callback call #%u had i=%" PRId64, i, seen[i]));
    }
  }
  return pass();
}

Outcome scenarioExceptions(Env& env, ClientConnection& conn) {
  struct Kind {
    Conformance::ErrorKind kind;
    kj::Exception::Type type;
    const char* name;
  };
  const Kind kinds[] = {
      {Conformance::ErrorKind::FAILED, kj::Exception::Type::FAILED, "failed"},
      {Conformance::ErrorKind::OVERLOADED, kj::Exception::Type::OVERLOADED, "overloaded"},
      {Conformance::ErrorKind::DISCONNECTED, kj::Exception::Type::DISCONNECTED, "disconnected"},
      {Conformance::ErrorKind::UNIMPLEMENTED, kj::Exception::Type::UNIMPLEMENTED, "unimplemented"},
  };
  for (const Kind& k : kinds) {
    std::string message = fmt("conformance %s message 4711", k.name);
    auto request = conn.cap.failRequest();
    request.setKind(k.kind);
    request.setMessage(message.c_str());
    try {
      request.send().wait(env.ws());
      return failure(fmt("fail(%s) returned normally", k.name));
    } catch (kj::Exception& e) {
      if (e.getType() != k.type) {
        return failure(fmt("fail(%s) arrived as %s: %s", k.name, typeName(e.getType()),
                           oneLine(e.getDescription()).c_str()));
      }
      if (strstr(e.getDescription().cStr(), message.c_str()) == nullptr) {
        return failure(fmt("fail(%s) reason lacks the message: %s", k.name,
                           oneLine(e.getDescription()).c_str()));
      }
    }
  }
  // The connection must survive exceptions of every kind, including "disconnected".
  auto request = conn.cap.addRequest();
  request.setA(20);
  request.setB(22);
  if (request.send().wait(env.ws()).getSum() != 42) return failure("add after fail() was wrong");
  return pass();
}

uint64_t readCancellations(Env& env, ClientConnection& conn) {
  return conn.cap.cancellationsRequest().send().wait(env.ws()).getCount();
}

Outcome scenarioCancellation(Env& env, ClientConnection& conn) {
  uint64_t before = readCancellations(env, conn);
  {
    auto held = conn.cap.holdRequest().send();
    env.sleepMillis(100);
    if (held.poll(env.ws())) return failure("hold() completed instead of waiting");
    // Leaving the scope drops the promise, which sends Finish for the question.
  }
  auto deadline = Clock::now() + std::chrono::seconds(5);
  uint64_t now = before;
  while (true) {
    now = readCancellations(env, conn);
    if (now == before + 1) return pass();
    if (now > before + 1) {
      return failure(fmt("cancellations went from %" PRIu64 " to %" PRIu64 ", expected +1", before, now));
    }
    if (Clock::now() > deadline) break;
    env.sleepMillis(10);
  }
  return failure(fmt("cancellations stayed at %" PRIu64 " for 5 s after cancelling hold()", now));
}

Outcome scenarioStreaming(Env& env, ClientConnection& conn) {
  const uint64_t chunks = 2000;
  const uint32_t chunkSize = 64 * 1024;
  const uint64_t expectedBytes = chunks * chunkSize;
  auto start = Clock::now();
  uint32_t crc = streamChunks(env, conn.cap, chunks, chunkSize);
  auto response = conn.cap.uploadedRequest().send().wait(env.ws());
  double seconds = secondsBetween(start, Clock::now());
  if (response.getBytes() != expectedBytes) {
    return failure(fmt("uploaded() reports %" PRIu64 " bytes, expected %" PRIu64,
                       response.getBytes(), expectedBytes));
  }
  if (response.getCrc32() != crc) {
    return failure(fmt("uploaded() reports CRC-32 %08x, expected %08x", response.getCrc32(), crc));
  }
  return pass(fmt("%.1f MB/s", static_cast<double>(expectedBytes) / 1e6 / seconds));
}

void fillInner(Inner::Builder inner, uint32_t id, const char* label) {
  inner.setId(id);
  inner.setLabel(label);
}

// Every field set, extremes for the primitives, and the defaulted fields set to values that
// differ from their defaults (zero included, which the XOR encoding stores as non-zero).
void fillEveryField(AllTypes::Builder v, int depth) {
  v.setVoidField();
  v.setBoolField(true);
  v.setInt8Field(std::numeric_limits<int8_t>::min());
  v.setInt16Field(std::numeric_limits<int16_t>::min());
  v.setInt32Field(std::numeric_limits<int32_t>::min());
  v.setInt64Field(std::numeric_limits<int64_t>::min());
  v.setUInt8Field(std::numeric_limits<uint8_t>::max());
  v.setUInt16Field(std::numeric_limits<uint16_t>::max());
  v.setUInt32Field(std::numeric_limits<uint32_t>::max());
  v.setUInt64Field(std::numeric_limits<uint64_t>::max());
  v.setFloat32Field(std::numeric_limits<float>::max());
  v.setFloat64Field(-std::numeric_limits<double>::min());
  v.setTextField(u8"h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c\u8a9e \U0001F680");
  const uint8_t bytes[] = {0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe, 0x00, 0x42, 0x99};
  v.setDataField(kj::arrayPtr(bytes, sizeof(bytes)));
  fillInner(v.initStructField(), 42, "inner");
  v.setEnumField(Colour::BLUE);

  auto bools = v.initBoolList(11);
  for (uint32_t i = 0; i < bools.size(); i++) bools.set(i, i % 3 == 0);
  auto int8s = v.initInt8List(4);
  int8s.set(0, -128); int8s.set(1, -1); int8s.set(2, 0); int8s.set(3, 127);
  auto int64s = v.initInt64List(5);
  int64s.set(0, std::numeric_limits<int64_t>::min());
  int64s.set(1, -1);
  int64s.set(2, 0);
  int64s.set(3, 1);
  int64s.set(4, std::numeric_limits<int64_t>::max());
  auto uint16s = v.initUInt16List(3);
  uint16s.set(0, 0); uint16s.set(1, 1); uint16s.set(2, 65535);
  auto float64s = v.initFloat64List(4);
  float64s.set(0, 0.0); float64s.set(1, -0.5); float64s.set(2, 1e300);
  float64s.set(3, std::numeric_limits<double>::lowest());
  auto texts = v.initTextList(3);
  texts.set(0, "a"); texts.set(1, ""); texts.set(2, u8"\u00fc\u20ac\U0001D11E");
  auto datas = v.initDataList(2);
  const uint8_t three[] = {1, 2, 3};
  datas.set(0, kj::ArrayPtr<const uint8_t>());
  datas.set(1, kj::arrayPtr(three, 3));
  auto structs = v.initStructList(2);
  fillInner(structs[0], 1, "one");
  fillInner(structs[1], 2, u8"zw\u00f6i");
  auto enums = v.initEnumList(3);
  enums.set(0, Colour::RED); enums.set(1, Colour::GREEN); enums.set(2, Colour::BLUE);
  auto lists = v.initListOfLists(3);
  auto l0 = lists.init(0, 3);
  l0.set(0, 1); l0.set(1, 2); l0.set(2, 3);
  lists.init(1, 0);
  auto l2 = lists.init(2, 2);
  l2.set(0, std::numeric_limits<int32_t>::min());
  l2.set(1, std::numeric_limits<int32_t>::max());

  v.setDefaultInt(0);
  v.setDefaultText("");
  v.setDefaultBool(false);
  v.setDefaultFloat(0.0);
  fillInner(v.initDefaultStruct(), 0, "");
  v.initDefaultList(0);

  auto place = v.initPlace();
  place.setStreet("1 Main Street");
  place.setCity(u8"Z\u00fcrich");
  place.setZip(8001);

  fillInner(v.getAnyField().initAs<Inner>(), 77, "any");

  if (depth == 0) {
    v.getChoice().initNested().setId(99);
    v.getChoice().getNested().setLabel("nested");
  } else if (depth == 2) {
    v.getChoice().setNumber(-42);
  } else {
    v.getChoice().setNone();
  }

  if (depth < 3) {
    auto next = v.initSelf();
    if (depth == 0) {
      // One level with every list present but empty, the empty struct list included.
      next.getChoice().setWord(u8"w\u00f6rd");
      next.initStructList(0);
      next.initTextList(0);
      next.initBoolList(0);
      next.initListOfLists(0);
      next.initDataField(0);
      next.setTextField("");
      next.setInt32Field(depth + 1);
      next.initSelf();
      fillEveryField(next.getSelf(), 2);
    } else {
      fillEveryField(next, depth + 1);
    }
  }
}

bool sameValue(AllTypes::Reader expected, AllTypes::Reader actual, std::string& why) {
  if (capnp::AnyStruct::Reader(expected).equals(capnp::AnyStruct::Reader(actual)) !=
      capnp::Equality::EQUAL) {
    why = "structural comparison differs";
  } else if (expected.getAnyField().equals(actual.getAnyField()) != capnp::Equality::EQUAL) {
    why = "anyField differs";
  } else {
    kj::String a = kj::str(expected);
    kj::String b = kj::str(actual);
    if (a == b) return true;
    why = "text form differs";
  }
  kj::String got = kj::str(actual);
  std::string shown(got.cStr(), std::min<size_t>(got.size(), 300));
  why += "; got " + oneLine(kj::StringPtr(shown.c_str()));
  return false;
}

Outcome scenarioRoundTrip(Env& env, ClientConnection& conn) {
  struct Value {
    const char* name;
    kj::Own<capnp::MallocMessageBuilder> message;
  };
  std::vector<Value> values;
  values.push_back({"all defaults", kj::heap<capnp::MallocMessageBuilder>()});
  values.back().message->initRoot<AllTypes>();
  values.push_back({"every field", kj::heap<capnp::MallocMessageBuilder>()});
  fillEveryField(values.back().message->initRoot<AllTypes>(), 0);

  for (auto& value : values) {
    auto expected = value.message->getRoot<AllTypes>().asReader();
    auto request = conn.cap.roundTripRequest();
    request.setValue(expected);
    auto response = request.send().wait(env.ws());
    std::string why;
    if (!sameValue(expected, response.getValue(), why)) {
      return failure(fmt("%s: %s", value.name, why.c_str()));
    }
  }
  return pass();
}

uint32_t readLiveCounters(Env& env, ClientConnection& conn) {
  return conn.cap.liveCountersRequest().send().wait(env.ws()).getCount();
}

bool awaitLiveCounters(Env& env, ClientConnection& conn, uint32_t target, uint32_t& last) {
  auto deadline = Clock::now() + std::chrono::seconds(5);
  while (true) {
    last = readLiveCounters(env, conn);
    if (last == target) return true;
    if (Clock::now() > deadline) return false;
    env.sleepMillis(10);
  }
}

std::vector<Counter::Client> makeCounters(Env& env, ClientConnection& conn, int n) {
  std::vector<Counter::Client> counters;
  for (int i = 0; i < n; i++) {
    auto request = conn.cap.newCounterRequest();
    request.setStart(i);
    counters.push_back(request.send().wait(env.ws()).getCounter());
  }
  // A round trip through each proves that the server really created them.
  for (size_t i = 0; i < counters.size(); i++) {
    int64_t value = counters[i].readRequest().send().wait(env.ws()).getValue();
    KJ_REQUIRE(value == static_cast<int64_t>(i), "new counter reads wrong value", value, i);
  }
  return counters;
}

Outcome scenarioLifetime(Env& env, ClientConnection& conn) {
  uint32_t base = readLiveCounters(env, conn);
  uint32_t last = 0;
  {
    auto counters = makeCounters(env, conn, 3);
    uint32_t withThree = readLiveCounters(env, conn);
    if (withThree != base + 3) {
      return failure(fmt("liveCounters() = %u with 3 new counters, expected %u", withThree, base + 3));
    }
  }
  if (!awaitLiveCounters(env, conn, base, last)) {
    return failure(fmt("liveCounters() = %u 5 s after releasing 3 counters, expected %u", last, base));
  }

  auto second = connectTo(env);
  auto counters = makeCounters(env, *second, 2);
  uint32_t withTwo = readLiveCounters(env, conn);
  if (withTwo != base + 2) {
    return failure(fmt("liveCounters() = %u with 2 counters on a second connection, expected %u",
                       withTwo, base + 2));
  }
  second->cutAbruptly(env);
  // Local bookkeeping only: the socket is gone, nothing reaches the server any more.
  counters.clear();
  second = nullptr;
  if (!awaitLiveCounters(env, conn, base, last)) {
    return failure(fmt("liveCounters() = %u 5 s after the second connection died, expected %u",
                       last, base));
  }
  return pass();
}

struct Scenario {
  int number;
  const char* name;
  Outcome (*run)(Env&, ClientConnection&);
};

const Scenario SCENARIOS[] = {
    {1, "echo", scenarioEcho},
    {2, "add", scenarioAdd},
    {3, "pipelining", scenarioPipelining},
    {4, "callbacks", scenarioCallbacks},
    {5, "exceptions", scenarioExceptions},
    {6, "cancellation", scenarioCancellation},
    {7, "streaming", scenarioStreaming},
    {8, "roundtrip", scenarioRoundTrip},
    {9, "capability-lifetime", scenarioLifetime},
};

// A peer that never answers would otherwise stall the run silently; the watchdog reports the
// scenario that hung and ends the process.
char gWatchdogLine[160];
size_t gWatchdogLength = 0;

void watchdogFired(int) {
  ssize_t ignored = write(STDOUT_FILENO, gWatchdogLine, gWatchdogLength);
  (void)ignored;
  _exit(EXIT_FAILED);
}

Outcome runScenario(Env& env, const Scenario& scenario) {
  try {
    auto connection = connectTo(env);
    Outcome outcome = scenario.run(env, *connection);
    if (!outcome.pass) return outcome;
    // A last round trip makes the server process this connection's Release and Finish
    // messages before it closes, so later scenarios see settled counts.
    try {
      connection->cap.addRequest().send().wait(env.ws());
    } catch (kj::Exception& e) {
      return failure(fmt("connection unusable after the scenario: %s: %s", typeName(e.getType()),
                         oneLine(e.getDescription()).c_str()));
    }
    return outcome;
  } catch (kj::Exception& e) {
    return failure(fmt("%s: %s", typeName(e.getType()), oneLine(e.getDescription()).c_str()));
  } catch (std::exception& e) {
    return failure(e.what());
  }
}

int runClient(Env& env, const std::vector<int>& only, unsigned timeoutSeconds) {
  signal(SIGALRM, watchdogFired);
  bool allPassed = true;
  for (const Scenario& scenario : SCENARIOS) {
    if (!only.empty() && std::find(only.begin(), only.end(), scenario.number) == only.end()) continue;
    int n = snprintf(gWatchdogLine, sizeof(gWatchdogLine), "FAIL %d %s: no result after %u s\n",
                     scenario.number, scenario.name, timeoutSeconds);
    gWatchdogLength = n > 0 ? std::min(static_cast<size_t>(n), sizeof(gWatchdogLine) - 1) : 0;
    alarm(timeoutSeconds);
    Outcome outcome = runScenario(env, scenario);
    alarm(0);
    if (outcome.pass) {
      if (outcome.text.empty()) {
        emit("PASS %d %s", scenario.number, scenario.name);
      } else {
        emit("PASS %d %s %s", scenario.number, scenario.name, outcome.text.c_str());
      }
    } else {
      allPassed = false;
      emit("FAIL %d %s: %s", scenario.number, scenario.name, outcome.text.c_str());
    }
  }
  return allPassed ? EXIT_OK : EXIT_FAILED;
}

// Parks a hold() call. Returns only when the call ends (which a correct server never does
// by itself). `expectDisconnect` selects the report made when it ends.
int runHold(Env& env, bool expectDisconnect) {
  auto connection = connectTo(env);
  auto held = connection->cap.holdRequest().send();
  // Calls on one connection are delivered in order: once this answer is back, the server has
  // started hold().
  connection->cap.cancellationsRequest().send().wait(env.ws());
  emit("holding");
  auto start = Clock::now();
  try {
    held.wait(env.ws());
    emit("wrong RETURNED hold() returned normally");
    return EXIT_FAILED;
  } catch (kj::Exception& e) {
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (expectDisconnect && e.getType() == kj::Exception::Type::DISCONNECTED) {
      emit("disconnected %.0f", ms);
      return EXIT_OK;
    }
    emit("wrong %s %s", typeName(e.getType()), oneLine(e.getDescription()).c_str());
    return EXIT_FAILED;
  }
}

// ---------------------------------------------------------------------------
// Benchmarks

class EchoBench {
 public:
  EchoBench(Conformance::Client cap, size_t size, Clock::time_point measureFrom,
            Clock::time_point stopAt)
      : lastCompletion(measureFrom), cap(kj::mv(cap)), payload(kj::heapArray<uint8_t>(size)),
        measureFrom(measureFrom), stopAt(stopAt) {
    for (size_t i = 0; i < size; i++) payload[i] = static_cast<uint8_t>(i * 13 + 1);
  }

  // One closed-loop caller: the next call leaves when the previous answer arrived.
  kj::Promise<void> caller() {
    auto request = cap.echoRequest(capnp::MessageSize{payload.size() / 8 + 16, 0});
    request.setPayload(payload);
    auto sent = Clock::now();
    return request.send().then(
        [this, sent](capnp::Response<Conformance::EchoResults>&& response) -> kj::Promise<void> {
          auto done = Clock::now();
          KJ_REQUIRE(response.getPayload().size() == payload.size(), "echo changed the size");
          if (sent >= measureFrom) {
            latenciesMicros.push_back(microsBetween(sent, done));
            lastCompletion = std::max(lastCompletion, done);
          }
          if (done >= stopAt) return kj::READY_NOW;
          return caller();
        });
  }

  std::vector<double> latenciesMicros;
  Clock::time_point lastCompletion;

 private:
  Conformance::Client cap;
  kj::Array<uint8_t> payload;
  Clock::time_point measureFrom;
  Clock::time_point stopAt;
};

int runBenchEcho(Env& env, size_t size, unsigned concurrency, double seconds, double warmup) {
  auto connection = connectTo(env);
  auto start = Clock::now();
  auto measureFrom = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(warmup));
  auto stopAt = measureFrom + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  EchoBench bench(connection->cap, size, measureFrom, stopAt);
  auto callers = kj::heapArrayBuilder<kj::Promise<void>>(concurrency);
  for (unsigned i = 0; i < concurrency; i++) callers.add(bench.caller());
  kj::joinPromises(callers.finish()).wait(env.ws());

  auto& lat = bench.latenciesMicros;
  std::sort(lat.begin(), lat.end());
  double measured = secondsBetween(measureFrom, bench.lastCompletion);
  double rate = measured > 0 ? static_cast<double>(lat.size()) / measured : 0;
  emit("bench-echo size=%zu concurrency=%u calls=%zu seconds=%.3f calls_per_s=%.1f p50_us=%.1f p99_us=%.1f",
       size, concurrency, lat.size(), measured, rate, percentile(lat, 50), percentile(lat, 99));
  return EXIT_OK;
}

int runBenchStream(Env& env, uint64_t chunks, uint32_t chunkSize) {
  auto connection = connectTo(env);
  auto start = Clock::now();
  uint32_t crc = streamChunks(env, connection->cap, chunks, chunkSize);
  auto response = connection->cap.uploadedRequest().send().wait(env.ws());
  double seconds = secondsBetween(start, Clock::now());
  uint64_t bytes = response.getBytes();
  if (bytes != chunks * chunkSize || response.getCrc32() != crc) {
    fprintf(stderr,
            "bench-stream: server reports %" PRIu64 " bytes / CRC %08x, sent %" PRIu64 " / %08x\n",
            bytes, response.getCrc32(), chunks * chunkSize, crc);
    return EXIT_FAILED;
  }
  emit("bench-stream bytes=%" PRIu64 " seconds=%.3f mb_per_s=%.1f", bytes, seconds,
       static_cast<double>(bytes) / 1e6 / seconds);
  return EXIT_OK;
}

int runBenchChain(Env& env, unsigned samples) {
  auto connection = connectTo(env);
  auto& cap = connection->cap;
  // Untimed rounds first so that connection setup and first-use costs stay out of the figures.
  const unsigned warmup = std::min(samples, 200u);
  std::vector<double> single, chain;
  for (unsigned i = 0; i < warmup + samples; i++) {
    auto request = cap.addRequest();
    request.setA(1);
    request.setB(2);
    auto t0 = Clock::now();
    int64_t sum = request.send().wait(env.ws()).getSum();
    auto t1 = Clock::now();
    KJ_REQUIRE(sum == 3, "add(1, 2) returned a wrong sum", sum);
    if (i >= warmup) single.push_back(microsBetween(t0, t1));
  }
  for (unsigned i = 0; i < warmup + samples; i++) {
    auto t0 = Clock::now();
    auto created = [&]() {
      auto request = cap.newCounterRequest();
      request.setStart(1);
      return request.send();
    }();
    auto same = created.getCounter().selfRequest().send();
    auto read = same.getCounter().readRequest().send();
    int64_t value = read.wait(env.ws()).getValue();
    auto t1 = Clock::now();
    KJ_REQUIRE(value == 1, "pipelined chain read a wrong value", value);
    created.wait(env.ws());
    same.wait(env.ws());
    if (i >= warmup) chain.push_back(microsBetween(t0, t1));
  }
  std::sort(single.begin(), single.end());
  std::sort(chain.begin(), chain.end());
  double singleP50 = percentile(single, 50);
  double chainP50 = percentile(chain, 50);
  emit("bench-chain single_p50_us=%.1f chain_p50_us=%.1f ratio=%.2f", singleP50, chainP50,
       singleP50 > 0 ? chainP50 / singleP50 : 0.0);
  return EXIT_OK;
}

// ---------------------------------------------------------------------------
// Command line

void usage() {
  fprintf(stderr,
          "usage:\n"
          "  capnp-conformance server --port N\n"
          "  capnp-conformance client --connect HOST:PORT [--only 1,3,7] [--timeout SECONDS]\n"
          "  capnp-conformance client --connect HOST:PORT --hold\n"
          "  capnp-conformance client --connect HOST:PORT --expect-disconnect\n"
          "  capnp-conformance bench-echo --connect HOST:PORT --size BYTES --concurrency C"
          " --seconds S [--warmup W]\n"
          "  capnp-conformance bench-stream --connect HOST:PORT [--chunks 2000] [--chunk-size 65536]\n"
          "  capnp-conformance bench-chain --connect HOST:PORT [--samples N]\n");
}

struct Args {
  std::string command;
  std::vector<std::pair<std::string, std::string>> options;  // flags have an empty value
  std::vector<std::string> flags;

  bool has(const std::string& name) const {
    return std::find(flags.begin(), flags.end(), name) != flags.end();
  }
  const std::string* get(const std::string& name) const {
    for (auto& option : options) {
      if (option.first == name) return &option.second;
    }
    return nullptr;
  }
};

bool parseUnsigned(const std::string& text, uint64_t max, uint64_t& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long value = strtoull(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || text[0] == '-' || value > max) return false;
  out = value;
  return true;
}

bool parseSeconds(const std::string& text, double& out) {
  char* end = nullptr;
  double value = strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(value >= 0) || value > 86400) return false;
  out = value;
  return true;
}

int usageError(const std::string& message) {
  fprintf(stderr, "capnp-conformance: %s\n", message.c_str());
  usage();
  return EXIT_USAGE;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  if (argc < 2) {
    usage();
    return EXIT_USAGE;
  }
  const std::vector<std::string> commands = {"server", "client", "bench-echo", "bench-stream",
                                             "bench-chain"};
  if (std::find(commands.begin(), commands.end(), std::string(argv[1])) == commands.end()) {
    return usageError(std::string("unknown command ") + argv[1]);
  }
  const std::vector<std::string> flagNames = {"--hold", "--expect-disconnect"};
  const std::vector<std::string> valueNames = {"--port",    "--connect", "--only",
                                               "--timeout", "--size",    "--concurrency",
                                               "--seconds", "--warmup",  "--chunks",
                                               "--chunk-size", "--samples"};
  Args args;
  args.command = argv[1];
  for (int i = 2; i < argc; i++) {
    std::string arg = argv[i];
    if (std::find(flagNames.begin(), flagNames.end(), arg) != flagNames.end()) {
      args.flags.push_back(arg);
    } else if (std::find(valueNames.begin(), valueNames.end(), arg) != valueNames.end()) {
      if (i + 1 >= argc) return usageError(arg + " needs a value");
      args.options.emplace_back(arg, argv[++i]);
    } else {
      return usageError("unknown argument " + arg);
    }
  }

  if (args.command == "server") {
    uint64_t port = 0;
    const std::string* text = args.get("--port");
    if (text == nullptr || !parseUnsigned(*text, 65535, port)) return usageError("server needs --port 0..65535");
    return runServer(static_cast<unsigned>(port));
  }

  const std::string* connect = args.get("--connect");
  std::string host;
  unsigned port = 0;
  if (connect == nullptr || !parseHostPort(*connect, host, port)) {
    return usageError(args.command + " needs --connect HOST:PORT");
  }

  auto io = kj::setupAsyncIo();
  Env env{io, host, port};
  try {
    if (args.command == "client") {
      if (args.has("--hold") && args.has("--expect-disconnect")) {
        return usageError("--hold and --expect-disconnect exclude each other");
      }
      if (args.has("--hold")) return runHold(env, false);
      if (args.has("--expect-disconnect")) return runHold(env, true);
      std::vector<int> only;
      if (const std::string* list = args.get("--only")) {
        size_t pos = 0;
        while (pos <= list->size()) {
          size_t comma = list->find(',', pos);
          if (comma == std::string::npos) comma = list->size();
          uint64_t n = 0;
          if (!parseUnsigned(list->substr(pos, comma - pos), 9, n) || n < 1) {
            return usageError("--only takes scenario numbers 1..9 separated by commas");
          }
          only.push_back(static_cast<int>(n));
          pos = comma + 1;
        }
      }
      uint64_t timeout = 120;
      if (const std::string* text = args.get("--timeout")) {
        if (!parseUnsigned(*text, 86400, timeout) || timeout == 0) return usageError("bad --timeout");
      }
      return runClient(env, only, static_cast<unsigned>(timeout));
    }
    if (args.command == "bench-echo") {
      uint64_t size = 0, concurrency = 0;
      double seconds = 0, warmup = 1;
      const std::string* sizeText = args.get("--size");
      const std::string* concurrencyText = args.get("--concurrency");
      const std::string* secondsText = args.get("--seconds");
      if (sizeText == nullptr || !parseUnsigned(*sizeText, 64ull << 20, size)) {
        return usageError("bench-echo needs --size BYTES (at most 64 MiB)");
      }
      if (concurrencyText == nullptr || !parseUnsigned(*concurrencyText, 100000, concurrency) ||
          concurrency == 0) {
        return usageError("bench-echo needs --concurrency C >= 1");
      }
      if (secondsText == nullptr || !parseSeconds(*secondsText, seconds) || seconds <= 0) {
        return usageError("bench-echo needs --seconds S > 0");
      }
      if (const std::string* text = args.get("--warmup")) {
        if (!parseSeconds(*text, warmup)) return usageError("bad --warmup");
      }
      return runBenchEcho(env, size, static_cast<unsigned>(concurrency), seconds, warmup);
    }
    if (args.command == "bench-stream") {
      uint64_t chunks = 2000, chunkSize = 65536;
      if (const std::string* text = args.get("--chunks")) {
        if (!parseUnsigned(*text, 100000000, chunks) || chunks == 0) return usageError("bad --chunks");
      }
      if (const std::string* text = args.get("--chunk-size")) {
        if (!parseUnsigned(*text, 16u << 20, chunkSize) || chunkSize == 0) {
          return usageError("bad --chunk-size (1 .. 16 MiB)");
        }
      }
      return runBenchStream(env, chunks, static_cast<uint32_t>(chunkSize));
    }
    if (args.command == "bench-chain") {
      uint64_t samples = 1000;
      if (const std::string* text = args.get("--samples")) {
        if (!parseUnsigned(*text, 10000000, samples) || samples == 0) return usageError("bad --samples");
      }
      return runBenchChain(env, static_cast<unsigned>(samples));
    }
  } catch (kj::Exception& e) {
    fprintf(stderr, "capnp-conformance %s: %s: %s\n", args.command.c_str(), typeName(e.getType()),
            oneLine(e.getDescription()).c_str());
    return EXIT_FAILED;
  }
  return usageError("unknown command " + args.command);
}
