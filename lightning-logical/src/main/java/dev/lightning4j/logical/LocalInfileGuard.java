package dev.lightning4j.logical;

import com.mysql.cj.MysqlConnection;
import com.mysql.cj.NativeSession;
import com.mysql.cj.NoSubInterceptorWrapper;
import com.mysql.cj.Query;
import com.mysql.cj.interceptors.QueryInterceptor;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.log.Log;
import com.mysql.cj.protocol.Message;
import com.mysql.cj.protocol.Resultset;
import com.mysql.cj.protocol.ServerSession;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Keeps a Connector/J connection from ever sending a file from disk, even with
 * {@code allowLoadLocalInfile=true}.
 *
 * <p>When a server answers a query with a LOCAL INFILE request, Connector/J sends the stream set on the
 * connection or, when none is set, opens the file the server names: a hostile or compromised server can
 * ask for any file the client may read, in answer to any query (even the driver's own set-up queries).
 * Its {@code allowLoadLocalInfileInPath} cannot confine that while keeping streams from memory: the driver
 * honours a set stream only with {@code allowLoadLocalInfile=true}.
 *
 * <p>This interceptor (installed with {@code queryInterceptors}) sets, before every query and command, a
 * stream that refuses to be read, so a request the client did not offer fails instead of reading a file.
 * A LOAD statement offers its rows with {@link #offer}: those bytes, once, and nothing else, answer the
 * request made for that statement; after it (or when the offer is taken back) the refusal is back.
 */
public final class LocalInfileGuard implements QueryInterceptor {
    private static final InputStream REFUSE = new Refusing();

    private MysqlConnection connection;

    /** Created by the driver, one per connection. */
    public LocalInfileGuard() {
    }

    @Override
    public QueryInterceptor init(MysqlConnection conn, Properties props, Log log) {
        connection = conn; // its session exists; its protocol only once connected, so look it up per query
        return this;
    }

    @Override
    public <T extends Resultset> T preProcess(Supplier<String> sql, Query interceptedQuery) {
        NativeSession session = session();
        if (session.getLocalInfileInputStream() instanceof Offered o && !o.claimed()) {
            // the LOAD statement the offer was made for claims it; a query the driver may send before it
            // leaves it pending (only those bytes could answer a request meanwhile, never a file)
            if (isLoad(sql.get())) {
                o.claim();
            }
            return null;
        }
        session.setLocalInfileInputStream(REFUSE);
        return null;
    }

    @Override
    public <M extends Message> M preProcess(M queryPacket) {
        // every command passes here, also those that bypass the query hook: anything but an offer of ours
        // (whose bytes are all a request could get) is replaced by the refusal
        NativeSession session = session();
        if (!(session.getLocalInfileInputStream() instanceof Offered)) {
            session.setLocalInfileInputStream(REFUSE);
        }
        return null;
    }

    @Override
    public <T extends Resultset> T postProcess(Supplier<String> sql, Query interceptedQuery, T originalResultSet,
            ServerSession serverSession) {
        NativeSession session = session();
        if (!(session.getLocalInfileInputStream() instanceof Offered o) || o.claimed()) {
            session.setLocalInfileInputStream(REFUSE); // a pending offer waits for its LOAD
        }
        return null;
    }

    private static boolean isLoad(String sql) {
        if (sql == null) {
            return false;
        }
        int i = 0;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return sql.regionMatches(true, i, "LOAD DATA", 0, 9);
    }

    @Override
    public boolean executeTopLevelOnly() {
        return false;
    }

    @Override
    public void destroy() {
        connection = null;
    }

    private NativeSession session() {
        return (NativeSession) connection.getSession();
    }

    /** Whether the connection carries this guard; only then may it be given an offer. */
    static boolean guards(Connection c) throws SQLException {
        JdbcConnection mysql = c.unwrap(JdbcConnection.class);
        List<QueryInterceptor> interceptors = mysql.getQueryInterceptorsInstances();
        for (QueryInterceptor i : interceptors == null ? List.<QueryInterceptor>of() : interceptors) {
            QueryInterceptor inner = i instanceof NoSubInterceptorWrapper w ? w.getUnderlyingInterceptor() : i;
            if (inner instanceof LocalInfileGuard) {
                return true;
            }
        }
        return false;
    }

    /**
     * Offers {@code len} bytes of {@code data} to the next query on {@code c}: the answer to a LOCAL INFILE
     * request it gets, sent once. Closing the returned handle takes the offer back if the query did not
     * (one that failed before or while it ran); it needs no working connection.
     */
    static Offer offer(Connection c, byte[] data, int off, int len) throws SQLException {
        if (!guards(c)) {
            throw new IllegalStateException("the connection does not carry " + LocalInfileGuard.class.getName()
                    + " and could send local files to the server");
        }
        NativeSession session = (NativeSession) c.unwrap(JdbcConnection.class).getSession();
        session.setLocalInfileInputStream(new Offered(data, off, len));
        return () -> session.setLocalInfileInputStream(REFUSE);
    }

    /** Takes an offer back. */
    interface Offer extends AutoCloseable {
        @Override
        void close();
    }

    /** Fails every read: the server asked for data this client did not offer. */
    private static final class Refusing extends InputStream {
        private static final String WHY = "refused: the server asked for a local file this client did not offer"
                + " (only LOAD statements of the import send rows, from memory)";

        @Override
        public int read() throws IOException {
            throw new IOException(WHY);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            throw new IOException(WHY);
        }
    }

    /** Bytes in memory offered to one query; read once, then refused. */
    private static final class Offered extends InputStream {
        private final byte[] data;
        private final int end;
        private int pos;
        private boolean claimed;
        private boolean closed;

        Offered(byte[] data, int off, int len) {
            this.data = data;
            this.pos = off;
            this.end = off + len;
        }

        void claim() {
            claimed = true;
        }

        boolean claimed() {
            return claimed;
        }

        @Override
        public int read() throws IOException {
            check();
            return pos < end ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            if (pos >= end) {
                return -1;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        private void check() throws IOException {
            if (closed) {
                throw new IOException("refused: the server asked again for a stream this client already sent");
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
