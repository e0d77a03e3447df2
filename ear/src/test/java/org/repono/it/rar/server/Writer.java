package org.repono.it.rar.server;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSDestinationDefinition;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import java.util.Map;
import org.repono.api.RepositoryConnection;
import org.repono.api.RepositoryConnectionFactory;

/**
 * Container-managed transactions (REQUIRED): puts that commit with the bean's transaction, or roll back with it,
 * alone or together with a message sent through WildFly's XA JMS connection factory (java:/JmsXA).
 */
@Stateless
@PermitAll
@JMSDestinationDefinition(name = Writer.QUEUE, interfaceName = "jakarta.jms.Queue", destinationName = "reponoRarIt")
public class Writer {

    static final String QUEUE = "java:app/jms/reponoRarIt";
    /** Artemis drops a transaction that sends a message whose id it has seen: a real failure of the other resource. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    @Resource(lookup = "java:/eis/repono/default")
    RepositoryConnectionFactory repository;

    @Resource(lookup = Defined.JNDI_NAME)
    RepositoryConnectionFactory defined;

    @Resource(lookup = "java:/JmsXA")
    jakarta.jms.ConnectionFactory jms;

    @Resource(lookup = QUEUE)
    Queue queue;

    @EJB
    Inner inner;

    public void put(String name) {
        try (RepositoryConnection c = repository.getConnection()) {
            c.put(Names.id(name), Names.data(name));
        }
    }

    /** A put of {@code size} bytes (the benchmark's 4096, as the engine's commit_small_tx). */
    public void putSized(String name, int size) {
        byte[] data = new byte[size];
        byte[] seed = Names.data(name);
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (seed[i % seed.length] + i);
        }
        try (RepositoryConnection c = repository.getConnection()) {
            c.put(Names.id(name), data);
        }
    }

    public void putThenFail(String name) {
        put(name);
        throw new IllegalStateException("the bean fails after its put");
    }

    /** Puts {@code outer}, has {@link Inner} put {@code inner} in a new transaction, then fails. */
    public void putAroundRequiresNewThenFail(String outer, String inner, Map<String, Boolean> seen) {
        try (RepositoryConnection c = repository.getConnection()) {
            c.put(Names.id(outer), Names.data(outer));
            seen.put("innerSawOuter", this.inner.putAndLookFor(inner, outer));
            seen.put("outerSeesInner", c.contains(Names.id(inner)));
            seen.put("outerSeesOuter", c.contains(Names.id(outer)));
        }
        throw new IllegalStateException("the outer transaction fails after the inner one committed");
    }

    /**
     * Read committed + own writes for the count and the paged list: puts {@code name}-1..3, deletes the committed
     * {@code gone}, then reports what count, list (every page of 50, and by prefix) and the committed state say.
     */
    public Map<String, Object> ownWritesInCountAndList(String name, String gone) {
        Map<String, Object> seen = new java.util.LinkedHashMap<>();
        try (RepositoryConnection c = repository.getConnection()) {
            long before = c.count();
            for (int i = 1; i <= 3; i++) {
                c.put(Names.id(name + "-" + i), Names.data(name + "-" + i));
            }
            c.delete(Names.id(gone));
            seen.put("countBefore", before);
            seen.put("countAfter", c.count());
            seen.put("committedCount", committed.count());

            java.util.Set<String> listed = new java.util.HashSet<>();
            int entries = 0;
            org.repono.api.ObjectId marker = null;
            do {
                org.repono.api.ObjectPage page = c.list(null, 50, marker);
                for (org.repono.api.ObjectEntry e : page.entries()) {
                    listed.add(e.id().toHex());
                    entries++;
                }
                marker = page.nextMarker();
            } while (marker != null);
            seen.put("listedEntries", entries);
            seen.put("listedDistinct", listed.size());
            seen.put("listsOwnPuts", listed.contains(Names.id(name + "-1").toHex())
                    && listed.contains(Names.id(name + "-2").toHex()) && listed.contains(Names.id(name + "-3").toHex()));
            seen.put("listsDeleted", listed.contains(Names.id(gone).toHex()));
            var byId = c.list(Names.id(name + "-2").toHex(), 10, null).entries();
            seen.put("byFullIdPrefix", byId.size() == 1 && byId.get(0).id().equals(Names.id(name + "-2"))
                    && byId.get(0).size() == Names.data(name + "-2").length);
            seen.put("deletedByPrefix", c.list(Names.id(gone).toHex(), 10, null).entries().size());
        }
        return seen;
    }

    @EJB
    Committed committed;

    /** A put and a message in one transaction: two XA resources, two-phase commit. */
    public void putAndSend(String name, String duplicateId) {
        putAndSend(name, duplicateId, false);
    }

    /** The same, with a put into the application's own repository ({@link Defined}) as a third resource or not. */
    public void putAndSend(String name, String duplicateId, boolean alsoDefined) {
        try (RepositoryConnection c = repository.getConnection()) {
            c.put(Names.id(name), Names.data(name));
        }
        if (alsoDefined) {
            try (RepositoryConnection c = defined.getConnection()) {
                c.put(Names.id(name), Names.data(name));
            }
        }
        try (JMSContext context = jms.createContext()) {
            TextMessage message = context.createTextMessage(name);
            message.setStringProperty("rarIt", name);
            message.setStringProperty(DUPLICATE_ID, duplicateId);
            context.createProducer().send(queue, message);
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}
