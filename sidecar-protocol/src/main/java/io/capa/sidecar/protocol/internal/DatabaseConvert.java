package io.capa.sidecar.protocol.internal;

import io.capa.api.database.Isolation;
import io.capa.api.database.QueryResult;
import io.capa.api.database.SqlStatement;
import io.capa.api.database.TransactionOptions;
import io.capa.sidecar.protocol.RuntimeProtocol;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** INTERNAL API: the database building block's values to and from runtime.capnp. */
public final class DatabaseConvert {
  private DatabaseConvert() {}

  public static void statement(SqlStatement s, RuntimeProtocol.SqlStatement.Builder b) {
    b.setSql(s.sql());
    values(s.parameters(), b.initParameters(s.parameters().size()));
  }

  public static SqlStatement statement(RuntimeProtocol.SqlStatement.Reader r) {
    return new SqlStatement(r.getSql(), values(r.getParameters()));
  }

  public static void result(QueryResult q, RuntimeProtocol.QueryResult.Builder b) {
    b.setColumns(q.columns());
    var rows = b.initRows(q.rows().size());
    for (int i = 0; i < q.rows().size(); i++) {
      List<Object> row = q.rows().get(i);
      values(row, rows.get(i).initValues(row.size()));
    }
  }

  public static QueryResult result(RuntimeProtocol.QueryResult.Reader r) {
    List<List<Object>> rows = new ArrayList<>();
    for (RuntimeProtocol.SqlRow.Reader row : r.getRows()) {
      rows.add(values(row.getValues()));
    }
    return new QueryResult(List.copyOf(r.getColumns()), rows);
  }

  private static void values(List<Object> values, List<RuntimeProtocol.SqlValue.Builder> out) {
    for (int i = 0; i < values.size(); i++) {
      value(values.get(i), out.get(i));
    }
  }

  private static List<Object> values(List<RuntimeProtocol.SqlValue.Reader> in) {
    List<Object> out = new ArrayList<>(in.size());
    for (RuntimeProtocol.SqlValue.Reader v : in) {
      out.add(value(v));
    }
    return out;
  }

  /** One value of the portable API's closed set (see {@code SqlStatement}). */
  static void value(Object v, RuntimeProtocol.SqlValue.Builder b) {
    if (v == null) {
      b.setNull();
    } else if (v instanceof String s) {
      b.setText(s);
    } else if (v instanceof Boolean x) {
      b.setBool(x);
    } else if (v instanceof Integer x) {
      b.setInt32(x);
    } else if (v instanceof Long x) {
      b.setInt64(x);
    } else if (v instanceof Double x) {
      b.setFloat64(x);
    } else if (v instanceof BigDecimal x) {
      b.setDecimal(x.toString());
    } else if (v instanceof byte[] x) {
      b.setBytes(x);
    } else if (v instanceof Instant x) {
      b.setInstant(x.toString());
    } else if (v instanceof LocalDate x) {
      b.setDate(x.toString());
    } else if (v instanceof LocalTime x) {
      b.setTime(x.toString());
    } else if (v instanceof LocalDateTime x) {
      b.setDateTime(x.toString());
    } else if (v instanceof UUID x) {
      b.setUuid(x.toString());
    } else {
      throw new IllegalArgumentException("unsupported SQL value type " + v.getClass().getName());
    }
  }

  /** A value of a kind a newer schema added, or text that does not parse, is the caller's mistake. */
  static Object value(RuntimeProtocol.SqlValue.Reader v) {
    try {
      return switch (v.which()) {
        case NULL -> null;
        case TEXT -> v.getText();
        case BOOL -> v.getBool();
        case INT32 -> v.getInt32();
        case INT64 -> v.getInt64();
        case FLOAT64 -> v.getFloat64();
        case DECIMAL -> new BigDecimal(v.getDecimal());
        case BYTES -> Convert.bytes(v.getBytes());
        case INSTANT -> Instant.parse(v.getInstant());
        case DATE -> LocalDate.parse(v.getDate());
        case TIME -> LocalTime.parse(v.getTime());
        case DATE_TIME -> LocalDateTime.parse(v.getDateTime());
        case UUID -> UUID.fromString(v.getUuid());
        default -> throw new IllegalArgumentException("SQL value of a kind this runtime does not know: " + v.which());
      };
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException("unreadable SQL value (" + v.which() + "): " + e.getMessage(), e);
    }
  }

  public static void options(TransactionOptions o, RuntimeProtocol.TransactionOptions.Builder b) {
    b.setIsolation(RuntimeProtocol.Isolation.values()[o.isolation().ordinal()]);
    b.setReadOnly(o.readOnly());
    b.setIdleTimeoutMillis(o.idleTimeout().map(Convert::millis).orElse(0L));
  }

  public static TransactionOptions options(RuntimeProtocol.TransactionOptions.Reader r) {
    RuntimeProtocol.Isolation i = r.getIsolation();
    Isolation isolation = i == RuntimeProtocol.Isolation._NOT_IN_SCHEMA ? Isolation.DEFAULT : Isolation.values()[i.ordinal()];
    return new TransactionOptions(isolation, r.getReadOnly(), Optional.ofNullable(Convert.millis(r.getIdleTimeoutMillis())));
  }
}
