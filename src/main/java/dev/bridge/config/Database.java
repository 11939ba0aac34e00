package dev.bridge.config;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;

/** Opens the configured database and migrates its schema before any route starts. */
public final class Database {

    private Database() {
    }

    public static DataSource open(String url, String user, String password) {
        DataSource ds;
        if (url.startsWith("jdbc:h2:")) {
            // without WRITE_DELAY=0 H2 acknowledges commits it has not written yet; a kill -9 then loses them
            String durable = url.toUpperCase().contains("WRITE_DELAY") ? url : url + ";WRITE_DELAY=0";
            // the bridge closes the database after Camel has stopped, not H2's own shutdown hook before that
            durable = durable.toUpperCase().contains("DB_CLOSE_ON_EXIT") ? durable : durable + ";DB_CLOSE_ON_EXIT=FALSE";
            // H2 keeps 8 parsed statements per connection by default; the bridge uses more than that
            durable = durable.toUpperCase().contains("QUERY_CACHE_SIZE") ? durable : durable + ";QUERY_CACHE_SIZE=128";
            ds = JdbcConnectionPool.create(durable, user == null ? "" : user, password == null ? "" : password);
            ((JdbcConnectionPool) ds).setMaxConnections(32);
        } else if (url.startsWith("jdbc:postgresql:")) {
            // a real pool: the writer keeps one connection, claims, leases and flows borrow the others
            HikariConfig pool = new HikariConfig();
            pool.setPoolName("bridge");
            pool.setJdbcUrl(url);
            pool.setUsername(user);
            pool.setPassword(password);
            pool.setMaximumPoolSize(32);
            pool.setMinimumIdle(2);
            pool.setInitializationFailTimeout(-1); // a database that is down at start-up is reported by Flyway below, in one line
            ds = new HikariDataSource(pool);
        } else {
            throw unsupported(url);
        }
        try {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new ConfigProblem("the database at BRIDGE_DB_URL cannot be opened or migrated: " + root.getMessage()
                    + " (is another bridge running on the same H2 file, or are BRIDGE_DB_USER/BRIDGE_DB_PASSWORD wrong?)");
        }
        return ds;
    }

    /** Refuses a URL for a database the bridge cannot use, before anything is opened. */
    public static String checkUrl(String url) {
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw unsupported(url);
        }
        return url;
    }

    private static ConfigProblem unsupported(String url) {
        return new ConfigProblem("BRIDGE_DB_URL is '" + url.replaceAll("password=[^;&]*", "password=***")
                + "': use jdbc:h2:file:./data/bridge or a jdbc:postgresql:// URL");
    }

    public static boolean isEmbedded(String url) {
        return url.startsWith("jdbc:h2:");
    }

    /** Closes pooled connections; for H2 that closes the database file. */
    public static void close(DataSource ds) {
        if (ds instanceof JdbcConnectionPool pool) {
            pool.dispose();
        } else if (ds instanceof HikariDataSource pool) {
            pool.close();
        }
    }
}
