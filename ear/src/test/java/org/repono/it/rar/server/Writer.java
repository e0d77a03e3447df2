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

    /** A put and a message in one transaction: two XA resources, two-phase commit. */
    public void putAndSend(String name, String duplicateId) {
        try (RepositoryConnection c = repository.getConnection()) {
            c.put(Names.id(name), Names.data(name));
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
