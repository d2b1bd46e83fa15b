package io.kongflow.jobs.support;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which process holds one end of a TCP connection on this (Linux) machine: read from
 * {@code /proc/net/tcp*} (the socket's inode) and {@code /proc/<pid>/fd} (who has it open). The
 * SDK endpoint records each EXECUTE_JOB's source port; this names the replica that sent it.
 */
public final class SocketOwner {

    private SocketOwner() {}

    /** Of these processes, the one with an open socket from {@code localPort} to {@code remotePort}. */
    public static Optional<Long> of(int localPort, int remotePort, Collection<Long> pids) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 9 && port(fields[1]) == localPort && port(fields[2]) == remotePort) {
                        inodes.add("socket:[" + fields[9] + "]");
                    }
                }
            } catch (IOException noSuchTable) {
                // no IPv6 here: nothing to find in tcp6
            }
        }
        for (long pid : pids) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds) {
                    try {
                        if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                            return Optional.of(pid);
                        }
                    } catch (IOException closedMeanwhile) {
                        // the descriptor went away while listing
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }
        return Optional.empty();
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1).toUpperCase(Locale.ROOT), 16);
    }
}
