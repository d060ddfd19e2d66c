package org.csirtgateway.store;

import java.util.List;

/** SQLite's plan for a statement ({@code EXPLAIN QUERY PLAN}), its steps one per line: which index a query reads. */
public final class QueryPlan {

    private QueryPlan() {
    }

    public static String of(Database database, String sql, Object... parameters) {
        List<String> steps = database.read(connection -> Sql.list(connection, "EXPLAIN QUERY PLAN " + sql,
                row -> row.getString("detail"), parameters));
        return String.join("\n", steps);
    }
}
