package io.capa.api.database;

import io.capa.api.internal.Checks;
import java.util.ArrayList;
import java.util.List;

/** The rows a query returned, each with one value per column, in column order. */
public record QueryResult(List<String> columns, List<List<Object>> rows) {
  public QueryResult {
    columns = Checks.list(columns, "columns");
    List<List<Object>> copied = new ArrayList<>();
    for (List<Object> row : Checks.list(rows, "rows")) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(
            "row " + (copied.size() + 1) + " has " + row.size() + " values for " + columns.size() + " columns");
      }
      List<Object> r = Checks.listWithNulls(row);
      for (int c = 0; c < r.size(); c++) {
        SqlValues.require(r.get(c), "column '" + columns.get(c) + "'");
      }
      copied.add(r);
    }
    rows = List.copyOf(copied);
  }
}
