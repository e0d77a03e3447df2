package org.repono.engine.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.repono.engine.Repository;

/** What a repository holds, read through the engine: id hex -> sha256 hex of the data. */
final class StoredObjects {
    private StoredObjects() {
    }

    static Map<String, String> read(Repository repo) {
        Map<String, String> out = new TreeMap<>();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        byte[] marker = null;
        while (true) {
            List<byte[]> page = repo.list(1000, marker);
            if (page.isEmpty()) {
                break;
            }
            for (byte[] id : page) {
                sha.reset();
                try (InputStream in = repo.openStream(id)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        sha.update(buffer, 0, n);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                String hex = HexFormat.of().formatHex(id);
                if (out.put(hex, HexFormat.of().formatHex(sha.digest())) != null) {
                    throw new AssertionError("list returned " + hex + " twice");
                }
            }
            marker = page.get(page.size() - 1);
        }
        if (out.size() != repo.size()) {
            throw new AssertionError("list returned " + out.size() + " ids, size() says " + repo.size());
        }
        return out;
    }

    /** A short description of how two states differ, for failure messages. */
    static String difference(Map<String, String> expected, Map<String, String> actual) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String got = actual.get(e.getKey());
            if (!e.getValue().equals(got) && shown++ < 10) {
                sb.append("\n  ").append(e.getKey()).append(got == null ? " missing" : " has other data");
            }
        }
        for (String id : actual.keySet()) {
            if (!expected.containsKey(id) && shown++ < 10) {
                sb.append("\n  ").append(id).append(" present but not expected");
            }
        }
        return sb.toString();
    }
}
