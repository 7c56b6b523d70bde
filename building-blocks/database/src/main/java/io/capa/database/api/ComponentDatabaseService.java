package io.capa.database.api;

import io.capa.api.CapaException;
import io.capa.api.database.DatabaseService;
import io.capa.api.database.DatabaseTransaction;
import io.capa.api.database.ExecResult;
import io.capa.api.database.QueryResult;
import io.capa.api.database.SqlStatement;
import io.capa.api.database.TransactionOptions;
import io.capa.components.api.Components;
import io.capa.database.spi.SqlDatabase;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The database building block: each call goes to the {@link SqlDatabase} component it names. */
public final class ComponentDatabaseService implements DatabaseService {
  private static final String WHAT = "database";
  private final Components components;

  public ComponentDatabaseService(Components components) {
    this.components = Objects.requireNonNull(components, "components");
  }

  @Override
  public CompletionStage<QueryResult> query(String database, SqlStatement statement) {
    Objects.requireNonNull(statement, "statement");
    try {
      return db(database).query(statement);
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<ExecResult> exec(String database, SqlStatement statement) {
    Objects.requireNonNull(statement, "statement");
    try {
      return db(database).exec(statement);
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletionStage<DatabaseTransaction> begin(String database, TransactionOptions options) {
    try {
      return db(database).begin(options == null ? TransactionOptions.DEFAULT : options);
    } catch (CapaException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private SqlDatabase db(String name) {
    return components.require(name, SqlDatabase.class, WHAT);
  }
}
