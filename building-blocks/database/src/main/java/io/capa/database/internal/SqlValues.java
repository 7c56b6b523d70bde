package io.capa.database.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.TimeZone;
import java.util.UUID;

/**
 * INTERNAL API. Binds the portable API's parameter types to statements and reads columns back as
 * the same closed set of JDK types: whole numbers as Integer or Long, exact numbers as BigDecimal,
 * floating point as Double, TIMESTAMP as LocalDateTime and TIMESTAMP WITH TIME ZONE as Instant,
 * DATE/TIME as LocalDate/LocalTime, binary as byte[], character large objects as String.
 */
final class SqlValues {
  private static final ThreadLocal<Calendar> UTC =
      ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC)));

  private SqlValues() {}

  static void bind(PreparedStatement ps, int index, Object value, boolean nativeUuid) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.NULL);
    } else if (value instanceof String s) {
      ps.setString(index, s);
    } else if (value instanceof Boolean b) {
      ps.setBoolean(index, b);
    } else if (value instanceof Integer i) {
      ps.setInt(index, i);
    } else if (value instanceof Long l) {
      ps.setLong(index, l);
    } else if (value instanceof Double d) {
      ps.setDouble(index, d);
    } else if (value instanceof BigDecimal d) {
      ps.setBigDecimal(index, d);
    } else if (value instanceof byte[] b) {
      ps.setBytes(index, b);
    } else if (value instanceof Instant t) {
      ps.setTimestamp(index, Timestamp.from(t), UTC.get());
    } else if (value instanceof UUID u) {
      if (nativeUuid) {
        ps.setObject(index, u);
      } else {
        ps.setString(index, u.toString());
      }
    } else {
      // LocalDate, LocalTime, LocalDateTime: JDBC 4.2 types every driver here binds.
      ps.setObject(index, value);
    }
  }

  static Object read(ResultSet rs, ResultSetMetaData md, int column) throws SQLException {
    int type = md.getColumnType(column);
    Object v;
    switch (type) {
      case Types.TIMESTAMP:
        v = rs.getObject(column, LocalDateTime.class);
        break;
      case Types.TIMESTAMP_WITH_TIMEZONE:
        OffsetDateTime o = rs.getObject(column, OffsetDateTime.class);
        v = o == null ? null : o.toInstant();
        break;
      case Types.DATE:
        v = rs.getObject(column, LocalDate.class);
        break;
      case Types.TIME:
        v = rs.getObject(column, LocalTime.class);
        break;
      default:
        v = rs.getObject(column);
    }
    return rs.wasNull() ? null : portable(v);
  }

  private static Object portable(Object v) throws SQLException {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
        || v instanceof Double || v instanceof BigDecimal || v instanceof byte[] || v instanceof Instant
        || v instanceof LocalDate || v instanceof LocalTime || v instanceof LocalDateTime || v instanceof UUID) {
      return v;
    }
    if (v instanceof Short s) {
      return s.intValue();
    }
    if (v instanceof Byte b) {
      return b.intValue();
    }
    if (v instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof Timestamp t) {
      return t.toLocalDateTime();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof java.sql.Time t) {
      return t.toLocalTime();
    }
    if (v instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (v instanceof java.time.ZonedDateTime z) {
      return z.toInstant();
    }
    if (v instanceof Clob c) {
      try (Reader r = c.getCharacterStream()) {
        StringWriter w = new StringWriter();
        r.transferTo(w);
        return w.toString();
      } catch (IOException e) {
        throw new SQLException("reading a character column failed: " + e.getMessage(), e);
      }
    }
    if (v instanceof Blob b) {
      try (InputStream in = b.getBinaryStream()) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new SQLException("reading a binary column failed: " + e.getMessage(), e);
      }
    }
    // Arrays, JSON, intervals, geometry and other driver types: their text form.
    return v.toString();
  }
}
