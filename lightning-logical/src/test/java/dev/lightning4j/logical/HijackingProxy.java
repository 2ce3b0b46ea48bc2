package dev.lightning4j.logical;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A compromised server: passes the MySQL protocol (without TLS) through to a real server, except for one
 * chosen query, which it answers with a LOCAL INFILE request (packet 0xFB) naming a file of its choice,
 * as a hostile server may for any query. It records what the client sends back as the file.
 */
final class HijackingProxy implements AutoCloseable {
    private static final int COM_QUERY = 0x03;

    private final String serverHost;
    private final int serverPort;
    private final ServerSocket listener;
    private final AtomicReference<Hijack> hijack = new AtomicReference<>();
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();

    /** What the client sent for a request: the bytes, and whether it ended the file normally. */
    record Answer(String query, byte[] bytes, boolean completed) {
    }

    private record Hijack(Predicate<String> query, String fileName) {
    }

    HijackingProxy(String serverHost, int serverPort) throws IOException {
        this.serverHost = serverHost;
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "hijacking-proxy");
        t.setDaemon(true);
        t.start();
    }

    /** A URL through this proxy, without TLS so that the proxy sees the queries. */
    String jdbcUrl(String database, String params) {
        return "jdbc:mysql://127.0.0.1:" + listener.getLocalPort() + "/" + database + "?sslMode=DISABLED"
                + (params.isEmpty() ? "" : "&" + params);
    }

    /** The next query (of any connection) that {@code query} matches gets a request for {@code fileName}. */
    void hijackNext(Predicate<String> query, String fileName) {
        hijack.set(new Hijack(query, fileName));
    }

    /** What the client sent for the last request, waiting for it to finish. */
    Answer answer() throws InterruptedException {
        Answer a = answers.poll(30, TimeUnit.SECONDS);
        if (a == null) {
            throw new AssertionError("the proxy made no request within 30 s");
        }
        return a;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(serverHost, serverPort);
                sockets.add(client);
                sockets.add(server);
                start("proxy-down", () -> pump(server.getInputStream(), client.getOutputStream()));
                start("proxy-up", () -> clientToServer(client, server.getOutputStream()));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void start(String name, IoTask task) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } catch (IOException e) {
                // a side closed: the connection is over
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private interface IoTask {
        void run() throws IOException;
    }

    private static void pump(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 << 10];
        for (int n; (n = in.read(buf)) >= 0; ) {
            out.write(buf, 0, n);
            out.flush();
        }
        out.close();
    }

    private void clientToServer(Socket client, OutputStream server) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        byte[][] pending = null; // a packet read while collecting a file, to forward next
        while (true) {
            byte[][] packet = pending != null ? pending : readPacket(in);
            pending = null;
            if (packet == null) {
                server.close();
                return;
            }
            byte[] header = packet[0];
            byte[] payload = packet[1];
            Hijack h = hijack.get();
            if (header[3] == 0 && payload.length > 0 && payload[0] == COM_QUERY && h != null) {
                String sql = new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8);
                if (h.query().test(sql) && hijack.compareAndSet(h, null)) {
                    // the query never reaches the server: this side answers it
                    byte[] name = h.fileName().getBytes(StandardCharsets.UTF_8);
                    byte[] request = new byte[1 + name.length];
                    request[0] = (byte) 0xFB;
                    System.arraycopy(name, 0, request, 1, name.length);
                    writePacket(out, 1, request);
                    pending = collectFile(sql, client, in, out);
                    continue;
                }
            }
            server.write(header);
            server.write(payload);
            server.flush();
        }
    }

    /** Reads the file packets up to the empty one; returns a next command read instead, or null. */
    private byte[][] collectFile(String sql, Socket client, InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int timeout = client.getSoTimeout();
        client.setSoTimeout(5_000);
        try {
            while (true) {
                byte[][] p;
                try {
                    p = readPacket(in);
                } catch (SocketTimeoutException e) {
                    answers.add(new Answer(sql, file.toByteArray(), false)); // the client stopped answering
                    return null;
                }
                if (p == null || p[0][3] == 0) {
                    answers.add(new Answer(sql, file.toByteArray(), false)); // gone, or a new command
                    return p;
                }
                if (p[1].length == 0) {
                    answers.add(new Answer(sql, file.toByteArray(), true));
                    // OK: no rows affected, autocommit status
                    writePacket(out, (p[0][3] & 0xFF) + 1, new byte[] {0, 0, 0, 2, 0, 0, 0});
                    return null;
                }
                file.write(p[1]);
            }
        } finally {
            if (!client.isClosed()) {
                client.setSoTimeout(timeout);
            }
        }
    }

    private static byte[][] readPacket(InputStream in) throws IOException {
        byte[] header = in.readNBytes(4);
        if (header.length < 4) {
            return null;
        }
        int len = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        byte[] payload = in.readNBytes(len);
        if (payload.length < len) {
            throw new EOFException("packet cut short");
        }
        return new byte[][] {header, payload};
    }

    private static void writePacket(OutputStream out, int seq, byte[] payload) throws IOException {
        out.write(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16),
            (byte) seq});
        out.write(payload);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
