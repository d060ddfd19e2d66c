package org.csirtgateway.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection that keeps the statements prepared on it for reuse: closing a statement from
 * {@link Connection#prepareStatement(String)} clears its parameters and keeps it prepared, and preparing the same SQL
 * again hands it out again. SQLite parses and plans a statement each time it is prepared, and placing one message on
 * a ticket runs some twenty statements, each prepared anew by {@link Sql}: about a third of the database's CPU.
 *
 * <p>Nothing else changes for the caller: a statement handed out is used and closed as before (a closed one refuses
 * further use), its open result set is closed with it, and one already in use is never handed out twice (a second
 * one is prepared, and closed for real). At most {@value #MAX_KEPT} statements are kept per connection, the least
 * recently used closed first; all are closed with the connection. A connection is used by one thread at a time (see
 * {@link Database}), and so is its cache.
 */
final class StatementReuse implements InvocationHandler {

    /** Statements kept per connection; the gateway's own SQL is far fewer, dynamic SQL cannot fill the heap. */
    static final int MAX_KEPT = 128;

    private final Connection connection;
    private Connection proxy;
    private final Map<String, Kept> kept = new LinkedHashMap<>(32, 0.75f, true);

    private StatementReuse(Connection connection) {
        this.connection = connection;
    }

    /** {@code connection}, keeping its prepared statements for reuse. */
    static Connection wrap(Connection connection) {
        StatementReuse handler = new StatementReuse(connection);
        handler.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
        return handler.proxy;
    }

    /** How many statements the connection keeps (for tests). */
    static int keptCount(Connection connection) {
        return ((StatementReuse) Proxy.getInvocationHandler(connection)).kept.size();
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "prepareStatement":
                if (args.length == 1) {
                    return prepare((String) args[0]);
                }
                break;
            case "close":
                closeKept();
                break;
            case "equals":
                return self == args[0];
            case "hashCode":
                return System.identityHashCode(self);
            case "toString":
                return "reusing statements of " + connection;
            default:
                break;
        }
        return delegate(connection, method, args);
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        Kept statement = kept.get(sql);
        if (statement != null && statement.raw.isClosed()) {
            kept.remove(sql); // closed behind our back (closeOnCompletion): prepare it again
            statement = null;
        }
        if (statement == null) {
            PreparedStatement raw = connection.prepareStatement(sql);
            statement = new Kept(raw);
            kept.put(sql, statement);
            if (kept.size() > MAX_KEPT) {
                evictEldest();
            }
        } else if (statement.lease != null) {
            // in use (a query run while another with the same SQL is open): one of its own, closed for real
            return connection.prepareStatement(sql);
        }
        Lease lease = new Lease(statement);
        statement.lease = lease;
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, lease);
    }

    private void evictEldest() throws SQLException {
        var eldest = kept.entrySet().iterator();
        while (eldest.hasNext()) {
            Kept statement = eldest.next().getValue();
            if (statement.lease == null) {
                eldest.remove();
                statement.raw.close();
                return;
            }
        }
    }

    private void closeKept() {
        List<Kept> all = new ArrayList<>(kept.values());
        kept.clear();
        for (Kept statement : all) {
            try {
                statement.raw.close();
            } catch (SQLException ignored) {
                // the connection is being closed: it finalises what is left
            }
        }
    }

    private static Object delegate(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A prepared statement kept open, and who has it now (null: nobody). */
    private static final class Kept {
        final PreparedStatement raw;
        Lease lease;

        Kept(PreparedStatement raw) {
            this.raw = raw;
        }
    }

    /** One use of a kept statement, from {@code prepareStatement} to {@code close}. */
    private final class Lease implements InvocationHandler {
        private final Kept statement;
        private final List<ResultSet> results = new ArrayList<>(1);
        private boolean closed;
        private boolean failed;

        Lease(Kept statement) {
            this.statement = statement;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close":
                    release();
                    return null;
                case "isClosed":
                    return closed;
                case "equals":
                    return self == args[0];
                case "hashCode":
                    return System.identityHashCode(self);
                case "toString":
                    return "reused " + statement.raw;
                case "getConnection":
                    return proxy;
                default:
                    break;
            }
            if (closed) {
                throw new SQLException("Statement is closed");
            }
            Object result;
            try {
                result = delegate(statement.raw, method, args);
            } catch (Throwable e) {
                failed = true; // its state is not known: not kept
                throw e;
            }
            if (result instanceof ResultSet rows) {
                results.add(rows); // closed with the statement, as a statement closes its result set
            }
            return result;
        }

        /** Back to the cache: result sets closed (which resets the statement), parameters cleared. */
        private void release() throws SQLException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                for (ResultSet rows : results) {
                    rows.close();
                }
                if (failed || statement.raw.isClosed()) {
                    kept.values().remove(statement);
                    statement.raw.close();
                } else {
                    statement.raw.clearParameters();
                }
            } catch (SQLException | RuntimeException e) {
                kept.values().remove(statement);
                statement.raw.close();
                throw e;
            } finally {
                statement.lease = null;
            }
        }
    }
}
