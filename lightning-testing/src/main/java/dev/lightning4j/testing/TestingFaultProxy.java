package dev.lightning4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a test server that breaks HTTP exchanges on demand: it can cut the connection
 * after a number of response bytes (a reset or truncated body mid-object) or answer the next requests with
 * 503 SlowDown itself. Byte counts start at the first response byte after the fault is armed.
 */
public final class TestingFaultProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private final AtomicInteger slowDowns = new AtomicInteger();
    private final AtomicInteger cutsDone = new AtomicInteger();
    private volatile long cutAfter;
    private final Thread acceptor;

    public TestingFaultProxy(String targetHost, int targetPort) throws IOException {
        target = new InetSocketAddress(targetHost, targetPort);
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The next {@code count} responses are cut after {@code afterBytes} bytes (headers included). */
    public void cutNextResponses(int count, long afterBytes) {
        cutAfter = afterBytes;
        cuts.set(count);
    }

    /** The next {@code count} requests get 503 SlowDown from the proxy instead of reaching the server. */
    public void slowDownNextRequests(int count) {
        slowDowns.set(count);
    }

    /** How many connections were cut so far. */
    public int cutsDone() {
        return cutsDone.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(target, 5000);
                sockets.add(client);
                sockets.add(server);
                start("fault-proxy-up", () -> upstream(client, server));
                start("fault-proxy-down", () -> downstream(server, client));
            } catch (IOException e) {
                // Closed, or the target refused: the client sees its connection fail.
            }
        }
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void upstream(Socket client, Socket server) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (slowDowns.get() > 0 && slowDowns.getAndDecrement() > 0) {
                    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                            + "<Message>Please reduce your request rate.</Message></Error>";
                    String resp = "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
                            + body.length() + "\r\nConnection: close\r\n\r\n" + body;
                    OutputStream c = client.getOutputStream();
                    c.write(resp.getBytes(StandardCharsets.US_ASCII));
                    c.flush();
                    closeBoth(client, server);
                    return;
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away.
        } finally {
            closeBoth(client, server);
        }
    }

    private void downstream(Socket server, Socket client) {
        byte[] buf = new byte[16 * 1024];
        long passed = 0;
        boolean cutting = false;
        try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (!cutting && cuts.get() > 0 && cuts.getAndDecrement() > 0) {
                    cutting = true;
                    passed = 0;
                }
                if (cutting && passed + n >= cutAfter) {
                    out.write(buf, 0, (int) (cutAfter - passed));
                    out.flush();
                    cutsDone.incrementAndGet();
                    client.setSoLinger(true, 0);
                    closeBoth(client, server);
                    return;
                }
                passed += n;
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away.
        } finally {
            closeBoth(client, server);
        }
    }

    private static void closeBoth(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
