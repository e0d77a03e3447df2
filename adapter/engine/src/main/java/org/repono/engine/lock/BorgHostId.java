package org.repono.engine.lock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * borg's host id ({@code borg.platform.base.hostid}): {@code $BORG_HOST_ID} if set and non-empty, else
 * {@code "<fqdn>@<uuid.getnode()>"}. Both halves are reproduced the way borg 1.2.4 gets them on Linux,
 * because a lock is only recognised as ours (and a dead one as stale) when the strings are equal.
 */
final class BorgHostId {
    static final String ENV = "BORG_HOST_ID";

    private static volatile String computed;

    private BorgHostId() {
    }

    /**
     * @param explicit an id the caller chose; null or empty = {@code $BORG_HOST_ID}, else computed
     * @throws IllegalArgumentException when the id cannot be part of a file name
     */
    static String resolve(String explicit) {
        if (explicit != null && !explicit.isEmpty()) {
            return validated(explicit, "lock host id");
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isEmpty()) {
            return validated(env, "$" + ENV);
        }
        return computed();
    }

    /** borg's id for this machine when $BORG_HOST_ID is not set; computed once per JVM. */
    static String computed() {
        String id = computed;
        if (id == null) {
            // once only: without a MAC the node is random, and two different ids in one process would
            // make our own locks look foreign (never stale) to each other
            synchronized (BorgHostId.class) {
                id = computed;
                if (id == null) {
                    id = fqdn() + "@" + Long.toUnsignedString(node());
                    computed = id;
                }
            }
        }
        return id;
    }

    private static String validated(String id, String what) {
        if (id.indexOf('/') >= 0 || id.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " '" + id.replace("\0", "\\0")
                    + "' cannot be used: it becomes part of a lock file name, so it must not contain '/' or NUL");
        }
        return id;
    }

    // ---- fqdn: borg's patched getfqdn(): getaddrinfo(gethostname(), AI_CANONNAME), first canonical name

    /** The fully qualified name as borg's getfqdn() computes it. */
    static String fqdn() {
        String hostname = hostname();
        String canonical = canonicalNameFromResolver(hostname);
        if (canonical == null) {
            canonical = canonicalNameFromHostsFile(Path.of("/etc/hosts"), hostname);
        }
        return canonical == null ? hostname : canonical;
    }

    /** gethostname(): the kernel's node name. */
    static String hostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the JDK
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * The JDK has no getaddrinfo(AI_CANONNAME); glibc's {@code getent ahosts NAME} calls exactly that
     * (through nsswitch: files, mdns, dns, myhostname...) and prints the canonical name on its first line.
     *
     * @return the canonical name, or null when getent is missing, fails or does not answer in time
     */
    static String canonicalNameFromResolver(String hostname) {
        if (hostname.isEmpty() || hostname.startsWith("-")) {
            return null;
        }
        Process p;
        try {
            p = new ProcessBuilder("getent", "ahosts", hostname).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return canonicalNameFromGetent(lines);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            p.destroy();
        }
    }

    /** First line of {@code getent ahosts}: "ADDRESS  SOCKTYPE  CANONNAME"; null if it names none. */
    static String canonicalNameFromGetent(List<String> lines) {
        if (lines.isEmpty()) {
            return null;
        }
        String[] fields = lines.get(0).trim().split("\\s+");
        return fields.length >= 3 ? fields[2] : null;
    }

    /**
     * glibc's files backend: the official (first) name of the first line that lists {@code hostname}
     * as its official name or an alias, compared without case.
     */
    static String canonicalNameFromHostsFile(Path hosts, String hostname) {
        List<String> lines;
        try {
            lines = Files.readAllLines(hosts, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return null;
        }
        String wanted = hostname.toLowerCase(Locale.ROOT);
        for (String line : lines) {
            int hash = line.indexOf('#');
            String[] fields = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
            if (fields.length < 2) {
                continue;
            }
            for (int i = 1; i < fields.length; i++) {
                if (fields[i].toLowerCase(Locale.ROOT).equals(wanted)) {
                    return fields[1];
                }
            }
        }
        return null;
    }

    // ---- node: Python's uuid.getnode() = libuuid's get_node_id() on Linux

    /**
     * libuuid walks SIOCGIFCONF (interfaces holding an IPv4 address, in kernel order) and takes the
     * first non-zero hardware address; without one it uses a random node with the multicast bit set,
     * as Python's own fallback does.
     */
    static long node() {
        Long mac = firstHardwareAddress();
        if (mac != null) {
            return mac;
        }
        return (ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFF_FFFFL) | (1L << 40);
    }

    static Long firstHardwareAddress() {
        List<NetworkInterface> withIpv4 = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (Collections.list(nif.getInetAddresses()).stream().anyMatch(a -> a instanceof Inet4Address)) {
                    withIpv4.add(nif);
                }
            }
        } catch (SocketException | RuntimeException e) {
            return null;
        }
        withIpv4.sort(Comparator.comparingInt(NetworkInterface::getIndex));
        for (NetworkInterface nif : withIpv4) {
            byte[] hw;
            try {
                hw = nif.getHardwareAddress();
            } catch (SocketException e) {
                continue;
            }
            if (hw == null || hw.length < 6) {
                continue;
            }
            long value = 0;
            for (int i = 0; i < 6; i++) {
                value = (value << 8) | (hw[i] & 0xFF);
            }
            if (value != 0) {
                return value;
            }
        }
        return null;
    }
}
