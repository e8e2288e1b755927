package org.maskline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.maskline.sessions.StoreUnavailableException;

/** The connection pool, migrated at open, and the transaction boundary every repository goes through. */
public final class Database implements AutoCloseable {
    enum Vendor { H2, POSTGRESQL }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource pool;
    private final Vendor vendor;

    private Database(HikariDataSource pool, Vendor vendor) {
        this.pool = pool;
        this.vendor = vendor;
    }

    static Database open(StoreSettings settings) {
        Vendor vendor = vendorOf(settings.jdbcUrl());
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("maskline-db");
        hc.setJdbcUrl(vendor == Vendor.H2 ? durableH2(settings.jdbcUrl()) : settings.jdbcUrl());
        if (settings.user() != null && !settings.user().isEmpty()) {
            hc.setUsername(settings.user());
        }
        if (settings.password() != null && !settings.password().isEmpty()) {
            hc.setPassword(settings.password());
        }
        hc.setMaximumPoolSize(settings.poolSize());
        if (vendor == Vendor.H2) {
            // H2 parses again any statement beyond its per-connection cache (8 by default); a session
            // creation alone uses more than that.
            hc.addDataSourceProperty("QUERY_CACHE_SIZE", "64");
        }
        // A call waits on this when the database is down: fail it fast rather than leave the caller in silence.
        hc.setConnectionTimeout(3000);
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            if (vendor == Vendor.H2 && h2InUse(e)) {
                // H2's own text spans lines and suggests server mode; say what it means for Maskline.
                throw new StoreUnavailableException("the H2 database is in use by another process (another Maskline?);"
                        + " H2 serves one instance: run several instances on PostgreSQL", e);
            }
            throw new StoreUnavailableException("cannot connect to the database: " + rootMessage(e), e);
        }
        try {
            migrate(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreUnavailableException("cannot migrate the database schema: " + rootMessage(e), e);
        }
        return new Database(ds, vendor);
    }

    private static void migrate(DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /**
     * H2 keeps committed changes in memory for up to WRITE_DELAY (500 ms by default) before writing
     * them to its file, so a {@code kill -9} lost sessions already answered 201. With
     * {@code WRITE_DELAY=0} each commit is written to the file before it returns: it then survives
     * the process (not a power cut: H2 does not fsync each commit). An explicit WRITE_DELAY in the URL
     * is the operator's choice and is kept. In-memory databases have nothing to lose.
     *
     * <p>H2 also closes the database from a JVM shutdown hook of its own, which runs alongside
     * Maskline's graceful stop and would cut its last call-log writes short: the store closes it.
     */
    static String durableH2(String url) {
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("JDBC:H2:MEM:")) {
            return url;
        }
        String out = url;
        if (!upper.contains(";WRITE_DELAY=")) out += ";WRITE_DELAY=0";
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) out += ";DB_CLOSE_ON_EXIT=FALSE";
        return out;
    }

    static Vendor vendorOf(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return Vendor.H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Vendor.POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported JDBC URL (use jdbc:h2: or jdbc:postgresql:)");
    }

    Vendor vendor() {
        return vendor;
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(Work<T> work) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Runs read-only work on a connection in auto-commit mode. */
    public <T> T read(Work<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private Connection connection() throws SQLException {
        return pool.getConnection();
    }

    private static RuntimeException translate(SQLException e) {
        if (Jdbc.isTransient(e) || Jdbc.isUniqueViolation(e)) {
            return new TransientConflict(e.getMessage(), e);
        }
        return new StoreUnavailableException("database error: " + e.getMessage(), e);
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** H2's "Database may be already in use" (error 90020): its file lock is held by another process. */
    private static boolean h2InUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == 90020) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    boolean isReachable() {
        try (Connection c = connection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
