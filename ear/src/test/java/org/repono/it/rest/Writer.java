package org.repono.it.rest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Another client: writes small objects one by one until stopped, remembering what it wrote. */
final class Writer implements Runnable {

    private final Api api;
    private final String objects;
    private final Thread thread = new Thread(this, "writer");
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger count = new AtomicInteger();
    final Map<String, byte[]> written = new ConcurrentHashMap<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    Writer(Api api, String objects) {
        this.api = api;
        this.objects = objects;
    }

    void start() {
        thread.start();
    }

    int count() {
        return count.get();
    }

    void awaitWrites(int atLeast) throws InterruptedException {
        while (count.get() < atLeast && thread.isAlive()) {
            Thread.sleep(20);
        }
    }

    void stop() throws InterruptedException {
        stopped.set(true);
        thread.join();
    }

    @Override
    public void run() {
        while (!stopped.get()) {
            String id = ObjectsApiIT.randomId();
            byte[] data = ObjectsApiIT.random(4096);
            try {
                Api.Reply reply = api.putBytes(objects + id, data);
                if (reply.status() == 201) {
                    written.put(id, data);
                } else {
                    failures.add(reply.toString());
                }
            } catch (Exception e) {
                failures.add(String.valueOf(e));
            }
            count.incrementAndGet();
        }
    }
}
