package dev.lightning4j.it.checkpoint;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay to the test server that reads the MySQL protocol packets the client sends and, at the n-th
 * {@code COMMIT}, passes it on and then cuts the connection before the answer comes back: the server
 * commits, the client sees a lost connection. The failure a network gives, with a real driver and server.
 */
final class CommitDroppingProxy implements AutoCloseable {
    private static final int COM_QUERY = 0x03;

    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final int dropAt;
    private final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();
    /** After the dropped commit, this many reads of a chunk checkpoint lose their connection too. */
    private final AtomicInteger checksToCut;
    final AtomicInteger checksCut = new AtomicInteger();

    CommitDroppingProxy(String host, int port, int dropAt) throws IOException {
        this(host, port, dropAt, 0);
    }

    /**
     * As above; then the next {@code cutChecks} queries that read a chunk checkpoint (the client asking
     * whether the lost commit took place) are cut too, as when the server is still going away.
     */
    CommitDroppingProxy(String host, int port, int dropAt, int cutChecks) throws IOException {
        this.host = host;
        this.port = port;
        this.dropAt = dropAt;
        this.checksToCut = new AtomicInteger(cutChecks);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                start(() -> clientToServer(client, server));
                start(() -> copy(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void clientToServer(Socket client, Socket server) {
        try (client; server) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            OutputStream out = server.getOutputStream();
            byte[] header = new byte[4];
            for (;;) {
                in.readFully(header);
                int len = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
                byte[] payload = new byte[len];
                in.readFully(payload);
                boolean query = len > 1 && (payload[0] & 0xff) == COM_QUERY;
                if (query && dropped.get() > 0 && new String(payload, 1, len - 1, StandardCharsets.ISO_8859_1)
                        .startsWith("SELECT pos,") && checksToCut.getAndDecrement() > 0) {
                    checksCut.incrementAndGet();
                    return; // the check never reaches the server; the client sees its connection lost
                }
                out.write(header);
                out.write(payload);
                out.flush();
                boolean commit = len > 1 && (payload[0] & 0xff) == COM_QUERY && new String(payload, 1, len - 1,
                        StandardCharsets.ISO_8859_1).trim().equalsIgnoreCase("commit");
                if (commit && commits.incrementAndGet() == dropAt) {
                    Thread.sleep(300); // the server commits meanwhile; its answer is never relayed
                    dropped.incrementAndGet();
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // connection over
        }
    }

    private static void copy(Socket from, Socket to) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // connection over
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
