package io.digitstream.faults.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free ports on 127.0.0.1. The same idea as deploy-checks' {@code Processes.freeLoopbackPort} and the broker's own
 * chooser; a shared test-support module would be the place for one copy.
 */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** Binds port 0, notes the port and releases it; another process could take it in between, rarely on loopback. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }
}
