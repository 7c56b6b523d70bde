package io.capa.files.internal;

import io.capa.api.CapaException;
import io.capa.api.ErrorCode;
import io.capa.api.files.FileInfo;
import io.capa.api.files.FilePage;
import io.capa.files.spi.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * INTERNAL API. Files in a folder of the local file system ({@code files.local}).
 *
 * <pre>
 *   rootPath/
 *     reports/2026/q1.pdf           the files, under their names
 *     .capa-meta/reports/2026/q1.pdf.properties   content type and user metadata (sidecar)
 *     .capa-tmp/                    uploads in progress, moved into place when complete
 * </pre>
 *
 * A put writes a temporary file in the same file system and moves it over the name atomically, so
 * readers see the old file or the new one, never a mix; a failed upload deletes its temporary file.
 * The content move and the sidecar write happen under a lock striped by name, so the metadata
 * always belongs to the content beside it (within this process).
 */
final class LocalFileStore implements FileStore {
  static final String META = ".capa-meta";
  static final String TEMP = ".capa-tmp";
  private static final String SIDECAR_SUFFIX = ".properties";
  private static final String CONTENT_TYPE_KEY = "capa.content-type";
  private static final String METADATA_PREFIX = "meta.";

  private final LocalPaths paths;
  private final Path metaRoot;
  private final Path tempRoot;
  private final Executor blocking;
  private final int chunkSize;
  private final ReentrantLock[] stripes = new ReentrantLock[64];

  LocalFileStore(Path rootPath, int chunkSize, Executor blocking) throws IOException {
    Files.createDirectories(rootPath);
    Path root = rootPath.toRealPath();
    this.paths = new LocalPaths(root);
    this.metaRoot = Files.createDirectories(root.resolve(META));
    this.tempRoot = Files.createDirectories(root.resolve(TEMP));
    this.blocking = blocking;
    this.chunkSize = chunkSize;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  @Override
  public CompletionStage<FileInfo> put(
      String name, String contentType, Map<String, String> metadata, Flow.Publisher<ByteBuffer> content) {
    try {
      paths.resolve(name);
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
    FileUpload upload = new FileUpload(tempRoot.resolve(UUID.randomUUID() + ".part"), blocking);
    content.subscribe(upload);
    return upload
        .done()
        .exceptionally(
            e -> {
              throw failure("upload of \"" + name + "\" failed", e);
            })
        .thenApplyAsync(temp -> install(name, temp, contentType, metadata), blocking);
  }

  private FileInfo install(String name, Path temp, String contentType, Map<String, String> metadata) {
    ReentrantLock lock = lockFor(name);
    lock.lock();
    try {
      Path target = paths.resolve(name); // again: a link may have appeared while the upload ran
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(name);
      }
      Files.createDirectories(target.getParent());
      Path sidecar = sidecar(name);
      Files.createDirectories(sidecar.getParent());
      Path sidecarTemp = tempRoot.resolve(UUID.randomUUID() + SIDECAR_SUFFIX);
      writeSidecar(sidecarTemp, contentType, metadata);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Files.move(sidecarTemp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new FileInfo(name, a.size(), a.lastModifiedTime().toInstant(), contentType, metadata);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException | NotDirectoryException e) {
      // A folder where the file should go, or a file where a folder of its path should be.
      deleteQuietly(temp);
      throw LocalPaths.invalid(name, "clashes with an existing folder, or a file where its path needs a folder");
    } catch (IOException e) {
      deleteQuietly(temp);
      throw failure("storing \"" + name + "\" failed", e);
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Flow.Publisher<ByteBuffer> get(String name) {
    return subscriber -> {
      Path path;
      try {
        path = paths.resolve(name);
      } catch (CapaException e) {
        subscriber.onSubscribe(NoSubscription.INSTANCE);
        subscriber.onError(e);
        return;
      }
      new FileReader(path, name, chunkSize, blocking, subscriber).start();
    };
  }

  @Override
  public CompletionStage<FilePage> list(String prefix, int pageSize, Optional<String> marker) {
    if (pageSize < 1) {
      return CompletableFuture.failedFuture(
          new CapaException(ErrorCode.INVALID_REQUEST, "page size must be at least 1: " + pageSize));
    }
    return async(() -> page(prefix == null ? "" : prefix, pageSize, marker.orElse("")));
  }

  private FilePage page(String prefix, int pageSize, String marker) {
    // Names sort as strings; the walk keeps only the names after the marker, at most one more than
    // a page, so memory stays bounded by the page size whatever the store's size.
    TreeMap<String, Path> kept = new TreeMap<>();
    Path start = walkStart(prefix);
    if (start == null) {
      return new FilePage(List.of(), Optional.empty());
    }
    try {
      Files.walkFileTree(
          start,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (dir.equals(paths.root())) {
                return FileVisitResult.CONTINUE;
              }
              String n = paths.nameOf(dir);
              return n.startsWith(LocalPaths.RESERVED) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile()) {
                String n = paths.nameOf(file);
                if (n.startsWith(prefix) && n.compareTo(marker) > 0 && !n.startsWith(LocalPaths.RESERVED)) {
                  kept.put(n, file);
                  if (kept.size() > pageSize + 1) {
                    kept.pollLastEntry(); // one past the page tells whether there is a next page
                  }
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE; // deleted while walking
            }
          });
    } catch (NoSuchFileException e) {
      return new FilePage(List.of(), Optional.empty());
    } catch (IOException e) {
      throw failure("listing failed", e);
    }
    boolean more = kept.size() > pageSize;
    if (more) {
      kept.pollLastEntry();
    }
    List<FileInfo> files = new ArrayList<>(kept.size());
    for (Map.Entry<String, Path> e : kept.entrySet()) {
      statPath(e.getKey(), e.getValue()).ifPresent(files::add);
    }
    // The marker is the page's last name even if that file vanished meanwhile.
    Optional<String> next = more ? Optional.of(kept.lastKey()) : Optional.empty();
    return new FilePage(files, next);
  }

  /** The deepest existing folder every name with {@code prefix} lies under; null when none can. */
  private Path walkStart(String prefix) {
    int slash = prefix.lastIndexOf('/');
    if (slash <= 0) {
      return paths.root();
    }
    try {
      Path dir = paths.resolve(prefix.substring(0, slash));
      return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? dir : null;
    } catch (CapaException e) {
      return null; // a prefix no valid name can have
    }
  }

  @Override
  public CompletionStage<Boolean> delete(String name) {
    return async(
        () -> {
          Path path = paths.resolve(name);
          ReentrantLock lock = lockFor(name);
          lock.lock();
          try {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
              return false; // folders are not files of the store
            }
            boolean existed = Files.deleteIfExists(path);
            Files.deleteIfExists(sidecar(name));
            return existed;
          } catch (IOException e) {
            throw failure("deleting \"" + name + "\" failed", e);
          } finally {
            lock.unlock();
          }
        });
  }

  @Override
  public CompletionStage<Optional<FileInfo>> stat(String name) {
    return async(() -> statPath(name, paths.resolve(name)));
  }

  private Optional<FileInfo> statPath(String name, Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile()) {
        return Optional.empty();
      }
      Properties p = readSidecar(name);
      Map<String, String> metadata = new TreeMap<>();
      for (String key : p.stringPropertyNames()) {
        if (key.startsWith(METADATA_PREFIX)) {
          metadata.put(key.substring(METADATA_PREFIX.length()), p.getProperty(key));
        }
      }
      return Optional.of(
          new FileInfo(name, a.size(), a.lastModifiedTime().toInstant(), p.getProperty(CONTENT_TYPE_KEY), metadata));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failure("reading the attributes of \"" + name + "\" failed", e);
    }
  }

  private Path sidecar(String name) {
    return metaRoot.resolve(name + SIDECAR_SUFFIX);
  }

  private Properties readSidecar(String name) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(sidecar(name))) {
      p.load(in);
    } catch (NoSuchFileException e) {
      // A file put there by other means: no metadata.
    }
    return p;
  }

  private static void writeSidecar(Path path, String contentType, Map<String, String> metadata) throws IOException {
    Properties p = new Properties();
    p.setProperty(CONTENT_TYPE_KEY, contentType);
    metadata.forEach((k, v) -> p.setProperty(METADATA_PREFIX + k, v));
    try (OutputStream out = Files.newOutputStream(path)) {
      p.store(out, null);
    }
  }

  private ReentrantLock lockFor(String name) {
    return stripes[Math.floorMod(name.hashCode(), stripes.length)];
  }

  private <T> CompletionStage<T> async(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, blocking);
  }

  private static CapaException failure(String what, Throwable e) {
    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof CapaException c) {
      return c;
    }
    if (cause instanceof UncheckedIOException u) {
      cause = u.getCause();
    }
    return new CapaException(ErrorCode.COMPONENT_FAILED, what + ": " + cause, cause);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // Left in .capa-tmp; cleared at the next start.
    }
  }

  /** Deletes uploads a previous process left half-done. */
  void clearTemp() throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(tempRoot)) {
      for (Path p : s) {
        deleteQuietly(p);
      }
    }
  }

  @Override
  public void close() {
    // Nothing held between calls.
  }

  static final class NoSubscription implements Flow.Subscription {
    static final NoSubscription INSTANCE = new NoSubscription();

    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
