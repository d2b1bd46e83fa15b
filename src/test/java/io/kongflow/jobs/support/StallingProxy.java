package io.kongflow.jobs.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a server that can stop forwarding without closing anything, as a NAT
 * or a proxy that silently drops a connection does: both ends keep their sockets open and hear
 * nothing more. Bytes read while stalled are held until {@link #resume}.
 */
public final class StallingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object forwarding = new Object();
    private volatile boolean stalled;

    private StallingProxy(ServerSocket server, String targetHost, int targetPort) {
        this.server = server;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    public static StallingProxy start(String targetHost, int targetPort) throws IOException {
        StallingProxy proxy =
                new StallingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetHost, targetPort);
        daemon("proxy-accept", proxy::accept);
        return proxy;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Stops forwarding, in both directions, on every connection, open or to come. */
    public void stall() {
        stalled = true;
    }

    public void resume() {
        synchronized (forwarding) {
            stalled = false;
            forwarding.notifyAll();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                daemon("proxy-up", () -> pump(client, upstream));
                daemon("proxy-down", () -> pump(upstream, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                awaitForwarding();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException ended) {
            // one side closed (or the proxy did): close the other
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void awaitForwarding() throws InterruptedException {
        synchronized (forwarding) {
            while (stalled) {
                forwarding.wait();
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        sockets.forEach(StallingProxy::closeQuietly);
        resume();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }
}
