package org.csirtgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements kept prepared for reuse must behave exactly like fresh ones: no parameter, row or open read left over
 * from the last use, no statement shared between two uses at once.
 */
class StatementReuseTest {

    @TempDir
    Path dir;

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = StatementReuse.wrap(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db")));
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void theSameSqlIsPreparedOnceAndRunsWithItsNewParametersEachTime() throws SQLException {
        for (int i = 0; i < 10; i++) {
            Sql.insert(connection, "INSERT INTO t (name) VALUES (?)", "name " + i);
        }
        assertThat(Sql.list(connection, "SELECT name FROM t WHERE id > ? ORDER BY id", row -> row.getString(1), 8))
                .containsExactly("name 8", "name 9");
        assertThat(Sql.list(connection, "SELECT name FROM t WHERE id > ? ORDER BY id", row -> row.getString(1), 9))
                .containsExactly("name 9");
        assertThat(StatementReuse.keptCount(connection)).isEqualTo(2);
    }

    @Test
    void aStatementInUseIsNotHandedOutAgainToANestedQuery() throws SQLException {
        Sql.insert(connection, "INSERT INTO t (name) VALUES (?)", "a");
        Sql.insert(connection, "INSERT INTO t (name) VALUES (?)", "b");
        String sql = "SELECT name FROM t WHERE name >= ? ORDER BY name";
        List<String> pairs = Sql.list(connection, sql,
                outer -> outer.getString(1) + Sql.list(connection, sql, inner -> inner.getString(1), "b"), "a");

        assertThat(pairs).containsExactly("a[b]", "b[b]");
    }

    @Test
    void aClosedStatementRefusesFurtherUse() throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM t");
        statement.close();

        assertThat(statement.isClosed()).isTrue();
        assertThatThrownBy(statement::executeQuery).isInstanceOf(SQLException.class);
        try (PreparedStatement again = connection.prepareStatement("SELECT COUNT(*) FROM t");
             ResultSet rows = again.executeQuery()) {
            assertThat(rows.next()).isTrue();
        }
    }

    @Test
    void aQueryLeftHalfReadIsFinishedWhenItsStatementCloses() throws SQLException {
        for (int i = 0; i < 5; i++) {
            Sql.insert(connection, "INSERT INTO t (name) VALUES (?)", "name " + i);
        }
        PreparedStatement statement = connection.prepareStatement("SELECT name FROM t");
        ResultSet rows = statement.executeQuery();
        rows.next(); // a reader in the middle of its rows...
        statement.close(); // ...that closes its statement only

        // no read is left open on this connection: it sees what another one commits afterwards
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"))) {
            Sql.insert(other, "INSERT INTO t (name) VALUES (?)", "from another connection");
        }
        assertThat(Sql.count(connection, "SELECT COUNT(*) FROM t")).isEqualTo(6);
    }

    @Test
    void aStatementThatFailedIsNotKept() throws SQLException {
        Sql.insert(connection, "INSERT INTO t (name) VALUES (?)", "once");
        assertThatThrownBy(() -> Sql.insert(connection, "INSERT INTO t (name) VALUES (?)", "once"))
                .isInstanceOf(SQLException.class);

        assertThat(StatementReuse.keptCount(connection)).isZero();
        Sql.insert(connection, "INSERT INTO t (name) VALUES (?)", "twice");
        assertThat(Sql.count(connection, "SELECT COUNT(*) FROM t")).isEqualTo(2);
    }

    @Test
    void onlyTheMostRecentlyUsedStatementsAreKept() throws SQLException {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < StatementReuse.MAX_KEPT + 20; i++) {
            seen.add(Sql.one(connection, "SELECT " + i, row -> row.getString(1)).orElseThrow());
        }
        assertThat(seen).hasSize(StatementReuse.MAX_KEPT + 20);
        assertThat(StatementReuse.keptCount(connection)).isEqualTo(StatementReuse.MAX_KEPT);
    }
}
